// Typed header values (Via, name-addr, CSeq, ...) and the header list.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '../../core/errors.js';
import { NameAddress, readNameAddress } from './address.js';
import { canonicalName, compactName, headerKey, SipHeaders } from './headers.js';
import { isHost, isIpv6, parseHeaderParams, SipParams, unquoteParam } from './params.js';
import { SipUri } from './uri.js';
import { formatCSeq, formatReplaces, readCSeq, readEvent, readMediaType, readReplaces, readTokenList, isSipDate } from './values.js';
import { readVia, Via } from './via.js';

function via(s: string): Via {
  const v = readVia(s);
  if (typeof v === 'string') assert.fail(`${s}: ${v}`);
  return v;
}

function addr(s: string): NameAddress {
  const a = readNameAddress(s);
  if (typeof a === 'string') assert.fail(`${s}: ${a}`);
  return a;
}

describe('Via (RFC 3261 20.42, RFC 3581)', () => {
  test('sent-protocol, host, port, branch', () => {
    const v = via('SIP/2.0/UDP pc33.atlanta.com:5066;branch=z9hG4bK776asdhds');
    assert.deepEqual([v.protocol, v.version, v.transport, v.host, v.port, v.branch], ['SIP', '2.0', 'UDP', 'pc33.atlanta.com', 5066, 'z9hG4bK776asdhds']);
    assert.equal(v.isRfc3261Branch, true);
  });

  test('rport without value (client request) and with value (server filled in)', () => {
    assert.equal(via('SIP/2.0/UDP 10.0.0.1;rport;branch=z9hG4bKx').rport, null);
    const filled = via('SIP/2.0/UDP 10.0.0.1;received=192.0.2.9;rport=1024;branch=z9hG4bKx');
    assert.equal(filled.rport, 1024);
    assert.equal(filled.received, '192.0.2.9');
    assert.equal(via('SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKx').rport, undefined);
    assert.equal(typeof readVia('SIP/2.0/UDP 10.0.0.1;rport=99999'), 'string');
  });

  test('maddr and ttl', () => {
    const v = via('SIP/2.0/UDP 10.0.0.1;maddr=224.2.0.1;ttl=16;branch=z9hG4bKx');
    assert.equal(v.maddr, '224.2.0.1');
    assert.equal(v.ttl, 16);
    assert.equal(typeof readVia('SIP/2.0/UDP 10.0.0.1;ttl=256'), 'string');
    assert.equal(typeof readVia('SIP/2.0/UDP 10.0.0.1;maddr=-x-'), 'string');
  });

  test('IPv6 sent-by and received (RFC 5118)', () => {
    const v = via('SIP/2.0/TCP [2001:db8::9:1]:5070;branch=z9hG4bKas3-111;received=2001:db8::9:255');
    assert.equal(v.host, '[2001:db8::9:1]');
    assert.equal(v.port, 5070);
    assert.equal(v.received, '2001:db8::9:255');
    assert.equal(via('SIP/2.0/UDP [::1];received=[::1]').received, '[::1]');
  });

  test('LWS around slashes and colon, lower-case transport', () => {
    const v = via('SIP / 2.0 / tcp  host.example.com : 5060 ; branch = z9hG4bK1');
    assert.deepEqual([v.transport, v.host, v.port, v.branch], ['TCP', 'host.example.com', 5060, 'z9hG4bK1']);
  });

  test('errors', () => {
    for (const bad of ['SIP/2.0 host', 'SIP/2.0/UDP', 'SIP/2.0/UDPhost', 'SIP/2.0/UDP host;;', 'SIP/2.0/UDP host;branch="x"', 'SIP/2.0/UDP host:port', 'SIP/2.0/UDP host;received=example.com', '']) {
      assert.equal(typeof readVia(bad), 'string', bad);
    }
  });

  test('toString and setters', () => {
    const v = new Via({ transport: 'udp', host: '192.0.2.1', port: 5060, branch: 'z9hG4bKabc', rport: true });
    assert.equal(v.toString(), 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKabc;rport');
    v.received = '203.0.113.7';
    v.rport = 40000;
    assert.equal(v.toString(), 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKabc;rport=40000;received=203.0.113.7');
    assert.throws(() => new Via({ transport: 'UDP', host: 'a b' }).toString(), DomainError);
  });
});

describe('name-addr and addr-spec (RFC 3261 20.10, 20.20, 20.39)', () => {
  test('quoted display name with escapes, URI and tag', () => {
    const a = addr('"Anna \\"Ankan\\" Öberg" <sip:anna@kommun.se>;tag=1928301774');
    assert.equal(a.displayName, 'Anna "Ankan" Öberg');
    assert.equal(a.uri.toString(), 'sip:anna@kommun.se');
    assert.equal(a.tag, '1928301774');
  });

  test('token display name, no display name, addr-spec with header params', () => {
    assert.equal(addr('Bob Smith <sip:bob@biloxi.com>').displayName, 'Bob Smith');
    assert.equal(addr('<sip:bob@biloxi.com>').displayName, undefined);
    const spec = addr('sip:bob@biloxi.com;tag=a6c85cf');
    assert.equal(spec.tag, 'a6c85cf');
    assert.equal((spec.uri as SipUri).params.size, 0, 'params of an addr-spec belong to the header');
  });

  test('URI parameters inside <> stay with the URI', () => {
    const a = addr('<sip:alice@pc33.atlanta.com;transport=tcp>;expires=3600;q=0.7');
    assert.equal((a.uri as SipUri).transport, 'tcp');
    assert.equal(a.expires, 3600);
    assert.equal(a.q, 0.7);
  });

  test('Contact expires beyond 2^32-1 reads as absent (RFC 4475 3.1.2.4)', () => {
    assert.equal(addr('<sip:a@b.com>;expires=280297596632815').expires, undefined);
    assert.equal(addr('<sip:a@b.com>;q=1.5').q, undefined);
  });

  test('tel: and other schemes', () => {
    assert.equal(addr('<tel:+46101234567>;tag=x').uri.toString(), 'tel:+46101234567');
    assert.equal(addr('tel:+46101234567;tag=x').tag, 'x');
  });

  test('IPv6 in a name-addr', () => {
    assert.equal((addr('<sip:[2001:db8::1]:5060>').uri as SipUri).port, 5060);
  });

  test('errors', () => {
    for (const bad of ['"unterminated <sip:a@b.com>', 'Bell, Alexander <sip:a@b.com>', '< sip:a@b.com >', '<sip:a@b.com', 'sip:a@b.com?x=y', 'Bob', '<sip:a@b.com>;;', '"A" B <sip:a@b.com>']) {
      assert.equal(typeof readNameAddress(bad), 'string', bad);
    }
  });

  test('toString always quotes display names and uses <>', () => {
    const a = new NameAddress(new SipUri({ user: 'bob', host: 'biloxi.com' }), 'Bob', new SipParams([['tag', 'x']]));
    assert.equal(a.toString(), '"Bob" <sip:bob@biloxi.com>;tag=x');
    a.tag = 'y';
    assert.equal(a.toString(), '"Bob" <sip:bob@biloxi.com>;tag=y');
    a.tag = undefined;
    assert.equal(a.toString(), '"Bob" <sip:bob@biloxi.com>');
  });
});

describe('header parameters', () => {
  test('quoted and IPv6 values, valueless names, case-insensitive names', () => {
    const p = parseHeaderParams(';+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";reg-id=1;maddr=[::1];ob', 0);
    assert.ok(p);
    assert.equal(unquoteParam(p.get('+SIP.INSTANCE')), '<urn:uuid:00000000-0000-1000-8000-000A95A0E128>');
    assert.equal(p.get('reg-id'), '1');
    assert.equal(p.get('maddr'), '[::1]');
    assert.equal(p.get('ob'), null);
    assert.equal(p.get('nope'), undefined);
  });

  test('host and IPv6 checks', () => {
    assert.ok(isHost('example.com') && isHost('192.0.2.1') && isHost('[::1]') && isHost('a-b.example.com.'));
    assert.ok(!isHost('-a.com') && !isHost('a..com') && !isHost('a_b.com') && !isHost('1.2.3') && !isHost(''));
    assert.ok(isIpv6('::') && isIpv6('2001:db8::1') && isIpv6('::ffff:10.0.0.1') && isIpv6('1:2:3:4:5:6:7:8'));
    assert.ok(!isIpv6('1:2:3:4:5:6:7:8:9') && !isIpv6('1::2::3') && !isIpv6('12345::') && !isIpv6('1:2:3:4:5:6:7'));
  });
});

describe('CSeq, Content-Type, Event, Replaces, token lists, Date', () => {
  test('CSeq with leading zeros and folding whitespace', () => {
    assert.deepEqual(readCSeq('0009  INVITE'), { seq: 9, method: 'INVITE' });
    assert.equal(typeof readCSeq('4294967296 INVITE'), 'string');
    assert.equal(typeof readCSeq('1INVITE'), 'string');
    assert.equal(typeof readCSeq('-1 INVITE'), 'string');
    assert.equal(formatCSeq({ seq: 4294967295, method: 'BYE' }), '4294967295 BYE');
    assert.throws(() => formatCSeq({ seq: -1, method: 'BYE' }), DomainError);
  });

  test('media types', () => {
    const m = readMediaType('Multipart/Mixed ; boundary="a b"');
    assert.ok(typeof m !== 'string');
    assert.equal(m.essence, 'multipart/mixed');
    assert.equal(m.param('boundary'), 'a b');
    assert.equal(typeof readMediaType('application'), 'string');
  });

  test('Event with id (RFC 6665)', () => {
    const e = readEvent('refer;id=93809824');
    assert.ok(typeof e !== 'string');
    assert.equal(e.type, 'refer');
    assert.equal(e.id, '93809824');
  });

  test('Replaces (RFC 3891 6.1)', () => {
    const r = readReplaces('425928@bobster.example.org;to-tag=7743;from-tag=6472;early-only');
    assert.ok(typeof r !== 'string');
    assert.deepEqual([r.callId, r.toTag, r.fromTag, r.earlyOnly], ['425928@bobster.example.org', '7743', '6472', true]);
    assert.equal(typeof readReplaces('425928@bobster.example.org;to-tag=7743'), 'string');
    assert.equal(formatReplaces({ callId: 'a@b', toTag: '1', fromTag: '2', earlyOnly: false }), 'a@b;to-tag=1;from-tag=2');
  });

  test('token lists skip empty values, reject non-tokens', () => {
    assert.deepEqual(readTokenList(['INVITE', '', 'ACK']), ['INVITE', 'ACK']);
    assert.equal(typeof readTokenList(['a b']), 'string');
  });

  test('SIP dates are RFC 1123 in GMT only', () => {
    assert.ok(isSipDate('Sat, 13 Nov 2010 23:29:00 GMT'));
    assert.ok(!isSipDate('Fri, 01 Jan 2010 16:00:00 EST'));
    assert.ok(!isSipDate('Sat, 13 Nov 2010 23:29:00 UTC'));
  });
});

describe('header names and the header list', () => {
  test('compact forms and case map to one key and a canonical name', () => {
    assert.equal(headerKey('v'), 'via');
    assert.equal(headerKey('VIA'), 'via');
    assert.equal(headerKey('i'), 'call-id');
    assert.equal(canonicalName('call-id'), 'Call-ID');
    assert.equal(canonicalName('cseq'), 'CSeq');
    assert.equal(canonicalName('o'), 'Event');
    assert.equal(canonicalName('X-Custom'), 'X-Custom');
    assert.equal(compactName('Content-Length'), 'l');
    assert.equal(compactName('CSeq'), 'CSeq');
  });

  test('get, getAll, set, append, prepend, delete', () => {
    const h = new SipHeaders();
    h.append('Via', 'SIP/2.0/UDP a');
    h.append('To', '<sip:b@c.se>');
    h.append('v', 'SIP/2.0/UDP b');
    h.prepend('Via', 'SIP/2.0/UDP top');
    assert.deepEqual(h.getAll('via'), ['SIP/2.0/UDP top', 'SIP/2.0/UDP a', 'SIP/2.0/UDP b']);
    assert.deepEqual([...h].map((f) => f.name), ['Via', 'Via', 'Via', 'To']);
    h.set('Via', 'SIP/2.0/UDP only');
    assert.deepEqual([...h].map((f) => f.value), ['SIP/2.0/UDP only', '<sip:b@c.se>']);
    assert.equal(h.count('VIA'), 1);
    assert.equal(h.delete('via'), true);
    assert.equal(h.has('Via'), false);
    assert.equal(h.get('to'), '<sip:b@c.se>');
  });

  test('a comma list given to set or append is split like a parsed one', () => {
    const h = new SipHeaders();
    h.set('Supported', 'timer, replaces');
    h.append('v', 'SIP/2.0/UDP a.se, SIP/2.0/UDP b.se');
    h.append('X-Unknown', 'a, b');
    assert.deepEqual([...h].map((f) => [f.name, f.value]), [
      ['Supported', 'timer'],
      ['Supported', 'replaces'],
      ['Via', 'SIP/2.0/UDP a.se'],
      ['Via', 'SIP/2.0/UDP b.se'],
      ['X-Unknown', 'a, b'],
    ]);
  });

  test('values with CR or LF and invalid names are refused at once', () => {
    const h = new SipHeaders();
    assert.throws(() => h.append('Subject', 'hej\r\nVia: SIP/2.0/UDP evil'), (e: unknown) => e instanceof DomainError && e.problems[0]?.code === 'sip.header.crlf');
    assert.throws(() => h.set('X-Foo', ['ok', 'bad\n']), DomainError);
    assert.throws(() => h.append('Bad Name', 'x'), DomainError);
    assert.throws(() => h.append('Bad:Name', 'x'), DomainError);
    assert.equal(h.size, 0);
  });
});
