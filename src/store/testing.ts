// Fresh, empty stores for tests, in both dialects: a temp directory for SQLite, a new
// database on the test PostgreSQL server for PostgreSQL (so tests never see each other's
// rows, even when test files run in parallel).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { newId } from './ids.js';
import { openStore, type Store, type StoreDialect, type StoreOptions } from './store.js';

export const DIALECTS: readonly StoreDialect[] = ['sqlite', 'postgres'];

export interface TestTarget {
  dialect: StoreDialect;
  /** What to pass to openStore (or backupStore/restoreStore) for this target. */
  options: StoreOptions;
  /** Removes the directory or drops the database. Close the stores first. */
  dispose(): Promise<void>;
}

/**
 * The PostgreSQL server the tests use. Not set means the tests were started without
 * scripts/test.sh: that is a failure, never a reason to skip the PostgreSQL half.
 */
export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      'TEST_DATABASE_URL is not set. Run the tests with `npm test`, which starts a throwaway PostgreSQL ' +
        '(or: source scripts/pg-throwaway.sh && pg_throwaway_start, then run node --test).',
    );
  }
  return url;
}

export async function freshTarget(dialect: StoreDialect): Promise<TestTarget> {
  if (dialect === 'sqlite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'ov-store-'));
    return { dialect, options: { dataDir }, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const admin = testDatabaseUrl();
  const name = `ov_test_${newId().replaceAll('-', '')}`;
  await adminQuery(admin, `create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    dialect,
    options: { databaseUrl: url.toString() },
    // WITH (FORCE) also ends connections a failed test left open (PostgreSQL 13+).
    dispose: () => adminQuery(admin, `drop database if exists ${name} with (force)`),
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Runs `fn` with a freshly opened, migrated store and cleans up whatever happens. */
export async function withStore(dialect: StoreDialect, fn: (store: Store, target: TestTarget) => Promise<void>): Promise<void> {
  const target = await freshTarget(dialect);
  try {
    const store = await openStore(target.options);
    try {
      await fn(store, target);
    } finally {
      await store.close();
    }
  } finally {
    await target.dispose();
  }
}

export const T0 = '2026-03-27T14:00:00.000Z';

/** A tenant with one unit and one person (extension 2001), for tests that need rows to point at. */
export async function seedTenant(
  db: Store['db'],
  slug: string,
  extension: string | null = '2001',
): Promise<{ tenantId: string; unitId: string; personId: string }> {
  const tenantId = newId();
  const unitId = newId();
  const personId = newId();
  await db.insertInto('tenants').values({ id: tenantId, slug, name: `${slug} kommun`, profile_json: '{}', created_at: T0, updated_at: T0 }).execute();
  await db.insertInto('units').values({ id: unitId, tenant_id: tenantId, parent_id: null, name: 'Växel och kontaktcenter', kind: 'unit', phone_hours_json: null, reception_function_id: null }).execute();
  await db
    .insertInto('people')
    .values({
      id: personId,
      tenant_id: tenantId,
      first_name: 'Anna',
      last_name: 'Berg',
      title: 'telefonist',
      unit_id: unitId,
      extension,
      direct_number: null,
      mobile_number: null,
      email: `anna.berg@${slug}.example`,
      manager_id: null,
      role: 'operator',
      voicemail_exception_by: null,
      voicemail_exception_at: null,
      created_at: T0,
      updated_at: T0,
      deactivated_at: null,
    })
    .execute();
  return { tenantId, unitId, personId };
}
