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
import { AbsenceSchedule, isBefore, type Occurrence } from './occurrences.js';

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
function decides(a: Occurrence, b: Occurrence): boolean {
  if (isBefore(b.start, a.start)) return true;
  if (isBefore(a.start, b.start)) return false;
  return !isBefore(b.end, a.end);
}

/** One person's absences, prepared once and asked many times (a day view, a report). */
export class PresenceSchedule {
  private readonly schedules: AbsenceSchedule[];

  constructor(absences: readonly Absence[]) {
    this.schedules = absences.filter((a) => !a.cancelled).map((a) => new AbsenceSchedule(a));
  }

  /** Occurrences in effect at `t`, in list order. */
  activeAt(t: Instant): Occurrence[] {
    const out: Occurrence[] = [];
    for (const s of this.schedules) {
      const o = s.occurrenceAt(t);
      if (o !== null) out.push(o);
    }
    return out;
  }

  /** The first occurrence of any absence that starts at or after `t`. */
  nextFrom(t: Instant): Occurrence | null {
    let best: Occurrence | null = null;
    for (const s of this.schedules) {
      const o = s.firstStartingFrom(t);
      // Earliest start; on equal starts, the one that would decide.
      if (o !== null && (best === null || isBefore(o.start, best.start) || (!isBefore(best.start, o.start) && decides(o, best)))) best = o;
    }
    return best;
  }

  /** Follows touching or overlapping occurrences from `end` to where the chain stops (P-DIV-3). */
  chainEnd(end: Instant, from: Instant): Instant {
    const horizon = from.add({ hours: 24 * CHAIN_HORIZON_DAYS });
    let e = end;
    for (let links = 0; links < CHAIN_MAX_LINKS && isBefore(e, horizon); links++) {
      let further: Instant | null = null;
      for (const s of this.schedules) {
        // [start, end) contains e exactly when the occurrence touches or overlaps the chain.
        const o = s.occurrenceAt(e);
        if (o !== null && isBefore(further ?? e, o.end)) further = o.end;
      }
      if (further === null) break;
      e = further;
    }
    return e;
  }

  at(t: Instant): PresenceStatus {
    let current: Occurrence | null = null;
    let end: Instant | null = null;
    for (const o of this.activeAt(t)) {
      if (current === null || decides(o, current)) current = o;
      if (end === null || isBefore(end, o.end)) end = o.end;
    }
    if (current === null || end === null) return { state: 'available', next: this.nextFrom(t) };
    const returnsAt = this.chainEnd(end, t);
    return {
      state: 'absent',
      reason: current.absence.reason,
      target: current.absence.target,
      returnsAt,
      current,
      next: this.nextFrom(returnsAt),
    };
  }
}

/** The person's status at `at`, from their absences (one person's list). */
export function presenceAt(absences: readonly Absence[], at: Instant): PresenceStatus {
  return new PresenceSchedule(absences).at(at);
}
