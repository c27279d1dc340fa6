// The waiting order of one queue (the switchboard's, or a function's).
//
// P-SWB-7: external calls are answered before internal ones; within a class, calls are
// served in the order they entered (FIFO). So that internal calls are never starved, an
// internal call that has waited `internalPromotionSeconds` counts as external from then on,
// and takes its place among the external calls by the time it entered: it goes ahead of
// every external call that entered after it. Its wait is therefore bounded by the promotion
// time plus the service of the calls that entered before it (property.test.ts proves it).
//
// The ordering depends on the instant (promotion), so every question takes `now`; nothing
// here reads a clock. Two FIFO lists, each kept sorted by (entered, seq): the promoted
// internal calls are always a prefix of the internal list, so the full order is a merge of
// that prefix with the external list, followed by the rest of the internal list.
import type { Instant } from '../time.js';

export type QueuePriority = 'external' | 'internal';

/** What the order needs to know of a waiting call. */
export interface QueuedCall {
  callId: string;
  /** P-SWB-7: the class the call came in with. */
  priority: QueuePriority;
  /** When the call entered this queue; promotion counts from here. */
  enteredAt: Instant;
}

export interface QueueOrderSettings {
  /** P-SWB-7; false gives one FIFO for everyone. */
  externalBeforeInternal: boolean;
  /** An internal call that has waited this long is served as if external (aging). */
  internalPromotionSeconds: number;
}

interface Slot<T> {
  call: T;
  /** enteredAt in epoch milliseconds: compared often, so computed once. */
  ms: number;
  /** Arrival number: breaks ties between calls that entered in the same millisecond. */
  seq: number;
}

/** Order within a class: entered first, then arrived first. */
function before<T>(a: Slot<T>, b: Slot<T>): boolean {
  return a.ms < b.ms || (a.ms === b.ms && a.seq < b.seq);
}

/** Index of the first slot in `list` that does not come before `slot` (binary search). */
function lowerBound<T>(list: Slot<T>[], slot: Slot<T>): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(list[mid]!, slot)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class CallQueue<T extends QueuedCall> {
  readonly #external: Slot<T>[] = [];
  readonly #internal: Slot<T>[] = [];
  readonly #byId = new Map<string, Slot<T>>();
  #seq = 0;

  constructor(readonly settings: QueueOrderSettings) {}

  get size(): number {
    return this.#byId.size;
  }

  has(callId: string): boolean {
    return this.#byId.has(callId);
  }

  get(callId: string): T | undefined {
    return this.#byId.get(callId)?.call;
  }

  /** Adds a call; a call id already waiting is refused (a call is in one place at a time). */
  add(call: T): void {
    if (this.#byId.has(call.callId)) throw new Error(`call ${call.callId} is already in the queue`);
    const slot: Slot<T> = { call, ms: call.enteredAt.epochMilliseconds, seq: this.#seq++ };
    const list = this.#listOf(call);
    // Calls nearly always enter in time order: appending is the common case.
    const last = list[list.length - 1];
    if (!last || before(last, slot)) list.push(slot);
    else list.splice(lowerBound(list, slot), 0, slot);
    this.#byId.set(call.callId, slot);
  }

  remove(callId: string): T | undefined {
    const slot = this.#byId.get(callId);
    if (!slot) return undefined;
    const list = this.#listOf(slot.call);
    list.splice(lowerBound(list, slot), 1);
    this.#byId.delete(callId);
    return slot.call;
  }

  /** Does this call count as external at `now` (external, promoted, or no classes at all)? */
  servedAsExternal(call: T, now: Instant): boolean {
    if (call.priority === 'external' || !this.settings.externalBeforeInternal) return true;
    return now.epochMilliseconds - call.enteredAt.epochMilliseconds >= this.settings.internalPromotionSeconds * 1000;
  }

  /** The calls in the order they are to be served at `now`. */
  *inOrder(now: Instant): Generator<T> {
    if (!this.settings.externalBeforeInternal) {
      // One class: merge the two lists by arrival alone.
      yield* this.#merge(this.#internal.length);
      return;
    }
    const promotedBefore = now.epochMilliseconds - this.settings.internalPromotionSeconds * 1000;
    let promoted = 0;
    while (promoted < this.#internal.length && this.#internal[promoted]!.ms <= promotedBefore) promoted++;
    yield* this.#merge(promoted);
    for (let i = promoted; i < this.#internal.length; i++) yield this.#internal[i]!.call;
  }

  /** Merges the external list with the first `n` internal slots, by (entered, seq). */
  *#merge(n: number): Generator<T> {
    const ext = this.#external;
    const int = this.#internal;
    let i = 0;
    let j = 0;
    while (i < ext.length || j < n) {
      if (j >= n || (i < ext.length && before(ext[i]!, int[j]!))) yield ext[i++]!.call;
      else yield int[j++]!.call;
    }
  }

  ordered(now: Instant): T[] {
    return [...this.inOrder(now)];
  }

  /** The first call in order that passes `accept` (e.g. not already offered to an agent). */
  first(now: Instant, accept: (call: T) => boolean = () => true): T | undefined {
    for (const c of this.inOrder(now)) if (accept(c)) return c;
    return undefined;
  }

  /** 1-based position of a call at `now`, or 0 when it is not waiting here. */
  position(callId: string, now: Instant): number {
    if (!this.#byId.has(callId)) return 0;
    let p = 0;
    for (const c of this.inOrder(now)) {
      p++;
      if (c.callId === callId) return p;
    }
    return 0;
  }

  /**
   * The sort key of a call at `now`: smaller is served first. Lets a dispatcher compare the
   * heads of several queues by the same rule (class, then entered, then arrival).
   */
  rank(call: T, now: Instant): [cls: number, enteredMs: number, seq: number] {
    const slot = this.#byId.get(call.callId);
    if (!slot) throw new Error(`call ${call.callId} is not in the queue`);
    return [this.servedAsExternal(call, now) ? 0 : 1, slot.ms, slot.seq];
  }

  #listOf(call: T): Slot<T>[] {
    return call.priority === 'external' ? this.#external : this.#internal;
  }
}

/** Compares two rank keys (CallQueue.rank): negative when `a` is served first. */
export function compareRank(a: readonly [number, number, number], b: readonly [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
