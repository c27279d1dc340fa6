// Who may change whose presence, who must be audited, and who may see what.
//
// - The person themself.
// - Their manager, directly or further up the manager chain (P-DIV-8: the manager makes sure a
//   sick employee's phone is diverted). Least privilege (P-SEC-1): the actor must also hold the
//   manager role; being listed as someone's manager in the directory is not enough by itself.
// - Operators, for anyone in the municipality (P-DIV-7).
// - Administrators.
// Never across tenants: a municipality's staff act only on their own municipality's people.
// Every change made for someone else is audited: who, when, for whom.
import { problem, type Problem } from '../errors.js';
import type { Instant } from '../time.js';
import type { Absence, DiversionTarget } from './absence.js';
import type { Occurrence } from './occurrences.js';
import type { PresenceStatus } from './resolve.js';

export type Role = 'employee' | 'manager' | 'operator' | 'admin';

export interface Actor {
  id: string;
  role: Role;
  tenantId: string;
}

export interface SubjectPerson {
  personId: string;
  tenantId: string;
}

export interface PresenceLookups {
  /** The person's managers, nearest first (their manager, that manager's manager, ...). */
  managerChain(personId: string): readonly string[];
}

/** On what ground a change is allowed; goes into the audit entry. */
export type PresenceBasis = 'self' | 'manager' | 'operator' | 'admin';

export type PresencePermission = { allowed: true; basis: PresenceBasis } | { allowed: false; problem: Problem };

function refused(sv: string, en: string): PresencePermission {
  return { allowed: false, problem: problem('presence.permission.denied', sv, en, { rule: 'P-SEC-1' }) };
}

export function presencePermission(actor: Actor, subject: SubjectPerson, lookups: PresenceLookups): PresencePermission {
  if (actor.tenantId !== subject.tenantId) {
    return refused('Du kan inte ändra närvaro för någon i en annan kommun.', 'Presence cannot be changed across tenants.');
  }
  if (actor.id === subject.personId) return { allowed: true, basis: 'self' };
  if (actor.role === 'admin') return { allowed: true, basis: 'admin' };
  // P-DIV-7: the switchboard enters absences reported to it.
  if (actor.role === 'operator') return { allowed: true, basis: 'operator' };
  // P-DIV-8: a manager acts for their own staff, at any depth below them.
  if (actor.role === 'manager' && lookups.managerChain(subject.personId).includes(actor.id)) {
    return { allowed: true, basis: 'manager' };
  }
  return refused('Du kan bara ändra din egen närvaro eller närvaro för din personal.', `Actor ${actor.id} may not change the presence of ${subject.personId}.`);
}

export function mayChangePresence(actor: Actor, subject: SubjectPerson, lookups: PresenceLookups): boolean {
  return presencePermission(actor, subject, lookups).allowed;
}

/** True when the change is made for someone else and must be audited (P-DIV-7, P-DIV-8). */
export function isOnBehalf(actor: Actor, subject: SubjectPerson): boolean {
  return actor.id !== subject.personId;
}

export interface PresenceAuditEntry {
  at: Instant;
  actorId: string;
  actorRole: Role;
  basis: PresenceBasis;
  subjectPersonId: string;
  tenantId: string;
  /** What was done, e.g. 'absence.create', 'absence.back-now'. */
  action: string;
  absenceId?: string;
}

/** The audit entry for a permitted change, or null when the person changed their own presence. */
export function onBehalfAudit(
  actor: Actor,
  subject: SubjectPerson,
  basis: PresenceBasis,
  at: Instant,
  action: string,
  absenceId?: string,
): PresenceAuditEntry | null {
  if (!isOnBehalf(actor, subject)) return null;
  const entry: PresenceAuditEntry = { at, actorId: actor.id, actorRole: actor.role, basis, subjectPersonId: subject.personId, tenantId: subject.tenantId, action };
  if (absenceId !== undefined) entry.absenceId = absenceId;
  return entry;
}

/** Who is looking at an absence, as far as what they may see goes. */
export type PresenceViewer = 'self' | 'manager' | 'operator' | 'admin' | 'colleague';

/** How `actor` sees `subject`'s presence; null across tenants, where nothing is shown. */
export function viewerOf(actor: Actor, subject: SubjectPerson, lookups: PresenceLookups): PresenceViewer | null {
  if (actor.tenantId !== subject.tenantId) return null;
  if (actor.id === subject.personId) return 'self';
  if (actor.role === 'manager' && lookups.managerChain(subject.personId).includes(actor.id)) return 'manager';
  if (actor.role === 'operator' || actor.role === 'admin') return actor.role;
  return 'colleague';
}

/** An absence as one viewer may see it. */
export type AbsenceView = Pick<Absence, 'id' | 'personId' | 'reason' | 'start' | 'end' | 'target' | 'recurrence' | 'cancelled'> & {
  /** Only for the person and their managers (P-SEC-2). */
  note?: string;
  createdBy?: string;
};

/**
 * P-SEC-2: least privilege. Everyone who may see presence sees the reason code, the times and
 * where calls go; the private note is for the person and their managers only, never operators.
 */
export function viewFor(viewer: PresenceViewer, absence: Absence): AbsenceView {
  const view: AbsenceView = {
    id: absence.id,
    personId: absence.personId,
    reason: absence.reason,
    start: absence.start,
    end: absence.end,
    target: absence.target,
    cancelled: absence.cancelled,
  };
  if (absence.recurrence !== undefined) view.recurrence = absence.recurrence;
  if (viewer === 'self' || viewer === 'manager') {
    if (absence.note !== undefined) view.note = absence.note;
    view.createdBy = absence.createdBy;
  } else if (viewer === 'admin') {
    view.createdBy = absence.createdBy;
  }
  return view;
}

export interface OccurrenceView {
  start: Instant;
  end: Instant;
  absence: AbsenceView;
}

export type PresenceStatusView =
  | { state: 'available'; next: OccurrenceView | null }
  | { state: 'absent'; reason: string; target: DiversionTarget; returnsAt: Instant; current: OccurrenceView; next: OccurrenceView | null };

function occurrenceView(viewer: PresenceViewer, o: Occurrence | null): OccurrenceView | null {
  return o === null ? null : { start: o.start, end: o.end, absence: viewFor(viewer, o.absence) };
}

/** A `presenceAt` answer with every absence in it passed through `viewFor`. */
export function statusViewFor(viewer: PresenceViewer, status: PresenceStatus): PresenceStatusView {
  if (status.state === 'available') return { state: 'available', next: occurrenceView(viewer, status.next) };
  return {
    state: 'absent',
    reason: status.reason,
    target: status.target,
    returnsAt: status.returnsAt,
    current: { start: status.current.start, end: status.current.end, absence: viewFor(viewer, status.current.absence) },
    next: occurrenceView(viewer, status.next),
  };
}
