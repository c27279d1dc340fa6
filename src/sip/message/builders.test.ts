import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '../../core/errors.js';
import { NameAddress } from './address.js';
import { createErrorResponse, createRequest, createResponse, newBranch, newCallId, newTag, reasonPhrase } from './builders.js';
import { SipRequest } from './message.js';
import { parseMessage } from './parser.js';
import { serializeMessage } from './serializer.js';
import { SipUri } from './uri.js';
import { isCallId } from './values.js';
import { Via } from './via.js';
import { isToken } from './syntax.js';

const INVITE = [
  'INVITE sip:bob@biloxi.com SIP/2.0',
  'Via: SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1;received=192.0.2.2',
  'Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8;received=192.0.2.1',
  'Max-Forwards: 69',
  'To: Bob <sip:bob@biloxi.com>',
  'From: Alice <sip:alice@atlanta.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710',
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@pc33.atlanta.com>',
  'Record-Route: <sip:bigbox3.site3.atlanta.com;lr>',
  'Timestamp: 54',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

function invite(): SipRequest {
  const r = parseMessage(INVITE);
  assert.ok(r.ok && r.value instanceof SipRequest);
  return r.value;
}

describe('identifiers', () => {
  test('newBranch starts with the magic cookie z9hG4bK and is a unique token (RFC 3261 8.1.1.7)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const b = newBranch();
      assert.ok(b.startsWith('z9hG4bK') && b.length > 20 && isToken(b), b);
      seen.add(b);
    }
    assert.equal(seen.size, 1000);
  });

  test('newTag is a unique token with at least 32 random bits (RFC 3261 19.3)', () => {
    const tags = new Set(Array.from({ length: 1000 }, newTag));
    assert.equal(tags.size, 1000);
    for (const t of tags) assert.ok(isToken(t) && t.length >= 8);
  });

  test('newCallId is a valid, unique Call-ID, optionally @host', () => {
    const a = newCallId();
    assert.ok(isCallId(a) && a !== newCallId());
    assert.match(newCallId('192.0.2.4'), /^[0-9a-f]{32}@192\.0\.2\.4$/);
    assert.throws(() => newCallId('bad host'), DomainError);
  });
});

describe('createResponse (RFC 3261 8.2.6.2)', () => {
  test('copies Via values in order, From, To, Call-ID, CSeq, and nothing else', () => {
    const res = createResponse(invite(), 180);
    assert.equal(res.status, 180);
    assert.equal(res.reason, 'Ringing');
    assert.deepEqual(res.via.map((v) => v.branch), ['z9hG4bK77ef4c2312983.1', 'z9hG4bKnashds8']);
    assert.equal(res.headers.getAll('Via')[0], 'SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1;received=192.0.2.2');
    assert.equal(res.from.tag, '1928301774');
    assert.equal(res.to.tag, undefined);
    assert.equal(res.callId, 'a84b4c76e66710');
    assert.deepEqual(res.cseq, { seq: 314159, method: 'INVITE' });
    assert.deepEqual([...res.headers].map((f) => f.name), ['Via', 'Via', 'From', 'To', 'Call-ID', 'CSeq']);
  });

  test('a To tag is added by the caller with setToTag', () => {
    const res = createResponse(invite(), 200, 'Fine');
    res.setToTag('a6c85cf');
    assert.equal(res.reason, 'Fine');
    assert.equal(res.to.tag, 'a6c85cf');
    assert.equal(res.to.displayName, 'Bob');
    const out = serializeMessage(res).toString();
    assert.match(out, /\r\nTo: "Bob" <sip:bob@biloxi\.com>;tag=a6c85cf\r\n/);
  });

  test('100 Trying copies Timestamp (RFC 3261 8.2.6.1)', () => {
    assert.equal(createResponse(invite(), 100).headers.get('Timestamp'), '54');
    assert.equal(createResponse(invite(), 180).headers.get('Timestamp'), undefined);
  });

  test('reason phrases', () => {
    assert.equal(reasonPhrase(486), 'Busy Here');
    assert.equal(reasonPhrase(499), 'Failure');
    assert.equal(reasonPhrase(199), 'Provisional');
  });
});

describe('createErrorResponse', () => {
  test('answers a request that failed to parse from the raw values', () => {
    const r = parseMessage(INVITE.replace('Max-Forwards: 69', 'Max-Forwards: 999'));
    assert.equal(r.ok, false);
    if (r.ok) return;
    const res = createErrorResponse(r.context, r.status);
    assert.ok(res);
    assert.equal(res.status, 400);
    assert.equal(res.reason, 'Bad Request');
    assert.equal(res.via.length, 2);
    assert.equal(res.callId, 'a84b4c76e66710');
  });

  test('adds a To tag when asked and the To has none (RFC 3261 8.2.6.2)', () => {
    const ctx = { kind: 'request' as const, via: ['SIP/2.0/UDP a.se'], from: '<sip:a@b.se>;tag=1', to: '<sip:c@d.se>', callId: 'c', cseq: '1 INVITE' };
    assert.equal(createErrorResponse(ctx, 400, undefined, 'xyz')?.headers.get('To'), '<sip:c@d.se>;tag=xyz');
    assert.equal(createErrorResponse({ ...ctx, to: '<sip:c@d.se> ; TAG = 9' }, 400, undefined, 'xyz')?.headers.get('To'), '<sip:c@d.se> ; TAG = 9');
    assert.throws(() => createErrorResponse(ctx, 400, undefined, 'x;y'), DomainError);
  });

  test('nothing to answer without Via/From/To/Call-ID/CSeq, or for a response', () => {
    assert.equal(createErrorResponse({ kind: 'request', via: [], from: 'a', to: 'b', callId: 'c', cseq: '1 X' }, 400), undefined);
    assert.equal(createErrorResponse({ kind: 'response', via: ['SIP/2.0/UDP a'], from: 'a', to: 'b', callId: 'c', cseq: '1 X' }, 400), undefined);
  });
});

describe('createRequest', () => {
  test('builds a parseable request with defaults', () => {
    const req = createRequest({
      method: 'REGISTER',
      uri: new SipUri({ host: 'kommun.se' }),
      from: new NameAddress(new SipUri({ user: '1001', host: 'kommun.se' })),
      to: new NameAddress(new SipUri({ user: '1001', host: 'kommun.se' })),
      cseq: 1,
      via: new Via({ transport: 'UDP', host: '192.0.2.10', port: 5060, branch: newBranch(), rport: true }),
      headers: [['Expires', '3600']],
    });
    req.from = (() => {
      const f = req.from.clone();
      f.tag = newTag();
      return f;
    })();
    const r = parseMessage(serializeMessage(req));
    assert.ok(r.ok);
    assert.equal(r.value.maxForwards, 70);
    assert.equal(r.value.expires, 3600);
    assert.equal(r.value.cseq.method, 'REGISTER');
    assert.ok(isCallId(r.value.callId));
    assert.deepEqual(r.value.defects, []);
  });

  test('refuses a bad URI or Call-ID', () => {
    const base = { method: 'OPTIONS', from: new NameAddress(new SipUri({ host: 'a.se' })), to: new NameAddress(new SipUri({ host: 'b.se' })), cseq: 1 };
    assert.throws(() => createRequest({ ...base, uri: 'not a uri' }), DomainError);
    assert.throws(() => createRequest({ ...base, uri: 'sip:b.se', callId: 'two words' }), DomainError);
  });

  test('typed setters write the header', () => {
    const req = invite();
    req.maxForwards = req.maxForwards! - 1;
    req.cseq = { seq: 2, method: 'INVITE' };
    req.via = [new Via({ transport: 'TCP', host: 'proxy.kommun.se', branch: 'z9hG4bKp' }), ...req.via];
    const out = serializeMessage(req).toString();
    assert.match(out, /\r\nMax-Forwards: 68\r\n/);
    assert.match(out, /\r\nCSeq: 2 INVITE\r\n/);
    assert.match(out, /^INVITE [^\r]*\r\nVia: SIP\/2\.0\/TCP proxy\.kommun\.se;branch=z9hG4bKp\r\n/);
    assert.throws(() => (req.maxForwards = 300), DomainError);
    assert.throws(() => (req.callId = 'a b'), DomainError);
  });
});
