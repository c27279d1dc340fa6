// The hours of one Stockholm calendar day, and why they are what they are.
//
// Precedence (the first that applies wins):
//   1. an exception for the date (it can even open a holiday);
//   2. a named public holiday: closed;
//   3. midsommar-, jul- or nyårsafton: closed, or half-day hours (closedOnSundayLikeEves);
//   4. a half day of one of the configured kinds: the weekly hours cut to the half-day hours;
//   5. the weekly hours of the weekday.
import { HALF_DAY_LABELS, HOLIDAY_NAMES_EN, halfDayKinds, holidayNames, sundayLikeEve } from '../calendar/index.js';
import type { HalfDayKind, HolidayName, SundayLikeEve } from '../calendar/index.js';
import { atStockholm, compareInstants, startOfStockholmDay, type Instant, type IsoWeekday, type PlainDate } from '../time.js';
import { END_OF_DAY, intersect, normalize, type Interval, type HoursSettings } from './settings.js';

export type Lang = 'sv' | 'en';

/** Why a day has the hours it has. */
export type DayKind = 'exception' | 'holiday' | 'eve' | 'half-day' | 'regular';

export interface DayHours {
  /** ISO date. */
  date: string;
  weekday: IsoWeekday;
  /** Local intervals, sorted and merged; [] = closed all day. */
  intervals: Interval[];
  kind: DayKind;
  /** Holidays by law on the date (ordinary Sundays have none). */
  holidays: readonly HolidayName[];
  eve: SundayLikeEve | null;
  /** The calendar's half-day kinds of the date, whether these settings shorten them or not. */
  halfDayKinds: HalfDayKind[];
  /** A short note for websites: the holiday's name, "Halvdag – …", the exception's note. */
  note: string | null;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function holidayNote(names: readonly (HolidayName | SundayLikeEve)[], lang: Lang): string {
  const words = names.map((n) => (lang === 'sv' ? n : HOLIDAY_NAMES_EN[n]));
  return capitalize(words.join(lang === 'sv' ? ' och ' : ' and '));
}

/** The hours of `date` under `settings`, with the reason and a note in `lang`. */
export function dayHours(date: PlainDate, settings: HoursSettings, lang: Lang = 'sv'): DayHours {
  const holidays = holidayNames(date);
  const eve = sundayLikeEve(date);
  const kinds = halfDayKinds(date);
  const weekday = date.dayOfWeek as IsoWeekday;
  const base = { date: date.toString(), weekday, holidays, eve, halfDayKinds: kinds };
  const weekly = settings.weekly[weekday] ?? [];

  const exception = settings.exceptions.find((e) => e.date === base.date);
  if (exception) {
    const note = exception.note ?? (lang === 'sv' ? 'Avvikande öppettider' : 'Special opening hours');
    return { ...base, intervals: normalize(exception.intervals), kind: 'exception', note };
  }
  if (holidays.length > 0) {
    return { ...base, intervals: [], kind: 'holiday', note: holidayNote(holidays, lang) };
  }
  if (eve) {
    const intervals = settings.closedOnSundayLikeEves ? [] : intersect(weekly, settings.halfDays.intervals);
    return { ...base, intervals, kind: 'eve', note: holidayNote([eve], lang) };
  }
  const shortened = kinds.find((k) => settings.halfDays.kinds.includes(k));
  if (shortened) {
    const label = HALF_DAY_LABELS[shortened][lang];
    const note = lang === 'sv' ? `Halvdag – ${label}` : `Half day – ${label}`;
    return { ...base, intervals: intersect(weekly, settings.halfDays.intervals), kind: 'half-day', note };
  }
  return { ...base, intervals: normalize(weekly), kind: 'regular', note: null };
}

/** The local intervals of `date`: exceptions first, then holidays, eves, half days, weekly. */
export function intervalsOn(date: PlainDate, settings: HoursSettings): Interval[] {
  return dayHours(date, settings).intervals;
}

/** An open period as real instants, half-open [start, end). */
export interface Period {
  start: Instant;
  end: Instant;
}

function instantOf(date: PlainDate, time: string): Instant {
  // '24:00' is the first instant of the next day, whatever the length of this one.
  return time === END_OF_DAY ? startOfStockholmDay(date.add({ days: 1 })) : atStockholm(date, time);
}

/**
 * The open periods of `date` as instants. DST nights go through atStockholm: a time that
 * does not exist (02:30 on the last Sunday of March) moves forward by the gap, so 02:00–03:00
 * that night is empty and dropped; a time that occurs twice (02:30 on the last Sunday of
 * October) is the earlier one, so 02:00–03:00 that night lasts two real hours. Periods that
 * touch or overlap after the conversion are merged.
 */
export function periodsOn(date: PlainDate, settings: HoursSettings): Period[] {
  const periods: Period[] = [];
  for (const interval of intervalsOn(date, settings)) {
    const start = instantOf(date, interval.from);
    const end = instantOf(date, interval.to);
    if (compareInstants(start, end) >= 0) continue;
    const last = periods[periods.length - 1];
    if (last && compareInstants(start, last.end) <= 0) {
      if (compareInstants(end, last.end) > 0) last.end = end;
    } else {
      periods.push({ start, end });
    }
  }
  return periods;
}
