// The answering side of SIP digest authentication: registering to an operator's trunk, and
// the other half of our own tests. Takes the challenge values of a 401 or 407 and returns
// the value for Authorization (after 401) or Proxy-Authorization (after 407), RFC 3261 §22.2-22.3.
import { randomBytes } from 'node:crypto';
import { fail, problem, type Result } from '../../core/errors.js';
import { formatCredentials, parseChallenges, type DigestChallenge, type DigestCredentials } from './auth-params.js';
import {
  ALL_ALGORITHMS,
  computeHA1,
  computeResponse,
  computeUserhash,
  isAlgorithmAvailable,
  isSessionAlgorithm,
  parseAlgorithm,
  type DigestAlgorithm,
  type Qop,
} from './algorithms.js';

export interface DigestClientOptions {
  username: string;
  password: string;
  /** Algorithms we are willing to answer; the server's order picks among them. Default: all that node offers. */
  algorithms?: readonly DigestAlgorithm[];
  /** The qop to choose when the server offers both. Default 'auth'. */
  preferQop?: Qop;
  /** Source of cnonce values; injected for tests. Default 16 random bytes, base64url. */
  cnonce?: () => string;
}

export interface AuthorizeRequest {
  /** Challenge values of a 401/407. Omitted: answer the last challenge again with the next nc. */
  challenge?: string | readonly string[];
  method: string;
  uri: string;
  body?: string | Uint8Array;
}

interface Selected {
  challenge: DigestChallenge;
  algorithm: DigestAlgorithm;
  qop: Qop | undefined;
}

/** How many nonces the client keeps counting for; old ones are dropped first. */
const MAX_NONCES = 32;

/** The header to answer a challenge status with. */
export function credentialsHeaderFor(status: 401 | 407): 'Authorization' | 'Proxy-Authorization' {
  return status === 407 ? 'Proxy-Authorization' : 'Authorization';
}

export class DigestClient {
  readonly #o: DigestClientOptions;
  readonly #accepted: readonly DigestAlgorithm[];
  readonly #counts = new Map<string, number>();
  #last: Selected | undefined;

  constructor(options: DigestClientOptions) {
    this.#o = options;
    this.#accepted = (options.algorithms ?? ALL_ALGORITHMS).filter(isAlgorithmAvailable);
  }

  /**
   * The topmost challenge we can answer (RFC 8760 §2.4: the server lists its preference
   * first; a client ignores what it does not support).
   */
  #select(challenges: DigestChallenge[]): Selected | undefined {
    for (const challenge of challenges) {
      const algorithm = parseAlgorithm(challenge.algorithm);
      if (algorithm === undefined || !this.#accepted.includes(algorithm)) continue;
      let qop: Qop | undefined;
      if (challenge.qop !== undefined) {
        const offered = challenge.qop.filter((q): q is Qop => q === 'auth' || q === 'auth-int');
        qop = offered.includes(this.#o.preferQop ?? 'auth') ? (this.#o.preferQop ?? 'auth') : offered[0];
        if (qop === undefined) continue;
      }
      // -sess derives its key from the cnonce, which exists only with qop.
      if (qop === undefined && isSessionAlgorithm(algorithm)) continue;
      return { challenge, algorithm, qop };
    }
    return undefined;
  }

  #nextCount(nonce: string): number {
    const n = (this.#counts.get(nonce) ?? 0) + 1;
    this.#counts.delete(nonce);
    this.#counts.set(nonce, n);
    for (const key of this.#counts.keys()) {
      if (this.#counts.size <= MAX_NONCES) break;
      this.#counts.delete(key);
    }
    return n;
  }

  authorize(req: AuthorizeRequest): Result<string> {
    let selected = this.#last;
    if (req.challenge !== undefined) {
      const parsed = parseChallenges(req.challenge);
      if (!parsed.ok) return parsed;
      selected = this.#select(parsed.value);
      if (!selected) {
        return fail(problem('sip.auth.challenge.unsupported', 'Servern kräver en inloggningsmetod som inte stöds.', 'No Digest challenge with an algorithm and qop this client supports.'));
      }
    }
    if (!selected) {
      return fail(problem('sip.auth.challenge.none', 'Ingen inloggningsutmaning att svara på.', 'No challenge given and none remembered.'));
    }
    this.#last = selected;
    const { challenge, algorithm, qop } = selected;
    const { username, password } = this.#o;
    const creds: DigestCredentials = {
      username: challenge.userhash ? computeUserhash(algorithm, username, challenge.realm) : username,
      realm: challenge.realm,
      nonce: challenge.nonce,
      uri: req.uri,
      response: '',
      algorithm: challenge.algorithm,
      opaque: challenge.opaque,
      userhash: challenge.userhash ? true : undefined,
    };
    if (qop !== undefined) {
      const n = this.#nextCount(challenge.nonce);
      if (n > 0xffffffff) {
        return fail(problem('sip.auth.nc.exhausted', 'Engångskoden är förbrukad.', 'nonce-count exhausted; wait for a new challenge.'));
      }
      creds.qop = qop;
      creds.nc = n.toString(16).padStart(8, '0');
      creds.cnonce = this.#o.cnonce?.() ?? randomBytes(16).toString('base64url');
    }
    creds.response = computeResponse({
      algorithm,
      ha1: computeHA1(algorithm, username, challenge.realm, password),
      nonce: challenge.nonce,
      method: req.method,
      uri: req.uri,
      qop,
      nc: creds.nc,
      cnonce: creds.cnonce,
      body: req.body,
    });
    return formatCredentials(creds);
  }
}
