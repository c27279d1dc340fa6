// Directory look-ups that authentication and the event stream need.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { normalizeNumber } from '../../core/numbers/index.js';

/** The stored forms a typed phone login can match: E.164 for numbers, digits for extensions. */
function phoneForms(login: string): string[] {
  const n = normalizeNumber(login);
  return n.ok ? [n.value.value] : [];
}

export interface LoginCandidate {
  id: string;
  tenant_id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  role: string;
}

/**
 * People a login names: by e-mail (case-insensitive), or by extension, direct or mobile
 * number. Within one municipality a login is unique; across municipalities the caller
 * must say which.
 */
export async function findPeopleByLogin(db: Kysely<Database>, login: string, tenantSlug?: string): Promise<LoginCandidate[]> {
  const trimmed = login.trim();
  let q = db
    .selectFrom('people')
    .innerJoin('tenants', 'tenants.id', 'people.tenant_id')
    .select(['people.id', 'people.tenant_id', 'people.first_name', 'people.last_name', 'people.email', 'people.role'])
    .where('people.deactivated_at', 'is', null);
  if (tenantSlug) q = q.where('tenants.slug', '=', tenantSlug.toLowerCase());
  if (trimmed.includes('@')) {
    return q.where('people.email', '=', trimmed.toLowerCase()).execute();
  }
  const forms = phoneForms(trimmed);
  if (forms.length === 0) return [];
  return q
    .where((eb) => eb.or([eb('people.extension', 'in', forms), eb('people.direct_number', 'in', forms), eb('people.mobile_number', 'in', forms)]))
    .execute();
}

/** Everyone below a manager in the manager chain (direct and indirect reports). */
export async function staffIdsOf(db: Kysely<Database>, tenantId: string, managerId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('people').select(['id', 'manager_id']).where('tenant_id', '=', tenantId).execute();
  const reports = new Map<string, string[]>();
  for (const r of rows) {
    if (!r.manager_id) continue;
    const list = reports.get(r.manager_id) ?? [];
    list.push(r.id);
    reports.set(r.manager_id, list);
  }
  const out = new Set<string>();
  const stack = [...(reports.get(managerId) ?? [])];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (out.has(id) || id === managerId) continue; // a cycle in bad data must not loop
    out.add(id);
    stack.push(...(reports.get(id) ?? []));
  }
  return out;
}

/**
 * Whose records (audit entries, call-backs) an actor may list: admins everyone (null),
 * others themselves, and managers also their staff down the manager chain.
 */
export async function visiblePersonIds(db: Kysely<Database>, actor: { role: string; tenantId: string; personId: string | null }): Promise<Set<string> | null> {
  if (actor.role === 'admin') return null;
  const visible = new Set<string>(actor.personId ? [actor.personId] : []);
  if (actor.role === 'manager' && actor.personId) for (const id of await staffIdsOf(db, actor.tenantId, actor.personId)) visible.add(id);
  return visible;
}
