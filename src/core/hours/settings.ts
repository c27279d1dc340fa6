// One settings shape for every kind of hours: the switchboard's opening hours (P-SWB-8,
// P-FC-3), a unit's phone hours (P-HRS-1..4) and the working hours that call-back deadlines
// and "Gått för dagen" count with (P-CB-1).
import { Temporal, isClockTime, type ClockTime, type IsoWeekday } from '../time.js';
import { isHalfDayKind, type HalfDayKind } from '../calendar/index.js';
import { problem, type Problem } from '../errors.js';

/** The end of the day: only allowed as `to`, for hours that run until midnight. */
export const END_OF_DAY = '24:00';

/**
 * A local wall-clock interval, half-open: open from `from` up to (not including) `to`.
 * A lunch closure is a gap between two intervals of the same day.
 */
export interface Interval {
  from: ClockTime;
  to: ClockTime | typeof END_OF_DAY;
}

/** Hours that differ on one date; `intervals: []` means closed all that day. */
export interface HoursException {
  /** ISO date, e.g. '2026-01-02'. */
  date: string;
  intervals: Interval[];
  /** Swedish note shown on the website, e.g. 'Klämdag'. */
  note?: string;
}

/** Named public holidays (Lag 1989:253) are always closed unless an exception opens them. */
export interface HoursSettings {
  /** Normal hours per ISO weekday (1 = Monday); a missing weekday is closed. */
  weekly: Partial<Record<IsoWeekday, Interval[]>>;
  /**
   * Half days: on a working day of one of `kinds`, the weekly hours are cut to `intervals`
   * (their intersection), so short phone hours are never widened by a half day.
   */
  halfDays: { kinds: HalfDayKind[]; intervals: Interval[] };
  /**
   * Midsommar-, jul- and nyårsafton. true: closed (the default). false: they are "helgaftnar"
   * and get the half-day hours, cut from the weekly hours of their weekday.
   */
  closedOnSundayLikeEves: boolean;
  /** Dates with their own hours; they come before every other rule, holidays included. */
  exceptions: HoursException[];
}

/** The same intervals on Monday to Friday (a copy each), nothing at the weekend. */
export function mondayToFriday(intervals: readonly Interval[]): Partial<Record<IsoWeekday, Interval[]>> {
  const copy = () => intervals.map((i) => ({ ...i }));
  return { 1: copy(), 2: copy(), 3: copy(), 4: copy(), 5: copy() };
}

/** Minutes since local midnight of a clock time ('24:00' -> 1440). */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

function clockOf(minutes: number): string {
  if (minutes === 24 * 60) return END_OF_DAY;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Sorted, with overlapping and touching intervals merged (08–12 and 12–16 make 08–16). */
export function normalize(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals
    .map((i) => [minutesOf(i.from), minutesOf(i.to)] as const)
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged.map(([from, to]) => ({ from: clockOf(from), to: clockOf(to) }));
}

/** The parts of `a` that lie within `b` (a half day cuts the weekly hours). */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of normalize(a)) {
    for (const y of normalize(b)) {
      const from = Math.max(minutesOf(x.from), minutesOf(y.from));
      const to = Math.min(minutesOf(x.to), minutesOf(y.to));
      if (to > from) out.push({ from: clockOf(from), to: clockOf(to) });
    }
  }
  return normalize(out);
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  try {
    return Temporal.PlainDate.from(s, { overflow: 'reject' }).toString() === s;
  } catch {
    return false;
  }
}

function validateIntervals(intervals: unknown, field: string): Problem[] {
  if (!Array.isArray(intervals)) {
    return [problem('hours.intervals.not-a-list', 'Tiderna måste vara en lista.', 'Intervals must be an array.', { field })];
  }
  const problems: Problem[] = [];
  let previousEnd = -1;
  intervals.forEach((interval: Partial<Interval>, i) => {
    const f = `${field}.${i}`;
    const from = typeof interval?.from === 'string' ? interval.from : '';
    const to = typeof interval?.to === 'string' ? interval.to : '';
    if (!isClockTime(from)) {
      problems.push(problem('hours.interval.from', `Starttiden "${from}" ska skrivas TT:MM, t.ex. 08:00.`, `Start time "${from}" must be HH:MM.`, { field: `${f}.from` }));
      return;
    }
    if (!isClockTime(to) && to !== END_OF_DAY) {
      problems.push(problem('hours.interval.to', `Sluttiden "${to}" ska skrivas TT:MM, t.ex. 16:00.`, `End time "${to}" must be HH:MM or 24:00.`, { field: `${f}.to` }));
      return;
    }
    if (minutesOf(to) <= minutesOf(from)) {
      problems.push(problem('hours.interval.order', `Sluttiden ${to} måste vara senare än starttiden ${from}.`, `End ${to} must be after start ${from}.`, { field: f }));
      return;
    }
    if (minutesOf(from) < previousEnd) {
      problems.push(problem('hours.interval.overlap', 'Tiderna måste stå i tidsordning och får inte överlappa.', 'Intervals must be in order and must not overlap.', { field: f }));
    }
    previousEnd = minutesOf(to);
  });
  return problems;
}

/** Problems with an hours setting; `field` is the dotted path of the setting itself. */
export function validateHours(settings: HoursSettings, field = 'hours'): Problem[] {
  const problems: Problem[] = [];
  for (const [key, intervals] of Object.entries(settings.weekly ?? {})) {
    if (!/^[1-7]$/.test(key)) {
      problems.push(problem('hours.weekday', `Veckodag "${key}" finns inte (1 = måndag … 7 = söndag).`, `Weekday "${key}" must be 1–7.`, { field: `${field}.weekly.${key}` }));
    } else {
      problems.push(...validateIntervals(intervals, `${field}.weekly.${key}`));
    }
  }
  problems.push(...validateIntervals(settings.halfDays?.intervals, `${field}.halfDays.intervals`));
  (settings.halfDays?.kinds ?? []).forEach((kind, i) => {
    if (!isHalfDayKind(kind)) {
      problems.push(problem('hours.half-day.kind', `Okänd sorts halvdag: "${kind}".`, `Unknown half-day kind "${kind}".`, { field: `${field}.halfDays.kinds.${i}` }));
    }
  });
  if (typeof settings.closedOnSundayLikeEves !== 'boolean') {
    problems.push(problem('hours.eves', 'Ange om det är stängt på midsommar-, jul- och nyårsafton.', 'closedOnSundayLikeEves must be true or false.', { field: `${field}.closedOnSundayLikeEves` }));
  }
  const seen = new Set<string>();
  (settings.exceptions ?? []).forEach((exception, i) => {
    const f = `${field}.exceptions.${i}`;
    if (!isIsoDate(exception.date)) {
      problems.push(problem('hours.exception.date', `Datumet "${exception.date}" ska skrivas ÅÅÅÅ-MM-DD.`, `Exception date "${exception.date}" must be an ISO date.`, { field: `${f}.date` }));
    } else if (seen.has(exception.date)) {
      problems.push(problem('hours.exception.duplicate', `Datumet ${exception.date} har redan avvikande tider.`, `Exception date ${exception.date} appears twice.`, { field: `${f}.date` }));
    }
    seen.add(exception.date);
    problems.push(...validateIntervals(exception.intervals, `${f}.intervals`));
  });
  return problems;
}
