// URIs: SIP and SIPS URIs in full (RFC 3261 19.1, grammar 25.1), every other scheme
// (tel:, http:, urn:, ...) kept as an opaque absoluteURI with its scheme.
import { fail, ok, type Result } from '../../core/errors.js';
import { SipParams, isHost } from './params.js';
import { sipError, sipProblem } from './problems.js';
import { escape, HNV, isIn, PARAMCHAR, parseUint, PASSWORD, SCHEME, unescape, URIC, USER } from './syntax.js';

export interface SipUriInit {
  scheme?: 'sip' | 'sips';
  user?: string;
  password?: string;
  host: string;
  port?: number;
  params?: SipParams | Iterable<readonly [string, string | null]>;
  headers?: SipParams | Iterable<readonly [string, string | null]>;
}

/**
 * A sip: or sips: URI. `user`, `password` and parameter and header values hold the
 * unescaped text (`%41` is stored as `A`); toString() escapes again, so the output is
 * canonical rather than byte-identical. `host` is kept as written (IPv6 with brackets).
 */
export class SipUri {
  readonly kind = 'sip' as const;
  scheme: 'sip' | 'sips';
  user: string | undefined;
  password: string | undefined;
  host: string;
  port: number | undefined;
  /** uri-parameters; `null` value = valueless (`;lr`). */
  params: SipParams;
  /** `?name=value&...` headers (RFC 3261 19.1.1); values are never null. */
  headers: SipParams;

  constructor(init: SipUriInit) {
    this.scheme = init.scheme ?? 'sip';
    this.user = init.user;
    this.password = init.password;
    this.host = init.host;
    this.port = init.port;
    this.params = init.params instanceof SipParams ? init.params : new SipParams(init.params);
    this.headers = init.headers instanceof SipParams ? init.headers : new SipParams(init.headers);
  }

  /** transport parameter in lower case, if any. */
  get transport(): string | undefined {
    return this.params.get('transport')?.toLowerCase() ?? undefined;
  }

  /** Loose-routing flag (RFC 3261 19.1.1, 16.12). */
  get lr(): boolean {
    return this.params.has('lr');
  }

  get maddr(): string | undefined {
    return this.params.get('maddr') ?? undefined;
  }

  /** Host without IPv6 brackets, ready for a socket call. */
  get hostAddress(): string {
    return this.host.startsWith('[') ? this.host.slice(1, -1) : this.host;
  }

  clone(): SipUri {
    return new SipUri({ ...this, params: this.params.clone(), headers: this.headers.clone() });
  }

  equals(other: Uri): boolean {
    return uriEquals(this, other);
  }

  /** Canonical text; throws a DomainError when the host or port cannot be written. */
  toString(): string {
    if (!isHost(this.host)) sipError('sip.uri.invalid', `host ${JSON.stringify(this.host)}`);
    let s = this.scheme + ':';
    if (this.user !== undefined && this.user !== '') {
      s += escape(this.user, USER);
      if (this.password !== undefined) s += ':' + escape(this.password, PASSWORD);
      s += '@';
    }
    s += this.host;
    if (this.port !== undefined) {
      if (!Number.isInteger(this.port) || this.port < 0 || this.port > 65535) sipError('sip.uri.invalid', `port ${this.port}`);
      s += ':' + this.port;
    }
    for (const [name, value] of this.params) {
      if (name === '') sipError('sip.uri.invalid', 'empty parameter name');
      s += ';' + escape(name, PARAMCHAR);
      if (value !== null) s += '=' + escape(value, PARAMCHAR);
    }
    let sep = '?';
    for (const [name, value] of this.headers) {
      if (name === '') sipError('sip.uri.invalid', 'empty header name');
      s += sep + escape(name, HNV) + '=' + escape(value ?? '', HNV);
      sep = '&';
    }
    return s;
  }
}

/** Any other URI (absoluteURI in RFC 3261 25.1): scheme plus the rest, untouched. */
export class AbsoluteUri {
  readonly kind = 'absolute' as const;
  /** Lower case. */
  readonly scheme: string;
  /** Everything after the first colon, as received. */
  readonly opaque: string;

  constructor(scheme: string, opaque: string) {
    this.scheme = scheme.toLowerCase();
    this.opaque = opaque;
  }

  equals(other: Uri): boolean {
    return uriEquals(this, other);
  }

  toString(): string {
    if (!isScheme(this.scheme) || unescape(this.opaque, URIC) === undefined) {
      sipError('sip.uri.invalid', JSON.stringify(this.scheme + ':' + this.opaque));
    }
    return this.scheme + ':' + this.opaque;
  }
}

export type Uri = SipUri | AbsoluteUri;

function isScheme(s: string): boolean {
  if (s.length === 0) return false;
  const c0 = s.charCodeAt(0) | 0x20;
  if (c0 < 0x61 || c0 > 0x7a) return false;
  for (let i = 1; i < s.length; i++) if (!isIn(SCHEME, s.charCodeAt(i))) return false;
  return true;
}

/** Parses a URI; the fast path used by the message parser (undefined = syntax error). */
export function readUri(s: string): Uri | undefined {
  const colon = s.indexOf(':');
  if (colon <= 0) return undefined;
  const scheme = s.slice(0, colon);
  if (!isScheme(scheme)) return undefined;
  const lower = scheme.toLowerCase();
  if (lower === 'sip' || lower === 'sips') return readSipUri(lower, s, colon + 1);
  const rest = s.slice(colon + 1);
  // absoluteURI = scheme ":" ( hier-part / opaque-part ): at least one uric, no spaces, no <>"
  if (rest.length === 0 || unescape(rest, URIC) === undefined) return undefined;
  return new AbsoluteUri(lower, rest);
}

function readSipUri(scheme: 'sip' | 'sips', s: string, i: number): SipUri | undefined {
  let user: string | undefined;
  let password: string | undefined;
  // The user part may contain ; ? / but never an unescaped @, so the first @ ends it
  // (RFC 4475 3.1.1.9: sip:user;par=u%40example.net@example.com).
  const at = s.indexOf('@', i);
  if (at >= 0) {
    const userinfo = s.slice(i, at);
    const colon = userinfo.indexOf(':');
    const rawUser = colon < 0 ? userinfo : userinfo.slice(0, colon);
    user = unescape(rawUser, USER);
    if (user === undefined || rawUser.length === 0) return undefined;
    if (colon >= 0) {
      password = unescape(userinfo.slice(colon + 1), PASSWORD);
      if (password === undefined) return undefined;
    }
    i = at + 1;
  }
  // hostport
  let hostEnd: number;
  if (s.charCodeAt(i) === 0x5b) {
    hostEnd = s.indexOf(']', i);
    if (hostEnd < 0) return undefined;
    hostEnd++;
  } else {
    hostEnd = i;
    while (hostEnd < s.length) {
      const c = s.charCodeAt(hostEnd);
      if (c === 0x3a || c === 0x3b || c === 0x3f) break;
      hostEnd++;
    }
  }
  const host = s.slice(i, hostEnd);
  if (!isHost(host)) return undefined;
  i = hostEnd;
  let port: number | undefined;
  if (s.charCodeAt(i) === 0x3a) {
    let j = i + 1;
    while (j < s.length && s.charCodeAt(j) !== 0x3b && s.charCodeAt(j) !== 0x3f) j++;
    port = parseUint(s.slice(i + 1, j), 65535);
    if (port === undefined) return undefined;
    i = j;
  }
  const params = new SipParams();
  while (s.charCodeAt(i) === 0x3b) {
    let j = i + 1;
    while (j < s.length && s.charCodeAt(j) !== 0x3b && s.charCodeAt(j) !== 0x3f) j++;
    const param = s.slice(i + 1, j);
    const eq = param.indexOf('=');
    const name = unescape(eq < 0 ? param : param.slice(0, eq), PARAMCHAR);
    if (!name) return undefined; // pname = 1*paramchar
    let value: string | null = null;
    if (eq >= 0) {
      const v = unescape(param.slice(eq + 1), PARAMCHAR);
      if (!v) return undefined; // pvalue = 1*paramchar
      value = v;
    }
    params.add(name, value);
    i = j;
  }
  const headers = new SipParams();
  if (s.charCodeAt(i) === 0x3f) {
    for (const h of s.slice(i + 1).split('&')) {
      const eq = h.indexOf('=');
      if (eq <= 0) return undefined;
      const name = unescape(h.slice(0, eq), HNV);
      const value = eq + 1 === h.length ? '' : unescape(h.slice(eq + 1), HNV);
      if (name === undefined || value === undefined) return undefined;
      headers.add(name, value);
    }
    i = s.length;
  }
  if (i !== s.length) return undefined;
  return new SipUri({ scheme, user, password, host, port, params, headers });
}

/** Parses a URI: SIP/SIPS in structure, any other scheme as an opaque AbsoluteUri. */
export function parseUri(s: string): Result<Uri> {
  const uri = readUri(s);
  return uri ? ok(uri) : fail(sipProblem('sip.uri.invalid', JSON.stringify(s)));
}

/** Parses a sip:/sips: URI only. */
export function parseSipUri(s: string): Result<SipUri> {
  const uri = readUri(s);
  return uri instanceof SipUri ? ok(uri) : fail(sipProblem('sip.uri.invalid', `not a SIP URI: ${JSON.stringify(s)}`));
}

// uri-parameters that, when present in only one of two URIs, make them differ (19.1.4).
const STRICT_PARAMS = ['user', 'ttl', 'method', 'maddr', 'transport'];

function lowerOrNull(v: string | null | undefined): string | null | undefined {
  return typeof v === 'string' ? v.toLowerCase() : v;
}

/**
 * URI equality per RFC 3261 19.1.4: scheme, user and password compared exactly after
 * unescaping; host case-insensitively; an explicit port never equals an absent one;
 * user/ttl/method/maddr/transport must agree when either side has them; other
 * parameters only when both have them; headers must be present in both and agree.
 */
export function uriEquals(a: Uri, b: Uri): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'absolute' || b.kind === 'absolute') {
    return a.scheme === b.scheme && (a as AbsoluteUri).opaque === (b as AbsoluteUri).opaque;
  }
  if (a.scheme !== b.scheme) return false;
  if ((a.user ?? '') !== (b.user ?? '') || a.password !== b.password) return false;
  if (a.host.toLowerCase() !== b.host.toLowerCase() || a.port !== b.port) return false;
  for (const name of STRICT_PARAMS) {
    if (lowerOrNull(a.params.get(name)) !== lowerOrNull(b.params.get(name))) return false;
  }
  // maps, so that URIs with many parameters compare in linear time
  const bParams = new Map<string, string | null>();
  for (const [name, value] of b.params) if (!bParams.has(name.toLowerCase())) bParams.set(name.toLowerCase(), lowerOrNull(value) ?? null);
  for (const [name, value] of a.params) {
    const other = bParams.get(name.toLowerCase());
    if (other !== undefined && other !== lowerOrNull(value)) return false;
  }
  if (a.headers.size !== b.headers.size) return false;
  const bHeaders = new Map<string, string | null>();
  for (const [name, value] of b.headers) if (!bHeaders.has(name.toLowerCase())) bHeaders.set(name.toLowerCase(), value);
  for (const [name, value] of a.headers) {
    if (bHeaders.get(name.toLowerCase()) !== value) return false;
  }
  return true;
}
