// Concrete intervals of absences: a one-off absence is one interval; a weekly series gives one
// occurrence per matching Stockholm date. Intervals are half-open, [start, end): an absence
// ending at 14:00 and one starting at 14:00 touch but do not overlap.
//
// Internally times are epoch milliseconds (see stockholm-clock.ts for why); Instants are made
// only for what is handed out.
import { Temporal, startOfStockholmDay, type Instant } from '../time.js';
import type { Absence } from './absence.js';
import { dayOf, localDay, localToEpoch, minutesOf, weekdayOf } from './stockholm-clock.js';

/** One interval during which an absence is in effect. */
export interface Occurrence {
  absence: Absence;
  start: Instant;
  end: Instant;
}

/** An occurrence in epoch milliseconds, as the resolver works with it. */
export interface Span {
  absence: Absence;
  start: number;
  end: number;
  /** Start date (Stockholm epoch day) of a series occurrence; null for a one-off absence. */
  day: number | null;
}

export function isBefore(a: Instant, b: Instant): boolean {
  return Temporal.Instant.compare(a, b) < 0;
}

export function toOccurrence(span: Span): Occurrence {
  if (span.day === null) return { absence: span.absence, start: span.absence.start, end: span.absence.end };
  return { absence: span.absence, start: Temporal.Instant.fromEpochMilliseconds(span.start), end: Temporal.Instant.fromEpochMilliseconds(span.end) };
}

/** The end of a span as an Instant, reusing the absence's own when it has one. */
export function endInstant(span: Span): Instant {
  return span.day === null ? span.absence.end : Temporal.Instant.fromEpochMilliseconds(span.end);
}

interface Series {
  weekdays: ReadonlySet<number>;
  startMinutes: number;
  endMinutes: number;
  /** An end at or before the start ends the next day (22:00–06:00, 00:00–00:00). */
  overnight: boolean;
  from: number;
  until: number;
  skipped: ReadonlySet<number>;
}

/** An absence prepared for repeated questions about it. */
export class AbsenceSchedule {
  readonly absence: Absence;
  private readonly series: Series | null;
  private readonly oneOff: Span | null;

  constructor(absence: Absence) {
    this.absence = absence;
    const r = absence.recurrence;
    if (r === undefined) {
      this.series = null;
      this.oneOff = { absence, start: absence.start.epochMilliseconds, end: absence.end.epochMilliseconds, day: null };
      return;
    }
    const startMinutes = minutesOf(r.startTime);
    const endMinutes = minutesOf(r.endTime);
    this.oneOff = null;
    this.series = {
      weekdays: new Set(r.weekdays),
      startMinutes,
      endMinutes,
      overnight: endMinutes <= startMinutes,
      from: dayOf(r.from),
      until: r.until === undefined ? Infinity : dayOf(r.until),
      skipped: new Set(absence.exceptions.map(dayOf)),
    };
  }

  /** The occurrence of a series that starts on Stockholm epoch day `day`, if there is one. */
  spanOn(day: number): Span | null {
    const s = this.series;
    if (s === null || day < s.from || day > s.until || !s.weekdays.has(weekdayOf(day)) || s.skipped.has(day)) return null;
    const start = localToEpoch(day, s.startMinutes);
    const end = localToEpoch(s.overnight ? day + 1 : day, s.endMinutes);
    // A local interval inside the spring-forward gap can come out empty (02:30–03:15 becomes
    // 03:30–03:15): then nothing happens that night.
    return start < end ? { absence: this.absence, start, end, day } : null;
  }

  /** The span in effect at `t` (epoch ms), if any. */
  spanAt(t: number): Span | null {
    const s = this.series;
    if (s === null) {
      const o = this.oneOff;
      return o !== null && o.start <= t && t < o.end ? o : null;
    }
    const day = localDay(t);
    const today = this.spanOn(day);
    if (today !== null && today.start <= t && t < today.end) return today;
    if (s.overnight) {
      const yesterday = this.spanOn(day - 1);
      if (yesterday !== null && yesterday.start <= t && t < yesterday.end) return yesterday;
    }
    return null;
  }

  /** The first span that starts at or after `t` (epoch ms). */
  firstSpanFrom(t: number): Span | null {
    const s = this.series;
    if (s === null) {
      const o = this.oneOff;
      return o !== null && t <= o.start ? o : null;
    }
    // Every week has a matching weekday, so only skipped dates push the answer further out.
    const first = Math.max(localDay(t), s.from);
    const last = Math.min(s.until, first + 7 * (s.skipped.size + 2));
    for (let day = first; day <= last; day++) {
      const o = this.spanOn(day);
      if (o !== null && t <= o.start) return o;
    }
    return null;
  }

  /** Spans that overlap [from, to), in order. */
  spansBetween(from: number, to: number): Span[] {
    if (this.series === null) {
      const o = this.oneOff;
      return o !== null && o.start < to && from < o.end ? [o] : [];
    }
    const out: Span[] = [];
    // An overnight occurrence of the day before can reach into the window.
    for (let day = localDay(from) - 1, last = localDay(to); day <= last; day++) {
      const o = this.spanOn(day);
      if (o !== null && o.start < to && from < o.end) out.push(o);
    }
    return out;
  }

  occurrenceAt(t: Instant): Occurrence | null {
    const span = this.spanAt(t.epochMilliseconds);
    return span === null ? null : toOccurrence(span);
  }

  firstStartingFrom(t: Instant): Occurrence | null {
    const span = this.firstSpanFrom(t.epochMilliseconds);
    return span === null ? null : toOccurrence(span);
  }

  between(from: Instant, to: Instant): Occurrence[] {
    return this.spansBetween(from.epochMilliseconds, to.epochMilliseconds).map(toOccurrence);
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
