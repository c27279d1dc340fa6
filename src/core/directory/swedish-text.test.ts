import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deletions, editDistance, foldText, normalizeText, stem, swedishSortKey, tokenize, withinOneEdit } from './swedish-text.js';

test('normalising keeps å ä ö and drops other accents, one character for one', () => {
  assert.equal(normalizeText('Åsa Ängström-Öberg'), 'åsa ängström-öberg');
  assert.equal(normalizeText('André Müller'), 'andre muller');
  assert.equal(normalizeText('Søren Ærø'), 'sören ärö');
  const s = 'Zoë Ångström';
  assert.equal(normalizeText(s).length, s.length);
});

test('folding reads å ä as a and ö as o', () => {
  assert.equal(foldText('ängelholm'), 'angelholm');
  assert.equal(foldText('åsa öberg'), 'asa oberg');
});

test('tokens are words with their positions; decomposed input is composed first', () => {
  assert.deepEqual(tokenize('Bygg- och miljöenheten'), [
    { text: 'bygg', start: 0, end: 4 },
    { text: 'och', start: 6, end: 9 },
    { text: 'miljöenheten', start: 10, end: 22 },
  ]);
  assert.deepEqual(tokenize('A\u030asa'), [{ text: 'åsa', start: 0, end: 3 }]);
  assert.deepEqual(tokenize('ankn 2345'), [
    { text: 'ankn', start: 0, end: 4 },
    { text: '2345', start: 5, end: 9 },
  ]);
});

test('the stemmer strips definite, plural and genitive endings', () => {
  const cases: [string, string][] = [
    ['bygglovet', 'bygglov'],
    ['bygglovs', 'bygglov'],
    ['bygglov', 'bygglov'],
    ['frågor', 'fråg'],
    ['frågan', 'fråg'],
    ['frågorna', 'fråg'],
    ['fråga', 'fråg'],
    ['skolorna', 'skol'],
    ['bilarna', 'bil'],
    ['bilarnas', 'bil'],
    ['pojkerna', 'pojk'],
    ['barnen', 'barn'],
    ['barnens', 'barn'],
    ['barn', 'barn'], // -n after a consonant stays
    ['tomt', 'tomt'], // -t after a consonant stays
    ['äpplet', 'äppl'],
    ['äpple', 'äppl'],
    ['bo', 'bo'], // too short to strip
  ];
  for (const [word, expected] of cases) assert.equal(stem(word), expected, word);
});

test('one edit: insertion, deletion, substitution and swap of neighbours', () => {
  assert.equal(withinOneEdit('lindqvist', 'lindqvist'), true);
  assert.equal(withinOneEdit('lindqvist', 'lindqivst'), true);
  assert.equal(withinOneEdit('lindqvist', 'lindqvst'), true);
  assert.equal(withinOneEdit('lindqvist', 'lindqvisst'), true);
  assert.equal(withinOneEdit('lindqvist', 'lindkvist'), true);
  assert.equal(withinOneEdit('lindqvist', 'lindkvsit'), false);
  assert.equal(withinOneEdit('abc', 'cba'), false);
  assert.equal(withinOneEdit('ab', 'abcd'), false);
});

test('withinOneEdit agrees with the full distance on every pair of a small alphabet', () => {
  const words = ['', 'a', 'b', 'ab', 'ba', 'aa', 'abc', 'acb', 'bac', 'abb', 'abcd', 'abdc', 'bacd'];
  for (const a of words) for (const b of words) assert.equal(withinOneEdit(a, b), editDistance(a, b) <= 1, `${a} ~ ${b}`);
});

test('words one edit apart share a deletion or are one', () => {
  const pairs: [string, string][] = [
    ['berg', 'berk'],
    ['berg', 'breg'],
    ['berg', 'bergs'],
  ];
  for (const [a, b] of pairs) {
    const da = new Set([a, ...deletions(a)]);
    assert.ok([b, ...deletions(b)].some((d) => da.has(d)), `${a} ~ ${b}`);
  }
  assert.deepEqual(deletions('bygg'), ['ygg', 'bgg', 'byg']);
});

test('sort keys put å ä ö after z', () => {
  const names = ['Östlund', 'Zetterberg', 'Åkesson', 'Andersson', 'Ärlig', 'Berg'];
  assert.deepEqual(
    [...names].sort((a, b) => (swedishSortKey(a) < swedishSortKey(b) ? -1 : 1)),
    ['Andersson', 'Berg', 'Zetterberg', 'Åkesson', 'Ärlig', 'Östlund'],
  );
});
