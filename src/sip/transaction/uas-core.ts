// The UAS core's part of 2xx reliability (RFC 3261 13.3.1.4). Not a transaction's job in
// RFC 3261; RFC 6026's Accepted state only absorbs the retransmitted INVITEs meanwhile.
import { type Scheduler, type TimerHandle, type TimerSettings } from './timers.js';

interface Pending {
  timer: TimerHandle;
  interval: number;
  /** When the 2xx was first sent (scheduler clock). */
  started: number;
  send: () => void;
  giveUp: () => void;
}

/**
 * "the UAS core periodically retransmits the 2xx response [...] The 2xx response is passed to
 * the transport with an interval that starts at T1 seconds and doubles for each
 * retransmission until it reaches T2 seconds [...]. Response retransmissions cease when an
 * ACK request for the response is received. This is independent of whatever transport
 * protocols are used to send the response." — so this runs on TCP too.
 *
 * "If the server retransmits the 2xx response for 64*T1 seconds without receiving an ACK,
 * the dialog is confirmed, but the session SHOULD be terminated. This is accomplished with
 * a BYE": `giveUp` tells the TU.
 *
 * Pending 2xx are keyed by Call-ID and CSeq number, which the ACK repeats (13.2.2.4).
 */
export class AnswerRetransmitter {
  private readonly byCall = new Map<string, Map<number, Pending>>();
  private readonly scheduler: Scheduler;
  private readonly timers: TimerSettings;
  private count = 0;
  /** 2xx retransmissions sent (for metrics). */
  retransmissions = 0;

  constructor(scheduler: Scheduler, timers: TimerSettings) {
    this.scheduler = scheduler;
    this.timers = timers;
  }

  /** 2xx responses still waiting for their ACK. */
  get size(): number {
    return this.count;
  }

  /** Starts retransmitting a 2xx that was just sent once. */
  start(callId: string, seq: number, send: () => void, giveUp: () => void): void {
    this.stop(callId, seq);
    let calls = this.byCall.get(callId);
    if (!calls) this.byCall.set(callId, (calls = new Map()));
    const pending: Pending = { timer: {}, interval: this.timers.t1, started: this.scheduler.now(), send, giveUp };
    pending.timer = this.scheduler.set(pending.interval, () => this.fire(callId, seq, pending));
    calls.set(seq, pending);
    this.count++;
  }

  private fire(callId: string, seq: number, p: Pending): void {
    const left = p.started + 64 * this.timers.t1 - this.scheduler.now();
    if (left <= 0) {
      this.remove(callId, seq);
      p.giveUp();
      return;
    }
    this.retransmissions++;
    p.send();
    p.interval = Math.min(2 * p.interval, this.timers.t2);
    // the last wait ends exactly 64*T1 after the first send
    p.timer = this.scheduler.set(Math.min(p.interval, left), () => this.fire(callId, seq, p));
  }

  /** An ACK arrived: true when it stopped a pending 2xx. */
  ack(callId: string, seq: number): boolean {
    return this.stop(callId, seq);
  }

  /** Stops one pending 2xx, or all of a call (e.g. when a BYE ends it before the ACK came). */
  stop(callId: string, seq?: number): boolean {
    const calls = this.byCall.get(callId);
    if (!calls) return false;
    if (seq === undefined) {
      for (const s of [...calls.keys()]) this.stop(callId, s);
      return true;
    }
    const p = calls.get(seq);
    if (!p) return false;
    this.scheduler.clear(p.timer);
    this.remove(callId, seq);
    return true;
  }

  /** Stops everything (shutdown). */
  clear(): void {
    for (const callId of [...this.byCall.keys()]) this.stop(callId);
  }

  private remove(callId: string, seq: number): void {
    const calls = this.byCall.get(callId);
    if (!calls?.delete(seq)) return;
    this.count--;
    if (calls.size === 0) this.byCall.delete(callId);
  }
}
