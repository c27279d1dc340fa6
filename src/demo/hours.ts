// Phone hours ("telefontid") for demo units and functions, with the Swedish website text
// (P-HRS-2) written from the same data so that the two cannot disagree.
import type { IsoWeekday } from '../core/time.js';
import type { ClockInterval, DemoPhoneHours } from './types.js';

const DAY_NAMES: Record<IsoWeekday, string> = {
  1: 'måndag',
  2: 'tisdag',
  3: 'onsdag',
  4: 'torsdag',
  5: 'fredag',
  6: 'lördag',
  7: 'söndag',
};

/** '09:00-11:00' -> { from: '09:00', to: '11:00' } */
function interval(text: string): ClockInterval {
  const [from, to] = text.split('-');
  if (from === undefined || to === undefined) throw new Error(`bad interval ${text}`);
  return { from, to };
}

/** Swedish times are written with a dot: 09.00. */
function svTime(t: string): string {
  return t.replace(':', '.');
}

/** One row: days first..last (ISO weekdays) with the same intervals. */
export type HoursRow = [first: IsoWeekday, last: IsoWeekday, ...intervals: string[]];

/**
 * Builds phone hours from rows such as `[1, 5, '09:00-11:00']` ("måndag–fredag 09.00–11.00").
 * `lead` starts the note, e.g. "Telefontid".
 */
export function phoneHours(lead: string, ...rows: HoursRow[]): DemoPhoneHours {
  const weekly: DemoPhoneHours['weekly'] = {};
  const parts: string[] = [];
  for (const [first, last, ...texts] of rows) {
    const intervals = texts.map(interval);
    for (let d = first; d <= last; d++) weekly[d as IsoWeekday] = intervals;
    const days = first === last ? DAY_NAMES[first] : `${DAY_NAMES[first]}–${DAY_NAMES[last]}`;
    const times = intervals.map((i) => `${svTime(i.from)}–${svTime(i.to)}`).join(' och ');
    parts.push(`${days} ${times}`);
  }
  return { weekly, note: `${lead} ${parts.join(', ')}` };
}
