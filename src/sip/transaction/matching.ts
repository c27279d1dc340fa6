// Transaction keys: which transaction a response (RFC 3261 17.1.3) or a request (17.2.3)
// belongs to. Keys are strings so that matching is one Map lookup.
import { type SipRequest, type SipResponse } from '../message/index.js';

/**
 * 17.1.3: "If the response has the same value of the branch parameter in the top Via header
 * field as the branch parameter in the top Via header field of the request that created
 * the transaction" and "If the method parameter in the CSeq header field matches the method
 * of the request that created the transaction. The method is needed since a CANCEL request
 * constitutes a different transaction, but shares the same value of the branch parameter."
 */
export function clientKey(branch: string, method: string): string {
  return `${branch}\n${method}`;
}

/** The client transaction key of a response, or undefined without a top Via branch or CSeq. */
export function responseKey(response: SipResponse): string | undefined {
  const via = response.typed('via');
  const cseq = response.typed('cseq');
  const branch = via.ok ? via.value[0]?.branch : undefined;
  if (branch === undefined || !cseq.ok) return undefined;
  return clientKey(branch, cseq.value.method);
}

/** The client transaction key of a request we send (its top Via is ours). */
export function requestClientKey(request: SipRequest): string | undefined {
  const branch = request.typed('via').ok ? request.via[0]?.branch : undefined;
  return branch === undefined ? undefined : clientKey(branch, request.method);
}

/**
 * 17.2.3. With the RFC 3261 magic cookie: "the branch parameter in the request is equal to
 * the one in the top Via header field of the request that created the transaction, the
 * sent-by value in the top Via of the request is equal to the one in the request that
 * created the transaction, and the method of the request matches the one of the request
 * that created the transaction, except for ACK, where the method of the request that
 * created the transaction is INVITE."
 *
 * Without the cookie (RFC 2543 peers) the fallback compares Request-URI, From tag, Call-ID,
 * CSeq number and the top Via. The To tag is left out, which lets the ACK (carrying our
 * tag) match its INVITE (which had none); a new request in a dialog differs in CSeq anyway.
 *
 * `as` overrides the method, e.g. 'INVITE' to find the transaction a CANCEL cancels (9.2).
 * Undefined when the request has no usable top Via (it cannot be answered either).
 */
export function serverKey(request: SipRequest, as?: string): string | undefined {
  const vias = request.typed('via');
  const top = vias.ok ? vias.value[0] : undefined;
  if (!top) return undefined;
  const method = as ?? (request.method === 'ACK' ? 'INVITE' : request.method);
  if (top.isRfc3261Branch) return `${top.branch}\n${top.host.toLowerCase()}:${top.port ?? ''}\n${method}`;
  const from = request.typed('from');
  const callId = request.typed('call-id');
  const cseq = request.typed('cseq');
  if (!from.ok || !callId.ok || !cseq.ok) return undefined;
  const topRaw = request.headers.get('Via') ?? '';
  return ['2543', request.uri.toString(), from.value.tag ?? '', callId.value, cseq.value.seq, topRaw, method].join('\n');
}
