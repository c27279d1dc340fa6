import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SipRequest, SipResponse, type SipMessage } from './message.js';
import { parseMessage, type ParseFailure, type ParseOptions } from './parser.js';
import { SipUri } from './uri.js';

const crlf = (lines: string[]): string => lines.join('\r\n');

const INVITE_LINES = [
  'INVITE sip:bob@biloxi.com SIP/2.0',
  'Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds',
  'Max-Forwards: 70',
  'To: Bob <sip:bob@biloxi.com>',
  'From: Alice <sip:alice@atlanta.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710@pc33.atlanta.com',
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@pc33.atlanta.com>',
  'Content-Type: application/sdp',
  'Content-Length: 5',
  '',
  'v=0\r\n',
];
const INVITE = crlf(INVITE_LINES);

function ok(input: Buffer | string, opts?: ParseOptions): SipMessage {
  const r = parseMessage(input, opts);
  if (!r.ok) assert.fail(r.problems.map((p) => p.en).join('; '));
  return r.value;
}

function bad(input: Buffer | string, opts?: ParseOptions): ParseFailure {
  const r = parseMessage(input, opts);
  assert.equal(r.ok, false, 'must be rejected');
  return r as ParseFailure;
}

/** A minimal OPTIONS with extra header lines. */
function options(...extra: string[]): string {
  return crlf([
    'OPTIONS sip:bob@biloxi.com SIP/2.0',
    'Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKx',
    'To: <sip:bob@biloxi.com>',
    'From: <sip:alice@atlanta.com>;tag=1',
    'Call-ID: abc',
    'CSeq: 1 OPTIONS',
    ...extra,
    '',
    '',
  ]);
}

describe('requests and responses', () => {
  test('a typical INVITE', () => {
    const m = ok(INVITE);
    assert.ok(m instanceof SipRequest);
    assert.equal(m.method, 'INVITE');
    assert.equal(m.uri.toString(), 'sip:bob@biloxi.com');
    assert.equal(m.from.tag, '1928301774');
    assert.equal(m.to.displayName, 'Bob');
    assert.equal(m.callId, 'a84b4c76e66710@pc33.atlanta.com');
    assert.deepEqual(m.cseq, { seq: 314159, method: 'INVITE' });
    assert.equal(m.maxForwards, 70);
    assert.equal(m.body.toString(), 'v=0\r\n');
    assert.deepEqual(m.defects, []);
  });

  test('a response', () => {
    const m = ok(crlf(['SIP/2.0 180 Ringing', 'Via: SIP/2.0/UDP a.se;branch=z9hG4bK1', 'To: <sip:b@c.se>;tag=2', 'From: <sip:a@c.se>;tag=1', 'Call-ID: x', 'CSeq: 1 INVITE', '', '']));
    assert.ok(m instanceof SipResponse);
    assert.equal(m.status, 180);
    assert.equal(m.reason, 'Ringing');
  });

  test('responses: no reason phrase at all is accepted (RFC 4475 3.1.1.13), a bad code is not', () => {
    const base = ['Via: SIP/2.0/UDP a.se', 'To: <sip:b@c.se>', 'From: <sip:a@c.se>;tag=1', 'Call-ID: x', 'CSeq: 1 INVITE', '', ''];
    assert.equal((ok(crlf(['SIP/2.0 100', ...base])) as SipResponse).reason, '');
    for (const line of ['SIP/2.0 99 Low', 'SIP/2.0 700 High', 'SIP/2.0 2000 OK', 'SIP/2.0 2x0 OK', 'SIP/2.0']) {
      assert.equal(bad(crlf([line, ...base])).problems[0]?.code, 'sip.status.invalid', line);
    }
    assert.equal(bad(crlf(['SIP/3.0 200 OK', ...base])).status, 505);
  });

  test('the SIP version is case-insensitive; other versions get 505', () => {
    assert.ok(ok(INVITE.replace('SIP/2.0\r\n', 'sip/2.0\r\n')));
    const f = bad(INVITE.replace(' SIP/2.0\r\n', ' SIP/2.1\r\n'));
    assert.equal(f.status, 505);
    assert.equal(f.context.method, 'INVITE');
  });

  test('leading CRLFs before the start line are skipped (RFC 3261 7.5)', () => {
    assert.ok(ok('\r\n\r\n' + INVITE));
  });

  test('bare LF line ends are tolerated', () => {
    const m = ok(INVITE_LINES.slice(0, -1).join('\n') + '\nv=0\r\n');
    assert.equal(m.callId, 'a84b4c76e66710@pc33.atlanta.com');
    assert.equal(m.body.toString(), 'v=0\r\n');
  });

  test('a datagram that ends after its last header line reads as having no body', () => {
    const m = ok(options().slice(0, -2));
    assert.equal(m.body.length, 0);
  });
});

describe('headers', () => {
  test('compact forms', () => {
    const m = ok(crlf(['INVITE sip:b@c.se SIP/2.0', 'v: SIP/2.0/TCP a.se;branch=z9hG4bK1', 'f: <sip:a@c.se>;tag=1', 't: <sip:b@c.se>', 'i: cid', 'CSeq: 1 INVITE', 'm: <sip:a@1.2.3.4>', 'c: application/sdp', 'k: replaces, timer', 'o: refer', 'r: <sip:x@c.se>', 'b: <sip:y@c.se>', 's: hej', 'e: gzip', 'u: dialog', 'x: 1800', 'l: 0', '', '']));
    assert.equal(m.via[0]?.transport, 'TCP');
    assert.equal(m.from.tag, '1');
    assert.equal(m.callId, 'cid');
    assert.equal(m.contact.length, 1);
    assert.equal(m.contentType?.essence, 'application/sdp');
    assert.deepEqual(m.supported, ['replaces', 'timer']);
    assert.equal(m.event?.type, 'refer');
    assert.equal(m.referTo?.uri.toString(), 'sip:x@c.se');
    assert.equal(m.referredBy?.uri.toString(), 'sip:y@c.se');
    assert.equal(m.headers.get('Subject'), 'hej');
    assert.equal(m.headers.get('Content-Encoding'), 'gzip');
    assert.equal(m.headers.get('Allow-Events'), 'dialog');
    assert.equal(m.headers.get('Session-Expires'), '1800');
    assert.deepEqual([...m.headers].map((f) => f.name).slice(0, 6), ['Via', 'From', 'To', 'Call-ID', 'CSeq', 'Contact']);
  });

  test('case-insensitive names; unknown names keep their spelling', () => {
    const m = ok(options('x-MiXeD: 1', 'max-FORWARDS: 5'));
    assert.equal(m.headers.get('X-Mixed'), '1');
    assert.equal([...m.headers].find((f) => f.key === 'x-mixed')?.name, 'x-MiXeD');
    assert.equal(m.maxForwards, 5);
  });

  test('comma lists are split, quoted commas and commas in <> are not', () => {
    const m = ok(options('Contact: "Svensson, Anna" <sip:anna@a.se>, <sip:a,b@b.se>;q=0.5', 'Allow: INVITE, ACK,BYE', 'Route: <sip:p1.se;lr>,<sip:p2.se;lr>'));
    assert.deepEqual(m.contact.map((c) => c.displayName), ['Svensson, Anna', undefined]);
    assert.equal((m.contact[1]?.uri as SipUri).user, 'a,b');
    assert.deepEqual(m.allow, ['INVITE', 'ACK', 'BYE']);
    assert.deepEqual(m.route.map((r) => r.uri.toString()), ['sip:p1.se;lr', 'sip:p2.se;lr']);
  });

  test('headers whose grammar forbids splitting keep their commas', () => {
    const auth = 'Digest username="alice", realm="atlanta.com", nonce="84a4cc6f3082121f32b42a2187831a9e", uri="sip:bob@biloxi.com", response="7587245234b3434cc3412213e5f113a5432"';
    const m = ok(options(`Authorization: ${auth}`, 'WWW-Authenticate: Digest realm="a", nonce="b", qop="auth,auth-int"', 'Date: Sat, 13 Nov 2010 23:29:00 GMT', 'X-Unknown: a, b, c'));
    assert.deepEqual(m.headers.getAll('Authorization'), [auth]);
    assert.equal(m.headers.getAll('WWW-Authenticate').length, 1);
    assert.equal(m.headers.get('Date'), 'Sat, 13 Nov 2010 23:29:00 GMT');
    assert.deepEqual(m.headers.getAll('X-Unknown'), ['a, b, c']);
  });

  test('folded lines are joined with one space (RFC 3261 7.3.1)', () => {
    const m = ok(options('Subject: I know you\'re there,', '  pick up the phone', '\tand talk to me!'));
    assert.equal(m.headers.get('Subject'), "I know you're there, pick up the phone and talk to me!");
  });

  test('a continuation line before any header is an error', () => {
    const f = bad(crlf(['OPTIONS sip:b@c.se SIP/2.0', ' folded', 'Via: SIP/2.0/UDP a.se', '', '']));
    assert.equal(f.problems[0]?.code, 'sip.header.line');
    assert.equal(f.problems[0]?.line, 2);
  });

  test('a line without a colon or with a bad name is an error, and the rest is still read for the 400', () => {
    const f = bad(options('this is not a header'));
    assert.equal(f.problems[0]?.code, 'sip.header.line');
    assert.equal(f.context.callId, 'abc');
    assert.equal(f.context.cseq, '1 OPTIONS');
    assert.deepEqual(f.context.via, ['SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKx']);
    assert.equal(bad(options('Bad Name: x')).problems[0]?.code, 'sip.header.line');
  });

  test('a bare CR inside a line is refused', () => {
    assert.equal(bad(options('Subject: a\rVia: x')).problems[0]?.code, 'sip.line.bare-cr');
  });

  test('a header section that is not UTF-8 is read as Latin-1, e.g. an old phone sending "Åsa"', () => {
    const text = options('X-Dummy: 1').replace('From: <', 'From: "\xc5sa" <');
    const m = ok(Buffer.from(text, 'latin1'));
    assert.equal(m.from.displayName, 'Åsa');
    const utf8 = ok(Buffer.from(text, 'utf8'));
    assert.equal(utf8.from.displayName, 'Åsa');
  });

  test('typed views are parsed on first use and cached until the header changes', () => {
    const m = ok(INVITE);
    const first = m.from;
    assert.equal(m.from, first);
    m.headers.set('From', '<sip:carol@c.se>;tag=9');
    assert.notEqual(m.from, first);
    assert.equal(m.from.tag, '9');
  });

  test('a malformed header that is only parsed on use gives a Result, and the getter throws', () => {
    const m = ok(options('Expires: soon', 'Content-Type: nonsense'));
    const r = m.typed('expires');
    assert.equal(r.ok, false);
    assert.equal(r.ok ? '' : r.problems[0]?.field, 'Expires');
    assert.throws(() => m.expires, /Expires/);
    assert.throws(() => m.contentType, /Content-Type/);
  });

  test('Contact wildcard', () => {
    const m = ok(options('Contact: *', 'Expires: 0'));
    assert.equal(m.isContactWildcard, true);
    assert.deepEqual(m.contact, []);
    assert.equal(m.expires, 0);
  });
});

describe('IPv6, transfers and RFC 3581', () => {
  test('IPv6 in the Request-URI, Via, Contact (RFC 5118)', () => {
    const m = ok(crlf([
      'INVITE sip:bob@[2001:db8::20]:5060 SIP/2.0',
      'Via: SIP/2.0/UDP [2001:db8::10]:5070;branch=z9hG4bK1;rport',
      'To: <sip:bob@[2001:db8::20]>',
      'From: <sip:alice@[2001:db8::10]>;tag=1',
      'Call-ID: v6',
      'CSeq: 1 INVITE',
      'Contact: <sip:alice@[2001:db8::10]:5070;transport=udp>',
      '',
      '',
    ]));
    assert.equal((m as SipRequest).uri.toString(), 'sip:bob@[2001:db8::20]:5060');
    assert.equal(m.topVia?.host, '[2001:db8::10]');
    assert.equal(m.topVia?.port, 5070);
    assert.equal((m.contact[0]?.uri as SipUri).hostAddress, '2001:db8::10');
  });

  test('REFER with Refer-To carrying an escaped Replaces (RFC 3515, RFC 3891)', () => {
    const m = ok(options(
      'Refer-To: <sip:carol@kommun.se?Replaces=425928%40bobster.example.org%3Bto-tag%3D7743%3Bfrom-tag%3D6472>',
      'Referred-By: <sip:alice@kommun.se>',
      'Replaces: 98732@sip.example.com;from-tag=r33th4x0r;to-tag=ff87ff',
    ));
    const embedded = (m.referTo?.uri as SipUri).headers.get('Replaces');
    assert.equal(embedded, '425928@bobster.example.org;to-tag=7743;from-tag=6472');
    assert.deepEqual([m.replaces?.callId, m.replaces?.toTag, m.replaces?.fromTag, m.replaces?.earlyOnly], ['98732@sip.example.com', 'ff87ff', 'r33th4x0r', false]);
    assert.equal(m.referredBy?.uri.toString(), 'sip:alice@kommun.se');
  });

  test('setTopVia fills in received and rport (RFC 3581 4)', () => {
    const m = ok(options().replace('branch=z9hG4bKx', 'branch=z9hG4bKx;rport, SIP/2.0/UDP second.se'));
    const v = m.topVia!.clone();
    v.received = '203.0.113.5';
    v.rport = 61000;
    m.setTopVia(v);
    assert.deepEqual(m.headers.getAll('Via'), ['SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKx;rport=61000;received=203.0.113.5', 'SIP/2.0/UDP second.se']);
    assert.equal(m.topVia?.rport, 61000);
  });

  test('Content-Length as received', () => {
    assert.equal(ok(INVITE).contentLength, 5);
    assert.equal(ok(options()).contentLength, undefined);
  });
});

describe('eager checks and defects', () => {
  test('a malformed Via, From, To, Call-ID, CSeq, Max-Forwards or Contact fails the parse', () => {
    const cases: [string, string][] = [
      ['Via: SIP/2.0/UDP', 'Via'],
      ['Max-Forwards: 256', 'Max-Forwards'],
      ['Max-Forwards: -1', 'Max-Forwards'],
      ['Contact: <sip:a@b.se', 'Contact'],
    ];
    for (const [line, field] of cases) {
      const f = bad(options(line));
      assert.equal(f.problems[0]?.code, 'sip.header.invalid', line);
      assert.equal(f.problems[0]?.field, field, line);
    }
    assert.equal(bad(options().replace('Call-ID: abc', 'Call-ID: a b')).problems[0]?.field, 'Call-ID');
    assert.equal(bad(options().replace('CSeq: 1 OPTIONS', 'CSeq: OPTIONS')).problems[0]?.field, 'CSeq');
  });

  test('missing mandatory headers are defects, not failures (RFC 4475 3.3.1)', () => {
    const m = ok(crlf(['OPTIONS sip:b@c.se SIP/2.0', 'Max-Forwards: 70', '', '']));
    assert.deepEqual(m.defects.map((d) => d.field), ['Via', 'From', 'To', 'Call-ID', 'CSeq']);
    assert.deepEqual(m.via, []);
  });
});

describe('Content-Length and the body', () => {
  test('datagram: the body is cut to Content-Length and trailing octets are ignored (RFC 3261 18.3)', () => {
    const m = ok(INVITE + 'garbage');
    assert.equal(m.body.toString(), 'v=0\r\n');
  });

  test('datagram: no Content-Length means the rest of the datagram', () => {
    const m = ok(INVITE.replace('Content-Length: 5\r\n', '') + 'more');
    assert.equal(m.body.toString(), 'v=0\r\nmore');
  });

  test('datagram: a body shorter than Content-Length is an error (RFC 4475 3.1.2.2)', () => {
    const f = bad(INVITE.replace('Content-Length: 5', 'Content-Length: 500'));
    assert.equal(f.problems[0]?.code, 'sip.body.truncated');
    assert.equal(f.context.callId, 'a84b4c76e66710@pc33.atlanta.com');
  });

  test('non-numeric, negative and conflicting Content-Length', () => {
    assert.equal(bad(INVITE.replace('Content-Length: 5', 'Content-Length: five')).problems[0]?.code, 'sip.content-length.invalid');
    assert.equal(bad(INVITE.replace('Content-Length: 5', 'Content-Length: -5')).problems[0]?.code, 'sip.content-length.invalid');
    assert.equal(bad(INVITE.replace('Content-Length: 5', 'Content-Length: 5\r\nl: 6')).problems[0]?.code, 'sip.content-length.conflict');
    assert.ok(ok(INVITE.replace('Content-Length: 5', 'Content-Length: 5\r\nl: 005')), 'the same value twice is harmless');
  });

  test('stream mode wants exactly one message', () => {
    assert.equal(ok(INVITE, { mode: 'stream' }).body.length, 5);
    assert.equal(bad(INVITE + 'x', { mode: 'stream' }).problems[0]?.code, 'sip.body.trailing');
    assert.equal(bad(INVITE.replace('Content-Length: 5\r\n', ''), { mode: 'stream' }).problems[0]?.code, 'sip.body.trailing');
    assert.equal(bad(options().slice(0, -2), { mode: 'stream' }).problems[0]?.code, 'sip.message.incomplete');
  });
});

describe('limits give clean errors', () => {
  test('message size (default 64 KiB) gives 513', () => {
    const big = INVITE.replace('Content-Length: 5', `Content-Length: ${70000}`) + 'x'.repeat(70000);
    const f = bad(big);
    assert.equal(f.problems[0]?.code, 'sip.message.too-large');
    assert.equal(f.status, 513);
    assert.equal(f.context.callId, 'a84b4c76e66710@pc33.atlanta.com');
    assert.ok(ok(big, { maxMessageSize: 100_000 }));
    assert.equal(bad(INVITE, { maxMessageSize: 100 }).status, 513);
  });

  test('header count (default 256)', () => {
    const many = Array.from({ length: 300 }, (_, i) => `X-H${i}: ${i}`);
    assert.equal(bad(options(...many)).problems[0]?.code, 'sip.headers.too-many');
    assert.ok(ok(options(...many), { maxHeaders: 400 }));
    // each value of a comma list counts (RFC 3261 7.3.1: it is the same as separate lines)
    const route = 'Route: ' + Array.from({ length: 300 }, (_, i) => `<sip:p${i}.se;lr>`).join(',');
    assert.equal(bad(options(route)).problems[0]?.code, 'sip.headers.too-many');
  });

  test('line length (default 8 KiB)', () => {
    const f = bad(options('X-Long: ' + 'a'.repeat(9000)));
    assert.equal(f.problems[0]?.code, 'sip.line.too-long');
    assert.equal(f.problems[0]?.line, 7);
    assert.ok(ok(options('X-Long: ' + 'a'.repeat(9000)), { maxLineLength: 10_000 }));
  });

  test('empty and unterminated input', () => {
    assert.equal(bad('').problems[0]?.code, 'sip.message.empty');
    assert.equal(bad('\r\n\r\n').problems[0]?.code, 'sip.message.empty');
    assert.equal(bad('INVITE sip:b@c.se SIP/2.0\r\nVia: SIP/2.0/UDP a').problems[0]?.code, 'sip.message.incomplete');
  });

  test('every problem has Swedish and English text', () => {
    const f = bad('INVITE');
    assert.match(f.problems[0]?.sv ?? '', /[a-zåäö]/);
    assert.match(f.problems[0]?.en ?? '', /[a-z]/);
  });
});
