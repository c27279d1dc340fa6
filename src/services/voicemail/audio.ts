// Audio checks for voicemail: an uploaded greeting becomes 8 kHz mono 16-bit PCM (what
// callers hear through G.711), and a recording that holds nothing but silence is told apart
// from one where someone spoke. Pure functions over samples.
import { fail, ok, problem, type Problem, type Result } from '../../core/errors.js';
import { readWav, rms } from '../../media/index.js';

export const VOICEMAIL_RATE = 8000;

/** P-VM-2: "a short recorded greeting". */
export const GREETING_MAX_SECONDS = 60;
export const GREETING_MIN_MS = 1000;

/**
 * RMS over 20 ms below this (about -50 dBFS) is silence or line noise. Speech on a phone
 * line peaks far above it (-20 to -10 dBFS); G.711 silence decodes to 0 or a few steps.
 */
export const SILENCE_RMS = 100;

/** True when no 20 ms frame of `samples` reaches speech level. */
export function isSilent(samples: Int16Array, threshold = SILENCE_RMS): boolean {
  const frame = 160;
  for (let at = 0; at < samples.length; at += frame) {
    if (rms(samples.subarray(at, Math.min(samples.length, at + frame))) >= threshold) return false;
  }
  return true;
}

/** The mean of the channels of interleaved samples. */
export function downmix(samples: Int16Array, channels: number): Int16Array {
  if (channels === 1) return samples;
  const frames = Math.floor(samples.length / channels);
  const out = new Int16Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += samples[f * channels + c]!;
    out[f] = Math.round(sum / channels);
  }
  return out;
}

/** Zero crossings of the windowed sinc on each side: the filter's steepness. */
const ZERO_CROSSINGS = 10;

/**
 * Resamples to `to` Hz with a windowed-sinc low-pass (Blackman window) whose cutoff is 90 %
 * of the lower Nyquist frequency, so that what lies above 3.6 kHz in a 44.1 or 48 kHz file
 * is filtered out rather than folded into the telephone band as noise. Gain is kept at 1.
 */
export function resample(samples: Int16Array, from: number, to = VOICEMAIL_RATE): Int16Array {
  if (from === to) return samples;
  const ratio = from / to;
  const cutoff = (0.9 * Math.min(from, to)) / 2 / from; // cycles per input sample
  const half = Math.ceil(ZERO_CROSSINGS / (2 * cutoff)); // input samples on each side
  const out = new Int16Array(Math.floor((samples.length * to) / from));
  for (let i = 0; i < out.length; i++) {
    const t = i * ratio;
    const centre = Math.floor(t);
    let acc = 0;
    let weight = 0;
    for (let k = centre - half + 1; k <= centre + half; k++) {
      if (k < 0 || k >= samples.length) continue;
      const d = t - k;
      const x = 2 * cutoff * d;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const w = 0.42 + 0.5 * Math.cos((Math.PI * d) / half) + 0.08 * Math.cos((2 * Math.PI * d) / half);
      const h = sinc * w;
      acc += samples[k]! * h;
      weight += h;
    }
    const v = weight === 0 ? 0 : acc / weight;
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : Math.round(v);
  }
  return out;
}

function greetingProblem(code: string, sv: string, en: string): Problem {
  return problem(`voicemail.greeting.${code}`, sv, en, { field: 'greeting', rule: 'P-VM-2' });
}

/**
 * An uploaded greeting as callers will hear it: any WAV the media layer reads (16-bit PCM,
 * µ-law, A-law; any channel count; 8 kHz or more) mixed to mono and resampled to 8 kHz.
 * Refused, with a Swedish reason: not a WAV, another encoding, below 8 kHz, shorter than a
 * second, longer than a minute, or silent.
 */
export function greetingFromWav(bytes: Uint8Array): Result<Int16Array> {
  const wav = readWav(bytes);
  if (!wav.ok) {
    const unsupported = wav.problems.some((p) => p.code === 'media.wav.unsupported');
    return fail(unsupported
      ? greetingProblem('encoding', 'Ljudfilens format stöds inte. Spara hälsningen som WAV med 16-bitars PCM (eller µ-law/A-law).', `Unsupported WAV encoding: ${wav.problems[0]?.en ?? ''}`)
      : greetingProblem('not-wav', 'Filen är inte en WAV-fil. Spela in hälsningen som WAV (gärna 8000 Hz mono) och försök igen.', `Not a WAV file: ${wav.problems[0]?.en ?? ''}`));
  }
  const { sampleRate, channels } = wav.value;
  if (sampleRate < VOICEMAIL_RATE) {
    return fail(greetingProblem('rate', `Ljudet har för låg samplingsfrekvens (${sampleRate} Hz). Det behöver minst 8000 Hz.`, `Sample rate ${sampleRate} Hz is below 8000 Hz`));
  }
  const seconds = wav.value.samples.length / channels / sampleRate;
  if (seconds > GREETING_MAX_SECONDS) {
    return fail(greetingProblem('too-long', `Hälsningen är för lång (${Math.round(seconds)} sekunder). Den får vara högst ${GREETING_MAX_SECONDS} sekunder.`, `Greeting is ${seconds.toFixed(1)} s; at most ${GREETING_MAX_SECONDS} s`));
  }
  if (seconds * 1000 < GREETING_MIN_MS) {
    return fail(greetingProblem('too-short', 'Hälsningen är för kort. Den behöver vara minst en sekund.', `Greeting is ${seconds.toFixed(2)} s; at least 1 s`));
  }
  const samples = resample(downmix(wav.value.samples, channels), sampleRate);
  if (isSilent(samples)) {
    return fail(greetingProblem('silent', 'Hälsningen är tyst. Kontrollera mikrofonen och spela in igen.', 'The greeting holds only silence'));
  }
  return ok(samples);
}
