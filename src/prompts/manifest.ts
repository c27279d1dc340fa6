// Where the shipped clips live, and the manifest that says what each was rendered from. The
// render script re-renders a clip only when its hash (text, voice, render settings) differs
// from the manifest's, so reruns are cheap and committed clips stay byte-stable.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLIPS, VOICE, clipFileName, type ClipId } from './clips.js';
import { clipHash } from './render.js';

export const PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));
/** The rendered Swedish clips, one `<clip id>.wav` each. */
export const SHIPPED_CLIPS_DIR = path.join(PROMPTS_DIR, 'sv');
export const MANIFEST_PATH = path.join(PROMPTS_DIR, 'manifest.json');

export interface ManifestEntry {
  hash: string;
  /** Length of the rendered clip. */
  ms: number;
}

export interface Manifest {
  /** The tool versions of the last render, for information (not part of any hash). */
  renderedWith: string;
  clips: Partial<Record<ClipId, ManifestEntry>>;
}

export async function readManifest(file = MANIFEST_PATH): Promise<Manifest> {
  if (!existsSync(file)) return { renderedWith: '', clips: {} };
  return JSON.parse(await readFile(file, 'utf8')) as Manifest;
}

/** The manifest as committed: clips in the list's order, one per line, so diffs stay small. */
export function manifestText(manifest: Manifest): string {
  const lines = [...CLIPS.keys()]
    .filter((id) => manifest.clips[id])
    .map((id) => `    ${JSON.stringify(id)}: ${JSON.stringify(manifest.clips[id])}`);
  return `{\n  "renderedWith": ${JSON.stringify(manifest.renderedWith)},\n  "clips": {\n${lines.join(',\n')}\n  }\n}\n`;
}

/** Clips whose WAV is missing in `dir` or whose manifest hash differs from their source's. */
export function staleClips(manifest: Manifest, dir = SHIPPED_CLIPS_DIR): ClipId[] {
  return [...CLIPS].filter(([id, source]) => manifest.clips[id]?.hash !== clipHash(source, VOICE) || !existsSync(path.join(dir, clipFileName(id)))).map(([id]) => id);
}
