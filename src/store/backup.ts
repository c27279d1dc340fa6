// Backup and restore of the store (docs/operations.md, "Backup and restore").
//
// SQLite: an online, consistent copy through SQLite's backup API (the server keeps running);
// restore replaces the file and refuses while any process has the database open.
// PostgreSQL: pg_dump's custom format, restored with pg_restore --clean --if-exists in one
// transaction, so a failed restore leaves the database as it was.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { DomainError, problem } from '../core/errors.js';
import { MIGRATION_NAMES } from './migrations/index.js';
import { sqlitePath, type StoreDialect, type StoreOptions } from './store.js';

const run = promisify(execFile);

export interface BackupResult {
  dialect: StoreDialect;
  /** Absolute path of the backup file. */
  file: string;
  bytes: number;
}

export interface RestoreResult {
  dialect: StoreDialect;
  file: string;
  /** SQLite: where the replaced database was kept (null when there was none). */
  previous: string | null;
}

/** Writes a backup of the store to `file` (replacing it), without stopping the server. */
export async function backupStore(options: StoreOptions, file: string): Promise<BackupResult> {
  const target = resolve(file);
  mkdirSync(dirname(target), { recursive: true });
  // Written beside the target and renamed at the end: an interrupted backup never leaves a
  // truncated file under the name an operator will restore from.
  const partial = `${target}.partial`;
  try {
    if (options.databaseUrl) await pgDump(options.databaseUrl, partial);
    else await sqliteBackup(sqlitePath(options.dataDir), partial);
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
  return { dialect: options.databaseUrl ? 'postgres' : 'sqlite', file: target, bytes: statSync(target).size };
}

/** Replaces the store's contents with a backup. Stop the app servers first. */
export async function restoreStore(options: StoreOptions, file: string): Promise<RestoreResult> {
  const source = resolve(file);
  if (!existsSync(source)) {
    throw new DomainError(problem('store.restore.no-file', `Säkerhetskopian ${source} finns inte.`, `Backup file ${source} does not exist.`));
  }
  if (options.databaseUrl) {
    await pgRestore(options.databaseUrl, source);
    return { dialect: 'postgres', file: source, previous: null };
  }
  return { dialect: 'sqlite', file: source, previous: sqliteRestore(sqlitePath(options.dataDir), source) };
}

async function sqliteBackup(live: string, target: string): Promise<void> {
  if (!existsSync(live)) {
    throw new DomainError(problem('store.backup.no-database', `Det finns ingen databas i ${live}.`, `No database at ${live} (check OV_DATA_DIR).`));
  }
  const db = new SqliteDatabase(live, { readonly: true, fileMustExist: true });
  try {
    // The backup API copies one consistent snapshot while other connections keep writing.
    await db.backup(target);
  } finally {
    db.close();
  }
  checkSqliteBackup(target);
}

/** A usable backup: a sound SQLite file holding this program's schema, not a newer one. */
function checkSqliteBackup(file: string): void {
  const bad = (why: string) =>
    new DomainError(problem('store.backup.invalid', `${file} är ingen användbar säkerhetskopia av Öppen Växel.`, `${file} is not a usable Öppen Växel backup: ${why}.`));
  let db: SqliteDatabase.Database;
  try {
    db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw bad((e as Error).message);
  }
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw bad(`quick_check says ${String(check)}`);
    const names = db.prepare('select name from kysely_migration order by name').pluck().all() as string[];
    const unknown = names.filter((n) => !MIGRATION_NAMES.includes(n));
    if (unknown.length > 0) throw bad(`it comes from a newer release (migrations ${unknown.join(', ')})`);
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw bad((e as Error).message);
  } finally {
    db.close();
  }
}

/**
 * Replaces the live file. Refuses while any connection has the database open: a process
 * holding it would go on writing into the replaced file (or corrupt the new one). The
 * replaced database is kept as `<file>.before-restore`.
 */
function sqliteRestore(live: string, source: string): string | null {
  if (resolve(source) === live) {
    throw new DomainError(problem('store.restore.same-file', 'Säkerhetskopian är den databas som ska ersättas.', 'The backup is the live database file itself.'));
  }
  checkSqliteBackup(source);
  mkdirSync(dirname(live), { recursive: true });
  // Copied beside the live file first: from here on only renames, which cannot half-happen.
  const incoming = `${live}.restoring`;
  copyFileSync(source, incoming);
  let previous: string | null = null;
  try {
    if (existsSync(live)) {
      takeOverForRestore(live);
      previous = `${live}.before-restore`;
      renameSync(live, previous);
    }
    renameSync(incoming, live);
  } finally {
    rmSync(incoming, { force: true });
  }
  return previous;
}

/**
 * Takes an exclusive lock on the live database (failing at once if any connection has it
 * open: in WAL mode every open connection holds a shared lock), folds the WAL into the file
 * and closes, which removes the -wal and -shm files. After this the file is self-contained.
 */
function takeOverForRestore(live: string): void {
  const db = new SqliteDatabase(live, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code === 'SQLITE_BUSY') {
      throw new DomainError(
        problem(
          'store.restore.in-use',
          `Databasen ${live} används. Stoppa Öppen Växel innan du återställer.`,
          `Database ${live} is open in another process; stop the server before restoring.`,
        ),
      );
    }
    throw e;
  }
  db.close();
  for (const suffix of ['-wal', '-shm']) rmSync(`${live}${suffix}`, { force: true });
}

/** A PostgreSQL client program: from PG_BINDIR when set (as in scripts/pg-throwaway.sh), else PATH. */
function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const dir = process.env.PG_BINDIR;
  return dir ? join(dir, name) : name;
}

/** The URL without its password, and the password in the environment: argv is public (ps). */
function pgConnection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = '';
  }
  return { url: u.toString(), env };
}

async function runPgTool(name: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run(pgTool(name), args, { env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const err = e as { code?: string; stderr?: string; message: string };
    const detail = err.code === 'ENOENT' ? `${name} not found (install postgresql-client, or set PG_BINDIR)` : (err.stderr?.trim() || err.message);
    throw new DomainError(problem(`store.${name}.failed`, `${name} misslyckades: ${detail}`, `${name} failed: ${detail}`));
  }
}

async function pgDump(databaseUrl: string, target: string): Promise<void> {
  const { url, env } = pgConnection(databaseUrl);
  // Custom format: compressed, and pg_restore can pick and reorder what it restores.
  await runPgTool('pg_dump', ['--format=custom', `--file=${target}`, `--dbname=${url}`], env);
}

async function pgRestore(databaseUrl: string, source: string): Promise<void> {
  const { url, env } = pgConnection(databaseUrl);
  // Reading the table of contents first refuses a file that is not a pg_dump archive
  // before anything in the database is dropped.
  const toc = await runPgTool('pg_restore', ['--list', source], env);
  if (!/TABLE DATA \S+ kysely_migration /.test(toc)) {
    throw new DomainError(
      problem('store.backup.invalid', `${source} är ingen säkerhetskopia av Öppen Växel.`, `${source} is a pg_dump archive without Öppen Växel's migration table.`),
    );
  }
  await runPgTool(
    'pg_restore',
    // --no-owner/--no-privileges: restore as the connecting role, e.g. onto another server.
    ['--clean', '--if-exists', '--single-transaction', '--no-owner', '--no-privileges', `--dbname=${url}`, source],
    env,
  );
}
