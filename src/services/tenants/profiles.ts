// The municipalities of an installation, each with its policy profile. Profiles are read
// often (every call, every absence) and change rarely, so they are cached per process and
// dropped from the cache when an admin saves a new one.
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { newId, toIso } from '../../store/index.js';
import { validateProfile, type MunicipalityProfile } from '../../core/policy/index.js';
import { workingTime, type HoursWorkingTime } from '../../core/hours/index.js';
import { classifyNumber } from '../../core/numbers/index.js';
import { DomainError } from '../../core/errors.js';
import type { Instant } from '../../core/time.js';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  profile: MunicipalityProfile;
  /** Working time from the profile's working hours (P-CB-1 deadlines, "Gått för dagen"). */
  workingTime: HoursWorkingTime;
  /** P-COST-1: is this number one of the municipality's own (extension or direct number)? */
  isInternalNumber(number: string): boolean;
}

function toTenant(row: { id: string; slug: string; name: string; profile_json: string }): Tenant {
  const profile = JSON.parse(row.profile_json) as MunicipalityProfile;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    profile,
    workingTime: workingTime(profile.workingHours),
    isInternalNumber: (n) => classifyNumber(n, profile.numberPlan).isInternal,
  };
}

export class TenantDirectory {
  #byId = new Map<string, Tenant>();
  constructor(private readonly db: Kysely<Database>) {}

  async get(id: string): Promise<Tenant> {
    const hit = this.#byId.get(id);
    if (hit) return hit;
    const row = await this.db.selectFrom('tenants').select(['id', 'slug', 'name', 'profile_json']).where('id', '=', id).executeTakeFirstOrThrow();
    const t = toTenant(row);
    this.#byId.set(id, t);
    return t;
  }

  async bySlug(slug: string): Promise<Tenant | undefined> {
    const row = await this.db.selectFrom('tenants').select('id').where('slug', '=', slug.toLowerCase()).executeTakeFirst();
    return row ? this.get(row.id) : undefined;
  }

  async all(): Promise<Tenant[]> {
    const rows = await this.db.selectFrom('tenants').select('id').orderBy('name').execute();
    return Promise.all(rows.map((r) => this.get(r.id)));
  }

  /** Drops a municipality's cached profile, or all (another app server saved it: `profile.changed`). */
  forget(id?: string): void {
    if (id === undefined) this.#byId.clear();
    else this.#byId.delete(id);
  }

  /** Save a new profile for a municipality (validated first; nothing is saved on error). */
  async saveProfile(id: string, profile: MunicipalityProfile, at: Instant): Promise<Tenant> {
    const problems = validateProfile(profile);
    if (problems.length > 0) throw new DomainError(problems);
    await this.db.updateTable('tenants').set({ profile_json: JSON.stringify(profile), name: profile.name, updated_at: toIso(at) }).where('id', '=', id).execute();
    this.#byId.delete(id);
    return this.get(id);
  }

  /** A new municipality from a profile; the slug is the profile's id. */
  async create(profile: MunicipalityProfile, at: Instant): Promise<Tenant> {
    const problems = validateProfile(profile);
    if (problems.length > 0) throw new DomainError(problems);
    const id = newId();
    await this.db.insertInto('tenants').values({
      id, slug: profile.id.toLowerCase(), name: profile.name, profile_json: JSON.stringify(profile), created_at: toIso(at), updated_at: toIso(at),
    }).execute();
    return this.get(id);
  }
}
