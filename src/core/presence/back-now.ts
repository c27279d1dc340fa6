// "Åter" (P-DIV-4): the person is back earlier than planned and opens the phone again with one
// action. Everything in effect now ends now; what is planned for later stays, so a person back
// from a meeting at 13:30 still goes to the lunch planned at 14:00.
import type { Instant } from '../time.js';
import type { Absence } from './absence.js';
import { isBefore } from './occurrences.js';
import { PresenceSchedule } from './resolve.js';
import { dateOf } from './stockholm-clock.js';

export type AbsenceChange =
  /** A one-off absence now ends at the moment of "Åter". */
  | { kind: 'ended'; before: Absence; after: Absence }
  /** A one-off absence that started at this very moment is withdrawn. */
  | { kind: 'cancelled'; before: Absence; after: Absence }
  /** Today's occurrence of a series is skipped; the series goes on. */
  | { kind: 'occurrence-skipped'; before: Absence; after: Absence };

/**
 * The changes that make the person available at `at`: to be stored (and audited) by the caller.
 * Empty when the person is already available.
 */
export function backNow(absences: readonly Absence[], at: Instant): AbsenceChange[] {
  const changes: AbsenceChange[] = [];
  // Only occurrences that have already started are touched: they are the chain's part in effect
  // now. Later links of the chain are planned absences and stay.
  for (const o of new PresenceSchedule(absences).activeSpans(at.epochMilliseconds)) {
    const before = o.absence;
    if (o.day !== null) {
      // A series is kept; only the occurrence that is running is skipped, by its start date.
      changes.push({ kind: 'occurrence-skipped', before, after: { ...before, exceptions: [...before.exceptions, dateOf(o.day)] } });
    } else if (isBefore(before.start, at)) {
      changes.push({ kind: 'ended', before, after: { ...before, end: at } });
    } else {
      changes.push({ kind: 'cancelled', before, after: { ...before, cancelled: true } });
    }
  }
  return changes;
}

/** The absences with `changes` applied, for callers that hold the list in memory. */
export function applyChanges(absences: readonly Absence[], changes: readonly AbsenceChange[]): Absence[] {
  const byId = new Map(changes.map((c) => [c.after.id, c.after]));
  return absences.map((a) => byId.get(a.id) ?? a);
}
