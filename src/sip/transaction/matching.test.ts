import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Via } from '../message/index.js';
import { clientKey, responseKey, serverKey } from './matching.js';
import { answer, phoneRequest } from './testing.js';

describe('transaction matching (RFC 3261 17.1.3, 17.2.3)', () => {
  test('17.1.3 a response matches by top Via branch and CSeq method: a CANCEL\'s 200 is not the INVITE\'s', () => {
    const invite = phoneRequest('INVITE');
    const cancel = phoneRequest('CANCEL');
    assert.equal(responseKey(answer(invite, 180)), clientKey('z9hG4bKphone1', 'INVITE'));
    assert.equal(responseKey(answer(cancel, 200)), clientKey('z9hG4bKphone1', 'CANCEL'));
    assert.notEqual(responseKey(answer(invite, 200)), responseKey(answer(cancel, 200)));
  });

  test('17.2.3 branch, sent-by and method; the ACK matches its INVITE', () => {
    const invite = serverKey(phoneRequest('INVITE'));
    assert.ok(invite);
    assert.equal(serverKey(phoneRequest('INVITE')), invite, 'a retransmission');
    assert.equal(serverKey(phoneRequest('ACK')), invite, '"except for ACK, where the method of the request that created the transaction is INVITE"');
    assert.notEqual(serverKey(phoneRequest('CANCEL')), invite, 'CANCEL is a transaction of its own');
    assert.equal(serverKey(phoneRequest('CANCEL'), 'INVITE'), invite, '9.2 finds the INVITE a CANCEL refers to');
    assert.notEqual(serverKey(phoneRequest('INVITE', { host: '192.0.2.99' })), invite, 'the same branch from another sent-by is another transaction');
    assert.notEqual(serverKey(phoneRequest('INVITE', { branch: 'z9hG4bKother' })), invite);
  });

  test('17.2.3 received and rport added on receipt do not change the key', () => {
    const a = phoneRequest('INVITE');
    const b = phoneRequest('INVITE');
    const via = b.via[0] as Via;
    via.received = '203.0.113.5';
    via.rport = 40000;
    b.via = [via];
    assert.equal(serverKey(a), serverKey(b));
  });

  test('17.2.3 RFC 2543 peers (no magic cookie): Request-URI, From tag, Call-ID, CSeq number and top Via; the ACK matches', () => {
    const old = { branch: 'abc123' };
    const invite = serverKey(phoneRequest('INVITE', old));
    assert.ok(invite?.startsWith('2543'));
    assert.equal(serverKey(phoneRequest('ACK', { ...old, toTag: 'ours' })), invite);
    assert.notEqual(serverKey(phoneRequest('INVITE', { ...old, cseq: 2 })), invite);
    assert.notEqual(serverKey(phoneRequest('INVITE', { ...old, callId: 'other@x' })), invite);
  });
});
