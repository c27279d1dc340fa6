// Digest authentication of phones (RFC 3261 22) for the registrar and the call core: one
// DigestServer per realm (the tenant's SIP domain), an AuthGuard per source, and the same
// answer for an unknown extension as for a wrong password (P-SEC-1).
import { AuthGuard, type AuthGuardSettings, DigestServer, type DigestAlgorithm, isCredentialFailure, parseCredentials } from '../auth/index.js';
import type { ServerTransaction } from '../transaction/index.js';
import { parseUri, type Uri, uriEquals } from '../message/index.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.js';
import type { SipTenant } from './domains.js';
import { findSipPerson, type SipPerson } from './people.js';

export interface AuthenticatorOptions {
  db: Kysely<Database>;
  /** HMAC key for nonces (>= 16 bytes). */
  secret: string | Uint8Array;
  /** Offered digest algorithms, most preferred first. */
  algorithms?: DigestAlgorithm[];
  guard?: Partial<AuthGuardSettings>;
  /** Milliseconds since the epoch. */
  now: () => number;
  /**
   * User-Agents that take only MD5 challenges: baresip 1.0 (libre) answers a SHA-256
   * challenge with ENOSYS and gives up, SIPp 3.6 reads only the topmost one. They get an
   * MD5-only challenge, decided by what the request shows, never by the claimed user (P-SEC-1).
   */
  md5OnlyAgents?: RegExp;
  /**
   * Addresses of our own SIP edge proxies (e.g. Kamailio in front of us). Requests from them
   * are counted by the guard under the phone's address the edge recorded in the Via below its
   * own (`received`, RFC 3581, else sent-by), never under the edge's address, so that one
   * guesser cannot silence every phone behind the edge. Only these addresses are trusted to
   * say so; the edge addresses are also exempt in the guard.
   */
  edgeProxies?: readonly string[];
  /** Waits before a response the guard asked to delay; replaced in tests. */
  delay?: (ms: number) => Promise<void>;
}

export const DEFAULT_MD5_ONLY_AGENTS = /\b(baresip|sipp)\b/i;

export type AuthOutcome = { ok: true; person: SipPerson } | { ok: false };

export class SipAuthenticator {
  readonly guard: AuthGuard;
  private readonly servers = new Map<string, DigestServer>();
  private readonly opts: AuthenticatorOptions;

  constructor(opts: AuthenticatorOptions) {
    this.opts = opts;
    const edges = new Set(opts.edgeProxies ?? []);
    const exempt = opts.guard?.isExempt;
    this.guard = new AuthGuard({ ...opts.guard, isExempt: (source) => edges.has(source) || (exempt?.(source) ?? false) });
  }

  private server(realm: string): DigestServer {
    let s = this.servers.get(realm);
    if (!s) {
      s = new DigestServer({ realm, secret: this.opts.secret, ...(this.opts.algorithms ? { algorithms: this.opts.algorithms } : {}) });
      this.servers.set(realm, s);
    }
    return s;
  }

  /**
   * Authenticates the request of `tx` for `tenant`. On success returns the person (the
   * caller answers, after waiting `delayMs`); on failure this has answered already (401,
   * 400) or, for a blocked source, deliberately sent nothing (P-SEC-1: a scanner learns
   * nothing and nothing is reflected at a spoofed source).
   */
  async authenticate(tx: ServerTransaction, tenant: SipTenant): Promise<AuthOutcome & { delayMs: number }> {
    const request = tx.request;
    const values = request.headers.getAll('Authorization');
    const claimed = values.map(parseCredentials).find((r) => r.ok);
    const claimedUser = claimed?.ok ? claimed.value.username : undefined;
    const source = this.guardSource(tx);
    const server = this.server(tenant.realm);
    const gate = this.guard.admit(source, claimedUser, this.opts.now());
    if (gate.action === 'drop') return { ok: false, delayMs: 0 };

    let person: SipPerson | undefined;
    const outcome = await server.verifyAsync({
      method: request.method,
      uri: digestUri(request.uri, claimed?.ok ? claimed.value.uri : undefined),
      credentialsHeader: values,
      now: this.opts.now(),
      body: request.body,
      lookupHA1: async (user, _realm, algorithm) => {
        person = await findSipPerson(this.opts.db, tenant.id, user);
        return person?.ha1[algorithm];
      },
    });
    let delayMs = gate.delayMs;
    if (outcome.ok && person) {
      this.guard.recordSuccess(source, outcome.user, this.opts.now());
      return { ok: true, person, delayMs };
    }
    const reason = outcome.ok ? 'unknown-user' : outcome.reason;
    if (isCredentialFailure(reason)) {
      const after = this.guard.recordFailure(source, outcome.ok ? outcome.user : outcome.claimedUser, this.opts.now());
      if (after.action === 'drop') return { ok: false, delayMs: 0 };
      delayMs = Math.max(delayMs, after.delayMs);
    }
    // Unknown extension and wrong password take this one path: byte-identical answers (P-SEC-1).
    const agent = request.headers.get('User-Agent') ?? '';
    const md5Only = (this.opts.md5OnlyAgents ?? DEFAULT_MD5_ONLY_AGENTS).test(agent);
    const answer = server.respondToFailure(reason, this.opts.now(), md5Only ? { algorithms: ['MD5'] } : {});
    const res = tx.createResponse(answer.status, answer.reasonPhrase);
    for (const [name, value] of answer.headers) res.headers.append(name, value);
    await this.wait(delayMs);
    tx.respond(res);
    return { ok: false, delayMs };
  }

  /** The address the guard counts: the packet's source, or behind an edge proxy the phone's. */
  guardSource(tx: ServerTransaction): string {
    const source = tx.source?.address ?? '';
    if (!this.opts.edgeProxies?.includes(source)) return source;
    const phone = tx.request.via[1];
    return phone ? (phone.received ?? phone.host) : source;
  }

  wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return (this.opts.delay ?? ((d: number) => new Promise<void>((r) => setTimeout(r, d))))(ms);
  }
}

/**
 * The digest-uri must be the Request-URI (RFC 2617 3.2.2.5). The parser keeps the URI, not
 * its original text, and a phone may write it differently from our canonical form (case of
 * the host, parameter order, escaping), so the phone's own text counts when it names the
 * same URI by the comparison rules of RFC 3261 19.1.4.
 */
function digestUri(requestUri: Uri, claimed: string | undefined): string {
  if (claimed !== undefined) {
    const parsed = parseUri(claimed);
    if (parsed.ok && uriEquals(parsed.value, requestUri)) return claimed;
  }
  return requestUri.toString();
}
