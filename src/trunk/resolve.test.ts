import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostResolver } from './resolve.js';

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
