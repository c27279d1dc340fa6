// RtpSession: one call leg's media. A UDP socket pair from the port pool, outgoing RTP
// stamped and paced by the shared scheduler, incoming RTP validated, symmetric RTP, RTCP
// reports, RFC 4733 digits both ways, prompt playback. Recording (recorder.ts) and the
// B2BUA relay (bridge.ts) build on its 'rtp' event and its relay() method.
import { EventEmitter } from 'node:events';
import { randomBytes, randomUUID } from 'node:crypto';
import type dgram from 'node:dgram';
import { DomainError } from '../core/errors.js';
import { SILENCE, type G711Law } from './g711.js';
import { DtmfReceiver, dtmfSteps, isDtmfString, type DtmfDigit, type DtmfSendOptions, type DtmfStep } from './dtmf.js';
import { Player, type Clip, type PlayOptions } from './player.js';
import { PortPool } from './ports.js';
import { mediaProblem } from './problems.js';
import { buildBye, buildReceiverReport, buildSdes, buildSenderReport, parseRtcp, ReceptionStats, roundTripMs, type RtcpPacket } from './rtcp.js';
import { looksLikeRtcp, parseRtp, seqDistance, timestampDistance, writeRtp, type RtpDropReason, type RtpPacket } from './rtp.js';
import { sharedScheduler, type PacedHandle, type PacketScheduler } from './scheduler.js';

export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface Codec {
  payloadType: number;
  name: G711Law;
}

export interface Endpoint {
  address: string;
  port: number;
}

/** What offer/answer settled (sdp.ts produces it). */
export interface MediaParams {
  /** Where to send; undefined while the peer gives no address (c=0.0.0.0 hold, port 0). */
  remote?: Endpoint;
  /** Remote RTCP address (a=rtcp, RFC 3605); default: remote port + 1, or the RTP port with rtcp-mux. */
  remoteRtcp?: Endpoint;
  codec: Codec;
  /** Negotiated telephone-event payload type (RFC 4733), if any. */
  telephoneEvent?: number;
  /** Our direction: whether we send and whether we take what arrives. */
  direction: Direction;
  /** RTP and RTCP share the RTP port (RFC 5761). */
  rtcpMux: boolean;
}

export type RtpKind = 'audio' | 'event' | 'comfort-noise';

export interface RtpSessionEvents {
  /** A valid packet from the peer; `kind` tells audio from telephone-events. */
  rtp: [packet: RtpPacket, kind: RtpKind];
  dtmf: [digit: DtmfDigit];
  rtcp: [packets: RtcpPacket[]];
  /** The peer sent RTCP BYE. */
  bye: [reason: string | undefined];
  /** Symmetric RTP: we now send to where the peer's packets come from. */
  latched: [source: Endpoint];
  /** A new SSRC from the peer (a new stream: transfer, re-INVITE, restart). */
  source: [ssrc: number];
  error: [error: Error];
}

export interface RtpSessionOptions {
  /** Where RTP ports come from (default: a process-wide pool of 10000-20000). */
  ports?: PortPool;
  /** Address to bind (default 0.0.0.0). */
  host?: string;
  scheduler?: PacketScheduler;
  /** RTCP CNAME (default a random UUID: RFC 7022 short-term persistent). */
  cname?: string;
  /** Mean RTCP report interval (default 5000 ms, RFC 3550 6.2), randomised by 0.5-1.5 (6.3.1). */
  rtcpIntervalMs?: number;
  /** A latched peer that falls silent this long may be replaced by a new source (default 2000 ms). */
  relatchAfterMs?: number;
  /** Send silence when nothing else is playing, to keep NAT bindings and RTP timeouts happy (default false). */
  idleSilence?: boolean;
  /** Default timeout for an RFC 4733 event that never ends (ms). */
  dtmfTimeoutMs?: number;
}

export interface SessionStats {
  packetsSent: number;
  octetsSent: number;
  packetsReceived: number;
  /** Per reason: bad packets, unknown payload types, foreign sources, our direction. */
  dropped: Partial<Record<RtpDropReason | 'payload-type' | 'source' | 'direction' | 'rtcp', number>>;
  /** Lost as RFC 3550 A.3 counts it, for the current remote source. */
  packetsLost: number;
  /** Interarrival jitter in ms. */
  jitterMs: number;
  /** From the peer's last report block about us. */
  roundTripMs?: number;
  /** Errors the sockets reported. */
  socketErrors: number;
}

const COMFORT_NOISE = 13; // RFC 3389, static payload type
const SAMPLES_PER_FRAME = 160;

let defaultPool: PortPool | undefined;

interface DigitJob {
  steps: Generator<DtmfStep>;
  resolve: () => void;
  reject: (e: Error) => void;
  eventTimestamp: number;
}

export class RtpSession extends EventEmitter<RtpSessionEvents> {
  readonly ssrc: number;
  readonly cname: string;
  readonly localPort: number;
  private readonly scheduler: PacketScheduler;
  private readonly rtpSocket: dgram.Socket;
  private rtcpSocket: dgram.Socket | undefined;
  private params: MediaParams | undefined;
  private target: Endpoint | undefined;
  private rtcpTarget: Endpoint | undefined;
  private latchedRtp: Endpoint | undefined;
  private lastFromLatched = -Infinity;
  private rtcpLatched = false;
  private readonly relatchAfterMs: number;
  private readonly idleSilence: boolean;
  private readonly rtcpIntervalMs: number;
  private rtcpTimer: NodeJS.Timeout | undefined;
  private dtmfTimer: NodeJS.Timeout | undefined;
  private readonly dtmfReceiver: DtmfReceiver;
  private closed = false;

  // outgoing stream state
  private sequence: number;
  private lastTimestamp: number;
  private lastSentAt = -1;
  private sentAnything = false;
  private packetsSent = 0;
  private octetsSent = 0;
  private sentSinceReport = false;
  private pacer: PacedHandle | undefined;
  private runTimestamp = 0;
  private runMarker = false;
  private player: Player | undefined;
  private readonly digitJobs: DigitJob[] = [];
  private relayAnchor: { ssrc: number; inSeq: number; inTs: number; outSeq: number; outTs: number } | undefined;
  /** Set by a bridge feeding this session, so idle silence does not mix with relayed audio. */
  relaying = false;

  // incoming stream state
  private reception: ReceptionStats | undefined;
  private packetsReceived = 0;
  private readonly dropped: SessionStats['dropped'] = {};
  private socketErrors = 0;
  private lastRoundTripMs: number | undefined;

  private constructor(
    private readonly pool: PortPool,
    bound: { port: number; rtp: dgram.Socket; rtcp: dgram.Socket },
    options: RtpSessionOptions,
  ) {
    super();
    this.localPort = bound.port;
    this.rtpSocket = bound.rtp;
    this.rtcpSocket = bound.rtcp;
    this.scheduler = options.scheduler ?? sharedScheduler();
    this.cname = options.cname ?? randomUUID();
    this.relatchAfterMs = options.relatchAfterMs ?? 2000;
    this.idleSilence = options.idleSilence ?? false;
    this.rtcpIntervalMs = options.rtcpIntervalMs ?? 5000;
    // RFC 3550 5.1: random initial SSRC, sequence number and timestamp.
    const random = randomBytes(10);
    this.ssrc = random.readUInt32BE(0);
    this.sequence = random.readUInt16BE(4);
    this.lastTimestamp = random.readUInt32BE(6);
    this.dtmfReceiver = new DtmfReceiver((digit) => this.emit('dtmf', digit), { timeoutMs: options.dtmfTimeoutMs ?? 500 });
    this.rtpSocket.on('message', (msg, rinfo) => this.onRtpDatagram(msg, rinfo));
    this.rtcpSocket.on('message', (msg, rinfo) => this.onRtcpDatagram(msg, rinfo));
    // Socket errors are re-emitted only to listeners: an unheard 'error' would end the
    // process. (Failed sends without a callback, e.g. to a broadcast address from a hostile
    // SDP, are dropped silently by Node: the test proves they do not throw.)
    const onError = (e: Error): void => {
      this.socketErrors++;
      if (this.listenerCount('error') > 0) this.emit('error', e);
    };
    for (const socket of [this.rtpSocket, this.rtcpSocket]) socket.on('error', onError);
  }

  /** Binds a port pair; the session sends nothing until apply() gives it a codec and a peer. */
  static async open(options: RtpSessionOptions = {}): Promise<RtpSession> {
    const pool = options.ports ?? (defaultPool ??= new PortPool());
    const bound = await pool.bind(options.host);
    const session = new RtpSession(pool, bound, options);
    session.scheduleRtcp();
    return session;
  }

  /** The media parameters last applied. */
  get negotiated(): MediaParams | undefined {
    return this.params;
  }

  get codec(): Codec | undefined {
    return this.params?.codec;
  }

  get telephoneEvent(): number | undefined {
    return this.params?.telephoneEvent;
  }

  get direction(): Direction {
    return this.params?.direction ?? 'inactive';
  }

  /** Where RTP goes now: the SDP address until the peer's packets arrive, then their source. */
  get remote(): Endpoint | undefined {
    return this.target;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** True while a prompt, digits or idle silence own the outgoing stream. */
  get isPacing(): boolean {
    return this.pacer?.active === true;
  }

  /** The local port RTCP uses (the RTP port under rtcp-mux). */
  get localRtcpPort(): number {
    return this.rtcpSocket ? this.localPort + 1 : this.localPort;
  }

  stats(): SessionStats {
    return {
      packetsSent: this.packetsSent,
      octetsSent: this.octetsSent,
      packetsReceived: this.packetsReceived,
      dropped: { ...this.dropped },
      packetsLost: this.reception?.packetsLost ?? 0,
      jitterMs: (this.reception?.jitter ?? 0) / 8,
      roundTripMs: this.lastRoundTripMs,
      socketErrors: this.socketErrors,
    };
  }

  /**
   * Applies (re-)negotiated media. A new remote address restarts symmetric-RTP latching;
   * 'recvonly'/'inactive' stop our sending (hold), RTCP goes on (RFC 3264 5.1).
   */
  apply(params: MediaParams): void {
    const previous = this.params;
    this.params = params;
    if (!sameEndpoint(previous?.remote, params.remote)) {
      this.target = params.remote;
      this.latchedRtp = undefined;
      this.lastFromLatched = -Infinity;
      this.rtcpLatched = false;
      this.relayAnchor = undefined;
    }
    if (!this.rtcpLatched) this.rtcpTarget = params.remoteRtcp ?? this.defaultRtcpTarget();
    if (params.rtcpMux && this.rtcpSocket) {
      this.rtcpSocket.close();
      this.rtcpSocket = undefined; // the port stays reserved in the pool until close()
    }
    if (this.canSend && (this.player || this.digitJobs.length > 0 || this.idleSilence)) this.startPacing();
  }

  /** Plays clips back to back; replaces (stops) whatever was playing. */
  play(clips: readonly (Clip | Int16Array)[], options: PlayOptions = {}): Player {
    this.player?.stop();
    const player = new Player(clips, options);
    this.player = player;
    if (this.closed) player.stop();
    else this.startPacing();
    return player;
  }

  stopPlayback(): void {
    this.player?.stop();
    this.player = undefined;
  }

  /** Sends digits as RFC 4733 events; resolves when the last end packet is out. */
  sendDigits(digits: string, options: DtmfSendOptions = {}): Promise<void> {
    if (!isDtmfString(digits)) return Promise.reject(new DomainError(mediaProblem('media.dtmf.invalid-digit', JSON.stringify(digits))));
    if (this.params?.telephoneEvent === undefined) return Promise.reject(new DomainError(mediaProblem('media.dtmf.not-negotiated')));
    if (this.closed) return Promise.reject(new Error('RTP session closed'));
    return new Promise<void>((resolve, reject) => {
      this.digitJobs.push({ steps: dtmfSteps(digits, options), resolve, reject, eventTimestamp: 0 });
      this.startPacing();
    });
  }

  /**
   * Sends a packet relayed from another leg (bridge.ts): our SSRC, and sequence numbers and
   * timestamps re-based onto this leg's stream, keeping the source's gaps and order. A new
   * source SSRC, a jump, or a prompt in between re-anchors (with the marker bit).
   */
  relay(packet: RtpPacket, payloadType: number, payload: Uint8Array): boolean {
    if (!this.canSend) return false;
    if (this.isPacing) {
      this.relayAnchor = undefined; // a prompt or digits own the stream just now
      return false;
    }
    let anchor = this.relayAnchor;
    const dSeq = anchor ? seqDistance(packet.sequenceNumber, anchor.inSeq) : 0;
    let marker = packet.marker;
    if (!anchor || anchor.ssrc !== packet.ssrc || Math.abs(dSeq) > 100) {
      const now = this.scheduler.now();
      anchor = { ssrc: packet.ssrc, inSeq: packet.sequenceNumber, inTs: packet.timestamp, outSeq: this.sequence, outTs: this.continueTimestamp(now) };
      this.relayAnchor = anchor;
      marker = true;
    }
    const seq = (anchor.outSeq + seqDistance(packet.sequenceNumber, anchor.inSeq)) & 0xffff;
    const ts = (anchor.outTs + timestampDistance(packet.timestamp, anchor.inTs)) >>> 0;
    this.transmit(payloadType, payload, ts, marker, seq);
    return true;
  }

  /** Sends RTCP BYE, stops everything, closes the sockets and frees the ports. */
  async close(reason?: string): Promise<void> {
    if (this.closed) return;
    const bye = this.target ? this.sendReport(reason ?? 'bye') : undefined;
    this.closed = true;
    clearTimeout(this.rtcpTimer);
    clearInterval(this.dtmfTimer);
    this.pacer?.remove();
    this.pacer = undefined;
    this.player?.stop();
    for (const job of this.digitJobs.splice(0)) job.reject(new Error('RTP session closed'));
    await bye; // closing the socket would cancel the BYE still queued in it
    await Promise.all([closeSocket(this.rtpSocket), this.rtcpSocket && closeSocket(this.rtcpSocket)]);
    this.pool.release(this.localPort);
  }

  // ---- sending ----------------------------------------------------------------------

  private get canSend(): boolean {
    const d = this.params?.direction;
    return !this.closed && this.target !== undefined && this.params !== undefined && (d === 'sendrecv' || d === 'sendonly');
  }

  /** The timestamp for `now`: our last one plus the wall time since, so a new run continues the clock. */
  private continueTimestamp(now: number): number {
    if (!this.sentAnything) return this.lastTimestamp;
    const elapsed = Math.max(SAMPLES_PER_FRAME, Math.round((now - this.lastSentAt) * 8));
    return (this.lastTimestamp + elapsed) >>> 0;
  }

  private startPacing(): void {
    if (this.isPacing || !this.canSend) return;
    const start = this.scheduler.now();
    this.runTimestamp = this.continueTimestamp(start);
    this.runMarker = true; // RFC 3551 4.1: first packet of a talkspurt
    this.relayAnchor = undefined;
    this.pacer = this.scheduler.add({ onSlot: (slot, _due, skipped) => this.onSlot(slot, skipped) }, start);
  }

  private onSlot(slot: number, skipped: number): boolean {
    if (!this.canSend || !this.params) {
      this.pacer = undefined;
      return false;
    }
    const ts = (this.runTimestamp + slot * SAMPLES_PER_FRAME) >>> 0;
    if (skipped > 0) this.runMarker = true;
    const job = this.digitJobs[0];
    if (job) {
      const step = job.steps.next();
      if (step.done) {
        this.digitJobs.shift();
        job.resolve();
      } else if (step.value.kind === 'event') {
        if (step.value.startsEvent) job.eventTimestamp = ts;
        // RFC 4733 2.5.1.2: all packets of an event carry its start timestamp; marker on the first.
        this.transmit(this.params.telephoneEvent!, step.value.payload, job.eventTimestamp, step.value.startsEvent);
        return true;
      }
    }
    const law = this.params.codec.name;
    const frame = this.player?.nextFrame(law);
    if (frame) {
      this.transmit(this.params.codec.payloadType, frame, ts, this.runMarker);
      return true;
    }
    this.player = undefined;
    if (this.digitJobs.length > 0) return true; // between digits: no audio to send
    if (this.idleSilence && !this.relaying) {
      this.transmit(this.params.codec.payloadType, silenceFrame(law), ts, this.runMarker);
      return true;
    }
    this.pacer = undefined;
    return false;
  }

  private transmit(payloadType: number, payload: Uint8Array, timestamp: number, marker: boolean, sequence?: number): void {
    const target = this.target;
    if (!target) return;
    const seq = sequence ?? this.sequence;
    const datagram = writeRtp({ marker: marker || !this.sentAnything, payloadType, sequenceNumber: seq, timestamp, ssrc: this.ssrc }, payload);
    if (sequence === undefined || seqDistance(seq, this.sequence) >= 0) this.sequence = (seq + 1) & 0xffff;
    if (!this.sentAnything || timestampDistance(timestamp, this.lastTimestamp) > 0) {
      this.lastTimestamp = timestamp;
      this.lastSentAt = this.scheduler.now();
    }
    this.sentAnything = true;
    this.sentSinceReport = true;
    this.runMarker = false;
    this.packetsSent++;
    this.octetsSent += payload.length;
    this.rtpSocket.send(datagram, target.port, target.address);
  }

  // ---- receiving --------------------------------------------------------------------

  private drop(reason: keyof SessionStats['dropped']): void {
    this.dropped[reason] = (this.dropped[reason] ?? 0) + 1;
  }

  private onRtpDatagram(datagram: Buffer, from: dgram.RemoteInfo): void {
    if (this.closed) return;
    if (looksLikeRtcp(datagram)) {
      if (this.params?.rtcpMux) this.onRtcpDatagram(datagram, from);
      else this.drop('rtcp');
      return;
    }
    const parsed = parseRtp(datagram);
    if (!parsed.ok) return this.drop(parsed.reason);
    const packet = parsed.packet;
    const params = this.params;
    if (!params) return this.drop('payload-type');
    const kind: RtpKind | undefined =
      packet.payloadType === params.codec.payloadType
        ? 'audio'
        : packet.payloadType === params.telephoneEvent
          ? 'event'
          : packet.payloadType === COMFORT_NOISE
            ? 'comfort-noise'
            : undefined;
    if (!kind) return this.drop('payload-type');
    const now = this.scheduler.now();
    if (!this.acceptSource(from, now)) return this.drop('source');
    if (params.direction === 'sendonly' || params.direction === 'inactive') return this.drop('direction');

    if (!this.reception || this.reception.ssrc !== packet.ssrc) {
      this.reception = new ReceptionStats(packet.ssrc, packet.sequenceNumber);
      this.emit('source', packet.ssrc);
    }
    if (!this.reception.update(packet.sequenceNumber, packet.timestamp, now)) return; // unconfirmed jump
    this.packetsReceived++;
    if (kind === 'event') {
      this.dtmfReceiver.push(packet.timestamp, packet.payload, now);
      this.watchDtmf();
    }
    this.emit('rtp', packet, kind);
  }

  /**
   * Symmetric RTP (RFC 4961; what NATed phones need): latch on to the first valid source
   * and send there. Packets from elsewhere are dropped while the latched source is alive,
   * so a stranger cannot take the stream over; after `relatchAfterMs` of silence a new
   * source may (the phone's NAT binding changed).
   */
  private acceptSource(from: dgram.RemoteInfo, now: number): boolean {
    const latched = this.latchedRtp;
    if (latched && latched.address === from.address && latched.port === from.port) {
      this.lastFromLatched = now;
      return true;
    }
    if (latched && now - this.lastFromLatched < this.relatchAfterMs) return false;
    this.latchedRtp = { address: from.address, port: from.port };
    this.lastFromLatched = now;
    if (!sameEndpoint(this.target, this.latchedRtp)) {
      this.target = this.latchedRtp;
      this.relayAnchor = undefined;
      if (!this.rtcpLatched) this.rtcpTarget = this.defaultRtcpTarget();
      this.emit('latched', this.latchedRtp);
    }
    return true;
  }

  private defaultRtcpTarget(): Endpoint | undefined {
    const t = this.target;
    if (!t) return undefined;
    return this.params?.rtcpMux ? t : { address: t.address, port: t.port + 1 };
  }

  private watchDtmf(): void {
    if (this.dtmfTimer || !this.dtmfReceiver.pending) return;
    this.dtmfTimer = setInterval(() => {
      this.dtmfReceiver.poll(this.scheduler.now());
      if (!this.dtmfReceiver.pending) {
        clearInterval(this.dtmfTimer);
        this.dtmfTimer = undefined;
      }
    }, 100);
    this.dtmfTimer.unref();
  }

  // ---- RTCP -------------------------------------------------------------------------

  private onRtcpDatagram(datagram: Buffer, from: dgram.RemoteInfo): void {
    if (this.closed) return;
    const packets = parseRtcp(datagram);
    if (!packets) return this.drop('rtcp');
    // Symmetric RTCP: reports go back to where the peer's reports come from. After that,
    // reports (a BYE above all) from anywhere else are not the peer's.
    if (!this.rtcpLatched) {
      if (this.latchedRtp && this.latchedRtp.address !== from.address) return this.drop('source');
      this.rtcpLatched = true;
      this.rtcpTarget = { address: from.address, port: from.port };
    } else if (this.rtcpTarget?.address !== from.address || this.rtcpTarget.port !== from.port) {
      return this.drop('source');
    }
    const now = this.scheduler.now();
    for (const p of packets) {
      if (p.type === 'sr' && this.reception?.ssrc === p.ssrc) this.reception.senderReport(p.ntpMiddle, now);
      if (p.type === 'sr' || p.type === 'rr') {
        const aboutUs = p.reports.find((r) => r.ssrc === this.ssrc);
        if (aboutUs) this.lastRoundTripMs = roundTripMs(aboutUs, Date.now()) ?? this.lastRoundTripMs;
      }
    }
    this.emit('rtcp', packets);
    const bye = packets.find((p) => p.type === 'bye');
    if (bye && bye.type === 'bye') this.emit('bye', bye.reason);
  }

  private scheduleRtcp(): void {
    const interval = this.rtcpIntervalMs * (0.5 + Math.random()); // RFC 3550 6.3.1 randomisation
    this.rtcpTimer = setTimeout(() => {
      if (this.closed) return;
      if (this.rtcpTarget) void this.sendReport();
      this.scheduleRtcp();
    }, interval);
    this.rtcpTimer.unref();
  }

  /** A compound report: SR if we sent RTP since the last one, else RR (RFC 3550 6.4); SDES CNAME; BYE when leaving. */
  sendReport(byeReason?: string): Promise<void> {
    const target = this.rtcpTarget ?? this.defaultRtcpTarget();
    if (!target || this.closed) return Promise.resolve();
    const now = this.scheduler.now();
    const wallMs = Date.now();
    const blocks = this.reception ? [this.reception.reportBlock(now)] : [];
    const parts: Buffer[] = [];
    if (this.sentSinceReport) {
      // The RTP timestamp of this same instant, extrapolated from our last packet.
      const rtpTimestamp = (this.lastTimestamp + Math.round((now - this.lastSentAt) * 8)) >>> 0;
      parts.push(buildSenderReport({ ssrc: this.ssrc, ntpMs: wallMs, rtpTimestamp, packetCount: this.packetsSent, octetCount: this.octetsSent, reports: blocks }));
    } else {
      parts.push(buildReceiverReport({ ssrc: this.ssrc, reports: blocks }));
    }
    this.sentSinceReport = false;
    parts.push(buildSdes(this.ssrc, this.cname));
    if (byeReason !== undefined) parts.push(buildBye([this.ssrc], byeReason));
    const socket = this.rtcpSocket ?? this.rtpSocket;
    return new Promise((resolve) => socket.send(Buffer.concat(parts), target.port, target.address, () => resolve()));
  }
}

const SILENCE_FRAMES: Record<G711Law, Uint8Array> = {
  PCMU: new Uint8Array(SAMPLES_PER_FRAME).fill(SILENCE.PCMU),
  PCMA: new Uint8Array(SAMPLES_PER_FRAME).fill(SILENCE.PCMA),
};

function silenceFrame(law: G711Law): Uint8Array {
  return SILENCE_FRAMES[law];
}

function sameEndpoint(a: Endpoint | undefined, b: Endpoint | undefined): boolean {
  return a?.address === b?.address && a?.port === b?.port;
}

function closeSocket(socket: dgram.Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // already closed
    }
  });
}
