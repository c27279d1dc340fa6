// Digest computations: HA1, HA2, request-digest, userhash.
//
// RFC 2617 §3.2.2.1-3 (MD5, qop auth and auth-int, the RFC 2069 form without qop),
// RFC 7616 §3.4.1-3.4.4 (SHA-256, SHA-512-256, the -sess variants, userhash),
// RFC 8760 §2.1 (the same algorithms for SIP). Text is hashed as UTF-8.
import { createHash, getHashes } from 'node:crypto';

export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess' | 'SHA-512-256' | 'SHA-512-256-sess';
export type BaseAlgorithm = 'MD5' | 'SHA-256' | 'SHA-512-256';
export type Qop = 'auth' | 'auth-int';

const NODE_HASH: Record<BaseAlgorithm, string> = { MD5: 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' };

export const ALL_ALGORITHMS: readonly DigestAlgorithm[] = [
  'SHA-512-256', 'SHA-512-256-sess', 'SHA-256', 'SHA-256-sess', 'MD5', 'MD5-sess',
];

/** The algorithm named by a challenge or credentials token; absent means MD5 (RFC 2617 §3.2.1). */
export function parseAlgorithm(token: string | undefined): DigestAlgorithm | undefined {
  if (token === undefined) return 'MD5';
  const lower = token.toLowerCase();
  return ALL_ALGORITHMS.find((a) => a.toLowerCase() === lower);
}

export function isSessionAlgorithm(a: DigestAlgorithm): boolean {
  return a.endsWith('-sess');
}

/** The hash under an algorithm: stored HA1 values are per base algorithm. */
export function baseAlgorithm(a: DigestAlgorithm): BaseAlgorithm {
  return a.replace(/-sess$/, '') as BaseAlgorithm;
}

let available: Set<string> | undefined;

/** SHA-512/256 depends on the OpenSSL that node was built with. */
export function isAlgorithmAvailable(a: DigestAlgorithm): boolean {
  available ??= new Set(getHashes());
  return available.has(NODE_HASH[baseAlgorithm(a)]);
}

/** Lower-case hex digest of UTF-8 text or raw bytes. */
export function hashHex(a: DigestAlgorithm, data: string | Uint8Array): string {
  return createHash(NODE_HASH[baseAlgorithm(a)]).update(data).digest('hex');
}

/**
 * HA1 = H(username:realm:password), what we store instead of a password (RFC 2617 §3.2.2.2,
 * RFC 7616 §3.4.2). For a -sess algorithm this is the stored part; the per-nonce session key
 * is derived in computeResponse.
 */
export function computeHA1(algorithm: DigestAlgorithm, user: string, realm: string, password: string): string {
  return hashHex(algorithm, `${user}:${realm}:${password}`);
}

/** RFC 7616 §3.4.4: the username sent when the server asked for userhash. */
export function computeUserhash(algorithm: DigestAlgorithm, user: string, realm: string): string {
  return hashHex(algorithm, `${user}:${realm}`);
}

export interface ResponseInput {
  algorithm: DigestAlgorithm;
  /** The stored HA1 for the base algorithm. */
  ha1: string;
  nonce: string;
  method: string;
  uri: string;
  /** Absent: RFC 2069 style (no cnonce, no nc). */
  qop?: Qop;
  /** 8 hex digits, with qop. */
  nc?: string;
  cnonce?: string;
  /** Message body, for qop=auth-int; absent means empty (RFC 3261 §22.4). */
  body?: string | Uint8Array;
}

/** request-digest (RFC 2617 §3.2.2.1, RFC 7616 §3.4.1). */
export function computeResponse(r: ResponseInput): string {
  const h = (s: string): string => hashHex(r.algorithm, s);
  const cnonce = r.cnonce ?? '';
  // -sess: A1 = H(user:realm:pass):nonce:cnonce, with the inner hash in hex (RFC 7616 §3.4.2).
  const ha1 = isSessionAlgorithm(r.algorithm) ? h(`${r.ha1}:${r.nonce}:${cnonce}`) : r.ha1;
  const a2 = r.qop === 'auth-int' ? `${r.method}:${r.uri}:${hashHex(r.algorithm, r.body ?? '')}` : `${r.method}:${r.uri}`;
  const ha2 = h(a2);
  if (r.qop === undefined) return h(`${ha1}:${r.nonce}:${ha2}`);
  return h(`${ha1}:${r.nonce}:${r.nc ?? ''}:${cnonce}:${r.qop}:${ha2}`);
}
