// Presence and diversion as a service: loads absences from the store, asks the pure core
// what a person's status is, and stores changes with permission checks, audit entries and
// events. Statuses are asked for every search hit and every call, so each municipality's
// absences are held in memory, prepared per person, and refreshed on every change.
//
// At scale (several app servers) a change made on another server reaches this cache through
// the bus bridge (src/events/pg-bridge.ts): the person's absences are read again.
import type { Kysely } from 'kysely';
import type { Database, AbsencesTable } from '../../store/schema.js';
import { fromIso, newId, toIso } from '../../store/index.js';
import {
  backNow as coreBackNow,
  isOnBehalf,
  presencePermission,
  PresenceSchedule,
  statusViewFor,
  validateAbsence,
  viewerOf,
  type Absence,
  type AbsenceInput,
  type DiversionTarget,
  type PresenceStatus,
  type PresenceStatusView,
  type PresenceViewer,
  type WeeklyRecurrence,
} from '../../core/presence/index.js';
import { DomainError, problem } from '../../core/errors.js';
import { Temporal, type Instant } from '../../core/time.js';
import type { Actor, AppContext } from '../../http/context.js';
import { forbidden, notFound } from '../../http/errors.js';
import { audit } from '../audit/audit.js';

interface StoredRecurrence {
  weekdays: WeeklyRecurrence['weekdays'];
  startTime: string;
  endTime: string;
  from: string;
  until?: string;
}

export function absenceFromRow(r: AbsencesTable): Absence {
  const rec = r.recurrence_json ? (JSON.parse(r.recurrence_json) as StoredRecurrence) : undefined;
  const absence: Absence = {
    id: r.id,
    personId: r.person_id,
    reason: r.reason,
    start: fromIso(r.starts_at),
    end: fromIso(r.ends_at),
    target: JSON.parse(r.target_json) as DiversionTarget,
    exceptions: r.exceptions_json ? (JSON.parse(r.exceptions_json) as string[]).map((d) => Temporal.PlainDate.from(d)) : [],
    createdBy: r.created_by,
    cancelled: r.cancelled_at !== null,
  };
  if (r.note !== null) absence.note = r.note;
  if (rec) {
    absence.recurrence = {
      weekdays: rec.weekdays,
      startTime: rec.startTime,
      endTime: rec.endTime,
      from: Temporal.PlainDate.from(rec.from),
      ...(rec.until ? { until: Temporal.PlainDate.from(rec.until) } : {}),
    };
  }
  return absence;
}

function rowValues(a: Absence) {
  const r = a.recurrence;
  const stored: StoredRecurrence | null = r
    ? { weekdays: r.weekdays, startTime: r.startTime, endTime: r.endTime, from: r.from.toString(), ...(r.until ? { until: r.until.toString() } : {}) }
    : null;
  return {
    reason: a.reason,
    starts_at: toIso(a.start),
    ends_at: toIso(a.end),
    target_json: JSON.stringify(a.target),
    note: a.note ?? null,
    recurrence_json: stored ? JSON.stringify(stored) : null,
    exceptions_json: a.exceptions.length > 0 ? JSON.stringify(a.exceptions.map((d) => d.toString())) : null,
  };
}

/** The manager chain of a person, nearest first (bounded: bad data must not loop). */
export async function managerChain(db: Kysely<Database>, tenantId: string, personId: string): Promise<string[]> {
  const chain: string[] = [];
  let current: string | null = personId;
  for (let i = 0; i < 32 && current; i++) {
    const row: { manager_id: string | null } | undefined = await db
      .selectFrom('people').select('manager_id').where('tenant_id', '=', tenantId).where('id', '=', current).executeTakeFirst();
    const next: string | null = row?.manager_id ?? null;
    if (!next || chain.includes(next) || next === personId) break;
    chain.push(next);
    current = next;
  }
  return chain;
}

export type AbsenceRequest = Omit<AbsenceInput, 'id' | 'personId' | 'createdBy'>;

export class PresenceService {
  /** tenant -> person -> prepared schedule and the absences behind it. */
  #tenants = new Map<string, Promise<Map<string, { absences: Absence[]; schedule: PresenceSchedule }>>>();

  constructor(private readonly ctx: AppContext) {
    // Another app server changed someone's absences (the bus bridge): read them again here,
    // so that calls this server routes and searches it answers see the change too.
    ctx.bus.subscribe((e) => {
      if (!ctx.bus.isRemote(e) || !this.#tenants.has(e.audience.tenantId)) return;
      if (e.type === 'presence.changed') void this.#refreshPerson(e.audience.tenantId, e.personId).catch(() => this.forget(e.audience.tenantId));
      else if (e.type === 'directory.changed' && e.entity === 'import') this.forget(e.audience.tenantId);
    });
    ctx.bus.onGap(() => this.#tenants.clear());
  }

  private get db() {
    return this.ctx.store.db;
  }

  #load(tenantId: string) {
    let p = this.#tenants.get(tenantId);
    if (!p) {
      p = (async () => {
        // Absences that ended more than a day ago can no longer decide a status.
        const since = toIso(this.ctx.clock.now().subtract({ hours: 24 }));
        const rows = await this.db.selectFrom('absences').selectAll()
          .where('tenant_id', '=', tenantId).where('cancelled_at', 'is', null)
          .where((eb) => eb.or([eb('ends_at', '>', since), eb('recurrence_json', 'is not', null)]))
          .execute();
        const byPerson = new Map<string, Absence[]>();
        for (const r of rows) {
          const list = byPerson.get(r.person_id) ?? [];
          list.push(absenceFromRow(r));
          byPerson.set(r.person_id, list);
        }
        const out = new Map<string, { absences: Absence[]; schedule: PresenceSchedule }>();
        for (const [id, absences] of byPerson) out.set(id, { absences, schedule: new PresenceSchedule(absences) });
        return out;
      })();
      p.catch(() => this.#tenants.delete(tenantId));
      this.#tenants.set(tenantId, p);
    }
    return p;
  }

  async #refreshPerson(tenantId: string, personId: string) {
    const cache = await this.#load(tenantId);
    const since = toIso(this.ctx.clock.now().subtract({ hours: 24 }));
    const rows = await this.db.selectFrom('absences').selectAll()
      .where('tenant_id', '=', tenantId).where('person_id', '=', personId).where('cancelled_at', 'is', null)
      .where((eb) => eb.or([eb('ends_at', '>', since), eb('recurrence_json', 'is not', null)]))
      .execute();
    const absences = rows.map(absenceFromRow);
    cache.set(personId, { absences, schedule: new PresenceSchedule(absences) });
  }

  /** Drop the cache (after an import or a restore). */
  forget(tenantId?: string) {
    if (tenantId) this.#tenants.delete(tenantId);
    else this.#tenants.clear();
  }

  async statusOf(tenantId: string, personId: string, at: Instant = this.ctx.clock.now()): Promise<PresenceStatus> {
    const entry = (await this.#load(tenantId)).get(personId);
    return entry ? entry.schedule.at(at) : { state: 'available', next: null };
  }

  /** A status lookup that needs no await: for ranking many search hits at once. */
  async statusLookup(tenantId: string, at: Instant = this.ctx.clock.now()): Promise<(personId: string) => PresenceStatus> {
    const cache = await this.#load(tenantId);
    return (personId) => cache.get(personId)?.schedule.at(at) ?? { state: 'available', next: null };
  }

  async absencesOf(tenantId: string, personId: string): Promise<Absence[]> {
    return (await this.#load(tenantId)).get(personId)?.absences ?? [];
  }

  /** How `actor` may see `personId`'s presence (P-SEC-2), or null across municipalities. */
  async viewerFor(actor: Actor, tenantId: string, personId: string): Promise<PresenceViewer | null> {
    const chain = await managerChain(this.db, tenantId, personId);
    return viewerOf(coreActor(actor), { personId, tenantId }, { managerChain: () => chain });
  }

  async #authorise(actor: Actor, tenantId: string, personId: string) {
    const person = await this.db.selectFrom('people').select(['id', 'tenant_id']).where('id', '=', personId).where('tenant_id', '=', tenantId).executeTakeFirst();
    if (!person) throw notFound('person');
    const chain = await managerChain(this.db, tenantId, personId);
    const permission = presencePermission(coreActor(actor), { personId, tenantId }, { managerChain: () => chain });
    if (!permission.allowed) throw forbidden(permission.problem.en);
    return permission.basis;
  }

  async #validate(tenantId: string, input: AbsenceInput): Promise<Absence> {
    const tenant = await this.ctx.tenants.get(tenantId);
    const ids = async (table: 'people' | 'functions', id: string) =>
      (await this.db.selectFrom(table).select('id').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst()) !== undefined;
    const target = input.target;
    const targetPersonOk = target?.kind === 'person' ? await ids('people', target.personId) : true;
    const targetFunctionOk = target?.kind === 'function' ? await ids('functions', target.functionId) : true;
    const result = validateAbsence(input, {
      reasons: tenant.profile.absenceReasons,
      workingTime: tenant.workingTime,
      isInternalNumber: tenant.isInternalNumber,
      personExists: (id) => id === input.personId || (target?.kind === 'person' && id === target.personId && targetPersonOk),
      functionExists: () => targetFunctionOk,
    });
    if (!result.ok) throw new DomainError(result.problems);
    return result.value;
  }

  async #changed(actor: Actor | null, tenantId: string, personId: string, at: Instant, action: string, absenceId: string, basis: string | null, detail: Record<string, unknown>) {
    await this.#refreshPerson(tenantId, personId);
    if (actor && isOnBehalf(coreActor(actor), { personId, tenantId })) {
      // P-DIV-7, P-DIV-8: every change made for someone else is audited.
      await audit(this.db, actor, tenantId, at, { action, entity: 'absence', entityId: absenceId, onBehalfOf: personId, detail: { basis, ...detail } });
    }
    const status = await this.statusOf(tenantId, personId, at);
    this.ctx.bus.publish(
      { type: 'presence.changed', personId, status: busStatus(statusViewFor('operator', status)), changedBy: actor?.id ?? null },
      // The internal directory shows everyone's presence to everyone in the municipality
      // (P-SWB-12), as the colleague view: reason, times and target, never the private note.
      { tenantId, roles: ['employee', 'manager', 'operator', 'admin'] },
    );
  }

  async create(actor: Actor, personId: string, req: AbsenceRequest): Promise<Absence> {
    const basis = await this.#authorise(actor, actor.tenantId, personId);
    const absence = await this.#validate(actor.tenantId, { ...req, id: newId(), personId, createdBy: actor.id });
    const now = this.ctx.clock.now();
    await this.db.insertInto('absences').values({
      id: absence.id, tenant_id: actor.tenantId, person_id: personId, ...rowValues(absence),
      created_by: actor.id, created_at: toIso(now), updated_at: toIso(now), cancelled_at: null,
    }).execute();
    await this.#changed(actor, actor.tenantId, personId, now, 'absence.create', absence.id, basis, { reason: absence.reason, start: toIso(absence.start), end: toIso(absence.end) });
    return absence;
  }

  async #find(tenantId: string, absenceId: string) {
    const row = await this.db.selectFrom('absences').selectAll().where('tenant_id', '=', tenantId).where('id', '=', absenceId).executeTakeFirst();
    if (!row) throw notFound('absence');
    return row;
  }

  async update(actor: Actor, absenceId: string, req: AbsenceRequest): Promise<Absence> {
    const row = await this.#find(actor.tenantId, absenceId);
    if (row.cancelled_at !== null) {
      throw new DomainError(problem('absence.cancelled', 'Frånvaron är borttagen och kan inte ändras.', 'The absence was cancelled and cannot be changed.'));
    }
    const basis = await this.#authorise(actor, actor.tenantId, row.person_id);
    const absence = await this.#validate(actor.tenantId, { ...req, id: row.id, personId: row.person_id, createdBy: row.created_by });
    const now = this.ctx.clock.now();
    await this.db.updateTable('absences').set({ ...rowValues(absence), updated_at: toIso(now) }).where('id', '=', row.id).execute();
    await this.#changed(actor, actor.tenantId, row.person_id, now, 'absence.update', row.id, basis, { reason: absence.reason, start: toIso(absence.start), end: toIso(absence.end) });
    return absence;
  }

  async cancel(actor: Actor, absenceId: string): Promise<void> {
    const row = await this.#find(actor.tenantId, absenceId);
    const basis = await this.#authorise(actor, actor.tenantId, row.person_id);
    if (row.cancelled_at !== null) return;
    const now = this.ctx.clock.now();
    await this.db.updateTable('absences').set({ cancelled_at: toIso(now), updated_at: toIso(now) }).where('id', '=', row.id).execute();
    await this.#changed(actor, actor.tenantId, row.person_id, now, 'absence.cancel', row.id, basis, {});
  }

  /** "Åter" (P-DIV-4): end what is in effect now; planned absences stay. */
  async backNow(actor: Actor | null, tenantId: string, personId: string): Promise<number> {
    const basis = actor ? await this.#authorise(actor, tenantId, personId) : null;
    const now = this.ctx.clock.now();
    const changes = coreBackNow(await this.absencesOf(tenantId, personId), now);
    await this.db.transaction().execute(async (trx) => {
      for (const c of changes) {
        const values = c.kind === 'cancelled' ? { cancelled_at: toIso(now) } : rowValues(c.after);
        await trx.updateTable('absences').set({ ...values, updated_at: toIso(now) }).where('id', '=', c.before.id).where('tenant_id', '=', tenantId).execute();
      }
    });
    if (changes.length > 0) await this.#changed(actor, tenantId, personId, now, 'absence.back-now', changes[0]!.before.id, basis, { changes: changes.map((c) => c.kind) });
    return changes.length;
  }
}

function coreActor(actor: Actor) {
  // API tokens have no person: their id never equals a person's, so they act "for others".
  return { id: actor.personId ?? `token:${actor.id}`, role: actor.role, tenantId: actor.tenantId };
}

function busStatus(v: PresenceStatusView) {
  const next = v.next ? { reason: v.next.absence.reason, start: toIso(v.next.start), end: toIso(v.next.end) } : null;
  return v.state === 'available'
    ? { available: true, nextAbsence: next }
    : { available: false, reason: v.reason, returnsAt: toIso(v.returnsAt), target: v.target, nextAbsence: next };
}
