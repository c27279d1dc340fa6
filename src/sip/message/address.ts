// name-addr and addr-spec values: From, To, Contact, Route, Record-Route, Refer-To,
// Referred-By (RFC 3261 20.10, 20.20, 20.39; grammar 25.1).
import { formatHeaderParams, parseHeaderParams, SipParams, unquoteParam } from './params.js';
import { sipError } from './problems.js';
import { hasCrLf, isIn, isWs, parseUint, quote, readQuoted, skipWs, TOKEN } from './syntax.js';
import { readUri, type Uri } from './uri.js';

export class NameAddress {
  /** Display name without quotes or escapes; undefined when there is none. */
  displayName: string | undefined;
  uri: Uri;
  /** Header parameters (tag, expires, q, ...); values raw (quoted strings keep quotes). */
  params: SipParams;

  constructor(uri: Uri, displayName?: string, params: SipParams = new SipParams()) {
    this.uri = uri;
    this.displayName = displayName;
    this.params = params;
  }

  get tag(): string | undefined {
    return unquoteParam(this.params.get('tag'));
  }

  set tag(value: string | undefined) {
    if (value === undefined) this.params.delete('tag');
    else this.params.set('tag', value);
  }

  /** Contact expires parameter; undefined when absent or beyond 2^32-1 (RFC 4475 3.1.2.4). */
  get expires(): number | undefined {
    const v = unquoteParam(this.params.get('expires'));
    return v === undefined ? undefined : parseUint(v, 0xffffffff);
  }

  /** Contact q value in [0, 1]; undefined when absent or malformed. */
  get q(): number | undefined {
    const v = unquoteParam(this.params.get('q'));
    if (v === undefined || !/^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(v)) return undefined;
    return Number(v);
  }

  clone(): NameAddress {
    const uri = this.uri.kind === 'sip' ? this.uri.clone() : this.uri;
    return new NameAddress(uri, this.displayName, this.params.clone());
  }

  /**
   * Always the name-addr form with <>, which is unambiguous for any URI. The display name
   * is always quoted and escaped, so it cannot end the value or add a header line; CR and
   * LF cannot be carried at all and make this throw.
   */
  toString(): string {
    let s = '';
    if (this.displayName !== undefined && this.displayName !== '') {
      if (hasCrLf(this.displayName)) sipError('sip.header.crlf', `display name ${JSON.stringify(this.displayName)}`);
      s = quote(this.displayName) + ' ';
    }
    return s + '<' + this.uri.toString() + '>' + formatHeaderParams(this.params);
  }
}

const SCHEME_PREFIX = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * Parses one name-addr or addr-spec with its header parameters. Returns a NameAddress or
 * an English description of what is wrong.
 */
export function readNameAddress(s: string): NameAddress | string {
  let i = skipWs(s, 0);
  let displayName: string | undefined;
  if (s.charCodeAt(i) === 0x22) {
    const q = readQuoted(s, i);
    if (!q) return 'unterminated or invalid quoted display name'; // RFC 4475 3.1.2.6
    displayName = q.value;
    i = skipWs(s, q.end);
    if (s.charCodeAt(i) !== 0x3c) return 'display name not followed by <URI>';
  } else if (s.charCodeAt(i) !== 0x3c) {
    if (SCHEME_PREFIX.test(s.slice(i, i + 64))) return readAddrSpec(s, i);
    // display-name = *(token LWS): tokens separated by whitespace up to "<"
    // (RFC 4475 3.1.1.6 accepts no whitespace before "<").
    const start = i;
    while (i < s.length && s.charCodeAt(i) !== 0x3c) {
      const c = s.charCodeAt(i);
      if (!isIn(TOKEN, c) && !isWs(c)) return 'display name has characters outside token; it must be quoted'; // 3.1.2.15
      i++;
    }
    if (i >= s.length) return 'missing <URI>';
    displayName = s.slice(start, i).trim().replace(/[ \t]+/g, ' ');
  }
  // LAQUOT addr-spec RAQUOT: no whitespace inside the brackets (RFC 4475 3.1.2.14)
  const close = s.indexOf('>', i + 1);
  if (close < 0) return 'missing >';
  const uri = readUri(s.slice(i + 1, close));
  if (!uri) return `invalid URI ${JSON.stringify(s.slice(i + 1, close))}`;
  const params = parseHeaderParams(s, close + 1);
  if (!params) return 'invalid header parameters';
  return new NameAddress(uri, displayName, params);
}

function readAddrSpec(s: string, i: number): NameAddress | string {
  // Without <>, everything after the first ";" is a header parameter, not a URI parameter,
  // and a URI holding "," "?" or ";" would have needed <> (RFC 3261 20.10; RFC 4475 3.1.2.13).
  let end = i;
  while (end < s.length) {
    const c = s.charCodeAt(end);
    if (c === 0x3b || isWs(c)) break;
    end++;
  }
  const text = s.slice(i, end);
  if (text.includes('?') || text.includes(',')) return 'a URI with "?" or "," must be enclosed in <>';
  const uri = readUri(text);
  if (!uri) return `invalid URI ${JSON.stringify(text)}`;
  const params = parseHeaderParams(s, end);
  if (!params) return 'invalid header parameters';
  return new NameAddress(uri, undefined, params);
}
