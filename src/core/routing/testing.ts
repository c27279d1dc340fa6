// Test helpers for routing: a small municipality on Valdemarsvik's profile, and a compact
// one-line form of each step so that scenario tables read like the plans they expect.
// Used by tests only.
import type { DirectoryState, Person, ServiceFunction, Unit } from '../directory/types.js';
import { mondayToFriday, type HoursSettings } from '../hours/index.js';
import { valdemarsvik, type MunicipalityProfile } from '../policy/index.js';
import { local } from '../presence/testing.js';
import type { Absence, DiversionTarget } from '../presence/index.js';
import type { Instant } from '../time.js';
import type { CallPlan, PlanStep } from './plan.js';
import { planCall } from './route.js';
import { SnapshotWorld, type RecordedApproval, type WorldSnapshot } from './snapshot.js';
import type { CallRequest, FunctionFacts, UnitFacts } from './world.js';

export { local };

/** Wednesday 22 April 2026, 10:00: an ordinary working day, the switchboard open. */
export const WEDNESDAY_10 = local('2026-04-22 10:00');

/** Phone hours 09:00–11:00 on weekdays (a unit that answers only in the morning). */
export function morningPhoneHours(): HoursSettings {
  return { ...valdemarsvik.switchboardHours, weekly: mondayToFriday([{ from: '09:00', to: '11:00' }]), exceptions: [] };
}

function person(id: string, extension: string, unitId: string, functionIds: string[], extra: Partial<Person> = {}): Person {
  return { id, firstName: id, lastName: 'Test', unitId, functionIds, extension, mobileExtension: false, matters: [], role: 'employee', electedMember: false, ...extra };
}

/**
 * Units: 'bygg' (building permits), 'social' (phone hours 09–11), 'skola' (reception
 * 'expedition'). People, by extension:
 *   2101 anna, 2102 bertil (mobile extension, no desk phone), 2103 cecilia: function bygglov (2200)
 *   2104 david: no phone registered, no function
 *   2105 erik, 2106 frida: function mottagning (2300), in 'social'
 *   2107 gustav, 2108 helena: function kundcenter (2201, in turn); gustav also expedition (2400)
 *   2109 ivar: 'skola', no function
 * bygglov overflows to kundcenter. Anna's direct number is 08-465 004 10.
 */
export function directory(): DirectoryState {
  const units: Unit[] = [
    { id: 'kommun', name: 'Kommunen', kind: 'administration' },
    { id: 'bygg', name: 'Bygg', kind: 'unit', parentId: 'kommun' },
    { id: 'social', name: 'Social', kind: 'unit', parentId: 'kommun' },
    { id: 'skola', name: 'Skola', kind: 'unit', parentId: 'kommun' },
  ];
  const functions: ServiceFunction[] = [
    { id: 'bygglov', name: 'Bygglov', extension: '2200', unitId: 'bygg', memberIds: ['anna', 'bertil', 'cecilia'] },
    { id: 'kundcenter', name: 'Kundcenter', extension: '2201', unitId: 'kommun', memberIds: ['gustav', 'helena'] },
    { id: 'mottagning', name: 'Mottagning', extension: '2300', unitId: 'social', memberIds: ['erik', 'frida'] },
    { id: 'expedition', name: 'Expeditionen', extension: '2400', unitId: 'skola', memberIds: ['gustav'] },
  ];
  const people: Person[] = [
    person('anna', '2101', 'bygg', ['bygglov'], { directNumber: '+46846500410' }),
    person('bertil', '2102', 'bygg', ['bygglov'], { mobileExtension: true, mobileNumber: '+46701740700' }),
    person('cecilia', '2103', 'bygg', ['bygglov']),
    person('david', '2104', 'bygg', []),
    person('erik', '2105', 'social', ['mottagning']),
    person('frida', '2106', 'social', ['mottagning']),
    person('gustav', '2107', 'kommun', ['kundcenter', 'expedition']),
    person('helena', '2108', 'kommun', ['kundcenter']),
    person('ivar', '2109', 'skola', []),
  ];
  return { units, functions, people };
}

export interface FixtureOptions {
  profile?: Partial<MunicipalityProfile>;
  absences?: Absence[];
  /** Registered contacts by person, over the default (one each; none for bertil and david). */
  registered?: Record<string, number>;
  functions?: Record<string, Partial<Pick<FunctionFacts, 'ringStrategy' | 'overflow' | 'phoneHours'>>>;
  units?: Record<string, Partial<Pick<UnitFacts, 'phoneHours' | 'receptionFunctionId'>>>;
  voicemailDisabled?: string[];
  /** People with a personal greeting; by default everyone. */
  greetings?: string[];
  nameClips?: string[];
  approvals?: RecordedApproval[];
}

/** The test municipality with `options` applied. */
export function fixture(options: FixtureOptions = {}): SnapshotWorld {
  const dir = directory();
  const registered = new Map(dir.people.map((p) => [p.id, p.id === 'bertil' || p.id === 'david' ? 0 : 1]));
  for (const [id, n] of Object.entries(options.registered ?? {})) registered.set(id, n);
  const absences = new Map<string, Absence[]>();
  for (const a of options.absences ?? []) absences.set(a.personId, [...(absences.get(a.personId) ?? []), a]);
  const snapshot: WorldSnapshot = {
    profile: { ...valdemarsvik, ...options.profile },
    directory: dir,
    functionSettings: new Map(
      Object.entries({
        bygglov: { ringStrategy: 'together', overflow: { kind: 'function', functionId: 'kundcenter' } },
        kundcenter: { ringStrategy: 'in-turn' },
        ...options.functions,
      }),
    ),
    unitSettings: new Map(
      Object.entries({
        social: { phoneHours: morningPhoneHours() },
        skola: { receptionFunctionId: 'expedition' },
        ...options.units,
      }),
    ),
    registeredContacts: registered,
    absences,
    voicemailDisabled: new Set(options.voicemailDisabled ?? []),
    greetings: new Set(options.greetings ?? dir.people.map((p) => p.id)),
    nameClips: new Set(options.nameClips ?? []),
    approvals: options.approvals ?? [],
  };
  return new SnapshotWorld(snapshot);
}

/** An absence of `personId` between two Stockholm wall-clock times. */
export function away(personId: string, reason: string, from: string, to: string, target: DiversionTarget = { kind: 'voicemail' }): Absence {
  return { id: `${personId}-${reason}-${from}`, personId, reason, start: local(from), end: local(to), target, exceptions: [], createdBy: personId, cancelled: false };
}

/** A call: from outside on the trunk, or from one of the fixture's people. */
export function callOf(dialled: string, at: Instant, from: 'external' | string = 'external'): CallRequest {
  if (from === 'external') return { caller: { number: '+46701234567' }, dialled, internal: false, at, origin: { kind: 'trunk', trunkId: 'trunk-1' } };
  return { caller: { number: from, personId: from }, dialled, internal: true, at, origin: { kind: 'internal' } };
}

export function planOf(world: SnapshotWorld, dialled: string, at: Instant = WEDNESDAY_10, from: 'external' | string = 'external'): CallPlan {
  const call = callOf(dialled, at, from);
  return planCall(call, world.at(at));
}

/** One line per step: "ring anna (sought)", "announce absence", "voicemail anna", ... */
export function summary(step: PlanStep): string {
  switch (step.kind) {
    case 'ring':
      return `ring ${step.targets.map((t) => t.personId).join('+')} (${step.role})`;
    case 'announce':
      return `announce ${step.sentence}`;
    case 'voicemail':
      return step.box.kind === 'person' ? `voicemail ${step.box.personId}` : step.box.kind === 'function' ? `voicemail function ${step.box.functionId}` : 'voicemail switchboard';
    case 'queue':
      return `queue ${typeof step.queue === 'string' ? step.queue : step.queue.functionId} ${step.priority}`;
    case 'forward':
      return `forward ${step.number}`;
    case 'phone-code':
      return `phone-code ${step.code}`;
    case 'refuse':
      return `refuse ${step.reason}`;
    case 'connect-external':
      return `connect ${step.number}`;
    default:
      return step.kind;
  }
}

export function summaries(plan: CallPlan): string[] {
  return plan.steps.map(summary);
}
