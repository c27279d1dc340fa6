import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReorderBuffer, type Released } from './jitter.js';

function feed(buffer: ReorderBuffer<number>, seqs: number[]): Released<number>[] {
  const out: Released<number>[] = [];
  for (const s of seqs) out.push(...buffer.push(s & 0xffff, s));
  out.push(...buffer.flush());
  return out;
}

// A seeded local shuffle, as networks reorder: each packet is delayed by up to `window`
// places, never more.
function shuffleLocally(xs: number[], window: number, seed: number): number[] {
  let s = seed;
  const keyed = xs.map((x, i) => {
    s = (s * 1103515245 + 12345) >>> 0;
    return { x, key: i + (s % window) + ((s >>> 8) % 1000) / 1000 };
  });
  return keyed.sort((a, b) => a.key - b.key).map((k) => k.x);
}

test('after priming with `depth` packets, in-order packets pass straight through', () => {
  const b = new ReorderBuffer<number>({ depth: 2 });
  assert.deepEqual(b.push(5, 5), []);
  assert.deepEqual(b.push(6, 6), []);
  assert.deepEqual(b.push(7, 7), [
    { seq: 0x10005, item: 5, missingBefore: 0 },
    { seq: 0x10006, item: 6, missingBefore: 0 },
    { seq: 0x10007, item: 7, missingBefore: 0 },
  ]);
  assert.deepEqual(
    b.push(8, 8).map((r) => r.item),
    [8],
  );
  assert.equal(b.size, 0);
});

test('an earlier packet arriving while priming moves the start back', () => {
  const b = new ReorderBuffer<number>({ depth: 3 });
  const out = feed(b, [102, 100, 101, 103, 104, 105]);
  assert.deepEqual(
    out.map((r) => r.item),
    [100, 101, 102, 103, 104, 105],
  );
  assert.equal(b.stats.late, 0);
});

test('shuffled, duplicated and lost packets come out in order, with the losses counted', () => {
  const seqs = Array.from({ length: 500 }, (_, i) => 1000 + i);
  const lost = new Set([1010, 1011, 1200, 1499]);
  const sent = seqs.filter((s) => !lost.has(s));
  const withDuplicates = sent.flatMap((s) => (s % 37 === 0 ? [s, s] : [s]));
  const b = new ReorderBuffer<number>({ depth: 10 });
  const out = feed(b, shuffleLocally(withDuplicates, 6, 7));
  assert.deepEqual(
    out.map((r) => r.item),
    sent,
  );
  assert.equal(b.stats.duplicates, withDuplicates.length - sent.length);
  assert.equal(b.stats.late, 0);
  assert.equal(b.stats.lost, 3, '1499 was the last one: nothing after it to reveal it');
  assert.ok(b.stats.reordered > 50);
  const gaps = out.filter((r) => r.missingBefore > 0).map((r) => [r.item, r.missingBefore]);
  assert.deepEqual(gaps, [
    [1012, 2],
    [1201, 1],
  ]);
});

test('sequence numbers wrap around 65535 -> 0 without a hiccup', () => {
  const seqs = Array.from({ length: 100 }, (_, i) => 65500 + i); // crosses the wrap
  const b = new ReorderBuffer<number>();
  const out = feed(b, shuffleLocally(seqs, 4, 3));
  assert.deepEqual(
    out.map((r) => r.item),
    seqs,
  );
  assert.equal(out[out.length - 1]!.seq - out[0]!.seq, 99);
  assert.equal(b.stats.lost, 0);
});

test('a packet later than the buffer depth is dropped as late, not played out of order', () => {
  const b = new ReorderBuffer<number>({ depth: 3 });
  const out: number[] = [];
  for (const s of [0, 1, 3, 4, 5, 2, 6]) out.push(...b.push(s, s).map((r) => r.item));
  assert.deepEqual(out, [0, 1, 3, 4, 5, 6]);
  assert.equal(b.stats.lost, 1);
  assert.equal(b.stats.late, 1);
  assert.equal(b.stats.duplicates, 0);
  b.push(5, 5);
  assert.equal(b.stats.duplicates, 1, 'a copy of a released packet is a duplicate');
});

test('a large jump restarts the buffer (the source restarted)', () => {
  const b = new ReorderBuffer<number>({ depth: 5 });
  const out = feed(b, [10, 11, 13, 30000, 30001]);
  assert.deepEqual(
    out.map((r) => r.item),
    [10, 11, 13, 30000, 30001],
  );
  assert.equal(b.stats.restarts, 1);
});
