// Typed values of the smaller headers: CSeq, Call-ID, Content-Type, Event, Replaces,
// token lists and numbers (RFC 3261 20, 25.1; RFC 6665 8.4; RFC 3891 6.1).
import { formatHeaderParams, parseHeaderParams, SipParams, unquoteParam } from './params.js';
import { sipError } from './problems.js';
import { allIn, isIn, isToken, isWs, parseUint, skipWs, TOKEN, trimWs, WORD } from './syntax.js';

export interface CSeq {
  seq: number;
  method: string;
}

/** Largest CSeq number accepted: RFC 3261 8.1.1.5 says < 2^31 when sending; RFC 4475 3.1.2.4 rejects > 2^32-1. */
export const MAX_CSEQ = 0xffffffff;

/** CSeq = 1*DIGIT LWS Method. Leading zeros are fine (RFC 4475 3.1.1.1). */
export function readCSeq(s: string): CSeq | string {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
  const seq = parseUint(s.slice(0, i), MAX_CSEQ);
  if (seq === undefined) return i === 0 ? 'CSeq must start with a number' : 'CSeq number is larger than 2^32-1';
  const j = skipWs(s, i);
  if (j === i) return 'CSeq needs whitespace between number and method';
  const method = s.slice(j);
  if (!isToken(method)) return 'CSeq method must be a token';
  return { seq, method };
}

export function formatCSeq(c: CSeq): string {
  if (!Number.isInteger(c.seq) || c.seq < 0 || c.seq > MAX_CSEQ) sipError('sip.value.invalid', `CSeq ${c.seq}`);
  if (!isToken(c.method)) sipError('sip.value.invalid', `CSeq method ${JSON.stringify(c.method)}`);
  return `${c.seq} ${c.method}`;
}

/** callid = word [ "@" word ] */
export function isCallId(s: string): boolean {
  const at = s.indexOf('@');
  if (at < 0) return allIn(WORD, s);
  return allIn(WORD, s.slice(0, at)) && allIn(WORD, s.slice(at + 1));
}

/** A media type with parameters: `application/sdp`, `multipart/mixed;boundary=x`. */
export class MediaType {
  /** Lower case. */
  type: string;
  /** Lower case. */
  subtype: string;
  params: SipParams;

  constructor(type: string, subtype: string, params: SipParams = new SipParams()) {
    this.type = type.toLowerCase();
    this.subtype = subtype.toLowerCase();
    this.params = params;
  }

  /** `type/subtype` without parameters. */
  get essence(): string {
    return `${this.type}/${this.subtype}`;
  }

  param(name: string): string | undefined {
    return unquoteParam(this.params.get(name));
  }

  toString(): string {
    if (!isToken(this.type) || !isToken(this.subtype)) sipError('sip.value.invalid', `media type ${this.essence}`);
    return this.essence + formatHeaderParams(this.params);
  }
}

/** media-type = m-type SLASH m-subtype *(SEMI m-parameter) */
export function readMediaType(s: string): MediaType | string {
  let i = 0;
  while (i < s.length && isIn(TOKEN, s.charCodeAt(i))) i++;
  const type = s.slice(0, i);
  i = skipWs(s, i);
  if (type === '' || s.charCodeAt(i) !== 0x2f) return 'media type must be type/subtype';
  i = skipWs(s, i + 1);
  const start = i;
  while (i < s.length && isIn(TOKEN, s.charCodeAt(i))) i++;
  const subtype = s.slice(start, i);
  if (subtype === '') return 'media type must be type/subtype';
  const params = parseHeaderParams(s, i);
  if (!params) return 'invalid media type parameters';
  return new MediaType(type, subtype, params);
}

/** A token list element set: Allow, Supported, Require, Proxy-Require, Unsupported. */
export function readTokenList(values: readonly string[]): string[] | string {
  const out: string[] = [];
  for (const v of values) {
    if (v === '') continue; // "Allow:" with no value is an empty list
    if (!isToken(v)) return `${JSON.stringify(v)} is not a token`;
    out.push(v);
  }
  return out;
}

/** Event = event-type *( SEMI event-param ) (RFC 6665 8.4); `id` is the common parameter. */
export class EventHeader {
  /** event-package with templates, e.g. `presence`, `refer`, `presence.winfo`. */
  type: string;
  params: SipParams;

  constructor(type: string, params: SipParams = new SipParams()) {
    this.type = type;
    this.params = params;
  }

  get id(): string | undefined {
    return unquoteParam(this.params.get('id'));
  }

  toString(): string {
    if (!isToken(this.type)) sipError('sip.value.invalid', `event type ${JSON.stringify(this.type)}`);
    return this.type + formatHeaderParams(this.params);
  }
}

export function readEvent(s: string): EventHeader | string {
  let i = 0;
  while (i < s.length && isIn(TOKEN, s.charCodeAt(i))) i++;
  if (i === 0) return 'event type must be a token';
  const params = parseHeaderParams(s, i);
  if (!params) return 'invalid Event parameters';
  return new EventHeader(s.slice(0, i), params);
}

/** Replaces (RFC 3891 6.1): the dialog to replace, from the recipient's point of view. */
export interface Replaces {
  callId: string;
  toTag: string;
  fromTag: string;
  /** early-only flag: replace only an early dialog (RFC 3891 3). */
  earlyOnly: boolean;
  params: SipParams;
}

/**
 * Replaces = callid *(SEMI replaces-param), with exactly one to-tag and one from-tag.
 * Also parses the unescaped `Replaces=` header of a Refer-To URI (RFC 3891 6.1, RFC 3515).
 */
export function readReplaces(s: string): Replaces | string {
  s = trimWs(s);
  let i = 0;
  while (i < s.length && s.charCodeAt(i) !== 0x3b && !isWs(s.charCodeAt(i))) i++;
  const callId = s.slice(0, i);
  if (!isCallId(callId)) return 'Replaces must start with a Call-ID';
  const params = parseHeaderParams(s, i);
  if (!params) return 'invalid Replaces parameters';
  const toTag = unquoteParam(params.get('to-tag'));
  const fromTag = unquoteParam(params.get('from-tag'));
  if (!toTag || !fromTag) return 'Replaces needs to-tag and from-tag';
  return { callId, toTag, fromTag, earlyOnly: params.has('early-only'), params };
}

export function formatReplaces(r: Pick<Replaces, 'callId' | 'toTag' | 'fromTag' | 'earlyOnly'>): string {
  if (!isCallId(r.callId)) sipError('sip.value.invalid', `Call-ID ${JSON.stringify(r.callId)}`);
  const params = new SipParams([
    ['to-tag', r.toTag],
    ['from-tag', r.fromTag],
  ]);
  if (r.earlyOnly) params.set('early-only', null);
  return r.callId + formatHeaderParams(params);
}

const RFC1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** SIP-date = rfc1123-date, and the only time zone is "GMT" (RFC 3261 20.17; RFC 4475 3.1.2.12). */
export function isSipDate(s: string): boolean {
  return RFC1123.test(s);
}

/** delta-seconds for Expires, Min-Expires (RFC 3261 20.19 allows up to 2^32-1). */
export function readDeltaSeconds(s: string): number | string {
  const n = parseUint(s, 0xffffffff);
  return n === undefined ? 'must be a number of seconds up to 2^32-1' : n;
}
