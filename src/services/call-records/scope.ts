// Whose calls an actor may see (least privilege): admins and operators every call of their
// municipality (operators answer for all of it); a manager the calls of themself and their
// staff down the manager chain, and of the functions in their staff's units; anyone else
// only the calls to and from themself.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Actor } from '../../http/context.js';
import { staffIdsOf } from '../directory/lookup.js';

export interface CallScope {
  /** null: every call of the municipality. */
  people: Set<string> | null;
  functions: Set<string>;
  /** The units the scope covers (a manager's: where their staff work); null: all. */
  units: Set<string> | null;
}

export async function callScopeOf(db: Kysely<Database>, actor: Actor): Promise<CallScope> {
  if (actor.role === 'admin' || actor.role === 'operator') return { people: null, functions: new Set(), units: null };
  if (!actor.personId) return { people: new Set(), functions: new Set(), units: new Set() };
  if (actor.role !== 'manager') return { people: new Set([actor.personId]), functions: new Set(), units: new Set() };
  const staff = await staffIdsOf(db, actor.tenantId, actor.personId);
  const people = new Set([actor.personId, ...staff]);
  const units = await unitsOfPeople(db, actor.tenantId, staff);
  const functions = await functionsInUnits(db, actor.tenantId, units);
  return { people, functions, units };
}

export async function unitsOfPeople(db: Kysely<Database>, tenantId: string, people: Iterable<string>): Promise<Set<string>> {
  const ids = [...people];
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('people').select('unit_id').where('tenant_id', '=', tenantId).where('id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) if (r.unit_id) out.add(r.unit_id);
  }
  return out;
}

export async function functionsInUnits(db: Kysely<Database>, tenantId: string, units: Set<string>): Promise<Set<string>> {
  if (units.size === 0) return new Set();
  const rows = await db.selectFrom('functions').select(['id', 'unit_id']).where('tenant_id', '=', tenantId).execute();
  return new Set(rows.filter((r) => r.unit_id && units.has(r.unit_id)).map((r) => r.id));
}

/** A unit and every unit below it. */
export async function unitSubtree(db: Kysely<Database>, tenantId: string, unitId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('units').select(['id', 'parent_id']).where('tenant_id', '=', tenantId).execute();
  const children = new Map<string, string[]>();
  for (const r of rows) if (r.parent_id) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r.id]);
  const out = new Set<string>();
  if (!rows.some((r) => r.id === unitId)) return out;
  const stack = [unitId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (out.has(id)) continue; // a cycle in bad data must not loop
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** The people working in these units. */
export async function peopleInUnits(db: Kysely<Database>, tenantId: string, units: Set<string>): Promise<Set<string>> {
  if (units.size === 0) return new Set();
  const rows = await db.selectFrom('people').select(['id', 'unit_id']).where('tenant_id', '=', tenantId).execute();
  return new Set(rows.filter((r) => r.unit_id && units.has(r.unit_id)).map((r) => r.id));
}
