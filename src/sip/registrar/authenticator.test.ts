// Which address the authentication guard counts when requests come through our edge proxy.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.js';
import { parseMessage, type SipRequest } from '../message/index.js';
import type { ServerTransaction } from '../transaction/index.js';
import { SipAuthenticator } from './authenticator.js';

function relayed(vias: string[]): SipRequest {
  const raw = [
    'REGISTER sip:127.0.0.1 SIP/2.0',
    ...vias.map((v) => `Via: ${v}`),
    'From: <sip:2211@127.0.0.1>;tag=a', 'To: <sip:2211@127.0.0.1>', 'Call-ID: c1', 'CSeq: 1 REGISTER', 'Content-Length: 0', '', '',
  ].join('\r\n');
  const m = parseMessage(raw);
  assert.ok(m.ok && m.value.kind === 'request');
  return m.value;
}

const tx = (request: SipRequest, address: string) => ({ request, source: { transport: 'UDP', address, port: 5070 } }) as unknown as ServerTransaction;
const auth = new SipAuthenticator({ db: {} as Kysely<Database>, secret: 'x'.repeat(32), now: () => 0, edgeProxies: ['10.0.0.5'] });

describe('SipAuthenticator behind an edge proxy (P-SEC-1)', () => {
  const req = relayed(['SIP/2.0/UDP 10.0.0.5:5070;branch=z9hG4bKedge', 'SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bKphone;received=203.0.113.7;rport=40000']);

  test('P-SEC-1: from the edge, the phone\'s address recorded by the edge (received) is counted, not the edge', () => {
    assert.equal(auth.guardSource(tx(req, '10.0.0.5')), '203.0.113.7');
  });

  test('from the edge without received: the sent-by host below the edge', () => {
    const r = relayed(['SIP/2.0/UDP 10.0.0.5:5070;branch=z9hG4bKedge', 'SIP/2.0/UDP 198.51.100.9:5060;branch=z9hG4bKphone']);
    assert.equal(auth.guardSource(tx(r, '10.0.0.5')), '198.51.100.9');
  });

  test('P-SEC-1: anyone else cannot choose the counted address by writing Vias', () => {
    assert.equal(auth.guardSource(tx(req, '198.51.100.66')), '198.51.100.66');
  });

  test('the edge address itself is exempt in the guard, so it is never blocked as a whole', () => {
    assert.equal(auth.guard.settings.isExempt('10.0.0.5'), true);
    assert.equal(auth.guard.settings.isExempt('203.0.113.7'), false);
  });
});
