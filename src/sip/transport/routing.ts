// Where a response goes: RFC 3261 18.2.2 with RFC 3581 4 (symmetric response routing).
import { type Via } from '../message/index.js';
import { isIpLiteral, normalizeAddress } from './target.js';
import { defaultPort, isReliable, type Source, type Target, transportFromName } from './types.js';

/**
 * The target for a response whose top Via is `via` (as stamped on receipt, so it carries
 * received and rport), to a request that came from `source`. Undefined when only DNS could
 * tell (RFC 3263 5), which cannot happen for requests we stamped: a host name in sent-by
 * always gets a received parameter.
 */
export function responseTarget(via: Via, source?: Source): Target | undefined {
  const transport = transportFromName(via.transport) ?? source?.transport;
  if (!transport) return undefined;
  const sentByPort = via.port ?? defaultPort(transport);
  const received = via.received === undefined ? undefined : normalizeAddress(via.received);
  const sentBy = isIpLiteral(via.host) ? normalizeAddress(via.host) : undefined;

  if (isReliable(transport)) {
    // "the response MUST be sent using the existing connection to the source of the
    // original request that created the transaction, if that connection is still open.
    // [...] If the connection is no longer open, the server SHOULD open a connection to the
    // IP address in the received parameter, if present, using the port in the sent-by
    // value, or the default port for that transport".
    const address = received ?? sentBy ?? source?.address;
    if (address === undefined) return undefined;
    const target: Target = { transport, address, port: sentByPort };
    if (source?.connectionId !== undefined) target.connectionId = source.connectionId;
    return target;
  }
  // "Otherwise, if the Via header field value contains a "maddr" parameter, the response
  // MUST be forwarded to the address listed there, using the port indicated in "sent-by",
  // or port 5060 if none is present." A maddr name would need DNS: it is skipped.
  // (Multicast TTL from the ttl parameter is not supported: we never send to multicast.)
  const maddr = via.maddr;
  if (maddr !== undefined && isIpLiteral(maddr)) return { transport, address: normalizeAddress(maddr), port: sentByPort };
  if (received !== undefined) {
    // RFC 3581 4: "there is both a "received" parameter and an "rport" parameter, the
    // response MUST be sent to the IP address listed in the "received" parameter, and the
    // port in the "rport" parameter."
    const rport = via.rport;
    if (typeof rport === 'number') return { transport, address: received, port: rport };
    // 18.2.2: "the response MUST be sent to the address indicated by the "received"
    // parameter, using the port indicated in the "sent-by" value, or using port 5060"
    return { transport, address: received, port: sentByPort };
  }
  // "Otherwise [...] the response MUST be sent to the address indicated by the "sent-by"
  // value, using the procedures in Section 5 of [4]." Without DNS: IP literals only.
  if (sentBy !== undefined) return { transport, address: sentBy, port: sentByPort };
  return undefined;
}
