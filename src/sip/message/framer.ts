// Message framing on stream transports (TCP, TLS): RFC 3261 18.3 says the Content-Length
// marks where one message ends and the next begins; CRLFs between messages are
// keep-alives (RFC 5626 3.5.1: "ping" = CRLFCRLF, answered with a "pong" = CRLF).
import { type Problem } from '../../core/errors.js';
import { type SipMessage } from './message.js';
import {
  buildMessage,
  contextOf,
  findHeaderEnd,
  type Head,
  type ParseFailure,
  type ParseLimits,
  readHead,
  resolveLimits,
} from './parser.js';
import { sipProblem } from './problems.js';

export type FramerEvent =
  /** A complete, parsed message. */
  | { type: 'message'; message: SipMessage; bytes: Buffer }
  /** A complete message that did not parse; framing is intact, so answer 400 and go on. */
  | { type: 'invalid'; failure: ParseFailure; bytes: Buffer }
  /** CRLFCRLF keep-alive from the peer: answer with a single CRLF. */
  | { type: 'ping' }
  /** A single CRLF: the answer to our ping. */
  | { type: 'pong' }
  /** Framing is lost (bad Content-Length, oversized message): close the connection. */
  | { type: 'error'; failure: ParseFailure };

interface Pending {
  head: Head;
  bodyStart: number;
  total: number;
}

/**
 * Turns the chunks of a byte stream into SIP messages. One framer per connection:
 *
 * ```ts
 * const framer = new SipStreamFramer();
 * socket.on('data', (chunk) => { for (const ev of framer.push(chunk)) handle(ev); });
 * ```
 */
export class SipStreamFramer {
  private readonly limits: ParseLimits;
  // Received bytes live in store[start, end); the store grows by doubling, so a peer that
  // sends one byte at a time costs linear, not quadratic, copying.
  private store: Buffer = Buffer.alloc(0);
  private start = 0;
  private end = 0;
  private scanFrom = 0;
  private pending: Pending | undefined;
  private dead = false;

  constructor(limits: Partial<ParseLimits> = {}) {
    this.limits = resolveLimits(limits);
  }

  /** True after an 'error' event: the stream cannot be framed any more. */
  get failed(): boolean {
    return this.dead;
  }

  /** Bytes received but not yet part of a complete message. */
  get buffered(): number {
    return this.end - this.start;
  }

  private get buf(): Buffer {
    return this.store.subarray(this.start, this.end);
  }

  private append(chunk: Buffer): void {
    if (this.end + chunk.length > this.store.length) {
      const used = this.end - this.start;
      const target = used + chunk.length > this.store.length ? Buffer.allocUnsafe(Math.max(4096, 2 * (used + chunk.length))) : this.store;
      this.store.copy(target, 0, this.start, this.end); // copy handles the overlap when compacting in place
      this.store = target;
      this.start = 0;
      this.end = used;
    }
    chunk.copy(this.store, this.end);
    this.end += chunk.length;
  }

  push(chunk: Buffer): FramerEvent[] {
    if (this.dead) return [];
    this.append(chunk);
    const events: FramerEvent[] = [];
    for (;;) {
      if (!this.pending) {
        const b = this.buf;
        if (b.length === 0) break;
        if (b[0] === 0x0d || b[0] === 0x0a) {
          if (b[0] === 0x0d && b[1] === 0x0a && b[2] === 0x0d && b[3] === 0x0a) {
            events.push({ type: 'ping' });
            this.consume(4);
          } else if (b[0] === 0x0d && b[1] === 0x0a) {
            // A lone CRLF is a pong, unless it may be the first half of a ping that has
            // not fully arrived ("\r\n\r"): then wait.
            if (b.length === 3 && b[2] === 0x0d) break;
            events.push({ type: 'pong' });
            this.consume(2);
          } else if (b[0] === 0x0d && b.length === 1) break;
          else this.consume(1); // stray CR or LF between messages
          continue;
        }
        const found = findHeaderEnd(b, this.scanFrom);
        if (!found) {
          if (b.length > this.limits.maxMessageSize) return this.fail(events, sipProblem('sip.message.too-large', 'header section never ends'));
          // an LF in the last two bytes may still begin the empty line
          this.scanFrom = Math.max(0, b.length - 2);
          break;
        }
        const [textEnd, bodyStart] = found;
        const head = readHead(b, 0, textEnd, this.limits);
        // Without a trustworthy Content-Length the next message cannot be found (RFC 4475 3.1.2.3, 3.3.9)
        if (head.contentLengthProblem) return this.fail(events, head.contentLengthProblem, head);
        const total = bodyStart + (head.contentLength ?? 0);
        if (total > this.limits.maxMessageSize) {
          return this.fail(events, sipProblem('sip.message.too-large', `${total} bytes`), head, 513);
        }
        this.pending = { head, bodyStart, total };
      }
      const p = this.pending;
      if (this.buffered < p.total) break;
      // Copy: the store is reused for what comes next.
      const bytes = Buffer.from(this.buf.subarray(0, p.total));
      this.consume(p.total);
      this.pending = undefined;
      const result = buildMessage(p.head, bytes.subarray(p.bodyStart));
      events.push(result.ok ? { type: 'message', message: result.value, bytes } : { type: 'invalid', failure: result, bytes });
    }
    return events;
  }

  private consume(n: number): void {
    this.start += n;
    if (this.start === this.end) this.start = this.end = 0;
    this.scanFrom = 0;
  }

  private fail(events: FramerEvent[], problem: Problem, head?: Head, status = 400): FramerEvent[] {
    this.dead = true;
    this.store = Buffer.alloc(0);
    this.start = this.end = 0;
    events.push({ type: 'error', failure: { ok: false, problems: [problem], status, context: contextOf(head) } });
    return events;
  }
}
