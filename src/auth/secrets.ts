// Passwords and PIN codes are stored only as scrypt hashes (P-SEC-1); tokens (sessions,
// API tokens) only as SHA-256 digests, so a copy of the database gives no way in.
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

function scrypt(secret: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(secret.normalize('NFC'), salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

// OWASP's scrypt minimum is N=2^17 with r=8; 2^15 keeps a login near 50 ms on the 2-core
// reference machine while still costing an attacker 32 MiB per guess. Stored with the hash,
// so it can be raised later without invalidating existing hashes.
const DEFAULT = { N: 1 << 15, r: 8, p: 1, keylen: 32 };

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(secret, salt, DEFAULT.keylen, { N: DEFAULT.N, r: DEFAULT.r, p: DEFAULT.p, maxmem: 256 * DEFAULT.N * DEFAULT.r });
  return `scrypt$${DEFAULT.N}$${DEFAULT.r}$${DEFAULT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

// A fixed hash to verify against when the user does not exist, so that the time taken does
// not tell whether an account exists.
let dummyHash: Promise<string> | undefined;

export async function verifySecret(secret: string, stored: string | null | undefined): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashSecret('not-a-real-password');
    await verifySecret(secret, await dummyHash);
    return false;
  }
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const N = Number(n), R = Number(r), P = Number(p);
  const expected = Buffer.from(keyB64, 'base64url');
  const key = await scrypt(secret, Buffer.from(saltB64, 'base64url'), expected.length, { N, r: R, p: P, maxmem: 256 * N * R });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A random token for a session or an API token, URL-safe. */
export function newToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function digestToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
