// Reorder (jitter) buffer keyed by RTP sequence number, for recordings.
//
// Packets come out in sequence order. A missing packet is waited for until `depth`
// later packets have arrived (default 10, i.e. 200 ms of 20 ms packets); then it is
// declared lost and the release goes on. Duplicates and packets that arrive after their
// place was given up are dropped and counted. Sequence numbers are extended past the
// 16-bit wrap; a jump of more than `maxJump` restarts the buffer (the source restarted).
// What fills the gap of a lost packet is the consumer's choice (the Recorder writes
// silence, see recorder.ts).
//
// The first packet to arrive need not be the first one sent, so nothing is released
// until `depth` packets have been seen (priming); until then an earlier packet moves
// the start back instead of counting as late.
import { seqDistance } from './rtp.js';

export interface Released<T> {
  /** Extended sequence number (no wrap). */
  seq: number;
  item: T;
  /** Sequence numbers skipped (lost) right before this one. */
  missingBefore: number;
}

export interface ReorderStats {
  received: number;
  released: number;
  duplicates: number;
  late: number;
  lost: number;
  /** Packets that arrived after a later one (reordered, and still in time). */
  reordered: number;
  restarts: number;
}

export interface ReorderOptions {
  depth?: number;
  maxJump?: number;
}

const RECENT = 256;

export class ReorderBuffer<T> {
  private readonly depth: number;
  private readonly maxJump: number;
  private readonly held = new Map<number, T>();
  private next = 0;
  private highest = -1;
  private primed = false;
  /** Lost packets declared since the last release, reported with the next one. */
  private missing = 0;
  private readonly recentlyReleased = new Float64Array(RECENT).fill(-1);
  readonly stats: ReorderStats = { received: 0, released: 0, duplicates: 0, late: 0, lost: 0, reordered: 0, restarts: 0 };

  constructor(options: ReorderOptions = {}) {
    this.depth = Math.max(1, options.depth ?? 10);
    this.maxJump = options.maxJump ?? 1000;
  }

  /** Adds a packet; returns what can now be released, in order. */
  push(sequenceNumber: number, item: T): Released<T>[] {
    this.stats.received++;
    const out: Released<T>[] = [];
    if (this.highest < 0) {
      // First packet: the extended numbering starts one wrap up, so early reordered packets stay positive.
      this.highest = this.next = 0x10000 + sequenceNumber;
    }
    const ext = this.highest + seqDistance(sequenceNumber, this.highest & 0xffff);
    if (ext - this.next > this.maxJump || this.next - ext > this.maxJump) {
      this.stats.restarts++;
      this.release(out, true);
      this.missing = 0;
      this.highest = this.next = ext;
    }
    if (ext < this.next && !this.primed) this.next = ext;
    if (ext < this.next) {
      if (this.recentlyReleased[ext % RECENT] === ext) this.stats.duplicates++;
      else this.stats.late++;
      return out;
    }
    if (this.held.has(ext)) {
      this.stats.duplicates++;
      return out;
    }
    if (ext < this.highest) this.stats.reordered++;
    this.held.set(ext, item);
    if (ext > this.highest) this.highest = ext;
    this.release(out, false);
    return out;
  }

  /** Releases everything held (end of the stream), counting the holes as lost. */
  flush(): Released<T>[] {
    const out: Released<T>[] = [];
    this.release(out, true);
    return out;
  }

  get size(): number {
    return this.held.size;
  }

  private release(out: Released<T>[], all: boolean): void {
    if (!this.primed && !all && this.highest - this.next < this.depth) return;
    this.primed = true;
    while (this.held.size > 0) {
      const item = this.held.get(this.next);
      if (item !== undefined || this.held.has(this.next)) {
        this.held.delete(this.next);
        this.recentlyReleased[this.next % RECENT] = this.next;
        this.stats.released++;
        out.push({ seq: this.next, item: item as T, missingBefore: this.missing });
        this.missing = 0;
        this.next++;
      } else if (all || this.highest - this.next >= this.depth) {
        // Waited long enough for this one: declare it lost.
        this.stats.lost++;
        this.missing++;
        this.next++;
      } else {
        break;
      }
    }
  }
}
