// Building requests and responses, and the random identifiers they need.
import { randomFillSync } from 'node:crypto';
import { type NameAddress } from './address.js';
import { SipHeaders } from './headers.js';
import { SipRequest, SipResponse } from './message.js';
import { type ReplyContext } from './parser.js';
import { sipError } from './problems.js';
import { isToken } from './syntax.js';
import { readUri, type Uri } from './uri.js';
import { formatCSeq, isCallId, type MediaType } from './values.js';
import { BRANCH_COOKIE, type Via } from './via.js';

// Random octets are drawn from a pool refilled 4 KiB at a time: one system call serves
// hundreds of tags and branches.
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

function random(n: number): Buffer {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += n;
  return pool.subarray(poolAt - n, poolAt);
}

/** A From/To tag: 64 random bits (RFC 3261 19.3 asks for at least 32). */
export function newTag(): string {
  return random(8).toString('hex');
}

/** A branch unique in space and time, starting with the magic cookie (RFC 3261 8.1.1.7). */
export function newBranch(): string {
  return BRANCH_COOKIE + random(12).toString('base64url');
}

/** A Call-ID of 128 random bits, optionally `@host` (RFC 3261 8.1.1.4). */
export function newCallId(host?: string): string {
  const id = random(16).toString('hex');
  const callId = host ? `${id}@${host}` : id;
  if (!isCallId(callId)) sipError('sip.value.invalid', `Call-ID host ${JSON.stringify(host)}`);
  return callId;
}

/** Reason phrases of RFC 3261 21 and the extensions we use. */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: 'Trying',
  180: 'Ringing',
  181: 'Call Is Being Forwarded',
  182: 'Queued',
  183: 'Session Progress',
  200: 'OK',
  202: 'Accepted',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Moved Temporarily',
  305: 'Use Proxy',
  380: 'Alternative Service',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  410: 'Gone',
  413: 'Request Entity Too Large',
  414: 'Request-URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Unsupported URI Scheme',
  420: 'Bad Extension',
  421: 'Extension Required',
  423: 'Interval Too Brief',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  482: 'Loop Detected',
  483: 'Too Many Hops',
  484: 'Address Incomplete',
  485: 'Ambiguous',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  489: 'Bad Event',
  491: 'Request Pending',
  493: 'Undecipherable',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Server Time-out',
  505: 'Version Not Supported',
  513: 'Message Too Large',
  600: 'Busy Everywhere',
  603: 'Decline',
  604: 'Does Not Exist Anywhere',
  606: 'Not Acceptable',
};

export function reasonPhrase(status: number): string {
  return REASON_PHRASES[status] ?? (status < 200 ? 'Provisional' : status < 300 ? 'Success' : 'Failure');
}

export interface RequestInit {
  method: string;
  uri: Uri | string;
  from: NameAddress;
  to: NameAddress;
  callId?: string;
  cseq: number;
  /** Top first. A transport usually adds its own Via just before sending. */
  via?: Via | Via[];
  contact?: NameAddress | NameAddress[];
  route?: NameAddress[];
  /** Default 70 (RFC 3261 8.1.1.6). */
  maxForwards?: number;
  /** Further headers in order, e.g. [['Supported', 'replaces']]. */
  headers?: Iterable<readonly [string, string]>;
  body?: Buffer | string;
  contentType?: MediaType | string;
}

/** A request with the header order of RFC 3261's examples. Values are validated. */
export function createRequest(init: RequestInit): SipRequest {
  const uri = typeof init.uri === 'string' ? readUri(init.uri) : init.uri;
  if (!uri) return sipError('sip.uri.invalid', JSON.stringify(init.uri));
  const h = new SipHeaders();
  const vias = init.via === undefined ? [] : Array.isArray(init.via) ? init.via : [init.via];
  if (vias.length > 0) h.append('Via', vias.map(String));
  h.append('Max-Forwards', String(init.maxForwards ?? 70));
  if (init.route && init.route.length > 0) h.append('Route', init.route.map(String));
  h.append('From', init.from.toString());
  h.append('To', init.to.toString());
  const callId = init.callId ?? newCallId();
  if (!isCallId(callId)) sipError('sip.value.invalid', `Call-ID ${JSON.stringify(callId)}`);
  h.append('Call-ID', callId);
  h.append('CSeq', formatCSeq({ seq: init.cseq, method: init.method }));
  const contacts = init.contact === undefined ? [] : Array.isArray(init.contact) ? init.contact : [init.contact];
  if (contacts.length > 0) h.append('Contact', contacts.map(String));
  for (const [name, value] of init.headers ?? []) h.append(name, value);
  const body = typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : (init.body ?? Buffer.alloc(0));
  if (init.contentType !== undefined) h.append('Content-Type', init.contentType.toString());
  return new SipRequest(init.method, uri, h, body);
}

/**
 * A response to `request` (RFC 3261 8.2.6.2): Via values in order, From, To, Call-ID and
 * CSeq copied; a 100 also copies Timestamp (8.2.6.1). Adding the To tag for responses that
 * create a dialog is the caller's job (response.setToTag(newTag())).
 */
export function createResponse(request: SipRequest, status: number, reason?: string): SipResponse {
  const h = new SipHeaders();
  for (const name of ['Via', 'From', 'To', 'Call-ID', 'CSeq']) {
    const values = request.headers.getAll(name);
    if (values.length > 0) h.append(name, values);
  }
  if (status === 100) {
    const ts = request.headers.get('Timestamp');
    if (ts !== undefined) h.append('Timestamp', ts);
  }
  return new SipResponse(status, reason ?? reasonPhrase(status), h);
}

/**
 * A response to a request that failed to parse, from the values the parser could read.
 * Undefined when it was not a request, or Via, From, To, Call-ID or CSeq is missing
 * (then there is nothing to answer; RFC 3261 8.2.6 needs them all). `toTag` is added to a
 * To without a tag (RFC 3261 8.2.6.2); the raw To may be malformed, so it is appended as text.
 */
export function createErrorResponse(context: ReplyContext, status: number, reason?: string, toTag?: string): SipResponse | undefined {
  const { via, from, to, callId, cseq } = context;
  if (context.kind !== 'request' || via.length === 0 || !from || !to || !callId || !cseq) return undefined;
  if (toTag !== undefined && !isToken(toTag)) sipError('sip.value.invalid', `tag ${JSON.stringify(toTag)}`);
  const h = new SipHeaders();
  h.append('Via', via);
  h.append('From', from);
  h.append('To', toTag === undefined || /;\s*tag\s*=/i.test(to) ? to : `${to};tag=${toTag}`);
  h.append('Call-ID', callId);
  h.append('CSeq', cseq);
  return new SipResponse(status, reason ?? reasonPhrase(status), h);
}
