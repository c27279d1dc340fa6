// What UDP and TCP (and later TLS, WS) transports share: handlers, counters, the Via stamp
// on requests, and the answer to messages that fail to parse.
import { networkInterfaces } from 'node:os';
import { type ParseFailure, type SipMessage } from '../message/index.js';
import { malformedReply, stampVia } from './inbound.js';
import { formatTarget, normalizeAddress } from './target.js';
import {
  type Endpoint,
  type InboundHandler,
  newTransportMetrics,
  type Source,
  type Target,
  TransportError,
  type TransportMetrics,
  type TransportProtocol,
} from './types.js';

export interface ListenOptions {
  /** Address to bind (default 127.0.0.1; "0.0.0.0" or "::" for all interfaces). */
  address?: string;
  /** Port to bind (default 5060; 0 picks a free port). */
  port?: number;
  /** Host written into Via sent-by (default: the bound address, or the first external IPv4 for a wildcard bind). */
  advertisedHost?: string;
  /** Port written into Via sent-by (default: the bound port). */
  advertisedPort?: number;
  /** Called when a message handler throws; the transport itself carries on. */
  onError?: (error: unknown) => void;
}

/** The host to advertise for a bound address: a wildcard cannot be written into a Via. */
export function advertisedHostFor(bound: string): string {
  if (bound !== '0.0.0.0' && bound !== '::') return bound.includes(':') ? `[${bound}]` : bound;
  for (const list of Object.values(networkInterfaces())) {
    for (const ni of list ?? []) if (ni.family === 'IPv4' && !ni.internal) return ni.address;
  }
  return '127.0.0.1';
}

export abstract class BaseTransport {
  readonly metrics: TransportMetrics = newTransportMetrics();
  abstract readonly protocol: TransportProtocol;
  /** The bound address and port. */
  readonly local: Endpoint;
  /** Host and port for Via sent-by and Contact. */
  readonly advertised: { host: string; port: number };
  private readonly handlers: InboundHandler[] = [];
  private readonly onError: ((error: unknown) => void) | undefined;

  protected constructor(opts: ListenOptions, bound: Endpoint) {
    this.onError = opts.onError;
    this.local = { address: bound.address, port: bound.port };
    this.advertised = { host: opts.advertisedHost ?? advertisedHostFor(bound.address), port: opts.advertisedPort ?? bound.port };
  }

  onMessage(handler: InboundHandler): void {
    this.handlers.push(handler);
  }

  /** Hands a parsed message to the handlers; requests get received/rport first (RFC 3581). */
  protected deliver(message: SipMessage, source: Source, size: number): void {
    this.metrics.messagesReceived++;
    try {
      if (message.kind === 'request') stampVia(message, source);
      for (const handler of this.handlers) handler({ message, source, size });
    } catch (error) {
      this.onError?.(error);
    }
  }

  /**
   * A message that failed to parse: a request that can be answered gets 400 (or 505, 513)
   * with a reason phrase that says why, sent by `reply`; anything else is dropped. Both are
   * counted. The reply goes straight back to the packet's source (or connection): a Via
   * that came in a broken message is not trusted for routing.
   */
  protected rejectMalformed(failure: ParseFailure, reply: (bytes: Buffer) => Promise<void>): void {
    const bytes = malformedReply(failure);
    if (!bytes) {
      this.metrics.malformedDropped++;
      return;
    }
    this.metrics.malformedAnswered++;
    reply(bytes).catch(() => undefined);
  }

  /**
   * Runs a callback-style socket write and counts it: resolves when the bytes are handed
   * to the kernel, rejects with a TransportError otherwise.
   */
  protected written(target: Target, data: Buffer, write: (done: (error?: Error | null) => void) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      write((error) => {
        if (error) {
          reject(this.sendFailed(target, `${this.protocol} send to ${formatTarget(target)} failed: ${error.message}`, error));
          return;
        }
        this.metrics.messagesSent++;
        this.metrics.bytesSent += data.length;
        resolve();
      });
    });
  }

  /** A counted send failure. */
  protected sendFailed(target: Target, message: string, cause?: unknown): TransportError {
    this.metrics.sendErrors++;
    return new TransportError(message, target, cause === undefined ? undefined : { cause });
  }

  protected sourceAddress(address: string): string {
    return normalizeAddress(address);
  }
}
