import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SearchIndex } from './search.js';
import { sampleFunctions, samplePeople, sampleUnits } from './sample-directory.js';
import type { Person, Unit } from './types.js';

const index = () => new SearchIndex().build(samplePeople, sampleUnits, sampleFunctions);
const ids = (idx: SearchIndex, q: string, limit = 10) => idx.search(q, limit).map((h) => h.personId);

function person(id: string, firstName: string, lastName: string, extra: Partial<Person> = {}): Person {
  return { id, firstName, lastName, functionIds: [], mobileExtension: false, matters: [], role: 'employee', electedMember: false, ...extra };
}

test('prefix type-ahead: "byg" finds the people handling bygglov', () => {
  const hits = index().search('byg');
  assert.deepEqual(
    hits.map((h) => h.personId),
    ['p-anna', 'p-erik', 'p-karin'],
  );
  // Anna and Erik are in the function Bygglov; Karin only in Bygglovsenheten.
  assert.equal(hits[0]!.matches[0]!.field, 'function');
  assert.equal(hits[0]!.matches[0]!.kind, 'prefix');
  assert.equal(hits[2]!.matches[0]!.field, 'unit');
});

test('"ann b" finds Anna Berg: every word must match, each as a prefix', () => {
  const hits = index().search('ann b');
  assert.deepEqual(
    hits.map((h) => h.personId),
    ['p-anna', 'p-annb'],
  );
  const [first, last] = hits[0]!.matches;
  assert.deepEqual(
    { field: first!.field, value: first!.value, start: first!.start, end: first!.end, kind: first!.kind },
    { field: 'firstName', value: 'Anna', start: 0, end: 3, kind: 'prefix' },
  );
  assert.equal(last!.field, 'lastName');
  assert.equal(last!.value, 'Berg');
  assert.deepEqual(ids(index(), 'anna x'), []);
});

test('exact beats prefix: "berg" puts Berg before Bergström', () => {
  const hits = index().search('berg');
  assert.equal(hits[0]!.personId, 'p-anna');
  assert.equal(hits[0]!.matches[0]!.kind, 'exact');
  assert.ok(hits.findIndex((h) => h.personId === 'p-annb') > 0);
  assert.ok(hits[0]!.score > hits[1]!.score);
});

test('case does not matter', () => {
  assert.deepEqual(ids(index(), 'ANNA BERG'), ['p-anna']);
  assert.deepEqual(ids(index(), 'Lindqvist'), ['p-karin']);
});

test('"angelholm" finds "Ängelholm" at a lower score than an exact "Angelholm"', () => {
  const units: Unit[] = [{ id: 'u1', name: 'Ängelholm', kind: 'unit' }];
  const people = [
    person('a', 'Ada', 'Ek', { unitId: 'u1' }),
    person('b', 'Bo', 'Ek', { matters: ['Angelholm'] }),
  ];
  const idx = new SearchIndex().build(people, units, []);
  const plain = idx.search('angelholm');
  assert.deepEqual(
    plain.map((h) => h.personId),
    ['b', 'a'],
  );
  assert.equal(plain[1]!.matches[0]!.folded, true);
  assert.equal(plain[1]!.matches[0]!.kind, 'exact');
  assert.equal(plain[0]!.matches[0]!.folded, false);
  // Typed with the ring, the Swedish spelling wins although unit ranks below matter.
  assert.deepEqual(
    idx.search('ängelholm').map((h) => h.personId),
    ['a', 'b'],
  );
});

test('å ä ö stay distinct from a and o in ranking: "aberg" prefers Åberg only by folding', () => {
  const people = [person('1', 'Per', 'Aberg'), person('2', 'Per', 'Åberg'), person('3', 'Per', 'Öberg')];
  const idx = new SearchIndex().build(people, [], []);
  assert.deepEqual(
    idx.search('aberg').map((h) => h.personId),
    ['1', '2', '3'],
  );
  assert.deepEqual(
    idx.search('åberg').map((h) => h.personId),
    ['2', '1', '3'],
  );
  assert.deepEqual(
    idx.search('oberg').map((h) => h.personId),
    ['3', '1', '2'],
  );
  // "oberg" finds Öberg by folding (score above typo matches), and Aberg/Åberg by one typo.
  const hits = idx.search('oberg');
  assert.deepEqual(
    hits.map((h) => h.matches[0]!.kind),
    ['exact', 'typo', 'typo'],
  );
});

test('inflected forms: "bygglovet" and "bygglovs" find bygglov by stem', () => {
  const hits = index().search('bygglovet');
  assert.deepEqual(
    hits.map((h) => h.personId),
    ['p-anna', 'p-erik'],
  );
  assert.equal(hits[0]!.matches[0]!.kind, 'stem');
  assert.equal(hits[0]!.matches[0]!.value, 'Bygglov');
  // Prefix outranks stem: "bygglovs" is the start of "bygglovsärenden".
  const idx = new SearchIndex().build([person('1', 'Eva', 'Ek', { matters: ['bygglov'] }), person('2', 'Per', 'Ek', { matters: ['bygglovsärenden'] })], [], []);
  assert.deepEqual(
    idx.search('bygglovs').map((h) => [h.personId, h.matches[0]!.kind]),
    [
      ['2', 'prefix'],
      ['1', 'stem'],
    ],
  );
});

test('plural and definite endings: -arna -erna -orna -en -et', () => {
  const people = [person('1', 'Eva', 'Ek', { matters: ['skola'] }), person('2', 'Ola', 'Ek', { matters: ['tomt'] }), person('3', 'Ida', 'Ek', { matters: ['kontor'] })];
  const idx = new SearchIndex().build(people, [], []);
  assert.deepEqual(ids(idx, 'skolorna'), ['1']);
  assert.deepEqual(ids(idx, 'skolan'), ['1']);
  assert.deepEqual(ids(idx, 'tomterna'), ['2']);
  assert.deepEqual(ids(idx, 'tomten'), ['2']);
  assert.deepEqual(ids(idx, 'kontoret'), ['3']);
  assert.equal(idx.search('skolorna')[0]!.matches[0]!.kind, 'stem');
});

test('compounds: "bygglovsfrågor" is about bygglov', () => {
  const hits = index().search('bygglovsfrågor');
  assert.deepEqual(
    hits.slice(0, 2).map((h) => h.personId),
    ['p-anna', 'p-erik'],
  );
  assert.equal(hits[0]!.matches[0]!.kind, 'compound');
});

test('one typo for words of four letters or more: swap, missing, extra, wrong letter', () => {
  for (const q of ['Lindqivst', 'Lindqvst', 'Lindqvisst', 'Lindkvist']) {
    const hits = index().search(q);
    assert.equal(hits[0]?.personId, 'p-karin', q);
    assert.equal(hits[0]!.matches[0]!.kind, 'typo', q);
  }
  // Two typos are too many; short words get no typo tolerance.
  assert.deepEqual(ids(index(), 'Lindkvsit'), []);
  assert.deepEqual(ids(index(), 'ber'), ['p-anna', 'p-annb']); // prefix only
  assert.deepEqual(ids(index(), 'mts'), []);
});

test('name matches rank before matter matches', () => {
  const people = [person('1', 'Ulla', 'Ek', { matters: ['buller'] }), person('2', 'Buller', 'Åström')];
  const idx = new SearchIndex().build(people, [], []);
  const hits = idx.search('buller');
  assert.deepEqual(
    hits.map((h) => h.personId),
    ['2', '1'],
  );
  assert.deepEqual(
    hits.map((h) => h.matches[0]!.field),
    ['firstName', 'matter'],
  );
});

test('ties are broken by last name, then first name, in Swedish order', () => {
  const people = [
    person('1', 'Bo', 'Östlund'),
    person('2', 'Bo', 'Zetterberg'),
    person('3', 'Bo', 'Åkesson'),
    person('4', 'Bo', 'Andersson'),
    person('5', 'Bob', 'Andersson'),
    person('6', 'Bo', 'Ärlig'),
  ];
  const idx = new SearchIndex().build(people, [], []);
  assert.deepEqual(ids(idx, 'bo'), ['4', '2', '3', '6', '1', '5']);
});

test('title, unit and parent unit are searchable; the own unit ranks higher', () => {
  assert.deepEqual(ids(index(), 'rektor'), ['p-annb']);
  const hits = index().search('samhällsbyggnadsförvaltningen');
  // Sara sits in the administration itself; the others in units under it.
  assert.equal(hits[0]!.personId, 'p-sara');
  assert.equal(hits[0]!.matches[0]!.field, 'unit');
  assert.equal(hits[1]!.matches[0]!.field, 'parentUnit');
  assert.equal(hits.length, 5);
});

test('matters ("ärenden") are searchable, with the matched part for highlighting', () => {
  const [hit] = index().search('strand');
  assert.equal(hit!.personId, 'p-anna');
  assert.deepEqual(hit!.matches, [{ word: 'strand', field: 'matter', value: 'strandskydd', start: 0, end: 6, kind: 'prefix', folded: false }]);
  const [erik] = index().search('tomter');
  assert.equal(erik!.matches[0]!.value, 'ovårdade tomter');
  assert.equal(erik!.matches[0]!.start, 9);
  assert.equal(erik!.matches[0]!.end, 15);
});

test('extensions are searchable by their digits', () => {
  assert.deepEqual(ids(index(), '2345'), ['p-anna']);
  assert.deepEqual(ids(index(), '234'), ['p-anna', 'p-erik']);
});

test('limit is respected and empty queries give nothing', () => {
  assert.equal(index().search('e', 2).length, 2);
  assert.deepEqual(index().search('   '), []);
  assert.deepEqual(index().search('-'), []);
  assert.deepEqual(index().search('anna', 0), []);
});

test('presenceOf attaches presence to hits without it being indexed', () => {
  const hits = index().search('anna berg', 5, (id) => (id === 'p-anna' ? 'Möte till 14:00' : 'Tillgänglig'));
  assert.equal(hits[0]!.presence, 'Möte till 14:00');
  assert.equal(index().search('anna berg')[0]!.presence, undefined);
});

test('incremental: upsert adds and changes people, remove takes them away', () => {
  const idx = index();
  idx.upsert(person('p-new', 'Birgitta', 'Ahl', { matters: ['färdtjänst'] }));
  assert.deepEqual(ids(idx, 'färdtj'), ['p-new']);
  assert.equal(idx.size, samplePeople.length + 1);

  // A new name replaces the old; the old no longer matches.
  const anna = samplePeople.find((p) => p.id === 'p-anna')!;
  idx.upsert({ ...anna, lastName: 'Forsberg', matters: ['dagvatten'] });
  assert.deepEqual(ids(idx, 'anna berg'), []);
  assert.deepEqual(ids(idx, 'anna forsb'), ['p-anna']);
  assert.deepEqual(ids(idx, 'strandskydd'), []);

  assert.equal(idx.remove('p-new'), true);
  assert.equal(idx.remove('p-new'), false);
  assert.deepEqual(ids(idx, 'färdtj'), []);
  // A slot freed by remove is reused without confusing the order.
  idx.upsert(person('p-x', 'Aaron', 'Aal'));
  assert.deepEqual(ids(idx, 'a', 2), ['p-x', 'p-mats']);
});

test('incremental: renaming a unit or changing a function reindexes its people', () => {
  const idx = index();
  idx.upsertUnit({ id: 'u-miljo', name: 'Miljö- och hälsoskyddsenheten', kind: 'unit', parentId: 'u-sbf' });
  assert.deepEqual(ids(idx, 'hälsoskydd'), ['p-mats']);
  idx.upsertFunction({ id: 'f-tillsyn', name: 'Tillsynsgruppen', memberIds: ['p-mats'] });
  assert.equal(idx.search('tillsynsgruppen')[0]?.personId, 'p-mats');
  idx.removeFunction('f-tillsyn');
  // Erik's matter "tillsyn" is still found as the head of the compound.
  assert.deepEqual(ids(idx, 'tillsynsgruppen'), ['p-erik']);
  // Moving a unit changes the units above its people; removing one takes its name away.
  idx.upsertUnit({ id: 'u-bygg', name: 'Bygglovsenheten', kind: 'unit', parentId: 'u-kansli' });
  assert.deepEqual(ids(idx, 'ängelholmsskolan'), ['p-annb', 'p-anna', 'p-karin', 'p-erik']);
  idx.removeUnit('u-miljo');
  assert.deepEqual(ids(idx, 'hälsoskydd'), []);
  assert.deepEqual(ids(idx, 'mats samhällsbyggnadsförvaltningen'), []);
  assert.deepEqual(ids(idx, 'mats andersson'), ['p-mats']);
  // Function members listed only in memberIds are found too.
  idx.upsertFunction({ ...sampleFunctions[1]!, memberIds: ['p-sara', 'p-lars'] });
  assert.deepEqual(ids(idx, 'expedition'), ['p-lars', 'p-sara']);
});
