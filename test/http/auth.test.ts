// Logging in (P-DIV-6: phone number or e-mail and password), sessions, CSRF, API tokens,
// throttling (P-SEC-1) and tenant isolation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, startTestApp, type TestApp } from '../support/app.js';

describe('authentication', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const login = (body: unknown, ip = '10.0.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: body as object, remoteAddress: ip });

  test('P-DIV-6: log in with e-mail (any case) or with the extension', async () => {
    const anna = t.a.people.employee!;
    let res = await login({ login: anna.email.toUpperCase(), password: PASSWORD });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().person.id, anna.id);
    const cookie = res.cookies.find((c) => c.name === 'ov_session')!;
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    res = await login({ login: anna.extension, password: PASSWORD, tenant: 'valdemarsvik' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().person.id, anna.id);
  });

  test('an unknown login and a wrong password get the same answer', async () => {
    const a = await login({ login: 'finns.inte@example.org', password: 'x' }, '10.0.0.2');
    const b = await login({ login: t.a.people.employee!.email, password: 'fel' }, '10.0.0.3');
    assert.equal(a.statusCode, 401);
    assert.equal(b.statusCode, 401);
    assert.deepEqual(a.json(), b.json());
    assert.equal(a.json().error.message, 'Fel användarnamn eller lösenord.');
  });

  test('P-SEC-1: five failures block the login for a while (429 with Retry-After); the right password waits too', async () => {
    const who = t.a.people.other!;
    for (let i = 0; i < 5; i++) assert.equal((await login({ login: who.email, password: `fel${i}` }, `10.1.0.${i}`)).statusCode, 401);
    const blocked = await login({ login: who.email, password: PASSWORD }, '10.1.0.99');
    assert.equal(blocked.statusCode, 429);
    assert.ok(Number(blocked.headers['retry-after']) >= 1);
    t.clock.advance({ minutes: 2 });
    assert.equal((await login({ login: who.email, password: PASSWORD }, '10.1.0.99')).statusCode, 200);
  });

  test('cookie requests without the CSRF token are refused; API tokens need none', async () => {
    const admin = await t.login(t.a.people.admin!);
    const noCsrf = await admin.request('POST', '/api/tokens', { name: 'x', role: 'employee' }, { 'x-csrf-token': '' });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(noCsrf.json().error.code, 'csrf');
    const created = await admin.request('POST', '/api/tokens', { name: 'intranätet', role: 'operator' });
    assert.equal(created.statusCode, 201);
    const token = created.json().token as string;
    const me = await t.anonymous('GET', '/api/auth/me', undefined, { authorization: `Bearer ${token}` });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().role, 'operator');
    assert.equal(me.json().kind, 'token');
    // The token acts for operators: it may divert someone (P-DIV-7), which is audited.
    const res = await t.anonymous('POST', `/api/people/${t.a.people.employee!.id}/absences`, { reason: 'sick', end: '2026-03-26T16:00:00+01:00' }, { authorization: `Bearer ${token}` });
    assert.equal(res.statusCode, 201, res.body);
    // Revoked tokens stop working at once.
    assert.equal((await admin.request('DELETE', `/api/tokens/${created.json().id}`)).statusCode, 204);
    const after = await t.anonymous('GET', '/api/auth/me', undefined, { authorization: `Bearer ${token}` });
    assert.equal(after.statusCode, 401);
    // The token's value is stored only as a digest.
    const rows = await t.store.db.selectFrom('api_tokens').select('token_hash').execute();
    assert.ok(rows.every((r) => r.token_hash !== token));
  });

  test('sessions expire and logout ends them', async () => {
    const c = await t.login(t.a.people.manager!);
    assert.equal((await c.request('GET', '/api/auth/me')).statusCode, 200);
    assert.equal((await c.request('POST', '/api/auth/logout')).statusCode, 204);
    assert.equal((await c.request('GET', '/api/auth/me')).statusCode, 401);
    const d = await t.login(t.a.people.manager!);
    t.clock.advance({ hours: 61 * 24 });
    assert.equal((await d.request('GET', '/api/auth/me')).statusCode, 401);
  });

  test('passwords are stored as scrypt hashes', async () => {
    const rows = await t.store.db.selectFrom('credentials').select('password_hash').execute();
    assert.ok(rows.length > 0);
    for (const r of rows) assert.match(r.password_hash ?? '', /^scrypt\$\d+\$\d+\$\d+\$/);
  });

  test('tenant isolation: a person of another municipality is invisible', async () => {
    const foreign = await t.login(t.b.people.admin!);
    for (const url of [`/api/people/${t.a.people.employee!.id}/presence`, `/api/people/${t.a.people.employee!.id}/absences`]) {
      assert.equal((await foreign.request('GET', url)).statusCode, 404);
    }
    const callbacks = (await foreign.request('GET', '/api/callbacks?status=all')).json() as unknown[];
    assert.equal(callbacks.length, 0);
    const audit = (await foreign.request('GET', '/api/audit')).json() as { onBehalfOf: string }[];
    assert.ok(audit.every((e) => !Object.values(t.a.people).some((p) => p.id === e.onBehalfOf)));
  });
});
