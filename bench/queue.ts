// The switchboard queue with 500 waiting calls (issue 5): what joining, leaving, the serving
// order and a console snapshot cost, in the pure core and through the service (which adds
// the dispatcher, wait estimates and the queue.changed event). Prints figures; asserts nothing.
// Run: node --import tsx bench/queue.ts [waiting=500] [rounds=2000]
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CallQueue, snapshotRows, type QueuedCall } from '../src/core/queue/index.js';
import { Temporal } from '../src/core/time.js';
import { valdemarsvik } from '../src/core/policy/index.js';
import { loadConfig } from '../src/config.js';
import { openStore } from '../src/store/index.js';
import { createContext } from '../src/app.js';
import type { Clock } from '../src/http/context.js';
import type { QueueMembership } from '../src/calls/ports.js';
import type { BusEvent } from '../src/events/bus.js';

const WAITING = Number(process.argv[2] ?? 500);
const ROUNDS = Number(process.argv[3] ?? 2000);
const T0 = Temporal.Instant.from('2026-04-22T08:00:00Z');

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  const f = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);
  return `p50 ${f(q(50))}, p99 ${f(q(99))}, max ${f(s[s.length - 1]!)} (n=${s.length})`;
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

console.log(`queue bench: ${WAITING} waiting calls, ${ROUNDS} rounds; ${cpus()[0]?.model ?? 'cpu?'} x${cpus().length}, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

// ---- the pure core ------------------------------------------------------------------------
{
  const settings = { externalBeforeInternal: true, internalPromotionSeconds: 60 };
  const q = new CallQueue<QueuedCall>(settings);
  // One call every 1.5 s, a third internal: at the end the oldest internal calls are promoted.
  let n = 0;
  const call = (): QueuedCall => ({ callId: `c${n}`, priority: n % 3 === 0 ? 'internal' : 'external', enteredAt: T0.add({ milliseconds: 1500 * n++ }) });
  for (let i = 0; i < WAITING; i++) q.add(call());
  let now = T0.add({ milliseconds: 1500 * n });
  const enqueue: number[] = [];
  const dequeue: number[] = [];
  const position: number[] = [];
  const snapshot: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const c = call();
    now = c.enteredAt;
    enqueue.push(time(() => q.add(c)));
    dequeue.push(time(() => q.remove(q.first(now)!.callId)));
    const probe = `c${n - 1 - ((r * 7919) % WAITING)}`;
    position.push(time(() => q.position(probe, now)));
    if (r % 4 === 0) snapshot.push(time(() => snapshotRows(q, now)));
  }
  console.log(`core  enqueue:              ${stats(enqueue)}`);
  console.log(`core  dequeue (first+remove): ${stats(dequeue)}`);
  console.log(`core  position of one call: ${stats(position)}`);
  console.log(`core  snapshot (${q.size} rows):  ${stats(snapshot)}`);
}

// ---- through the service ----------------------------------------------------------------------
{
  const dataDir = mkdtempSync(join(tmpdir(), 'ov-queue-bench-'));
  const store = await openStore({ dataDir });
  let current = T0;
  const clock: Clock = { now: () => current };
  const ctx = createContext({ ...loadConfig({}), dataDir }, store, clock);
  const tenant = await ctx.tenants.create(structuredClone(valdemarsvik), T0);
  await ctx.switchboard.ready(tenant.id);
  let published = 0;
  let bytes = 0;
  ctx.bus.subscribe((e: BusEvent) => {
    if (e.type !== 'queue.changed') return;
    published++;
    bytes = JSON.stringify(e).length;
  });
  const members = new Map<string, QueueMembership>();
  let n = 0;
  const joinOne = () => {
    const callId = `s${n}`;
    const m = ctx.switchboard.join({
      tenantId: tenant.id, callId, queue: 'switchboard', priority: n % 3 === 0 ? 'internal' : 'external',
      caller: { number: `+4670174${String(n % 10000).padStart(4, '0')}` }, dialled: '+4649336000', enteredAt: current,
    });
    n++;
    members.set(callId, m);
  };
  for (let i = 0; i < WAITING; i++) {
    current = current.add({ milliseconds: 1500 });
    joinOne();
  }
  await new Promise((r) => setImmediate(r));
  const joins: number[] = [];
  const leaves: number[] = [];
  const positions: number[] = [];
  const snaps: number[] = [];
  const wire: number[] = [];
  const started = performance.now();
  const publishedBefore = published;
  for (let r = 0; r < ROUNDS / 4; r++) {
    current = current.add({ milliseconds: 1500 });
    joins.push(time(joinOne));
    const oldest = members.keys().next().value!;
    const m = members.get(oldest)!;
    members.delete(oldest);
    leaves.push(time(() => m.leave('abandoned')));
    const probe = [...members.values()][(r * 7919) % members.size]!;
    positions.push(time(() => probe.position()));
    // What a console gets: the snapshot (the same rows queue.changed carries), serialised once.
    const t = performance.now();
    const snap = await ctx.switchboard.snapshot(tenant.id);
    snaps.push(performance.now() - t);
    wire.push(time(() => JSON.stringify(snap)));
    await new Promise((res) => setImmediate(res));
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`service join (with dispatch):   ${stats(joins)}`);
  console.log(`service leave:                  ${stats(leaves)}`);
  console.log(`service position():             ${stats(positions)}`);
  console.log(`service snapshot (${WAITING} rows, as queue.changed and GET /api/switchboard/queue build it): ${stats(snaps)}`);
  console.log(`service snapshot JSON:          ${stats(wire)}; ${(bytes / 1024).toFixed(0)} KiB`);
  console.log(`service queue.changed: ${published - publishedBefore} events for ${ROUNDS / 2} changes in ${seconds.toFixed(1)} s (at most one per 250 ms per queue)`);
  for (const m of members.values()) m.leave('abandoned');
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
