import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '../../core/errors.js';
import { AbsoluteUri, parseSipUri, parseUri, SipUri, uriEquals, type Uri } from './uri.js';

function uri(s: string): Uri {
  const r = parseUri(s);
  if (!r.ok) assert.fail(`${s}: ${r.problems[0]?.en}`);
  return r.value;
}

function sip(s: string): SipUri {
  const r = parseSipUri(s);
  if (!r.ok) assert.fail(`${s}: ${r.problems[0]?.en}`);
  return r.value;
}

describe('parseUri: SIP and SIPS', () => {
  test('all components: user, password, host, port, params, headers', () => {
    const u = sip('sips:alice:secret@atlanta.com:5061;transport=tcp;lr;maddr=239.255.255.1?subject=project%20x&priority=urgent');
    assert.equal(u.scheme, 'sips');
    assert.equal(u.user, 'alice');
    assert.equal(u.password, 'secret');
    assert.equal(u.host, 'atlanta.com');
    assert.equal(u.port, 5061);
    assert.equal(u.transport, 'tcp');
    assert.equal(u.lr, true);
    assert.equal(u.params.get('lr'), null);
    assert.equal(u.maddr, '239.255.255.1');
    assert.equal(u.headers.get('subject'), 'project x');
    assert.equal(u.headers.get('priority'), 'urgent');
  });

  test('scheme is case-insensitive and normalised', () => {
    assert.equal(sip('SIP:bob@Biloxi.com').scheme, 'sip');
  });

  test('IPv6 references with and without port', () => {
    const a = sip('sip:alice@[2001:db8::10]:5070;transport=udp');
    assert.equal(a.host, '[2001:db8::10]');
    assert.equal(a.hostAddress, '2001:db8::10');
    assert.equal(a.port, 5070);
    assert.equal(sip('sip:[::ffff:192.0.2.1]').host, '[::ffff:192.0.2.1]');
    assert.equal(parseUri('sip:alice@[2001:db8::10').ok, false);
    assert.equal(parseUri('sip:alice@[2001:zz8::10]').ok, false);
    assert.equal(parseUri('sip:[1:2:3:4:5:6:7:8:9]').ok, false);
  });

  test('telephone-subscriber user part with user=phone', () => {
    const u = sip('sip:+4613123456;phone-context=example.se@gw.example.se;user=phone');
    assert.equal(u.user, '+4613123456;phone-context=example.se');
    assert.equal(u.params.get('user'), 'phone');
  });

  test('escapes are decoded and written back canonically', () => {
    const u = sip('sip:%61lice%20b@example.com;n%61me=v%61lue%25%34%31');
    assert.equal(u.user, 'alice b');
    assert.equal(u.params.get('name'), 'value%41');
    assert.equal(u.toString(), 'sip:alice%20b@example.com;name=value%2541');
  });

  test('syntax errors', () => {
    for (const bad of ['sip:', 'sip:@example.com', 'sip:a@', 'sip:a@exa mple.com', 'sip:a@example.com:99999', 'sip:a@example.com;', 'sip:a@example.com;x=', 'sip:a@example.com?x', 'sip:a%zz@example.com', 'sip:a@-bad.example.com', 'sip:a@example.com:5060x', '<sip:a@b>', ':x', '1abc:x']) {
      assert.equal(parseUri(bad).ok, false, bad);
    }
  });

  test('parseSipUri refuses other schemes', () => {
    assert.equal(parseSipUri('tel:+46101234567').ok, false);
  });
});

describe('parseUri: other schemes are kept as-is', () => {
  test('tel:, urn:, http: are opaque AbsoluteUris', () => {
    const t = uri('tel:+46-8-123-456;phone-context=+46');
    assert.ok(t instanceof AbsoluteUri);
    assert.equal(t.scheme, 'tel');
    assert.equal(t.opaque, '+46-8-123-456;phone-context=+46');
    assert.equal(t.toString(), 'tel:+46-8-123-456;phone-context=+46');
    assert.equal(uri('urn:service:sos').toString(), 'urn:service:sos');
    assert.equal(uri('HTTP://www.example.com/a?b=c').toString(), 'http://www.example.com/a?b=c');
  });

  test('absolute URIs with spaces or angle brackets are rejected', () => {
    assert.equal(parseUri('tel:+46 8').ok, false);
    assert.equal(parseUri('http://x/<y>').ok, false);
    assert.equal(parseUri('tel:').ok, false);
  });
});

describe('SipUri.toString', () => {
  test('round trip of a typical contact', () => {
    const s = 'sip:alice@192.0.2.4:5060;transport=tcp;ob';
    assert.equal(sip(s).toString(), s);
  });

  test('user text from people is escaped, so it cannot break out of the URI', () => {
    const u = new SipUri({ user: 'evil>\r\nVia: x', host: 'example.com' });
    assert.equal(u.toString(), 'sip:evil%3E%0D%0AVia%3A%20x@example.com');
    assert.equal(sip(u.toString()).user, 'evil>\r\nVia: x');
  });

  test('an impossible host or port throws instead of writing it', () => {
    assert.throws(() => new SipUri({ host: 'example.com>\r\nX: y' }).toString(), DomainError);
    assert.throws(() => new SipUri({ host: 'example.com', port: 70000 }).toString(), DomainError);
    assert.throws(() => new AbsoluteUri('tel', '+46 8').toString(), DomainError);
  });

  test('clone is independent', () => {
    const a = sip('sip:a@b.com;lr');
    const b = a.clone();
    b.params.delete('lr');
    assert.equal(a.lr, true);
    assert.equal(b.lr, false);
  });
});

describe('uriEquals: RFC 3261 19.1.4', () => {
  // the equivalent and non-equivalent examples of RFC 3261 19.1.4
  const equal: [string, string][] = [
    ['sip:%61lice@atlanta.com;transport=TCP', 'sip:alice@AtLanTa.CoM;Transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;newparam=5'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com;security=on'],
    ['sip:carol@chicago.com;newparam=5', 'sip:carol@chicago.com;security=on'],
    ['sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com', 'sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com'],
    ['sip:alice@atlanta.com?subject=project%20x&priority=urgent', 'sip:alice@atlanta.com?priority=urgent&subject=project%20x'],
  ];
  const different: [string, string][] = [
    ['SIP:ALICE@AtLanTa.CoM;Transport=udp', 'sip:alice@AtLanTa.CoM;Transport=UDP'], // user is case-sensitive
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:5060'], // explicit port
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com;transport=udp'], // transport in one only
    ['sip:bob@biloxi.com', 'sip:bob@biloxi.com:6000;transport=tcp'],
    ['sip:carol@chicago.com', 'sip:carol@chicago.com?Subject=next%20meeting'], // header in one only
    ['sip:bob@phone21.boxesbybob.com', 'sip:bob@192.0.2.4'], // name vs address
    ['sip:alice@atlanta.com', 'sips:alice@atlanta.com'],
    ['sip:alice@atlanta.com;user=phone', 'sip:alice@atlanta.com'],
    ['sip:alice:a@atlanta.com', 'sip:alice:b@atlanta.com'],
    ['sip:carol@chicago.com;newparam=5', 'sip:carol@chicago.com;newparam=6'],
  ];
  for (const [a, b] of equal) {
    test(`equal: ${a} = ${b}`, () => {
      assert.equal(uriEquals(uri(a), uri(b)), true);
      assert.equal(uri(b).equals(uri(a)), true);
    });
  }
  for (const [a, b] of different) {
    test(`different: ${a} != ${b}`, () => {
      assert.equal(uriEquals(uri(a), uri(b)), false);
    });
  }
  test('absolute URIs compare scheme case-insensitively and the rest exactly', () => {
    assert.equal(uriEquals(uri('TEL:+4610'), uri('tel:+4610')), true);
    assert.equal(uriEquals(uri('tel:+4610'), uri('tel:+4611')), false);
    assert.equal(uriEquals(uri('tel:+4610'), uri('sip:+4610@x.se')), false);
  });
});
