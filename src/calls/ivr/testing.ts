// Test helpers for the IVR: a caller whose media is anchored on a real RtpSession, with the
// "phone" at the other end of a negotiated pair on 127.0.0.1. The phone's Ear keeps what it
// hears, one buffer per talkspurt (each prompt the IVR plays starts one: RFC 3551 marker
// bit), so a test can compare each sentence with the audio the library assembles for it.
import assert from 'node:assert/strict';
import { decode, xcorr, type RtpPacket, type RtpSession, type PortPool } from '../../media/index.js';
import { delay, openPair } from '../../media/testing.js';
import type { Instant } from '../../core/time.js';
import type { AnchoredCaller, CallerInfo } from '../ports.js';

export class Ear {
  /** Each talkspurt as packets: timestamp and decoded samples. */
  private readonly spurts: { ts: number; samples: Int16Array }[][] = [];
  private lastArrival = 0;
  packets = 0;

  constructor(private readonly phone: RtpSession) {
    phone.on('rtp', (p, kind) => this.onPacket(p, kind));
  }

  private onPacket(p: RtpPacket, kind: string): void {
    if (kind !== 'audio') return;
    const law = this.phone.codec?.name ?? 'PCMU';
    this.packets++;
    this.lastArrival = Date.now();
    if (p.marker || this.spurts.length === 0) this.spurts.push([]);
    this.spurts[this.spurts.length - 1]!.push({ ts: p.timestamp, samples: decode(law, p.payload) });
  }

  get count(): number {
    return this.spurts.length;
  }

  /** Talkspurt `i` as one buffer, each packet placed by its RTP timestamp. */
  spurt(i: number): Int16Array {
    const packets = this.spurts[i];
    if (!packets || packets.length === 0) return new Int16Array(0);
    const t0 = packets[0]!.ts;
    const end = Math.max(...packets.map((p) => ((p.ts - t0) >>> 0) + p.samples.length));
    const out = new Int16Array(end);
    for (const p of packets) out.set(p.samples, (p.ts - t0) >>> 0);
    return out;
  }

  /**
   * The last `length` samples heard, rounded up to whole frames: the last prompt, when its
   * length is `length`. (A prompt that follows one cut short by a key may run on in the same
   * talkspurt, without a marker, so it is found from the end.)
   */
  lastPrompt(length: number): Int16Array {
    const last = this.spurt(this.spurts.length - 1);
    return last.subarray(Math.max(0, last.length - Math.ceil(length / 160) * 160));
  }

  /** Waits until `n` talkspurts have started and the stream has been quiet for `quietMs`. */
  async waitFor(n: number, { timeoutMs = 15_000, quietMs = 150 } = {}): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (this.spurts.length >= n && Date.now() - this.lastArrival >= quietMs) return;
      await delay(20);
    }
    assert.fail(`waited ${timeoutMs} ms for ${n} talkspurt(s), heard ${this.spurts.length}`);
  }

  /** Waits until talkspurt `n` has started (the IVR began its n+1-th prompt). */
  async waitForStart(n: number, timeoutMs = 15_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.spurts.length <= n) {
      if (Date.now() > until) assert.fail(`talkspurt ${n} never started (heard ${this.spurts.length})`);
      await delay(10);
    }
  }
}

/**
 * The heard talkspurt is the expected audio, whole: correlation at lag 0 (G.711 keeps it
 * above 0.99) and the same length to within the last frame's padding.
 */
export function assertHeard(heard: Int16Array, expected: Int16Array, what: string): void {
  const { atZero } = xcorr(expected, heard);
  assert.ok(atZero > 0.98, `${what}: r = ${atZero.toFixed(4)} at lag 0`);
  assert.ok(heard.length >= expected.length && heard.length - expected.length < 160, `${what}: heard ${heard.length} samples, expected ${expected.length}`);
}

export interface TestCall {
  call: AnchoredCaller;
  phone: RtpSession;
  ear: Ear;
  hangUp(): void;
  close(): Promise<void>;
}

/** A caller anchored on a fresh session pair: `call.session` is ours, `phone` is theirs. */
export async function anchoredCall(pool: PortPool, input: { tenantId: string; at: Instant; caller?: CallerInfo; callId?: string }): Promise<TestCall> {
  const [ours, phone] = await openPair(pool);
  const hangup = new AbortController();
  const ear = new Ear(phone);
  return {
    call: { tenantId: input.tenantId, callId: input.callId ?? 'call-test', caller: input.caller ?? { number: '+46701234567' }, session: ours, hangup: hangup.signal, at: input.at },
    phone,
    ear,
    hangUp: () => hangup.abort(),
    async close() {
      hangup.abort();
      await Promise.all([ours.close(), phone.close()]);
    },
  };
}
