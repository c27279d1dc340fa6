// The Swedish calendar: public holidays by law, the Sunday-like eves, working days and the
// kinds of half day that municipalities may shorten. Pure: dates in, answers out.
export { easterSunday } from './easter.js';
export {
  type HolidayName,
  type SundayLikeEve,
  HOLIDAY_NAMES_EN,
  NATIONAL_DAY_FROM_YEAR,
  allSaintsDay,
  holidayNames,
  isPublicHoliday,
  midsummerDay,
  publicHolidays,
  sundayLikeEve,
} from './holidays.js';
export { addWorkingDays, isWorkingDay, nextWorkingDay, previousWorkingDay } from './workingDays.js';
export {
  type HalfDayKind,
  DEFAULT_HALF_DAYS,
  HALF_DAY_KINDS,
  HALF_DAY_LABELS,
  halfDayKinds,
  isHalfDayKind,
} from './halfDays.js';
