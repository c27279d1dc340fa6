import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ClientTransactionUser } from './client.js';
import { NonInviteClientTransaction } from './non-invite-client.js';
import { answer, harness, phoneRequest } from './testing.js';

function start(timers = {}, reliable = false) {
  const h = harness(timers, reliable);
  const log: string[] = [];
  const user: ClientTransactionUser = {
    onResponse: (r) => log.push(`response ${r.status}`),
    onTimeout: () => log.push('timeout'),
    onTransportError: () => log.push('transport error'),
    onTerminated: () => log.push('terminated'),
  };
  const request = phoneRequest('OPTIONS');
  const tx = new NonInviteClientTransaction(request, h.channel, h.ctx, user);
  return { ...h, log, request, tx };
}

describe('non-INVITE client transaction (RFC 3261 17.1.2)', () => {
  test('17.1.2.2 Timer E on UDP: 500, 1000, 2000, 4000, 4000 ... (capped at T2) until Timer F at 64*T1', () => {
    const { clock, channel, tx, log } = start();
    assert.equal(tx.state, 'trying');
    clock.advance(31_999);
    assert.deepEqual(channel.intervals, [500, 1000, 2000, 4000, 4000, 4000, 4000, 4000, 4000, 4000]);
    assert.deepEqual(channel.times, [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    clock.advance(1);
    // "If Timer F fires while the client transaction is still in the "Trying" state, the
    // client transaction SHOULD inform the TU about the timeout"
    assert.deepEqual(log, ['timeout', 'terminated']);
    assert.equal(clock.pending, 0);
  });

  test('T2 is a setting: T2 = 2 s caps the interval at 2000', () => {
    const { clock, channel } = start({ t2: 2000 });
    clock.advance(10_000);
    assert.deepEqual(channel.intervals.slice(0, 5), [500, 1000, 2000, 2000, 2000]);
  });

  test('17.1.2.2 reliable transport: no Timer E, Timer F still ends it', () => {
    const { clock, channel, log } = start({}, true);
    clock.advance(32_000);
    assert.equal(channel.sent.length, 1);
    assert.deepEqual(log, ['timeout', 'terminated']);
  });

  test('17.1.2.2 Proceeding: a provisional goes to the TU, then Timer E retransmits every T2', () => {
    const { clock, channel, tx, request, log } = start();
    clock.advance(700);
    tx.receiveResponse(answer(request, 100));
    assert.equal(tx.state, 'proceeding');
    assert.deepEqual(log, ['response 100']);
    clock.advance(10_000 - 700);
    // E was due at 1500 (2*T1 after the 500 ms retransmission); from then on every T2
    assert.deepEqual(channel.times, [0, 500, 1500, 5500, 9500]);
    clock.advance(22_000);
    assert.deepEqual(log, ['response 100', 'timeout', 'terminated'], 'Timer F also fires in Proceeding');
  });

  test('17.1.2.2 a final response: Completed, passed to the TU once, Timer K = T4 absorbs retransmissions', () => {
    const { clock, channel, tx, request, log } = start();
    clock.advance(600);
    tx.receiveResponse(answer(request, 200));
    assert.equal(tx.state, 'completed');
    assert.deepEqual(tx.runningTimers, ['K']);
    tx.receiveResponse(answer(request, 200));
    clock.advance(4999);
    assert.equal(tx.state, 'completed');
    assert.deepEqual(log, ['response 200']);
    clock.advance(1);
    assert.equal(tx.state, 'terminated');
    assert.deepEqual(log, ['response 200', 'terminated']);
    assert.deepEqual(channel.times, [0, 500], 'no retransmission after the final response');
  });

  test('17.1.2.2 Timer K is zero on a reliable transport', () => {
    const { tx, request, log } = start({}, true);
    tx.receiveResponse(answer(request, 404));
    assert.equal(tx.state, 'terminated');
    assert.deepEqual(log, ['response 404', 'terminated']);
  });

  test('17.1.4 a transport error informs the TU and terminates', async () => {
    const h = harness();
    h.channel.failing = true;
    const log: string[] = [];
    const tx = new NonInviteClientTransaction(phoneRequest('BYE'), h.channel, h.ctx, {
      onResponse: () => log.push('response'),
      onTransportError: () => log.push('transport error'),
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(log, ['transport error']);
    assert.equal(tx.state, 'terminated');
    assert.equal(h.clock.pending, 0);
    assert.equal(h.ctx.stats?.transportErrors, 1);
  });
});
