// The bus across app servers (ARCHITECTURE.md, "at scale"): each server's events go out with
// PostgreSQL's NOTIFY and come back in on every other server through LISTEN, where they are
// published on the local bus as if made there. Subscribers cannot tell the difference: an
// operator's console on server B sees the "Möte till 14:30" an employee set through server A,
// and B's routing caches forget a changed directory.
//
// What crosses: the tenant-wide facts kept in the store (presence, call-backs, directory,
// voicemail, prompts, trunk state, call records). What stays: the switchboard queue, the
// operators' live states and the console's calls, which are held in the memory of the server
// that owns the calls (src/calls/README.md, "Limits").
//
// NOTIFY carries at most 8000 bytes; a longer event (an import that changed thousands of
// people) goes as numbered parts in one statement, which PostgreSQL delivers together and in
// order. Events are sent in batches one after another, so each server sees another's in the
// order they happened. A server never hears its own events back (each part names its origin).
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../store/schema.js';
import type { Audience, BusEvent, EventBus, EventPayload } from './bus.js';

export const BRIDGE_CHANNEL = 'ov_events';

/** The event types other app servers need; the rest is state of the server that owns it. */
export const BRIDGED_TYPES: ReadonlySet<BusEvent['type']> = new Set<BusEvent['type']>([
  'presence.changed',
  'callback.created', 'callback.updated', 'callback.escalated',
  'directory.changed',
  'voicemail.left', 'voicemail.heard', 'voicemail.deleted', 'voicemail.greeting',
  'prompt.changed',
  'profile.changed',
  'trunk.state',
  'call.started', 'call.updated', 'call.ended',
]);

/** Characters of an event per part: 4 bytes each at most in UTF-8, under NOTIFY's 8000 bytes. */
const PART_CHARS = 1900;
/** A message whose parts did not all arrive within this time is dropped. */
const PARTIAL_TTL_MS = 30_000;
/** Events sent in one statement at most. */
const OUTBOX_BATCH = 200;
/** The listener's reconnect delay: doubling from the first to the last. */
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

interface Wire {
  payload: EventPayload;
  audience: Audience;
}

export interface PgEventBridgeOptions {
  bus: EventBus;
  /** The store's Kysely instance: NOTIFY goes through its pool. */
  db: Kysely<Database>;
  /** The same database: LISTEN needs a connection of its own. */
  databaseUrl: string;
  /** This server's name in the parts it sends; default a random id. */
  origin?: string;
  log?: (event: string, data: Record<string, unknown>) => void;
}

export class PgEventBridge {
  readonly origin: string;
  /** Events sent to and received from other servers, and failures (logged). */
  readonly stats = { sent: 0, received: 0, sendFailures: 0, reconnects: 0 };
  private client: pg.Client | null = null;
  private readonly partial = new Map<string, { parts: (string | undefined)[]; got: number; since: number }>();
  private republishing = false;
  private sending: Promise<void> = Promise.resolve();
  private readonly outbox: { type: string; parts: string[] }[] = [];
  private draining = false;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;
  private retryMs = RECONNECT_MIN_MS;
  private retryTimer: NodeJS.Timeout | undefined;

  private constructor(private readonly opts: PgEventBridgeOptions) {
    this.origin = (opts.origin ?? randomUUID()).replaceAll('|', '-');
  }

  /** Listens, then forwards local events. Throws when the first connection fails. */
  static async start(opts: PgEventBridgeOptions): Promise<PgEventBridge> {
    const bridge = new PgEventBridge(opts);
    await bridge.listen();
    bridge.unsubscribe = opts.bus.subscribe((e) => bridge.onLocal(e));
    return bridge;
  }

  /** Resolves when every event published so far has been sent (tests, shutdown). */
  flushed(): Promise<void> {
    return this.sending;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.retryTimer);
    await this.sending;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private log(event: string, data: Record<string, unknown>): void {
    this.opts.log?.(event, data);
  }

  private async listen(): Promise<void> {
    // Named, so an administrator sees it in pg_stat_activity (and a test can end it).
    const client = new pg.Client({ connectionString: this.opts.databaseUrl, application_name: `ov-events ${this.origin}` });
    // Errors arrive as 'error' and then 'end'; the reconnect is scheduled once, on 'end'.
    client.on('error', (err) => this.log('bus.bridge.error', { message: err.message }));
    client.on('end', () => {
      if (this.client === client) this.client = null;
      if (!this.stopped) this.reconnectLater();
    });
    client.on('notification', (n) => {
      if (n.channel === BRIDGE_CHANNEL && n.payload !== undefined) this.onPart(n.payload);
    });
    await client.connect();
    await client.query(`LISTEN ${BRIDGE_CHANNEL}`);
    this.client = client;
    this.retryMs = RECONNECT_MIN_MS;
  }

  /**
   * Events other servers sent while the connection was down are not replayed: once listening
   * again, the bus marks a gap, on which caches drop what they hold and web clients are told
   * to reload (EventBus.gap).
   */
  private reconnectLater(): void {
    clearTimeout(this.retryTimer);
    const wait = this.retryMs;
    this.retryMs = Math.min(RECONNECT_MAX_MS, this.retryMs * 2);
    this.retryTimer = setTimeout(() => {
      if (this.stopped) return;
      this.stats.reconnects++;
      this.listen().then(
        () => {
          this.log('bus.bridge.reconnected', { origin: this.origin });
          this.opts.bus.gap();
        },
        (err: unknown) => {
          this.log('bus.bridge.reconnect-failed', { message: err instanceof Error ? err.message : String(err), retryMs: this.retryMs });
          this.reconnectLater();
        },
      );
    }, wait);
  }

  private onLocal(e: BusEvent): void {
    if (this.republishing || this.stopped || !BRIDGED_TYPES.has(e.type)) return;
    const { seq: _seq, at: _at, audience, ...payload } = e;
    const json = JSON.stringify({ payload, audience } satisfies Wire);
    const id = randomUUID();
    const count = Math.max(1, Math.ceil(json.length / PART_CHARS));
    const parts = Array.from({ length: count }, (_, i) => `${this.origin}|${id}|${i}|${count}|${json.slice(i * PART_CHARS, (i + 1) * PART_CHARS)}`);
    this.outbox.push({ type: e.type, parts });
    if (!this.draining) this.sending = this.drain();
  }

  /**
   * Sends what is waiting, one batch at a time, so that the other servers see events in the
   * order they happened: one statement per batch (a burst of call events is one round trip),
   * whose notifications PostgreSQL delivers together, in order, at commit.
   */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.outbox.length > 0) {
        const batch = this.outbox.splice(0, OUTBOX_BATCH);
        const parts = batch.flatMap((b) => b.parts);
        try {
          // Volatile functions in the select list are evaluated after ORDER BY: in order.
          await sql`select pg_notify(${BRIDGE_CHANNEL}, part) from unnest(${parts}::text[]) with ordinality as t(part, n) order by n`.execute(this.opts.db);
          this.stats.sent += batch.length;
        } catch (err) {
          this.stats.sendFailures += batch.length;
          this.log('bus.bridge.send-failed', { types: [...new Set(batch.map((b) => b.type))], message: err instanceof Error ? err.message : String(err) });
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private onPart(text: string): void {
    const m = /^([^|]*)\|([^|]*)\|(\d+)\|(\d+)\|/.exec(text);
    if (!m) return this.log('bus.bridge.malformed', { length: text.length });
    const [head, origin, id, index, count] = m as unknown as [string, string, string, string, string];
    if (origin === this.origin) return;
    const i = Number(index);
    const n = Number(count);
    if (!(n >= 1 && i < n)) return this.log('bus.bridge.malformed', { length: text.length });
    const body = text.slice(head.length);
    if (n === 1) return this.deliver(body);
    const now = performance.now();
    for (const [key, p] of this.partial) if (now - p.since > PARTIAL_TTL_MS) this.partial.delete(key);
    const key = `${origin}|${id}`;
    const entry = this.partial.get(key) ?? { parts: new Array<string | undefined>(n), got: 0, since: now };
    if (entry.parts[i] === undefined) entry.got++;
    entry.parts[i] = body;
    this.partial.set(key, entry);
    if (entry.got === n) {
      this.partial.delete(key);
      this.deliver(entry.parts.join(''));
    }
  }

  private deliver(json: string): void {
    let wire: Wire;
    try {
      wire = JSON.parse(json) as Wire;
    } catch {
      return this.log('bus.bridge.malformed', { length: json.length });
    }
    if (!wire?.payload || !BRIDGED_TYPES.has(wire.payload.type) || typeof wire.audience?.tenantId !== 'string') {
      return this.log('bus.bridge.malformed', { type: String(wire?.payload?.type) });
    }
    this.stats.received++;
    // Published here as if made here; not sent on again (onLocal skips it).
    this.republishing = true;
    try {
      this.opts.bus.publish(wire.payload, wire.audience, { remote: true });
    } finally {
      this.republishing = false;
    }
  }
}
