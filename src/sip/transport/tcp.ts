// SIP over TCP (RFC 3261 18): a listener plus one connection per remote address:port,
// reused in both directions. Framing by Content-Length through the message layer's
// SipStreamFramer (18.3); CRLFCRLF keep-alives answered with CRLF (RFC 5626 3.5.1).
//
// Limits, so that no peer can exhaust us:
// - maxConnections (incoming and outgoing together): further incoming connections are
//   refused and counted; an outgoing one fails with a TransportError.
// - the receive buffer of a connection never holds more than one message (the framer's
//   maxMessageSize, 64 KiB by default): a larger message or a header section that never
//   ends loses the framing, and the connection is closed after a 513/400 where possible.
// - maxWriteBuffer: a peer that does not read what we send is cut off.
// - idleTimeoutMs: a connection without traffic either way is closed.
import { type AddressInfo, createConnection, createServer, isIPv6, type Server, type Socket } from 'node:net';
import { type ParseFailure, type ParseLimits, SipStreamFramer } from '../message/index.js';
import { BaseTransport, type ListenOptions } from './base.js';
import { formatTarget } from './target.js';
import { type Source, type Target, type Transport } from './types.js';

export interface TcpOptions extends ListenOptions {
  /** Parser limits; maxMessageSize is also the most a connection buffers (default 64 KiB). */
  limits?: Partial<ParseLimits>;
  /** Most open connections, incoming and outgoing (default 1024). */
  maxConnections?: number;
  /** Close a connection after this long without traffic (default 300 s, longer than an INVITE rings). */
  idleTimeoutMs?: number;
  /** Give up connecting after this long (default 5 s). */
  connectTimeoutMs?: number;
  /** Most bytes queued for a peer that does not read (default 1 MiB). */
  maxWriteBuffer?: number;
}

interface Connection {
  id: number;
  key: string;
  socket: Socket;
  framer: SipStreamFramer;
  source: Source;
  connected: boolean;
  closed: boolean;
}

const DEFAULTS = { maxConnections: 1024, idleTimeoutMs: 300_000, connectTimeoutMs: 5_000, maxWriteBuffer: 1024 * 1024 };

const keyOf = (address: string, port: number): string => `${address}|${port}`;

export class TcpTransport extends BaseTransport implements Transport {
  readonly protocol = 'TCP' as const;
  readonly reliable = true;
  private readonly server: Server;
  private readonly opts: typeof DEFAULTS & { limits: Partial<ParseLimits> };
  private readonly byId = new Map<number, Connection>();
  private readonly byKey = new Map<string, Connection>();
  private nextId = 1;
  private closing = false;

  private constructor(server: Server, opts: TcpOptions) {
    super(opts, server.address() as AddressInfo);
    this.server = server;
    this.opts = {
      maxConnections: opts.maxConnections ?? DEFAULTS.maxConnections,
      idleTimeoutMs: opts.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs,
      connectTimeoutMs: opts.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
      maxWriteBuffer: opts.maxWriteBuffer ?? DEFAULTS.maxWriteBuffer,
      limits: opts.limits ?? {},
    };
    server.on('connection', (socket) => this.accept(socket));
    server.on('error', (error) => opts.onError?.(error));
  }

  static listen(opts: TcpOptions = {}): Promise<TcpTransport> {
    const server = createServer({ noDelay: true });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: opts.port ?? 5060, host: opts.address ?? '127.0.0.1' }, () => {
        server.off('error', reject);
        resolve(new TcpTransport(server, opts));
      });
    });
  }

  /** Open connections (for tests and metrics). */
  get connectionCount(): number {
    return this.byId.size;
  }

  send(target: Target, data: Buffer): Promise<void> {
    if (this.closing) return Promise.reject(this.sendFailed(target, 'TCP transport is closed'));
    let conn = target.connectionId === undefined ? undefined : this.byId.get(target.connectionId);
    conn ??= this.byKey.get(keyOf(target.address, target.port));
    if (!conn) {
      if (this.byId.size >= this.opts.maxConnections) {
        return Promise.reject(this.sendFailed(target, `TCP connection limit (${this.opts.maxConnections}) reached`));
      }
      conn = this.connect(target);
    }
    return this.write(conn, data, target);
  }

  close(): Promise<void> {
    if (this.closing) return Promise.resolve();
    this.closing = true;
    for (const conn of this.byId.values()) conn.socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    if (this.closing || this.byId.size >= this.opts.maxConnections) {
      this.metrics.connectionsRejected++;
      socket.destroy();
      return;
    }
    const address = this.sourceAddress(socket.remoteAddress ?? '');
    this.register(socket, address, socket.remotePort ?? 0, true);
  }

  private connect(target: Target): Connection {
    const socket = createConnection({ host: target.address, port: target.port, noDelay: true, family: isIPv6(target.address) ? 6 : 4 });
    const conn = this.register(socket, target.address, target.port, false);
    const timer = setTimeout(() => {
      if (!conn.connected) socket.destroy(new Error(`connect to ${formatTarget(target)} timed out`));
    }, this.opts.connectTimeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      conn.connected = true;
    });
    socket.once('close', () => clearTimeout(timer));
    return conn;
  }

  private register(socket: Socket, address: string, port: number, connected: boolean): Connection {
    const id = this.nextId++;
    const conn: Connection = {
      id,
      key: keyOf(address, port),
      socket,
      framer: new SipStreamFramer(this.opts.limits),
      source: { transport: 'TCP', address, port, local: this.local, connectionId: id },
      connected,
      closed: false,
    };
    this.byId.set(id, conn);
    // The newest connection to a remote wins; the older one stays reachable by its id.
    this.byKey.set(conn.key, conn);
    this.metrics.connectionsOpened++;
    socket.setTimeout(this.opts.idleTimeoutMs);
    socket.on('timeout', () => {
      this.metrics.connectionsIdleClosed++;
      socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => this.receive(conn, chunk));
    socket.on('error', () => undefined); // reported to writers through their callbacks; 'close' follows
    socket.on('close', () => this.forget(conn));
    return conn;
  }

  private forget(conn: Connection): void {
    if (conn.closed) return;
    conn.closed = true;
    this.byId.delete(conn.id);
    if (this.byKey.get(conn.key) === conn) this.byKey.delete(conn.key);
    this.metrics.connectionsClosed++;
  }

  private write(conn: Connection, data: Buffer, target: Target): Promise<void> {
    const { socket } = conn;
    if (conn.closed || socket.destroyed) return Promise.reject(this.sendFailed(target, `TCP connection to ${formatTarget(target)} is closed`));
    if (socket.writableLength + data.length > this.opts.maxWriteBuffer) {
      this.metrics.connectionsAborted++;
      socket.destroy();
      return Promise.reject(this.sendFailed(target, `TCP peer ${formatTarget(target)} does not read; connection closed`));
    }
    return this.written(target, data, (done) => socket.write(data, done));
  }

  private receive(conn: Connection, chunk: Buffer): void {
    this.metrics.bytesReceived += chunk.length;
    const reply = (bytes: Buffer): Promise<void> => this.write(conn, bytes, this.targetOf(conn));
    for (const event of conn.framer.push(chunk)) {
      switch (event.type) {
        case 'message':
          this.deliver(event.message, conn.source, event.bytes.length);
          break;
        case 'invalid':
          // framing intact: answer and read on
          this.rejectMalformed(event.failure, reply);
          break;
        case 'ping':
          this.metrics.keepAlivesAnswered++;
          reply(Buffer.from('\r\n')).catch(() => undefined);
          break;
        case 'pong':
          break;
        case 'error':
          this.abort(conn, event.failure, reply);
          return;
      }
    }
  }

  /** Framing is lost (RFC 3261 18.3: Content-Length is the only way to find the next message). */
  private abort(conn: Connection, failure: ParseFailure, reply: (bytes: Buffer) => Promise<void>): void {
    this.metrics.connectionsAborted++;
    this.rejectMalformed(failure, reply);
    conn.socket.end();
    // a peer that keeps sending after our FIN is not waited for
    setTimeout(() => conn.socket.destroy(), 1000).unref();
  }

  private targetOf(conn: Connection): Target {
    return { transport: 'TCP', address: conn.source.address, port: conn.source.port, connectionId: conn.id };
  }
}
