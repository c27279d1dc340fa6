// Test support for trunks: the digest response an operator expects, computed straight from
// RFC 2617 3.2.2 with node:crypto (not with our own auth module), so that a test of the
// registration client checks its Authorization against an independent computation.
import { createHash } from 'node:crypto';
import { parseCredentials } from '../sip/auth/index.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** Reads an Authorization value and says whether its MD5 response fits `password`; returns the fields. */
export function checkMd5Authorization(header: string, method: string, password: string) {
  const c = parseCredentials(header);
  if (!c.ok) throw new Error(`unreadable credentials: ${header}`);
  const v = c.value;
  const ha1 = md5(`${v.username}:${v.realm}:${password}`);
  const ha2 = md5(`${method}:${v.uri}`);
  const expected = v.qop === undefined ? md5(`${ha1}:${v.nonce}:${ha2}`) : md5(`${ha1}:${v.nonce}:${v.nc}:${v.cnonce}:${v.qop}:${ha2}`);
  return { ...v, expected, valid: v.response === expected };
}
