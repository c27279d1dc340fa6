// GET /api/reports/calls: loads the period's call records page by page and adds them up
// (report.ts). Who gets which part (least privilege):
// - admins: everything, for the whole municipality or one unit (with the units below it);
// - operators: the switchboard part only (calls to the main number and the operator
//   extension: P-SWB-1 answer times, abandoned calls, external and internal);
// - managers: their own units (where their staff work, P-FUP-2): calls to their staff and
//   functions, deviations per person and unit, voicemail; per-person rows only for staff.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Actor, AppContext } from '../../http/context.js';
import type { Instant } from '../../core/time.js';
import { toIso } from '../../store/index.js';
import { forbidden } from '../../http/errors.js';
import {
  CallStatsAcc, addCounts, countCall, emptyCounts, parseDeviations, parseReached, wasAvailable,
  type CallStats, type FollowUpCounts, type ReportCallRow,
} from './report.js';
import { callScopeOf, functionsInUnits, peopleInUnits, unitSubtree } from './scope.js';

/**
 * Rows per page: about 5 ms of reading and adding up. The embedded store (better-sqlite3)
 * answers synchronously, so a page holds the event loop, which must keep pacing calls' media.
 */
const PAGE = 250;

export interface ReportQuery {
  from: Instant;
  to: Instant;
  unitId?: string;
}

export interface CallReport {
  from: string;
  to: string;
  /** P-SWB-1's target: the profile's ring time (four rings). */
  targetSeconds: number;
  scope: { unitId: string | null; units: string[] | null };
  /** Calls to the switchboard (admins without a unit, operators). */
  switchboard?: CallStats;
  /** Calls to the people and functions in scope (everything, for admins without a unit). */
  calls?: CallStats;
  people?: Array<{ personId: string; name: string; unitId: string | null } & FollowUpCounts>;
  units?: Array<{ unitId: string; name: string } & FollowUpCounts>;
  functions?: Array<{ functionId: string; name: string; unitId: string | null } & FollowUpCounts>;
  voicemail?: { messages: number; byBox: { person: number; function: number; switchboard: number } };
}

interface Population {
  /** null: every call and person of the municipality. */
  people: Set<string> | null;
  functions: Set<string> | null;
  units: Set<string> | null;
  switchboard: boolean;
  followUp: boolean;
}

async function populationOf(db: Kysely<Database>, actor: Actor, unitId: string | undefined): Promise<Population> {
  const t = actor.tenantId;
  if (actor.role === 'operator') {
    if (unitId) throw forbidden('Operators see the switchboard part of the report, not units.');
    return { people: new Set(), functions: new Set(), units: new Set(), switchboard: true, followUp: false };
  }
  if (actor.role === 'admin') {
    if (!unitId) return { people: null, functions: null, units: null, switchboard: true, followUp: true };
    const units = await unitSubtree(db, t, unitId);
    return { people: await peopleInUnits(db, t, units), functions: await functionsInUnits(db, t, units), units, switchboard: false, followUp: true };
  }
  if (actor.role === 'manager') {
    const scope = await callScopeOf(db, actor);
    const own = scope.units ?? new Set<string>();
    if (unitId && !own.has(unitId)) throw forbidden(`Unit ${unitId} is not one of this manager's units.`);
    const units = unitId ? await unitSubtree(db, t, unitId) : own;
    const inUnits = await peopleInUnits(db, t, units);
    const people = new Set([...(scope.people ?? [])].filter((p) => inUnits.has(p)));
    return { people, functions: await functionsInUnits(db, t, units), units, switchboard: false, followUp: true };
  }
  throw forbidden('Reports are for managers, operators and admins.');
}

/**
 * A turn for everything else (RTP, SIP, other requests) between two queries: the embedded
 * store answers synchronously, and awaiting it alone never leaves the microtask queue.
 */
const aTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The period's calls, oldest first, in pages (a year of a large municipality does not fit one query). */
async function* callRows(db: Kysely<Database>, tenantId: string, from: string, to: string): AsyncGenerator<ReportCallRow> {
  let after: { at: string; id: string } | null = null;
  while (true) {
    const lower: string = after ? after.at : from;
    let q = db.selectFrom('call_records')
      .select(['id', 'origin', 'caller_person_id', 'reached_json', 'offered_at', 'first_ring_at', 'answered_at', 'outcome', 'answered_by_person_id', 'presence_json', 'deviations_json'])
      // One lower bound, so that the index on (tenant_id, offered_at) starts at the page's first
      // row: with the period's start beside it (or an OR alone) every page read the period from
      // its start, and a year's report took minutes.
      .where('tenant_id', '=', tenantId).where('offered_at', '>=', lower).where('offered_at', '<', to);
    if (after) {
      const a = after;
      q = q.where((eb) => eb.or([eb('offered_at', '>', a.at), eb('id', '>', a.id)]));
    }
    const rows = await q.orderBy('offered_at').orderBy('id').limit(PAGE).execute();
    yield* rows;
    if (rows.length < PAGE) return;
    await aTurn();
    const last = rows[rows.length - 1]!;
    after = { at: last.offered_at, id: last.id };
  }
}

/** Calls (id, person) whose ring leg for that person ended unanswered: 'no-answer'. */
async function ringOuts(db: Kysely<Database>, tenantId: string, callIds: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < callIds.length; i += 500) {
    const rows = await db.selectFrom('call_legs').select(['call_id', 'person_id'])
      .where('tenant_id', '=', tenantId).where('call_id', 'in', callIds.slice(i, i + 500)).where('kind', '=', 'ring').where('outcome', '=', 'no-answer').execute();
    for (const r of rows) if (r.person_id) out.add(`${r.call_id}|${r.person_id}`);
    await aTurn();
  }
  return out;
}

const inSet = (set: Set<string> | null, id: string | undefined | null): boolean => !!id && (set === null || set.has(id));

export async function callReport(ctx: AppContext, actor: Actor, query: ReportQuery): Promise<CallReport> {
  const db = ctx.store.db;
  const t = actor.tenantId;
  const pop = await populationOf(db, actor, query.unitId);
  const tenant = await ctx.tenants.get(t);
  const target = tenant.profile.ringTimeSeconds;
  const from = toIso(query.from);
  const to = toIso(query.to);

  const switchboard = new CallStatsAcc(target);
  const calls = new CallStatsAcc(target);
  const perPerson = new Map<string, FollowUpCounts>();
  const perFunction = new Map<string, FollowUpCounts>();
  const counts = (m: Map<string, FollowUpCounts>, id: string) => {
    let c = m.get(id);
    if (!c) m.set(id, (c = emptyCounts()));
    return c;
  };
  // P-DIV-1 candidates: a present person's call that they did not answer.
  const candidates = new Map<string, string>();

  for await (const row of callRows(db, t, from, to)) {
    const reached = parseReached(row.reached_json);
    if (pop.switchboard && reached.kind === 'switchboard') switchboard.add(row);
    if (!pop.followUp) continue;
    const toPerson = reached.kind === 'person' && inSet(pop.people, reached.personId);
    const toFunction = reached.kind === 'function' && inSet(pop.functions, reached.functionId);
    if (pop.people === null || toPerson || toFunction) calls.add(row);
    if (toPerson) {
      countCall(counts(perPerson, reached.personId!), row, target);
      if (row.outcome && row.answered_by_person_id !== reached.personId && wasAvailable(row.presence_json)) candidates.set(row.id, reached.personId!);
    }
    if (toFunction) countCall(counts(perFunction, reached.functionId!), row, target);
    for (const d of parseDeviations(row.deviations_json)) {
      if (d.code === 'unreachable-undiverted' && inSet(pop.people, d.personId)) counts(perPerson, d.personId!).unreachableUndiverted++;
      if (d.code === 'nobody-available' && inSet(pop.functions, d.functionId)) counts(perFunction, d.functionId!).nobodyAvailable++;
    }
  }

  const report: CallReport = {
    from, to, targetSeconds: target,
    scope: { unitId: query.unitId ?? null, units: pop.units ? [...pop.units].sort() : null },
  };
  if (pop.switchboard) report.switchboard = switchboard.result();
  if (!pop.followUp) return report;

  const rang = await ringOuts(db, t, [...candidates.keys()]);
  for (const [callId, personId] of candidates) if (rang.has(`${callId}|${personId}`)) counts(perPerson, personId).unansweredWhileAvailable++;

  const byBox = { person: 0, function: 0, switchboard: 0 };
  const vm = await db.selectFrom('voicemail_messages').select(['box_kind', 'person_id', 'function_id'])
    .where('tenant_id', '=', t).where('received_at', '>=', from).where('received_at', '<', to).execute();
  for (const m of vm) {
    if (m.box_kind === 'person' && inSet(pop.people, m.person_id)) {
      byBox.person++;
      counts(perPerson, m.person_id!).voicemailMessages++;
    } else if (m.box_kind === 'function' && inSet(pop.functions, m.function_id)) {
      byBox.function++;
      counts(perFunction, m.function_id!).voicemailMessages++;
    } else if (m.box_kind === 'switchboard' && pop.people === null) {
      byBox.switchboard++;
    }
  }

  const people = await db.selectFrom('people').select(['id', 'first_name', 'last_name', 'unit_id']).where('tenant_id', '=', t).execute();
  const functions = await db.selectFrom('functions').select(['id', 'name', 'unit_id']).where('tenant_id', '=', t).execute();
  const units = await db.selectFrom('units').select(['id', 'name']).where('tenant_id', '=', t).execute();
  const personById = new Map(people.map((p) => [p.id, p]));
  const functionById = new Map(functions.map((f) => [f.id, f]));
  const perUnit = new Map<string, FollowUpCounts>();
  const addToUnit = (unitId: string | null | undefined, c: FollowUpCounts) => {
    if (unitId && (pop.units === null || pop.units.has(unitId))) addCounts(counts(perUnit, unitId), c);
  };
  for (const [id, c] of perPerson) addToUnit(personById.get(id)?.unit_id, c);
  for (const [id, c] of perFunction) addToUnit(functionById.get(id)?.unit_id, c);
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'sv');

  report.calls = calls.result();
  report.people = [...perPerson].map(([personId, c]) => {
    const p = personById.get(personId);
    return { personId, name: p ? `${p.first_name} ${p.last_name}` : personId, unitId: p?.unit_id ?? null, ...c };
  }).sort(byName);
  report.functions = [...perFunction].map(([functionId, c]) => {
    const f = functionById.get(functionId);
    return { functionId, name: f?.name ?? functionId, unitId: f?.unit_id ?? null, ...c };
  }).sort(byName);
  const unitNames = new Map(units.map((u) => [u.id, u.name]));
  report.units = [...perUnit].map(([unitId, c]) => ({ unitId, name: unitNames.get(unitId) ?? unitId, ...c })).sort(byName);
  report.voicemail = { messages: byBox.person + byBox.function + byBox.switchboard, byBox };
  return report;
}
