// The auth-param lists of WWW-Authenticate / Proxy-Authenticate (challenges) and
// Authorization / Proxy-Authorization (credentials), as header *values*.
//
// Grammar: RFC 3261 §25.1 (challenge, credentials, digest-response), RFC 7235 §2.1
// (auth-scheme, auth-param, token68), RFC 7616 §3.3-3.4 (userhash, username*).
// Parsing is tolerant of spacing and case (scheme and parameter names are case-insensitive,
// RFC 7235 §2.1) and never throws: every error comes back as a Result with a Problem.
import { fail, ok, type Problem, type Result } from '../../core/errors.js';
import { invalidParamProblem, missingParamProblem, syntaxProblem } from './problems.js';

/** One scheme with its parameters, before any Digest semantics are applied. */
export interface AuthItem {
  scheme: string;
  /** Parameter names lower-cased; values unquoted and unescaped. */
  params: Map<string, string>;
  /** Schemes such as Basic carry a token68 instead of parameters (RFC 7235 §2.1). */
  token68?: string;
}

/** A Digest challenge (WWW-Authenticate or Proxy-Authenticate value). */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  /** As sent; absent means MD5 (RFC 2617 §3.2.1). */
  algorithm?: string;
  /** qop-options, lower-cased; absent means an RFC 2069 style challenge. */
  qop?: string[];
  opaque?: string;
  stale?: boolean;
  domain?: string;
  /** RFC 7616 §3.4.4: the client is asked to send H(username:realm). */
  userhash?: boolean;
  charset?: string;
  /** Parameters this module does not interpret, names lower-cased. */
  extensions?: Record<string, string>;
}

/** Digest credentials (Authorization or Proxy-Authorization value). */
export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm?: string;
  /** message-qop: the one option the client chose. */
  qop?: string;
  /** nonce-count: 8 hex digits, present exactly when qop is. */
  nc?: string;
  cnonce?: string;
  opaque?: string;
  userhash?: boolean;
  extensions?: Record<string, string>;
}

// token chars: RFC 3261 §25.1 (token) and RFC 7230 §3.2.6 (tchar), the union of both.
const TOKEN = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
const TOKEN_CHAR = /[A-Za-z0-9!#$%&'*+\-.^_`|~]/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/;

function isWs(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

function skipWs(s: string, pos: number): number {
  while (pos < s.length && isWs(s[pos])) pos++;
  return pos;
}

function skipWsAndCommas(s: string, pos: number): number {
  while (pos < s.length && (isWs(s[pos]) || s[pos] === ',')) pos++;
  return pos;
}

function readToken(s: string, pos: number): [string, number] {
  const start = pos;
  while (pos < s.length && TOKEN_CHAR.test(s[pos] as string)) pos++;
  return [s.slice(start, pos), pos];
}

/** Reads a quoted-string whose opening quote is at `pos`; returns the unescaped value. */
function readQuoted(s: string, pos: number): Result<[string, number]> {
  let out = '';
  pos++;
  while (pos < s.length) {
    const c = s[pos] as string;
    if (c === '"') return ok([out, pos + 1]);
    if (c === '\\') {
      const next = s[pos + 1];
      // quoted-pair excludes CR and LF (RFC 3261 §25.1).
      if (next === undefined || next === '\r' || next === '\n') break;
      out += next;
      pos += 2;
      continue;
    }
    if (c === '\r' || c === '\n') {
      // Header folding (CRLF followed by whitespace) is LWS and reads as one space.
      const after = c === '\r' && s[pos + 1] === '\n' ? pos + 2 : pos + 1;
      if (s[after] !== ' ' && s[after] !== '\t') {
        return fail(syntaxProblem(`Bare CR or LF inside a quoted string at offset ${pos}.`));
      }
      out += ' ';
      pos = skipWs(s, after);
      continue;
    }
    out += c;
    pos++;
  }
  return fail(syntaxProblem(`Unterminated quoted string (offset ${pos}).`));
}

function readValue(s: string, pos: number): Result<[string, number]> {
  if (s[pos] === '"') return readQuoted(s, pos);
  // Tolerance: an unquoted value runs to the next whitespace or comma, so that values
  // peers forget to quote (base64 nonces, URIs) still parse.
  const start = pos;
  while (pos < s.length && !isWs(s[pos]) && s[pos] !== ',' && s[pos] !== '"') pos++;
  if (pos === start) return fail(syntaxProblem(`Missing value after "=" at offset ${start}.`));
  return ok([s.slice(start, pos), pos]);
}

/**
 * Splits a header value into schemes with their parameters. A value may hold several
 * challenges (RFC 7235 §4.1): a token after a comma that is not followed by "=" starts the
 * next one.
 */
export function parseAuthItems(value: string): Result<AuthItem[]> {
  const s = value;
  const items: AuthItem[] = [];
  let pos = skipWsAndCommas(s, 0);
  while (pos < s.length) {
    const [scheme, afterScheme] = readToken(s, pos);
    if (scheme === '') return fail(syntaxProblem(`Expected an auth-scheme at offset ${pos}.`));
    const item: AuthItem = { scheme, params: new Map() };
    items.push(item);
    pos = skipWs(s, afterScheme);
    if (pos < s.length && pos === afterScheme) {
      return fail(syntaxProblem(`Expected whitespace after the scheme "${scheme}".`));
    }
    // Digest never uses token68, and "realm=" alone would read as one.
    const t68 = isDigest(item) ? null : TOKEN68.exec(s.slice(pos));
    if (t68 && /^[ \t\r\n]*(,|$)/.test(s.slice(pos + t68[0].length))) {
      item.token68 = t68[0];
      pos = skipWsAndCommas(s, pos + t68[0].length);
      continue;
    }
    let expectParam = true;
    while (pos < s.length) {
      const startOfName = pos;
      const [rawName, afterName] = readToken(s, pos);
      if (rawName === '') return fail(syntaxProblem(`Unexpected character "${s[pos]}" at offset ${pos}.`));
      const eq = skipWs(s, afterName);
      if (s[eq] !== '=') {
        if (expectParam && item.params.size > 0) {
          pos = startOfName; // a new challenge begins here
          break;
        }
        return fail(syntaxProblem(`Expected "=" after "${rawName}" at offset ${eq}.`));
      }
      if (!expectParam) return fail(syntaxProblem(`Missing comma before "${rawName}" at offset ${startOfName}.`));
      const read = readValue(s, skipWs(s, eq + 1));
      if (!read.ok) return read;
      const [val, afterValue] = read.value;
      const name = rawName.toLowerCase();
      // Each parameter name occurs at most once per challenge (RFC 7235 §2.2).
      if (item.params.has(name)) return fail(syntaxProblem(`Parameter "${name}" occurs twice.`, name));
      item.params.set(name, val);
      pos = skipWs(s, afterValue);
      expectParam = false;
      if (s[pos] === ',') {
        pos = skipWsAndCommas(s, pos);
        expectParam = true;
      } else if (pos < s.length) {
        return fail(syntaxProblem(`Unexpected "${s[pos]}" after the value of "${name}" at offset ${pos}.`));
      }
    }
  }
  if (items.length === 0) return fail(syntaxProblem('The header value is empty.'));
  return ok(items);
}

function isDigest(item: AuthItem): boolean {
  return item.scheme.toLowerCase() === 'digest';
}

function takeExtensions(params: Map<string, string>, known: readonly string[]): Record<string, string> | undefined {
  const rest = [...params].filter(([k]) => !known.includes(k));
  return rest.length > 0 ? Object.fromEntries(rest) : undefined;
}

function flag(params: Map<string, string>, name: string): Result<boolean | undefined> {
  const v = params.get(name);
  if (v === undefined) return ok(undefined);
  const lower = v.toLowerCase();
  if (lower === 'true') return ok(true);
  if (lower === 'false') return ok(false);
  return fail(invalidParamProblem(name, `Parameter "${name}" must be true or false, got "${v}".`));
}

const CHALLENGE_PARAMS = ['realm', 'nonce', 'algorithm', 'qop', 'opaque', 'stale', 'domain', 'userhash', 'charset'];

function challengeFromItem(item: AuthItem): Result<DigestChallenge> {
  if (!isDigest(item)) return fail(invalidParamProblem('scheme', `Expected the Digest scheme, got "${item.scheme}".`));
  const p = item.params;
  const problems: Problem[] = [];
  const realm = p.get('realm');
  const nonce = p.get('nonce');
  if (realm === undefined) problems.push(missingParamProblem('realm'));
  if (nonce === undefined) problems.push(missingParamProblem('nonce'));
  const stale = flag(p, 'stale');
  const userhash = flag(p, 'userhash');
  if (!stale.ok) problems.push(...stale.problems);
  if (!userhash.ok) problems.push(...userhash.problems);
  const qopRaw = p.get('qop');
  const qop = qopRaw?.split(',').map((q) => q.trim().toLowerCase()).filter((q) => q !== '');
  if (qop !== undefined && qop.length === 0) problems.push(invalidParamProblem('qop', 'qop-options is empty.'));
  if (problems.length > 0 || realm === undefined || nonce === undefined || !stale.ok || !userhash.ok) return fail(problems);
  const ch: DigestChallenge = { realm, nonce };
  if (p.has('algorithm')) ch.algorithm = p.get('algorithm');
  if (qop !== undefined) ch.qop = qop;
  if (p.has('opaque')) ch.opaque = p.get('opaque');
  if (stale.value !== undefined) ch.stale = stale.value;
  if (p.has('domain')) ch.domain = p.get('domain');
  if (userhash.value !== undefined) ch.userhash = userhash.value;
  if (p.has('charset')) ch.charset = p.get('charset');
  const extensions = takeExtensions(p, CHALLENGE_PARAMS);
  if (extensions) ch.extensions = extensions;
  return ok(ch);
}

/** One Digest challenge, e.g. a single WWW-Authenticate header value. */
export function parseChallenge(value: string): Result<DigestChallenge> {
  const items = parseAuthItems(value);
  if (!items.ok) return items;
  if (items.value.length !== 1) {
    return fail(syntaxProblem(`Expected one challenge, found ${items.value.length}; use parseChallenges.`));
  }
  return challengeFromItem(items.value[0] as AuthItem);
}

/**
 * Every usable Digest challenge in one or more header values, in the order the server
 * listed them (its order of preference, RFC 8760 §2.3). Other schemes, values that do not
 * parse and Digest challenges that lack realm or nonce are skipped (a client ignores what it
 * cannot use, RFC 8760 §2.4). Only when nothing usable remains are the problems returned.
 */
export function parseChallenges(values: string | readonly string[]): Result<DigestChallenge[]> {
  const out: DigestChallenge[] = [];
  const problems: Problem[] = [];
  for (const value of typeof values === 'string' ? [values] : values) {
    const items = parseAuthItems(value);
    if (!items.ok) {
      problems.push(...items.problems);
      continue;
    }
    for (const item of items.value) {
      if (!isDigest(item)) continue;
      const ch = challengeFromItem(item);
      if (ch.ok) out.push(ch.value);
      else problems.push(...ch.problems);
    }
  }
  return out.length === 0 && problems.length > 0 ? fail(problems) : ok(out);
}

const CREDENTIAL_PARAMS = [
  'username', 'username*', 'realm', 'nonce', 'uri', 'response', 'algorithm', 'qop', 'nc', 'cnonce', 'opaque', 'userhash',
];

/** RFC 7616 §3.4.4 / RFC 8187: username*=UTF-8''J%C3%A4s%C3%B8n%20Doe */
function decodeExtValue(v: string): string | undefined {
  const m = /^utf-8'[^']*'(.*)$/i.exec(v);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1] as string);
  } catch {
    return undefined;
  }
}

/** One Authorization / Proxy-Authorization value with the Digest scheme. */
export function parseCredentials(value: string): Result<DigestCredentials> {
  const items = parseAuthItems(value);
  if (!items.ok) return items;
  const item = items.value[0] as AuthItem;
  if (items.value.length !== 1) return fail(syntaxProblem(`Expected one set of credentials, found ${items.value.length}.`));
  if (!isDigest(item)) return fail(invalidParamProblem('scheme', `Expected the Digest scheme, got "${item.scheme}".`));
  const p = item.params;
  const problems: Problem[] = [];

  let username = p.get('username');
  const extended = p.get('username*');
  if (extended !== undefined) {
    // username and username* are mutually exclusive (RFC 7616 §3.4).
    if (username !== undefined) problems.push(invalidParamProblem('username*', 'Both username and username* are present.'));
    username = decodeExtValue(extended);
    if (username === undefined) problems.push(invalidParamProblem('username*', `Cannot decode username* "${extended}".`));
  } else if (username === undefined) {
    problems.push(missingParamProblem('username'));
  }
  for (const name of ['realm', 'nonce', 'uri', 'response']) {
    if (!p.has(name)) problems.push(missingParamProblem(name));
  }
  const qop = p.get('qop')?.toLowerCase();
  const nc = p.get('nc');
  const cnonce = p.get('cnonce');
  if (qop !== undefined) {
    // With qop, cnonce and nc MUST be sent (RFC 2617 §3.2.2); nc-value is 8LHEX (RFC 3261 §25.1).
    if (cnonce === undefined) problems.push(missingParamProblem('cnonce'));
    if (nc === undefined) problems.push(missingParamProblem('nc'));
  } else if (nc !== undefined) {
    problems.push(invalidParamProblem('nc', 'nc is present without qop.'));
  }
  // The count includes the current request, so it starts at 1 (RFC 7616 §3.4).
  if (nc !== undefined && (!/^[0-9a-fA-F]{8}$/.test(nc) || /^0{8}$/.test(nc))) {
    problems.push(invalidParamProblem('nc', `nc must be 8 hex digits from 00000001, got "${nc}".`));
  }
  const userhash = flag(p, 'userhash');
  if (!userhash.ok) problems.push(...userhash.problems);
  if (problems.length > 0 || username === undefined || !userhash.ok) return fail(problems);

  const creds: DigestCredentials = {
    username,
    realm: p.get('realm') as string,
    nonce: p.get('nonce') as string,
    uri: p.get('uri') as string,
    response: p.get('response') as string,
  };
  if (p.has('algorithm')) creds.algorithm = p.get('algorithm');
  if (qop !== undefined) creds.qop = qop;
  if (nc !== undefined) creds.nc = nc.toLowerCase();
  if (cnonce !== undefined) creds.cnonce = cnonce;
  if (p.has('opaque')) creds.opaque = p.get('opaque');
  if (userhash.value !== undefined) creds.userhash = userhash.value;
  const extensions = takeExtensions(p, CREDENTIAL_PARAMS);
  if (extensions) creds.extensions = extensions;
  return ok(creds);
}

// ---- serializers ---------------------------------------------------------------------

// Controls other than HTAB can never appear in a header; CR and LF would let a value
// inject header lines.
function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

type Param = [name: string, value: string | undefined, form: 'quoted' | 'token'];

function formatParams(items: Param[]): Result<string> {
  const parts: string[] = [];
  const problems: Problem[] = [];
  for (const [name, value, form] of items) {
    if (value === undefined) continue;
    if (!TOKEN.test(name)) {
      problems.push(invalidParamProblem(name, `Parameter name "${name}" is not a token.`));
    } else if (hasControl(value)) {
      problems.push(invalidParamProblem(name, `Value of "${name}" contains CR, LF or another control character.`));
    } else if (form === 'token') {
      if (TOKEN.test(value)) parts.push(`${name}=${value}`);
      else problems.push(invalidParamProblem(name, `Value of "${name}" must be a token, got "${value}".`));
    } else {
      parts.push(`${name}="${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`);
    }
  }
  if (problems.length > 0) return fail(problems);
  return ok(`Digest ${parts.join(', ')}`);
}

function extensionParams(ext: Record<string, string> | undefined): Param[] {
  return Object.entries(ext ?? {}).map(([k, v]): Param => [k, v, 'quoted']);
}

function flagText(v: boolean | undefined): string | undefined {
  return v === undefined ? undefined : String(v);
}

/** Serializes a challenge: realm, domain, nonce, opaque and qop quoted, the rest tokens (RFC 7616 §3.3). */
export function formatChallenge(ch: DigestChallenge): Result<string> {
  return formatParams([
    ['realm', ch.realm, 'quoted'],
    ['domain', ch.domain, 'quoted'],
    ['nonce', ch.nonce, 'quoted'],
    ['opaque', ch.opaque, 'quoted'],
    ['stale', flagText(ch.stale), 'token'],
    ['algorithm', ch.algorithm, 'token'],
    ['qop', ch.qop?.join(','), 'quoted'],
    ['charset', ch.charset, 'token'],
    ['userhash', flagText(ch.userhash), 'token'],
    ...extensionParams(ch.extensions),
  ]);
}

/**
 * Serializes credentials: username, realm, nonce, uri, response, cnonce and opaque quoted;
 * algorithm, message-qop, nc and userhash as tokens (RFC 3261 §25.1, RFC 7616 §3.4).
 */
export function formatCredentials(c: DigestCredentials): Result<string> {
  return formatParams([
    ['username', c.username, 'quoted'],
    ['realm', c.realm, 'quoted'],
    ['nonce', c.nonce, 'quoted'],
    ['uri', c.uri, 'quoted'],
    ['response', c.response, 'quoted'],
    ['algorithm', c.algorithm, 'token'],
    ['cnonce', c.cnonce, 'quoted'],
    ['opaque', c.opaque, 'quoted'],
    ['qop', c.qop, 'token'],
    ['nc', c.nc, 'token'],
    ['userhash', flagText(c.userhash), 'token'],
    ...extensionParams(c.extensions),
  ]);
}
