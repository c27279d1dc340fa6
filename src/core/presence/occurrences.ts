// Concrete intervals of absences: a one-off absence is one interval; a weekly series gives one
// occurrence per matching Stockholm date. Intervals are half-open, [start, end): an absence
// ending at 14:00 and one starting at 14:00 touch but do not overlap.
import { Temporal, atStockholm, startOfStockholmDay, stockholmDate, type Instant, type PlainDate, type PlainTime } from '../time.js';
import type { Absence } from './absence.js';

/** One interval during which an absence is in effect. */
export interface Occurrence {
  absence: Absence;
  start: Instant;
  end: Instant;
}

export function isBefore(a: Instant, b: Instant): boolean {
  return Temporal.Instant.compare(a, b) < 0;
}

export function isAtOrBefore(a: Instant, b: Instant): boolean {
  return Temporal.Instant.compare(a, b) <= 0;
}

export function contains(o: { start: Instant; end: Instant }, t: Instant): boolean {
  return isAtOrBefore(o.start, t) && isBefore(t, o.end);
}

/**
 * An absence prepared for repeated questions: clock times parsed and exceptions in a set, so
 * that each question costs at most a couple of time-zone conversions.
 */
export class AbsenceSchedule {
  readonly absence: Absence;
  private readonly series: {
    weekdays: ReadonlySet<number>;
    startTime: PlainTime;
    endTime: PlainTime;
    overnight: boolean;
    from: PlainDate;
    until: PlainDate | undefined;
    skipped: ReadonlySet<string>;
  } | null;

  constructor(absence: Absence) {
    this.absence = absence;
    const r = absence.recurrence;
    if (r === undefined) {
      this.series = null;
      return;
    }
    const startTime = Temporal.PlainTime.from(r.startTime);
    const endTime = Temporal.PlainTime.from(r.endTime);
    this.series = {
      weekdays: new Set(r.weekdays),
      startTime,
      endTime,
      // An end at or before the start ends the next day (22:00–06:00, 00:00–00:00).
      overnight: Temporal.PlainTime.compare(endTime, startTime) <= 0,
      from: r.from,
      until: r.until,
      skipped: new Set(absence.exceptions.map((d) => d.toString())),
    };
  }

  get recurring(): boolean {
    return this.series !== null;
  }

  /** The occurrence of a series that starts on Stockholm date `date`, if there is one. */
  occurrenceOn(date: PlainDate): Occurrence | null {
    const s = this.series;
    if (s === null) return null;
    if (Temporal.PlainDate.compare(date, s.from) < 0) return null;
    if (s.until !== undefined && Temporal.PlainDate.compare(date, s.until) > 0) return null;
    if (!s.weekdays.has(date.dayOfWeek) || s.skipped.has(date.toString())) return null;
    const start = atStockholm(date, s.startTime);
    const end = atStockholm(s.overnight ? date.add({ days: 1 }) : date, s.endTime);
    // A local interval that falls inside the spring-forward gap can come out empty
    // (02:30–03:15 becomes 03:30–03:15): then nothing happens that night.
    if (!isBefore(start, end)) return null;
    return { absence: this.absence, start, end };
  }

  /** The occurrence in effect at `t`, if any. */
  occurrenceAt(t: Instant): Occurrence | null {
    const s = this.series;
    if (s === null) {
      const a = this.absence;
      return contains(a, t) ? { absence: a, start: a.start, end: a.end } : null;
    }
    const date = stockholmDate(t);
    const today = this.occurrenceOn(date);
    if (today !== null && contains(today, t)) return today;
    if (s.overnight) {
      const yesterday = this.occurrenceOn(date.subtract({ days: 1 }));
      if (yesterday !== null && contains(yesterday, t)) return yesterday;
    }
    return null;
  }

  /** The first occurrence that starts at or after `t`. */
  firstStartingFrom(t: Instant): Occurrence | null {
    const s = this.series;
    if (s === null) {
      const a = this.absence;
      return isAtOrBefore(t, a.start) ? { absence: a, start: a.start, end: a.end } : null;
    }
    let date = stockholmDate(t);
    if (Temporal.PlainDate.compare(date, s.from) < 0) date = s.from;
    // Every week has at least one matching weekday, so only exceptions can push the answer
    // further out: this many days always reaches it when it exists.
    const limit = 7 * (s.skipped.size + 2);
    for (let i = 0; i < limit; i++, date = date.add({ days: 1 })) {
      if (s.until !== undefined && Temporal.PlainDate.compare(date, s.until) > 0) return null;
      const o = this.occurrenceOn(date);
      if (o !== null && isAtOrBefore(t, o.start)) return o;
    }
    return null;
  }

  /** Occurrences that overlap [from, to), in order. */
  between(from: Instant, to: Instant): Occurrence[] {
    const s = this.series;
    if (s === null) {
      const a = this.absence;
      return isBefore(a.start, to) && isBefore(from, a.end) ? [{ absence: a, start: a.start, end: a.end }] : [];
    }
    const out: Occurrence[] = [];
    const last = stockholmDate(to);
    // An overnight occurrence of the day before can reach into the window.
    for (let date = stockholmDate(from).subtract({ days: 1 }); Temporal.PlainDate.compare(date, last) <= 0; date = date.add({ days: 1 })) {
      const o = this.occurrenceOn(date);
      if (o !== null && isBefore(o.start, to) && isBefore(from, o.end)) out.push(o);
    }
    return out;
  }
}

/** Occurrences of one absence that overlap [from, to), e.g. for a week view or diversion time (P-DIV-9). */
export function occurrencesBetween(absence: Absence, from: Instant, to: Instant): Occurrence[] {
  if (absence.cancelled) return [];
  return new AbsenceSchedule(absence).between(from, to);
}

/**
 * A series with `start` and `end` set to those of its first occurrence (how a series is stored);
 * null when the series has no occurrence at all. A one-off absence is returned as it is.
 */
export function withFirstOccurrence(absence: Absence): Absence | null {
  if (absence.recurrence === undefined) return absence;
  const first = new AbsenceSchedule(absence).firstStartingFrom(startOfStockholmDay(absence.recurrence.from));
  return first === null ? null : { ...absence, start: first.start, end: first.end };
}
