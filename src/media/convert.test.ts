import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeWav, rms, testSignal, tone, xcorr } from './index.js';
import { downmix, isSilent, normalizePeak, resample, telephoneAudioFromWav, trimSilence } from './convert.js';

const WORDS = { code: 'prompts.recording', sv: 'inspelningen', en: 'recording', field: 'file' };
const LIMITS = { minMs: 100, maxMs: 60_000 };

/** A WAV header for `bits`-bit audio of `format` (1 PCM, 3 float) around raw sample bytes. */
function wideWav(format: 1 | 3, bits: number, rate: number, channels: number, body: Buffer): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + body.length, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(format, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE((rate * channels * bits) / 8, 28);
  h.writeUInt16LE((channels * bits) / 8, 32);
  h.writeUInt16LE(bits, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(body.length, 40);
  return Buffer.concat([h, body]);
}

test('resampling filters what lies above the telephone band instead of folding it in', () => {
  const high = resample(tone(6000, 1000, 8000, 48000), 48000);
  assert.ok(rms(high.subarray(100, 7900)) < 0.02 * rms(tone(6000, 1000, 8000, 48000)), `6 kHz left ${rms(high)}`);
  const cd = resample(testSignal(1000, 3, 8000, 44100), 44100);
  assert.equal(cd.length, 8000);
});

test('silence: line noise is silent, a word is not', () => {
  const noise = new Int16Array(8000).map((_, i) => ((i * 7919) % 41) - 20);
  assert.ok(isSilent(noise));
  const word = new Int16Array(8000);
  word.set(testSignal(200, 2), 4000);
  assert.ok(!isSilent(word));
  assert.deepEqual(downmix(Int16Array.from([100, 300, -100, -300]), 2), Int16Array.from([200, -200]));
});

test('24-bit PCM and 32-bit float WAVs (Audacity, field recorders) are read and reduced to 16 bits', () => {
  const voice = tone(440, 500, 8000, 16000);
  const pcm24 = Buffer.alloc(voice.length * 3);
  voice.forEach((s, i) => pcm24.writeIntLE(s * 256, i * 3, 3));
  const float = Buffer.alloc(voice.length * 4);
  voice.forEach((s, i) => float.writeFloatLE(s / 32767, i * 4));
  for (const wav of [wideWav(1, 24, 16000, 1, pcm24), wideWav(3, 32, 16000, 1, float)]) {
    const r = telephoneAudioFromWav(wav, LIMITS, WORDS);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.length, 4000);
    assert.ok(xcorr(tone(440, 500).subarray(100, 3900), r.value.subarray(100, 3900)).atZero > 0.999);
  }
});

test('refusals are worded for the thing uploaded, with the field and the limits', () => {
  const r = telephoneAudioFromWav(encodeWav(new Int16Array(8000 * 61).fill(1000)), LIMITS, WORDS);
  assert.ok(!r.ok);
  assert.equal(r.problems[0]!.code, 'prompts.recording.too-long');
  assert.equal(r.problems[0]!.field, 'file');
  assert.match(r.problems[0]!.sv, /^Inspelningen är för lång \(61 sekunder\)\. Den får vara högst 60 sekunder\./);
  const short = telephoneAudioFromWav(encodeWav(testSignal(50)), LIMITS, WORDS);
  assert.ok(!short.ok);
  assert.match(short.problems[0]!.sv, /minst 0,1 sekunder/);
  const absurd = telephoneAudioFromWav(wideWav(1, 24, 1_000_000, 1, Buffer.alloc(3 * 4000)), LIMITS, WORDS);
  assert.ok(!absurd.ok);
  assert.equal(absurd.problems[0]!.code, 'prompts.recording.rate', 'a broken header is refused, not resampled for minutes');
  const many = telephoneAudioFromWav(wideWav(1, 24, 48_000, 64, Buffer.alloc(3 * 64 * 4800)), LIMITS, WORDS);
  assert.ok(!many.ok);
  assert.match(many.problems[0]!.sv, /64 kanaler/);
  const eightBit = wideWav(1, 8, 8000, 1, Buffer.alloc(8000, 128));
  const enc = telephoneAudioFromWav(eightBit, LIMITS, WORDS);
  assert.ok(!enc.ok);
  assert.equal(enc.problems[0]!.code, 'prompts.recording.encoding');
});

test('trimSilence keeps the spoken part with a short margin; normalizePeak sets the peak at -3 dBFS', () => {
  const word = testSignal(300, 4);
  const padded = new Int16Array(8000 + word.length);
  padded.set(word, 4000);
  const trimmed = trimSilence(padded, { padMs: 20 });
  // The word, its first and last windows' rounding, and 20 ms on each side.
  assert.ok(trimmed.length >= word.length && trimmed.length <= word.length + 2 * 160 + 2 * 80, `${trimmed.length}`);
  const at = xcorr(word, trimmed, { maxLag: 500 }).best;
  assert.ok(at.r > 0.999 && at.lag > 0, JSON.stringify(at));
  assert.equal(trimSilence(new Int16Array(800)).length, 0);
  const loud = normalizePeak(Int16Array.from([0, 1000, -2000, 500]));
  assert.equal(Math.max(...loud.map(Math.abs)), Math.round(32767 * 10 ** (-3 / 20)));
  assert.equal(loud[1], Math.round(loud[2]! / -2));
});

test('the polyphase resampler gives what the filter defines, also for rates with many phases', () => {
  // The filter computed directly for each output sample, as the definition reads.
  function direct(samples: Int16Array, from: number, to: number): Int16Array {
    const cutoff = (0.9 * Math.min(from, to)) / 2 / from;
    const half = Math.ceil(10 / (2 * cutoff));
    const out = new Int16Array(Math.floor((samples.length * to) / from));
    for (let i = 0; i < out.length; i++) {
      const t = (i * from) / to;
      const centre = Math.floor(t);
      let acc = 0;
      let weight = 0;
      for (let k = Math.max(0, centre - half + 1); k <= Math.min(samples.length - 1, centre + half); k++) {
        const d = t - k;
        const x = 2 * cutoff * d;
        const h = (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x)) * (0.42 + 0.5 * Math.cos((Math.PI * d) / half) + 0.08 * Math.cos((2 * Math.PI * d) / half));
        acc += samples[k]! * h;
        weight += h;
      }
      out[i] = Math.max(-32768, Math.min(32767, Math.round(acc / weight)));
    }
    return out;
  }
  for (const from of [44_100, 48_000, 22_050, 11_025, 16_000, 8_001]) {
    const input = testSignal(300, 5, 8000, from);
    const expected = direct(input, from, 8000);
    const got = resample(input, from);
    assert.equal(got.length, expected.length, `${from} Hz`);
    assert.ok(got.every((v, i) => Math.abs(v - expected[i]!) <= 1), `${from} Hz: within rounding of the definition`);
  }
});
