// WorkingTime (src/core/time.ts) from working hours: what the presence core needs for
// "Gått för dagen" and the call-back core for P-CB-1 deadlines.
import { isWorkingDay } from '../calendar/index.js';
import { stockholmDate, type Instant, type PlainDate, type WorkingTime } from '../time.js';
import { DomainError, problem } from '../errors.js';
import { periodsOn, type Period } from './day.js';
import { SEARCH_DAYS } from './open.js';
import type { HoursSettings } from './settings.js';

/**
 * A working day here is a calendar working day (Mon–Fri, not a holiday, not one of the three
 * eves) on which the working hours are open at all: an exception that closes a day (a
 * "klämdag") takes it out of the count, and an exception that opens a Saturday does not add
 * one. Half days count, with their shortened hours.
 */
function workingPeriods(date: PlainDate, settings: HoursSettings): Period[] {
  return isWorkingDay(date) ? periodsOn(date, settings) : [];
}

function noWorkingDays(from: PlainDate): DomainError {
  return new DomainError(
    problem(
      'hours.no-working-days',
      `Arbetstiderna har ingen arbetsdag inom ${SEARCH_DAYS} dagar från ${from.toString()}.`,
      `The working hours have no working day within ${SEARCH_DAYS} days of ${from.toString()}.`,
    ),
  );
}

/** The open periods of the n-th working day after `from`; for n = 0, of the first one on or after it. */
function nthWorkingDay(from: PlainDate, n: number, settings: HoursSettings): Period[] {
  let count = 0;
  for (let i = n === 0 ? 0 : 1; i <= SEARCH_DAYS; i++) {
    const periods = workingPeriods(from.add({ days: i }), settings);
    if (periods.length > 0 && ++count >= Math.max(n, 1)) return periods;
  }
  throw noWorkingDays(from);
}

/**
 * WorkingTime plus the closing time of a day, which presence needs for "rest of the day"
 * (it is structurally the presence core's PresenceWorkingTime).
 */
export interface HoursWorkingTime extends WorkingTime {
  /** The last closing time of the working day `at` falls on; null when that date is not one. */
  endOfWorkingDay(at: Instant): Instant | null;
}

export function workingTime(settings: HoursSettings): HoursWorkingTime {
  return {
    endOfWorkingDay(at: Instant): Instant | null {
      return workingPeriods(stockholmDate(at), settings).at(-1)?.end ?? null;
    },
    nextWorkingDayStart(at: Instant): Instant {
      // The first opening of the first working day after the Stockholm date of `at`.
      return nthWorkingDay(stockholmDate(at), 1, settings)[0]!.start;
    },
    dueAfterWorkingDays(at: Instant, n: number): Instant {
      // P-CB-1: day 0 is the date `at` falls on, whatever the time; the deadline is the
      // last closing time of the n-th working day after it (a half day closes early).
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`dueAfterWorkingDays: n must be a whole number ≥ 0, got ${n}`);
      return nthWorkingDay(stockholmDate(at), n, settings).at(-1)!.end;
    },
  };
}
