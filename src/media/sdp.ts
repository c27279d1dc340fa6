// SDP offer/answer for one audio stream (RFC 3264 with RFC 4566 bodies): G.711 PCMU and
// PCMA at 8 kHz, RFC 4733 telephone-event, ptime 20, directions for hold, rtcp-mux.
// Parsing goes through the SIP layer's parseSdp (sdp-transform plus the checks it lacks);
// what comes out is MediaParams, which RtpSession.apply() takes.
import { randomInt } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { write, type MediaDescription, type SessionDescription } from 'sdp-transform';
import { fail, ok, type Result } from '../core/errors.js';
import { parseSdp } from '../sip/message/sdp.js';
import type { G711Law } from './g711.js';
import { mediaProblem } from './problems.js';
import type { Direction, Endpoint, MediaParams } from './session.js';

/** RFC 3551 table 4: the static payload types we speak. */
const STATIC: Readonly<Record<number, { name: string; rate: number }>> = { 0: { name: 'PCMU', rate: 8000 }, 8: { name: 'PCMA', rate: 8000 } };
const STATIC_PT: Readonly<Record<G711Law, number>> = { PCMU: 0, PCMA: 8 };

export interface Format {
  payloadType: number;
  /** Encoding name as written (rtpmap), upper-cased; static types get theirs from RFC 3551. */
  encoding: string;
  clockRate: number;
}

export interface RemoteAudio {
  /** Index of the m= line used. */
  mediaIndex: number;
  /** Undefined for old-style hold (c=0.0.0.0, RFC 3264 8.4). */
  rtp?: Endpoint;
  /** From a=rtcp (RFC 3605) when given. */
  rtcp?: Endpoint;
  rtcpMux: boolean;
  /** In the offerer's (or answerer's) order of preference. */
  formats: Format[];
  telephoneEvent?: number;
  ptime?: number;
  /** The direction the SDP states (session or media level; default sendrecv). */
  direction: Direction;
  /** On hold: it does not want our media (sendonly, inactive, or c=0.0.0.0). */
  held: boolean;
}

export interface LocalMedia {
  /** Our address for c= and o= lines. */
  address: string;
  /** Our RTP port (RtpSession.localPort). */
  port: number;
  /** The codecs we accept, in our order of preference (default PCMU, PCMA). */
  codecs?: G711Law[];
  /** telephone-event payload type we offer (default 101); false for none. */
  telephoneEvent?: number | false;
  ptime?: number;
  /** What we want: 'sendonly' puts the peer on hold (default sendrecv). */
  direction?: Direction;
  /** Offer / accept RTP and RTCP on one port (RFC 5761; default: offer no, accept yes). */
  rtcpMux?: boolean;
  /** o= line: session id (default random) and version (increment for each new offer in a dialog). */
  sessionId?: number;
  sessionVersion?: number;
}

type Flow = { send: boolean; recv: boolean };

function flow(direction: Direction): Flow {
  return { send: direction === 'sendrecv' || direction === 'sendonly', recv: direction === 'sendrecv' || direction === 'recvonly' };
}

function directionOf({ send, recv }: Flow): Direction {
  return send ? (recv ? 'sendrecv' : 'sendonly') : recv ? 'recvonly' : 'inactive';
}

/** Our SDP: the audio stream, placed among `others` (refused streams of an offer) at `index`. */
function describe(
  local: LocalMedia,
  m: { port: number; formats: Format[]; telephoneEvent?: number; direction: Direction; rtcpMux: boolean },
  others: MediaDescription[] = [],
  index = 0,
): string {
  const ipVer = isIPv6(local.address) ? 6 : 4;
  const audio: MediaDescription = {
    type: 'audio',
    port: m.port,
    protocol: 'RTP/AVP',
    payloads: [...m.formats.map((f) => f.payloadType), ...(m.telephoneEvent !== undefined ? [m.telephoneEvent] : [])].join(' '),
    rtp: [
      ...m.formats.map((f) => ({ payload: f.payloadType, codec: f.encoding, rate: f.clockRate })),
      ...(m.telephoneEvent !== undefined ? [{ payload: m.telephoneEvent, codec: 'telephone-event', rate: 8000 }] : []),
    ],
    fmtp: m.telephoneEvent !== undefined ? [{ payload: m.telephoneEvent, config: '0-16' }] : [],
    ptime: local.ptime ?? 20,
    direction: m.direction,
  };
  if (m.rtcpMux) audio.rtcpMux = 'rtcp-mux';
  const sdp: SessionDescription = {
    version: 0,
    origin: { username: '-', sessionId: local.sessionId ?? randomInt(1, 2 ** 31), sessionVersion: local.sessionVersion ?? 1, netType: 'IN', ipVer, address: local.address },
    name: '-',
    connection: { version: ipVer, ip: local.address },
    timing: { start: 0, stop: 0 },
    media: [...others.slice(0, index), audio, ...others.slice(index)],
  };
  return write(sdp);
}

function g711Formats(codecs: G711Law[]): Format[] {
  return codecs.map((c) => ({ payloadType: STATIC_PT[c], encoding: c, clockRate: 8000 }));
}

/** An offer for one audio stream: our codecs, telephone-event/8000 0-16, ptime 20. */
export function buildOffer(local: LocalMedia): string {
  const te = local.telephoneEvent === false ? undefined : (local.telephoneEvent ?? 101);
  return describe(local, { port: local.port, formats: g711Formats(local.codecs ?? ['PCMU', 'PCMA']), telephoneEvent: te, direction: local.direction ?? 'sendrecv', rtcpMux: local.rtcpMux ?? false });
}

function parse(sdp: string | SessionDescription): Result<SessionDescription> {
  if (typeof sdp !== 'string') return ok(sdp);
  const r = parseSdp(sdp);
  return r.ok ? r : fail(mediaProblem('media.sdp.invalid', r.problems[0]?.en));
}

function formatsOf(m: MediaDescription): Format[] {
  const out: Format[] = [];
  for (const token of String(m.payloads ?? '').trim().split(/\s+/)) {
    const pt = Number(token);
    if (!Number.isInteger(pt) || pt < 0 || pt > 127) continue;
    const map = m.rtp.find((r) => r.payload === pt);
    const known = map ? { name: map.codec, rate: map.rate ?? 0 } : STATIC[pt];
    if (known) out.push({ payloadType: pt, encoding: known.name.toUpperCase(), clockRate: known.rate });
  }
  return out;
}

const DIRECTIONS = new Set<string>(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

/** The first audio stream over RTP/AVP(F) with a port, as the other side describes it. */
export function remoteAudio(sdp: string | SessionDescription): Result<RemoteAudio> {
  const parsed = parse(sdp);
  if (!parsed.ok) return parsed;
  const s = parsed.value;
  const index = s.media.findIndex((m) => m.type === 'audio' && m.port > 0 && /^RTP\/AVPF?$/i.test(m.protocol));
  const m = s.media[index];
  if (!m) return fail(mediaProblem('media.sdp.no-audio'));
  const ip = m.connection?.ip ?? s.connection?.ip;
  if (!ip) return fail(mediaProblem('media.sdp.invalid', 'no c= line for the audio stream'));
  const stated = m.direction ?? (s as { direction?: string }).direction ?? 'sendrecv';
  const direction: Direction = DIRECTIONS.has(stated) ? (stated as Direction) : 'sendrecv';
  const oldStyleHold = ip === '0.0.0.0' || ip === '::';
  const formats = formatsOf(m);
  const te = formats.find((f) => f.encoding === 'TELEPHONE-EVENT' && f.clockRate === 8000);
  const rtcpMux = m.rtcpMux !== undefined;
  const rtcpPort = m.rtcp?.port;
  const out: RemoteAudio = {
    mediaIndex: index,
    rtp: oldStyleHold ? undefined : { address: ip, port: m.port },
    rtcp: rtcpPort && !oldStyleHold ? { address: m.rtcp?.address ?? ip, port: rtcpPort } : undefined,
    rtcpMux,
    formats: formats.filter((f) => f !== te),
    telephoneEvent: te?.payloadType,
    ptime: m.ptime,
    direction,
    held: oldStyleHold || !flow(direction).recv,
  };
  return ok(out);
}

function supported(f: Format, codecs: G711Law[]): G711Law | undefined {
  const name = f.encoding as G711Law;
  return f.clockRate === 8000 && codecs.includes(name) ? name : undefined;
}

function mediaParams(remote: RemoteAudio, codec: { payloadType: number; name: G711Law }, direction: Direction, rtcpMux: boolean, telephoneEvent: number | undefined): MediaParams {
  return { remote: remote.rtp, remoteRtcp: rtcpMux ? undefined : remote.rtcp, codec, telephoneEvent, direction, rtcpMux };
}

/**
 * Answers an offer (RFC 3264 6): accepts the first usable audio stream with the first
 * codec *in the offerer's order* that we support (6.1), keeps the offer's payload type
 * numbers, answers sendonly with recvonly and recvonly with sendonly, and treats
 * c=0.0.0.0 as "do not send to me" (old-style hold, 8.4). Other m= lines are refused
 * with port 0, in their place.
 */
export function answerOffer(offer: string | SessionDescription, local: LocalMedia): Result<{ sdp: string; media: MediaParams; remote: RemoteAudio }> {
  const parsed = parse(offer);
  if (!parsed.ok) return parsed;
  const remote = remoteAudio(parsed.value);
  if (!remote.ok) return remote;
  const r = remote.value;
  const codecs = local.codecs ?? ['PCMU', 'PCMA'];
  let chosen: { format: Format; name: G711Law } | undefined;
  for (const format of r.formats) {
    const name = supported(format, codecs);
    if (name) {
      chosen = { format, name };
      break;
    }
  }
  if (!chosen) return fail(mediaProblem('media.sdp.no-common-codec', r.formats.map((f) => `${f.payloadType} ${f.encoding}/${f.clockRate}`).join(', ')));
  const theirs = flow(r.direction);
  const wish = flow(local.direction ?? 'sendrecv');
  // We send only if they receive (and not at 0.0.0.0); we receive only if they send.
  const ours = directionOf({ send: wish.send && theirs.recv && r.rtp !== undefined, recv: wish.recv && theirs.send });
  const te = local.telephoneEvent === false ? undefined : r.telephoneEvent;
  const rtcpMux = r.rtcpMux && local.rtcpMux !== false;
  // Every other m= line is refused with port 0, in its place (RFC 3264 6).
  const refused: MediaDescription[] = parsed.value.media
    .filter((_, i) => i !== r.mediaIndex)
    .map((m) => ({ type: m.type, port: 0, protocol: m.protocol, payloads: String(m.payloads ?? '').split(/\s+/)[0] ?? '0', rtp: [], fmtp: [] }));
  const sdp = describe(local, { port: local.port, formats: [chosen.format], telephoneEvent: te, direction: ours, rtcpMux }, refused, r.mediaIndex);
  return ok({ sdp, media: mediaParams(r, { payloadType: chosen.format.payloadType, name: chosen.name }, ours, rtcpMux, te), remote: r });
}

/**
 * Reads the answer to an offer we made (RFC 3264 5, 6): the codec is the first in the
 * answer's list that we offered; our direction follows what the answer allows.
 */
export function acceptAnswer(answer: string | SessionDescription, local: LocalMedia): Result<{ media: MediaParams; remote: RemoteAudio }> {
  const remote = remoteAudio(answer);
  if (!remote.ok) return remote;
  const r = remote.value;
  const codecs = local.codecs ?? ['PCMU', 'PCMA'];
  const format = r.formats.find((f) => supported(f, codecs));
  if (!format) return fail(mediaProblem('media.sdp.answer-mismatch', 'no codec we offered'));
  const theirs = flow(r.direction);
  const wish = flow(local.direction ?? 'sendrecv');
  const ours = directionOf({ send: wish.send && theirs.recv && r.rtp !== undefined, recv: wish.recv && theirs.send });
  const te = local.telephoneEvent === false ? undefined : r.telephoneEvent;
  // rtcp-mux holds only if we offered it and the answer kept it (RFC 5761 5.1.1).
  const rtcpMux = (local.rtcpMux ?? false) && r.rtcpMux;
  return ok({ media: mediaParams(r, { payloadType: format.payloadType, name: format.encoding as G711Law }, ours, rtcpMux, te), remote: r });
}
