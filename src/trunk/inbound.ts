// Reading an operator's INVITE: which number was dialled and who is calling, as E.164 where
// possible. Operators write numbers in several ways ("+46846500401", "046846500401",
// "0846500401", "46846500401", "tel:+46-8-465-004-01", a user part with ;phone-context);
// call control then maps the dialled number to a person, a function or the main number
// through routing's number plan (planCall).
import { normalizeNumber } from '../core/numbers/index.js';
import { readNameAddress, type Uri } from '../sip/message/index.js';

/** What call control passes for a new INVITE (the TrunkPort input, plus the identity headers). */
export interface InboundRequest {
  sourceAddress: string;
  sourcePort: number;
  requestUri: string;
  /** The To header value. */
  to: string;
  /** The From header value. */
  from: string;
  callId: string;
  /** P-Asserted-Identity values (RFC 3325 9.1), when the INVITE has any. */
  pAssertedIdentity?: readonly string[];
  /** The Privacy header value (RFC 3323 4.2), when present. */
  privacy?: string;
}

export const ANONYMOUS = 'anonymous';

/** What withheld callers' From users look like (RFC 3323 4.1.1.3 recommends "anonymous"). */
const WITHHELD_USER = /^(anonymous|anonym|unknown|unavailable|restricted|private|withheld)$/i;

/** Characters of a telephone number as written in SIP users and tel: URIs (RFC 3966 visual separators). */
const NUMBER_LIKE = /^\+?[\d\-.() ]+$/;

/**
 * A number from an operator in canonical form: E.164 for public numbers ("+46846500401"),
 * plain digits for what is not (a short number, an extension sent on its own). Undefined
 * when the text is not a number at all.
 */
export function trunkNumber(text: string): string | undefined {
  if (!NUMBER_LIKE.test(text)) return undefined;
  const n = normalizeNumber(text);
  if (!n.ok) return undefined;
  const value = n.value.value;
  if (n.value.form === 'e164') return value;
  // E.164 without the plus: 46 and a national significant number of 7-9 digits. No Swedish
  // short number or extension (at most 8 digits) has that shape.
  if (/^46\d{7,9}$/.test(value)) return '+' + value;
  return value;
}

/** The user part of a sip:/sips: URI or the number of a tel: URI, without parameters (RFC 3966 ;phone-context). */
export function userOf(uri: Uri): string | undefined {
  if (uri.kind === 'sip') return uri.user === undefined || uri.user === '' ? undefined : (uri.user.split(';')[0] ?? '');
  if (uri.scheme !== 'tel') return undefined;
  const number = uri.opaque.split(';')[0] ?? '';
  try {
    return decodeURIComponent(number);
  } catch {
    return number;
  }
}

function uriOfHeader(value: string): Uri | undefined {
  const na = readNameAddress(value);
  return typeof na === 'string' ? undefined : na.uri;
}

/**
 * The dialled number: the Request-URI's user, unless that is the contact user we registered
 * with (the operator then sends to our Contact, RFC 3261 10.2.1 / 16.5, and the number is in
 * To) or not a number; then the To user.
 */
export function dialledNumber(requestUri: Uri | undefined, to: string, contactUsers: readonly string[] = []): string {
  const fromRuri = requestUri ? userOf(requestUri) : undefined;
  if (fromRuri !== undefined && !contactUsers.includes(fromRuri)) {
    const n = trunkNumber(fromRuri);
    if (n !== undefined) return n;
  }
  const toUri = uriOfHeader(to);
  const toUser = toUri ? userOf(toUri) : undefined;
  const n = toUser === undefined ? undefined : trunkNumber(toUser);
  return n ?? fromRuri ?? toUser ?? '';
}

/** Did the caller ask that their identity be withheld (RFC 3323 4.2 'user'/'header', RFC 3325 9.3 'id')? */
export function identityWithheld(privacy: string | undefined): boolean {
  if (privacy === undefined) return false;
  return privacy.split(/[;,]/).map((t) => t.trim().toLowerCase()).some((t) => t === 'id' || t === 'user' || t === 'header');
}

function numberOfIdentity(uri: Uri | undefined): string | undefined {
  if (!uri) return undefined;
  const user = userOf(uri);
  if (uri.kind === 'sip' && uri.hostAddress.toLowerCase() === 'anonymous.invalid') return ANONYMOUS;
  if (user === undefined) return undefined;
  if (WITHHELD_USER.test(user)) return ANONYMOUS;
  return trunkNumber(user) ?? user;
}

/**
 * The calling number: P-Asserted-Identity (the operator vouches for it, RFC 3325) before
 * From, a tel: identity before a sip: one; 'anonymous' when the caller withheld it.
 */
export function callerNumber(from: string, pAssertedIdentity: readonly string[] = [], privacy?: string): string {
  if (identityWithheld(privacy)) return ANONYMOUS;
  const asserted = pAssertedIdentity.flatMap((v) => v.split(/,(?=\s*(?:<|"|tel:|sips?:))/)).map((v) => uriOfHeader(v.trim())).filter((u): u is Uri => u !== undefined);
  const ordered = [...asserted.filter((u) => u.kind !== 'sip'), ...asserted.filter((u) => u.kind === 'sip')];
  for (const uri of ordered) {
    const n = numberOfIdentity(uri);
    if (n !== undefined) return n;
  }
  return numberOfIdentity(uriOfHeader(from)) ?? ANONYMOUS;
}
