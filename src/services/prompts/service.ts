// A municipality's own recordings of the prompts (issue 5 item 5, P-SWB-6: the central
// answering machine speaks with the municipality's voice): the list of clips with what each
// one says, upload (any WAV, converted to what the phone network carries, trimmed and levelled
// like the shipped clips), listening, back to the shipped clip, and example sentences that
// let an administrator hear a recording among the others before callers do.
//
// The recordings are files in <dataDir>/prompts/<tenant slug>/<clip id>.wav, the folder the
// prompt library reads (src/prompts/README.md); the process has one library (`library()`),
// which forgets the tenant's recordings when one changes, so the next call hears the new one.
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Problem } from '../../core/errors.js';
import { Temporal, atStockholm, stockholmDate, type Instant } from '../../core/time.js';
import type { Actor, AppContext } from '../../http/context.js';
import { HttpError, notFound } from '../../http/errors.js';
import { encodeWav } from '../../media/wav.js';
import { normalizePeak, TELEPHONE_RATE, trimSilence } from '../../media/convert.js';
import { convertOffThread } from '../../media/convert-off-thread.js';
import { CLIPS, clipFileName, isClipId, type ClipId } from '../../prompts/clips.js';
import { HOLD_MUSIC_FILE, HOLD_MUSIC_ID, PromptLibrary, tenantPromptsDir } from '../../prompts/library.js';
import { holdMusic } from '../../calls/ivr/tones.js';
import { SHIPPED_CLIPS_DIR } from '../../prompts/manifest.js';
import { nameClip, onCallClipKey, sayAbsence, sayAnsweringMachine, sayQueuePosition, sayWelcome, type OnCallToSay, type Plan } from '../../prompts/say.js';
import { audit } from '../audit/audit.js';

/** A clip is a word or a sentence; a minute is more than any of them needs. */
export const PROMPT_MAX_SECONDS = 60;
/** "och" is about 0.2 s when spoken; less than 0.1 s is a click, not a word. */
export const PROMPT_MIN_MS = 100;
/** Music on hold loops; five minutes is more than anyone waits through twice. */
export const MUSIC_MAX_SECONDS = 300;
export const MUSIC_MIN_SECONDS = 5;
/** Music sits below speech: its peak about -10 dBFS, as the music we make (speech: -3). */
export const MUSIC_PEAK_DB = -10;
/** An upload: five minutes of 44.1 kHz stereo 16-bit is 53 MB (the page sends 16 kHz mono). */
export const PROMPT_UPLOAD_LIMIT = 64 * 1024 * 1024;

/** The groups of the clip list, by id prefix, as the page shows them: record a group together. */
export const PROMPT_GROUPS: ReadonlyArray<{ id: string; sv: string; en: string }> = [
  { id: 'music', sv: 'Väntemusik', en: 'Music on hold' },
  { id: 'org', sv: 'Kommunens namn', en: 'The municipality\'s name' },
  { id: 'swb', sv: 'Växeln', en: 'Switchboard' },
  { id: 'hours', sv: 'Öppettider', en: 'Opening hours' },
  { id: 'queue', sv: 'Kö', en: 'Queue' },
  { id: 'call', sv: 'Samtal', en: 'Calls' },
  { id: 'absence', sv: 'Frånvaro', en: 'Absence' },
  { id: 'reason', sv: 'Frånvaroorsaker', en: 'Absence reasons' },
  { id: 'label', sv: 'Orsaker i menyer', en: 'Reasons in menus' },
  { id: 'target', sv: 'Hänvisning till', en: 'Referral to' },
  { id: 'vm', sv: 'Röstbrevlåda', en: 'Voicemail' },
  { id: 'code', sv: 'Telefonkoder', en: 'Phone codes' },
  { id: 'ao', sv: 'Automatisk telefonist', en: 'Automatic operator' },
  { id: 'out', sv: 'Spärrade samtal', en: 'Refused calls' },
  { id: 'num', sv: 'Tal', en: 'Numbers' },
  { id: 'ordinal', sv: 'Datum', en: 'Dates' },
  { id: 'weekday', sv: 'Veckodagar', en: 'Weekdays' },
  { id: 'month', sv: 'Månader', en: 'Months' },
  { id: 'day', sv: 'Dagar', en: 'Days' },
  { id: 'time', sv: 'Klockslag', en: 'Times' },
  { id: 'word', sv: 'Småord', en: 'Small words' },
];

/** The example sentences an administrator can listen to. */
export const PROMPT_EXAMPLES = ['welcome', 'closed', 'absence', 'queue'] as const;
export type PromptExample = (typeof PROMPT_EXAMPLES)[number];

export interface PromptClipView {
  id: string;
  group: string;
  /** What the clip says: the script to read from. */
  text: string;
  shippedMs: number;
  /** The municipality's recording callers hear, or null: they hear the shipped clip. */
  own: null | { durationMs: number; updatedAt: string };
}

export interface PromptGroupView {
  id: string;
  sv: string;
  en: string;
  total: number;
  recorded: number;
}

export interface PromptListView {
  clips: PromptClipView[];
  groups: PromptGroupView[];
  /** Files in the folder that callers do not hear (wrong name or format), each with why. */
  problems: Problem[];
}

/** What a municipality may replace: the spoken clips and the music on hold. */
type RecordableId = ClipId | typeof HOLD_MUSIC_ID;

const MUSIC_TEXT = 'Väntemusik';

/** Only spoken clips are recorded, and the music; tones and silences are made, not said. */
function recordableText(id: string): string | null {
  if (id === HOLD_MUSIC_ID) return MUSIC_TEXT;
  const source = isClipId(id) ? CLIPS.get(id) : undefined;
  return source?.kind === 'speech' ? source.text : null;
}

const fileOf = (id: RecordableId) => (id === HOLD_MUSIC_ID ? HOLD_MUSIC_FILE : clipFileName(id));
const msOf = (samples: Int16Array) => Math.round((samples.length * 1000) / TELEPHONE_RATE);

const groupOf = (id: string) => id.slice(0, id.indexOf('.'));

export class PromptService {
  #library: Promise<PromptLibrary> | undefined;

  constructor(private readonly ctx: AppContext) {}

  /**
   * The process's prompt library (shipped clips and each municipality's recordings), loaded
   * on first use. Call control and voicemail speak through this one, so that an upload here
   * is heard on the next call.
   */
  library(): Promise<PromptLibrary> {
    if (!this.#library) {
      this.#library = PromptLibrary.load({ dataDir: this.ctx.config.dataDir });
      this.#library.catch(() => (this.#library = undefined));
    }
    return this.#library;
  }

  private async slug(actor: Actor): Promise<string> {
    return (await this.ctx.tenants.get(actor.tenantId)).slug;
  }

  private clipId(id: string): RecordableId {
    if (id !== HOLD_MUSIC_ID && !isClipId(id)) throw notFound('prompt');
    if (recordableText(id) === null) {
      throw new HttpError(400, 'prompts.not-speech', 'Toner och tystnader kan inte spelas in; bara tal kan bytas ut.', `Clip ${id} is a tone or a silence, not speech`);
    }
    return id;
  }

  private ownFile(slug: string, id: RecordableId): string {
    return path.join(tenantPromptsDir(this.ctx.config.dataDir, slug), fileOf(id));
  }

  async list(actor: Actor): Promise<PromptListView> {
    const slug = await this.slug(actor);
    const library = await this.library();
    const [own, music, problems] = await Promise.all([library.ownClips(slug), library.holdMusic(slug), library.loadTenant(slug)]);
    const speech = [...CLIPS].filter(([, source]) => source.kind === 'speech').map(([id]) => id);
    const clips = await Promise.all([
      this.view(library, slug, HOLD_MUSIC_ID, music?.samples ?? null),
      ...speech.map((id) => this.view(library, slug, id, own.get(id) ?? null)),
    ]);
    const groups = PROMPT_GROUPS.map((g) => {
      const inGroup = clips.filter((c) => c.group === g.id);
      return { ...g, total: inGroup.length, recorded: inGroup.filter((c) => c.own).length };
    }).filter((g) => g.total > 0);
    return { clips, groups, problems };
  }

  /** One clip as the list shows it; `own`: the recording callers hear, if the municipality has one. */
  private async view(library: PromptLibrary, slug: string, id: RecordableId, own: Int16Array | null): Promise<PromptClipView> {
    const music = id === HOLD_MUSIC_ID;
    return {
      id, group: groupOf(id), text: recordableText(id)!, // music.hold is in the group 'music'
      shippedMs: msOf(music ? holdMusic().samples : library.shippedClip(id) ?? new Int16Array(0)),
      own: own ? { durationMs: msOf(own), updatedAt: await this.updatedAt(slug, id) } : null,
    };
  }

  private async updatedAt(slug: string, id: RecordableId): Promise<string> {
    try {
      return new Date((await stat(this.ownFile(slug, id))).mtimeMs).toISOString();
    } catch {
      return new Date(0).toISOString(); // read before it was removed
    }
  }

  /** The WAV to play: the municipality's recording, or the shipped clip (the music we make, as bytes). */
  async audio(actor: Actor, id: string, version: 'own' | 'shipped'): Promise<{ path: string; size: number } | { bytes: Buffer }> {
    const clip = this.clipId(id);
    if (version === 'shipped' && clip === HOLD_MUSIC_ID) return { bytes: encodeWav(holdMusic().samples, { sampleRate: TELEPHONE_RATE }) };
    const file = version === 'shipped' ? path.join(SHIPPED_CLIPS_DIR, fileOf(clip)) : this.ownFile(await this.slug(actor), clip);
    try {
      return { path: file, size: (await stat(file)).size };
    } catch {
      throw new HttpError(404, 'not-found', 'Kommunen har ingen egen inspelning av det här klippet.', `No own recording of ${clip}`);
    }
  }

  /**
   * An uploaded recording as the clip callers hear: converted to 8 kHz mono, its quiet ends cut
   * and its peak set at -3 dBFS as the shipped clips are, so that a sentence does not jump in
   * level between the municipality's words and ours. Written whole, then renamed into place.
   */
  async upload(actor: Actor, id: string, bytes: Uint8Array): Promise<PromptClipView> {
    const clip = this.clipId(id);
    const music = clip === HOLD_MUSIC_ID;
    const uploaded = bytes.length; // the conversion takes the bytes over
    const converted = music
      ? await convertOffThread(bytes, { minMs: MUSIC_MIN_SECONDS * 1000, maxMs: MUSIC_MAX_SECONDS * 1000 }, { code: 'prompts.music', sv: 'musiken', en: 'music', field: 'file' })
      : await convertOffThread(bytes, { minMs: PROMPT_MIN_MS, maxMs: PROMPT_MAX_SECONDS * 1000 }, { code: 'prompts.recording', sv: 'inspelningen', en: 'recording', field: 'file' });
    if (!converted.ok) {
      const first = converted.problems[0]!;
      throw new HttpError(400, first.code, first.sv, first.en, converted.problems);
    }
    const samples = normalizePeak(trimSilence(converted.value), music ? MUSIC_PEAK_DB : -3);
    if (samples.length < (PROMPT_MIN_MS * TELEPHONE_RATE) / 1000) {
      throw new HttpError(400, 'prompts.recording.too-short', 'Inspelningen är nästan bara tystnad. Spela in ordet tydligt och försök igen.', 'Less than 0.1 s remains after cutting the quiet ends', [
        { code: 'prompts.recording.too-short', sv: 'Inspelningen är nästan bara tystnad.', en: 'Less than 0.1 s of sound', field: 'file' },
      ]);
    }
    const slug = await this.slug(actor);
    const file = this.ownFile(slug, clip);
    await mkdir(path.dirname(file), { recursive: true });
    // Not *.wav: the library never reads a half-written file; its own name per upload, so that
    // two uploads at once each rename a whole file (the last one stays).
    const temp = `${file}.${randomUUID()}.tmp`;
    await writeFile(temp, encodeWav(samples, { sampleRate: TELEPHONE_RATE }));
    await rename(temp, file);
    await this.changed(actor, slug, clip, true, { durationMs: msOf(samples), bytes: uploaded });
    return this.view(await this.library(), slug, clip, samples);
  }

  /** Callers hear the shipped clip again. */
  async reset(actor: Actor, id: string): Promise<void> {
    const clip = this.clipId(id);
    const slug = await this.slug(actor);
    const file = this.ownFile(slug, clip);
    try {
      await stat(file);
    } catch {
      throw new HttpError(404, 'not-found', 'Kommunen har ingen egen inspelning av det här klippet.', `No own recording of ${clip}`);
    }
    await rm(file, { force: true });
    await this.changed(actor, slug, clip, false, {});
  }

  private async changed(actor: Actor, slug: string, clip: RecordableId, own: boolean, detail: Record<string, unknown>): Promise<void> {
    (await this.library()).forgetTenant(slug);
    await audit(this.ctx.store.db, actor, actor.tenantId, this.ctx.clock.now(), { action: own ? 'prompt.upload' : 'prompt.reset', entity: 'prompt', entityId: clip, detail });
    this.ctx.bus.publish({ type: 'prompt.changed', clipId: clip, own }, { tenantId: actor.tenantId, roles: ['admin'] });
  }

  /** An example sentence as callers of this municipality hear it now, as one WAV. */
  async example(actor: Actor, name: PromptExample): Promise<Buffer> {
    const tenant = await this.ctx.tenants.get(actor.tenantId);
    const library = await this.library();
    // On-call lines by name where a clip of the name exists ("ring Socialjouren"), as callers hear them.
    const onCall = await Promise.all(tenant.profile.onCall.map(async (o) => {
      const key = onCallClipKey(o.label);
      return { label: (await library.hasNameClip(tenant.slug, key)) ? nameClip(key) : null, number: o.number };
    }));
    const plan = examplePlan(name, this.ctx.clock.now(), tenant.profile, onCall);
    const pcm = await library.assemble(plan, tenant.slug);
    return encodeWav(pcm, { sampleRate: TELEPHONE_RATE });
  }
}

type Profile = Awaited<ReturnType<AppContext['tenants']['get']>>['profile'];

/**
 * The sentences an administrator hears a recording in: the welcome, the answering machine
 * with the municipality's own hours (P-SWB-6), an absence with a return time (P-SWB-4), and
 * a queue position.
 */
export function examplePlan(name: PromptExample, now: Instant, profile: Profile, onCall: readonly OnCallToSay[] = profile.onCall.map((o) => ({ label: null, number: o.number }))): Plan {
  switch (name) {
    case 'welcome':
      return [...sayWelcome(), 'silence.500', 'queue.placed'];
    case 'closed':
      return sayAnsweringMachine({ settings: profile.switchboardHours, now, onCall });
    case 'absence': {
      // Back at 14:30 today, or tomorrow when that has passed.
      let day = stockholmDate(now);
      let back = atStockholm(day, Temporal.PlainTime.from('14:30'));
      if (Temporal.Instant.compare(back, now) <= 0) {
        day = day.add({ days: 1 });
        back = atStockholm(day, Temporal.PlainTime.from('14:30'));
      }
      return sayAbsence({ who: { extension: profile.numberPlan.operatorExtension }, reason: 'meeting', returnsAt: back, now });
    }
    case 'queue':
      return ['queue.all-busy', 'silence.200', ...sayQueuePosition(3)];
  }
}
