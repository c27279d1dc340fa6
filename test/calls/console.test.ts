// The operator console's call actions with real baresip phones (issue 5 item 2): a caller from
// outside (through a trunk trusted by address) and one from inside wait in the queue; the
// operator's own phone answers; then blind and consultation transfers, hold, park and
// retrieve, voicemail, camp-on and the recall to the operator (P-FC-1), each driven through
// the HTTP routes as a console does, with what the phones hear checked on their recordings;
// on SQLite and PostgreSQL (the audit trail and the phones' bindings are in the store).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from '../../src/core/time.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, PASSWORD, type Client, type TestApp } from '../support/app.js';
import { Baresip, baresipAvailable, portPair } from '../support/baresip.js';
import { freePort } from '../sip/sipp.js';
import { MemoryVoicemail, StaticTrunk } from './support.js';
import { dialFrom, phoneAccount, setSipPassword, startConsoleSip } from '../../src/calls/console/testing.js';
import type { ConsoleCallView, ConsolePhase } from '../../src/calls/console/view.js';
import type { SipService } from '../../src/sip/server.js';
import { encodeWav } from '../../src/media/wav.js';
import { testSignal, xcorr } from '../../src/media/analysis.js';
import type { Actor } from '../../src/http/context.js';
import { DIALECTS } from '../../src/store/testing.js';

const skip = baresipAvailable() ? false : 'baresip is not installed (scripts/install-test-deps.sh)';
const OUTSIDE = '+46701740610';

for (const dialect of DIALECTS) describe(`operator console: call actions with real phones (${dialect})`, { skip, timeout: 600_000 }, () => {
  let app: TestApp;
  let sip: SipService;
  let dir = '';
  let sipPort = 0;
  let desk: Client;
  const phones: Baresip[] = [];
  const voicemail = new MemoryVoicemail();
  const signals = { caller: testSignal(90_000, 41), operator: testSignal(90_000, 42), anna: testSignal(90_000, 43), other: testSignal(90_000, 44) };
  let caller: Baresip; // from outside, through the trunk
  let operator: Baresip; // Sara Nilsson's desk phone, answers at once
  let anna: Baresip; // Anna Berg (Bygglov), answers at once
  let johan: Baresip; // Johan Ek, never answers
  let erik: Baresip; // Erik Holm, calls from inside

  const person = (key: string) => app.a.people[key]!;
  const actorFor = (key: string): Actor => ({ kind: 'person', id: person(key).id, personId: person(key).id, tenantId: app.a.id, role: person(key).role });
  const uri = (user: string) => `sip:${user}@127.0.0.1:${sipPort}`;

  async function phone(name: string, account: string, wav: Int16Array, register = true): Promise<Baresip> {
    const p = await portPair();
    const file = join(dir, `${name}.wav`);
    await writeFile(file, encodeWav(wav));
    const ph = await Baresip.start({ dir: join(dir, name), sipPort: p, ctrlPort: p + 10000, rtpPorts: [p + 20000, p + 20038], audioFile: file, account });
    phones.push(ph);
    if (register) assert.equal(await ph.registration(), 'OK');
    return ph;
  }

  const account = (key: string, answer: 'auto' | 'manual') => phoneAccount(person(key).extension, sipPort, PASSWORD, answer);

  /** Bounded wait until a console call matches. */
  async function consoleCall(match: (c: ConsoleCallView) => boolean, what: string, timeoutMs = 15_000): Promise<ConsoleCallView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = app.ctx.operatorConsole.calls(app.a.id).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no console call ${what}: ${JSON.stringify(app.ctx.operatorConsole.calls(app.a.id).map((c) => c.phase))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const inPhase = (callId: string, phase: ConsolePhase, timeoutMs?: number) => consoleCall((c) => c.callId === callId && c.phase === phase, `${callId} ${phase}`, timeoutMs);

  async function action(callId: string, name: string, body: unknown = {}, status = 200): Promise<ConsoleCallView> {
    const res = await desk.request('POST', `/api/switchboard/calls/${callId}/${name}`, body);
    assert.equal(res.statusCode, status, `${name}: ${res.body}`);
    return res.json() as ConsoleCallView;
  }

  /** The outside caller dials the main number; the operator's phone answers from the queue. */
  async function answeredCall(): Promise<{ callId: string; from: number; op: number }> {
    const from = caller.events.length;
    const op = operator.events.length;
    await dialFrom(caller, uri('+46846500400'));
    await caller.waitFor('CALL_ESTABLISHED', 10_000, from); // the queue answers with the welcome
    await operator.waitFor('CALL_ESTABLISHED', 15_000, op);
    const c = await consoleCall((x) => x.phase === 'talking' && x.caller.number === OUTSIDE, 'talking with the outside caller');
    return { callId: c.callId, from, op };
  }

  /** Bounded wait for the `n`th event of a type after `from` (a phone's second call). */
  async function nth(ph: Baresip, type: string, from: number, n: number, timeoutMs = 15_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let seen = 0;
      for (let i = from; i < ph.events.length; i++) if (ph.events[i]!.type === type && ++seen === n) return i;
      if (Date.now() > deadline) throw new Error(`no ${type} #${n}: ${ph.events.slice(from).map((e) => e.type).join(', ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function callerHangsUp(from: number): Promise<void> {
    await caller.command('hangup');
    await caller.waitFor('CALL_CLOSED', 5000, from);
  }

  /** How well what `ph` heard in its last call matches `signal` (the other phone's microphone). */
  async function heardOf(ph: Baresip, signal: Int16Array): Promise<number> {
    return xcorr(signal.subarray(16_000, 32_000), await ph.lastRecording('dec'), { maxLag: 90_000 }).best.r;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ov-console-'));
    app = await startTestApp({ dialect, now: '2026-03-25T09:00:00Z' }); // Wednesday 10:00 in Stockholm: the switchboard is open
    for (const key of ['operator', 'employee', 'manager', 'other']) await setSipPassword(app.ctx, app.a.slug, person(key), PASSWORD);
    app.ctx.operatorConsole.configure({ recallSeconds: 4, parkMaxSeconds: 6, campOnMaxSeconds: 20, campOnCheckMs: 200, operatorRingSeconds: 8 });
    sipPort = await freePort();
    const callerPort = await portPair();
    sip = await startConsoleSip(app.ctx, { port: sipPort, tenantSlug: app.a.slug, voicemail, rtpTimeoutMs: 3000, ...(process.env.OV_TEST_LOG ? { log: (e: string, d: Record<string, unknown>) => console.error(e, JSON.stringify(d)) } : {}), trunk: new StaticTrunk(app.a.id, { address: '127.0.0.1', port: callerPort }) });
    // The outside caller does not register: the trunk is trusted by its address.
    const file = join(dir, 'caller.wav');
    await writeFile(file, encodeWav(signals.caller));
    caller = await Baresip.start({
      dir: join(dir, 'caller'), sipPort: callerPort, ctrlPort: callerPort + 10000, rtpPorts: [callerPort + 20000, callerPort + 20038], audioFile: file,
      account: `<sip:${OUTSIDE}@127.0.0.1:${sipPort};transport=udp>;regint=0;audio_codecs=PCMU`,
    });
    phones.push(caller);
    operator = await phone('operator', account('operator', 'auto'), signals.operator);
    anna = await phone('anna', account('employee', 'auto'), signals.anna);
    johan = await phone('johan', account('manager', 'manual'), signals.other);
    erik = await phone('erik', account('other', 'auto'), signals.other);
    desk = await app.login(person('operator'));
    await app.ctx.switchboard.setAgentState(actorFor('operator'), person('operator').id, 'login');
  });

  after(async () => {
    await Promise.all(phones.map((p) => p.stop()));
    await sip?.stop();
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('P-SWB-7: the external call is answered first while an internal one waits; the operator\'s phone answers; a blind transfer rings Anna, who answers, and the two hear each other', async (t) => {
    // Logged in but paused, so that both calls wait.
    await app.ctx.switchboard.setAgentState(actorFor('operator'), person('operator').id, 'pause');
    const fromErik = erik.events.length;
    await dialFrom(erik, uri('2000')); // the operator extension: the queue, internal
    await erik.waitFor('CALL_ESTABLISHED', 10_000, fromErik);
    const from = caller.events.length;
    await dialFrom(caller, uri('+46846500400'));
    await caller.waitFor('CALL_ESTABLISHED', 10_000, from);
    let queue: { queues: { calls: { priority: string; callerNumber: string }[] }[] } = { queues: [] };
    for (let i = 0; i < 40 && (queue.queues[0]?.calls.length ?? 0) < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      queue = (await desk.request('GET', '/api/switchboard/queue')).json();
    }
    assert.deepEqual(queue.queues[0]?.calls.map((c) => [c.priority, c.callerNumber]), [['external', OUTSIDE], ['internal', person('other').extension]], 'P-SWB-7: external first, though it came second');

    const op = operator.events.length;
    assert.equal((await desk.request('POST', '/api/switchboard/agent', { action: 'available' })).statusCode, 200);
    await operator.waitFor('CALL_ESTABLISHED', 15_000, op);
    const talking = await consoleCall((c) => c.phase === 'talking', 'talking');
    assert.equal(talking.external, true, 'the external call was offered first');
    assert.equal(talking.operatorId, person('operator').id);

    const annaFrom = anna.events.length;
    const transferred = await action(talking.callId, 'transfer', { target: { kind: 'person', personId: person('employee').id } });
    assert.equal(transferred.phase, 'transferring');
    assert.deepEqual(transferred.target, { kind: 'person', id: person('employee').id, name: 'Anna Berg' });
    await operator.waitFor('CALL_CLOSED', 5000, op); // the operator lets go at once
    await anna.waitFor('CALL_ESTABLISHED', 10_000, annaFrom);
    await inPhase(talking.callId, 'connected');

    // The operator is free: the internal call that waited is offered next.
    const op2 = (await nth(operator, 'CALL_CLOSED', op, 1)) + 1;
    await operator.waitFor('CALL_ESTABLISHED', 15_000, op2);
    const internal = await consoleCall((c) => c.phase === 'talking' && !c.external, 'the internal call');
    assert.equal(internal.caller.number, person('other').extension);
    await new Promise((r) => setTimeout(r, 2500)); // the caller and Anna talk
    await callerHangsUp(from);
    await anna.waitFor('CALL_CLOSED', 5000, annaFrom);
    const annaHeard = await heardOf(anna, signals.caller);
    const callerHeard = await heardOf(caller, signals.anna);
    t.diagnostic(`Anna heard the caller: r = ${annaHeard.toFixed(3)}; the caller heard Anna: r = ${callerHeard.toFixed(3)}`);
    assert.ok(annaHeard > 0.8 && callerHeard > 0.8, 'each heard the other through our anchored media');
    await action(internal.callId, 'hangup');
    await erik.waitFor('CALL_CLOSED', 5000, fromErik);
    await operator.waitFor('CALL_CLOSED', 5000, op2);
  });

  test('P-FC-1: a transfer nobody answers comes back to the operator when the recall time has passed', async () => {
    const { callId, from, op } = await answeredCall();
    const johanFrom = johan.events.length;
    await action(callId, 'transfer', { target: { kind: 'person', personId: person('manager').id } });
    await johan.waitFor('CALL_INCOMING', 5000, johanFrom);
    await operator.waitFor('CALL_CLOSED', 5000, op);
    const op2 = operator.events.length;
    const back = await inPhase(callId, 'talking', 15_000); // recall after 4 s: the operator's phone rang and answered
    await operator.waitFor('CALL_ESTABLISHED', 5000, op2);
    assert.deepEqual(back.recalled, { why: 'no-answer', from: 'Johan Ek' });
    await johan.waitFor('CALL_CLOSED', 5000, johanFrom); // its ringing was CANCELled
    assert.equal(johan.events.slice(johanFrom).some((e) => e.type === 'CALL_ESTABLISHED'), false);
    await callerHangsUp(from);
    await operator.waitFor('CALL_CLOSED', 5000, op2);
  });

  test('P-FC-1: the municipality sets the recall time in its profile; it applies to the next transfer', async () => {
    const tenant = await app.ctx.tenants.get(app.a.id);
    await app.ctx.tenants.saveProfile(app.a.id, { ...tenant.profile, queue: { ...tenant.profile.queue, recallSeconds: 45 } }, app.clock.now());
    try {
      const { callId, from, op } = await answeredCall();
      const johanFrom = johan.events.length;
      const view = await action(callId, 'transfer', { target: { kind: 'person', personId: person('manager').id } });
      await johan.waitFor('CALL_INCOMING', 5000, johanFrom);
      const left = Temporal.Instant.from(view.deadline!).epochMilliseconds - app.clock.now().epochMilliseconds;
      assert.ok(left > 43_000 && left <= 45_000, `comes back in 45 s, not the server's 4 s (${left} ms)`);
      await callerHangsUp(from);
      await operator.waitFor('CALL_CLOSED', 5000, op);
      await johan.waitFor('CALL_CLOSED', 5000, johanFrom);
    } finally {
      await app.ctx.tenants.saveProfile(app.a.id, tenant.profile, app.clock.now());
    }
  });

  test('consultation: the caller waits with music while the operator talks to Anna, then "connect" puts them through and the operator lets go', async (t) => {
    const { callId, from, op } = await answeredCall();
    const annaFrom = anna.events.length;
    const consulting = await action(callId, 'consult', { target: { kind: 'person', personId: person('employee').id } });
    assert.equal(consulting.phase, 'consulting');
    await anna.waitFor('CALL_ESTABLISHED', 10_000, annaFrom);
    await consoleCall((c) => c.callId === callId && c.targetAnswered, 'Anna answered the consultation');
    await action(callId, 'connect');
    await operator.waitFor('CALL_CLOSED', 5000, op);
    await inPhase(callId, 'connected');
    await new Promise((r) => setTimeout(r, 2500));
    await callerHangsUp(from);
    await anna.waitFor('CALL_CLOSED', 5000, annaFrom);
    const callerHeard = await heardOf(caller, signals.anna);
    t.diagnostic(`the caller heard Anna after "connect": r = ${callerHeard.toFixed(3)}`);
    assert.ok(callerHeard > 0.8);
    await consoleCall(() => true, 'gone', 100).then(() => assert.fail('the call is over'), () => undefined);
  });

  test('consultation nobody answers: "back" CANCELs the ringing and the operator talks to the caller again', async () => {
    const { callId, from, op } = await answeredCall();
    const johanFrom = johan.events.length;
    await action(callId, 'consult', { target: { kind: 'person', personId: person('manager').id } });
    await johan.waitFor('CALL_INCOMING', 5000, johanFrom);
    await action(callId, 'connect', {}, 409); // nobody to connect to yet
    const back = await action(callId, 'back');
    assert.equal(back.phase, 'talking');
    await johan.waitFor('CALL_CLOSED', 5000, johanFrom);
    assert.equal(operator.events.slice(op).some((e) => e.type === 'CALL_CLOSED'), false, 'the operator\'s phone stayed in the call');
    await callerHangsUp(from);
    await operator.waitFor('CALL_CLOSED', 5000, op);
  });

  test('consultation: Anna answers, then "back" hangs her phone up and the operator talks to the caller; a caller who hangs up while parked ends the call', async () => {
    const { callId, from, op } = await answeredCall();
    const annaFrom = anna.events.length;
    await action(callId, 'consult', { target: { kind: 'person', personId: person('employee').id } });
    await anna.waitFor('CALL_ESTABLISHED', 10_000, annaFrom);
    await consoleCall((c) => c.callId === callId && c.targetAnswered, 'Anna answered');
    assert.equal((await action(callId, 'back')).phase, 'talking');
    await anna.waitFor('CALL_CLOSED', 5000, annaFrom);
    assert.equal(operator.events.slice(op).some((e) => e.type === 'CALL_CLOSED'), false, 'the operator stayed in the call');

    await action(callId, 'park');
    await operator.waitFor('CALL_CLOSED', 5000, op);
    await callerHangsUp(from);
    await consoleCall((c) => c.callId === callId, 'gone', 200).then(() => assert.fail('the parked call ended with the caller'), () => undefined);
    const audit = await app.store.db.selectFrom('audit_log').select('detail_json').where('action', '=', 'switchboard.call.consult').where('entity_id', '=', callId).executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(audit.detail_json), { target: { kind: 'person', id: person('employee').id, name: 'Anna Berg' } });
  });

  test('hold and back; park frees the operator; retrieve rings the operator\'s phone; an unretrieved parked call rings the operator who parked it', async () => {
    const { callId, from, op } = await answeredCall();
    assert.equal((await action(callId, 'hold')).phase, 'held');
    assert.equal((await action(callId, 'back')).phase, 'talking');
    const parked = await action(callId, 'park');
    assert.equal(parked.phase, 'parked');
    assert.equal(parked.parkedBy, person('operator').id);
    assert.ok(parked.deadline, 'a parked call has a deadline (P-FC-1)');
    await operator.waitFor('CALL_CLOSED', 5000, op);
    const listed = (await desk.request('GET', '/api/switchboard/calls')).json() as { calls: ConsoleCallView[] };
    assert.deepEqual(listed.calls.map((c) => [c.callId, c.phase]), [[callId, 'parked']]);

    const op2 = operator.events.length;
    assert.equal((await action(callId, 'retrieve')).phase, 'ringing-operator');
    await operator.waitFor('CALL_ESTABLISHED', 10_000, op2);
    await inPhase(callId, 'talking');

    await action(callId, 'park');
    await operator.waitFor('CALL_CLOSED', 5000, op2);
    const op3 = operator.events.length;
    await operator.waitFor('CALL_ESTABLISHED', 15_000, op3); // after 6 s parked, the call rings the operator again
    await inPhase(callId, 'talking');
    await callerHangsUp(from);
    await operator.waitFor('CALL_CLOSED', 5000, op3);
  });

  test('P-SWB-5: the operator sends the caller to Anna\'s voicemail (the box her plan ends in, P-VM-1)', async () => {
    const { callId, from, op } = await answeredCall();
    const before = voicemail.left.length;
    assert.equal((await action(callId, 'voicemail', { target: { kind: 'person', personId: person('employee').id } })).phase, 'voicemail');
    await operator.waitFor('CALL_CLOSED', 5000, op);
    await caller.waitFor('CALL_CLOSED', 5000, from); // the memory box records a moment, then the call ends
    assert.equal(voicemail.left.length, before + 1);
    assert.deepEqual(voicemail.left.at(-1)?.box, { kind: 'person', personId: person('employee').id, greeting: 'standard' });
    assert.equal(voicemail.left.at(-1)?.call.callId, callId);
  });

  test('camp-on: Anna is on the phone; the caller waits with music and rings her as soon as she is free', async () => {
    const erikFrom = erik.events.length;
    const annaFrom = anna.events.length;
    await dialFrom(erik, uri(person('employee').extension));
    await anna.waitFor('CALL_ESTABLISHED', 10_000, annaFrom);
    await erik.waitFor('CALL_ESTABLISHED', 10_000, erikFrom);
    const colleagues = (await desk.request('GET', `/api/switchboard/colleagues/${person('manager').id}`)).json() as { functions: unknown[] };
    assert.ok(Array.isArray(colleagues.functions));
    const onThePhone = ((await desk.request('GET', '/api/switchboard/calls')).json() as { onThePhone: string[] }).onThePhone;
    assert.ok(onThePhone.includes(person('employee').id) && onThePhone.includes(person('other').id), 'both are on the phone');

    const { callId, from, op } = await answeredCall();
    const camped = await action(callId, 'camp-on', { personId: person('employee').id });
    assert.equal(camped.phase, 'camped');
    await operator.waitFor('CALL_CLOSED', 5000, op);
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal((await inPhase(callId, 'camped')).phase, 'camped', 'still waiting while she talks');
    const annaNext = anna.events.length;
    await erik.command('hangup');
    await erik.waitFor('CALL_CLOSED', 5000, erikFrom);
    await anna.waitFor('CALL_ESTABLISHED', 10_000, annaNext); // rung as soon as she was free
    await inPhase(callId, 'connected');
    await callerHangsUp(from);
    await anna.waitFor('CALL_CLOSED', 5000, annaNext);
  });

  test('a parked caller whose phone goes silent without a BYE is taken as gone after the RTP timeout', async () => {
    const { callId, from, op } = await answeredCall();
    await action(callId, 'park');
    await operator.waitFor('CALL_CLOSED', 5000, op);
    // The caller's phone freezes: no RTP, no BYE (SIGSTOP), as a phone that lost its network.
    const proc = (caller as unknown as { proc: { kill(signal: string): boolean } }).proc;
    proc.kill('SIGSTOP');
    try {
      await consoleCall((c) => c.callId === callId, 'still there', 1000);
      const deadline = Date.now() + 10_000;
      while (app.ctx.operatorConsole.calls(app.a.id).some((c) => c.callId === callId)) {
        assert.ok(Date.now() < deadline, 'the console let the silent call go');
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      proc.kill('SIGCONT');
    }
    await caller.waitFor('CALL_CLOSED', 40_000, from); // our BYE, retransmitted until the phone wakes
  });

  test('every action was audited as the operator; another operator may not act on a call they do not hold', async () => {
    const rows = await app.store.db.selectFrom('audit_log').select(['action', 'actor_id']).where('action', 'like', 'switchboard.call.%').execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['transfer', 'consult', 'connect', 'back', 'hold', 'park', 'retrieve', 'voicemail', 'camp-on', 'hangup']) assert.ok(actions.has(`switchboard.call.${a}`), a);
    assert.ok(rows.every((r) => r.actor_id === person('operator').id));

    // Erik becomes an operator for a moment: Sara's call is hers.
    await app.store.db.updateTable('people').set({ role: 'operator' }).where('id', '=', person('other').id).execute();
    const other = await app.login(person('other'));
    const { callId, from, op } = await answeredCall();
    const res = await other.request('POST', `/api/switchboard/calls/${callId}/park`, {});
    assert.equal(res.statusCode, 403);
    assert.match((res.json() as { error: { message: string } }).error.message, /annan telefonist/);
    await action(callId, 'park');
    // Parked: any operator may take it (Erik's phone rings and answers).
    const erikFrom = erik.events.length;
    assert.equal((await other.request('POST', `/api/switchboard/calls/${callId}/retrieve`, {})).statusCode, 200);
    await erik.waitFor('CALL_ESTABLISHED', 10_000, erikFrom);
    const now = await inPhase(callId, 'talking');
    assert.equal(now.operatorId, person('other').id);
    await operator.waitFor('CALL_CLOSED', 5000, op);
    await callerHangsUp(from);
    await erik.waitFor('CALL_CLOSED', 5000, erikFrom);
    await app.store.db.updateTable('people').set({ role: 'employee' }).where('id', '=', person('other').id).execute();
  });
});
