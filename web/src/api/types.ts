// What the API answers (docs/api.md, /api/openapi.json), as the web apps use it.
import type { MunicipalityProfile, AbsenceReason } from '../../../src/core/policy/index.js';
import type { HoursSettings, Interval } from '../../../src/core/hours/index.js';

export type { MunicipalityProfile, AbsenceReason, HoursSettings, Interval };

export type Role = 'employee' | 'manager' | 'operator' | 'admin';

export type { Problem } from '../../../src/core/errors.js';
import type { Problem } from '../../../src/core/errors.js';

export interface ErrorBody {
  error: { code: string; message: string; detail: string; problems: Problem[] };
}

export interface Me {
  person: { id: string; firstName: string; lastName: string; email: string | null } | null;
  tenant: { id: string; slug: string; name: string };
  role: Role;
  kind: 'person' | 'token';
  csrfToken: string | null;
}

export type DiversionTarget =
  | { kind: 'voicemail' }
  | { kind: 'reception' }
  | { kind: 'switchboard' }
  | { kind: 'person'; personId: string }
  | { kind: 'function'; functionId: string }
  | { kind: 'number'; number: string };

export interface Recurrence {
  weekdays: number[];
  startTime: string;
  endTime: string;
  from: string;
  until?: string;
}

export interface Absence {
  id: string;
  personId: string;
  reason: string;
  start: string;
  end: string;
  target: DiversionTarget;
  recurrence?: Recurrence;
  note?: string;
  createdBy?: string;
}

export interface Occurrence {
  start: string;
  end: string;
  absence: Absence;
}

/** GET /api/people/:id/presence */
export interface PresenceStatus {
  personId: string;
  state: 'available' | 'absent';
  reason?: string;
  reasonLabel?: string;
  returnsAt?: string;
  target?: DiversionTarget;
  current?: Occurrence | null;
  next: Occurrence | null;
}

/** The status part of a presence.changed event (the colleague's view, no notes). */
export interface PresenceEventStatus {
  available: boolean;
  reason?: string;
  returnsAt?: string;
  target?: DiversionTarget;
  nextAbsence?: { reason: string; start: string; end: string } | null;
}

/** Presence as every list shows it: from a status request, a search hit or an event. */
export interface PresenceView {
  available: boolean;
  reason?: string;
  returnsAt?: string;
  target?: DiversionTarget;
  next?: { reason: string; start: string; end: string } | null;
}

export interface Ref {
  id: string;
  name: string;
}

export interface NumberOut {
  kind: 'extension' | 'direct' | 'mobile';
  number: string;
  display: string;
}

export interface PersonSummary {
  id: string;
  firstName: string;
  lastName: string;
  name: string;
  title: string | null;
  unit: Ref | null;
  functions: Ref[];
  extension: string | null;
  numbers: NumberOut[];
  email: string | null;
}

export interface Person extends PersonSummary {
  unitPath: Ref[];
  directNumber: string | null;
  mobileNumber: string | null;
  mobileExtension: boolean;
  matters: string[];
  managerId: string | null;
  role: Role;
  electedMember: boolean;
  voicemail: { enabled: boolean; exceptionBy: string | null; exceptionAt: string | null };
  deactivatedAt: string | null;
  updatedAt: string;
}

export interface PeoplePage {
  total: number;
  offset: number;
  limit: number;
  items: Person[];
}

export interface Unit {
  id: string;
  name: string;
  kind: 'administration' | 'sector' | 'unit';
  kindLabel: string;
  parentId: string | null;
  receptionFunctionId: string | null;
  hasPhoneHours: boolean;
}

export interface Fn {
  id: string;
  name: string;
  unit: Ref | null;
  extension: string | null;
  directNumber: string | null;
  directNumberDisplay: string | null;
  ringStrategy: 'together' | 'in-turn';
  memberIds: string[];
}

export interface SearchPresence {
  state: 'available' | 'absent';
  reason?: string;
  reasonLabel?: string | null;
  returnsAt?: string;
  target?: DiversionTarget;
  targetName?: string | null;
  next: { reason: string; reasonLabel: string | null; start: string; end: string } | null;
}

export interface SearchResult {
  query: string;
  people: { person: PersonSummary; score: number; presence: SearchPresence }[];
  functions: { function: Fn; score: number; members: { id: string; name: string; extension: string | null; available: boolean; returnsAt?: string }[] }[];
}

export type CallbackOutcome = 'reached' | 'emailed' | 'no-answer-left-message' | 'not-needed';

export interface Callback {
  id: string;
  personId: string;
  unitId: string;
  caller: { name?: string; number?: string; email?: string };
  concerns: string;
  source: string;
  takenBy?: string;
  receivedAt: string;
  firstDue: string;
  due: string;
  status: string;
  overdue: boolean;
  replans: { at: string; agreedAt: string; note: string; by: string }[];
  completion?: { outcome: CallbackOutcome; note?: string; doneAt: string; by: string };
  heardAt?: string;
  escalatedAt?: string;
}

/** The follow-up figures (P-FUP-2), as the core counts them. */
export type { CallbackStats } from '../../../src/core/callbacks/index.js';
import type { CallbackStats } from '../../../src/core/callbacks/index.js';

export interface CallbackSummary {
  all: CallbackStats;
  perPerson: Record<string, CallbackStats>;
  perUnit: Record<string, CallbackStats>;
}

export interface HoursDay {
  date: string;
  weekday: number;
  intervals: { from: string; to: string }[];
  kind: string;
  note: string | null;
}

export interface HoursNow {
  municipality: string;
  name: string;
  open: boolean;
  status: string;
  closesAt: string | null;
  nextOpening: string | null;
  phone: string | null;
  week: HoursDay[];
  onCall: { label: string; number: string }[];
}

/**
 * POST /api/directory/import. Written out here (not imported from the service) so that the
 * app's type check does not take in the server's code; the domain core is shared.
 */
export interface ImportResult {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  reactivated: number;
  unitsCreated: number;
  functionsCreated: number;
  functionsUpdated: number;
  notInFile: number;
  ignoredColumns: string[];
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorKind: string;
  onBehalfOf: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  detail: unknown;
}

/** GET /api/prompts (src/services/prompts): every spoken clip and the municipality's own recordings. */
export interface PromptClip {
  id: string;
  group: string;
  text: string;
  shippedMs: number;
  own: null | { durationMs: number; updatedAt: string };
}

export interface PromptList {
  clips: PromptClip[];
  groups: { id: string; sv: string; en: string; total: number; recorded: number }[];
  problems: Problem[];
}
