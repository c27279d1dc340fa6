// The switchboard queue, pure: waiting order (P-SWB-7 with aging), agents, overflow and
// wait estimates. The service (src/services/switchboard) holds the state and the clock.
export { CallQueue, compareRank, type QueuedCall, type QueueOrderSettings, type QueuePriority } from './order.js';
export { chooseAgent, isFree, isLoggedIn, type AgentState, type AgentView } from './agents.js';
export { estimatedWaitSeconds, movingAverage, overflowReason, overflowsAt, waitedMs, type OverflowInput, type OverflowReason, type WaitEstimateInput } from './overflow.js';
export { snapshotRows, type SnapshotRow } from './snapshot.js';
