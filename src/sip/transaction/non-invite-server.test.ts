import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type SipResponse } from '../message/index.js';
import { NonInviteServerTransaction } from './non-invite-server.js';
import { harness, phoneRequest } from './testing.js';

function start(timers = {}, reliable = false, answerLimitMs = 0) {
  const h = harness(timers, reliable);
  const log: string[] = [];
  const request = phoneRequest('BYE', { toTag: 'x9' });
  const tx = new NonInviteServerTransaction(
    request,
    h.channel,
    h.ctx,
    { onTimeout: () => log.push('timeout'), onTerminated: () => log.push('terminated'), onTransportError: () => log.push('transport error') },
    undefined,
    { answerLimitMs },
  );
  const status = () => h.channel.sent.map((s) => (s.message as SipResponse).status);
  return { ...h, log, request, tx, status };
}

describe('non-INVITE server transaction (RFC 3261 17.2.2)', () => {
  test('17.2.2 Trying: request retransmissions are discarded', () => {
    const { tx, request, channel, clock } = start();
    assert.equal(tx.state, 'trying');
    tx.receiveRequest(request);
    clock.advance(1000);
    assert.equal(channel.sent.length, 0, 'no 100 Trying for non-INVITE either');
  });

  test('17.2.2 Proceeding: a retransmission gets the most recent provisional again', () => {
    const { tx, request, status } = start();
    tx.respond(tx.createResponse(100));
    assert.equal(tx.state, 'proceeding');
    tx.receiveRequest(request);
    assert.deepEqual(status(), [100, 100]);
  });

  test('17.2.2 Completed: retransmissions get the final response; other finals are discarded; Timer J = 64*T1 on UDP', () => {
    const { clock, tx, request, status, log } = start();
    assert.equal(tx.respond(tx.createResponse(200)), true);
    assert.equal(tx.state, 'completed');
    clock.advance(3000);
    tx.receiveRequest(request);
    assert.equal(tx.respond(tx.createResponse(500)), false);
    assert.deepEqual(status(), [200, 200]);
    assert.equal((tx.finalResponse as SipResponse).to.tag, 'x9', 'a request in a dialog keeps its To tag');
    clock.advance(32_000 - 3001);
    assert.equal(tx.state, 'completed');
    clock.advance(1);
    assert.deepEqual(log, ['terminated']);
    assert.equal(clock.pending, 0);
  });

  test('17.2.2 Timer J is zero on a reliable transport', () => {
    const { tx, log } = start({}, true);
    tx.respond(tx.createResponse(200));
    assert.equal(tx.state, 'terminated');
    assert.deepEqual(log, ['terminated']);
  });

  test('17.2.4 a transport error informs the TU and terminates', async () => {
    const { tx, channel, log } = start();
    channel.failing = true;
    tx.respond(tx.createResponse(200));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(log, ['transport error', 'terminated']);
  });

  test('a TU that never answers: after the guard (64*T1 in the endpoint) the transaction answers 500 and ends', () => {
    const { clock, tx, status, log } = start({}, false, 32_000);
    clock.advance(32_000);
    assert.deepEqual(status(), [500]);
    assert.equal(tx.state, 'completed');
    clock.advance(32_000);
    assert.deepEqual(log, ['timeout', 'terminated']);
    assert.equal(clock.pending, 0);
  });
});
