// A phone that goes away without a BYE (power cut, lost network) must not hold a call and its
// RTP ports for ever: while both phones send RTP the conversation stays up; once one stops,
// call control hangs both legs up after the RTP timeout.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { startTestApp, PASSWORD, type TestApp } from '../support/app.js';
import { Dialog } from '../../src/sip/dialog/index.js';
import { newCallId, parseSdp } from '../../src/sip/message/index.js';
import { sipHa1Json } from '../../src/sip/registrar/credentials.js';
import { sipDomainOf } from '../../src/sip/registrar/domains.js';
import { SipService } from '../../src/sip/server.js';
import { callSettings, MemoryCallRecords, phoneSdp, RawPhone, RawSip } from './support.js';

/** A phone's microphone: PCMU packets every 20 ms to `port` until stopped. */
async function talker(port: number): Promise<{ stop(): void; socket: Socket }> {
  const socket = createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  let seq = 1;
  const timer = setInterval(() => {
    const packet = Buffer.alloc(12 + 160, 0xff);
    packet[0] = 0x80; // RTP version 2
    packet[1] = 0; // PCMU
    packet.writeUInt16BE(seq & 0xffff, 2);
    packet.writeUInt32BE((seq * 160) >>> 0, 4);
    packet.writeUInt32BE(0x1234, 8);
    seq++;
    socket.send(packet, port, '127.0.0.1');
  }, 20);
  return { socket, stop: () => clearInterval(timer) };
}

const audioPort = (body: Buffer) => {
  const parsed = parseSdp(body.toString());
  assert.ok(parsed.ok);
  return parsed.value.media[0]!.port;
};

describe('RTP timeout in a conversation', { timeout: 60_000 }, () => {
  const RTP_TIMEOUT_MS = 1500;
  let app: TestApp;
  let sip: SipService;
  let a: RawPhone;
  let b: RawPhone;
  let realm = '';
  const records = new MemoryCallRecords();
  const log: Record<string, unknown>[] = [];
  const raw = new RawSip(() => sip.port, () => realm);
  const talkers: { stop(): void; socket: Socket }[] = [];

  before(async () => {
    app = await startTestApp();
    realm = sipDomainOf(app.a.slug);
    for (const key of ['employee', 'other']) {
      const p = app.a.people[key]!;
      await app.store.db.updateTable('credentials').set({ sip_ha1_json: sipHa1Json(p.extension, realm, PASSWORD) }).where('person_id', '=', p.id).execute();
    }
    sip = await SipService.start({
      host: '127.0.0.1', port: 0, db: app.store.db, tenants: app.ctx.tenants, now: () => app.clock.now(), defaultTenant: app.a.slug, algorithms: ['MD5'],
      calls: callSettings(app, { ports: { callRecords: records }, rtpTimeoutMs: RTP_TIMEOUT_MS }), log: (event, data) => log.push({ event, ...data }),
    });
    a = await RawPhone.open();
    b = await RawPhone.open();
    for (const [phone, key] of [[a, 'employee'], [b, 'other']] as const) {
      const ext = app.a.people[key]!.extension;
      const { res } = await raw.authed(phone, ext, raw.build(phone, 'REGISTER', ext, ext, newCallId(), 1, [['Expires', '600']]));
      assert.equal(res.status, 200);
    }
  });

  after(async () => {
    for (const t of talkers) {
      t.stop();
      t.socket.close();
    }
    a?.close();
    b?.close();
    await sip?.stop();
    await app?.close();
  });

  const byes = (phone: RawPhone) => phone.got.filter((g) => g.msg.kind === 'request' && g.msg.method === 'BYE').length;

  test('both phones send: the call stays up past the timeout; A falls silent: both legs get our BYE', async () => {
    const employee = app.a.people.employee!.extension;
    const pending = raw.authed(a, employee, raw.build(a, 'INVITE', employee, app.a.people.other!.extension, newCallId(), 1));
    const { msg: fork, from } = await b.request('INVITE');
    raw.answer(b, fork, from, 200, 'b', phoneSdp(b.port + 1000));
    const { req: sent, res } = await pending;
    assert.equal(res.status, 200);
    a.send(raw.viaFor(a, Dialog.asUac(sent, res).createAck(sent)), sip.port);
    const fromA = await talker(audioPort(res.body));
    const fromB = await talker(audioPort(fork.body));
    talkers.push(fromA, fromB);

    await new Promise((r) => setTimeout(r, RTP_TIMEOUT_MS * 2));
    assert.equal(byes(a) + byes(b), 0, 'RTP flows both ways: nobody is hung up');
    assert.equal(sip.calls!.calls.size, 1);

    fromA.stop();
    const byeA = await a.request('BYE', res.callId, RTP_TIMEOUT_MS * 4);
    const byeB = await b.request('BYE', fork.callId, 2000);
    raw.answer(a, byeA.msg, byeA.from, 200, 'a');
    raw.answer(b, byeB.msg, byeB.from, 200, 'b');
    assert.ok(log.some((e) => e.event === 'call.rtp-timeout' && e.side === 'caller'), 'the silent side is named');
    const rec = await records.ended();
    assert.equal(rec.end?.outcome, 'answered');
    assert.equal(rec.end?.endedBy, 'system');
  });
});
