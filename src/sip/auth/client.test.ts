import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCredentials, type DigestCredentials } from './auth-params.js';
import { DigestClient, credentialsHeaderFor } from './client.js';

function creds(r: ReturnType<DigestClient['authorize']>): DigestCredentials {
  if (!r.ok) assert.fail(r.problems.map((p) => p.en).join('; '));
  const parsed = parseCredentials(r.value);
  if (!parsed.ok) assert.fail(parsed.problems.map((p) => p.en).join('; '));
  return parsed.value;
}

test('RFC 2617 §3.5: the client produces the documented Authorization for Mufasa', () => {
  const client = new DigestClient({ username: 'Mufasa', password: 'Circle Of Life', cnonce: () => '0a4f113b' });
  const r = client.authorize({
    challenge: 'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    method: 'GET',
    uri: '/dir/index.html',
  });
  assert.deepEqual(r, {
    ok: true,
    value: 'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", response="6629fae49393a05397450978507c4ef1", cnonce="0a4f113b", opaque="5ccc069c403ebaf9f0171e9517f40e41", qop=auth, nc=00000001',
  });
});

test('RFC 7616 §3.9.1: given SHA-256 and MD5 challenges, the client answers the topmost (SHA-256)', () => {
  const common = 'realm="http-auth@example.org", qop="auth, auth-int", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';
  const client = new DigestClient({ username: 'Mufasa', password: 'Circle of Life', cnonce: () => 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' });
  const c = creds(client.authorize({ challenge: [`Digest ${common}, algorithm=SHA-256`, `Digest ${common}, algorithm=MD5`], method: 'GET', uri: '/dir/index.html' }));
  assert.equal(c.algorithm, 'SHA-256');
  assert.equal(c.response, '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  const md5Only = new DigestClient({ username: 'Mufasa', password: 'Circle of Life', algorithms: ['MD5'], cnonce: () => 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' });
  const m = creds(md5Only.authorize({ challenge: [`Digest ${common}, algorithm=SHA-256`, `Digest ${common}, algorithm=MD5`], method: 'GET', uri: '/dir/index.html' }));
  assert.equal(m.response, '8ca523f5e9506fed4657c9700eebdbec');
});

test('RFC 7616 §3.9.2 (erratum 4897): userhash=true sends H(user:realm) and userhash=true', () => {
  const client = new DigestClient({ username: 'J\u00e4s\u00f8n Doe', password: 'Secret, or not?', cnonce: () => 'NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v' });
  const c = creds(client.authorize({
    challenge: 'Digest realm="api@example.org", qop="auth", algorithm=SHA-512-256, nonce="5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", opaque="HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS", charset=UTF-8, userhash=true',
    method: 'GET',
    uri: '/doe.json',
  }));
  assert.equal(c.username, '793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b');
  assert.equal(c.userhash, true);
  assert.equal(c.response, '3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5');
});

test('RFC 8760 §2.4: unsupported algorithms and schemes are skipped, not failed', () => {
  const client = new DigestClient({ username: 'u', password: 'p' });
  const c = creds(client.authorize({
    challenge: ['Digest realm="r", nonce="n", algorithm=SHA3-512, qop="auth"', 'Basic realm="r"', 'Digest realm="r", nonce="n", algorithm=MD5, qop="auth"'],
    method: 'REGISTER',
    uri: 'sip:r',
  }));
  assert.equal(c.algorithm, 'MD5');
  const none = client.authorize({ challenge: 'Digest realm="r", nonce="n", algorithm=SHA3-512', method: 'REGISTER', uri: 'sip:r' });
  assert.equal(none.ok, false);
  if (!none.ok) assert.equal(none.problems[0]?.code, 'sip.auth.challenge.unsupported');
});

test('nc increments per nonce, restarts with a new nonce, and the last challenge can be reused', () => {
  let i = 0;
  const client = new DigestClient({ username: 'u', password: 'p', cnonce: () => `c${++i}` });
  const first = creds(client.authorize({ challenge: 'Digest realm="r", nonce="n1", qop="auth"', method: 'REGISTER', uri: 'sip:r' }));
  const second = creds(client.authorize({ method: 'REGISTER', uri: 'sip:r' }));
  const third = creds(client.authorize({ challenge: 'Digest realm="r", nonce="n1", qop="auth"', method: 'REGISTER', uri: 'sip:r' }));
  const fresh = creds(client.authorize({ challenge: 'Digest realm="r", nonce="n2", qop="auth"', method: 'REGISTER', uri: 'sip:r' }));
  assert.deepEqual([first.nc, second.nc, third.nc, fresh.nc], ['00000001', '00000002', '00000003', '00000001']);
  assert.deepEqual([first.cnonce, second.cnonce], ['c1', 'c2']);
  assert.notEqual(first.response, second.response);
});

test('no qop in the challenge: RFC 2069 response without nc and cnonce', () => {
  const client = new DigestClient({ username: 'u', password: 'p' });
  const c = creds(client.authorize({ challenge: 'Digest realm="r", nonce="n"', method: 'INVITE', uri: 'sip:bob@r' }));
  assert.equal(c.qop, undefined);
  assert.equal(c.nc, undefined);
  assert.equal(c.cnonce, undefined);
  assert.equal(c.algorithm, undefined, 'the algorithm is echoed only when the challenge named it');
});

test('auth-int is chosen when preferred or when it is the only qop offered', () => {
  const preferring = new DigestClient({ username: 'u', password: 'p', preferQop: 'auth-int' });
  assert.equal(creds(preferring.authorize({ challenge: 'Digest realm="r", nonce="n", qop="auth,auth-int"', method: 'INVITE', uri: 'sip:b@r', body: 'v=0' })).qop, 'auth-int');
  const plain = new DigestClient({ username: 'u', password: 'p' });
  assert.equal(creds(plain.authorize({ challenge: 'Digest realm="r", nonce="n", qop="auth-int"', method: 'INVITE', uri: 'sip:b@r' })).qop, 'auth-int');
  assert.equal(creds(plain.authorize({ challenge: 'Digest realm="r", nonce="n", qop="auth,auth-int"', method: 'INVITE', uri: 'sip:b@r' })).qop, 'auth');
});

test('without a challenge to answer, authorize fails with a result', () => {
  const r = new DigestClient({ username: 'u', password: 'p' }).authorize({ method: 'REGISTER', uri: 'sip:r' });
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.problems[0]?.code, 'sip.auth.challenge.none');
});

test('RFC 3261 §22.2-22.3: 401 is answered in Authorization, 407 in Proxy-Authorization', () => {
  assert.equal(credentialsHeaderFor(401), 'Authorization');
  assert.equal(credentialsHeaderFor(407), 'Proxy-Authorization');
});
