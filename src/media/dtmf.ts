// RFC 4733 telephone-events: the payload format, a receiver that turns event packets
// into one digit per event, and the packet sequence a sender puts out for digits.
import { timestampDistance } from './rtp.js';

/** Event codes 0..15 (RFC 4733 3.2): the sixteen DTMF keys. 16 is flash, not a digit. */
const DIGITS = '0123456789*#ABCD';

export function digitOfEvent(event: number): string | undefined {
  return DIGITS[event];
}

export function eventOfDigit(digit: string): number | undefined {
  const i = DIGITS.indexOf(digit.toUpperCase());
  return digit.length === 1 && i >= 0 ? i : undefined;
}

export interface TelephoneEvent {
  event: number;
  /** E bit: this packet ends the event. */
  end: boolean;
  /** Power level in -dBm0 (0..63). */
  volume: number;
  /** Duration so far, in timestamp units (8000 per second). */
  duration: number;
}

/** RFC 4733 2.3: event (8 bits), E, R, volume (6 bits), duration (16 bits). */
export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < 4) return undefined;
  return { event: payload[0]!, end: (payload[1]! & 0x80) !== 0, volume: payload[1]! & 0x3f, duration: (payload[2]! << 8) | payload[3]! };
}

export function writeTelephoneEvent(e: TelephoneEvent): Buffer {
  const b = Buffer.alloc(4);
  b[0] = e.event;
  b[1] = (e.end ? 0x80 : 0) | (e.volume & 0x3f);
  b.writeUInt16BE(Math.min(0xffff, e.duration), 2);
  return b;
}

export interface DtmfDigit {
  digit: string;
  /** Length of the key press from the event's duration field. */
  durationMs: number;
  volume: number;
  /** What ended the event: its end packet, a new event, or silence for `timeoutMs`. */
  endedBy: 'end' | 'next-event' | 'timeout';
}

interface OpenEvent {
  timestamp: number;
  event: number;
  duration: number;
  volume: number;
  lastSeenMs: number;
}

/**
 * One digit per event. All packets of an event share its RTP timestamp (RFC 4733 2.5.1),
 * so the timestamp is the event's identity: the first end packet emits the digit, the
 * retransmitted end packets (2.5.1.4) and late updates of that timestamp are ignored.
 * When every end packet is lost, a new event or `timeoutMs` without updates ends it.
 */
export class DtmfReceiver {
  private open: OpenEvent | undefined;
  private readonly done: number[] = [];
  private readonly timeoutMs: number;
  private readonly clockRate: number;

  constructor(
    private readonly onDigit: (digit: DtmfDigit) => void,
    options: { timeoutMs?: number; clockRate?: number } = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 500;
    this.clockRate = options.clockRate ?? 8000;
  }

  /** Feeds the payload of a telephone-event packet with its RTP timestamp. */
  push(timestamp: number, payload: Uint8Array, nowMs: number): void {
    const e = parseTelephoneEvent(payload);
    if (!e || digitOfEvent(e.event) === undefined) return;
    if (this.done.includes(timestamp)) return; // retransmitted end, or a late update
    if (this.open && this.open.timestamp !== timestamp) {
      if (timestampDistance(timestamp, this.open.timestamp) < 0) return; // a straggler from before
      this.finish('next-event');
    }
    if (!this.open) this.open = { timestamp, event: e.event, duration: 0, volume: e.volume, lastSeenMs: nowMs };
    const open = this.open;
    open.duration = Math.max(open.duration, e.duration);
    open.lastSeenMs = nowMs;
    if (e.end) this.finish('end');
  }

  /** Ends an event that has had no packet for `timeoutMs`; call now and then while `pending`. */
  poll(nowMs: number): void {
    if (this.open && nowMs - this.open.lastSeenMs >= this.timeoutMs) this.finish('timeout');
  }

  get pending(): boolean {
    return this.open !== undefined;
  }

  private finish(endedBy: DtmfDigit['endedBy']): void {
    const open = this.open!;
    this.open = undefined;
    this.done.push(open.timestamp);
    if (this.done.length > 16) this.done.shift();
    this.onDigit({ digit: digitOfEvent(open.event)!, durationMs: (open.duration * 1000) / this.clockRate, volume: open.volume, endedBy });
  }
}

export interface DtmfSendOptions {
  /** How long each key is held (default 100 ms). */
  toneMs?: number;
  /** Pause between keys (default 60 ms). */
  gapMs?: number;
  /** -dBm0 (default 10). */
  volume?: number;
  /** Packet interval (default 20 ms, one paced slot). */
  packetMs?: number;
  clockRate?: number;
}

/** One slot's worth of a digit sequence: an event packet, or a pause (audio may flow). */
export type DtmfStep = { kind: 'event'; startsEvent: boolean; payload: Buffer } | { kind: 'pause' };

/**
 * The packets for a string of digits, one per paced slot (RFC 4733 2.5.1): updates with
 * growing duration while the key is held, the final packet with the E bit sent three
 * times (2.5.1.4), then a pause. The caller gives each event a new timestamp when
 * `startsEvent` (and sets the marker bit), and keeps it for the event's other packets.
 */
export function* dtmfSteps(digits: string, options: DtmfSendOptions = {}): Generator<DtmfStep> {
  const packetMs = options.packetMs ?? 20;
  const unitsPerPacket = ((options.clockRate ?? 8000) * packetMs) / 1000;
  const tonePackets = Math.max(1, Math.round((options.toneMs ?? 100) / packetMs));
  const pausePackets = Math.max(1, Math.round((options.gapMs ?? 60) / packetMs));
  const volume = options.volume ?? 10;
  for (const digit of digits) {
    const event = eventOfDigit(digit);
    if (event === undefined) throw new RangeError(`not a DTMF digit: ${JSON.stringify(digit)}`);
    for (let k = 0; k < tonePackets + 2; k++) {
      const end = k >= tonePackets - 1;
      const duration = Math.min(k + 1, tonePackets) * unitsPerPacket;
      yield { kind: 'event', startsEvent: k === 0, payload: writeTelephoneEvent({ event, end, volume, duration }) };
    }
    for (let k = 0; k < pausePackets; k++) yield { kind: 'pause' };
  }
}

/** True when every character is a DTMF key (0-9, *, #, A-D). */
export function isDtmfString(digits: string): boolean {
  return digits.length > 0 && [...digits].every((d) => eventOfDigit(d) !== undefined);
}
