// Hours laid out over days: a week plan for websites (P-HRS-2, P-FC-3) and a year view for
// the admin who decides the half days and exceptions.
import { Temporal, type PlainDate } from '../time.js';
import { dayHours, type DayHours, type Lang } from './day.js';
import type { HoursSettings } from './settings.js';

/** `days` consecutive days from `fromDate`, each with its hours and a note. */
export function weekPlan(fromDate: PlainDate, days: number, settings: HoursSettings, lang: Lang = 'sv'): DayHours[] {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`weekPlan: days must be a whole number ≥ 0, got ${days}`);
  return Array.from({ length: days }, (_, i) => dayHours(fromDate.add({ days: i }), settings, lang));
}

/**
 * Every day of `year` that is not an ordinary day: holidays, the Sunday-like eves, days of
 * any half-day kind (also kinds these settings do not shorten, so the admin sees the choice)
 * and exception dates, with their hours under `settings`.
 */
export function yearView(year: number, settings: HoursSettings, lang: Lang = 'sv'): DayHours[] {
  const first = Temporal.PlainDate.from({ year, month: 1, day: 1 });
  return weekPlan(first, first.daysInYear, settings, lang).filter(
    (d) => d.kind !== 'regular' || d.holidays.length > 0 || d.eve !== null || d.halfDayKinds.length > 0,
  );
}
