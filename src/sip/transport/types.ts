// The transport layer's contract (RFC 3261 18): one interface for every transport, so
// that TLS and WebSocket can be added next to UDP and TCP without touching transactions.
import { type SipMessage } from '../message/index.js';

/** Transport names as written in a Via (upper case, RFC 3261 20.42). */
export type TransportProtocol = 'UDP' | 'TCP' | 'TLS' | 'WS' | 'WSS';

/** Where a message goes: a static, DNS-free address (IP literal, IPv6 without brackets). */
export interface Target {
  transport: TransportProtocol;
  address: string;
  port: number;
  /**
   * Reliable transports: send on this connection while it is open (RFC 3261 18.2.2, a
   * response goes back on the connection its request came in on). When it has closed,
   * the transport opens a new connection to address:port instead.
   */
  connectionId?: number;
}

/** An address and port of one of our sockets. */
export interface Endpoint {
  address: string;
  port: number;
}

/** Where a message came from. */
export interface Source {
  transport: TransportProtocol;
  /** Packet source address (IPv4-mapped IPv6 reduced to IPv4). */
  address: string;
  port: number;
  /** The socket that received it. */
  local: Endpoint;
  /** The connection it arrived on (reliable transports). */
  connectionId?: number;
}

/** A parsed message with its source. Requests carry received/rport already (RFC 3581). */
export interface Inbound {
  message: SipMessage;
  source: Source;
  /** Size on the wire in bytes. */
  size: number;
}

export type InboundHandler = (inbound: Inbound) => void;

/** Counters a transport keeps; they only ever grow. */
export interface TransportMetrics {
  messagesReceived: number;
  messagesSent: number;
  bytesReceived: number;
  bytesSent: number;
  /** Unparseable requests answered with 400, 505 or 513. */
  malformedAnswered: number;
  /** Unparseable input that could not be answered (responses, garbage): dropped. */
  malformedDropped: number;
  /** Sends that failed (unreachable, connection refused, buffer full). */
  sendErrors: number;
  connectionsOpened: number;
  connectionsClosed: number;
  /** Incoming connections refused because the limit was reached. */
  connectionsRejected: number;
  /** Connections closed after the idle timeout. */
  connectionsIdleClosed: number;
  /** Connections closed because framing was lost or a buffer limit was exceeded. */
  connectionsAborted: number;
  /** RFC 5626 CRLFCRLF keep-alives answered with CRLF. */
  keepAlivesAnswered: number;
}

export function newTransportMetrics(): TransportMetrics {
  return {
    messagesReceived: 0,
    messagesSent: 0,
    bytesReceived: 0,
    bytesSent: 0,
    malformedAnswered: 0,
    malformedDropped: 0,
    sendErrors: 0,
    connectionsOpened: 0,
    connectionsClosed: 0,
    connectionsRejected: 0,
    connectionsIdleClosed: 0,
    connectionsAborted: 0,
    keepAlivesAnswered: 0,
  };
}

/**
 * A SIP transport: a listening socket (UDP) or a listener with its connections (TCP, later
 * TLS and WS). Messages that fail to parse never reach the handler: the transport answers
 * requests it can answer and drops the rest, counting both.
 */
export interface Transport {
  readonly protocol: TransportProtocol;
  /** TCP, TLS, WS: the transaction layer sets Timers D, I, J, K to zero (RFC 3261 17). */
  readonly reliable: boolean;
  /** The bound address and port. */
  readonly local: Endpoint;
  /** Host and port we write into Via sent-by and Contact (RFC 3261 18.1.1). */
  readonly advertised: { host: string; port: number };
  readonly metrics: TransportMetrics;
  /** Sends one message. Rejects with a TransportError when it cannot be handed to the network. */
  send(target: Target, data: Buffer): Promise<void>;
  onMessage(handler: InboundHandler): void;
  close(): Promise<void>;
}

/** A message could not be sent: the transaction layer tells the TU (RFC 3261 17.1.4, 17.2.4). */
export class TransportError extends Error {
  readonly target: Target;
  constructor(message: string, target: Target, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
    this.target = target;
  }
}

/** The port used when none is given (RFC 3261 19.1.2; RFC 7118 for WebSocket). */
export function defaultPort(transport: TransportProtocol): number {
  switch (transport) {
    case 'TLS':
      return 5061;
    case 'WS':
      return 80;
    case 'WSS':
      return 443;
    default:
      return 5060;
  }
}

export function isReliable(transport: TransportProtocol): boolean {
  return transport !== 'UDP';
}

/** "udp" / "Tcp" / "TLS" to the Via spelling; undefined for transports we do not know. */
export function transportFromName(name: string): TransportProtocol | undefined {
  const upper = name.toUpperCase();
  return upper === 'UDP' || upper === 'TCP' || upper === 'TLS' || upper === 'WS' || upper === 'WSS' ? upper : undefined;
}
