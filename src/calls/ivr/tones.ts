// Tones made in code, so nothing needs a licence: the Swedish ringback tone and a short piece
// of music on hold. Each is built once per process as a Clip, whose G.711 encodings are then
// shared by every call that plays it.
import { Clip } from '../../media/index.js';

const RATE = 8000;

/**
 * Swedish ringback ("ringsignal"): 425 Hz, 1 s on, 5 s off, as shared/notes/swedish-calendar.md
 * gives it; the same cadence makes "four rings" 24 s (P-SWB-1, the profile's ring time).
 */
export const RINGBACK = { hz: 425, onMs: 1000, offMs: 5000 } as const;

/** About -14 dBFS: a tone as loud as speech prompts, not louder. */
const TONE_AMPLITUDE = 6500;
/** Ramps at the edges of a tone burst, so it starts and stops without a click. */
const RAMP_MS = 10;

let ringback: Clip | undefined;

/** One ringback cadence: the burst, then the pause. Played in a loop. */
export function ringbackTone(): Clip {
  if (ringback) return ringback;
  const on = (RINGBACK.onMs * RATE) / 1000;
  const ramp = (RAMP_MS * RATE) / 1000;
  const samples = new Int16Array(((RINGBACK.onMs + RINGBACK.offMs) * RATE) / 1000);
  for (let i = 0; i < on; i++) {
    const edge = Math.min(1, i / ramp, (on - 1 - i) / ramp);
    samples[i] = Math.round(TONE_AMPLITUDE * edge * Math.sin((2 * Math.PI * RINGBACK.hz * i) / RATE));
  }
  ringback = new Clip(samples, 'ringback');
  return ringback;
}

// ---- music on hold ------------------------------------------------------------------------

/** Equal-tempered frequency of a MIDI note number (69 = A4 = 440 Hz). */
function hz(note: number): number {
  return 440 * 2 ** ((note - 69) / 12);
}

/**
 * Four bars, C - Am - F - G, each an arpeggio of eighth notes over a held bass note. The
 * melody sits in the phone band (above 300 Hz); the bass is heard through its overtones.
 */
const BARS: readonly { bass: number; arpeggio: readonly number[] }[] = [
  { bass: 48, arpeggio: [72, 76, 79, 84, 79, 76, 72, 76] }, // C
  { bass: 45, arpeggio: [69, 72, 76, 81, 76, 72, 69, 72] }, // Am
  { bass: 41, arpeggio: [65, 69, 72, 77, 72, 69, 65, 69] }, // F
  { bass: 43, arpeggio: [67, 71, 74, 79, 74, 71, 74, 79] }, // G
];
const EIGHTH_MS = 320;
const MUSIC_PEAK = 0.3 * 32767; // about -10 dBFS at the loudest moment

/** A soft plucked note: fundamental and two overtones, quick attack, exponential decay. */
function addNote(out: Float64Array, startSample: number, lengthSamples: number, frequency: number, level: number, decayPerSecond: number): void {
  const attack = 0.008 * RATE;
  // A note that would run past the end fades out there, so the loop point does not click.
  const length = Math.min(lengthSamples, out.length - startSample);
  for (let i = 0; i < length; i++) {
    const t = i / RATE;
    const envelope = Math.min(1, i / attack) * Math.exp(-decayPerSecond * t) * Math.min(1, (length - i) / attack);
    const phase = 2 * Math.PI * frequency * t;
    out[startSample + i]! += level * envelope * (Math.sin(phase) + 0.35 * Math.sin(2 * phase) + 0.12 * Math.sin(3 * phase));
  }
}

let music: Clip | undefined;

/** The music on hold, made here (about 10 s, loops seamlessly: it starts and ends in silence). */
export function holdMusic(): Clip {
  if (music) return music;
  const eighth = (EIGHTH_MS * RATE) / 1000;
  const bar = eighth * 8;
  const mix = new Float64Array(bar * BARS.length);
  BARS.forEach((b, n) => {
    addNote(mix, n * bar, bar, hz(b.bass), 0.6, 1.2);
    b.arpeggio.forEach((note, k) => addNote(mix, n * bar + k * eighth, eighth * 2, hz(note), 0.45, 3.5));
  });
  let peak = 0;
  for (const x of mix) peak = Math.max(peak, Math.abs(x));
  const samples = new Int16Array(mix.length);
  for (let i = 0; i < mix.length; i++) samples[i] = Math.round((mix[i]! / peak) * MUSIC_PEAK);
  music = new Clip(samples, 'hold-music');
  return music;
}
