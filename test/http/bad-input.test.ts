// Bad input gets a 4xx with a Swedish message and an English detail, never a 500: every
// route, as an admin (who passes every role check), with hostile bodies, params and queries.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startTestApp, type Client, type TestApp } from '../support/app.js';

const BODIES: unknown[] = [
  null, [], [1, 2], 'text', 42, true,
  {}, { reason: null }, { reason: 5, end: {} }, { login: ['a'], password: { $ne: 1 } },
  { caller: 'x', concerns: ['y'] }, { outcome: '' }, { agreedAt: '2026-13-45T99:00:00Z', note: 'x' },
  { start: 'igår', end: 'i morgon', reason: 'meeting' }, { end: '2026-03-25T10:00:00+01:00', reason: 'meeting', start: '2026-03-26T10:00:00+01:00' },
  { recurrence: { weekdays: [0, 8], startTime: '25:00', endTime: 'x', from: 'y' }, reason: 'lunch' },
  { target: { kind: 'person', personId: 'x'.repeat(500) }, reason: 'meeting' },
  { name: 'x'.repeat(10_000), role: 'root' }, { '__proto__': { admin: true } }, { constructor: { prototype: { x: 1 } } },
  { id: 'valdemarsvik', name: '', switchboardHours: 'alltid' },
];

const PARAM_VALUES = ['x', '00000000-0000-0000-0000-000000000000', "'; drop table people; --", 'ä'.repeat(80), '%00', '..%2F..%2Fetc'];

describe('bad input never gives a 500', () => {
  let t: TestApp;
  let admin: Client;
  before(async () => {
    t = await startTestApp();
    admin = await t.login(t.a.people.admin!);
  });
  after(() => t.close());

  test('every route, hostile bodies and parameters', async () => {
    let tried = 0;
    for (const route of t.routes) {
      const [method, pattern] = route.split(' ') as [string, string];
      if (pattern === '/api/events' || pattern === '/api/auth/logout') continue;
      for (const p of PARAM_VALUES) {
        const url = pattern.replace(/:[a-zA-Z]+/g, encodeURIComponent(p)).replace('*', 'x') + '?lang=xx&days=-1&status=kanske&limit=1e9&since=-5';
        const bodies = method === 'GET' || method === 'DELETE' || method === 'OPTIONS' ? [undefined] : BODIES;
        for (const body of bodies) {
          const res = await admin.request(method as never, url, body === undefined ? undefined : JSON.stringify(body), { 'content-type': 'application/json' });
          tried++;
          assert.ok(res.statusCode < 500, `${method} ${url} ${JSON.stringify(body)?.slice(0, 80)} gave ${res.statusCode}: ${res.body.slice(0, 300)}`);
          if (res.statusCode >= 400) {
            const e = res.json().error;
            assert.ok(e.message && e.detail, `${method} ${url}: error without message/detail: ${res.body.slice(0, 200)}`);
          }
        }
      }
    }
    assert.ok(tried > 500, `tried ${tried}`);
  });

  test('malformed JSON, wrong content type and an oversized body are 4xx', async () => {
    const url = `/api/people/${t.a.people.employee!.id}/absences`;
    let res = await admin.request('POST', url, '{"reason": "meet', { 'content-type': 'application/json' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.message, 'Ogiltig begäran.');
    res = await admin.request('POST', url, 'reason=meeting', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(res.statusCode, 415);
    res = await admin.request('POST', url, JSON.stringify({ reason: 'meeting', note: 'x'.repeat(2 * 1024 * 1024) }), { 'content-type': 'application/json' });
    assert.equal(res.statusCode, 413);
  });

  test('a request the HTTP parser refuses (raw UTF-8 in the URL) gets the same error shape', async () => {
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = new URL(address);
    const reply = await new Promise<string>((resolve, reject) => {
      const sock = connect(Number(port), '127.0.0.1', () => sock.write(Buffer.from('GET /api/search?q=snöröjning HTTP/1.1\r\nHost: x\r\n\r\n', 'utf8')));
      let data = '';
      sock.on('data', (d) => (data += d.toString('utf8')));
      sock.on('end', () => resolve(data));
      sock.on('error', reject);
      sock.setTimeout(5000, () => reject(new Error('no answer in 5 s')));
    });
    assert.match(reply, /^HTTP\/1.1 400/);
    const body = JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)) as { error: { message: string; detail: string } };
    assert.equal(body.error.message, 'Ogiltig begäran.');
    assert.match(body.error.detail, /could not be parsed/);
  });
});
