// The bus across app servers (src/events/pg-bridge.ts): two servers' buses on one PostgreSQL
// database, events published on one at a set rate, timed until the other has published them.
// Prints the delay p50/p99/max per rate and whether every event arrived, in order.
//
//   DATABASE_URL=postgres://… node --import tsx bench/events-bridge.ts [seconds=5] [rates=100,500,2000]
//
// Without DATABASE_URL it starts a throwaway PostgreSQL cluster (scripts/pg-throwaway.sh,
// which needs the Debian postgresql package) and removes it afterwards. Target: a presence
// change reaches another server's bus well inside the 100 ms a console may take for it to
// show (issue 5: p99 <= 100 ms from change to the console's DOM).
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { EventBus, type BusEvent, type PresenceChanged } from '../src/events/bus.js';
import { PgEventBridge } from '../src/events/pg-bridge.js';
import { openStore } from '../src/store/index.js';

const SECONDS = Number(process.argv[2] ?? 5);
const RATES = (process.argv[3] ?? '100,500,2000').split(',').map(Number);

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** A database to run on: DATABASE_URL's, or a throwaway cluster's. */
function database(): { url: string; stop(): void } {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: () => undefined };
  const out = execFileSync('bash', ['-c', 'source scripts/pg-throwaway.sh >/dev/null && pg_throwaway_start >&2 && echo "$TEST_DATABASE_URL $PG_THROWAWAY_DIR"'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const [url, dir] = out.split(' ');
  return { url: url!, stop: () => execFileSync('bash', ['-c', `source scripts/pg-throwaway.sh && PG_THROWAWAY_DIR=${dir} pg_throwaway_stop`], { stdio: 'ignore' }) };
}

async function main() {
  const db = database();
  // A database of its own, dropped at the end.
  const name = `ov_bench_bridge_${process.pid}`;
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(db.url);
  url.pathname = `/${name}`;
  const stores = [await openStore({ databaseUrl: url.toString() }), await openStore({ databaseUrl: url.toString() })];
  const [a, b] = [new EventBus({ keep: 10 }), new EventBus({ keep: 10 })];
  const bridges = [
    await PgEventBridge.start({ bus: a, db: stores[0]!.db, databaseUrl: url.toString(), origin: 'a' }),
    await PgEventBridge.start({ bus: b, db: stores[1]!.db, databaseUrl: url.toString(), origin: 'b' }),
  ];
  const sentAt = new Map<number, number>();
  let arrived: number[] = [];
  let order: boolean;
  let last = -1;
  b.subscribe((e: BusEvent) => {
    if (e.type !== 'presence.changed') return;
    const n = Number(e.personId.slice(2));
    const t0 = sentAt.get(n);
    if (t0 === undefined) return;
    arrived.push(performance.now() - t0);
    if (n <= last) order = false;
    last = n;
  });

  console.log(`machine: ${cpus()[0]?.model ?? '?'} x${cpus().length}, node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`two app servers' buses on one PostgreSQL database (127.0.0.1), presence changes published on A for ${SECONDS} s at each rate, timed until B published them`);
  console.log('');
  console.log('rate/s    sent  arrived  in order   delay p50 / p99 / max (ms)');
  let n = 0;
  for (const rate of RATES) {
    arrived = [];
    order = true;
    const total = rate * SECONDS;
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const id = n++;
      sentAt.set(id, performance.now());
      const change: PresenceChanged = { type: 'presence.changed', personId: `p-${id}`, status: { available: false, reason: 'meeting', returnsAt: '2026-03-25T13:30:00Z' }, changedBy: 'bench' };
      a.publish(change, { tenantId: 't', roles: ['operator'] });
    }
    const deadline = Date.now() + 10_000;
    while (arrived.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const sorted = [...arrived].sort((x, y) => x - y);
    console.log(`${String(rate).padStart(6)} ${String(total).padStart(7)} ${String(arrived.length).padStart(8)}  ${(order ? 'yes' : 'NO').padStart(8)}   ${pct(sorted, 50).toFixed(2)} / ${pct(sorted, 99).toFixed(2)} / ${(sorted.at(-1) ?? NaN).toFixed(2)}`);
  }
  await Promise.all(bridges.map((x) => x.stop()));
  await Promise.all(stores.map((s) => s.close()));
  await admin.query(`drop database ${name} with (force)`);
  await admin.end();
  db.stop();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
