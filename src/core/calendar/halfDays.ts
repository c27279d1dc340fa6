// Half days ("halvdagar") are local practice, not law (swedish-calendar.md): which kinds a
// municipality shortens, and to what hours, are settings. This module only says which
// kinds a date is.
import type { PlainDate } from '../time.js';
import { easterSunday } from './easter.js';
import { allSaintsDay, holidayNames, midsummerDay, NATIONAL_DAY_FROM_YEAR } from './holidays.js';
import { isWorkingDay } from './workingDays.js';

export const HALF_DAY_KINDS = [
  'trettondagsafton', // 5 January
  'skärtorsdagen', // the Thursday before Easter
  'valborgsmässoafton', // 30 April
  'dag-före-kristi-himmelsfärdsdag', // a Wednesday
  'dag-före-nationaldagen', // 5 June, from 2005
  'allhelgonaafton', // the Friday before alla helgons dag
  'dag-före-midsommarafton', // a Thursday
  'dag-före-julafton', // 23 December
  'dag-före-nyårsafton', // 30 December
  'dag-före-helgdag', // any working day before a public holiday by law
] as const;

export type HalfDayKind = (typeof HALF_DAY_KINDS)[number];

/** The typical "dag före röd dag" half days of the calendar note: the default setting. */
export const DEFAULT_HALF_DAYS: readonly HalfDayKind[] = [
  'trettondagsafton',
  'skärtorsdagen',
  'valborgsmässoafton',
  'dag-före-kristi-himmelsfärdsdag',
  'dag-före-nationaldagen',
  'allhelgonaafton',
];

/** Swedish names for the user interface, English for developers and English pages. */
export const HALF_DAY_LABELS: Record<HalfDayKind, { sv: string; en: string }> = {
  trettondagsafton: { sv: 'trettondagsafton', en: 'Twelfth Night' },
  skärtorsdagen: { sv: 'skärtorsdagen', en: 'Maundy Thursday' },
  valborgsmässoafton: { sv: 'valborgsmässoafton', en: 'Walpurgis Night' },
  'dag-före-kristi-himmelsfärdsdag': { sv: 'dagen före Kristi himmelsfärdsdag', en: 'the day before Ascension Day' },
  'dag-före-nationaldagen': { sv: 'dagen före nationaldagen', en: 'the day before National Day' },
  allhelgonaafton: { sv: 'allhelgonaafton', en: "All Saints' Eve" },
  'dag-före-midsommarafton': { sv: 'dagen före midsommarafton', en: 'the day before Midsummer Eve' },
  'dag-före-julafton': { sv: 'dagen före julafton', en: 'the day before Christmas Eve' },
  'dag-före-nyårsafton': { sv: 'dagen före nyårsafton', en: "the day before New Year's Eve" },
  'dag-före-helgdag': { sv: 'dag före helgdag', en: 'the day before a public holiday' },
};

export function isHalfDayKind(s: string): s is HalfDayKind {
  return (HALF_DAY_KINDS as readonly string[]).includes(s);
}

function isMonthDay(date: PlainDate, month: number, day: number): boolean {
  return date.month === month && date.day === day;
}

/**
 * The half-day kinds `date` is, in the order of HALF_DAY_KINDS (named kinds before the
 * generic one). Only working days can be half days: a kind whose date falls on a weekend
 * or a holiday is not moved, it simply does not happen that year.
 */
export function halfDayKinds(date: PlainDate): HalfDayKind[] {
  if (!isWorkingDay(date)) return [];
  const easter = easterSunday(date.year);
  const tomorrow = date.add({ days: 1 });
  const midsummerEve = midsummerDay(date.year).subtract({ days: 1 });
  const is: Record<HalfDayKind, boolean> = {
    trettondagsafton: isMonthDay(date, 1, 5),
    skärtorsdagen: date.equals(easter.subtract({ days: 3 })),
    valborgsmässoafton: isMonthDay(date, 4, 30),
    'dag-före-kristi-himmelsfärdsdag': date.equals(easter.add({ days: 38 })),
    'dag-före-nationaldagen': isMonthDay(date, 6, 5) && date.year >= NATIONAL_DAY_FROM_YEAR,
    allhelgonaafton: tomorrow.equals(allSaintsDay(date.year)),
    'dag-före-midsommarafton': tomorrow.equals(midsummerEve),
    'dag-före-julafton': isMonthDay(date, 12, 23),
    'dag-före-nyårsafton': isMonthDay(date, 12, 30),
    'dag-före-helgdag': holidayNames(tomorrow).length > 0,
  };
  return HALF_DAY_KINDS.filter((k) => is[k]);
}
