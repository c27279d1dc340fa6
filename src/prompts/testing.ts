// Test helpers for prompts. Used by tests only.
import { readWav } from '../media/wav.js';
import { CLIPS, isClipId } from './clips.js';
import type { PlanItem } from './say.js';

const MARKS: Record<string, string> = { 'silence.200': ',', 'silence.500': '.', 'silence.1000': '..', 'tone.beep': '<pip>' };

/**
 * A plan as the words it says, so that tests read as Swedish: spoken clips by their text,
 * short and long pauses as ',' and '.', the beep as '<pip>', a name clip as '<key>'.
 */
export function words(plan: readonly PlanItem[]): string {
  return plan
    .map((item) => {
      if (MARKS[item]) return MARKS[item];
      if (!isClipId(item)) return `<${item.replace(/^name:/, '')}>`;
      const source = CLIPS.get(item)!;
      return source.kind === 'speech' ? source.text : `<${item}>`;
    })
    .join(' ');
}

/** The samples of a prompt WAV, which must be 16-bit PCM, mono, 8 kHz. */
export function promptSamples(bytes: Uint8Array): Int16Array {
  const wav = readWav(bytes);
  if (!wav.ok) throw new Error(wav.problems.map((p) => p.en).join('; '));
  const { encoding, sampleRate, channels, samples } = wav.value;
  if (encoding !== 'pcm16' || sampleRate !== 8000 || channels !== 1) throw new Error(`not a prompt WAV: ${encoding}, ${channels} channel(s) at ${sampleRate} Hz`);
  return samples;
}
