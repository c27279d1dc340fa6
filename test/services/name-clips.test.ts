// A name clip is rendered when a person is created or renamed (where espeak-ng is installed;
// the test command installs it), and only then.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestApp, type Client, type TestApp } from '../support/app.js';
import { NameClips } from '../../src/services/prompts/name-clips.js';
import { nameClipPath } from '../../src/prompts/library.js';
import { encodeWav, readWav } from '../../src/media/index.js';
import { onCallClipKey } from '../../src/prompts/say.js';

describe('name clips', () => {
  let t: TestApp;
  let admin: Client;
  let clips: NameClips;
  before(async () => {
    t = await startTestApp();
    admin = await t.login(t.a.people.admin!);
    clips = new NameClips(t.ctx);
    clips.start();
  });
  after(async () => {
    clips.stop();
    await t.close();
  });

  test('created, then renamed: the clip follows the name', async () => {
    const res = await admin.request('POST', '/api/people', { firstName: 'Lena', lastName: 'Öberg', title: 'Handläggare', unitId: t.a.unitId, email: 'lena.oberg@example.org', extension: '2050' });
    assert.equal(res.statusCode, 201, res.body);
    const id = (res.json() as { id: string }).id;
    await clips.idle();
    assert.equal(clips.available, true, 'espeak-ng and sox must be installed (npm test installs them)');
    const wav = nameClipPath(t.ctx.config.dataDir, t.a.slug, id);
    const audio = readWav(await readFile(wav));
    assert.ok(audio.ok, 'a readable WAV');
    assert.equal(audio.value.sampleRate, 8000);
    assert.ok(audio.value.samples.length > 8000 * 0.3, 'at least 0.3 s of speech');
    assert.equal(await readFile(wav.replace(/\.wav$/, '.txt'), 'utf8'), 'Lena Öberg');
    const first = (await stat(wav)).mtimeMs;

    // A change that is not the name renders nothing.
    assert.equal((await admin.request('PATCH', `/api/people/${id}`, { title: 'Bygglovshandläggare' })).statusCode, 200);
    await clips.idle();
    assert.equal((await stat(wav)).mtimeMs, first);
    assert.equal(clips.rendered, 1);

    assert.equal((await admin.request('PATCH', `/api/people/${id}`, { lastName: 'Åberg' })).statusCode, 200);
    await clips.idle();
    assert.equal(await readFile(wav.replace(/\.wav$/, '.txt'), 'utf8'), 'Lena Åberg');
    assert.equal(clips.rendered, 2);
  });

  test('units, functions and the profile\'s on-call lines are named too; a recording the municipality put there stays', async () => {
    const unit = await admin.request('POST', '/api/units', { name: 'Miljö och hälsa' });
    assert.equal(unit.statusCode, 201, unit.body);
    const fn = await admin.request('POST', '/api/functions', { name: 'Bygglovsexpeditionen', extension: '2091' });
    assert.equal(fn.statusCode, 201, fn.body);
    await clips.renderOnCall(t.a.id);
    await clips.idle();
    const stampOf = (key: string) => readFile(nameClipPath(t.ctx.config.dataDir, t.a.slug, key).replace(/\.wav$/, '.txt'), 'utf8');
    assert.equal(await stampOf((unit.json() as { id: string }).id), 'Miljö och hälsa');
    assert.equal(await stampOf((fn.json() as { id: string }).id), 'Bygglovsexpeditionen');
    assert.equal(await stampOf(onCallClipKey('Socialjouren')), 'Socialjouren', 'P-SWB-6: "För akuta ärenden ring Socialjouren"');
    assert.equal(await stampOf(onCallClipKey('Tekniska jouren, vatten och avlopp')), 'Tekniska jouren, vatten och avlopp');
    const library = await t.ctx.prompts.library();
    assert.equal(await library.hasNameClip(t.a.slug, onCallClipKey('Socialjouren')), true, 'the answering machine finds it');

    // The municipality's own recording of a name (no .txt stamp) is never rendered over.
    const own = nameClipPath(t.ctx.config.dataDir, t.a.slug, t.a.functionId);
    await mkdir(path.dirname(own), { recursive: true });
    const recording = encodeWav(new Int16Array(4000).fill(1234));
    await writeFile(own, recording);
    const before = clips.rendered;
    assert.equal((await admin.request('PATCH', `/api/functions/${t.a.functionId}`, { name: 'Bygglov och karttjänster' })).statusCode, 200);
    await clips.idle();
    assert.deepEqual(await readFile(own), recording);
    assert.equal(clips.rendered, before);
  });
});
