import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ParseFailure, parseMessage, type SipRequest, type SipResponse } from '../message/index.js';
import { malformedReply, reasonFor, stampVia } from './inbound.js';
import { type Source } from './types.js';

const source: Source = { transport: 'UDP', address: '203.0.113.7', port: 40123, local: { address: '198.51.100.1', port: 5060 } };

function request(...vias: string[]): SipRequest {
  const text = [
    'OPTIONS sip:vaxel@198.51.100.1 SIP/2.0',
    ...vias.map((v) => `Via: ${v}`),
    'From: <sip:anna@example.com>;tag=a1',
    'To: <sip:vaxel@198.51.100.1>',
    'Call-ID: c1',
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const r = parseMessage(text);
  assert.ok(r.ok && r.value.kind === 'request');
  return r.value;
}

function failure(text: string): ParseFailure {
  const r = parseMessage(text);
  assert.ok(!r.ok);
  return r;
}

function reply(f: ParseFailure): SipResponse | undefined {
  const bytes = malformedReply(f);
  if (!bytes) return undefined;
  const r = parseMessage(bytes);
  assert.ok(r.ok && r.value.kind === 'response');
  return r.value;
}

describe('Via stamping on receipt (RFC 3261 18.2.1, RFC 3581 4)', () => {
  test('18.2.1 a sent-by address that differs from the packet source gets received=', () => {
    const r = request('SIP/2.0/UDP 10.1.1.1:4540;branch=z9hG4bK1', 'SIP/2.0/UDP proxy.example.com;branch=z9hG4bK0');
    stampVia(r, source);
    assert.deepEqual(r.headers.getAll('Via'), ['SIP/2.0/UDP 10.1.1.1:4540;branch=z9hG4bK1;received=203.0.113.7', 'SIP/2.0/UDP proxy.example.com;branch=z9hG4bK0']);
  });

  test('18.2.1 a domain name in sent-by always gets received=', () => {
    const r = request('SIP/2.0/UDP pc.example.com;branch=z9hG4bK1');
    stampVia(r, source);
    assert.equal(r.via[0]?.received, '203.0.113.7');
  });

  test('RFC 3581 4 an empty rport is filled with the source port, and received is added even when the address is the same', () => {
    const r = request('SIP/2.0/UDP 203.0.113.7:5060;rport;branch=z9hG4bK1');
    stampVia(r, source);
    assert.equal(r.headers.get('Via'), 'SIP/2.0/UDP 203.0.113.7:5060;rport=40123;branch=z9hG4bK1;received=203.0.113.7');
  });

  test('a Via that matches its source and asks for nothing is left as it came', () => {
    const r = request('SIP/2.0/UDP 203.0.113.7:5060;branch=z9hG4bK1');
    stampVia(r, source);
    assert.equal(r.headers.get('Via'), 'SIP/2.0/UDP 203.0.113.7:5060;branch=z9hG4bK1');
  });
});

describe('answers to requests that fail to parse', () => {
  test('a clear reason phrase without echoing the input', () => {
    assert.equal(reasonFor(400, { code: 'x', sv: 'x', en: 'Invalid Content-Length: "abc\u0007"' }), 'Bad Request (Invalid Content-Length)');
    assert.equal(reasonFor(513, undefined), 'Message Too Large');
  });

  test('RFC 4475 3.1.2.3 a negative Content-Length gets 400 with the reason, the Via values and a To tag (8.2.6.2)', () => {
    const f = failure(
      'INVITE sip:vaxel@198.51.100.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: -5\r\n\r\n',
    );
    const res = reply(f);
    assert.equal(res?.status, 400);
    assert.equal(res?.reason, 'Bad Request (Invalid Content-Length)');
    assert.equal(res?.via[0]?.branch, 'z9hG4bK1');
    assert.ok(res?.to.tag);
    assert.equal(res?.callId, 'c1');
  });

  test('RFC 3261 21.5.20 another SIP version gets 505', () => {
    const f = failure(
      'OPTIONS sip:v@198.51.100.1 SIP/7.0\r\nVia: SIP/7.0/UDP 192.0.2.10;branch=z9hG4bK1\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\n\r\n',
    );
    assert.equal(reply(f)?.status, 505);
  });

  test('RFC 4475 3.1.2.6: a request whose To cannot be read gets no reply (ours would copy the broken value)', () => {
    const f = failure(
      'OPTIONS sip:v@198.51.100.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: "Mr J. User <sip:j.user@example.com>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\n\r\n',
    );
    assert.equal(reply(f), undefined);
  });

  test('garbage, a broken response and a broken ACK are not answered', () => {
    assert.equal(reply(failure('\x00\x01garbage\r\n\r\n')), undefined);
    assert.equal(reply(failure('SIP/2.0 2000 OK\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n\r\n')), undefined);
    assert.equal(
      reply(
        failure(
          'ACK sip:v@198.51.100.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\nCall-ID: c1\r\nCSeq: 1 ACK\r\nContent-Length: x\r\n\r\n',
        ),
      ),
      undefined,
    );
  });
});
