// Trunks through the admin API and the TrunkPort, on SQLite and PostgreSQL: settings checked
// with Swedish errors, the secret write-only and never audited, INVITEs recognised by source,
// outbound routes built from the settings.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../support/app.js';
import { DIALECTS } from '../../src/store/testing.js';
import type { BusEvent } from '../../src/events/bus.js';
import type { Actor } from '../../src/http/context.js';

const SECRET = 'hemligt-från-operatören';

const invite = (sourceAddress: string, sourcePort: number, requestUri: string, extra: { to?: string; from?: string; pAssertedIdentity?: string[] } = {}) => ({
  sourceAddress, sourcePort, requestUri, callId: 'c1@op',
  to: extra.to ?? `<${requestUri}>`, from: extra.from ?? '<sip:0701740610@op.example>;tag=1',
  ...(extra.pAssertedIdentity ? { pAssertedIdentity: extra.pAssertedIdentity } : {}),
});

for (const dialect of DIALECTS) {
  describe(`trunks (${dialect})`, () => {
    let t: TestApp;
    let admin: Client;
    let adminB: Actor;
    const events: BusEvent[] = [];

    before(async () => {
      t = await startTestApp({ dialect });
      admin = await t.login(t.a.people.admin!);
      adminB = { kind: 'token', id: 'test', personId: null, tenantId: t.b.id, role: 'admin' };
      t.ctx.bus.subscribe((e) => events.push(e));
    });
    after(() => t.close());

    test('create: validated with Swedish errors, each naming its field', async () => {
      const res = await admin.request('POST', '/api/trunks', { name: 'Operatören', mode: 'register', host: 'sip.op.example:5060', callerId: '070-174 06 10' });
      assert.equal(res.statusCode, 400, res.body);
      const body = res.json() as { error: { message: string; problems: Array<{ code: string; field: string; sv: string }> } };
      assert.deepEqual(body.error.problems.map((p) => [p.code, p.field]), [
        ['trunk.host.port', 'host'],
        ['trunk.username.missing', 'username'],
        ['trunk.secret.missing', 'secret'],
        ['trunk.caller-id.foreign', 'callerId'],
      ]);
      assert.match(body.error.message, /porten/);
      const schema = await admin.request('POST', '/api/trunks', { name: 'X', mode: 'sip', host: 'a.example' });
      assert.equal(schema.statusCode, 400, 'an unknown mode is refused by the schema');
    });

    let registerId = '';
    test('create a register trunk: the secret is write-only, the change audited without it, an event sent', async () => {
      const res = await admin.request('POST', '/api/trunks', {
        name: 'Operatören', mode: 'register', host: '127.0.0.1', port: 5090, username: 'valdemarsvik', secret: SECRET, callerId: '08-465 004 17',
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.ok(!res.body.includes(SECRET));
      const view = res.json() as { id: string; hasSecret: boolean; callerId: string; transport: string; registerExpires: number; state: { status: string } };
      registerId = view.id;
      assert.equal(view.hasSecret, true);
      assert.equal(view.callerId, '+46846500417');
      assert.equal(view.transport, 'UDP');
      assert.equal(view.registerExpires, 600);
      assert.equal(view.state.status, 'idle', 'no SIP service in this app: the client is not running');

      const list = await admin.request('GET', '/api/trunks');
      assert.ok(!list.body.includes(SECRET));
      assert.deepEqual((list.json() as Array<{ id: string }>).map((x) => x.id), [registerId]);

      const audit = await t.store.db.selectFrom('audit_log').selectAll().where('entity', '=', 'trunk').execute();
      assert.deepEqual(audit.map((a) => a.action), ['trunk.create']);
      assert.ok(!JSON.stringify(audit).includes(SECRET), 'the secret is not in the audit log');
      assert.equal((JSON.parse(audit[0]!.detail_json) as { secret: string }).secret, 'set');
      const e = events.find((x) => x.type === 'trunk.state');
      assert.ok(e && e.type === 'trunk.state' && e.trunkId === registerId && e.status === 'idle');
      assert.deepEqual(e.audience, { tenantId: t.a.id, roles: ['admin'] });
    });

    test('names are unique per municipality (409); another municipality may use the same', async () => {
      const dup = await admin.request('POST', '/api/trunks', { name: 'operatören', mode: 'ip', host: '192.0.2.1' });
      assert.equal(dup.statusCode, 409, dup.body);
      const other = await t.ctx.trunks.create(adminB, { name: 'Operatören', mode: 'ip', host: '192.0.2.1' });
      assert.equal(other.name, 'Operatören');
    });

    test('update: a secret left out is kept, null is refused for a register trunk; audited by field', async () => {
      const res = await admin.request('PATCH', `/api/trunks/${registerId}`, { port: 5091, addresses: ['198.51.100.0/30'] });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal((res.json() as { hasSecret: boolean }).hasSecret, true);
      const stored = await t.store.db.selectFrom('trunks').select(['secret', 'port']).where('id', '=', registerId).executeTakeFirstOrThrow();
      assert.deepEqual(stored, { secret: SECRET, port: 5091 });
      const refused = await admin.request('PATCH', `/api/trunks/${registerId}`, { secret: null });
      assert.equal(refused.statusCode, 400);
      assert.equal((refused.json() as { error: { problems: Array<{ code: string }> } }).error.problems[0]?.code, 'trunk.secret.missing');
      const audit = await t.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'trunk.update').execute();
      assert.deepEqual(JSON.parse(audit[0]!.detail_json), { port: 5091, addresses: ['198.51.100.0/30'] });
      const empty = await admin.request('PATCH', `/api/trunks/${registerId}`, {});
      assert.equal(empty.statusCode, 400, 'an empty change is refused');
      const missing = await admin.request('PATCH', '/api/trunks/00000000-0000-0000-0000-000000000000', { port: 5092 });
      assert.equal(missing.statusCode, 404);
    });

    test('inbound, mode register: the registrar host and port, or a listed address; not another port', async () => {
      const did = 'sip:+46846500401@127.0.0.1:5060';
      const found = await t.ctx.trunks.identifyInbound(invite('127.0.0.1', 5091, did, { pAssertedIdentity: ['<tel:+46701740611>'] }));
      assert.deepEqual(found, { tenantId: t.a.id, trunkId: registerId, dialled: '+46846500401', callerNumber: '+46701740611' });
      assert.equal(await t.ctx.trunks.identifyInbound(invite('127.0.0.1', 40000, did)), undefined, 'UDP: the port must be the registrar\'s');
      const listed = await t.ctx.trunks.identifyInbound(invite('198.51.100.2', 40000, did));
      assert.equal(listed?.trunkId, registerId, 'a listed address, any port');
      assert.equal(await t.ctx.trunks.identifyInbound(invite('198.51.100.4', 5091, did)), undefined, 'outside the listed /30');
      // Addressed to the contact user while no registration is live: not enough on its own.
      assert.equal(await t.ctx.trunks.identifyInbound(invite('203.0.113.9', 5060, 'sip:valdemarsvik@127.0.0.1:5060')), undefined);
    });

    test('inbound, mode ip: from the host or the listed addresses, any port; a disabled trunk recognises nothing', async () => {
      const ipTrunk = await admin.request('POST', '/api/trunks', { name: 'IP-trunk', mode: 'ip', host: '192.0.2.80', addresses: ['2001:db8:5::/48'] });
      assert.equal(ipTrunk.statusCode, 201, ipTrunk.body);
      const id = (ipTrunk.json() as { id: string; state: { status: string } }).id;
      assert.equal((ipTrunk.json() as { state: { status: string } }).state.status, 'by-address');
      assert.equal((await t.ctx.trunks.identifyInbound(invite('192.0.2.80', 12345, 'sip:0846500402@10.0.0.1')))?.dialled, '+46846500402');
      assert.equal((await t.ctx.trunks.identifyInbound(invite('2001:db8:5::7', 5060, 'sip:0846500402@10.0.0.1')))?.trunkId, id);
      assert.equal((await t.ctx.trunks.identifyInbound(invite('::ffff:192.0.2.80', 5060, 'sip:0846500402@10.0.0.1')))?.trunkId, id, 'IPv4-mapped source');
      const off = await admin.request('PATCH', `/api/trunks/${id}`, { enabled: false });
      assert.equal((off.json() as { state: { status: string } }).state.status, 'disabled');
      assert.equal(await t.ctx.trunks.identifyInbound(invite('192.0.2.80', 5060, 'sip:0846500402@10.0.0.1')), undefined);
      assert.equal((await admin.request('DELETE', `/api/trunks/${id}`)).statusCode, 204);
    });

    test('an INVITE from an unknown source is no trunk call (call control authenticates it like a phone)', async () => {
      assert.equal(await t.ctx.trunks.identifyInbound(invite('203.0.113.66', 5060, 'sip:+46846500401@10.0.0.1')), undefined);
    });

    test('one operator address for two municipalities: the dialled number decides', async () => {
      const mk = (actor: Actor, name: string) => t.ctx.trunks.create(actor, { name, mode: 'ip', host: '192.0.2.99' });
      const a = await mk({ kind: 'token', id: 'test', personId: null, tenantId: t.a.id, role: 'admin' }, 'Delad A');
      const b = await mk(adminB, 'Delad B');
      const toA = await t.ctx.trunks.identifyInbound(invite('192.0.2.99', 5060, 'sip:+46846500405@10.0.0.1'));
      const toB = await t.ctx.trunks.identifyInbound(invite('192.0.2.99', 5060, 'sip:031-3900605@10.0.0.1')); // national form
      assert.deepEqual([toA?.tenantId, toA?.trunkId], [t.a.id, a.id]);
      assert.deepEqual([toB?.tenantId, toB?.trunkId, toB?.dialled], [t.b.id, b.id, '+46313900605']);
      await t.ctx.trunks.remove({ kind: 'token', id: 'test', personId: null, tenantId: t.a.id, role: 'admin' }, a.id);
      await t.ctx.trunks.remove(adminB, b.id);
    });

    test('outbound: Request-URI at the operator, From with the caller ID, credentials of a register trunk', async () => {
      const route = await t.ctx.trunks.outboundRoute(t.a.id, '070-174 06 10');
      assert.deepEqual(route, {
        trunkId: registerId,
        target: { transport: 'UDP', address: '127.0.0.1', port: 5091 },
        alternates: [],
        requestUri: 'sip:+46701740610@127.0.0.1:5091',
        fromUri: 'sip:+46846500417@127.0.0.1',
        credentials: { username: 'valdemarsvik', password: SECRET },
      });
      assert.equal((await t.ctx.trunks.outboundRoute(t.a.id, '112'))?.requestUri, 'sip:112@127.0.0.1:5091', 'short numbers as dialled');
      // Vara's trunk has no caller ID: the main number; mode ip: no credentials.
      const vara = await t.ctx.trunks.outboundRoute(t.b.id, '+46701740610');
      assert.equal(vara?.fromUri, 'sip:+46313900600@192.0.2.1');
      assert.equal(vara?.credentials, null);
    });

    test('outbound: no enabled trunk, no route (the caller hears a refusal)', async () => {
      assert.equal((await admin.request('PATCH', `/api/trunks/${registerId}`, { enabled: false })).statusCode, 200);
      assert.equal(await t.ctx.trunks.outboundRoute(t.a.id, '+46701740610'), undefined);
    });

    test('delete: audited; another municipality cannot see or delete it', async () => {
      const foreign = await t.ctx.trunks.list(t.b.id);
      assert.ok(!foreign.some((x) => x.id === registerId));
      await assert.rejects(t.ctx.trunks.remove(adminB, registerId), /does not exist/);
      assert.equal((await admin.request('DELETE', `/api/trunks/${registerId}`)).statusCode, 204);
      assert.equal((await admin.request('DELETE', `/api/trunks/${registerId}`)).statusCode, 404);
      const audit = await t.store.db.selectFrom('audit_log').select('action').where('entity_id', '=', registerId).orderBy('at').execute();
      assert.equal(audit.at(-1)?.action, 'trunk.delete');
    });
  });
}
