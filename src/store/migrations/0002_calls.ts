// Calls, voicemail, trunks and the switchboard (issues 4 and 5).
//
// Same conventions as 0001: portable types, tenant_id on every tenant-owned row and
// composite references. Call records do not reference people: a record outlives the
// person it mentions (P-FUP-2 follow-up looks back a year), like the audit log.
import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { StoreDialect } from './migration.js';

const tenantId = (c: ColumnDefinitionBuilder) => c.notNull().references('tenants.id');
const isFlag = (column: string) => sql`${sql.ref(column)} in (0, 1)`;

export async function up(db: Kysely<unknown>, _dialect: StoreDialect): Promise<void> {
  const s = db.schema;

  // One row per call (a CDR): what was dialled, what routing decided and how it ended.
  await s
    .createTable('call_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', tenantId)
    .addColumn('sip_call_id', 'text')
    .addColumn('origin', 'text', (c) => c.notNull().check(sql`origin in ('trunk', 'internal')`))
    .addColumn('trunk_id', 'text')
    .addColumn('caller_number', 'text', (c) => c.notNull())
    .addColumn('caller_person_id', 'text')
    .addColumn('dialled', 'text', (c) => c.notNull())
    /** routing's Reached, JSON. */
    .addColumn('reached_json', 'text', (c) => c.notNull())
    .addColumn('offered_at', 'text', (c) => c.notNull())
    /** P-SWB-1: answer time is measured from the first ring. */
    .addColumn('first_ring_at', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('outcome', 'text', (c) =>
      c.check(sql`outcome is null or outcome in ('answered', 'voicemail', 'message', 'diverted', 'abandoned', 'refused', 'failed', 'phone-code', 'answering-machine')`),
    )
    .addColumn('answered_by_person_id', 'text')
    .addColumn('ended_by', 'text')
    .addColumn('switchboard_open', 'integer', (c) => c.check(sql`switchboard_open is null or switchboard_open in (0, 1)`))
    .addColumn('outside_phone_hours', 'integer', (c) => c.notNull().defaultTo(0).check(isFlag('outside_phone_hours')))
    /** The sought person's presence when the call came (routing's record.presence), JSON or null. */
    .addColumn('presence_json', 'text')
    .addColumn('rules_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('deviations_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('plan_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addUniqueConstraint('call_records_tenant_id_uq', ['tenant_id', 'id'])
    .execute();
  await s.createIndex('call_records_offered_idx').on('call_records').columns(['tenant_id', 'offered_at']).execute();

  // One row per step carried out: each ringing, queueing, announcement, recording.
  await s
    .createTable('call_legs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', tenantId)
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('step_index', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('person_id', 'text')
    .addColumn('function_id', 'text')
    .addColumn('number', 'text')
    .addColumn('rule', 'text')
    .addColumn('offered_at', 'text', (c) => c.notNull())
    .addColumn('ringing_at', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('outcome', 'text')
    .addForeignKeyConstraint('call_legs_call_fk', ['tenant_id', 'call_id'], 'call_records', ['tenant_id', 'id'], (f) => f.onDelete('cascade'))
    .execute();
  await s.createIndex('call_legs_call_idx').on('call_legs').columns(['tenant_id', 'call_id']).execute();
  await s.createIndex('call_legs_person_idx').on('call_legs').columns(['tenant_id', 'person_id', 'offered_at']).execute();

  // Voicemail messages (P-VM-*): the WAV and its sidecar live under the data directory.
  await s
    .createTable('voicemail_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', tenantId)
    .addColumn('box_kind', 'text', (c) => c.notNull().check(sql`box_kind in ('person', 'function', 'switchboard')`))
    .addColumn('person_id', 'text')
    .addColumn('function_id', 'text')
    .addColumn('call_id', 'text')
    .addColumn('callback_id', 'text')
    .addColumn('caller_number', 'text', (c) => c.notNull())
    .addColumn('caller_name', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull().defaultTo(0))
    /** Relative to the data directory. */
    .addColumn('wav_path', 'text', (c) => c.notNull())
    /** 0 while recording, and after a crash until recovery has repaired the file. */
    .addColumn('complete', 'integer', (c) => c.notNull().defaultTo(0).check(isFlag('complete')))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('new', 'heard', 'saved', 'deleted')`))
    .addColumn('heard_at', 'text')
    .addColumn('deleted_at', 'text')
    .addColumn('notified_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('voicemail_messages_person_fk', ['tenant_id', 'person_id'], 'people', ['tenant_id', 'id'])
    .addForeignKeyConstraint('voicemail_messages_function_fk', ['tenant_id', 'function_id'], 'functions', ['tenant_id', 'id'])
    .execute();
  await s.createIndex('voicemail_messages_box_idx').on('voicemail_messages').columns(['tenant_id', 'box_kind', 'person_id', 'status']).execute();

  // P-VM-2: a person's own greeting, uploaded or recorded by phone.
  await s
    .createTable('voicemail_greetings')
    .addColumn('tenant_id', 'text', tenantId)
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('wav_path', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('upload', 'phone')`))
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('voicemail_greetings_pk', ['tenant_id', 'person_id'])
    .addForeignKeyConstraint('voicemail_greetings_person_fk', ['tenant_id', 'person_id'], 'people', ['tenant_id', 'id'], (f) => f.onDelete('cascade'))
    .execute();

  // SIP trunks to operators: registering with digest, or recognised by source address.
  await s
    .createTable('trunks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', tenantId)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('register', 'ip')`))
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('transport', 'text', (c) => c.notNull().check(sql`transport in ('UDP', 'TCP')`))
    .addColumn('username', 'text')
    /**
     * The digest password the operator gave us. Kept in clear because a digest client must
     * compute responses with it; never logged, never returned by the API.
     */
    .addColumn('secret', 'text')
    /** The number we present as caller for outbound calls (the main number), E.164. */
    .addColumn('caller_id', 'text')
    /** mode 'ip': source addresses we accept calls from, JSON array. */
    .addColumn('addresses_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('register_expires', 'integer', (c) => c.notNull().defaultTo(600))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1).check(isFlag('enabled')))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('trunks_tenant_id_uq', ['tenant_id', 'id'])
    .execute();

  // Switchboard operators' state (P-SWB-*): logged in, paused, logged out.
  await s
    .createTable('switchboard_agents')
    .addColumn('tenant_id', 'text', tenantId)
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('logged-out', 'available', 'paused')`))
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('switchboard_agents_pk', ['tenant_id', 'person_id'])
    .addForeignKeyConstraint('switchboard_agents_person_fk', ['tenant_id', 'person_id'], 'people', ['tenant_id', 'id'], (f) => f.onDelete('cascade'))
    .execute();

  // P-SWB-9: information about the municipality for the operators.
  await s
    .createTable('info_snippets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', tenantId)
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('keywords_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('info_snippets_tenant_idx').on('info_snippets').column('tenant_id').execute();
}
