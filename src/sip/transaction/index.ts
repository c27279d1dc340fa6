// Public API of the SIP transaction layer. See README.md in this folder.
export { ClientTransaction, type ClientTransactionUser } from './client.js';
export {
  type EndpointMetrics,
  type EndpointOptions,
  type EndpointUser,
  type RequestOptions,
  SipEndpoint,
  TransactionLayer,
} from './endpoint.js';
export { InviteClientTransaction } from './invite-client.js';
export { InviteServerTransaction } from './invite-server.js';
export { clientKey, requestClientKey, responseKey, serverKey } from './matching.js';
export { NonInviteClientTransaction } from './non-invite-client.js';
export { NonInviteServerTransaction } from './non-invite-server.js';
export { createCancel, createNon2xxAck } from './requests.js';
export { ServerTransaction, type ServerTransactionOptions, type ServerTransactionUser } from './server.js';
export {
  DEFAULT_TIMERS,
  ManualScheduler,
  realScheduler,
  type Scheduler,
  type TimerHandle,
  type TimerSettings,
  timerSettings,
  timerValues,
} from './timers.js';
export {
  type Channel,
  newTransactionStats,
  Transaction,
  type TransactionContext,
  type TransactionKind,
  type TransactionState,
  type TransactionStats,
  type TimerName,
} from './transaction.js';
export { AnswerRetransmitter } from './uas-core.js';
