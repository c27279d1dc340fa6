// Writes that must not hold up call control: queued in order, written in batches shortly
// after, one transaction per batch. Call control's await returns as soon as a write is
// queued; `flush()` waits until everything queued so far is in the store, and `close()`
// (a clean stop) flushes before the store closes, so no record is lost then.
//
// A batch that fails is written again one write at a time, so that one bad write does not
// take the others with it. A write that fails is retried later (the store may be down for
// a moment); the writes queued after it for the same call wait for it, in order. A write
// that has failed `maxAttempts` times is dropped and logged with what it was.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/schema.js';

export type Log = (message: string, err?: unknown) => void;

interface Write {
  /** Writes with the same key (a call's id) are applied in the order they were queued. */
  key: string;
  what: string;
  run: (db: Kysely<Database> | Transaction<Database>) => Promise<unknown>;
  attempts: number;
}

export interface WriteBehindOptions {
  /** How long a write may wait for others to join its batch. */
  delayMs?: number;
  maxBatch?: number;
  maxAttempts?: number;
  /** Wait before writing again after a failure; doubles per failure up to 5 s. */
  retryMs?: number;
}

export class WriteBehind {
  #queue: Write[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running: Promise<void> | null = null;
  #failures = 0;
  #dropped = 0;
  #written = 0;
  readonly #delayMs: number;
  readonly #maxBatch: number;
  readonly #maxAttempts: number;
  readonly #retryMs: number;

  constructor(
    private readonly db: () => Kysely<Database>,
    private log: Log,
    opts: WriteBehindOptions = {},
  ) {
    this.#delayMs = opts.delayMs ?? 20;
    this.#maxBatch = opts.maxBatch ?? 500;
    this.#maxAttempts = opts.maxAttempts ?? 5;
    this.#retryMs = opts.retryMs ?? 200;
  }

  useLog(log: Log): void {
    this.log = log;
  }

  get pending(): number {
    return this.#queue.length;
  }

  get stats() {
    return { written: this.#written, dropped: this.#dropped, pending: this.#queue.length };
  }

  enqueue(key: string, what: string, run: Write['run']): void {
    this.#queue.push({ key, what, run, attempts: 0 });
    this.#schedule(this.#failures > 0 ? this.#backoff() : this.#delayMs);
  }

  /** Resolves when everything queued before the call is written (or dropped after its attempts). */
  async flush(): Promise<void> {
    while (this.#queue.length > 0 || this.#running) {
      if (this.#running) {
        await this.#running;
        continue;
      }
      this.#clearTimer();
      if (this.#failures > 0) await new Promise((r) => setTimeout(r, this.#backoff()));
      await this.#run();
    }
  }

  #backoff(): number {
    return Math.min(5000, this.#retryMs * 2 ** Math.min(this.#failures - 1, 10));
  }

  #schedule(ms: number): void {
    if (this.#timer || this.#running) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#run();
    }, ms);
    // A pending write never keeps the process alive by itself: a clean stop flushes.
    this.#timer.unref?.();
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #run(): Promise<void> {
    if (this.#running) return this.#running;
    this.#running = this.#writeBatch().finally(() => {
      this.#running = null;
      if (this.#queue.length > 0) this.#schedule(this.#failures > 0 ? this.#backoff() : 0);
    });
    return this.#running;
  }

  async #writeBatch(): Promise<void> {
    const batch = this.#queue.splice(0, this.#maxBatch);
    if (batch.length === 0) return;
    try {
      await this.db().transaction().execute(async (trx) => {
        for (const w of batch) await w.run(trx);
      });
      this.#written += batch.length;
      this.#failures = 0;
      return;
    } catch {
      // Find the writes that fail: one at a time, outside a transaction.
    }
    const retry: Write[] = [];
    const blocked = new Set<string>();
    let anyFailed = false;
    for (const w of batch) {
      if (blocked.has(w.key)) {
        retry.push(w);
        continue;
      }
      try {
        await w.run(this.db());
        this.#written++;
      } catch (err) {
        anyFailed = true;
        w.attempts++;
        if (w.attempts >= this.#maxAttempts) {
          this.#dropped++;
          this.log(`call record write dropped after ${w.attempts} attempts: ${w.what}`, err);
        } else {
          if (w.attempts === 1) this.log(`call record write failed, will retry: ${w.what}`, err);
          retry.push(w);
          blocked.add(w.key);
        }
      }
    }
    this.#failures = anyFailed ? this.#failures + 1 : 0;
    // Retried writes go first, ahead of what was queued meanwhile, keeping each call's order.
    this.#queue.unshift(...retry);
  }
}
