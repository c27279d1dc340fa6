// The clip list (prompts/clips.json) as types and values: which clips exist, and what each
// one is made of. The JSON is the single source; `ClipId` is derived from its keys, so a
// sentence plan that names a clip the list lacks does not compile.
import list from '../../prompts/clips.json' with { type: 'json' };

export type SpeechClipId = keyof typeof list.speech;
export type ToneClipId = keyof typeof list.tones;
export type SilenceClipId = keyof typeof list.silences;
export type ClipId = SpeechClipId | ToneClipId | SilenceClipId;

/** How espeak-ng speaks every clip; part of each clip's render hash. */
export interface Voice {
  engine: 'espeak-ng';
  voice: string;
  wordsPerMinute: number;
  pitch: number;
}

/** What one clip is made of: spoken text, a sine tone, or silence. */
export type ClipSource = { kind: 'speech'; text: string } | { kind: 'tone'; hz: number; ms: number } | { kind: 'silence'; ms: number };

export const VOICE: Voice = { ...list.voice, engine: 'espeak-ng' };

function entries(): [ClipId, ClipSource][] {
  const out: [ClipId, ClipSource][] = [];
  for (const [id, text] of Object.entries(list.speech)) out.push([id as ClipId, { kind: 'speech', text }]);
  for (const [id, tone] of Object.entries(list.tones)) out.push([id as ClipId, { kind: 'tone', ...tone }]);
  for (const [id, ms] of Object.entries(list.silences)) out.push([id as ClipId, { kind: 'silence', ms }]);
  return out;
}

/** Every clip in the list, in the list's order. */
export const CLIPS: ReadonlyMap<ClipId, ClipSource> = new Map(entries());

export function isClipId(id: string): id is ClipId {
  return CLIPS.has(id as ClipId);
}

/** The clip's file name in the shipped folder and in a municipality's override folder. */
export function clipFileName(id: ClipId): string {
  return `${id}.wav`;
}
