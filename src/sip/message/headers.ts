// Header field names and the ordered header list of a message.
//
// Names are case-insensitive and have compact forms (RFC 3261 7.3.3, 20; IANA registry).
// A field is stored once per value: `Via: a, b` becomes two Via fields, as RFC 3261 7.3.1
// says it is equivalent to, for the headers whose grammar is a comma list. Headers whose
// values contain commas of their own (Date, WWW-Authenticate, ...) and unknown headers are
// never split (RFC 4475 3.1.1.1, UnknownHeaderWithUnusualValue).
import { hasCrLf, isToken, splitList } from './syntax.js';
import { sipError } from './problems.js';

interface HeaderInfo {
  /** Canonical long name for output. */
  readonly name: string;
  /** The grammar is a comma-separated list: split into one field per value. */
  readonly list: boolean;
  /** Compact form (RFC 3261 7.3.3 and later RFCs), used when serialising compactly. */
  readonly compact?: string;
}

const KNOWN: HeaderInfo[] = [
  { name: 'Accept', list: true },
  { name: 'Accept-Contact', list: true, compact: 'a' }, // RFC 3841
  { name: 'Accept-Encoding', list: true },
  { name: 'Accept-Language', list: true },
  { name: 'Alert-Info', list: true },
  { name: 'Allow', list: true },
  { name: 'Allow-Events', list: true, compact: 'u' }, // RFC 6665
  { name: 'Authentication-Info', list: false },
  { name: 'Authorization', list: false },
  { name: 'Call-ID', list: false, compact: 'i' },
  { name: 'Call-Info', list: true },
  { name: 'Contact', list: true, compact: 'm' },
  { name: 'Content-Disposition', list: false },
  { name: 'Content-Encoding', list: true, compact: 'e' },
  { name: 'Content-Language', list: true },
  { name: 'Content-Length', list: false, compact: 'l' },
  { name: 'Content-Type', list: false, compact: 'c' },
  { name: 'CSeq', list: false },
  { name: 'Date', list: false },
  { name: 'Error-Info', list: true },
  { name: 'Event', list: false, compact: 'o' }, // RFC 6665
  { name: 'Expires', list: false },
  { name: 'From', list: false, compact: 'f' },
  { name: 'Identity', list: false, compact: 'y' }, // RFC 8224
  { name: 'In-Reply-To', list: true },
  { name: 'Max-Forwards', list: false },
  { name: 'Min-Expires', list: false },
  { name: 'Min-SE', list: false }, // RFC 4028
  { name: 'MIME-Version', list: false },
  { name: 'Organization', list: false },
  { name: 'P-Asserted-Identity', list: true }, // RFC 3325
  { name: 'Path', list: true }, // RFC 3327
  { name: 'Priority', list: false },
  { name: 'Privacy', list: false },
  { name: 'Proxy-Authenticate', list: false },
  { name: 'Proxy-Authorization', list: false },
  { name: 'Proxy-Require', list: true },
  { name: 'RAck', list: false }, // RFC 3262
  { name: 'Reason', list: true }, // RFC 3326
  { name: 'Record-Route', list: true },
  { name: 'Refer-To', list: false, compact: 'r' }, // RFC 3515
  { name: 'Referred-By', list: false, compact: 'b' }, // RFC 3892
  { name: 'Reject-Contact', list: true, compact: 'j' }, // RFC 3841
  { name: 'Replaces', list: false }, // RFC 3891
  { name: 'Reply-To', list: false },
  { name: 'Request-Disposition', list: true, compact: 'd' }, // RFC 3841
  { name: 'Require', list: true },
  { name: 'Retry-After', list: false },
  { name: 'Route', list: true },
  { name: 'RSeq', list: false }, // RFC 3262
  { name: 'Server', list: false },
  { name: 'Service-Route', list: true }, // RFC 3608
  { name: 'Session-Expires', list: false, compact: 'x' }, // RFC 4028
  { name: 'Subject', list: false, compact: 's' },
  { name: 'Subscription-State', list: false }, // RFC 6665
  { name: 'Supported', list: true, compact: 'k' },
  { name: 'Timestamp', list: false },
  { name: 'To', list: false, compact: 't' },
  { name: 'Unsupported', list: true },
  { name: 'User-Agent', list: false },
  { name: 'Via', list: true, compact: 'v' },
  { name: 'Warning', list: true },
  { name: 'WWW-Authenticate', list: false },
];

const BY_KEY = new Map<string, HeaderInfo>();
for (const info of KNOWN) {
  BY_KEY.set(info.name.toLowerCase(), info);
  if (info.compact) BY_KEY.set(info.compact, info);
}

/** What a header name spelling stands for. */
export interface NameInfo {
  /** Canonical spelling for output (unknown names as given). */
  readonly canonical: string;
  /** Lower-case long form, for lookups. */
  readonly key: string;
  readonly list: boolean;
}

// Spellings seen on the wire; bounded because names from the network are untrusted.
const SPELLINGS = new Map<string, NameInfo>();

export function nameInfo(name: string): NameInfo {
  let ni = SPELLINGS.get(name);
  if (ni) return ni;
  const lower = name.toLowerCase();
  const info = BY_KEY.get(lower);
  ni = info ? { canonical: info.name, key: info.name.toLowerCase(), list: info.list } : { canonical: name, key: lower, list: false };
  if (SPELLINGS.size < 4096) SPELLINGS.set(name, ni);
  return ni;
}

/** Lower-case long name used to look a header up; compact forms map to their long name. */
export function headerKey(name: string): string {
  return nameInfo(name).key;
}

/** The canonical spelling of a header name: `v` and `VIA` give `Via`; unknown names as given. */
export function canonicalName(name: string): string {
  return nameInfo(name).canonical;
}

export function compactName(name: string): string {
  const info = BY_KEY.get(name.toLowerCase());
  return info?.compact ?? info?.name ?? name;
}

export interface HeaderField {
  /** Canonical name (unknown headers keep the spelling they arrived with). */
  readonly name: string;
  /** headerKey(name): lower-case long form. */
  readonly key: string;
  /** One value, unfolded and trimmed. */
  readonly value: string;
}

/** Makes fields from a header line's value: one per list element for list headers. */
export function makeFields(info: NameInfo, value: string, into: HeaderField[]): void {
  if (info.list && value.length > 0) {
    for (const v of splitList(value)) into.push({ name: info.canonical, key: info.key, value: v });
  } else into.push({ name: info.canonical, key: info.key, value });
}

function checkName(name: string): void {
  if (!isToken(name)) sipError('sip.header.name', JSON.stringify(name));
}

function checkValue(name: string, value: string): void {
  // RFC 4475 / house rule: a value can never add a header line or end the header section.
  if (hasCrLf(value)) sipError('sip.header.crlf', `${name}: ${JSON.stringify(value)}`, { field: name });
}

/**
 * The ordered header fields of a message. Lookups are case-insensitive and understand
 * compact forms. Typed views of a header (message.ts) are cached here and dropped when
 * that header changes.
 */
export class SipHeaders implements Iterable<HeaderField> {
  private fields: HeaderField[];
  private cache: Map<string, unknown> | undefined;

  constructor(fields: HeaderField[] = []) {
    this.fields = fields;
  }

  /** First value of a header, or undefined. */
  get(name: string): string | undefined {
    const key = headerKey(name);
    for (const f of this.fields) if (f.key === key) return f.value;
    return undefined;
  }

  /** All values of a header in order (list headers: one per element). */
  getAll(name: string): string[] {
    const key = headerKey(name);
    const out: string[] = [];
    for (const f of this.fields) if (f.key === key) out.push(f.value);
    return out;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  count(name: string): number {
    return this.getAll(name).length;
  }

  /**
   * Replaces all values of a header, keeping the position of its first occurrence. A value
   * of a list header that holds a comma list becomes several fields, as when parsing.
   */
  set(name: string, value: string | readonly string[]): this {
    const add = this.fieldsFor(name, value);
    const key = (add[0] ?? { key: headerKey(name) }).key;
    let at = this.fields.findIndex((f) => f.key === key);
    this.fields = this.fields.filter((f) => f.key !== key);
    if (at < 0 || at > this.fields.length) at = this.fields.length;
    this.fields.splice(at, 0, ...add);
    this.cache?.delete(key);
    return this;
  }

  /** Adds values after the existing ones (or at the end of the header list). */
  append(name: string, value: string | readonly string[]): this {
    return this.insert(name, value, false);
  }

  /** Adds values before the existing ones (a proxy's Via or Record-Route goes on top). */
  prepend(name: string, value: string | readonly string[]): this {
    return this.insert(name, value, true);
  }

  private fieldsFor(name: string, value: string | readonly string[]): HeaderField[] {
    checkName(name);
    const info = nameInfo(name);
    const out: HeaderField[] = [];
    for (const v of typeof value === 'string' ? [value] : value) {
      checkValue(name, v);
      makeFields(info, v, out);
    }
    return out;
  }

  private insert(name: string, value: string | readonly string[], first: boolean): this {
    const add = this.fieldsFor(name, value);
    const key = headerKey(name);
    let at = -1;
    for (let i = 0; i < this.fields.length; i++) {
      if ((this.fields[i] as HeaderField).key !== key) continue;
      at = first ? i : i + 1;
      if (first) break;
    }
    if (at < 0) at = first && key === 'via' ? 0 : this.fields.length;
    this.fields.splice(at, 0, ...add);
    this.cache?.delete(key);
    return this;
  }

  delete(name: string): boolean {
    const key = headerKey(name);
    const before = this.fields.length;
    this.fields = this.fields.filter((f) => f.key !== key);
    this.cache?.delete(key);
    return this.fields.length !== before;
  }

  get size(): number {
    return this.fields.length;
  }

  [Symbol.iterator](): Iterator<HeaderField> {
    return this.fields[Symbol.iterator]();
  }

  clone(): SipHeaders {
    return new SipHeaders(this.fields.slice());
  }

  /** @internal Typed-view cache used by message.ts. */
  memo<T>(key: string, compute: () => T): T {
    const cache = (this.cache ??= new Map());
    if (cache.has(key)) return cache.get(key) as T;
    const value = compute();
    cache.set(key, value);
    return value;
  }
}
