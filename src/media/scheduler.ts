// One pacing loop for every outgoing RTP stream.
//
// Each stream's packet n is due at t0 + n * 20 ms on the monotonic clock: an absolute
// schedule, so lateness never accumulates (a chain of setTimeout(20) drifts by the timer's
// lateness every packet). All streams share one timer: it wakes for the earliest due
// packet, sends everything due within `earlyMs`, and sleeps until the next. With hundreds
// of streams that is a few hundred wake-ups a second instead of one timer per stream.
// If the process stalls for longer than `resyncAfterMs`, a stream skips the slots it
// missed instead of bursting them out (the receiver would drop a burst anyway); slots
// stay numbered by wall time, so timestamps keep matching the clock.
import { performance } from 'node:perf_hooks';

export interface PacedStream {
  /**
   * Sends packet `slot` (0 for the first after add()), ideally due at `dueMs`. Returns false
   * to leave the schedule. `skipped` counts slots missed right before this one (a stall).
   */
  onSlot(slot: number, dueMs: number, skipped: number): boolean;
}

export interface PacedHandle {
  remove(): void;
  readonly active: boolean;
}

export interface SchedulerClock {
  now(): number;
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

export const realClock: SchedulerClock = {
  now: () => performance.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface SchedulerOptions {
  periodMs?: number;
  /** A packet may go out this much before its time, to serve neighbours in one wake-up (default 1 ms). */
  earlyMs?: number;
  /** Lateness after which missed slots are skipped (default 100 ms). */
  resyncAfterMs?: number;
  clock?: SchedulerClock;
  /**
   * A stream whose onSlot throws leaves the schedule and the error comes here (default:
   * console.error). One broken call must not stop every other call's audio.
   */
  onError?: (error: unknown) => void;
}

export interface PacingStats {
  streams: number;
  packets: number;
  wakeUps: number;
  skippedSlots: number;
  /** |actual - ideal| send time over all packets since the last reset, in ms. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

interface Entry {
  stream: PacedStream;
  t0: number;
  slot: number;
  due: number;
  removed: boolean;
}

const BUCKET_MS = 0.05;
const BUCKETS = 4000; // 0..200 ms; beyond goes to the last bucket

export class PacketScheduler {
  readonly periodMs: number;
  private readonly earlyMs: number;
  private readonly resyncAfterMs: number;
  private readonly clock: SchedulerClock;
  private readonly onError: (error: unknown) => void;
  private readonly heap: Entry[] = [];
  /** Streams added from inside onSlot wait here, so the heap does not move under the loop. */
  private readonly incoming: Entry[] = [];
  private timer: unknown;
  private armedFor = Infinity;
  private running = false;
  private histogram = new Uint32Array(BUCKETS);
  private packets = 0;
  private wakeUps = 0;
  private skipped = 0;
  private maxDeviation = 0;

  constructor(options: SchedulerOptions = {}) {
    this.periodMs = options.periodMs ?? 20;
    this.earlyMs = options.earlyMs ?? 1;
    this.resyncAfterMs = options.resyncAfterMs ?? 100;
    this.clock = options.clock ?? realClock;
    this.onError = options.onError ?? ((e) => console.error('media scheduler: a stream failed and was removed', e));
  }

  now(): number {
    return this.clock.now();
  }

  /** Schedules a stream; its slot 0 is due at `startMs` (default: now). */
  add(stream: PacedStream, startMs = this.clock.now()): PacedHandle {
    const entry: Entry = { stream, t0: startMs, slot: 0, due: startMs, removed: false };
    if (this.running) this.incoming.push(entry);
    else {
      this.push(entry);
      this.arm();
    }
    return {
      remove: () => {
        entry.removed = true; // dropped lazily when it reaches the top of the heap
      },
      get active() {
        return !entry.removed;
      },
    };
  }

  get size(): number {
    return this.heap.filter((e) => !e.removed).length + this.incoming.length;
  }

  stats(): PacingStats {
    return {
      streams: this.size,
      packets: this.packets,
      wakeUps: this.wakeUps,
      skippedSlots: this.skipped,
      p50Ms: this.percentile(0.5),
      p99Ms: this.percentile(0.99),
      maxMs: this.maxDeviation,
    };
  }

  resetStats(): void {
    this.histogram = new Uint32Array(BUCKETS);
    this.packets = this.wakeUps = this.skipped = this.maxDeviation = 0;
  }

  private percentile(q: number): number {
    if (this.packets === 0) return 0;
    const rank = Math.ceil(q * this.packets);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.histogram[i]!;
      if (seen >= rank) return (i + 1) * BUCKET_MS;
    }
    return BUCKETS * BUCKET_MS;
  }

  private run = (): void => {
    this.timer = undefined;
    this.armedFor = Infinity;
    this.running = true;
    this.wakeUps++;
    try {
      for (;;) {
        const top = this.heap[0];
        if (!top) break;
        if (top.removed) {
          this.pop();
          continue;
        }
        const now = this.clock.now();
        if (top.due > now + this.earlyMs) break;
        let skipped = 0;
        if (now - top.due > this.resyncAfterMs) {
          skipped = Math.floor((now - top.due) / this.periodMs);
          top.slot += skipped;
          top.due = top.t0 + top.slot * this.periodMs;
          this.skipped += skipped;
        }
        this.record(Math.abs(now - top.due));
        let keep = false;
        try {
          keep = top.stream.onSlot(top.slot, top.due, skipped);
        } catch (e) {
          this.onError(e);
        }
        if (!keep || top.removed) {
          top.removed = true;
          this.pop();
        } else {
          top.slot++;
          top.due = top.t0 + top.slot * this.periodMs;
          this.siftDown(0);
        }
        if (this.incoming.length > 0) for (const entry of this.incoming.splice(0)) this.push(entry);
      }
    } finally {
      this.running = false;
      for (const entry of this.incoming.splice(0)) this.push(entry);
      this.arm();
    }
  };

  private record(deviation: number): void {
    this.packets++;
    this.histogram[Math.min(BUCKETS - 1, Math.floor(deviation / BUCKET_MS))]!++;
    if (deviation > this.maxDeviation) this.maxDeviation = deviation;
  }

  /** Sets the one timer for the earliest due packet (timers fire >= 1 ms; earlyMs absorbs that). */
  private arm(): void {
    while (this.heap[0]?.removed) this.pop();
    const top = this.heap[0];
    if (!top) {
      if (this.timer !== undefined) this.clock.clearTimer(this.timer);
      this.timer = undefined;
      this.armedFor = Infinity;
      return;
    }
    if (this.timer !== undefined && this.armedFor <= top.due) return;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    const delay = Math.max(0, Math.ceil(top.due - this.earlyMs - this.clock.now()));
    this.armedFor = top.due;
    this.timer = this.clock.setTimer(this.run, delay);
  }

  // ---- binary min-heap on `due` ----
  private push(entry: Entry): void {
    this.heap.push(entry);
    let i = this.heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.heap[parent]!.due <= entry.due) break;
      this.heap[i] = this.heap[parent]!;
      i = parent;
    }
    this.heap[i] = entry;
  }

  private pop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const entry = heap[start]!;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right]!.due < heap[left]!.due ? right : left;
      if (heap[child]!.due >= entry.due) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = entry;
  }
}

let shared: PacketScheduler | undefined;

/** The process-wide scheduler that RtpSessions use unless given another. */
export function sharedScheduler(): PacketScheduler {
  shared ??= new PacketScheduler();
  return shared;
}
