// A trunk whose operator publishes its servers in DNS (RFC 3263 4.2, RFC 2782), against a
// real DNS server (dnsmasq on 127.0.0.1): the route tries the servers in priority order, an
// INVITE from any of them is the trunk's, and a name without SRV records falls back to its
// own address on 5060. The call-control half (the next server after a 503) is in
// test/calls/raw-phones.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app.js';
import { dnsmasqAvailable, startDns, type TestDns } from '../support/dns.js';
import { TrunkService } from '../../src/trunk/service.js';
import { DomainError } from '../../src/core/errors.js';
import type { Actor } from '../../src/http/context.js';

const skip = dnsmasqAvailable() ? false : 'dnsmasq is not installed (scripts/install-test-deps.sh)';

describe('trunk servers from DNS SRV records (RFC 3263)', { skip }, () => {
  let t: TestApp;
  let dns: TestDns;
  let trunks: TrunkService;
  let admin: Actor;

  before(async () => {
    t = await startTestApp();
    dns = await startDns({
      srv: [
        ['_sip._udp.operator.test', 'sip2.operator.test', 5092, 20, 0],
        ['_sip._udp.operator.test', 'sip1.operator.test', 5091, 10, 0],
        ['_sip._tcp.operator.test', 'tcp.operator.test', 5093, 10, 0],
      ],
      hosts: [['sip1.operator.test', '127.0.0.11'], ['sip2.operator.test', '127.0.0.12'], ['tcp.operator.test', '127.0.0.13'], ['plain.test', '127.0.0.14']],
    });
    trunks = new TrunkService(t.ctx, { dns: dns.dns });
    const maria = t.a.people.admin!;
    admin = { kind: 'person', id: maria.id, personId: maria.id, tenantId: t.a.id, role: 'admin' };
  });
  after(async () => {
    await dns?.stop();
    await t?.close();
  });

  const invite = (sourceAddress: string, sourcePort: number) => ({
    sourceAddress, sourcePort, requestUri: 'sip:+46123456700@127.0.0.1', callId: 'c1@op', to: '<sip:+46123456700@127.0.0.1>', from: '<sip:0701740610@operator.test>;tag=1',
  });

  test('no port: the servers of _sip._udp.<host> in priority order; the Request-URI names the domain without a port', async () => {
    const trunk = await trunks.create(admin, { name: 'Operatören', mode: 'register', host: 'operator.test', port: null, username: 'vaxel', secret: 'hemligt' });
    assert.equal(trunk.port, null, 'kept as "from SRV"');
    const route = await trunks.outboundRoute(t.a.id, '0701740610');
    assert.ok(route);
    assert.deepEqual(route.target, { transport: 'UDP', address: '127.0.0.11', port: 5091 }, 'priority 10 first');
    assert.deepEqual(route.alternates, [{ transport: 'UDP', address: '127.0.0.12', port: 5092 }], 'then priority 20');
    assert.equal(route.requestUri, 'sip:+46701740610@operator.test');
    // An INVITE from either server (its address and port: a registering trunk) is the trunk's.
    assert.equal((await trunks.identifyInbound(invite('127.0.0.12', 5092)))?.trunkId, trunk.id);
    assert.equal((await trunks.identifyInbound(invite('127.0.0.11', 5091)))?.trunkId, trunk.id);
    assert.equal(await trunks.identifyInbound(invite('127.0.0.12', 5091)), undefined, 'another server\'s port');

    // TCP: the TCP records.
    await trunks.update(admin, trunk.id, { transport: 'TCP' });
    const tcp = await trunks.outboundRoute(t.a.id, '0701740610');
    assert.deepEqual(tcp?.target, { transport: 'TCP', address: '127.0.0.13', port: 5093 });
    assert.equal(tcp?.requestUri, 'sip:+46701740610@operator.test;transport=tcp');
    await trunks.remove(admin, trunk.id);
  });

  test('a name without SRV records: its own address on 5060; a port given: no SRV asked', async () => {
    const plain = await trunks.create(admin, { name: 'Utan SRV', mode: 'ip', host: 'plain.test', port: null });
    assert.deepEqual((await trunks.outboundRoute(t.a.id, '0701740610'))?.target, { transport: 'UDP', address: '127.0.0.14', port: 5060 });
    await trunks.update(admin, plain.id, { port: 5099 });
    assert.deepEqual((await trunks.outboundRoute(t.a.id, '0701740610'))?.target, { transport: 'UDP', address: '127.0.0.14', port: 5099 });
    await trunks.remove(admin, plain.id);
  });

  test('SRV needs a name: an IP address without a port is refused in Swedish, naming the field', async () => {
    await assert.rejects(trunks.create(admin, { name: 'Fel', mode: 'ip', host: '192.0.2.1', port: null }), (e: unknown) => {
      assert.ok(e instanceof DomainError);
      assert.deepEqual(e.problems.map((p) => [p.code, p.field]), [['trunk.port.srv-needs-name', 'port']]);
      assert.match(e.problems[0]!.sv, /värdnamn/);
      return true;
    });
  });
});
