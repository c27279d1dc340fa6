// Brute-force protection for SIP digest authentication (P-SEC-1): password guessing and
// extension enumeration against the registrar.
//
// A pure state machine: time is an argument (ms), nothing is read from the clock, and the
// caller applies the delay and drops the packet. Failures are counted per source and per
// (source, user). After `delayAfter` failures the answers to that key are delayed, more
// with every failure; after `blockAfter` the key is blocked for `blockMs` and gets no
// answer at all. A count ends after `windowMs` without failures. A success clears the
// (source, user) count only: the per-source count is not reset, or one valid account would
// let an attacker spray passwords at all the others.
//
// The guard never learns whether a user exists: it counts the name the request claimed,
// so unknown and known users get exactly the same treatment.
//
// Nothing is ever keyed on the user alone: a guesser elsewhere must not be able to lock a
// colleague's phone out.
import { sourceKey } from './source-key.js';

export interface AuthGuardLimits {
  /** Failures before answers are delayed. */
  delayAfter: number;
  /** Failures before the key is blocked. */
  blockAfter: number;
}

export interface AuthGuardSettings {
  /** Per (source, user). Default 5 / 10. */
  perUser: AuthGuardLimits;
  /**
   * Per source. Higher than per user by default (20 / 40), because a whole office may sit
   * behind one NAT address and one misconfigured phone must not silence the others.
   */
  perSource: AuthGuardLimits;
  /** A count ends after this long without a failure. Default 10 min. */
  windowMs: number;
  /** Default 15 min. */
  blockMs: number;
  /** Delay at the first delayed answer; doubles per failure. Default 1 s. */
  baseDelayMs: number;
  /**
   * Default 8 s. Keep it under 32 s (64*T1, RFC 3261 Timer F): beyond, the client gives
   * up and the delay is just a silent drop.
   */
  maxDelayMs: number;
  /** Memory bound on counted keys (least recently failed go first). Default 50 000. */
  maxTrackedKeys: number;
  /** Memory bound on blocks, kept apart so a flood of new sources cannot push a block out. Default 10 000. */
  maxBlocked: number;
  /** IPv6 sources are counted per prefix of this length. Default 64. */
  ipv6PrefixBits: number;
  /** Sources never counted or blocked, e.g. the SIP edge or a trusted trunk. */
  isExempt: (source: string) => boolean;
}

export const DEFAULT_GUARD_SETTINGS: AuthGuardSettings = {
  perUser: { delayAfter: 5, blockAfter: 10 },
  perSource: { delayAfter: 20, blockAfter: 40 },
  windowMs: 10 * 60_000,
  blockMs: 15 * 60_000,
  baseDelayMs: 1000,
  maxDelayMs: 8000,
  maxTrackedKeys: 50_000,
  maxBlocked: 10_000,
  ipv6PrefixBits: 64,
  isExempt: () => false,
};

/**
 * What to do with a request. 'proceed': handle it, and send whatever response it gets
 * (success or challenge) after `delayMs`, the same for both so that the delay does not
 * tell a guesser which it was. 'drop': send nothing until `untilMs`. We drop rather than
 * answer 403: a scanner learns nothing and its transactions run into their 32 s timeout,
 * and there is no response traffic to reflect at a spoofed UDP source.
 */
export type GuardDecision = { action: 'proceed'; delayMs: number } | { action: 'drop'; untilMs: number };

interface Counter {
  failures: number;
  lastFailureAt: number;
}

export class AuthGuard {
  readonly settings: AuthGuardSettings;
  /** Map order is least recently failed first: sweeping and eviction start at the front. */
  readonly #counters = new Map<string, Counter>();
  /** Map order is block order; with one block length that is also expiry order. */
  readonly #blocked = new Map<string, number>();

  constructor(settings: Partial<AuthGuardSettings> = {}) {
    this.settings = { ...DEFAULT_GUARD_SETTINGS, ...settings };
  }

  /** Keys currently held (counters + blocks); never more than maxTrackedKeys + maxBlocked. */
  get size(): number {
    return this.#counters.size + this.#blocked.size;
  }

  #keys(source: string, user: string | undefined): { src: string; pair: string | undefined } {
    const src = `s ${sourceKey(source, this.settings.ipv6PrefixBits)}`;
    return { src, pair: user === undefined ? undefined : `u ${src.slice(2)} ${user}` };
  }

  /**
   * Call for every request that needs authentication, before verifying it. `user` is the
   * username the credentials claim (undefined when there are none yet).
   */
  admit(source: string, user: string | undefined, now: number): GuardDecision {
    if (this.settings.isExempt(source)) return { action: 'proceed', delayMs: 0 };
    this.#sweep(now);
    const { src, pair } = this.#keys(source, user);
    for (const key of [src, pair]) {
      const until = key === undefined ? undefined : this.#blocked.get(key);
      if (until !== undefined) return { action: 'drop', untilMs: until };
    }
    const { perUser, perSource } = this.settings;
    const delayMs = Math.max(this.#delay(this.#counters.get(src), perSource, now), this.#delay(pair === undefined ? undefined : this.#counters.get(pair), perUser, now));
    return { action: 'proceed', delayMs };
  }

  /**
   * A request failed: unknown user, wrong password, forged nonce or replay (see
   * isCredentialFailure). Returns the state after counting it; 'drop' means this failure
   * reached the block, and its response is best not sent either.
   */
  recordFailure(source: string, user: string | undefined, now: number): GuardDecision {
    if (this.settings.isExempt(source)) return { action: 'proceed', delayMs: 0 };
    this.#sweep(now);
    const { src, pair } = this.#keys(source, user);
    const decisions = [this.#count(src, this.settings.perSource, now)];
    if (pair !== undefined) decisions.push(this.#count(pair, this.settings.perUser, now));
    const drop = decisions.find((d) => d.action === 'drop');
    if (drop) return drop;
    return { action: 'proceed', delayMs: Math.max(...decisions.map((d) => (d.action === 'proceed' ? d.delayMs : 0))) };
  }

  /** A request from `source` authenticated as `user`: that pair starts afresh. */
  recordSuccess(source: string, user: string, now: number): void {
    if (this.settings.isExempt(source)) return;
    this.#sweep(now);
    const { pair } = this.#keys(source, user);
    if (pair !== undefined) this.#counters.delete(pair);
  }

  #delay(c: Counter | undefined, limits: AuthGuardLimits, now: number): number {
    if (!c || now - c.lastFailureAt > this.settings.windowMs || c.failures < limits.delayAfter) return 0;
    const doublings = Math.min(c.failures - limits.delayAfter, 30);
    return Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** doublings);
  }

  #count(key: string, limits: AuthGuardLimits, now: number): GuardDecision {
    const old = this.#counters.get(key);
    const fresh = !old || now - old.lastFailureAt > this.settings.windowMs;
    const c: Counter = { failures: fresh ? 1 : old.failures + 1, lastFailureAt: now };
    this.#counters.delete(key); // re-insert at the back: most recently failed
    if (c.failures >= limits.blockAfter) {
      const until = now + this.settings.blockMs;
      this.#blocked.delete(key);
      this.#blocked.set(key, until);
      this.#trim(this.#blocked, this.settings.maxBlocked);
      return { action: 'drop', untilMs: until };
    }
    this.#counters.set(key, c);
    this.#trim(this.#counters, this.settings.maxTrackedKeys);
    return { action: 'proceed', delayMs: this.#delay(c, limits, now) };
  }

  #trim(map: Map<string, unknown>, max: number): void {
    for (const key of map.keys()) {
      if (map.size <= max) break;
      map.delete(key);
    }
  }

  /** Both maps are in time order, so expired entries sit at the front. */
  #sweep(now: number): void {
    for (const [key, c] of this.#counters) {
      if (now - c.lastFailureAt <= this.settings.windowMs) break;
      this.#counters.delete(key);
    }
    for (const [key, until] of this.#blocked) {
      if (until > now) break;
      this.#blocked.delete(key);
    }
  }
}
