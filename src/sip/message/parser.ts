// The SIP message parser (RFC 3261 7, 18.3, 20, 25; RFC 4475).
//
// Two phases, so that the TCP framer can reuse the first:
//   1. readHead: start line and header lines, unfolded and split into one field per value,
//      plus the Content-Length needed for framing. Tolerant: it keeps reading after a bad
//      line so that a 400 can still copy Via, From, To, Call-ID and CSeq.
//   2. buildMessage: start line, the headers every element needs (Via, From, To, Call-ID,
//      CSeq, Max-Forwards, Contact) checked eagerly, everything else parsed on first use.
// Syntax errors make the parse fail; semantic errors a server answers with 400 after
// reading the message are returned as `defects` on an otherwise usable message.
import { isUtf8 } from 'node:buffer';
import { type Problem } from '../../core/errors.js';
import { type HeaderField, makeFields, nameInfo, SipHeaders } from './headers.js';
import { SipRequest, SipResponse, type SipMessage, type TypedHeaderKey } from './message.js';
import { sipProblem, type SipProblemCode } from './problems.js';
import { isToken, parseUint, trimWs } from './syntax.js';
import { readUri } from './uri.js';
import { isSipDate } from './values.js';

export interface ParseLimits {
  /** Largest message in bytes, headers and body (default 64 KiB). */
  maxMessageSize: number;
  /** Most header fields, counting each value of a comma list (default 256). */
  maxHeaders: number;
  /** Longest physical line in the header section (default 8 KiB). */
  maxLineLength: number;
}

export const DEFAULT_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxMessageSize: 64 * 1024,
  maxHeaders: 256,
  maxLineLength: 8 * 1024,
});

export interface ParseOptions extends Partial<ParseLimits> {
  /**
   * 'datagram' (default, UDP): the body is the rest of the datagram, cut to Content-Length;
   * octets after it are ignored (RFC 3261 18.3, RFC 4475 3.1.1.8); fewer octets than
   * Content-Length is an error (RFC 4475 3.1.2.2).
   * 'stream': the buffer holds exactly one message (what SipStreamFramer produces); a missing
   * Content-Length means no body.
   */
  mode?: 'datagram' | 'stream';
}

/** What could be read from a message that failed to parse: enough to answer it. */
export interface ReplyContext {
  kind: 'request' | 'response' | 'unknown';
  method?: string;
  /** Raw Via values, top first. */
  via: string[];
  from?: string;
  to?: string;
  callId?: string;
  cseq?: string;
  /** Copied into a 100 Trying (RFC 3261 8.2.6.1). */
  timestamp?: string;
}

export interface ParseFailure {
  ok: false;
  problems: Problem[];
  /**
   * Suggested response status for a request: 400 (RFC 3261 21.4.1), 505 for another SIP
   * version (21.5.6) or 513 for a message too large (21.5.7). A response that fails to
   * parse is discarded (RFC 4475 3.1.2.5, 3.1.2.19).
   */
  status: number;
  context: ReplyContext;
}

export type ParseResult = { ok: true; value: SipMessage } | ParseFailure;

/** @internal Result of phase 1. */
export interface Head {
  startLine: string;
  fields: HeaderField[];
  /** The first structural problem (bad line, limits), if any. */
  problem: Problem | undefined;
  /** Content-Length if given and consistent. */
  contentLength: number | undefined;
  contentLengthProblem: Problem | undefined;
}

function limitsOf(opts: Partial<ParseLimits>): ParseLimits {
  return {
    maxMessageSize: opts.maxMessageSize ?? DEFAULT_LIMITS.maxMessageSize,
    maxHeaders: opts.maxHeaders ?? DEFAULT_LIMITS.maxHeaders,
    maxLineLength: opts.maxLineLength ?? DEFAULT_LIMITS.maxLineLength,
  };
}

/** @internal Skips CRLFs before a start line (RFC 3261 7.5). */
export function skipLeadingCrlf(buf: Buffer, i: number, end = buf.length): number {
  while (i < end && (buf[i] === 0x0d || buf[i] === 0x0a)) i++;
  return i;
}

/**
 * @internal Finds the empty line that ends the header section, searching from `from`
 * (a line start). Accepts CRLF and, leniently, bare LF line ends.
 * Returns [end of header text, start of body] or undefined.
 */
export function findHeaderEnd(buf: Buffer, from: number, end = buf.length): [number, number] | undefined {
  let p = buf.indexOf(0x0a, from);
  while (p >= 0 && p < end) {
    const next = buf[p + 1];
    if (next === 0x0a && p + 1 < end) return [p + 1, p + 2];
    if (next === 0x0d && buf[p + 2] === 0x0a && p + 2 < end) return [p + 1, p + 3];
    p = buf.indexOf(0x0a, p + 1);
  }
  return undefined;
}

/** @internal Phase 1 over buf[start, textEnd): the start line and header lines. */
export function readHead(buf: Buffer, start: number, textEnd: number, limits: ParseLimits): Head {
  const bytes = buf.subarray(start, textEnd);
  // TEXT-UTF8 is the rule; a header section that is not UTF-8 (an old phone sending a
  // Latin-1 display name such as "Åsa") is read octet by octet rather than rejected.
  const text = isUtf8(bytes) ? bytes.toString('utf8') : bytes.toString('latin1');
  const fields: HeaderField[] = [];
  let problem: Problem | undefined;
  let startLine = '';
  let name: string | undefined;
  let value = '';
  let headerLines = 0;
  let contentLength: number | undefined;
  let contentLengthProblem: Problem | undefined;

  const flush = (n: string, v: string): void => {
    const info = nameInfo(n);
    if (info.key === 'content-length') {
      // Content-Length = 1*DIGIT; a sign or a word is a framing error (RFC 4475 3.1.2.3)
      const len = parseUint(v, Number.MAX_SAFE_INTEGER);
      if (len === undefined) contentLengthProblem ??= sipProblem('sip.content-length.invalid', JSON.stringify(v), { field: 'Content-Length' });
      else if (contentLength !== undefined && contentLength !== len) {
        // RFC 4475 3.3.9: conflicting values leave the framing unknown
        contentLengthProblem ??= sipProblem('sip.content-length.conflict', `${contentLength} and ${len}`, { field: 'Content-Length' });
      } else contentLength = len;
    }
    if (headerLines > limits.maxHeaders || fields.length > limits.maxHeaders) return;
    makeFields(info, v, fields);
    // "Via: a, b" counts as two headers (RFC 3261 7.3.1), so a list cannot dodge the limit
    if (fields.length > limits.maxHeaders) problem ??= sipProblem('sip.headers.too-many', `more than ${limits.maxHeaders} values`);
  };

  let pos = 0;
  let lineNo = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    let lineEnd = nl;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 0x0d) lineEnd--;
    const lineStart = pos;
    pos = nl + 1;
    lineNo++;
    if (lineEnd - lineStart > limits.maxLineLength) {
      problem ??= sipProblem('sip.line.too-long', `more than ${limits.maxLineLength} characters`, { line: lineNo });
      continue;
    }
    const line = text.slice(lineStart, lineEnd);
    if (line.includes('\r')) {
      problem ??= sipProblem('sip.line.bare-cr', undefined, { line: lineNo });
      continue;
    }
    if (lineNo === 1) {
      startLine = line;
      continue;
    }
    const c0 = line.charCodeAt(0);
    if (c0 === 0x20 || c0 === 0x09) {
      // folded continuation: CRLF + WSP is LWS and means one SP (RFC 3261 7.3.1)
      if (name === undefined) {
        problem ??= sipProblem('sip.header.line', 'continuation line before any header', { line: lineNo });
        continue;
      }
      const t = trimWs(line);
      if (t !== '') value = value === '' ? t : value + ' ' + t;
      continue;
    }
    if (name !== undefined) flush(name, value);
    name = undefined;
    if (++headerLines > limits.maxHeaders) {
      // keep reading, but only for Content-Length, which the framer still needs
      problem ??= sipProblem('sip.headers.too-many', `more than ${limits.maxHeaders}`, { line: lineNo });
    }
    const colon = line.indexOf(':');
    const n = colon > 0 ? trimWs(line.slice(0, colon)) : '';
    if (!isToken(n)) {
      problem ??= sipProblem('sip.header.line', JSON.stringify(line.slice(0, 80)), { line: lineNo });
      continue;
    }
    name = n;
    value = trimWs(line.slice(colon + 1));
  }
  if (name !== undefined) flush(name, value);
  return { startLine, fields, problem, contentLength, contentLengthProblem };
}

const CONTEXT_FIELDS: Record<string, 'from' | 'to' | 'callId' | 'cseq' | 'timestamp' | undefined> = {
  from: 'from',
  to: 'to',
  'call-id': 'callId',
  cseq: 'cseq',
  timestamp: 'timestamp',
};

/** @internal Raw values for answering a message that failed (see ReplyContext). */
export function contextOf(head: Head | undefined): ReplyContext {
  const ctx: ReplyContext = { kind: 'unknown', via: [] };
  if (!head) return ctx;
  const line = head.startLine;
  if (/^SIP\//i.test(line)) ctx.kind = 'response';
  else {
    const method = line.slice(0, line.indexOf(' '));
    if (isToken(method)) {
      ctx.kind = 'request';
      ctx.method = method;
    }
  }
  for (const f of head.fields) {
    if (f.key === 'via') ctx.via.push(f.value);
    else {
      const k = CONTEXT_FIELDS[f.key];
      if (k) ctx[k] ??= f.value;
    }
  }
  return ctx;
}

function failure(problem: Problem, head: Head | undefined, status = 400): ParseFailure {
  return { ok: false, problems: [problem], status, context: contextOf(head) };
}

const SIP_VERSION = /^SIP\/(\d+)\.(\d+)$/i;

// Checked while parsing; every other typed header waits until it is read.
const EAGER: TypedHeaderKey[] = ['via', 'from', 'to', 'call-id', 'cseq', 'max-forwards', 'contact'];
const REQUIRED = ['via', 'from', 'to', 'call-id', 'cseq'];
const SINGLE = new Set(['from', 'to', 'call-id', 'cseq', 'max-forwards', 'content-type', 'expires', 'event', 'refer-to', 'replaces']);
const CANONICAL: Record<string, string> = {
  via: 'Via',
  from: 'From',
  to: 'To',
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'max-forwards': 'Max-Forwards',
  'content-type': 'Content-Type',
  expires: 'Expires',
  event: 'Event',
  'refer-to': 'Refer-To',
  replaces: 'Replaces',
};

/** @internal Phase 2: start line, eager headers, defects. */
export function buildMessage(head: Head, body: Buffer): ParseResult {
  if (head.problem) return failure(head.problem, head);
  const line = head.startLine;
  let message: SipMessage;
  if (/^SIP\//i.test(line)) {
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
    const sp = line.indexOf(' ');
    const version = sp < 0 ? line : line.slice(0, sp);
    if (!/^SIP\/2\.0$/i.test(version)) return failure(sipProblem('sip.version.unsupported', version), head, 505);
    const code = line.slice(sp + 1, sp + 4);
    const after = line.charCodeAt(sp + 4);
    const status = parseUint(code, 699);
    // Exactly three digits, 100-699 (RFC 3261 7.2; RFC 4475 3.1.2.19)
    if (sp < 0 || status === undefined || status < 100 || code.length !== 3 || !(Number.isNaN(after) || after === 0x20)) {
      return failure(sipProblem('sip.status.invalid', JSON.stringify(line.slice(sp + 1, sp + 20))), head);
    }
    // The SP before an empty reason is required, but a liberal receiver accepts it missing (RFC 4475 3.1.1.13)
    message = new SipResponse(status, line.slice(sp + 5), new SipHeaders(head.fields), body);
  } else {
    // Request-Line = Method SP Request-URI SP SIP-Version: single spaces, nothing after
    // the version (RFC 4475 3.1.2.7-3.1.2.10 reject <>, embedded LWS, extra and trailing SP)
    const sp1 = line.indexOf(' ');
    const sp2 = line.lastIndexOf(' ');
    const method = line.slice(0, sp1);
    if (sp1 <= 0 || sp2 === sp1 || !isToken(method)) return failure(sipProblem('sip.start-line.invalid', JSON.stringify(line.slice(0, 80))), head);
    const version = line.slice(sp2 + 1);
    const v = SIP_VERSION.exec(version);
    if (!v) return failure(sipProblem('sip.start-line.invalid', JSON.stringify(line.slice(0, 80))), head);
    if (Number(v[1]) !== 2 || Number(v[2]) !== 0) return failure(sipProblem('sip.version.unsupported', version), head, 505);
    const uri = readUri(line.slice(sp1 + 1, sp2));
    if (!uri) return failure(sipProblem('sip.request-uri.invalid', JSON.stringify(line.slice(sp1 + 1, sp2))), head);
    message = new SipRequest(method, uri, new SipHeaders(head.fields), body);
  }

  const defects: Problem[] = [];
  for (const key of EAGER) {
    const r = message.typed(key);
    if (r.ok) continue;
    const p = r.problems[0] as Problem;
    if (p.code === 'sip.header.missing') continue; // reported below with the others
    return failure(p, head);
  }
  const seen: Record<string, number> = {};
  for (const f of head.fields) if (SINGLE.has(f.key) || f.key === 'via') seen[f.key] = (seen[f.key] ?? 0) + 1;
  for (const key of REQUIRED) {
    if (seen[key] === undefined) defects.push(defect('sip.header.missing', key)); // RFC 4475 3.3.1
  }
  for (const key in seen) {
    if ((seen[key] as number) > 1 && key !== 'via') defects.push(defect('sip.header.multiple', key)); // RFC 4475 3.3.8
  }
  if (message.kind === 'request') {
    const cseq = message.typed('cseq');
    if (cseq.ok && cseq.value.method !== message.method) {
      // RFC 4475 3.1.2.17/18: 400 (or 501 for an unknown method)
      defects.push(sipProblem('sip.cseq.method-mismatch', `${message.method} vs CSeq ${cseq.value.method}`, { field: 'CSeq' }));
    }
    if (message.uri.kind === 'sip' && message.uri.headers.size > 0) {
      // headers are not allowed in a Request-URI (RFC 3261 19.1.1 table 1; RFC 4475 3.1.2.11)
      defects.push(sipProblem('sip.request-uri.headers', undefined, { field: 'Request-URI' }));
    }
  }
  const date = message.headers.get('Date');
  if (date !== undefined && !isSipDate(date)) {
    // only "GMT" is a valid zone (RFC 3261 20.17; RFC 4475 3.1.2.12)
    defects.push(sipProblem('sip.date.invalid', JSON.stringify(date), { field: 'Date' }));
  }
  message.defects = defects;
  return { ok: true, value: message };
}

function defect(code: SipProblemCode, key: string): Problem {
  const field = CANONICAL[key] ?? key;
  return sipProblem(code, field, { field });
}

/**
 * Parses one SIP message. Never throws: any input gives a message or a ParseFailure that
 * says why and carries what is needed to answer a request with `status`.
 */
export function parseMessage(input: Buffer | string, opts: ParseOptions = {}): ParseResult {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const limits = limitsOf(opts);
  const stream = opts.mode === 'stream';
  const start = skipLeadingCrlf(buf, 0);
  if (start >= buf.length) return failure(sipProblem('sip.message.empty'), undefined);

  const tooLarge = buf.length > limits.maxMessageSize;
  const scanEnd = tooLarge ? limits.maxMessageSize : buf.length;
  const found = findHeaderEnd(buf, start, scanEnd);
  let textEnd: number;
  let bodyStart: number;
  if (found) [textEnd, bodyStart] = found;
  else if (!stream && !tooLarge && buf[buf.length - 1] === 0x0a) {
    // A datagram that ends right after its last header line: the datagram bounds the
    // message, so read it as having no body instead of rejecting it.
    textEnd = bodyStart = buf.length;
  } else {
    const lastLf = buf.lastIndexOf(0x0a, scanEnd - 1);
    const head = lastLf > start ? readHead(buf, start, lastLf + 1, limits) : undefined;
    if (tooLarge) return failure(sipProblem('sip.message.too-large', `more than ${limits.maxMessageSize} bytes`), head, 513);
    return failure(sipProblem('sip.message.incomplete'), head);
  }
  const head = readHead(buf, start, textEnd, limits);
  if (tooLarge) return failure(sipProblem('sip.message.too-large', `more than ${limits.maxMessageSize} bytes`), head, 513);
  if (head.problem) return failure(head.problem, head);
  if (head.contentLengthProblem) return failure(head.contentLengthProblem, head);

  const available = buf.length - bodyStart;
  const length = head.contentLength;
  let body: Buffer;
  if (length === undefined) {
    // No Content-Length: a datagram's body is the rest of it (RFC 3261 18.3); a stream
    // message without one has no body.
    if (stream && available > 0) return failure(sipProblem('sip.body.trailing', `${available} bytes without Content-Length`), head);
    body = buf.subarray(bodyStart);
  } else if (length > available) {
    return failure(sipProblem('sip.body.truncated', `Content-Length ${length}, ${available} bytes`, { field: 'Content-Length' }), head);
  } else {
    if (stream && length < available) return failure(sipProblem('sip.body.trailing', `${available - length} bytes`), head);
    body = buf.subarray(bodyStart, bodyStart + length);
  }
  return buildMessage(head, body);
}

/** @internal Limits with defaults filled in, for the framer. */
export { limitsOf as resolveLimits };
