import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  OTHER_ORIGINS,
  SWEDISH_MEN,
  SWEDISH_SURNAMES_TOP,
  SWEDISH_WOMEN,
  drawName,
  emailLocalPart,
} from './names.js';
import { Random } from './random.js';
import { EmailRegistry } from './staff.js';

test('e-mail local parts: lower case, å→a ä→a ö→o é→e', () => {
  assert.equal(emailLocalPart('Åsa', 'Öberg'), 'asa.oberg');
  assert.equal(emailLocalPart('Mäj', 'Ström'), 'maj.strom');
  assert.equal(emailLocalPart('Linnéa', 'Rosén'), 'linnea.rosen');
  assert.equal(emailLocalPart('Helén', 'Åkerman'), 'helen.akerman');
});

test('e-mail local parts: other letters and hyphens', () => {
  assert.equal(emailLocalPart('Emir', 'Hodžić'), 'emir.hodzic');
  assert.equal(emailLocalPart('Łukasz', 'Wójcik'), 'lukasz.wojcik');
  assert.equal(emailLocalPart('Søren', 'Ærø'), 'soren.aero');
  assert.equal(emailLocalPart('Ann-Marie', 'Ek'), 'ann-marie.ek');
  assert.equal(emailLocalPart('Anna Karin', "O'Neill"), 'anna-karin.oneill');
});

test('duplicate names are disambiguated with a number; the first keeps the plain address', () => {
  const reg = new EmailRegistry('valdemarsvik.example');
  assert.equal(reg.assign('Anna', 'Andersson'), 'anna.andersson@valdemarsvik.example');
  assert.equal(reg.assign('Anna', 'Andersson'), 'anna.andersson2@valdemarsvik.example');
  assert.equal(reg.assign('Anna', 'Andersson'), 'anna.andersson3@valdemarsvik.example');
  // Names that differ only by å/a meet in the same address.
  assert.equal(reg.assign('Åsa', 'Berg'), 'asa.berg@valdemarsvik.example');
  assert.equal(reg.assign('Asa', 'Berg'), 'asa.berg2@valdemarsvik.example');
});

test('name lists are ranked like SCB: Anna and Lars first, Andersson and Johansson first', () => {
  const top = (l: { value: string; weight: number }[]): string[] =>
    [...l].sort((a, b) => b.weight - a.weight).slice(0, 2).map((x) => x.value);
  assert.deepEqual(top(SWEDISH_WOMEN), ['Anna', 'Eva']);
  assert.deepEqual(top(SWEDISH_MEN), ['Lars', 'Anders']);
  assert.deepEqual(top(SWEDISH_SURNAMES_TOP), ['Andersson', 'Johansson']);
  const all = [...SWEDISH_WOMEN, ...SWEDISH_MEN, ...SWEDISH_SURNAMES_TOP];
  assert.equal(new Set(all.map((x) => x.value)).size, all.length, 'no name listed twice');
  assert.ok(all.every((x) => x.weight > 0));
});

test('drawn names follow the shares asked for', () => {
  const rng = new Random('names');
  const n = 20000;
  let women = 0;
  let other = 0;
  let son = 0;
  let swedish = 0;
  const first = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const name = drawName(rng, { womenShare: 0.7, otherOriginShare: 0.15 });
    if (name.gender === 'woman') women++;
    if (name.origin !== 'swedish') other++;
    else {
      swedish++;
      if (name.lastName.endsWith('son')) son++;
      first.set(name.firstName, (first.get(name.firstName) ?? 0) + 1);
    }
  }
  assert.ok(Math.abs(women / n - 0.7) < 0.015, `women ${women / n}`);
  assert.ok(Math.abs(other / n - 0.15) < 0.015, `other origins ${other / n}`);
  // About a third of Swedish-born people carry a -son name; far from all of them.
  assert.ok(son / swedish > 0.25 && son / swedish < 0.45, `-son share ${son / swedish}`);
  const ranked = [...first].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  assert.equal(ranked[0], 'Anna');
  assert.ok(ranked.slice(0, 5).includes('Eva') && ranked.slice(0, 5).includes('Maria'), ranked.slice(0, 5).join());
});

test('people of other origins draw first names and, mostly, surnames from one origin', () => {
  const rng = new Random('origins');
  for (let i = 0; i < 2000; i++) {
    const name = drawName(rng, { womenShare: 0.5, otherOriginShare: 1 });
    const origin = OTHER_ORIGINS.find((o) => o.id === name.origin);
    assert.ok(origin !== undefined, name.origin);
    assert.ok((name.gender === 'woman' ? origin.women : origin.men).includes(name.firstName), `${name.firstName} (${origin.id})`);
    if (name.gender === 'man') assert.ok(origin.surnames.includes(name.lastName), `${name.lastName} (${origin.id})`);
  }
});

test('the long tail keeps rare surnames rare', () => {
  const rng = new Random('tail');
  const counts = new Map<string, number>();
  for (let i = 0; i < 10000; i++) {
    const { lastName } = drawName(rng, { womenShare: 0.5, otherOriginShare: 0 });
    counts.set(lastName, (counts.get(lastName) ?? 0) + 1);
  }
  // Andersson is common; below the top list no surname comes near it.
  const andersson = counts.get('Andersson') ?? 0;
  assert.ok(andersson > 250, `Andersson ${andersson}`);
  assert.ok(counts.size > 400, `only ${counts.size} distinct surnames`);
  assert.ok([...counts.values()].filter((c) => c > andersson / 4).length < 20, 'a long tail, not a short list');
});
