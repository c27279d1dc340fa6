// SIP over UDP (RFC 3261 18): one socket per listen address, used both to receive and to
// send, so that responses leave from the address and port their request came to (RFC 3581
// 4: "The response MUST be sent from the same address and port that the corresponding
// request was received on").
//
// Message size (RFC 3261 18.1.1): requests larger than 1300 bytes should go over TCP. That
// choice needs to know whether the peer speaks TCP, so the transaction layer makes it
// (SipEndpoint, option mtuLimit); this transport sends what it is given, and the kernel
// refuses a datagram above 65,507 bytes (the send then rejects with a TransportError).
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { parseMessage, type ParseLimits, type ParseOptions } from '../message/index.js';
import { BaseTransport, type ListenOptions } from './base.js';
import { type Source, type Target, type Transport } from './types.js';

export interface UdpOptions extends ListenOptions {
  /** Parser limits (default 64 KiB per message). */
  limits?: Partial<ParseLimits>;
  /** SO_RCVBUF in bytes (default 4 MiB, capped by the kernel's rmem_max): bursts of calls are not dropped. */
  receiveBufferSize?: number;
  /** SO_SNDBUF in bytes (default 4 MiB, capped by wmem_max). */
  sendBufferSize?: number;
}

export class UdpTransport extends BaseTransport implements Transport {
  readonly protocol = 'UDP' as const;
  readonly reliable = false;
  private readonly socket: Socket;
  private readonly parseOptions: ParseOptions;
  private closed = false;

  private constructor(socket: Socket, opts: UdpOptions) {
    super(opts, socket.address());
    this.socket = socket;
    this.parseOptions = { ...opts.limits, mode: 'datagram' };
    socket.on('message', (buf, rinfo) => this.receive(buf, rinfo));
    // A socket error (ICMP unreachable reported on a later call, and the like) must not
    // take the process down; sends report their own errors through their callbacks.
    socket.on('error', (error) => opts.onError?.(error));
  }

  /** Binds a socket and resolves once it listens. */
  static listen(opts: UdpOptions = {}): Promise<UdpTransport> {
    const address = opts.address ?? '127.0.0.1';
    const socket = createSocket({ type: isIPv6(address) ? 'udp6' : 'udp4' });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(opts.port ?? 5060, address, () => {
        socket.off('error', reject);
        trySet(() => socket.setRecvBufferSize(opts.receiveBufferSize ?? 4 * 1024 * 1024));
        trySet(() => socket.setSendBufferSize(opts.sendBufferSize ?? 4 * 1024 * 1024));
        resolve(new UdpTransport(socket, opts));
      });
    });
  }

  send(target: Target, data: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(this.sendFailed(target, 'UDP transport is closed'));
    return this.written(target, data, (done) => this.socket.send(data, target.port, target.address, done));
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private receive(buf: Buffer, rinfo: RemoteInfo): void {
    this.metrics.bytesReceived += buf.length;
    // Blank datagrams are keep-alives some phones send (CRLF, RFC 5626 3.5.1 over UDP uses
    // STUN instead); they need no answer.
    if (isBlank(buf)) return;
    const source: Source = { transport: 'UDP', address: this.sourceAddress(rinfo.address), port: rinfo.port, local: this.local };
    const parsed = parseMessage(buf, this.parseOptions);
    if (!parsed.ok) {
      this.rejectMalformed(parsed, (bytes) => this.send({ transport: 'UDP', address: source.address, port: source.port }, bytes));
      return;
    }
    this.deliver(parsed.value, source, buf.length);
  }
}

function isBlank(buf: Buffer): boolean {
  for (const b of buf) if (b !== 0x0d && b !== 0x0a && b !== 0x20 && b !== 0x09 && b !== 0x00) return false;
  return true;
}

function trySet(f: () => void): void {
  try {
    f();
  } catch {
    // not permitted here (e.g. a container without the capability): keep the kernel default
  }
}
