// RTCP (RFC 3550 section 6): sender and receiver reports, SDES CNAME, BYE; parsing of
// compound packets with the checks of appendix A.2; reception statistics (A.1, A.3, A.8)
// for the report blocks.

export const RTCP_SR = 200;
export const RTCP_RR = 201;
export const RTCP_SDES = 202;
export const RTCP_BYE = 203;
export const RTCP_APP = 204;

/** RFC 3550 6.4.1 report block: what one receiver saw of one source. */
export interface ReportBlock {
  ssrc: number;
  /** Fraction lost since the previous report, in 1/256. */
  fractionLost: number;
  /** Cumulative packets lost (signed 24-bit; duplicates can make it negative). */
  cumulativeLost: number;
  /** Extended highest sequence number received (cycles << 16 | seq). */
  highestSequence: number;
  /** Interarrival jitter in timestamp units. */
  jitter: number;
  /** Middle 32 bits of the NTP timestamp of the last SR from that source (0: none). */
  lastSr: number;
  /** Delay since that SR in 1/65536 s. */
  delaySinceLastSr: number;
}

export interface SenderReport {
  type: 'sr';
  ssrc: number;
  /** Wall-clock time of the report (NTP timestamp converted to Unix milliseconds). */
  ntpMs: number;
  /** Middle 32 bits of the NTP timestamp: what a receiver echoes as LSR. */
  ntpMiddle: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
  reports: ReportBlock[];
}
export interface ReceiverReport {
  type: 'rr';
  ssrc: number;
  reports: ReportBlock[];
}
export interface SourceDescription {
  type: 'sdes';
  chunks: { ssrc: number; cname?: string }[];
}
export interface Goodbye {
  type: 'bye';
  ssrcs: number[];
  reason?: string;
}
export interface OtherRtcp {
  type: 'other';
  packetType: number;
}
export type RtcpPacket = SenderReport | ReceiverReport | SourceDescription | Goodbye | OtherRtcp;

const NTP_UNIX_OFFSET_S = 2_208_988_800; // 1900-01-01 to 1970-01-01

/** NTP timestamp (RFC 3550 4) of a Unix time in milliseconds: [seconds, fraction]. */
export function ntpFromUnixMs(ms: number): [number, number] {
  const seconds = Math.floor(ms / 1000);
  const fraction = Math.floor(((ms - seconds * 1000) / 1000) * 0x1_0000_0000);
  return [(seconds + NTP_UNIX_OFFSET_S) >>> 0, fraction >>> 0];
}

export function unixMsFromNtp(seconds: number, fraction: number): number {
  return (seconds - NTP_UNIX_OFFSET_S) * 1000 + (fraction / 0x1_0000_0000) * 1000;
}

/** The compact 32-bit form (middle bits) used in LSR and for round-trip times. */
export function ntpMiddle(ms: number): number {
  const [s, f] = ntpFromUnixMs(ms);
  return ((s & 0xffff) * 0x10000 + (f >>> 16)) >>> 0;
}

function header(packetType: number, count: number, bodyBytes: number): Buffer {
  const b = Buffer.alloc(4 + bodyBytes);
  b[0] = 0x80 | count;
  b[1] = packetType;
  b.writeUInt16BE((4 + bodyBytes) / 4 - 1, 2); // length in 32-bit words minus one
  return b;
}

function writeBlocks(b: Buffer, at: number, reports: readonly ReportBlock[]): void {
  for (const r of reports) {
    b.writeUInt32BE(r.ssrc >>> 0, at);
    b[at + 4] = Math.max(0, Math.min(255, r.fractionLost));
    b.writeIntBE(Math.max(-0x800000, Math.min(0x7fffff, r.cumulativeLost)), at + 5, 3);
    b.writeUInt32BE(r.highestSequence >>> 0, at + 8);
    b.writeUInt32BE(Math.round(r.jitter) >>> 0, at + 12);
    b.writeUInt32BE(r.lastSr >>> 0, at + 16);
    b.writeUInt32BE(r.delaySinceLastSr >>> 0, at + 20);
    at += 24;
  }
}

export function buildSenderReport(sr: Omit<SenderReport, 'type' | 'ntpMiddle'>): Buffer {
  const reports = sr.reports.slice(0, 31);
  const b = header(RTCP_SR, reports.length, 24 + 24 * reports.length);
  const [seconds, fraction] = ntpFromUnixMs(sr.ntpMs);
  b.writeUInt32BE(sr.ssrc >>> 0, 4);
  b.writeUInt32BE(seconds, 8);
  b.writeUInt32BE(fraction, 12);
  b.writeUInt32BE(sr.rtpTimestamp >>> 0, 16);
  b.writeUInt32BE(sr.packetCount >>> 0, 20);
  b.writeUInt32BE(sr.octetCount >>> 0, 24);
  writeBlocks(b, 28, reports);
  return b;
}

export function buildReceiverReport(rr: Omit<ReceiverReport, 'type'>): Buffer {
  const reports = rr.reports.slice(0, 31);
  const b = header(RTCP_RR, reports.length, 4 + 24 * reports.length);
  b.writeUInt32BE(rr.ssrc >>> 0, 4);
  writeBlocks(b, 8, reports);
  return b;
}

/** SDES with one chunk holding the CNAME item (RFC 3550 6.5.1), which every compound packet carries. */
export function buildSdes(ssrc: number, cname: string): Buffer {
  const text = Buffer.from(cname, 'utf8').subarray(0, 255);
  const chunk = 4 + 2 + text.length + 1; // ssrc, type+length, text, END item
  const padded = Math.ceil(chunk / 4) * 4;
  const b = header(RTCP_SDES, 1, padded);
  b.writeUInt32BE(ssrc >>> 0, 4);
  b[8] = 1; // CNAME
  b[9] = text.length;
  text.copy(b, 10);
  return b; // the rest is zero: END item and padding to a word
}

export function buildBye(ssrcs: readonly number[], reason?: string): Buffer {
  const text = reason ? Buffer.from(reason, 'utf8').subarray(0, 255) : undefined;
  const reasonBytes = text ? Math.ceil((1 + text.length) / 4) * 4 : 0;
  const b = header(RTCP_BYE, ssrcs.length, ssrcs.length * 4 + reasonBytes);
  ssrcs.forEach((s, i) => b.writeUInt32BE(s >>> 0, 4 + i * 4));
  if (text) {
    b[4 + ssrcs.length * 4] = text.length;
    text.copy(b, 5 + ssrcs.length * 4);
  }
  return b;
}

function readBlocks(b: Buffer, at: number, count: number): ReportBlock[] {
  const out: ReportBlock[] = [];
  for (let i = 0; i < count; i++, at += 24) {
    out.push({
      ssrc: b.readUInt32BE(at),
      fractionLost: b[at + 4]!,
      cumulativeLost: b.readIntBE(at + 5, 3),
      highestSequence: b.readUInt32BE(at + 8),
      jitter: b.readUInt32BE(at + 12),
      lastSr: b.readUInt32BE(at + 16),
      delaySinceLastSr: b.readUInt32BE(at + 20),
    });
  }
  return out;
}

/**
 * Parses a compound RTCP packet. Returns undefined for anything that fails the RFC 3550
 * A.2 checks: version 2, lengths that add up to the datagram, padding only in the last
 * packet, report blocks that fit. (The A.2 rule that the first packet be SR or RR is not
 * enforced: RFC 5506 reduced-size RTCP drops it.)
 */
export function parseRtcp(datagram: Buffer): RtcpPacket[] | undefined {
  const out: RtcpPacket[] = [];
  let at = 0;
  while (at < datagram.length) {
    if (at + 4 > datagram.length) return undefined;
    const b0 = datagram[at]!;
    if (b0 >> 6 !== 2) return undefined;
    const count = b0 & 0x1f;
    const packetType = datagram[at + 1]!;
    const length = (datagram.readUInt16BE(at + 2) + 1) * 4;
    const end = at + length;
    if (end > datagram.length) return undefined;
    let bodyEnd = end;
    if (b0 & 0x20) {
      if (end !== datagram.length) return undefined; // only the last packet may be padded
      const pad = datagram[end - 1]!;
      if (pad === 0 || pad > length - 4) return undefined;
      bodyEnd -= pad;
    }
    const p = datagram.subarray(at, bodyEnd);
    switch (packetType) {
      case RTCP_SR: {
        if (p.length < 28 + count * 24) return undefined;
        const seconds = p.readUInt32BE(8);
        const fraction = p.readUInt32BE(12);
        out.push({
          type: 'sr',
          ssrc: p.readUInt32BE(4),
          ntpMs: unixMsFromNtp(seconds, fraction),
          ntpMiddle: ((seconds & 0xffff) * 0x10000 + (fraction >>> 16)) >>> 0,
          rtpTimestamp: p.readUInt32BE(16),
          packetCount: p.readUInt32BE(20),
          octetCount: p.readUInt32BE(24),
          reports: readBlocks(p, 28, count),
        });
        break;
      }
      case RTCP_RR:
        if (p.length < 8 + count * 24) return undefined;
        out.push({ type: 'rr', ssrc: p.readUInt32BE(4), reports: readBlocks(p, 8, count) });
        break;
      case RTCP_SDES:
        out.push({ type: 'sdes', chunks: readSdes(p, count) });
        break;
      case RTCP_BYE: {
        if (p.length < 4 + count * 4) return undefined;
        const ssrcs: number[] = [];
        for (let i = 0; i < count; i++) ssrcs.push(p.readUInt32BE(4 + i * 4));
        const r = 4 + count * 4;
        const reasonLength = r < p.length ? p[r]! : 0;
        const reason = reasonLength && r + 1 + reasonLength <= p.length ? p.toString('utf8', r + 1, r + 1 + reasonLength) : undefined;
        out.push(reason === undefined ? { type: 'bye', ssrcs } : { type: 'bye', ssrcs, reason });
        break;
      }
      default:
        out.push({ type: 'other', packetType });
    }
    at = end;
  }
  return out.length > 0 ? out : undefined;
}

function readSdes(p: Buffer, count: number): { ssrc: number; cname?: string }[] {
  const chunks: { ssrc: number; cname?: string }[] = [];
  let at = 4;
  for (let i = 0; i < count && at + 4 <= p.length; i++) {
    const chunk: { ssrc: number; cname?: string } = { ssrc: p.readUInt32BE(at) };
    at += 4;
    while (at < p.length && p[at] !== 0) {
      const type = p[at]!;
      const length = p[at + 1] ?? 0;
      if (at + 2 + length > p.length) return chunks;
      if (type === 1) chunk.cname = p.toString('utf8', at + 2, at + 2 + length);
      at += 2 + length;
    }
    at = (Math.floor(at / 4) + 1) * 4; // END item, then pad to the next word
    chunks.push(chunk);
  }
  return chunks;
}

const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;

/**
 * What we received from one source, for our report blocks: RFC 3550 A.1 sequence
 * tracking (with its restart after a large jump), A.3 loss, A.8 interarrival jitter.
 */
export class ReceptionStats {
  private baseSeq = 0;
  private maxSeq = 0;
  private cycles = 0;
  private badSeq = -1;
  private received = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private transit: number | undefined;
  /** Interarrival jitter in timestamp units. */
  jitter = 0;
  private lastSrMiddle = 0;
  private lastSrArrivalMs = 0;
  private fresh = true;

  constructor(
    readonly ssrc: number,
    firstSeq: number,
    private readonly clockRate = 8000,
  ) {
    this.init(firstSeq);
  }

  private init(seq: number): void {
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.badSeq = -1;
    this.cycles = 0;
    this.received = 0;
    this.expectedPrior = 0;
    this.receivedPrior = 0;
  }

  /** Counts one packet; false when it is taken for a stray (a jump not yet confirmed). */
  update(seq: number, rtpTimestamp: number, arrivalMs: number): boolean {
    const delta = (seq - this.maxSeq) & 0xffff;
    if (this.fresh) {
      this.fresh = false; // the first packet, whose sequence number the constructor took
    } else if (delta > 0 && delta < MAX_DROPOUT) {
      if (seq < this.maxSeq) this.cycles += 0x10000; // wrapped
      this.maxSeq = seq;
    } else if (delta > 0xffff - MAX_MISORDER || delta === 0) {
      // duplicate or reordered: counted, as A.1 does
    } else if (seq === this.badSeq) {
      this.init(seq); // two sequential packets after a jump: the source restarted
    } else {
      this.badSeq = (seq + 1) & 0xffff;
      return false;
    }
    this.received++;
    const arrival = (arrivalMs * this.clockRate) / 1000;
    const transit = arrival - rtpTimestamp;
    if (this.transit !== undefined) {
      let d = transit - this.transit;
      // timestamps wrap at 2^32; the transit difference of neighbours is small
      d = Math.abs(((d % 0x1_0000_0000) + 0x1_8000_0000) % 0x1_0000_0000 - 0x8000_0000);
      this.jitter += (d - this.jitter) / 16;
    }
    this.transit = transit;
    return true;
  }

  /** Remembers an SR from this source, to echo it as LSR/DLSR. */
  senderReport(ntpMiddleBits: number, arrivalMs: number): void {
    this.lastSrMiddle = ntpMiddleBits;
    this.lastSrArrivalMs = arrivalMs;
  }

  get extendedHighest(): number {
    return this.cycles + this.maxSeq;
  }

  get packetsReceived(): number {
    return this.received;
  }

  get packetsLost(): number {
    return this.extendedHighest - this.baseSeq + 1 - this.received;
  }

  /** A report block, and the start of a new interval for the fraction lost. */
  reportBlock(nowMs: number): ReportBlock {
    const expected = this.extendedHighest - this.baseSeq + 1;
    const expectedInterval = expected - this.expectedPrior;
    const receivedInterval = this.received - this.receivedPrior;
    this.expectedPrior = expected;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    return {
      ssrc: this.ssrc,
      fractionLost: expectedInterval <= 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval * 256) / expectedInterval),
      cumulativeLost: expected - this.received,
      highestSequence: this.extendedHighest >>> 0,
      jitter: Math.round(this.jitter),
      lastSr: this.lastSrMiddle,
      delaySinceLastSr: this.lastSrMiddle ? Math.round(((nowMs - this.lastSrArrivalMs) / 1000) * 65536) : 0,
    };
  }
}

/** Round-trip time from a report block about our stream (RFC 3550 6.4.1), in ms. */
export function roundTripMs(block: ReportBlock, arrivalMs: number): number | undefined {
  if (block.lastSr === 0) return undefined;
  const a = ntpMiddle(arrivalMs);
  const rtt = (a - block.lastSr - block.delaySinceLastSr) >>> 0;
  return rtt > 0x8000_0000 ? undefined : (rtt / 65536) * 1000;
}
