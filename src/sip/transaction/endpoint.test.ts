import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRequest, NameAddress, type SipRequest, type SipResponse, SipUri, Via } from '../message/index.js';
import { type ClientTransactionUser } from './client.js';
import { type EndpointUser, SipEndpoint } from './endpoint.js';
import { type ServerTransaction } from './server.js';
import { answer, FakeTransport, phoneRequest } from './testing.js';
import { ManualScheduler } from './timers.js';

function setup(user: Partial<EndpointUser> = {}, withTcp = false) {
  const clock = new ManualScheduler();
  const udp = new FakeTransport('UDP', clock);
  const tcp = new FakeTransport('TCP', clock);
  const log: string[] = [];
  const requests: ServerTransaction[] = [];
  const endpoint = new SipEndpoint({
    transports: withTcp ? [udp, tcp] : [udp],
    scheduler: clock,
    user: {
      onRequest: (tx) => {
        requests.push(tx);
        log.push(`request ${tx.request.method}`);
      },
      onAck: (ack) => log.push(`ack ${ack.cseq.seq}`),
      onCancel: () => log.push('cancel'),
      onAckTimeout: () => log.push('ack timeout'),
      onServerFailure: (_tx, reason) => log.push(`failure ${reason}`),
      ...user,
    },
  });
  return { clock, udp, tcp, endpoint, log, requests };
}

/** An outgoing request as a UAC builds it: no Via yet. */
function outgoing(method: string, body = ''): SipRequest {
  return createRequest({
    method,
    uri: 'sip:bob@192.0.2.20',
    from: new NameAddress(new SipUri({ user: 'vaxel', host: '198.51.100.1' }), undefined),
    to: new NameAddress(new SipUri({ user: 'bob', host: '192.0.2.20' })),
    cseq: 1,
    body,
  });
}

const target = { transport: 'UDP' as const, address: '192.0.2.20', port: 5060 };

describe('SipEndpoint: server side', () => {
  test('a new request reaches the TU once; its retransmission is absorbed by the transaction (17.2.3)', () => {
    const { udp, log } = setup();
    udp.receive(phoneRequest('OPTIONS'));
    udp.receive(phoneRequest('OPTIONS'));
    assert.deepEqual(log, ['request OPTIONS']);
    assert.equal(udp.sent.length, 0);
  });

  test('RFC 3581 / 18.2.2 responses go to received:rport, from the transport the request came in on', () => {
    const { udp, requests } = setup();
    udp.receive(phoneRequest('OPTIONS'), { address: '203.0.113.7', port: 40123 });
    const tx = requests[0] as ServerTransaction;
    tx.respond(tx.createResponse(200));
    const sent = udp.sent[0];
    assert.deepEqual(sent?.target, { transport: 'UDP', address: '203.0.113.7', port: 40123 });
    const via = (sent?.message as SipResponse).via[0] as Via;
    assert.equal(via.received, '203.0.113.7');
    assert.equal(via.rport, 40123);
  });

  test('13.3.1.4 the 2xx is retransmitted (T1 doubling) until the ACK, which goes to the TU', () => {
    const { clock, udp, endpoint, requests, log } = setup();
    udp.receive(phoneRequest('INVITE'));
    const tx = requests[0] as ServerTransaction;
    tx.respond(tx.createResponse(200));
    assert.equal(endpoint.pendingAnswers, 1);
    clock.advance(4000);
    assert.deepEqual(
      udp.sent.map((s) => s.at),
      [0, 500, 1500, 3500],
    );
    udp.receive(phoneRequest('ACK', { branch: 'z9hG4bKack1', toTag: tx.localTag }));
    assert.equal(endpoint.pendingAnswers, 0);
    assert.deepEqual(log, ['request INVITE', 'ack 1']);
    clock.advance(60_000);
    assert.equal(udp.sent.length, 4);
    assert.equal(endpoint.transactionCount, 0, 'Timer L ended the INVITE transaction');
    assert.equal(clock.pending, 0);
  });

  test('RFC 6026: a retransmitted INVITE after the 2xx is absorbed, not a new call', () => {
    const { udp, requests, log } = setup();
    udp.receive(phoneRequest('INVITE'));
    (requests[0] as ServerTransaction).respond((requests[0] as ServerTransaction).createResponse(200));
    udp.receive(phoneRequest('INVITE'));
    assert.deepEqual(log, ['request INVITE']);
    assert.equal(udp.sent.length, 1);
  });

  test('13.3.1.4 no ACK within 64*T1: the TU is told to end the session; nothing is left running', () => {
    const { clock, udp, endpoint, requests, log } = setup();
    udp.receive(phoneRequest('INVITE'));
    (requests[0] as ServerTransaction).respond((requests[0] as ServerTransaction).createResponse(200));
    clock.advance(32_000);
    assert.deepEqual(log, ['request INVITE', 'ack timeout']);
    assert.equal(endpoint.transactionCount, 0);
    assert.equal(endpoint.pendingAnswers, 0);
    assert.equal(clock.pending, 0);
    assert.equal(endpoint.metrics().answerRetransmissions, 10);
  });

  test('stopAnswer: a BYE that overtakes the lost ACK stops the 2xx retransmission', () => {
    const { clock, udp, endpoint, requests } = setup();
    udp.receive(phoneRequest('INVITE'));
    (requests[0] as ServerTransaction).respond((requests[0] as ServerTransaction).createResponse(200));
    assert.equal(endpoint.stopAnswer('call-1@192.0.2.10'), true);
    clock.advance(32_000);
    assert.equal(udp.sent.length, 1);
  });

  test('17.2.1 an unanswered INVITE gets 100 Trying after 200 ms', () => {
    const { clock, udp } = setup();
    udp.receive(phoneRequest('INVITE'));
    clock.advance(200);
    assert.deepEqual(
      udp.responses().map((r) => r.status),
      [100],
    );
  });

  test('9.2 CANCEL of a pending INVITE: 200 for the CANCEL (same To tag), 487 for the INVITE, the TU told', () => {
    const { clock, udp, endpoint, requests, log } = setup();
    udp.receive(phoneRequest('INVITE'));
    const invite = requests[0] as ServerTransaction;
    invite.respond(invite.createResponse(180));
    udp.receive(phoneRequest('CANCEL'));
    assert.deepEqual(log, ['request INVITE', 'cancel']);
    const [ringing, ok, terminated] = udp.responses();
    assert.equal(ringing?.status, 180);
    assert.equal(ok?.status, 200);
    assert.equal(ok?.cseq.method, 'CANCEL');
    assert.equal(ok?.to.tag, ringing?.to.tag);
    assert.equal(terminated?.status, 487);
    assert.equal(terminated?.to.tag, ringing?.to.tag);
    // the ACK for the 487 matches the INVITE transaction (same branch) and confirms it
    udp.receive(phoneRequest('ACK', { toTag: ringing?.to.tag }));
    assert.equal(invite.state, 'confirmed');
    assert.deepEqual(log, ['request INVITE', 'cancel'], 'the ACK of a 487 is not the TU\'s');
    clock.advance(64_000);
    assert.equal(endpoint.transactionCount, 0);
  });

  test('9.2 a CANCEL that matches nothing gets 481', () => {
    const { udp, endpoint, log } = setup();
    udp.receive(phoneRequest('CANCEL'));
    assert.deepEqual(
      udp.responses().map((r) => r.status),
      [481],
    );
    assert.deepEqual(log, []);
    assert.equal(endpoint.metrics().unmatchedCancels, 1);
  });

  test('9.2 a CANCEL after the final answer gets 200 but changes nothing', () => {
    const { udp, requests, log } = setup();
    udp.receive(phoneRequest('INVITE'));
    const invite = requests[0] as ServerTransaction;
    invite.respond(invite.createResponse(200));
    udp.receive(phoneRequest('CANCEL'));
    assert.deepEqual(
      udp.responses().map((r) => `${r.status} ${r.cseq.method}`),
      ['200 INVITE', '200 CANCEL'],
    );
    assert.deepEqual(log, ['request INVITE']);
  });

  test('RFC 4475 3.3.1: a request missing Call-ID gets 400 with the reason, and no transaction', () => {
    const { udp, endpoint, log } = setup();
    const r = phoneRequest('OPTIONS');
    r.headers.delete('Call-ID');
    udp.receive(r);
    const [bad] = udp.responses();
    assert.equal(bad?.status, 400);
    assert.equal(bad?.reason, 'Bad Request (Required header field missing)');
    assert.deepEqual(log, []);
    assert.equal(endpoint.transactionCount, 0);
  });

  test('a TU that throws gets its request answered 500', () => {
    const { udp, endpoint } = setup({
      onRequest: () => {
        throw new Error('bug');
      },
    });
    udp.receive(phoneRequest('OPTIONS'));
    assert.deepEqual(
      udp.responses().map((r) => r.status),
      [500],
    );
    assert.equal(endpoint.metrics().userErrors, 1);
  });
});

describe('SipEndpoint: client side', () => {
  function user(log: string[]): ClientTransactionUser {
    return { onResponse: (r) => log.push(`response ${r.status}`), onTimeout: () => log.push('timeout'), onTerminated: () => log.push('terminated') };
  }

  test('8.1.1.7 / RFC 3581 3: our Via with a magic-cookie branch, sent-by as advertised, and rport', () => {
    const { udp, endpoint } = setup();
    endpoint.request(outgoing('OPTIONS'), target, user([]));
    const via = (udp.requests('OPTIONS')[0] as SipRequest).via[0] as Via;
    assert.equal(via.transport, 'UDP');
    assert.equal(via.host, '198.51.100.1');
    assert.equal(via.port, 5060);
    assert.ok(via.isRfc3261Branch);
    assert.equal(via.rport, null);
    assert.deepEqual(udp.sent[0]?.target, target);
  });

  test('17.1.3 responses reach their transaction; stray and foreign ones are discarded (18.1.2, RFC 6026)', () => {
    const { udp, endpoint } = setup();
    const log: string[] = [];
    const tx = endpoint.request(outgoing('OPTIONS'), target, user(log));
    const sent = udp.requests('OPTIONS')[0] as SipRequest;
    const foreign = answer(sent, 200);
    foreign.via = [new Via({ transport: 'UDP', host: '192.0.2.66', port: 5060, branch: tx.branch })];
    udp.receive(foreign);
    udp.receive(answer(phoneRequest('OPTIONS', { branch: 'z9hG4bKnotours', host: '198.51.100.1' }), 200));
    assert.deepEqual(log, []);
    udp.receive(answer(sent, 200));
    assert.deepEqual(log, ['response 200']);
    const m = endpoint.metrics();
    assert.equal(m.foreignResponses, 1);
    assert.equal(m.strayResponses, 1);
  });

  test('13.2.2.4 / RFC 6026 a UAC sees each 2xx and sends its ACK outside the transaction', async () => {
    const { clock, udp, endpoint } = setup();
    const log: string[] = [];
    const invite = outgoing('INVITE');
    endpoint.request(invite, target, user(log));
    const sent = udp.requests('INVITE')[0] as SipRequest;
    udp.receive(answer(sent, 200));
    udp.receive(answer(sent, 200));
    assert.deepEqual(log, ['response 200', 'response 200']);
    const ack = outgoing('ACK');
    await endpoint.sendAck(ack, target);
    await endpoint.sendAck(ack, target);
    const acks = udp.requests('ACK');
    assert.equal(acks.length, 2);
    assert.equal(acks[0]?.via[0]?.branch, acks[1]?.via[0]?.branch, 'the same ACK again');
    assert.notEqual(acks[0]?.via[0]?.branch, sent.via[0]?.branch, 'an ACK for 2xx is a new transaction (17)');
    clock.advance(32_000);
    assert.equal(endpoint.transactionCount, 0);
  });

  test('9.1 cancel() waits for a provisional response, then sends CANCEL with the INVITE\'s Via', () => {
    const { udp, endpoint } = setup();
    const tx = endpoint.request(outgoing('INVITE'), target, user([]));
    endpoint.cancel(tx);
    assert.equal(udp.requests('CANCEL').length, 0);
    const sent = udp.requests('INVITE')[0] as SipRequest;
    udp.receive(answer(sent, 180));
    const cancel = udp.requests('CANCEL')[0] as SipRequest;
    assert.ok(cancel);
    assert.equal(cancel.headers.get('Via'), sent.headers.get('Via'));
    assert.deepEqual(cancel.cseq, { seq: 1, method: 'CANCEL' });
    assert.equal(endpoint.metrics().transactions.nonInviteClient, 1);
  });

  test('18.1.1 a request over 1300 bytes moves from UDP to TCP when we have TCP; the top Via says so', () => {
    const { udp, tcp, endpoint } = setup({}, true);
    endpoint.request(outgoing('MESSAGE', 'x'.repeat(1400)), target, user([]));
    assert.equal(udp.sent.length, 0);
    const sent = tcp.requests('MESSAGE')[0] as SipRequest;
    assert.equal(sent.via[0]?.transport, 'TCP');
    assert.equal(tcp.sent[0]?.target?.transport, 'TCP');
    assert.equal(endpoint.metrics().mtuSwitches, 1);
    endpoint.request(outgoing('MESSAGE', 'x'.repeat(1400)), target, user([]), { allowTcp: false });
    assert.equal(udp.sent.length, 1, 'a peer without TCP gets the large datagram');
  });

  test('a small request stays on UDP even when TCP exists', () => {
    const { udp, tcp, endpoint } = setup({}, true);
    endpoint.request(outgoing('OPTIONS'), target, user([]));
    assert.equal(udp.sent.length, 1);
    assert.equal(tcp.sent.length, 0);
  });

  test('no transport for the target\'s protocol: a transport error for the TU, no leak', async () => {
    const { endpoint } = setup();
    const log: string[] = [];
    endpoint.request(outgoing('OPTIONS'), { ...target, transport: 'TLS' }, { ...user(log), onTransportError: (e) => log.push(e.message) });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(log, ['no TLS transport', 'terminated']);
    assert.equal(endpoint.transactionCount, 0);
  });

  test('close() ends every transaction and timer and closes the transports', async () => {
    const { clock, udp, endpoint } = setup();
    endpoint.request(outgoing('INVITE'), target, user([]));
    udp.receive(phoneRequest('OPTIONS'));
    assert.equal(endpoint.transactionCount, 2);
    await endpoint.close();
    assert.equal(endpoint.transactionCount, 0);
    assert.equal(clock.pending, 0);
    assert.equal(udp.closed, true);
  });
});
