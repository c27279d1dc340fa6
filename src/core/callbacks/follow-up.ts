// Deadlines, escalation and the numbers follow-up needs (P-CB-1, P-CB-3, P-VM-5, P-FUP-2).
//
// Definitions:
// - Overdue: not done, and the deadline in force (`due`) has passed.
// - Late: some step missed the deadline in force when it was taken: a re-plan made after the
//   due it replaced, or a completion after `due`. A call-back re-planned in time and then done
//   by the agreed time is done in time (P-CB-2).
// - Time to call-back: from the message to the first response (a re-plan means the person
//   called back; a completion does too unless it was closed as 'not-needed' without any call).
// - Escalation: once per deadline. An overdue call-back is escalated to the manager and marked;
//   it is escalated again only if it is re-planned and then misses the new time too.
import { Temporal, type Instant } from '../time.js';
import type { Callback } from './callback.js';

function after(a: Instant, b: Instant): boolean {
  return Temporal.Instant.compare(a, b) > 0;
}

export function isOverdue(cb: Callback, at: Instant): boolean {
  return cb.status !== 'done' && after(at, cb.due);
}

/** True when a step of the call-back missed the deadline in force at the time. */
export function isLate(cb: Callback): boolean {
  if (cb.replans.some((r) => after(r.at, r.previousDue))) return true;
  return cb.completion !== undefined && after(cb.completion.doneAt, cb.due);
}

/** When the person first responded to the caller, if they have. */
export function firstResponseAt(cb: Callback): Instant | null {
  const first = cb.replans[0];
  if (first !== undefined) return first.at;
  if (cb.completion !== undefined && cb.completion.outcome !== 'not-needed') return cb.completion.doneAt;
  return null;
}

export interface Escalation {
  managerId: string;
  /** The call-backs to tell this manager about, as marked. */
  callbacks: Callback[];
}

export interface EscalationRun {
  /** One notice per manager, ordered by manager id; call-backs by due date. */
  notify: Escalation[];
  /** Every call-back marked `escalatedAt = at`, to store. */
  updated: Callback[];
  /** Overdue call-backs of people without a manager: not marked, so they come again. */
  withoutManager: Callback[];
}

function groupBy(callbacks: readonly Callback[], key: (cb: Callback) => string): Map<string, Callback[]> {
  const groups = new Map<string, Callback[]>();
  for (const cb of callbacks) {
    const k = key(cb);
    const list = groups.get(k);
    if (list === undefined) groups.set(k, [cb]);
    else list.push(cb);
  }
  return groups;
}

function needsEscalation(cb: Callback, at: Instant): boolean {
  // Escalated after the deadline in force means escalated for this deadline already.
  return isOverdue(cb, at) && (cb.escalatedAt === undefined || !after(cb.escalatedAt, cb.due));
}

function byDue(a: Callback, b: Callback): number {
  return Temporal.Instant.compare(a.due, b.due) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Overdue call-backs to report to each person's manager, each once per deadline. */
export function escalations(callbacks: readonly Callback[], at: Instant, managerOf: (personId: string) => string | null | undefined): EscalationRun {
  const updated: Callback[] = [];
  const withoutManager: Callback[] = [];
  const managerIds = new Map<string, string>();
  for (const cb of [...callbacks].sort(byDue)) {
    if (!needsEscalation(cb, at)) continue;
    const managerId = managerOf(cb.personId);
    if (managerId == null) {
      withoutManager.push(cb);
      continue;
    }
    updated.push({ ...cb, escalatedAt: at });
    managerIds.set(cb.id, managerId);
  }
  const notify = [...groupBy(updated, (cb) => managerIds.get(cb.id) ?? '').entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([managerId, list]) => ({ managerId, callbacks: list }));
  return { notify, updated, withoutManager };
}

export interface CallbackStats {
  total: number;
  /** Not done yet (open or re-planned). */
  open: number;
  /** Of the open ones, those re-planned (P-CB-2). */
  replanned: number;
  /** Of the open ones, those past their deadline. */
  overdue: number;
  doneInTime: number;
  doneLate: number;
  /** Median milliseconds from message to first response (P-CB-1, P-CB-3); null with none. */
  medianTimeToCallbackMs: number | null;
  /** Median milliseconds from a voicemail to when it was first heard (P-VM-5); null with none. */
  medianTimeToHearMs: number | null;
}

export interface CallbackSummary {
  all: CallbackStats;
  perPerson: Map<string, CallbackStats>;
  perUnit: Map<string, CallbackStats>;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function stats(callbacks: readonly Callback[], at: Instant): CallbackStats {
  const s: CallbackStats = { total: callbacks.length, open: 0, replanned: 0, overdue: 0, doneInTime: 0, doneLate: 0, medianTimeToCallbackMs: null, medianTimeToHearMs: null };
  const toCallback: number[] = [];
  const toHear: number[] = [];
  for (const cb of callbacks) {
    if (cb.status === 'done') {
      if (isLate(cb)) s.doneLate++;
      else s.doneInTime++;
    } else {
      s.open++;
      if (cb.status === 're-planned') s.replanned++;
      if (isOverdue(cb, at)) s.overdue++;
    }
    const response = firstResponseAt(cb);
    if (response !== null) toCallback.push(response.epochMilliseconds - cb.receivedAt.epochMilliseconds);
    if (cb.source === 'voicemail' && cb.heardAt !== undefined) toHear.push(cb.heardAt.epochMilliseconds - cb.receivedAt.epochMilliseconds);
  }
  s.medianTimeToCallbackMs = median(toCallback);
  s.medianTimeToHearMs = median(toHear);
  return s;
}

function statsOfGroups(groups: Map<string, Callback[]>, at: Instant): Map<string, CallbackStats> {
  return new Map([...groups.entries()].map(([k, list]) => [k, stats(list, at)]));
}

/** Follow-up numbers for all, per person and per unit (P-FUP-2); `at` decides what is overdue. */
export function summary(callbacks: readonly Callback[], at: Instant): CallbackSummary {
  return {
    all: stats(callbacks, at),
    perPerson: statsOfGroups(groupBy(callbacks, (cb) => cb.personId), at),
    perUnit: statsOfGroups(groupBy(callbacks, (cb) => cb.unitId), at),
  };
}
