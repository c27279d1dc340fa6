// The follow-up report (GET /api/reports/calls, P-SWB-1, P-DIV-1, P-GRP-1, P-FUP-2) over a
// year of a municipality's calls in the embedded store (SQLite): how long the whole
// municipality's report takes for an admin, and one unit's for its manager, and how much of
// the time the event loop was unavailable (the report reads in pages of 2 000 rows).
//
//   node --import tsx bench/call-report.ts [calls per day=1000] [days=365]
//
// The demo municipality's people; calls spread over working hours: a third to the
// switchboard, the rest to people (some absent, some unanswered) and functions.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createContext } from '../src/app.js';
import { openStore, newId } from '../src/store/index.js';
import { loadDemoIfEmpty } from '../src/services/tenants/demo-loader.js';
import { Temporal } from '../src/core/time.js';
import type { Actor } from '../src/http/context.js';
import { withLoopGap } from './loop-gap.js';

const PER_DAY = Number(process.argv[2] ?? 1000);
const DAYS = Number(process.argv[3] ?? 365);

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ov-bench-report-'));
  const store = await openStore({ dataDir });
  const ctx = createContext({ ...loadConfig({}), dataDir }, store);
  await loadDemoIfEmpty(ctx);
  const tenant = (await ctx.tenants.all())[0]!;
  const people = await store.db.selectFrom('people').select(['id', 'unit_id', 'role']).where('tenant_id', '=', tenant.id).execute();
  const functions = await store.db.selectFrom('functions').select('id').where('tenant_id', '=', tenant.id).execute();
  const manager = people.find((p) => p.role === 'manager')!;
  const end = Temporal.Instant.from('2026-11-20T16:00:00Z');
  const start = end.subtract({ hours: 24 * DAYS });

  console.log(`machine: ${cpus()[0]?.model ?? '?'} x${cpus().length}, node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const loadStart = performance.now();
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const total = PER_DAY * DAYS;
  const batch: Record<string, unknown>[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await store.db.insertInto('call_records').values(batch as never).execute();
    batch.length = 0;
  };
  for (let i = 0; i < total; i++) {
    const offered = start.add({ milliseconds: Math.floor((i / total) * DAYS * 86_400_000) });
    const r = rnd();
    const person = people[Math.floor(rnd() * people.length)]!;
    const reached = r < 0.33 ? { kind: 'switchboard' } : r < 0.85 ? { kind: 'person', personId: person.id } : { kind: 'function', functionId: functions[Math.floor(rnd() * functions.length)]?.id ?? 'none' };
    const answered = rnd() < 0.8;
    const ring = offered.add({ milliseconds: 300 });
    batch.push({
      id: newId(), tenant_id: tenant.id, sip_call_id: null, origin: rnd() < 0.7 ? 'trunk' : 'internal', trunk_id: null,
      caller_number: '+46701740610', caller_person_id: null, dialled: '2000', reached_json: JSON.stringify(reached),
      offered_at: offered.toString(), first_ring_at: ring.toString(), answered_at: answered ? ring.add({ seconds: Math.floor(rnd() * 30) }).toString() : null,
      ended_at: ring.add({ seconds: 90 }).toString(), outcome: answered ? 'answered' : 'abandoned', answered_by_person_id: answered && reached.kind === 'person' ? person.id : null,
      ended_by: 'caller', switchboard_open: 1, outside_phone_hours: 0,
      presence_json: JSON.stringify({ state: rnd() < 0.8 ? 'available' : 'absent' }), rules_json: '[]',
      deviations_json: rnd() < 0.05 ? JSON.stringify([{ code: 'unreachable-undiverted', rule: 'P-DIV-1' }]) : '[]', plan_json: '{}',
    });
    if (batch.length === 500) await flush();
  }
  await flush();
  console.log(`${total} call records over ${DAYS} days written in ${((performance.now() - loadStart) / 1000).toFixed(1)} s (${people.length} people, ${functions.length} functions)`);

  const admin: Actor = { kind: 'token', id: 'bench', personId: null, tenantId: tenant.id, role: 'admin' };
  const boss: Actor = { kind: 'person', id: manager.id, personId: manager.id, tenantId: tenant.id, role: 'manager' };
  const run = async (what: string, actor: Actor, query: Parameters<typeof ctx.callRecords.report>[1]) => {
    const { value: report, ms, gap } = await withLoopGap(() => ctx.callRecords.report(actor, query));
    const counted = (report.calls?.total ?? 0) + (report.switchboard?.total ?? 0);
    console.log(`${what.padEnd(44)} ${(ms / 1000).toFixed(2).padStart(6)} s, longest event-loop gap ${gap.toFixed(0).padStart(4)} ms (${counted} calls counted)`);
  };
  await run('admin, whole municipality, the year', admin, { from: start, to: end });
  await run('admin, whole municipality, last 30 days', admin, { from: end.subtract({ hours: 24 * 30 }), to: end });
  await run('manager, own units, the year', boss, { from: start, to: end });
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
