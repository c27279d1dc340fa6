// When a waiting call leaves the queue for the next step of its plan, and how long a caller
// is likely to wait.
import type { Instant } from '../time.js';

export type OverflowReason =
  /** Nobody is logged in to serve the queue: waiting would only ring unanswered (P-FC-1). */
  | 'no-agent-logged-in'
  /** The call has waited the queue's maximum (the profile's queue.maxWaitSeconds, P-FC-1). */
  | 'max-wait';

export interface OverflowInput {
  enteredAt: Instant;
  now: Instant;
  maxWaitSeconds: number;
  /** Agents logged in for this queue, paused ones included: a pause is short, a logout is not. */
  agentsLoggedIn: number;
}

/** Why the call must overflow now, or null while it may keep waiting. */
export function overflowReason(input: OverflowInput): OverflowReason | null {
  if (input.agentsLoggedIn <= 0) return 'no-agent-logged-in';
  if (waitedMs(input.enteredAt, input.now) >= input.maxWaitSeconds * 1000) return 'max-wait';
  return null;
}

/** The instant a call that entered at `enteredAt` reaches the maximum wait. */
export function overflowsAt(enteredAt: Instant, maxWaitSeconds: number): Instant {
  return enteredAt.add({ seconds: maxWaitSeconds });
}

export function waitedMs(since: Instant, now: Instant): number {
  return Math.max(0, now.epochMilliseconds - since.epochMilliseconds);
}

export interface WaitEstimateInput {
  /** 1-based position in the queue. */
  position: number;
  /** Agents taking calls (available, busy or not); paused and logged-out ones do not count. */
  agentsTakingCalls: number;
  /** Of those, how many are free this moment. */
  agentsFree: number;
  /** Recent average time an agent is occupied by one call (ringing, talking, wrap-up). */
  averageHandleSeconds: number;
}

/**
 * Estimated seconds until an agent is offered this call, or null when no agent takes calls
 * (nothing to estimate from). The calls ahead that free agents cannot take at once are
 * served at the rate the agents finish calls: `agentsTakingCalls / averageHandleSeconds`.
 */
export function estimatedWaitSeconds(input: WaitEstimateInput): number | null {
  if (input.agentsTakingCalls <= 0 || input.position <= 0) return null;
  const waitingBehindBusy = input.position - Math.max(0, input.agentsFree);
  if (waitingBehindBusy <= 0) return 0;
  return Math.ceil((waitingBehindBusy * input.averageHandleSeconds) / input.agentsTakingCalls);
}

/** An exponentially weighted moving average: recent calls count more (weight of the new sample). */
export function movingAverage(previous: number | null, sample: number, weight = 0.2): number {
  return previous === null ? sample : previous + weight * (sample - previous);
}
