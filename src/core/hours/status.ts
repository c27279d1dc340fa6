// The one-line open status for websites and the central answering machine (P-HRS-4, P-FC-3).
//
// The forms, Swedish (times with a dot, Språkrådet's style) and English:
//   open, closes the same day     Öppet till 16.00                   Open until 16:00
//   open until 24:00              Öppet till midnatt                 Open until midnight
//   open, closes another day      Öppet till tisdag 5 maj kl. 16.00  Open until Tuesday 5 May at 16:00
//   open, no end in sight         Öppet                              Open
//   closed for lunch              Stängt för lunch – öppnar kl. 13.00  Closed for lunch – opens at 13:00
//   closed, opens the same day    Stängt – öppnar kl. 08.00          Closed – opens at 08:00
//   closed, opens another day     Stängt – öppnar måndag 24 april kl. 08.00
//                                 Closed – opens Monday 24 April at 08:00
//   closed, nothing ahead         Stängt                             Closed
// The year is added after the month when the day is in another year than `at`.
// "Lunch" is a gap between two periods of the same day that starts between 10:00 and 14:00;
// any other gap within a day reads as plain "Stängt".
import { compareInstants, inStockholm, startOfStockholmDay, stockholmDate, type Instant } from '../time.js';
import { periodsOn, type Lang } from './day.js';
import { closesAt, nextOpening } from './open.js';
import type { HoursSettings } from './settings.js';

const WEEKDAYS: Record<Lang, readonly string[]> = {
  sv: ['måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag', 'söndag'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};
const MONTHS: Record<Lang, readonly string[]> = {
  sv: ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** A closed gap that starts between 10:00 and 14:00 is a lunch closure ("lunchstängt"). */
export function startsLikeLunch(minuteOfDay: number): boolean {
  return minuteOfDay >= 10 * 60 && minuteOfDay <= 14 * 60;
}

/** Stockholm wall-clock time: '08.00' in Swedish, '08:00' in English. */
export function formatClock(at: Instant, lang: Lang): string {
  const z = inStockholm(at);
  const sep = lang === 'sv' ? '.' : ':';
  return `${String(z.hour).padStart(2, '0')}${sep}${String(z.minute).padStart(2, '0')}`;
}

/** 'måndag 24 april' / 'Monday 24 April', with the year when it is not `reference`'s year. */
export function formatDay(at: Instant, lang: Lang, reference: Instant): string {
  const z = inStockholm(at);
  const year = z.year !== inStockholm(reference).year ? ` ${z.year}` : '';
  return `${WEEKDAYS[lang][z.dayOfWeek - 1]} ${z.day} ${MONTHS[lang][z.month - 1]}${year}`;
}

function isLunchGap(at: Instant, settings: HoursSettings): boolean {
  const periods = periodsOn(stockholmDate(at), settings);
  const before = periods.filter((p) => compareInstants(p.end, at) <= 0).pop();
  if (!before) return false;
  const z = inStockholm(before.end);
  return startsLikeLunch(z.hour * 60 + z.minute);
}

/** One line saying whether it is open at `at` and until when, or when it opens next. */
export function statusSentence(at: Instant, settings: HoursSettings, lang: Lang): string {
  const sv = lang === 'sv';
  const sameDay = (x: Instant) => stockholmDate(x).equals(stockholmDate(at));
  const when = (x: Instant) =>
    sameDay(x) ? `${sv ? 'kl.' : 'at'} ${formatClock(x, lang)}` : `${formatDay(x, lang, at)} ${sv ? 'kl.' : 'at'} ${formatClock(x, lang)}`;

  const opening = nextOpening(at, settings);
  if (opening && compareInstants(opening, at) === 0) {
    const closing = closesAt(at, settings);
    if (!closing) return sv ? 'Öppet' : 'Open';
    // "Öppet till 16.00": the same day needs no "kl."; an end at 24:00 is "midnatt".
    const midnight = compareInstants(closing, startOfStockholmDay(stockholmDate(at).add({ days: 1 }))) === 0;
    const until = midnight ? (sv ? 'midnatt' : 'midnight') : sameDay(closing) ? formatClock(closing, lang) : when(closing);
    return `${sv ? 'Öppet till' : 'Open until'} ${until}`;
  }
  if (!opening) return sv ? 'Stängt' : 'Closed';
  const closed = sameDay(opening) && isLunchGap(at, settings) ? (sv ? 'Stängt för lunch' : 'Closed for lunch') : sv ? 'Stängt' : 'Closed';
  return `${closed} – ${sv ? 'öppnar' : 'opens'} ${when(opening)}`;
}
