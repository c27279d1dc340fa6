// "Open now?", "opens when?", "closes when?" for any hours setting, at a given instant.
import { compareInstants, startOfStockholmDay, stockholmDate, type Instant, type PlainDate } from '../time.js';
import { periodsOn, type Period } from './day.js';
import type { HoursSettings } from './settings.js';

/** How far ahead the searches look: a little more than a year, so yearly closures end. */
export const SEARCH_DAYS = 400;

/** The open period that contains `at`, if any. */
function periodAt(at: Instant, settings: HoursSettings): Period | null {
  // A period never leaves its own date ('24:00' ends at the next day's first instant), so
  // only the Stockholm date of `at` needs looking at.
  for (const p of periodsOn(stockholmDate(at), settings)) {
    if (compareInstants(p.start, at) <= 0 && compareInstants(at, p.end) < 0) return p;
  }
  return null;
}

export function isOpen(at: Instant, settings: HoursSettings): boolean {
  return periodAt(at, settings) !== null;
}

/** Each date from the Stockholm date of `at`, for SEARCH_DAYS days. */
function* datesFrom(at: Instant): Generator<PlainDate> {
  const first = stockholmDate(at);
  for (let i = 0; i < SEARCH_DAYS; i++) yield first.add({ days: i });
}

/**
 * The first instant at or after `at` when it is open: `at` itself when open now. Null when
 * nothing opens within SEARCH_DAYS days.
 */
export function nextOpening(at: Instant, settings: HoursSettings): Instant | null {
  for (const date of datesFrom(at)) {
    for (const p of periodsOn(date, settings)) {
      if (compareInstants(at, p.end) < 0) return compareInstants(p.start, at) > 0 ? p.start : at;
    }
  }
  return null;
}

/**
 * When the open period that contains `at` ends, following it past midnight when the next
 * day opens at 00:00 (a period ending '24:00' meets the next day's '00:00'). Null when closed
 * at `at`, and also when it stays open beyond the search (tell the two apart with isOpen).
 */
export function closesAt(at: Instant, settings: HoursSettings): Instant | null {
  const current = periodAt(at, settings);
  if (!current) return null;
  let end = current.end;
  for (const date of datesFrom(at)) {
    for (const p of periodsOn(date, settings)) {
      const cmp = compareInstants(p.start, end);
      if (cmp <= 0 && compareInstants(p.end, end) > 0) end = p.end;
      else if (cmp > 0) return end;
    }
  }
  // Nothing opened after `end` within the search: it ends then, unless it reached the
  // search's end still open.
  const searchEnd = startOfStockholmDay(stockholmDate(at).add({ days: SEARCH_DAYS }));
  return compareInstants(end, searchEnd) < 0 ? end : null;
}
