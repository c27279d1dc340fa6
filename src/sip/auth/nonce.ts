// Nonces that any app server holding the secret can verify without shared state, and a
// bounded ledger of the nonce-counts already used, so that a captured request cannot be
// played again (RFC 2617 §3.2.1 and §4.5, RFC 7616 §3.3 and §5.8).
//
// Format, base64url of 36 bytes (48 characters, no padding):
//   version (1) | issued-at, ms since the epoch, big-endian (6) | random (13) | MAC (16)
// MAC = first 16 bytes of HMAC-SHA-256(secret, version | issued-at | random | realm).
// The realm is inside the MAC, so a nonce issued for one realm is worthless in another.
import { createHmac, timingSafeEqual } from 'node:crypto';

const VERSION = 1;
const TS_BYTES = 6;
const RANDOM_BYTES = 13;
const MAC_BYTES = 16;
const NONCE_BYTES = 1 + TS_BYTES + RANDOM_BYTES + MAC_BYTES;
const NONCE_SHAPE = /^[A-Za-z0-9_-]{48}$/;

export type NonceCheck =
  | { state: 'fresh'; issuedAt: number; expiresAt: number }
  | { state: 'stale'; issuedAt: number; expiresAt: number }
  | { state: 'invalid' };

export interface NonceIssuerOptions {
  secret: Uint8Array;
  realm: string;
  lifetimeMs: number;
  /** A nonce stamped this far in the future is still accepted (clocks of several app servers). */
  clockSkewMs: number;
  randomBytes: (n: number) => Uint8Array;
}

export class NonceIssuer {
  readonly #o: NonceIssuerOptions;

  constructor(options: NonceIssuerOptions) {
    this.#o = options;
  }

  #mac(body: Uint8Array): Buffer {
    return createHmac('sha256', this.#o.secret).update(body).update(this.#o.realm, 'utf8').digest().subarray(0, MAC_BYTES);
  }

  mint(now: number): string {
    const buf = Buffer.alloc(NONCE_BYTES);
    buf[0] = VERSION;
    buf.writeUIntBE(Math.max(0, Math.floor(now)), 1, TS_BYTES);
    buf.set(this.#o.randomBytes(RANDOM_BYTES).subarray(0, RANDOM_BYTES), 1 + TS_BYTES);
    const bodyEnd = 1 + TS_BYTES + RANDOM_BYTES;
    this.#mac(buf.subarray(0, bodyEnd)).copy(buf, bodyEnd);
    return buf.toString('base64url');
  }

  check(nonce: string, now: number): NonceCheck {
    // Buffer's base64url decoder skips characters it does not know; check the shape first.
    if (!NONCE_SHAPE.test(nonce)) return { state: 'invalid' };
    const buf = Buffer.from(nonce, 'base64url');
    if (buf.length !== NONCE_BYTES || buf[0] !== VERSION) return { state: 'invalid' };
    const bodyEnd = 1 + TS_BYTES + RANDOM_BYTES;
    if (!timingSafeEqual(this.#mac(buf.subarray(0, bodyEnd)), buf.subarray(bodyEnd))) return { state: 'invalid' };
    const issuedAt = buf.readUIntBE(1, TS_BYTES);
    const expiresAt = issuedAt + this.#o.lifetimeMs;
    if (issuedAt > now + this.#o.clockSkewMs) return { state: 'invalid' };
    return { state: now >= expiresAt ? 'stale' : 'fresh', issuedAt, expiresAt };
  }
}

export type CountUse = 'ok' | 'replay' | 'forgotten';

interface Entry {
  issuedAt: number;
  expiresAt: number;
  counts: Set<number>;
}

/**
 * Which (nonce, nc) pairs have been accepted. Entries are made only after a correct
 * response, so unauthenticated traffic cannot fill this table. Memory is bounded twice:
 * at most `maxNonces` nonces and `maxCountsPerNonce` counts per nonce. When a nonce must
 * be evicted early, every nonce issued at or before it that is not in the table is from
 * then on answered as 'forgotten' (the caller re-challenges with stale=true), so eviction
 * never opens a replay.
 */
export class NonceCountLedger {
  readonly #entries = new Map<string, Entry>();
  readonly #maxNonces: number;
  readonly #maxCounts: number;
  readonly #sweepEveryMs: number;
  #forgetUpTo = -Infinity;
  #nextSweep = -Infinity;

  constructor(maxNonces: number, maxCountsPerNonce: number, sweepEveryMs: number) {
    this.#maxNonces = maxNonces;
    this.#maxCounts = maxCountsPerNonce;
    this.#sweepEveryMs = sweepEveryMs;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Records nonce-count `nc` (0 for an RFC 2069 request, which may use its nonce once). */
  use(nonce: string, issuedAt: number, expiresAt: number, nc: number, now: number): CountUse {
    this.#sweep(now);
    let entry = this.#entries.get(nonce);
    if (!entry) {
      if (issuedAt <= this.#forgetUpTo) return 'forgotten';
      entry = { issuedAt, expiresAt, counts: new Set() };
      this.#entries.set(nonce, entry);
      this.#evictOverflow();
    }
    if (entry.counts.has(nc)) return 'replay';
    if (entry.counts.size >= this.#maxCounts) return 'forgotten';
    entry.counts.add(nc);
    return 'ok';
  }

  #evictOverflow(): void {
    for (const [nonce, entry] of this.#entries) {
      if (this.#entries.size <= this.#maxNonces) break;
      this.#forget(nonce, entry);
    }
  }

  #forget(nonce: string, entry: Entry): void {
    this.#entries.delete(nonce);
    this.#forgetUpTo = Math.max(this.#forgetUpTo, entry.issuedAt);
  }

  /**
   * Expired nonces are answered 'stale' before they reach the ledger, so they can go. They
   * raise the forget mark too: with one lifetime for all nonces, everything issued before an
   * expired nonce has expired as well, and a clock stepping back cannot revive a replay.
   */
  #sweep(now: number): void {
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + this.#sweepEveryMs;
    for (const [nonce, entry] of this.#entries) {
      if (entry.expiresAt <= now) this.#forget(nonce, entry);
    }
  }
}
