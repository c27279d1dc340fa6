import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostResolver, SipServerResolver, srvOrder, type Dns } from './resolve.js';

function fakeDns() {
  const calls: string[] = [];
  let answer: string[] | Error = ['192.0.2.10'];
  return {
    calls,
    set: (a: string[] | Error) => (answer = a),
    lookup: (host: string) => {
      calls.push(host);
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}

test('IP literals need no lookup; IPv6 loses its brackets, IPv4-mapped becomes IPv4', async () => {
  const dns = fakeDns();
  const r = new HostResolver(dns.lookup);
  assert.deepEqual(await r.resolve('192.0.2.1'), ['192.0.2.1']);
  assert.deepEqual(await r.resolve('[2001:DB8::1]'), ['2001:db8::1']);
  assert.deepEqual(await r.resolve('::ffff:192.0.2.2'), ['192.0.2.2']);
  assert.deepEqual(dns.calls, []);
});

test('names are cached; after the TTL the old answer is served while a new lookup runs; a failed lookup keeps it', async () => {
  const dns = fakeDns();
  let now = 0;
  const r = new HostResolver(dns.lookup, 1000, () => now);
  assert.deepEqual(await r.resolve('SIP.Operator.Example'), ['192.0.2.10']);
  assert.deepEqual(await r.resolve('sip.operator.example'), ['192.0.2.10']);
  assert.equal(dns.calls.length, 1, 'one lookup, case-insensitive');

  now = 1500;
  dns.set(['192.0.2.20']);
  assert.deepEqual(await r.resolve('sip.operator.example'), ['192.0.2.10'], 'stale but immediate');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(await r.resolve('sip.operator.example'), ['192.0.2.20'], 'then the new answer');

  now = 3000;
  dns.set(new Error('SERVFAIL'));
  await r.resolve('sip.operator.example');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(await r.resolve('sip.operator.example'), ['192.0.2.20'], 'a failed lookup keeps the last answer');
});

test('a name that never resolved gives no address', async () => {
  const dns = fakeDns();
  dns.set(new Error('NXDOMAIN'));
  const r = new HostResolver(dns.lookup);
  assert.deepEqual(await r.resolve('nowhere.example'), []);
});

// ---- RFC 3263 / RFC 2782: the operator's servers from SRV records ------------------------

const srv = (name: string, port: number, priority: number, weight: number) => ({ name, port, priority, weight });

test('RFC 2782: lower priority first; within a priority, a weighted draw among those left', () => {
  const records = [srv('c', 3, 20, 0), srv('a', 1, 10, 60), srv('b', 2, 10, 40)];
  // The draw is floor(random * (total + 1)) against running sums: 0..60 picks a, 61..100 b.
  assert.deepEqual(srvOrder(records, () => 0.1).map((r) => r.name), ['a', 'b', 'c']);
  assert.deepEqual(srvOrder(records, () => 0.9).map((r) => r.name), ['b', 'a', 'c']);
  // Over many draws the share follows the weights.
  let seed = 7;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  let aFirst = 0;
  for (let i = 0; i < 10_000; i++) if (srvOrder(records, random)[0]!.name === 'a') aFirst++;
  assert.ok(aFirst > 5700 && aFirst < 6300, `a first ${aFirst} of 10 000 (weight 60 of 100)`);
});

test('RFC 2782: weight 0 comes last among its priority; a lone "." target means no service', () => {
  const records = [srv('zero', 1, 10, 0), srv('some', 2, 10, 5)];
  assert.deepEqual(srvOrder(records, () => 0.5).map((r) => r.name), ['some', 'zero']);
  assert.deepEqual(srvOrder([srv('.', 0, 0, 0)]), []);
  assert.deepEqual(srvOrder([srv('', 0, 0, 0)]), []);
});

function fakeSrvDns(records: Record<string, ReturnType<typeof srv>[]>, hosts: Record<string, string[]>): Dns & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    addresses: async (host) => {
      asked.push(`A ${host}`);
      return hosts[host] ?? [];
    },
    srv: async (name) => {
      asked.push(`SRV ${name}`);
      return records[name] ?? [];
    },
  };
}

test('RFC 3263 4.2: without a port, the SRV records of the trunk\'s transport; each target\'s addresses in turn', async () => {
  const dns = fakeSrvDns(
    { '_sip._udp.operator.example': [srv('sip2.operator.example', 5070, 20, 0), srv('sip1.operator.example', 5060, 10, 0)], '_sip._tcp.operator.example': [srv('tcp.operator.example', 5080, 10, 0)] },
    { 'sip1.operator.example': ['192.0.2.1', '192.0.2.2'], 'sip2.operator.example': ['192.0.2.3'], 'tcp.operator.example': ['192.0.2.9'] },
  );
  const r = new SipServerResolver(dns);
  assert.deepEqual(await r.servers('Operator.Example', null, 'UDP'), [
    { address: '192.0.2.1', port: 5060 }, { address: '192.0.2.2', port: 5060 }, { address: '192.0.2.3', port: 5070 },
  ]);
  assert.deepEqual(await r.servers('operator.example', null, 'TCP'), [{ address: '192.0.2.9', port: 5080 }]);
  const asked = dns.asked.length;
  await r.servers('operator.example', null, 'UDP');
  assert.equal(dns.asked.length, asked, 'cached');
});

test('RFC 3263 4.2: no SRV records: the name\'s own addresses on 5060; a port given or an IP address: no SRV asked', async () => {
  const dns = fakeSrvDns({}, { 'sip.operator.example': ['192.0.2.7'] });
  const r = new SipServerResolver(dns);
  assert.deepEqual(await r.servers('sip.operator.example', null, 'UDP'), [{ address: '192.0.2.7', port: 5060 }]);
  assert.deepEqual(await r.servers('sip.operator.example', 5080, 'UDP'), [{ address: '192.0.2.7', port: 5080 }]);
  assert.deepEqual(await r.servers('192.0.2.8', null, 'UDP'), [{ address: '192.0.2.8', port: 5060 }]);
  assert.deepEqual(dns.asked, ['SRV _sip._udp.sip.operator.example', 'A sip.operator.example']);
});
