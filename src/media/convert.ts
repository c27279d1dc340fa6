// Audio that people upload (a voicemail greeting, a municipality's own recording of a prompt)
// turned into what the phone network carries: 8 kHz mono 16-bit PCM. Pure functions over
// bytes and samples; each refusal says why in Swedish, in the caller's own words for the
// thing uploaded ("hälsningen", "inspelningen").
import { fail, ok, problem, type Problem, type Result } from '../core/errors.js';
import { rms } from './analysis.js';
import { readWav, riffChunks } from './wav.js';

export const TELEPHONE_RATE = 8000;
/** The highest sample rate and channel count an upload may have (studio recordings: 192 kHz, 5.1/7.1). */
export const MAX_UPLOAD_RATE = 192_000;
export const MAX_UPLOAD_CHANNELS = 8;

/**
 * RMS over 20 ms below this (about -50 dBFS) is silence or line noise. Speech on a phone
 * line peaks far above it (-20 to -10 dBFS); G.711 silence decodes to 0 or a few steps.
 */
export const SILENCE_RMS = 100;

/** True when no 20 ms frame of `samples` (8 kHz) reaches speech level. */
export function isSilent(samples: Int16Array, threshold = SILENCE_RMS): boolean {
  const frame = 160;
  for (let at = 0; at < samples.length; at += frame) {
    if (rms(samples.subarray(at, Math.min(samples.length, at + frame))) >= threshold) return false;
  }
  return true;
}

/** The mean of the channels of interleaved samples (rounded half up, as Math.round). */
export function downmix(samples: Int16Array, channels: number): Int16Array {
  if (channels === 1) return samples;
  const frames = Math.floor(samples.length / channels);
  const out = new Int16Array(frames);
  if (channels === 2) {
    // The common case, without a division per frame: (l + r + 1) >> 1 is Math.round((l + r) / 2).
    for (let f = 0, at = 0; f < frames; f++, at += 2) out[f] = (samples[at]! + samples[at + 1]! + 1) >> 1;
    return out;
  }
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += samples[f * channels + c]!;
    out[f] = Math.round(sum / channels);
  }
  return out;
}

/** Zero crossings of the windowed sinc on each side: the filter's steepness. */
const ZERO_CROSSINGS = 10;

/** More phases than this (rates with no small common ratio) compute each tap as they go. */
const MAX_PHASES = 4096;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** One tap of the filter: a sinc at `cutoff` under a Blackman window `half` samples wide. */
function tap(d: number, cutoff: number, half: number): number {
  const x = 2 * cutoff * d;
  const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
  return sinc * (0.42 + 0.5 * Math.cos((Math.PI * d) / half) + 0.08 * Math.cos((2 * Math.PI * d) / half));
}

/**
 * Resampling from `from` to `to` Hz with a windowed-sinc low-pass (Blackman window) whose
 * cutoff is 90 % of the lower Nyquist frequency, so that what lies above 3.6 kHz in a 44.1 or
 * 48 kHz file is filtered out rather than folded into the telephone band as noise. Gain is
 * kept at 1. Output sample i lies at input position i·from/to; with from/to = P/Q in lowest
 * terms there are only Q fractional positions (phases), so the taps are computed once per
 * phase (polyphase) and each output is multiply-adds only.
 */
class Resampler {
  private readonly p: number;
  private readonly q: number;
  private readonly half: number;
  private readonly cutoff: number;
  /** Per phase, the 2·half taps for input offsets -half+1 … half; null: too many phases. */
  private readonly table: Float64Array | null;
  /** Per phase, the sum of its taps: the gain to divide by when every tap has a sample. */
  private readonly sums: Float64Array | null;

  constructor(from: number, to: number) {
    const g = gcd(from, to);
    this.p = from / g;
    this.q = to / g;
    this.cutoff = (0.9 * Math.min(from, to)) / 2 / from; // cycles per input sample
    this.half = Math.ceil(ZERO_CROSSINGS / (2 * this.cutoff)); // input samples on each side
    const width = 2 * this.half;
    if (this.q > MAX_PHASES) {
      this.table = null;
      this.sums = null;
      return;
    }
    this.table = new Float64Array(this.q * width);
    this.sums = new Float64Array(this.q);
    for (let phase = 0; phase < this.q; phase++) {
      let sum = 0;
      for (let j = -this.half + 1; j <= this.half; j++) {
        const h = tap(phase / this.q - j, this.cutoff, this.half);
        this.table[phase * width + j + this.half - 1] = h;
        sum += h;
      }
      this.sums[phase] = sum;
    }
  }

  outputLength(inputLength: number): number {
    return Math.floor((inputLength * this.q) / this.p);
  }

  /** Every output sample of `samples` into `out`. */
  run(samples: Int16Array, out: Int16Array): void {
    const { p, q, half, table, sums } = this;
    const width = 2 * half;
    for (let i = 0; i < out.length; i++) {
      const centre = Math.floor((i * p) / q);
      const phase = (i * p) % q;
      let acc = 0;
      let weight = 0;
      const first = Math.max(centre - half + 1, 0);
      const last = Math.min(centre + half, samples.length - 1);
      if (table && sums) {
        const base = phase * width + half - 1 - centre;
        if (last - first + 1 === width) {
          for (let k = first; k <= last; k++) acc += samples[k]! * table[base + k]!;
          weight = sums[phase]!; // every tap has a sample
        } else {
          for (let k = first; k <= last; k++) {
            const h = table[base + k]!;
            acc += samples[k]! * h;
            weight += h;
          }
        }
      } else {
        for (let k = first; k <= last; k++) {
          const h = tap(phase / q + centre - k, this.cutoff, half);
          acc += samples[k]! * h;
          weight += h;
        }
      }
      out[i] = clamp16(weight === 0 ? 0 : acc / weight);
    }
  }
}

/** Resamples `samples` (see Resampler). Minutes of audio take a second: uploads convert on a worker (convert-off-thread.ts). */
export function resample(samples: Int16Array, from: number, to = TELEPHONE_RATE): Int16Array {
  if (from === to) return samples;
  const r = new Resampler(from, to);
  const out = new Int16Array(r.outputLength(samples.length));
  r.run(samples, out);
  return out;
}

function clamp16(v: number): number {
  return v > 32767 ? 32767 : v < -32768 ? -32768 : Math.round(v);
}

const dbToLinear = (db: number) => 32767 * 10 ** (db / 20);

/**
 * Cuts the quiet ends off a recording, as the shipped clips are cut (sox `silence` at -45 dB):
 * from the first to the last 10 ms window whose peak reaches `thresholdDb`, keeping `padMs`
 * on each side so that a soft first consonant is not clipped.
 */
export function trimSilence(samples: Int16Array, opts: { thresholdDb?: number; padMs?: number; rate?: number } = {}): Int16Array {
  const rate = opts.rate ?? TELEPHONE_RATE;
  const window = Math.max(1, Math.round(rate / 100));
  const threshold = dbToLinear(opts.thresholdDb ?? -45);
  const loud = (from: number) => {
    for (let i = from; i < Math.min(samples.length, from + window); i++) if (Math.abs(samples[i]!) >= threshold) return true;
    return false;
  };
  let first = -1;
  for (let at = 0; at < samples.length; at += window) if (loud(at)) { first = at; break; }
  if (first < 0) return samples.subarray(0, 0);
  let last = first;
  for (let at = Math.floor((samples.length - 1) / window) * window; at >= first; at -= window) if (loud(at)) { last = Math.min(samples.length, at + window); break; }
  const pad = Math.round(((opts.padMs ?? 20) * rate) / 1000);
  return samples.slice(Math.max(0, first - pad), Math.min(samples.length, last + pad));
}

/** Scales so that the highest peak is at `peakDb` dBFS (the shipped clips: -3), as sox `norm`. */
export function normalizePeak(samples: Int16Array, peakDb = -3): Int16Array {
  let peak = 0;
  for (const s of samples) peak = Math.max(peak, Math.abs(s));
  if (peak === 0) return samples;
  const gain = dbToLinear(peakDb) / peak;
  return samples.map((s) => clamp16(s * gain));
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

interface Decoded {
  sampleRate: number;
  channels: number;
  samples: Int16Array;
}

/**
 * A WAV as recorders and editors write it: 16-bit PCM, µ-law and A-law (the media layer's
 * readWav), and also 24- and 32-bit PCM and 32-bit float (Audacity, field recorders), which
 * are reduced to 16 bits here. Null when the bytes are a WAV in some other encoding.
 */
function decodeWideWav(bytes: Uint8Array): Decoded | null {
  const chunks = riffChunks(bytes);
  if (!chunks.ok) return null;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fmt = chunks.value.find((c) => c.id === 'fmt ');
  const data = chunks.value[chunks.value.length - 1]!;
  if (!fmt || fmt.size < 16 || fmt.offset + 16 > buf.length) return null;
  let tag = buf.readUInt16LE(fmt.offset);
  const channels = buf.readUInt16LE(fmt.offset + 2);
  const sampleRate = buf.readUInt32LE(fmt.offset + 4);
  const bits = buf.readUInt16LE(fmt.offset + 14);
  if (tag === FORMAT_EXTENSIBLE && fmt.size >= 40) tag = buf.readUInt16LE(fmt.offset + 24);
  const read: ((at: number) => number) | null =
    tag === FORMAT_PCM && bits === 24 ? (at) => buf.readIntLE(at, 3) / 256
      : tag === FORMAT_PCM && bits === 32 ? (at) => buf.readInt32LE(at) / 65536
        : tag === FORMAT_FLOAT && bits === 32 ? (at) => buf.readFloatLE(at) * 32767
          : null;
  if (!read || channels < 1 || sampleRate < 1) return null;
  const width = bits / 8;
  const length = Math.min(data.size, buf.length - data.offset);
  const samples = new Int16Array(Math.floor(length / width / channels) * channels);
  for (let i = 0; i < samples.length; i++) samples[i] = clamp16(read(data.offset + i * width));
  return { sampleRate, channels, samples };
}

/** The words for what is uploaded, for the refusals: "hälsningen", "inspelningen". */
export interface UploadWording {
  /** Problem codes are `<code>.not-wav`, `<code>.rate`, ... */
  code: string;
  /** Swedish, definite form of a common-gender noun: "hälsningen". */
  sv: string;
  /** English: "greeting". */
  en: string;
  field: string;
  rule?: string;
}

export interface UploadLimits {
  minMs: number;
  maxMs: number;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  if (s === 1) return 'en sekund';
  return `${Number.isInteger(s) ? s : s.toFixed(1).replace('.', ',')} sekunder`;
}

/**
 * An uploaded WAV as callers will hear it: mixed to mono and resampled to 8 kHz. The server
 * calls it through convertOffThread, so that calls' media never waits for it. Refused, with
 * a Swedish reason: not a WAV, another encoding, below 8 kHz, shorter or longer than the
 * limits, or silent.
 */
export function telephoneAudioFromWav(bytes: Uint8Array, limits: UploadLimits, words: UploadWording): Result<Int16Array> {
  const refuse = (code: string, sv: string, en: string): Result<Int16Array> => {
    const extra: Omit<Problem, 'code' | 'sv' | 'en'> = { field: words.field, ...(words.rule ? { rule: words.rule } : {}) };
    return fail(problem(`${words.code}.${code}`, sv, en, extra));
  };
  const What = words.sv[0]!.toUpperCase() + words.sv.slice(1);
  let decoded: Decoded;
  const wav = readWav(bytes);
  if (wav.ok) decoded = wav.value;
  else {
    const wide = decodeWideWav(bytes);
    if (!wide) {
      return wav.problems.some((p) => p.code === 'media.wav.unsupported')
        ? refuse('encoding', `Ljudfilens format stöds inte. Spara ${words.sv} som WAV med 16-, 24- eller 32-bitars PCM (eller µ-law/A-law).`, `Unsupported WAV encoding: ${wav.problems[0]?.en ?? ''}`)
        : refuse('not-wav', `Filen är inte en WAV-fil. Spara ${words.sv} som WAV (gärna 8000 Hz mono) och försök igen.`, `Not a WAV file: ${wav.problems[0]?.en ?? ''}`);
    }
    decoded = wide;
  }
  const { sampleRate, channels } = decoded;
  if (sampleRate < TELEPHONE_RATE) {
    return refuse('rate', `Ljudet har för låg samplingsfrekvens (${sampleRate} Hz). Det behöver minst 8000 Hz.`, `Sample rate ${sampleRate} Hz is below 8000 Hz`);
  }
  // Beyond studio rates and channel counts a header is more likely broken than the audio real,
  // and the filter for an absurd rate would take the converter minutes.
  if (sampleRate > MAX_UPLOAD_RATE) {
    return refuse('rate', `Ljudet har för hög samplingsfrekvens (${sampleRate} Hz). Spara det med högst 192000 Hz.`, `Sample rate ${sampleRate} Hz is above ${MAX_UPLOAD_RATE} Hz`);
  }
  if (channels > MAX_UPLOAD_CHANNELS) {
    return refuse('encoding', `Ljudet har ${channels} kanaler. Spara det i mono eller stereo.`, `${channels} channels; at most ${MAX_UPLOAD_CHANNELS}`);
  }
  const ms = (decoded.samples.length / channels / sampleRate) * 1000;
  if (ms > limits.maxMs) {
    return refuse('too-long', `${What} är för lång (${Math.round(ms / 1000)} sekunder). Den får vara högst ${seconds(limits.maxMs)}.`, `The ${words.en} is ${(ms / 1000).toFixed(1)} s; at most ${limits.maxMs / 1000} s`);
  }
  if (ms < limits.minMs) {
    return refuse('too-short', `${What} är för kort. Den behöver vara minst ${seconds(limits.minMs)}.`, `The ${words.en} is ${(ms / 1000).toFixed(2)} s; at least ${limits.minMs / 1000} s`);
  }
  const samples = resample(downmix(decoded.samples, channels), sampleRate);
  if (isSilent(samples)) {
    return refuse('silent', `${What} är tyst. Kontrollera mikrofonen och spela in igen.`, `The ${words.en} holds only silence`);
  }
  return ok(samples);
}
