// Presence and diversion through the API, on both stores.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startTestApp, type Client, type TestApp } from '../support/app.js';
import { DIALECTS } from '../../src/store/testing.js';

for (const dialect of DIALECTS) {
  describe(`presence API (${dialect})`, () => {
    let t: TestApp;
    let anna: Client, johan: Client, sara: Client, erik: Client;
    let annaId: string;

    before(async () => {
      // Wednesday 25 March 2026, 10:00 in Stockholm.
      t = await startTestApp({ dialect, now: '2026-03-25T09:00:00Z' });
      anna = await t.login(t.a.people.employee!);
      johan = await t.login(t.a.people.manager!);
      sara = await t.login(t.a.people.operator!);
      erik = await t.login(t.a.people.other!);
      annaId = t.a.people.employee!.id;
    });
    after(() => t.close());

    test('P-DIV-3: a meeting then lunch gives one return time; the reason is the meeting', async () => {
      let res = await anna.request('POST', `/api/people/${annaId}/absences`, { reason: 'meeting', start: '2026-03-25T10:00:00+01:00', end: '2026-03-25T12:00:00+01:00', note: 'Styrgrupp, sekretess' });
      assert.equal(res.statusCode, 201, res.body);
      res = await anna.request('POST', `/api/people/${annaId}/absences`, { reason: 'lunch', start: '2026-03-25T12:00:00+01:00' });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().end, '2026-03-25T12:00:00.000Z', 'lunch defaults to one hour (13:00 local)');
      res = await sara.request('GET', `/api/people/${annaId}/presence`);
      const s = res.json();
      assert.equal(s.state, 'absent');
      assert.equal(s.reason, 'meeting');
      assert.equal(s.reasonLabel, 'Möte');
      assert.equal(s.returnsAt, '2026-03-25T12:00:00.000Z');
      // P-SEC-2: the operator never sees the private note; the manager does.
      assert.equal(s.current.absence.note, undefined);
      const m = (await johan.request('GET', `/api/people/${annaId}/presence`)).json();
      assert.equal(m.current.absence.note, 'Styrgrupp, sekretess');
    });

    test('P-DIV-4: "Åter" ends the meeting now; the planned lunch stays', async () => {
      t.clock.set('2026-03-25T10:00:00Z'); // 11:00 local
      const res = await anna.request('POST', `/api/people/${annaId}/back`);
      assert.equal(res.statusCode, 200, res.body);
      const s = res.json();
      assert.equal(s.state, 'available');
      assert.equal(s.next.absence.reason, 'lunch');
      assert.equal(s.next.start, '2026-03-25T11:00:00.000Z');
    });

    test('P-DIV-2: a reason is required and must exist; P-COST-1: external forwarding is refused', async () => {
      let res = await anna.request('POST', `/api/people/${annaId}/absences`, { end: '2026-03-25T14:00:00+01:00' });
      assert.equal(res.statusCode, 400);
      res = await anna.request('POST', `/api/people/${annaId}/absences`, { reason: 'fika', end: '2026-03-25T14:00:00+01:00' });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.problems[0].rule, 'P-DIV-2');
      res = await anna.request('POST', `/api/people/${annaId}/absences`, { reason: 'meeting', end: '2026-03-25T14:00:00+01:00', target: { kind: 'number', number: '+46 70 123 45 67' } });
      assert.equal(res.statusCode, 400);
      const e = res.json().error;
      assert.equal(e.problems[0].rule, 'P-COST-1');
      assert.match(e.message, /interna nummer/);
      // An extension of the municipality is internal.
      res = await anna.request('POST', `/api/people/${annaId}/absences`, { reason: 'meeting', end: '2026-03-25T14:00:00+01:00', target: { kind: 'number', number: t.a.people.other!.extension } });
      assert.equal(res.statusCode, 201, res.body);
      await anna.request('POST', `/api/people/${annaId}/back`);
    });

    test('"Gått för dagen" on a Friday ends on Monday morning; P-DIV-8 the manager diverts a sick employee, audited', async () => {
      t.clock.set('2026-03-27T15:00:00Z'); // Friday 16:00 local
      let res = await anna.request('POST', `/api/people/${annaId}/absences`, { reason: 'gone-for-day' });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().end, '2026-03-30T06:00:00.000Z', 'Monday 08:00 local (summer time since Sunday)');
      t.clock.set('2026-03-30T06:30:00Z');
      res = await johan.request('POST', `/api/people/${annaId}/absences`, { reason: 'sick', end: '2026-03-31T17:00:00+02:00', target: { kind: 'function', functionId: t.a.functionId } });
      assert.equal(res.statusCode, 201, res.body);
      const audit = (await anna.request('GET', '/api/audit')).json() as { actorId: string; onBehalfOf: string; action: string; detail: { basis: string } }[];
      const entry = audit.find((a) => a.action === 'absence.create' && a.actorId === t.a.people.manager!.id);
      assert.ok(entry, 'the change made by the manager is in Anna\'s audit view');
      assert.equal(entry.onBehalfOf, annaId);
      assert.equal(entry.detail.basis, 'manager');
      // Own changes are not "on behalf" and are not audited as such.
      assert.ok(!audit.some((a) => a.actorId === annaId));
      // A colleague sees the diversion but may not change it.
      res = await erik.request('POST', `/api/people/${annaId}/back`);
      assert.equal(res.statusCode, 403);
    });

    test('a presence change reaches a WebSocket client, without the private note', async () => {
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: t.a.people.operator!.email, password: 'rätt-lösenord-123' } });
      const cookie = login.cookies.find((c) => c.name === 'ov_session')!;
      const ws = new WebSocket(`${address.replace('http', 'ws')}/api/events`, { headers: { cookie: `ov_session=${cookie.value}` } });
      const messages: { type: string; personId?: string; status?: { reason?: string } }[] = [];
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no hello within 5 s')), 5000);
        ws.on('message', (d) => {
          messages.push(JSON.parse(String(d)));
          if (messages.length === 1) {
            clearTimeout(timer);
            resolve();
          }
        });
        ws.on('error', reject);
      });
      assert.equal(messages[0]!.type, 'hello');
      const got = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no presence event within 5 s')), 5000);
        ws.on('message', () => {
          if (messages.some((m) => m.type === 'presence.changed')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      await anna.request('POST', `/api/people/${annaId}/absences`, { reason: 'meeting', end: '2026-03-30T14:30:00+02:00', note: 'hemligt' });
      await got;
      ws.close();
      const ev = messages.find((m) => m.type === 'presence.changed')!;
      assert.equal(ev.personId, annaId);
      assert.equal(ev.status?.reason, 'meeting');
      assert.ok(!JSON.stringify(ev).includes('hemligt'), 'P-SEC-2: no private note on the bus');
    });
  });
}
