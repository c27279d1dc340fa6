// The registration client on a manual clock and a recording transport: what it sends at
// which time, for each answer a registrar can give (RFC 3261 10.2, RFC 3665 2.1-2.3).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from '../core/time.js';
import type { SipRequest, SipResponse } from '../sip/message/index.js';
import { SipEndpoint, ManualScheduler } from '../sip/transaction/index.js';
import { answer, FakeTransport } from '../sip/transaction/testing.js';
import { refreshDelayMs, retryDelayMs, TrunkRegistration, type TrunkState } from './registration.js';
import type { SipServer } from './resolve.js';
import { checkMd5Authorization } from './testing.js';

const SECRET = 'operatörens-hemlighet';
const T0 = Temporal.Instant.from('2026-03-25T09:00:00Z');
const CHALLENGE = 'Digest realm="operator.example", nonce="n-1", qop="auth", algorithm=MD5, opaque="o"';

/** Lets the resolver's promise and what follows it run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup(opts: { expires?: number; transport?: 'UDP' | 'TCP'; port?: number | null; servers?: SipServer[] } = {}) {
  const clock = new ManualScheduler();
  const udp = new FakeTransport('UDP', clock, '198.51.100.1', 5060);
  const tcp = new FakeTransport('TCP', clock, '198.51.100.1', 5060);
  const endpoint = new SipEndpoint({ transports: [udp, tcp], scheduler: clock, user: { onRequest: () => undefined } });
  const states: TrunkState[] = [];
  const logs: string[] = [];
  const reg = new TrunkRegistration(
    { trunkId: 't1', tenantId: 'a', name: 'Operatören', host: opts.servers ? 'operator.example' : '192.0.2.50', port: opts.port === undefined ? 5060 : opts.port, transport: opts.transport ?? 'UDP', username: 'valdemarsvik', secret: SECRET, expires: opts.expires ?? 600 },
    {
      endpoint,
      servers: (host, port) => Promise.resolve(opts.servers ?? [{ address: host, port: port ?? 5060 }]),
      now: () => T0.add({ milliseconds: clock.now() }),
      onState: (s) => states.push(s),
      log: (event, data) => logs.push(`${event} ${JSON.stringify(data)}`),
      stopWaitMs: 2000,
    },
  );
  const transport = opts.transport === 'TCP' ? tcp : udp;
  const registers = (): SipRequest[] => transport.requests('REGISTER');
  const last = (): SipRequest => {
    const r = registers().at(-1);
    if (!r) throw new Error('no REGISTER sent');
    return r;
  };
  /** The registrar answers the last REGISTER. */
  const reply = (status: number, headers: Array<[string, string]> = []): SipResponse => {
    const res = answer(last(), status, 'reg');
    for (const [n, v] of headers) res.headers.append(n, v);
    transport.receive(res, { address: '192.0.2.50', port: opts.port ?? 5060 });
    return res;
  };
  const at = (iso: string | null) => (iso === null ? null : Temporal.Instant.from(iso).since(T0).total('seconds'));
  return { clock, udp, tcp, endpoint, reg, states, logs, registers, last, reply, at };
}

describe('registration client', () => {
  test('RFC 3665 2.1: REGISTER, 401, REGISTER with a correct digest, 200; the binding granted in Contact is kept', async () => {
    const s = setup();
    s.reg.start();
    await flush();
    const first = s.last();
    assert.equal(first.uri.toString(), 'sip:192.0.2.50', 'Request-URI: the registrar domain, no user (10.2)');
    assert.equal(first.to.uri.toString(), 'sip:valdemarsvik@192.0.2.50');
    assert.equal(first.from.uri.toString(), 'sip:valdemarsvik@192.0.2.50');
    assert.ok(first.from.tag);
    assert.equal(first.contact[0]?.uri.toString(), 'sip:valdemarsvik@198.51.100.1:5060', 'our Contact, user = the account');
    assert.equal(first.expires, 600);
    assert.equal(first.headers.get('Authorization'), undefined);
    assert.equal(s.states.at(-1)?.status, 'registering');

    s.reply(401, [['WWW-Authenticate', CHALLENGE]]);
    const second = s.last();
    assert.equal(s.registers().length, 2);
    assert.equal(second.callId, first.callId, '10.2.4: the same Call-ID');
    assert.equal(second.cseq.seq, first.cseq.seq + 1, 'CSeq grows');
    assert.equal(second.from.tag, first.from.tag);
    const auth = checkMd5Authorization(second.headers.get('Authorization') ?? '', 'REGISTER', SECRET);
    assert.equal(auth.valid, true, `response ${auth.response}, expected ${auth.expected}`);
    assert.equal(auth.username, 'valdemarsvik');
    assert.equal(auth.realm, 'operator.example');
    assert.equal(auth.uri, 'sip:192.0.2.50');
    assert.equal(auth.nc, '00000001');
    assert.equal(auth.opaque, 'o');

    s.reply(200, [['Contact', '<sip:valdemarsvik@198.51.100.1:5060>;expires=120'], ['Expires', '3600']]);
    const st = s.states.at(-1)!;
    assert.equal(st.status, 'registered');
    assert.equal(st.lastStatus, 200);
    assert.equal(s.at(st.expiresAt), 120, "the Contact's expires wins over Expires (10.2.4)");
    assert.equal(s.at(st.nextAttemptAt), 60, 'refresh at half the granted time');
    assert.equal(s.reg.isLive(T0.add({ seconds: 119 })), true);
    assert.equal(s.reg.isLive(T0.add({ seconds: 121 })), false);

    // The refresh carries credentials for the same challenge with the next nonce count (22.1).
    s.clock.advance(59_999);
    await flush();
    assert.equal(s.registers().length, 2);
    s.clock.advance(1);
    await flush();
    const refresh = s.last();
    assert.equal(s.registers().length, 3);
    assert.equal(refresh.callId, first.callId);
    const again = checkMd5Authorization(refresh.headers.get('Authorization') ?? '', 'REGISTER', SECRET);
    assert.equal(again.valid, true);
    assert.equal(again.nc, '00000002');
    s.reply(200, [['Expires', '300']]);
    assert.equal(s.at(s.states.at(-1)!.expiresAt), 60 + 300, 'Expires when the 200 names no Contact of ours');
  });

  test('a stale nonce on a refresh is answered once more (RFC 2617 3.2.1 stale=true)', async () => {
    const s = setup();
    s.reg.start();
    await flush();
    s.reply(401, [['WWW-Authenticate', CHALLENGE]]);
    s.reply(200, [['Expires', '120']]);
    s.clock.advance(60_000);
    await flush();
    s.reply(401, [['WWW-Authenticate', CHALLENGE.replace('n-1', 'n-2') + ', stale=true']]);
    const auth = checkMd5Authorization(s.last().headers.get('Authorization') ?? '', 'REGISTER', SECRET);
    assert.equal(auth.nonce, 'n-2');
    assert.equal(auth.valid, true);
    s.reply(200, [['Expires', '120']]);
    assert.equal(s.states.at(-1)?.status, 'registered');
    assert.equal(s.registers().length, 4, 'first, answered challenge, refresh, answered stale challenge');
  });

  test('a wrong password is not retried at once: failing with 401, next attempt after 30 s', async () => {
    const s = setup();
    s.reg.start();
    await flush();
    s.reply(401, [['WWW-Authenticate', CHALLENGE]]);
    s.reply(401, [['WWW-Authenticate', CHALLENGE]]);
    assert.equal(s.registers().length, 2, 'the same nonce refused: no third REGISTER');
    const st = s.states.at(-1)!;
    assert.equal(st.status, 'failing');
    assert.equal(st.lastStatus, 401);
    assert.equal(st.failures, 1);
    assert.equal(s.at(st.nextAttemptAt), 30);
    s.clock.advance(30_000);
    await flush();
    assert.equal(s.registers().length, 3);
  });

  test('failures back off 30 s, 1, 2, 4, 5, 5 min; a success resets the pause', async () => {
    const s = setup();
    s.reg.start();
    await flush();
    const sentAt: number[] = [];
    for (let i = 0; i < 6; i++) {
      sentAt.push(s.clock.now());
      s.reply(403);
      const next = s.states.at(-1)!;
      s.clock.advance(s.at(next.nextAttemptAt)! * 1000 - s.clock.now());
      await flush();
    }
    const gaps = sentAt.slice(1).map((t, i) => (t - sentAt[i]!) / 1000);
    assert.deepEqual(gaps, [30, 60, 120, 240, 300]);
    assert.equal(s.states.at(-1)!.failures, 6);
    s.reply(200, [['Expires', '600']]);
    assert.equal(s.states.at(-1)!.failures, 0);
    assert.equal(retryDelayMs(1), 30_000);
    assert.equal(retryDelayMs(20), 300_000);
  });

  test('503 with Retry-After: the operator\'s pause is honoured when longer', async () => {
    const s = setup();
    s.reg.start();
    await flush();
    s.reply(503, [['Retry-After', '600']]);
    const st = s.states.at(-1)!;
    assert.equal(st.lastStatus, 503);
    assert.equal(s.at(st.nextAttemptAt), 600);
  });

  test('RFC 3263 4.3: the operator\'s servers from SRV: the next attempt after a failure goes to the next server; the domain has no port', async () => {
    const s = setup({ port: null, servers: [{ address: '192.0.2.61', port: 5070 }, { address: '192.0.2.62', port: 5080 }] });
    s.reg.start();
    await flush();
    const sentTo = () => s.udp.sent.filter((x) => x.message?.kind === 'request' && x.message.method === 'REGISTER').at(-1)!.target!;
    assert.deepEqual([sentTo().address, sentTo().port], ['192.0.2.61', 5070]);
    assert.equal(s.last().uri.toString(), 'sip:operator.example', 'no port: the operator\'s proxies use SRV too');
    s.reply(503);
    s.clock.advance(30_000);
    await flush();
    assert.deepEqual([sentTo().address, sentTo().port], ['192.0.2.62', 5080], 'the next server');
    assert.equal(s.reg.liveServer(T0.add({ seconds: 31 })), undefined);
    s.reply(200, [['Expires', '300']]);
    assert.deepEqual(s.reg.liveServer(T0.add({ seconds: 31 })), { address: '192.0.2.62', port: 5080 }, 'outbound calls go to the server holding the binding first');
  });

  test('no answer: Timer F (64*T1) gives 408, then the retry', async () => {
    const s = setup();
    s.reg.start();
    await flush();
    s.clock.advance(32_000);
    const st = s.states.at(-1)!;
    assert.equal(st.status, 'failing');
    assert.equal(st.lastStatus, 408);
    assert.equal(s.registers().length, 11, 'the transaction retransmitted over UDP (T1 doubling to T2)');
  });

  test('10.2.8: 423 Interval Too Brief is answered with the Min-Expires asked for', async () => {
    const s = setup({ expires: 60 });
    s.reg.start();
    await flush();
    s.reply(423, [['Min-Expires', '900']]);
    assert.equal(s.last().expires, 900);
    s.reply(200, []);
    assert.equal(s.at(s.states.at(-1)!.expiresAt), 900, 'no Contact and no Expires in the 200: what we asked for');
  });

  test('stop removes the binding (Expires: 0 and Contact expires=0, 10.2.2) and leaves no timer', async () => {
    const s = setup();
    s.reg.start();
    await flush();
    s.reply(401, [['WWW-Authenticate', CHALLENGE]]);
    s.reply(200, [['Expires', '600']]);
    const stopping = s.reg.stop();
    await flush();
    const bye = s.last();
    assert.equal(bye.expires, 0);
    assert.equal(bye.contact[0]?.expires, 0);
    assert.equal(checkMd5Authorization(bye.headers.get('Authorization') ?? '', 'REGISTER', SECRET).valid, true);
    s.reply(200);
    await stopping;
    assert.equal(s.states.at(-1)?.status, 'idle');
    s.clock.advance(60_000); // the transaction's Timer K
    assert.equal(s.clock.pending, 0, 'nothing left running');
    assert.equal(s.endpoint.transactionCount, 0);
  });

  test('stop gives up waiting for the un-REGISTER after stopWaitMs', async () => {
    const s = setup();
    s.reg.start();
    await flush();
    s.reply(200, [['Expires', '600']]);
    const stopping = s.reg.stop();
    await flush();
    let done = false;
    void stopping.then(() => (done = true));
    s.clock.advance(1999);
    await flush();
    assert.equal(done, false);
    s.clock.advance(1);
    await flush();
    assert.equal(done, true);
  });

  test('TCP trunks register over TCP with ;transport=tcp and a TCP contact', async () => {
    const s = setup({ transport: 'TCP', port: 5080 });
    s.reg.start();
    await flush();
    const req = s.last();
    assert.equal(req.uri.toString(), 'sip:192.0.2.50:5080;transport=tcp');
    assert.equal(req.contact[0]?.uri.toString(), 'sip:valdemarsvik@198.51.100.1:5060;transport=tcp');
    assert.equal(s.udp.requests('REGISTER').length, 0);
  });

  test('the secret is in no state and no log line', async () => {
    const s = setup();
    s.reg.start();
    await flush();
    s.reply(401, [['WWW-Authenticate', CHALLENGE]]);
    s.reply(403);
    await s.reg.stop();
    assert.ok(s.logs.length > 0);
    assert.ok(!JSON.stringify([s.states, s.logs]).includes(SECRET));
  });

  test('refresh timing is half the granted time, at least one second', () => {
    assert.equal(refreshDelayMs(600), 300_000);
    assert.equal(refreshDelayMs(1), 1000);
  });
});
