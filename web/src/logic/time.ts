// Times as people read them: always Stockholm wall-clock time, whatever zone the browser is
// in, and end times for the one-tap reasons computed with the same core rules the server
// uses (src/core/presence defaultEnd, src/core/hours workingTime), so the chip that says
// "resten av dagen" means exactly what the server will store.
import { Temporal, STOCKHOLM, atStockholm, inStockholm, stockholmDate, type Instant } from '../../../src/core/time.js';
import { workingTime, type HoursSettings } from '../../../src/core/hours/index.js';
import { defaultEnd } from '../../../src/core/presence/index.js';
import type { Lang } from './lang.js';

export { Temporal, STOCKHOLM, type Instant };

export function instantOf(iso: string): Instant {
  return Temporal.Instant.from(iso);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "14:30" in Stockholm. */
export function clockText(at: Instant | string): string {
  const z = inStockholm(typeof at === 'string' ? instantOf(at) : at);
  return `${pad(z.hour)}:${pad(z.minute)}`;
}

const WEEKDAYS: Record<Lang, string[]> = {
  sv: ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};
const MONTHS: Record<Lang, string[]> = {
  sv: ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

export function weekdayName(weekday: number, lang: Lang): string {
  return WEEKDAYS[lang][weekday - 1] ?? '';
}

export function monthName(month: number, lang: Lang): string {
  return MONTHS[lang][month - 1] ?? '';
}

/** "onsdag 25 mars" / "Wednesday 25 March" (the year only when it is not this year's). */
export function dateText(date: Temporal.PlainDate, lang: Lang, today?: Temporal.PlainDate): string {
  const year = today && today.year === date.year ? '' : ` ${date.year}`;
  return `${weekdayName(date.dayOfWeek, lang)} ${date.day} ${monthName(date.month, lang)}${year}`;
}

/**
 * A time relative to today, as on a phone display: "14:30", "i morgon 08:00",
 * "fredag 27 mars 08:00".
 */
export function whenText(at: Instant | string, now: Instant, lang: Lang): string {
  const instant = typeof at === 'string' ? instantOf(at) : at;
  const day = stockholmDate(instant);
  const today = stockholmDate(now);
  const clock = clockText(instant);
  const days = today.until(day, { largestUnit: 'days' }).days;
  if (days === 0) return lang === 'sv' ? `i dag ${clock}` : `today ${clock}`;
  if (days === 1) return lang === 'sv' ? `i morgon ${clock}` : `tomorrow ${clock}`;
  if (days === -1) return lang === 'sv' ? `i går ${clock}` : `yesterday ${clock}`;
  return `${dateText(day, lang, today)} ${clock}`;
}

/** The instant at a Stockholm wall-clock time on the day of `now` (DST rule of core/time.ts). */
export function todayAt(now: Instant, clock: string): Instant {
  return atStockholm(stockholmDate(now), clock);
}

/** "2026-03-25" of an instant, in Stockholm (for date inputs). */
export function dateInputValue(at: Instant): string {
  return stockholmDate(at).toString();
}

/** A date input's and a time input's values as an instant in Stockholm; null when incomplete. */
export function fromInputs(date: string, time: string): Instant | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return null;
  try {
    return atStockholm(Temporal.PlainDate.from(date), time);
  } catch {
    return null;
  }
}

/** The end of the working day `now` falls on, or midnight when the day's work is over (the core's 'rest-of-day'). */
export function restOfDay(now: Instant, hours: HoursSettings): Instant {
  return defaultEnd({ code: 'rest-of-day', label: '', defaultLength: 'rest-of-day' }, now, workingTime(hours))!;
}

/** Where a reason's default length ends when started now; null when the reason has none. */
export function reasonDefaultEnd(
  reason: { code: string; label: string; defaultLength?: number | 'rest-of-day' | 'next-working-day-start' },
  now: Instant,
  hours: HoursSettings,
): Instant | null {
  return defaultEnd(reason, now, workingTime(hours));
}

export interface QuickTime {
  /** "14:30" */
  label: string;
  end: Instant;
}

/**
 * End times to offer as one tap each: every half hour from at least `minMinutes` ahead up to
 * the end of the working day (or of `horizonHours` when the day is over), at most `max`.
 * "Möte till 14:30" is then: tap Möte, tap 14:30.
 */
export function quickEndTimes(now: Instant, hours: HoursSettings, opts: { minMinutes?: number; max?: number; horizonHours?: number } = {}): QuickTime[] {
  const minMinutes = opts.minMinutes ?? 15;
  const max = opts.max ?? 16;
  const earliest = now.add({ minutes: minMinutes });
  // The first half hour at or after `earliest`.
  const slot = inStockholm(earliest).round({ smallestUnit: 'minute', roundingIncrement: 30, roundingMode: 'ceil' });
  const dayEnd = restOfDay(now, hours);
  const horizon = now.add({ hours: opts.horizonHours ?? 4 });
  const last = Temporal.Instant.compare(dayEnd, horizon) > 0 ? dayEnd : horizon;
  const out: QuickTime[] = [];
  for (let t = slot; out.length < max; t = t.add({ minutes: 30 })) {
    const end = t.toInstant();
    if (Temporal.Instant.compare(end, last) > 0) break;
    out.push({ label: clockText(end), end });
  }
  return out;
}

/** Minutes as "1 h", "30 min", "1 h 30 min". */
export function durationText(minutes: number, lang: Lang): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const parts = [];
  if (h > 0) parts.push(`${h} h`);
  if (m > 0) parts.push(`${m} min`);
  return parts.join(' ') || (lang === 'sv' ? '0 min' : '0 min');
}
