// WAV in the browser: what the page uploads when the administrator chose an MP3 or recorded
// with the microphone. The server takes WAV only (it has no decoders for compressed formats);
// the browser decodes anything it can play, and this turns the samples into a 16-bit WAV.
// Pure functions, tested in Node (test/web/logic.test.ts).

/** The mean of the channels: a mono recording. */
export function mixDown(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const length = Math.min(...channels.map((c) => c.length));
  const out = new Float32Array(length);
  for (const c of channels) for (let i = 0; i < length; i++) out[i]! += c[i]! / channels.length;
  return out;
}

/** A 16-bit PCM mono WAV of samples in -1..1 (beyond that, clipped). */
export function wavFromFloat(samples: Float32Array, sampleRate: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => [...s].forEach((ch, i) => view.setUint8(at + i, ch.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    view.setInt16(44 + i * 2, Math.round(s < 0 ? s * 32768 : s * 32767), true);
  }
  return bytes;
}

/** Whether the file starts as a RIFF WAVE file does (then it goes up as it is). */
export function looksLikeWav(head: Uint8Array): boolean {
  const tag = (from: number) => String.fromCharCode(...head.subarray(from, from + 4));
  return head.length >= 12 && tag(0) === 'RIFF' && tag(8) === 'WAVE';
}

/** "1,3 s" */
export function secondsText(ms: number, lang: 'sv' | 'en'): string {
  const s = (ms / 1000).toFixed(1);
  return `${lang === 'sv' ? s.replace('.', ',') : s} s`;
}
