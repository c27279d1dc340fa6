import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Temporal, type Instant } from '../time.js';
import { CallQueue, compareRank, type QueuedCall, type QueuePriority } from './order.js';
import { snapshotRows } from './snapshot.js';

const T0 = Temporal.Instant.from('2026-04-22T08:00:00Z');
const at = (s: number): Instant => T0.add({ milliseconds: Math.round(s * 1000) });
const call = (callId: string, priority: QueuePriority, enteredSeconds: number): QueuedCall => ({ callId, priority, enteredAt: at(enteredSeconds) });
const ids = (q: CallQueue<QueuedCall>, now: number) => q.ordered(at(now)).map((c) => c.callId);

const STANDARD = { externalBeforeInternal: true, internalPromotionSeconds: 60 };

describe('queue order', () => {
  it('P-SWB-7: an external call is served before an internal one that waited longer', () => {
    const q = new CallQueue(STANDARD);
    q.add(call('int1', 'internal', 0));
    q.add(call('ext1', 'external', 10));
    q.add(call('int2', 'internal', 11));
    q.add(call('ext2', 'external', 12));
    assert.deepEqual(ids(q, 20), ['ext1', 'ext2', 'int1', 'int2']);
    assert.equal(q.first(at(20))?.callId, 'ext1');
    assert.equal(q.position('int1', at(20)), 3);
  });

  it('P-SWB-7: first in, first out within each class', () => {
    const q = new CallQueue(STANDARD);
    for (let i = 0; i < 5; i++) q.add(call(`e${i}`, 'external', i));
    for (let i = 0; i < 5; i++) q.add(call(`i${i}`, 'internal', i));
    assert.deepEqual(ids(q, 10), ['e0', 'e1', 'e2', 'e3', 'e4', 'i0', 'i1', 'i2', 'i3', 'i4']);
  });

  it('aging: after internalPromotionSeconds an internal call goes ahead of external calls that entered after it', () => {
    const q = new CallQueue(STANDARD);
    q.add(call('ext-early', 'external', 0));
    q.add(call('int', 'internal', 5));
    q.add(call('ext-late', 'external', 30));
    assert.deepEqual(ids(q, 64.999), ['ext-early', 'ext-late', 'int'], 'not yet promoted at 59.999 s of waiting');
    assert.deepEqual(ids(q, 65), ['ext-early', 'int', 'ext-late'], 'promoted at exactly 60 s; still behind the external that entered before it');
    const rows = snapshotRows(q, at(65));
    assert.deepEqual(rows.map((r) => [r.call.callId, r.position, r.promoted, r.waitingSeconds]), [
      ['ext-early', 1, false, 65], ['int', 2, true, 60], ['ext-late', 3, false, 35],
    ]);
  });

  it('with externalBeforeInternal off, one FIFO by arrival', () => {
    const q = new CallQueue({ externalBeforeInternal: false, internalPromotionSeconds: 60 });
    q.add(call('int1', 'internal', 0));
    q.add(call('ext1', 'external', 1));
    q.add(call('int2', 'internal', 2));
    assert.deepEqual(ids(q, 3), ['int1', 'ext1', 'int2']);
    assert.equal(snapshotRows(q, at(3))[0]!.promoted, false, 'no classes, so nothing is promoted');
  });

  it('a call that reports an earlier entry than those waiting takes its place by time; equal times keep arrival order', () => {
    const q = new CallQueue(STANDARD);
    q.add(call('b', 'external', 10));
    q.add(call('c', 'external', 10));
    q.add(call('a', 'external', 5));
    assert.deepEqual(ids(q, 20), ['a', 'b', 'c']);
  });

  it('remove, has, get, size, and a call cannot wait twice', () => {
    const q = new CallQueue(STANDARD);
    q.add(call('a', 'external', 0));
    q.add(call('b', 'internal', 1));
    assert.throws(() => q.add(call('a', 'internal', 2)), /already in the queue/);
    assert.equal(q.remove('a')?.callId, 'a');
    assert.equal(q.remove('a'), undefined);
    assert.equal(q.has('b'), true);
    assert.equal(q.get('b')?.priority, 'internal');
    assert.equal(q.size, 1);
    assert.equal(q.position('a', at(3)), 0);
    assert.equal(q.first(at(3), (c) => c.callId !== 'b'), undefined);
  });

  it('rank compares the heads of different queues by class, then entry time', () => {
    const sw = new CallQueue(STANDARD);
    const fn = new CallQueue(STANDARD);
    const a = call('a', 'internal', 0);
    const b = call('b', 'external', 30);
    sw.add(a);
    fn.add(b);
    assert.ok(compareRank(fn.rank(b, at(40)), sw.rank(a, at(40))) < 0, 'external first at 40 s');
    assert.ok(compareRank(sw.rank(a, at(60)), fn.rank(b, at(60))) < 0, 'the promoted internal entered first');
    assert.throws(() => sw.rank(b, at(0)), /not in the queue/);
  });
});
