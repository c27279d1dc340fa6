// Name clips: when a person, a unit or a function is created or renamed, and for each on-call
// line of the profile, the name is rendered as a clip (where espeak-ng is installed) so that
// callers hear "Anna Berg är på möte", "röstbrevlådan för Bygglov" and "ring Socialjouren";
// without one the sentence uses the extension (or "jouren"). Driven by directory and profile
// events, one rendering at a time in the background: a change never waits for speech
// synthesis. A recording the municipality put in the same place is never overwritten: only a
// clip whose .txt stamp says we rendered it is rendered again.
import { readFile, writeFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../../http/context.js';
import { nameClipPath } from '../../prompts/library.js';
import { renderNameClip, speakableName } from '../../prompts/render-name.js';
import { onCallClipKey } from '../../prompts/say.js';

/** What a name clip names: its key is the id (an on-call line: from its label). */
type Named = { kind: 'person' | 'unit' | 'function'; id: string } | { kind: 'oncall'; label: string };

interface Job {
  tenantId: string;
  named: Named;
}

export class NameClips {
  #queue: Job[] = [];
  #running = false;
  #unsubscribe: (() => void) | null = null;
  /** How many clips were rendered; false once espeak-ng turned out to be missing. */
  rendered = 0;
  available = true;

  constructor(private readonly ctx: AppContext, private readonly log: (msg: string, err?: unknown) => void = () => {}) {}

  start() {
    this.#unsubscribe = this.ctx.bus.subscribe((e) => {
      // Another app server's change is rendered by that server, into the shared data folder.
      if (this.ctx.bus.isRemote(e)) return;
      const tenantId = e.audience.tenantId;
      if (e.type === 'directory.changed') {
        if (e.entity === 'import') void this.renderMissing(tenantId);
        else for (const id of e.ids) this.enqueue(tenantId, { kind: e.entity, id });
      }
      if (e.type === 'profile.changed') void this.renderOnCall(tenantId);
    });
  }

  stop() {
    this.#unsubscribe?.();
    this.#queue.length = 0;
  }

  enqueue(tenantId: string, named: Named) {
    if (!this.available) return;
    this.#queue.push({ tenantId, named });
    if (!this.#running) void this.#drain();
  }

  /** Queue every person, unit, function and on-call line whose clip is missing or says another name. */
  async renderMissing(tenantId: string) {
    const db = this.ctx.store.db;
    const [people, units, functions] = await Promise.all([
      db.selectFrom('people').select('id').where('tenant_id', '=', tenantId).where('deactivated_at', 'is', null).execute(),
      db.selectFrom('units').select('id').where('tenant_id', '=', tenantId).execute(),
      db.selectFrom('functions').select('id').where('tenant_id', '=', tenantId).execute(),
    ]);
    for (const r of people) this.enqueue(tenantId, { kind: 'person', id: r.id });
    for (const r of units) this.enqueue(tenantId, { kind: 'unit', id: r.id });
    for (const r of functions) this.enqueue(tenantId, { kind: 'function', id: r.id });
    await this.renderOnCall(tenantId);
  }

  /** The profile's on-call lines ("Socialjouren"), said in the answering machine (P-SWB-6). */
  async renderOnCall(tenantId: string) {
    for (const o of (await this.ctx.tenants.get(tenantId)).profile.onCall) this.enqueue(tenantId, { kind: 'oncall', label: o.label });
  }

  /** Resolves when the queue is empty (tests). */
  async idle(timeoutMs = 60_000) {
    const until = Date.now() + timeoutMs;
    while ((this.#running || this.#queue.length > 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }

  async #drain() {
    this.#running = true;
    try {
      for (let job = this.#queue.shift(); job; job = this.#queue.shift()) {
        try {
          await this.#renderOne(job);
        } catch (err) {
          this.log(`name clip for ${job.named.kind} ${job.named.kind === 'oncall' ? job.named.label : job.named.id} failed`, err);
        }
        if (!this.available) this.#queue.length = 0;
      }
    } finally {
      this.#running = false;
    }
  }

  /** The text to say, or null when there is nothing (any more) to name. */
  async #textOf(tenantId: string, named: Named): Promise<string | null> {
    const db = this.ctx.store.db;
    switch (named.kind) {
      case 'person': {
        const p = await db.selectFrom('people').select(['first_name', 'last_name', 'deactivated_at']).where('tenant_id', '=', tenantId).where('id', '=', named.id).executeTakeFirst();
        return p && p.deactivated_at === null ? `${p.first_name} ${p.last_name}` : null;
      }
      case 'unit':
        return (await db.selectFrom('units').select('name').where('tenant_id', '=', tenantId).where('id', '=', named.id).executeTakeFirst())?.name ?? null;
      case 'function':
        return (await db.selectFrom('functions').select('name').where('tenant_id', '=', tenantId).where('id', '=', named.id).executeTakeFirst())?.name ?? null;
      case 'oncall':
        return named.label;
    }
  }

  async #renderOne({ tenantId, named }: Job) {
    const raw = await this.#textOf(tenantId, named);
    if (raw === null) return;
    const text = speakableName(raw);
    if (text === '') return;
    const tenant = await this.ctx.tenants.get(tenantId);
    const wav = nameClipPath(this.ctx.config.dataDir, tenant.slug, named.kind === 'oncall' ? onCallClipKey(named.label) : named.id);
    const stamp = wav.replace(/\.wav$/, '.txt');
    // The text beside the clip tells whether it still says the current name; a clip without
    // one is the municipality's own recording, which stays.
    const said = await readFile(stamp, 'utf8').catch(() => null);
    if (said === text) return;
    if (said === null && (await stat(wav).then(() => true, () => false))) return;
    await mkdir(path.dirname(wav), { recursive: true });
    if (!(await renderNameClip(text, wav))) {
      this.available = false;
      this.log('espeak-ng or sox is not installed: callers hear extensions instead of names');
      return;
    }
    await writeFile(stamp, text, 'utf8');
    this.rendered++;
  }
}
