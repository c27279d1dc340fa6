// Public API of the SIP transport layer. See README.md in this folder.
export { advertisedHostFor, type ListenOptions } from './base.js';
export { malformedReply, reasonFor, stampVia } from './inbound.js';
export { transportProblem, type TransportProblemCode } from './problems.js';
export { responseTarget } from './routing.js';
export { formatTarget, isIpLiteral, normalizeAddress, parseTarget, type StaticHosts, targetFromUri } from './target.js';
export { TcpTransport, type TcpOptions } from './tcp.js';
export {
  defaultPort,
  type Endpoint,
  type Inbound,
  type InboundHandler,
  isReliable,
  newTransportMetrics,
  type Source,
  type Target,
  type Transport,
  TransportError,
  transportFromName,
  type TransportMetrics,
  type TransportProtocol,
} from './types.js';
export { UdpTransport, type UdpOptions } from './udp.js';
