import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DomainError } from '../core/errors.js';
import { atStockholm, plainDate } from '../core/time.js';
import { clipFileName, CLIPS, type ClipId } from './clips.js';
import { DEFAULT_GAP_MS, PromptLibrary, SENTENCE_CACHE_SAMPLES, nameClipPath, tenantPromptsDir } from './library.js';
import { SHIPPED_CLIPS_DIR } from './manifest.js';
import { nameClip, sayAbsence, type Plan } from './say.js';
import { encodeWav } from '../media/wav.js';
import { promptSamples } from './testing.js';

async function shipped(id: ClipId): Promise<Int16Array> {
  return promptSamples(await readFile(path.join(SHIPPED_CLIPS_DIR, clipFileName(id))));
}

/** A recognisable clip: `n` samples of `value`. */
const constant = (n: number, value: number) => new Int16Array(n).fill(value);

const codes = (e: unknown) => (e instanceof DomainError ? e.problems.map((p) => p.code) : [String(e)]);

describe('PromptLibrary', () => {
  let dataDir: string;
  let library: PromptLibrary;
  const tenant = 'valdemarsvik';

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ov-prompts-'));
    library = await PromptLibrary.load({ dataDir });
  });
  after(async () => rm(dataDir, { recursive: true, force: true }));

  it('loads every shipped clip as it is on disk', async () => {
    for (const id of ['num.1', 'swb.closed', 'tone.beep'] as const) assert.deepEqual(await library.clip(id), await shipped(id));
    assert.equal(library.gapMs, DEFAULT_GAP_MS);
  });

  it('a plan is its clips in order with a gap between each two: the summed length plus gaps', async () => {
    const plan: Plan = ['reason.meeting', 'absence.returns', 'day.today', 'time.at', 'num.14'];
    const parts = await Promise.all(plan.map((id) => shipped(id as ClipId)));
    const gap = (DEFAULT_GAP_MS * 8000) / 1000;
    const audio = await library.assemble(plan);
    assert.equal(audio.length, parts.reduce((s, p) => s + p.length, 0) + gap * (plan.length - 1));
    // The first clip, then silence, then the second clip.
    const [first, second] = parts as [Int16Array, Int16Array];
    assert.deepEqual(audio.subarray(0, first.length), first);
    assert.ok(audio.subarray(first.length, first.length + gap).every((x) => x === 0));
    assert.deepEqual(audio.subarray(first.length + gap, first.length + gap + second.length), second);
  });

  it('the gap is configurable; no plan is no audio; one clip has no gap', async () => {
    const tight = await PromptLibrary.load({ gapMs: 0 });
    const [a, b] = [await shipped('num.20'), await shipped('num.1')];
    assert.equal((await tight.assemble(['num.20', 'num.1'])).length, a.length + b.length);
    assert.equal((await library.assemble([])).length, 0);
    assert.equal((await library.assemble(['num.20'])).length, a.length);
    await assert.rejects(PromptLibrary.load({ gapMs: -1 }), RangeError);
  });

  it('the override folder wins, for that tenant only', async () => {
    const dir = tenantPromptsDir(dataDir, tenant);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'org.name.wav'), encodeWav(constant(800, 1234)));
    assert.deepEqual(await library.loadTenant(tenant), []);
    assert.deepEqual(await library.clip('org.name', tenant), constant(800, 1234));
    assert.deepEqual(await library.clip('org.name', 'vara'), await shipped('org.name'));
    assert.deepEqual(await library.clip('org.name'), await shipped('org.name'));
    const welcome = await library.assemble(['swb.welcome', 'org.name'], tenant);
    assert.deepEqual(welcome.subarray(welcome.length - 800), constant(800, 1234));
  });

  it('a recording in G.711 (µ-law) loads as linear samples', async () => {
    const dir = tenantPromptsDir(dataDir, 'karlsborg');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'swb.closed.wav'), encodeWav(constant(160, 1000), { encoding: 'mulaw' }));
    assert.deepEqual(await library.loadTenant('karlsborg'), []);
    const samples = await library.clip('swb.closed', 'karlsborg');
    assert.equal(samples.length, 160);
    assert.ok(samples.every((x) => Math.abs(x - 1000) < 40), String(samples[0]));
  });

  it('overrides are read once; forgetTenant reads the folder again', async () => {
    const file = path.join(tenantPromptsDir(dataDir, tenant), 'swb.closed.wav');
    await writeFile(file, encodeWav(constant(100, 7)));
    assert.deepEqual(await library.clip('swb.closed', tenant), await shipped('swb.closed'));
    library.forgetTenant(tenant);
    assert.deepEqual(await library.clip('swb.closed', tenant), constant(100, 7));
    await rm(file);
    library.forgetTenant(tenant);
  });

  it('a recording renamed into the folder by another app server is heard after recheckMs, without forgetTenant', async () => {
    const watching = await PromptLibrary.load({ dataDir, recheckMs: 0 });
    const dir = tenantPromptsDir(dataDir, 'ljusdal');
    await mkdir(dir, { recursive: true });
    assert.deepEqual(await watching.clip('swb.closed', 'ljusdal'), await shipped('swb.closed'));
    // As PromptService writes: whole under a temporary name, then renamed into place.
    await writeFile(path.join(dir, 'swb.closed.wav.tmp'), encodeWav(constant(100, 5)));
    await rename(path.join(dir, 'swb.closed.wav.tmp'), path.join(dir, 'swb.closed.wav'));
    assert.deepEqual(await watching.clip('swb.closed', 'ljusdal'), constant(100, 5));
    await rm(path.join(dir, 'swb.closed.wav'));
    assert.deepEqual(await watching.clip('swb.closed', 'ljusdal'), await shipped('swb.closed'));
  });

  it('an override that names no clip, or has the wrong format, is reported at load; the good ones still apply', async () => {
    const dir = tenantPromptsDir(dataDir, 'fagersta');
    await mkdir(path.join(dir, 'names'), { recursive: true });
    await writeFile(path.join(dir, 'växeln-stängd.wav'), encodeWav(constant(10, 1)));
    await writeFile(path.join(dir, 'swb.closed.wav'), encodeWav(constant(10, 1), { sampleRate: 44100 }));
    await writeFile(path.join(dir, 'swb.opens.wav'), encodeWav(constant(10, 9)));
    await writeFile(path.join(dir, 'LÄSMIG.txt'), 'inte ljud');
    const problems = await library.loadTenant('fagersta');
    assert.deepEqual(
      problems.map((p) => [p.code, p.field]),
      [
        ['media.wav.not-8khz-mono', 'swb.closed.wav'],
        ['prompts.override.unknown-clip', 'växeln-stängd.wav'],
      ],
    );
    assert.match(problems[1]!.sv, /inget ljudklipp som heter växeln-stängd/);
    assert.deepEqual(await library.clip('swb.closed', 'fagersta'), await shipped('swb.closed'));
    assert.deepEqual(await library.clip('swb.opens', 'fagersta'), constant(10, 9));
  });

  it('name clips: found, used in a plan, re-read when re-rendered, and missing ones are said so', async () => {
    const file = nameClipPath(dataDir, tenant, 'anna-berg');
    assert.equal(file, path.join(dataDir, 'prompts', tenant, 'names', 'anna-berg.wav'));
    assert.equal(await library.hasNameClip(tenant, 'anna-berg'), false);
    const plan = sayAbsence({ who: { name: nameClip('anna-berg') }, reason: 'meeting', now: atStockholm(plainDate('2026-04-22'), '10:00') });
    await assert.rejects(library.assemble(plan, tenant), (e) => codes(e).includes('prompts.name.missing'));

    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, encodeWav(constant(400, 55)));
    assert.equal(await library.hasNameClip(tenant, 'anna-berg'), true);
    const meeting = await shipped('reason.meeting');
    const audio = await library.assemble(plan, tenant);
    assert.equal(audio.length, 400 + 480 + meeting.length);
    assert.deepEqual(audio.subarray(0, 400), constant(400, 55));

    // Renamed: a new file of another length replaces the cached one.
    await writeFile(file, encodeWav(constant(600, 66)));
    assert.deepEqual((await library.assemble([nameClip('anna-berg')], tenant)).subarray(0, 600), constant(600, 66));
    await assert.rejects(library.assemble([nameClip('anna-berg')]), (e) => codes(e).includes('prompts.name.no-tenant'));
  });

  it('sentences are made once and shared (samples and G.711 encoding) until a recording or a name changes', async () => {
    const lib = await PromptLibrary.load({ dataDir, recheckMs: 0 });
    const closed: Plan = ['swb.welcome', 'org.name', 'silence.500', 'swb.closed'];
    const first = await lib.sentence(closed, 'kiruna');
    assert.deepEqual(first.samples, await lib.assemble(closed, 'kiruna'));
    assert.equal(await lib.sentence(closed, 'kiruna'), first, 'the same Clip for the next caller');
    assert.equal(first.encodedAs('PCMA'), (await lib.sentence(closed, 'kiruna')).encodedAs('PCMA'), 'encoded once');
    assert.notEqual(await lib.sentence(closed), first, 'the shipped sentence is another');
    // The municipality records its name: the next caller hears a new sentence.
    const dir = tenantPromptsDir(dataDir, 'kiruna');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'org.name.wav'), encodeWav(constant(300, 9)));
    const recorded = await lib.sentence(closed, 'kiruna');
    assert.notEqual(recorded, first);
    assert.deepEqual(recorded.samples, await lib.assemble(closed, 'kiruna'));
    // A name clip re-rendered makes its sentences anew.
    const name = nameClipPath(dataDir, 'kiruna', 'p-1');
    await mkdir(path.dirname(name), { recursive: true });
    await writeFile(name, encodeWav(constant(200, 3)));
    const who: Plan = [nameClip('p-1'), 'reason.lunch'];
    const withName = await lib.sentence(who, 'kiruna');
    assert.equal(await lib.sentence(who, 'kiruna'), withName);
    await writeFile(name, encodeWav(constant(260, 4)));
    assert.deepEqual((await lib.sentence(who, 'kiruna')).samples.subarray(0, 260), constant(260, 4));
    await assert.rejects(lib.sentence([nameClip('p-1')]), (e) => codes(e).includes('prompts.name.no-tenant'));
    await assert.rejects(lib.sentence(['num.2000' as ClipId]), (e) => codes(e).includes('prompts.plan.unknown-clip'));
    assert.equal(lib.sentenceCache.sentences, 3, "one per plan and tenant: the stale ones replaced");
  });

  it('the sentence cache keeps at most SENTENCE_CACHE_SAMPLES, dropping the least recently used', async () => {
    const lib = await PromptLibrary.load();
    const long: Plan = Array.from({ length: 40 }, () => 'vm.record-greeting' as const); // about 3.5 minutes
    const plans = Array.from({ length: 12 }, (_, i): Plan => [...long, `num.${i}` as ClipId]);
    const kept = await lib.sentence(plans[0]!);
    for (const plan of plans.slice(1)) {
      await lib.sentence(plan);
      await lib.sentence(plans[0]!); // used again: kept
      assert.ok(lib.sentenceCache.samples <= SENTENCE_CACHE_SAMPLES, `${lib.sentenceCache.samples}`);
    }
    assert.equal(await lib.sentence(plans[0]!), kept);
    assert.ok(lib.sentenceCache.sentences < plans.length);
  });

  it('a plan item that is no clip is an error before any audio is made', async () => {
    await assert.rejects(library.assemble(['num.1', 'num.2000' as ClipId]), (e) => codes(e).includes('prompts.plan.unknown-clip'));
    await assert.rejects(library.assemble(['name:../../etc/passwd' as ClipId], tenant), (e) => codes(e).includes('prompts.plan.unknown-clip'));
  });

  it('tenant names and name keys cannot leave the data folder', async () => {
    assert.throws(() => tenantPromptsDir(dataDir, '../x'), RangeError);
    assert.throws(() => nameClipPath(dataDir, tenant, '../x'), RangeError);
    await assert.rejects(library.loadTenant('..'), RangeError);
  });

  it('without a data folder there are no overrides and no names', async () => {
    const plain = await PromptLibrary.load();
    assert.deepEqual(await plain.loadTenant(tenant), []);
    assert.deepEqual(await plain.clip('org.name', tenant), await shipped('org.name'));
    assert.equal(await plain.hasNameClip(tenant, 'anna-berg'), false);
  });

  it('a shipped folder that lacks a clip or holds a stranger does not load', async () => {
    const dir = path.join(dataDir, 'shipped-copy');
    await cp(SHIPPED_CLIPS_DIR, dir, { recursive: true });
    await rm(path.join(dir, 'num.7.wav'));
    await writeFile(path.join(dir, 'num.7b.wav'), encodeWav(constant(10, 1)));
    await writeFile(path.join(dir, 'swb.closed.wav'), encodeWav(constant(10, 1), { sampleRate: 16000 }));
    await assert.rejects(PromptLibrary.load({ clipsDir: dir }), (e) => {
      assert.deepEqual(codes(e).sort(), ['media.wav.not-8khz-mono', 'prompts.clip.missing', 'prompts.clip.unknown']);
      return true;
    });
    assert.ok(CLIPS.has('num.7'));
  });
});
