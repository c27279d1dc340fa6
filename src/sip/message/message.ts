// SIP requests and responses with typed, lazily parsed header views.
//
// Header values are kept as text (headers.ts). A typed view (message.via, message.from, ...)
// parses its header the first time it is read and is cached until that header changes.
// Typed values are snapshots: to change a header, assign a new value (message.to = addr).
import { DomainError, fail, ok, type Problem, type Result } from '../../core/errors.js';
import { NameAddress, readNameAddress } from './address.js';
import { SipHeaders } from './headers.js';
import { sipError, sipProblem } from './problems.js';
import { type Uri } from './uri.js';
import {
  type CSeq,
  EventHeader,
  formatCSeq,
  isCallId,
  MediaType,
  readCSeq,
  readDeltaSeconds,
  readEvent,
  readMediaType,
  readReplaces,
  readTokenList,
  type Replaces,
} from './values.js';
import { readVia, Via } from './via.js';
import { isToken, parseUint } from './syntax.js';

/** Typed views by header key (lower-case long name). */
export interface TypedHeaders {
  via: Via[];
  from: NameAddress;
  to: NameAddress;
  'call-id': string;
  cseq: CSeq;
  'max-forwards': number | undefined;
  /** '*' is the wildcard of a REGISTER that removes all bindings (RFC 3261 10.2.2). */
  contact: NameAddress[] | '*';
  route: NameAddress[];
  'record-route': NameAddress[];
  path: NameAddress[];
  'service-route': NameAddress[];
  'p-asserted-identity': NameAddress[];
  expires: number | undefined;
  'min-expires': number | undefined;
  'content-type': MediaType | undefined;
  /** As received; the serializer always writes the body's length. */
  'content-length': number | undefined;
  allow: string[];
  supported: string[];
  require: string[];
  'proxy-require': string[];
  unsupported: string[];
  event: EventHeader | undefined;
  'refer-to': NameAddress | undefined;
  'referred-by': NameAddress | undefined;
  replaces: Replaces | undefined;
}

export type TypedHeaderKey = keyof TypedHeaders;

type Reader<T> = (value: string) => T | string;

function invalid(field: string, detail: string): Result<never> {
  return fail(sipProblem('sip.header.invalid', `${field}: ${detail}`, { field }));
}

function list<T>(field: string, read: Reader<T>) {
  return (values: string[]): Result<T[]> => {
    const out: T[] = [];
    for (const v of values) {
      const r = read(v);
      if (typeof r === 'string') return invalid(field, v === '' ? 'empty value' : r);
      out.push(r);
    }
    return ok(out);
  };
}

/** First value wins; more than one is reported as a defect by the parser, not here. */
function single<T>(field: string, read: Reader<T>, required: true): (values: string[]) => Result<T>;
function single<T>(field: string, read: Reader<T>, required: false): (values: string[]) => Result<T | undefined>;
function single<T>(field: string, read: Reader<T>, required: boolean) {
  return (values: string[]): Result<T | undefined> => {
    const v = values[0];
    if (v === undefined) return required ? fail(sipProblem('sip.header.missing', field, { field })) : ok(undefined);
    const r = read(v);
    return typeof r === 'string' ? invalid(field, r) : ok(r);
  };
}

// Readers report errors as strings, so the string-valued Call-ID gets its own spec.
const readCallId = (values: string[]): Result<string> => {
  const v = values[0];
  if (v === undefined) return fail(sipProblem('sip.header.missing', 'Call-ID', { field: 'Call-ID' }));
  return isCallId(v) ? ok(v) : invalid('Call-ID', 'must be word[@word]');
};
const readMaxForwards: Reader<number> = (v) => parseUint(v, 255) ?? 'Max-Forwards must be 0-255';
const readContact = (values: string[]): Result<NameAddress[] | '*'> => {
  if (values.length === 1 && values[0] === '*') return ok('*');
  return list('Contact', readNameAddress)(values);
};
const readTokens = (field: string) => (values: string[]) => {
  const r = readTokenList(values);
  return typeof r === 'string' ? invalid(field, r) : ok(r);
};

const SPECS: { [K in TypedHeaderKey]: (values: string[]) => Result<TypedHeaders[K]> } = {
  via: list('Via', readVia),
  from: single('From', readNameAddress, true),
  to: single('To', readNameAddress, true),
  'call-id': readCallId,
  cseq: single('CSeq', readCSeq, true),
  'max-forwards': single('Max-Forwards', readMaxForwards, false),
  contact: readContact,
  route: list('Route', readNameAddress),
  'record-route': list('Record-Route', readNameAddress),
  path: list('Path', readNameAddress),
  'service-route': list('Service-Route', readNameAddress),
  'p-asserted-identity': list('P-Asserted-Identity', readNameAddress),
  expires: single('Expires', readDeltaSeconds, false),
  'min-expires': single('Min-Expires', readDeltaSeconds, false),
  'content-type': single('Content-Type', readMediaType, false),
  'content-length': single('Content-Length', (v) => parseUint(v, Number.MAX_SAFE_INTEGER) ?? 'must be a number', false),
  allow: readTokens('Allow'),
  supported: readTokens('Supported'),
  require: readTokens('Require'),
  'proxy-require': readTokens('Proxy-Require'),
  unsupported: readTokens('Unsupported'),
  event: single('Event', readEvent, false),
  'refer-to': single('Refer-To', readNameAddress, false),
  'referred-by': single('Referred-By', readNameAddress, false),
  replaces: single('Replaces', readReplaces, false),
};

function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new DomainError(r.problems);
}

abstract class SipMessageBase {
  readonly version = 'SIP/2.0';
  headers: SipHeaders;
  /** The body octets (may share memory with the buffer the message was parsed from). */
  body: Buffer;
  /**
   * Problems the parser found in a message it could still read: missing or repeated
   * mandatory headers, CSeq/method mismatch and the like. A UAS or proxy answers a request
   * with defects with 400 (RFC 3261 8.2, 16.3; RFC 4475 3.1.2.17, 3.3.1, 3.3.8).
   */
  defects: Problem[] = [];

  constructor(headers: SipHeaders = new SipHeaders(), body: Buffer = Buffer.alloc(0)) {
    this.headers = headers;
    this.body = body;
  }

  /** A typed header view as a Result (never throws). */
  typed<K extends TypedHeaderKey>(key: K): Result<TypedHeaders[K]> {
    return this.headers.memo(key, () => SPECS[key](this.headers.getAll(key)) as Result<TypedHeaders[K]>);
  }

  // Typed getters throw a DomainError when the header is malformed (or a mandatory one is
  // missing). Messages from parseMessage() have valid Via, From, To, Call-ID, CSeq,
  // Max-Forwards and Contact, so only defects (see above) can make those throw.

  get via(): Via[] {
    return unwrap(this.typed('via'));
  }
  set via(value: Via[]) {
    this.headers.set('Via', value.map(String));
  }
  /** The first Via: the one a response is sent back along (RFC 3261 18.2.2). */
  get topVia(): Via | undefined {
    return this.via[0];
  }
  /**
   * Replaces the first Via, e.g. with `received` and `rport` filled in (RFC 3581 4):
   * `const v = req.topVia!.clone(); v.received = ip; v.rport = port; req.setTopVia(v);`
   */
  setTopVia(via: Via): void {
    const rest = this.headers.getAll('Via').slice(1);
    this.headers.set('Via', [via.toString(), ...rest]);
  }
  get from(): NameAddress {
    return unwrap(this.typed('from'));
  }
  set from(value: NameAddress) {
    this.headers.set('From', value.toString());
  }
  get to(): NameAddress {
    return unwrap(this.typed('to'));
  }
  set to(value: NameAddress) {
    this.headers.set('To', value.toString());
  }
  get callId(): string {
    return unwrap(this.typed('call-id'));
  }
  set callId(value: string) {
    if (!isCallId(value)) sipError('sip.value.invalid', `Call-ID ${JSON.stringify(value)}`);
    this.headers.set('Call-ID', value);
  }
  get cseq(): CSeq {
    return unwrap(this.typed('cseq'));
  }
  set cseq(value: CSeq) {
    this.headers.set('CSeq', formatCSeq(value));
  }
  get maxForwards(): number | undefined {
    return unwrap(this.typed('max-forwards'));
  }
  set maxForwards(value: number | undefined) {
    if (value === undefined) this.headers.delete('Max-Forwards');
    else {
      if (!Number.isInteger(value) || value < 0 || value > 255) sipError('sip.value.invalid', `Max-Forwards ${value}`);
      this.headers.set('Max-Forwards', String(value));
    }
  }
  /** Contact values; empty for the wildcard `*` (see isContactWildcard). */
  get contact(): NameAddress[] {
    const c = unwrap(this.typed('contact'));
    return c === '*' ? [] : c;
  }
  set contact(value: NameAddress[]) {
    if (value.length === 0) this.headers.delete('Contact');
    else this.headers.set('Contact', value.map(String));
  }
  get isContactWildcard(): boolean {
    return unwrap(this.typed('contact')) === '*';
  }
  get route(): NameAddress[] {
    return unwrap(this.typed('route'));
  }
  set route(value: NameAddress[]) {
    if (value.length === 0) this.headers.delete('Route');
    else this.headers.set('Route', value.map(String));
  }
  get recordRoute(): NameAddress[] {
    return unwrap(this.typed('record-route'));
  }
  set recordRoute(value: NameAddress[]) {
    if (value.length === 0) this.headers.delete('Record-Route');
    else this.headers.set('Record-Route', value.map(String));
  }
  get expires(): number | undefined {
    return unwrap(this.typed('expires'));
  }
  set expires(value: number | undefined) {
    if (value === undefined) this.headers.delete('Expires');
    else this.headers.set('Expires', String(unwrap(numberText(value, 0xffffffff, 'Expires'))));
  }
  get contentType(): MediaType | undefined {
    return unwrap(this.typed('content-type'));
  }
  set contentType(value: MediaType | undefined) {
    if (value === undefined) this.headers.delete('Content-Type');
    else this.headers.set('Content-Type', value.toString());
  }
  /** Content-Length as received (undefined if absent); the body's length is `body.length`. */
  get contentLength(): number | undefined {
    return unwrap(this.typed('content-length'));
  }
  get allow(): string[] {
    return unwrap(this.typed('allow'));
  }
  get supported(): string[] {
    return unwrap(this.typed('supported'));
  }
  get require(): string[] {
    return unwrap(this.typed('require'));
  }
  get proxyRequire(): string[] {
    return unwrap(this.typed('proxy-require'));
  }
  get event(): EventHeader | undefined {
    return unwrap(this.typed('event'));
  }
  get referTo(): NameAddress | undefined {
    return unwrap(this.typed('refer-to'));
  }
  get referredBy(): NameAddress | undefined {
    return unwrap(this.typed('referred-by'));
  }
  get replaces(): Replaces | undefined {
    return unwrap(this.typed('replaces'));
  }

  /** Sets (or replaces) the To tag, e.g. on a response that creates a dialog (RFC 3261 8.2.6.2). */
  setToTag(tag: string): void {
    const to = this.to.clone();
    to.tag = tag;
    this.to = to;
  }
}

function numberText(value: number, max: number, field: string): Result<number> {
  return Number.isInteger(value) && value >= 0 && value <= max ? ok(value) : invalid(field, String(value));
}

export class SipRequest extends SipMessageBase {
  readonly kind = 'request' as const;
  /** Case-sensitive token: INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER, ... */
  method: string;
  uri: Uri;

  constructor(method: string, uri: Uri, headers?: SipHeaders, body?: Buffer) {
    super(headers, body);
    if (!isToken(method)) sipError('sip.value.invalid', `method ${JSON.stringify(method)}`);
    this.method = method;
    this.uri = uri;
  }
}

export class SipResponse extends SipMessageBase {
  readonly kind = 'response' as const;
  status: number;
  reason: string;

  constructor(status: number, reason: string, headers?: SipHeaders, body?: Buffer) {
    super(headers, body);
    this.status = status;
    this.reason = reason;
  }
}

export type SipMessage = SipRequest | SipResponse;
