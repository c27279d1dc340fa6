import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatChallenge,
  formatCredentials,
  parseAuthItems,
  parseChallenge,
  parseChallenges,
  parseCredentials,
  type DigestCredentials,
} from './auth-params.js';

function value<T>(r: { ok: true; value: T } | { ok: false; problems: { en: string }[] }): T {
  if (!r.ok) assert.fail(r.problems.map((p) => p.en).join('; '));
  return r.value;
}

function problemCodes(r: { ok: boolean; problems?: { code: string }[] }): string[] {
  assert.equal(r.ok, false);
  return (r.problems ?? []).map((p) => p.code);
}

test('parses the RFC 3261 §22.4 style challenge', () => {
  const ch = value(parseChallenge('Digest realm="biloxi.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"'));
  assert.deepEqual(ch, {
    realm: 'biloxi.com',
    qop: ['auth', 'auth-int'],
    nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
    opaque: '5ccc069c403ebaf9f0171e9517f40e41',
  });
});

test('scheme and parameter names are case-insensitive; spacing and folding are tolerated', () => {
  const ch = value(parseChallenge('  DIGEST   REALM = "a b" ,\r\n\tNonce="n1",ALGORITHM=sha-256 , QOP = " auth , Auth-Int ",,STALE=TRUE  '));
  assert.equal(ch.realm, 'a b');
  assert.equal(ch.nonce, 'n1');
  assert.equal(ch.algorithm, 'sha-256');
  assert.deepEqual(ch.qop, ['auth', 'auth-int']);
  assert.equal(ch.stale, true);
});

test('quoted strings unescape quoted-pairs and keep commas and UTF-8', () => {
  const ch = value(parseChallenge('Digest realm="Växel \\"Kommun\\", \\\\ avd", nonce="x,y"'));
  assert.equal(ch.realm, 'Växel "Kommun", \\ avd');
  assert.equal(ch.nonce, 'x,y');
});

test('parses the RFC 2617 §3.5 Authorization spread over folded lines', () => {
  const creds = value(parseCredentials(`Digest username="Mufasa",
                 realm="testrealm@host.com",
                 nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093",
                 uri="/dir/index.html",
                 qop=auth,
                 nc=00000001,
                 cnonce="0a4f113b",
                 response="6629fae49393a05397450978507c4ef1",
                 opaque="5ccc069c403ebaf9f0171e9517f40e41"`));
  assert.deepEqual(creds, {
    username: 'Mufasa',
    realm: 'testrealm@host.com',
    nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
    uri: '/dir/index.html',
    response: '6629fae49393a05397450978507c4ef1',
    qop: 'auth',
    nc: '00000001',
    cnonce: '0a4f113b',
    opaque: '5ccc069c403ebaf9f0171e9517f40e41',
  });
});

test('credentials tolerate a quoted qop and an unquoted uri, keep unknown params', () => {
  const creds = value(parseCredentials('digest username="1001",realm="r",nonce="n",uri=sip:r,response="ab",qop="auth",nc=0000000A,cnonce="c",x-foo=bar'));
  assert.equal(creds.uri, 'sip:r');
  assert.equal(creds.qop, 'auth');
  assert.equal(creds.nc, '0000000a');
  assert.deepEqual(creds.extensions, { 'x-foo': 'bar' });
});

test('username* (RFC 7616 §3.4.4) is decoded', () => {
  const creds = value(parseCredentials(`Digest username*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm="r", nonce="n", uri="/", response="00"`));
  assert.equal(creds.username, 'Jäsøn Doe');
});

test('errors come back as results with Swedish and English text', () => {
  const cases: Array<[string, string]> = [
    ['Digest realm="r', 'sip.auth.syntax'], // unterminated quote
    ['Digest realm="r", realm="s", nonce="n"', 'sip.auth.syntax'], // duplicate
    ['Digest realm="r" nonce="n"', 'sip.auth.syntax'], // missing comma
    ['Digest realm=', 'sip.auth.syntax'],
    ['', 'sip.auth.syntax'],
    ['Digest realm="r"', 'sip.auth.param.missing'], // no nonce
    ['Digest realm="r", nonce="n", stale=maybe', 'sip.auth.param.invalid'],
    ['Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==', 'sip.auth.param.invalid'],
    ['Digest realm="a\\\nb", nonce="n"', 'sip.auth.syntax'], // quoted-pair may not escape LF
    ['Digest realm="a\nb", nonce="n"', 'sip.auth.syntax'], // bare LF, not folding
  ];
  for (const [input, code] of cases) {
    const r = parseChallenge(input);
    assert.deepEqual(problemCodes(r).slice(0, 1), [code], input);
    if (!r.ok) {
      assert.ok(r.problems[0]?.sv.length, 'Swedish text');
      assert.ok(r.problems[0]?.en.length, 'English text');
    }
  }
});

test('credentials: qop needs nc and cnonce; nc is 8 hex digits; nc without qop is refused', () => {
  const base = 'Digest username="u", realm="r", nonce="n", uri="sip:r", response="00"';
  assert.deepEqual(problemCodes(parseCredentials(`${base}, qop=auth`)).sort(), ['sip.auth.param.missing', 'sip.auth.param.missing']);
  assert.deepEqual(problemCodes(parseCredentials(`${base}, qop=auth, nc=1, cnonce="c"`)), ['sip.auth.param.invalid']);
  assert.deepEqual(problemCodes(parseCredentials(`${base}, nc=00000001`)), ['sip.auth.param.invalid']);
  assert.deepEqual(problemCodes(parseCredentials(`${base}, qop=auth, nc=00000000, cnonce="c"`)), ['sip.auth.param.invalid']);
  assert.deepEqual(problemCodes(parseCredentials('Digest realm="r", nonce="n", uri="sip:r", response="00"')), ['sip.auth.param.missing']);
});

test('parseChallenges splits several challenges in one value and across values, skipping other schemes', () => {
  const list = value(parseChallenges([
    'Digest realm="a", nonce="1", algorithm=SHA-256, Basic abc==, Digest realm="a", nonce="1", algorithm=MD5',
    'Newauth realm="apps", type=1, Digest realm="b", nonce="2"',
  ]));
  assert.deepEqual(list.map((c) => [c.realm, c.nonce, c.algorithm]), [
    ['a', '1', 'SHA-256'],
    ['a', '1', 'MD5'],
    ['b', '2', undefined],
  ]);
  const tolerant = value(parseChallenges(['Digest realm="broken', 'Digest nonce="no-realm"', 'Digest realm="ok", nonce="3"']));
  assert.deepEqual(tolerant.map((c) => c.realm), ['ok'], 'unusable values are skipped');
  assert.deepEqual(problemCodes(parseChallenges(['Digest realm="broken', 'Digest nonce="no-realm"'])), ['sip.auth.syntax', 'sip.auth.param.missing']);
  assert.deepEqual(value(parseChallenges('Basic realm="x"')), [], 'no Digest at all is not an error');
  const items = value(parseAuthItems('Basic abc==, Digest realm="x"'));
  assert.equal(items[0]?.token68, 'abc==');
});

test('parsers never throw, whatever the input', () => {
  const alphabet = 'Digest realm="\\, =\r\n\tnc0abcSHA-256\'"*;';
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  let parsedSome = 0;
  for (let i = 0; i < 3000; i++) {
    let s = '';
    const len = rand(60);
    for (let j = 0; j < len; j++) s += alphabet[rand(alphabet.length)];
    for (const f of [parseChallenge, parseCredentials, parseChallenges, parseAuthItems]) {
      const r = (f as (v: string) => { ok: boolean })(s);
      assert.equal(typeof r.ok, 'boolean');
      if (r.ok) parsedSome++;
    }
  }
  assert.ok(parsedSome > 0, 'the generator also produces some valid values');
});

test('formatChallenge quotes realm, nonce and qop, leaves algorithm and stale as tokens, round-trips', () => {
  const ch = { realm: 'Kommun "Växel"', nonce: 'n\\1', algorithm: 'SHA-256', qop: ['auth', 'auth-int'], stale: true };
  const text = value(formatChallenge(ch));
  assert.equal(text, 'Digest realm="Kommun \\"Växel\\"", nonce="n\\\\1", stale=true, algorithm=SHA-256, qop="auth,auth-int"');
  assert.deepEqual(value(parseChallenge(text)), ch);
});

test('formatCredentials quotes what RFC 3261 §25.1 quotes and round-trips', () => {
  const c: DigestCredentials = {
    username: '1001', realm: 'r', nonce: 'n', uri: 'sip:r;transport=udp', response: 'ab',
    algorithm: 'MD5', cnonce: 'c', qop: 'auth', nc: '00000001',
  };
  const text = value(formatCredentials(c));
  assert.equal(text, 'Digest username="1001", realm="r", nonce="n", uri="sip:r;transport=udp", response="ab", algorithm=MD5, cnonce="c", qop=auth, nc=00000001');
  assert.deepEqual(value(parseCredentials(text)), c);
});

test('serializers reject CR/LF (header injection) and non-token token values', () => {
  const injected = formatChallenge({ realm: 'r\r\nVia: evil', nonce: 'n' });
  assert.deepEqual(problemCodes(injected), ['sip.auth.param.invalid']);
  assert.deepEqual(problemCodes(formatCredentials({ username: 'u\n', realm: 'r', nonce: 'n', uri: 'u', response: 'x' })), ['sip.auth.param.invalid']);
  assert.deepEqual(problemCodes(formatChallenge({ realm: 'r', nonce: 'n', algorithm: 'SHA 256' })), ['sip.auth.param.invalid']);
});
