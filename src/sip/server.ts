// The SIP service of the embedded server: UDP and TCP transports on one address and port,
// the transaction layer, the registrar and the call core (signalling B2BUA).
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Instant } from '../core/time.js';
import type { Database } from '../store/index.js';
import { B2bua } from '../calls/b2bua.js';
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
    readonly calls: B2bua,
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
    const udp = await UdpTransport.listen({ address: opts.host, port: opts.port });
    let tcp: TcpTransport;
    try {
      tcp = await TcpTransport.listen({ address: opts.host, port: udp.local.port });
    } catch (error) {
      await udp.close();
      throw error;
    }
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
    // The call core needs the endpoint and the endpoint's callbacks need the call core.
    const late: { calls?: B2bua } = {};
    const endpoint = new SipEndpoint({
      transports: [udp, tcp],
      ...(opts.timers ? { timers: opts.timers } : {}),
      user: {
        onRequest: (tx) => route(tx),
        onCancel: (invite) => late.calls?.onCancel(invite),
        onAckTimeout: (_response, invite) => late.calls?.onAckTimeout(invite),
      },
    });
    const b2bua = new B2bua({
      endpoint, registrar, auth, bindings, db: opts.db, now: opts.now,
      ...(opts.ringLimitMs !== undefined ? { ringLimitMs: opts.ringLimitMs } : {}),
      ...(opts.log ? { log: opts.log } : {}),
    });
    late.calls = b2bua;
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
        b2bua.handleInDialog(tx);
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
          guarded(tx, b2bua.handleInvite(tx));
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
    const service = new SipService(endpoint, registrar, b2bua, bindings, auth, opts);
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
    this.calls.close();
    await this.endpoint.close();
  }
}
