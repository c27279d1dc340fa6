// The in-process bus: replay for reconnecting clients, superseded snapshots, gaps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventBus, type PresenceChanged } from './bus.js';

const audience = { tenantId: 't-1', roles: ['operator' as const] };
const change = (personId: string): PresenceChanged => ({
  type: 'presence.changed', personId, status: { available: false, reason: 'meeting', returnsAt: '2026-03-25T13:30:00Z' }, changedBy: 'Anna',
});

test('events are numbered; a client that reconnects gets what came after its last seq', () => {
  const bus = new EventBus();
  for (const id of ['a', 'b', 'c']) bus.publish(change(id), audience);
  assert.equal(bus.lastSeq, 3);
  assert.deepEqual(bus.since(1)?.map((e) => e.seq), [2, 3]);
  assert.deepEqual(bus.since(3), []);
});

test('past what is kept, a replay is refused (null: the client reloads)', () => {
  const bus = new EventBus({ keep: 2 });
  for (const id of ['a', 'b', 'c', 'd']) bus.publish(change(id), audience);
  assert.equal(bus.since(1), null);
  assert.deepEqual(bus.since(2)?.map((e) => e.seq), [3, 4]);
});

test('a snapshot supersedes the previous one of its key, which is then not counted as missed', () => {
  const bus = new EventBus({ keep: 2 });
  for (let i = 0; i < 5; i++) bus.publish({ type: 'queue.changed', queue: [] } as never, audience, { supersedes: 'queue:t-1' });
  assert.deepEqual(bus.since(0)?.map((e) => e.seq), [5]);
});

test('a gap (events from another server missed) ends replays across it and tells its listeners', () => {
  const bus = new EventBus();
  bus.publish(change('a'), audience);
  let told = 0;
  const off = bus.onGap(() => told++);
  bus.onGap(() => {
    throw new Error('a failing listener');
  });
  bus.gap();
  assert.equal(told, 1);
  assert.equal(bus.since(0), null, 'a client from before the gap reloads');
  bus.publish(change('b'), audience);
  assert.deepEqual(bus.since(1)?.map((e) => e.seq), [2], 'after it, replay works again');
  off();
  bus.gap();
  assert.equal(told, 1);
});
