// The challenging side of SIP digest authentication: a registrar or UAS answers 401 with
// WWW-Authenticate, a proxy 407 with Proxy-Authenticate (RFC 3261 §22.2, §22.3).
//
// P-SEC-1: an unknown user and a wrong password are indistinguishable to the caller. Both
// map to the same response (respondToFailure), and an unknown user still costs the same
// hashing as a known one (a dummy HA1 stands in).
import { randomBytes as cryptoRandomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError, problem, type Problem } from '../../core/errors.js';
import { formatChallenge, parseCredentials, type DigestCredentials } from './auth-params.js';
import {
  baseAlgorithm,
  computeHA1,
  computeResponse,
  isAlgorithmAvailable,
  isSessionAlgorithm,
  parseAlgorithm,
  type BaseAlgorithm,
  type DigestAlgorithm,
  type Qop,
} from './algorithms.js';
import { NonceCountLedger, NonceIssuer } from './nonce.js';

export type AuthFailureReason =
  /** No credentials for our realm: the first request of every client. */
  | 'missing'
  /** The credentials do not parse, or contradict themselves. */
  | 'malformed'
  /** Credentials for a realm we do not serve. */
  | 'realm'
  /** An algorithm we did not offer. */
  | 'algorithm'
  /** A qop we did not offer, or no qop when legacy clients are refused. */
  | 'qop'
  /** The digest-uri is not the Request-URI. */
  | 'uri'
  /** A nonce we did not issue (tampered, foreign realm, other secret). */
  | 'bad-nonce'
  | 'unknown-user'
  | 'bad-response'
  /** Correct response, expired nonce: the client may retry without asking its user. */
  | 'stale'
  /** Correct response, but this (nonce, nc) was already accepted. */
  | 'replay';

/**
 * Reasons that mean someone presented credentials that do not hold: these are what a
 * brute-force guard counts (P-SEC-1). 'missing', 'stale' and the like are normal traffic.
 */
export function isCredentialFailure(reason: AuthFailureReason): boolean {
  return reason === 'unknown-user' || reason === 'bad-response' || reason === 'bad-nonce' || reason === 'replay';
}

export type VerifyOutcome =
  | { ok: true; user: string; algorithm: DigestAlgorithm; qop?: Qop }
  | {
      ok: false;
      reason: AuthFailureReason;
      /** The username the request claimed (a userhash if it used one), for the guard. */
      claimedUser?: string;
      problem: Problem;
    };

/** Looks up the stored HA1 of a user for the base algorithm (MD5, SHA-256, SHA-512-256). */
export type LookupHA1 = (user: string, realm: string, algorithm: BaseAlgorithm) => string | undefined;
/** RFC 7616 §3.4.4: maps H(user:realm) back to the user. */
export type ResolveUserhash = (userhash: string, realm: string, algorithm: BaseAlgorithm) => string | undefined;

export interface VerifyInput {
  method: string;
  /** The Request-URI exactly as received. */
  uri: string;
  /** Authorization (or Proxy-Authorization) values; several are allowed (RFC 3261 §22.3). */
  credentialsHeader: string | readonly string[] | undefined;
  lookupHA1: LookupHA1;
  resolveUserhash?: ResolveUserhash;
  /** Milliseconds since the epoch. */
  now: number;
  /** Message body, needed for qop=auth-int. */
  body?: string | Uint8Array;
}

export interface VerifyInputAsync extends Omit<VerifyInput, 'lookupHA1' | 'resolveUserhash'> {
  lookupHA1: (...args: Parameters<LookupHA1>) => ReturnType<LookupHA1> | Promise<ReturnType<LookupHA1>>;
  resolveUserhash?: (...args: Parameters<ResolveUserhash>) => ReturnType<ResolveUserhash> | Promise<ReturnType<ResolveUserhash>>;
}

export interface ChallengeOptions {
  stale?: boolean;
  /**
   * Offer only these (of the configured algorithms), in this order, in this one response.
   * For clients that read only the topmost challenge and know only MD5 (SIPp 3.6 does;
   * RFC 8760 §2.4 asks clients to skip what they do not support, older ones do not).
   * Choose by something the request shows (User-Agent, source), never by whether the
   * claimed user exists or how it is set up: that would tell a guesser (P-SEC-1).
   */
  algorithms?: readonly DigestAlgorithm[];
}

/** A SIP response for the transaction layer to send. */
export interface AuthResponse {
  status: 400 | 401 | 407;
  reasonPhrase: string;
  headers: Array<[name: string, value: string]>;
}

export interface DigestServerOptions {
  realm: string;
  /** HMAC key for nonces, at least 16 bytes; app servers that share it accept each other's nonces. */
  secret: string | Uint8Array;
  /** Offered in this order, most preferred first (RFC 8760 §2.3). Default SHA-256, then MD5. */
  algorithms?: readonly DigestAlgorithm[];
  /** Default ['auth']. */
  qop?: readonly Qop[];
  /** Default 300 000 ms. */
  nonceLifetimeMs?: number;
  /** 'registrar' (also any UAS): 401 + WWW-Authenticate. 'proxy': 407 + Proxy-Authenticate. */
  role?: 'registrar' | 'proxy';
  /** Accept RFC 2069 responses without qop (each nonce then serves once). Default true. */
  acceptNoQop?: boolean;
  /** Ask clients for RFC 7616 userhash; needs resolveUserhash in verify. Default false. */
  userhash?: boolean;
  domain?: string;
  /** Default 5000 ms. */
  clockSkewMs?: number;
  /** Replay ledger bounds. Defaults 100 000 nonces, 10 000 counts per nonce. */
  maxTrackedNonces?: number;
  maxCountsPerNonce?: number;
  /** Injected for tests; default node:crypto. */
  randomBytes?: (n: number) => Uint8Array;
}

interface Pending {
  creds: DigestCredentials;
  algorithm: DigestAlgorithm;
  qop: Qop | undefined;
  nonce: { state: 'fresh' | 'stale'; issuedAt: number; expiresAt: number };
}

const FAILURE_TEXT: Record<AuthFailureReason, [sv: string, en: string]> = {
  missing: ['Inloggningsuppgifter saknas.', 'No credentials for this realm.'],
  malformed: ['Inloggningsuppgifterna har fel format.', 'The credentials are malformed.'],
  realm: ['Inloggningsuppgifterna gäller en annan domän.', 'The credentials are for another realm.'],
  algorithm: ['Algoritmen stöds inte.', 'The digest algorithm was not offered.'],
  qop: ['Skyddsnivån (qop) stöds inte.', 'The qop was not offered.'],
  uri: ['Adressen i inloggningsuppgifterna stämmer inte med anropet.', 'The digest-uri does not match the Request-URI.'],
  'bad-nonce': ['Ogiltig engångskod (nonce).', 'The nonce was not issued by this server.'],
  'unknown-user': ['Fel användarnamn eller lösenord.', 'Unknown user.'],
  'bad-response': ['Fel användarnamn eller lösenord.', 'Wrong digest response (wrong password).'],
  stale: ['Engångskoden har gått ut.', 'The nonce has expired; the response was otherwise correct.'],
  replay: ['Förfrågan har redan använts.', 'This nonce-count was already used (replay).'],
};

function failure(reason: AuthFailureReason, claimedUser?: string, detail?: string): VerifyOutcome {
  const [sv, en] = FAILURE_TEXT[reason];
  const out: VerifyOutcome = {
    ok: false,
    reason,
    problem: problem(`sip.auth.${reason}`, sv, detail ? `${en} ${detail}` : en, { rule: 'P-SEC-1' }),
  };
  if (claimedUser !== undefined) out.claimedUser = claimedUser;
  return out;
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), 'latin1');
  const y = Buffer.from(b, 'latin1');
  // Compare equal lengths in constant time; a length mismatch still pays for one compare.
  return x.length === y.length ? timingSafeEqual(x, y) : !timingSafeEqual(y, y);
}

export class DigestServer {
  readonly realm: string;
  readonly algorithms: readonly DigestAlgorithm[];
  readonly qop: readonly Qop[];
  readonly status: 401 | 407;
  /** The header that carries our challenges. */
  readonly challengeHeaderName: 'WWW-Authenticate' | 'Proxy-Authenticate';
  /** The header in which clients answer them. */
  readonly credentialsHeaderName: 'Authorization' | 'Proxy-Authorization';
  readonly #issuer: NonceIssuer;
  readonly #ledger: NonceCountLedger;
  readonly #acceptNoQop: boolean;
  readonly #userhash: boolean;
  readonly #domain: string | undefined;
  /** Stand-ins for the HA1 of users who do not exist, one per base algorithm. */
  readonly #dummyHA1 = new Map<BaseAlgorithm, string>();

  constructor(o: DigestServerOptions) {
    const problems: Problem[] = [];
    const secret = typeof o.secret === 'string' ? Buffer.from(o.secret, 'utf8') : o.secret;
    if (secret.length < 16) {
      problems.push(problem('sip.auth.config.secret', 'Nyckeln för SIP-inloggning är för kort.', 'The nonce secret must be at least 16 bytes.', { field: 'secret' }));
    }
    const algorithms = o.algorithms ?? ['SHA-256', 'MD5'];
    const missing = algorithms.filter((a) => !isAlgorithmAvailable(a));
    if (algorithms.length === 0 || missing.length > 0) {
      problems.push(problem('sip.auth.config.algorithms', 'Ogiltig lista över algoritmer för SIP-inloggning.', `Unavailable or no algorithms: ${missing.join(', ')}.`, { field: 'algorithms' }));
    }
    const qop = o.qop ?? ['auth'];
    const acceptNoQop = o.acceptNoQop ?? true;
    if (qop.length === 0 && !acceptNoQop) {
      problems.push(problem('sip.auth.config.qop', 'Ingen skyddsnivå (qop) är tillåten.', 'No qop offered and RFC 2069 responses refused.', { field: 'qop' }));
    }
    const probe = formatChallenge({ realm: o.realm, domain: o.domain, nonce: 'x' });
    if (!probe.ok) problems.push(...probe.problems);
    if (problems.length > 0) throw new DomainError(problems);

    this.realm = o.realm;
    this.algorithms = algorithms;
    this.qop = qop;
    const proxy = o.role === 'proxy';
    this.status = proxy ? 407 : 401;
    this.challengeHeaderName = proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate';
    this.credentialsHeaderName = proxy ? 'Proxy-Authorization' : 'Authorization';
    this.#acceptNoQop = acceptNoQop;
    this.#userhash = o.userhash ?? false;
    this.#domain = o.domain;
    const lifetimeMs = o.nonceLifetimeMs ?? 300_000;
    const random = o.randomBytes ?? ((n: number) => cryptoRandomBytes(n));
    this.#issuer = new NonceIssuer({ secret, realm: o.realm, lifetimeMs, clockSkewMs: o.clockSkewMs ?? 5000, randomBytes: random });
    this.#ledger = new NonceCountLedger(o.maxTrackedNonces ?? 100_000, o.maxCountsPerNonce ?? 10_000, Math.max(1000, lifetimeMs / 4));
    const dummyPassword = Buffer.from(random(16)).toString('hex');
    for (const a of algorithms) this.#dummyHA1.set(baseAlgorithm(a), computeHA1(a, '', o.realm, dummyPassword));
  }

  /** Nonces currently remembered for replay detection (bounded by maxTrackedNonces). */
  get trackedNonces(): number {
    return this.#ledger.size;
  }

  /**
   * Challenge header values, one per algorithm, most preferred first (RFC 8760 §2.3); they
   * share one nonce. `stale` tells the client its password was right and only the nonce
   * was old (RFC 2617 §3.2.1). `algorithms` narrows or reorders the offer for this one
   * response (a subset of the configured ones), see ChallengeOptions.
   */
  challenge(now: number, options: ChallengeOptions = {}): string[] {
    const nonce = this.#issuer.mint(now);
    const offered = options.algorithms?.filter((a) => this.algorithms.includes(a)) ?? [];
    return (offered.length > 0 ? offered : this.algorithms).map((algorithm) => {
      const formatted = formatChallenge({
        realm: this.realm,
        domain: this.#domain,
        nonce,
        stale: options.stale ? true : undefined,
        algorithm,
        qop: this.qop.length > 0 ? [...this.qop] : undefined,
        userhash: this.#userhash ? true : undefined,
      });
      // Realm and domain were checked in the constructor; the rest are tokens we chose.
      if (!formatted.ok) throw new DomainError(formatted.problems);
      return formatted.value;
    });
  }

  /**
   * The response to send after a failed verify. 'unknown-user' and 'bad-response' take the
   * same path and give the same bytes (P-SEC-1); 'stale' and 'replay', whose responses were
   * correct, get stale=true so the client retries without asking its user. Malformed
   * credentials and a digest-uri that is not the Request-URI are 400 (RFC 2617 §3.2.2.5).
   */
  respondToFailure(reason: AuthFailureReason, now: number, options: Pick<ChallengeOptions, 'algorithms'> = {}): AuthResponse {
    if (reason === 'malformed' || reason === 'uri') {
      return { status: 400, reasonPhrase: 'Bad Request', headers: [] };
    }
    const stale = reason === 'stale' || reason === 'replay';
    return {
      status: this.status,
      reasonPhrase: this.status === 401 ? 'Unauthorized' : 'Proxy Authentication Required',
      headers: this.challenge(now, { ...options, stale }).map((v): [string, string] => [this.challengeHeaderName, v]),
    };
  }

  verify(input: VerifyInput): VerifyOutcome {
    const p = this.#prepare(input);
    if ('ok' in p) return p;
    const user = p.creds.userhash ? input.resolveUserhash?.(p.creds.username, this.realm, baseAlgorithm(p.algorithm)) : p.creds.username;
    const ha1 = user === undefined ? undefined : input.lookupHA1(user, this.realm, baseAlgorithm(p.algorithm));
    return this.#conclude(p, user, ha1, input);
  }

  /** verify for stores whose lookups are asynchronous (PostgreSQL at scale). */
  async verifyAsync(input: VerifyInputAsync): Promise<VerifyOutcome> {
    const p = this.#prepare(input);
    if ('ok' in p) return p;
    const user = p.creds.userhash ? await input.resolveUserhash?.(p.creds.username, this.realm, baseAlgorithm(p.algorithm)) : p.creds.username;
    const ha1 = user === undefined ? undefined : await input.lookupHA1(user, this.realm, baseAlgorithm(p.algorithm));
    return this.#conclude(p, user, ha1, input);
  }

  /** Everything that can be decided before the user is looked up. */
  #prepare(input: Pick<VerifyInput, 'credentialsHeader' | 'uri' | 'now'>): Pending | VerifyOutcome {
    const values = input.credentialsHeader === undefined ? [] : typeof input.credentialsHeader === 'string' ? [input.credentialsHeader] : input.credentialsHeader;
    if (values.length === 0) return failure('missing');
    // Several credentials may arrive (one per realm along the path); ours is the one with
    // our realm (RFC 3261 §22.3).
    const parsed = values.map((v) => parseCredentials(v));
    const mine = parsed.find((r) => r.ok && r.value.realm === this.realm);
    if (!mine || !mine.ok) {
      const firstOk = parsed.find((r) => r.ok);
      if (firstOk && firstOk.ok) return failure('realm', firstOk.value.username, `Got realm "${firstOk.value.realm}".`);
      const first = parsed[0];
      return failure('malformed', undefined, first && !first.ok ? first.problems.map((x) => x.en).join(' ') : undefined);
    }
    const creds = mine.value;
    const algorithm = parseAlgorithm(creds.algorithm);
    if (algorithm === undefined || !this.algorithms.includes(algorithm)) {
      return failure('algorithm', creds.username, `Got "${creds.algorithm ?? 'MD5'}".`);
    }
    let qop: Qop | undefined;
    if (creds.qop === undefined) {
      // -sess needs a cnonce, which only comes with qop.
      if (!this.#acceptNoQop || isSessionAlgorithm(algorithm)) return failure('qop', creds.username, 'Got no qop.');
    } else if ((this.qop as readonly string[]).includes(creds.qop)) {
      qop = creds.qop as Qop;
    } else {
      return failure('qop', creds.username, `Got "${creds.qop}".`);
    }
    // RFC 3261 §22.4 with RFC 2617 §3.2.2.5: the digest-uri must be the Request-URI.
    if (creds.uri !== input.uri) return failure('uri', creds.username, `Got "${creds.uri}", expected "${input.uri}".`);
    const nonce = this.#issuer.check(creds.nonce, input.now);
    if (nonce.state === 'invalid') return failure('bad-nonce', creds.username);
    return { creds, algorithm, qop, nonce };
  }

  #conclude(p: Pending, user: string | undefined, storedHA1: string | undefined, input: Pick<VerifyInput, 'method' | 'uri' | 'body' | 'now'>): VerifyOutcome {
    const { creds, algorithm, qop, nonce } = p;
    // P-SEC-1: an unknown user costs the same hashing as a known one.
    const known = user !== undefined && storedHA1 !== undefined;
    const ha1 = known ? storedHA1 : (this.#dummyHA1.get(baseAlgorithm(algorithm)) as string);
    const expected = computeResponse({
      algorithm,
      ha1,
      nonce: creds.nonce,
      method: input.method,
      uri: creds.uri,
      qop,
      nc: creds.nc,
      cnonce: creds.cnonce,
      body: input.body,
    });
    const matches = sameHex(creds.response, expected);
    if (!known) return failure('unknown-user', creds.username);
    if (!matches) return failure('bad-response', creds.username);
    // Only a correct response may learn that its nonce is merely old (RFC 2617 §3.2.1).
    if (nonce.state === 'stale') return failure('stale', creds.username);
    const nc = creds.nc === undefined ? 0 : parseInt(creds.nc, 16);
    const use = this.#ledger.use(creds.nonce, nonce.issuedAt, nonce.expiresAt, nc, input.now);
    if (use === 'replay') return failure('replay', creds.username);
    if (use === 'forgotten') return failure('stale', creds.username, 'The nonce was evicted from the replay ledger.');
    const out: VerifyOutcome = { ok: true, user, algorithm };
    if (qop !== undefined) out.qop = qop;
    return out;
  }
}
