// Registering to an operator (RFC 3261 10.2; the flows of RFC 3665 2.1-2.3): REGISTER our
// Contact at the operator's registrar, answer its digest challenge, refresh before the
// binding runs out, retry with a growing pause when it fails, and remove the binding with
// Expires: 0 when we stop. One TrunkRegistration per 'register' trunk.
import type { Instant } from '../core/time.js';
import type { TrunkStateChanged } from '../events/bus.js';
import { toIso } from '../store/index.js';
import { credentialsHeaderFor, DigestClient, parseChallenges } from '../sip/auth/index.js';
import { createRequest, NameAddress, newCallId, newTag, type SipRequest, type SipResponse, SipUri, uriEquals } from '../sip/message/index.js';
import { ALLOW } from '../sip/registrar/registrar.js';
import type { ClientTransaction, SipEndpoint, TimerHandle } from '../sip/transaction/index.js';
import type { Target } from '../sip/transport/index.js';
import type { TrunkTransport } from './config.js';
import type { SipServer } from './resolve.js';

/** What admins and the bus see of a trunk. */
export type TrunkState = Omit<TrunkStateChanged, 'type'>;
export type TrunkStatus = TrunkState['status'];

/** Pauses after failed attempts: first, doubling up to max (30 s, 1, 2, 4, 5, 5 ... min). */
export interface RetryPolicy {
  firstMs: number;
  maxMs: number;
  /** A Retry-After (RFC 3261 20.33) longer than the pause is honoured up to this. */
  retryAfterMaxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { firstMs: 30_000, maxMs: 300_000, retryAfterMaxMs: 1_800_000 };

/** The pause before attempt number `failures` + 1. */
export function retryDelayMs(failures: number, policy: RetryPolicy = DEFAULT_RETRY, retryAfterSeconds?: number): number {
  const backoff = Math.min(policy.firstMs * 2 ** Math.max(0, failures - 1), policy.maxMs);
  if (retryAfterSeconds === undefined) return backoff;
  return Math.max(backoff, Math.min(retryAfterSeconds * 1000, policy.retryAfterMaxMs));
}

/**
 * When to refresh a binding the registrar granted for `seconds`: at half its life, so that a
 * lost refresh still has time for the retransmissions of the next one (Timer F is 32 s).
 */
export function refreshDelayMs(seconds: number): number {
  return Math.max(1000, seconds * 500);
}

/** The settings of one 'register' trunk that the client needs. */
export interface RegistrationSettings {
  trunkId: string;
  tenantId: string;
  name: string;
  host: string;
  /** Null: the registrar's servers come from SRV records (RFC 3263). */
  port: number | null;
  transport: TrunkTransport;
  username: string;
  secret: string;
  /** The registration interval we ask for, seconds. */
  expires: number;
}

export interface RegistrationDeps {
  endpoint: SipEndpoint;
  /** The registrar's servers in the order to try them (RFC 3263 4.2). */
  servers(host: string, port: number | null, transport: TrunkTransport): Promise<SipServer[]>;
  now(): Instant;
  onState(state: TrunkState): void;
  retry?: Partial<RetryPolicy>;
  /** How long stop() waits for the answer to the un-REGISTER (default 3 s). */
  stopWaitMs?: number;
  /** Never given the secret. */
  log?: (event: string, data: Record<string, unknown>) => void;
}

/** At most this many REGISTERs per attempt: a fresh challenge, a stale nonce, a 423. */
const MAX_ROUNDS = 3;

/** `[host]` for IPv6 literals, as URIs need it. */
export function uriHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export class TrunkRegistration {
  readonly settings: RegistrationSettings;
  readonly #deps: RegistrationDeps;
  readonly #retry: RetryPolicy;
  readonly #digest: DigestClient;
  readonly #callId: string;
  readonly #fromTag = newTag();
  #cseq = 0;
  #expires: number;
  #state: TrunkState;
  #timer: TimerHandle | undefined;
  #inFlight: ClientTransaction | undefined;
  #contact: SipUri | undefined;
  /** Credentials are sent with refreshes once a challenge was answered (RFC 3261 22.1). */
  #credentialsHeader: 'Authorization' | 'Proxy-Authorization' | undefined;
  #stopped = false;
  /** Which of the registrar's servers the next attempt goes to: a failure moves on (RFC 3263 4.3). */
  #server = 0;
  /** The server that granted the binding last. */
  #liveAt: SipServer | undefined;

  constructor(settings: RegistrationSettings, deps: RegistrationDeps) {
    this.settings = settings;
    this.#deps = deps;
    this.#retry = { ...DEFAULT_RETRY, ...deps.retry };
    this.#digest = new DigestClient({ username: settings.username, password: settings.secret });
    this.#expires = settings.expires;
    // 10.2: "A UA SHOULD use the same Call-ID for all registrations during a single boot cycle."
    this.#callId = newCallId();
    this.#state = {
      trunkId: settings.trunkId, name: settings.name, mode: 'register', status: 'registering',
      lastStatus: null, lastReason: null, registeredAt: null, expiresAt: null, nextAttemptAt: null, failures: 0,
    };
  }

  get state(): TrunkState {
    return { ...this.#state };
  }

  /** The user part of the Contact we register: the operator sends INVITEs for us to it. */
  get contactUser(): string {
    return this.settings.username;
  }

  /** The server that holds our binding right now: known to be up, so outbound calls go there first. */
  liveServer(at: Instant): SipServer | undefined {
    return this.isLive(at) ? this.#liveAt : undefined;
  }

  /** Does the operator hold a binding of ours right now? */
  isLive(at: Instant): boolean {
    const e = this.#state.expiresAt;
    return e !== null && Date.parse(e) > at.epochMilliseconds;
  }

  start(): void {
    if (this.#stopped || this.#timer !== undefined || this.#inFlight !== undefined) return;
    this.#publish({ status: 'registering', nextAttemptAt: toIso(this.#deps.now()) });
    void this.#attempt();
  }

  /**
   * Stops refreshing and removes our binding (Expires: 0, 10.2.2) when the operator may hold
   * one. Resolves when the operator answered, the request failed, or `stopWaitMs` passed.
   */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#clearTimer();
    const mayHoldBinding = this.#inFlight !== undefined || this.#state.expiresAt !== null;
    this.#inFlight = undefined;
    if (mayHoldBinding) await this.#unregister();
    this.#publish({ status: 'idle', expiresAt: null, nextAttemptAt: null });
  }

  // ---- attempts ------------------------------------------------------------------------

  async #attempt(): Promise<void> {
    this.#timer = undefined;
    const target = await this.#target();
    if (this.#stopped) return;
    if (!target.ok) {
      this.#failed(503, target.reason);
      return;
    }
    this.#send(target.value, 0, this.#preemptive());
  }

  async #target(): Promise<{ ok: true; value: Target } | { ok: false; reason: string }> {
    const { host, port, transport } = this.settings;
    let servers: SipServer[];
    try {
      servers = await this.#deps.servers(host, port, transport);
    } catch (error) {
      return { ok: false, reason: `cannot resolve ${host}: ${error instanceof Error ? error.message : String(error)}` };
    }
    const server = servers[this.#server % Math.max(1, servers.length)];
    if (server === undefined) return { ok: false, reason: `no address for ${host}` };
    try {
      this.#contact ??= this.#deps.endpoint.contactUri(transport, this.settings.username);
    } catch {
      return { ok: false, reason: `no ${transport} transport to register over` };
    }
    return { ok: true, value: { transport, address: server.address, port: server.port } };
  }

  /** The Request-URI of REGISTER: the registrar's domain, no user part (10.2). */
  #domain(): SipUri {
    const { host, port, transport } = this.settings;
    const domain = new SipUri({ host: uriHost(host), port: port === 5060 || port === null ? undefined : port });
    if (transport === 'TCP') domain.params.set('transport', 'tcp');
    return domain;
  }

  /** REGISTER with To/From = our account at the operator (10.2). */
  #register(expires: number, credentials?: [string, string]): SipRequest {
    const { host, username } = this.settings;
    const domain = this.#domain();
    const aor = new NameAddress(new SipUri({ user: username, host: uriHost(host) }));
    const from = aor.clone();
    from.tag = this.#fromTag;
    const contact = new NameAddress(this.#contact as SipUri);
    if (expires === 0) contact.params.set('expires', '0');
    const headers: Array<[string, string]> = [['Expires', String(expires)], ['Allow', ALLOW], ['User-Agent', 'Oppen-Vaxel']];
    if (credentials) headers.push(credentials);
    return createRequest({ method: 'REGISTER', uri: domain, from, to: aor, callId: this.#callId, cseq: ++this.#cseq, contact, headers });
  }

  /** Credentials for the last challenge with the next nonce count, when one was answered before. */
  #preemptive(): [string, string] | undefined {
    if (this.#credentialsHeader === undefined) return undefined;
    const auth = this.#digest.authorize({ method: 'REGISTER', uri: this.#domain().toString() });
    return auth.ok ? [this.#credentialsHeader, auth.value] : undefined;
  }

  #send(target: Target, round: number, credentials: [string, string] | undefined, expires = this.#expires, done?: (res: SipResponse | undefined, req: SipRequest) => void): void {
    const req = this.#register(expires, credentials);
    const finish = (res: SipResponse | undefined, status: number, reason: string) => {
      if (done) return done(res, req);
      if (this.#stopped) return;
      this.#inFlight = undefined;
      if (res) this.#onFinal(res, req, target, round);
      else this.#failed(status, reason);
    };
    try {
      const tx = this.#deps.endpoint.request(req, target, {
        onResponse: (res) => {
          if (res.status >= 200) finish(res, res.status, res.reason);
        },
        onTimeout: () => finish(undefined, 408, 'no answer (Timer F)'),
        onTransportError: (error) => finish(undefined, 503, `not sent: ${error.message}`),
      }, { allowTcp: target.transport !== 'UDP' });
      if (!done) this.#inFlight = tx;
    } catch (error) {
      finish(undefined, 503, `not sent: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  #onFinal(res: SipResponse, req: SipRequest, target: Target, round: number): void {
    if (res.status >= 200 && res.status < 300) {
      this.#liveAt = { address: target.address, port: target.port };
      return this.#registered(res);
    }
    const next = round + 1;
    if ((res.status === 401 || res.status === 407) && next < MAX_ROUNDS) {
      const answer = this.#answerChallenge(res, req);
      if (answer === undefined) return this.#failed(res.status, 'credentials rejected');
      if (typeof answer === 'string') return this.#failed(res.status, answer);
      return this.#send(target, next, answer);
    }
    if (res.status === 423 && next < MAX_ROUNDS) {
      // 10.2.8: ask again with at least the registrar's Min-Expires.
      const min = Number(res.headers.get('Min-Expires'));
      if (Number.isInteger(min) && min > this.#expires && min <= 86_400 * 7) {
        this.#expires = min;
        return this.#send(target, next, this.#preemptive());
      }
    }
    const retryAfter = Number.parseInt(res.headers.get('Retry-After') ?? '', 10);
    this.#failed(res.status, res.reason, Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined);
  }

  /**
   * The credentials header for a 401/407 (22.2, 22.3). Undefined when the registrar refused
   * what we already sent for the same nonce (a wrong password is never retried at once);
   * a string says why no answer is possible.
   */
  #answerChallenge(res: SipResponse, req: SipRequest): [string, string] | string | undefined {
    const status = res.status as 401 | 407;
    const challenges = res.headers.getAll(status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate');
    const header = credentialsHeaderFor(status);
    const sent = req.headers.get(header);
    if (sent !== undefined) {
      const parsed = parseChallenges(challenges);
      const stale = parsed.ok && parsed.value.some((c) => c.stale === true);
      const sameNonce = parsed.ok && parsed.value.some((c) => sent.includes(`nonce="${c.nonce}"`));
      if (!stale && sameNonce) return undefined;
    }
    const auth = this.#digest.authorize({ challenge: challenges, method: 'REGISTER', uri: req.uri.toString() });
    if (!auth.ok) return auth.problems[0]?.en ?? 'unsupported challenge';
    this.#credentialsHeader = header;
    return [header, auth.value];
  }

  /** 10.2.4: the expiry the registrar granted to our Contact. */
  #granted(res: SipResponse): number {
    let contacts: NameAddress[] = [];
    try {
      contacts = res.contact;
    } catch {
      // A malformed Contact in the 200: fall back to Expires.
    }
    const ours = contacts.find((c) => this.#contact !== undefined && uriEquals(c.uri, this.#contact)) ?? (contacts.length === 1 ? contacts[0] : undefined);
    const expires = ours?.expires ?? res.expires;
    return expires ?? this.#expires;
  }

  #registered(res: SipResponse): void {
    const granted = this.#granted(res);
    if (granted <= 0) return this.#failed(res.status, 'registrar granted no time');
    const now = this.#deps.now();
    const delay = refreshDelayMs(granted);
    this.#schedule(delay);
    this.#publish({
      status: 'registered', lastStatus: res.status, lastReason: res.reason, registeredAt: toIso(now),
      expiresAt: toIso(now.add({ seconds: granted })), nextAttemptAt: toIso(now.add({ milliseconds: delay })), failures: 0,
    });
    this.#deps.log?.('trunk.registered', { trunkId: this.settings.trunkId, expires: granted });
  }

  #failed(status: number, reason: string, retryAfter?: number): void {
    this.#server++;
    const failures = this.#state.failures + 1;
    const delay = retryDelayMs(failures, this.#retry, retryAfter);
    const now = this.#deps.now();
    this.#schedule(delay);
    // A binding granted earlier may still be valid at the operator until it runs out.
    const expiresAt = this.#state.expiresAt !== null && this.isLive(now) ? this.#state.expiresAt : null;
    this.#publish({ status: 'failing', lastStatus: status, lastReason: reason, failures, expiresAt, nextAttemptAt: toIso(now.add({ milliseconds: delay })) });
    this.#deps.log?.('trunk.register.failed', { trunkId: this.settings.trunkId, status, reason, retryInMs: delay });
  }

  #schedule(ms: number): void {
    this.#clearTimer();
    this.#timer = this.#deps.endpoint.scheduler.set(ms, () => void this.#attempt());
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#deps.endpoint.scheduler.clear(this.#timer);
    this.#timer = undefined;
  }

  #publish(change: Partial<TrunkState>): void {
    this.#state = { ...this.#state, ...change };
    this.#deps.onState(this.state);
  }

  // ---- un-REGISTER ---------------------------------------------------------------------

  #unregister(): Promise<void> {
    return new Promise<void>((resolve) => {
      const scheduler = this.#deps.endpoint.scheduler;
      let settled = false;
      const settle = () => {
        if (settled) return;
        settled = true;
        scheduler.clear(limit);
        resolve();
      };
      const limit = scheduler.set(this.#deps.stopWaitMs ?? 3000, settle);
      void this.#target().then((target) => {
        if (!target.ok) return settle();
        const send = (round: number, credentials: [string, string] | undefined) =>
          this.#send(target.value, round, credentials, 0, (res, req) => {
            if (res && (res.status === 401 || res.status === 407) && round === 0) {
              const answer = this.#answerChallenge(res, req);
              if (Array.isArray(answer)) return send(1, answer);
            }
            if (res) this.#deps.log?.('trunk.unregistered', { trunkId: this.settings.trunkId, status: res.status });
            settle();
          });
        send(0, this.#preemptive());
      });
    });
  }
}
