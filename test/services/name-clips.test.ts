// A name clip is rendered when a person is created or renamed (where espeak-ng is installed;
// the test command installs it), and only then.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { startTestApp, type Client, type TestApp } from '../support/app.js';
import { NameClips } from '../../src/services/prompts/name-clips.js';
import { nameClipPath } from '../../src/prompts/library.js';
import { readWav } from '../../src/media/index.js';

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
});
