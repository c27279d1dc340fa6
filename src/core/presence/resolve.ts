// "What is the status of this person at instant T?" — asked for every search hit in the
// operator console and for every call that reaches the person, so it must be cheap: one pass
// over the person's absences, plus one more pass per link of a chain.
//
// Rules:
// - An absence is in effect on [start, end). Cancelled absences take no part.
// - Chains (P-DIV-3): absences that touch or overlap the one in effect give one return time.
//   A meeting 13:00–14:00 followed by lunch 14:00–15:00 says "åter 15:00" at 13:30, while the
//   current reason is still the meeting. Occurrences of weekly series take part like any other.
// - Overlaps: the absence that started last decides the current reason and target (a meeting
//   entered inside a day of leave says "Möte" while it lasts, then "Ledig" again). Equal starts:
//   the one that ends first decides (it is the more specific); after that, the later in the list.
// - The next planned absence is the first that starts at or after the return time (or after T
//   when the person is available): the console shows it beside the status.
import type { Instant } from '../time.js';
import type { Absence, DiversionTarget } from './absence.js';
import { AbsenceSchedule, endInstant, toOccurrence, type Occurrence, type Span } from './occurrences.js';
import { DAY } from './stockholm-clock.js';

export type PresenceStatus =
  | {
      state: 'available';
      /** The next planned absence, if any. */
      next: Occurrence | null;
    }
  | {
      state: 'absent';
      /** Reason code of the absence in effect. */
      reason: string;
      /** Where calls go now. */
      target: DiversionTarget;
      /** End of the whole chain of touching or overlapping absences (P-DIV-3). */
      returnsAt: Instant;
      /** The occurrence in effect (the absence that decides, with this occurrence's times). */
      current: Occurrence;
      /** The next planned absence after the return time, if any. */
      next: Occurrence | null;
    };

/** How far a chain is followed; a series that covers every hour of every day never ends. */
export const CHAIN_HORIZON_DAYS = 366;
const CHAIN_MAX_LINKS = 1000;

/** True when `a` rather than `b` decides the reason (see the rules above). */
function decides(a: Span, b: Span): boolean {
  if (a.start !== b.start) return a.start > b.start;
  return a.end <= b.end;
}

/** One person's absences, prepared once and asked many times (a day view, a report). */
export class PresenceSchedule {
  private readonly schedules: AbsenceSchedule[];

  constructor(absences: readonly Absence[]) {
    this.schedules = absences.filter((a) => !a.cancelled).map((a) => new AbsenceSchedule(a));
  }

  /** Spans in effect at `t` (epoch ms), in list order. */
  activeSpans(t: number): Span[] {
    const out: Span[] = [];
    for (const s of this.schedules) {
      const o = s.spanAt(t);
      if (o !== null) out.push(o);
    }
    return out;
  }

  /** The first span of any absence that starts at or after `t`. */
  private nextFrom(t: number): Span | null {
    let best: Span | null = null;
    for (const s of this.schedules) {
      const o = s.firstSpanFrom(t);
      // Earliest start; on equal starts, the one that would decide.
      if (o !== null && (best === null || o.start < best.start || (o.start === best.start && decides(o, best)))) best = o;
    }
    return best;
  }

  /** Follows touching or overlapping spans from `last` to the span that ends the chain (P-DIV-3). */
  private chainEnd(last: Span, from: number): Span {
    const horizon = from + CHAIN_HORIZON_DAYS * DAY;
    let end = last;
    for (let links = 0; links < CHAIN_MAX_LINKS && end.end < horizon; links++) {
      let further: Span | null = null;
      for (const s of this.schedules) {
        // [start, end) contains the chain's end exactly when the span touches or overlaps it.
        const o = s.spanAt(end.end);
        if (o !== null && o.end > (further ?? end).end) further = o;
      }
      if (further === null) break;
      end = further;
    }
    return end;
  }

  at(t: Instant): PresenceStatus {
    const ms = t.epochMilliseconds;
    let current: Span | null = null;
    let last: Span | null = null;
    for (const o of this.activeSpans(ms)) {
      if (current === null || decides(o, current)) current = o;
      if (last === null || o.end > last.end) last = o;
    }
    if (current === null || last === null) {
      const next = this.nextFrom(ms);
      return { state: 'available', next: next === null ? null : toOccurrence(next) };
    }
    const end = this.chainEnd(last, ms);
    const next = this.nextFrom(end.end);
    return {
      state: 'absent',
      reason: current.absence.reason,
      target: current.absence.target,
      returnsAt: endInstant(end),
      current: toOccurrence(current),
      next: next === null ? null : toOccurrence(next),
    };
  }
}

/** The person's status at `at`, from their absences (one person's list). */
export function presenceAt(absences: readonly Absence[], at: Instant): PresenceStatus {
  return new PresenceSchedule(absences).at(at);
}
