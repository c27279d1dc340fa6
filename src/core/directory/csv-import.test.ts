import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { importDirectoryCsv, type ImportPlan } from './csv-import.js';
import { detectDelimiter } from './csv-parse.js';
import { sampleDirectory, samplePlan } from './sample-directory.js';
import type { DirectoryState } from './types.js';
import type { Result } from '../errors.js';

const empty: DirectoryState = { units: [], functions: [], people: [] };
const options = { plan: samplePlan };

function planOf(r: Result<ImportPlan>): ImportPlan {
  if (!r.ok) assert.fail(`expected a plan, got ${JSON.stringify(r.problems, null, 1)}`);
  return r.value;
}

function problemsOf(r: Result<ImportPlan>) {
  assert.ok(!r.ok, 'expected problems');
  return r.problems;
}

/** The example of docs/csv-import.md. */
const HR_EXPORT = [
  '\uFEFFförnamn;efternamn;titel;enhet;anknytning;direktnummer;mobil;mobilanknytning;epost;chef_epost;funktioner;ärenden;roll;förtroendevald',
  'Karin;Lindqvist;Enhetschef;Samhällsbyggnadsförvaltningen > Bygglovsenheten;2300;013-20 63 00;;nej;karin.lindqvist@kommun.se;;;;chef;nej',
  'Anna;Berg;Bygglovshandläggare;Samhällsbyggnadsförvaltningen > Bygglovsenheten;2345;013-20 63 45;070-123 45 67;ja;anna.berg@kommun.se;karin.lindqvist@kommun.se;Bygglov;"bygglov, strandskydd, marklov";medarbetare;nej',
  'Johan;Ek;"Handläggare; tillsyn";Samhällsbyggnadsförvaltningen > Miljöenheten;2401;;;nej;johan.ek@kommun.se;mats.wik@kommun.se;Bygglov | Tillsyn;buller;;',
  'Mats;Wik;Miljöchef;Samhällsbyggnadsförvaltningen > Miljöenheten;2400;;;nej;mats.wik@kommun.se;;;;chef;',
  'Lars;Nilsson;Kommunalråd;Kommunledningsförvaltningen;;;070-765 43 21;nej;lars.nilsson@kommun.se;;;;;ja',
].join('\r\n');

test('an HR export creates units, functions and people, with managers later in the file', () => {
  const plan = planOf(importDirectoryCsv(HR_EXPORT, empty, options));
  assert.equal(plan.delimiter, ';');
  assert.deepEqual(plan.ignoredColumns, []);

  const units = plan.units.create;
  assert.deepEqual(
    units.map((u) => [u.name, u.kind, units.find((p) => p.id === u.parentId)?.name]),
    [
      ['Samhällsbyggnadsförvaltningen', 'administration', undefined],
      ['Bygglovsenheten', 'unit', 'Samhällsbyggnadsförvaltningen'],
      ['Miljöenheten', 'unit', 'Samhällsbyggnadsförvaltningen'],
      ['Kommunledningsförvaltningen', 'unit', undefined],
    ],
  );
  assert.deepEqual(
    plan.functions.create.map((f) => f.name),
    ['Bygglov', 'Tillsyn'],
  );

  const people = plan.people.create.map((c) => c.person);
  const byEmail = new Map(people.map((p) => [p.email, p]));
  const anna = byEmail.get('anna.berg@kommun.se')!;
  assert.deepEqual(
    {
      name: [anna.firstName, anna.lastName],
      title: anna.title,
      unit: units.find((u) => u.id === anna.unitId)?.name,
      extension: anna.extension,
      directNumber: anna.directNumber,
      mobileNumber: anna.mobileNumber,
      mobileExtension: anna.mobileExtension,
      managerId: anna.managerId,
      matters: anna.matters,
      role: anna.role,
    },
    {
      name: ['Anna', 'Berg'],
      title: 'Bygglovshandläggare',
      unit: 'Bygglovsenheten',
      extension: '2345',
      directNumber: '+4613206345',
      mobileNumber: '+46701234567',
      mobileExtension: true,
      managerId: byEmail.get('karin.lindqvist@kommun.se')!.id,
      matters: ['bygglov', 'strandskydd', 'marklov'],
      role: 'employee',
    },
  );
  const johan = byEmail.get('johan.ek@kommun.se')!;
  assert.equal(johan.title, 'Handläggare; tillsyn');
  assert.equal(johan.managerId, byEmail.get('mats.wik@kommun.se')!.id, 'manager defined on a later line');
  assert.equal(johan.functionIds.length, 2);
  assert.equal(byEmail.get('lars.nilsson@kommun.se')!.electedMember, true);
  assert.equal(byEmail.get('karin.lindqvist@kommun.se')!.role, 'manager');

  // Function membership follows the people's lists.
  const bygglov = plan.functions.create.find((f) => f.name === 'Bygglov')!;
  assert.deepEqual(bygglov.memberIds, [anna.id, johan.id]);
  assert.equal(bygglov.unitId, anna.unitId, 'a new function belongs to the unit of its first member');
  assert.deepEqual(
    plan.people.create.map((c) => c.line),
    [2, 3, 4, 5, 6],
  );
});

test('rows are matched to existing people by e-mail, ignoring case; only changed fields count', () => {
  const csv = [
    'förnamn;efternamn;epost;titel;anknytning',
    'Anna;Berg;ANNA.BERG@kommun.se;Bygglovshandläggare;2345',
    'Erik;Åberg;erik.aberg@kommun.se;Bygglovsarkitekt;2346',
    'Ny;Person;ny.person@kommun.se;;2999',
  ].join('\n');
  const plan = planOf(importDirectoryCsv(csv, sampleDirectory, options));
  assert.deepEqual(plan.people.unchanged, ['p-anna']);
  assert.deepEqual(
    plan.people.update.map((u) => [u.person.id, u.changed, u.person.title, u.line]),
    [['p-erik', ['title'], 'Bygglovsarkitekt', 3]],
  );
  // Columns the file lacks leave fields alone.
  assert.deepEqual(plan.people.update[0]!.person.matters, ['tillsyn', 'ovårdade tomter']);
  assert.equal(plan.people.update[0]!.person.unitId, 'u-bygg');
  assert.deepEqual(
    plan.people.create.map((c) => [c.person.id, c.person.firstName, c.person.role]),
    [['ny-person-1', 'Ny', 'employee']],
  );
  assert.deepEqual(plan.people.notInFile, ['p-karin', 'p-sara', 'p-mats', 'p-annb', 'p-lars']);
  assert.deepEqual(plan.units.create, []);
});

test('an empty cell in a column the file has clears the field', () => {
  const csv = 'förnamn;efternamn;epost;titel;ärenden\nErik;Åberg;erik.aberg@kommun.se;;\n';
  const [update] = planOf(importDirectoryCsv(csv, sampleDirectory, options)).people.update;
  assert.deepEqual(update!.changed.sort(), ['matters', 'title']);
  assert.equal(update!.person.title, undefined);
  assert.deepEqual(update!.person.matters, []);
});

test('an Active Directory export with commas, AD attribute names and manager DNs', () => {
  const csv = [
    'dn,givenName,sn,title,department,telephoneNumber,mobile,mail,manager',
    '"CN=Berg\\, Anna,OU=Bygg,DC=kommun,DC=se",Anna,Berg,Bygglovshandläggare,Bygglovsenheten,2345,+46 70 123 45 67,anna.berg@kommun.se,"CN=Karin Lindqvist,OU=Bygg,DC=kommun,DC=se"',
    '"CN=Nils Holm,OU=Miljö,DC=kommun,DC=se",Nils,Holm,Miljöinspektör,Miljöenheten,+46 13 20 64 10,,nils.holm@kommun.se,"CN=Berg\\, Anna,OU=Bygg,DC=kommun,DC=se"',
  ].join('\r\n');
  assert.equal(detectDelimiter(csv), ',');
  const plan = planOf(importDirectoryCsv(csv, sampleDirectory, options));
  assert.equal(plan.delimiter, ',');
  assert.deepEqual(plan.ignoredColumns, ['dn']);
  assert.deepEqual(plan.units.create, [], 'single department names find units anywhere in the tree');
  const nils = plan.people.create[0]!.person;
  assert.equal(nils.unitId, 'u-miljo');
  assert.equal(nils.directNumber, '+4613206410');
  assert.equal(nils.managerId, 'p-anna', 'manager by CN "Berg, Anna"');
  assert.equal(plan.people.update.length, 0, 'Anna unchanged: telephoneNumber 2345 is her extension');
  assert.deepEqual(plan.people.unchanged, ['p-anna']);
});

test('one bad row means nothing is imported; every problem names its line, in Swedish and English', () => {
  const csv = [
    'förnamn;efternamn;epost;anknytning;mobilanknytning;roll;chef_epost',
    'Anna;Berg;anna.berg@kommun.se;2345;nej;;',
    ';Holm;nils.holm@kommun.se;2401;nej;;',
    'Eva;Ek;eva.ek@kommun;3456;kanske;chef;',
    'Per;Ek;per.ek@kommun.se;2402;nej;kung;okänd@kommun.se',
  ].join('\n');
  const problems = problemsOf(importDirectoryCsv(csv, sampleDirectory, options));
  assert.deepEqual(
    problems.map((p) => [p.line, p.code, p.field]),
    [
      [3, 'person.firstName.required', 'förnamn'],
      [4, 'csv.yesNo', 'mobilanknytning'],
      [4, 'person.email.invalid', 'epost'],
      [4, 'person.extension.outsidePlan', 'anknytning'],
      [5, 'csv.role.unknown', 'roll'],
      [5, 'csv.manager.notFound', 'chef_epost'],
    ],
  );
  assert.equal(problems[0]!.sv, 'Rad 3: Förnamn saknas.');
  assert.equal(problems[0]!.en, 'Line 3: First name is required.');
});

test('duplicate e-mails and extensions inside the file are problems naming both lines', () => {
  const csv = [
    'förnamn;efternamn;epost;anknytning',
    'Eva;Ek;eva.ek@kommun.se;2501',
    'Per;Ek;per.ek@kommun.se;2501',
    'Eva;Eklund;EVA.EK@kommun.se;2502',
  ].join('\n');
  const problems = problemsOf(importDirectoryCsv(csv, empty, options));
  assert.deepEqual(
    problems.map((p) => [p.line, p.code]),
    [
      [2, 'person.extension.taken'],
      [3, 'person.extension.taken'],
      [4, 'csv.email.duplicate'],
    ],
  );
  assert.match(problems[0]!.sv, /används redan av Per Ek \(rad 3\)/);
  assert.match(problems[2]!.sv, /finns redan på rad 2/);
});

test('an extension held by someone outside the file is taken; one moving between people in the file is not', () => {
  const taken = 'förnamn;efternamn;epost;anknytning\nNy;Person;ny@kommun.se;2300\n';
  assert.deepEqual(
    problemsOf(importDirectoryCsv(taken, sampleDirectory, options)).map((p) => p.code),
    ['person.extension.taken'],
  );
  const swap = 'förnamn;efternamn;epost;anknytning\nAnna;Berg;anna.berg@kommun.se;2346\nErik;Åberg;erik.aberg@kommun.se;2345\n';
  assert.equal(planOf(importDirectoryCsv(swap, sampleDirectory, options)).people.update.length, 2);
});

test('header problems: missing required columns and two headers for one column', () => {
  const missing = problemsOf(importDirectoryCsv('förnamn;titel\nAnna;Chef\n', empty, options));
  assert.deepEqual(
    missing.map((p) => [p.line, p.code, p.field]),
    [
      [1, 'csv.header.missing', 'efternamn'],
      [1, 'csv.header.missing', 'epost'],
    ],
  );
  const twice = problemsOf(importDirectoryCsv('förnamn;givenName;efternamn;epost\n', empty, options));
  assert.equal(twice[0]!.code, 'csv.header.duplicate');
});

test('lines are counted in the file: empty lines, quoted line breaks, wrong field counts', () => {
  const csv = ['förnamn;efternamn;epost;titel', '', 'Anna;Berg;anna@kommun.se;"Handläggare', 'bygglov"', 'Per;Ek;per@kommun.se', 'Eva;Ek;eva@kommun.se;x;y'].join('\n');
  const problems = problemsOf(importDirectoryCsv(csv, empty, options));
  assert.deepEqual(
    problems.map((p) => [p.line, p.code]),
    [
      [5, 'csv.row.fieldCount'],
      [6, 'csv.row.fieldCount'],
    ],
  );
  const ok = planOf(importDirectoryCsv(csv.split('\n').slice(0, 4).join('\n'), empty, options));
  assert.equal(ok.people.create[0]!.line, 3);
  assert.equal(ok.people.create[0]!.person.title, 'Handläggare bygglov');
});

test('broken CSV: an unclosed quote', () => {
  const [p] = problemsOf(importDirectoryCsv('förnamn;efternamn;epost\nAnna;"Berg;anna@kommun.se\n', empty, options));
  assert.equal(p!.code, 'csv.syntax.quote');
  assert.match(p!.sv, /citattecken/);
});

test('empty file and a file with only a header', () => {
  assert.equal(problemsOf(importDirectoryCsv('\uFEFF\r\n', empty, options))[0]!.code, 'csv.empty');
  const plan = planOf(importDirectoryCsv('förnamn;efternamn;epost\r\n', empty, options));
  assert.deepEqual(plan.people.create, []);
});

test('manager problems: a cycle, and an ambiguous AD name', () => {
  const cycle = ['förnamn;efternamn;epost;chef_epost', 'Eva;Ek;eva@kommun.se;per@kommun.se', 'Per;Ek;per@kommun.se;eva@kommun.se'].join('\n');
  assert.deepEqual(
    problemsOf(importDirectoryCsv(cycle, empty, options)).map((p) => [p.line, p.code]),
    [
      [2, 'csv.manager.cycle'],
      [3, 'csv.manager.cycle'],
    ],
  );
  const ambiguous = ['förnamn,efternamn,epost,manager', 'Eva,Ek,eva@kommun.se,', 'Eva,Ek,eva2@kommun.se,', 'Per,Ek,per@kommun.se,"CN=Eva Ek,OU=x"'].join('\n');
  assert.deepEqual(
    problemsOf(importDirectoryCsv(ambiguous, empty, options)).map((p) => [p.line, p.code]),
    [[4, 'csv.manager.ambiguous']],
  );
});

test('unit paths: existing levels are reused, an ambiguous single name is a problem', () => {
  const state: DirectoryState = {
    ...sampleDirectory,
    units: [...sampleDirectory.units, { id: 'u-x', name: 'Expedition', kind: 'unit', parentId: 'u-sbf' }, { id: 'u-y', name: 'Expedition', kind: 'unit', parentId: 'u-kansli' }],
  };
  const csv = 'förnamn;efternamn;epost;enhet\nEva;Ek;eva@kommun.se;Expedition\nPer;Ek;per@kommun.se;samhällsbyggnadsförvaltningen > expedition\nOla;Ek;ola@kommun.se;Samhällsbyggnadsförvaltningen > Ny enhet > Grupp A\n';
  const problems = problemsOf(importDirectoryCsv(csv, state, options));
  assert.deepEqual(
    problems.map((p) => [p.line, p.code]),
    [[2, 'csv.unit.ambiguous']],
  );
  const plan = planOf(importDirectoryCsv(csv.replace('eva@kommun.se;Expedition', 'eva@kommun.se;'), state, options));
  assert.equal(plan.people.create[1]!.person.unitId, 'u-x');
  assert.deepEqual(
    plan.units.create.map((u) => [u.name, u.kind, u.parentId]),
    [
      ['Ny enhet', 'sector', 'u-sbf'],
      ['Grupp A', 'unit', 'ny-enhet-1'],
    ],
  );
});

test('the caller gives ids for new records', () => {
  let n = 0;
  const plan = planOf(importDirectoryCsv('förnamn;efternamn;epost;enhet\nEva;Ek;eva@kommun.se;Ny\n', empty, { plan: samplePlan, newId: (kind) => `${kind}:${++n}` }));
  assert.equal(plan.people.create[0]!.person.id, 'person:1');
  assert.equal(plan.units.create[0]!.id, 'unit:2');
  assert.equal(plan.people.create[0]!.person.unitId, 'unit:2');
});

test('the examples in docs/csv-import.md import as the document says', () => {
  const doc = readFileSync(new URL('../../../docs/csv-import.md', import.meta.url), 'utf8');
  const [hr, ad] = [...doc.matchAll(/```csv\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert.equal(hr!.trim(), HR_EXPORT.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n'));
  const plan = planOf(importDirectoryCsv(hr!, empty, options));
  assert.equal(plan.units.create.length, 4);
  assert.equal(plan.people.create.length, 5);
  assert.deepEqual(
    planOf(importDirectoryCsv(ad!, sampleDirectory, options)).people.unchanged,
    ['p-anna'],
  );
});
