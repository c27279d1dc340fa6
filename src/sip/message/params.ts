// Parameters: `;name=value` lists on header values (generic-param) and inside URIs.
// Names are case-insensitive (RFC 3261 7.3.1); the spelling first given is kept for output.
import { isIn, isToken, readQuoted, skipWs, TOKEN, trimWs } from './syntax.js';
import { sipError } from './problems.js';

/** `undefined` = absent, `null` = present without a value (`;lr`), else the value. */
export type ParamValue = string | null;

export class SipParams {
  // name as given, its lower case for lookups, value
  private readonly list: [string, string, ParamValue][] = [];

  constructor(entries?: Iterable<readonly [string, ParamValue]>) {
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }

  private indexOf(name: string): number {
    const lower = name.toLowerCase();
    for (let i = 0; i < this.list.length; i++) if ((this.list[i] as [string, string, ParamValue])[1] === lower) return i;
    return -1;
  }

  /** The first parameter of that name (a repeated name keeps all its occurrences). */
  get(name: string): ParamValue | undefined {
    const i = this.indexOf(name);
    return i < 0 ? undefined : (this.list[i] as [string, string, ParamValue])[2];
  }

  has(name: string): boolean {
    return this.indexOf(name) >= 0;
  }

  /** Adds or replaces a parameter; `null` makes it valueless (`;lr`). */
  set(name: string, value: ParamValue = null): this {
    const i = this.indexOf(name);
    if (i < 0) this.list.push([name, name.toLowerCase(), value]);
    else (this.list[i] as [string, string, ParamValue])[2] = value;
    return this;
  }

  /** @internal Adds without looking for an existing one: parsing stays linear. */
  add(name: string, value: ParamValue): void {
    this.list.push([name, name.toLowerCase(), value]);
  }

  delete(name: string): boolean {
    const i = this.indexOf(name);
    if (i >= 0) this.list.splice(i, 1);
    return i >= 0;
  }

  get size(): number {
    return this.list.length;
  }

  entries(): IterableIterator<[string, ParamValue]> {
    return this.list.map((e) => [e[0], e[2]] as [string, ParamValue])[Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<[string, ParamValue]> {
    return this.entries();
  }

  clone(): SipParams {
    const copy = new SipParams();
    for (const [name, , value] of this.list) copy.add(name, value);
    return copy;
  }
}

/** Removes the quotes and quoted-pairs of a quoted-string parameter value; others as-is. */
export function unquoteParam(value: ParamValue | undefined): string | undefined {
  if (value == null) return undefined;
  if (value.charCodeAt(0) !== 0x22) return value;
  return readQuoted(value, 0)?.value;
}

/**
 * Reads `*( SEMI generic-param )` from `s` at `i` to the end of `s`:
 * generic-param = token [ EQUAL gen-value ]; gen-value = token / host / quoted-string.
 * LWS is allowed around ";" and "=". Returns undefined on a syntax error.
 */
export function parseHeaderParams(s: string, i: number, into = new SipParams()): SipParams | undefined {
  for (;;) {
    i = skipWs(s, i);
    if (i >= s.length) return into;
    if (s.charCodeAt(i) !== 0x3b) return undefined;
    i = skipWs(s, i + 1);
    const nameStart = i;
    while (i < s.length && isIn(TOKEN, s.charCodeAt(i))) i++;
    if (i === nameStart) return undefined; // ";;" or ";" at the end (RFC 4475 3.1.2.1)
    const name = s.slice(nameStart, i);
    i = skipWs(s, i);
    if (s.charCodeAt(i) !== 0x3d) {
      into.add(name, null);
      continue;
    }
    i = skipWs(s, i + 1);
    const valueStart = i;
    const c = s.charCodeAt(i);
    if (c === 0x22) {
      const q = readQuoted(s, i);
      if (!q) return undefined;
      i = q.end;
    } else if (c === 0x5b) {
      // IPv6reference as a host value, e.g. received=[2001:db8::1] or maddr=[::1]
      const close = s.indexOf(']', i);
      if (close < 0 || !isIpv6(s.slice(i + 1, close))) return undefined;
      i = close + 1;
    } else {
      // token / host; ":" too, for the bare IPv6address of via-received (RFC 3261 25.1, RFC 5118)
      while (i < s.length && (isIn(TOKEN, s.charCodeAt(i)) || s.charCodeAt(i) === 0x3a)) i++;
    }
    if (i === valueStart) return undefined;
    into.add(name, s.slice(valueStart, i));
  }
}

const IPV6_CHARS = /^[0-9A-Fa-f:.]+$/;

/** IPv6address (RFC 3261 25.1, including an embedded IPv4 tail), without brackets. */
export function isIpv6(s: string): boolean {
  if (s.length < 2 || s.length > 45 || !IPV6_CHARS.test(s)) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const all = halves.flatMap(groups);
  let count = all.length;
  const last = all[all.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!isIpv4(last)) return false;
    all.pop();
    count += 1; // an IPv4 tail fills two groups
  }
  if (!all.every((g) => g.length >= 1 && g.length <= 4 && !g.includes('.'))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

export function isIpv4(s: string): boolean {
  // four dot-separated decimal octets; scanned without allocating (hot path of isHost)
  let dots = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || ++dots > 3) return false;
      digits = 0;
      value = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      if (++digits > 3 || value > 255) return false;
    } else return false;
  }
  return dots === 3 && digits > 0;
}

/**
 * host = hostname / IPv4address / IPv6reference (RFC 3261 25.1). Hostname labels must
 * start and end with an alphanumeric; the top label may not start with a digit, which is
 * what tells "192.0.2.1" (an address) from a name.
 */
export function isHost(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  if (s.charCodeAt(0) === 0x5b) return s.charCodeAt(n - 1) === 0x5d && isIpv6(s.slice(1, -1));
  const end = s.charCodeAt(n - 1) === 0x2e ? n - 1 : n; // a trailing dot is allowed
  let labelStart = 0;
  let topStartsWithDigit = false;
  for (let i = 0; i <= end; i++) {
    const c = i < end ? s.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      const len = i - labelStart;
      if (len === 0 || len > 63 || s.charCodeAt(i - 1) === 0x2d) return false;
      topStartsWithDigit = isDigitCode(s.charCodeAt(labelStart));
      labelStart = i + 1;
      continue;
    }
    const alnum = isDigitCode(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (!alnum && !(c === 0x2d && i > labelStart)) return false;
  }
  // a top label starting with a digit is only valid as part of an IPv4 address
  return topStartsWithDigit ? isIpv4(s) : true;
}

function isDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * A gen-value we can put on the wire without changing the message structure: exactly what
 * parseHeaderParams accepts (token / host / quoted-string, plus ":" for IPv6 addresses), so
 * every parsed value can be written back.
 */
export function isGenValue(v: string): boolean {
  const c0 = v.charCodeAt(0);
  if (c0 === 0x22) {
    const q = readQuoted(v, 0);
    return q !== undefined && q.end === v.length;
  }
  if (c0 === 0x5b) return v.charCodeAt(v.length - 1) === 0x5d && isIpv6(v.slice(1, -1));
  if (v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (!isIn(TOKEN, c) && c !== 0x3a) return false;
  }
  return true;
}

/** `;name=value` for header values; throws when a name or value would break the syntax. */
export function formatHeaderParams(params: SipParams): string {
  let out = '';
  for (const [name, value] of params) {
    if (!isToken(name)) sipError('sip.value.invalid', `parameter name ${JSON.stringify(name)}`);
    if (value === null) out += ';' + name;
    else {
      if (!isGenValue(value)) sipError('sip.value.invalid', `value of parameter ${name}: ${JSON.stringify(value)}`);
      out += ';' + name + '=' + value;
    }
  }
  return out;
}

/** Trims and parses a whole value made of parameters only, e.g. for tests and Replaces. */
export function parseParamList(s: string): SipParams | undefined {
  return parseHeaderParams(';' + trimWs(s), 0);
}
