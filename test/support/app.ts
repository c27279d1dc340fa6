// A real server on a fresh store (SQLite or PostgreSQL) with a clock the test controls,
// two municipalities, and people in every role. Requests go through Fastify's inject, so
// they pass the same hooks (auth, CSRF, validation) as network requests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildServer } from '../../src/http/server.js';
import { createContext } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openStore, newId, toIso, type Store } from '../../src/store/index.js';
import { freshTarget, type TestTarget } from '../../src/store/testing.js';
import type { StoreDialect, StoreOptions } from '../../src/store/index.js';
import { hashSecret } from '../../src/auth/secrets.js';
import { valdemarsvik, vara, type MunicipalityProfile } from '../../src/core/policy/index.js';
import { Temporal, type Instant } from '../../src/core/time.js';
import type { AppContext, Role } from '../../src/http/context.js';

export const PASSWORD = 'rätt-lösenord-123';

export class TestClock {
  constructor(public current: Instant) {}
  now = () => this.current;
  set(iso: string) {
    this.current = Temporal.Instant.from(iso);
  }
  advance(d: Temporal.DurationLike) {
    this.current = this.current.add(d);
  }
}

export interface SeedPerson {
  id: string;
  email: string;
  extension: string;
  role: Role;
  firstName: string;
  lastName: string;
}

export interface SeededTenant {
  id: string;
  slug: string;
  unitId: string;
  otherUnitId: string;
  functionId: string;
  people: Record<string, SeedPerson>;
}

export interface Client {
  person: SeedPerson;
  csrf: string;
  request(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  store: Store;
  clock: TestClock;
  a: SeededTenant;
  b: SeededTenant;
  /** Every route the server registered: "METHOD /url/:param". */
  routes: string[];
  /** How to open the same store again (a second app server on one database). */
  storeOptions: StoreOptions;
  login(person: SeedPerson): Promise<Client>;
  anonymous(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

async function seedTenant(ctx: AppContext, profile: MunicipalityProfile, prefix: string, hash: string, extBase: number): Promise<SeededTenant> {
  const db = ctx.store.db;
  const now = ctx.clock.now();
  const tenant = await ctx.tenants.create(structuredClone(profile), now);
  const unitId = newId();
  const otherUnitId = newId();
  const functionId = newId();
  await db.insertInto('units').values([
    { id: unitId, tenant_id: tenant.id, parent_id: null, name: 'Bygglov', kind: 'unit', phone_hours_json: null, reception_function_id: null },
    { id: otherUnitId, tenant_id: tenant.id, parent_id: null, name: 'IT', kind: 'unit', phone_hours_json: null, reception_function_id: null },
  ]).execute();
  await db.insertInto('functions').values({ id: functionId, tenant_id: tenant.id, unit_id: unitId, name: 'Bygglov', extension: String(extBase + 90), direct_number: null, ring_strategy: 'together', overflow_json: null }).execute();
  const spec: [string, Role, string, string, string | null, string][] = [
    ['admin', 'admin', 'Maria', 'Lindqvist', null, otherUnitId],
    ['operator', 'operator', 'Sara', 'Nilsson', null, otherUnitId],
    ['manager', 'manager', 'Johan', 'Ek', null, unitId],
    ['employee', 'employee', 'Anna', 'Berg', 'manager', unitId],
    ['other', 'employee', 'Erik', 'Holm', null, otherUnitId],
    ['otherManager', 'manager', 'Karin', 'Sund', null, otherUnitId],
  ];
  const people: Record<string, SeedPerson> = {};
  let n = 0;
  for (const [key, role, first, last] of spec) {
    people[key] = { id: newId(), email: `${prefix}.${key}@example.org`.toLowerCase(), extension: String(extBase + n++), role, firstName: first, lastName: last };
  }
  for (const [key, role, , , , unit] of spec) {
    const p = people[key]!;
    await db.insertInto('people').values({
      id: p.id, tenant_id: tenant.id, first_name: p.firstName, last_name: p.lastName, title: 'Handläggare', unit_id: unit,
      extension: p.extension, direct_number: null, mobile_number: null, email: p.email, manager_id: null, role,
      created_at: toIso(now), updated_at: toIso(now), deactivated_at: null, voicemail_exception_by: null, voicemail_exception_at: null,
      matters_json: JSON.stringify(key === 'employee' ? ['bygglov', 'strandskydd'] : []),
    }).execute();
    await db.insertInto('credentials').values({ person_id: p.id, tenant_id: tenant.id, password_hash: hash, pin_hash: null, updated_at: toIso(now) }).execute();
  }
  for (const [key, , , , managerKey] of spec) {
    if (managerKey) await db.updateTable('people').set({ manager_id: people[managerKey]!.id }).where('id', '=', people[key]!.id).execute();
  }
  await db.insertInto('function_members').values({ tenant_id: tenant.id, function_id: functionId, person_id: people.employee!.id, position: 0 }).execute();
  return { id: tenant.id, slug: tenant.slug, unitId, otherUnitId, functionId, people };
}

export async function startTestApp(opts: { dialect?: StoreDialect; now?: string } = {}): Promise<TestApp> {
  const target: TestTarget = await freshTarget(opts.dialect ?? 'sqlite');
  const store = await openStore(target.options);
  const clock = new TestClock(Temporal.Instant.from(opts.now ?? '2026-03-25T09:00:00Z'));
  // Tests move the clock by days; sessions must outlive that unless a test says otherwise.
  // PostgreSQL keeps rows in the database, but recordings and greetings still need a folder.
  const ownDataDir = target.options.dataDir ? null : mkdtempSync(join(tmpdir(), 'ov-data-'));
  const config = { ...loadConfig({}), dataDir: target.options.dataDir ?? ownDataDir!, sessionHours: 24 * 60 };
  const ctx = createContext(config, store, clock);
  const hash = await hashSecret(PASSWORD);
  const a = await seedTenant(ctx, valdemarsvik, 'a', hash, 2000);
  const b = await seedTenant(ctx, vara, 'b', hash, 31000);
  const routes: string[] = [];
  const app = await buildServer(ctx, { onRoute: (method, url) => routes.push(`${method} ${url}`) });
  await app.ready();

  const inject = (method: InjectOptions['method'], url: string, body: unknown, headers: Record<string, string>): Promise<LightMyRequestResponse> =>
    app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }) });

  return {
    app, ctx, store, clock, a, b, routes, storeOptions: target.options,
    async login(person) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: person.email, password: PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login of ${person.email} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'ov_session');
      if (!cookie) throw new Error('no session cookie');
      const csrf = (res.json() as { csrfToken: string }).csrfToken;
      return {
        person,
        csrf,
        request: (method, url, body, headers = {}) => inject(method, url, body, { cookie: `ov_session=${cookie.value}`, 'x-csrf-token': csrf, ...headers }),
      };
    },
    anonymous: (method, url, body, headers = {}) => inject(method, url, body, headers),
    async close() {
      await app.close();
      await store.close();
      await target.dispose();
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    },
  };
}
