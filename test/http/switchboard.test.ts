// The switchboard's backend: the queue as call control uses it (QueuePort), operators'
// states through the API, taking a call from the console, overflow, events, and the
// information snippets (P-SWB-9). Both stores.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../support/app.js';
import { DIALECTS } from '../../src/store/testing.js';
import { SwitchboardService } from '../../src/services/switchboard/service.js';
import type { QueueEntryInput, QueueMembership } from '../../src/calls/ports.js';
import type { BusEvent, QueueChanged } from '../../src/events/bus.js';
import { Temporal } from '../../src/core/time.js';
import { toIso } from '../../src/store/index.js';

const tick = () => new Promise((r) => setImmediate(r));
/** Polls until `find` returns something; gives up after two seconds. */
async function waitFor<T>(find: () => T | undefined): Promise<T> {
  for (const until = Date.now() + 2000; Date.now() < until; await new Promise((r) => setTimeout(r, 10))) {
    const v = find();
    if (v !== undefined) return v;
  }
  throw new Error('not seen within 2 s');
}
/** A promise's state without waiting for it. */
async function settled<T>(p: Promise<T>): Promise<{ done: boolean; value?: T }> {
  const marker = Symbol('pending');
  const v = await Promise.race([p, new Promise<typeof marker>((r) => setImmediate(() => r(marker)))]);
  return v === marker ? { done: false } : { done: true, value: v as T };
}

for (const dialect of DIALECTS) {
  describe(`switchboard (${dialect})`, () => {
    let t: TestApp;
    let sara: Client, maria: Client, anna: Client, johan: Client;
    let saraId: string, mariaId: string, annaId: string;
    const events: BusEvent[] = [];
    let n = 0;

    const entry = (priority: 'external' | 'internal', extra: Partial<QueueEntryInput> = {}): QueueEntryInput => ({
      tenantId: t.a.id, callId: `call-${n++}`, queue: 'switchboard', priority,
      caller: priority === 'external' ? { number: '+46701740610', name: 'Eva Lund' } : { number: '2003', personId: annaId },
      dialled: priority === 'external' ? '+4649336000' : '2000', enteredAt: t.clock.now(), ...extra,
    });
    const queue = async (c: Client = sara) => (await c.request('GET', '/api/switchboard/queue')).json();
    const agent = (c: Client, action: string, extra: Record<string, unknown> = {}) => c.request('POST', '/api/switchboard/agent', { action, ...extra });

    before(async () => {
      t = await startTestApp({ dialect, now: '2026-03-25T09:00:00Z' });
      sara = await t.login(t.a.people.operator!);
      maria = await t.login(t.a.people.admin!);
      anna = await t.login(t.a.people.employee!);
      johan = await t.login(t.a.people.manager!);
      saraId = t.a.people.operator!.id;
      mariaId = t.a.people.admin!.id;
      annaId = t.a.people.employee!.id;
      t.ctx.bus.subscribe((e) => { if (e.type === 'queue.changed' || e.type === 'agent.changed') events.push(e); });
    });
    after(() => t.close());

    test('P-FC-1: with no operator logged in, a queued call overflows at once', async () => {
      const m = t.ctx.switchboard.join(entry('external'));
      assert.equal(await m.nextAgent(new AbortController().signal), null);
      m.leave('overflow');
      assert.equal(t.ctx.switchboard.waiting(t.a.id), 0);
    });

    test('an operator logs in; the state is stored and announced', async () => {
      const res = await agent(sara, 'login');
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().state, 'available');
      assert.equal(res.json().busy, false);
      const row = await t.store.db.selectFrom('switchboard_agents').selectAll().where('person_id', '=', saraId).executeTakeFirstOrThrow();
      assert.equal(row.state, 'available');
      const e = events.findLast((x) => x.type === 'agent.changed');
      assert.ok(e && e.type === 'agent.changed' && e.personId === saraId && e.state === 'available');
      assert.deepEqual(e.audience, { tenantId: t.a.id, roles: ['operator', 'admin'], personIds: [saraId] });
    });

    let ext: QueueMembership, int: QueueMembership;
    let extId = '', intId = '';
    test('P-SWB-7: an external call is offered before an internal one that came first; the longest-idle operator gets it', async () => {
      // Sara takes a pause so that both calls wait.
      await agent(sara, 'pause', { reason: 'Rast' });
      const i = entry('internal');
      intId = i.callId;
      int = t.ctx.switchboard.join(i);
      t.clock.advance({ seconds: 5 });
      const e = entry('external');
      extId = e.callId;
      ext = t.ctx.switchboard.join(e);
      assert.equal(ext.position(), 1);
      assert.equal(int.position(), 2);
      const q = await queue();
      const calls = q.queues[0].calls;
      assert.deepEqual(calls.map((c: { callId: string; priority: string; position: number }) => [c.callId, c.priority, c.position]), [[extId, 'external', 1], [intId, 'internal', 2]]);
      assert.equal(calls[0].dialled, '+4649336000', 'P-ANS-1: the dialled number');
      assert.equal(calls[0].callerName, 'Eva Lund');
      assert.equal(calls[1].waitingSeconds, 5);
      assert.equal(calls[0].offeredTo, null);
      assert.equal(q.me.state, 'paused');
      assert.equal(q.me.pauseReason, 'Rast');
      // Snapshots go out at most every 250 ms while the queue keeps changing.
      const snap = await waitFor(() => events.findLast((x): x is QueueChanged & BusEvent => x.type === 'queue.changed' && x.calls.length === 2));
      assert.deepEqual(snap.calls.map((c) => c.callId), [extId, intId]);
      assert.deepEqual(snap.audience.roles, ['operator', 'admin']);

      const extNext = ext.nextAgent(new AbortController().signal);
      const intNext = int.nextAgent(new AbortController().signal);
      assert.equal((await settled(extNext)).done, false, 'a paused operator is not offered calls');
      // Maria logs in: the first call in order, the external one, rings her; then Sara takes the internal one.
      await agent(maria, 'login');
      t.clock.advance({ seconds: 1 });
      assert.deepEqual(await extNext, { personId: mariaId });
      await agent(sara, 'available');
      assert.deepEqual(await intNext, { personId: saraId });
      const agents = (await queue()).agents;
      assert.deepEqual(agents.map((a: { personId: string; busy: boolean; callId: string }) => [a.personId, a.busy, a.callId]).sort(), [[mariaId, true, extId], [saraId, true, intId]].sort());
    });

    test('an operator who misses the call is free again and the call is offered anew', async () => {
      int.agentMissed(saraId);
      // Sara is the only free operator: she is offered it again rather than leaving the caller waiting.
      assert.deepEqual(await int.nextAgent(new AbortController().signal), { personId: saraId });
      int.leave({ answeredBy: saraId });
      ext.leave({ answeredBy: mariaId });
      const q = await queue();
      assert.equal(q.queues[0].calls.length, 0);
      assert.ok(q.agents.every((a: { busy: boolean }) => a.busy), 'both connected');
    });

    test('agentFree: the operator is offered the next call; their handling time feeds the estimate', async () => {
      t.clock.advance({ seconds: 120 });
      const m = t.ctx.switchboard.join(entry('external'));
      const next = m.nextAgent(new AbortController().signal);
      assert.equal((await settled(next)).done, false, 'both busy');
      t.ctx.switchboard.agentFree(saraId);
      assert.deepEqual(await next, { personId: saraId });
      const q = await queue();
      assert.equal(q.averageHandleSeconds, 120, 'Sara was offered the call 120 s ago');
      m.leave('abandoned');
      const me = (await queue()).me;
      assert.equal(me.busy, false, 'an abandoned call frees the operator it rang');
      t.ctx.switchboard.agentFree(mariaId);
    });

    test('pick: an operator takes a particular waiting call; refused when it rings another operator or the operator is logged out', async () => {
      await agent(sara, 'pause', { reason: 'Administration' });
      await agent(maria, 'pause');
      const first = entry('external');
      const second = entry('external');
      const m1 = t.ctx.switchboard.join(first);
      const m2 = t.ctx.switchboard.join(second);
      const n2 = m2.nextAgent(new AbortController().signal);
      let res = await sara.request('POST', `/api/switchboard/queue/${second.callId}/pick`);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { callId: second.callId, personId: saraId });
      assert.deepEqual(await n2, { personId: saraId }, 'the picked call rings Sara, ahead of the one that came first');
      res = await sara.request('POST', `/api/switchboard/queue/${first.callId}/pick`);
      assert.equal(res.statusCode, 409, 'she already has a call');
      assert.equal(res.json().error.message, 'Du har redan ett samtal.');
      res = await sara.request('POST', '/api/switchboard/queue/no-such-call/pick');
      assert.equal(res.statusCode, 404);
      m2.leave({ answeredBy: saraId });
      t.ctx.switchboard.agentFree(saraId);
      await agent(sara, 'logout');
      res = await sara.request('POST', `/api/switchboard/queue/${first.callId}/pick`);
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error.message, 'Logga in i växeln först.');
      m1.leave('abandoned');
    });

    test('P-FC-1: when the last operator logs out, a waiting caller overflows at once; the maximum wait overflows too', async () => {
      // Maria is paused, so the call waits.
      const m = t.ctx.switchboard.join(entry('external'));
      const next = m.nextAgent(new AbortController().signal);
      assert.equal((await settled(next)).done, false);
      await agent(maria, 'logout');
      assert.equal(await next, null);
      m.leave('overflow');

      await agent(maria, 'pause');
      // Entered 179.9 s ago with a maximum of 180 s: overflows in 100 ms.
      const late = t.ctx.switchboard.join(entry('internal', { enteredAt: t.clock.now().subtract({ milliseconds: 179_900 }) }));
      const started = Date.now();
      assert.equal(await late.nextAgent(new AbortController().signal), null);
      assert.ok(Date.now() - started < 5000);
      late.leave('overflow');
      const gone = t.ctx.switchboard.join(entry('internal', { enteredAt: t.clock.now().subtract({ seconds: 181 }) }));
      assert.equal(await gone.nextAgent(new AbortController().signal), null, 'already past the maximum');
      gone.leave('overflow');
      // An aborted wait (the caller hung up) answers null as well.
      const hung = t.ctx.switchboard.join(entry('external'));
      const ac = new AbortController();
      const p = hung.nextAgent(ac.signal);
      ac.abort();
      assert.equal(await p, null);
      hung.leave('abandoned');
      await agent(maria, 'logout');
    });

    test('aging: an internal call that has waited 60 s is served before an external call that came after it', async () => {
      await agent(sara, 'login');
      await agent(sara, 'pause');
      const i = t.ctx.switchboard.join(entry('internal'));
      t.clock.advance({ seconds: 30 });
      const e = t.ctx.switchboard.join(entry('external'));
      assert.deepEqual([e.position(), i.position()], [1, 2]);
      t.clock.advance({ seconds: 30 });
      assert.deepEqual([i.position(), e.position()], [1, 2], 'promoted after internalPromotionSeconds (60)');
      const q = (await queue()).queues[0].calls;
      assert.equal(q[0].promoted, true);
      assert.equal(q[0].waitingSeconds, 60);
      i.leave('abandoned');
      e.leave('abandoned');
    });

    test('a busy queue: snapshots at most every 250 ms, and the replay buffer keeps only the newest', async () => {
      const before = events.filter((e) => e.type === 'queue.changed').length;
      const started = Date.now();
      const ms: QueueMembership[] = [];
      for (let i = 0; i < 20; i++) {
        ms.push(t.ctx.switchboard.join(entry('external')));
        await new Promise((r) => setTimeout(r, 20));
      }
      const last = await waitFor(() => events.findLast((x): x is QueueChanged & BusEvent => x.type === 'queue.changed' && x.calls.length === 20));
      const sent = events.filter((e) => e.type === 'queue.changed').length - before;
      const elapsed = Date.now() - started;
      assert.ok(sent <= Math.ceil(elapsed / 250) + 1, `${sent} snapshots in ${elapsed} ms`);
      assert.ok(sent < 20, 'fewer snapshots than changes');
      const retained = (t.ctx.bus.since(0) ?? []).filter((e) => e.type === 'queue.changed' && e.audience.tenantId === t.a.id);
      assert.deepEqual(retained.map((e) => e.seq), [last.seq]);
      for (const m of ms) m.leave('abandoned');
    });

    test('a function\'s queue is served by the logged-in operators who are members of the function', async () => {
      await agent(sara, 'login');
      const fnEntry = () => entry('external', { queue: { functionId: t.a.functionId } });
      const outside = t.ctx.switchboard.join(fnEntry());
      assert.equal(await outside.nextAgent(new AbortController().signal), null, 'Sara is not a member of Bygglov: nobody serves it');
      outside.leave('overflow');
      await t.store.db.insertInto('function_members').values({ tenant_id: t.a.id, function_id: t.a.functionId, person_id: saraId, position: 1 }).execute();
      t.ctx.bus.publish({ type: 'directory.changed', entity: 'function', ids: [t.a.functionId] }, { tenantId: t.a.id, roles: ['admin'] });
      const member = t.ctx.switchboard.join(fnEntry());
      assert.deepEqual(await member.nextAgent(new AbortController().signal), { personId: saraId });
      const q = (await queue()).queues;
      assert.deepEqual(q.map((x: { queue: unknown; calls: unknown[] }) => [x.queue, x.calls.length]), [['switchboard', 0], [{ functionId: t.a.functionId }, 1]]);
      member.leave('abandoned');
      await t.store.db.deleteFrom('function_members').where('person_id', '=', saraId).execute();
      t.ctx.bus.publish({ type: 'directory.changed', entity: 'function', ids: [t.a.functionId] }, { tenantId: t.a.id, roles: ['admin'] });
      await agent(sara, 'pause', { reason: 'Lunch' });
    });

    test('operators\' states, and why one is paused, survive a restart of the process', async () => {
      const fresh = new SwitchboardService(t.ctx);
      await fresh.ready(t.a.id);
      const snap = await fresh.snapshot(t.a.id);
      assert.deepEqual(snap.agents.map((a) => [a.personId, a.state, a.name, a.pauseReason]), [[saraId, 'paused', 'Sara Nilsson', 'Lunch']]);
      await agent(sara, 'logout');
    });

    test('who may: employees and managers have no console; admins set another operator\'s state (audited); bad actions are 400', async () => {
      assert.equal((await anna.request('GET', '/api/switchboard/queue')).statusCode, 403);
      assert.equal((await johan.request('POST', '/api/switchboard/agent', { action: 'login' })).statusCode, 403);
      assert.equal((await sara.request('POST', '/api/switchboard/agent', { action: 'login', personId: mariaId })).statusCode, 403);
      let res = await maria.request('POST', '/api/switchboard/agent', { action: 'pause', personId: saraId, reason: 'Gick hem utan att logga ut' });
      assert.equal(res.statusCode, 200, res.body);
      const entryRow = await t.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'switchboard.pause').executeTakeFirstOrThrow();
      assert.equal(entryRow.on_behalf_of, saraId);
      res = await maria.request('POST', '/api/switchboard/agent', { action: 'logout', personId: t.b.people.operator!.id });
      assert.equal(res.statusCode, 404, 'not a person of this municipality');
      for (const body of [{ action: 'sleep' }, { action: 'pause', reason: 'x'.repeat(101) }, { action: 'login', extra: 1 }, {}]) {
        res = await sara.request('POST', '/api/switchboard/agent', body);
        assert.equal(res.statusCode, 400, JSON.stringify(body));
      }
      await maria.request('POST', '/api/switchboard/agent', { action: 'logout', personId: saraId });
    });

    test('the queue of one municipality is not seen by another', async () => {
      const m = t.ctx.switchboard.join(entry('external'));
      const other = await t.login(t.b.people.operator!);
      const q = (await other.request('GET', '/api/switchboard/queue')).json();
      assert.equal(q.queues[0].calls.length, 0);
      assert.equal((await other.request('POST', `/api/switchboard/queue/call-${n - 1}/pick`)).statusCode, 404);
      m.leave('abandoned');
    });

    test('P-SWB-9: admins write snippets; operators search them Swedish-aware, keywords first', async () => {
      let res = await maria.request('POST', '/api/switchboard/snippets', {
        title: 'Sophämtning', body: 'Hämtning varannan vecka. Frågor om abonnemang: Tekniska förvaltningen.', keywords: ['sophämtning', 'avfall', 'soptunna', 'avfall'],
      });
      assert.equal(res.statusCode, 201, res.body);
      const sop = res.json();
      assert.deepEqual(sop.keywords, ['sophämtning', 'avfall', 'soptunna'], 'repeated keywords once');
      assert.equal(sop.updatedBy, t.a.people.admin!.id);
      res = await maria.request('POST', '/api/switchboard/snippets', { title: 'Återvinningscentralen', body: 'Öppet tisdag och torsdag 14–19. Avfall som inte ryms i soptunnan lämnas här.', keywords: ['ÅVC'] });
      const avc = res.json();
      const search = async (q: string) => ((await sara.request('GET', `/api/switchboard/snippets?q=${encodeURIComponent(q)}`)).json() as { id: string }[]).map((s) => s.id);
      assert.deepEqual(await search('sophamtning'), [sop.id], 'å ä ö typed as a a o');
      assert.deepEqual(await search('sophämtningen'), [sop.id], 'an inflected form');
      assert.deepEqual(await search('avfall'), [sop.id, avc.id], 'keyword before text');
      assert.deepEqual(await search('avc'), [avc.id]);
      assert.deepEqual(await search('avfall torsdag'), [avc.id], 'every word must match');
      assert.deepEqual(await search('parkering'), []);
      assert.equal((await search('')).length, 2);
      res = await maria.request('PUT', `/api/switchboard/snippets/${avc.id}`, { title: 'ÅVC Valdemarsvik', body: 'Öppet tisdag 14–19.' });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json().keywords, []);
      assert.equal((await sara.request('GET', `/api/switchboard/snippets/${avc.id}`)).json().title, 'ÅVC Valdemarsvik');
      res = await maria.request('POST', '/api/switchboard/snippets', { title: '  ', body: '' });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(res.json().error.problems.map((p: { code: string }) => p.code), ['snippet.title.required', 'snippet.body.required']);
      assert.equal((await sara.request('POST', '/api/switchboard/snippets', { title: 'x', body: 'y' })).statusCode, 403);
      const other = await t.login(t.b.people.admin!);
      assert.equal((await other.request('GET', `/api/switchboard/snippets/${sop.id}`)).statusCode, 404);
      assert.equal((await other.request('DELETE', `/api/switchboard/snippets/${sop.id}`)).statusCode, 404);
      assert.equal((await maria.request('DELETE', `/api/switchboard/snippets/${sop.id}`)).statusCode, 204);
      assert.deepEqual(await search('sophämtning'), []);
    });

    test('a waiting call\'s time counts from its first ring when call records know it (P-SWB-1)', async () => {
      await agent(sara, 'login');
      await agent(sara, 'pause');
      const callId = await t.ctx.callRecords.begin({
        tenantId: t.a.id, sipCallId: 'x', origin: 'trunk', caller: { number: '+46701740610' }, dialled: '+4649336000', at: t.clock.now(),
        plan: { steps: [], record: { dialled: '+4649336000', callerInternal: false, origin: 'trunk', reached: { kind: 'switchboard' }, presence: null, switchboardOpen: true, outsidePhoneHours: false, deviations: [], rules: [] } },
      });
      const leg = await t.ctx.callRecords.stepStarted(callId, { stepIndex: 0, step: { kind: 'ring', targets: [], seconds: 24, role: 'sought', rule: 'P-SWB-1' }, at: t.clock.now() });
      await t.ctx.callRecords.legRinging(leg, t.clock.now());
      t.clock.advance({ seconds: 24 });
      const m = t.ctx.switchboard.join(entry('external', { callId }));
      t.clock.advance({ seconds: 10 });
      const row = (await queue()).queues[0].calls[0];
      assert.equal(row.waitingSeconds, 34);
      assert.equal(Temporal.Instant.from(row.enteredAt).epochMilliseconds - Temporal.Instant.from(row.waitingSince).epochMilliseconds, 24_000);
      m.leave('abandoned');
      await t.ctx.callRecords.end(callId, { at: t.clock.now(), outcome: 'abandoned', endedBy: 'caller' });
      await agent(sara, 'logout');
    });

    test('the end of the call frees the operator it was connected to, even when call control does not say so', async () => {
      await agent(sara, 'login');
      const callId = await t.ctx.callRecords.begin({
        tenantId: t.a.id, sipCallId: 'y', origin: 'trunk', caller: { number: '+46701740610' }, dialled: '+4649336000', at: t.clock.now(),
        plan: { steps: [], record: { dialled: '+4649336000', callerInternal: false, origin: 'trunk', reached: { kind: 'switchboard' }, presence: null, switchboardOpen: true, outsidePhoneHours: false, deviations: [], rules: [] } },
      });
      const m = t.ctx.switchboard.join(entry('external', { callId }));
      assert.deepEqual(await m.nextAgent(new AbortController().signal), { personId: saraId });
      m.leave({ answeredBy: saraId });
      assert.equal((await queue()).me.busy, true);
      t.clock.advance({ seconds: 45 });
      await t.ctx.callRecords.end(callId, { at: t.clock.now(), outcome: 'answered', endedBy: 'caller' });
      await tick();
      const me = (await queue()).me;
      assert.equal(me.busy, false);
      assert.equal(me.idleSince, toIso(t.clock.now()));
      await agent(sara, 'logout');
    });
  });
}

describe('event bus replay with superseding snapshots', () => {
  test('a superseded snapshot leaves the buffer without forcing a resync; events dropped for room still do', async () => {
    const { EventBus } = await import('../../src/events/bus.js');
    const bus = new EventBus({ keep: 3, clock: () => new Date(0) });
    const audience = { tenantId: 't', roles: ['operator' as const] };
    const snap = (n: number) => bus.publish({ type: 'queue.changed', queue: 'switchboard', calls: Array.from({ length: n }, () => ({}) as never) }, audience, { supersedes: 'q' });
    const dir = () => bus.publish({ type: 'directory.changed', entity: 'person', ids: [] }, audience);
    snap(1); // seq 1
    dir(); // seq 2
    snap(2); // seq 3 supersedes 1
    assert.deepEqual(bus.since(0)?.map((e) => e.seq), [2, 3], 'nothing was missed: seq 1 is superseded by 3');
    dir(); // 4
    dir(); // 5: the buffer holds 3, 4, 5; seq 2 was dropped for room
    assert.equal(bus.since(1), null, 'seq 2 is gone: the client must reload');
    assert.deepEqual(bus.since(2)?.map((e) => e.seq), [3, 4, 5]);
  });
});
