// The bus across app servers through PostgreSQL LISTEN/NOTIFY (ARCHITECTURE.md, "at scale"):
// two servers' buses on one database. An event published on one is published on the other,
// once, in order, whole however long; it never echoes back; server-local state (the queue)
// stays local; the listener reconnects after its connection is killed. Then the user's view:
// a presence change made through one app server reaches a WebSocket client of the other, and
// one made while the other was not listening makes its clients reload and its caches refill.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { sql } from 'kysely';
import { EventBus, type BusEvent, type PresenceChanged } from '../../src/events/bus.js';
import { PgEventBridge } from '../../src/events/pg-bridge.js';
import { openStore, type Store } from '../../src/store/index.js';
import { freshTarget, type TestTarget } from '../../src/store/testing.js';
import { startTestApp, PASSWORD, type TestApp } from '../support/app.js';
import { createContext } from '../../src/app.js';
import { buildServer } from '../../src/http/server.js';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/http/context.js';

/** Waits (bounded) until `check` is true. */
async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const presence = (personId: string, n: number): PresenceChanged => ({
  type: 'presence.changed', personId, status: { available: false, reason: 'meeting', returnsAt: `2026-03-25T13:${String(n % 60).padStart(2, '0')}:00Z` }, changedBy: 'kollega åäö',
});
const returnsAt = (e: BusEvent) => (e as PresenceChanged & BusEvent).status.returnsAt;

describe('event bus across app servers (PostgreSQL LISTEN/NOTIFY)', () => {
  let target: TestTarget;
  let stores: Store[] = [];
  let buses: [EventBus, EventBus];
  let bridges: [PgEventBridge, PgEventBridge];
  const heard: [BusEvent[], BusEvent[]] = [[], []];
  const audience = { tenantId: 'kommun-1', roles: ['operator' as const] };
  const malformed: string[] = [];

  before(async () => {
    target = await freshTarget('postgres');
    stores = [await openStore(target.options), await openStore(target.options)];
    buses = [new EventBus(), new EventBus()];
    buses.forEach((b, i) => b.subscribe((e) => heard[i]!.push(e)));
    const url = target.options.databaseUrl!;
    bridges = [
      await PgEventBridge.start({ bus: buses[0], db: stores[0]!.db, databaseUrl: url, origin: 'app-a' }),
      await PgEventBridge.start({ bus: buses[1], db: stores[1]!.db, databaseUrl: url, origin: 'app-b', log: (event) => event === 'bus.bridge.malformed' && malformed.push(event) }),
    ];
  });
  after(async () => {
    await Promise.all(bridges.map((b) => b.stop()));
    await Promise.all(stores.map((s) => s.close()));
    await target.dispose();
  });

  const reset = () => heard.forEach((h) => (h.length = 0));

  test('an event published on server A is published on server B once, with its audience; A does not hear it back', async () => {
    reset();
    buses[0].publish(presence('p-1', 1), audience);
    await until(() => heard[1].length === 1, 'B to hear it');
    const [got] = heard[1];
    assert.deepEqual({ ...got, seq: 0, at: '' }, { ...presence('p-1', 1), audience, seq: 0, at: '' });
    await bridges[0].flushed();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(heard[0].length, 1, 'A heard its own event once, from itself');
    assert.equal(heard[1].length, 1, 'B published it once and did not send it on');
  });

  test('many events arrive in the order they were published', async () => {
    reset();
    for (let n = 0; n < 60; n++) buses[0].publish(presence('p-2', n), audience);
    await until(() => heard[1].length === 60, '60 events on B');
    assert.deepEqual(heard[1].map(returnsAt), Array.from({ length: 60 }, (_, n) => presence('p-2', n).status.returnsAt));
  });

  test('an event longer than NOTIFY carries (8000 bytes) arrives whole: an import that changed 4000 people', async () => {
    reset();
    const ids = Array.from({ length: 4000 }, (_, i) => `person-${i}-åäö`);
    buses[1].publish({ type: 'directory.changed', entity: 'import', ids }, { tenantId: 'kommun-1' });
    await until(() => heard[0].length === 1, 'A to hear the import');
    assert.deepEqual((heard[0][0] as { ids: string[] }).ids, ids);
  });

  test('server-local state does not cross: the queue is the owning server\'s', async () => {
    reset();
    buses[0].publish({ type: 'agent.changed', personId: 'p-3', state: 'paused', pauseReason: null, busy: false, changedAt: '2026-03-25T09:00:00Z' }, audience);
    buses[0].publish(presence('p-3', 1), audience);
    await until(() => heard[1].length >= 1, 'the presence change');
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(heard[1].map((e) => e.type), ['presence.changed']);
  });

  test('a malformed notification on the channel is dropped with a log line; the bridge goes on', async () => {
    reset();
    const garbage = ['not ours at all', 'x|y|0|1|{not json', 'x|y|0|1|{"payload":{"type":"queue.changed"},"audience":{"tenantId":"t"}}', 'x|y|5|2|{}'];
    for (const g of garbage) await sql`select pg_notify('ov_events', ${g})`.execute(stores[0]!.db);
    buses[0].publish(presence('p-5', 1), audience);
    await until(() => heard[1].length === 1, 'the next real event');
    assert.equal(heard[1][0]!.type, 'presence.changed', 'nothing of the garbage was published');
    assert.ok(malformed.length >= garbage.length, `logged: ${malformed.length}`);
  });

  test('the listener reconnects after its connection is killed, and events flow again', async () => {
    reset();
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where query = ${'LISTEN ov_events'} and datname = current_database() and pid <> pg_backend_pid()`.execute(stores[0]!.db);
    await until(() => bridges[0].stats.reconnects >= 1 && bridges[1].stats.reconnects >= 1, 'both listeners to reconnect', 10_000);
    // Sent after the reconnect: heard (what was sent while it was down is lost, by design).
    await until(() => {
      if (heard[1].length === 0) buses[0].publish(presence('p-4', 1), audience);
      return heard[1].length > 0;
    }, 'B to hear A again', 10_000);
    assert.equal(heard[1][0]!.type, 'presence.changed');
  });
});

describe('two app servers on one database: what one does, the other\'s clients see', () => {
  let a: TestApp;
  let second: FastifyInstance;
  let ctxB: AppContext;
  let bridges: PgEventBridge[] = [];

  before(async () => {
    a = await startTestApp({ dialect: 'postgres' });
    // Server B: its own process state (bus, caches, HTTP) on the same database and clock.
    const storeB = await openStore(a.storeOptions);
    ctxB = createContext(a.ctx.config, storeB, a.clock);
    second = await buildServer(ctxB);
    second.addHook('onClose', () => storeB.close());
    await second.listen({ host: '127.0.0.1', port: 0 });
    const url = a.storeOptions.databaseUrl!;
    bridges = [
      await PgEventBridge.start({ bus: a.ctx.bus, db: a.store.db, databaseUrl: url, origin: 'a' }),
      await PgEventBridge.start({ bus: ctxB.bus, db: storeB.db, databaseUrl: url, origin: 'b' }),
    ];
  });
  after(async () => {
    await Promise.all(bridges.map((b) => b.stop()));
    await second?.close();
    await a?.close();
  });

  /** Sara, the operator, logged in to server B with its live event stream open. */
  async function operatorOnB() {
    const sara = a.a.people.operator!;
    const login = await second.inject({ method: 'POST', url: '/api/auth/login', payload: { login: sara.email, password: PASSWORD } });
    assert.equal(login.statusCode, 200, login.body);
    const cookie = login.cookies.find((c) => c.name === 'ov_session')!;
    const address = second.server.address() as { port: number };
    const ws = new WebSocket(`ws://127.0.0.1:${address.port}/api/events`, { headers: { cookie: `ov_session=${cookie.value}` } });
    const messages: { type: string; personId?: string }[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return { ws, messages };
  }

  test('a profile saved through server A is the profile server B routes with', async () => {
    const before = await ctxB.tenants.get(a.a.id); // cached on B
    const maria = await a.login(a.a.people.admin!);
    const profile = (await maria.request('GET', '/api/profile')).json();
    profile.voicemail.greetingMaxAgeDays = before.profile.voicemail.greetingMaxAgeDays + 1;
    const res = await maria.request('PUT', '/api/profile', profile);
    assert.equal(res.statusCode, 200, res.body);
    let days = before.profile.voicemail.greetingMaxAgeDays;
    await until(() => {
      void ctxB.tenants.get(a.a.id).then((t) => (days = t.profile.voicemail.greetingMaxAgeDays));
      return days === profile.voicemail.greetingMaxAgeDays;
    }, 'server B to read the saved profile');
  });

  test('P-DIV-3: Anna sets "Möte till 14:30" through server A; an operator connected to server B sees it live', async () => {
    const { ws, messages } = await operatorOnB();
    try {
      const anna = a.a.people.employee!;
      assert.equal((await ctxB.presence.statusOf(a.a.id, anna.id)).state, 'available', 'server B has her presence in its cache');
      const client = await a.login(anna);
      const res = await client.request('POST', `/api/people/${anna.id}/absences`, { reason: 'meeting', end: '2026-03-25T14:30:00+01:00' });
      assert.equal(res.statusCode, 201, res.body);
      await until(() => messages.some((m) => m.type === 'presence.changed' && m.personId === anna.id), 'the operator on server B to see the change');
      // Calls that server B routes see it too: its cache read her absences again.
      let state = '';
      await until(() => {
        void ctxB.presence.statusOf(a.a.id, anna.id).then((s) => (state = s.state));
        return state === 'absent';
      }, 'server B\'s presence cache to see the meeting');
    } finally {
      ws.close();
    }
  });

  test('a change made while server B was not listening: B\'s clients are told to reload and its caches read the store again', async () => {
    const { ws, messages } = await operatorOnB();
    try {
      const johan = a.a.people.manager!;
      assert.equal((await ctxB.presence.statusOf(a.a.id, johan.id)).state, 'available', 'in B\'s cache');
      const reconnects = bridges[1]!.stats.reconnects;
      // B's listening connection ends (a network blip, a PostgreSQL restart); it comes back after 0.5 s.
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'ov-events b'`.execute(a.store.db);
      const client = await a.login(johan);
      const res = await client.request('POST', `/api/people/${johan.id}/absences`, { reason: 'lunch', end: '2026-03-25T13:00:00+01:00' });
      assert.equal(res.statusCode, 201, res.body);
      await until(() => bridges[1]!.stats.reconnects > reconnects, 'B to listen again', 10_000);
      await until(() => messages.some((m) => m.type === 'resync'), 'the operator\'s console on B to be told to reload');
      assert.equal((await ctxB.presence.statusOf(a.a.id, johan.id)).state, 'absent', 'B read his absences again');
    } finally {
      ws.close();
    }
  });
});
