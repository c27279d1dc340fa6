// Anchored media: every call leg's RTP ends in one of our RtpSessions, so call control can
// play prompts, record, bridge and hold without the phones ever sending to each other.
// A LegMedia is one leg's session and its side of offer/answer (RFC 3264): we answer the
// caller's offer, offer to callees, and answer re-INVITEs and UPDATEs ourselves.
import { randomInt } from 'node:crypto';
import { fail, ok, type Result } from '../core/errors.js';
import { acceptAnswer, answerOffer, buildOffer, type LocalMedia, mediaProblem, PortPool, RtpSession } from '../media/index.js';
import { advertisedHostFor } from '../sip/transport/index.js';

export interface MediaSettings {
  /** Address the RTP sockets bind to. */
  bindHost: string;
  /** Address written into our SDP (c= and o=): never a wildcard. */
  announce: string;
  ports: PortPool;
}

/** Media settings from the configuration: a wildcard bind announces the host's first external address. */
export function mediaSettings(host: string, range: { min: number; max: number }): MediaSettings {
  const announce = advertisedHostFor(host).replace(/^\[(.*)\]$/, '$1');
  return { bindHost: host, announce, ports: new PortPool(range) };
}

export class LegMedia {
  /** RFC 4566 5.2: o= session id, fixed for the leg; the version counts up with each new description. */
  private readonly sessionId = randomInt(1, 2 ** 31);
  private sessionVersion = 0;

  private constructor(
    readonly session: RtpSession,
    private readonly settings: MediaSettings,
  ) {}

  static async open(settings: MediaSettings): Promise<LegMedia> {
    return new LegMedia(await RtpSession.open({ host: settings.bindHost, ports: settings.ports }), settings);
  }

  private local(): LocalMedia {
    return { address: this.settings.announce, port: this.session.localPort, sessionId: this.sessionId, sessionVersion: ++this.sessionVersion };
  }

  /**
   * Answers an offer (the caller's INVITE, or a re-INVITE/UPDATE from either leg) and applies
   * it: a hold offer (sendonly, inactive, c=0.0.0.0) gets recvonly/inactive and our sending
   * stops (RFC 3264 8.4); a resume starts it again.
   */
  answer(offer: Buffer | string): Result<string> {
    const answered = answerOffer(offer.toString(), this.local());
    if (!answered.ok) return answered;
    this.session.apply(answered.value.media);
    return ok(answered.value.sdp);
  }

  /** Our offer: one audio stream, PCMU and PCMA, telephone-event. */
  offer(): string {
    return buildOffer(this.local());
  }

  /** Applies the answer to our offer. */
  accept(answer: Buffer | string): Result<void> {
    if (answer.length === 0) return fail(mediaProblem('media.sdp.invalid', 'the answer has no body'));
    const accepted = acceptAnswer(answer.toString(), { address: this.settings.announce, port: this.session.localPort });
    if (!accepted.ok) return accepted;
    this.session.apply(accepted.value.media);
    return ok(undefined);
  }

  close(): Promise<void> {
    return this.session.close();
  }
}

/**
 * Watches the legs of a conversation for a phone that went away without a BYE (power cut,
 * lost network): a leg in `sendrecv` that got no RTP for `timeoutMs` calls `onSilent`. A
 * leg on hold (either way) is not expected to send: some phones send nothing while holding.
 * Returns the function that stops watching.
 */
export function watchRtp(legs: readonly LegMedia[], timeoutMs: number, onSilent: (leg: LegMedia) => void): () => void {
  const seen = legs.map((leg) => ({ count: leg.session.stats().packetsReceived, since: performance.now() }));
  const timer = setInterval(() => {
    const now = performance.now();
    legs.forEach((leg, i) => {
      const s = seen[i]!;
      const count = leg.session.stats().packetsReceived;
      const expects = leg.session.direction === 'sendrecv';
      if (count !== s.count || !expects) {
        s.count = count;
        s.since = now;
      } else if (now - s.since >= timeoutMs) {
        onSilent(leg);
      }
    });
  }, Math.min(5000, Math.max(100, timeoutMs / 4)));
  timer.unref();
  return () => clearInterval(timer);
}
