// Backup and restore, through the same command line `npm run backup|restore` uses, for both
// dialects: a backup, then a change, then a restore: the change is gone.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, describe, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { DomainError } from '../core/errors.js';
import { backupStore, restoreStore } from './backup.js';
import { openStore, sqlitePath, type StoreOptions } from './store.js';
import { DIALECTS, freshTarget, seedTenant, withStore } from './testing.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'ov-backup-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Runs src/store/cli.ts as `npm run backup|restore` does, with the store chosen by env. */
async function cli(args: string[], options: StoreOptions): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.OV_DATA_DIR;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.dataDir) env.OV_DATA_DIR = options.dataDir;
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const problemCode = (e: unknown) => (e instanceof DomainError ? e.problems[0]?.code : String(e));

async function tenantNames(options: StoreOptions): Promise<string[]> {
  const store = await openStore(options);
  try {
    const rows = await store.db.selectFrom('tenants').select('name').orderBy('name').execute();
    return rows.map((r) => r.name);
  } finally {
    await store.close();
  }
}

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    test('backup, change, restore: the change is gone', async () => {
      const target = await freshTarget(dialect);
      const file = join(work, `${dialect}-roundtrip.backup`);
      try {
        const store = await openStore(target.options);
        const { tenantId } = await seedTenant(store.db, 'valdemarsvik');
        // The backup is taken while the server has the store open (online backup).
        const backup = await cli(['backup', file], target.options);
        assert.equal(backup.code, 0, backup.stderr);
        assert.match(backup.stdout, new RegExp(`\\(${dialect}\\)`));
        assert.ok(existsSync(file));
        assert.ok(!existsSync(`${file}.partial`));

        await seedTenant(store.db, 'vara');
        await store.db.updateTable('tenants').set({ name: 'Omdöpt kommun' }).where('id', '=', tenantId).execute();
        await store.close();
        assert.deepEqual(await tenantNames(target.options), ['Omdöpt kommun', 'vara kommun']);

        const restore = await cli(['restore', file], target.options);
        assert.equal(restore.code, 0, restore.stderr);
        assert.deepEqual(await tenantNames(target.options), ['valdemarsvik kommun']);
        if (dialect === 'sqlite') {
          // The replaced database is kept, with the change in it.
          const kept = new SqliteDatabase(`${sqlitePath(target.options.dataDir)}.before-restore`, { readonly: true, fileMustExist: true });
          assert.deepEqual(kept.prepare('select name from tenants order by name').pluck().all(), ['Omdöpt kommun', 'vara kommun']);
          kept.close();
        }
        // The restored store is a current one: opening it migrates nothing, and it works.
        const reopened = await openStore(target.options);
        assert.deepEqual(reopened.migrated, []);
        await seedTenant(reopened.db, 'fagersta');
        await reopened.close();
      } finally {
        await target.dispose();
      }
    });

    test('a file that is not a backup is refused and the store is left as it was', async () => {
      await withStore(dialect, async (store, target) => {
        await seedTenant(store.db, 'karlsborg');
        await store.close();
        const junk = join(work, `${dialect}-junk.backup`);
        writeFileSync(junk, 'Det här är ingen säkerhetskopia.\n');
        await assert.rejects(restoreStore(target.options, junk), (e) => /^store\.(backup\.invalid|pg_restore\.failed)$/.test(problemCode(e) ?? ''));
        await assert.rejects(restoreStore(target.options, join(work, 'missing.backup')), (e) => problemCode(e) === 'store.restore.no-file');
        assert.deepEqual(await tenantNames(target.options), ['karlsborg kommun']);
      });
    });
  });
}

describe('sqlite only', () => {
  test('restore refuses while the database is open, and changes nothing', async () => {
    await withStore('sqlite', async (store, target) => {
      await seedTenant(store.db, 'vara');
      const file = join(work, 'in-use.backup');
      await backupStore(target.options, file);
      await seedTenant(store.db, 'fagersta');
      await assert.rejects(restoreStore(target.options, file), (e) => problemCode(e) === 'store.restore.in-use');
      const rows = await store.db.selectFrom('tenants').select('slug').orderBy('slug').execute();
      assert.deepEqual(rows.map((r) => r.slug), ['fagersta', 'vara']);
      assert.ok(!existsSync(`${sqlitePath(target.options.dataDir)}.before-restore`));
      assert.ok(!existsSync(`${sqlitePath(target.options.dataDir)}.restoring`));
    });
  });

  test('a backup of a data directory without a database says so', async () => {
    const empty = mkdtempSync(join(work, 'empty-'));
    await assert.rejects(backupStore({ dataDir: empty }, join(work, 'none.backup')), (e) => problemCode(e) === 'store.backup.no-database');
    assert.ok(!existsSync(join(work, 'none.backup')));
  });

  test('restore into an empty data directory (a new machine) works', async () => {
    await withStore('sqlite', async (store, target) => {
      await seedTenant(store.db, 'vara');
      const file = join(work, 'move.backup');
      await backupStore(target.options, file);
      const fresh = mkdtempSync(join(work, 'new-machine-'));
      const r = await restoreStore({ dataDir: fresh }, file);
      assert.equal(r.previous, null);
      assert.deepEqual(await tenantNames({ dataDir: fresh }), ['vara kommun']);
    });
  });
});

test('the command line explains its use when called wrongly', async () => {
  const r = await cli(['restore'], {});
  assert.equal(r.code, 2);
  assert.match(r.stderr, /npm run restore -- <fil>/);
});
