// Waiting: the Swedish ringback and the queue's welcome, music and position announcements,
// heard on real RTP; and the tones themselves, made in code.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HOLD_MUSIC_FILE, PromptLibrary, tenantPromptsDir } from '../../prompts/library.js';
import { sayQueuePosition, sayWelcome, type Plan } from '../../prompts/say.js';
import { words } from '../../prompts/testing.js';
import { encodeWav, rms, testSignal, tone, xcorr, correlationAt } from '../../media/index.js';
import { delay, testPortPool } from '../../media/testing.js';
import { WEDNESDAY_10 } from '../../core/routing/testing.js';
import { valdemarsvik } from '../../core/policy/index.js';
import type { AppContext } from '../../http/context.js';
import { DEFAULT_TIMING, type IvrDeps } from './index.js';
import { holdMusic, RINGBACK, ringbackTone } from './tones.js';
import { playQueueWaiting, playRingback } from './waiting.js';
import { anchoredCall, assertHeard, padded, type TestCall } from './testing.js';

const pool = testPortPool();

describe('tones made in code', () => {
  test('the Swedish ringback: 425 Hz for 1 s, then 5 s of silence (four rings = 24 s, P-SWB-1)', () => {
    const { samples } = ringbackTone();
    assert.deepEqual(RINGBACK, { hz: 425, onMs: 1000, offMs: 5000 });
    assert.equal(samples.length, 6 * 8000);
    const burst = samples.subarray(0, 8000);
    assert.ok(xcorr(tone(425, 1000), burst).atZero > 0.99, '425 Hz');
    assert.ok(xcorr(tone(400, 1000), burst).atZero < 0.2, 'not 400 Hz');
    assert.equal(rms(samples.subarray(8000)), 0, 'silence after the burst');
    assert.ok(Math.abs(samples[0]!) < 50 && Math.abs(samples[7999]!) < 50, 'the burst fades in and out: no click');
    assert.equal(ringbackTone(), ringbackTone(), 'made once, shared by every call');
  });

  test('music on hold: about 10 s, loops without a click, never clips, at a speech-like level', () => {
    const { samples } = holdMusic();
    assert.equal(samples.length, 4 * 8 * 320 * 8);
    let peak = 0;
    for (const x of samples) peak = Math.max(peak, Math.abs(x));
    assert.ok(peak > 9000 && peak < 11000, `peak ${peak} (about -10 dBFS)`);
    assert.ok(rms(samples) > 1000, `rms ${rms(samples)}: music, not silence`);
    assert.ok(Math.abs(samples[0]!) < 100 && Math.abs(samples[samples.length - 1]!) < 100, 'starts and ends near zero: the loop point does not click');
    assert.ok(correlationAt(samples.subarray(0, 8000), samples.subarray(8000, 16000), 0) < 0.5, 'it changes: not one tone');
  });
});

describe('ivr: waiting on real RTP', { concurrency: true }, () => {
  let prompts: PromptLibrary;
  let deps: IvrDeps;
  const calls: TestCall[] = [];
  before(async () => {
    prompts = await PromptLibrary.load();
    // Waiting reads nothing from the store: no context is needed.
    deps = { prompts, ctx: {} as AppContext, tenantSlug: 'valdemarsvik', profile: valdemarsvik, timing: { positionEveryMs: 1500 } };
  });
  after(() => Promise.all(calls.map((c) => c.close())));
  async function call(): Promise<TestCall> {
    const c = await anchoredCall(pool, { tenantId: 't', at: WEDNESDAY_10 });
    calls.push(c);
    return c;
  }

  test('the ringback tone is heard until stopped', async () => {
    const c = await call();
    const ringing = playRingback(c.call);
    await c.ear.waitForStart();
    await delay(1600);
    ringing.stop();
    await delay(100);
    const heard = c.ear.all();
    assert.ok(heard.length >= 12_000, `heard ${heard.length} samples`);
    assert.ok(xcorr(ringbackTone().samples.subarray(0, 8000), heard.subarray(0, 8000)).atZero > 0.99, 'the 425 Hz burst');
    assert.ok(rms(heard.subarray(8000, 12_000)) < 5, 'then the pause');
    const packets = c.ear.packets;
    await delay(300);
    assert.equal(c.ear.packets, packets, 'nothing after stop()');
  });

  test('P-FC-1: hanging up stops the ringback', async () => {
    const c = await call();
    playRingback(c.call);
    await c.ear.waitForStart();
    c.hangUp();
    await delay(100);
    const packets = c.ear.packets;
    await delay(300);
    assert.equal(c.ear.packets, packets);
  });

  test('issue 5: the queue welcomes, plays music, and says the position again every interval', async () => {
    assert.equal(DEFAULT_TIMING.positionEveryMs, 30_000, 'about every 30 s by default');
    const c = await call();
    let position = 3;
    const waiting = playQueueWaiting(c.call, () => position, deps);
    const welcomePlan: Plan = [...sayWelcome(), 'silence.500', 'queue.placed', 'silence.500', ...sayQueuePosition(3)];
    assert.equal(words(welcomePlan), 'Välkommen till kommunen . Ditt samtal är placerat i kö . Du har plats nummer tre');
    const welcome = padded([await prompts.assemble(welcomePlan, 'valdemarsvik')]);
    const second = padded([await prompts.assemble(sayQueuePosition(2), 'valdemarsvik')]);
    // The welcome, 1.5 s of music, then the new position: the caller moved up meanwhile.
    await delay(welcome.length / 8 + 500);
    position = 2;
    await delay(1000 + second.length / 8 + 500);
    waiting.stop();
    await delay(100);
    const heard = c.ear.all();
    assertHeard(heard.subarray(0, welcome.length), welcome, 'the welcome with the position');
    // Where the second announcement starts: after about 1.5 s of music.
    let best = { r: 0, frame: 0 };
    for (let frame = 60; frame <= 95; frame++) {
      const r = correlationAt(second, heard.subarray(welcome.length + frame * 160), 0);
      if (r > best.r) best = { r, frame };
    }
    assert.ok(best.r > 0.98, `"Du har plats nummer två" after the music: r = ${best.r}`);
    const music = heard.subarray(welcome.length, welcome.length + best.frame * 160);
    assert.ok(xcorr(holdMusic().samples.subarray(0, music.length), music).atZero > 0.99, `music on hold for ${best.frame * 20} ms`);
    assert.ok(heard.length > welcome.length + best.frame * 160 + second.length, 'music again after the position');
    const packets = c.ear.packets;
    await delay(300);
    assert.equal(c.ear.packets, packets, 'nothing after stop()');
  });

  test('issue 5 item 5: a municipality\'s own music on hold is what its callers hear after the welcome', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ov-music-'));
    try {
      const tune = testSignal(3000, 12, 3000);
      await mkdir(tenantPromptsDir(dataDir, 'ljungby'), { recursive: true });
      await writeFile(path.join(tenantPromptsDir(dataDir, 'ljungby'), HOLD_MUSIC_FILE), encodeWav(tune));
      const own = await PromptLibrary.load({ dataDir });
      const c = await call();
      const waiting = playQueueWaiting(c.call, () => 4, { ...deps, prompts: own, tenantSlug: 'ljungby' });
      const welcome = padded([await own.assemble([...sayWelcome(), 'silence.500', 'queue.placed', 'silence.500', ...sayQueuePosition(4)], 'ljungby')]);
      await delay(welcome.length / 8 + 1000);
      waiting.stop();
      await delay(100);
      const music = c.ear.all().subarray(welcome.length);
      assert.ok(music.length >= 4000, `heard ${music.length} samples of music`);
      assert.ok(xcorr(tune.subarray(0, music.length), music).atZero > 0.99, 'the municipality\'s music, not ours');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('issue 5: when call control plays something else on the session, the waiting gives way and does not come back', async () => {
    const c = await call();
    playQueueWaiting(c.call, () => 1, deps);
    await c.ear.waitForStart();
    await delay(200);
    const other = testSignal(400, 9);
    await c.call.session.play([other]).finished; // e.g. "Ditt samtal kopplas …" from the executor
    const packets = c.ear.packets;
    await delay(2500); // longer than the position interval
    assert.equal(c.ear.packets, packets, 'no welcome, music or position after the other audio');
    assert.ok(xcorr(other, c.ear.lastPrompt(other.length)).atZero > 0.99, 'the other audio was heard whole');
  });
});
