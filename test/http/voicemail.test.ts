// Voicemail over HTTP on SQLite and PostgreSQL: who reaches which box (least privilege,
// managers audited when they act for staff), playing with byte ranges, marking heard
// (P-VM-5), deleting, and the greeting upload converted to 8 kHz mono with Swedish refusals.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { startTestApp, type Client, type TestApp } from '../support/app.js';
import { DIALECTS } from '../../src/store/testing.js';
import { encodeWav, loadClip, readWav, testSignal, tone, xcorr } from '../../src/media/index.js';
import { putMessage } from '../../src/services/voicemail/testing.js';
import { stereoWav } from '../../src/media/testing.js';
import { VoicemailBoxes } from '../../src/services/voicemail/boxes.js';
import type { BusEvent } from '../../src/events/bus.js';

for (const dialect of DIALECTS) {
  describe(`voicemail API (${dialect})`, () => {
    let t: TestApp;
    let anna: Client, johan: Client, karin: Client, erik: Client, sara: Client, maria: Client, foreign: Client;
    let annaId = '';
    let boxes: VoicemailBoxes;
    const events: BusEvent[] = [];
    const audio = testSignal(2000, 91);
    let id = '';

    before(async () => {
      t = await startTestApp({ dialect });
      const p = t.a.people;
      [anna, johan, karin, erik, sara, maria, foreign] = await Promise.all([
        t.login(p.employee!), t.login(p.manager!), t.login(p.otherManager!), t.login(p.other!), t.login(p.operator!), t.login(p.admin!), t.login(t.b.people.admin!),
      ]);
      annaId = p.employee!.id;
      boxes = new VoicemailBoxes(t.ctx);
      id = await putMessage(t.ctx, { tenantId: t.a.id, box: { kind: 'person', personId: annaId }, audio });
      // A call-back for it, as recording would have made.
      const cb = await t.ctx.callbacks.takeMessage(null, t.a.id, annaId, { caller: { number: '+46701740610' }, concerns: '', source: 'voicemail' });
      await t.store.db.updateTable('voicemail_messages').set({ callback_id: cb.id }).where('id', '=', id).execute();
      t.ctx.bus.subscribe((e) => {
        if (e.type.startsWith('voicemail.')) events.push(e);
      });
    });
    after(() => t.close());

    const audits = (action: string) => t.store.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

    test('P-SEC-1: the owner, their manager (audited) and nobody else reach a person\'s box', async () => {
      const own = await anna.request('GET', '/api/voicemail/messages');
      assert.equal(own.statusCode, 200);
      const [m] = own.json();
      assert.equal(m.id, id);
      assert.deepEqual(m.box, { kind: 'person', personId: annaId });
      assert.deepEqual(m.caller, { number: '+46701740610', name: null });
      assert.equal(m.durationMs, 2000);
      assert.equal(m.status, 'new');
      assert.equal(m.complete, true);

      assert.equal((await johan.request('GET', `/api/voicemail/messages?person=${annaId}`)).json().length, 1, 'her manager');
      const listed = await audits('voicemail.list');
      assert.equal(listed.length, 1);
      assert.equal(listed[0]!.on_behalf_of, annaId);
      assert.equal(listed[0]!.actor_id, t.a.people.manager!.id);
      for (const [who, c] of [['colleague', erik], ['another unit\'s manager', karin], ['operator', sara], ['admin', maria], ['another municipality', foreign]] as const) {
        assert.equal((await c.request('GET', `/api/voicemail/messages?person=${annaId}`)).statusCode, 404, who);
        assert.equal((await c.request('GET', `/api/voicemail/messages/${id}`)).statusCode, 404, who);
        assert.equal((await c.request('GET', `/api/voicemail/messages/${id}/audio`)).statusCode, 404, who);
      }
      assert.deepEqual((await erik.request('GET', '/api/voicemail/messages')).json(), [], 'one\'s own box is empty');
      assert.equal((await anna.request('GET', `/api/voicemail/messages?person=${annaId}&box=switchboard`)).statusCode, 400);
    });

    test('function boxes are their members\', the switchboard\'s is the operators\'', async () => {
      const fnMsg = await putMessage(t.ctx, { tenantId: t.a.id, box: { kind: 'function', functionId: t.a.functionId } });
      const swMsg = await putMessage(t.ctx, { tenantId: t.a.id, box: { kind: 'switchboard' } });
      assert.deepEqual((await anna.request('GET', `/api/voicemail/messages?function=${t.a.functionId}`)).json().map((m: { id: string }) => m.id), [fnMsg]);
      assert.equal((await erik.request('GET', `/api/voicemail/messages?function=${t.a.functionId}`)).statusCode, 404);
      assert.deepEqual((await sara.request('GET', '/api/voicemail/messages?box=switchboard')).json().map((m: { id: string }) => m.id), [swMsg]);
      assert.equal((await anna.request('GET', '/api/voicemail/messages?box=switchboard')).statusCode, 404);
      assert.equal((await maria.request('GET', '/api/voicemail/messages?box=switchboard')).statusCode, 404, 'admins manage accounts, not content');
      // A member deletes a function's message; an operator the switchboard's.
      assert.equal((await anna.request('DELETE', `/api/voicemail/messages/${fnMsg}`)).statusCode, 204);
      assert.equal((await sara.request('DELETE', `/api/voicemail/messages/${swMsg}`)).statusCode, 204);
    });

    test('P-VM-3: playing streams the WAV, whole or by byte range; a manager playing is audited', async () => {
      const file = await readFile(boxes.absolute(boxes.messagePath(t.a.id, id)));
      const whole = await anna.request('GET', `/api/voicemail/messages/${id}/audio`);
      assert.equal(whole.statusCode, 200);
      assert.equal(whole.headers['content-type'], 'audio/wav');
      assert.equal(whole.headers['accept-ranges'], 'bytes');
      assert.equal(Number(whole.headers['content-length']), file.length);
      assert.deepEqual(whole.rawPayload, file);
      const wav = readWav(whole.rawPayload);
      assert.ok(wav.ok && xcorr(audio, wav.value.samples).atZero > 0.999);

      const head = await anna.request('GET', `/api/voicemail/messages/${id}/audio`, undefined, { range: 'bytes=0-43' });
      assert.equal(head.statusCode, 206);
      assert.equal(head.headers['content-range'], `bytes 0-43/${file.length}`);
      assert.deepEqual(head.rawPayload, file.subarray(0, 44));
      const tail = await anna.request('GET', `/api/voicemail/messages/${id}/audio`, undefined, { range: 'bytes=-100' });
      assert.equal(tail.statusCode, 206);
      assert.deepEqual(tail.rawPayload, file.subarray(file.length - 100));
      for (const range of [`bytes=${file.length}-`, 'bytes=9-3', 'items=0-1', 'bytes=0-1,5-9']) {
        const bad = await anna.request('GET', `/api/voicemail/messages/${id}/audio`, undefined, { range });
        assert.equal(bad.statusCode, 416, range);
        assert.equal(bad.headers['content-range'], `bytes */${file.length}`);
        assert.ok(bad.json().error.message, 'the error shape');
      }

      assert.equal((await johan.request('GET', `/api/voicemail/messages/${id}/audio`)).statusCode, 200);
      const listened = await audits('voicemail.listen');
      assert.deepEqual(listened.map((a) => [a.actor_id, a.on_behalf_of, a.entity_id]), [[t.a.people.manager!.id, annaId, id]]);
    });

    test('P-VM-5: marked heard with the time, on the message and its call-back; the lamp\'s event goes out', async () => {
      t.clock.advance({ minutes: 30 });
      const res = await anna.request('POST', `/api/voicemail/messages/${id}/heard`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'heard');
      assert.equal(res.json().heardAt, '2026-03-25T09:30:00.000Z');
      const cb = await t.store.db.selectFrom('callbacks').select('heard_at').where('id', '=', res.json().callbackId).executeTakeFirstOrThrow();
      assert.equal(cb.heard_at, '2026-03-25T09:30:00.000Z');
      assert.ok(events.some((e) => e.type === 'voicemail.heard' && e.messageId === id));
      const summary = await boxes.summary(t.a.id, annaId);
      assert.deepEqual(summary, { newMessages: 0, oldMessages: 1 });
      assert.equal((await anna.request('GET', '/api/voicemail/messages?status=new')).json().length, 0);
      assert.equal((await anna.request('GET', '/api/voicemail/messages?status=heard')).json().length, 1);
    });

    test('deleting: not by a manager for staff; the owner deletes message and recording; the call-back stays', async () => {
      assert.equal((await johan.request('DELETE', `/api/voicemail/messages/${id}`)).statusCode, 403);
      assert.equal((await erik.request('DELETE', `/api/voicemail/messages/${id}`)).statusCode, 404);
      const cbId = (await anna.request('GET', `/api/voicemail/messages/${id}`)).json().callbackId;
      assert.equal((await anna.request('DELETE', `/api/voicemail/messages/${id}`)).statusCode, 204);
      assert.equal((await anna.request('GET', `/api/voicemail/messages/${id}`)).statusCode, 404);
      assert.deepEqual((await anna.request('GET', '/api/voicemail/messages')).json(), []);
      await assert.rejects(access(boxes.absolute(boxes.messagePath(t.a.id, id))), /ENOENT/);
      assert.equal((await anna.request('GET', `/api/callbacks/${cbId}`)).statusCode, 200);
      assert.ok(events.some((e) => e.type === 'voicemail.deleted' && e.messageId === id));
    });

    test('P-VM-2: a 44.1 kHz stereo WAV becomes the greeting at 8 kHz mono; it can be fetched and removed', async () => {
      const none = await anna.request('GET', '/api/voicemail/greeting');
      assert.equal(none.statusCode, 404);
      assert.match(none.json().error.message, /ingen egen hälsning/);

      const upload = stereoWav(tone(440, 3000, 6000, 44100), 44100);
      const put = await anna.request('PUT', '/api/voicemail/greeting', upload, { 'content-type': 'audio/wav' });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(put.json().source, 'upload');
      assert.equal(put.json().durationMs, 3000);
      assert.equal(put.json().stale, false);
      const got = await anna.request('GET', '/api/voicemail/greeting/audio');
      assert.equal(got.statusCode, 200);
      const wav = readWav(got.rawPayload);
      assert.ok(wav.ok);
      assert.deepEqual([wav.value.sampleRate, wav.value.channels, wav.value.encoding], [8000, 1, 'pcm16']);
      assert.ok(xcorr(tone(440, 3000, 6000).subarray(400, 23600), wav.value.samples.subarray(400, 23600)).atZero > 0.999);
      const stored = await loadClip(boxes.absolute(boxes.greetingPath(t.a.id, annaId)));
      assert.ok(stored.ok, 'what callers hear loads as a clip');
      assert.ok(events.some((e) => e.type === 'voicemail.greeting'));

      // P-VM-2 "keep it up to date": stale after the profile's greetingMaxAgeDays (365).
      await t.store.db.updateTable('voicemail_greetings').set({ updated_at: '2025-03-01T09:00:00.000Z' }).execute();
      assert.equal((await anna.request('GET', '/api/voicemail/greeting')).json().stale, true);

      assert.equal((await anna.request('DELETE', '/api/voicemail/greeting')).statusCode, 204);
      assert.equal((await anna.request('GET', '/api/voicemail/greeting')).statusCode, 404);
      assert.equal((await anna.request('DELETE', '/api/voicemail/greeting')).statusCode, 404);
    });

    test('P-VM-2: an upload that is not a usable WAV gets a clear Swedish refusal, never a 500', async () => {
      const cases: [Buffer | object, Record<string, string>, number, string | null][] = [
        [Buffer.from('ID3\u0004 this is an mp3'), { 'content-type': 'audio/wav' }, 400, 'voicemail.greeting.not-wav'],
        [encodeWav(new Int16Array(16000)), { 'content-type': 'application/octet-stream' }, 400, 'voicemail.greeting.silent'],
        [encodeWav(testSignal(400, 2)), { 'content-type': 'audio/wav' }, 400, 'voicemail.greeting.too-short'],
        [{ wav: 'base64...' }, {}, 415, null],
        [Buffer.from('RIFF'), { 'content-type': 'audio/mpeg' }, 415, null],
        [Buffer.alloc(0), { 'content-type': 'audio/wav' }, 400, null],
      ];
      for (const [body, headers, status, code] of cases) {
        const res = await anna.request('PUT', '/api/voicemail/greeting', body, headers);
        assert.equal(res.statusCode, status, `${headers['content-type']}: ${res.body}`);
        const e = res.json().error;
        assert.ok(e.message && e.detail, 'Swedish message and English detail');
        if (code) {
          assert.equal(e.code, code);
          assert.equal(e.problems[0].rule, 'P-VM-2');
        }
      }
      assert.match((await anna.request('PUT', '/api/voicemail/greeting', Buffer.from('nope'), { 'content-type': 'audio/wav' })).json().error.message, /inte en WAV-fil/);
    });

    test('an API token has no box and no greeting', async () => {
      const created = await maria.request('POST', '/api/tokens', { name: 'intranät', role: 'employee' });
      assert.equal(created.statusCode, 201, created.body);
      const bearer = { authorization: `Bearer ${created.json().token}` };
      assert.equal((await t.anonymous('GET', '/api/voicemail/messages', undefined, bearer)).statusCode, 403);
      assert.equal((await t.anonymous('GET', '/api/voicemail/greeting', undefined, bearer)).statusCode, 403);
    });
  });
}
