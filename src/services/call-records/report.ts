// The follow-up report over call records (P-FUP-1, P-FUP-2), computed from rows: no I/O here,
// so the arithmetic is tested on its own (report.test.ts) and reports.ts only loads.
//
// What is measured, and how:
// - P-SWB-1 answer time: from the call's first ring (call_records.first_ring_at; a caller who
//   enters a queue counts as ringing from then) to the first answer by a person. The target is
//   the profile's ringTimeSeconds (four Swedish rings, 24 s). `shareWithinTarget` is over the
//   finished calls that rang (answered or not: an abandoned call failed the target);
//   `shareOfAnsweredWithinTarget` over the answered ones only. Percentiles are nearest-rank.
// - P-ANS-2 abandoned: outcome 'abandoned' (the caller hung up before anyone answered).
// - External and internal: origin 'trunk' is external, 'internal' from our own phones.
// - P-DIV-1 deviations per person: `unreachableUndiverted`, routing's deviation (present by
//   presence, nothing to ring), and `unansweredWhileAvailable`, calls to a person present by
//   presence whose own phone rang out unanswered (leg outcome 'no-answer'): away without
//   diverting. Busy is not counted.
// - P-GRP-1 per function: calls for which routing found nobody available.
// - Voicemail: messages left in the period, per box.
import type { Selectable } from 'kysely';
import type { CallRecordsTable } from '../../store/schema.js';
import { STOCKHOLM, Temporal } from '../../core/time.js';

export type ReportCallRow = Pick<
  Selectable<CallRecordsTable>,
  'id' | 'origin' | 'caller_person_id' | 'reached_json' | 'offered_at' | 'first_ring_at' | 'answered_at' | 'outcome' | 'answered_by_person_id' | 'presence_json' | 'deviations_json'
>;

export interface AnswerTimes {
  targetSeconds: number;
  /** Finished calls that rang: the denominator of shareWithinTarget. */
  rang: number;
  answered: number;
  answeredWithinTarget: number;
  /** 0..1, or null without calls that rang. */
  shareWithinTarget: number | null;
  shareOfAnsweredWithinTarget: number | null;
  p50Seconds: number | null;
  p90Seconds: number | null;
}

export interface HourStats {
  /** Hour of the day in Stockholm, 0-23, of the first ring (or of the offer when it never rang). */
  hour: number;
  total: number;
  answered: number;
  answeredWithinTarget: number;
  abandoned: number;
  p50Seconds: number | null;
  p90Seconds: number | null;
}

export interface CallStats {
  total: number;
  external: number;
  internal: number;
  /** Not ended yet (or never reported ended). */
  inProgress: number;
  outcomes: Record<string, number>;
  abandoned: number;
  answerTimes: AnswerTimes;
  byHour: HourStats[];
}

/** Nearest-rank percentile of sorted values; null for none. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

// Stockholm's hour of an instant, cached per UTC hour (offsets change only on the hour).
const hourCache = new Map<number, number>();
export function stockholmHour(epochMs: number): number {
  const utcHour = Math.floor(epochMs / 3_600_000);
  let h = hourCache.get(utcHour);
  if (h === undefined) {
    h = Temporal.Instant.fromEpochMilliseconds(utcHour * 3_600_000).toZonedDateTimeISO(STOCKHOLM).hour;
    if (hourCache.size > 100_000) hourCache.clear();
    hourCache.set(utcHour, h);
  }
  return h;
}

/** ISO text (fixed width, from the store) to epoch milliseconds. */
export function isoMs(iso: string): number {
  return Date.parse(iso);
}

/** A call's answer time in seconds (P-SWB-1), or null when no person answered. */
export function answerSeconds(row: Pick<ReportCallRow, 'offered_at' | 'first_ring_at' | 'answered_at'>): number | null {
  if (!row.answered_at) return null;
  const from = isoMs(row.first_ring_at ?? row.offered_at);
  return Math.max(0, (isoMs(row.answered_at) - from) / 1000);
}

class HourAcc {
  total = 0;
  answered = 0;
  within = 0;
  abandoned = 0;
  times: number[] = [];
}

/** Adds calls one by one; `result()` gives the figures. */
export class CallStatsAcc {
  total = 0;
  external = 0;
  internal = 0;
  inProgress = 0;
  abandoned = 0;
  rang = 0;
  answered = 0;
  within = 0;
  readonly outcomes: Record<string, number> = {};
  readonly times: number[] = [];
  readonly #hours: HourAcc[] = Array.from({ length: 24 }, () => new HourAcc());

  constructor(readonly targetSeconds: number) {}

  add(row: ReportCallRow): void {
    this.total++;
    if (row.origin === 'trunk') this.external++;
    else this.internal++;
    const outcome = row.outcome ?? 'in-progress';
    this.outcomes[outcome] = (this.outcomes[outcome] ?? 0) + 1;
    if (!row.outcome) this.inProgress++;
    const hour = this.#hours[stockholmHour(isoMs(row.first_ring_at ?? row.offered_at))]!;
    hour.total++;
    if (row.outcome === 'abandoned') {
      this.abandoned++;
      hour.abandoned++;
    }
    const secs = answerSeconds(row);
    if (row.outcome && (row.first_ring_at || secs !== null)) this.rang++;
    if (secs === null) return;
    this.answered++;
    hour.answered++;
    this.times.push(secs);
    hour.times.push(secs);
    if (secs <= this.targetSeconds) {
      this.within++;
      hour.within++;
    }
  }

  result(): CallStats {
    // A typed array sorts numbers natively: a year's 400 000 answer times in milliseconds,
    // where a comparator function took a tenth of a second of the event loop.
    const sorted = Float64Array.from(this.times).sort();
    return {
      total: this.total,
      external: this.external,
      internal: this.internal,
      inProgress: this.inProgress,
      outcomes: { ...this.outcomes },
      abandoned: this.abandoned,
      answerTimes: {
        targetSeconds: this.targetSeconds,
        rang: this.rang,
        answered: this.answered,
        answeredWithinTarget: this.within,
        shareWithinTarget: share(this.within, this.rang),
        shareOfAnsweredWithinTarget: share(this.within, this.answered),
        p50Seconds: round1(percentile(sorted, 50)),
        p90Seconds: round1(percentile(sorted, 90)),
      },
      byHour: this.#hours.map((h, hour) => {
        const t = Float64Array.from(h.times).sort();
        return {
          hour, total: h.total, answered: h.answered, answeredWithinTarget: h.within, abandoned: h.abandoned,
          p50Seconds: round1(percentile(t, 50)), p90Seconds: round1(percentile(t, 90)),
        };
      }),
    };
  }
}

/** The per-person, per-unit and per-function counts of the follow-up (P-DIV-1, P-GRP-1, P-VM-*). */
export interface FollowUpCounts {
  calls: number;
  answered: number;
  answeredWithinTarget: number;
  abandoned: number;
  voicemail: number;
  /** P-DIV-1: present by presence, nothing to ring (routing's deviation). */
  unreachableUndiverted: number;
  /** P-DIV-1: present by presence, their phone rang out unanswered. */
  unansweredWhileAvailable: number;
  /** P-GRP-1: routing found no member of the function available. */
  nobodyAvailable: number;
  /** Voicemail messages left in the period. */
  voicemailMessages: number;
}

export function emptyCounts(): FollowUpCounts {
  return { calls: 0, answered: 0, answeredWithinTarget: 0, abandoned: 0, voicemail: 0, unreachableUndiverted: 0, unansweredWhileAvailable: 0, nobodyAvailable: 0, voicemailMessages: 0 };
}

/** Adds one call to the counts of whoever it reached. */
export function countCall(c: FollowUpCounts, row: ReportCallRow, targetSeconds: number): void {
  c.calls++;
  const secs = answerSeconds(row);
  if (secs !== null) {
    c.answered++;
    if (secs <= targetSeconds) c.answeredWithinTarget++;
  }
  if (row.outcome === 'abandoned') c.abandoned++;
  if (row.outcome === 'voicemail') c.voicemail++;
}

export function addCounts(into: FollowUpCounts, from: FollowUpCounts): void {
  for (const k of Object.keys(into) as (keyof FollowUpCounts)[]) into[k] += from[k];
}

export interface ParsedReached {
  kind: string;
  personId?: string;
  functionId?: string;
}

/** Stored JSON, or `fallback` when there is none or it does not parse (a damaged row must not break a report). */
export function parseJsonOr(text: string | null, fallback: unknown): unknown {
  if (text == null) return fallback;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fallback;
  }
}

export function parseReached(json: string): ParsedReached {
  const r = parseJsonOr(json, null) as ParsedReached | null;
  return r && typeof r.kind === 'string' ? r : { kind: 'unknown' };
}

export interface ParsedDeviation {
  code: string;
  personId?: string;
  functionId?: string;
}

export function parseDeviations(json: string): ParsedDeviation[] {
  const d = parseJsonOr(json, []);
  return Array.isArray(d) ? (d as ParsedDeviation[]).filter((x) => x && typeof x.code === 'string') : [];
}

/** Was the sought person present by presence when the call came (routing's record.presence)? */
export function wasAvailable(presenceJson: string | null): boolean {
  return (parseJsonOr(presenceJson, null) as { state?: string } | null)?.state === 'available';
}
