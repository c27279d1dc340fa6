import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createResponse, parseMessage, type SipRequest, type SipResponse } from '../message/index.js';
import { Dialog, DialogTable, incomingDialogKey } from './dialog.js';

function parse(text: string): SipRequest | SipResponse {
  const r = parseMessage(text.split('\n').join('\r\n'));
  assert.ok(r.ok, r.ok ? '' : r.problems[0]?.en);
  return r.value;
}

const invite = parse(`INVITE sip:2004@valdemarsvik.sip SIP/2.0
Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKa1
Record-Route: <sip:p1.example;lr>
Record-Route: <sip:p2.example;lr>
Max-Forwards: 70
From: "Anna" <sip:2003@valdemarsvik.sip>;tag=caller
To: <sip:2004@valdemarsvik.sip>
Call-ID: call-1
CSeq: 7 INVITE
Contact: <sip:2003@10.0.0.1:5060>
Authorization: Digest username="2003", realm="valdemarsvik.sip", nonce="n", uri="sip:2004@valdemarsvik.sip", response="00"
Content-Length: 0

`) as SipRequest;

function okFrom(request: SipRequest, tag: string, contact: string): SipResponse {
  const res = createResponse(request, 200);
  res.setToTag(tag);
  res.headers.append('Contact', contact);
  for (const rr of request.headers.getAll('Record-Route')) res.headers.append('Record-Route', rr);
  return res;
}

test('UAS dialog (RFC 3261 12.1.1): route set from Record-Route in order, remote target from Contact, remote CSeq', () => {
  const d = Dialog.asUas(invite, okFrom(invite, 'callee', '<sip:us@192.0.2.1>'));
  assert.equal(d.callId, 'call-1');
  assert.equal(d.localTag, 'callee');
  assert.equal(d.remoteTag, 'caller');
  assert.deepEqual(d.routeSet.map((r) => r.uri.toString()), ['sip:p1.example;lr', 'sip:p2.example;lr']);
  assert.equal(d.remoteTarget.toString(), 'sip:2003@10.0.0.1:5060');
  assert.equal(d.remoteSeq, 7);
  assert.equal(d.state, 'confirmed');
});

test('UAC dialog (12.1.2): route set from the response in reverse order, local CSeq from the request', () => {
  const d = Dialog.asUac(invite, okFrom(invite, 'callee', '<sip:2004@10.0.0.2:5062>'));
  assert.equal(d.localTag, 'caller');
  assert.equal(d.remoteTag, 'callee');
  assert.deepEqual(d.routeSet.map((r) => r.uri.toString()), ['sip:p2.example;lr', 'sip:p1.example;lr']);
  assert.equal(d.remoteTarget.toString(), 'sip:2004@10.0.0.2:5062');
  assert.equal(d.localSeq, 7);
  assert.equal(d.remoteSeq, undefined);
  assert.equal(d.nextHop.toString(), 'sip:p2.example;lr');
});

test('a request within the dialog (12.2.1.1): Request-URI = remote target, Route = route set, tags, CSeq + 1', () => {
  const d = Dialog.asUac(invite, okFrom(invite, 'callee', '<sip:2004@10.0.0.2:5062>'));
  const bye = d.createRequest('BYE');
  assert.equal(bye.method, 'BYE');
  assert.equal(bye.uri.toString(), 'sip:2004@10.0.0.2:5062');
  assert.deepEqual(bye.route.map((r) => r.uri.toString()), ['sip:p2.example;lr', 'sip:p1.example;lr']);
  assert.equal(bye.from.tag, 'caller');
  assert.equal(bye.to.tag, 'callee');
  assert.equal(bye.callId, 'call-1');
  assert.deepEqual(bye.cseq, { seq: 8, method: 'BYE' });
  assert.deepEqual(d.createRequest('INFO').cseq, { seq: 9, method: 'INFO' });
});

test('ACK for a 2xx (13.2.2.4): the INVITE\'s CSeq number with method ACK, and its credentials', () => {
  const d = Dialog.asUac(invite, okFrom(invite, 'callee', '<sip:2004@10.0.0.2:5062>'));
  const ack = d.createAck(invite);
  assert.deepEqual(ack.cseq, { seq: 7, method: 'ACK' });
  assert.equal(ack.uri.toString(), 'sip:2004@10.0.0.2:5062');
  assert.equal(ack.headers.getAll('Authorization').length, 1);
  assert.equal(d.localSeq, 7, 'an ACK does not use up a CSeq number');
  assert.throws(() => d.createRequest('ACK'), RangeError);
});

test('requests arriving in the dialog (12.2.2): lower CSeq is out of order; re-INVITE and UPDATE refresh the target', () => {
  const d = Dialog.asUas(invite, okFrom(invite, 'callee', '<sip:us@192.0.2.1>'));
  const reinvite = d.createRequest('INVITE'); // any request with the right shape
  reinvite.cseq = { seq: 9, method: 'INVITE' };
  reinvite.headers.set('Contact', '<sip:2003@10.0.0.9:5070>');
  assert.equal(d.receiveRequest(reinvite), 'ok');
  assert.equal(d.remoteTarget.toString(), 'sip:2003@10.0.0.9:5070');
  const old = d.createRequest('BYE');
  old.cseq = { seq: 8, method: 'BYE' };
  assert.equal(d.receiveRequest(old), 'out-of-order');
  const update = d.createRequest('UPDATE');
  update.cseq = { seq: 10, method: 'UPDATE' };
  update.headers.set('Contact', '<sip:2003@10.0.0.10:5070>');
  assert.equal(d.receiveRequest(update), 'ok');
  assert.equal(d.remoteTarget.toString(), 'sip:2003@10.0.0.10:5070');
});

test('DialogTable matches by Call-ID and both tags; anything else finds nothing (481)', () => {
  const table = new DialogTable<string>();
  const d = Dialog.asUas(invite, okFrom(invite, 'callee', '<sip:us@192.0.2.1>'));
  table.add(d, 'call');
  const bye = parse(`BYE sip:us@192.0.2.1 SIP/2.0
Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKb2
Max-Forwards: 70
From: <sip:2003@valdemarsvik.sip>;tag=caller
To: <sip:2004@valdemarsvik.sip>;tag=callee
Call-ID: call-1
CSeq: 8 BYE
Content-Length: 0

`) as SipRequest;
  assert.equal(table.match(bye)?.owner, 'call');
  bye.setToTag('other');
  assert.equal(table.match(bye), undefined);
  assert.notEqual(incomingDialogKey(bye), undefined);
  table.remove(d);
  assert.equal(d.state, 'terminated');
  assert.equal(table.size, 0);
});

test('a 2xx without Contact cannot make a dialog', () => {
  const res = createResponse(invite, 200);
  res.setToTag('t');
  assert.throws(() => Dialog.asUac(invite, res), RangeError);
});
