// What credentials.sip_ha1_json holds for a SIP password: HA1 = H(extension:realm:password)
// for each base algorithm we offer (RFC 8760), never the password itself.
import { computeHA1 } from '../auth/index.js';

/** The digest user name is the extension; the realm is the tenant's SIP domain (domains.ts). */
export function sipHa1Json(extension: string, realm: string, password: string): string {
  return JSON.stringify({
    MD5: computeHA1('MD5', extension, realm, password),
    'SHA-256': computeHA1('SHA-256', extension, realm, password),
  });
}
