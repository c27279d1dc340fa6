// Leaving a voicemail message, end to end on real RTP (a negotiated RtpSession pair on
// 127.0.0.1): what the caller hears is cross-correlated with the audio the prompt library
// assembles; the recording is compared with what the phone sent; the call-back, the bus
// event and the e-mail (a real SMTP server, with the WAV attached) follow each message.
// Listening by phone is in voicemail-access.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startTestApp, type TestApp } from '../support/app.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';
import { PromptLibrary } from '../../src/prompts/library.js';
import { sayLeaveMessage, type Plan } from '../../src/prompts/say.js';
import { words } from '../../src/prompts/testing.js';
import { loadClip, testSignal, xcorr } from '../../src/media/index.js';
import { delay, testPortPool } from '../../src/media/testing.js';
import { concat, voicemailHarness, withoutGaps } from '../../src/services/voicemail/testing.js';
import { VoicemailService } from '../../src/services/voicemail/service.js';
import { smtpMailer } from '../../src/services/voicemail/mailer.js';

const pool = testPortPool();

describe('voicemail: leaving a message', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let prompts: PromptLibrary;
  let vm: VoicemailService;
  let h: ReturnType<typeof voicemailHarness>;
  const heard = (plan: Plan) => h.heard(plan);
  const anna = () => t.a.people.employee!;



  before(async () => {
    // Wednesday 25 March 2026, 10:00 in Stockholm.
    t = await startTestApp({ now: '2026-03-25T09:00:00Z' });
    smtp = await startSmtp();
    prompts = await PromptLibrary.load({ dataDir: t.ctx.config.dataDir });
    h = voicemailHarness(t.ctx, t.a, prompts, pool);
    vm = new VoicemailService(t.ctx, {
      prompts,
      mailer: smtpMailer({ smtpUrl: smtp.url, mailFrom: 'Öppen Växel <vaxel@valdemarsvik.example>' }),
      timing: { firstDigitMs: 4000, interDigitMs: 3000, menuChoiceMs: 4000 },
    });
  });
  after(async () => {
    await h.close();
    await vm.idle();
    await smtp.close();
    await t.close();
  });

  const spoken = testSignal(3000, 11);

  test('P-VM-2, P-SWB-4: the built greeting says whose box it is and when the person is back; the message is recorded, P-CB-1 call-back and e-mail with the WAV follow', async () => {
    const client = await t.login(anna());
    const absence = await client.request('POST', `/api/people/${anna().id}/absences`, { reason: 'meeting', end: '2026-03-25T14:30:00+01:00' });
    assert.equal(absence.statusCode, 201, absence.body);

    const c = await h.call();
    const leaving = vm.leaveMessage(c.call, { kind: 'person', personId: anna().id, greeting: 'name-clip' });
    const greeting: Plan = [
      'vm.reached', 'word.extension', 'num.2', 'num.0', 'num.0', 'num.3', 'silence.500',
      'absence.sought', 'reason.meeting', 'absence.returns', 'day.today', 'time.at', 'num.14', 'word.and', 'num.30', 'silence.500',
      ...sayLeaveMessage(),
    ];
    assert.equal(words(greeting), 'Du har kommit till röstbrevlådan för anknytning två noll noll tre . Den du söker är på möte och är åter i dag klockan fjorton och trettio . Lämna ett meddelande efter tonen . <pip>');
    await c.hear.expect(await heard(greeting), 'the greeting with the absence');
    await c.phone.play([spoken]).finished;
    await c.phone.sendDigits('#');
    const { messageId } = await leaving;
    assert.ok(messageId);

    // The recording is what the phone said, from its first packet on.
    const r = await h.row(messageId);
    assert.equal(r.complete, 1);
    assert.equal(r.status, 'new');
    assert.equal(r.caller_number, '+46701234567');
    assert.equal(r.wav_path, `voicemail/${t.a.id}/${messageId}.wav`);
    const recorded = await loadClip(`${t.ctx.config.dataDir}/${r.wav_path}`);
    assert.ok(recorded.ok);
    const { audio, gapMs } = withoutGaps(recorded.value);
    assert.ok(xcorr(spoken, audio, { maxLag: 400 }).best.r > 0.99, 'the recording is what was said');
    assert.ok(Math.abs(r.duration_ms - gapMs - 3000) <= 200, `duration ${r.duration_ms} ms (${gapMs} ms of it the sender's stalls)`);

    // P-CB-1: due at the close of the second working day: Friday 27 March, 16:30 (CET).
    const cb = await t.store.db.selectFrom('callbacks').selectAll().where('id', '=', r.callback_id!).executeTakeFirstOrThrow();
    assert.equal(cb.person_id, anna().id);
    assert.equal(cb.source, 'voicemail');
    assert.equal(cb.due_at, '2026-03-27T15:30:00.000Z');
    assert.equal(cb.recording_path, r.wav_path);

    // After '#' the caller is thanked.
    await c.hear.expect(await heard(['vm.thanks', 'silence.200', 'call.goodbye']), 'thanks');

    // The e-mail: to Anna, in Swedish, with the deadline and the WAV attached byte for byte.
    const [mail] = await smtp.waitFor(1);
    await vm.idle();
    assert.deepEqual(mail!.to, [anna().email]);
    assert.equal(mail!.subject, 'Nytt röstmeddelande från 070-123 45 67');
    assert.match(mail!.text, /^Hej Anna!/);
    assert.match(mail!.text, /Mottaget: onsdag 25 mars kl\. 10\.00/);
    assert.match(mail!.text, /Längd: 3 sekunder/);
    assert.match(mail!.text, /Ring upp senast: fredag 27 mars kl\. 16\.30/);
    assert.equal(mail!.attachments.length, 1);
    assert.equal(mail!.attachments[0]!.contentType, 'audio/wav');
    assert.equal(mail!.attachments[0]!.filename, 'rostmeddelande-20260325-0900.wav');
    assert.deepEqual(mail!.attachments[0]!.content, await readFile(`${t.ctx.config.dataDir}/${r.wav_path}`));
    assert.ok((await h.row(messageId)).notified_at, 'notified_at is set once the mail is sent');

    const left = h.events.find((e) => e.type === 'voicemail.left' && e.messageId === messageId);
    assert.ok(left, 'voicemail.left on the bus');
    assert.deepEqual(left.audience, { tenantId: t.a.id, personIds: [anna().id], staffOf: [anna().id] });
  });

  test('P-VM-2: a personal greeting is played instead of the built one, then the beep; a hang-up at the tone leaves no message', async () => {
    const own = testSignal(1500, 21);
    await vm.boxes.saveGreeting(t.a.id, anna().id, own, 'upload');
    const c = await h.call();
    const leaving = vm.leaveMessage(c.call, { kind: 'person', personId: anna().id, greeting: 'personal' });
    await c.hear.expect(concat(own, await heard(['silence.200', 'tone.beep'])), 'own greeting and beep');
    await delay(300);
    c.hangUp();
    assert.deepEqual(await leaving, { messageId: null }, 'under a second is no message');
    assert.equal((await t.store.db.selectFrom('voicemail_messages').select('id').execute()).length, 1);
    await t.store.db.deleteFrom('voicemail_greetings').execute();
  });

  test('silence only is no message: discarded, no call-back', async () => {
    const before = (await t.store.db.selectFrom('callbacks').select('id').execute()).length;
    const c = await h.call();
    const leaving = vm.leaveMessage(c.call, { kind: 'person', personId: t.a.people.manager!.id, greeting: 'name-clip' });
    await c.hear.expect(await heard(['vm.reached', 'word.extension', 'num.2', 'num.0', 'num.0', 'num.2', 'silence.500', ...sayLeaveMessage()]), 'a present person\'s greeting');
    await c.phone.play([new Int16Array(8000 * 2)]).finished;
    await c.phone.sendDigits('#');
    assert.deepEqual(await leaving, { messageId: null });
    assert.equal((await t.store.db.selectFrom('callbacks').select('id').execute()).length, before);
    await c.hear.expect(await heard(['call.goodbye']), 'just goodbye');
  });

  test('P-VM-1: a function\'s box: its first member gets the call-back, every member the e-mail; the switchboard\'s box goes to an operator', async () => {
    const mailsBefore = smtp.mails.length;
    const c = await h.call({ number: '2004' });
    const leaving = vm.leaveMessage(c.call, { kind: 'function', functionId: t.a.functionId });
    // No name clip for Bygglov: its extension is said.
    await c.hear.expect(await heard(['vm.reached', 'word.extension', 'num.2', 'num.0', 'num.9', 'num.0', 'silence.500', ...sayLeaveMessage()]), 'function greeting');
    await c.phone.play([testSignal(1500, 31)]).finished;
    await c.phone.sendDigits('#');
    const { messageId } = await leaving;
    assert.ok(messageId);
    const r = await h.row(messageId);
    assert.equal(r.box_kind, 'function');
    const cb = await t.store.db.selectFrom('callbacks').selectAll().where('id', '=', r.callback_id!).executeTakeFirstOrThrow();
    assert.equal(cb.person_id, anna().id, 'the function\'s only member');
    assert.equal(cb.subject, 'Röstmeddelande till Bygglov');
    const mails = await smtp.waitFor(mailsBefore + 1);
    assert.equal(mails[mailsBefore]!.subject, 'Nytt röstmeddelande till Bygglov från anknytning 2004');

    const s = await h.call();
    const toSwitchboard = vm.leaveMessage(s.call, { kind: 'switchboard' });
    await s.hear.expect(await heard(['vm.reached', 'target.switchboard', 'silence.500', ...sayLeaveMessage()]), 'switchboard greeting');
    await s.phone.play([testSignal(1200, 41)]).finished;
    s.hangUp();
    const sw = await toSwitchboard;
    assert.ok(sw.messageId, 'a hang-up after speaking keeps the message');
    const swRow = await h.row(sw.messageId);
    const swCb = await t.store.db.selectFrom('callbacks').selectAll().where('id', '=', swRow.callback_id!).executeTakeFirstOrThrow();
    assert.equal(swCb.person_id, t.a.people.operator!.id);
    const all = await smtp.waitFor(mailsBefore + 2);
    assert.deepEqual(all[mailsBefore + 1]!.to, [t.a.people.operator!.email]);
  });

  test('P-VM-1: recording stops at the profile\'s maximum length', async () => {
    const tenant = await t.ctx.tenants.get(t.a.id);
    const profile = structuredClone(tenant.profile);
    profile.voicemail.maxMessageSeconds = 10;
    await t.ctx.tenants.saveProfile(t.a.id, profile, t.clock.now());
    try {
      const c = await h.call();
      const leaving = vm.leaveMessage(c.call, { kind: 'person', personId: t.a.people.other!.id, greeting: 'name-clip' });
      // The phone talks from the greeting's first packet on, so the recording has audio from its start.
      await c.ear.waitForStart(30_000);
      const sending = c.phone.play([testSignal(40_000, 51)]).finished;
      const { messageId } = await leaving;
      assert.ok(messageId);
      const r = await h.row(messageId);
      assert.ok(r.duration_ms >= 9800 && r.duration_ms <= 10_300, `stopped at ${r.duration_ms} ms`);
      c.phone.stopPlayback();
      await sending;
    } finally {
      await t.ctx.tenants.saveProfile(t.a.id, tenant.profile, t.clock.now());
    }
  });
});
