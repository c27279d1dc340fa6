// SIP trunks to the operator. See README.md in this folder.
export { MAX_ADDRESSES, REGISTER_EXPIRES, trunkProblems, validateTrunk, type TrunkMode, type TrunkSettings, type TrunkTransport } from './config.js';
export { ANONYMOUS, callerNumber, dialledNumber, trunkNumber, type InboundRequest } from './inbound.js';
export { DEFAULT_RETRY, refreshDelayMs, retryDelayMs, TrunkRegistration, type RetryPolicy, type TrunkState, type TrunkStatus } from './registration.js';
export { HostResolver, resolverDns, SipServerResolver, srvOrder, systemDns, systemResolve, type Dns, type Resolve, type SipServer, type SrvRecord } from './resolve.js';
export { TrunkService, type RegistrationOptions, type Trunk, type TrunkCreate, type TrunkPatch, type TrunkServiceOptions, type TrunkView } from './service.js';
