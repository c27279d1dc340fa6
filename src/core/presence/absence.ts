// The data of presence: absences ("hänvisningar"), their reasons and where calls go meanwhile.
//
// An absence is a fact about one person: from `start` to `end` they cannot take calls, for a
// stated reason (P-DIV-2), and calls go to `target`. A weekly recurring absence (lunch every
// weekday 12:00–13:00) is kept as one series with local clock times, so that its occurrences
// stay at the same wall-clock time across the DST nights.
import type { ClockTime, Instant, IsoWeekday, PlainDate } from '../time.js';

/** Where calls go while the person is away. */
export type DiversionTarget =
  | { kind: 'voicemail' }
  | { kind: 'person'; personId: string }
  | { kind: 'function'; functionId: string }
  /** The unit's reception ("expeditionen"), P-DIV-10. */
  | { kind: 'reception' }
  | { kind: 'switchboard' }
  /** A number to forward to; internal numbers only (P-COST-1). */
  | { kind: 'number'; number: string };

export type DiversionTargetKind = DiversionTarget['kind'];

/** The default when the person names no target: callers can always leave a message (P-VM-1). */
export const DEFAULT_TARGET: DiversionTarget = { kind: 'voicemail' };

/**
 * A weekly series. Occurrences start at `startTime` local time in Europe/Stockholm on each of
 * `weekdays` from `from` up to and including `until`. An `endTime` at or before `startTime`
 * ends the next day (22:00–06:00 is a night; 00:00–00:00 is a whole day).
 */
export interface WeeklyRecurrence {
  weekdays: readonly IsoWeekday[];
  startTime: ClockTime;
  endTime: ClockTime;
  from: PlainDate;
  /** Last date on which an occurrence may start; none = the series runs on. */
  until?: PlainDate;
}

export interface Absence {
  id: string;
  personId: string;
  /** Code of an `AbsenceReasonSetting` (P-DIV-2). */
  reason: string;
  /** For a recurring absence: the start of its first occurrence (computed by `validateAbsence`). */
  start: Instant;
  /** Required (P-DIV-3). For a recurring absence: the end of its first occurrence. */
  end: Instant;
  target: DiversionTarget;
  /** Private: shown to the person and their managers, never to operators (P-SEC-2). */
  note?: string;
  recurrence?: WeeklyRecurrence;
  /** Dates on which a recurring occurrence does not happen (its start date). */
  exceptions: readonly PlainDate[];
  createdBy: string;
  cancelled: boolean;
}

/**
 * How long an absence lasts when no end is given.
 * - a number: that many minutes ("Lunch" 60);
 * - 'rest-of-day': to the end of the working day (a half day ends early);
 * - 'next-working-day-start': "Gått för dagen", to the start of the next working day.
 */
export type AbsenceDefaultLength = number | 'rest-of-day' | 'next-working-day-start';

/** An absence reason as the municipality's profile sets it up (the policy module maps to this). */
export interface AbsenceReasonSetting {
  /** Stable code, e.g. 'meeting', 'lunch', 'gone-for-day'. */
  code: string;
  /** Swedish label shown to people, e.g. "Möte". */
  label: string;
  /** None: the person must give an end time (P-DIV-3). */
  defaultLength?: AbsenceDefaultLength;
}
