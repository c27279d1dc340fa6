// Swedish public holidays ("röda dagar") by Lag (1989:253) om allmänna helgdagar, and the
// three eves that are treated as Sundays though they are not holidays.
//
// Source: /work/shared/notes/swedish-calendar.md. The law's history before 1989 is not
// modelled: any year gets the 1989 rules, with the 2005 change (nationaldagen replaced
// annandag pingst).
import { Temporal, type PlainDate } from '../time.js';
import { easterSunday } from './easter.js';

/** The names the law gives, as written in it (lower case but for "Kristi"). */
export type HolidayName =
  | 'nyårsdagen'
  | 'trettondedag jul'
  | 'långfredagen'
  | 'påskdagen'
  | 'annandag påsk'
  | 'första maj'
  | 'Kristi himmelsfärdsdag'
  | 'pingstdagen'
  | 'annandag pingst'
  | 'nationaldagen'
  | 'midsommardagen'
  | 'alla helgons dag'
  | 'juldagen'
  | 'annandag jul';

/** Days that count as Sundays though not holidays (Semesterlagen 3 a §, Lag 1930:173 2 §). */
export type SundayLikeEve = 'midsommarafton' | 'julafton' | 'nyårsafton';

/** English names, for English pages and developers. */
export const HOLIDAY_NAMES_EN: Record<HolidayName | SundayLikeEve, string> = {
  nyårsdagen: "New Year's Day",
  'trettondedag jul': 'Epiphany',
  långfredagen: 'Good Friday',
  påskdagen: 'Easter Sunday',
  'annandag påsk': 'Easter Monday',
  'första maj': 'May Day',
  'Kristi himmelsfärdsdag': 'Ascension Day',
  pingstdagen: 'Whit Sunday',
  'annandag pingst': 'Whit Monday',
  nationaldagen: 'National Day of Sweden',
  midsommardagen: 'Midsummer Day',
  'alla helgons dag': "All Saints' Day",
  juldagen: 'Christmas Day',
  'annandag jul': 'Boxing Day',
  midsommarafton: 'Midsummer Eve',
  julafton: 'Christmas Eve',
  nyårsafton: "New Year's Eve",
};

/** The year nationaldagen became a holiday and annandag pingst stopped being one (SFS 2004:1320). */
export const NATIONAL_DAY_FROM_YEAR = 2005;

const cache = new Map<number, ReadonlyMap<string, readonly HolidayName[]>>();

/** The first date on or after `from` that falls on `weekday` (1 = Monday ... 7 = Sunday). */
function onOrAfter(from: PlainDate, weekday: number): PlainDate {
  return from.add({ days: (weekday - from.dayOfWeek + 7) % 7 });
}

function date(year: number, month: number, day: number): PlainDate {
  return Temporal.PlainDate.from({ year, month, day });
}

/** Midsommardagen: the Saturday between 20 and 26 June. */
export function midsummerDay(year: number): PlainDate {
  return onOrAfter(date(year, 6, 20), 6);
}

/** Alla helgons dag: the Saturday between 31 October and 6 November. */
export function allSaintsDay(year: number): PlainDate {
  return onOrAfter(date(year, 10, 31), 6);
}

function computeHolidays(year: number): ReadonlyMap<string, readonly HolidayName[]> {
  const easter = easterSunday(year);
  const list: [PlainDate, HolidayName][] = [
    [date(year, 1, 1), 'nyårsdagen'],
    [date(year, 1, 6), 'trettondedag jul'],
    [easter.subtract({ days: 2 }), 'långfredagen'],
    [easter, 'påskdagen'],
    [easter.add({ days: 1 }), 'annandag påsk'],
    [date(year, 5, 1), 'första maj'],
    // The sixth Thursday after Easter Sunday.
    [easter.add({ days: 39 }), 'Kristi himmelsfärdsdag'],
    [easter.add({ days: 49 }), 'pingstdagen'],
    year >= NATIONAL_DAY_FROM_YEAR ? [date(year, 6, 6), 'nationaldagen'] : [easter.add({ days: 50 }), 'annandag pingst'],
    [midsummerDay(year), 'midsommardagen'],
    [allSaintsDay(year), 'alla helgons dag'],
    [date(year, 12, 25), 'juldagen'],
    [date(year, 12, 26), 'annandag jul'],
  ];
  list.sort(([a], [b]) => Temporal.PlainDate.compare(a, b));
  const byDate = new Map<string, HolidayName[]>();
  for (const [d, name] of list) {
    // Two holidays can share a date (1 May 2008 was also Kristi himmelsfärdsdag).
    const key = d.toString();
    const names = byDate.get(key);
    if (names) names.push(name);
    else byDate.set(key, [name]);
  }
  return byDate;
}

function holidaysOf(year: number): ReadonlyMap<string, readonly HolidayName[]> {
  let map = cache.get(year);
  if (!map) {
    map = computeHolidays(year);
    cache.set(year, map);
  }
  return map;
}

/**
 * ISO date -> names of the holidays by law on that date, in date order. Ordinary Sundays
 * are left out; påskdagen and pingstdagen are in by name. The map is a fresh copy: callers
 * may change it without touching the cache.
 */
export function publicHolidays(year: number): Map<string, string[]> {
  return new Map([...holidaysOf(year)].map(([d, names]) => [d, [...names]]));
}

/** The holidays by law on `date` (empty on ordinary Sundays and weekdays). */
export function holidayNames(date: PlainDate): readonly HolidayName[] {
  return holidaysOf(date.year).get(date.toString()) ?? [];
}

/** A "röd dag": every Sunday and every named holiday. */
export function isPublicHoliday(date: PlainDate): boolean {
  return date.dayOfWeek === 7 || holidayNames(date).length > 0;
}

/** Midsommarafton, julafton or nyårsafton, else null. */
export function sundayLikeEve(date: PlainDate): SundayLikeEve | null {
  if (date.month === 12 && date.day === 24) return 'julafton';
  if (date.month === 12 && date.day === 31) return 'nyårsafton';
  if (date.month === 6 && date.equals(midsummerDay(date.year).subtract({ days: 1 }))) return 'midsommarafton';
  return null;
}
