import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readVia, type Via } from '../message/index.js';
import { responseTarget } from './routing.js';
import { type Source } from './types.js';

function via(s: string): Via {
  const v = readVia(s);
  if (typeof v === 'string') throw new Error(v);
  return v;
}

const local = { address: '198.51.100.1', port: 5060 };
const udpSource: Source = { transport: 'UDP', address: '203.0.113.7', port: 40123, local };
const tcpSource: Source = { transport: 'TCP', address: '203.0.113.7', port: 50001, local, connectionId: 42 };

describe('response routing (RFC 3261 18.2.2, RFC 3581 4)', () => {
  test('18.2.2 reliable: the connection the request came on, falling back to received and the sent-by port', () => {
    assert.deepEqual(responseTarget(via('SIP/2.0/TCP 10.0.0.5:5062;branch=z9hG4bK1;received=203.0.113.7'), tcpSource), {
      transport: 'TCP',
      address: '203.0.113.7',
      port: 5062,
      connectionId: 42,
    });
    assert.deepEqual(responseTarget(via('SIP/2.0/TCP 192.0.2.8;branch=z9hG4bK1'), tcpSource), {
      transport: 'TCP',
      address: '192.0.2.8',
      port: 5060,
      connectionId: 42,
    });
  });

  test('RFC 3581 4: received and rport send the response to the packet source', () => {
    assert.deepEqual(responseTarget(via('SIP/2.0/UDP 10.1.1.1:4540;received=192.0.2.1;rport=9988;branch=z9hG4bK1'), udpSource), {
      transport: 'UDP',
      address: '192.0.2.1',
      port: 9988,
    });
  });

  test('18.2.2 unreliable without rport: received, with the sent-by port or 5060', () => {
    assert.deepEqual(responseTarget(via('SIP/2.0/UDP pc.example.com:5070;received=192.0.2.1;branch=z9hG4bK1')), {
      transport: 'UDP',
      address: '192.0.2.1',
      port: 5070,
    });
    assert.deepEqual(responseTarget(via('SIP/2.0/UDP pc.example.com;received=192.0.2.1;branch=z9hG4bK1')), {
      transport: 'UDP',
      address: '192.0.2.1',
      port: 5060,
    });
  });

  test('18.2.2 maddr comes before received, with the sent-by port', () => {
    assert.deepEqual(responseTarget(via('SIP/2.0/UDP 10.1.1.1:5080;maddr=192.0.2.200;received=192.0.2.1;rport=9988;branch=z9hG4bK1')), {
      transport: 'UDP',
      address: '192.0.2.200',
      port: 5080,
    });
  });

  test('18.2.2 otherwise the sent-by address; a sent-by name without received would need DNS', () => {
    assert.deepEqual(responseTarget(via('SIP/2.0/UDP 192.0.2.33:5099;branch=z9hG4bK1')), { transport: 'UDP', address: '192.0.2.33', port: 5099 });
    assert.equal(responseTarget(via('SIP/2.0/UDP pc.example.com;branch=z9hG4bK1')), undefined);
  });
});
