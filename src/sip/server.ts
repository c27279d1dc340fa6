// The SIP service of the embedded server: UDP and TCP transports on one address and port,
// the transaction layer, the registrar and call control (src/calls: plans carried out with
// the media anchored on us).
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Instant } from '../core/time.js';
import type { Database } from '../store/index.js';
import { CallControl, type CallControlSettings } from '../calls/control.js';
import { SipAuthenticator } from './registrar/authenticator.js';
import { BindingStore } from './registrar/bindings.js';
import type { TenantSource } from './registrar/domains.js';
import { ALLOW, Registrar, type RegistrarSettings } from './registrar/registrar.js';
import type { DigestAlgorithm } from './auth/index.js';
import { SipEndpoint, type ServerTransaction, type TimerSettings } from './transaction/index.js';
import { TcpTransport, UdpTransport } from './transport/index.js';

export interface SipServiceOptions {
  host: string;
  /** 0 picks a free port (UDP first, then TCP on the same number). */
  port: number;
  db: Kysely<Database>;
  tenants: TenantSource;
  now: () => Instant;
  defaultTenant?: string;
  nonceSecret?: string;
  algorithms?: DigestAlgorithm[];
  registrar?: Partial<RegistrarSettings>;
  /** Call control: the app context, the IVR and the other capabilities' ports. Without it INVITEs get 503. */
  calls?: CallControlSettings;
  /** SUBSCRIBE outside a dialog (message-summary, RFC 3842, for the voicemail module); without it 489. */
  onSubscribe?: (tx: ServerTransaction) => void;
  /**
   * Offered every request within a dialog before call control: true when it was a
   * subscription's (an MWI refresh or un-SUBSCRIBE, RFC 6665 4.1.2.2) and has been answered.
   */
  onInDialog?: (tx: ServerTransaction) => boolean;
  /** No single ringing lasts longer than this (default 120 s). */
  ringLimitMs?: number;
  timers?: Partial<TimerSettings>;
  log?: (event: string, data: Record<string, unknown>) => void;
  /** Our edge proxies' addresses (see AuthenticatorOptions.edgeProxies). */
  edgeProxies?: readonly string[];
}

export class SipService {
  private purgeTimer: ReturnType<typeof setInterval> | undefined;

  private constructor(
    readonly endpoint: SipEndpoint,
    readonly registrar: Registrar,
    /** Undefined when the service was started without call control (registrar only). */
    readonly calls: CallControl | undefined,
    readonly bindings: BindingStore,
    readonly auth: SipAuthenticator,
    private readonly opts: SipServiceOptions,
  ) {}

  get host(): string {
    return this.opts.host;
  }

  get port(): number {
    return this.endpoint.transports[0]?.local.port ?? this.opts.port;
  }

  static async start(opts: SipServiceOptions): Promise<SipService> {
    const { udp, tcp } = await listenBoth(opts.host, opts.port);
    const nowMs = () => opts.now().epochMilliseconds;
    const auth = new SipAuthenticator({
      db: opts.db,
      secret: opts.nonceSecret ?? randomBytes(32),
      now: nowMs,
      ...(opts.algorithms ? { algorithms: opts.algorithms } : {}),
      ...(opts.edgeProxies ? { edgeProxies: opts.edgeProxies } : {}),
    });
    const bindings = new BindingStore(opts.db);
    const registrar = new Registrar({
      bindings, auth, tenants: opts.tenants, now: opts.now,
      ...(opts.defaultTenant ? { defaultTenant: opts.defaultTenant } : {}),
      ...(opts.registrar ? { settings: opts.registrar } : {}),
    });
    // Call control needs the endpoint and the endpoint's callbacks need call control.
    const late: { calls?: CallControl } = {};
    const endpoint = new SipEndpoint({
      transports: [udp, tcp],
      ...(opts.timers ? { timers: opts.timers } : {}),
      user: {
        onRequest: (tx) => route(tx),
        onAck: (ack) => late.calls?.onAck(ack),
        onCancel: (invite) => late.calls?.onCancel(invite),
        onAckTimeout: (_response, invite) => late.calls?.onAckTimeout(invite),
      },
    });
    const calls = opts.calls && new CallControl({
      ...opts.calls, endpoint, registrar, auth, bindings, db: opts.db, now: opts.now,
      ...(opts.ringLimitMs !== undefined ? { ringLimitMs: opts.ringLimitMs } : {}),
      ...(opts.log ? { log: opts.log } : {}),
    });
    late.calls = calls;
    const guarded = (tx: ServerTransaction, work: Promise<void>) => {
      work.catch((error: unknown) => {
        opts.log?.('sip.error', { method: tx.request.method, error: error instanceof Error ? error.message : String(error) });
        if (tx.awaitingAnswer) tx.respond(tx.createResponse(500));
      });
    };
    function route(tx: ServerTransaction): void {
      const req = tx.request;
      const inDialog = req.to.tag !== undefined;
      if (inDialog) {
        if (opts.onInDialog?.(tx)) return;
        if (calls) calls.handleInDialog(tx);
        else tx.respond(tx.createResponse(481));
        return;
      }
      switch (req.method) {
        case 'REGISTER':
          guarded(tx, registrar.handleRegister(tx));
          return;
        case 'OPTIONS':
          registrar.answerOptions(tx);
          return;
        case 'INVITE':
          if (calls) guarded(tx, calls.handleInvite(tx));
          else tx.respond(tx.createResponse(503, 'Service Unavailable (no call control)'));
          return;
        case 'SUBSCRIBE':
          // RFC 6665 4.1.3: an event package we do not serve is 489 Bad Event.
          if (opts.onSubscribe) opts.onSubscribe(tx);
          else tx.respond(tx.createResponse(489));
          return;
        case 'REFER':
          // RFC 3515 allows REFER outside a dialog; we take transfers only within a call.
          tx.respond(tx.createResponse(403, 'Forbidden (REFER only within a call)'));
          return;
        case 'BYE':
        case 'UPDATE':
        case 'INFO':
          // 12.2.2: a mid-dialog method outside any dialog.
          tx.respond(tx.createResponse(481));
          return;
        default: {
          const res = tx.createResponse(405);
          res.headers.append('Allow', ALLOW);
          tx.respond(res);
        }
      }
    }
    const service = new SipService(endpoint, registrar, calls, bindings, auth, opts);
    // Expired bindings are ignored on read and purged here once a minute.
    service.purgeTimer = setInterval(() => {
      bindings.purge(opts.now()).catch(() => undefined);
    }, 60_000);
    service.purgeTimer.unref();
    return service;
  }

  /** Hangs up calls, then closes the transaction layer and the sockets. */
  async stop(): Promise<void> {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    await this.calls?.close();
    await this.endpoint.close();
  }
}

/** How often a free port (port 0) is drawn again when its TCP twin is taken. */
const PORT_DRAWS = 10;

/**
 * UDP and TCP on one port number. With port 0 the kernel picks a free UDP port, whose TCP
 * number another socket may hold (a client connection's ephemeral port): draw again then.
 */
async function listenBoth(host: string, port: number): Promise<{ udp: UdpTransport; tcp: TcpTransport }> {
  for (let draw = 1; ; draw++) {
    const udp = await UdpTransport.listen({ address: host, port });
    try {
      return { udp, tcp: await TcpTransport.listen({ address: host, port: udp.local.port }) };
    } catch (error) {
      await udp.close();
      const taken = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (port !== 0 || !taken || draw >= PORT_DRAWS) throw error;
    }
  }
}
