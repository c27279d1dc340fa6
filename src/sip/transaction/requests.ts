// Requests the transaction layer builds itself from another request: the ACK for a non-2xx
// final response (RFC 3261 17.1.1.3) and CANCEL (9.1).
import { SipHeaders, SipRequest, type SipResponse } from '../message/index.js';

/** The header values both requests copy from the request they refer to. */
function copied(original: SipRequest, method: string, to: string): SipHeaders {
  const h = new SipHeaders();
  // "contain a single Via header field, and this MUST be equal to the top Via header field
  // of the original request" (17.1.1.3; the same for CANCEL in 9.1)
  const via = original.headers.get('Via');
  if (via !== undefined) h.append('Via', via);
  h.append('Max-Forwards', '70');
  // "If the INVITE request whose response is being acknowledged had Route header fields,
  // those header fields MUST appear in the ACK." (9.1 says the same for CANCEL)
  const route = original.headers.getAll('Route');
  if (route.length > 0) h.append('Route', route);
  h.append('From', original.headers.get('From') ?? '');
  h.append('To', to);
  h.append('Call-ID', original.headers.get('Call-ID') ?? '');
  // "the CSeq header field in the ACK MUST contain the same value for the sequence number as
  // was present in the original request, but the method parameter MUST be equal to "ACK"."
  h.append('CSeq', `${original.cseq.seq} ${method}`);
  return h;
}

/**
 * 17.1.1.3: "The ACK request constructed by the client transaction MUST contain values for
 * the Call-ID, From, and Request-URI that are equal to the values of those header fields in
 * the request passed to the transport by the client transaction [...] The To header field
 * in the ACK MUST equal the To header field in the response being acknowledged".
 */
export function createNon2xxAck(invite: SipRequest, response: SipResponse): SipRequest {
  return new SipRequest('ACK', invite.uri, copied(invite, 'ACK', response.headers.get('To') ?? ''));
}

/**
 * 9.1: "The Request-URI, Call-ID, To, the numeric part of CSeq, and From header fields in the
 * CANCEL request MUST be identical to those in the request being cancelled, including tags.
 * A CANCEL constructed by a client MUST have only a single Via header field value matching
 * the top Via value in the request being cancelled."
 */
export function createCancel(request: SipRequest): SipRequest {
  return new SipRequest('CANCEL', request.uri, copied(request, 'CANCEL', request.headers.get('To') ?? ''));
}
