// The first schema. Frozen once released: later changes go into new migrations.
//
// Portable column types only (docs/operations.md): text ids, instants as fixed-width ISO
// text, booleans as integer 0/1, JSON as text. Every tenant-owned table has tenant_id, and
// references between tenant-owned rows are composite, (tenant_id, x_id) -> (tenant_id, id),
// so the database itself refuses a row that points into another municipality.
import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { StoreDialect } from './migration.js';

const tenantId = (c: ColumnDefinitionBuilder) => c.notNull().references('tenants.id');
/** Booleans are integers 0/1 in both dialects. */
const isFlag = (column: string) => sql`${sql.ref(column)} in (0, 1)`;

export async function up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  const s = db.schema;

  await s
    .createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('profile_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('tenants_slug_uq', ['slug'])
    .execute();

  let units = s
    .createTable('units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', tenantId)
    .addColumn('parent_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('administration', 'sector', 'unit')`))
    .addColumn('phone_hours_json', 'text')
    .addColumn('reception_function_id', 'text')
    // The target of every composite reference to a unit.
    .addUniqueConstraint('units_tenant_id_uq', ['tenant_id', 'id'])
    .addForeignKeyConstraint('units_parent_fk', ['tenant_id', 'parent_id'], 'units', ['tenant_id', 'id']);
  // Units and functions refer to each other. SQLite accepts a reference to a table that does
  // not exist yet but cannot add a constraint later; PostgreSQL is the other way round.
  if (dialect === 'sqlite') {
    units = units.addForeignKeyConstraint('units_reception_fk', ['tenant_id', 'reception_function_id'], 'functions', ['tenant_id', 'id']);
  }
  await units.execute();
  await s.createIndex('units_parent_idx').on('units').columns(['tenant_id', 'parent_id']).execute();

  await s
    .createTable('functions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', tenantId)
    .addColumn('unit_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('extension', 'text')
    .addColumn('direct_number', 'text')
    .addColumn('ring_strategy', 'text', (c) => c.notNull().check(sql`ring_strategy in ('together', 'in-turn')`))
    .addColumn('overflow_json', 'text')
    .addUniqueConstraint('functions_tenant_id_uq', ['tenant_id', 'id'])
    .addUniqueConstraint('functions_extension_uq', ['tenant_id', 'extension'])
    .addUniqueConstraint('functions_direct_number_uq', ['tenant_id', 'direct_number'])
    .addForeignKeyConstraint('functions_unit_fk', ['tenant_id', 'unit_id'], 'units', ['tenant_id', 'id'])
    .execute();
  await s.createIndex('functions_unit_idx').on('functions').columns(['tenant_id', 'unit_id']).execute();
  if (dialect === 'postgres') {
    await s
      .alterTable('units')
      .addForeignKeyConstraint('units_reception_fk', ['tenant_id', 'reception_function_id'], 'functions', ['tenant_id', 'id'])
      .execute();
  }

  await s
    .createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', tenantId)
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    // Null: not placed in the organisation yet (an elected member, a new import).
    .addColumn('unit_id', 'text')
    .addColumn('extension', 'text')
    .addColumn('direct_number', 'text')
    .addColumn('mobile_number', 'text')
    .addColumn('mobile_extension', 'integer', (c) => c.notNull().defaultTo(0))
    // Null: some staff have no e-mail (they log in with their phone number, P-DIV-6).
    .addColumn('email', 'text')
    .addColumn('matters_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('manager_id', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('elected_member', 'integer', (c) => c.notNull().defaultTo(0))
    // P-VM-1: everyone with an extension has voicemail unless the manager decided otherwise.
    .addColumn('voicemail_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('voicemail_exception_by', 'text')
    .addColumn('voicemail_exception_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deactivated_at', 'text')
    .addUniqueConstraint('people_tenant_id_uq', ['tenant_id', 'id'])
    .addUniqueConstraint('people_extension_uq', ['tenant_id', 'extension'])
    .addUniqueConstraint('people_email_uq', ['tenant_id', 'email'])
    .addForeignKeyConstraint('people_unit_fk', ['tenant_id', 'unit_id'], 'units', ['tenant_id', 'id'])
    .addForeignKeyConstraint('people_manager_fk', ['tenant_id', 'manager_id'], 'people', ['tenant_id', 'id'])
    .addForeignKeyConstraint('people_voicemail_exception_by_fk', ['tenant_id', 'voicemail_exception_by'], 'people', ['tenant_id', 'id'])
    .addCheckConstraint('people_mobile_extension_flag', isFlag('mobile_extension'))
    .addCheckConstraint('people_elected_member_flag', isFlag('elected_member'))
    .addCheckConstraint('people_voicemail_enabled_flag', isFlag('voicemail_enabled'))
    // Unique regardless of case: the app lower-cases (normalizeEmail); this catches a miss.
    .addCheckConstraint('people_email_lower', sql`email = lower(email)`)
    // P-VM-1: voicemail off is an exception that records who decided it and when.
    .addCheckConstraint(
      'people_voicemail_exception',
      sql`voicemail_enabled = 1 or (voicemail_exception_by is not null and voicemail_exception_at is not null)`,
    )
    .execute();
  await s.createIndex('people_unit_idx').on('people').columns(['tenant_id', 'unit_id']).execute();
  await s.createIndex('people_manager_idx').on('people').columns(['tenant_id', 'manager_id']).execute();
  // Incoming calls: which person owns the dialled number, who is calling.
  await s.createIndex('people_direct_number_idx').on('people').column('direct_number').execute();
  await s.createIndex('people_mobile_number_idx').on('people').column('mobile_number').execute();

  await s
    .createTable('function_members')
    .addColumn('tenant_id', 'text', tenantId)
    .addColumn('function_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('function_members_pk', ['function_id', 'person_id'])
    .addForeignKeyConstraint('function_members_function_fk', ['tenant_id', 'function_id'], 'functions', ['tenant_id', 'id'], (f) => f.onDelete('cascade'))
    .addForeignKeyConstraint('function_members_person_fk', ['tenant_id', 'person_id'], 'people', ['tenant_id', 'id'], (f) => f.onDelete('cascade'))
    .execute();
  await s.createIndex('function_members_person_idx').on('function_members').columns(['tenant_id', 'person_id']).execute();

  await s
    .createTable('credentials')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', tenantId)
    .addColumn('password_hash', 'text')
    .addColumn('pin_hash', 'text')
    // SIP digest (RFC 3261 §22): H(user:realm:password) per algorithm, as JSON
    // {"MD5": "...", "SHA-256": "..."}; the SIP password itself is never stored.
    .addColumn('sip_ha1_json', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('credentials_person_fk', ['tenant_id', 'person_id'], 'people', ['tenant_id', 'id'], (f) => f.onDelete('cascade'))
    .execute();

  await s
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', tenantId)
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('sessions_person_fk', ['tenant_id', 'person_id'], 'people', ['tenant_id', 'id'], (f) => f.onDelete('cascade'))
    .execute();
  await s.createIndex('sessions_person_idx').on('sessions').columns(['tenant_id', 'person_id']).execute();
  await s.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

  await s
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', tenantId)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    // The actor's id: a person, or a token with the admin role; so not a foreign key.
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    // A presented token is looked up by its hash alone, before its tenant is known.
    .addUniqueConstraint('api_tokens_hash_uq', ['token_hash'])
    .execute();
  await s.createIndex('api_tokens_tenant_idx').on('api_tokens').column('tenant_id').execute();

  await s
    .createTable('login_attempts')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('first_failure_at', 'text', (c) => c.notNull())
    .addColumn('blocked_until', 'text')
    .execute();

  await s
    .createTable('absences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', tenantId)
    .addColumn('person_id', 'text', (c) => c.notNull())
    // P-DIV-2 and P-DIV-3: every absence has a reason and an end.
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('target_json', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recurrence_json', 'text')
    .addColumn('exceptions_json', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    .addForeignKeyConstraint('absences_person_fk', ['tenant_id', 'person_id'], 'people', ['tenant_id', 'id'])
    .execute();
  // "The absences of P that have not ended by T": presence look-ups.
  await s.createIndex('absences_person_end_idx').on('absences').columns(['tenant_id', 'person_id', 'ends_at']).execute();

  await s
    .createTable('callbacks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', tenantId)
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text')
    .addColumn('caller_name', 'text', (c) => c.notNull())
    .addColumn('caller_number', 'text', (c) => c.notNull())
    .addColumn('caller_email', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('taken_by', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('first_due_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('note', 'text')
    .addColumn('done_at', 'text')
    .addColumn('done_by', 'text')
    .addColumn('heard_at', 'text')
    .addColumn('escalated_at', 'text')
    .addColumn('recording_path', 'text')
    .addColumn('history_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('callbacks_person_fk', ['tenant_id', 'person_id'], 'people', ['tenant_id', 'id'])
    .addForeignKeyConstraint('callbacks_unit_fk', ['tenant_id', 'unit_id'], 'units', ['tenant_id', 'id'])
    .addForeignKeyConstraint('callbacks_taken_by_fk', ['tenant_id', 'taken_by'], 'people', ['tenant_id', 'id'])
    .execute();
  await s.createIndex('callbacks_person_idx').on('callbacks').columns(['tenant_id', 'person_id', 'status']).execute();
  // P-CB-1 escalation scans: open call-backs by due time.
  await s.createIndex('callbacks_due_idx').on('callbacks').columns(['tenant_id', 'status', 'due_at']).execute();
  await s.createIndex('callbacks_unit_idx').on('callbacks').columns(['tenant_id', 'unit_id']).execute();

  // No references to people: the log outlives whatever it mentions, and actors may be tokens.
  await s
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', tenantId)
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_kind', 'text', (c) => c.notNull().check(sql`actor_kind in ('person', 'token', 'system')`))
    .addColumn('on_behalf_of', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('detail_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await s.createIndex('audit_log_at_idx').on('audit_log').columns(['tenant_id', 'at']).execute();
  await s.createIndex('audit_log_entity_idx').on('audit_log').columns(['tenant_id', 'entity', 'entity_id']).execute();

  // P-COST-2, P-COST-3: approvals by the nearest manager.
  await s
    .createTable('approvals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', tenantId)
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('premium-rate', 'international')`))
    .addColumn('approved_by', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('note', 'text', (c) => c.notNull())
    .addForeignKeyConstraint('approvals_person_fk', ['tenant_id', 'person_id'], 'people', ['tenant_id', 'id'])
    .addForeignKeyConstraint('approvals_approved_by_fk', ['tenant_id', 'approved_by'], 'people', ['tenant_id', 'id'])
    .execute();
  await s.createIndex('approvals_person_idx').on('approvals').columns(['tenant_id', 'person_id', 'kind']).execute();

  // Registrar bindings, RFC 3261 section 10.3: a binding is one contact of an address of record.
  await s
    .createTable('sip_bindings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', tenantId)
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('aor', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('cseq', 'integer', (c) => c.notNull())
    .addColumn('received', 'text')
    .addColumn('transport', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text')
    .addColumn('path_json', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('sip_bindings_contact_uq', ['tenant_id', 'aor', 'contact'])
    .addForeignKeyConstraint('sip_bindings_person_fk', ['tenant_id', 'person_id'], 'people', ['tenant_id', 'id'], (f) => f.onDelete('cascade'))
    .execute();
  await s.createIndex('sip_bindings_expires_idx').on('sip_bindings').column('expires_at').execute();
}
