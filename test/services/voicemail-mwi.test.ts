// Message-waiting indication (RFC 3842 over RFC 6665) with real SIP on 127.0.0.1. SIPp is
// the phone: it SUBSCRIBEs to its own box (the Request-URI names no user: SIPp's digest-uri
// is always sip:host:port, so that is what it must request), answering our digest
// challenge, gets the immediate NOTIFY with
// Messages-Waiting: no, then Voice-Message: 1/0 when a message is left, and unsubscribes with
// Expires: 0 within the dialog (NOTIFY terminated). A raw UDP phone proves the refusals
// (489, 403, 423), a refresh, a NOTIFY when the message is heard, expiry and a 481.
//
// The SIP stack is assembled here as the SIP service does it, with MWI wired in: SUBSCRIBE
// outside a dialog to `mwi.handleSubscribe`, requests within a dialog to
// `mwi.handleInDialog` first.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestApp, PASSWORD, type TestApp } from '../support/app.js';
import { sippAvailable, startSipp } from '../sip/sipp.js';
import { DigestClient } from '../../src/sip/auth/index.js';
import { createRequest, createResponse, NameAddress, newCallId, newTag, parseMessage, serializeMessage, SipUri, type SipRequest, type SipResponse } from '../../src/sip/message/index.js';
import { SipAuthenticator } from '../../src/sip/registrar/authenticator.js';
import { BindingStore } from '../../src/sip/registrar/bindings.js';
import { sipHa1Json } from '../../src/sip/registrar/credentials.js';
import { sipDomainOf } from '../../src/sip/registrar/domains.js';
import { Registrar } from '../../src/sip/registrar/registrar.js';
import { SipEndpoint, type ServerTransaction } from '../../src/sip/transaction/index.js';
import { UdpTransport } from '../../src/sip/transport/index.js';
import { parseMessageSummary, type MwiService } from '../../src/sip/mwi/index.js';
import { startMwi } from '../../src/services/voicemail/mwi.js';
import { VoicemailBoxes } from '../../src/services/voicemail/boxes.js';
import { putMessage } from '../../src/services/voicemail/testing.js';
import type { Actor } from '../../src/http/context.js';

/** A SUBSCRIBE of the SIPp phone; SIPp fills the [bracketed] keywords. */
function sippSubscribe(cseq: number, lines: string[]): string {
  return `
  <send retrans="500"><![CDATA[
SUBSCRIBE sip:[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:[service]@[remote_ip]>;tag=[pid]mwi[call_number]
${lines[0]}
Call-ID: [call_id]
CSeq: ${cseq} SUBSCRIBE
Contact: <sip:[service]@[local_ip]:[local_port]>
Max-Forwards: 70
Event: message-summary
${lines.slice(1).join('\n')}
User-Agent: SIPp
Content-Length: 0

]]></send>`;
}

/** A NOTIFY received, its checks, and SIPp's 200 to it. */
function sippNotify(checks: string): string {
  return `
  <recv request="NOTIFY">
    <action>${checks}
    </action>
  </recv>
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>`;
}

const SIPP_SCENARIO = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="MWI: subscribe, two NOTIFYs, unsubscribe">${sippSubscribe(1, ['To: <sip:[service]@[remote_ip]>', 'Accept: application/simple-message-summary', 'Expires: 600'])}
  <recv response="401" auth="true"/>${sippSubscribe(2, ['To: <sip:[service]@[remote_ip]>', '[authentication]', 'Accept: application/simple-message-summary', 'Expires: 600'])}
  <recv response="200">
    <action>
      <ereg regexp=";tag=([^;> ]+)" search_in="hdr" header="To:" assign_to="tagall,totag"/>
      <ereg regexp="^ *600" search_in="hdr" header="Expires:" check_it="true" assign_to="granted"/>
    </action>
  </recv>${sippNotify(`
      <ereg regexp="Messages-Waiting: no" search_in="body" check_it="true" assign_to="none"/>
      <ereg regexp="active;expires=" search_in="hdr" header="Subscription-State:" check_it="true" assign_to="active"/>`)}${sippNotify(`
      <ereg regexp="Messages-Waiting: yes" search_in="body" check_it="true" assign_to="yes"/>
      <ereg regexp="Voice-Message: 1/0" search_in="body" check_it="true" assign_to="one"/>`)}${sippSubscribe(3, ['To: <sip:[service]@[remote_ip]>;tag=[$totag]', 'Expires: 0'])}
  <recv response="200"/>${sippNotify(`
      <ereg regexp="terminated" search_in="hdr" header="Subscription-State:" check_it="true" assign_to="ended"/>`)}
  <Reference variables="tagall,granted,none,active,yes,one,ended"/>
</scenario>
`;

describe('voicemail: message-waiting indication over SIP', () => {
  let t: TestApp;
  let endpoint: SipEndpoint;
  let mwi: MwiService;
  let stopMwi: () => void;
  let port = 0;
  let realm = '';
  let dir = '';
  let boxes: VoicemailBoxes;
  const anna = () => t.a.people.employee!;

  before(async () => {
    t = await startTestApp();
    realm = sipDomainOf(t.a.slug);
    dir = await mkdtemp(path.join(tmpdir(), 'ov-mwi-'));
    for (const key of ['employee', 'other']) {
      const p = t.a.people[key]!;
      await t.store.db.updateTable('credentials').set({ sip_ha1_json: sipHa1Json(p.extension, realm, PASSWORD) }).where('person_id', '=', p.id).execute();
    }
    boxes = new VoicemailBoxes(t.ctx);
    const udp = await UdpTransport.listen({ address: '127.0.0.1', port: 0 });
    port = udp.local.port;
    const auth = new SipAuthenticator({ db: t.store.db, secret: randomBytes(32), now: () => t.clock.now().epochMilliseconds, algorithms: ['MD5'] });
    const registrar = new Registrar({ bindings: new BindingStore(t.store.db), auth, tenants: t.ctx.tenants, now: () => t.clock.now(), defaultTenant: t.a.slug });
    const route = (tx: ServerTransaction) => {
      if (tx.request.to.tag !== undefined) {
        if (!mwi.handleInDialog(tx)) tx.respond(tx.createResponse(481));
      } else if (tx.request.method === 'SUBSCRIBE') {
        void mwi.handleSubscribe(tx).catch(() => tx.awaitingAnswer && tx.respond(tx.createResponse(500)));
      } else {
        tx.respond(tx.createResponse(405));
      }
    };
    endpoint = new SipEndpoint({ transports: [udp], user: { onRequest: route } });
    ({ mwi, stop: stopMwi } = startMwi(t.ctx, { endpoint, auth, registrar }, { settings: { minExpires: 2 } }));
  });
  after(async () => {
    stopMwi?.();
    await endpoint?.close();
    await rm(dir, { recursive: true, force: true });
    await t.close();
  });

  async function waitUntil(what: string, check: () => boolean, ms = 10_000): Promise<void> {
    const until = Date.now() + ms;
    while (!check()) {
      if (Date.now() > until) assert.fail(`waited ${ms} ms: ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  test('RFC 3842 with SIPp: 200 and NOTIFY "no" at once, "Voice-Message: 1/0" when a message is left, terminated on Expires: 0', { skip: !sippAvailable() && 'sipp is not installed' }, async () => {
    const file = path.join(dir, 'mwi.xml');
    await writeFile(file, SIPP_SCENARIO);
    const run = startSipp(['-sf', file, '-m', '1', '-s', anna().extension, '-au', anna().extension, '-ap', PASSWORD, '-i', '127.0.0.1', '-p', '0', '-timeout', '25s', '-timeout_error', '-recv_timeout', '20000', `127.0.0.1:${port}`], 30_000);
    try {
      let finished = false;
      void run.done.then(() => (finished = true));
      await waitUntil('SIPp subscribed', () => finished || (mwi.size === 1 && mwi.counters.notifies >= 1));
      if (finished) {
        const early = await run.done;
        assert.fail(`SIPp ended before subscribing:\n${early.output.slice(-3000)}\n${early.errors.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 300)); // the first NOTIFY answered
      const id = await putMessage(t.ctx, { tenantId: t.a.id, box: { kind: 'person', personId: anna().id } });
      boxes.publish(t.a.id, 'voicemail.left', id, { kind: 'person', personId: anna().id }, [anna().id]);
      const result = await run.done;
      assert.equal(result.code, 0, `SIPp failed:\n${result.output.slice(-3000)}\n${result.errors.slice(-2000)}`);
      assert.equal(result.stats?.successful, 1);
      await waitUntil('the subscription is gone', () => mwi.size === 0);
    } finally {
      run.kill();
      await t.store.db.deleteFrom('voicemail_messages').execute();
    }
  });

  describe('with a raw UDP phone', () => {
    let sock: Socket;
    let phonePort = 0;
    const inbox: (SipRequest | SipResponse)[] = [];
    let notifyAnswer = 200;

    before(async () => {
      sock = createSocket('udp4');
      await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
      phonePort = sock.address().port;
      sock.on('message', (buf) => {
        const m = parseMessage(buf);
        if (!m.ok) return;
        const msg = m.value;
        inbox.push(msg);
        if (msg.kind === 'request' && msg.method === 'NOTIFY') sock.send(serializeMessage(createResponse(msg, notifyAnswer)), port, '127.0.0.1');
      });
    });
    after(() => sock?.close());

    async function next<T extends SipRequest | SipResponse>(match: (m: SipRequest | SipResponse) => m is T, ms = 5000): Promise<T> {
      const until = Date.now() + ms;
      for (;;) {
        const i = inbox.findIndex(match);
        if (i >= 0) return inbox.splice(i, 1)[0] as T;
        if (Date.now() > until) assert.fail(`nothing matched within ${ms} ms; inbox: ${inbox.map((m) => (m.kind === 'request' ? m.method : m.status)).join(', ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    const response = (callId: string, cseq: number) => (m: SipRequest | SipResponse): m is SipResponse => m.kind === 'response' && m.callId === callId && m.cseq.seq === cseq && m.status >= 200;
    const notify = (callId: string) => (m: SipRequest | SipResponse): m is SipRequest => m.kind === 'request' && m.method === 'NOTIFY' && m.callId === callId;

    interface Dialog { callId: string; fromTag: string; toTag?: string; cseq: number }

    /** A SUBSCRIBE from `ext` for `box`, answering a 401 with the password. */
    async function subscribe(ext: string, opts: { box?: string; event?: string; expires?: number; dialog?: Dialog } = {}): Promise<{ res: SipResponse; dialog: Dialog }> {
      const dialog: Dialog = opts.dialog ?? { callId: newCallId(), fromTag: newTag(), cseq: 0 };
      const uri = `sip:${opts.box ?? ext}@127.0.0.1:${port}`;
      const send = (auth?: string) => {
        dialog.cseq++;
        const from = new NameAddress(new SipUri({ user: ext, host: realm }));
        from.tag = dialog.fromTag;
        const to = new NameAddress(new SipUri({ user: opts.box ?? ext, host: realm }));
        if (dialog.toTag) to.tag = dialog.toTag;
        const headers: [string, string][] = [['Event', opts.event ?? 'message-summary'], ['Contact', `<sip:${ext}@127.0.0.1:${phonePort}>`]];
        if (opts.expires !== undefined) headers.push(['Expires', String(opts.expires)]);
        if (auth) headers.push(['Authorization', auth]);
        const req = createRequest({ method: 'SUBSCRIBE', uri, from, to, callId: dialog.callId, cseq: dialog.cseq, via: undefined, headers });
        req.headers.prepend('Via', `SIP/2.0/UDP 127.0.0.1:${phonePort};branch=z9hG4bK${newTag()};rport`);
        sock.send(serializeMessage(req), port, '127.0.0.1');
        return dialog.cseq;
      };
      let res = await next(response(dialog.callId, send()));
      if (res.status === 401) {
        const a = new DigestClient({ username: ext, password: PASSWORD }).authorize({ challenge: res.headers.getAll('WWW-Authenticate'), method: 'SUBSCRIBE', uri });
        assert.ok(a.ok);
        res = await next(response(dialog.callId, send(a.value)));
      }
      if (res.status === 200 && res.to.tag) dialog.toTag = res.to.tag;
      return { res, dialog };
    }

    test('RFC 6665: another event package is 489 Bad Event; another person\'s box 403; too short an expiry 423 with Min-Expires', async () => {
      const presence = await subscribe(anna().extension, { event: 'presence' });
      assert.equal(presence.res.status, 489);
      assert.equal(presence.res.headers.get('Allow-Events'), 'message-summary');
      const theirs = await subscribe(t.a.people.other!.extension, { box: anna().extension, expires: 600 });
      assert.equal(theirs.res.status, 403, 'P-SEC-1: only one\'s own box');
      const brief = await subscribe(anna().extension, { expires: 1 });
      assert.equal(brief.res.status, 423);
      assert.equal(brief.res.headers.get('Min-Expires'), '2');
      assert.equal(mwi.size, 0);
    });

    test('a refresh within the dialog is answered with a NOTIFY; a message heard clears the lamp; the subscription expires with a terminated NOTIFY', async () => {
      const msg = await putMessage(t.ctx, { tenantId: t.a.id, box: { kind: 'person', personId: anna().id } });
      const { res, dialog } = await subscribe(anna().extension, { expires: 600 });
      assert.equal(res.status, 200);
      assert.equal(res.expires, 600);
      const first = await next(notify(dialog.callId));
      assert.match(first.headers.get('Subscription-State') ?? '', /^active;expires=(600|599)$/);
      assert.equal(first.headers.get('Content-Type'), 'application/simple-message-summary');
      assert.deepEqual(parseMessageSummary(first.body.toString()), { waiting: true, account: `sip:${anna().extension}@${realm}`, counts: { 'voice-message': { new: 1, old: 0 } } });

      const refresh = await subscribe(anna().extension, { expires: 3, dialog });
      assert.equal(refresh.res.status, 200);
      assert.equal(refresh.res.expires, 3);
      await next(notify(dialog.callId));

      // P-VM-5 through the web: heard, so the lamp goes out.
      const self: Actor = { kind: 'person', id: anna().id, personId: anna().id, tenantId: t.a.id, role: 'employee' };
      await boxes.markHeard(self, msg);
      const cleared = await next(notify(dialog.callId));
      assert.deepEqual(parseMessageSummary(cleared.body.toString())?.counts['voice-message'], { new: 0, old: 1 });
      assert.equal(parseMessageSummary(cleared.body.toString())?.waiting, false);

      const ended = await next(notify(dialog.callId), 6000);
      assert.equal(ended.headers.get('Subscription-State'), 'terminated;reason=timeout');
      await waitUntil('expired', () => mwi.size === 0);
    });

    test('a phone that answers a NOTIFY with 481 loses its subscription', async () => {
      const { res, dialog } = await subscribe(anna().extension, { expires: 600 });
      assert.equal(res.status, 200);
      await next(notify(dialog.callId));
      assert.equal(mwi.size, 1);
      notifyAnswer = 481;
      mwi.notifyBox(t.a.id, anna().id);
      await next(notify(dialog.callId));
      await waitUntil('removed after 481', () => mwi.size === 0);
      notifyAnswer = 200;
      const stale = await subscribe(anna().extension, { expires: 600, dialog });
      assert.equal(stale.res.status, 481, 'its dialog is gone');
    });
  });
});
