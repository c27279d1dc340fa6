import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random, hashString } from './random.js';

test('the same seed gives the same sequence; another seed another', () => {
  const a = new Random(42);
  const b = new Random(42);
  const c = new Random(43);
  const seqA = Array.from({ length: 20 }, () => a.nextUint32());
  const seqB = Array.from({ length: 20 }, () => b.nextUint32());
  const seqC = Array.from({ length: 20 }, () => c.nextUint32());
  assert.deepEqual(seqA, seqB);
  assert.notDeepEqual(seqA, seqC);
  // A number seed and its text are the same seed.
  assert.equal(new Random('42').nextUint32(), seqA[0]);
});

test('forks are independent streams, fixed by seed and label', () => {
  const root = new Random('s');
  const people = root.fork('people').next();
  root.next(); // drawing from the parent does not move its forks
  assert.equal(root.fork('people').next(), people);
  assert.notEqual(root.fork('absences').next(), people);
  assert.equal(new Random('s/people').next(), people);
});

test('hashString is FNV-1a', () => {
  // Published FNV-1a 32-bit test vectors.
  assert.equal(hashString(''), 0x811c9dc5);
  assert.equal(hashString('a'), 0xe40c292c);
  assert.equal(hashString('foobar'), 0xbf9cf968);
});

test('int stays in range and reaches both ends', () => {
  const r = new Random(1);
  const seen = new Set<number>();
  for (let i = 0; i < 2000; i++) {
    const n = r.int(7);
    assert.ok(Number.isInteger(n) && n >= 0 && n < 7, `int(7) gave ${n}`);
    seen.add(n);
  }
  assert.deepEqual([...seen].sort(), [0, 1, 2, 3, 4, 5, 6]);
  assert.throws(() => r.int(0), RangeError);
});

test('weighted picks follow the weights', () => {
  const r = new Random(7);
  const counts = { a: 0, b: 0, c: 0 };
  const items = [
    { value: 'a' as const, weight: 6 },
    { value: 'b' as const, weight: 3 },
    { value: 'c' as const, weight: 1 },
  ];
  for (let i = 0; i < 20000; i++) counts[r.weighted(items)]++;
  assert.ok(Math.abs(counts.a / 20000 - 0.6) < 0.02, `a: ${counts.a}`);
  assert.ok(Math.abs(counts.b / 20000 - 0.3) < 0.02, `b: ${counts.b}`);
  assert.ok(Math.abs(counts.c / 20000 - 0.1) < 0.02, `c: ${counts.c}`);
  assert.throws(() => r.weighted([{ value: 'x', weight: 0 }]), RangeError);
});

test('shuffle returns a permutation and leaves the input alone', () => {
  const input = [1, 2, 3, 4, 5, 6, 7, 8];
  const out = new Random(3).shuffle(input);
  assert.deepEqual(input, [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual([...out].sort(), input);
  assert.notDeepEqual(out, input);
});
