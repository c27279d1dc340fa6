// Easter Sunday in the Gregorian calendar.
//
// Computed with the anonymous Gregorian computus (Meeus, "Astronomical Algorithms", ch. 8),
// valid for every year from 1583. Sweden counted Easter astronomically from 1740 to 1844;
// those years are outside what this module is for (the holiday law is from 1989).
import { Temporal, type PlainDate } from '../time.js';

export function easterSunday(year: number): PlainDate {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`easterSunday: year ${year} is outside 1583–9999`);
  }
  const a = year % 19; // position in the 19-year Metonic cycle
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30; // epact: age of the moon
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7; // days to the following Sunday
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Temporal.PlainDate.from({ year, month, day });
}
