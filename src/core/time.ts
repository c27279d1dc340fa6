// Shared time vocabulary for the pure core.
//
// Rules (ARCHITECTURE.md): the core never reads the clock; every function takes the
// instant it reasons about as an argument. Instants are stored in UTC; calendar days are
// counted with plain dates in Europe/Stockholm.
import { Temporal } from 'temporal-polyfill';

export { Temporal };

export type Instant = Temporal.Instant;
export type PlainDate = Temporal.PlainDate;
export type PlainTime = Temporal.PlainTime;
export type ZonedDateTime = Temporal.ZonedDateTime;

export const STOCKHOLM = 'Europe/Stockholm';

/** ISO weekday: 1 = Monday ... 7 = Sunday (Temporal's numbering). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * Local wall-clock time -> instant in Stockholm.
 *
 * Decision for DST nights (swedish-calendar.md, "decide explicitly"): a local time that does
 * not exist (02:30 on the last Sunday of March) is moved forward by the gap (03:30); a local
 * time that occurs twice (02:30 on the last Sunday of October) means the earlier one, the
 * summer-time occurrence. This is Temporal's 'compatible' disambiguation, the same as
 * RFC 5545 section 3.3.5 uses for calendar events.
 */
export function atStockholm(date: PlainDate, time: PlainTime | string): Instant {
  const t = typeof time === 'string' ? Temporal.PlainTime.from(time) : time;
  return date.toZonedDateTime({ timeZone: STOCKHOLM, plainTime: t }).toInstant();
}

/** Start of the Stockholm calendar day (00:00, or the first instant of the day). */
export function startOfStockholmDay(date: PlainDate): Instant {
  return date.toZonedDateTime({ timeZone: STOCKHOLM }).toInstant();
}

/** The instant seen on a Stockholm wall clock. */
export function inStockholm(instant: Instant): ZonedDateTime {
  return instant.toZonedDateTimeISO(STOCKHOLM);
}

/** The Stockholm calendar date of an instant ("the day a message arrives is day 0"). */
export function stockholmDate(instant: Instant): PlainDate {
  return inStockholm(instant).toPlainDate();
}

export function instant(iso: string): Instant {
  return Temporal.Instant.from(iso);
}

export function plainDate(iso: string): PlainDate {
  return Temporal.PlainDate.from(iso);
}

export function compareInstants(a: Instant, b: Instant): number {
  return Temporal.Instant.compare(a, b);
}

export function maxInstant(a: Instant, b: Instant): Instant {
  return Temporal.Instant.compare(a, b) >= 0 ? a : b;
}

export function minInstant(a: Instant, b: Instant): Instant {
  return Temporal.Instant.compare(a, b) <= 0 ? a : b;
}

/** "HH:MM" in 24-hour form, validated. */
export type ClockTime = string;

export function isClockTime(s: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(s);
}

/**
 * A municipality's working time, as the presence and call-back cores need it. The hours
 * module builds one from a profile; the cores take it as an argument so that they stay
 * independent of how hours are configured.
 */
export interface WorkingTime {
  /** Start of the first working day after the Stockholm date of `at` ("Gått för dagen"). */
  nextWorkingDayStart(at: Instant): Instant;
  /**
   * P-CB-1: the day `at` falls on is day 0 whatever the time; the deadline is the closing
   * time of the n-th working day after it (a half day gives its shortened closing time).
   */
  dueAfterWorkingDays(at: Instant, n: number): Instant;
}

