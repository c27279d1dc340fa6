// Canonical output: long header names (or compact ones on request, RFC 3261 7.3.3 for
// datagrams near the MTU), one line per value of list headers, and a Content-Length
// always computed from the body (RFC 3261 18.3, 20.14).
import { compactName } from './headers.js';
import { type SipMessage } from './message.js';
import { sipError } from './problems.js';
import { hasCrLf, isToken } from './syntax.js';

export interface SerializeOptions {
  /** Use compact header names (`v`, `f`, `t`, `i`, `m`, `l`, ...). */
  compact?: boolean;
}

/** The first line of a message, e.g. `INVITE sip:bob@example.com SIP/2.0`. */
export function startLine(msg: SipMessage): string {
  if (msg.kind === 'request') {
    if (!isToken(msg.method)) sipError('sip.value.invalid', `method ${JSON.stringify(msg.method)}`);
    return `${msg.method} ${msg.uri.toString()} SIP/2.0`;
  }
  if (!Number.isInteger(msg.status) || msg.status < 100 || msg.status > 699) sipError('sip.value.invalid', `status ${msg.status}`);
  if (hasCrLf(msg.reason)) sipError('sip.header.crlf', `reason phrase ${JSON.stringify(msg.reason)}`);
  return `SIP/2.0 ${msg.status} ${msg.reason}`;
}

/**
 * Serialises a message to the bytes to send. Throws a DomainError (never writes a broken
 * message) when a header name is not a token or a value holds CR or LF: header injection
 * through user-supplied text is impossible.
 */
export function serializeMessage(msg: SipMessage, opts: SerializeOptions = {}): Buffer {
  let head = startLine(msg) + '\r\n';
  for (const f of msg.headers) {
    if (f.key === 'content-length') continue;
    if (!isToken(f.name)) sipError('sip.header.name', JSON.stringify(f.name));
    if (hasCrLf(f.value)) sipError('sip.header.crlf', `${f.name}: ${JSON.stringify(f.value)}`, { field: f.name });
    head += (opts.compact ? compactName(f.name) : f.name) + (f.value === '' ? ':\r\n' : ': ' + f.value + '\r\n');
  }
  head += (opts.compact ? 'l' : 'Content-Length') + ': ' + msg.body.length + '\r\n\r\n';
  const headLength = Buffer.byteLength(head, 'utf8');
  const out = Buffer.allocUnsafe(headLength + msg.body.length);
  out.write(head, 0, 'utf8');
  msg.body.copy(out, headLength);
  return out;
}
