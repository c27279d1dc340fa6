// Issue 4's proof with real phones: baresip instances call through call control, which
// plans each call (src/core/routing) and carries the plan out with the media anchored on us.
// What a caller hears is checked by cross-correlating the phone's recording with the audio
// the prompt plan assembles to. The test clock sets the routing instant; the bindings are
// kept alive across clock moves (the phones register with a 60 s expiry in real time), and
// the clock only moves forward (digest nonces carry their time).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, PASSWORD, type TestApp } from '../support/app.js';
import { Baresip, baresipAvailable, portPair } from '../support/baresip.js';
import { freePort, sippAvailable, startSipp } from '../sip/sipp.js';
import { callSettings, MemoryCallRecords, TestOperator } from './support.js';
import { VoicemailService } from '../../src/services/voicemail/service.js';
import { SipService } from '../../src/sip/server.js';
import { sipDomainOf } from '../../src/sip/registrar/domains.js';
import { sipHa1Json } from '../../src/sip/registrar/credentials.js';
import { encodeWav } from '../../src/media/wav.js';
import { correlationAt, testSignal, xcorr } from '../../src/media/analysis.js';
import type { PromptLibrary } from '../../src/prompts/library.js';
import { sayAbsence, sayAnsweringMachine, sayRefusal, type Plan } from '../../src/prompts/say.js';
import { atStockholm, stockholmDate } from '../../src/core/time.js';
import type { Actor } from '../../src/http/context.js';

const skip = baresipAvailable() ? false : 'baresip is not installed (scripts/install-test-deps.sh)';

describe('call control with real baresip phones (issue 4)', { skip, timeout: 300_000 }, () => {
  let app: TestApp;
  let sip: SipService;
  let dir = '';
  let prompts: PromptLibrary;
  const phones: Baresip[] = [];
  let records: MemoryCallRecords;
  let voicemail: VoicemailService;
  const log: Record<string, unknown>[] = [];
  const aWav = testSignal(60_000, 31);
  const bWav = testSignal(60_000, 32);
  let sipPort = 0;
  let a: Baresip; // Anna Berg (employee), the caller
  let b: Baresip; // Erik Holm (other), answers at once
  let c: Baresip; // Johan Ek (manager), answers by hand

  const person = (key: string) => app.a.people[key]!;
  const uri = (user: string) => `sip:${user}@127.0.0.1:${sipPort}`;

  async function phone(key: string, answer: 'auto' | 'manual', wav: Int16Array): Promise<Baresip> {
    const p = await portPair();
    const name = `${key}-${phones.length}`;
    const file = join(dir, `${name}.wav`);
    await writeFile(file, encodeWav(wav));
    const ph = await Baresip.start({
      dir: join(dir, name), sipPort: p, ctrlPort: p + 10000, rtpPorts: [p + 20000, p + 20038], audioFile: file,
      account: `<sip:${person(key).extension}@127.0.0.1:${sipPort};transport=udp>;auth_pass=${PASSWORD};regint=60;answermode=${answer};audio_codecs=PCMU`,
    });
    phones.push(ph);
    assert.equal(await ph.registration(), 'OK');
    return ph;
  }

  /** Moves the routing clock and keeps the phones' bindings alive at the new instant. */
  async function clockAt(iso: string): Promise<void> {
    app.clock.set(iso);
    await app.store.db.updateTable('sip_bindings').set({ expires_at: '2099-01-01T00:00:00.000Z' }).execute();
  }

  /**
   * How well the phone's last recording of what it heard matches `plan`: the lag is found
   * with the sentence's first 1.5 s (the recording may start up to 0.1 s late or the
   * sentence up to 2 s late, always with the whole 1.5 s overlapping), then the whole
   * sentence is correlated at that lag.
   */
  async function heard(ph: Baresip, plan: Plan): Promise<{ r: number; lag: number }> {
    const reference = await prompts.assemble(plan, app.a.slug);
    const recording = await ph.lastRecording('dec');
    const head = reference.subarray(0, 12_000);
    let best = { r: -1, lag: 0 };
    for (let lag = -800; lag <= 16_000 && lag + head.length <= recording.length; lag++) {
      const r = correlationAt(head, recording, lag);
      if (r > best.r) best = { r, lag };
    }
    return { r: correlationAt(reference, recording, best.lag), lag: best.lag };
  }

  async function call(from: Baresip, to: string): Promise<number> {
    const mark = from.events.length;
    const r = await from.command('dial', to);
    assert.ok(r.ok, `dial accepted: ${r.data ?? ''}`);
    return mark;
  }

  /** The call record's rows as the call records module wrote them (call_records, call_legs). */
  async function rows(callId: string) {
    await app.ctx.callRecords.flush();
    const call = await app.store.db.selectFrom('call_records').selectAll().where('id', '=', callId).executeTakeFirstOrThrow();
    const legs = await app.store.db.selectFrom('call_legs').selectAll().where('call_id', '=', callId).orderBy('step_index').execute();
    return { call, legs };
  }

  /**
   * The caller, in the voicemail after what it heard before, speaks (its WAV) for two seconds
   * once recording has started, then presses '#'; returns the stored message once complete.
   */
  async function leaveMessage(caller: Baresip, from: number) {
    const known = new Set((await app.store.db.selectFrom('voicemail_messages').select('id').execute()).map((r) => r.id));
    const deadline = Date.now() + 60_000;
    let id: string | undefined;
    while (!id && Date.now() < deadline) {
      id = (await app.store.db.selectFrom('voicemail_messages').select('id').execute()).find((r) => !known.has(r.id))?.id;
      if (!id) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(id, 'recording started');
    await new Promise((r) => setTimeout(r, 2000));
    await caller.command('sndcode', '#');
    await caller.waitFor('CALL_CLOSED', 15_000, from); // thanked, then hung up by us
    await voicemail.idle();
    const row = await app.store.db.selectFrom('voicemail_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.complete, 1, 'a complete message');
    assert.ok(row.duration_ms >= 1500, `about two seconds recorded (${row.duration_ms} ms)`);
    return row;
  }

  const actorFor = (key: string): Actor => ({ kind: 'person', id: person(key).id, personId: person(key).id, tenantId: app.a.id, role: person(key).role });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ov-calls-'));
    app = await startTestApp({ now: '2026-03-25T09:00:00Z' }); // Wednesday 10:00 in Stockholm
    records = new MemoryCallRecords(app.ctx.callRecords); // the call records module, watched
    prompts = await app.ctx.prompts.library(); // the process's one library, as in main.ts
    voicemail = new VoicemailService(app.ctx, { prompts, mailer: null });
    const realm = sipDomainOf(app.a.slug);
    for (const key of ['employee', 'other', 'manager']) {
      await app.store.db.updateTable('credentials').set({ sip_ha1_json: sipHa1Json(person(key).extension, realm, PASSWORD) }).where('person_id', '=', person(key).id).execute();
    }
    sipPort = await freePort();
    sip = await SipService.start({
      host: '127.0.0.1', port: sipPort, db: app.store.db, tenants: app.ctx.tenants, now: () => app.clock.now(), defaultTenant: app.a.slug,
      log: (event, data) => log.push({ event, ...data }),
      calls: callSettings(app, { prompts, ports: { callRecords: records, voicemail, trunk: app.ctx.trunks } }),
    });
    a = await phone('employee', 'auto', aWav);
    b = await phone('other', 'auto', bWav);
    c = await phone('manager', 'manual', bWav);
  });

  after(async () => {
    await Promise.all(phones.map((p) => p.stop()));
    await sip?.stop();
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('a present person is called: it rings, is answered, and audio flows both ways through our anchored media', async (t) => {
    const fromA = await call(a, uri(person('other').extension));
    const fromB = b.events.length;
    await a.waitFor('CALL_ESTABLISHED', 10_000, fromA);
    await b.waitFor('CALL_ESTABLISHED', 10_000, fromB);
    const [run] = [...sip.calls!.calls];
    assert.ok(run?.callee, 'a conversation through call control');
    await new Promise((r) => setTimeout(r, 3000));
    const callerStats = run.caller.media.session.stats();
    const calleeStats = run.callee.media.session.stats();
    await a.command('hangup');
    await a.waitFor('CALL_CLOSED', 5000, fromA);
    await b.waitFor('CALL_CLOSED', 5000, fromB);
    // Both phones sent to our sessions, and each session sent on what the other received.
    assert.ok(callerStats.packetsReceived > 100 && calleeStats.packetsReceived > 100, `RTP reached our sessions (${callerStats.packetsReceived}, ${calleeStats.packetsReceived})`);
    assert.ok(callerStats.packetsSent > 100 && calleeStats.packetsSent > 100, 'our sessions sent to both phones');
    const bHeardA = xcorr(aWav.subarray(8000, 24_000), await b.lastRecording('dec'), { maxLag: 8000 }).best;
    const aHeardB = xcorr(bWav.subarray(8000, 24_000), await a.lastRecording('dec'), { maxLag: 8000 }).best;
    t.diagnostic(`B heard A: r = ${bHeardA.r.toFixed(4)}; A heard B: r = ${aHeardB.r.toFixed(4)}`);
    assert.ok(bHeardA.r > 0.9 && aHeardB.r > 0.9, 'each heard the other');
    const rec = await records.ended();
    assert.equal(rec.end?.outcome, 'answered');
    assert.equal(rec.end?.endedBy, 'caller');
    assert.deepEqual(rec.legs.map((l) => [l.kind, l.outcome, l.answeredBy]), [['ring', 'answered', person('other').id]]);
    assert.ok(rec.legs[0]?.ringing, 'P-SWB-1: the ring is timed');
    const stored = await rows(rec.id);
    assert.equal(stored.call.outcome, 'answered');
    assert.equal(stored.call.answered_by_person_id, person('other').id);
    assert.ok(stored.call.first_ring_at, 'first_ring_at stored (P-SWB-1)');
    assert.deepEqual(stored.legs.map((l) => [l.kind, l.outcome]), [['ring', 'answered']]);
  });

  test('P-DIV-1, P-SWB-4: a person in a meeting until 14:30 is called: the caller hears who, why and the return time, then voicemail (P-VM-1)', async (t) => {
    await clockAt('2026-03-25T10:40:00Z'); // 11:40 in Stockholm
    const now = app.clock.now();
    const returnsAt = atStockholm(stockholmDate(now), '14:30');
    await app.ctx.presence.create(actorFor('other'), person('other').id, { reason: 'meeting', start: now, end: returnsAt });
    const fromA = await call(a, uri(person('other').extension));
    await a.waitFor('CALL_ESTABLISHED', 10_000, fromA);
    const message = await leaveMessage(a, fromA);
    const right = await heard(a, sayAbsence({ who: { extension: person('other').extension }, reason: 'meeting', returnsAt, now }));
    const wrong = await heard(a, sayAbsence({ who: { extension: person('other').extension }, reason: 'meeting', returnsAt: returnsAt.add({ hours: 1 }), now }));
    t.diagnostic(`absence sentence: r = ${right.r.toFixed(4)} at lag ${right.lag}; with 15:30 instead: r = ${wrong.r.toFixed(4)}`);
    assert.ok(right.r > 0.9, `the caller heard "… är på möte och är åter i dag klockan fjorton och trettio" (r = ${right.r.toFixed(3)})`);
    assert.ok(wrong.r < right.r - 0.1, 'and not another time');
    const rec = await records.ended();
    assert.deepEqual(rec.legs.map((l) => [l.kind, l.outcome]), [['announce', 'played'], ['voicemail', 'recorded']]);
    assert.equal(rec.end?.outcome, 'voicemail');
    const stored = await rows(rec.id);
    assert.equal(stored.call.outcome, 'voicemail');
    assert.match(stored.call.presence_json ?? '', /"absent"/, 'the sought person\'s presence is in the record (P-DIV-1)');
    assert.deepEqual(stored.legs.map((l) => [l.kind, l.outcome]), [['announce', 'played'], ['voicemail', 'recorded']]);
    // P-VM-1, P-CB-1: the message is in the person's box, with its call-back.
    assert.equal(message.box_kind, 'person');
    assert.equal(message.person_id, person('other').id);
    assert.equal(message.call_id, rec.id, 'the message names its call record');
    const callback = await app.store.db.selectFrom('callbacks').selectAll().where('id', '=', message.callback_id!).executeTakeFirstOrThrow();
    assert.equal(callback.person_id, person('other').id);
    assert.ok(callback.due_at > callback.received_at, 'due by the working-day rule');
    assert.equal(b.events.filter((e) => e.type === 'CALL_INCOMING').length, 0, 'an absent person\'s phone does not ring (immediate announcement)');
    await app.ctx.presence.backNow(actorFor('other'), app.a.id, person('other').id);
  });

  test('P-DIV-6: a phone code sets a diversion, the next caller hears it, and the "Åter" code (P-DIV-4) ends it', async () => {
    await clockAt('2026-03-25T10:45:00Z');
    const fromC = await call(c, uri('*2311430%23')); // *23, reason 1 (meeting), until 14:30, #
    await c.waitFor('CALL_ESTABLISHED', 10_000, fromC);
    await c.waitFor('CALL_CLOSED', 20_000, fromC); // confirmed by voice, then hung up
    const status = await app.ctx.presence.statusOf(app.a.id, person('manager').id);
    assert.equal(status.state, 'absent');
    assert.equal(status.state === 'absent' && status.reason, 'meeting');
    assert.equal(status.state === 'absent' && status.returnsAt.toString(), atStockholm(stockholmDate(app.clock.now()), '14:30').toString());
    assert.equal((await records.ended()).end?.outcome, 'phone-code');

    const now = app.clock.now();
    const absence = sayAbsence({ who: { extension: person('manager').extension }, reason: 'meeting', returnsAt: atStockholm(stockholmDate(now), '14:30'), now });
    const fromA = await call(a, uri(person('manager').extension));
    await a.waitFor('CALL_ESTABLISHED', 10_000, fromA);
    // The sentence, then the caller hangs up in the voicemail's greeting.
    const sentenceMs = (await prompts.assemble(absence, app.a.slug)).length / 8;
    await new Promise((r) => setTimeout(r, sentenceMs + 1500));
    await a.command('hangup');
    await a.waitFor('CALL_CLOSED', 5000, fromA);
    const sentence = await heard(a, absence);
    assert.ok(sentence.r > 0.9, `the next caller heard the diversion (r = ${sentence.r.toFixed(3)})`);
    assert.equal((await records.ended()).end?.outcome, 'abandoned', 'hung up before leaving a message');

    const back = await call(c, uri('%2323%23')); // #23#
    await c.waitFor('CALL_CLOSED', 20_000, back);
    assert.equal((await app.ctx.presence.statusOf(app.a.id, person('manager').id)).state, 'available');
  });

  test('after "Åter" the phone rings again; the caller hangs up while it rings: the fork is CANCELled, the record ends abandoned', async () => {
    const ringsAt = c.events.length;
    const fromA = await call(a, uri(person('manager').extension));
    await c.waitFor('CALL_INCOMING', 10_000, ringsAt);
    await a.waitFor('CALL_RINGING', 5000, fromA);
    await a.command('hangup');
    await a.waitFor('CALL_CLOSED', 5000, fromA);
    await c.waitFor('CALL_CLOSED', 5000, ringsAt);
    assert.equal(c.events.slice(ringsAt).some((e) => e.type === 'CALL_ESTABLISHED'), false);
    const rec = await records.ended();
    assert.equal(rec.end?.outcome, 'abandoned');
    assert.equal(rec.end?.endedBy, 'caller');
    assert.equal(rec.legs[0]?.outcome, 'cancelled');
    assert.ok(rec.legs[0]?.ringing, 'the ring was timed (P-SWB-1)');
    const stored = await rows(rec.id);
    assert.equal(stored.call.outcome, 'abandoned');
    assert.equal(stored.call.ended_by, 'caller');
    assert.equal(stored.legs[0]?.outcome, 'cancelled');
  });

  test('P-COST-2, P-COST-1: a premium-rate number and an external forward are refused with speech', async (t) => {
    await clockAt('2026-03-25T11:00:00Z');
    const fromA = await call(a, uri('0900123456'));
    await a.waitFor('CALL_ESTABLISHED', 10_000, fromA);
    await a.waitFor('CALL_CLOSED', 20_000, fromA);
    const premium = await heard(a, sayRefusal('premium-rate'));
    assert.equal((await records.ended()).end?.outcome, 'refused');

    const forward = await call(a, uri('*210701740605%23')); // *21, an external mobile, #
    await a.waitFor('CALL_CLOSED', 20_000, forward);
    const external = await heard(a, sayRefusal('external-forward'));
    t.diagnostic(`premium-rate refusal r = ${premium.r.toFixed(4)}; external forward refusal r = ${external.r.toFixed(4)}`);
    assert.ok(premium.r > 0.9, 'P-COST-2: "Samtal till betalnummer är inte tillåtna"');
    assert.ok(external.r > 0.9, 'P-COST-1: "Vidarekoppling till externa nummer är inte tillåten"');
    assert.equal((await records.ended()).end?.outcome, 'refused');
    assert.equal((await app.ctx.presence.statusOf(app.a.id, person('employee').id)).state, 'available', 'no forward was set');
  });

  test('112 always goes out through the trunk (a SIPp uas as the operator)', { skip: sippAvailable() ? false : 'SIPp is not installed' }, async () => {
    const operatorPort = await freePort();
    const sipp = startSipp(['-sn', 'uas', '-i', '127.0.0.1', '-p', String(operatorPort), '-m', '1'], 30_000);
    try {
      // The trunk is of the registering kind (recognised by the operator's port, so that our
      // phones on 127.0.0.1 are not taken for the operator); the uas only answers the INVITE.
      await app.ctx.trunks.create(actorFor('admin'), { name: 'Operatören', mode: 'register', host: '127.0.0.1', port: operatorPort, username: 'vaxel', secret: 'hemligt' });
      await clockAt('2026-03-25T11:05:00Z');
      const fromA = await call(a, uri('112'));
      await a.waitFor('CALL_ESTABLISHED', 10_000, fromA);
      await new Promise((r) => setTimeout(r, 1000));
      await a.command('hangup');
      await a.waitFor('CALL_CLOSED', 5000, fromA);
      const result = await sipp.done;
      assert.equal(result.stats?.successful, 1, `the operator took the call: ${result.output.slice(-500)}`);
      const rec = await records.ended();
      assert.deepEqual(rec.legs.map((l) => [l.kind, l.outcome]), [['connect-external', 'answered']]);
      assert.equal(rec.end?.outcome, 'answered');
    } finally {
      sipp.kill();
    }
  });

  /** The municipality's trunk pointed at `port` on 127.0.0.1 (made if the 112 test did not). */
  async function trunkTo(port: number): Promise<void> {
    const [existing] = await app.ctx.trunks.list(app.a.id);
    if (existing) await app.ctx.trunks.update(actorFor('admin'), existing.id, { host: '127.0.0.1', port, enabled: true });
    else await app.ctx.trunks.create(actorFor('admin'), { name: 'Operatören', mode: 'register', host: '127.0.0.1', port, username: 'vaxel', secret: 'hemligt' });
  }

  test('early media (RFC 3960): a call out through the trunk hears the network\'s announcement before the failure, and its ringback before the answer', async (t) => {
    await clockAt('2026-03-25T11:07:00Z');
    // "Det nummer du har slagit saknar abonnent", then 404: the caller hears it from the network.
    const announcement = testSignal(2500, 41);
    const missing = await TestOperator.start({ early: announcement, then: 404 });
    try {
      await trunkTo(missing.port);
      const fromA = await call(a, uri('0701740605'));
      await a.waitFor('CALL_CLOSED', 15_000, fromA);
      assert.equal(missing.invites.length, 1);
      assert.equal(a.events.slice(fromA).some((e) => e.type === 'CALL_ESTABLISHED'), false, 'never answered');
      const heard = xcorr(announcement.subarray(4000, 16_000), await a.lastRecording('dec'), { maxLag: 24_000 }).best;
      t.diagnostic(`the announcement: r = ${heard.r.toFixed(4)}`);
      assert.ok(heard.r > 0.9, `the caller heard the network's announcement (r = ${heard.r.toFixed(3)})`);
      const rec = await records.ended();
      assert.equal(rec.end?.outcome, 'failed');
      assert.ok(rec.legs[0]?.ringing, 'session progress counts as ringing (P-SWB-1)');
    } finally {
      await missing.close();
    }

    // Ringback from the network, then the answer: the same SDP, and the conversation goes on.
    const ringback = testSignal(2000, 42);
    const greeting = testSignal(2000, 43);
    const answering = await TestOperator.start({ early: ringback, then: 'answer', answered: greeting });
    try {
      await trunkTo(answering.port);
      const fromA = await call(a, uri('0701740605'));
      await a.waitFor('CALL_ESTABLISHED', 15_000, fromA);
      await new Promise((r) => setTimeout(r, 2500));
      await a.command('hangup');
      await a.waitFor('CALL_CLOSED', 5000, fromA);
      const recording = await a.lastRecording('dec');
      const early = xcorr(ringback.subarray(2000, 12_000), recording, { maxLag: 24_000 }).best;
      const after = xcorr(greeting.subarray(2000, 12_000), recording, { maxLag: 40_000 }).best;
      t.diagnostic(`ringback r = ${early.r.toFixed(4)} at ${early.lag}; after the answer r = ${after.r.toFixed(4)} at ${after.lag}`);
      assert.ok(early.r > 0.9 && after.r > 0.9, 'the network\'s ringback, then the answerer');
      assert.ok(after.lag > early.lag, 'in that order');
      const rec = await records.ended();
      assert.deepEqual(rec.legs.map((l) => [l.kind, l.outcome]), [['connect-external', 'answered']]);
    } finally {
      await answering.close();
    }
  });

  test('blind transfer: B answers A\'s call and REFERs it to C; C answers and talks with A', async () => {
    await clockAt('2026-03-25T11:10:00Z');
    const fromA = await call(a, uri(person('other').extension));
    const fromB = b.events.length;
    await b.waitFor('CALL_ESTABLISHED', 10_000, fromB);
    await a.waitFor('CALL_ESTABLISHED', 10_000, fromA);
    const fromC = c.events.length;
    const r = await b.command('transfer', person('manager').extension);
    assert.ok(r.ok, `transfer accepted: ${r.data ?? ''}`);
    await c.waitFor('CALL_INCOMING', 10_000, fromC);
    await c.command('accept');
    await c.waitFor('CALL_ESTABLISHED', 10_000, fromC);
    await b.waitFor('CALL_CLOSED', 10_000, fromB);
    assert.equal(a.events.slice(fromA).some((e) => e.type === 'CALL_CLOSED'), false, 'A is still in the call');
    await new Promise((res) => setTimeout(res, 1500));
    await a.command('hangup');
    await c.waitFor('CALL_CLOSED', 5000, fromC);
    const rec = await records.ended();
    assert.equal(rec.input.dialled, person('manager').extension);
    assert.equal(rec.input.caller.personId, person('other').id, 'planned as an internal call from the transferor');
    assert.equal(rec.end?.outcome, 'answered');
    assert.ok(log.some((e) => e.event === 'call.transfer'));
  });
  test('P-SWB-6: a call to the main number after hours reaches the answering machine, which speaks the hours', async (t) => {
    await clockAt('2026-03-25T17:30:00Z'); // 18:30: closed, opens tomorrow at 08:00
    const fromA = await call(a, uri('2000')); // the operator extension
    await a.waitFor('CALL_ESTABLISHED', 10_000, fromA);
    const message = await leaveMessage(a, fromA);
    const profile = (await app.ctx.tenants.get(app.a.id)).profile;
    const now = app.clock.now();
    const expected = sayAnsweringMachine({ settings: profile.switchboardHours, now, onCall: profile.onCall.map((o) => ({ label: null, number: o.number })) });
    const got = await heard(a, expected);
    t.diagnostic(`answering machine: r = ${got.r.toFixed(4)} at lag ${got.lag}`);
    assert.ok(got.r > 0.9, `the caller heard the closed switchboard, the next opening and the hours (r = ${got.r.toFixed(3)})`);
    const rec = await records.ended();
    assert.deepEqual(rec.legs.map((l) => l.kind), ['answering-machine', 'voicemail']);
    assert.equal(message.box_kind, 'switchboard', 'P-VM-1: a message for the switchboard');
  });

  test('issue 5 item 5: the municipality\'s own recording of its name, uploaded by the admin, is what the next caller hears', async (t) => {
    const admin = await app.login(person('admin'));
    const recording = testSignal(1500, 41, 6000, 16_000); // "Valdemarsviks kommun", recorded at 16 kHz
    const put = await admin.request('PUT', '/api/prompts/org.name', encodeWav(recording, { sampleRate: 16_000 }), { 'content-type': 'audio/wav' });
    assert.equal(put.statusCode, 200, put.body);
    const own = await prompts.clip('org.name', app.a.slug);
    assert.notDeepEqual(own, prompts.shippedClip('org.name'));

    const fromA = await call(a, uri('2000')); // still after hours: the answering machine
    await a.waitFor('CALL_ESTABLISHED', 10_000, fromA);
    await new Promise((r) => setTimeout(r, 4000)); // "Välkommen till <the recording>. Växeln är stängd."
    await a.command('hangup');
    await a.waitFor('CALL_CLOSED', 10_000, fromA);
    const profile = (await app.ctx.tenants.get(app.a.id)).profile;
    const plan = sayAnsweringMachine({ settings: profile.switchboardHours, now: app.clock.now(), onCall: profile.onCall.map((o) => ({ label: null, number: o.number })) });
    assert.deepEqual(plan.slice(0, 2), ['swb.welcome', 'org.name']);
    const got = await heard(a, plan);
    t.diagnostic(`answering machine with the own recording: r = ${got.r.toFixed(4)} at lag ${got.lag}`);
    assert.ok(got.r > 0.9, `the sentence with the municipality's recording (r = ${got.r.toFixed(3)})`);
    // The name's place in the sentence holds the upload, not the shipped "kommunen".
    const heardAudio = await a.lastRecording('dec');
    const at = got.lag + (await prompts.clip('swb.welcome')).length + Math.round((prompts.gapMs * 8000) / 1000);
    const mine = correlationAt(own, heardAudio, at);
    const shipped = correlationAt(prompts.shippedClip('org.name')!, heardAudio, at);
    t.diagnostic(`at the name: own r = ${mine.toFixed(4)}, shipped r = ${shipped.toFixed(4)}`);
    assert.ok(mine > 0.9 && shipped < 0.5, `own ${mine.toFixed(3)}, shipped ${shipped.toFixed(3)}`);
    assert.equal((await admin.request('DELETE', '/api/prompts/org.name')).statusCode, 204);
    await records.ended();
  });

  test('every call above has its call record and legs, written by the call records module', async () => {
    assert.ok(records.calls.length >= 10);
    for (const rec of records.calls) {
      const stored = await rows(rec.id);
      assert.equal(stored.call.outcome, rec.end?.outcome, `call to ${rec.input.dialled}`);
      assert.equal(stored.call.dialled, rec.input.dialled);
      assert.deepEqual(stored.legs.map((l) => [l.kind, l.outcome]), rec.legs.map((l) => [l.kind, l.outcome ?? null]));
    }
  });
});
