// The directory as a service: people, units and functions from the store, held per
// municipality in the core's shapes, with the operator's search index (P-SWB-3, P-SWB-9,
// P-FC-2) kept up to date on every change. Writes go to the store first, then to the cache
// and the index, then out on the bus as `directory.changed`.
//
// The cache is per process, like the presence cache: at scale, a change made on another app
// server reaches it through the bus bridge (docs/architecture.md), which calls forget().
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/schema.js';
import { newId, toIso } from '../../store/index.js';
import { constraintViolation } from '../../store/errors.js';
import {
  byId,
  compareByName,
  createPersonValidator,
  exportDirectoryCsv,
  exportVCards,
  fullName,
  importDirectoryCsv,
  normalizePersonFields,
  personToVCard,
  SearchIndex,
  unitChain,
  UNIT_KINDS,
  type DirectoryState,
  type ImportPlan,
  type Person,
  type SearchHit,
  type ServiceFunction,
  type Unit,
  type UnitKind,
} from '../../core/directory/index.js';
import { UNIT_PATH_SEPARATOR } from '../../core/directory/csv-columns.js';
import { classifyNumber, isInExtensionPlan, normalizeNumber } from '../../core/numbers/index.js';
import { DomainError, problem, type Problem } from '../../core/errors.js';
import type { PresenceStatus } from '../../core/presence/index.js';
import type { Actor, AppContext } from '../../http/context.js';
import { conflict, forbidden, HttpError, notFound } from '../../http/errors.js';
import { hashSecret, verifySecret } from '../../auth/secrets.js';
import { audit } from '../audit/audit.js';
import type { Tenant } from '../tenants/profiles.js';
import { functionColumns, functionFromRow, personColumns, personFromRow, unitFromRow, type FunctionRecord, type PersonRecord, type UnitRecord } from './rows.js';
import { auditBasis, editBases, passwordProblems, PERSON_FIELDS, pinProblems, refusedFields, roleChangeProblem, type PersonField } from './rules.js';

export type { FunctionRecord, PersonRecord, UnitRecord } from './rows.js';

interface TenantCache {
  people: Map<string, PersonRecord>;
  units: Map<string, UnitRecord>;
  functions: Map<string, FunctionRecord>;
  /** The people in the phone book; built at the first search. */
  index?: SearchIndex;
  /** Function names, searched with the same Swedish-aware matching (see functionEntry). */
  functionIndex?: SearchIndex;
}

/** What a person is made from: the core's fields without the id. */
export type PersonInput = Partial<Omit<Person, 'id'>>;
/** A change: null clears an optional field. */
export type PersonPatch = { [K in PersonField]?: Person[K] | null };

export interface UnitInput {
  name?: string;
  kind?: UnitKind;
  parentId?: string | null;
  receptionFunctionId?: string | null;
}

export interface FunctionInput {
  name?: string;
  unitId?: string | null;
  extension?: string | null;
  directNumber?: string | null;
  ringStrategy?: 'together' | 'in-turn';
}

export interface PeopleFilter {
  unitId?: string;
  functionId?: string;
  includeDeactivated?: boolean;
  offset: number;
  limit: number;
}

export interface FunctionSearchHit {
  record: FunctionRecord;
  score: number;
  matches: SearchHit['matches'];
}

export interface DirectorySearchResult {
  people: (SearchHit<PresenceStatus> & { record: PersonRecord })[];
  functions: FunctionSearchHit[];
  /** Presence of anyone in the municipality now (members of function hits). */
  statusOf: (personId: string) => PresenceStatus;
}

export interface ImportSummary {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  /** People in the file who had been deactivated and are active again (counted in updated). */
  reactivated: number;
  unitsCreated: number;
  functionsCreated: number;
  functionsUpdated: number;
  /** People in the directory but not in the file: left alone (an HR export may be partial). */
  notInFile: number;
  ignoredColumns: string[];
}

const ALL_ROLES = ['employee', 'manager', 'operator', 'admin'] as const;
const LIST_SEPARATOR = /[,|]/;
const INSERT_CHUNK = 500;

function orThrow(problems: Problem[]) {
  if (problems.length > 0) throw new DomainError(problems);
}

function nameKey(s: string): string {
  return s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** "Rad 7: ..." as the core's import writes its problems. */
function atLine(line: number, p: Problem): Problem {
  return { ...p, sv: `Rad ${line}: ${p.sv}`, en: `Line ${line}: ${p.en}`, line };
}

function importFailed(problems: Problem[]): HttpError {
  const lines = [...new Set(problems.map((p) => p.line).filter((l) => l !== undefined))];
  return new HttpError(
    400,
    'import.invalid',
    `Filen har ${problems.length} fel${lines.length > 0 ? ` (rad ${lines.join(', ')})` : ''}. Ingenting har importerats.`,
    `The file has ${problems.length} problem(s); nothing was imported.`,
    problems,
  );
}

/**
 * Functions are searched with the people's index: each function stands in as an entry whose
 * "last name" is the function's name, so "bygglovet", "byg" and one typo find "Bygglov"
 * exactly as they find people.
 */
function functionEntry(f: ServiceFunction): Person {
  return { id: f.id, firstName: '', lastName: f.name, functionIds: [], mobileExtension: false, matters: [], role: 'employee', electedMember: false, ...(f.extension ? { extension: f.extension } : {}) };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function changedFields(before: Person, after: Person): PersonField[] {
  return PERSON_FIELDS.filter((k) =>
    k === 'functionIds' ? !sameSet(before.functionIds, after.functionIds) : JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
}

export class DirectoryService {
  #tenants = new Map<string, Promise<TenantCache>>();

  constructor(private readonly ctx: AppContext) {}

  private get db(): Kysely<Database> {
    return this.ctx.store.db;
  }

  // ---- loading -------------------------------------------------------------------------

  async #load(tenantId: string): Promise<TenantCache> {
    const db = this.db;
    const [people, units, functions, members] = await Promise.all([
      db.selectFrom('people').selectAll().where('tenant_id', '=', tenantId).execute(),
      db.selectFrom('units').selectAll().where('tenant_id', '=', tenantId).execute(),
      db.selectFrom('functions').selectAll().where('tenant_id', '=', tenantId).execute(),
      db.selectFrom('function_members').select(['function_id', 'person_id', 'position']).where('tenant_id', '=', tenantId)
        .orderBy('function_id').orderBy('position').orderBy('person_id').execute(),
    ]);
    const membersOf = new Map<string, string[]>();
    for (const m of members) membersOf.set(m.function_id, [...(membersOf.get(m.function_id) ?? []), m.person_id]);
    const cache: TenantCache = {
      people: new Map(),
      units: new Map(units.map((r) => [r.id, unitFromRow(r)])),
      functions: new Map(functions.map((r) => [r.id, functionFromRow(r, membersOf.get(r.id) ?? [])])),
    };
    const functionIds = this.#functionIdsByPerson(cache);
    for (const r of people) cache.people.set(r.id, personFromRow(r, functionIds.get(r.id) ?? []));
    return cache;
  }

  /**
   * A person's functions in one order whatever order they were given in (function name, then
   * id), so that a loaded person and a changed one compare equal, and an export imports back
   * unchanged.
   */
  #functionOrder(cache: TenantCache): (a: string, b: string) => number {
    const key = (id: string) => `${cache.functions.get(id)?.fn.name ?? ''}\u0000${id}`;
    return (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  }

  /** Every person's functions, from the functions' member lists. */
  #functionIdsByPerson(cache: TenantCache): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const f of [...cache.functions.keys()].sort(this.#functionOrder(cache))) {
      for (const id of cache.functions.get(f)!.fn.memberIds) out.set(id, [...(out.get(id) ?? []), f]);
    }
    return out;
  }

  #cache(tenantId: string): Promise<TenantCache> {
    let p = this.#tenants.get(tenantId);
    if (!p) {
      p = this.#load(tenantId);
      p.catch(() => this.#tenants.delete(tenantId));
      this.#tenants.set(tenantId, p);
    }
    return p;
  }

  /** Drop the cache (after a restore, or a change made by another process). */
  forget(tenantId?: string) {
    if (tenantId) this.#tenants.delete(tenantId);
    else this.#tenants.clear();
  }

  /** The phone book in the core's shape: active people only. */
  async state(tenantId: string): Promise<DirectoryState> {
    return this.#activeState(await this.#cache(tenantId));
  }

  #activeState(cache: TenantCache): DirectoryState {
    return {
      units: [...cache.units.values()].map((u) => u.unit),
      functions: [...cache.functions.values()].map((f) => f.fn),
      people: [...cache.people.values()].filter((r) => r.deactivatedAt === null).map((r) => r.person),
    };
  }

  /** Everyone, deactivated too: their e-mail addresses stay taken (the store's unique key). */
  #fullState(cache: TenantCache): DirectoryState {
    return { ...this.#activeState(cache), people: [...cache.people.values()].map((r) => r.person) };
  }

  #index(cache: TenantCache): SearchIndex {
    if (!cache.index) {
      const s = this.#activeState(cache);
      cache.index = new SearchIndex().build(s.people, s.units, s.functions);
    }
    return cache.index;
  }

  #functionIndex(cache: TenantCache): SearchIndex {
    cache.functionIndex ??= new SearchIndex().build([...cache.functions.values()].map((f) => functionEntry(f.fn)), [], []);
    return cache.functionIndex;
  }

  // ---- reading -------------------------------------------------------------------------

  async person(tenantId: string, personId: string): Promise<PersonRecord> {
    const rec = (await this.#cache(tenantId)).people.get(personId);
    if (!rec) throw notFound('person');
    return rec;
  }

  async people(tenantId: string, filter: PeopleFilter): Promise<{ total: number; items: PersonRecord[] }> {
    const cache = await this.#cache(tenantId);
    const units = byId([...cache.units.values()].map((u) => u.unit));
    const members = filter.functionId ? new Set(cache.functions.get(filter.functionId)?.fn.memberIds ?? []) : undefined;
    const all = [...cache.people.values()].filter((r) => {
      if (r.deactivatedAt !== null && !filter.includeDeactivated) return false;
      // A unit's people include those of the units under it (a sector lists its staff).
      if (filter.unitId && !unitChain(r.person.unitId, units).some((u) => u.id === filter.unitId)) return false;
      if (members && !members.has(r.person.id)) return false;
      return true;
    });
    all.sort((a, b) => compareByName(a.person, b.person));
    return { total: all.length, items: all.slice(filter.offset, filter.offset + filter.limit) };
  }

  async units(tenantId: string): Promise<UnitRecord[]> {
    return [...(await this.#cache(tenantId)).units.values()];
  }

  async functions(tenantId: string): Promise<FunctionRecord[]> {
    return [...(await this.#cache(tenantId)).functions.values()];
  }

  /** Names for display: units by id, functions by id, people by id (deactivated too). */
  async lookups(tenantId: string) {
    const cache = await this.#cache(tenantId);
    const units = byId([...cache.units.values()].map((u) => u.unit));
    return {
      unit: (id: string | undefined) => (id ? units.get(id) : undefined),
      unitPath: (id: string | undefined) => unitChain(id, units).reverse(),
      fn: (id: string) => cache.functions.get(id)?.fn,
      person: (id: string) => cache.people.get(id),
    };
  }

  /**
   * The operator's type-ahead: people (every word must match) with their presence now, and
   * functions by name ("Bygglov") with their members.
   */
  async search(tenantId: string, query: string, limit: number): Promise<DirectorySearchResult> {
    const cache = await this.#cache(tenantId);
    const statusOf = await this.ctx.presence.statusLookup(tenantId);
    const people = this.#index(cache).search(query, limit, statusOf).flatMap((h) => {
      const record = cache.people.get(h.personId);
      return record ? [{ ...h, record }] : [];
    });
    const functions = this.#functionIndex(cache).search(query, Math.min(limit, 10)).flatMap((h) => {
      const record = cache.functions.get(h.personId);
      return record ? [{ record, score: h.score, matches: h.matches }] : [];
    });
    return { people, functions, statusOf };
  }

  // ---- export ----------------------------------------------------------------------------

  async exportCsv(tenantId: string): Promise<string> {
    return exportDirectoryCsv(await this.state(tenantId));
  }

  async exportVcf(tenantId: string): Promise<string> {
    const state = await this.state(tenantId);
    const tenant = await this.ctx.tenants.get(tenantId);
    return exportVCards([...state.people].sort(compareByName), state, this.#vcardOptions(tenant));
  }

  async vcard(tenantId: string, personId: string): Promise<string> {
    const rec = await this.person(tenantId, personId);
    return personToVCard(rec.person, await this.state(tenantId), this.#vcardOptions(await this.ctx.tenants.get(tenantId)));
  }

  #vcardOptions(tenant: Tenant) {
    return { organisation: tenant.name, mainNumber: tenant.profile.numberPlan.mainNumber };
  }

  // ---- checks ----------------------------------------------------------------------------

  #requireAdmin(actor: Actor) {
    if (actor.role !== 'admin') throw forbidden(`Only admins change the organisation; you are ${actor.role}.`);
  }

  /** The manager chain of a person, nearest first, from the cache (bounded against cycles). */
  #managerChain(cache: TenantCache, personId: string): string[] {
    const chain: string[] = [];
    let id = cache.people.get(personId)?.person.managerId;
    while (id !== undefined && id !== personId && !chain.includes(id) && chain.length < 64) {
      chain.push(id);
      id = cache.people.get(id)?.person.managerId;
    }
    return chain;
  }

  #activeAdmins(cache: TenantCache, except?: string): number {
    let n = 0;
    for (const r of cache.people.values()) if (r.deactivatedAt === null && r.person.role === 'admin' && r.person.id !== except) n++;
    return n;
  }

  /** The profile's own numbers (operator, voicemail, automatic operator) are nobody's extension. */
  #reservedExtensionProblem(tenant: Tenant, extension: string | undefined): Problem | null {
    const plan = tenant.profile.numberPlan;
    const reserved = [plan.operatorExtension, plan.voicemailNumber, plan.automaticOperatorNumber].filter((n) => n !== null);
    if (extension === undefined || !reserved.includes(extension)) return null;
    return problem('person.extension.reserved', `Anknytning ${extension} är reserverad för växeln, röstbrevlådan eller den automatiska telefonisten.`, `Extension ${extension} is one of the profile's service numbers.`, { field: 'extension' });
  }

  /** What the core's validator does not know: deactivated managers, manager cycles, reserved numbers. */
  #personProblems(cache: TenantCache, tenant: Tenant, next: Person, before: Person | undefined): Problem[] {
    const problems = createPersonValidator({ ...this.#fullState(cache), plan: tenant.profile.numberPlan })(next);
    if (next.managerId !== undefined && next.managerId !== before?.managerId) {
      const manager = cache.people.get(next.managerId);
      if (manager && manager.deactivatedAt !== null) {
        problems.push(problem('person.manager.deactivated', 'Chefen är inte längre aktiv i katalogen.', `Manager ${next.managerId} is deactivated.`, { field: 'managerId' }));
      }
      if (this.#managerChain(cache, next.managerId).includes(next.id)) {
        problems.push(problem('person.manager.cycle', 'Chefskedjan skulle leda tillbaka till personen själv.', 'The chain of managers would lead back to the person.', { field: 'managerId' }));
      }
    }
    if (next.extension !== before?.extension) {
      const reserved = this.#reservedExtensionProblem(tenant, next.extension);
      if (reserved) problems.push(reserved);
    }
    return problems;
  }

  /** Unique keys in the store may still refuse a write that raced with another. */
  async #write<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      const v = constraintViolation(e);
      if (v?.kind === 'unique') {
        throw conflict('Uppgiften används redan (någon ändrade samtidigt). Försök igen.', `A unique value is already taken (${v.detail}).`);
      }
      throw e;
    }
  }

  #publish(tenantId: string, entity: 'person' | 'unit' | 'function' | 'import', ids: string[]) {
    // The internal phone book is everyone's (P-SWB-12), so everyone hears it changed.
    this.ctx.bus.publish({ type: 'directory.changed', entity, ids }, { tenantId, roles: [...ALL_ROLES] });
  }

  // ---- people ----------------------------------------------------------------------------

  /** Keeps the cache, its functions' member lists and the indexes in step with one person. */
  #putPerson(cache: TenantCache, rec: PersonRecord, before?: Person) {
    cache.people.set(rec.person.id, rec);
    const touched: FunctionRecord[] = [];
    const was = new Set(before?.functionIds ?? []);
    const now = new Set(rec.deactivatedAt === null ? rec.person.functionIds : []);
    for (const f of cache.functions.values()) {
      const member = f.fn.memberIds.includes(rec.person.id);
      if (now.has(f.fn.id) && !member) f.fn = { ...f.fn, memberIds: [...f.fn.memberIds, rec.person.id] };
      else if (!now.has(f.fn.id) && (member || was.has(f.fn.id))) f.fn = { ...f.fn, memberIds: f.fn.memberIds.filter((id) => id !== rec.person.id) };
      else continue;
      touched.push(f);
    }
    if (!cache.index) return;
    for (const f of touched) cache.index.upsertFunction(f.fn);
    if (rec.deactivatedAt === null) cache.index.upsert(rec.person);
    else cache.index.remove(rec.person.id);
  }

  async #syncMemberships(trx: Transaction<Database>, tenantId: string, personId: string, before: readonly string[], after: readonly string[]) {
    const removed = before.filter((id) => !after.includes(id));
    if (removed.length > 0) {
      await trx.deleteFrom('function_members').where('tenant_id', '=', tenantId).where('person_id', '=', personId).where('function_id', 'in', removed).execute();
    }
    for (const fid of after.filter((id) => !before.includes(id))) {
      // A new member rings last in an 'in-turn' function.
      const last = await trx.selectFrom('function_members').select((eb) => eb.fn.max('position').as('position'))
        .where('tenant_id', '=', tenantId).where('function_id', '=', fid).executeTakeFirst();
      const position = last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1;
      await trx.insertInto('function_members').values({ tenant_id: tenantId, function_id: fid, person_id: personId, position }).execute();
    }
  }

  async createPerson(actor: Actor, input: PersonInput & { firstName: string; lastName: string }, password?: string): Promise<PersonRecord> {
    this.#requireAdmin(actor);
    const tenantId = actor.tenantId;
    const [cache, tenant] = await Promise.all([this.#cache(tenantId), this.ctx.tenants.get(tenantId)]);
    const person = normalizePersonFields({
      functionIds: [], mobileExtension: false, matters: [], role: 'employee', electedMember: false,
      ...input, id: newId(),
    });
    person.functionIds = [...new Set(person.functionIds)].sort(this.#functionOrder(cache));
    const problems = this.#personProblems(cache, tenant, person, undefined);
    if (password !== undefined) problems.push(...passwordProblems(password, person));
    orThrow(problems);
    const at = toIso(this.ctx.clock.now());
    const hash = password !== undefined ? await hashSecret(password) : null;
    await this.#write(() => this.db.transaction().execute(async (trx) => {
      await trx.insertInto('people').values({
        id: person.id, tenant_id: tenantId, ...personColumns(person),
        voicemail_exception_by: null, voicemail_exception_at: null, created_at: at, updated_at: at, deactivated_at: null,
      }).execute();
      await this.#syncMemberships(trx, tenantId, person.id, [], person.functionIds);
      if (hash) await trx.insertInto('credentials').values({ person_id: person.id, tenant_id: tenantId, password_hash: hash, pin_hash: null, updated_at: at }).execute();
      await audit(trx, actor, tenantId, this.ctx.clock.now(), { action: 'person.create', entity: 'person', entityId: person.id, onBehalfOf: person.id, detail: { name: fullName(person), role: person.role } });
    }));
    const rec: PersonRecord = { person, voicemail: { enabled: true, exceptionBy: null, exceptionAt: null }, deactivatedAt: null, createdAt: at, updatedAt: at };
    this.#putPerson(cache, rec);
    this.#publish(tenantId, 'person', [person.id]);
    return rec;
  }

  /**
   * Changes fields of a person. Who may change which field is in rules.ts (P-DIV-11 self,
   * P-SWB-11 manager, admins everything); only fields that really change are checked, so a
   * form may send back what it showed.
   */
  async updatePerson(actor: Actor, personId: string, patch: PersonPatch): Promise<PersonRecord> {
    const tenantId = actor.tenantId;
    const [cache, tenant] = await Promise.all([this.#cache(tenantId), this.ctx.tenants.get(tenantId)]);
    const rec = cache.people.get(personId);
    if (!rec) throw notFound('person');
    if (rec.deactivatedAt !== null) {
      throw conflict('Personen är avslutad i katalogen; återaktivera först.', 'The person is deactivated; reactivate them first.');
    }
    const isSelf = actor.personId === personId;
    const bases = editBases({ role: actor.role, isSelf, managesPerson: actor.personId !== null && this.#managerChain(cache, personId).includes(actor.personId) });
    if (bases.length === 0) throw forbidden(`Actor ${actor.id} may not change ${personId}.`);

    const draft: Person = { ...rec.person };
    for (const [key, value] of Object.entries(patch) as [PersonField, unknown][]) {
      if (value === undefined) continue;
      if (value === null) delete (draft as Partial<Person>)[key];
      else (draft as unknown as Record<string, unknown>)[key] = value;
    }
    const next = normalizePersonFields(draft);
    next.functionIds = [...new Set(next.functionIds)].sort(this.#functionOrder(cache));
    const changed = changedFields(rec.person, next);
    if (changed.length === 0) return rec;

    const refused = refusedFields(changed, bases);
    if (refused.length > 0) {
      throw new HttpError(403, 'forbidden', 'Du får inte ändra alla de uppgifterna.', `Not allowed to change: ${refused.join(', ')}.`,
        refused.map((f) => problem('person.field.forbidden', `Du får inte ändra fältet ${f}.`, `You may not change ${f}.`, { field: f, rule: bases.includes('manager') ? 'P-SWB-11' : 'P-DIV-11' })));
    }
    const roleProblem = roleChangeProblem({
      actorIsAdmin: actor.role === 'admin', isSelf, from: rec.person.role, to: next.role, adminsLeft: this.#activeAdmins(cache, personId),
    });
    if (roleProblem) {
      if (roleProblem.code === 'person.role.lastAdmin') throw conflict(roleProblem.sv, roleProblem.en, [roleProblem]);
      throw new HttpError(403, 'forbidden', roleProblem.sv, roleProblem.en, [roleProblem]);
    }
    orThrow(this.#personProblems(cache, tenant, next, rec.person));

    const now = this.ctx.clock.now();
    const at = toIso(now);
    const changes = Object.fromEntries(changed.map((f) => [f, { from: rec.person[f] ?? null, to: next[f] ?? null }]));
    await this.#write(() => this.db.transaction().execute(async (trx) => {
      await trx.updateTable('people').set({ ...personColumns(next), updated_at: at }).where('tenant_id', '=', tenantId).where('id', '=', personId).execute();
      if (changed.includes('functionIds')) await this.#syncMemberships(trx, tenantId, personId, rec.person.functionIds, next.functionIds);
      // P-SWB-11: the change log of the directory; on someone else's behalf when not self.
      await audit(trx, actor, tenantId, now, {
        action: 'person.update', entity: 'person', entityId: personId, onBehalfOf: isSelf ? null : personId, detail: { basis: auditBasis(bases), changes },
      });
    }));
    const updated: PersonRecord = { ...rec, person: next, updatedAt: at };
    this.#putPerson(cache, updated, rec.person);
    this.#publish(tenantId, 'person', [personId]);
    return updated;
  }

  /**
   * Deactivation keeps the person (history: messages, audit) but ends their sessions, takes
   * them out of the phone book and their functions, and frees their extension and direct
   * number for whoever comes next (recorded in the audit entry).
   */
  async deactivatePerson(actor: Actor, personId: string): Promise<void> {
    this.#requireAdmin(actor);
    const tenantId = actor.tenantId;
    const cache = await this.#cache(tenantId);
    const rec = cache.people.get(personId);
    if (!rec) throw notFound('person');
    if (rec.deactivatedAt !== null) return;
    if (actor.personId === personId) {
      throw new HttpError(403, 'forbidden', 'Du kan inte avsluta dig själv.', 'Admins cannot deactivate themselves.');
    }
    if (rec.person.role === 'admin' && this.#activeAdmins(cache, personId) === 0) {
      throw conflict('Kommunen måste ha minst en administratör kvar.', 'The municipality must keep at least one active admin.');
    }
    const now = this.ctx.clock.now();
    const at = toIso(now);
    const next: Person = { ...rec.person, functionIds: [], mobileExtension: false };
    delete next.extension;
    delete next.directNumber;
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('people').set({ ...personColumns(next), deactivated_at: at, updated_at: at }).where('tenant_id', '=', tenantId).where('id', '=', personId).execute();
      await trx.deleteFrom('function_members').where('tenant_id', '=', tenantId).where('person_id', '=', personId).execute();
      await trx.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('person_id', '=', personId).execute();
      await audit(trx, actor, tenantId, now, {
        action: 'person.deactivate', entity: 'person', entityId: personId, onBehalfOf: personId,
        detail: { released: { extension: rec.person.extension ?? null, directNumber: rec.person.directNumber ?? null }, functions: rec.person.functionIds },
      });
    });
    this.#putPerson(cache, { ...rec, person: next, deactivatedAt: at, updatedAt: at }, rec.person);
    this.#publish(tenantId, 'person', [personId]);
  }

  async reactivatePerson(actor: Actor, personId: string): Promise<PersonRecord> {
    this.#requireAdmin(actor);
    const tenantId = actor.tenantId;
    const cache = await this.#cache(tenantId);
    const rec = cache.people.get(personId);
    if (!rec) throw notFound('person');
    if (rec.deactivatedAt === null) return rec;
    const now = this.ctx.clock.now();
    const at = toIso(now);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('people').set({ deactivated_at: null, updated_at: at }).where('tenant_id', '=', tenantId).where('id', '=', personId).execute();
      await audit(trx, actor, tenantId, now, { action: 'person.reactivate', entity: 'person', entityId: personId, onBehalfOf: personId });
    });
    const updated: PersonRecord = { ...rec, deactivatedAt: null, updatedAt: at };
    this.#putPerson(cache, updated, rec.person);
    this.#publish(tenantId, 'person', [personId]);
    return updated;
  }

  async #activePerson(tenantId: string, personId: string): Promise<PersonRecord> {
    const rec = await this.person(tenantId, personId);
    if (rec.deactivatedAt !== null) throw notFound('person');
    return rec;
  }

  async #saveCredential(tenantId: string, personId: string, values: { password_hash: string } | { pin_hash: string }, at: string) {
    await this.db
      .insertInto('credentials')
      .values({ person_id: personId, tenant_id: tenantId, password_hash: null, pin_hash: null, ...values, updated_at: at })
      .onConflict((oc) => oc.column('person_id').doUpdateSet({ ...values, updated_at: at }))
      .execute();
  }

  /**
   * A new password (P-SEC-1): the person with their current password, or an admin for anyone
   * (audited). Other sessions of the person end; the one that made the change stays.
   */
  async setPassword(actor: Actor, personId: string, newPassword: string, currentPassword?: string): Promise<void> {
    const tenantId = actor.tenantId;
    const rec = await this.#activePerson(tenantId, personId);
    const isSelf = actor.personId === personId;
    if (isSelf) {
      const cred = await this.db.selectFrom('credentials').select('password_hash').where('person_id', '=', personId).where('tenant_id', '=', tenantId).executeTakeFirst();
      if (currentPassword === undefined || !(await verifySecret(currentPassword, cred?.password_hash ?? null))) {
        throw new DomainError(problem('password.current.wrong', 'Det nuvarande lösenordet stämmer inte.', 'The current password is wrong.', { field: 'currentPassword', rule: 'P-SEC-1' }));
      }
    } else if (actor.role !== 'admin') {
      throw forbidden('Only the person themself or an admin sets a password.');
    }
    orThrow(passwordProblems(newPassword, rec.person));
    const now = this.ctx.clock.now();
    await this.#saveCredential(tenantId, personId, { password_hash: await hashSecret(newPassword) }, toIso(now));
    let ended = this.db.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('person_id', '=', personId);
    if (isSelf && actor.sessionIdHash) ended = ended.where('id_hash', '!=', actor.sessionIdHash);
    await ended.execute();
    await audit(this.db, actor, tenantId, now, { action: 'person.password', entity: 'person', entityId: personId, onBehalfOf: isSelf ? null : personId });
  }

  /** P-SEC-1: the PIN for voicemail and phone codes; set by the person only, stored hashed. */
  async setPin(actor: Actor, personId: string, pin: string): Promise<void> {
    const tenantId = actor.tenantId;
    const rec = await this.#activePerson(tenantId, personId);
    if (actor.personId !== personId) throw forbidden('Only the person themself sets their PIN.');
    const tenant = await this.ctx.tenants.get(tenantId);
    orThrow(pinProblems(pin, tenant.profile.voicemail.pinLength, rec.person.extension));
    const now = this.ctx.clock.now();
    await this.#saveCredential(tenantId, personId, { pin_hash: await hashSecret(pin) }, toIso(now));
    await audit(this.db, actor, tenantId, now, { action: 'person.pin', entity: 'person', entityId: personId });
  }

  /**
   * P-VM-1: voicemail is on for everyone; the person's manager (or an admin) may decide an
   * exception, which records who decided and when. Switching it on again clears them.
   */
  async setVoicemail(actor: Actor, personId: string, enabled: boolean, note?: string): Promise<PersonRecord> {
    const tenantId = actor.tenantId;
    const cache = await this.#cache(tenantId);
    const rec = await this.#activePerson(tenantId, personId);
    const decider = actor.personId;
    const managesPerson = actor.role === 'manager' && decider !== null && this.#managerChain(cache, personId).includes(decider);
    if (actor.role !== 'admin' && !managesPerson) {
      throw new HttpError(403, 'forbidden', 'Undantag från röstbrevlåda beslutas av chefen.', 'Only the person\'s manager or an admin decides a voicemail exception (P-VM-1).',
        [problem('voicemail.decider', 'Undantag från röstbrevlåda beslutas av chefen.', 'Voicemail exceptions are decided by the manager.', { rule: 'P-VM-1' })]);
    }
    if (decider === null) {
      // The store records the deciding person; an integration cannot be that person.
      throw new HttpError(403, 'forbidden', 'Undantaget måste beslutas av en person.', 'A voicemail exception records a deciding person; API tokens cannot decide one (P-VM-1).');
    }
    if (rec.voicemail.enabled === enabled) return rec;
    const now = this.ctx.clock.now();
    const at = toIso(now);
    const voicemail = enabled ? { enabled, exceptionBy: null, exceptionAt: null } : { enabled, exceptionBy: decider, exceptionAt: at };
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('people')
        .set({ voicemail_enabled: enabled ? 1 : 0, voicemail_exception_by: voicemail.exceptionBy, voicemail_exception_at: voicemail.exceptionAt, updated_at: at })
        .where('tenant_id', '=', tenantId).where('id', '=', personId).execute();
      await audit(trx, actor, tenantId, now, {
        action: enabled ? 'voicemail.enable' : 'voicemail.exception', entity: 'person', entityId: personId,
        onBehalfOf: personId === decider ? null : personId, detail: { enabled, ...(note ? { note } : {}) },
      });
    });
    const updated: PersonRecord = { ...rec, voicemail, updatedAt: at };
    cache.people.set(personId, updated);
    this.#publish(tenantId, 'person', [personId]);
    return updated;
  }

  // ---- units -----------------------------------------------------------------------------

  #unitProblems(cache: TenantCache, unit: Unit, receptionFunctionId: string | null): Problem[] {
    const problems: Problem[] = [];
    if (unit.name === '') problems.push(problem('unit.name.required', 'Enheten behöver ett namn.', 'A unit needs a name.', { field: 'name' }));
    // The CSV writes a unit as its path, "Förvaltning > Enhet" (docs/csv-import.md).
    if (unit.name.includes(UNIT_PATH_SEPARATOR)) {
      problems.push(problem('unit.name.separator', `Enhetens namn får inte innehålla ${UNIT_PATH_SEPARATOR}.`, `A unit name must not contain ${UNIT_PATH_SEPARATOR}.`, { field: 'name' }));
    }
    if (!UNIT_KINDS.includes(unit.kind)) problems.push(problem('unit.kind.unknown', 'Okänd typ av enhet.', `Unknown unit kind ${unit.kind}.`, { field: 'kind' }));
    if (unit.parentId !== undefined) {
      const units = byId([...cache.units.values()].map((u) => u.unit));
      if (!units.has(unit.parentId)) problems.push(problem('unit.parent.unknown', 'Den överordnade enheten finns inte.', `Parent unit ${unit.parentId} does not exist.`, { field: 'parentId' }));
      else if (unitChain(unit.parentId, units).some((u) => u.id === unit.id)) {
        problems.push(problem('unit.parent.cycle', 'En enhet kan inte ligga under sig själv.', 'The unit would be its own ancestor.', { field: 'parentId' }));
      }
    }
    // The CSV names units by their path, so siblings need names of their own.
    const sibling = [...cache.units.values()].find((u) => u.unit.id !== unit.id && u.unit.parentId === unit.parentId && nameKey(u.unit.name) === nameKey(unit.name));
    if (sibling) problems.push(problem('unit.name.taken', `Det finns redan en enhet som heter ${sibling.unit.name} på samma nivå.`, `A sibling unit is already called ${sibling.unit.name}.`, { field: 'name' }));
    if (receptionFunctionId !== null && !cache.functions.has(receptionFunctionId)) {
      problems.push(problem('unit.reception.unknown', 'Funktionen för expeditionen finns inte.', `Function ${receptionFunctionId} does not exist.`, { field: 'receptionFunctionId', rule: 'P-DIV-10' }));
    }
    return problems;
  }

  async saveUnit(actor: Actor, unitId: string | null, input: UnitInput): Promise<UnitRecord> {
    this.#requireAdmin(actor);
    const tenantId = actor.tenantId;
    const cache = await this.#cache(tenantId);
    const before = unitId === null ? undefined : cache.units.get(unitId);
    if (unitId !== null && !before) throw notFound('unit');
    const parentId = input.parentId === undefined ? before?.unit.parentId : input.parentId ?? undefined;
    const unit: Unit = {
      id: before?.unit.id ?? newId(),
      name: (input.name ?? before?.unit.name ?? '').trim().replace(/\s+/g, ' '),
      kind: input.kind ?? before?.unit.kind ?? 'unit',
      ...(parentId !== undefined ? { parentId } : {}),
    };
    const reception = input.receptionFunctionId === undefined ? (before?.receptionFunctionId ?? null) : input.receptionFunctionId;
    orThrow(this.#unitProblems(cache, unit, reception));
    const now = this.ctx.clock.now();
    const values = { name: unit.name, kind: unit.kind, parent_id: unit.parentId ?? null, reception_function_id: reception };
    await this.db.transaction().execute(async (trx) => {
      if (before) await trx.updateTable('units').set(values).where('tenant_id', '=', tenantId).where('id', '=', unit.id).execute();
      else await trx.insertInto('units').values({ id: unit.id, tenant_id: tenantId, phone_hours_json: null, ...values }).execute();
      await audit(trx, actor, tenantId, now, { action: before ? 'unit.update' : 'unit.create', entity: 'unit', entityId: unit.id, detail: values });
    });
    const rec: UnitRecord = { unit, receptionFunctionId: reception, hasPhoneHours: before?.hasPhoneHours ?? false };
    cache.units.set(unit.id, rec);
    cache.index?.upsertUnit(unit);
    this.#publish(tenantId, 'unit', [unit.id]);
    return rec;
  }

  // ---- functions -------------------------------------------------------------------------

  #functionProblems(cache: TenantCache, tenant: Tenant, fn: ServiceFunction, before: ServiceFunction | undefined): Problem[] {
    const problems: Problem[] = [];
    const add = (field: string, code: string, sv: string, en: string) => problems.push(problem(code, sv, en, { field }));
    if (fn.name === '') add('name', 'function.name.required', 'Funktionen behöver ett namn.', 'A function needs a name.');
    // The CSV lists a person's functions by name in one cell, separated by , or |.
    if (LIST_SEPARATOR.test(fn.name)) add('name', 'function.name.separator', 'Funktionens namn får inte innehålla komma eller |.', 'A function name must not contain a comma or |.');
    const same = [...cache.functions.values()].find((f) => f.fn.id !== fn.id && nameKey(f.fn.name) === nameKey(fn.name));
    if (same) add('name', 'function.name.taken', `Det finns redan en funktion som heter ${same.fn.name}.`, `A function is already called ${same.fn.name}.`);
    if (fn.unitId !== undefined && !cache.units.has(fn.unitId)) add('unitId', 'function.unit.unknown', 'Enheten finns inte.', `Unit ${fn.unitId} does not exist.`);
    const plan = tenant.profile.numberPlan;
    if (fn.extension !== undefined && fn.extension !== before?.extension) {
      const holder = [...cache.people.values()].find((r) => r.person.extension === fn.extension)?.person
        ?? [...cache.functions.values()].find((f) => f.fn.id !== fn.id && f.fn.extension === fn.extension)?.fn;
      if (!/^\d+$/.test(fn.extension) || !isInExtensionPlan(fn.extension, plan)) {
        add('extension', 'function.extension.outsidePlan', `Anknytning ${fn.extension} finns inte i nummerplanen.`, `Extension ${fn.extension} is outside the extension plan.`);
      } else if (holder) {
        const name = 'firstName' in holder ? fullName(holder) : `funktionen ${holder.name}`;
        add('extension', 'function.extension.taken', `Anknytning ${fn.extension} används redan av ${name}.`, `Extension ${fn.extension} is already used.`);
      }
    }
    if (fn.directNumber !== undefined && fn.directNumber !== before?.directNumber) {
      const n = classifyNumber(fn.directNumber, plan);
      const taken = [...cache.people.values()].some((r) => r.person.directNumber === fn.directNumber)
        || [...cache.functions.values()].some((f) => f.fn.id !== fn.id && f.fn.directNumber === fn.directNumber);
      if ((n.kind !== 'fixed' && n.kind !== 'mobile') || n.e164 !== fn.directNumber) {
        add('directNumber', 'function.directNumber.invalid', `Direktnumret ${fn.directNumber} är inget giltigt svenskt nummer.`, `Direct number ${fn.directNumber} is not a valid Swedish number.`);
      } else if (taken) {
        add('directNumber', 'function.directNumber.taken', `Direktnumret ${n.display} används redan.`, `Direct number ${fn.directNumber} is already used.`);
      }
    }
    return problems;
  }

  async saveFunction(actor: Actor, functionId: string | null, input: FunctionInput): Promise<FunctionRecord> {
    this.#requireAdmin(actor);
    const tenantId = actor.tenantId;
    const [cache, tenant] = await Promise.all([this.#cache(tenantId), this.ctx.tenants.get(tenantId)]);
    const before = functionId === null ? undefined : cache.functions.get(functionId);
    if (functionId !== null && !before) throw notFound('function');
    const pick = (v: string | null | undefined, old: string | undefined) => (v === undefined ? old : v === null || v.trim() === '' ? undefined : v.trim());
    const extension = pick(input.extension, before?.fn.extension);
    const direct = pick(input.directNumber, before?.fn.directNumber);
    const normalized = direct === undefined ? undefined : normalizeNumber(direct);
    const unitId = pick(input.unitId, before?.fn.unitId);
    const fn: ServiceFunction = {
      id: before?.fn.id ?? newId(),
      name: (input.name ?? before?.fn.name ?? '').trim().replace(/\s+/g, ' '),
      memberIds: before?.fn.memberIds ?? [],
      ...(extension !== undefined ? { extension } : {}),
      ...(direct !== undefined ? { directNumber: normalized?.ok ? normalized.value.value : direct } : {}),
      ...(unitId !== undefined ? { unitId } : {}),
    };
    orThrow(this.#functionProblems(cache, tenant, fn, before?.fn));
    const ringStrategy = input.ringStrategy ?? before?.ringStrategy ?? 'together';
    const now = this.ctx.clock.now();
    const values = { ...functionColumns(fn), ring_strategy: ringStrategy };
    await this.#write(() => this.db.transaction().execute(async (trx) => {
      if (before) await trx.updateTable('functions').set(values).where('tenant_id', '=', tenantId).where('id', '=', fn.id).execute();
      else await trx.insertInto('functions').values({ id: fn.id, tenant_id: tenantId, overflow_json: null, ...values }).execute();
      await audit(trx, actor, tenantId, now, { action: before ? 'function.update' : 'function.create', entity: 'function', entityId: fn.id, detail: values });
    }));
    const rec: FunctionRecord = { fn, ringStrategy, overflow: before?.overflow ?? null };
    cache.functions.set(fn.id, rec);
    cache.index?.upsertFunction(fn);
    cache.functionIndex?.upsert(functionEntry(fn));
    this.#publish(tenantId, 'function', [fn.id]);
    return rec;
  }

  /** The members of a function, in ring order for 'in-turn' (P-GRP-1, P-SWB-3). */
  async setMembers(actor: Actor, functionId: string, memberIds: string[]): Promise<FunctionRecord> {
    this.#requireAdmin(actor);
    const tenantId = actor.tenantId;
    const cache = await this.#cache(tenantId);
    const rec = cache.functions.get(functionId);
    if (!rec) throw notFound('function');
    const ids = [...new Set(memberIds)];
    const problems = ids.flatMap((id, i) => {
      const p = cache.people.get(id);
      if (p && p.deactivatedAt === null) return [];
      return [problem('function.member.unknown', 'Personen finns inte i katalogen.', `Person ${id} does not exist or is deactivated.`, { field: `memberIds.${i}` })];
    });
    orThrow(problems);
    const now = this.ctx.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('function_members').where('tenant_id', '=', tenantId).where('function_id', '=', functionId).execute();
      if (ids.length > 0) {
        await trx.insertInto('function_members').values(ids.map((person_id, position) => ({ tenant_id: tenantId, function_id: functionId, person_id, position }))).execute();
      }
      await audit(trx, actor, tenantId, now, { action: 'function.members', entity: 'function', entityId: functionId, detail: { before: rec.fn.memberIds, after: ids } });
    });
    const affected = new Set([...rec.fn.memberIds, ...ids]);
    rec.fn = { ...rec.fn, memberIds: ids };
    const functionIds = this.#functionIdsByPerson(cache);
    for (const id of affected) {
      const p = cache.people.get(id);
      if (p) cache.people.set(id, { ...p, person: { ...p.person, functionIds: functionIds.get(id) ?? [] } });
    }
    if (cache.index) {
      cache.index.upsertFunction(rec.fn);
      for (const id of affected) {
        const p = cache.people.get(id);
        if (p && p.deactivatedAt === null) cache.index.upsert(p.person);
      }
    }
    this.#publish(tenantId, 'function', [functionId]);
    return rec;
  }

  // ---- CSV import --------------------------------------------------------------------------

  /** Rules the core's import does not know: roles (rules.ts) and the profile's service numbers. */
  #importProblems(actor: Actor, cache: TenantCache, tenant: Tenant, plan: ImportPlan): Problem[] {
    const problems: Problem[] = [];
    const finalRole = new Map([...cache.people.values()].filter((r) => r.deactivatedAt === null).map((r) => [r.person.id, r.person.role]));
    const inFile = [...plan.people.create, ...plan.people.update];
    for (const c of inFile) finalRole.set(c.person.id, c.person.role);
    for (const id of plan.people.unchanged) finalRole.set(id, cache.people.get(id)!.person.role);
    const adminsLeft = [...finalRole.values()].filter((r) => r === 'admin').length;
    for (const c of plan.people.update) {
      const p = roleChangeProblem({ actorIsAdmin: true, isSelf: c.person.id === actor.personId, from: c.previous!.role, to: c.person.role, adminsLeft });
      if (p) problems.push(atLine(c.line, p));
    }
    for (const c of inFile) {
      if (c.person.extension === c.previous?.extension) continue;
      const p = this.#reservedExtensionProblem(tenant, c.person.extension);
      if (p) problems.push(atLine(c.line, p));
    }
    return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  }

  /**
   * Imports an HR or AD export (docs/csv-import.md): all or nothing. Every problem of the
   * file comes back at once with its line; a valid file is written in one transaction.
   */
  async importCsv(actor: Actor, text: string, dryRun: boolean): Promise<ImportSummary> {
    this.#requireAdmin(actor);
    const tenantId = actor.tenantId;
    const [cache, tenant] = await Promise.all([this.#cache(tenantId), this.ctx.tenants.get(tenantId)]);
    const result = importDirectoryCsv(text, this.#fullState(cache), { plan: tenant.profile.numberPlan, newId: () => newId() });
    if (!result.ok) throw importFailed(result.problems);
    // The core compares function lists in order; the store keeps no order per person.
    const orderOnly = (c: ImportPlan['people']['update'][number]) =>
      c.changed.every((f) => f === 'functionIds') && sameSet(c.previous?.functionIds ?? [], c.person.functionIds);
    const plan: ImportPlan = {
      ...result.value,
      people: {
        ...result.value.people,
        update: result.value.people.update.filter((c) => !orderOnly(c)),
        unchanged: [...result.value.people.unchanged, ...result.value.people.update.filter(orderOnly).map((c) => c.person.id)],
      },
    };
    const extra = this.#importProblems(actor, cache, tenant, plan);
    if (extra.length > 0) throw importFailed(extra);

    // A person in the file who had left is back (an HR export lists the staff there are).
    const reactivated = [...plan.people.update.map((c) => c.person.id), ...plan.people.unchanged].filter((id) => cache.people.get(id)?.deactivatedAt !== null);
    const unchanged = plan.people.unchanged.filter((id) => !reactivated.includes(id));
    const summary: ImportSummary = {
      dryRun,
      created: plan.people.create.length,
      updated: plan.people.update.length + (plan.people.unchanged.length - unchanged.length),
      unchanged: unchanged.length,
      reactivated: reactivated.length,
      unitsCreated: plan.units.create.length,
      functionsCreated: plan.functions.create.length,
      functionsUpdated: plan.functions.update.length,
      notInFile: plan.people.notInFile.filter((id) => cache.people.get(id)?.deactivatedAt === null).length,
      ignoredColumns: plan.ignoredColumns,
    };
    if (dryRun) return summary;

    const now = this.ctx.clock.now();
    const at = toIso(now);
    await this.#write(() => this.db.transaction().execute(async (trx) => {
      // Parents come before their children in the plan.
      for (const u of plan.units.create) {
        await trx.insertInto('units').values({ id: u.id, tenant_id: tenantId, parent_id: u.parentId ?? null, name: u.name, kind: u.kind, phone_hours_json: null, reception_function_id: null }).execute();
      }
      for (const f of plan.functions.create) {
        await trx.insertInto('functions').values({ id: f.id, tenant_id: tenantId, ...functionColumns(f), ring_strategy: 'together', overflow_json: null }).execute();
      }
      // Extensions may move between people in one file: free the moved ones first, so that
      // the unique key never sees two holders half-way through.
      const moved = plan.people.update.filter((c) => c.changed.includes('extension') && c.previous?.extension !== undefined).map((c) => c.person.id);
      for (let i = 0; i < moved.length; i += INSERT_CHUNK) {
        await trx.updateTable('people').set({ extension: null }).where('tenant_id', '=', tenantId).where('id', 'in', moved.slice(i, i + INSERT_CHUNK)).execute();
      }
      // New people first without managers: a manager may be a new person further down.
      const creates = plan.people.create.map((c) => c.person);
      for (let i = 0; i < creates.length; i += INSERT_CHUNK) {
        await trx.insertInto('people').values(creates.slice(i, i + INSERT_CHUNK).map((p) => ({
          id: p.id, tenant_id: tenantId, ...personColumns(p), manager_id: null,
          voicemail_exception_by: null, voicemail_exception_at: null, created_at: at, updated_at: at, deactivated_at: null,
        }))).execute();
      }
      for (const p of creates) {
        if (p.managerId) await trx.updateTable('people').set({ manager_id: p.managerId }).where('tenant_id', '=', tenantId).where('id', '=', p.id).execute();
      }
      for (const c of plan.people.update) {
        await trx.updateTable('people').set({ ...personColumns(c.person), updated_at: at }).where('tenant_id', '=', tenantId).where('id', '=', c.person.id).execute();
      }
      for (let i = 0; i < reactivated.length; i += INSERT_CHUNK) {
        await trx.updateTable('people').set({ deactivated_at: null, updated_at: at }).where('tenant_id', '=', tenantId).where('id', 'in', reactivated.slice(i, i + INSERT_CHUNK)).execute();
      }
      for (const f of [...plan.functions.create, ...plan.functions.update]) {
        await trx.deleteFrom('function_members').where('tenant_id', '=', tenantId).where('function_id', '=', f.id).execute();
        for (let i = 0; i < f.memberIds.length; i += INSERT_CHUNK) {
          await trx.insertInto('function_members')
            .values(f.memberIds.slice(i, i + INSERT_CHUNK).map((person_id, k) => ({ tenant_id: tenantId, function_id: f.id, person_id, position: i + k })))
            .execute();
        }
      }
      const { dryRun: _dryRun, ...counts } = summary;
      await audit(trx, actor, tenantId, now, { action: 'directory.import', entity: 'directory', detail: counts });
    }));

    // Rebuilt from the store: the plan touched people, units, functions and memberships at once.
    const hadIndex = cache.index !== undefined;
    this.forget(tenantId);
    const fresh = await this.#cache(tenantId);
    if (hadIndex) this.#index(fresh);
    this.#publish(tenantId, 'import', [...plan.people.create, ...plan.people.update].map((c) => c.person.id).concat(reactivated));
    return summary;
  }
}
