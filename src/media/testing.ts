// Helpers for tests that run real RTP on 127.0.0.1 (used by this folder's tests, and
// available to call-control tests): a private port range per test file, and two
// sessions negotiated with each other through our own offer/answer.
import { PortPool } from './ports.js';
import { encodeWav } from './wav.js';
import { acceptAnswer, answerOffer, buildOffer, type LocalMedia } from './sdp.js';
import { RtpSession, type RtpSessionOptions } from './session.js';

/**
 * A pool in a random slice of 26000-32767, so parallel test files rarely meet: below the
 * kernel's ephemeral ports (32768+) and clear of the baresip phones' ports (test/support).
 */
export function testPortPool(size = 200): PortPool {
  const base = 26000 + 2 * Math.floor(Math.random() * ((6768 - size) / 2));
  return new PortPool({ min: base, max: base + size - 1 });
}

export interface NegotiateOptions {
  offerer?: Partial<LocalMedia>;
  answerer?: Partial<LocalMedia>;
}

/** Offer from `a`, answer from `b`, both applied: a connected pair on 127.0.0.1. */
export function negotiate(a: RtpSession, b: RtpSession, options: NegotiateOptions = {}): void {
  const offerLocal: LocalMedia = { address: '127.0.0.1', port: a.localPort, ...options.offerer };
  const offer = buildOffer(offerLocal);
  const answer = answerOffer(offer, { address: '127.0.0.1', port: b.localPort, ...options.answerer });
  if (!answer.ok) throw new Error(answer.problems[0]!.en);
  b.apply(answer.value.media);
  const accepted = acceptAnswer(answer.value.sdp, offerLocal);
  if (!accepted.ok) throw new Error(accepted.problems[0]!.en);
  a.apply(accepted.value.media);
}

export async function openPair(pool: PortPool, options: RtpSessionOptions & NegotiateOptions = {}): Promise<[RtpSession, RtpSession]> {
  const a = await RtpSession.open({ host: '127.0.0.1', ports: pool, ...options });
  const b = await RtpSession.open({ host: '127.0.0.1', ports: pool, ...options });
  negotiate(a, b, options);
  return [a, b];
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A 16-bit stereo WAV at `rate` with the same samples on both channels (uploads as people make them). */
export function stereoWav(mono: Int16Array, rate: number): Buffer {
  const both = new Int16Array(mono.length * 2);
  mono.forEach((v, i) => {
    both[2 * i] = v;
    both[2 * i + 1] = v;
  });
  const wav = encodeWav(both, { sampleRate: rate });
  // encodeWav writes one channel: two channels, and the byte rate and block align that follow.
  wav.writeUInt16LE(2, 22);
  wav.writeUInt32LE(rate * 4, 28);
  wav.writeUInt16LE(4, 32);
  return wav;
}
