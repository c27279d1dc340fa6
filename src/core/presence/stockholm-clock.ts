// Fast Stockholm wall-clock arithmetic on epoch milliseconds, for the hot path of presence
// resolution (it runs for every search hit). The Temporal polyfill needs 15–50 µs for each
// time-zone conversion; here one conversion per UTC hour is done through Temporal and
// remembered, and the rest is integer arithmetic.
//
// Days are "epoch days": the number of days since 1970-01-01 on the Stockholm calendar.
// Results agree with `atStockholm` and `stockholmDate` in core/time.ts, including the DST
// decision documented there; stockholm-clock.test.ts checks that every five minutes around
// the DST nights.
import { Temporal, inStockholm, type PlainDate } from '../time.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
export const DAY = 86_400_000;

// Europe/Stockholm changes its offset only on whole UTC hours (01:00 UTC), so the offset at the
// start of an hour holds for the whole hour.
const offsetByHour = new Map<number, number>();
const OFFSET_CACHE_LIMIT = 200_000;

/** UTC offset of Europe/Stockholm at the instant `ms`, in milliseconds. */
export function offsetAt(ms: number): number {
  const hour = Math.floor(ms / HOUR);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    if (offsetByHour.size >= OFFSET_CACHE_LIMIT) offsetByHour.clear();
    offset = inStockholm(Temporal.Instant.fromEpochMilliseconds(hour * HOUR)).offsetNanoseconds / 1e6;
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/** The Stockholm epoch day of the instant `ms`. */
export function localDay(ms: number): number {
  return Math.floor((ms + offsetAt(ms)) / DAY);
}

/** ISO weekday (1 = Monday) of an epoch day; 1970-01-01 was a Thursday. */
export function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7 + 1;
}

export function dayOf(date: PlainDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / DAY;
}

export function dateOf(day: number): PlainDate {
  const d = new Date(day * DAY);
  return Temporal.PlainDate.from({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

/** Minutes after midnight of an "HH:MM" clock time. */
export function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/**
 * The instant of local time `minutes` after midnight on Stockholm epoch day `day`, with the
 * same disambiguation as `atStockholm`: a time in the spring gap moves forward by the gap; a
 * time that occurs twice in autumn means the earlier, summer-time, instant.
 */
export function localToEpoch(day: number, minutes: number): number {
  const wall = day * DAY + minutes * MINUTE;
  // At most one transition lies within half a day of any wall time.
  const before = offsetAt(wall - DAY / 2);
  const after = offsetAt(wall + DAY / 2);
  const early = wall - before;
  const late = wall - after;
  const earlyFits = offsetAt(early) === before;
  const lateFits = offsetAt(late) === after;
  if (earlyFits && lateFits) return Math.min(early, late);
  if (earlyFits) return early;
  if (lateFits) return late;
  // In the gap: read the wall time with the offset from before the change.
  return early;
}
