// The B2BUA against two raw UDP "phones" on 127.0.0.1 that this test drives message by
// message: busy relayed, UPDATE relayed within the call, CSeq order, BYE to the other leg.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { startTestApp, PASSWORD, type TestApp } from '../../test/support/app.js';
import { DigestClient } from '../sip/auth/index.js';
import {
  createRequest, createResponse, NameAddress, newCallId, newTag, parseMessage, serializeMessage, type SipMessage, type SipRequest, type SipResponse, SipUri,
} from '../sip/message/index.js';
import { SipService } from '../sip/server.js';
import { sipHa1Json } from '../sip/registrar/credentials.js';
import { sipDomainOf } from '../sip/registrar/domains.js';
import { Dialog } from '../sip/dialog/index.js';
import { declineTransfers, type TransferRequest } from './b2bua.js';

/** A phone as a UDP socket: what arrived, and a bounded wait for the next match. */
class RawPhone {
  readonly got: { msg: SipMessage; from: RemoteInfo }[] = [];
  private wake: (() => void)[] = [];
  constructor(readonly sock: Socket, readonly port: number) {
    sock.on('message', (buf, from) => {
      const m = parseMessage(buf);
      if (!m.ok) return;
      this.got.push({ msg: m.value, from });
      this.wake.splice(0).forEach((w) => w());
    });
  }
  static async open(): Promise<RawPhone> {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    return new RawPhone(sock, sock.address().port);
  }
  send(msg: SipMessage, port: number): void {
    this.sock.send(serializeMessage(msg), port, '127.0.0.1');
  }
  async next<T extends SipMessage>(pred: (m: SipMessage) => m is T, what: string): Promise<{ msg: T; from: RemoteInfo }> {
    const deadline = Date.now() + 3000;
    for (;;) {
      const i = this.got.findIndex((g) => pred(g.msg));
      if (i >= 0) return this.got.splice(i, 1)[0] as { msg: T; from: RemoteInfo };
      if (Date.now() > deadline) throw new Error(`no ${what}; got ${this.got.map((g) => (g.msg.kind === 'request' ? g.msg.method : g.msg.status)).join(', ')}`);
      await new Promise<void>((r) => { this.wake.push(r); setTimeout(r, 100); });
    }
  }
  request(method: string, callId?: string) {
    return this.next((m): m is SipRequest => m.kind === 'request' && m.method === method && (callId === undefined || m.callId === callId), method);
  }
  response(callId: string, seq: number, final = true) {
    return this.next((m): m is SipResponse => m.kind === 'response' && m.callId === callId && m.cseq.seq === seq && (!final || m.status >= 200), `response to ${seq}`);
  }
  close(): void {
    this.sock.close();
  }
}

describe('B2BUA with raw phones', () => {
  let app: TestApp;
  let sip: SipService;
  let a: RawPhone;
  let b: RawPhone;
  let realm = '';

  function build(phone: RawPhone, method: string, from: string, to: string, callId: string, cseq: number, headers: [string, string][] = []): SipRequest {
    const f = new NameAddress(new SipUri({ user: from, host: realm }));
    f.tag = 'tag-' + from;
    const req = createRequest({
      method, uri: method === 'REGISTER' ? `sip:127.0.0.1:${sip.port}` : `sip:${to}@127.0.0.1:${sip.port}`, from: f,
      to: new NameAddress(new SipUri({ user: to, host: realm })), callId, cseq, headers,
      contact: new NameAddress(new SipUri({ user: from, host: '127.0.0.1', port: phone.port })),
    });
    req.headers.prepend('Via', `SIP/2.0/UDP 127.0.0.1:${phone.port};branch=z9hG4bK${newTag()};rport`);
    return req;
  }

  /** Sends a request, answers the 401 once, returns the request that got through and the final response. */
  async function authed(phone: RawPhone, ext: string, req: SipRequest): Promise<{ req: SipRequest; res: SipResponse }> {
    phone.send(req, sip.port);
    const first = (await phone.response(req.callId, req.cseq.seq)).msg;
    if (req.method === 'INVITE') phone.send(ack(req, first), sip.port);
    if (first.status !== 401) return { req, res: first };
    const auth = new DigestClient({ username: ext, password: PASSWORD }).authorize({ challenge: first.headers.getAll('WWW-Authenticate'), method: req.method, uri: req.uri.toString() });
    assert.ok(auth.ok);
    const again = build(phone, req.method, ext, req.to.uri.kind === 'sip' ? req.to.uri.user ?? '' : '', req.callId, req.cseq.seq + 1, [['Authorization', auth.value]]);
    again.body = req.body;
    phone.send(again, sip.port);
    return { req: again, res: (await phone.response(again.callId, again.cseq.seq)).msg };
  }

  /** ACK for a non-2xx (17.1.1.3): same branch, the response's To. */
  function ack(invite: SipRequest, res: SipResponse): SipRequest {
    const r = createRequest({ method: 'ACK', uri: invite.uri, from: invite.from, to: res.to, callId: invite.callId, cseq: invite.cseq.seq });
    r.headers.prepend('Via', invite.headers.getAll('Via')[0]!);
    return r;
  }

  function answer(phone: RawPhone, req: SipRequest, from: RemoteInfo, status: number, tag: string): SipResponse {
    const res = createResponse(req, status);
    if (req.to.tag === undefined) res.setToTag(tag);
    res.headers.append('Contact', `<sip:b@127.0.0.1:${phone.port}>`);
    phone.sock.send(serializeMessage(res), from.port, from.address);
    return res;
  }

  before(async () => {
    app = await startTestApp();
    realm = sipDomainOf(app.a.slug);
    for (const key of ['employee', 'other']) {
      const p = app.a.people[key]!;
      await app.store.db.updateTable('credentials').set({ sip_ha1_json: sipHa1Json(p.extension, realm, PASSWORD) }).where('person_id', '=', p.id).execute();
    }
    sip = await SipService.start({ host: '127.0.0.1', port: 0, db: app.store.db, tenants: app.ctx.tenants, now: () => app.clock.now(), defaultTenant: app.a.slug, algorithms: ['MD5'] });
    a = await RawPhone.open();
    b = await RawPhone.open();
    for (const [phone, key] of [[a, 'employee'], [b, 'other']] as const) {
      const ext = app.a.people[key]!.extension;
      const { res } = await authed(phone, ext, build(phone, 'REGISTER', ext, ext, newCallId(), 1, [['Expires', '600']]));
      assert.equal(res.status, 200);
    }
  });

  after(async () => {
    a?.close();
    b?.close();
    await sip?.stop();
    await app?.close();
  });

  const ext = (key: string) => app.a.people[key]!.extension;

  /** An answered call from A to B (with `sdp` as A's offer): A's dialog (we are its UAS) and B's fork. */
  async function establish(sdp?: string): Promise<{ caller: Dialog; callId: string; fork: SipRequest; forkOk: SipResponse }> {
    const callId = newCallId();
    const invite = build(a, 'INVITE', ext('employee'), ext('other'), callId, 1);
    if (sdp !== undefined) {
      invite.body = Buffer.from(sdp);
      invite.headers.set('Content-Type', 'application/sdp');
    }
    const pending = authed(a, ext('employee'), invite);
    const { msg: fork, from } = await b.request('INVITE');
    const forkOk = answer(b, fork, from, 200, 'callee');
    const { req: sent, res } = await pending;
    assert.equal(res.status, 200);
    await b.request('ACK', fork.callId);
    const caller = Dialog.asUac(sent, res);
    a.send(caller.createAck(sent), sip.port);
    return { caller, callId, fork, forkOk };
  }

  function viaFor(phone: RawPhone, req: SipRequest): SipRequest {
    req.headers.prepend('Via', `SIP/2.0/UDP 127.0.0.1:${phone.port};branch=z9hG4bK${newTag()};rport`);
    return req;
  }

  /** The next NOTIFY of a REFER on `phone`, answered 200: its sipfrag and Subscription-State. */
  async function notified(phone: RawPhone, callId: string): Promise<{ frag: string; state: string; event: string }> {
    const { msg, from } = await phone.request('NOTIFY', callId);
    answer(phone, msg, from, 200, 'n');
    assert.equal(msg.headers.get('Content-Type'), 'message/sipfrag;version=2.0');
    return { frag: msg.body.toString(), state: msg.headers.get('Subscription-State') ?? '', event: msg.headers.get('Event') ?? '' };
  }

  async function hangUp(caller: Dialog, callId: string, fork: SipRequest): Promise<void> {
    const bye = viaFor(a, caller.createRequest('BYE'));
    a.send(bye, sip.port);
    assert.equal((await a.response(callId, bye.cseq.seq)).msg.status, 200);
    const { msg, from } = await b.request('BYE', fork.callId);
    answer(b, msg, from, 200, 'callee');
    assert.equal(sip.calls.calls.size, 0);
  }

  test('busy: the callee\'s 486 reaches the caller as 486', async () => {
    const invite = build(a, 'INVITE', ext('employee'), ext('other'), newCallId(), 1);
    const pending = authed(a, ext('employee'), invite);
    const { msg: fork, from } = await b.request('INVITE');
    answer(b, fork, from, 486, 'busy');
    const { res } = await pending;
    assert.equal(res.status, 486);
    await b.request('ACK', fork.callId); // 17.1.1.3: we acknowledge the 486
    assert.equal(sip.calls.calls.size, 0);
  });

  test('in a call: UPDATE is relayed and answered, an old CSeq gets 500, BYE reaches the other leg', async () => {
    const { caller, callId, fork, forkOk: ok } = await establish('v=0\r\n');
    assert.equal(fork.body.toString(), 'v=0\r\n', 'SDP passed through unchanged');

    const update = caller.createRequest('UPDATE', { contact: new NameAddress(new SipUri({ user: 'a', host: '127.0.0.1', port: a.port })) });
    update.headers.prepend('Via', `SIP/2.0/UDP 127.0.0.1:${a.port};branch=z9hG4bK${newTag()};rport`);
    a.send(update, sip.port);
    const { msg: relayed, from: f2 } = await b.request('UPDATE', fork.callId);
    assert.equal(relayed.to.tag, ok.to.tag);
    answer(b, relayed, f2, 200, 'callee');
    assert.equal((await a.response(callId, update.cseq.seq)).msg.status, 200);

    const old = caller.createRequest('INFO');
    old.cseq = { seq: update.cseq.seq - 1, method: 'INFO' };
    old.headers.prepend('Via', `SIP/2.0/UDP 127.0.0.1:${a.port};branch=z9hG4bK${newTag()};rport`);
    a.send(old, sip.port);
    assert.equal((await a.response(callId, old.cseq.seq)).msg.status, 500, 'RFC 3261 12.2.2: lower CSeq is out of order');

    const bye = caller.createRequest('BYE');
    bye.headers.prepend('Via', `SIP/2.0/UDP 127.0.0.1:${a.port};branch=z9hG4bK${newTag()};rport`);
    a.send(bye, sip.port);
    assert.equal((await a.response(callId, bye.cseq.seq)).msg.status, 200);
    const { msg: bye2, from: f3 } = await b.request('BYE', fork.callId);
    answer(b, bye2, f3, 200, 'callee');
    assert.equal(sip.calls.calls.size, 0);
  });

  test('REFER with Replaces (RFC 3515, RFC 3891): 202, NOTIFY 100 Trying, then by default a final NOTIFY 603 Declined', async () => {
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
    assert.equal(last.frag, 'SIP/2.0 603 Declined\r\n');
    assert.equal(last.state, 'terminated;reason=noresource');
    assert.equal(sip.calls.calls.size, 1, 'a declined transfer leaves the call up');
    await hangUp(caller, callId, fork);
  });

  test('REFER from the callee\'s leg reaches onTransferRequest typed: target, Replaces, Referred-By; its NOTIFYs go to that leg in order', async () => {
    const { caller, callId, fork, forkOk } = await establish();
    const got: TransferRequest[] = [];
    sip.calls.onTransferRequest = (t) => {
      got.push(t);
      t.notify(180);
      t.notify(200);
      t.notify(503); // after the final one: ignored
    };
    try {
      // B is our UAC's peer: its dialog as UAS of our fork.
      const callee = Dialog.asUas(fork, forkOk);
      const refer = viaFor(b, callee.createRequest('REFER', { headers: [
        ['Refer-To', `<sip:${ext('employee')}@${realm}?Replaces=x1%3Bto-tag%3Da%3Bfrom-tag%3Db%3Bearly-only>`],
        ['Referred-By', `<sip:${ext('other')}@${realm}>`],
      ] }));
      b.send(refer, sip.port);
      assert.equal((await b.response(fork.callId, refer.cseq.seq)).msg.status, 202);
      const frags = [];
      for (let i = 0; i < 3; i++) frags.push((await notified(b, fork.callId)).frag);
      assert.deepEqual(frags, ['SIP/2.0 100 Trying\r\n', 'SIP/2.0 180 Ringing\r\n', 'SIP/2.0 200 OK\r\n']);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(b.got.filter((g) => g.msg.kind === 'request' && g.msg.method === 'NOTIFY').length, 0, 'nothing after the final NOTIFY');
      assert.equal(got.length, 1);
      const t = got[0]!;
      assert.equal(t.by, 'callee');
      assert.equal(t.target.toString(), `sip:${ext('employee')}@${realm}`);
      assert.deepEqual({ callId: t.replaces?.callId, toTag: t.replaces?.toTag, fromTag: t.replaces?.fromTag, earlyOnly: t.replaces?.earlyOnly }, { callId: 'x1', toTag: 'a', fromTag: 'b', earlyOnly: true });
      assert.equal(t.referredBy?.uri.toString(), `sip:${ext('other')}@${realm}`);
      assert.equal(t.call.from.extension, ext('employee'));
    } finally {
      sip.calls.onTransferRequest = declineTransfers;
    }
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
});
