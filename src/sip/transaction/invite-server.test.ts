import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type SipResponse } from '../message/index.js';
import { InviteServerTransaction } from './invite-server.js';
import { type ServerTransactionUser } from './server.js';
import { harness, phoneRequest } from './testing.js';

function start(timers = {}, reliable = false, answerLimitMs = 0) {
  const h = harness(timers, reliable);
  const log: string[] = [];
  const user: ServerTransactionUser = {
    onAccepted: (_tx, r) => log.push(`accepted ${r.status}`),
    onAck: () => log.push('ack to TU'),
    onTimeout: () => log.push('timeout'),
    onTransportError: () => log.push('transport error'),
    onTerminated: () => log.push('terminated'),
  };
  const invite = phoneRequest('INVITE');
  const tx = new InviteServerTransaction(invite, h.channel, h.ctx, user, undefined, { answerLimitMs });
  const status = () => h.channel.sent.map((s) => (s.message as SipResponse).status);
  return { ...h, log, invite, tx, status };
}

describe('INVITE server transaction (RFC 3261 17.2.1, RFC 6026 7.1)', () => {
  test('17.2.1 100 Trying is sent when the TU has not answered within 200 ms, without a To tag', () => {
    const { clock, channel, tx, status } = start();
    assert.equal(tx.state, 'proceeding');
    clock.advance(199);
    assert.equal(channel.sent.length, 0);
    clock.advance(1);
    assert.deepEqual(status(), [100]);
    assert.equal((channel.last() as SipResponse).to.tag, undefined);
  });

  test('17.2.1 no 100 Trying when the TU answers within 200 ms', () => {
    const { clock, tx, status } = start();
    clock.advance(50);
    tx.respond(tx.createResponse(180));
    clock.advance(1000);
    assert.deepEqual(status(), [180]);
  });

  test('17.2.1 Proceeding: a retransmitted INVITE gets the most recent provisional again', () => {
    const { clock, tx, invite, status } = start();
    tx.receiveRequest(invite);
    assert.deepEqual(status(), [], 'nothing to repeat before any provisional');
    clock.advance(300);
    tx.respond(tx.createResponse(180));
    tx.respond(tx.createResponse(183));
    tx.receiveRequest(invite);
    assert.deepEqual(status(), [100, 180, 183, 183]);
  });

  test('8.2.6.2 every response but 100 carries the same To tag', () => {
    const { tx } = start();
    const a = tx.createResponse(180);
    const b = tx.createResponse(486);
    assert.ok(a.to.tag);
    assert.equal(a.to.tag, b.to.tag);
    assert.equal(tx.createResponse(100).to.tag, undefined);
  });

  test('17.2.1 non-2xx final on UDP: Timer G 500, 1000, 2000, 4000, 4000 ... until Timer H (64*T1) tells the TU', () => {
    const { clock, channel, tx, log, status } = start();
    tx.respond(tx.createResponse(486));
    assert.equal(tx.state, 'completed');
    assert.deepEqual(tx.runningTimers.sort(), ['G', 'H']);
    clock.advance(31_999);
    assert.deepEqual(channel.intervals, [500, 1000, 2000, 4000, 4000, 4000, 4000, 4000, 4000, 4000]);
    assert.ok(status().every((s) => s === 486));
    clock.advance(1);
    // "the server transaction MUST transition to the "Terminated" state, and MUST indicate
    // to the TU that a transaction failure has occurred."
    assert.deepEqual(log, ['timeout', 'terminated']);
    assert.equal(clock.pending, 0);
  });

  test('17.2.1 ACK in Completed: Confirmed, retransmissions cease, Timer I = T4 absorbs further ACKs', () => {
    const { clock, channel, tx, invite, log } = start();
    tx.respond(tx.createResponse(404));
    clock.advance(600);
    const ack = phoneRequest('ACK');
    tx.receiveRequest(ack);
    assert.equal(tx.state, 'confirmed');
    assert.deepEqual(tx.runningTimers, ['I']);
    tx.receiveRequest(ack);
    tx.receiveRequest(invite);
    clock.advance(4999);
    assert.equal(tx.state, 'confirmed');
    assert.deepEqual(channel.times, [0, 500]);
    clock.advance(1);
    assert.equal(tx.state, 'terminated');
    assert.deepEqual(log, ['terminated'], 'the ACK of a non-2xx answer is not passed to the TU');
  });

  test('17.2.1 a retransmitted INVITE in Completed gets the final response again', () => {
    const { tx, invite, status } = start();
    tx.respond(tx.createResponse(503));
    tx.receiveRequest(invite);
    assert.deepEqual(status(), [503, 503]);
  });

  test('17.2.1 reliable transport: no Timer G; the ACK ends the transaction at once (Timer I = 0)', () => {
    const { clock, channel, tx, log } = start({}, true);
    tx.respond(tx.createResponse(480));
    assert.deepEqual(tx.runningTimers, ['H']);
    clock.advance(10_000);
    assert.equal(channel.sent.length, 1);
    tx.receiveRequest(phoneRequest('ACK'));
    assert.equal(tx.state, 'terminated');
    assert.deepEqual(log, ['terminated']);
  });

  test('RFC 6026 7.1 a 2xx: Accepted; retransmitted INVITEs absorbed; an ACK goes to the TU; Timer L ends it', () => {
    const { clock, channel, tx, invite, log } = start();
    tx.respond(tx.createResponse(200));
    assert.equal(tx.state, 'accepted');
    assert.deepEqual(log, ['accepted 200']);
    assert.deepEqual(tx.runningTimers, ['L']);
    tx.receiveRequest(invite);
    assert.equal(channel.sent.length, 1, 'not retransmitted by the transaction');
    // the UAS core's retransmission passes through while Accepted
    assert.equal(tx.retransmitAnswer(), true);
    assert.equal(channel.sent.length, 2);
    tx.receiveRequest(phoneRequest('ACK'));
    assert.deepEqual(log, ['accepted 200', 'ack to TU']);
    assert.equal(tx.respond(tx.createResponse(486)), false, 'no non-2xx after a 2xx');
    clock.advance(32_000);
    assert.equal(tx.state, 'terminated');
    assert.equal(tx.retransmitAnswer(), false);
    assert.equal(clock.pending, 0);
  });

  test('17.2.4 a transport error in Proceeding informs the TU and terminates; in Accepted the state stays (RFC 6026)', async () => {
    const a = start();
    a.channel.failing = true;
    a.tx.respond(a.tx.createResponse(180));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(a.log, ['transport error', 'terminated']);
    assert.equal(a.clock.pending, 0);

    const b = start();
    b.channel.failing = true;
    b.tx.respond(b.tx.createResponse(200));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(b.log, ['accepted 200', 'transport error']);
    assert.equal(b.tx.state, 'accepted');
  });

  test('a TU that never answers: the guard answers 500 and the transaction still ends', () => {
    const { clock, tx, status, log } = start({}, true, 60_000);
    clock.advance(60_000);
    assert.deepEqual(status(), [100, 500]);
    assert.equal((tx.finalResponse as SipResponse).reason, 'Server Internal Error (no answer from application)');
    assert.deepEqual(log, ['timeout']);
    clock.advance(32_000);
    assert.equal(tx.state, 'terminated');
  });
});
