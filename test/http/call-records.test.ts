// Call records through the port call control uses (CallRecordsPort) and back out through the
// API: the list and one call with its legs (least privilege), the follow-up report (P-SWB-1
// answer times, P-DIV-1 deviations, P-GRP-1, voicemail), events, and the write-behind:
// nothing lost on a clean stop, a bad write does not take others with it. Both stores.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../support/app.js';
import { DIALECTS } from '../../src/store/testing.js';
import { CallRecordsService } from '../../src/services/call-records/service.js';
import { newId, toIso } from '../../src/store/index.js';
import { Temporal, type Instant } from '../../src/core/time.js';
import type { CallPlan, Deviation, PlanStep, Reached } from '../../src/core/routing/index.js';
import type { BusEvent } from '../../src/events/bus.js';

// Wednesday 25 March 2026; 09:00 UTC is 10:00 in Stockholm.
const T0 = Temporal.Instant.from('2026-03-25T09:00:00Z');
const at = (seconds: number): Instant => T0.add({ milliseconds: Math.round(seconds * 1000) });

const ringStep = (personId: string, role: 'sought' | 'function' = 'sought', functionId?: string): PlanStep => ({
  kind: 'ring', targets: [{ kind: 'person', personId, devices: 'all-registered', mobileExtension: false }], seconds: 24, role, rule: 'P-SWB-1', ...(functionId ? { functionId } : {}),
});
const queueStep: PlanStep = { kind: 'queue', queue: 'switchboard', priority: 'external', maxWaitSeconds: 180, rule: 'P-SWB-7' };
const voicemailStep = (personId: string): PlanStep => ({ kind: 'voicemail', box: { kind: 'person', personId, greeting: 'standard' }, rule: 'P-VM-1' });

function plan(reached: Reached, steps: PlanStep[], extra: { available?: boolean; deviations?: Deviation[]; internal?: boolean } = {}): CallPlan {
  return {
    steps,
    record: {
      dialled: '2003', callerInternal: extra.internal ?? false, origin: extra.internal ? 'internal' : 'trunk', reached,
      presence: reached.kind === 'person' ? (extra.available === false ? { state: 'absent', reason: 'meeting', returnsAt: at(3600) } : { state: 'available' }) : null,
      switchboardOpen: reached.kind === 'switchboard' ? true : null, outsidePhoneHours: false,
      deviations: extra.deviations ?? [], rules: [...new Set(steps.map((s) => s.rule).filter((r): r is string => !!r))],
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`call records (${dialect})`, () => {
    let t: TestApp;
    let anna: Client, johan: Client, sara: Client, erik: Client, maria: Client, karin: Client;
    let annaId: string, erikId: string;
    const events: BusEvent[] = [];
    let svc: CallRecordsService;

    /** A call as call control would report it: begin, each leg, end. */
    async function call(opts: {
      reached: Reached; steps: PlanStep[]; start: number; ringAfter?: number; answerAfter?: number | null; answeredBy?: string;
      outcome: 'answered' | 'abandoned' | 'voicemail'; legOutcome?: string; available?: boolean; deviations?: Deviation[]; internal?: boolean; callerPersonId?: string;
    }): Promise<string> {
      const id = await svc.begin({
        tenantId: t.a.id, sipCallId: newId(), origin: opts.internal ? 'internal' : 'trunk', caller: { number: opts.internal ? '2004' : '+46701740610', ...(opts.callerPersonId ? { personId: opts.callerPersonId } : {}) },
        dialled: opts.reached.kind === 'switchboard' ? '+4612345600' : '2003', at: at(opts.start),
        plan: plan(opts.reached, opts.steps, { ...(opts.available === undefined ? {} : { available: opts.available }), ...(opts.deviations ? { deviations: opts.deviations } : {}), ...(opts.internal ? { internal: true } : {}) }),
      });
      const first = opts.steps[0]!;
      const leg = await svc.stepStarted(id, { stepIndex: 0, step: first, at: at(opts.start) });
      if (opts.ringAfter !== undefined) await svc.legRinging(leg, at(opts.start + opts.ringAfter));
      const end = opts.start + (opts.answerAfter ?? 30);
      if (opts.answerAfter != null) await svc.legAnswered(leg, at(opts.start + opts.answerAfter), opts.answeredBy);
      await svc.legEnded(leg, at(end), opts.legOutcome ?? (opts.answerAfter != null ? 'answered' : 'no-answer'));
      if (opts.outcome === 'voicemail') {
        const last = opts.steps[opts.steps.length - 1]!;
        const vm = await svc.stepStarted(id, { stepIndex: opts.steps.length - 1, step: last, at: at(end) });
        await svc.legAnswered(vm, at(end));
        await svc.legEnded(vm, at(end + 20), 'recorded');
      }
      await svc.end(id, { at: at(end + 60), outcome: opts.outcome, endedBy: 'caller' });
      return id;
    }

    before(async () => {
      t = await startTestApp({ dialect, now: '2026-03-25T12:00:00Z' });
      anna = await t.login(t.a.people.employee!);
      johan = await t.login(t.a.people.manager!);
      sara = await t.login(t.a.people.operator!);
      erik = await t.login(t.a.people.other!);
      maria = await t.login(t.a.people.admin!);
      karin = await t.login(t.a.people.otherManager!);
      annaId = t.a.people.employee!.id;
      erikId = t.a.people.other!.id;
      svc = t.ctx.callRecords;
      t.ctx.bus.subscribe((e) => { if (e.type.startsWith('call.')) events.push(e); });
    });
    after(() => t.close());

    let answeredId = '';
    test('a call to Anna: first ring, answer and end are recorded; the port answers before the store has it', async () => {
      const id = await svc.begin({
        tenantId: t.a.id, sipCallId: 'sip-1', origin: 'trunk', caller: { number: '+46701740610' }, dialled: '2003', at: at(0),
        plan: plan({ kind: 'person', personId: annaId }, [ringStep(annaId), voicemailStep(annaId)]),
      });
      assert.ok(svc.writeStats.pending > 0, 'begin resolved with the write still queued');
      const leg = await svc.stepStarted(id, { stepIndex: 0, step: ringStep(annaId), at: at(0.2) });
      await svc.legRinging(leg, at(1));
      await svc.legRinging(leg, at(2)); // a second 180 does not move the first ring
      await svc.legAnswered(leg, at(9), annaId);
      await svc.legEnded(leg, at(70), 'answered');
      await svc.end(id, { at: at(70), outcome: 'answered', endedBy: 'callee' });
      answeredId = id;

      const res = await anna.request('GET', `/api/calls/${id}`);
      assert.equal(res.statusCode, 200, res.body);
      const c = res.json();
      assert.equal(c.firstRingAt, '2026-03-25T09:00:01.000Z', 'P-SWB-1: the first legRinging of the call');
      assert.equal(c.answeredAt, '2026-03-25T09:00:09.000Z');
      assert.equal(c.answeredBy, annaId);
      assert.equal(c.answerSeconds, 8);
      assert.equal(c.outcome, 'answered');
      assert.equal(c.endedBy, 'callee');
      assert.deepEqual(c.reached, { kind: 'person', personId: annaId });
      assert.deepEqual(c.presence, { state: 'available' });
      assert.deepEqual(c.rules, ['P-SWB-1', 'P-VM-1']);
      assert.equal(c.legs.length, 1);
      assert.deepEqual({ ...c.legs[0], id: undefined }, {
        id: undefined, stepIndex: 0, kind: 'ring', role: 'sought', personId: annaId, functionId: null, number: null, rule: 'P-SWB-1',
        offeredAt: '2026-03-25T09:00:00.200Z', ringingAt: '2026-03-25T09:00:01.000Z', answeredAt: '2026-03-25T09:00:09.000Z', endedAt: '2026-03-25T09:01:10.000Z', outcome: 'answered',
      });
      assert.equal(c.plan.length, 2);
    });

    test('events: call.started, call.updated (ring, answer), call.ended, for operators, admins, the person and their managers', () => {
      const mine = events.filter((e) => 'callId' in e && e.callId === answeredId);
      assert.deepEqual(mine.map((e) => e.type), ['call.started', 'call.updated', 'call.updated', 'call.ended']);
      const ended = mine[3]!;
      assert.equal(ended.type, 'call.ended');
      if (ended.type === 'call.ended') {
        assert.equal(ended.outcome, 'answered');
        assert.equal(ended.answeredBy, annaId);
        assert.equal(ended.firstRingAt, '2026-03-25T09:00:01.000Z');
      }
      assert.deepEqual(ended.audience, { tenantId: t.a.id, roles: ['operator', 'admin'], personIds: [annaId], staffOf: [annaId] });
    });

    test('least privilege: Anna and her manager see the call; a colleague and another unit\'s manager do not; operators and admins see all', async () => {
      const ids = async (c: Client) => ((await c.request('GET', '/api/calls')).json().calls as { id: string }[]).map((x) => x.id);
      assert.deepEqual(await ids(anna), [answeredId]);
      assert.deepEqual(await ids(johan), [answeredId]);
      assert.deepEqual(await ids(erik), []);
      assert.deepEqual(await ids(karin), []);
      assert.deepEqual(await ids(sara), [answeredId]);
      assert.deepEqual(await ids(maria), [answeredId]);
      assert.equal((await erik.request('GET', `/api/calls/${answeredId}`)).statusCode, 404);
      const other = await t.login(t.b.people.admin!);
      assert.equal((await other.request('GET', `/api/calls/${answeredId}`)).statusCode, 404, 'another municipality');
      assert.deepEqual(((await other.request('GET', '/api/calls')).json().calls as unknown[]).length, 0);
    });

    test('the follow-up day: switchboard answer times, deviations, a function with nobody available, voicemail', async () => {
      const sw: Reached = { kind: 'switchboard' };
      const saraId = t.a.people.operator!.id;
      // Four switchboard calls at 10:xx Stockholm: answered after 5, 20 and 30 s from the first ring, one abandoned.
      await call({ reached: sw, steps: [queueStep], start: 600, answerAfter: 5, answeredBy: saraId, outcome: 'answered' });
      await call({ reached: sw, steps: [queueStep], start: 700, answerAfter: 20, answeredBy: saraId, outcome: 'answered' });
      await call({ reached: sw, steps: [queueStep], start: 800, answerAfter: 30, answeredBy: saraId, outcome: 'answered', internal: true, callerPersonId: annaId });
      await call({ reached: sw, steps: [queueStep], start: 900, answerAfter: null, outcome: 'abandoned', legOutcome: 'cancelled' });
      // One at 13:xx Stockholm (12:10 UTC is after lunch) answered in 3 s.
      await call({ reached: sw, steps: [queueStep], start: 3 * 3600 + 600, answerAfter: 3, answeredBy: saraId, outcome: 'answered' });
      // P-DIV-1: Erik present by presence, his phone rang out: away without diverting.
      await call({ reached: { kind: 'person', personId: erikId }, steps: [ringStep(erikId), voicemailStep(erikId)], start: 1000, ringAfter: 0.5, answerAfter: null, outcome: 'voicemail' });
      // P-DIV-1: Anna present, nothing to ring (routing's deviation); the call went to voicemail.
      await call({
        reached: { kind: 'person', personId: annaId }, steps: [voicemailStep(annaId)], start: 1100, answerAfter: null, outcome: 'voicemail', legOutcome: 'recorded',
        deviations: [{ code: 'unreachable-undiverted', rule: 'P-DIV-1', personId: annaId }],
      });
      // Anna busy: not a deviation.
      await call({ reached: { kind: 'person', personId: annaId }, steps: [ringStep(annaId), voicemailStep(annaId)], start: 1200, ringAfter: 0.5, answerAfter: null, outcome: 'abandoned', legOutcome: 'busy' });
      // P-GRP-1: the Bygglov function, nobody available.
      await call({
        reached: { kind: 'function', functionId: t.a.functionId }, steps: [voicemailStep(annaId)], start: 1300, answerAfter: null, outcome: 'voicemail', legOutcome: 'recorded',
        deviations: [{ code: 'nobody-available', rule: 'P-GRP-1', functionId: t.a.functionId }],
      });
      // Two voicemail messages for Anna in the period, one the day before (outside it).
      for (const received of ['2026-03-25T09:20:00.000Z', '2026-03-25T09:30:00.000Z', '2026-03-24T09:30:00.000Z']) {
        await t.store.db.insertInto('voicemail_messages').values({
          id: newId(), tenant_id: t.a.id, box_kind: 'person', person_id: annaId, function_id: null, call_id: null, callback_id: null, caller_number: '+46701740610',
          caller_name: null, received_at: received, wav_path: `vm/${newId()}.wav`, status: 'new', heard_at: null, deleted_at: null, notified_at: null,
          created_at: received, updated_at: received,
        }).execute();
      }

      const res = await maria.request('GET', '/api/reports/calls?from=2026-03-25&to=2026-03-25');
      assert.equal(res.statusCode, 200, res.body);
      const r = res.json();
      assert.equal(r.from, '2026-03-24T23:00:00.000Z', 'a date is the Stockholm day');
      assert.equal(r.to, '2026-03-25T23:00:00.000Z');
      assert.equal(r.targetSeconds, 24, 'P-SWB-1: four rings in Valdemarsvik\'s profile');
      const s = r.switchboard;
      assert.equal(s.total, 5);
      assert.equal(s.external, 4);
      assert.equal(s.internal, 1);
      assert.equal(s.abandoned, 1);
      assert.deepEqual(s.outcomes, { answered: 4, abandoned: 1 });
      assert.deepEqual(s.answerTimes, {
        targetSeconds: 24, rang: 5, answered: 4, answeredWithinTarget: 3, shareWithinTarget: 0.6, shareOfAnsweredWithinTarget: 0.75, p50Seconds: 5, p90Seconds: 30,
      });
      const h10 = s.byHour[10];
      assert.deepEqual(h10, { hour: 10, total: 4, answered: 3, answeredWithinTarget: 2, abandoned: 1, p50Seconds: 20, p90Seconds: 30 });
      assert.deepEqual(s.byHour[13], { hour: 13, total: 1, answered: 1, answeredWithinTarget: 1, abandoned: 0, p50Seconds: 3, p90Seconds: 3 });
      assert.equal(s.byHour[9].total, 0);

      assert.equal(r.calls.total, 10, 'admins see every call of the municipality');
      const person = (id: string) => (r.people as { personId: string }[]).find((p) => p.personId === id) as Record<string, number> | undefined;
      assert.equal(person(erikId)?.unansweredWhileAvailable, 1, 'P-DIV-1: rang out while present');
      assert.equal(person(erikId)?.unreachableUndiverted, 0);
      assert.equal(person(annaId)?.unreachableUndiverted, 1, 'P-DIV-1: routing\'s deviation');
      assert.equal(person(annaId)?.unansweredWhileAvailable, 0, 'busy is not a deviation');
      assert.equal(person(annaId)?.calls, 3);
      assert.equal(person(annaId)?.answered, 1);
      assert.equal(person(annaId)?.voicemailMessages, 2);
      const fn = r.functions.find((f: { functionId: string }) => f.functionId === t.a.functionId);
      assert.equal(fn.nobodyAvailable, 1, 'P-GRP-1');
      assert.equal(fn.name, 'Bygglov');
      const unit = r.units.find((u: { unitId: string }) => u.unitId === t.a.unitId);
      assert.equal(unit.calls, 4, 'Bygglov: three calls to Anna and one to the function');
      assert.equal(unit.unreachableUndiverted, 1);
      assert.equal(unit.nobodyAvailable, 1);
      assert.equal(unit.voicemailMessages, 2);
      assert.deepEqual(r.voicemail, { messages: 2, byBox: { person: 2, function: 0, switchboard: 0 } });
    });

    test('P-FUP-2: a manager gets their own unit only, no switchboard part; operators the switchboard part only; employees nothing', async () => {
      const m = (await johan.request('GET', '/api/reports/calls?from=2026-03-25&to=2026-03-25')).json();
      assert.equal(m.switchboard, undefined);
      assert.deepEqual(m.scope.units, [t.a.unitId]);
      assert.deepEqual(m.people.map((p: { personId: string }) => p.personId), [annaId], 'only his staff');
      assert.equal(m.calls.total, 4);
      assert.deepEqual(m.units.map((u: { unitId: string }) => u.unitId), [t.a.unitId]);
      assert.equal((await johan.request('GET', `/api/reports/calls?unitId=${t.a.otherUnitId}`)).statusCode, 403);
      const unitOnly = (await maria.request('GET', `/api/reports/calls?from=2026-03-25&to=2026-03-25&unitId=${t.a.otherUnitId}`)).json();
      assert.equal(unitOnly.switchboard, undefined);
      assert.deepEqual(unitOnly.people.map((p: { personId: string }) => p.personId), [erikId]);

      const o = (await sara.request('GET', '/api/reports/calls?from=2026-03-25&to=2026-03-25')).json();
      assert.equal(o.switchboard.total, 5);
      assert.equal(o.people, undefined);
      assert.equal(o.calls, undefined);
      assert.equal((await sara.request('GET', `/api/reports/calls?unitId=${t.a.unitId}`)).statusCode, 403);
      assert.equal((await anna.request('GET', '/api/reports/calls')).statusCode, 403);
    });

    test('the list filters by outcome, origin, person and period, and pages with a cursor', async () => {
      let res = await maria.request('GET', '/api/calls?outcome=abandoned');
      assert.equal(res.json().calls.length, 2);
      res = await maria.request('GET', '/api/calls?origin=internal');
      assert.equal(res.json().calls.length, 1);
      res = await maria.request('GET', `/api/calls?person=${erikId}`);
      assert.equal(res.json().calls.length, 1);
      res = await maria.request('GET', '/api/calls?from=2026-03-25T09:16:00Z&to=2026-03-25T09:21:00Z');
      assert.equal(res.json().calls.length, 3, 'offered 09:16:40, 09:18:20 and 09:20:00');
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { calls: { id: string }[]; nextCursor: string | null } = (await maria.request('GET', `/api/calls?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json();
        assert.ok(page.calls.length <= 3);
        seen.push(...page.calls.map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor);
      assert.equal(seen.length, 10);
      assert.equal(new Set(seen).size, 10, 'no call twice across pages');
      const all = (await maria.request('GET', '/api/calls?limit=200')).json().calls.map((c: { id: string }) => c.id);
      assert.deepEqual(seen, all, 'newest first, the same order paged or not');
    });

    test('hostile input: bad periods, cursors and limits are 400 with a Swedish message', async () => {
      for (const url of [
        '/api/calls?cursor=not-a-cursor', '/api/calls?limit=0', '/api/calls?limit=1000', '/api/calls?from=igår', '/api/calls?outcome=kanske',
        '/api/reports/calls?from=2026-03-26&to=2026-03-25', '/api/reports/calls?from=2024-01-01&to=2026-01-01', '/api/reports/calls?to=99999-01-01',
      ]) {
        const res = await maria.request('GET', url);
        assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
        assert.match(res.json().error.message, /[a-zåäö]/);
      }
    });

    test('a clean stop writes what is queued; a failing write is dropped alone, with the others written', async () => {
      const logged: string[] = [];
      const slow = new CallRecordsService(t.ctx, { delayMs: 60_000, retryMs: 1, maxAttempts: 2, log: (m) => logged.push(m) });
      const id = await slow.begin({
        tenantId: t.a.id, sipCallId: 'sip-stop', origin: 'internal', caller: { number: '2004', personId: annaId }, dialled: '2001', at: at(5000),
        plan: plan({ kind: 'person', personId: erikId }, [ringStep(erikId)], { internal: true }),
      });
      // A record for a municipality that does not exist: the store refuses it (tenant foreign key).
      const bad = await slow.begin({ tenantId: newId(), sipCallId: 'sip-bad', origin: 'trunk', caller: { number: '+46701740610' }, dialled: '2001', at: at(5000), plan: plan({ kind: 'unknown' }, []) });
      const leg = await slow.stepStarted(id, { stepIndex: 0, step: ringStep(erikId), at: at(5000) });
      await slow.legRinging(leg, at(5001));
      await slow.end(id, { at: at(5030), outcome: 'abandoned', endedBy: 'caller' });
      assert.equal((await t.store.db.selectFrom('call_records').select('id').where('id', '=', id).execute()).length, 0, 'nothing written yet');
      await slow.close();
      const row = await t.store.db.selectFrom('call_records').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.outcome, 'abandoned');
      assert.equal(row.first_ring_at, toIso(at(5001)));
      const legs = await t.store.db.selectFrom('call_legs').selectAll().where('call_id', '=', id).execute();
      assert.equal(legs.length, 1);
      assert.equal(legs[0]!.outcome, 'cancelled', 'a leg left open ends with the call');
      assert.equal((await t.store.db.selectFrom('call_records').select('id').where('id', '=', bad).execute()).length, 0);
      assert.ok(logged.some((m) => m.includes('dropped') && m.includes(bad)), logged.join('\n'));
      assert.equal(slow.writeStats.dropped, 1);
    });

    test('reports about a leg this process never saw (after a restart) are still written by id', async () => {
      const first = new CallRecordsService(t.ctx);
      const id = await first.begin({
        tenantId: t.a.id, sipCallId: 'sip-restart', origin: 'trunk', caller: { number: '+46701740610' }, dialled: '2003', at: at(6000),
        plan: plan({ kind: 'person', personId: annaId }, [ringStep(annaId)]),
      });
      const leg = await first.stepStarted(id, { stepIndex: 0, step: ringStep(annaId), at: at(6000) });
      await first.close();
      const second = new CallRecordsService(t.ctx);
      await second.legRinging(leg, at(6002));
      await second.legAnswered(leg, at(6010), annaId);
      await second.end(id, { at: at(6100), outcome: 'answered', endedBy: 'caller' });
      await second.close();
      const row = await t.store.db.selectFrom('call_records').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.first_ring_at, toIso(at(6002)));
      assert.equal(row.answered_at, toIso(at(6010)));
      assert.equal(row.answered_by_person_id, annaId);
    });
  });
}
