// Transaction timers (RFC 3261 17, table 4 in appendix A; RFC 6026 for L and M) and the
// scheduler they run on. The scheduler is injected so that tests drive every timer with a
// manual clock instead of waiting.

/** T1, T2, T4 of RFC 3261 17.1.1.1 and the 200 ms after which 17.2.1 sends 100 Trying. */
export interface TimerSettings {
  /** Round-trip time estimate (default 500 ms). */
  t1: number;
  /** Longest retransmit interval for non-INVITE requests and INVITE responses (default 4 s). */
  t2: number;
  /** Longest time a message stays in the network (default 5 s). */
  t4: number;
  /** The INVITE server transaction sends 100 Trying when the TU has not answered by then (default 200 ms). */
  trying: number;
}

export const DEFAULT_TIMERS: Readonly<TimerSettings> = Object.freeze({ t1: 500, t2: 4000, t4: 5000, trying: 200 });

export function timerSettings(partial: Partial<TimerSettings> = {}): TimerSettings {
  const s = { ...DEFAULT_TIMERS, ...partial };
  for (const [k, v] of Object.entries(s)) {
    if (!Number.isFinite(v) || v <= 0) throw new RangeError(`timer ${k} must be a positive number of milliseconds, got ${v}`);
  }
  return s;
}

/**
 * The durations of RFC 3261 table 4, for one transaction. On a reliable transport the
 * timers that only absorb retransmissions (D, I, J, K) are zero.
 */
export function timerValues(s: TimerSettings, reliable: boolean) {
  const t64 = 64 * s.t1;
  return {
    /** INVITE request retransmit, doubling without a cap (17.1.1.2). */
    A: s.t1,
    /** INVITE transaction timeout. */
    B: t64,
    /** Wait time for response retransmits: "at least 32 seconds for unreliable transports". */
    D: reliable ? 0 : Math.max(32_000, t64),
    /** Non-INVITE request retransmit, doubling up to T2 (17.1.2.2). */
    E: s.t1,
    /** Non-INVITE transaction timeout. */
    F: t64,
    /** INVITE non-2xx response retransmit, doubling up to T2 (17.2.1). */
    G: s.t1,
    /** Wait time for ACK receipt. */
    H: t64,
    /** Wait time for ACK retransmits. */
    I: reliable ? 0 : s.t4,
    /** Wait time for non-INVITE request retransmits. */
    J: reliable ? 0 : t64,
    /** Wait time for response retransmits. */
    K: reliable ? 0 : s.t4,
    /** RFC 6026: wait time for accepted INVITE request retransmits (server). */
    L: t64,
    /** RFC 6026: wait time for retransmission of 2xx to INVITE or additional 2xx from other branches of a forked INVITE (client). */
    M: t64,
  };
}

/** Opaque: a Node.js Timeout or a manual timer. */
export type TimerHandle = object;

/** Where timers run: the event loop in production, a manual clock in tests. */
export interface Scheduler {
  /** Milliseconds on this scheduler's clock. */
  now(): number;
  set(ms: number, fire: () => void): TimerHandle;
  clear(handle: TimerHandle): void;
}

/** The event loop's timers. */
export const realScheduler: Scheduler = {
  now: () => performance.now(),
  set: (ms, fire) => setTimeout(fire, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface ManualTimer {
  at: number;
  seq: number;
  fire: () => void;
  cancelled: boolean;
}

/**
 * A clock that only moves when told: `advance(ms)` fires every timer that falls due, in
 * order, with `now()` equal to each timer's due time while it runs.
 */
export class ManualScheduler implements Scheduler {
  private time = 0;
  private seq = 0;
  private queue: ManualTimer[] = [];

  now(): number {
    return this.time;
  }

  set(ms: number, fire: () => void): TimerHandle {
    const timer: ManualTimer = { at: this.time + Math.max(0, ms), seq: this.seq++, fire, cancelled: false };
    this.queue.push(timer);
    return timer;
  }

  clear(handle: TimerHandle): void {
    (handle as ManualTimer).cancelled = true;
    this.queue = this.queue.filter((t) => t !== handle);
  }

  /** Timers set and not yet fired or cleared. */
  get pending(): number {
    return this.queue.length;
  }

  /** Moves the clock forward by `ms`, firing what falls due (also timers set while firing). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: ManualTimer | undefined;
      for (const t of this.queue) if (t.at <= end && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      if (!next) break;
      this.queue = this.queue.filter((t) => t !== next);
      this.time = next.at;
      next.fire();
    }
    this.time = end;
  }

  /** Fires everything that is pending (and what that sets), however far away. */
  runAll(limit = 100_000): void {
    for (let i = 0; i < limit && this.queue.length > 0; i++) {
      const next = this.queue.reduce((a, b) => (b.at < a.at || (b.at === a.at && b.seq < a.seq) ? b : a));
      this.advance(next.at - this.time);
    }
  }
}
