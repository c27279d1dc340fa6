// The console's state logic without a browser (web/src/pages/console/logic.ts): live events
// patch what the API said, shortcuts map to commands, waiting times read as on a console.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyEvent, commandOf, EMPTY_STATE, myCall, offeredToMe, parkedCalls, phaseText, recallText, remainingText, waitingCalls, waitingText,
  type ConsoleCallView, type ConsoleState, type QueueCallView,
} from '../../web/src/pages/console/logic.js';

const row = (callId: string, priority: 'external' | 'internal', offeredTo: string | null = null): QueueCallView => ({
  callId, position: 1, priority, promoted: false, callerNumber: '+46701740610', callerName: null, dialled: '+46846500400',
  enteredAt: '2026-03-25T09:00:00Z', waitingSince: '2026-03-25T09:00:00Z', waitingSeconds: 0, offeredTo, estimatedWaitSeconds: null,
});

const call = (callId: string, phase: ConsoleCallView['phase'], operatorId: string | null, extra: Partial<ConsoleCallView> = {}): ConsoleCallView => ({
  callId, phase, since: '2026-03-25T09:00:00Z', caller: { number: '+46701740610', name: null, personId: null }, external: true, dialled: '+46846500400',
  operatorId, parkedBy: null, target: null, targetAnswered: false, recalled: null, deadline: null, ...extra,
});

test('queue.changed replaces that queue; a function queue shows while calls wait in it; the switchboard queue always', () => {
  let s: ConsoleState = EMPTY_STATE;
  s = applyEvent(s, { type: 'queue.changed', queue: 'switchboard', calls: [row('a', 'external'), row('b', 'internal', 'sara')] }, 'sara');
  s = applyEvent(s, { type: 'queue.changed', queue: { functionId: 'f1' }, calls: [row('c', 'internal')] }, 'sara');
  assert.deepEqual(waitingCalls(s).map((c) => c.callId), ['a', 'b', 'c'], 'the switchboard queue first, in the server\'s order (P-SWB-7)');
  assert.equal(offeredToMe(s, 'sara')?.callId, 'b');
  s = applyEvent(s, { type: 'queue.changed', queue: { functionId: 'f1' }, calls: [] }, 'sara');
  s = applyEvent(s, { type: 'queue.changed', queue: 'switchboard', calls: [] }, 'sara');
  assert.deepEqual(s.queues, [{ queue: 'switchboard', calls: [] }]);
});

test('agent.changed updates my own state and the list of logged-in operators', () => {
  let s = applyEvent(EMPTY_STATE, { type: 'agent.changed', personId: 'sara', state: 'paused', pauseReason: 'Rast', busy: false, changedAt: 'x' }, 'sara');
  assert.equal(s.me?.state, 'paused');
  assert.equal(s.me?.pauseReason, 'Rast');
  assert.equal(s.agents.length, 1);
  s = applyEvent(s, { type: 'agent.changed', personId: 'sara', state: 'logged-out', pauseReason: null, busy: false, changedAt: 'y' }, 'sara');
  assert.equal(s.me?.state, 'logged-out');
  assert.equal(s.agents.length, 0, 'a logged-out operator leaves the list');
  assert.equal(applyEvent(s, { type: 'presence.changed' }, 'sara'), s, 'other events leave the state alone');
});

test('console.call: my call, parked calls (recalled first), and calls that are done leave the lists', () => {
  let s: ConsoleState = EMPTY_STATE;
  s = applyEvent(s, { type: 'console.call', call: call('1', 'talking', 'sara') }, 'sara');
  s = applyEvent(s, { type: 'console.call', call: call('2', 'parked', null, { since: '2026-03-25T09:01:00Z' }) }, 'sara');
  s = applyEvent(s, { type: 'console.call', call: call('3', 'parked', null, { since: '2026-03-25T09:02:00Z', recalled: { why: 'no-answer', from: 'Johan Ek' } }) }, 'sara');
  s = applyEvent(s, { type: 'console.call', call: call('4', 'talking', 'erik') }, 'sara');
  assert.equal(myCall(s, 'sara')?.callId, '1');
  assert.deepEqual(parkedCalls(s).map((c) => c.callId), ['3', '2'], 'P-FC-1: a call that came back is taken first');
  s = applyEvent(s, { type: 'console.call', call: call('1', 'connected', null) }, 'sara');
  assert.equal(myCall(s, 'sara'), undefined);
  assert.deepEqual(s.calls.map((c) => c.callId).sort(), ['2', '3', '4']);
});

test('every command has its shortcut; Ctrl and Meta combinations stay the browser\'s', () => {
  const key = (k: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) =>
    commandOf({ key: k, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...mods });
  assert.equal(key('F2'), 'answer');
  assert.equal(key('F3'), 'transfer');
  assert.equal(key('F4'), 'consult');
  assert.equal(key('F5'), 'voicemail');
  assert.equal(key('F6'), 'park');
  assert.equal(key('Escape'), 'back');
  assert.equal(key('m', { altKey: true }), 'message');
  assert.equal(key('M', { altKey: true }), 'message');
  assert.equal(key('m'), null, 'typing a letter is typing');
  assert.equal(key('F5', { ctrlKey: true }), null);
});

test('waiting times and deadlines read like a clock; phases and recalls in words', () => {
  const t0 = Date.parse('2026-03-25T09:00:00Z');
  assert.equal(waitingText('2026-03-25T09:00:00Z', t0 + 42_000), '0:42');
  assert.equal(waitingText('2026-03-25T09:00:00Z', t0 + 725_000), '12:05');
  assert.equal(waitingText('2026-03-25T09:00:00Z', t0 + 3_723_000), '1:02:03');
  assert.equal(remainingText('2026-03-25T09:00:30Z', t0 + 5_000), '0:25');
  assert.equal(remainingText('2026-03-25T09:00:30Z', t0 + 60_000), '0:00');
  const c = call('1', 'consulting', 'sara', { target: { kind: 'person', id: 'a', name: 'Anna Berg' } });
  assert.equal(phaseText(c, 'sv'), 'Förfrågan: ringer Anna Berg');
  assert.equal(phaseText({ ...c, targetAnswered: true }, 'sv'), 'Förfrågan: du talar med Anna Berg');
  assert.equal(recallText({ ...c, recalled: { why: 'busy', from: 'Anna Berg' } }, 'sv'), 'Återkom: Anna Berg var upptagen');
  assert.equal(recallText(c, 'sv'), null);
});
