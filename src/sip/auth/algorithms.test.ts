import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseAlgorithm, computeHA1, computeResponse, computeUserhash, hashHex, parseAlgorithm } from './algorithms.js';

test('RFC 2617 §3.5: the Mufasa example computes the documented response', () => {
  const ha1 = computeHA1('MD5', 'Mufasa', 'testrealm@host.com', 'Circle Of Life');
  const response = computeResponse({
    algorithm: 'MD5', ha1, nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', method: 'GET', uri: '/dir/index.html',
    qop: 'auth', nc: '00000001', cnonce: '0a4f113b',
  });
  assert.equal(response, '6629fae49393a05397450978507c4ef1');
});

const RFC7616 = {
  realm: 'http-auth@example.org', nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ', method: 'GET', uri: '/dir/index.html',
} as const;

test('RFC 7616 §3.9.1: SHA-256 and MD5 responses for Mufasa', () => {
  for (const [algorithm, expected] of [
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
  ] as const) {
    const ha1 = computeHA1(algorithm, 'Mufasa', RFC7616.realm, 'Circle of Life');
    const response = computeResponse({ algorithm, ha1, qop: 'auth', nc: '00000001', ...RFC7616 });
    assert.equal(response, expected, algorithm);
  }
});

test('RFC 7616 §3.9.2 with erratum 4897: SHA-512-256 userhash and response', () => {
  const realm = 'api@example.org';
  const user = 'J\u00e4s\u00f8n Doe';
  assert.equal(computeUserhash('SHA-512-256', user, realm), '793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b');
  const response = computeResponse({
    algorithm: 'SHA-512-256', ha1: computeHA1('SHA-512-256', user, realm, 'Secret, or not?'),
    nonce: '5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK', cnonce: 'NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v',
    nc: '00000001', qop: 'auth', method: 'GET', uri: '/doe.json',
  });
  assert.equal(response, '3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5');
});

test('RFC 2069 form (no qop): H(HA1:nonce:HA2)', () => {
  const ha1 = computeHA1('MD5', 'Mufasa', 'testrealm@host.com', 'Circle Of Life');
  const ha2 = hashHex('MD5', 'GET:/dir/index.html');
  const expected = hashHex('MD5', `${ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:${ha2}`);
  assert.equal(computeResponse({ algorithm: 'MD5', ha1, nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', method: 'GET', uri: '/dir/index.html' }), expected);
});

test('auth-int hashes the body; an absent body hashes as empty (RFC 3261 §22.4)', () => {
  const base = { algorithm: 'SHA-256', ha1: 'h', nonce: 'n', method: 'INVITE', uri: 'sip:bob@r', qop: 'auth-int', nc: '00000001', cnonce: 'c' } as const;
  const sdp = 'v=0\r\n';
  const withBody = computeResponse({ ...base, body: sdp });
  assert.notEqual(withBody, computeResponse({ ...base, body: 'v=1\r\n' }));
  assert.equal(computeResponse({ ...base }), computeResponse({ ...base, body: '' }));
  assert.equal(withBody, computeResponse({ ...base, body: new TextEncoder().encode(sdp) }));
  const ha2 = hashHex('SHA-256', `INVITE:sip:bob@r:${hashHex('SHA-256', sdp)}`);
  assert.equal(withBody, hashHex('SHA-256', `h:n:00000001:c:auth-int:${ha2}`));
});

test('-sess derives the session key from the stored HA1, nonce and cnonce (RFC 7616 §3.4.2)', () => {
  const ha1 = computeHA1('SHA-256-sess', 'u', 'r', 'p');
  assert.equal(ha1, computeHA1('SHA-256', 'u', 'r', 'p'), 'the stored HA1 is the same as for SHA-256');
  const sessionKey = hashHex('SHA-256', `${ha1}:n:c`);
  const ha2 = hashHex('SHA-256', 'REGISTER:sip:r');
  assert.equal(
    computeResponse({ algorithm: 'SHA-256-sess', ha1, nonce: 'n', method: 'REGISTER', uri: 'sip:r', qop: 'auth', nc: '00000001', cnonce: 'c' }),
    hashHex('SHA-256', `${sessionKey}:n:00000001:c:auth:${ha2}`),
  );
});

test('algorithm tokens are case-insensitive and default to MD5', () => {
  assert.equal(parseAlgorithm(undefined), 'MD5');
  assert.equal(parseAlgorithm('sha-256'), 'SHA-256');
  assert.equal(parseAlgorithm('sha-512-256-SESS'), 'SHA-512-256-sess');
  assert.equal(parseAlgorithm('SHA-1'), undefined);
  assert.equal(baseAlgorithm('MD5-sess'), 'MD5');
});
