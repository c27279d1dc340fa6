// A small directory for tests and examples: one administration with two units, a few
// functions and people with Swedish names, matters and numbers.
import type { DirectoryState, Person, ServiceFunction, Unit } from './types.js';
import type { NumberPlan } from '../numbers/index.js';

export const samplePlan: NumberPlan = {
  extensionRanges: [{ from: '2000', to: '2999' }],
  directRanges: [{ from: '013-20 62 000', to: '013-20 62 999' }],
};

export const sampleUnits: Unit[] = [
  { id: 'u-sbf', name: 'Samhällsbyggnadsförvaltningen', kind: 'administration' },
  { id: 'u-bygg', name: 'Bygglovsenheten', kind: 'unit', parentId: 'u-sbf' },
  { id: 'u-miljo', name: 'Miljöenheten', kind: 'unit', parentId: 'u-sbf' },
  { id: 'u-kansli', name: 'Ängelholmsskolan', kind: 'unit' },
];

export const sampleFunctions: ServiceFunction[] = [
  { id: 'f-bygglov', name: 'Bygglov', unitId: 'u-bygg', extension: '2100', memberIds: ['p-anna', 'p-erik'] },
  { id: 'f-exp', name: 'Expeditionen', unitId: 'u-sbf', memberIds: ['p-sara'] },
];

function person(p: Partial<Person> & Pick<Person, 'id' | 'firstName' | 'lastName'>): Person {
  return { functionIds: [], mobileExtension: false, matters: [], role: 'employee', electedMember: false, ...p };
}

export const samplePeople: Person[] = [
  person({
    id: 'p-anna',
    firstName: 'Anna',
    lastName: 'Berg',
    title: 'Bygglovshandläggare',
    unitId: 'u-bygg',
    functionIds: ['f-bygglov'],
    extension: '2345',
    directNumber: '+4613206345',
    mobileNumber: '+46701234567',
    mobileExtension: true,
    email: 'anna.berg@kommun.se',
    matters: ['bygglov', 'strandskydd', 'marklov'],
    managerId: 'p-karin',
  }),
  person({
    id: 'p-erik',
    firstName: 'Erik',
    lastName: 'Åberg',
    title: 'Byggnadsinspektör',
    unitId: 'u-bygg',
    functionIds: ['f-bygglov'],
    extension: '2346',
    email: 'erik.aberg@kommun.se',
    matters: ['tillsyn', 'ovårdade tomter'],
    managerId: 'p-karin',
  }),
  person({
    id: 'p-karin',
    firstName: 'Karin',
    lastName: 'Lindqvist',
    title: 'Enhetschef',
    unitId: 'u-bygg',
    extension: '2300',
    email: 'karin.lindqvist@kommun.se',
    role: 'manager',
  }),
  person({
    id: 'p-sara',
    firstName: 'Sara',
    lastName: 'Öberg',
    title: 'Administratör',
    unitId: 'u-sbf',
    functionIds: ['f-exp'],
    extension: '2001',
    email: 'sara.oberg@kommun.se',
    matters: ['post', 'diarium'],
    managerId: 'p-karin',
  }),
  person({
    id: 'p-mats',
    firstName: 'Mats',
    lastName: 'Andersson',
    title: 'Miljöinspektör',
    unitId: 'u-miljo',
    extension: '2400',
    email: 'mats.andersson@kommun.se',
    matters: ['livsmedelskontroll', 'buller', 'avlopp'],
  }),
  person({
    id: 'p-annb',
    firstName: 'Annika',
    lastName: 'Bergström',
    title: 'Rektor',
    unitId: 'u-kansli',
    email: 'annika.bergstrom@kommun.se',
    matters: ['skolskjuts'],
  }),
  person({
    id: 'p-lars',
    firstName: 'Lars',
    lastName: 'Nilsson',
    title: 'Kommunalråd',
    email: 'lars.nilsson@kommun.se',
    electedMember: true,
  }),
];

export const sampleDirectory: DirectoryState = { units: sampleUnits, functions: sampleFunctions, people: samplePeople };
