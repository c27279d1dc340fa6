// Test helpers for the IVR: a caller whose media is anchored on a real RtpSession, with the
// "phone" at the other end of a negotiated pair on 127.0.0.1. The phone's Ear keeps what it
// hears, so a test can compare it with the audio the library assembles for the expected
// sentences (cross-correlation at lag 0).
import assert from 'node:assert/strict';
import { decode, xcorr, type RtpPacket, type RtpSession, type PortPool } from '../../media/index.js';
import { delay, openPair } from '../../media/testing.js';
import type { Instant } from '../../core/time.js';
import type { AnchoredCaller, CallerInfo } from '../ports.js';

/** A poll of 20 ms that took longer than this saw the process stall. */
const STALL_MS = 80;

/**
 * What the phone hears, frame by frame in the order sent. Frames are joined in sequence order,
 * not placed by timestamp: when the process stalls, the pacer skips the missed slots' times
 * (and sets the marker bit) but still sends every frame of the prompt, so the audio itself is
 * whole. Each prompt starts on a frame and its last frame is padded with silence: a run of
 * prompts played one after another is heard as their padded audio back to back (`padded`).
 */
export class Ear {
  private readonly frames: Int16Array[] = [];
  private lastArrival = 0;

  constructor(private readonly phone: RtpSession) {
    phone.on('rtp', (p, kind) => this.onPacket(p, kind));
  }

  private onPacket(p: RtpPacket, kind: string): void {
    if (kind !== 'audio') return;
    this.frames.push(decode(this.phone.codec?.name ?? 'PCMU', p.payload));
    this.lastArrival = Date.now();
  }

  /** Audio packets heard so far. */
  get packets(): number {
    return this.frames.length;
  }

  /** Everything heard (from frame `from` on), as one buffer. */
  all(from = 0): Int16Array {
    const frames = this.frames.slice(from);
    const out = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of frames) {
      out.set(f, at);
      at += f.length;
    }
    return out;
  }

  /** The last prompt heard, when it is `length` samples long (it ends the stream). */
  lastPrompt(length: number): Int16Array {
    return this.all(Math.max(0, this.frames.length - Math.ceil(length / 160)));
  }

  /**
   * Waits until something was heard and the stream has been quiet for `quietMs`. The IVR and
   * this phone share the process: while the process stalls (a loaded machine, a GC pause) no
   * packet is sent, so time spent stalled does not count as the IVR's silence; otherwise a
   * test would key its digits in the middle of a prompt.
   */
  async waitFor({ timeoutMs = 15_000, quietMs = 150, packets = 1 } = {}): Promise<void> {
    const until = Date.now() + timeoutMs;
    let tick = Date.now();
    let resumed = tick;
    while (Date.now() < until) {
      const now = Date.now();
      if (now - tick > STALL_MS) resumed = now;
      tick = now;
      if (this.frames.length >= packets && now - Math.max(this.lastArrival, resumed) >= quietMs) return;
      await delay(20);
    }
    assert.fail(`waited ${timeoutMs} ms for quiet after ${packets} packet(s), heard ${this.frames.length}`);
  }

  /** Waits until the first packet arrives (the IVR started speaking). */
  async waitForStart(timeoutMs = 15_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      if (Date.now() > until) assert.fail('nothing was heard');
      await delay(10);
    }
  }
}

/** Prompts played one after another, as the phone hears them: each padded to whole frames. */
export function padded(prompts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(prompts.reduce((n, p) => n + Math.ceil(p.length / 160) * 160, 0));
  let at = 0;
  for (const p of prompts) {
    out.set(p, at);
    at += Math.ceil(p.length / 160) * 160;
  }
  return out;
}

/**
 * The heard audio is the expected audio, whole: correlation at lag 0 (G.711 keeps it above
 * 0.99) and the same length to within the last frame's padding.
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
