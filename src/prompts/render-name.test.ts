import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DomainError } from '../core/errors.js';
import { PromptLibrary, nameClipPath } from './library.js';
import { renderToolsAvailable } from './render.js';
import { MAX_NAME_CHARS, renderNameClip, speakableName } from './render-name.js';
import { promptSamples } from './testing.js';

const installed = await renderToolsAvailable();
const problemCode = (code: string) => (e: unknown) => e instanceof DomainError && e.problems[0]?.code === code;

describe('renderNameClip', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ov-names-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('speaks the name as written, without control characters or runs of spaces', () => {
    assert.equal(speakableName('  Anna\tBerg\u0000 \n'), 'Anna Berg');
    assert.equal(speakableName('Åsa Öberg-Ärlig'), 'Åsa Öberg-Ärlig');
  });

  it('an empty or overlong name is a Swedish error, installed or not', async () => {
    await assert.rejects(renderNameClip(' \t', path.join(dir, 'x.wav')), problemCode('prompts.name.empty'));
    await assert.rejects(renderNameClip('A'.repeat(MAX_NAME_CHARS + 1), path.join(dir, 'x.wav')), problemCode('prompts.name.too-long'));
  });

  it('returns false and writes nothing when espeak-ng is not installed', async () => {
    const out = path.join(dir, 'none.wav');
    assert.equal(await renderNameClip('Anna Berg', out, { espeak: path.join(dir, 'no-such-espeak'), sox: 'sox' }), false);
    assert.equal(await renderNameClip('Anna Berg', out, { espeak: 'espeak-ng', sox: path.join(dir, 'no-such-sox') }), false);
    assert.equal(existsSync(out), false);
  });

  it('renders an 8 kHz mono clip where the library looks for it', { skip: installed ? false : 'espeak-ng or sox not installed' }, async () => {
    const dataDir = path.join(dir, 'data');
    const out = nameClipPath(dataDir, 'valdemarsvik', 'p-1');
    assert.equal(await renderNameClip('Anna Berg', out), true);
    const samples = promptSamples(await readFile(out));
    // Two words: more than a third of a second, less than three seconds.
    assert.ok(samples.length > 2700 && samples.length < 24000, `${samples.length} samples`);
    const library = await PromptLibrary.load({ dataDir });
    assert.equal(await library.hasNameClip('valdemarsvik', 'p-1'), true);
  });

  it('a name that looks like an option is spoken, not obeyed', { skip: installed ? false : 'espeak-ng or sox not installed' }, async () => {
    const out = path.join(dir, 'dash.wav');
    assert.equal(await renderNameClip('--version Berg', out), true);
    assert.ok(promptSamples(await readFile(out)).length > 2000);
  });
});
