// Name clips: when a person is created or renamed, their name is rendered as a clip (where
// espeak-ng is installed) so that callers hear "Anna Berg är på möte"; without one the
// sentence uses the extension. Driven by directory events, one rendering at a time in the
// background: a directory change never waits for speech synthesis.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../../http/context.js';
import { nameClipPath } from '../../prompts/library.js';
import { renderNameClip, speakableName } from '../../prompts/render-name.js';

export class NameClips {
  #queue: Array<{ tenantId: string; personId: string }> = [];
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
      if (e.type === 'directory.changed' && (e.entity === 'person' || e.entity === 'import')) {
        if (e.entity === 'import') void this.renderMissing(e.audience.tenantId);
        else for (const id of e.ids) this.enqueue(e.audience.tenantId, id);
      }
    });
  }

  stop() {
    this.#unsubscribe?.();
    this.#queue.length = 0;
  }

  enqueue(tenantId: string, personId: string) {
    if (!this.available) return;
    this.#queue.push({ tenantId, personId });
    if (!this.#running) void this.#drain();
  }

  /** Queue every person of a municipality whose clip is missing or names someone else. */
  async renderMissing(tenantId: string) {
    const rows = await this.ctx.store.db.selectFrom('people').select('id').where('tenant_id', '=', tenantId).where('deactivated_at', 'is', null).execute();
    for (const r of rows) this.enqueue(tenantId, r.id);
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
          await this.#renderOne(job.tenantId, job.personId);
        } catch (err) {
          this.log(`name clip for ${job.personId} failed`, err);
        }
        if (!this.available) this.#queue.length = 0;
      }
    } finally {
      this.#running = false;
    }
  }

  async #renderOne(tenantId: string, personId: string) {
    const p = await this.ctx.store.db.selectFrom('people').select(['first_name', 'last_name', 'deactivated_at']).where('tenant_id', '=', tenantId).where('id', '=', personId).executeTakeFirst();
    if (!p || p.deactivated_at !== null) return;
    const tenant = await this.ctx.tenants.get(tenantId);
    const text = speakableName(`${p.first_name} ${p.last_name}`);
    const wav = nameClipPath(this.ctx.config.dataDir, tenant.slug, personId);
    const stamp = wav.replace(/\.wav$/, '.txt');
    // The text beside the clip tells whether it still says the person's current name.
    if ((await readFile(stamp, 'utf8').catch(() => null)) === text) return;
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
