// Listening to voicemail by phone (P-VM-3), behind extension and PIN (P-SEC-1), on real RTP
// with RFC 4733 digits: what the caller hears is cross-correlated with the audio the prompt
// library assembles. Messages are put in place as a crash would leave them (a WAV and an
// incomplete row, its call-back already made) and completed by start-up recovery.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestApp, type TestApp } from '../support/app.js';
import { PromptLibrary } from '../../src/prompts/library.js';
import { sayMessageCount, sayMessageHeader, type Plan } from '../../src/prompts/say.js';
import { words } from '../../src/prompts/testing.js';
import { encodeWav, testSignal, xcorr } from '../../src/media/index.js';
import { testPortPool } from '../../src/media/testing.js';
import { VoicemailService } from '../../src/services/voicemail/service.js';
import { concat, voicemailHarness, withoutGaps } from '../../src/services/voicemail/testing.js';
import type { Actor } from '../../src/http/context.js';
import { fromIso, newId, toIso } from '../../src/store/index.js';

const pool = testPortPool();
const TOP_MENU: Plan = ['silence.500', 'vm.press-1-listen', 'silence.200', 'vm.press-0-greeting'];
const MESSAGE_MENU: Plan = ['vm.press-4-repeat', 'silence.200', 'vm.press-3-next', 'silence.200', 'vm.press-7-delete', 'silence.200', 'vm.press-9-done'];

describe('voicemail: listening by phone', () => {
  let t: TestApp;
  let prompts: PromptLibrary;
  let vm: VoicemailService;
  let h: ReturnType<typeof voicemailHarness>;
  const heard = (plan: Plan) => h.heard(plan);
  const anna = () => t.a.people.employee!;
  const said = testSignal(2500, 71);
  let messageId = '';



  before(async () => {
    t = await startTestApp({ now: '2026-03-25T09:00:00Z' });
    prompts = await PromptLibrary.load({ dataDir: t.ctx.config.dataDir });
    h = voicemailHarness(t.ctx, t.a, prompts, pool);
    vm = new VoicemailService(t.ctx, { prompts, mailer: null, timing: { firstDigitMs: 4000, interDigitMs: 3000, menuChoiceMs: 4000 } });
    // A message for Anna as a crash before the sidecar leaves it: the WAV and an incomplete row.
    messageId = newId();
    const relative = vm.boxes.messagePath(t.a.id, messageId);
    await mkdir(path.dirname(vm.boxes.absolute(relative)), { recursive: true });
    await writeFile(vm.boxes.absolute(relative), encodeWav(said));
    const at = toIso(t.clock.now());
    await t.store.db.insertInto('voicemail_messages').values({
      id: messageId, tenant_id: t.a.id, box_kind: 'person', person_id: anna().id, function_id: null, call_id: null, callback_id: null,
      caller_number: '+46701234567', caller_name: null, received_at: at, wav_path: relative, status: 'new', heard_at: null, deleted_at: null,
      notified_at: null, created_at: at, updated_at: at,
    }).execute();
    // The crash came after the call-back was made: recovery must find it, not make a second.
    const before = await t.ctx.callbacks.takeMessage(null, t.a.id, anna().id, { caller: { number: '+46701234567' }, concerns: '', source: 'voicemail', receivedAt: t.clock.now(), recordingPath: relative });
    const recovered = await vm.recover();
    assert.deepEqual(recovered, { completed: [messageId], discarded: [] });
    assert.equal((await h.row(messageId)).callback_id, before.id);
    assert.equal((await t.store.db.selectFrom('callbacks').select('id').execute()).length, 1);
    const self: Actor = { kind: 'person', id: anna().id, personId: anna().id, tenantId: t.a.id, role: 'employee' };
    await t.ctx.directory.setPin(self, anna().id, '4711');
    t.clock.advance({ hours: 1 });
  });
  after(async () => {
    await h.close();
    await t.close();
  });

  test('P-VM-3, P-SEC-1, P-VM-5: box number and PIN; the count, the message with its header, 9 marks the call-back done', async () => {
    const r0 = await h.row(messageId);
    assert.equal(r0.complete, 1);
    assert.ok(Math.abs(r0.duration_ms - 2500) < 1, 'the duration recovered from the WAV');
    assert.ok(r0.callback_id, 'recovery linked the call-back');

    const c = await h.call();
    const menu = vm.access(c.call, null);
    await c.hear.expect(await heard(['ao.enter-extension']), 'asks for the box');
    await c.phone.sendDigits('2003#');
    await c.hear.expect(await heard(['vm.enter-pin']), 'asks for the PIN');
    await c.phone.sendDigits('4711#');
    assert.equal(words(sayMessageCount(1, 0)), 'Du har ett nytt meddelande');
    await c.hear.expect(await heard([...sayMessageCount(1, 0), ...TOP_MENU]), 'the count and the menu');
    await c.phone.sendDigits('1');
    const header = sayMessageHeader({ index: 1, receivedAt: fromIso(r0.received_at), now: t.clock.now(), from: { number: '+46701234567' } });
    assert.equal(words(header), 'Meddelande ett , mottaget i dag klockan tio , från noll sju noll , ett två tre , fyra fem , sex sju');
    await c.hear.expect(concat(await heard([...header, 'silence.500']), said), 'the header and the message');
    await c.hear.expect(await heard(MESSAGE_MENU), 'the message menu');
    assert.equal((await h.row(messageId)).status, 'heard', 'P-VM-5: heard once played');
    await c.phone.sendDigits('9');
    await c.hear.expect(await heard(['vm.marked-done']), 'marked done');
    await c.hear.expect(await heard(['vm.no-more-messages']), 'no more');
    await c.hear.expect(await heard([...sayMessageCount(0, 1), ...TOP_MENU]), 'back at the top: one saved');
    await c.phone.sendDigits('*');
    await c.hear.expect(await heard(['call.goodbye']), 'goodbye');
    await menu;

    const cb = await t.store.db.selectFrom('callbacks').selectAll().where('id', '=', r0.callback_id!).executeTakeFirstOrThrow();
    assert.equal(cb.status, 'done');
    assert.equal(cb.outcome, 'reached');
    assert.equal(cb.heard_at, '2026-03-25T10:00:00.000Z', 'P-VM-5 heard time on the call-back');
    assert.equal((await h.row(messageId)).heard_at, '2026-03-25T10:00:00.000Z');
    assert.ok(h.events.some((e) => e.type === 'voicemail.heard' && e.messageId === messageId));
  });

  test('P-SEC-1: a wrong PIN three times ends the call, counted in the store with the automatic operator\'s PIN failures', async () => {
    const c = await h.call();
    const menu = vm.access(c.call, null);
    for (let i = 0; i < 3; i++) {
      // Keyed ahead: the prompts stop at the first key (barge-in).
      await c.ear.waitForStart();
      await c.phone.sendDigits('2003#0000#');
      if (i < 2) {
        const before = c.ear.packets;
        await c.ear.waitFor({ packets: before + 1, quietMs: 300, timeoutMs: 20_000 });
      }
    }
    await menu;
    const tail = await heard(['vm.too-many-attempts', 'silence.200', 'call.goodbye']);
    const last = c.ear.all().subarray(-Math.ceil(tail.length / 160) * 160);
    assert.ok(xcorr(tail, last).atZero > 0.98, 'too many attempts, goodbye');
    const attempts = await t.store.db.selectFrom('login_attempts').selectAll().execute();
    assert.deepEqual(attempts.map((a) => [a.key, a.failures]), [[`pin:${t.a.id}:2003`, 3]]);
    await t.store.db.deleteFrom('login_attempts').execute();
  });

  test('a known caller (from their own phone) gets no PIN question; 7 deletes the message and its recording', async () => {
    const own = await h.call({ number: '2003' });
    const menu = vm.access(own.call, anna().id);
    await own.hear.expect(await heard([...sayMessageCount(0, 1), ...TOP_MENU]), 'no PIN for a known caller');
    await own.phone.sendDigits('1');
    await own.ear.waitFor({ packets: own.ear.packets + 1, quietMs: 0, timeoutMs: 20_000 });
    await own.phone.sendDigits('7'); // during the message: barge-in
    await own.ear.waitFor({ packets: own.ear.packets + 1, quietMs: 300, timeoutMs: 20_000 });
    await own.phone.sendDigits('*');
    await menu;
    const r = await h.row(messageId);
    assert.equal(r.status, 'deleted');
    assert.ok(r.deleted_at);
    await assert.rejects(readFile(vm.boxes.absolute(r.wav_path)), /ENOENT/, 'the recording is gone');
    assert.ok(h.events.some((e) => e.type === 'voicemail.deleted' && e.messageId === messageId));
  });

  test('P-VM-2: a new greeting recorded by phone with 0, ended by #', async () => {
    const own = await h.call({ number: '2003' });
    const menu = vm.access(own.call, anna().id);
    await own.hear.expect(await heard([...sayMessageCount(0, 0), 'silence.500', 'vm.press-0-greeting']), 'nothing to listen to');
    await own.phone.sendDigits('0');
    await own.hear.expect(await heard(['vm.record-greeting', 'silence.500', 'tone.beep']), 'record after the tone');
    const greeting = testSignal(2000, 61);
    await own.phone.play([greeting]).finished;
    await own.phone.sendDigits('#');
    await own.hear.expect(await heard(['vm.greeting-saved']), 'saved');
    own.hangUp();
    await menu;
    const stored = await vm.boxes.greetingSamples(t.a.id, anna().id);
    assert.ok(stored);
    assert.ok(xcorr(greeting, withoutGaps(stored).audio, { maxLag: 400 }).best.r > 0.99, 'the greeting is what was said');
    const g = await t.store.db.selectFrom('voicemail_greetings').selectAll().executeTakeFirstOrThrow();
    assert.equal(g.source, 'phone');
  });
});
