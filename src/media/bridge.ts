// B2BUA media relay: what arrives on one leg goes out on the other, as that leg's own
// stream (its SSRC, its sequence numbers and timestamps: RtpSession.relay re-stamps),
// transcoded between PCMU and PCMA when the legs negotiated different codecs, with
// RFC 4733 telephone-events passed through under the other leg's payload type.
// Comfort noise is not passed on (the other leg may not have negotiated it).
import { transcode } from './g711.js';
import type { RtpPacket } from './rtp.js';
import type { RtpKind, RtpSession } from './session.js';

export class Bridge {
  private readonly fromA: (packet: RtpPacket, kind: RtpKind) => void;
  private readonly fromB: (packet: RtpPacket, kind: RtpKind) => void;
  private active = true;
  /** Packets forwarded each way; events not passed on (the other leg has no telephone-event, or holds). */
  readonly counts = { aToB: 0, bToA: 0, eventsDropped: 0 };

  constructor(
    readonly a: RtpSession,
    readonly b: RtpSession,
  ) {
    this.fromA = (packet, kind) => {
      if (forward(a, b, packet, kind)) this.counts.aToB++;
      else if (kind === 'event') this.counts.eventsDropped++;
    };
    this.fromB = (packet, kind) => {
      if (forward(b, a, packet, kind)) this.counts.bToA++;
      else if (kind === 'event') this.counts.eventsDropped++;
    };
    a.on('rtp', this.fromA);
    b.on('rtp', this.fromB);
    a.relaying = b.relaying = true;
  }

  get isActive(): boolean {
    return this.active;
  }

  /** Disconnects the legs; both stay open for prompts or another bridge. */
  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.a.off('rtp', this.fromA);
    this.b.off('rtp', this.fromB);
    this.a.relaying = this.b.relaying = false;
  }
}

function forward(from: RtpSession, to: RtpSession, packet: RtpPacket, kind: RtpKind): boolean {
  if (kind === 'audio') {
    const inLaw = from.codec?.name;
    const out = to.codec;
    if (!inLaw || !out) return false;
    const payload = inLaw === out.name ? packet.payload : transcode(inLaw, out.name, packet.payload);
    return to.relay(packet, out.payloadType, payload);
  }
  if (kind === 'event' && to.telephoneEvent !== undefined) return to.relay(packet, to.telephoneEvent, packet.payload);
  return false;
}

/** Connects two legs' media (see Bridge). */
export function bridge(a: RtpSession, b: RtpSession): Bridge {
  return new Bridge(a, b);
}
