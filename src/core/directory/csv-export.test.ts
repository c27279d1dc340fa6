import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportDirectoryCsv } from './csv-export.js';
import { importDirectoryCsv } from './csv-import.js';
import { sampleDirectory, samplePeople, samplePlan } from './sample-directory.js';
import type { DirectoryState, Person } from './types.js';

const options = { plan: samplePlan };

test('export writes the import format: Swedish headers, ";", BOM, CRLF, people in Swedish order', () => {
  const csv = exportDirectoryCsv(sampleDirectory);
  assert.ok(csv.startsWith('\uFEFFförnamn;efternamn;titel;enhet;anknytning;direktnummer;mobil;mobilanknytning;epost;chef_epost;funktioner;ärenden;roll;förtroendevald\r\n'));
  const lines = csv.slice(1).split('\r\n');
  assert.equal(lines.at(-1), '');
  assert.deepEqual(
    lines.slice(1, -1).map((l) => l.split(';')[1]),
    ['Andersson', 'Berg', 'Bergström', 'Lindqvist', 'Nilsson', 'Åberg', 'Öberg'],
  );
  assert.equal(
    lines[2],
    'Anna;Berg;Bygglovshandläggare;Samhällsbyggnadsförvaltningen > Bygglovsenheten;2345;013-20 63 45;070-123 45 67;ja;anna.berg@kommun.se;karin.lindqvist@kommun.se;Bygglov;bygglov, strandskydd, marklov;medarbetare;nej',
  );
  assert.ok(!exportDirectoryCsv(sampleDirectory, { bom: false, delimiter: ',' }).startsWith('\uFEFF'));
});

test('round trip: an export imported into the same directory changes nothing', () => {
  const plan = importDirectoryCsv(exportDirectoryCsv(sampleDirectory), sampleDirectory, options);
  assert.ok(plan.ok, JSON.stringify(!plan.ok && plan.problems));
  assert.deepEqual(plan.value.people.update, []);
  assert.deepEqual(plan.value.people.create, []);
  assert.deepEqual(plan.value.units.create, []);
  assert.deepEqual(plan.value.functions, { create: [], update: [] });
  assert.deepEqual(plan.value.people.unchanged.sort(), samplePeople.map((p) => p.id).sort());
});

test('round trip into an empty directory, with commas, and back out gives the same file', () => {
  const first = exportDirectoryCsv(sampleDirectory, { delimiter: ',' });
  const plan = importDirectoryCsv(first, { units: [], functions: [], people: [] }, options);
  assert.ok(plan.ok, JSON.stringify(!plan.ok && plan.problems));
  const { units, functions, people } = plan.value;
  const rebuilt: DirectoryState = { units: units.create, functions: functions.create, people: people.create.map((c) => c.person) };
  assert.equal(exportDirectoryCsv(rebuilt, { delimiter: ',' }), first);
});

test('quotes, separators, line breaks and formula-like text survive the round trip', () => {
  const tricky: Person = {
    ...samplePeople[0]!,
    title: '=HYPERLINK("http://x";"klicka")',
    lastName: 'Berg; "Bergis"',
    matters: ['-minus', '@at', 'vanlig'],
  };
  const state = { ...sampleDirectory, people: [tricky] };
  const csv = exportDirectoryCsv(state);
  assert.match(csv, /;"'=HYPERLINK\(""http:\/\/x"";""klicka""\)";/);
  assert.match(csv, /"Berg; ""Bergis"""/);
  const plan = importDirectoryCsv(csv, { ...state, people: [{ ...tricky, managerId: undefined }] }, options);
  assert.ok(plan.ok, JSON.stringify(!plan.ok && plan.problems));
  assert.deepEqual(plan.value.people.unchanged, [tricky.id]);
});
