// The in-code migration list (no directory scanning: the list is part of the program, so a
// bundled or relocated build migrates the same way).
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as initial from './0001_initial.js';
import * as calls from './0002_calls.js';
import * as agentPauseReason from './0003_agent_pause_reason.js';
import type { StoreDialect, StoreMigration } from './migration.js';

export type { StoreDialect, StoreMigration } from './migration.js';

/**
 * Every migration, by name. Kysely runs them in name order and records each in the table
 * kysely_migration; never rename, reorder or edit a released one, add a new one instead.
 */
const MIGRATIONS: Readonly<Record<string, StoreMigration>> = {
  '0001_initial': initial,
  '0002_calls': calls,
  '0003_agent_pause_reason': agentPauseReason,
};

export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();

export function migrationProvider(dialect: StoreDialect): MigrationProvider {
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(MIGRATIONS)) out[name] = { up: (db) => m.up(db, dialect) };
      return out;
    },
  };
}

/**
 * Brings the schema up to date and returns the names of the migrations it ran (none when
 * it already was). Servers starting together run each migration once: PostgreSQL through
 * Kysely's advisory lock, SQLite through one IMMEDIATE transaction around the whole run
 * (Kysely assumes a single SQLite connection; a second process on the same file would
 * otherwise read "nothing done yet" too and fail creating the same tables). A database
 * that has run a migration this program does not know (a newer release) is refused.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, dialect: StoreDialect): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect), disableTransactions: dialect === 'sqlite' });
  if (dialect === 'sqlite') await sql`begin immediate`.execute(db);
  const { error, results = [] } = await migrator.migrateToLatest();
  if (dialect === 'sqlite') await sql.raw(error === undefined ? 'commit' : 'rollback').execute(db);
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(failed ? `store: migration ${failed} failed: ${why}` : `store: migrations not run: ${why}`, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
