// npm run render-prompts [-- --force | --check]
//
// Renders every clip of prompts/clips.json that is missing or whose text, voice or render
// settings changed since the manifest was written, into prompts/sv/<id>.wav; removes WAVs of
// clips no longer in the list; rewrites prompts/manifest.json. Needs espeak-ng and sox
// (Debian: apt-get install espeak-ng sox), except for --check, which only reports stale
// clips and exits 1 if there are any.
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CLIPS, VOICE, clipFileName, isClipId, type ClipId } from '../src/prompts/clips.js';
import { MANIFEST_PATH, SHIPPED_CLIPS_DIR, manifestText, readManifest, staleClips } from '../src/prompts/manifest.js';
import { clipHash, renderClip, renderToolVersions, renderToolsAvailable } from '../src/prompts/render.js';

const args = new Set(process.argv.slice(2));
const force = args.has('--force');
const check = args.has('--check');

const manifest = await readManifest();
const todo: ClipId[] = force ? [...CLIPS.keys()] : staleClips(manifest);
const strays = (await readdir(SHIPPED_CLIPS_DIR).catch(() => [] as string[])).filter((f) => !(f.endsWith('.wav') && isClipId(f.slice(0, -4))));

if (check) {
  for (const id of todo) console.log(`stale: ${id}`);
  for (const f of strays) console.log(`not in the list: ${f}`);
  console.log(todo.length + strays.length === 0 ? 'prompts are up to date' : 'run `npm run render-prompts`');
  process.exit(todo.length + strays.length === 0 ? 0 : 1);
}

if (todo.length > 0) {
  if (!(await renderToolsAvailable())) {
    console.error('render-prompts: espeak-ng and sox are needed (apt-get install -y espeak-ng sox)');
    process.exit(1);
  }
  manifest.renderedWith = await renderToolVersions();
  // A few renders at a time: each is two short-lived processes.
  const queue = [...todo];
  const workers = Array.from({ length: Math.min(queue.length, os.availableParallelism()) }, async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const source = CLIPS.get(id)!;
      const ms = await renderClip(source, VOICE, path.join(SHIPPED_CLIPS_DIR, clipFileName(id)));
      manifest.clips[id] = { hash: clipHash(source, VOICE), ms };
      console.log(`rendered ${id} (${ms} ms)${source.kind === 'speech' ? `: ${source.text}` : ''}`);
    }
  });
  await Promise.all(workers);
}

for (const f of strays) {
  await rm(path.join(SHIPPED_CLIPS_DIR, f));
  console.log(`removed ${f}`);
}
for (const id of Object.keys(manifest.clips)) {
  if (!isClipId(id)) delete (manifest.clips as Record<string, unknown>)[id];
}
await writeFile(MANIFEST_PATH, manifestText(manifest));

let bytes = 0;
for (const id of CLIPS.keys()) bytes += (await stat(path.join(SHIPPED_CLIPS_DIR, clipFileName(id)))).size;
console.log(`${todo.length} rendered, ${CLIPS.size - todo.length} unchanged, ${strays.length} removed; ${CLIPS.size} clips, ${(bytes / 1024 / 1024).toFixed(2)} MB`);
