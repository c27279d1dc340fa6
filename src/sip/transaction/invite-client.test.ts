import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type SipRequest, type SipResponse } from '../message/index.js';
import { type ClientTransaction, type ClientTransactionUser } from './client.js';
import { InviteClientTransaction } from './invite-client.js';
import { answer, harness, phoneRequest } from './testing.js';

function recorder() {
  const log: string[] = [];
  const responses: SipResponse[] = [];
  const user: ClientTransactionUser = {
    onResponse: (r) => {
      responses.push(r);
      log.push(`response ${r.status}`);
    },
    onTimeout: () => log.push('timeout'),
    onTransportError: () => log.push('transport error'),
    onTerminated: () => log.push('terminated'),
  };
  return { log, responses, user };
}

function start(timers = {}, reliable = false) {
  const h = harness(timers, reliable);
  const r = recorder();
  const invite = phoneRequest('INVITE');
  const tx: ClientTransaction = new InviteClientTransaction(invite, h.channel, h.ctx, r.user);
  return { ...h, ...r, invite, tx: tx as InviteClientTransaction };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('INVITE client transaction (RFC 3261 17.1.1, RFC 6026 7.2)', () => {
  test('17.1.1.2 Timer A: UDP retransmits at T1 doubling without a cap until Timer B (64*T1) ends it', () => {
    const { clock, channel, tx, log } = start();
    assert.equal(tx.state, 'calling');
    assert.deepEqual(tx.runningTimers.sort(), ['A', 'B']);
    clock.advance(31_999);
    assert.deepEqual(channel.times, [0, 500, 1500, 3500, 7500, 15500, 31500]);
    assert.deepEqual(channel.intervals, [500, 1000, 2000, 4000, 8000, 16000]);
    assert.deepEqual(log, []);
    clock.advance(1);
    // "the client transaction SHOULD inform the TU that a timeout has occurred. The client
    // transaction MUST NOT generate an ACK."
    assert.deepEqual(log, ['timeout', 'terminated']);
    assert.equal(tx.state, 'terminated');
    assert.equal(channel.sent.length, 7);
    assert.equal(clock.pending, 0);
  });

  test('17.1.1.2 reliable transport: no Timer A, Timer B still fires at 64*T1', () => {
    const { clock, channel, tx, log } = start({}, true);
    assert.deepEqual(tx.runningTimers, ['B']);
    clock.advance(32_000);
    assert.equal(channel.sent.length, 1);
    assert.deepEqual(log, ['timeout', 'terminated']);
  });

  test('T1 is a setting: T1 = 100 ms gives 100, 200, 400 ... and Timer B at 6.4 s', () => {
    const { clock, channel, log } = start({ t1: 100 });
    clock.advance(6400);
    assert.deepEqual(channel.times, [0, 100, 300, 700, 1500, 3100, 6300]);
    assert.deepEqual(channel.intervals, [100, 200, 400, 800, 1600, 3200]);
    assert.deepEqual(log, ['timeout', 'terminated']);
  });

  test('17.1.1.2 a provisional response moves to Proceeding: retransmission stops, the TU sees it, Timer B no longer applies', () => {
    const { clock, channel, tx, invite, log } = start();
    clock.advance(600);
    tx.receiveResponse(answer(invite, 180));
    assert.equal(tx.state, 'proceeding');
    assert.deepEqual(tx.runningTimers, []);
    clock.advance(60_000);
    assert.deepEqual(channel.times, [0, 500]);
    assert.deepEqual(log, ['response 180']);
    tx.receiveResponse(answer(invite, 183));
    assert.deepEqual(log, ['response 180', 'response 183']);
  });

  test('17.1.1.2 a 300-699 response: Completed, ACK generated (17.1.1.3), passed to the TU, Timer D = 32 s on UDP', () => {
    const { clock, channel, tx, invite, log } = start();
    clock.advance(100);
    tx.receiveResponse(answer(invite, 486, 'busy1'));
    assert.equal(tx.state, 'completed');
    assert.deepEqual(log, ['response 486']);
    const ack = channel.last() as SipRequest;
    assert.equal(ack.kind, 'request');
    assert.equal(ack.method, 'ACK');
    // 17.1.1.3: same Request-URI, Call-ID, From, CSeq number; To of the response; one Via = the INVITE's top Via; Route copied
    assert.equal(ack.uri.toString(), invite.uri.toString());
    assert.equal(ack.callId, invite.callId);
    assert.equal(ack.from.tag, 'a1');
    assert.equal(ack.to.tag, 'busy1');
    assert.deepEqual(ack.cseq, { seq: 1, method: 'ACK' });
    assert.equal(ack.via.length, 1);
    assert.equal(ack.via[0]?.branch, 'z9hG4bKphone1');
    assert.deepEqual(ack.headers.getAll('Route'), invite.headers.getAll('Route'));
    // "Any retransmissions of the final response [...] MUST cause the ACK to be re-passed to
    // the transport layer [...] but the newly received response MUST NOT be passed up to the TU."
    clock.advance(1000);
    tx.receiveResponse(answer(invite, 486, 'busy1'));
    assert.equal(channel.sent.filter((s) => s.message.kind === 'request' && s.message.method === 'ACK').length, 2);
    assert.deepEqual(log, ['response 486']);
    assert.deepEqual(tx.runningTimers, ['D']);
    clock.advance(32_000 - 1001);
    assert.equal(tx.state, 'completed');
    clock.advance(1);
    assert.equal(tx.state, 'terminated');
    assert.deepEqual(log, ['response 486', 'terminated']);
  });

  test('17.1.1.2 Timer D is zero on a reliable transport: Completed ends at once', () => {
    const { tx, invite, log, channel } = start({}, true);
    tx.receiveResponse(answer(invite, 603));
    assert.equal(tx.state, 'terminated');
    assert.deepEqual(log, ['response 603', 'terminated']);
    assert.equal((channel.last() as SipRequest).method, 'ACK');
  });

  test('RFC 6026 7.2 a 2xx moves to Accepted; every further 2xx goes to the TU; no ACK from the transaction; Timer M ends it', () => {
    const { clock, channel, tx, invite, log } = start();
    tx.receiveResponse(answer(invite, 180));
    tx.receiveResponse(answer(invite, 200));
    assert.equal(tx.state, 'accepted');
    assert.deepEqual(tx.runningTimers, ['M']);
    clock.advance(500);
    tx.receiveResponse(answer(invite, 200)); // retransmission
    tx.receiveResponse(answer(invite, 200, 'fork2')); // another branch of a fork
    tx.receiveResponse(answer(invite, 486)); // not a 2xx: ignored
    assert.deepEqual(log, ['response 180', 'response 200', 'response 200', 'response 200']);
    assert.equal(channel.sent.length, 1, 'the ACK for a 2xx is the TU\'s job (13.2.2.4)');
    clock.advance(32_000 - 500);
    assert.equal(tx.state, 'terminated');
    assert.equal(clock.pending, 0);
  });

  test('17.1.4 a transport error in Calling informs the TU and terminates', async () => {
    const h = harness();
    h.channel.failing = true;
    const r = recorder();
    const tx = new InviteClientTransaction(phoneRequest('INVITE'), h.channel, h.ctx, r.user);
    await flush();
    assert.deepEqual(r.log, ['transport error', 'terminated']);
    assert.equal(tx.state, 'terminated');
    assert.equal(h.clock.pending, 0);
    assert.deepEqual(h.terminated, ['invite-client']);
  });

  test('9.1 after CANCEL, an INVITE without a final response is given up after 64*T1', () => {
    const { clock, tx, invite, log } = start();
    tx.receiveResponse(answer(invite, 180));
    clock.advance(10_000);
    tx.cancelled();
    clock.advance(31_999);
    assert.equal(tx.state, 'proceeding');
    clock.advance(1);
    assert.deepEqual(log, ['response 180', 'timeout', 'terminated']);
  });

  test('9.1 a final response after CANCEL stops the 64*T1 guard', () => {
    const { clock, tx, invite, log } = start({}, true);
    tx.receiveResponse(answer(invite, 180));
    tx.cancelled();
    tx.receiveResponse(answer(invite, 487));
    clock.advance(64_000);
    assert.deepEqual(log, ['response 180', 'response 487', 'terminated']);
    assert.equal(clock.pending, 0);
  });
});
