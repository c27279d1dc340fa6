// The registrar and the call core's refusals over real UDP on 127.0.0.1, with a raw SIP
// client that answers digest challenges (DigestClient). baresip proves the happy path in
// test/sip/baresip.test.ts; this file proves the rules one by one.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { startTestApp, PASSWORD, type TestApp } from '../../../test/support/app.js';
import { DigestClient } from '../auth/index.js';
import { createRequest, NameAddress, newCallId, newTag, parseMessage, serializeMessage, type SipResponse, SipUri } from '../message/index.js';
import { SipService } from '../server.js';
import { toIso } from '../../store/index.js';
import { sipHa1Json } from './credentials.js';
import { sipDomainOf } from './domains.js';
import { callSettings } from '../../../test/calls/support.js';

describe('registrar over UDP', () => {
  let app: TestApp;
  let sip: SipService;
  let sock: Socket;
  let port = 0;
  let realm = '';
  const inbox: SipResponse[] = [];
  const waiters: (() => void)[] = [];

  before(async () => {
    app = await startTestApp();
    realm = sipDomainOf(app.a.slug);
    for (const key of ['employee', 'other', 'manager']) {
      const p = app.a.people[key]!;
      await app.store.db.updateTable('credentials').set({ sip_ha1_json: sipHa1Json(p.extension, realm, PASSWORD) }).where('person_id', '=', p.id).execute();
    }
    sip = await SipService.start({ host: '127.0.0.1', port: 0, db: app.store.db, tenants: app.ctx.tenants, now: () => app.clock.now(), defaultTenant: app.a.slug, algorithms: ['MD5'], calls: callSettings(app) });
    sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    port = sock.address().port;
    sock.on('message', (buf) => {
      const m = parseMessage(buf);
      if (m.ok && m.value.kind === 'response' && m.value.status >= 200) {
        inbox.push(m.value);
        waiters.splice(0).forEach((w) => w());
      }
    });
  });

  after(async () => {
    sock?.close();
    await sip?.stop();
    await app?.close();
  });

  /** Sends a request and waits (bounded) for its final response. */
  async function send(method: string, ext: string, opts: { to?: string; contact?: string[]; expires?: number; callId?: string; cseq?: number; auth?: string; uri?: string; toTag?: string; path?: string[]; supported?: string } = {}): Promise<SipResponse> {
    const from = new NameAddress(new SipUri({ user: ext, host: realm }));
    from.tag = newTag();
    const to = new NameAddress(new SipUri({ user: opts.to ?? ext, host: realm }));
    if (opts.toTag) to.tag = opts.toTag;
    const headers: [string, string][] = [];
    if (opts.expires !== undefined) headers.push(['Expires', String(opts.expires)]);
    if (opts.auth) headers.push(['Authorization', opts.auth]);
    for (const p of opts.path ?? []) headers.push(['Path', p]);
    if (opts.supported) headers.push(['Supported', opts.supported]);
    const req = createRequest({
      method, uri: opts.uri ?? `sip:${method === 'REGISTER' ? '' : `${opts.to ?? ext}@`}127.0.0.1:${sip.port}`, from, to,
      callId: opts.callId ?? newCallId(), cseq: opts.cseq ?? 1, via: undefined, headers,
    });
    req.headers.prepend('Via', `SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK${newTag()};rport`);
    for (const c of opts.contact ?? []) req.headers.append('Contact', c);
    const callId = req.callId;
    const cseq = req.cseq.seq;
    sock.send(serializeMessage(req), sip.port, '127.0.0.1');
    const deadline = Date.now() + 3000;
    for (;;) {
      const i = inbox.findIndex((r) => r.callId === callId && r.cseq.seq === cseq);
      if (i >= 0) return inbox.splice(i, 1)[0]!;
      if (Date.now() > deadline) throw new Error(`no answer to ${method}`);
      await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 100); });
    }
  }

  /** Sends, answers a 401 with the password, returns the final response. */
  async function authed(method: string, ext: string, password: string, opts: Parameters<typeof send>[2] & { digestUri?: string } = {}): Promise<SipResponse> {
    const callId = opts.callId ?? newCallId();
    const cseq = opts.cseq ?? 1;
    const first = await send(method, ext, { ...opts, callId, cseq });
    if (first.status !== 401) return first;
    const client = new DigestClient({ username: ext, password });
    const uri = opts.uri ?? `sip:${method === 'REGISTER' ? '' : `${opts.to ?? ext}@`}127.0.0.1:${sip.port}`;
    const auth = client.authorize({ challenge: first.headers.getAll('WWW-Authenticate'), method, uri: opts.digestUri ?? uri });
    assert.ok(auth.ok);
    return send(method, ext, { ...opts, callId, cseq: cseq + 1, auth: auth.value });
  }

  const bindings = (personId: string) => app.store.db.selectFrom('sip_bindings').selectAll().where('person_id', '=', personId).execute();

  test('REGISTER: 401 first, then 200 listing the binding with its expires; the row is stored', async () => {
    const p = app.a.people.employee!;
    const res = await authed('REGISTER', p.extension, PASSWORD, { contact: [`<sip:${p.extension}@127.0.0.1:${port}>`], expires: 600 });
    assert.equal(res.status, 200);
    assert.equal(res.contact.length, 1);
    assert.equal(res.contact[0]!.expires, 600);
    const rows = await bindings(p.id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.aor, `sip:${p.extension}@${realm}`);
    assert.equal(rows[0]!.expires_at, toIso(app.clock.now().add({ seconds: 600 })));
  });

  test('RFC 3327 5.3: a REGISTER with Path: the 200 copies the Path (phone supports path) and says Supported: path; the binding keeps it and is reached through its first hop', async () => {
    const p = app.a.people.employee!;
    const path = ['<sip:127.0.0.1:5999;lr;received=sip:127.0.0.1:40000>', '<sip:edge2.example;lr>'];
    const contact = `<sip:${p.extension}@127.0.0.1:40000;ob>`;
    const res = await authed('REGISTER', p.extension, PASSWORD, { contact: [contact], expires: 600, path, supported: 'outbound, path' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.headers.getAll('Path'), path);
    assert.ok(res.supported.includes('path'));
    const quiet = await authed('REGISTER', p.extension, PASSWORD, { contact: [contact], expires: 600, path });
    assert.equal(quiet.status, 200);
    assert.deepEqual(quiet.headers.getAll('Path'), [], 'RFC 3261 8.2.2.3: no Path in the 200 for a phone that did not say Supported: path');
    const rows = (await bindings(p.id)).filter((r) => r.contact.includes(':40000'));
    assert.equal(rows.length, 1);
    assert.deepEqual(JSON.parse(rows[0]!.path_json ?? 'null'), path);
    const live = (await sip.bindings.live(app.a.id, rows[0]!.aor, app.clock.now())).find((b) => b.id === rows[0]!.id);
    assert.deepEqual(live?.target, { transport: 'UDP', address: '127.0.0.1', port: 5999 }, 'requests go to the first Path URI');
    assert.deepEqual(live?.path, path);
    const gone = await authed('REGISTER', p.extension, PASSWORD, { contact: [contact], expires: 0 });
    assert.equal(gone.status, 200);
  });

  test('a digest-uri written differently from our canonical form but naming the same URI is accepted (RFC 3261 19.1.4)', async () => {
    const p = app.a.people.employee!;
    const res = await authed('REGISTER', p.extension, PASSWORD, { uri: `sip:${realm}`, digestUri: `sip:${realm.toUpperCase()}`, contact: [`<sip:${p.extension}@127.0.0.1:${port}>`], expires: 600 });
    assert.equal(res.status, 200);
    const other = await authed('REGISTER', p.extension, PASSWORD, { uri: `sip:${realm}`, digestUri: 'sip:elsewhere.example', contact: [`<sip:${p.extension}@127.0.0.1:${port}>`], expires: 600 });
    assert.equal(other.status, 400, 'a digest-uri for another URI is still refused (RFC 2617 3.2.2.5)');
  });

  test('P-SEC-1: unknown extension and wrong password get the same answer, and no binding', async () => {
    const wrong = await authed('REGISTER', app.a.people.other!.extension, 'fel', { contact: [`<sip:x@127.0.0.1:${port}>`] });
    const unknown = await authed('REGISTER', '2999', 'fel', { contact: [`<sip:x@127.0.0.1:${port}>`] });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    const shape = (r: SipResponse) => [r.reason, [...r.headers].map((h) => h.name).join(','), r.headers.getAll('WWW-Authenticate').map((v) => v.replace(/nonce="[^"]*"/, ''))];
    assert.deepEqual(shape(wrong), shape(unknown));
    assert.equal((await bindings(app.a.people.other!.id)).length, 0);
  });

  test('a deactivated person is refused like an unknown one', async () => {
    const p = app.a.people.manager!;
    await app.store.db.updateTable('people').set({ deactivated_at: toIso(app.clock.now()) }).where('id', '=', p.id).execute();
    const res = await authed('REGISTER', p.extension, PASSWORD, { contact: [`<sip:m@127.0.0.1:${port}>`] });
    assert.equal(res.status, 401);
    assert.equal((await bindings(p.id)).length, 0);
    await app.store.db.updateTable('people').set({ deactivated_at: null }).where('id', '=', p.id).execute();
  });

  test('10.3 step 7: too short an expiry gets 423 with Min-Expires; too long is cut to the maximum', async () => {
    const p = app.a.people.other!;
    const short = await authed('REGISTER', p.extension, PASSWORD, { contact: [`<sip:o@127.0.0.1:${port}>`], expires: 10 });
    assert.equal(short.status, 423);
    assert.equal(short.headers.get('Min-Expires'), '60');
    const long = await authed('REGISTER', p.extension, PASSWORD, { contact: [`<sip:o@127.0.0.1:${port}>;expires=99999`] });
    assert.equal(long.status, 200);
    assert.equal(long.contact[0]!.expires, 3600);
  });

  test('refresh rules: an older CSeq of the same Call-ID gets 500; Expires: 0 removes one; * removes all', async () => {
    const p = app.a.people.other!;
    const callId = newCallId();
    const c1 = `<sip:o1@127.0.0.1:${port}>`;
    const c2 = `<sip:o2@127.0.0.1:${port}>`;
    assert.equal((await authed('REGISTER', p.extension, PASSWORD, { callId, cseq: 10, contact: [c1, c2], expires: 300 })).status, 200);
    assert.equal((await bindings(p.id)).length, 3); // o (previous test), o1, o2
    const stale = await authed('REGISTER', p.extension, PASSWORD, { callId, cseq: 3, contact: [c1], expires: 300 });
    assert.equal(stale.status, 500);
    const removed = await authed('REGISTER', p.extension, PASSWORD, { callId, cseq: 20, contact: [c1], expires: 0 });
    assert.equal(removed.status, 200);
    assert.deepEqual((await bindings(p.id)).map((b) => b.contact).sort(), [`sip:o2@127.0.0.1:${port}`, `sip:o@127.0.0.1:${port}`]);
    const badStar = await authed('REGISTER', p.extension, PASSWORD, { callId, cseq: 30, contact: ['*'], expires: 60 });
    assert.equal(badStar.status, 400);
    const star = await authed('REGISTER', p.extension, PASSWORD, { callId: newCallId(), contact: ['*'], expires: 0 });
    assert.equal(star.status, 200);
    assert.equal(star.contact.length, 0);
    assert.equal((await bindings(p.id)).length, 0);
  });

  test('expired bindings are ignored and purged', async () => {
    const p = app.a.people.employee!;
    const res = await authed('REGISTER', p.extension, PASSWORD, { contact: [`<sip:e2@127.0.0.1:${port}>`], expires: 60 });
    assert.equal(res.contact.length, 2);
    app.clock.advance({ seconds: 61 });
    assert.equal((await sip.bindings.liveForPerson(app.a.id, p.id, app.clock.now())).length, 1);
    assert.equal(await sip.bindings.purge(app.clock.now()), 1);
  });

  test('OPTIONS: 200 with Allow, Accept and Supported', async () => {
    const res = await send('OPTIONS', '2003', { uri: `sip:127.0.0.1:${sip.port}` });
    assert.equal(res.status, 200);
    assert.ok(res.allow.includes('INVITE') && res.allow.includes('REGISTER'));
    assert.equal(res.headers.get('Accept'), 'application/sdp');
  });

  test('requests for no dialog get 481 (12.2.2); an INVITE from a phone that never registered 403, one that names no number 404', async () => {
    assert.equal((await send('BYE', '2003', { to: '2004', toTag: 'nope' })).status, 481);
    assert.equal((await send('BYE', '2003', { to: '2004' })).status, 481);
    const p = app.a.people.employee!;
    const unregistered = app.a.people.manager!;
    assert.equal((await authed('INVITE', unregistered.extension, PASSWORD, { to: p.extension })).status, 403, 'calls come from registered phones');
    // What a dialled number leads to is routing's (src/calls, test/calls); a Request-URI without one is refused here.
    assert.equal((await authed('INVITE', p.extension, PASSWORD, { uri: `sip:127.0.0.1:${sip.port}` })).status, 404);
  });
});
