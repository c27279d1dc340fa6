// Call records (CDRs): what call control reports while a call runs (CallRecordsPort), kept
// in call_records and call_legs for follow-up (P-FUP-1, P-FUP-2), and published on the bus
// as call.started / call.updated / call.ended for consoles and dashboards.
//
// The port answers at once: ids are made here, the rows are written behind (write-behind.ts)
// and the events go out immediately. What a running call needs to know (its first ring,
// whether a person has answered) is kept in memory until the call ends; a report about a
// call or leg this process does not know (after a restart) is still written, by id.
import type { Kysely } from 'kysely';
import type { CallerInfo, CallRecordsPort } from '../../calls/ports.js';
import type { PlanStep, Reached } from '../../core/routing/index.js';
import type { Instant } from '../../core/time.js';
import type { CallChanged } from '../../events/bus.js';
import type { AppContext } from '../../http/context.js';
import { newId, toFlag, toIso } from '../../store/index.js';
import type { CallOutcome, Database } from '../../store/schema.js';
import { WriteBehind, type Log, type WriteBehindOptions } from './write-behind.js';
import { getCall, listCalls, type CallFilter } from './queries.js';
import { callReport, type ReportQuery } from './reports.js';
import type { Actor } from '../../http/context.js';

/**
 * Steps a person or an outside party answers. Only these set the call's answered_at and
 * answered_by: voicemail and announcements answer the SIP call, but P-SWB-1 counts people.
 */
const HUMAN_KINDS: ReadonlySet<string> = new Set(['ring', 'queue', 'forward', 'connect-external']);

const STALE_CHECK_ABOVE = 5000;

interface ActiveCall {
  id: string;
  tenantId: string;
  origin: 'trunk' | 'internal';
  caller: CallerInfo;
  dialled: string;
  reached: Reached;
  offeredAt: Instant;
  firstRingAt: Instant | null;
  answeredAt: Instant | null;
  answeredBy: string | null;
  legIds: string[];
}

interface ActiveLeg {
  callId: string;
  kind: string;
}

/** The person, function and number a step concerns, when call control did not say. */
function stepSubject(step: PlanStep): { personId?: string; functionId?: string; number?: string; role: string | null } {
  switch (step.kind) {
    case 'ring': {
      const only = step.targets.length === 1 ? step.targets[0] : undefined;
      return { ...(only ? { personId: only.personId } : {}), ...(step.functionId ? { functionId: step.functionId } : {}), role: step.role };
    }
    case 'queue':
      return typeof step.queue === 'string' ? { role: 'switchboard' } : { functionId: step.queue.functionId, role: 'function' };
    case 'announce':
      return { ...(step.sentence === 'absence' ? { personId: step.data.personId } : {}), role: step.sentence };
    case 'voicemail':
      return {
        ...(step.box.kind === 'person' ? { personId: step.box.personId } : step.box.kind === 'function' ? { functionId: step.box.functionId } : {}),
        role: step.box.kind,
      };
    case 'forward':
    case 'connect-external':
      return { number: step.number, role: null };
    case 'phone-code':
      return { personId: step.personId, role: step.code };
    case 'voicemail-access':
      return { ...(step.personId ? { personId: step.personId } : {}), role: null };
    case 'refuse':
      return { role: step.reason };
    default:
      return { role: null };
  }
}

/** The people a call concerns: they, their managers, operators and admins see its events. */
function peopleOf(call: ActiveCall): string[] {
  const ids = new Set<string>();
  if (call.reached.kind === 'person') ids.add(call.reached.personId);
  if (call.caller.personId) ids.add(call.caller.personId);
  if (call.answeredBy) ids.add(call.answeredBy);
  return [...ids];
}

function reachedView(r: Reached): CallChanged['reached'] {
  return { kind: r.kind, ...(r.kind === 'person' ? { personId: r.personId } : r.kind === 'function' ? { functionId: r.functionId } : {}) };
}

export class CallRecordsService implements CallRecordsPort {
  readonly #writer: WriteBehind;
  readonly #calls = new Map<string, ActiveCall>();
  readonly #legs = new Map<string, ActiveLeg>();
  #closed = false;
  #lastSweepMs = 0;

  constructor(private readonly ctx: AppContext, opts: WriteBehindOptions & { log?: Log } = {}) {
    // The console until the server hands over its logger (useLog).
    this.#writer = new WriteBehind(() => this.db, opts.log ?? ((msg, err) => console.error(msg, err)), opts);
  }

  private get db(): Kysely<Database> {
    return this.ctx.store.db;
  }

  /** The server's logger, once it exists. */
  useLog(log: Log): void {
    this.#writer.useLog(log);
  }

  /** Everything reported so far is in the store. */
  flush(): Promise<void> {
    return this.#writer.flush();
  }

  /** A clean stop: write what is queued. Reports after this are still written, at once. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#writer.flush();
  }

  get writeStats() {
    return this.#writer.stats;
  }

  /** P-SWB-1: when the call first rang, for the switchboard's waiting times; null when it has not, or is unknown here. */
  firstRingAt(callId: string): Instant | null {
    return this.#calls.get(callId)?.firstRingAt ?? null;
  }

  #write(key: string, what: string, run: (db: Kysely<Database>) => Promise<unknown>): void {
    this.#writer.enqueue(key, what, run as never);
    if (this.#closed) void this.#writer.flush();
  }

  #publish(type: CallChanged['type'], call: ActiveCall, extra: { endedAt?: Instant; outcome?: CallOutcome } = {}): void {
    const people = peopleOf(call);
    this.ctx.bus.publish(
      {
        type,
        callId: call.id,
        origin: call.origin,
        callerNumber: call.caller.number,
        callerPersonId: call.caller.personId ?? null,
        dialled: call.dialled,
        reached: reachedView(call.reached),
        offeredAt: toIso(call.offeredAt),
        firstRingAt: call.firstRingAt ? toIso(call.firstRingAt) : null,
        answeredAt: call.answeredAt ? toIso(call.answeredAt) : null,
        answeredBy: call.answeredBy,
        endedAt: extra.endedAt ? toIso(extra.endedAt) : null,
        outcome: extra.outcome ?? null,
      },
      // Operators and admins follow every call; the people in it and their managers theirs.
      { tenantId: call.tenantId, roles: ['operator', 'admin'], personIds: people, staffOf: people },
    );
  }

  async begin(input: Parameters<CallRecordsPort['begin']>[0]): Promise<string> {
    const id = newId();
    const r = input.plan.record;
    this.#forgetStale(input.at);
    const call: ActiveCall = {
      id, tenantId: input.tenantId, origin: input.origin, caller: input.caller, dialled: input.dialled, reached: r.reached,
      offeredAt: input.at, firstRingAt: null, answeredAt: null, answeredBy: null, legIds: [],
    };
    this.#calls.set(id, call);
    const row = {
      id, tenant_id: input.tenantId, sip_call_id: input.sipCallId, origin: input.origin, trunk_id: input.trunkId ?? null,
      caller_number: input.caller.number, caller_person_id: input.caller.personId ?? null, dialled: input.dialled,
      reached_json: JSON.stringify(r.reached), offered_at: toIso(input.at), first_ring_at: null, answered_at: null, ended_at: null,
      outcome: null, answered_by_person_id: null, ended_by: null,
      switchboard_open: r.switchboardOpen === null ? null : toFlag(r.switchboardOpen),
      outside_phone_hours: toFlag(r.outsidePhoneHours),
      presence_json: r.presence ? JSON.stringify(r.presence) : null,
      rules_json: JSON.stringify(r.rules),
      deviations_json: JSON.stringify(r.deviations),
      // Instants in the steps become ISO text through their toJSON.
      plan_json: JSON.stringify(input.plan.steps),
    };
    this.#write(id, `begin ${id}`, (db) => db.insertInto('call_records').values(row).execute());
    this.#publish('call.started', call);
    return id;
  }

  async stepStarted(callId: string, input: Parameters<CallRecordsPort['stepStarted']>[1]): Promise<string> {
    const legId = newId();
    const call = this.#calls.get(callId);
    const subject = stepSubject(input.step);
    if (call) {
      this.#legs.set(legId, { callId, kind: input.step.kind });
      call.legIds.push(legId);
    }
    const tenantId = call?.tenantId;
    const at = toIso(input.at);
    const values = {
      id: legId, call_id: callId, step_index: input.stepIndex, kind: input.step.kind, role: subject.role,
      person_id: input.personId ?? subject.personId ?? null, function_id: input.functionId ?? subject.functionId ?? null,
      number: input.number ?? subject.number ?? null, rule: input.step.rule, offered_at: at, ringing_at: null, answered_at: null, ended_at: null, outcome: null,
    };
    this.#write(callId, `stepStarted ${callId}/${legId}`, async (db) => {
      const tenant = tenantId ?? (await db.selectFrom('call_records').select('tenant_id').where('id', '=', callId).executeTakeFirstOrThrow()).tenant_id;
      await db.insertInto('call_legs').values({ ...values, tenant_id: tenant }).execute();
    });
    // P-SWB-1: a caller who enters a queue is waiting for an answer from then on, as if it rang.
    if (input.step.kind === 'queue') this.#firstRing(callId, call, input.at);
    return legId;
  }

  #firstRing(callId: string, call: ActiveCall | undefined, at: Instant): void {
    if (call && call.firstRingAt) return;
    const iso = toIso(at);
    this.#write(callId, `firstRing ${callId}`, (db) =>
      db.updateTable('call_records').set({ first_ring_at: iso }).where('id', '=', callId).where('first_ring_at', 'is', null).execute(),
    );
    if (call) {
      call.firstRingAt = at;
      this.#publish('call.updated', call);
    }
  }

  /** The call a leg belongs to, when this process started the leg. */
  #callIdOf(legId: string): string | null {
    return this.#legs.get(legId)?.callId ?? null;
  }

  async legRinging(legId: string, at: Instant): Promise<void> {
    const iso = toIso(at);
    const callId = this.#callIdOf(legId);
    this.#write(callId ?? legId, `legRinging ${legId}`, (db) =>
      db.updateTable('call_legs').set({ ringing_at: iso }).where('id', '=', legId).where('ringing_at', 'is', null).execute(),
    );
    if (callId) {
      this.#firstRing(callId, this.#calls.get(callId), at);
    } else {
      // P-SWB-1: the first ring of the call, whichever leg it was.
      this.#write(legId, `firstRing via ${legId}`, (db) =>
        db.updateTable('call_records').set({ first_ring_at: iso })
          .where('id', '=', (eb) => eb.selectFrom('call_legs').select('call_id').where('id', '=', legId))
          .where('first_ring_at', 'is', null).execute(),
      );
    }
  }

  async legAnswered(legId: string, at: Instant, answeredBy?: string): Promise<void> {
    const iso = toIso(at);
    const leg = this.#legs.get(legId);
    const by = answeredBy ?? null;
    this.#write(leg?.callId ?? legId, `legAnswered ${legId}`, async (db) => {
      // A function's leg rings several people: the one who answered becomes the leg's person.
      await db.updateTable('call_legs')
        .set((eb) => ({ answered_at: iso, person_id: eb.fn.coalesce('person_id', eb.val(by)) }))
        .where('id', '=', legId).execute();
      await db.updateTable('call_records')
        .set({ answered_at: iso, answered_by_person_id: by })
        .where('id', '=', (eb) => eb.selectFrom('call_legs').select('call_id').where('id', '=', legId).where('kind', 'in', [...HUMAN_KINDS]))
        .where('answered_at', 'is', null).execute();
    });
    const call = leg ? this.#calls.get(leg.callId) : undefined;
    if (leg && call && HUMAN_KINDS.has(leg.kind) && !call.answeredAt) {
      call.answeredAt = at;
      call.answeredBy = by;
      this.#publish('call.updated', call);
    }
  }

  async legEnded(legId: string, at: Instant, outcome: string): Promise<void> {
    const iso = toIso(at);
    this.#write(this.#callIdOf(legId) ?? legId, `legEnded ${legId}`, (db) =>
      db.updateTable('call_legs').set({ ended_at: iso, outcome: outcome.slice(0, 40) }).where('id', '=', legId).execute(),
    );
  }

  async end(callId: string, input: Parameters<CallRecordsPort['end']>[1]): Promise<void> {
    const iso = toIso(input.at);
    this.#write(callId, `end ${callId}`, async (db) => {
      await db.updateTable('call_records').set({ ended_at: iso, outcome: input.outcome, ended_by: input.endedBy }).where('id', '=', callId).execute();
      // Legs call control left open ended with the call.
      await db.updateTable('call_legs').set((eb) => ({ ended_at: iso, outcome: eb.fn.coalesce('outcome', eb.val('cancelled')) }))
        .where('call_id', '=', callId).where('ended_at', 'is', null).execute();
    });
    const call = this.#calls.get(callId);
    if (!call) return;
    this.#calls.delete(callId);
    for (const l of call.legIds) this.#legs.delete(l);
    this.#publish('call.ended', call, { endedAt: input.at, outcome: input.outcome });
  }

  /**
   * A call that call control never ended (a crash in call control) must not stay in memory
   * for ever: once many are followed, those offered more than a day ago are forgotten. Their
   * rows stay as they are (no end), which the reports count as in progress.
   */
  #forgetStale(now: Instant): void {
    if (this.#calls.size < STALE_CHECK_ABOVE || now.epochMilliseconds - this.#lastSweepMs < 60_000) return;
    this.#lastSweepMs = now.epochMilliseconds;
    const cutoff = now.epochMilliseconds - 24 * 3600_000;
    for (const [id, c] of this.#calls) {
      if (c.offeredAt.epochMilliseconds >= cutoff) continue;
      this.#calls.delete(id);
      for (const l of c.legIds) this.#legs.delete(l);
    }
  }

  // Reads wait for the writes queued before them, so a list shows what was just reported.

  async list(actor: Actor, filter: CallFilter) {
    await this.flush();
    return listCalls(this.db, actor, filter);
  }

  async get(actor: Actor, id: string) {
    await this.flush();
    return getCall(this.db, actor, id);
  }

  async report(actor: Actor, query: ReportQuery) {
    await this.flush();
    return callReport(this.ctx, actor, query);
  }

  /** Calls this process is following (begun, not ended). */
  get activeCalls(): number {
    return this.#calls.size;
  }
}
