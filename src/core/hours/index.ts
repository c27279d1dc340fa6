// Opening hours, phone hours and working hours: one settings shape, and the questions asked
// of it ("open now?", "opens when?", a week plan, a year view, working time for deadlines).
export {
  END_OF_DAY,
  type HoursException,
  type HoursSettings,
  type Interval,
  intersect,
  isIsoDate,
  minutesOf,
  mondayToFriday,
  normalize,
  validateHours,
} from './settings.js';
export { type DayHours, type DayKind, type Lang, type Period, dayHours, intervalsOn, periodsOn } from './day.js';
export { SEARCH_DAYS, closesAt, isOpen, nextOpening } from './open.js';
export { formatClock, formatDay, startsLikeLunch, statusSentence } from './status.js';
export { weekPlan, yearView } from './plan.js';
export { type HoursWorkingTime, workingTime } from './workingTime.js';
