// Table types for Kysely: what `db.selectFrom(...)` returns and `insertInto(...)` accepts.
//
// One schema for SQLite and PostgreSQL, so the column types are the portable ones
// (docs/operations.md, "Portability"):
// - ids are text (UUIDs made by the app, see ids.ts);
// - instants are text, fixed-width ISO 8601 UTC ('2026-03-27T14:00:00.000Z'), so they
//   sort as text; convert with toIso/fromIso (codec.ts);
// - booleans are integers 0/1 (Flag); convert with toFlag/fromFlag;
// - JSON is text; convert with toJson/fromJson.
// These types follow the latest migration (migrations/); a new migration updates them.
import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';

/** A text column holding an instant in fixed-width ISO 8601 UTC (toIso). */
export type IsoInstant = string;
/** A text column holding JSON (toJson). */
export type JsonText = string;
/** A boolean stored as an integer. */
export type Flag = 0 | 1;
/** A column with a database default: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type UnitKind = 'administration' | 'sector' | 'unit';
export type RingStrategy = 'together' | 'in-turn';
export type ActorKind = 'person' | 'token' | 'system';
/** P-COST-2 (premium-rate and paid services), P-COST-3 (use abroad). */
export type ApprovalKind = 'premium-rate' | 'international';

export interface TenantsTable {
  id: string;
  /** Short name in URLs, e.g. 'valdemarsvik'. */
  slug: string;
  name: string;
  /** The municipality's policy profile (src/core/policy). */
  profile_json: JsonText;
  created_at: IsoInstant;
  updated_at: IsoInstant;
}

export interface UnitsTable {
  id: string;
  tenant_id: string;
  parent_id: string | null;
  name: string;
  kind: UnitKind;
  phone_hours_json: JsonText | null;
  /** The unit's "expeditionen", where P-DIV-10 diversions go. */
  reception_function_id: string | null;
}

/** Service functions ("funktioner"): groups that share calls. */
export interface FunctionsTable {
  id: string;
  tenant_id: string;
  unit_id: string | null;
  name: string;
  extension: string | null;
  direct_number: string | null;
  ring_strategy: RingStrategy;
  /** P-GRP-1: where calls go when no member answers. */
  overflow_json: JsonText | null;
}

export interface FunctionMembersTable {
  tenant_id: string;
  function_id: string;
  person_id: string;
  /** Order for the 'in-turn' ring strategy. */
  position: number;
}

export interface PeopleTable {
  id: string;
  tenant_id: string;
  first_name: string;
  last_name: string;
  title: string;
  unit_id: string | null;
  /** Unique per tenant. */
  extension: string | null;
  direct_number: string | null;
  mobile_number: string | null;
  /** P-MOB-8: the fixed extension also rings the mobile. */
  mobile_extension: Defaulted<Flag>;
  /** Unique per tenant; stored lower-cased (normalizeEmail), which a CHECK enforces. */
  email: string | null;
  /** Matters ("ärenden"): a JSON array of strings. */
  matters_json: Defaulted<JsonText>;
  manager_id: string | null;
  role: string;
  /** P-FUP-3. */
  elected_member: Defaulted<Flag>;
  /** P-VM-1: on by default; off only with who decided it and when (a CHECK enforces this). */
  voicemail_enabled: Defaulted<Flag>;
  voicemail_exception_by: string | null;
  voicemail_exception_at: IsoInstant | null;
  created_at: IsoInstant;
  updated_at: IsoInstant;
  deactivated_at: IsoInstant | null;
}

export interface CredentialsTable {
  person_id: string;
  tenant_id: string;
  password_hash: string | null;
  /** P-SEC-1: voicemail and phone-code PIN. */
  pin_hash: string | null;
  /** SIP digest HA1 per algorithm, JSON ({"MD5": ..., "SHA-256": ...}); never the password. */
  sip_ha1_json: string | null;
  updated_at: IsoInstant;
}

export interface SessionsTable {
  /** A hash of the session cookie's value; the value itself is never stored. */
  id_hash: string;
  tenant_id: string;
  person_id: string;
  csrf_token: string;
  created_at: IsoInstant;
  expires_at: IsoInstant;
  last_seen_at: IsoInstant;
}

export interface ApiTokensTable {
  id: string;
  tenant_id: string;
  name: string;
  token_hash: string;
  role: string;
  /** The creating actor's id (a person or a token); not a foreign key. */
  created_by: string;
  created_at: IsoInstant;
  last_used_at: IsoInstant | null;
  revoked_at: IsoInstant | null;
}

/** Login throttling, shared by every app server that uses the same store. */
export interface LoginAttemptsTable {
  key: string;
  failures: number;
  first_failure_at: IsoInstant;
  blocked_until: IsoInstant | null;
}

export interface AbsencesTable {
  id: string;
  tenant_id: string;
  person_id: string;
  reason: string;
  starts_at: IsoInstant;
  ends_at: IsoInstant;
  target_json: JsonText;
  /** Private (P-SEC-2): never shown to operators. */
  note: string | null;
  recurrence_json: JsonText | null;
  exceptions_json: JsonText | null;
  /** The acting person's id (or another actor's id); not a foreign key. */
  created_by: string;
  created_at: IsoInstant;
  updated_at: IsoInstant;
  cancelled_at: IsoInstant | null;
}

export interface CallbacksTable {
  id: string;
  tenant_id: string;
  person_id: string;
  unit_id: string | null;
  caller_name: string;
  caller_number: string;
  caller_email: string | null;
  subject: string;
  source: string;
  taken_by: string | null;
  received_at: IsoInstant;
  /** P-CB-1: the deadline from received_at; kept when re-planned, for follow-up. */
  first_due_at: IsoInstant;
  /** The deadline in force: first_due_at, or the time last agreed with the caller (P-CB-2). */
  due_at: IsoInstant;
  status: string;
  outcome: string | null;
  note: string | null;
  done_at: IsoInstant | null;
  done_by: string | null;
  /** P-VM-5: when a voicemail message was first listened to. */
  heard_at: IsoInstant | null;
  escalated_at: IsoInstant | null;
  recording_path: string | null;
  /** P-CB-2: the re-plans, a JSON array. */
  history_json: Defaulted<JsonText>;
  created_at: IsoInstant;
  updated_at: IsoInstant;
}

export interface AuditLogTable {
  id: string;
  tenant_id: string;
  at: IsoInstant;
  actor_id: string | null;
  actor_kind: ActorKind;
  /** P-DIV-7, P-DIV-8: the person an operator or manager acted for. */
  on_behalf_of: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  detail_json: Defaulted<JsonText>;
}

/** P-COST-2, P-COST-3: the nearest manager's approvals. */
export interface ApprovalsTable {
  id: string;
  tenant_id: string;
  person_id: string;
  kind: ApprovalKind;
  approved_by: string;
  approved_at: IsoInstant;
  valid_until: IsoInstant | null;
  note: string;
}

/** Registrar bindings (RFC 3261 section 10): one row per contact of an address of record. */
export interface SipBindingsTable {
  id: string;
  tenant_id: string;
  person_id: string;
  aor: string;
  contact: string;
  /** RFC 5626 +sip.instance, when the phone sends one. */
  instance_id: string | null;
  expires_at: IsoInstant;
  call_id: string;
  cseq: number;
  /** Source address the REGISTER came from (RFC 3581), when it differs from the contact. */
  received: string | null;
  transport: string;
  user_agent: string | null;
  /** The REGISTER's Path header values in order, as a JSON array of strings (RFC 3327); null without Path. */
  path_json: string | null;
  updated_at: IsoInstant;
}

export type CallOutcome = 'answered' | 'voicemail' | 'message' | 'diverted' | 'abandoned' | 'refused' | 'failed' | 'phone-code' | 'answering-machine';

/** One call (a CDR): what was dialled, what routing decided, and how it ended (P-FUP-2). */
export interface CallRecordsTable {
  id: string;
  tenant_id: string;
  sip_call_id: string | null;
  origin: 'trunk' | 'internal';
  trunk_id: string | null;
  caller_number: string;
  caller_person_id: string | null;
  dialled: string;
  /** routing's `Reached`, JSON. */
  reached_json: JsonText;
  offered_at: IsoInstant;
  /** P-SWB-1: answer times are measured from the first ring. */
  first_ring_at: IsoInstant | null;
  answered_at: IsoInstant | null;
  ended_at: IsoInstant | null;
  outcome: CallOutcome | null;
  answered_by_person_id: string | null;
  /** 'caller', 'callee', 'system'. */
  ended_by: string | null;
  switchboard_open: Flag | null;
  outside_phone_hours: Defaulted<Flag>;
  /** routing's record.presence, JSON or null. */
  presence_json: JsonText | null;
  rules_json: Defaulted<JsonText>;
  deviations_json: Defaulted<JsonText>;
  plan_json: Defaulted<JsonText>;
}

/** One step carried out in a call: a ringing, a queueing, an announcement, a recording. */
export interface CallLegsTable {
  id: string;
  tenant_id: string;
  call_id: string;
  step_index: number;
  kind: string;
  role: string | null;
  person_id: string | null;
  function_id: string | null;
  number: string | null;
  rule: string | null;
  offered_at: IsoInstant;
  ringing_at: IsoInstant | null;
  answered_at: IsoInstant | null;
  ended_at: IsoInstant | null;
  /** 'answered', 'no-answer', 'busy', 'cancelled', 'failed', 'played', 'recorded'. */
  outcome: string | null;
}

export type VoicemailBoxKind = 'person' | 'function' | 'switchboard';
export type VoicemailStatus = 'new' | 'heard' | 'saved' | 'deleted';

/** A voicemail message (P-VM-*); the WAV and its JSON sidecar live under the data directory. */
export interface VoicemailMessagesTable {
  id: string;
  tenant_id: string;
  box_kind: VoicemailBoxKind;
  person_id: string | null;
  function_id: string | null;
  call_id: string | null;
  callback_id: string | null;
  caller_number: string;
  caller_name: string | null;
  received_at: IsoInstant;
  duration_ms: Defaulted<number>;
  /** Relative to the data directory. */
  wav_path: string;
  /** 0 while recording, and after a crash until recovery repaired the file. */
  complete: Defaulted<Flag>;
  status: VoicemailStatus;
  heard_at: IsoInstant | null;
  deleted_at: IsoInstant | null;
  notified_at: IsoInstant | null;
  created_at: IsoInstant;
  updated_at: IsoInstant;
}

/** P-VM-2: a person's own greeting. */
export interface VoicemailGreetingsTable {
  tenant_id: string;
  person_id: string;
  wav_path: string;
  source: 'upload' | 'phone';
  duration_ms: number;
  updated_at: IsoInstant;
}

/** A SIP trunk to an operator. `secret` is kept for the digest client; never logged or returned. */
export interface TrunksTable {
  id: string;
  tenant_id: string;
  name: string;
  mode: 'register' | 'ip';
  host: string;
  port: number;
  transport: 'UDP' | 'TCP';
  username: string | null;
  secret: string | null;
  caller_id: string | null;
  addresses_json: Defaulted<JsonText>;
  register_expires: Defaulted<number>;
  enabled: Defaulted<Flag>;
  created_at: IsoInstant;
  updated_at: IsoInstant;
}

export type AgentState = 'logged-out' | 'available' | 'paused';

export interface SwitchboardAgentsTable {
  tenant_id: string;
  person_id: string;
  state: AgentState;
  /** The reason given for a pause ("Lunch"); null unless paused. */
  pause_reason: string | null;
  changed_at: IsoInstant;
}

/** P-SWB-9: information about the municipality for operators. */
export interface InfoSnippetsTable {
  id: string;
  tenant_id: string;
  title: string;
  body: string;
  keywords_json: Defaulted<JsonText>;
  updated_by: string | null;
  updated_at: IsoInstant;
}

export interface Database {
  tenants: TenantsTable;
  units: UnitsTable;
  functions: FunctionsTable;
  function_members: FunctionMembersTable;
  people: PeopleTable;
  credentials: CredentialsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_attempts: LoginAttemptsTable;
  absences: AbsencesTable;
  callbacks: CallbacksTable;
  audit_log: AuditLogTable;
  approvals: ApprovalsTable;
  sip_bindings: SipBindingsTable;
  call_records: CallRecordsTable;
  call_legs: CallLegsTable;
  voicemail_messages: VoicemailMessagesTable;
  voicemail_greetings: VoicemailGreetingsTable;
  trunks: TrunksTable;
  switchboard_agents: SwitchboardAgentsTable;
  info_snippets: InfoSnippetsTable;
}

export type TenantRow = Selectable<TenantsTable>;
export type NewTenant = Insertable<TenantsTable>;
export type TenantUpdate = Updateable<TenantsTable>;
export type UnitRow = Selectable<UnitsTable>;
export type NewUnit = Insertable<UnitsTable>;
export type UnitUpdate = Updateable<UnitsTable>;
export type FunctionRow = Selectable<FunctionsTable>;
export type NewFunction = Insertable<FunctionsTable>;
export type FunctionUpdate = Updateable<FunctionsTable>;
export type FunctionMemberRow = Selectable<FunctionMembersTable>;
export type NewFunctionMember = Insertable<FunctionMembersTable>;
export type PersonRow = Selectable<PeopleTable>;
export type NewPerson = Insertable<PeopleTable>;
export type PersonUpdate = Updateable<PeopleTable>;
export type CredentialsRow = Selectable<CredentialsTable>;
export type NewCredentials = Insertable<CredentialsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type NewSession = Insertable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type NewApiToken = Insertable<ApiTokensTable>;
export type LoginAttemptRow = Selectable<LoginAttemptsTable>;
export type AbsenceRow = Selectable<AbsencesTable>;
export type NewAbsence = Insertable<AbsencesTable>;
export type AbsenceUpdate = Updateable<AbsencesTable>;
export type CallbackRow = Selectable<CallbacksTable>;
export type NewCallback = Insertable<CallbacksTable>;
export type CallbackUpdate = Updateable<CallbacksTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type NewAuditLogEntry = Insertable<AuditLogTable>;
export type ApprovalRow = Selectable<ApprovalsTable>;
export type NewApproval = Insertable<ApprovalsTable>;
export type SipBindingRow = Selectable<SipBindingsTable>;
export type NewSipBinding = Insertable<SipBindingsTable>;
export type CallRecordRow = Selectable<CallRecordsTable>;
export type NewCallRecord = Insertable<CallRecordsTable>;
export type CallLegRow = Selectable<CallLegsTable>;
export type NewCallLeg = Insertable<CallLegsTable>;
export type VoicemailMessageRow = Selectable<VoicemailMessagesTable>;
export type NewVoicemailMessage = Insertable<VoicemailMessagesTable>;
export type VoicemailGreetingRow = Selectable<VoicemailGreetingsTable>;
export type TrunkRow = Selectable<TrunksTable>;
export type NewTrunk = Insertable<TrunksTable>;
export type SwitchboardAgentRow = Selectable<SwitchboardAgentsTable>;
export type InfoSnippetRow = Selectable<InfoSnippetsTable>;
