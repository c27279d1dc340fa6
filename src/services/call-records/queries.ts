// Reading call records: a list with filters, newest first, paginated by a cursor; one call
// with its legs. Every read is limited to the actor's scope (scope.ts).
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { CallLegsTable, CallRecordsTable, Database } from '../../store/schema.js';
import type { Actor } from '../../http/context.js';
import { fromFlag } from '../../store/index.js';
import { badRequest, notFound } from '../../http/errors.js';
import { answerSeconds, parseDeviations, parseJsonOr, parseReached } from './report.js';
import { callScopeOf, functionsInUnits, peopleInUnits, unitSubtree } from './scope.js';

type CallRow = Selectable<CallRecordsTable>;
type LegRow = Selectable<CallLegsTable>;
type Eb = ExpressionBuilder<Database & { r: CallRecordsTable }, 'r'>;

export interface CallFilter {
  from?: string;
  to?: string;
  personId?: string;
  unitId?: string;
  outcome?: string;
  origin?: 'trunk' | 'internal';
  limit?: number;
  cursor?: string;
}

export function callView(r: CallRow) {
  return {
    id: r.id,
    origin: r.origin,
    trunkId: r.trunk_id,
    callerNumber: r.caller_number,
    callerPersonId: r.caller_person_id,
    dialled: r.dialled,
    reached: parseReached(r.reached_json),
    offeredAt: r.offered_at,
    firstRingAt: r.first_ring_at,
    answeredAt: r.answered_at,
    endedAt: r.ended_at,
    outcome: r.outcome,
    answeredBy: r.answered_by_person_id,
    endedBy: r.ended_by,
    /** P-SWB-1: seconds from the first ring to the first answer by a person. */
    answerSeconds: answerSeconds(r),
    switchboardOpen: r.switchboard_open === null ? null : fromFlag(r.switchboard_open),
    outsidePhoneHours: fromFlag(r.outside_phone_hours),
    presence: parseJsonOr(r.presence_json, null),
    rules: parseJsonOr(r.rules_json, []) as string[],
    deviations: parseDeviations(r.deviations_json),
  };
}

export function legView(l: LegRow) {
  return {
    id: l.id, stepIndex: l.step_index, kind: l.kind, role: l.role, personId: l.person_id, functionId: l.function_id, number: l.number,
    rule: l.rule, offeredAt: l.offered_at, ringingAt: l.ringing_at, answeredAt: l.answered_at, endedAt: l.ended_at, outcome: l.outcome,
  };
}

/** Calls that concern these people (as caller, answerer or rung) or these functions. */
function involves(eb: Eb, tenantId: string, people: string[], functions: string[]) {
  const legs = eb.selectFrom('call_legs as l').select('l.id').whereRef('l.call_id', '=', 'r.id').where('l.tenant_id', '=', tenantId);
  const terms = [];
  if (people.length > 0) {
    terms.push(eb('r.caller_person_id', 'in', people), eb('r.answered_by_person_id', 'in', people), eb.exists(legs.where('l.person_id', 'in', people)));
  }
  if (functions.length > 0) terms.push(eb.exists(legs.where('l.function_id', 'in', functions)));
  return terms.length > 0 ? eb.or(terms) : eb.val(false);
}

function encodeCursor(r: { offered_at: string; id: string }): string {
  return Buffer.from(`${r.offered_at}|${r.id}`, 'utf8').toString('base64url');
}

function decodeCursor(c: string): { at: string; id: string } {
  const [at, id] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  if (!at || !id || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(at)) {
    throw badRequest('Ogiltig sidmarkör.', 'cursor is not one this API gave out.');
  }
  return { at, id };
}

export const MAX_PAGE = 200;

/** The actor's municipality's calls, limited to what the actor may see. */
async function visibleCalls(db: Kysely<Database>, actor: Actor) {
  const tenantId = actor.tenantId;
  const scope = await callScopeOf(db, actor);
  const q = db.selectFrom('call_records as r').selectAll('r').where('r.tenant_id', '=', tenantId);
  if (!scope.people) return q;
  const people = [...scope.people];
  const functions = [...scope.functions];
  return q.where((eb) => involves(eb, tenantId, people, functions));
}

export async function listCalls(db: Kysely<Database>, actor: Actor, f: CallFilter) {
  const tenantId = actor.tenantId;
  let q = await visibleCalls(db, actor);
  if (f.personId) q = q.where((eb) => involves(eb, tenantId, [f.personId!], []));
  if (f.unitId) {
    const units = await unitSubtree(db, tenantId, f.unitId);
    const people = [...(await peopleInUnits(db, tenantId, units))];
    const functions = [...(await functionsInUnits(db, tenantId, units))];
    q = q.where((eb) => involves(eb, tenantId, people, functions));
  }
  if (f.from) q = q.where('r.offered_at', '>=', f.from);
  // A cursor's time is the one upper bound (it lies before `to`), so that the index starts at
  // the page's first row rather than at the period's end for every page.
  const c = f.cursor ? decodeCursor(f.cursor) : null;
  if (c) q = q.where('r.offered_at', '<=', c.at).where((eb) => eb.or([eb('r.offered_at', '<', c.at), eb('r.id', '<', c.id)]));
  else if (f.to) q = q.where('r.offered_at', '<', f.to);
  if (f.outcome) q = f.outcome === 'in-progress' ? q.where('r.outcome', 'is', null) : q.where('r.outcome', '=', f.outcome as never);
  if (f.origin) q = q.where('r.origin', '=', f.origin);
  const limit = Math.min(f.limit ?? 50, MAX_PAGE);
  const rows = await q.orderBy('r.offered_at', 'desc').orderBy('r.id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  return { calls: page.map(callView), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null };
}

export async function getCall(db: Kysely<Database>, actor: Actor, id: string) {
  const tenantId = actor.tenantId;
  const row = await (await visibleCalls(db, actor)).where('r.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('call');
  const legs = await db.selectFrom('call_legs').selectAll().where('tenant_id', '=', tenantId).where('call_id', '=', id).orderBy('offered_at').orderBy('step_index').execute();
  return { ...callView(row), plan: parseJsonOr(row.plan_json, []), legs: legs.map(legView) };
}
