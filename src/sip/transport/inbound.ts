// What every server transport does with what it receives, whatever the transport:
// stamping the top Via (RFC 3261 18.2.1, RFC 3581 4) and answering requests that fail to
// parse (RFC 3261 8.2, 21.4.1; RFC 4475) so that a bad datagram never goes unanswered
// when it can be answered, and never crashes anything.
import { type Problem } from '../../core/errors.js';
import {
  createErrorResponse,
  newTag,
  type ParseFailure,
  parseMessage,
  readNameAddress,
  reasonPhrase,
  serializeMessage,
  type SipRequest,
} from '../message/index.js';
import { normalizeAddress } from './target.js';
import { type Source } from './types.js';

/**
 * RFC 3261 18.2.1: "If the host portion of the "sent-by" parameter contains a domain name,
 * or if it contains an IP address that differs from the packet source address, the server
 * MUST add a "received" parameter". RFC 3581 4: a valueless rport is set to the source
 * port, and then received is added "even if it is identical to the value of the sent-by
 * component". Only the top Via value is rewritten; the others stay as they arrived.
 */
export function stampVia(request: SipRequest, source: Source): void {
  const parsed = request.typed('via');
  if (!parsed.ok) return;
  const first = parsed.value[0];
  if (!first) return;
  const wantsRport = first.rport === null;
  const differs = normalizeAddress(first.host) !== source.address;
  if (!wantsRport && !differs) return;
  const top = first.clone();
  top.received = source.address;
  if (wantsRport) top.rport = source.port;
  request.setTopVia(top);
}

const PRINTABLE = /[^\x20-\x7e]/g;

/**
 * A reason phrase that says what was wrong, e.g. "Bad Request (Invalid Content-Length)":
 * the status's phrase and the problem's English text without the quoted input, so that
 * nothing the peer sent is echoed back.
 */
export function reasonFor(status: number, problem: Problem | undefined): string {
  const base = reasonPhrase(status);
  if (!problem) return base;
  const colon = problem.en.indexOf(':');
  const what = (colon < 0 ? problem.en : problem.en.slice(0, colon)).replace(PRINTABLE, '').slice(0, 80).trim();
  return what === '' || what === base ? base : `${base} (${what})`;
}

/**
 * The bytes of a stateless error response to a request that failed to parse, or undefined
 * when there is nothing to answer: a response, an ACK (never answered, RFC 3261 17.2.1),
 * a request without the Via, From, To, Call-ID and CSeq a response must copy (8.2.6), or
 * one whose copied values are themselves unreadable.
 * The To tag is added when the To value can be read (8.2.6.2).
 */
export function malformedReply(failure: ParseFailure): Buffer | undefined {
  if (failure.context.method === 'ACK') return undefined;
  try {
    const response = createErrorResponse(failure.context, failure.status, reasonFor(failure.status, failure.problems[0]));
    if (!response) return undefined;
    const to = readNameAddress(failure.context.to ?? '');
    if (typeof to !== 'string' && to.tag === undefined) {
      to.tag = newTag();
      response.to = to;
    }
    const bytes = serializeMessage(response);
    // Copied values can be the broken ones (an unterminated quote in To, a CSeq beyond
    // 2^32-1): a reply that would not parse could not be matched by the peer either.
    return parseMessage(bytes).ok ? bytes : undefined;
  } catch {
    // A value that cannot be written back (CR/LF cannot occur after parsing, but a raw
    // Via the serializer refuses could): the request is dropped instead.
    return undefined;
  }
}
