// One app server does a job that must not run twice, such as registering the municipality's
// trunks with the operator (one account, one binding): at scale, every server asks
// PostgreSQL for the same session-level advisory lock; the one that holds it does the job,
// the others ask again every `retryMs`. The lock belongs to a connection, so when the leader
// stops, crashes or loses the database, PostgreSQL releases it and another server takes over;
// a leader that loses its connection stops the job itself, so that two never run it at once
// for longer than it takes to notice (`heartbeatMs`).
import { createHash } from 'node:crypto';
import pg from 'pg';

export interface LeadershipOptions {
  databaseUrl: string;
  /** What is led, e.g. "trunk-registrations"; the lock key is derived from it. */
  job: string;
  /** Called when this server becomes the leader: start the job. */
  lead(): Promise<void>;
  /** Called when it stops being the leader (stop, or the connection lost): stop the job. */
  yield(): Promise<void>;
  retryMs?: number;
  heartbeatMs?: number;
  log?: (event: string, data: Record<string, unknown>) => void;
}

/** Two 32-bit keys for pg_try_advisory_lock(int, int): a namespace of ours and the job. */
function lockKeys(job: string): [number, number] {
  const digest = createHash('sha256').update(`oppen-vaxel:${job}`).digest();
  return [0x4f56_4c44, digest.readInt32BE(0)]; // 'OVLD'
}

export class Leadership {
  private client: pg.Client | null = null;
  private leading = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private turn: Promise<void> = Promise.resolve();
  private readonly keys: [number, number];

  private constructor(private readonly opts: LeadershipOptions) {
    this.keys = lockKeys(opts.job);
  }

  /** Starts asking for the lock; resolves after the first answer (leading or not). */
  static async start(opts: LeadershipOptions): Promise<Leadership> {
    const l = new Leadership(opts);
    await l.attempt();
    return l;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  private log(event: string, data: Record<string, unknown> = {}): void {
    this.opts.log?.(event, { job: this.opts.job, ...data });
  }

  /** One thing at a time: a try, a loss, or the stop. */
  private serial(step: () => Promise<void>): Promise<void> {
    this.turn = this.turn.then(step).catch((err: unknown) => this.log('leadership.failed', { message: err instanceof Error ? err.message : String(err) }));
    return this.turn;
  }

  private attempt(): Promise<void> {
    return this.serial(async () => {
      if (this.stopped || this.leading) return;
      try {
        const client = this.client ?? (await this.connect());
        const r = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', this.keys);
        if (r.rows[0]?.ok) {
          this.leading = true;
          this.log('leadership.leading');
          this.beat();
          await this.opts.lead();
          return;
        }
      } catch (err) {
        this.log('leadership.try-failed', { message: err instanceof Error ? err.message : String(err) });
        await this.dropClient();
      }
      this.again();
    });
  }

  private again(): void {
    clearTimeout(this.timer);
    if (!this.stopped) this.timer = setTimeout(() => void this.attempt(), this.opts.retryMs ?? 10_000);
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.opts.databaseUrl, keepAlive: true });
    client.on('error', (err) => this.log('leadership.connection-error', { message: err.message }));
    client.on('end', () => {
      if (this.client === client) void this.lost('connection ended');
    });
    await client.connect();
    this.client = client;
    return client;
  }

  /** The leader asks the database now and then, so that a dead connection is noticed. */
  private beat(): void {
    clearTimeout(this.heartbeat);
    this.heartbeat = setTimeout(() => {
      const client = this.client;
      if (!this.leading || !client) return;
      client.query('select 1').then(() => this.beat(), () => void this.lost('heartbeat failed'));
    }, this.opts.heartbeatMs ?? 5000);
  }

  private lost(why: string): Promise<void> {
    return this.serial(async () => {
      await this.dropClient();
      if (!this.leading) return;
      this.leading = false;
      clearTimeout(this.heartbeat);
      this.log('leadership.lost', { why });
      await this.opts.yield();
      this.again();
    });
  }

  private async dropClient(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Stops the job (when leading) and releases the lock, so that another server takes over at once. */
  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.heartbeat);
    return this.serial(async () => {
      if (this.leading) {
        this.leading = false;
        await this.opts.yield();
        await this.client?.query('select pg_advisory_unlock($1, $2)', this.keys).catch(() => undefined);
      }
      await this.dropClient();
    });
  }
}
