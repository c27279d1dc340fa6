import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Result } from '../../core/errors.js';
import { parseUri, type Uri } from '../message/index.js';
import { formatTarget, normalizeAddress, parseTarget, targetFromUri } from './target.js';
import { type Target } from './types.js';

function value<T>(r: Result<T>): T {
  assert.ok(r.ok, r.ok ? '' : r.problems[0]?.en);
  return r.value;
}

function code<T>(r: Result<T>): string | undefined {
  return r.ok ? undefined : r.problems[0]?.code;
}

const uri = (s: string): Uri => value(parseUri(s));

describe('static targets', () => {
  test('host:port:transport, with defaults 5060 and UDP', () => {
    assert.deepEqual(value(parseTarget('192.0.2.10:5080:tcp')), { transport: 'TCP', address: '192.0.2.10', port: 5080 });
    assert.deepEqual(value(parseTarget('192.0.2.10')), { transport: 'UDP', address: '192.0.2.10', port: 5060 });
    assert.deepEqual(value(parseTarget('[2001:DB8::1]::tls')), { transport: 'TLS', address: '2001:db8::1', port: 5061 });
    assert.equal(formatTarget(value(parseTarget('[2001:db8::1]:5062:udp'))), '[2001:db8::1]:5062:udp');
  });

  test('a host name needs DNS and is refused, in Swedish for the admin', () => {
    const r = parseTarget('trunk.operator.se:5060:udp');
    assert.equal(code(r), 'sip.target.needs-dns');
    assert.ok(!r.ok && r.problems[0]?.sv.includes('IP-adress'));
    assert.equal(code(parseTarget('192.0.2.1:0:udp')), 'sip.target.invalid');
    assert.equal(code(parseTarget('192.0.2.1:5060:sctp')), 'sip.target.transport');
    assert.equal(code(parseTarget('192.0.2.1:5060:udp:x')), 'sip.target.invalid');
  });

  test('IPv4-mapped and bracketed addresses compare as the plain address', () => {
    assert.equal(normalizeAddress('::ffff:127.0.0.1'), '127.0.0.1');
    assert.equal(normalizeAddress('[2001:DB8::1]'), '2001:db8::1');
  });

  test('RFC 3263 4: a URI with an IP literal needs no DNS; transport param, sips and maddr are honoured', () => {
    assert.deepEqual(value(targetFromUri(uri('sip:bob@192.0.2.4'))), { transport: 'UDP', address: '192.0.2.4', port: 5060 });
    assert.deepEqual(value(targetFromUri(uri('sip:bob@192.0.2.4:5070;transport=TCP'))), { transport: 'TCP', address: '192.0.2.4', port: 5070 });
    assert.deepEqual(value(targetFromUri(uri('sips:bob@[2001:db8::9]'))), { transport: 'TLS', address: '2001:db8::9', port: 5061 });
    assert.deepEqual(value(targetFromUri(uri('sip:bob@example.com;maddr=192.0.2.77'))), { transport: 'UDP', address: '192.0.2.77', port: 5060 });
    assert.equal(code(targetFromUri(uri('tel:+46101234567'))), 'sip.target.scheme');
    assert.equal(code(targetFromUri(uri('sip:bob@192.0.2.4;transport=sctp'))), 'sip.target.transport');
  });

  test('a host name resolves only through the static table (a trunk)', () => {
    const hosts = new Map<string, Target>([['trunk.operator.se', { transport: 'TCP', address: '192.0.2.50', port: 5080 }]]);
    assert.deepEqual(value(targetFromUri(uri('sip:+4610@Trunk.Operator.SE'), hosts)), { transport: 'TCP', address: '192.0.2.50', port: 5080 });
    assert.deepEqual(value(targetFromUri(uri('sip:+4610@trunk.operator.se:5090;transport=udp'), hosts)), {
      transport: 'UDP',
      address: '192.0.2.50',
      port: 5090,
    });
    assert.equal(code(targetFromUri(uri('sip:bob@unknown.example'), hosts)), 'sip.target.needs-dns');
  });
});
