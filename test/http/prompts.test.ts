// A municipality's own recordings of prompts over HTTP (issue 5 item 5): upload converted and
// levelled like the shipped clips, listened to, heard in example sentences and by call control
// through the process's one prompt library, refused with Swedish reasons and nothing written,
// audited, separate per municipality, and removed again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestApp, type Client, type TestApp } from '../support/app.js';
import { encodeWav, readWav, testSignal, xcorr } from '../../src/media/index.js';
import { resample } from '../../src/media/convert.js';
import { stereoWav } from '../../src/media/testing.js';
import { tenantPromptsDir } from '../../src/prompts/library.js';
import { examplePlan } from '../../src/services/prompts/service.js';
import { holdMusic } from '../../src/calls/ivr/tones.js';
import type { BusEvent } from '../../src/events/bus.js';

const WAV = { 'content-type': 'audio/wav' };

describe('prompts API: the municipality\'s own recordings', () => {
  let t: TestApp;
  let maria: Client; // admin of a
  let sara: Client; // operator of a
  let foreign: Client; // admin of b
  const events: BusEvent[] = [];

  before(async () => {
    t = await startTestApp();
    [maria, sara, foreign] = await Promise.all([t.login(t.a.people.admin!), t.login(t.a.people.operator!), t.login(t.b.people.admin!)]);
    t.ctx.bus.subscribe((e) => {
      if (e.type === 'prompt.changed') events.push(e);
    });
  });
  after(() => t.close());

  const audits = (action: string) => t.store.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();
  const folder = () => tenantPromptsDir(t.ctx.config.dataDir, t.a.slug);

  test('the list has every spoken clip with its script, grouped; nothing is recorded yet', async () => {
    const res = await maria.request('GET', '/api/prompts');
    assert.equal(res.statusCode, 200, res.body);
    const list = res.json();
    const org = list.clips.find((c: { id: string }) => c.id === 'org.name');
    assert.deepEqual({ ...org, shippedMs: org.shippedMs > 200 }, { id: 'org.name', group: 'org', text: 'kommunen', shippedMs: true, own: null });
    assert.ok(!list.clips.some((c: { id: string }) => c.id.startsWith('tone.') || c.id.startsWith('silence.')), 'tones and silences are not recorded');
    assert.deepEqual(list.groups.find((g: { id: string }) => g.id === 'num'), { id: 'num', sv: 'Tal', en: 'Numbers', total: 31, recorded: 0 });
    assert.equal(list.groups.reduce((n: number, g: { total: number }) => n + g.total, 0), list.clips.length, 'every clip is in a group');
    assert.deepEqual(list.problems, []);
  });

  test('P-SWB-6: a 44.1 kHz stereo recording of the name becomes the clip: 8 kHz mono, quiet ends cut, peak at -3 dBFS; callers hear it in the welcome', async () => {
    const mono = new Int16Array(Math.round(2.2 * 44100));
    const noise = testSignal(2200, 5, 20, 44100); // room noise far below -45 dBFS
    mono.set(noise);
    const voice = testSignal(1200, 77, 6000, 44100); // "Valdemarsviks kommun", voice-like
    mono.set(voice, Math.round(0.5 * 44100));
    const put = await maria.request('PUT', '/api/prompts/org.name', stereoWav(mono, 44100), WAV);
    assert.equal(put.statusCode, 200, put.body);
    const view = put.json();
    assert.equal(view.id, 'org.name');
    assert.ok(view.own.durationMs >= 1200 && view.own.durationMs <= 1280, `trimmed to the spoken part with 20 ms margins (${view.own.durationMs} ms)`);

    const own = await maria.request('GET', '/api/prompts/org.name/audio');
    assert.equal(own.statusCode, 200);
    assert.equal(own.headers['content-type'], 'audio/wav');
    const wav = readWav(own.rawPayload);
    assert.ok(wav.ok);
    assert.deepEqual([wav.value.sampleRate, wav.value.channels, wav.value.encoding], [8000, 1, 'pcm16']);
    const samples = wav.value.samples;
    const peak = samples.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
    assert.equal(peak, Math.round(32767 * 10 ** (-3 / 20)), 'levelled like the shipped clips');
    const match = xcorr(resample(voice, 44100), samples, { maxLag: 400 }).best;
    assert.ok(match.r > 0.98, `the recording, resampled (r = ${match.r.toFixed(4)})`);

    const shipped = readWav((await maria.request('GET', '/api/prompts/org.name/audio?version=shipped')).rawPayload);
    assert.ok(shipped.ok && shipped.value.samples.length !== samples.length, 'the shipped clip is still there to compare');

    // The process's library (call control and voicemail speak through it) hears it at once.
    const library = await t.ctx.prompts.library();
    assert.deepEqual(await library.clip('org.name', t.a.slug), samples);
    const welcome = readWav((await maria.request('GET', '/api/prompts/examples/welcome/audio')).rawPayload);
    assert.ok(welcome.ok);
    assert.deepEqual(welcome.value.samples, await library.assemble(examplePlan('welcome', t.clock.now(), (await t.ctx.tenants.get(t.a.id)).profile), t.a.slug));
    const at = (await library.clip('swb.welcome')).length + Math.round((library.gapMs * 8000) / 1000);
    assert.deepEqual(welcome.value.samples.subarray(at, at + samples.length), samples, '"Välkommen till" and then the municipality\'s name');

    const listed = (await maria.request('GET', '/api/prompts')).json();
    assert.equal(listed.groups.find((g: { id: string }) => g.id === 'org').recorded, 1);
    const [entry] = await audits('prompt.upload');
    assert.equal(entry?.entity_id, 'org.name');
    assert.equal(entry?.actor_id, t.a.people.admin!.id);
    assert.ok(events.some((e) => e.type === 'prompt.changed' && e.clipId === 'org.name' && e.own && e.audience.roles?.includes('admin')));
  });

  test('another municipality neither sees nor hears the recording', async () => {
    assert.equal((await foreign.request('GET', '/api/prompts/org.name/audio')).statusCode, 404);
    assert.equal((await foreign.request('GET', '/api/prompts')).json().clips.find((c: { id: string }) => c.id === 'org.name').own, null);
    const library = await t.ctx.prompts.library();
    assert.notDeepEqual(await library.clip('org.name', t.b.slug), await library.clip('org.name', t.a.slug));
    assert.equal((await sara.request('GET', '/api/prompts')).statusCode, 403, 'operators hear prompts, they do not change them');
  });

  test('bad uploads are refused in Swedish and write nothing', async () => {
    const before = await readdir(folder());
    const cases: [string, Buffer | string, Record<string, string>, number, string, RegExp][] = [
      ['org.name', Buffer.from('ID3\u0003 an mp3'), WAV, 400, 'prompts.recording.not-wav', /inte en WAV-fil/],
      ['org.name', encodeWav(new Int16Array(8000 * 2)), WAV, 400, 'prompts.recording.silent', /tyst/],
      ['org.name', encodeWav(testSignal(61_000)), WAV, 400, 'prompts.recording.too-long', /högst 60 sekunder/],
      ['org.name', encodeWav(testSignal(2000, 1, 4000, 4000), { sampleRate: 4000 }), WAV, 400, 'prompts.recording.rate', /minst 8000 Hz/],
      ['tone.beep', encodeWav(testSignal(1000)), WAV, 400, 'prompts.not-speech', /bara tal/],
      ['no.such-clip', encodeWav(testSignal(1000)), WAV, 404, 'not-found', /./],
      ['org.name', '{"wav":1}', { 'content-type': 'application/json' }, 415, 'unsupported-media-type', /WAV-fil/],
    ];
    for (const [id, body, headers, status, code, sv] of cases) {
      const res = await maria.request('PUT', `/api/prompts/${id}`, body, headers);
      assert.equal(res.statusCode, status, `${code}: ${res.body}`);
      assert.equal(res.json().error.code, code);
      assert.match(res.json().error.message, sv);
    }
    // A room recording with a click in it: after cutting the quiet ends almost nothing is left.
    const click = new Int16Array(16000);
    click.set(testSignal(30, 3, 8000), 8000);
    const res = await maria.request('PUT', '/api/prompts/org.name', encodeWav(click), WAV);
    assert.equal(res.statusCode, 400);
    assert.match(res.json().error.message, /bara tystnad/);
    assert.deepEqual(await readdir(folder()), before, 'nothing written');
    assert.ok((await (await t.ctx.prompts.library()).ownClips(t.a.slug)).has('org.name'), 'the recording in place is kept');
  });

  test('a file put in the folder by hand that callers cannot hear is listed with why', async () => {
    await writeFile(join(folder(), 'swb.closed.wav'), encodeWav(testSignal(1000), { sampleRate: 16000 }));
    await writeFile(join(folder(), 'valkommen.wav'), encodeWav(testSignal(1000)));
    (await t.ctx.prompts.library()).forgetTenant(t.a.slug);
    const { problems, clips } = (await maria.request('GET', '/api/prompts')).json();
    assert.deepEqual(problems.map((p: { field: string }) => p.field).sort(), ['swb.closed.wav', 'valkommen.wav']);
    assert.ok(problems.every((p: { sv: string }) => p.sv.length > 0));
    assert.equal(clips.find((c: { id: string }) => c.id === 'swb.closed').own, null, 'callers hear the shipped clip');
    // Uploading through the page replaces the bad file.
    const put = await maria.request('PUT', '/api/prompts/swb.closed', encodeWav(testSignal(900, 8)), WAV);
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual((await maria.request('GET', '/api/prompts')).json().problems.map((p: { field: string }) => p.field), ['valkommen.wav']);
  });

  test('removing the recording: callers hear the shipped clip again, audited; removing again is 404', async () => {
    const del = await maria.request('DELETE', '/api/prompts/org.name');
    assert.equal(del.statusCode, 204, del.body);
    const library = await t.ctx.prompts.library();
    assert.deepEqual(await library.clip('org.name', t.a.slug), library.shippedClip('org.name'));
    assert.equal((await maria.request('GET', '/api/prompts/org.name/audio')).statusCode, 404);
    assert.equal((await audits('prompt.reset')).length, 1);
    assert.ok(events.some((e) => e.type === 'prompt.changed' && e.clipId === 'org.name' && !e.own));
    const again = await maria.request('DELETE', '/api/prompts/org.name');
    assert.equal(again.statusCode, 404);
    assert.match(again.json().error.message, /ingen egen inspelning/);
  });

  test('music on hold: the municipality\'s own (5 s to 5 min), levelled below speech; the music we make is the original', async () => {
    const shipped = readWav((await maria.request('GET', '/api/prompts/music.hold/audio?version=shipped')).rawPayload);
    assert.ok(shipped.ok);
    assert.deepEqual(shipped.value.samples, holdMusic().samples);
    const first = (await maria.request('GET', '/api/prompts')).json().clips[0];
    assert.deepEqual([first.id, first.group, first.text, first.own], ['music.hold', 'music', 'Väntemusik', null]);
    const short = await maria.request('PUT', '/api/prompts/music.hold', encodeWav(testSignal(2000)), WAV);
    assert.equal(short.statusCode, 400);
    assert.equal(short.json().error.code, 'prompts.music.too-short');
    assert.match(short.json().error.message, /^Musiken är för kort/);
    const put = await maria.request('PUT', '/api/prompts/music.hold', encodeWav(testSignal(8000, 21, 12_000, 22_050), { sampleRate: 22_050 }), WAV);
    assert.equal(put.statusCode, 200, put.body);
    assert.ok(Math.abs(put.json().own.durationMs - 8000) < 50, JSON.stringify(put.json()));
    const music = await (await t.ctx.prompts.library()).holdMusic(t.a.slug);
    assert.ok(music, 'the queue plays it (src/calls/ivr/waiting.ts)');
    assert.equal(music.samples.reduce((m, x) => Math.max(m, Math.abs(x)), 0), Math.round(32767 * 10 ** (-10 / 20)), 'peak at -10 dBFS, below speech');
    assert.equal((await maria.request('DELETE', '/api/prompts/music.hold')).statusCode, 204);
    assert.equal(await (await t.ctx.prompts.library()).holdMusic(t.a.slug), null);
  });

  test('two uploads of one clip at once: both answered, one of them whole in place', async () => {
    const [x, y] = [testSignal(900, 31), testSignal(1100, 32)];
    const [rx, ry] = await Promise.all([x, y].map((v) => maria.request('PUT', '/api/prompts/call.thanks', encodeWav(v), WAV)));
    assert.deepEqual([rx!.statusCode, ry!.statusCode], [200, 200]);
    const stored = readWav((await maria.request('GET', '/api/prompts/call.thanks/audio')).rawPayload);
    assert.ok(stored.ok && [900, 1100].some((ms) => Math.abs(stored.value.samples.length / 8 - ms) <= 50), 'one whole recording');
    assert.ok(!(await readdir(folder())).some((f) => f.endsWith('.tmp')), 'no half-written file left');
    assert.equal((await maria.request('DELETE', '/api/prompts/call.thanks')).statusCode, 204);
  });

  test('the example sentences play with the municipality\'s hours', async () => {
    for (const name of ['welcome', 'closed', 'absence', 'queue']) {
      const res = await maria.request('GET', `/api/prompts/examples/${name}/audio`);
      assert.equal(res.statusCode, 200, name);
      const wav = readWav(res.rawPayload);
      assert.ok(wav.ok && wav.value.samples.length > 8000, `${name} is at least a second`);
    }
    assert.equal((await maria.request('GET', '/api/prompts/examples/nonsense/audio')).statusCode, 400);
  });
});
