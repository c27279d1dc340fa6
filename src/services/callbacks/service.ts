// Messages and call-backs as a service (P-CB-1..3, P-SWB-5): a message creates a call-back
// for a person with its working-day deadline; the person (or their manager, audited) marks it
// done or re-plans it; overdue call-backs escalate to the manager.
import type { Kysely, Selectable } from 'kysely';
import type { CallbacksTable, Database } from '../../store/schema.js';
import { fromIso, fromIsoOrNull, newId, toIso, toIsoOrNull } from '../../store/index.js';
import {
  completeCallback,
  createCallback,
  escalations,
  markHeard,
  replanCallback,
  summary,
  type Callback,
  type CallbackOutcome,
  type CallbackSource,
  type Caller,
  type Replan,
} from '../../core/callbacks/index.js';
import { DomainError, type Result } from '../../core/errors.js';
import type { Instant } from '../../core/time.js';
import type { Actor, AppContext } from '../../http/context.js';
import { forbidden, notFound } from '../../http/errors.js';
import { audit } from '../audit/audit.js';
import { managerChain } from '../presence/service.js';
import { visiblePersonIds } from '../directory/lookup.js';

type Row = Selectable<CallbacksTable>;

interface StoredReplan {
  at: string;
  by: string;
  agreedAt: string;
  note: string;
  previousDue: string;
}

export function callbackFromRow(r: Row): Callback {
  const caller: Caller = {};
  if (r.caller_name) caller.name = r.caller_name;
  if (r.caller_number) caller.number = r.caller_number;
  if (r.caller_email) caller.email = r.caller_email;
  const replans: Replan[] = (JSON.parse(r.history_json) as StoredReplan[]).map((h) => ({
    at: fromIso(h.at), by: h.by, agreedAt: fromIso(h.agreedAt), note: h.note, previousDue: fromIso(h.previousDue),
  }));
  const cb: Callback = {
    id: r.id,
    personId: r.person_id,
    unitId: r.unit_id ?? '',
    caller,
    concerns: r.subject,
    receivedAt: fromIso(r.received_at),
    source: r.source as CallbackSource,
    firstDue: fromIso(r.first_due_at),
    due: fromIso(r.due_at),
    status: r.status as Callback['status'],
    replans,
  };
  if (r.taken_by) cb.takenBy = r.taken_by;
  if (r.done_at && r.outcome) {
    cb.completion = { outcome: r.outcome as CallbackOutcome, doneAt: fromIso(r.done_at), by: r.done_by ?? '', ...(r.note ? { note: r.note } : {}) };
  }
  const heard = fromIsoOrNull(r.heard_at);
  if (heard) cb.heardAt = heard;
  const escalated = fromIsoOrNull(r.escalated_at);
  if (escalated) cb.escalatedAt = escalated;
  return cb;
}

function rowValues(cb: Callback) {
  const history: StoredReplan[] = cb.replans.map((h) => ({
    at: toIso(h.at), by: h.by, agreedAt: toIso(h.agreedAt), note: h.note, previousDue: toIso(h.previousDue),
  }));
  return {
    status: cb.status,
    due_at: toIso(cb.due),
    outcome: cb.completion?.outcome ?? null,
    note: cb.completion?.note ?? null,
    done_at: toIsoOrNull(cb.completion?.doneAt),
    done_by: cb.completion?.by ?? null,
    heard_at: toIsoOrNull(cb.heardAt),
    escalated_at: toIsoOrNull(cb.escalatedAt),
    history_json: JSON.stringify(history),
  };
}

function orThrow<T>(r: Result<T>): T {
  if (!r.ok) throw new DomainError(r.problems);
  return r.value;
}

export interface MessageInput {
  caller: Caller;
  concerns: string;
  source: CallbackSource;
  receivedAt?: Instant;
  recordingPath?: string;
  /** Who took the message, when no logged-in actor did (the demo, a voicemail system user). */
  takenBy?: string;
}

export interface CallbackFilter {
  personId?: string;
  unitId?: string;
  status?: 'open' | 'done' | 'all';
}

export class CallbackService {
  constructor(private readonly ctx: AppContext) {}

  private get db(): Kysely<Database> {
    return this.ctx.store.db;
  }

  /**
   * A message for a person creates their call-back (P-SWB-5 when an operator takes it,
   * 'voicemail' when left by phone). Anyone in the municipality may leave a message for a
   * colleague; `takenBy` records who.
   */
  async takeMessage(actor: Actor | null, tenantId: string, personId: string, input: MessageInput): Promise<Callback> {
    const person = await this.db.selectFrom('people').select(['id', 'unit_id']).where('tenant_id', '=', tenantId).where('id', '=', personId).executeTakeFirst();
    if (!person) throw notFound('person');
    const tenant = await this.ctx.tenants.get(tenantId);
    const receivedAt = input.receivedAt ?? this.ctx.clock.now();
    const cb = orThrow(createCallback(
      {
        id: newId(), personId, unitId: person.unit_id ?? '', caller: input.caller, concerns: input.concerns, receivedAt, source: input.source,
        ...(actor?.personId ? { takenBy: actor.personId } : input.takenBy ? { takenBy: input.takenBy } : {}),
      },
      // P-CB-1: the deadline counts working days of the municipality's working hours.
      { workingTime: tenant.workingTime, profileDays: tenant.profile.callBack.deadlineWorkingDays },
    ));
    const now = this.ctx.clock.now();
    await this.db.insertInto('callbacks').values({
      id: cb.id, tenant_id: tenantId, person_id: personId, unit_id: person.unit_id,
      caller_name: cb.caller.name ?? '', caller_number: cb.caller.number ?? '', caller_email: cb.caller.email ?? null,
      subject: cb.concerns, source: cb.source, taken_by: cb.takenBy ?? null, received_at: toIso(cb.receivedAt),
      first_due_at: toIso(cb.firstDue), recording_path: input.recordingPath ?? null,
      created_at: toIso(now), updated_at: toIso(now), ...rowValues(cb),
    }).execute();
    if (actor) await audit(this.db, actor, tenantId, now, { action: 'callback.create', entity: 'callback', entityId: cb.id, onBehalfOf: personId, detail: { source: cb.source } });
    this.#publish('callback.created', tenantId, cb);
    return cb;
  }

  #publish(type: 'callback.created' | 'callback.updated' | 'callback.escalated', tenantId: string, cb: Callback, extra: string[] = []) {
    this.ctx.bus.publish(
      { type, callbackId: cb.id, personId: cb.personId, status: cb.status, dueAt: toIso(cb.due) },
      { tenantId, personIds: [cb.personId, ...extra], staffOf: [cb.personId], roles: ['admin'] },
    );
  }

  async #row(tenantId: string, id: string): Promise<Row> {
    const row = await this.db.selectFrom('callbacks').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('call-back');
    return row;
  }

  /** Who may see and act on a person's call-backs: the person, their managers, admins. */
  async #mayHandle(actor: Actor, personId: string): Promise<boolean> {
    if (actor.role === 'admin') return true;
    if (actor.personId === personId) return true;
    if (actor.role === 'manager' && actor.personId) return (await managerChain(this.db, actor.tenantId, personId)).includes(actor.personId);
    return false;
  }

  async get(actor: Actor, id: string): Promise<Callback> {
    const row = await this.#row(actor.tenantId, id);
    // Operators see the messages they took, so they can answer "did it get through?".
    if (!(await this.#mayHandle(actor, row.person_id)) && row.taken_by !== actor.personId) throw notFound('call-back');
    return callbackFromRow(row);
  }

  async #update(actor: Actor, id: string, change: (cb: Callback, now: Instant) => Result<Callback>, action: string): Promise<Callback> {
    const row = await this.#row(actor.tenantId, id);
    if (!(await this.#mayHandle(actor, row.person_id))) {
      throw forbidden(`Actor ${actor.id} may not handle call-backs of ${row.person_id}.`);
    }
    const now = this.ctx.clock.now();
    const cb = orThrow(change(callbackFromRow(row), now));
    await this.db.updateTable('callbacks').set({ ...rowValues(cb), updated_at: toIso(now) }).where('id', '=', id).where('tenant_id', '=', actor.tenantId).execute();
    if (actor.personId !== row.person_id) {
      await audit(this.db, actor, actor.tenantId, now, { action, entity: 'callback', entityId: id, onBehalfOf: row.person_id, detail: { status: cb.status } });
    }
    this.#publish('callback.updated', actor.tenantId, cb);
    return cb;
  }

  complete(actor: Actor, id: string, outcome: CallbackOutcome, note?: string) {
    return this.#update(actor, id, (cb, at) => completeCallback(cb, { outcome, at, by: actor.id, ...(note ? { note } : {}) }), 'callback.done');
  }

  replan(actor: Actor, id: string, agreedAt: Instant, note: string) {
    return this.#update(actor, id, (cb, at) => replanCallback(cb, { agreedAt, note, at, by: actor.id }), 'callback.replan');
  }

  heard(actor: Actor, id: string) {
    return this.#update(actor, id, (cb, at) => markHeard(cb, at), 'callback.heard');
  }

  /** Lists per person and per unit, limited to what the actor may see. */
  async list(actor: Actor, filter: CallbackFilter): Promise<Callback[]> {
    let q = this.db.selectFrom('callbacks').selectAll().where('tenant_id', '=', actor.tenantId);
    const visible = await visiblePersonIds(this.db, actor);
    if (visible) {
      if (visible.size === 0) return [];
      q = q.where('person_id', 'in', [...visible]);
    }
    if (filter.personId) q = q.where('person_id', '=', filter.personId);
    if (filter.unitId) q = q.where('unit_id', '=', filter.unitId);
    if (filter.status === 'open' || filter.status === undefined) q = q.where('status', '!=', 'done');
    else if (filter.status === 'done') q = q.where('status', '=', 'done');
    const rows = await q.orderBy('due_at').limit(1000).execute();
    return rows.map(callbackFromRow);
  }

  async summaryFor(actor: Actor, filter: CallbackFilter) {
    return summary(await this.list(actor, { ...filter, status: 'all' }), this.ctx.clock.now());
  }

  /**
   * P-CB-1: overdue call-backs escalate to the person's manager, once per deadline. Run by
   * the housekeeping job; returns how many were escalated.
   */
  async escalateOverdue(): Promise<number> {
    const now = this.ctx.clock.now();
    let count = 0;
    for (const tenant of await this.ctx.tenants.all()) {
      const rows = await this.db.selectFrom('callbacks').selectAll()
        .where('tenant_id', '=', tenant.id).where('status', '!=', 'done').where('due_at', '<', toIso(now)).execute();
      if (rows.length === 0) continue;
      const managers = new Map<string, string | null>();
      for (const p of await this.db.selectFrom('people').select(['id', 'manager_id']).where('tenant_id', '=', tenant.id).execute()) managers.set(p.id, p.manager_id);
      const run = escalations(rows.map(callbackFromRow), now, (id) => managers.get(id) ?? null);
      for (const cb of run.updated) {
        await this.db.updateTable('callbacks').set({ escalated_at: toIsoOrNull(cb.escalatedAt), updated_at: toIso(now) }).where('id', '=', cb.id).execute();
      }
      for (const e of run.notify) {
        for (const cb of e.callbacks) this.#publish('callback.escalated', tenant.id, cb, [e.managerId]);
        await audit(this.db, null, tenant.id, now, { action: 'callback.escalate', entity: 'person', entityId: e.managerId, detail: { callbacks: e.callbacks.map((c) => c.id) } });
      }
      count += run.updated.length;
    }
    return count;
  }
}
