import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '../../core/errors.js';
import { NameAddress } from './address.js';
import { createRequest } from './builders.js';
import { SipHeaders } from './headers.js';
import { SipRequest, SipResponse } from './message.js';
import { SipParams } from './params.js';
import { parseMessage } from './parser.js';
import { serializeMessage } from './serializer.js';
import { SipUri } from './uri.js';
import { MediaType } from './values.js';
import { Via } from './via.js';

const lines = (b: Buffer): string[] => b.toString().split('\r\n');

function alice(display?: string): NameAddress {
  return new NameAddress(new SipUri({ user: 'alice', host: 'atlanta.com' }), display, new SipParams([['tag', '1928301774']]));
}

function request(): SipRequest {
  return createRequest({
    method: 'INVITE',
    uri: 'sip:bob@biloxi.com',
    from: alice('Alice'),
    to: new NameAddress(new SipUri({ user: 'bob', host: 'biloxi.com' }), 'Bob'),
    callId: 'a84b4c76e66710@pc33.atlanta.com',
    cseq: 314159,
    via: new Via({ transport: 'UDP', host: 'pc33.atlanta.com', branch: 'z9hG4bK776asdhds', rport: true }),
    contact: new NameAddress(new SipUri({ user: 'alice', host: 'pc33.atlanta.com' })),
    body: 'v=0\r\n',
    contentType: new MediaType('application', 'sdp'),
  });
}

function expectInjectionRefused(fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof DomainError && e.problems[0]?.code === 'sip.header.crlf');
}

describe('serializeMessage', () => {
  test('canonical output: long names, CRLF, Content-Length computed from the body', () => {
    const out = serializeMessage(request());
    assert.deepEqual(lines(out), [
      'INVITE sip:bob@biloxi.com SIP/2.0',
      'Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds;rport',
      'Max-Forwards: 70',
      'From: "Alice" <sip:alice@atlanta.com>;tag=1928301774',
      'To: "Bob" <sip:bob@biloxi.com>',
      'Call-ID: a84b4c76e66710@pc33.atlanta.com',
      'CSeq: 314159 INVITE',
      'Contact: <sip:alice@pc33.atlanta.com>',
      'Content-Type: application/sdp',
      'Content-Length: 5',
      '',
      'v=0',
      '',
    ]);
  });

  test('a wrong Content-Length from the wire or from a caller is replaced', () => {
    const r = parseMessage('OPTIONS sip:b@c.se SIP/2.0\r\nl: 3\r\nContent-Length: 3\r\nVia: SIP/2.0/UDP a.se\r\n\r\nabcdef');
    assert.ok(r.ok);
    r.value.body = Buffer.from('åäö');
    const out = lines(serializeMessage(r.value));
    assert.deepEqual(out.slice(1, 3), ['Via: SIP/2.0/UDP a.se', 'Content-Length: 6']);
  });

  test('compact names on request', () => {
    const out = lines(serializeMessage(request(), { compact: true }));
    assert.deepEqual(out.slice(1, 10), ['v: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds;rport', 'Max-Forwards: 70', 'f: "Alice" <sip:alice@atlanta.com>;tag=1928301774', 't: "Bob" <sip:bob@biloxi.com>', 'i: a84b4c76e66710@pc33.atlanta.com', 'CSeq: 314159 INVITE', 'm: <sip:alice@pc33.atlanta.com>', 'c: application/sdp', 'l: 5']);
  });

  test('one line per value of list headers, folded input unfolded', () => {
    const r = parseMessage('OPTIONS sip:b@c.se SIP/2.0\r\nVia: SIP/2.0/UDP a.se;branch=z9hG4bK1,\r\n SIP/2.0/UDP b.se;branch=z9hG4bK2\r\nSupported: timer, replaces\r\nl: 0\r\n\r\n');
    assert.ok(r.ok);
    assert.deepEqual(lines(serializeMessage(r.value)).slice(1, 5), ['Via: SIP/2.0/UDP a.se;branch=z9hG4bK1', 'Via: SIP/2.0/UDP b.se;branch=z9hG4bK2', 'Supported: timer', 'Supported: replaces']);
  });

  test('parse, serialize, parse gives the same message', () => {
    const out = serializeMessage(request());
    const r = parseMessage(out);
    assert.ok(r.ok);
    assert.ok(serializeMessage(r.value).equals(out));
  });

  test('a binary body is copied exactly', () => {
    const m = request();
    m.body = Buffer.from([0, 13, 10, 13, 10, 255, 0]);
    const out = serializeMessage(m);
    assert.ok(out.subarray(out.length - 7).equals(m.body));
    assert.match(out.toString('latin1'), /Content-Length: 7\r\n\r\n/);
  });
});

describe('header injection is impossible', () => {
  test('a display name with CR/LF is refused; quotes and backslashes are escaped', () => {
    expectInjectionRefused(() => serializeMessage(createRequest({ ...requestInit(), from: alice('Eve\r\nVia: SIP/2.0/UDP evil.example.com') })));
    const tricky = alice('Eve" <sip:evil@x.se>;tag=\\');
    const m = createRequest({ ...requestInit(), from: tricky });
    const r = parseMessage(serializeMessage(m));
    assert.ok(r.ok);
    assert.equal(r.value.from.displayName, 'Eve" <sip:evil@x.se>;tag=\\');
    assert.equal(r.value.from.uri.toString(), 'sip:alice@atlanta.com');
    assert.equal(r.value.from.tag, '1928301774');
  });

  test('control characters in a display name travel as quoted-pairs', () => {
    const m = createRequest({ ...requestInit(), from: alice('bell\x07 tab\t nul\x00') });
    const r = parseMessage(serializeMessage(m));
    assert.ok(r.ok);
    assert.equal(r.value.from.displayName, 'bell\x07 tab\t nul\x00');
  });

  test('CR or LF in any header value, reason phrase or parameter is refused', () => {
    const m = request();
    expectInjectionRefused(() => m.headers.set('Subject', 'hej\r\nContact: <sip:evil@x.se>'));
    expectInjectionRefused(() => m.headers.append('X-Note', 'a\nb'));
    expectInjectionRefused(() => serializeMessage(new SipResponse(200, 'OK\r\nVia: x', new SipHeaders())));
    // fields put together by hand, bypassing SipHeaders' checks, are still refused on output
    const raw = new SipRequest('OPTIONS', m.uri, new SipHeaders([{ name: 'Subject', key: 'subject', value: 'a\r\nb' }]));
    expectInjectionRefused(() => serializeMessage(raw));
    const badName = new SipRequest('OPTIONS', m.uri, new SipHeaders([{ name: 'X\r\nY', key: 'x', value: 'a' }]));
    assert.throws(() => serializeMessage(badName), DomainError);
    const tag = alice('A');
    tag.tag = 'x\r\nVia: evil';
    assert.throws(() => tag.toString(), DomainError);
    tag.tag = 'x;evil=1';
    assert.throws(() => tag.toString(), DomainError, 'a parameter value cannot add parameters');
  });

  test('user text in a URI is escaped', () => {
    const to = new NameAddress(new SipUri({ user: 'bob>\r\nX: y', host: 'biloxi.com' }));
    const m = createRequest({ ...requestInit(), to });
    const r = parseMessage(serializeMessage(m));
    assert.ok(r.ok);
    assert.equal((r.value.to.uri as SipUri).user, 'bob>\r\nX: y');
    assert.equal(r.value.headers.get('X'), undefined);
  });

  test('methods and status codes are checked', () => {
    assert.throws(() => new SipRequest('IN VITE', new SipUri({ host: 'a.se' })), DomainError);
    const m = request();
    m.method = 'IN\r\nVITE';
    assert.throws(() => serializeMessage(m), DomainError);
    assert.throws(() => serializeMessage(new SipResponse(1000, 'x')), DomainError);
  });
});

function requestInit() {
  return {
    method: 'MESSAGE',
    uri: 'sip:bob@biloxi.com',
    from: alice('Alice'),
    to: new NameAddress(new SipUri({ user: 'bob', host: 'biloxi.com' })),
    callId: 'c1',
    cseq: 1,
    via: new Via({ transport: 'TCP', host: 'a.se', branch: 'z9hG4bKq' }),
  };
}
