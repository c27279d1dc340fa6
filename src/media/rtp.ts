// RTP packets (RFC 3550 section 5.1): parsing with the validity checks of appendix A.1,
// and serialisation. Parsing never throws: a packet from the network is either an RtpPacket
// or a reason to drop it.

export interface RtpHeader {
  marker: boolean;
  payloadType: number;
  /** 16-bit sequence number. */
  sequenceNumber: number;
  /** 32-bit media timestamp (8000 per second for G.711 and telephone-events). */
  timestamp: number;
  ssrc: number;
  csrcs?: readonly number[];
  /** RFC 3550 5.3.1 header extension: 16-bit profile word and whole 32-bit words of data. */
  extension?: { profile: number; data: Uint8Array };
}

export interface RtpPacket extends RtpHeader {
  csrcs: readonly number[];
  /** The payload without padding. A view into the received datagram, not a copy. */
  payload: Buffer;
  /** Padding octets that followed the payload (RFC 3550 5.1, P bit). */
  padding: number;
}

export type RtpDropReason = 'short' | 'version' | 'csrc' | 'extension' | 'padding' | 'rtcp';

export type RtpParse = { ok: true; packet: RtpPacket } | { ok: false; reason: RtpDropReason };

const HEADER = 12;

/**
 * RFC 5761 4: with RTP and RTCP on one port, a second octet of 192..223 is an RTCP packet
 * type (SR 200, RR 201, SDES 202, BYE 203, APP 204 and neighbours), never RTP (payload
 * types 64..95 are kept free for this).
 */
export function looksLikeRtcp(datagram: Uint8Array): boolean {
  return datagram.length >= 8 && datagram[1]! >= 192 && datagram[1]! <= 223;
}

export function parseRtp(datagram: Buffer): RtpParse {
  if (looksLikeRtcp(datagram)) return { ok: false, reason: 'rtcp' };
  if (datagram.length < HEADER) return { ok: false, reason: 'short' };
  const b0 = datagram[0]!;
  if (b0 >> 6 !== 2) return { ok: false, reason: 'version' };
  const b1 = datagram[1]!;
  const csrcCount = b0 & 0x0f;
  let at = HEADER + csrcCount * 4;
  if (at > datagram.length) return { ok: false, reason: 'csrc' };
  const csrcs: number[] = [];
  for (let i = 0; i < csrcCount; i++) csrcs.push(datagram.readUInt32BE(HEADER + i * 4));
  let extension: RtpHeader['extension'];
  if (b0 & 0x10) {
    if (at + 4 > datagram.length) return { ok: false, reason: 'extension' };
    const profile = datagram.readUInt16BE(at);
    const words = datagram.readUInt16BE(at + 2);
    const end = at + 4 + words * 4;
    if (end > datagram.length) return { ok: false, reason: 'extension' };
    extension = { profile, data: datagram.subarray(at + 4, end) };
    at = end;
  }
  let end = datagram.length;
  let padding = 0;
  if (b0 & 0x20) {
    // The last octet counts the padding, itself included; it cannot reach into the header.
    padding = datagram[datagram.length - 1]!;
    if (padding === 0 || padding > end - at) return { ok: false, reason: 'padding' };
    end -= padding;
  }
  return {
    ok: true,
    packet: {
      marker: (b1 & 0x80) !== 0,
      payloadType: b1 & 0x7f,
      sequenceNumber: datagram.readUInt16BE(2),
      timestamp: datagram.readUInt32BE(4),
      ssrc: datagram.readUInt32BE(8),
      csrcs,
      extension,
      payload: datagram.subarray(at, end),
      padding,
    },
  };
}

/** Serialises a packet (no padding: G.711 needs none). */
export function writeRtp(header: RtpHeader, payload: Uint8Array): Buffer {
  const csrcs = header.csrcs ?? [];
  const ext = header.extension;
  if (csrcs.length > 15) throw new RangeError('at most 15 CSRCs');
  if (ext && ext.data.length % 4 !== 0) throw new RangeError('header extension data must be whole 32-bit words');
  const extLength = ext ? 4 + ext.data.length : 0;
  const out = Buffer.allocUnsafe(HEADER + csrcs.length * 4 + extLength + payload.length);
  out[0] = 0x80 | (ext ? 0x10 : 0) | csrcs.length;
  out[1] = (header.marker ? 0x80 : 0) | (header.payloadType & 0x7f);
  out.writeUInt16BE(header.sequenceNumber & 0xffff, 2);
  out.writeUInt32BE(header.timestamp >>> 0, 4);
  out.writeUInt32BE(header.ssrc >>> 0, 8);
  let at = HEADER;
  for (const c of csrcs) {
    out.writeUInt32BE(c >>> 0, at);
    at += 4;
  }
  if (ext) {
    out.writeUInt16BE(ext.profile, at);
    out.writeUInt16BE(ext.data.length / 4, at + 2);
    out.set(ext.data, at + 4);
    at += extLength;
  }
  out.set(payload, at);
  return out;
}

/** a - b for 16-bit sequence numbers, as a signed distance (RFC 1982 serial arithmetic). */
export function seqDistance(a: number, b: number): number {
  return ((((a - b) & 0xffff) + 0x8000) & 0xffff) - 0x8000;
}

/** a - b for 32-bit timestamps, as a signed distance. */
export function timestampDistance(a: number, b: number): number {
  return (a - b) | 0;
}
