// The audio side of prompts: clips loaded into memory, a municipality's own recordings in
// front of the shipped ones, and a sentence plan turned into one PCM buffer (16-bit, 8 kHz,
// mono) for the media layer to play.
//
// Where clips come from, first match wins:
//   <dataDir>/prompts/<tenant>/<clip id>.wav       the municipality's recording of a clip
//   <dataDir>/prompts/<tenant>/music.hold.wav      its music on hold (instead of ours)
//   prompts/sv/<clip id>.wav                       the shipped, rendered clip
// and name clips (a plan's "name:<key>") from <dataDir>/prompts/<tenant>/names/<key>.wav.
//
// Mistakes surface when clips are loaded, not in the middle of a call: `load` refuses a
// shipped folder that lacks a clip of the list, and `loadTenant` reports every override file
// that names no clip or has the wrong format (the rest of the tenant's overrides still apply).
// A tenant's folder is read once and looked at again (one stat of the folder) every few
// seconds, so that a recording another app server wrote is heard without a restart.
import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { DomainError, problem, type Problem } from '../core/errors.js';
import { CLIPS, clipFileName, isClipId, type ClipId } from './clips.js';
import { SHIPPED_CLIPS_DIR } from './manifest.js';
import { isNameClip, nameClip, type Plan } from './say.js';
import { loadClip } from '../media/wav.js';
import { Clip } from '../media/player.js';
import { PROMPT_SAMPLE_RATE } from './render.js';

/** Silence between two clips of a plan: enough to hear the words apart, short enough to flow. */
export const DEFAULT_GAP_MS = 60;

/** Name clips kept in memory at most; the oldest loaded is dropped first. */
export const NAME_CACHE_LIMIT = 5000;

/**
 * Samples of assembled sentences kept (about 2 MB of PCM per minute of speech, and as much
 * again per G.711 law once encoded): 4 M samples is about 8 minutes of sentences, 24 MB at most.
 */
export const SENTENCE_CACHE_SAMPLES = 4_000_000;

const TENANT = /^[a-z0-9][a-z0-9-]{0,63}$/;

function checkTenant(tenant: string): void {
  if (!TENANT.test(tenant)) throw new RangeError(`tenant must be a slug or id (a-z, 0-9, '-'), got ${JSON.stringify(tenant)}`);
}

/** The municipality's music on hold, beside its recordings: played in a loop in the queue. */
export const HOLD_MUSIC_ID = 'music.hold';
export const HOLD_MUSIC_FILE = `${HOLD_MUSIC_ID}.wav`;

/** The folder a municipality puts its own recordings in. */
export function tenantPromptsDir(dataDir: string, tenant: string): string {
  checkTenant(tenant);
  return path.join(dataDir, 'prompts', tenant);
}

/** Where the name clip `key` of `tenant` lives; renderNameClip writes here. */
export function nameClipPath(dataDir: string, tenant: string, key: string): string {
  nameClip(key); // checks the key
  return path.join(tenantPromptsDir(dataDir, tenant), 'names', `${key}.wav`);
}

export interface PromptLibraryOptions {
  /** The shipped clips; default: prompts/sv of this repository. */
  clipsDir?: string;
  /** The data folder holding prompts/<tenant>/; none: no overrides and no name clips. */
  dataDir?: string | null;
  /** Silence between two clips of a plan, in milliseconds. */
  gapMs?: number;
  /**
   * How often (ms) a tenant's folder is looked at again (one stat) for recordings that another
   * app server or a person added, replaced (by rename) or removed. Default 5000.
   */
  recheckMs?: number;
}

interface TenantClips {
  clips: Map<ClipId, Int16Array>;
  /** The municipality's music on hold (HOLD_MUSIC_FILE), or null: the music we make. */
  music: Clip | null;
  problems: Problem[];
}

/** No tenant: the shipped clips only (they never change while the process runs). */
const SHIPPED_ONLY: TenantClips = { clips: new Map(), music: null, problems: [] };

interface CachedSentence {
  /** The tenant's recordings it was made with: once they are read again, it is stale. */
  from: TenantClips;
  /** The name clips' samples it was made with: a re-rendered name makes it stale. */
  names: Int16Array[];
  clip: Clip;
}

interface TenantEntry {
  clips: Promise<TenantClips>;
  /** The folder's mtime when it was read (null: no folder); renames and new files change it. */
  mtime: Promise<number | null>;
  checkedAt: number;
}

interface CachedName {
  mtimeMs: number;
  size: number;
  samples: Int16Array;
}

function isMissing(e: unknown): boolean {
  return (e as NodeJS.ErrnoException)?.code === 'ENOENT';
}

/** A file's format problems, named by the file, with the command that fixes them. */
function fileProblems(file: string, problems: Problem[]): Problem[] {
  return problems.map((p) => ({ ...p, field: file, sv: `${file}: ${p.sv} Konvertera med: sox in.wav -r 8000 -c 1 -b 16 ut.wav`, en: `${file}: ${p.en}` }));
}

/** Every item of a plan is a clip of the list or a name clip, before any audio is made. */
function checkPlan(plan: Plan): void {
  const unknown = plan.filter((item) => !isClipId(item) && !isNameClip(item));
  if (unknown.length > 0) {
    throw new DomainError(problem('prompts.plan.unknown-clip', 'Ett okänt ljudklipp efterfrågades.', `Plan names unknown clips: ${unknown.join(', ')}`));
  }
}

export class PromptLibrary {
  readonly gapMs: number;
  private readonly tenants = new Map<string, TenantEntry>();
  private readonly names = new Map<string, CachedName>();
  private readonly sentences = new Map<string, CachedSentence>();
  private sentenceSamples = 0;

  private constructor(
    private readonly shipped: ReadonlyMap<ClipId, Int16Array>,
    private readonly dataDir: string | null,
    gapMs: number,
    private readonly recheckMs: number,
  ) {
    this.gapMs = gapMs;
  }

  /**
   * Loads every shipped clip (about 3.5 MB of PCM). Throws a DomainError listing each clip of
   * the list that is missing or not 8 kHz mono 16-bit, and each WAV that is not in the list.
   */
  static async load(options: PromptLibraryOptions = {}): Promise<PromptLibrary> {
    const dir = options.clipsDir ?? SHIPPED_CLIPS_DIR;
    const gapMs = options.gapMs ?? DEFAULT_GAP_MS;
    if (!Number.isFinite(gapMs) || gapMs < 0) throw new RangeError(`gapMs must be ≥ 0, got ${gapMs}`);
    const shipped = new Map<ClipId, Int16Array>();
    // Problems in the list's order, whatever order the reads finish in.
    const perClip = await Promise.all(
      [...CLIPS.keys()].map(async (id): Promise<Problem[]> => {
        const file = clipFileName(id);
        try {
          const wav = await loadClip(path.join(dir, file));
          if (!wav.ok) return fileProblems(file, wav.problems);
          shipped.set(id, wav.value);
          return [];
        } catch (e) {
          if (!isMissing(e)) throw e;
          return [problem('prompts.clip.missing', `Ljudklippet ${file} saknas; kör npm run render-prompts.`, `Shipped clip ${file} is missing from ${dir}; run npm run render-prompts`, { field: file })];
        }
      }),
    );
    const problems = perClip.flat();
    for (const file of await readdir(dir)) {
      if (file.endsWith('.wav') && !isClipId(file.slice(0, -4))) {
        problems.push(problem('prompts.clip.unknown', `${file} finns inte i klipplistan (prompts/clips.json).`, `${file} in ${dir} is not in prompts/clips.json`, { field: file }));
      }
    }
    if (problems.length > 0) throw new DomainError(problems);
    return new PromptLibrary(shipped, options.dataDir ?? null, gapMs, options.recheckMs ?? 5000);
  }

  /**
   * Reads a tenant's override folder once (later calls reuse it until `forgetTenant`). Returns
   * the problems found: files that name no clip of the list, and files in the wrong format.
   * Those files are ignored; every good override is used.
   */
  async loadTenant(tenant: string): Promise<Problem[]> {
    return (await this.tenantClips(tenant)).problems;
  }

  /** Drops a tenant's overrides from memory, so that the next use reads the folder again (at once, not after `recheckMs`). */
  forgetTenant(tenant: string): void {
    this.tenants.delete(tenant);
  }

  private tenantClips(tenant: string): Promise<TenantClips> {
    checkTenant(tenant);
    const entry = this.tenants.get(tenant);
    if (!entry) return this.readEntry(tenant).clips;
    const now = performance.now();
    if (!this.dataDir || now - entry.checkedAt < this.recheckMs) return entry.clips;
    entry.checkedAt = now;
    return Promise.all([entry.mtime, this.folderMtime(tenant)]).then(([before, after]) => {
      if (before === after || this.tenants.get(tenant) !== entry) return (this.tenants.get(tenant) ?? entry).clips;
      return this.readEntry(tenant).clips;
    });
  }

  private readEntry(tenant: string): TenantEntry {
    // The mtime is taken before the files are read: a change while reading is seen next time.
    const mtime = this.folderMtime(tenant);
    const clips = mtime.then(() => this.readTenant(tenant));
    const entry: TenantEntry = { clips, mtime, checkedAt: performance.now() };
    this.tenants.set(tenant, entry);
    clips.catch(() => {
      if (this.tenants.get(tenant) === entry) this.tenants.delete(tenant);
    });
    return entry;
  }

  private async folderMtime(tenant: string): Promise<number | null> {
    if (!this.dataDir) return null;
    try {
      return (await stat(tenantPromptsDir(this.dataDir, tenant))).mtimeMs;
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  private async readTenant(tenant: string): Promise<TenantClips> {
    const result: TenantClips = { clips: new Map(), music: null, problems: [] };
    if (!this.dataDir) return result;
    const dir = tenantPromptsDir(this.dataDir, tenant);
    let files: string[];
    try {
      files = await readdir(dir);
    } catch (e) {
      if (isMissing(e)) return result;
      throw e;
    }
    for (const file of files.filter((f) => f.toLowerCase().endsWith('.wav')).sort()) {
      const id = file.slice(0, -4);
      if (file === HOLD_MUSIC_FILE) {
        const wav = await loadClip(path.join(dir, file));
        if (wav.ok) result.music = new Clip(wav.value, 'hold-music');
        else result.problems.push(...fileProblems(file, wav.problems));
        continue;
      }
      if (!isClipId(id)) {
        result.problems.push(
          problem(
            'prompts.override.unknown-clip',
            `${file}: det finns inget ljudklipp som heter ${id}. Filen ska heta som klippet i listan, t.ex. swb.closed.wav.`,
            `${file} in ${dir} names no clip of prompts/clips.json`,
            { field: file },
          ),
        );
        continue;
      }
      const wav = await loadClip(path.join(dir, file));
      if (wav.ok) result.clips.set(id, wav.value);
      else result.problems.push(...fileProblems(file, wav.problems));
    }
    return result;
  }

  /** The tenant's own recordings that callers hear, by clip (files with problems left out). */
  async ownClips(tenant: string): Promise<ReadonlyMap<ClipId, Int16Array>> {
    return (await this.tenantClips(tenant)).clips;
  }

  /** The municipality's music on hold (its HOLD_MUSIC_FILE), or null when it has none. */
  async holdMusic(tenant: string): Promise<Clip | null> {
    return (await this.tenantClips(tenant)).music;
  }

  /** The shipped clip, whatever the tenant recorded. */
  shippedClip(id: ClipId): Int16Array | undefined {
    return this.shipped.get(id);
  }

  /** The samples of one clip: the tenant's recording when it has one, else the shipped clip. */
  async clip(id: ClipId, tenant?: string): Promise<Int16Array> {
    const own = tenant ? (await this.tenantClips(tenant)).clips.get(id) : undefined;
    const samples = own ?? this.shipped.get(id);
    if (!samples) throw new DomainError(problem('prompts.plan.unknown-clip', 'Ett okänt ljudklipp efterfrågades.', `Unknown clip id ${JSON.stringify(id)}`));
    return samples;
  }

  /** Whether the tenant has a usable name clip under `key` (else say the extension instead). */
  async hasNameClip(tenant: string, key: string): Promise<boolean> {
    if (!this.dataDir) return false;
    try {
      await this.nameSamples(tenant, key);
      return true;
    } catch (e) {
      if (e instanceof DomainError) return false;
      throw e;
    }
  }

  private async nameSamples(tenant: string, key: string): Promise<Int16Array> {
    if (!this.dataDir) throw new DomainError(problem('prompts.name.missing', 'Namnet finns inte inspelat.', 'No data folder: name clips are unavailable'));
    const file = nameClipPath(this.dataDir, tenant, key);
    let info: Stats;
    try {
      info = await stat(file);
    } catch (e) {
      if (!isMissing(e)) throw e;
      throw new DomainError(problem('prompts.name.missing', 'Namnet finns inte inspelat.', `Name clip ${file} does not exist`));
    }
    // A rename re-renders the file; its new mtime or size makes the cached copy stale.
    const cached = this.names.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.samples;
    const wav = await loadClip(file);
    if (!wav.ok) throw new DomainError(fileProblems(path.basename(file), wav.problems));
    this.names.delete(file);
    this.names.set(file, { mtimeMs: info.mtimeMs, size: info.size, samples: wav.value });
    if (this.names.size > NAME_CACHE_LIMIT) this.names.delete(this.names.keys().next().value!);
    return wav.value;
  }

  /**
   * A plan as a Clip to play, made once and kept: the night's answering machine, the queue's
   * welcome and the refusals are the same sentence for many callers, so they share the
   * samples and the G.711 encoding (which the Clip keeps). A tenant's recordings read again,
   * or a name clip rendered again, make a sentence stale; the least recently used go first
   * beyond SENTENCE_CACHE_SAMPLES.
   */
  async sentence(plan: Plan, tenant?: string): Promise<Clip> {
    const from = tenant ? await this.tenantClips(tenant) : SHIPPED_ONLY;
    const parts = await this.parts(plan, tenant);
    const names = parts.filter((_, i) => isNameClip(plan[i]!));
    const key = `${tenant ?? ''}\u0000${plan.join(' ')}`;
    const cached = this.sentences.get(key);
    if (cached) this.forgetSentence(key, cached);
    if (cached && cached.from === from && cached.names.every((n, i) => n === names[i])) {
      this.keepSentence(key, cached); // most recently used: to the end
      return cached.clip;
    }
    const made: CachedSentence = { from, names, clip: new Clip(this.join(parts), plan.join(' ')) };
    this.keepSentence(key, made);
    while (this.sentenceSamples > SENTENCE_CACHE_SAMPLES && this.sentences.size > 1) {
      const [oldest, entry] = this.sentences.entries().next().value!;
      this.forgetSentence(oldest, entry);
    }
    return made.clip;
  }

  private keepSentence(key: string, entry: CachedSentence): void {
    this.sentences.set(key, entry);
    this.sentenceSamples += entry.clip.samples.length;
  }

  private forgetSentence(key: string, entry: CachedSentence): void {
    this.sentences.delete(key);
    this.sentenceSamples -= entry.clip.samples.length;
  }

  /** Sentences kept, and their samples (tests, benchmarks). */
  get sentenceCache(): { sentences: number; samples: number } {
    return { sentences: this.sentences.size, samples: this.sentenceSamples };
  }

  /**
   * One PCM buffer for a whole plan: each clip in order with `gapMs` of silence between two
   * clips (none before the first or after the last). Throws a DomainError for an item that is
   * neither a clip of the list nor a name clip, and for a name clip that is not there.
   */
  async assemble(plan: Plan, tenant?: string): Promise<Int16Array> {
    return this.join(await this.parts(plan, tenant));
  }

  /** The samples of each item of a plan, in order (checked first: no audio for a bad plan). */
  private parts(plan: Plan, tenant?: string): Promise<Int16Array[]> {
    checkPlan(plan);
    return Promise.all(
      plan.map((item) => {
        if (isNameClip(item)) {
          if (!tenant) throw new DomainError(problem('prompts.name.no-tenant', 'Namnet finns inte inspelat.', `Name clip ${item} needs a tenant`));
          return this.nameSamples(tenant, item.slice(5));
        }
        return this.clip(item as ClipId, tenant);
      }),
    );
  }

  /** The parts one after another with `gapMs` of silence between two. */
  private join(parts: Int16Array[]): Int16Array {
    const gap = Math.round((this.gapMs * PROMPT_SAMPLE_RATE) / 1000);
    const total = parts.reduce((sum, p) => sum + p.length, 0) + gap * Math.max(0, parts.length - 1);
    const out = new Int16Array(total);
    let at = 0;
    parts.forEach((p, i) => {
      if (i > 0) at += gap; // the gap is already silence: Int16Array starts zeroed
      out.set(p, at);
      at += p.length;
    });
    return out;
  }

}
