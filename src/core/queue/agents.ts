// Operators ("telefonister") as the queue sees them, and the choice of who gets a call.
import type { Instant } from '../time.js';

/** As stored in switchboard_agents. */
export type AgentState = 'logged-out' | 'available' | 'paused';

export interface AgentView {
  personId: string;
  state: AgentState;
  /** A call rings them or they are connected: they get no other call until free again. */
  busy: boolean;
  /** When they last became free (or logged in): the longest idle is offered the next call. */
  idleSince: Instant;
}

/** Logged in, whether taking calls or on a pause: a queue with none overflows at once. */
export function isLoggedIn(agent: Pick<AgentView, 'state'>): boolean {
  return agent.state !== 'logged-out';
}

/** Can be offered a call now. */
export function isFree(agent: AgentView): boolean {
  return agent.state === 'available' && !agent.busy;
}

/**
 * The agent to offer a call to: free, longest idle first (ties by person id, so the choice
 * is the same on every run). Agents who already missed this call are passed over while
 * anyone else is free; when only they are, they are offered it again rather than leaving
 * the caller waiting with a free operator.
 */
export function chooseAgent<A extends AgentView>(agents: Iterable<A>, missed: ReadonlySet<string> = new Set()): A | undefined {
  let best: A | undefined;
  let bestMissed: A | undefined;
  for (const a of agents) {
    if (!isFree(a)) continue;
    if (missed.has(a.personId)) {
      if (!bestMissed || longerIdle(a, bestMissed)) bestMissed = a;
    } else if (!best || longerIdle(a, best)) {
      best = a;
    }
  }
  return best ?? bestMissed;
}

function longerIdle(a: AgentView, b: AgentView): boolean {
  const d = a.idleSince.epochMilliseconds - b.idleSince.epochMilliseconds;
  return d < 0 || (d === 0 && a.personId < b.personId);
}
