import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeWav, rms, tone, xcorr, testSignal } from '../../media/index.js';
import { greetingFromWav } from './audio.js';
import { stereoWav } from '../../media/testing.js';

const codes = (r: Awaited<ReturnType<typeof greetingFromWav>>) => (r.ok ? [] : r.problems.map((p) => p.code));

test('P-VM-2: a 48 kHz stereo greeting becomes 8 kHz mono with the same tone', async () => {
  const left = tone(1000, 2000, 8000, 48000);
  const wav = stereoWav(left, 48000);
  const r = await greetingFromWav(wav);
  assert.ok(r.ok, JSON.stringify(codes(r)));
  assert.equal(r.value.length, 16000);
  const expected = tone(1000, 2000);
  // The first and last few milliseconds see the filter's edge; the middle must match.
  assert.ok(xcorr(expected.subarray(200, 15800), r.value.subarray(200, 15800)).atZero > 0.999);
  assert.ok(Math.abs(rms(r.value.subarray(200, 15800)) - rms(expected)) / rms(expected) < 0.02, 'gain kept');
});

test('8 kHz mono PCM and µ-law pass unchanged in content', async () => {
  const voice = testSignal(1500, 7);
  const pcm = await greetingFromWav(encodeWav(voice));
  assert.ok(pcm.ok);
  assert.deepEqual(pcm.value, voice);
  const ulaw = await greetingFromWav(encodeWav(voice, { encoding: 'mulaw' }));
  assert.ok(ulaw.ok);
  assert.ok(xcorr(voice, ulaw.value).atZero > 0.99);
});

test('P-VM-2: refusals say why in Swedish: not a WAV, low rate, too short, too long, silent', async () => {
  const notWav = await greetingFromWav(Buffer.from('ID3\u0003mp3 data here'));
  assert.deepEqual(codes(notWav), ['voicemail.greeting.not-wav']);
  assert.match(notWav.ok ? '' : notWav.problems[0]!.sv, /inte en WAV-fil/);
  assert.deepEqual(codes(await greetingFromWav(encodeWav(testSignal(2000, 1, 8000, 4000), { sampleRate: 4000 }))), ['voicemail.greeting.rate']);
  assert.deepEqual(codes(await greetingFromWav(encodeWav(testSignal(500)))), ['voicemail.greeting.too-short']);
  assert.deepEqual(codes(await greetingFromWav(encodeWav(new Int16Array(8000 * 61).fill(1000)))), ['voicemail.greeting.too-long']);
  const silent = await greetingFromWav(encodeWav(new Int16Array(16000)));
  assert.deepEqual(codes(silent), ['voicemail.greeting.silent']);
  assert.equal(silent.ok ? '' : silent.problems[0]!.rule, 'P-VM-2');
});
