import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { correlationAt, testSignal } from './analysis.js';
import { decode, encode } from './g711.js';
import { Recorder, recoverRecordings, sidecarPath, type RecordingMeta } from './recorder.js';
import type { RtpPacket } from './rtp.js';
import { encodeWav, readWav, readWavFile } from './wav.js';
import { WavWriter } from './wav-writer.js';

const dir = await mkdtemp(join(tmpdir(), 'media-recorder-'));
test.after(() => rm(dir, { recursive: true, force: true }));

function packets(signal: Int16Array, options: { seq0?: number; ts0?: number; ssrc?: number } = {}): RtpPacket[] {
  const mu = encode('PCMU', signal);
  const out: RtpPacket[] = [];
  for (let i = 0; i * 160 < signal.length; i++) {
    out.push({
      marker: i === 0,
      payloadType: 0,
      sequenceNumber: ((options.seq0 ?? 65500) + i) & 0xffff,
      timestamp: ((options.ts0 ?? 0xffff0000) + i * 160) >>> 0,
      ssrc: options.ssrc ?? 1,
      csrcs: [],
      payload: Buffer.from(mu.subarray(i * 160, (i + 1) * 160)),
      padding: 0,
    });
  }
  return out;
}

async function record(name: string, feed: RtpPacket[]) {
  const path = join(dir, `${name}.wav`);
  const recorder = new Recorder(await WavWriter.open(path), { depth: 8 });
  for (const p of feed) recorder.push(p, 'PCMU');
  recorder.finish();
  await recorder.writer.close();
  const wav = await readWavFile(path);
  if (!wav.ok) assert.fail(wav.problems[0]!.en);
  return { samples: wav.value.samples, stats: recorder.stats };
}

test('shuffled, duplicated and lost packets (across the sequence and timestamp wrap): order restored, losses become silence of their length', async () => {
  const signal = testSignal(2000, 8);
  const sent = packets(signal);
  const lost = new Set([10, 11, 50]); // indexes
  let seed = 99;
  const arrival = sent
    .filter((_, i) => !lost.has(i))
    .flatMap((p, i) => (i % 13 === 0 ? [p, p] : [p]))
    .map((p, i) => ({ p, key: i + ((seed = (seed * 1103515245 + 12345) >>> 0) % 5) }))
    .sort((x, y) => x.key - y.key)
    .map((x) => x.p);
  const { samples, stats } = await record('shuffled', arrival);
  assert.equal(samples.length, signal.length, 'lost packets keep their place');
  assert.equal(stats.lost, 3);
  assert.ok(stats.duplicates >= 7);
  assert.equal(stats.late, 0);
  assert.equal(stats.silenceSamples, 3 * 160);
  const reference = decode('PCMU', encode('PCMU', signal));
  for (const i of lost) assert.ok(samples.subarray(i * 160, (i + 1) * 160).every((s) => s === 0), `packet ${i} is silence`);
  const kept = (xs: Int16Array) => Int16Array.from(xs.filter((_, k) => !lost.has(Math.floor(k / 160))));
  assert.deepEqual(kept(samples), kept(reference), 'everything else sample for sample');
  assert.ok(correlationAt(reference, samples, 0) > 0.97);
});

test('a timestamp jump (silence suppression) is written as silence; a new SSRC continues right after', async () => {
  const first = packets(testSignal(200, 1), { seq0: 100, ts0: 1000 });
  const afterPause = packets(testSignal(200, 2), { seq0: 110, ts0: 1000 + 1600 + 800 }); // 100 ms pause
  const newSource = packets(testSignal(200, 3), { seq0: 7, ts0: 5, ssrc: 2 });
  const { samples, stats } = await record('pause', [...first, ...afterPause, ...newSource]);
  assert.equal(samples.length, 1600 + 800 + 1600 + 1600);
  assert.ok(samples.subarray(1600, 2400).every((s) => s === 0));
  assert.equal(stats.silenceSamples, 800);
  assert.equal(stats.lost, 0);
});

test('recoverRecordings completes the sidecars of crashed recordings and repairs their WAV', async () => {
  const sub = await mkdtemp(join(dir, 'rec-'));
  const wav = encodeWav(testSignal(1000));
  wav.writeUInt32LE(0, 40); // as a crash leaves it: header written, sizes never updated
  await writeFile(join(sub, 'a.wav'), wav);
  const meta: RecordingMeta = { file: 'a.wav', encoding: 'pcm16', sampleRate: 8000, startedAt: '2026-11-02T08:00:00Z', complete: false, caller: '+46701234567' };
  await writeFile(sidecarPath(join(sub, 'a.wav')), JSON.stringify(meta));
  await writeFile(join(sub, 'done.json'), JSON.stringify({ ...meta, file: 'done.wav', complete: true }));
  await writeFile(join(sub, 'other.json'), 'not json');
  const recovered = await recoverRecordings(sub);
  assert.equal(recovered.length, 1);
  assert.equal(recovered[0]!.durationMs, 1000);
  assert.equal(recovered[0]!.recovered, true);
  assert.equal(recovered[0]!.caller, '+46701234567');
  const bytes = await readFile(join(sub, 'a.wav'));
  const r = readWav(bytes);
  assert.ok(r.ok && !r.value.truncated && r.value.samples.length === 8000);
  assert.equal(JSON.parse(await readFile(join(sub, 'a.json'), 'utf8')).complete, true);
  assert.deepEqual(await recoverRecordings(sub), [], 'nothing left to recover');
});
