// Call control against raw UDP "phones" on 127.0.0.1 that the test drives message by message:
// the media is anchored on us (each phone sees our SDP, never the other's), re-INVITE and
// UPDATE are answered by us (hold), busy goes on through the plan, CANCEL while ringing,
// CSeq order, BYE to the other leg, REFER (blind and attended transfer).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, PASSWORD, type TestApp } from '../support/app.js';
import { createRequest, createResponse, NameAddress, newCallId, parseSdp, serializeMessage, type SipRequest, type SipResponse, SipUri } from '../../src/sip/message/index.js';
import { SipService } from '../../src/sip/server.js';
import { sipHa1Json } from '../../src/sip/registrar/credentials.js';
import { sipDomainOf } from '../../src/sip/registrar/domains.js';
import { Dialog } from '../../src/sip/dialog/index.js';
import { callSettings, MemoryCallRecords, MemoryQueue, phoneSdp, RawPhone, RawSip, StaticTrunk } from './support.js';
import * as ivr from '../../src/calls/ivr/index.js';
import type { Ivr } from '../../src/calls/executor.js';
import { checkMd5Authorization } from '../../src/trunk/testing.js';

describe('call control with raw phones', { timeout: 60_000 }, () => {
  let app: TestApp;
  let sip: SipService;
  let a: RawPhone;
  let b: RawPhone;
  let c: RawPhone;
  let d: RawPhone; // the operator's phone (the switchboard queue)
  let op: RawPhone; // the operator's trunk
  let queue: MemoryQueue;
  let trunk: StaticTrunk;
  let realm = '';
  /** Set by a test to stand in for the answering machine's choice (P-SWB-6). */
  let machineChoice: string | null | undefined;
  const testIvr: Ivr = {
    ...ivr,
    playAnsweringMachine: (call, step, deps) => (machineChoice === undefined ? ivr.playAnsweringMachine(call, step, deps) : Promise.resolve({ connectTo: machineChoice })),
  };
  const records = new MemoryCallRecords();
  const log: Record<string, unknown>[] = [];

  const raw = new RawSip(() => sip.port, () => realm);
  const { build, sendAuthed, authed, answer, viaFor } = raw;

  const ext = (key: string) => app.a.people[key]!.extension;
  const audioPort = (sdp: Buffer | string) => {
    const parsed = parseSdp(sdp.toString());
    assert.ok(parsed.ok, 'valid SDP');
    return { port: parsed.value.media[0]!.port, address: parsed.value.connection?.ip, direction: parsed.value.media[0]!.direction };
  };

  before(async () => {
    app = await startTestApp();
    realm = sipDomainOf(app.a.slug);
    for (const key of ['employee', 'other', 'manager', 'operator']) {
      const p = app.a.people[key]!;
      await app.store.db.updateTable('credentials').set({ sip_ha1_json: sipHa1Json(p.extension, realm, PASSWORD) }).where('person_id', '=', p.id).execute();
    }
    op = await RawPhone.open();
    queue = new MemoryQueue();
    trunk = new StaticTrunk(app.a.id, { address: '127.0.0.1', port: op.port }, { username: 'vaxel', password: 'hemligt' });
    sip = await SipService.start({
      host: '127.0.0.1', port: 0, db: app.store.db, tenants: app.ctx.tenants, now: () => app.clock.now(), defaultTenant: app.a.slug, algorithms: ['MD5'],
      calls: callSettings(app, { ivr: testIvr, ports: { callRecords: records, trunk, queue } }), log: (event, data) => log.push({ event, ...data }),
    });
    a = await RawPhone.open();
    b = await RawPhone.open();
    c = await RawPhone.open();
    d = await RawPhone.open();
    for (const [phone, key] of [[a, 'employee'], [b, 'other'], [c, 'manager'], [d, 'operator']] as const) {
      const { res } = await authed(phone, ext(key), build(phone, 'REGISTER', ext(key), ext(key), newCallId(), 1, [['Expires', '600']]));
      assert.equal(res.status, 200);
    }
  });

  after(async () => {
    for (const phone of [a, b, c, d, op]) phone?.close();
    await sip?.stop();
    await app?.close();
  });

  /** An answered call from A to B: A's dialog (we are its UAS), B's INVITE and its 200. */
  async function establish(): Promise<{ caller: Dialog; callId: string; answerToA: SipResponse; fork: SipRequest; forkOk: SipResponse }> {
    const callId = newCallId();
    const pending = authed(a, ext('employee'), build(a, 'INVITE', ext('employee'), ext('other'), callId, 1));
    const { msg: fork, from } = await b.request('INVITE');
    const forkOk = answer(b, fork, from, 200, 'callee', phoneSdp(b.port + 1000));
    const { req: sent, res } = await pending;
    assert.equal(res.status, 200);
    await b.request('ACK', fork.callId);
    const caller = Dialog.asUac(sent, res);
    a.send(viaFor(a, caller.createAck(sent)), sip.port);
    return { caller, callId, answerToA: res, fork, forkOk };
  }

  async function hangUp(caller: Dialog, callId: string, fork: SipRequest): Promise<void> {
    const bye = viaFor(a, caller.createRequest('BYE'));
    a.send(bye, sip.port);
    assert.equal((await a.response(callId, bye.cseq.seq)).msg.status, 200);
    const { msg, from } = await b.request('BYE', fork.callId);
    answer(b, msg, from, 200, 'callee');
    await records.ended();
    assert.equal(sip.calls!.calls.size, 0);
  }

  async function notified(phone: RawPhone, callId: string): Promise<{ frag: string; state: string; event: string }> {
    const { msg, from } = await phone.request('NOTIFY', callId, 10_000);
    answer(phone, msg, from, 200, 'n');
    assert.equal(msg.headers.get('Content-Type'), 'message/sipfrag;version=2.0');
    return { frag: msg.body.toString(), state: msg.headers.get('Subscription-State') ?? '', event: msg.headers.get('Event') ?? '' };
  }

  test('anchored media: each phone gets our SDP (our address and RTP port), never the other phone\'s', async () => {
    const { caller, callId, answerToA, fork } = await establish();
    const offerToB = audioPort(fork.body);
    const answerA = audioPort(answerToA.body);
    assert.equal(offerToB.address, '127.0.0.1');
    assert.notEqual(offerToB.port, a.port + 1000, 'B is not offered A\'s RTP port');
    assert.notEqual(answerA.port, b.port + 1000, 'A is not answered with B\'s RTP port');
    assert.notEqual(offerToB.port, answerA.port, 'one RTP session of ours per leg');
    const call = await records.ended(200).catch(() => undefined);
    assert.equal(call, undefined, 'the call is still up');
    await hangUp(caller, callId, fork);
    const done = await records.ended();
    assert.equal(done.end?.outcome, 'answered');
    assert.equal(done.end?.endedBy, 'caller');
    assert.deepEqual(done.legs.map((l) => [l.kind, l.outcome]), [['ring', 'answered']]);
  });

  test('a delayed offer (RFC 3261 13.2.1): an INVITE without SDP gets our offer in the 200, and the answer in the ACK is applied', async () => {
    const invite = build(a, 'INVITE', ext('employee'), ext('other'), newCallId(), 1);
    invite.body = Buffer.alloc(0);
    invite.headers.delete('Content-Type');
    const pending = authed(a, ext('employee'), invite);
    const { msg: fork, from } = await b.request('INVITE');
    answer(b, fork, from, 200, 'callee', phoneSdp(b.port + 1000));
    const { req: sent, res } = await pending;
    assert.equal(res.status, 200);
    const offer = parseSdp(res.body.toString());
    assert.ok(offer.ok && offer.value.media[0]?.rtp.some((r) => r.codec === 'PCMU'), 'our offer in the 200');
    const caller = Dialog.asUac(sent, res);
    a.send(viaFor(a, caller.createAck(sent, { body: phoneSdp(a.port + 1000), contentType: 'application/sdp' })), sip.port);
    const [run] = [...sip.calls!.calls];
    for (let i = 0; i < 50 && run?.caller.media.session.negotiated === undefined; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(run?.caller.media.session.negotiated?.remote?.port, a.port + 1000, 'the ACK\'s answer applied');
    await hangUp(caller, res.callId, fork);
  });

  test('busy: the callee\'s 486 moves the plan on; with no operator in the queue and no voicemail the caller gets 486', async () => {
    const invite = build(a, 'INVITE', ext('employee'), ext('other'), newCallId(), 1);
    const pending = authed(a, ext('employee'), invite);
    const { msg: fork, from } = await b.request('INVITE');
    answer(b, fork, from, 486, 'busy');
    const { res } = await pending;
    assert.equal(res.status, 486);
    await b.request('ACK', fork.callId); // 17.1.1.3: we acknowledge the 486
    const rec = await records.ended();
    assert.equal(rec.end?.outcome, 'failed');
    assert.equal(rec.legs[0]?.outcome, 'busy');
    assert.equal(sip.calls!.calls.size, 0);
  });

  test('in a call: hold (re-INVITE sendonly) and UPDATE are answered by us, not relayed; an old CSeq gets 500; BYE reaches the other leg', async () => {
    const { caller, callId, fork } = await establish();
    const contact = new NameAddress(new SipUri({ user: 'a', host: '127.0.0.1', port: a.port }));
    const hold = viaFor(a, caller.createRequest('INVITE', { contact, body: phoneSdp(a.port + 1000, 'sendonly'), contentType: 'application/sdp' }));
    a.send(hold, sip.port);
    const held = (await a.response(callId, hold.cseq.seq)).msg;
    assert.equal(held.status, 200);
    assert.equal(audioPort(held.body).direction, 'recvonly', 'RFC 3264 8.4: hold answered recvonly');
    a.send(viaFor(a, caller.createAck(hold)), sip.port);

    const update = viaFor(a, caller.createRequest('UPDATE', { contact, body: phoneSdp(a.port + 1000), contentType: 'application/sdp' }));
    a.send(update, sip.port);
    const updated = (await a.response(callId, update.cseq.seq)).msg;
    assert.equal(updated.status, 200);
    assert.equal(audioPort(updated.body).direction, 'sendrecv');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(b.got.filter((g) => g.msg.kind === 'request' && (g.msg.method === 'INVITE' || g.msg.method === 'UPDATE')).length, 0, 'nothing relayed to B');

    const old = caller.createRequest('INFO');
    old.cseq = { seq: update.cseq.seq - 1, method: 'INFO' };
    a.send(viaFor(a, old), sip.port);
    assert.equal((await a.response(callId, old.cseq.seq)).msg.status, 500, 'RFC 3261 12.2.2: lower CSeq is out of order');
    await hangUp(caller, callId, fork);
  });

  test('CANCEL while ringing: 180 without SDP reached the caller, the fork is cancelled, the record ends abandoned', async () => {
    const callId = newCallId();
    const invite = await sendAuthed(a, ext('employee'), build(a, 'INVITE', ext('employee'), ext('other'), callId, 1));
    const { msg: fork, from } = await b.request('INVITE');
    answer(b, fork, from, 180, 'ring');
    const ringing = await a.next((m): m is SipResponse => m.kind === 'response' && m.callId === callId && m.status === 180, '180');
    assert.equal(ringing.msg.body.length, 0, 'ringing relayed without SDP');
    const cancel = createRequest({ method: 'CANCEL', uri: invite.uri, from: invite.from, to: invite.to, callId, cseq: invite.cseq.seq });
    cancel.headers.prepend('Via', invite.headers.getAll('Via')[0]!);
    a.send(cancel, sip.port);
    const { msg: forkCancel, from: f2 } = await b.request('CANCEL', fork.callId);
    answer(b, forkCancel, f2, 200, 'ring');
    answer(b, fork, from, 487, 'ring');
    const final = await a.next((m): m is SipResponse => m.kind === 'response' && m.callId === callId && m.cseq.method === 'INVITE' && m.status >= 200, 'final');
    assert.equal(final.msg.status, 487);
    const rec = await records.ended();
    assert.equal(rec.end?.outcome, 'abandoned');
    assert.equal(rec.end?.endedBy, 'caller');
    assert.equal(rec.legs[0]?.outcome, 'cancelled');
    assert.ok(rec.legs[0]?.ringing, 'the leg rang (P-SWB-1 measures from here)');
    assert.equal(sip.calls!.calls.size, 0);
  });

  test('REFER with a Replaces that names no call of ours (RFC 3515, RFC 3891): 202, NOTIFY 100 Trying, then 603; the call stays up', async () => {
    const { caller, callId, fork } = await establish();
    const target = `<sip:${ext('manager')}@${realm}?Replaces=abc%40host%3Bto-tag%3Dt1%3Bfrom-tag%3Df1>`;
    const refer = viaFor(a, caller.createRequest('REFER', { headers: [['Refer-To', target], ['Referred-By', `<sip:${ext('employee')}@${realm}>`]] }));
    a.send(refer, sip.port);
    assert.equal((await a.response(callId, refer.cseq.seq)).msg.status, 202);
    const first = await notified(a, callId);
    assert.equal(first.event, 'refer');
    assert.equal(first.frag, 'SIP/2.0 100 Trying\r\n');
    assert.match(first.state, /^active;expires=\d+$/);
    const last = await notified(a, callId);
    assert.match(last.frag, /^SIP\/2.0 603 /);
    assert.equal(last.state, 'terminated;reason=noresource');
    assert.equal(sip.calls!.calls.size, 1, 'a declined transfer leaves the call up');
    await hangUp(caller, callId, fork);
  });

  test('RFC 3515 2.4.1: a REFER without Refer-To gets 400 and no NOTIFY', async () => {
    const { caller, callId, fork } = await establish();
    const refer = viaFor(a, caller.createRequest('REFER'));
    a.send(refer, sip.port);
    assert.equal((await a.response(callId, refer.cseq.seq)).msg.status, 400);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(a.got.filter((g) => g.msg.kind === 'request' && g.msg.method === 'NOTIFY').length, 0);
    await hangUp(caller, callId, fork);
  });

  test('blind transfer: B (the callee) REFERs A to C; C rings and answers, B gets NOTIFY 200 and our BYE, A and C talk', async () => {
    const { caller, callId, fork, forkOk } = await establish();
    const callee = Dialog.asUas(fork, forkOk); // B's side of our INVITE to it
    const refer = viaFor(b, callee.createRequest('REFER', { headers: [['Refer-To', `<sip:${ext('manager')}@${realm}>`]] }));
    b.send(refer, sip.port);
    assert.equal((await b.response(fork.callId, refer.cseq.seq)).msg.status, 202);
    assert.equal((await notified(b, fork.callId)).frag, 'SIP/2.0 100 Trying\r\n');
    const { msg: toC, from } = await c.request('INVITE', undefined, 5000);
    assert.match(toC.from.uri.toString(), new RegExp(`sip:${ext('other')}@`), 'a new internal call from the transferor');
    answer(c, toC, from, 200, 'c', phoneSdp(c.port + 1000));
    await c.request('ACK', toC.callId);
    const last = await notified(b, fork.callId);
    assert.equal(last.frag, 'SIP/2.0 200 OK\r\n');
    const { msg: byeB, from: fb } = await b.request('BYE', fork.callId);
    answer(b, byeB, fb, 200, 'callee');
    assert.equal(a.got.filter((g) => g.msg.kind === 'request' && g.msg.method === 'BYE').length, 0, 'A stays in the call');
    // A hangs up: C gets the BYE.
    const bye = viaFor(a, caller.createRequest('BYE'));
    a.send(bye, sip.port);
    assert.equal((await a.response(callId, bye.cseq.seq)).msg.status, 200);
    const { msg: byeC, from: fc } = await c.request('BYE', toC.callId);
    answer(c, byeC, fc, 200, 'c');
    const rec = await records.ended();
    assert.equal(rec.input.dialled, ext('manager'));
    assert.equal(rec.input.caller.personId, app.a.people.other!.id);
    assert.equal(rec.end?.outcome, 'answered');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(sip.calls!.calls.size, 0);
  });

  test('attended transfer (RFC 3891 Replaces in Refer-To): A talks to B and to C, REFERs B with Replaces of the A-C call; B and C are joined, both of A\'s calls get our BYE', async () => {
    const first = await establish();
    // A's second call, to C.
    const call2 = newCallId();
    const pending = authed(a, ext('employee'), build(a, 'INVITE', ext('employee'), ext('manager'), call2, 1));
    const { msg: toC, from: cFrom } = await c.request('INVITE');
    answer(c, toC, cFrom, 200, 'c', phoneSdp(c.port + 1000));
    const { req: sent2, res: res2 } = await pending;
    assert.equal(res2.status, 200);
    const second = Dialog.asUac(sent2, res2);
    a.send(viaFor(a, second.createAck(sent2)), sip.port);
    await c.request('ACK', toC.callId);

    const replaces = encodeURIComponent(`${call2};to-tag=${res2.to.tag};from-tag=${sent2.from.tag}`);
    const refer = viaFor(a, first.caller.createRequest('REFER', { headers: [['Refer-To', `<sip:${ext('manager')}@${realm}?Replaces=${replaces}>`]] }));
    a.send(refer, sip.port);
    assert.equal((await a.response(first.callId, refer.cseq.seq)).msg.status, 202);
    assert.equal((await notified(a, first.callId)).frag, 'SIP/2.0 100 Trying\r\n');
    assert.equal((await notified(a, first.callId)).frag, 'SIP/2.0 200 OK\r\n');
    for (const callId of [first.callId, call2]) {
      const { msg, from } = await a.request('BYE', callId);
      answer(a, msg, from, 200, 'a');
    }
    assert.ok(log.some((e) => e.event === 'call.transfer-attended'));
    assert.equal(b.got.filter((g) => g.msg.kind === 'request' && g.msg.method === 'BYE').length, 0, 'B stays');
    assert.equal(c.got.filter((g) => g.msg.kind === 'request' && g.msg.method === 'BYE').length, 0, 'C stays');
    // B hangs up: C gets our BYE.
    const fromB = Dialog.asUas(first.fork, first.forkOk);
    const byeB = viaFor(b, fromB.createRequest('BYE'));
    b.send(byeB, sip.port);
    assert.equal((await b.response(first.fork.callId, byeB.cseq.seq)).msg.status, 200);
    const { msg: byeC, from: fc } = await c.request('BYE', toC.callId);
    answer(c, byeC, fc, 200, 'c');
  });

  test('P-MOB-8: a mobile extension rings the desk phone and the mobile through the trunk together; the mobile answers', async () => {
    const other = app.a.people.other!;
    const admin = { kind: 'person' as const, id: app.a.people.admin!.id, personId: app.a.people.admin!.id, tenantId: app.a.id, role: 'admin' as const };
    await app.ctx.directory.updatePerson(admin, other.id, { mobileNumber: '+46701740611', mobileExtension: true });
    try {
      const callId = newCallId();
      const pending = authed(a, ext('employee'), build(a, 'INVITE', ext('employee'), ext('other'), callId, 1));
      const { msg: desk, from: deskFrom } = await b.request('INVITE');
      const { msg: mobile, from: opFrom } = await op.request('INVITE');
      assert.equal(mobile.uri.toString(), `sip:+46701740611@127.0.0.1:${op.port}`, 'the mobile, through the trunk');
      assert.equal(desk.callId, mobile.callId, 'one fork');
      answer(b, desk, deskFrom, 180, 'desk');
      answer(op, mobile, opFrom, 200, 'mobile', phoneSdp(op.port + 1000));
      const { msg: cancel, from: cf } = await b.request('CANCEL', desk.callId);
      answer(b, cancel, cf, 200, 'desk');
      answer(b, desk, deskFrom, 487, 'desk');
      const { req: sent, res } = await pending;
      assert.equal(res.status, 200);
      const caller = Dialog.asUac(sent, res);
      a.send(viaFor(a, caller.createAck(sent)), sip.port);
      const bye = viaFor(a, caller.createRequest('BYE'));
      a.send(bye, sip.port);
      const { msg: byeOp, from: bf } = await op.request('BYE', mobile.callId);
      answer(op, byeOp, bf, 200, 'mobile');
      const rec = await records.ended();
      assert.equal(rec.legs[0]?.answeredBy, other.id, 'the person answered, on the mobile');
      assert.equal(rec.end?.outcome, 'answered');
    } finally {
      await app.ctx.directory.updatePerson(admin, other.id, { mobileNumber: null, mobileExtension: false });
    }
  });

  /** A answered through the trunk: A acknowledges and hangs up, the operator's leg gets our BYE; one answered external leg. */
  async function endOutbound(sent: SipRequest, res: SipResponse, outCallId: string, operator = op): Promise<void> {
    const caller = Dialog.asUac(sent, res);
    a.send(viaFor(a, caller.createAck(sent)), sip.port);
    a.send(viaFor(a, caller.createRequest('BYE')), sip.port);
    const { msg: bye, from } = await operator.request('BYE', outCallId);
    answer(operator, bye, from, 200, 'op');
    const rec = await records.ended();
    assert.deepEqual(rec.legs.map((l) => [l.kind, l.outcome]), [['connect-external', 'answered']]);
  }

  test('an outbound call goes to the trunk and answers the operator\'s 407 once with digest credentials (RFC 3261 22.3)', async () => {
    const callId = newCallId();
    const pending = authed(a, ext('employee'), build(a, 'INVITE', ext('employee'), '0701740622', callId, 1));
    const { msg: first, from } = await op.request('INVITE');
    const challenge = createResponse(first, 407);
    challenge.setToTag('op');
    challenge.headers.append('Proxy-Authenticate', 'Digest realm="operator.example", nonce="b7c9", qop="auth", algorithm=MD5');
    op.sock.send(serializeMessage(challenge), from.port, from.address);
    await op.request('ACK', first.callId); // the 407 acknowledged by the transaction layer
    const { msg: second, from: f2 } = await op.request('INVITE', first.callId);
    assert.equal(second.cseq.seq, first.cseq.seq + 1);
    const check = checkMd5Authorization(second.headers.get('Proxy-Authorization') ?? '', 'INVITE', 'hemligt');
    assert.ok(check.valid, 'the digest answers the challenge with the trunk secret');
    assert.equal(check.username, 'vaxel');
    answer(op, second, f2, 200, 'op', phoneSdp(op.port + 1000));
    const { req: sent, res } = await pending;
    assert.equal(res.status, 200);
    await endOutbound(sent, res, first.callId);
  });

  test('early media (RFC 3960): the trunk\'s 183 with SDP reaches the caller as 183 with our SDP, not 180; its 200 without SDP keeps that answer', async () => {
    const callId = newCallId();
    const sent = await sendAuthed(a, ext('employee'), build(a, 'INVITE', ext('employee'), '0701740623', callId, 1));
    const { msg: out, from } = await op.request('INVITE');
    const ourOffer = audioPort(out.body);
    answer(op, out, from, 183, 'op', phoneSdp(op.port + 1000));
    const progress = (await a.next((m): m is SipResponse => m.kind === 'response' && m.callId === callId && m.status > 100 && m.status < 200, '183')).msg;
    assert.equal(progress.status, 183, 'session progress, no 180 first');
    const early = audioPort(progress.body);
    assert.equal(early.address, '127.0.0.1');
    assert.notEqual(early.port, ourOffer.port, 'the caller\'s leg has a session of its own (anchored)');
    answer(op, out, from, 200, 'op'); // no SDP: the 183's answer stands
    const res = (await a.response(callId, sent.cseq.seq)).msg;
    assert.equal(res.status, 200);
    assert.equal(res.body.toString(), progress.body.toString(), 'the 200 repeats the 183\'s SDP');
    await op.request('ACK', out.callId);
    await endOutbound(sent, res, out.callId);
    assert.ok(!a.got.some((g) => g.msg.kind === 'response' && g.msg.callId === callId && g.msg.status === 180), 'no 180');
  });

  test('early media with SDP we cannot read: logged and ignored (no 183 to the caller); the 200\'s SDP then answers', async () => {
    const callId = newCallId();
    const sent = await sendAuthed(a, ext('employee'), build(a, 'INVITE', ext('employee'), '0701740625', callId, 1));
    const { msg: out, from } = await op.request('INVITE');
    answer(op, out, from, 183, 'op', 'v=0\r\nnot sdp at all\r\n');
    const { msg: ringing } = await a.next((m): m is SipResponse => m.kind === 'response' && m.callId === callId && m.status > 100 && m.status < 200, 'a provisional response');
    assert.equal(ringing.status, 180, 'plain ringing, no early media');
    assert.ok(log.some((e) => e.event === 'call.early-media-refused'), 'logged');
    answer(op, out, from, 200, 'op', phoneSdp(op.port + 1000));
    const res = (await a.response(callId, sent.cseq.seq)).msg;
    assert.equal(res.status, 200);
    await endOutbound(sent, res, out.callId);
  });

  test('RFC 3263 4.3: the operator\'s first server answers 503; the call goes to its next server, which answers', async () => {
    const second = await RawPhone.open();
    trunk.alternates = [{ address: '127.0.0.1', port: second.port }];
    try {
      const callId = newCallId();
      const sent = await sendAuthed(a, ext('employee'), build(a, 'INVITE', ext('employee'), '0701740624', callId, 1));
      const { msg: first, from } = await op.request('INVITE');
      answer(op, first, from, 503, 'op');
      const { msg: out, from: f2 } = await second.request('INVITE');
      assert.equal(out.uri.toString(), first.uri.toString(), 'the same Request-URI, to another server');
      answer(second, out, f2, 200, 'op2', phoneSdp(second.port + 1000));
      const res = (await a.response(callId, sent.cseq.seq)).msg;
      assert.equal(res.status, 200);
      await endOutbound(sent, res, out.callId, second); // one step, ended once, answered
      assert.ok(log.some((e) => e.event === 'call.trunk-next-server'));
    } finally {
      trunk.alternates = [];
      second.close();
    }
  });

  test('P-SWB-5, P-SWB-7: the switchboard queue answers the caller, offers the call to an operator and rings their phone; answered, they talk', async () => {
    queue.agents = [app.a.people.operator!.id];
    after(() => (queue.agents = []));
    const callId = newCallId();
    const pending = authed(a, ext('employee'), build(a, 'INVITE', ext('employee'), '2000', callId, 1));
    const { res, req: sent } = await pending;
    assert.equal(res.status, 200, 'answered by us: the caller hears the waiting music');
    const caller = Dialog.asUac(sent, res);
    a.send(viaFor(a, caller.createAck(sent)), sip.port);
    const { msg: toOperator, from } = await d.request('INVITE');
    answer(d, toOperator, from, 200, 'operator', phoneSdp(d.port + 1000));
    await d.request('ACK', toOperator.callId);
    const entry = queue.entries.at(-1)!;
    assert.equal(entry.entry.priority, 'internal', 'P-SWB-7: an internal call');
    assert.deepEqual(entry.left, { answeredBy: app.a.people.operator!.id });
    a.send(viaFor(a, caller.createRequest('BYE')), sip.port);
    const { msg: bye, from: bf } = await d.request('BYE', toOperator.callId);
    answer(d, bye, bf, 200, 'operator');
    const rec = await records.ended();
    assert.deepEqual(rec.legs.map((l) => [l.kind, l.outcome]), [['queue', 'answered']]);
    assert.equal(rec.end?.outcome, 'answered');
  });

  test('P-SWB-6: the answering machine hands back a number to connect to; the call is planned again and rings it', async () => {
    app.clock.set('2026-03-25T17:30:00Z'); // closed
    await app.store.db.updateTable('sip_bindings').set({ expires_at: '2099-01-01T00:00:00.000Z' }).execute();
    machineChoice = ext('other');
    try {
      const callId = newCallId();
      const pending = authed(a, ext('employee'), build(a, 'INVITE', ext('employee'), '2000', callId, 1));
      const { res, req: sent } = await pending;
      assert.equal(res.status, 200);
      const caller = Dialog.asUac(sent, res);
      a.send(viaFor(a, caller.createAck(sent)), sip.port);
      const { msg: fork, from } = await b.request('INVITE');
      answer(b, fork, from, 200, 'b', phoneSdp(b.port + 1000));
      await b.request('ACK', fork.callId);
      a.send(viaFor(a, caller.createRequest('BYE')), sip.port);
      const { msg: bye, from: bf } = await b.request('BYE', fork.callId);
      answer(b, bye, bf, 200, 'b');
      const rec = await records.ended();
      assert.deepEqual(rec.legs.map((l) => [l.stepIndex, l.kind, l.outcome]), [[0, 'answering-machine', 'played'], [1, 'ring', 'answered']]);
      assert.ok(log.some((e) => e.event === 'call.plan' && e.dialled === ext('other')), 'planned again for the chosen number');
    } finally {
      machineChoice = undefined;
    }
  });
});
