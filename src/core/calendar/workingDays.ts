// Working days ("arbetsdagar", GLOSSARY.md): Monday–Friday that is neither a public holiday
// nor midsommar-, jul- or nyårsafton. Half days are working days with shorter hours.
import type { PlainDate } from '../time.js';
import { holidayNames, sundayLikeEve } from './holidays.js';

export function isWorkingDay(date: PlainDate): boolean {
  return date.dayOfWeek <= 5 && holidayNames(date).length === 0 && sundayLikeEve(date) === null;
}

// The longest run of days off is five (julafton on a Wednesday: 24–28 December), so a
// week is a safe bound for one step; the calendar test checks this for 1900–2200.
const MAX_STEP = 7;

function step(date: PlainDate, direction: 1 | -1): PlainDate {
  let d = date;
  for (let i = 0; i < MAX_STEP; i++) {
    d = d.add({ days: direction });
    if (isWorkingDay(d)) return d;
  }
  throw new Error(`no working day within ${MAX_STEP} days of ${date.toString()}`);
}

/** The first working day after `date` (not `date` itself). */
export function nextWorkingDay(date: PlainDate): PlainDate {
  return step(date, 1);
}

/** The last working day before `date` (not `date` itself). */
export function previousWorkingDay(date: PlainDate): PlainDate {
  return step(date, -1);
}

/**
 * The n-th working day after `date` (n > 0) or before it (n < 0); `date` itself is day 0
 * whether or not it is a working day (P-CB-1: the day a message arrives is day 0).
 * n = 0 returns `date`.
 */
export function addWorkingDays(date: PlainDate, n: number): PlainDate {
  if (!Number.isInteger(n)) throw new RangeError(`addWorkingDays: n must be an integer, got ${n}`);
  let d = date;
  for (let i = 0; i < Math.abs(n); i++) d = step(d, n > 0 ? 1 : -1);
  return d;
}
