// Opening the store: one schema, SQLite by default, PostgreSQL when a database URL is given.
//
// Embedded (the default): one process owns `<dataDir>/oppen-vaxel.sqlite`. At scale: every
// app server opens the same PostgreSQL database (ARCHITECTURE.md, "Two ways to run it").
// Either way the schema is migrated on open, so a fresh data directory or an empty database
// is a working store.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest, type StoreDialect } from './migrations/index.js';
import type { Database } from './schema.js';

export type { StoreDialect } from './migrations/index.js';

export const DEFAULT_DATA_DIR = './data';
export const SQLITE_FILE_NAME = 'oppen-vaxel.sqlite';
/** How long a SQLite statement waits for another connection's write lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

export interface StoreOptions {
  /** Where the SQLite file lives (default ./data). Unused with PostgreSQL. */
  dataDir?: string;
  /** postgres://user:password@host:port/database; when set, PostgreSQL is used. */
  databaseUrl?: string;
  /** PostgreSQL pool size per process (default 10, pg's default). */
  poolSize?: number;
  /** Told about errors on idle PostgreSQL connections (the pool replaces the connection). */
  onPoolError?: (error: Error) => void;
}

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  /** The SQLite file, or the PostgreSQL URL without its password: for logs. */
  readonly location: string;
  /** The migrations this open ran (empty when the schema was already current). */
  readonly migrated: readonly string[];
  close(): Promise<void>;
}

export function sqlitePath(dataDir: string = DEFAULT_DATA_DIR): string {
  return resolve(join(dataDir, SQLITE_FILE_NAME));
}

/** The URL as it may appear in a log: the password replaced. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable database URL)';
  }
}

export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const { dialect, db, location } = options.databaseUrl ? openPostgres(options.databaseUrl, options) : openSqlite(options.dataDir);
  let migrated: string[];
  try {
    migrated = await migrateToLatest(db, dialect);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  let closed: Promise<void> | undefined;
  return {
    db,
    dialect,
    location,
    migrated,
    // Safe to call twice: the second call waits for the first.
    close: () => (closed ??= db.destroy()),
  };
}

/**
 * Switching a new file to WAL needs an exclusive lock, and SQLite answers SQLITE_BUSY at once
 * rather than through the busy handler when another process (a second app server starting
 * at the same moment) is creating the schema. Retry for a while; the mode is then stored in
 * the file and later opens need no lock for it.
 */
function switchToWal(database: SqliteDatabase.Database): unknown {
  const deadline = Date.now() + 30_000;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      return database.pragma('journal_mode = WAL', { simple: true });
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw e;
      Atomics.wait(pause, 0, 0, 25); // synchronous open: a short blocking pause
    }
  }
}

function openSqlite(dataDir: string | undefined): { dialect: StoreDialect; db: Kysely<Database>; location: string } {
  const file = sqlitePath(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  const database = new SqliteDatabase(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    // WAL: readers do not block the writer, and an online backup sees one consistent state.
    const mode = switchToWal(database);
    if (mode !== 'wal') throw new Error(`store: ${file} refused WAL mode (journal_mode is ${String(mode)})`);
    // SQLite checks foreign keys only when asked, per connection.
    database.pragma('foreign_keys = ON');
    // In WAL mode NORMAL never corrupts the database; a power cut may lose the last
    // transactions, not the file. FULL would fsync on every commit of every presence change.
    database.pragma('synchronous = NORMAL');
  } catch (e) {
    database.close();
    throw e;
  }
  return { dialect: 'sqlite', db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), location: file };
}

function openPostgres(url: string, options: StoreOptions): { dialect: StoreDialect; db: Kysely<Database>; location: string } {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle connection that breaks (server restart, network) must not crash the process:
  // the pool drops it and the next query opens a new one.
  const location = redactUrl(url);
  pool.on('error', options.onPoolError ?? ((e) => console.error(`store: idle connection to ${location} failed: ${e.message}`)));
  return { dialect: 'postgres', db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), location };
}
