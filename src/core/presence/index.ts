// Presence and diversion ("hänvisning"): the pure core. See the files for the rules.
export type { Absence, AbsenceDefaultLength, AbsenceReasonSetting, DiversionTarget, DiversionTargetKind, WeeklyRecurrence } from './absence.js';
export { DEFAULT_TARGET } from './absence.js';
export { AbsenceSchedule, occurrencesBetween, withFirstOccurrence, type Occurrence } from './occurrences.js';
export { defaultEnd, validateAbsence, type AbsenceContext, type AbsenceInput, type PresenceWorkingTime } from './validate.js';
export { CHAIN_HORIZON_DAYS, PresenceSchedule, presenceAt, type PresenceStatus } from './resolve.js';
export { applyChanges, backNow, type AbsenceChange } from './back-now.js';
export {
  isOnBehalf,
  mayChangePresence,
  onBehalfAudit,
  presencePermission,
  statusViewFor,
  viewFor,
  viewerOf,
  type AbsenceView,
  type Actor,
  type OccurrenceView,
  type PresenceAuditEntry,
  type PresenceBasis,
  type PresenceLookups,
  type PresencePermission,
  type PresenceStatusView,
  type PresenceViewer,
  type Role,
  type SubjectPerson,
} from './permissions.js';
