// The registrations follow the admin's changes while they run: a new register trunk starts
// registering, a changed one registers again where its settings now point (after removing
// the old binding), a disabled or removed one unregisters. The operator here is a bare UDP
// registrar on 127.0.0.1 that accepts every REGISTER and records it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { startTestApp, type Client, type TestApp } from '../support/app.js';
import { createResponse, parseMessage, serializeMessage, type SipRequest } from '../../src/sip/message/index.js';
import { SipEndpoint } from '../../src/sip/transaction/index.js';
import { UdpTransport } from '../../src/sip/transport/index.js';
import type { TrunkStateChanged } from '../../src/events/bus.js';

interface Registrar {
  socket: Socket;
  port: number;
  seen: SipRequest[];
}

async function registrar(): Promise<Registrar> {
  const socket = createSocket('udp4');
  const seen: SipRequest[] = [];
  socket.on('message', (bytes, rinfo) => {
    const r = parseMessage(bytes);
    if (!r.ok || r.value.kind !== 'request' || r.value.method !== 'REGISTER') return;
    seen.push(r.value);
    const res = createResponse(r.value, 200);
    res.setToTag('reg');
    res.headers.append('Expires', String(r.value.expires ?? 600));
    socket.send(serializeMessage(res), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { socket, port: socket.address().port, seen };
}

/** Polls until `check` holds, for at most `ms`. */
async function eventually(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('registrations follow the admin API', () => {
  let t: TestApp;
  let admin: Client;
  let endpoint: SipEndpoint;
  let one: Registrar;
  let two: Registrar;
  const states: TrunkStateChanged[] = [];

  before(async () => {
    t = await startTestApp();
    admin = await t.login(t.a.people.admin!);
    t.ctx.bus.subscribe((e) => {
      if (e.type === 'trunk.state') states.push(e);
    });
    endpoint = new SipEndpoint({ transports: [await UdpTransport.listen({ address: '127.0.0.1', port: 0 })], user: { onRequest: (tx) => tx.respond(tx.createResponse(405)) } });
    [one, two] = await Promise.all([registrar(), registrar()]);
    await t.ctx.trunks.startRegistrations(endpoint, { stopWaitMs: 2000, syncEveryMs: 0 });
  });

  after(async () => {
    await t.ctx.trunks.stopRegistrations();
    await endpoint.close();
    one.socket.close();
    two.socket.close();
    await t.close();
  });

  const registered = (id: string) => states.some((s) => s.trunkId === id && s.status === 'registered');

  test('created: registers at once; changed: the old binding removed, the new one registered; disabled and removed: unregistered', async () => {
    const res = await admin.request('POST', '/api/trunks', { name: 'Operatören', mode: 'register', host: '127.0.0.1', port: one.port, username: 'kommunen', secret: 'hemligt' });
    assert.equal(res.statusCode, 201, res.body);
    const id = (res.json() as { id: string }).id;
    await t.ctx.trunks.whenSynced();
    await eventually(() => registered(id), 'the first registration');
    assert.equal(one.seen.length, 1);
    assert.equal(one.seen[0]!.expires, 600);
    const api = await admin.request('GET', '/api/trunks/state');
    assert.equal((api.json() as Array<{ trunkId: string; status: string }>).find((s) => s.trunkId === id)?.status, 'registered');

    states.length = 0;
    const moved = await admin.request('PATCH', `/api/trunks/${id}`, { port: two.port, registerExpires: 900 });
    assert.equal(moved.statusCode, 200, moved.body);
    await t.ctx.trunks.whenSynced();
    await eventually(() => registered(id), 'the registration at the new port');
    assert.deepEqual(one.seen.map((r) => r.expires), [600, 0], 'the old registrar saw the un-REGISTER');
    assert.deepEqual(two.seen.map((r) => r.expires), [900]);

    const renamed = await admin.request('PATCH', `/api/trunks/${id}`, { name: 'Operatören AB' });
    assert.equal(renamed.statusCode, 200);
    await t.ctx.trunks.whenSynced();
    assert.equal(two.seen.length, 1, 'a new name is no reason to register again');
    assert.equal((renamed.json() as { state: { name: string; status: string } }).state.name, 'Operatören AB');

    const off = await admin.request('PATCH', `/api/trunks/${id}`, { enabled: false });
    assert.equal((off.json() as { state: { status: string } }).state.status, 'disabled');
    await t.ctx.trunks.whenSynced();
    assert.deepEqual(two.seen.map((r) => r.expires), [900, 0], 'disabled: unregistered');

    assert.equal((await admin.request('PATCH', `/api/trunks/${id}`, { enabled: true })).statusCode, 200);
    await t.ctx.trunks.whenSynced();
    await eventually(() => two.seen.length === 3, 'registering again once enabled');
    await eventually(() => states.filter((s) => s.trunkId === id && s.status === 'registered').length === 2, 'registered again');
    assert.equal((await admin.request('DELETE', `/api/trunks/${id}`)).statusCode, 204);
    await t.ctx.trunks.whenSynced();
    assert.deepEqual(two.seen.map((r) => r.expires), [900, 0, 900, 0], 'removed: unregistered');
  });
});
