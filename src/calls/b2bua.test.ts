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
    const callId = newCallId();
    const invite = build(a, 'INVITE', ext('employee'), ext('other'), callId, 1);
    invite.body = Buffer.from('v=0\r\n');
    invite.headers.set('Content-Type', 'application/sdp');
    const pending = authed(a, ext('employee'), invite);
    const { msg: fork, from } = await b.request('INVITE');
    assert.equal(fork.body.toString(), 'v=0\r\n', 'SDP passed through unchanged');
    const ok = answer(b, fork, from, 200, 'callee');
    const { req: sent, res } = await pending;
    assert.equal(res.status, 200);
    await b.request('ACK', fork.callId);
    const caller = Dialog.asUac(sent, res);
    a.send(caller.createAck(sent), sip.port);

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
});
