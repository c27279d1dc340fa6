// Test helpers for the presence and call-back cores. Used by tests only.
//
// A test double for `WorkingTime`: working days Monday–Friday except a given list of days off,
// 08:00–16:30, and half days closing at 12:00. The real Swedish calendar lives in the calendar
// and hours modules and is tested there; the presence and call-back tests only need a calendar
// whose answers they can predict.
import { DomainError, type Result } from '../errors.js';
import { Temporal, atStockholm, startOfStockholmDay, stockholmDate, type Instant, type PlainDate } from '../time.js';
import { DEFAULT_TARGET, type Absence, type WeeklyRecurrence } from './absence.js';
import { withFirstOccurrence } from './occurrences.js';
import type { PresenceWorkingTime } from './validate.js';

export interface WorkingTimeDoubleOptions {
  /** Weekdays that are not working days: public holidays and midsommar-, jul-, nyårsafton. */
  daysOff: readonly string[];
  /** Working days that close early. */
  halfDays: readonly string[];
  opens?: string;
  closes?: string;
  halfDayCloses?: string;
}

export interface WorkingTimeDouble extends PresenceWorkingTime {
  isWorkingDay(date: PlainDate): boolean;
}

export function workingTimeDouble(options: WorkingTimeDoubleOptions): WorkingTimeDouble {
  const daysOff = new Set(options.daysOff);
  const halfDays = new Set(options.halfDays);
  const opens = options.opens ?? '08:00';
  const closes = options.closes ?? '16:30';
  const halfDayCloses = options.halfDayCloses ?? '12:00';
  const isWorkingDay = (d: PlainDate): boolean => d.dayOfWeek <= 5 && !daysOff.has(d.toString());
  const closing = (d: PlainDate): Instant => atStockholm(d, halfDays.has(d.toString()) ? halfDayCloses : closes);
  return {
    isWorkingDay,
    nextWorkingDayStart(at) {
      let d = stockholmDate(at).add({ days: 1 });
      while (!isWorkingDay(d)) d = d.add({ days: 1 });
      return atStockholm(d, opens);
    },
    dueAfterWorkingDays(at, n) {
      // P-CB-1: the day of `at` is day 0 whatever the time.
      let d = stockholmDate(at);
      for (let counted = 0; counted < n; ) {
        d = d.add({ days: 1 });
        if (isWorkingDay(d)) counted++;
      }
      return closing(d);
    },
    endOfWorkingDay(at) {
      const d = stockholmDate(at);
      return isWorkingDay(d) ? closing(d) : null;
    },
  };
}

/** Swedish days off on weekdays, 2026–2027 (swedish-calendar.md; Easter 2026-04-05, 2027-03-28). */
export const SWEDISH_DAYS_OFF_2026_2027: readonly string[] = [
  '2026-01-01', '2026-01-06', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-06-19',
  '2026-12-24', '2026-12-25', '2026-12-31',
  '2027-01-01', '2027-01-06', '2027-03-26', '2027-03-29', '2027-05-06', '2027-06-25', '2027-12-24', '2027-12-31',
];

/** Typical half days ("dag före röd dag") on working days, 2026–2027. */
export const SWEDISH_HALF_DAYS_2026_2027: readonly string[] = [
  '2026-01-05', '2026-04-02', '2026-04-30', '2026-05-13', '2026-06-05', '2026-10-30',
  '2027-01-05', '2027-03-25', '2027-04-30', '2027-05-05', '2027-11-05',
];

export function swedishWorkingTime(): WorkingTimeDouble {
  return workingTimeDouble({ daysOff: SWEDISH_DAYS_OFF_2026_2027, halfDays: SWEDISH_HALF_DAYS_2026_2027 });
}

/** "2026-03-30 12:30" read on a Stockholm wall clock. */
export function local(dateTime: string): Instant {
  const [date = '', time = '00:00'] = dateTime.split(' ');
  return atStockholm(Temporal.PlainDate.from(date), time);
}

/** A one-off absence between two Stockholm wall-clock times, for tests. */
export function oneOff(id: string, reason: string, from: string, to: string, extra: Partial<Absence> = {}): Absence {
  return { id, personId: 'p1', reason, start: local(from), end: local(to), target: DEFAULT_TARGET, exceptions: [], createdBy: 'p1', cancelled: false, ...extra };
}

/** A weekly series for tests; start and end are its first occurrence, as validateAbsence makes them. */
export function series(id: string, reason: string, recurrence: Omit<WeeklyRecurrence, 'from' | 'until'> & { from: string; until?: string }, extra: Partial<Absence> = {}): Absence {
  const r: WeeklyRecurrence = { ...recurrence, from: Temporal.PlainDate.from(recurrence.from), until: recurrence.until === undefined ? undefined : Temporal.PlainDate.from(recurrence.until) };
  if (r.until === undefined) delete r.until;
  const from = startOfStockholmDay(r.from);
  const draft: Absence = { id, personId: 'p1', reason, start: from, end: from, target: DEFAULT_TARGET, recurrence: r, exceptions: [], createdBy: 'p1', cancelled: false, ...extra };
  return withFirstOccurrence(draft) ?? draft;
}

/** The value of an accepted result; fails the test with the problems otherwise. */
export function accepted<T>(r: Result<T>): T {
  if (!r.ok) throw new DomainError(r.problems);
  return r.value;
}

/** The problem codes of a refused result; fails the test if it was accepted. */
export function refusedCodes<T>(r: Result<T>): string[] {
  if (r.ok) throw new Error('expected the input to be refused');
  return r.problems.map((p) => p.code);
}
