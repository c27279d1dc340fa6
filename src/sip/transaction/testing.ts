// Test helpers for the transaction layer: a channel and a transport that record what is
// sent (with the manual clock's time), and requests to feed them. Used by tests only.
import {
  createRequest,
  createResponse,
  NameAddress,
  parseMessage,
  serializeMessage,
  SipParams,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  SipUri,
  Via,
} from '../message/index.js';
import {
  type Endpoint,
  type InboundHandler,
  newTransportMetrics,
  type Source,
  stampVia,
  type Target,
  type Transport,
  TransportError,
  type TransportProtocol,
} from '../transport/index.js';
import { ManualScheduler, timerSettings, type TimerSettings } from './timers.js';
import { type Channel, newTransactionStats, type TransactionContext } from './transaction.js';

export interface Sent {
  /** Clock time of the send. */
  at: number;
  bytes: Buffer;
  message: SipMessage;
  target?: Target;
}

function parsed(bytes: Buffer): SipMessage {
  const r = parseMessage(bytes);
  if (!r.ok) throw new Error(`sent bytes do not parse: ${r.problems[0]?.en}`);
  return r.value;
}

/** A channel that records each send; `failing` makes sends reject like a dead transport. */
export class FakeChannel implements Channel {
  readonly sent: Sent[] = [];
  failing = false;
  constructor(
    readonly clock: ManualScheduler,
    readonly reliable = false,
  ) {}

  send(bytes: Buffer): Promise<void> {
    this.sent.push({ at: this.clock.now(), bytes, message: parsed(bytes) });
    if (this.failing) return Promise.reject(new TransportError('unreachable', { transport: 'UDP', address: '192.0.2.1', port: 5060 }));
    return Promise.resolve();
  }

  /** Times of the sends, in ms. */
  get times(): number[] {
    return this.sent.map((s) => s.at);
  }

  /** Gaps between consecutive sends: the retransmission intervals. */
  get intervals(): number[] {
    return this.times.slice(1).map((t, i) => t - (this.times[i] as number));
  }

  last(): SipMessage {
    const s = this.sent[this.sent.length - 1];
    if (!s) throw new Error('nothing sent');
    return s.message;
  }
}

/** A manual clock with the RFC's default T1/T2/T4 and a context that records termination. */
export function harness(timers: Partial<TimerSettings> = {}, reliable = false) {
  const clock = new ManualScheduler();
  const channel = new FakeChannel(clock, reliable);
  const terminated: string[] = [];
  const ctx: TransactionContext = {
    scheduler: clock,
    timers: timerSettings(timers),
    stats: newTransactionStats(),
    onTerminated: (tx) => terminated.push(tx.kind),
  };
  return { clock, channel, ctx, terminated };
}

/** A request as a phone at 192.0.2.10 would send it (Via with branch and rport). */
export function phoneRequest(method: string, opts: { branch?: string; callId?: string; cseq?: number; toTag?: string; host?: string } = {}): SipRequest {
  const to = new NameAddress(new SipUri({ user: 'växel', host: '198.51.100.1' }));
  if (opts.toTag) to.tag = opts.toTag;
  return createRequest({
    method,
    uri: 'sip:vaxel@198.51.100.1',
    from: new NameAddress(new SipUri({ user: 'anna', host: '192.0.2.10' }), 'Anna', new SipParams([['tag', 'a1']])),
    to,
    callId: opts.callId ?? 'call-1@192.0.2.10',
    cseq: opts.cseq ?? 1,
    via: new Via({ transport: 'UDP', host: opts.host ?? '192.0.2.10', port: 5060, branch: opts.branch ?? 'z9hG4bKphone1', rport: true }),
    contact: new NameAddress(new SipUri({ user: 'anna', host: '192.0.2.10', port: 5060 })),
    route: [new NameAddress(new SipUri({ host: '198.51.100.9', params: [['lr', null]] }))],
  });
}

/** A response to `request` as a peer would send it (with To tag for final answers). */
export function answer(request: SipRequest, status: number, toTag = 'b2'): SipResponse {
  const r = createResponse(request, status);
  if (status > 100) r.setToTag(toTag);
  return r;
}

/** A transport that records sends and lets a test deliver inbound messages by hand. */
export class FakeTransport implements Transport {
  readonly metrics = newTransportMetrics();
  readonly sent: Sent[] = [];
  readonly local: Endpoint;
  readonly advertised: { host: string; port: number };
  readonly reliable: boolean;
  private handler: InboundHandler | undefined;
  failing = false;
  closed = false;

  constructor(
    readonly protocol: TransportProtocol,
    readonly clock: ManualScheduler,
    host = '198.51.100.1',
    port = 5060,
  ) {
    this.reliable = protocol !== 'UDP';
    this.local = { address: host, port };
    this.advertised = { host, port };
  }

  send(target: Target, bytes: Buffer): Promise<void> {
    this.sent.push({ at: this.clock.now(), bytes, message: parsed(bytes), target });
    if (this.failing) return Promise.reject(new TransportError('unreachable', target));
    return Promise.resolve();
  }

  onMessage(handler: InboundHandler): void {
    this.handler = handler;
  }

  /** Delivers a message as if it came from `from` (serialized and parsed again, like the wire). */
  receive(message: SipMessage, from: Partial<Source> = {}): void {
    const wire = parsed(serializeMessage(message));
    const source: Source = { transport: this.protocol, address: '192.0.2.10', port: 5060, local: this.local, ...from };
    if (wire.kind === 'request') stampVia(wire, source);
    this.handler?.({ message: wire, source, size: 0 });
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** Sent messages that are responses with this status. */
  responses(status?: number): SipResponse[] {
    const out: SipResponse[] = [];
    for (const s of this.sent) if (s.message.kind === 'response' && (status === undefined || s.message.status === status)) out.push(s.message);
    return out;
  }

  requests(method?: string): SipRequest[] {
    const out: SipRequest[] = [];
    for (const s of this.sent) if (s.message.kind === 'request' && (method === undefined || s.message.method === method)) out.push(s.message);
    return out;
  }
}
