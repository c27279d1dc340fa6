import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSourceAddress, validateTrunk, type TrunkSettings } from './config.js';

const own = (n: string) => n.startsWith('+468465004');
const base: TrunkSettings = {
  name: 'Operatören', mode: 'register', host: 'sip.operator.example', port: 5060, transport: 'UDP', username: 'valdemarsvik',
  secret: 'hemligt', callerId: null, addresses: [], registerExpires: 600, enabled: true,
};

function problems(change: Partial<TrunkSettings>): Array<[string, string | undefined]> {
  const r = validateTrunk({ ...base, ...change }, own);
  return r.ok ? [] : r.problems.map((p) => [p.code, p.field]);
}

test('a complete register trunk passes, normalised', () => {
  const r = validateTrunk({ ...base, name: '  Telia  ', host: 'SIP.Operator.Example.', callerId: '08-465 004 17', addresses: ['192.0.2.0/28', '192.0.2.0/28', '2001:DB8::1'] }, own);
  assert.ok(r.ok);
  assert.equal(r.value.name, 'Telia');
  assert.equal(r.value.host, 'sip.operator.example');
  assert.equal(r.value.callerId, '+46846500417');
  assert.deepEqual(r.value.addresses, ['192.0.2.0/28', '2001:db8::1']);
});

test('hosts: IP literals and DNS names, never with a port', () => {
  assert.deepEqual(problems({ host: '192.0.2.10' }), []);
  assert.deepEqual(problems({ host: '[2001:db8::10]' }), []);
  const v6 = validateTrunk({ ...base, host: '[2001:DB8::10]' }, own);
  assert.ok(v6.ok);
  assert.equal(v6.value.host, '2001:db8::10', 'stored without brackets, lower case');
  assert.deepEqual(problems({ host: 'sip.operator.example:5060' }), [['trunk.host.port', 'host']]);
  assert.deepEqual(problems({ host: '192.0.2.10:5060' }), [['trunk.host.port', 'host']]);
  assert.deepEqual(problems({ host: 'sip operator' }), [['trunk.host.invalid', 'host']]);
  assert.deepEqual(problems({ host: '999.1.1.1' }), [['trunk.host.invalid', 'host']], 'digits that are no address');
  assert.deepEqual(problems({ host: '-bad.example' }), [['trunk.host.invalid', 'host']]);
  assert.deepEqual(problems({ port: 0 }), [['trunk.port.invalid', 'port']]);
  assert.deepEqual(problems({ port: 70000 }), [['trunk.port.invalid', 'port']]);
});

test("mode 'register' needs an account; mode 'ip' does not", () => {
  assert.deepEqual(problems({ username: null, secret: null }), [['trunk.username.missing', 'username'], ['trunk.secret.missing', 'secret']]);
  assert.deepEqual(problems({ mode: 'ip', username: null, secret: null }), []);
  assert.deepEqual(problems({ username: 'med mellanslag' }), [['trunk.username.invalid', 'username']]);
  assert.deepEqual(problems({ secret: 'rad\nbrytning' }), [['trunk.secret.invalid', 'secret']]);
  assert.deepEqual(problems({ registerExpires: 30 }), [['trunk.expires.invalid', 'registerExpires']]);
});

test("caller ID: a number, and one of the municipality's own", () => {
  assert.deepEqual(problems({ callerId: 'växeln' }), [['trunk.caller-id.invalid', 'callerId']]);
  assert.deepEqual(problems({ callerId: '070-174 06 10' }), [['trunk.caller-id.foreign', 'callerId']]);
  assert.deepEqual(problems({ callerId: '' }), [], 'empty means the main number');
});

test('addresses: IPs and CIDR prefixes, each problem with its index', () => {
  assert.deepEqual(problems({ addresses: ['192.0.2.1', 'op.example', '192.0.2.0/33'] }), [
    ['trunk.address.invalid', 'addresses.1'],
    ['trunk.address.invalid', 'addresses.2'],
  ]);
  assert.equal(normalizeSourceAddress(' ::ffff:192.0.2.7 '), '192.0.2.7');
  assert.equal(normalizeSourceAddress('2001:db8::/32'), '2001:db8::/32');
  assert.equal(normalizeSourceAddress('2001:db8::/129'), undefined);
});

test('every problem has Swedish text for the admin', () => {
  const r = validateTrunk({ ...base, name: '', host: 'x y', port: -1, username: null, secret: null, callerId: 'x', addresses: ['x'], registerExpires: 1 }, own);
  assert.ok(!r.ok);
  assert.equal(r.problems.length, 8);
  for (const p of r.problems) assert.match(p.sv, /[a-zåäö]{3,}/i, p.code);
});
