import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, encode } from './g711.js';
import { Clip, Player } from './player.js';

const ramp = (n: number, from = 0) => Int16Array.from({ length: n }, (_, i) => (from + i) * 8);

test('clips play back to back without gaps; the last frame is padded with silence', async () => {
  const clips = [ramp(100), ramp(250, 100), ramp(30, 350)];
  const player = new Player(clips);
  const frames: Uint8Array[] = [];
  for (let f = player.nextFrame('PCMU'); f; f = player.nextFrame('PCMU')) frames.push(Uint8Array.from(f));
  assert.equal(frames.length, 3); // 380 samples -> 160 + 160 + 60 (+100 silence)
  const all = Buffer.concat(frames);
  assert.deepEqual([...all.subarray(0, 380)], [...encode('PCMU', ramp(380))]);
  assert.ok(all.subarray(380).every((b) => b === 0xff));
  assert.deepEqual(await player.finished, { completed: true, framesSent: 3 });
  assert.equal(player.done, true);
});

test('onClip reports each clip as it starts, also in the middle of a frame', () => {
  const started: number[] = [];
  const player = new Player([ramp(100), ramp(400), ramp(10)], { onClip: (i) => started.push(i) });
  while (player.nextFrame('PCMA'));
  assert.deepEqual(started, [0, 1, 2]);
});

test('loop plays again until stopped; stop() resolves completed: false', async () => {
  const clip = new Clip(ramp(200));
  const player = new Player([clip], { loop: true });
  const out: number[] = [];
  for (let i = 0; i < 5; i++) out.push(...decode('PCMA', player.nextFrame('PCMA')!));
  assert.equal(out.length, 800);
  assert.deepEqual(out.slice(200, 400), [...decode('PCMA', clip.encodedAs('PCMA'))]);
  player.stop();
  assert.equal(player.nextFrame('PCMA'), undefined);
  assert.deepEqual(await player.finished, { completed: false, framesSent: 5 });
});

test('a clip is encoded once per law and shared', () => {
  const clip = new Clip(ramp(320));
  assert.equal(clip.encodedAs('PCMU'), clip.encodedAs('PCMU'));
  assert.notEqual(clip.encodedAs('PCMU'), clip.encodedAs('PCMA'));
  assert.equal(clip.durationMs, 40);
  const empty = new Player([new Int16Array(0)]);
  assert.equal(empty.nextFrame('PCMU'), undefined);
});
