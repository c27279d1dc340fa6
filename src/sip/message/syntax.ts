// Lexical building blocks of the RFC 3261 grammar (section 25.1): character classes,
// quoted strings, LWS, comma lists and %-escapes. Everything here works on JS strings
// holding the decoded header text; nothing allocates more than the result it returns.

function table(chars: string, alnum = true): Uint8Array {
  const t = new Uint8Array(128);
  if (alnum) {
    for (let c = 0x30; c <= 0x39; c++) t[c] = 1;
    for (let c = 0x41; c <= 0x5a; c++) t[c] = 1;
    for (let c = 0x61; c <= 0x7a; c++) t[c] = 1;
  }
  for (const ch of chars) t[ch.charCodeAt(0)] = 1;
  return t;
}

const MARK = "-_.!~*'()";
/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
export const TOKEN = table("-.!%*_+`'~");
/** word: token characters plus ( ) < > : \ DQUOTE / [ ] ? { } (Call-ID). */
export const WORD = table('-.!%*_+`\'~()<>:\\"/[]?{}');
export const UNRESERVED = table(MARK);
/** user = 1*(unreserved / escaped / user-unreserved) */
export const USER = table(MARK + '&=+$,;?/');
/** password = *(unreserved / escaped / "&" / "=" / "+" / "$" / ",") */
export const PASSWORD = table(MARK + '&=+$,');
/** paramchar = param-unreserved / unreserved / escaped */
export const PARAMCHAR = table(MARK + '[]/:&+$');
/** hname / hvalue = *(hnv-unreserved / unreserved / escaped) */
export const HNV = table(MARK + '[]/?:+$');
/** uric of absoluteURI: reserved / unreserved / escaped */
export const URIC = table(MARK + ';/?:@&=+$,');
export const SCHEME = table('+-.');
export const HOSTNAME = table('-.');
export const DIGIT = table('', false);
for (let c = 0x30; c <= 0x39; c++) DIGIT[c] = 1;

export function isIn(t: Uint8Array, code: number): boolean {
  return code < 128 && t[code] === 1;
}

/** True when every character of `s` is in the class (and `s` is not empty). */
export function allIn(t: Uint8Array, s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || t[c] !== 1) return false;
  }
  return true;
}

export function isToken(s: string): boolean {
  return allIn(TOKEN, s);
}

export function isDigits(s: string): boolean {
  return allIn(DIGIT, s);
}

/** Space or horizontal tab: after unfolding, all LWS is made of these. */
export function isWs(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

export function skipWs(s: string, i: number): number {
  while (i < s.length && isWs(s.charCodeAt(i))) i++;
  return i;
}

/** Trims SP and HTAB only (String.trim also eats other characters that matter here). */
export function trimWs(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isWs(s.charCodeAt(a))) a++;
  while (b > a && isWs(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * Reads a quoted-string starting at the DQUOTE at `i`. Returns the unescaped content and
 * the index after the closing quote, or undefined when it is unterminated or holds a
 * character that neither qdtext nor quoted-pair allows (RFC 3261 25.1).
 */
export function readQuoted(s: string, i: number): { value: string; end: number } | undefined {
  let out = '';
  let j = i + 1;
  let from = j;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === 0x22) return { value: out + s.slice(from, j), end: j + 1 };
    if (c === 0x5c) {
      // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
      const n = s.charCodeAt(j + 1);
      if (Number.isNaN(n) || n === 0x0a || n === 0x0d || n > 0x7f) return undefined;
      out += s.slice(from, j) + s[j + 1];
      j += 2;
      from = j;
      continue;
    }
    // qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII
    if (c < 0x20 && c !== 0x09) return undefined;
    if (c === 0x7f) return undefined;
    j++;
  }
  return undefined;
}

/** Index just past a quoted string that starts at `i`, or -1 when unterminated. */
export function skipQuoted(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 0x5c) j++;
    else if (c === 0x22) return j + 1;
  }
  return -1;
}

/**
 * Quotes a string for use as quoted-string. CR and LF cannot be carried by a quoted-string
 * (quoted-pair excludes them), so the caller must have rejected them; other control
 * characters, DQUOTE and backslash become quoted-pairs.
 */
export function quote(s: string): string {
  let out = '"';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || (c < 0x20 && c !== 0x09) || c === 0x7f) {
      out += s.slice(from, i) + '\\' + s[i];
      from = i + 1;
    }
  }
  return out + s.slice(from) + '"';
}

export function hasCrLf(s: string): boolean {
  return s.includes('\r') || s.includes('\n');
}

/**
 * Splits a header field value at commas that are outside quoted strings and <...>
 * (RFC 3261 7.3.1: a list `a, b` is equivalent to separate header lines). Elements are
 * trimmed; empty elements are kept so that callers can reject them where the grammar
 * does not allow them.
 */
export function splitList(value: string): string[] {
  if (!value.includes(',')) return [value];
  if (!value.includes('"') && !value.includes('<')) return value.split(',').map(trimWs); // e.g. Allow
  let parts: string[] | undefined;
  let from = 0;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x22) {
      const end = skipQuoted(value, i);
      if (end < 0) break; // unterminated: leave the rest whole for the typed parser to reject
      i = end - 1;
    } else if (c === 0x3c) angle = true;
    else if (c === 0x3e) angle = false;
    else if (c === 0x2c && !angle) {
      (parts ??= []).push(trimWs(value.slice(from, i)));
      from = i + 1;
    }
  }
  if (parts === undefined) return [value];
  parts.push(trimWs(value.slice(from)));
  return parts;
}

const HEX = '0123456789ABCDEF';

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * Checks that `s` consists of characters from `allowed` and well-formed %HH escapes, and
 * decodes it. Escaped octets are read as UTF-8 when they form valid UTF-8, otherwise one
 * character per octet (so %00 and %FF survive). Returns undefined on a syntax error.
 */
export function unescape(s: string, allowed: Uint8Array): string | undefined {
  let pct = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      if (hexValue(s.charCodeAt(i + 1)) < 0 || hexValue(s.charCodeAt(i + 2)) < 0) return undefined;
      if (pct < 0) pct = i;
      i += 2;
    } else if (c >= 128 || allowed[c] !== 1) return undefined;
  }
  if (pct < 0) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      bytes.push(hexValue(s.charCodeAt(i + 1)) * 16 + hexValue(s.charCodeAt(i + 2)));
      i += 2;
    } else bytes.push(c);
  }
  const buf = Buffer.from(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return buf.toString('latin1');
  }
}

/** %-escapes every character of `s` outside `allowed` (as UTF-8 octets). */
export function escape(s: string, allowed: Uint8Array): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 && allowed[c] === 1) continue;
    out += s.slice(from, i);
    let ch = s[i] as string;
    // keep surrogate pairs together so they encode as one UTF-8 sequence
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) ch += s[++i];
    for (const b of Buffer.from(ch, 'utf8')) out += '%' + HEX[b >> 4] + HEX[b & 15];
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

/** Parses 1*DIGIT into a number no larger than `max`; undefined otherwise. */
export function parseUint(s: string, max: number): number | undefined {
  if (s.length === 0) return undefined;
  let i = 0;
  while (i < s.length - 1 && s.charCodeAt(i) === 0x30) i++; // leading zeros are allowed
  if (s.length - i > 15) return undefined; // beyond any SIP scalar, and beyond exact doubles
  let n = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  return n <= max ? n : undefined;
}
