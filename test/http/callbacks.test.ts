// Messages and call-backs through the API: due dates by the Swedish calendar (P-CB-1),
// re-plans (P-CB-2), escalation of overdue ones to the manager, lists per person and unit.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../support/app.js';
import { housekeepingOnce } from '../../src/services/housekeeping.js';

describe('call-backs API', () => {
  let t: TestApp;
  let anna: Client, johan: Client, sara: Client, erik: Client;
  let annaId: string;

  before(async () => {
    // Skärtorsdagen 2026, 15:00 in Stockholm.
    t = await startTestApp({ now: '2026-04-02T13:00:00Z' });
    anna = await t.login(t.a.people.employee!);
    johan = await t.login(t.a.people.manager!);
    sara = await t.login(t.a.people.operator!);
    erik = await t.login(t.a.people.other!);
    annaId = t.a.people.employee!.id;
  });
  after(() => t.close());

  let id = '';
  test('P-CB-1 / P-SWB-5: a message taken on skärtorsdagen is due on Wednesday after Easter', async () => {
    const res = await sara.request('POST', `/api/people/${annaId}/messages`, { caller: { name: 'Eva Lund', number: '070-174 06 10' }, concerns: 'Bygglov för garage' });
    assert.equal(res.statusCode, 201, res.body);
    const cb = res.json();
    id = cb.id;
    assert.equal(cb.source, 'operator');
    assert.equal(cb.takenBy, t.a.people.operator!.id);
    // Valdemarsvik's working hours close 16:30 (summer time: 14:30 UTC) on Wed 8 April.
    assert.equal(cb.firstDue, '2026-04-08T14:30:00.000Z');
    assert.equal(cb.status, 'open');
  });

  test('a message needs a way to answer and what it concerns', async () => {
    const res = await sara.request('POST', `/api/people/${annaId}/messages`, { caller: { name: 'Anonym' }, concerns: '' });
    assert.equal(res.statusCode, 400);
    const codes = (res.json().error.problems as { code: string }[]).map((p) => p.code);
    assert.ok(codes.includes('callback.caller.contact.required'));
    assert.ok(codes.includes('callback.concerns.required'));
  });

  test('lists: the person sees theirs, the manager their staff\'s, a colleague nothing', async () => {
    assert.equal((await anna.request('GET', '/api/callbacks')).json().length, 1);
    assert.equal((await johan.request('GET', `/api/callbacks?person=${annaId}`)).json().length, 1);
    assert.equal((await johan.request('GET', `/api/callbacks?unit=${t.a.unitId}`)).json().length, 1);
    assert.equal((await erik.request('GET', '/api/callbacks')).json().length, 0);
  });

  test('overdue call-backs escalate to the manager once per deadline', async () => {
    t.clock.set('2026-04-08T15:00:00Z');
    const r1 = await housekeepingOnce(t.ctx);
    assert.equal(r1.escalated, 1);
    const r2 = await housekeepingOnce(t.ctx);
    assert.equal(r2.escalated, 0, 'not twice for the same deadline');
    const cb = (await anna.request('GET', `/api/callbacks/${id}`)).json();
    assert.equal(cb.overdue, true);
    assert.equal(cb.escalatedAt, '2026-04-08T15:00:00.000Z');
  });

  test('P-CB-2: re-plan to an agreed time, then done; done cannot be re-planned', async () => {
    let res = await anna.request('POST', `/api/callbacks/${id}/replan`, { agreedAt: '2026-04-10T10:00:00+02:00', note: 'Svar efter nämndens beslut' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().due, '2026-04-10T08:00:00.000Z');
    assert.equal(res.json().firstDue, '2026-04-08T14:30:00.000Z');
    assert.equal(res.json().overdue, false);
    res = await anna.request('POST', `/api/callbacks/${id}/done`, { outcome: 'reached', note: 'Ringde upp' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, 'done');
    res = await anna.request('POST', `/api/callbacks/${id}/replan`, { agreedAt: '2026-04-11T10:00:00+02:00', note: 'x' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'callback.transition.illegal');
    const summary = (await johan.request('GET', '/api/callbacks/summary')).json();
    assert.equal(summary.all.total, 1);
    assert.equal(summary.all.doneLate, 1, 'the re-plan came after the first deadline');
  });

  test('unknown outcome and bad times are 400 with Swedish messages', async () => {
    const res = await anna.request('POST', `/api/callbacks/${id}/done`, { outcome: 'kanske' });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().error.message, /[a-zåäö]/);
    const bad = await anna.request('POST', `/api/callbacks/${id}/replan`, { agreedAt: 'imorgon', note: 'x' });
    assert.equal(bad.statusCode, 400);
  });
});
