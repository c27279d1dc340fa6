// P-VM-1 through a crash: a child process (this file, started again with OV_VM_CRASH_CHILD)
// takes a message over real RTP and is killed with SIGKILL while recording. The message is
// listed at once (its row was inserted when recording began); after a restart, recovery
// repairs the WAV, completes the row with the duration found and creates the call-back; the
// message is then listed complete and plays over HTTP as what the caller said.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createContext } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/http/server.js';
import { hashSecret } from '../../src/auth/secrets.js';
import { valdemarsvik } from '../../src/core/policy/index.js';
import { Temporal } from '../../src/core/time.js';
import { acceptAnswer, answerOffer, buildOffer, readWav, RtpSession, testSignal, xcorr } from '../../src/media/index.js';
import { delay, testPortPool } from '../../src/media/testing.js';
import { Ear } from '../../src/calls/ivr/testing.js';
import { PromptLibrary } from '../../src/prompts/library.js';
import { VoicemailService } from '../../src/services/voicemail/service.js';
import { withoutGaps } from '../../src/services/voicemail/testing.js';
import { newId, openStore, toIso } from '../../src/store/index.js';

const CHILD = process.env.OV_VM_CRASH_CHILD === '1';
const T0 = '2026-03-25T09:00:00Z';

function contextFor(dataDir: string, store: Awaited<ReturnType<typeof openStore>>) {
  const clock = { now: () => Temporal.Instant.from(T0) };
  return createContext({ ...loadConfig({}), dataDir }, store, clock);
}

/** The child: answers the offer, prints its answer, then takes a message until it is killed. */
async function runChild(): Promise<void> {
  const dataDir = process.env.OV_DATA_DIR!;
  const store = await openStore({ dataDir });
  const ctx = contextFor(dataDir, store);
  const prompts = await PromptLibrary.load({ dataDir });
  const vm = new VoicemailService(ctx, { prompts, mailer: null });
  const ours = await RtpSession.open({ host: '127.0.0.1', ports: testPortPool() });
  const answer = answerOffer(Buffer.from(process.env.OV_OFFER!, 'base64').toString(), { address: '127.0.0.1', port: ours.localPort });
  if (!answer.ok) throw new Error(answer.problems[0]!.en);
  ours.apply(answer.value.media);
  process.stdout.write(`${JSON.stringify({ answer: answer.value.sdp })}\n`);
  await vm.leaveMessage(
    { tenantId: process.env.OV_TENANT!, callId: 'crash-call', caller: { number: '+46701234567' }, session: ours, hangup: new AbortController().signal, at: ctx.clock.now() },
    { kind: 'person', personId: process.env.OV_PERSON!, greeting: 'name-clip' },
  );
}

if (CHILD) {
  await runChild();
} else {
  describe('voicemail: a crash while recording (SIGKILL)', () => {
    let dataDir = '';
    let tenantId = '';
    let personId = '';
    const email = 'anna.berg@valdemarsvik.example';
    let child: ChildProcess | undefined;
    let phone: RtpSession | undefined;

    before(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'ov-vm-crash-'));
      const store = await openStore({ dataDir });
      const ctx = contextFor(dataDir, store);
      const tenant = await ctx.tenants.create(structuredClone(valdemarsvik), ctx.clock.now());
      tenantId = tenant.id;
      personId = newId();
      const at = toIso(ctx.clock.now());
      await store.db.insertInto('people').values({
        id: personId, tenant_id: tenantId, first_name: 'Anna', last_name: 'Berg', title: 'Handläggare', unit_id: null, extension: '2003',
        direct_number: null, mobile_number: null, email, manager_id: null, role: 'employee', created_at: at, updated_at: at,
        deactivated_at: null, voicemail_exception_by: null, voicemail_exception_at: null,
      }).execute();
      await store.db.insertInto('credentials').values({ person_id: personId, tenant_id: tenantId, password_hash: await hashSecret('ett-bra-lösenord'), pin_hash: null, updated_at: at }).execute();
      await store.close();
    });
    after(async () => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await phone?.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    test('P-VM-1: killed mid-recording, the message is listed at once; after a restart it is complete, has its call-back and plays', async () => {
      phone = await RtpSession.open({ host: '127.0.0.1', ports: testPortPool() });
      const local = { address: '127.0.0.1', port: phone.localPort };
      const ear = new Ear(phone);
      child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename], {
        env: { ...process.env, OV_VM_CRASH_CHILD: '1', OV_DATA_DIR: dataDir, OV_TENANT: tenantId, OV_PERSON: personId, OV_OFFER: Buffer.from(buildOffer(local)).toString('base64') },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child!.once('exit', (_code, signal) => resolve(signal)));
      const line = await Promise.race([
        new Promise<string>((resolve) => createInterface({ input: child!.stdout! }).once('line', resolve)),
        delay(30_000).then(() => assert.fail('the child did not answer in 30 s')),
      ]);
      const accepted = acceptAnswer((JSON.parse(line) as { answer: string }).answer, local);
      assert.ok(accepted.ok);
      phone.apply(accepted.value.media);

      // The greeting, then 3 s of speech, then the kill while the caller is still speaking.
      await ear.waitFor({ timeoutMs: 30_000, quietMs: 300 });
      const said = testSignal(8000, 81);
      void phone.play([said]).finished;
      await delay(3000);
      child.kill('SIGKILL');
      assert.equal(await exited, 'SIGKILL');
      phone.stopPlayback();

      // Restart: the store and the recordings as the crash left them.
      const store = await openStore({ dataDir });
      try {
        const ctx = contextFor(dataDir, store);
        const [row] = await store.db.selectFrom('voicemail_messages').selectAll().execute();
        assert.ok(row, 'the message was listed from the start');
        assert.equal(row.complete, 0, 'cut short');
        const app = await buildServer(ctx);
        try {
          const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: email, password: 'ett-bra-lösenord' } });
          assert.equal(login.statusCode, 200, login.body);
          const cookie = `ov_session=${login.cookies.find((c) => c.name === 'ov_session')!.value}`;
          const listed = await app.inject({ method: 'GET', url: '/api/voicemail/messages', headers: { cookie } });
          assert.deepEqual(listed.json().map((m: { id: string; complete: boolean }) => [m.id, m.complete]), [[row.id, false]], 'listed before recovery, as incomplete');

          const vm = new VoicemailService(ctx, { prompts: await PromptLibrary.load({ dataDir }), mailer: null });
          const report = await vm.recover();
          assert.deepEqual(report, { completed: [row.id], discarded: [] });
          const done = await store.db.selectFrom('voicemail_messages').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
          assert.equal(done.complete, 1);
          // About 3 s were said before the kill; at most the last second may be lost (nothing is fsynced).
          assert.ok(done.duration_ms > 1800 && done.duration_ms < 3600, `recovered ${done.duration_ms} ms`);
          const cb = await store.db.selectFrom('callbacks').selectAll().where('id', '=', done.callback_id!).executeTakeFirstOrThrow();
          assert.equal(cb.person_id, personId);
          assert.equal(cb.source, 'voicemail');
          assert.equal(cb.due_at, '2026-03-27T15:30:00.000Z', 'P-CB-1 from when the message came');

          const audio = await app.inject({ method: 'GET', url: `/api/voicemail/messages/${row.id}/audio`, headers: { cookie } });
          assert.equal(audio.statusCode, 200);
          assert.equal(audio.headers['content-type'], 'audio/wav');
          const wav = readWav(audio.rawPayload);
          assert.ok(wav.ok);
          assert.equal(wav.value.truncated, false, 'the header was repaired');
          assert.equal(Math.round((wav.value.samples.length / 8000) * 1000), done.duration_ms);
          const joined = withoutGaps(wav.value.samples).audio;
          assert.ok(xcorr(said.subarray(0, joined.length), joined, { maxLag: 400 }).best.r > 0.99, 'it is what the caller said');
          const again = await app.inject({ method: 'GET', url: '/api/voicemail/messages', headers: { cookie } });
          assert.equal(again.json()[0].complete, true);
        } finally {
          await app.close();
        }
      } finally {
        await store.close();
      }
    });
  });
}
