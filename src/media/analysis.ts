// Checking what a caller hears: normalised cross-correlation of a recording against the
// audio that was sent, plus small signal generators for tests.
//
// RMS alone only proves that something was heard; correlation proves it was the right
// audio, at the right offset (r = 0.9999 at lag 0 for the right file, about 0.06 for a
// wrong one, in the baresip runs of shared/notes/sip-test-peers.md).

export type Samples = Int16Array | Float32Array | Float64Array | readonly number[];

export interface Correlation {
  /** Normalised correlation at `lag` (1 = identical up to a gain, 0 = unrelated). */
  r: number;
  /** Samples by which `recorded` is late against `reference` (negative: early). */
  lag: number;
}

/**
 * Normalised cross-correlation at one lag, over the samples both signals have:
 * sum(a[i] * b[i + lag]) / sqrt(sum(a[i]^2) * sum(b[i + lag]^2)). 0 when either side is silent.
 */
export function correlationAt(reference: Samples, recorded: Samples, lag: number): number {
  const start = Math.max(0, -lag);
  const end = Math.min(reference.length, recorded.length - lag);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = start; i < end; i++) {
    const a = reference[i]!;
    const b = recorded[i + lag]!;
    ab += a * b;
    aa += a * a;
    bb += b * b;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

/**
 * Cross-correlation for lags -maxLag..maxLag (default 0: only lag 0). Returns the lag-0
 * value and the best lag. Cost is O(length x lags): keep maxLag to what delay can occur.
 */
export function xcorr(reference: Samples, recorded: Samples, options: { maxLag?: number } = {}): { atZero: number; best: Correlation } {
  const maxLag = options.maxLag ?? 0;
  const atZero = correlationAt(reference, recorded, 0);
  let best: Correlation = { r: atZero, lag: 0 };
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    if (lag === 0) continue;
    const r = correlationAt(reference, recorded, lag);
    if (r > best.r) best = { r, lag };
  }
  return { atZero, best };
}

/** Root mean square level (0 for no samples). */
export function rms(samples: Samples): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / samples.length);
}

/** A sine tone as 16-bit PCM. */
export function tone(frequencyHz: number, durationMs: number, amplitude = 8000, sampleRate = 8000): Int16Array {
  const n = Math.round((durationMs * sampleRate) / 1000);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate));
  return out;
}

/**
 * Seeded speech-like test audio: noise shaped by a slowly varying envelope, so that it
 * correlates with itself only at lag 0 (a pure tone would also match a period later).
 */
export function testSignal(durationMs: number, seed = 1, amplitude = 8000, sampleRate = 8000): Int16Array {
  const n = Math.round((durationMs * sampleRate) / 1000);
  const out = new Int16Array(n);
  let state = seed >>> 0 || 1;
  let lowpass = 0;
  for (let i = 0; i < n; i++) {
    state ^= state << 13; // xorshift32
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const white = state / 0x80000000 - 1;
    lowpass = 0.6 * lowpass + 0.4 * white; // a little low-pass, as speech has most energy low
    const envelope = 0.55 + 0.45 * Math.sin((2 * Math.PI * 3 * i) / sampleRate); // 3 Hz "syllables"
    out[i] = Math.max(-32768, Math.min(32767, Math.round(amplitude * 2 * lowpass * envelope)));
  }
  return out;
}
