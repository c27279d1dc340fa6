// Öppen Växel behind Kamailio as a record-routing edge proxy: two baresip phones register
// through Kamailio (which adds a Path, RFC 3327), A calls B through Kamailio and us, audio
// flows both ways, and BYE ends both legs. Needs baresip-core and kamailio
// (scripts/install-test-deps.sh); skipped when either is missing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { startTestApp, PASSWORD, type TestApp } from '../support/app.js';
import { Baresip, baresipAvailable } from '../support/baresip.js';
import { Kamailio, kamailioAvailable } from '../support/kamailio.js';
import { freePort } from './sipp.js';
import { callSettings } from '../calls/support.js';
import { SipService } from '../../src/sip/server.js';
import { sipDomainOf } from '../../src/sip/registrar/domains.js';
import { sipHa1Json } from '../../src/sip/registrar/credentials.js';
import { encodeWav, readWav } from '../../src/media/wav.js';
import { testSignal, xcorr } from '../../src/media/analysis.js';

const skip = !baresipAvailable() ? 'baresip is not installed' : !kamailioAvailable() ? 'kamailio is not installed' : false;

/** A free UDP port p with p + 1 free too (baresip binds TLS there), outside the kernel's range. */
async function udpPair(): Promise<number> {
  const bindable = (port: number) => new Promise<boolean>((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => resolve(false));
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  for (let i = 0; i < 50; i++) {
    const p = 26000 + Math.floor(Math.random() * 2000) * 2;
    if ((await bindable(p)) && (await bindable(p + 1))) return p;
  }
  throw new Error('no free port pair');
}

/** Best correlation of two seconds of the phone's last recording against what the other phone sent. */
async function correlation(phone: Baresip, sent: Int16Array): Promise<number> {
  const file = (await phone.dumps('dec')).at(-1);
  assert.ok(file, 'a recording of what the phone heard');
  const wav = readWav(await readFile(file));
  assert.ok(wav.ok);
  const heardPart = wav.value.samples.subarray(4000, 20000);
  assert.equal(heardPart.length, 16000, 'recording long enough');
  const ref = sent.subarray(0, 28000);
  return xcorr(heardPart, ref, { maxLag: ref.length - heardPart.length }).best.r;
}

describe('SIP behind Kamailio (record-routing edge, RFC 3327 Path)', { skip, timeout: 90_000 }, () => {
  let app: TestApp;
  let sip: SipService;
  let kamailio: Kamailio;
  let dir: string;
  let edgePort = 0;
  const phones: Baresip[] = [];
  const aWav = testSignal(30_000, 31);
  const bWav = testSignal(30_000, 42);

  async function phone(ext: string, wav: string): Promise<Baresip> {
    const p = await udpPair();
    // The account's domain is the edge: every request of the phone goes to Kamailio.
    const b = await Baresip.start({
      dir: join(dir, `${ext}-${phones.length}`), sipPort: p, ctrlPort: p + 10000, rtpPorts: [p + 20000, p + 20038],
      account: `<sip:${ext}@127.0.0.1:${edgePort};transport=udp>;auth_pass=${PASSWORD};regint=60;answermode=auto;audio_codecs=PCMU`,
      audioFile: wav,
    });
    phones.push(b);
    return b;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ov-kamailio-'));
    await writeFile(join(dir, 'a.wav'), encodeWav(aWav));
    await writeFile(join(dir, 'b.wav'), encodeWav(bWav));
    app = await startTestApp();
    const realm = sipDomainOf(app.a.slug);
    for (const key of ['employee', 'other']) {
      const p = app.a.people[key]!;
      await app.store.db.updateTable('credentials').set({ sip_ha1_json: sipHa1Json(p.extension, realm, PASSWORD) }).where('person_id', '=', p.id).execute();
    }
    const sipPort = await freePort();
    sip = await SipService.start({
      host: '127.0.0.1', port: sipPort, db: app.store.db, tenants: app.ctx.tenants, now: () => app.clock.now(), defaultTenant: app.a.slug,
      edgeProxies: ['127.0.0.1'], calls: callSettings(app),
    });
    edgePort = await freePort();
    kamailio = await Kamailio.start({ dir: join(dir, 'kamailio'), config: 'edge.cfg', vars: { EDGE_PORT: edgePort, UPSTREAM_HOST: '127.0.0.1', UPSTREAM_PORT: sipPort } });
  });

  after(async () => {
    // Phones first (their un-REGISTER), then the edge, then us.
    await Promise.all(phones.map((p) => p.stop()));
    await kamailio?.stop();
    await sip?.stop();
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  let a: Baresip;
  let b: Baresip;

  test('REGISTER through Kamailio: 200, and the binding keeps the Path to the edge (RFC 3327 5.3)', async () => {
    a = await phone(app.a.people.employee!.extension, join(dir, 'a.wav'));
    b = await phone(app.a.people.other!.extension, join(dir, 'b.wav'));
    assert.equal(await a.registration(), 'OK');
    assert.equal(await b.registration(), 'OK');
    const rows = await app.store.db.selectFrom('sip_bindings').selectAll().where('person_id', '=', app.a.people.other!.id).execute();
    assert.equal(rows.length, 1);
    const path = JSON.parse(rows[0]!.path_json ?? '[]') as string[];
    assert.equal(path.length, 1);
    assert.match(path[0]!, new RegExp(`^<sip:127\\.0\\.0\\.1:${edgePort};lr`), 'the Path names Kamailio');
    const [binding] = await sip.bindings.live(app.a.id, rows[0]!.aor, app.clock.now());
    assert.deepEqual(binding?.target, { transport: 'UDP', address: '127.0.0.1', port: edgePort }, 'calls to B go to the edge');
  });

  test('A calls B through Kamailio: both legs record-routed by the edge, audio both ways, BYE ends both', async (t) => {
    const fromA = a.events.length;
    const fromB = b.events.length;
    const r = await a.command('dial', `sip:${app.a.people.other!.extension}@127.0.0.1:${edgePort}`);
    assert.ok(r.ok, `dial accepted: ${r.data ?? ''}`);
    await a.waitFor('CALL_ESTABLISHED', 10_000, fromA);
    await b.waitFor('CALL_ESTABLISHED', 10_000, fromB);
    // The SIP trace: A's INVITE reached us with Kamailio's Record-Route, and B's 200 OK
    // carried it too (our dialogs' route sets, RFC 3261 12.1.1 / 12.1.2).
    const [call] = [...sip.calls!.calls];
    assert.ok(call?.caller && call.callee);
    const edge = `127.0.0.1:${edgePort}`;
    assert.ok(call.caller.dialog!.routeSet.some((r) => r.uri.toString().includes(edge)), `caller route set ${call.caller.dialog!.routeSet.join(', ')}`);
    assert.ok(call.callee.dialog!.routeSet.some((r) => r.uri.toString().includes(edge)), `callee route set ${call.callee.dialog!.routeSet.join(', ')}`);
    assert.equal(call.callee.target.port, edgePort);
    assert.equal(call.caller.target.port, edgePort);

    await new Promise((res) => setTimeout(res, 3000));
    await a.command('hangup');
    await a.waitFor('CALL_CLOSED', 5000, fromA);
    await b.waitFor('CALL_CLOSED', 5000, fromB);
    assert.equal(sip.calls!.calls.size, 0);

    const bHeardA = await correlation(b, aWav);
    const aHeardB = await correlation(a, bWav);
    const wrong = await correlation(b, bWav);
    t.diagnostic(`B heard A: r = ${bHeardA.toFixed(4)}; A heard B: r = ${aHeardB.toFixed(4)}; B vs its own file: r = ${wrong.toFixed(4)}`);
    assert.ok(bHeardA > 0.9, `B heard A (r = ${bHeardA.toFixed(3)})`);
    assert.ok(aHeardB > 0.9, `A heard B (r = ${aHeardB.toFixed(3)})`);
    assert.ok(wrong < 0.5, `the check can fail (r = ${wrong.toFixed(3)})`);
  });
});
