// The Via header (RFC 3261 20.42, grammar 25.1) with rport from RFC 3581.
import { formatHeaderParams, isHost, isIpv4, isIpv6, parseHeaderParams, SipParams } from './params.js';
import { sipError } from './problems.js';
import { isIn, isToken, parseUint, skipWs, TOKEN } from './syntax.js';

/** The magic cookie that marks an RFC 3261 branch (8.1.1.7). */
export const BRANCH_COOKIE = 'z9hG4bK';

export interface ViaInit {
  transport: string;
  host: string;
  port?: number;
  params?: SipParams | Iterable<readonly [string, string | null]>;
  /** Shorthand for params.branch. */
  branch?: string;
  /** Shorthand for a valueless rport parameter (RFC 3581 3: the client asks for it). */
  rport?: boolean;
}

export class Via {
  protocol = 'SIP';
  version = '2.0';
  /** Upper case: UDP, TCP, TLS, SCTP, WS, WSS or any extension token. */
  transport: string;
  /** sent-by host as written (IPv6 in brackets). */
  host: string;
  port: number | undefined;
  params: SipParams;

  constructor(init: ViaInit) {
    this.transport = init.transport.toUpperCase();
    this.host = init.host;
    this.port = init.port;
    this.params = init.params instanceof SipParams ? init.params : new SipParams(init.params);
    if (init.branch !== undefined) this.params.set('branch', init.branch);
    if (init.rport) this.params.set('rport', null);
  }

  get branch(): string | undefined {
    return this.params.get('branch') ?? undefined;
  }

  set branch(value: string | undefined) {
    if (value === undefined) this.params.delete('branch');
    else this.params.set('branch', value);
  }

  /** True when the branch carries the RFC 3261 magic cookie (and something after it). */
  get isRfc3261Branch(): boolean {
    const b = this.branch;
    return b !== undefined && b.length > BRANCH_COOKIE.length && b.startsWith(BRANCH_COOKIE);
  }

  get received(): string | undefined {
    return this.params.get('received') ?? undefined;
  }

  set received(value: string | undefined) {
    if (value === undefined) this.params.delete('received');
    else this.params.set('received', value);
  }

  /**
   * RFC 3581: `null` when the client asked for rport (valueless), a number once a server
   * filled it in, undefined when absent.
   */
  get rport(): number | null | undefined {
    const v = this.params.get('rport');
    if (v === undefined || v === null) return v;
    return parseUint(v, 65535);
  }

  set rport(value: number | null | undefined) {
    if (value === undefined) this.params.delete('rport');
    else this.params.set('rport', value === null ? null : String(value));
  }

  get maddr(): string | undefined {
    return this.params.get('maddr') ?? undefined;
  }

  get ttl(): number | undefined {
    const v = this.params.get('ttl');
    return v == null ? undefined : parseUint(v, 255);
  }

  clone(): Via {
    return new Via({ transport: this.transport, host: this.host, port: this.port, params: this.params.clone() });
  }

  toString(): string {
    if (!isToken(this.transport)) sipError('sip.value.invalid', `Via transport ${JSON.stringify(this.transport)}`);
    if (!isHost(this.host)) sipError('sip.value.invalid', `Via host ${JSON.stringify(this.host)}`);
    let s = `${this.protocol}/${this.version}/${this.transport} ${this.host}`;
    if (this.port !== undefined) s += ':' + this.port;
    return s + formatHeaderParams(this.params);
  }
}

function readToken(s: string, i: number): number {
  while (i < s.length && isIn(TOKEN, s.charCodeAt(i))) i++;
  return i;
}

/**
 * via-parm = sent-protocol LWS sent-by *( SEMI via-params ), where SLASH and COLON allow
 * LWS around them (RFC 4475 3.1.1.1 folds a Via over three lines).
 * Returns a Via or an English description of the error.
 */
export function readVia(s: string): Via | string {
  const parts: string[] = [];
  let i = skipWs(s, 0);
  for (let k = 0; k < 3; k++) {
    if (k > 0) {
      i = skipWs(s, i);
      if (s.charCodeAt(i) !== 0x2f) return 'sent-protocol must be name/version/transport';
      i = skipWs(s, i + 1);
    }
    const end = readToken(s, i);
    if (end === i) return 'sent-protocol must be name/version/transport';
    parts.push(s.slice(i, end));
    i = end;
  }
  const afterProtocol = i;
  i = skipWs(s, i);
  if (i === afterProtocol) return 'missing whitespace before sent-by';
  let hostEnd: number;
  if (s.charCodeAt(i) === 0x5b) {
    hostEnd = s.indexOf(']', i) + 1;
    if (hostEnd === 0) return 'unterminated IPv6 reference';
  } else {
    hostEnd = i;
    while (hostEnd < s.length) {
      const c = s.charCodeAt(hostEnd);
      if (c === 0x3a || c === 0x3b || c === 0x20 || c === 0x09) break;
      hostEnd++;
    }
  }
  const host = s.slice(i, hostEnd);
  if (!isHost(host)) return `invalid sent-by host ${JSON.stringify(host)}`;
  i = skipWs(s, hostEnd);
  let port: number | undefined;
  if (s.charCodeAt(i) === 0x3a) {
    i = skipWs(s, i + 1);
    const start = i;
    while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
    port = parseUint(s.slice(start, i), 65535);
    if (port === undefined) return 'invalid sent-by port';
  }
  const params = parseHeaderParams(s, i);
  if (!params) return 'invalid Via parameters';
  const via = new Via({ transport: parts[2] as string, host, port, params });
  via.protocol = parts[0] as string;
  via.version = parts[1] as string;
  // Typed via-params (RFC 3261 25.1, RFC 3581 3)
  const ttl = params.get('ttl');
  if (ttl !== undefined && (ttl === null || parseUint(ttl, 255) === undefined)) return 'ttl must be 0-255';
  const maddr = params.get('maddr');
  if (maddr !== undefined && (maddr === null || !isHost(maddr))) return 'maddr must be a host';
  const received = params.get('received');
  if (received !== undefined) {
    const bare = received?.startsWith('[') ? received.slice(1, -1) : received;
    if (bare == null || !(isIpv4(bare) || isIpv6(bare))) return 'received must be an IP address';
  }
  const branch = params.get('branch');
  if (branch !== undefined && (branch === null || !isToken(branch))) return 'branch must be a token';
  const rport = params.get('rport');
  if (rport !== undefined && rport !== null && parseUint(rport, 65535) === undefined) return 'rport must be a port number';
  return via;
}
