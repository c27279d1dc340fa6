// The store against both dialects: every test runs on SQLite (a temp dir) and on
// PostgreSQL (a fresh database on TEST_DATABASE_URL; see testing.ts).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import { sql, type Insertable } from 'kysely';
import { Temporal } from '../core/time.js';
import { fromFlag, fromIso, fromJson, normalizeEmail, toFlag, toIso, toJson } from './codec.js';
import { constraintViolation, type ConstraintKind } from './errors.js';
import { newId } from './ids.js';
import { MIGRATION_NAMES } from './migrations/index.js';
import type { Database } from './schema.js';
import { openStore, type Store, type StoreOptions } from './store.js';
import { DIALECTS, freshTarget, seedTenant, T0, withStore } from './testing.js';

const ALL_TABLES = [
  'absences', 'api_tokens', 'approvals', 'audit_log', 'call_legs', 'call_records', 'callbacks', 'credentials',
  'function_members', 'functions', 'info_snippets', 'login_attempts', 'people', 'sessions', 'sip_bindings',
  'switchboard_agents', 'tenants', 'trunks', 'units', 'voicemail_greetings', 'voicemail_messages',
];

/** Runs `action` and asserts it breaks a constraint of the given kind. */
async function rejects(kind: ConstraintKind, action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
  } catch (e) {
    const v = constraintViolation(e);
    assert.ok(v, `expected a ${kind} violation, got: ${String(e)}`);
    assert.equal(v.kind, kind, `expected a ${kind} violation, got ${v.kind} (${v.detail})`);
    return v.detail;
  }
  assert.fail(`expected a ${kind} violation, but the statement succeeded`);
}

async function count(store: Store, table: keyof Database): Promise<number> {
  const r = await store.db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

const run = promisify(execFile);

/**
 * Opens the store in another Node process at wall-clock time `startAt` (so that several
 * children really open together) and returns the migrations that open ran.
 */
async function openInChild(options: StoreOptions, startAt: number): Promise<string[]> {
  const script = `import { openStore } from ${JSON.stringify(new URL('./store.ts', import.meta.url).href)};
    await new Promise((r) => setTimeout(r, ${startAt} - Date.now()));
    const s = await openStore(JSON.parse(process.argv[1]));
    console.log(JSON.stringify(s.migrated));
    await s.close();`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, JSON.stringify(options)]);
  return JSON.parse(stdout) as string[];
}

async function insertRow<T extends keyof Database>(db: Store['db'], table: T, row: Insertable<Database[T]>): Promise<void> {
  await db.insertInto(table).values(row).execute();
}

function person(tenantId: string, unitId: string, extension: string | null, email: string) {
  return {
    id: newId(),
    tenant_id: tenantId,
    first_name: 'Erik',
    last_name: 'Lind',
    title: 'bygglovshandläggare',
    unit_id: unitId,
    extension,
    direct_number: null,
    mobile_number: null,
    email,
    manager_id: null,
    role: 'employee',
    voicemail_exception_by: null,
    voicemail_exception_at: null,
    created_at: T0,
    updated_at: T0,
    deactivated_at: null,
  };
}

for (const dialect of DIALECTS) {
  describe(dialect, () => {
    test('migrations run on an empty store, and re-opening runs none and keeps the rows', async () => {
      const target = await freshTarget(dialect);
      try {
        const first = await openStore(target.options);
        assert.equal(first.dialect, dialect);
        assert.deepEqual(first.migrated, [...MIGRATION_NAMES]);
        const tables = (await first.db.introspection.getTables()).map((t) => t.name).sort();
        assert.deepEqual(tables, ALL_TABLES);
        await seedTenant(first.db, 'valdemarsvik');
        await first.close();

        const second = await openStore(target.options);
        assert.deepEqual(second.migrated, []);
        assert.equal(await count(second, 'tenants'), 1);
        assert.equal(await count(second, 'people'), 1);
        await second.close();
      } finally {
        await target.dispose();
      }
    });

    test('forward-only: a store migrated by a newer release is refused, not touched', async () => {
      const target = await freshTarget(dialect);
      try {
        const store = await openStore(target.options);
        await sql`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', ${T0})`.execute(store.db);
        await store.close();
        await assert.rejects(openStore(target.options), /9999_from_the_future/);
      } finally {
        await target.dispose();
      }
    });

    test('two app servers opening an empty store at once both start, and the schema is made once', async () => {
      const target = await freshTarget(dialect);
      try {
        // Separate processes, as two servers would be (better-sqlite3 is synchronous: two
        // connections in one process would wait on each other inside one event loop).
        const startAt = Date.now() + 3000;
        const ran = (await Promise.all([openInChild(target.options, startAt), openInChild(target.options, startAt)])).sort();
        assert.deepEqual(ran, [[], [...MIGRATION_NAMES]]);
        const store = await openStore(target.options);
        const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(store.db);
        assert.deepEqual(rows.rows.map((r) => r.name), [...MIGRATION_NAMES]);
        await store.close();
      } finally {
        await target.dispose();
      }
    });

    test('round trip of every table: text, integers 0/1, JSON and instants come back as written', async () => {
      await withStore(dialect, async ({ db }) => {
        const at = Temporal.Instant.from('2026-03-29T00:59:59.999Z'); // the last millisecond before DST begins
        const later = at.add({ hours: 49 });
        const tenant = { id: newId(), slug: 'vara', name: 'Vara kommun', profile_json: toJson({ callbackDays: 2, greeting: 'Välkommen till Vara kommun' }), created_at: toIso(at), updated_at: toIso(later) };
        const unit = { id: newId(), tenant_id: tenant.id, parent_id: null, name: 'Försörjningsstöd', kind: 'unit' as const, phone_hours_json: toJson([{ weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '11:00' }]), reception_function_id: null };
        const child = { ...unit, id: newId(), parent_id: unit.id, name: 'Mottagning', phone_hours_json: null };
        const fn = { id: newId(), tenant_id: tenant.id, unit_id: unit.id, name: 'Expeditionen', extension: '3100', direct_number: '+4651231000', ring_strategy: 'in-turn' as const, overflow_json: toJson({ kind: 'switchboard', afterSeconds: 24 }) };
        const manager = { ...person(tenant.id, unit.id, '3001', 'åsa.öberg@vara.example'), first_name: 'Åsa', last_name: 'Öberg', role: 'manager' };
        const employee = {
          ...person(tenant.id, unit.id, '3002', 'erik.lind@vara.example'),
          direct_number: '+4651231002', mobile_number: '+46701740605', mobile_extension: toFlag(true), matters_json: toJson(['försörjningsstöd', 'ekonomiskt bistånd']),
          manager_id: manager.id, elected_member: toFlag(true), voicemail_enabled: toFlag(false), voicemail_exception_by: manager.id, voicemail_exception_at: toIso(at), deactivated_at: toIso(later),
        };
        const member = { tenant_id: tenant.id, function_id: fn.id, person_id: employee.id, position: 2 };
        const credentials = { person_id: employee.id, tenant_id: tenant.id, password_hash: 'scrypt$abc', pin_hash: 'scrypt$def', sip_ha1_json: toJson({ MD5: 'a'.repeat(32), 'SHA-256': 'b'.repeat(64) }), updated_at: toIso(at) };
        const session = { id_hash: 'h'.repeat(64), tenant_id: tenant.id, person_id: employee.id, csrf_token: 'csrf', created_at: toIso(at), expires_at: toIso(later), last_seen_at: toIso(at) };
        const token = { id: newId(), tenant_id: tenant.id, name: 'Kalenderkoppling', token_hash: 't'.repeat(64), role: 'admin', created_by: manager.id, created_at: toIso(at), last_used_at: toIso(later), revoked_at: toIso(later) };
        const attempt = { key: 'login:erik.lind@vara.example', failures: 5, first_failure_at: toIso(at), blocked_until: toIso(later) };
        const absence = {
          id: newId(), tenant_id: tenant.id, person_id: employee.id, reason: 'lunch', starts_at: toIso(at), ends_at: toIso(later), target_json: toJson({ kind: 'function', functionId: fn.id }),
          note: 'Tandläkare', recurrence_json: toJson({ weekdays: [2], start: '12:00', end: '13:00', from: '2026-03-03' }), exceptions_json: toJson(['2026-03-31']),
          created_by: manager.id, created_at: toIso(at), updated_at: toIso(at), cancelled_at: toIso(later),
        };
        const callback = {
          id: newId(), tenant_id: tenant.id, person_id: employee.id, unit_id: unit.id, caller_name: 'Göran Ström', caller_number: '+46701740606', caller_email: 'goran@example.org', subject: 'Ansökan om försörjningsstöd',
          source: 'operator', taken_by: manager.id, received_at: toIso(at), first_due_at: toIso(later), due_at: toIso(later), status: 're-planned', outcome: 'reached', note: 'Ringer igen på fredag',
          done_at: toIso(later), done_by: employee.id, heard_at: toIso(later), escalated_at: toIso(later), recording_path: 'recordings/x.wav', history_json: toJson([{ at: toIso(at), dueAt: toIso(later), note: '👍' }]), created_at: toIso(at), updated_at: toIso(later),
        };
        const audit = { id: newId(), tenant_id: tenant.id, at: toIso(at), actor_id: manager.id, actor_kind: 'person' as const, on_behalf_of: employee.id, action: 'absence.create', entity: 'absence', entity_id: absence.id, detail_json: toJson({ reason: 'sick' }) };
        const approval = { id: newId(), tenant_id: tenant.id, person_id: employee.id, kind: 'premium-rate' as const, approved_by: manager.id, approved_at: toIso(at), valid_until: toIso(later), note: '118 118 för ett ärende' };
        const binding = {
          id: newId(), tenant_id: tenant.id, person_id: employee.id, aor: 'sip:3002@vara.example', contact: '<sip:3002@192.0.2.10:5060;transport=udp>', instance_id: '<urn:uuid:00000000-0000-0000-0000-000000000001>',
          expires_at: toIso(later), call_id: 'a84b4c76e66710@pc33', cseq: 2147483647, received: '192.0.2.10:5060', transport: 'udp', user_agent: 'baresip', path_json: toJson(['<sip:edge.example;lr>']), updated_at: toIso(at),
        };

        await db.insertInto('tenants').values(tenant).execute();
        await db.insertInto('units').values([unit, child]).execute();
        await db.insertInto('functions').values(fn).execute();
        await db.updateTable('units').set({ reception_function_id: fn.id }).where('id', '=', unit.id).execute();
        await db.insertInto('people').values(manager).execute();
        await db.insertInto('people').values(employee).execute();
        // Rows that nothing else refers to: insert, then read back unchanged.
        const leaves = [
          ['function_members', member], ['credentials', credentials], ['sessions', session], ['api_tokens', token], ['login_attempts', attempt],
          ['absences', absence], ['callbacks', callback], ['audit_log', audit], ['approvals', approval], ['sip_bindings', binding],
        ] as const;
        for (const [table, row] of leaves) await insertRow(db, table, row);

        assert.deepEqual(await db.selectFrom('tenants').selectAll().execute(), [tenant]);
        assert.deepEqual(await db.selectFrom('units').selectAll().where('id', '=', unit.id).executeTakeFirst(), { ...unit, reception_function_id: fn.id });
        assert.deepEqual(await db.selectFrom('units').selectAll().where('id', '=', child.id).executeTakeFirst(), child);
        assert.deepEqual(await db.selectFrom('functions').selectAll().executeTakeFirst(), fn);
        const people = await db.selectFrom('people').selectAll().orderBy('extension').execute();
        // The manager was inserted without the defaulted columns: the defaults came back.
        assert.deepEqual(people, [{ ...manager, mobile_extension: 0, matters_json: '[]', elected_member: 0, voicemail_enabled: 1 }, employee]);
        for (const [table, row] of leaves) assert.deepEqual(await db.selectFrom(table).selectAll().execute(), [row], table);

        // And back into domain values.
        const e = people[1]!;
        assert.equal(fromFlag(e.mobile_extension), true);
        assert.equal(fromFlag(e.voicemail_enabled), false);
        assert.equal(fromFlag(people[0]!.voicemail_enabled), true);
        assert.deepEqual(fromJson<string[]>(e.matters_json), ['försörjningsstöd', 'ekonomiskt bistånd']);
        const a = await db.selectFrom('absences').select(['starts_at', 'ends_at']).executeTakeFirstOrThrow();
        assert.ok(fromIso(a.starts_at).equals(at));
        assert.equal(fromIso(a.ends_at).since(fromIso(a.starts_at)).total('hours'), 49);
      });
    });

    test('P-VM-1: voicemail is on unless an exception records who decided it and when', async () => {
      await withStore(dialect, async ({ db }) => {
        const { tenantId, unitId, personId: managerId } = await seedTenant(db, 'fagersta');
        const detail = await rejects('check', () =>
          db.insertInto('people').values({ ...person(tenantId, unitId, '2002', 'a@fagersta.example'), voicemail_enabled: 0 }).execute(),
        );
        if (dialect === 'postgres') assert.equal(detail, 'people_voicemail_exception');
        await rejects('check', () =>
          db.insertInto('people').values({ ...person(tenantId, unitId, '2002', 'a@fagersta.example'), voicemail_enabled: 0, voicemail_exception_by: managerId }).execute(),
        );
        await db
          .insertInto('people')
          .values({ ...person(tenantId, unitId, '2002', 'a@fagersta.example'), voicemail_enabled: 0, voicemail_exception_by: managerId, voicemail_exception_at: T0 })
          .execute();
        const row = await db.selectFrom('people').select('voicemail_enabled').where('email', '=', 'a@fagersta.example').executeTakeFirstOrThrow();
        assert.equal(row.voicemail_enabled, 0);
      });
    });

    test('booleans are 0 or 1 only', async () => {
      await withStore(dialect, async ({ db }) => {
        const { tenantId, unitId } = await seedTenant(db, 'karlsborg');
        await rejects('check', () =>
          db.insertInto('people').values({ ...person(tenantId, unitId, '2002', 'b@karlsborg.example'), elected_member: 2 as 0 }).execute(),
        );
      });
    });

    test('extensions are unique per tenant: the same one in two tenants, never twice in one', async () => {
      await withStore(dialect, async ({ db }) => {
        const a = await seedTenant(db, 'valdemarsvik', '2001');
        const b = await seedTenant(db, 'vara', '2001');
        assert.equal(await db.selectFrom('people').select('id').where('extension', '=', '2001').execute().then((r) => r.length), 2);
        const detail = await rejects('unique', () => db.insertInto('people').values(person(a.tenantId, a.unitId, '2001', 'x@valdemarsvik.example')).execute());
        assert.match(detail, /extension/);
        // Without an extension is no conflict, however many.
        await db.insertInto('people').values(person(a.tenantId, a.unitId, null, 'y@valdemarsvik.example')).execute();
        await db.insertInto('people').values(person(a.tenantId, a.unitId, null, 'z@valdemarsvik.example')).execute();
        // Functions likewise.
        const fn = (tenantId: string, unitId: string) => ({ id: newId(), tenant_id: tenantId, unit_id: unitId, name: 'Bygglov', extension: '2100', direct_number: null, ring_strategy: 'together' as const, overflow_json: null });
        await db.insertInto('functions').values(fn(a.tenantId, a.unitId)).execute();
        await db.insertInto('functions').values(fn(b.tenantId, b.unitId)).execute();
        await rejects('unique', () => db.insertInto('functions').values(fn(a.tenantId, a.unitId)).execute());
      });
    });

    test('e-mail is unique per tenant regardless of case, and stored lower-cased', async () => {
      await withStore(dialect, async ({ db }) => {
        const a = await seedTenant(db, 'valdemarsvik');
        const b = await seedTenant(db, 'vara');
        const mail = 'Erik.Lind@Example.se';
        await db.insertInto('people').values(person(a.tenantId, a.unitId, '2002', normalizeEmail(mail))).execute();
        await db.insertInto('people').values(person(b.tenantId, b.unitId, '2002', normalizeEmail(mail))).execute();
        await rejects('unique', () => db.insertInto('people').values(person(a.tenantId, a.unitId, '2003', normalizeEmail(' ERIK.LIND@example.se'))).execute());
        // Bypassing normalizeEmail is caught too.
        await rejects('check', () => db.insertInto('people').values(person(a.tenantId, a.unitId, '2003', mail)).execute());
      });
    });

    test('tenant slugs are unique; API tokens are unique by hash', async () => {
      await withStore(dialect, async ({ db }) => {
        const a = await seedTenant(db, 'vara');
        await rejects('unique', () => seedTenant(db, 'vara'));
        const token = { tenant_id: a.tenantId, name: 'x', token_hash: 'same', role: 'admin', created_by: a.personId, created_at: T0, last_used_at: null, revoked_at: null };
        await db.insertInto('api_tokens').values({ ...token, id: newId() }).execute();
        await rejects('unique', () => db.insertInto('api_tokens').values({ ...token, id: newId() }).execute());
      });
    });

    test('foreign keys: unknown rows, rows of another tenant, restrict and cascade', async () => {
      await withStore(dialect, async ({ db }) => {
        const a = await seedTenant(db, 'valdemarsvik');
        const b = await seedTenant(db, 'vara');
        // A unit that does not exist.
        await rejects('foreign-key', () => db.insertInto('people').values(person(a.tenantId, newId(), '2002', 'p@v.example')).execute());
        // A unit that exists, in another municipality (the composite reference).
        await rejects('foreign-key', () => db.insertInto('people').values(person(a.tenantId, b.unitId, '2002', 'p@v.example')).execute());
        await rejects('foreign-key', () =>
          db.insertInto('absences').values({ id: newId(), tenant_id: a.tenantId, person_id: b.personId, reason: 'meeting', starts_at: T0, ends_at: T0, target_json: '{}', note: null, recurrence_json: null, exceptions_json: null, created_by: a.personId, created_at: T0, updated_at: T0, cancelled_at: null }).execute(),
        );
        // A manager in another municipality.
        await rejects('foreign-key', () => db.insertInto('people').values({ ...person(a.tenantId, a.unitId, '2002', 'p@v.example'), manager_id: b.personId }).execute());
        // A tenant that does not exist.
        await rejects('foreign-key', () => db.insertInto('units').values({ id: newId(), tenant_id: newId(), parent_id: null, name: 'X', kind: 'unit', phone_hours_json: null, reception_function_id: null }).execute());

        // Restrict: a unit with people in it cannot go.
        await rejects('foreign-key', () => db.deleteFrom('units').where('id', '=', a.unitId).execute());
        // Cascade: a person's memberships, credentials, sessions and registrations go with them.
        const fnId = newId();
        await db.insertInto('functions').values({ id: fnId, tenant_id: a.tenantId, unit_id: a.unitId, name: 'Växeln', extension: null, direct_number: null, ring_strategy: 'together', overflow_json: null }).execute();
        await db.insertInto('function_members').values({ tenant_id: a.tenantId, function_id: fnId, person_id: a.personId, position: 0 }).execute();
        await db.insertInto('credentials').values({ person_id: a.personId, tenant_id: a.tenantId, password_hash: null, pin_hash: null, updated_at: T0 }).execute();
        await db.deleteFrom('people').where('id', '=', a.personId).execute();
        assert.equal(await db.selectFrom('function_members').select('person_id').execute().then((r) => r.length), 0);
        assert.equal(await db.selectFrom('credentials').select('person_id').execute().then((r) => r.length), 0);
        // A unit's reception must be a function of the same tenant.
        await rejects('foreign-key', () => db.updateTable('units').set({ reception_function_id: fnId }).where('id', '=', b.unitId).execute());
        await db.updateTable('units').set({ reception_function_id: fnId }).where('id', '=', a.unitId).execute();
      });
    });

    test('a transaction that fails rolls back everything it wrote', async () => {
      await withStore(dialect, async (store) => {
        const { db } = store;
        await assert.rejects(
          db.transaction().execute(async (trx) => {
            await seedTenant(trx, 'vara');
            throw new Error('the operator hung up');
          }),
          /the operator hung up/,
        );
        assert.equal(await count(store, 'tenants'), 0);
        assert.equal(await count(store, 'people'), 0);

        // A constraint failure half way through undoes the rows before it.
        const a = await seedTenant(db, 'valdemarsvik');
        await assert.rejects(
          db.transaction().execute(async (trx) => {
            await trx.insertInto('people').values(person(a.tenantId, a.unitId, '2002', 'ok@v.example')).execute();
            await trx.insertInto('people').values(person(a.tenantId, a.unitId, '2001', 'dup@v.example')).execute();
          }),
          (e) => constraintViolation(e)?.kind === 'unique',
        );
        assert.equal(await count(store, 'people'), 1);

        // And a good transaction commits.
        await db.transaction().execute((trx) => trx.insertInto('people').values(person(a.tenantId, a.unitId, '2002', 'ok@v.example')).execute());
        assert.equal(await count(store, 'people'), 2);
      });
    });

    test('instants sort and compare in time order as text', async () => {
      await withStore(dialect, async ({ db }) => {
        const { tenantId, personId } = await seedTenant(db, 'vara');
        const iso = ['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z', '2026-03-29T00:59:59.999Z', '1999-12-31T23:00:00.000Z', '2026-03-29T01:00:00.000Z', '2100-01-01T00:00:00.000Z'];
        for (const ends of iso) {
          await db.insertInto('absences').values({ id: newId(), tenant_id: tenantId, person_id: personId, reason: 'meeting', starts_at: '1999-01-01T00:00:00.000Z', ends_at: ends, target_json: '{"kind":"voicemail"}', note: null, recurrence_json: null, exceptions_json: null, created_by: personId, created_at: T0, updated_at: T0, cancelled_at: null }).execute();
        }
        const sorted = [...iso].sort((x, y) => Temporal.Instant.compare(Temporal.Instant.from(x), Temporal.Instant.from(y)));
        const got = await db.selectFrom('absences').select('ends_at').where('tenant_id', '=', tenantId).where('person_id', '=', personId).orderBy('ends_at').execute();
        assert.deepEqual(got.map((r) => r.ends_at), sorted);
        // "Not ended by 2026-03-29 02:00 Stockholm time" (= 01:00 UTC, the DST switch).
        const switchAt = toIso(Temporal.ZonedDateTime.from('2026-03-29T03:00[Europe/Stockholm]').toInstant());
        const current = await db.selectFrom('absences').select('ends_at').where('ends_at', '>', switchAt).orderBy('ends_at').execute();
        assert.deepEqual(current.map((r) => r.ends_at), ['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z', '2100-01-01T00:00:00.000Z']);
      });
    });
  });
}
