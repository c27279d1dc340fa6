import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Temporal } from '../time.js';
import { estimatedWaitSeconds, movingAverage, overflowReason, overflowsAt } from './overflow.js';
import { chooseAgent, isLoggedIn, type AgentView } from './agents.js';

const T0 = Temporal.Instant.from('2026-04-22T08:00:00Z');
const s = (n: number) => T0.add({ seconds: n });

describe('overflow', () => {
  it('P-FC-1: no agent logged in overflows at once, whatever the wait', () => {
    assert.equal(overflowReason({ enteredAt: T0, now: T0, maxWaitSeconds: 180, agentsLoggedIn: 0 }), 'no-agent-logged-in');
  });
  it('P-FC-1: waiting the maximum overflows, one millisecond less does not', () => {
    assert.equal(overflowReason({ enteredAt: T0, now: T0.add({ milliseconds: 179_999 }), maxWaitSeconds: 180, agentsLoggedIn: 2 }), null);
    assert.equal(overflowReason({ enteredAt: T0, now: s(180), maxWaitSeconds: 180, agentsLoggedIn: 2 }), 'max-wait');
    assert.equal(overflowsAt(T0, 180).toString(), '2026-04-22T08:03:00Z');
  });
});

describe('estimated wait', () => {
  it('nothing to estimate without agents taking calls', () => {
    assert.equal(estimatedWaitSeconds({ position: 1, agentsTakingCalls: 0, agentsFree: 0, averageHandleSeconds: 90 }), null);
  });
  it('a free agent for every call ahead: no wait', () => {
    assert.equal(estimatedWaitSeconds({ position: 2, agentsTakingCalls: 3, agentsFree: 2, averageHandleSeconds: 90 }), 0);
  });
  it('calls ahead are served at the rate the agents finish calls', () => {
    // 6th in line, two busy agents, 90 s a call: 6 * 90 / 2 = 270 s.
    assert.equal(estimatedWaitSeconds({ position: 6, agentsTakingCalls: 2, agentsFree: 0, averageHandleSeconds: 90 }), 270);
    assert.equal(estimatedWaitSeconds({ position: 1, agentsTakingCalls: 3, agentsFree: 0, averageHandleSeconds: 100 }), 34);
  });
  it('moving average starts at the first sample and moves a fifth of the way', () => {
    assert.equal(movingAverage(null, 120), 120);
    assert.equal(movingAverage(100, 200), 120);
  });
});

describe('agents', () => {
  const agent = (personId: string, idle: number, extra: Partial<AgentView> = {}): AgentView => ({ personId, state: 'available', busy: false, idleSince: s(idle), ...extra });
  it('the longest idle free agent is offered the call', () => {
    const chosen = chooseAgent([agent('a', 30), agent('b', 10), agent('c', 0, { busy: true }), agent('d', 0, { state: 'paused' }), agent('e', 0, { state: 'logged-out' })]);
    assert.equal(chosen?.personId, 'b');
  });
  it('one who missed the call is passed over while another is free, and offered it again when alone', () => {
    assert.equal(chooseAgent([agent('a', 0), agent('b', 10)], new Set(['a']))?.personId, 'b');
    assert.equal(chooseAgent([agent('a', 0), agent('b', 10, { busy: true })], new Set(['a']))?.personId, 'a');
  });
  it('equal idle times are broken by person id, so the choice does not depend on the order given', () => {
    assert.equal(chooseAgent([agent('b', 5), agent('a', 5)])?.personId, 'a');
  });
  it('paused agents are logged in (a queue with only paused agents waits, it does not overflow at once)', () => {
    assert.equal(isLoggedIn({ state: 'paused' }), true);
    assert.equal(isLoggedIn({ state: 'logged-out' }), false);
  });
});
