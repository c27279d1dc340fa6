import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../core/errors.js';
import { parseChallenge, parseCredentials, formatCredentials } from './auth-params.js';
import { computeHA1, computeUserhash, type BaseAlgorithm, type DigestAlgorithm, type Qop } from './algorithms.js';
import { DigestClient } from './client.js';
import { DigestServer, isCredentialFailure, type DigestServerOptions, type LookupHA1, type VerifyOutcome } from './server.js';

const REALM = 'vaxel.kommun.se';
const URI = 'sip:vaxel.kommun.se';
const T0 = Date.UTC(2026, 10, 3, 8, 0, 0);
const SECRET = 'test-secret-of-sixteen+ bytes';

// Only HA1 values are stored, one per base algorithm (P-SEC-1).
const USERS = new Map<string, Record<BaseAlgorithm, string>>();
function addUser(user: string, password: string): void {
  USERS.set(user, {
    MD5: computeHA1('MD5', user, REALM, password),
    'SHA-256': computeHA1('SHA-256', user, REALM, password),
    'SHA-512-256': computeHA1('SHA-512-256', user, REALM, password),
  });
}
addUser('1001', 'hemligt-1001');
addUser('J\u00e4s\u00f8n', 'lösenord');
const lookupHA1: LookupHA1 = (user, realm, algorithm) => (realm === REALM ? USERS.get(user)?.[algorithm] : undefined);

function counterRandom(): (n: number) => Uint8Array {
  let i = 0;
  return (n) => new Uint8Array(n).fill(++i % 256);
}

function server(extra: Partial<DigestServerOptions> = {}): DigestServer {
  return new DigestServer({ realm: REALM, secret: SECRET, randomBytes: counterRandom(), ...extra });
}

function answer(client: DigestClient, challenge: string[] | undefined, method = 'REGISTER', body?: string): string {
  const r = client.authorize({ challenge, method, uri: URI, body });
  if (!r.ok) assert.fail(r.problems.map((p) => p.en).join('; '));
  return r.value;
}

function reason(o: VerifyOutcome): string {
  return o.ok ? 'ok' : o.reason;
}

test('RFC 8760 §2.3: SHA-256 and MD5 offered by default, SHA-256 first, one nonce', () => {
  const s = server();
  const values = s.challenge(T0);
  const parsed = values.map((v) => parseChallenge(v));
  assert.deepEqual(parsed.map((p) => (p.ok ? p.value.algorithm : 'error')), ['SHA-256', 'MD5']);
  const [a, b] = parsed.map((p) => (p.ok ? p.value : undefined));
  assert.equal(a?.nonce, b?.nonce);
  assert.deepEqual(a?.qop, ['auth']);
  assert.equal(a?.realm, REALM);
  assert.equal(values[0], `Digest realm="${REALM}", nonce="${a?.nonce}", algorithm=SHA-256, qop="auth"`);
});

test('a response may narrow the offer to fewer algorithms (clients that read only the topmost challenge)', () => {
  const s = server();
  const algorithmsOf = (values: string[]) => values.map((v) => { const p = parseChallenge(v); return p.ok ? p.value.algorithm : 'error'; });
  assert.deepEqual(algorithmsOf(s.challenge(T0, { algorithms: ['MD5'] })), ['MD5']);
  assert.deepEqual(algorithmsOf(s.challenge(T0, { algorithms: ['MD5', 'SHA-256'] })), ['MD5', 'SHA-256']);
  assert.deepEqual(algorithmsOf(s.challenge(T0, { algorithms: ['SHA-512-256'] })), ['SHA-256', 'MD5'], 'nothing configured left: the full offer');
  const r = s.respondToFailure('unknown-user', T0, { algorithms: ['MD5'] });
  assert.deepEqual(r.headers.map(([n, v]) => [n, algorithmsOf([v])[0]]), [['WWW-Authenticate', 'MD5']]);
});

test('RFC 3261 §22.2-22.3: registrar challenges with 401/WWW-Authenticate, proxy with 407/Proxy-Authenticate', () => {
  const uas = server();
  assert.deepEqual([uas.status, uas.challengeHeaderName, uas.credentialsHeaderName], [401, 'WWW-Authenticate', 'Authorization']);
  const proxy = server({ role: 'proxy' });
  assert.deepEqual([proxy.status, proxy.challengeHeaderName, proxy.credentialsHeaderName], [407, 'Proxy-Authenticate', 'Proxy-Authorization']);
  const r = proxy.respondToFailure('missing', T0);
  assert.equal(r.status, 407);
  assert.equal(r.reasonPhrase, 'Proxy Authentication Required');
  assert.deepEqual(r.headers.map(([n]) => n), ['Proxy-Authenticate', 'Proxy-Authenticate']);
});

test('client and server agree for every algorithm and qop', () => {
  const algorithms: DigestAlgorithm[] = ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess', 'SHA-512-256', 'SHA-512-256-sess'];
  const qops: Array<Qop | undefined> = ['auth', 'auth-int', undefined];
  for (const algorithm of algorithms) {
    for (const qop of qops) {
      if (qop === undefined && algorithm.endsWith('-sess')) continue; // -sess needs a cnonce
      const s = server({ algorithms: [algorithm], qop: qop ? [qop] : [] });
      const client = new DigestClient({ username: '1001', password: 'hemligt-1001' });
      const body = 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n';
      const header = answer(client, s.challenge(T0), 'INVITE', body);
      const out = s.verify({ method: 'INVITE', uri: URI, credentialsHeader: header, lookupHA1, now: T0 + 1000, body });
      assert.deepEqual(out, qop ? { ok: true, user: '1001', algorithm, qop } : { ok: true, user: '1001', algorithm }, `${algorithm} ${qop}`);
      if (qop === 'auth-int') {
        const next = answer(client, undefined, 'INVITE', body);
        const tampered = s.verify({ method: 'INVITE', uri: URI, credentialsHeader: next, lookupHA1, now: T0 + 1000, body: `${body}a=x\r\n` });
        assert.equal(reason(tampered), 'bad-response', 'auth-int covers the body');
      }
    }
  }
});

test('a client keeps using one nonce with increasing nc', () => {
  const s = server();
  const client = new DigestClient({ username: '1001', password: 'hemligt-1001' });
  const results = [answer(client, s.challenge(T0)), answer(client, undefined), answer(client, undefined)].map((h) =>
    reason(s.verify({ method: 'REGISTER', uri: URI, credentialsHeader: h, lookupHA1, now: T0 + 2000 })),
  );
  assert.deepEqual(results, ['ok', 'ok', 'ok']);
  assert.equal(s.trackedNonces, 1);
});

test('replay: the same request (nonce, nc) is refused the second time, and answered stale=true', () => {
  const s = server();
  const header = answer(new DigestClient({ username: '1001', password: 'hemligt-1001' }), s.challenge(T0));
  const input = { method: 'REGISTER', uri: URI, credentialsHeader: header, lookupHA1, now: T0 + 1000 };
  assert.equal(reason(s.verify(input)), 'ok');
  const again = s.verify({ ...input, now: T0 + 2000 });
  assert.equal(reason(again), 'replay');
  assert.ok(!again.ok && isCredentialFailure(again.reason));
  const response = s.respondToFailure('replay', T0 + 2000);
  assert.equal(response.status, 401);
  assert.ok(response.headers.every(([, v]) => parseChallenge(v).ok && /stale=true/.test(v)));
});

test('RFC 2069 clients (no qop) may use a nonce once', () => {
  const s = server();
  const header = answer(new DigestClient({ username: '1001', password: 'hemligt-1001' }), s.challenge(T0).map((v) => v.replace(', qop="auth"', '')));
  const input = { method: 'REGISTER', uri: URI, credentialsHeader: header, lookupHA1, now: T0 + 1000 };
  assert.equal(reason(s.verify(input)), 'ok');
  assert.equal(reason(s.verify(input)), 'replay');
  const strict = server({ acceptNoQop: false });
  const h2 = answer(new DigestClient({ username: '1001', password: 'hemligt-1001' }), strict.challenge(T0).map((v) => v.replace(', qop="auth"', '')));
  assert.equal(reason(strict.verify({ ...input, credentialsHeader: h2 })), 'qop');
});

test('RFC 2617 §3.2.1: an expired nonce with a correct response gets stale=true in the new challenge', () => {
  const s = server({ nonceLifetimeMs: 300_000 });
  const header = answer(new DigestClient({ username: '1001', password: 'hemligt-1001' }), s.challenge(T0));
  const out = s.verify({ method: 'REGISTER', uri: URI, credentialsHeader: header, lookupHA1, now: T0 + 300_000 });
  assert.equal(reason(out), 'stale');
  assert.ok(!out.ok && !isCredentialFailure(out.reason), 'stale is not a guessing failure');
  const response = s.respondToFailure('stale', T0 + 300_000);
  const challenges = response.headers.map(([, v]) => parseChallenge(v));
  assert.deepEqual(challenges.map((c) => c.ok && c.value.stale), [true, true]);
  // The client answers the new challenge without asking its user, and gets in.
  const client = new DigestClient({ username: '1001', password: 'hemligt-1001' });
  const retry = answer(client, response.headers.map(([, v]) => v));
  assert.equal(reason(s.verify({ method: 'REGISTER', uri: URI, credentialsHeader: retry, lookupHA1, now: T0 + 300_001 })), 'ok');
});

test('an expired nonce with a wrong password is bad-response, not stale (stale only for correct responses)', () => {
  const s = server();
  const header = answer(new DigestClient({ username: '1001', password: 'fel' }), s.challenge(T0));
  assert.equal(reason(s.verify({ method: 'REGISTER', uri: URI, credentialsHeader: header, lookupHA1, now: T0 + 400_000 })), 'bad-response');
});

test('a tampered or foreign nonce is refused as bad-nonce', () => {
  const s = server();
  const client = new DigestClient({ username: '1001', password: 'hemligt-1001' });
  const challenge = s.challenge(T0);
  const nonce = (parseChallenge(challenge[0] as string) as { ok: true; value: { nonce: string } }).value.nonce;
  const forged = nonce.slice(0, 10) + (nonce[10] === 'x' ? 'y' : 'x') + nonce.slice(11);
  const header = answer(client, challenge.map((v) => v.replace(nonce, forged)));
  assert.equal(reason(s.verify({ method: 'REGISTER', uri: URI, credentialsHeader: header, lookupHA1, now: T0 + 1000 })), 'bad-nonce');
  const other = new DigestServer({ realm: REALM, secret: 'another secret, also long' });
  const foreign = answer(new DigestClient({ username: '1001', password: 'hemligt-1001' }), other.challenge(T0));
  assert.equal(reason(s.verify({ method: 'REGISTER', uri: URI, credentialsHeader: foreign, lookupHA1, now: T0 + 1000 })), 'bad-nonce');
});

test('P-SEC-1: unknown user and wrong password produce byte-identical challenge responses', () => {
  // Two servers in the same state (same secret, same random sequence) at the same instant.
  const a = server();
  const b = server();
  const ca = a.challenge(T0);
  const cb = b.challenge(T0);
  assert.deepEqual(ca, cb);
  const unknown = answer(new DigestClient({ username: '9999', password: 'whatever' }), ca);
  const wrong = answer(new DigestClient({ username: '1001', password: 'whatever' }), cb);
  const ua = a.verify({ method: 'REGISTER', uri: URI, credentialsHeader: unknown, lookupHA1, now: T0 + 10 });
  const wb = b.verify({ method: 'REGISTER', uri: URI, credentialsHeader: wrong, lookupHA1, now: T0 + 10 });
  assert.equal(reason(ua), 'unknown-user');
  assert.equal(reason(wb), 'bad-response');
  assert.ok(!ua.ok && !wb.ok && isCredentialFailure(ua.reason) && isCredentialFailure(wb.reason));
  assert.equal(ua.ok || ua.problem.sv, wb.ok || wb.problem.sv, 'the same Swedish text for both');
  const ra = a.respondToFailure(ua.ok ? 'missing' : ua.reason, T0 + 10);
  const rb = b.respondToFailure(wb.ok ? 'missing' : wb.reason, T0 + 10);
  assert.deepEqual(ra, rb);
  assert.equal(ra.status, 401);
  assert.ok(ra.headers.every(([, v]) => !/stale/.test(v)));
  // The same holds when the nonce has also expired: neither learns "stale".
  const ua2 = a.verify({ method: 'REGISTER', uri: URI, credentialsHeader: unknown, lookupHA1, now: T0 + 900_000 });
  const wb2 = b.verify({ method: 'REGISTER', uri: URI, credentialsHeader: wrong, lookupHA1, now: T0 + 900_000 });
  assert.deepEqual([reason(ua2), reason(wb2)], ['unknown-user', 'bad-response']);
  assert.deepEqual(a.respondToFailure('unknown-user', T0 + 900_000), b.respondToFailure('bad-response', T0 + 900_000));
});

test('P-SEC-1: an unknown user still costs a digest computation (a dummy HA1 is hashed)', () => {
  const s = server({ algorithms: ['SHA-256'] });
  const header = answer(new DigestClient({ username: 'nobody', password: 'x' }), s.challenge(T0));
  let lookups = 0;
  const out = s.verify({
    method: 'REGISTER', uri: URI, credentialsHeader: header, now: T0,
    lookupHA1: (user, realm, algorithm) => {
      lookups++;
      assert.deepEqual([user, realm, algorithm], ['nobody', REALM, 'SHA-256']);
      return undefined;
    },
  });
  assert.equal(reason(out), 'unknown-user');
  assert.equal(lookups, 1);
  // Timing is measured, not asserted: src/sip/auth/bench/verify-timing.ts.
});

test('missing, malformed, other realm, unoffered algorithm or qop, and a digest-uri that is not the Request-URI', () => {
  const s = server();
  const now = T0 + 1000;
  const client = new DigestClient({ username: '1001', password: 'hemligt-1001' });
  const good = answer(client, s.challenge(T0));
  const check = (credentialsHeader: string | string[] | undefined, uri = URI) => reason(s.verify({ method: 'REGISTER', uri, credentialsHeader, lookupHA1, now }));
  assert.equal(check(undefined), 'missing');
  assert.equal(check([]), 'missing');
  assert.equal(check('Digest username="1001", realm="'), 'malformed');
  assert.equal(check(good.replace(`realm="${REALM}"`, 'realm="other.se"')), 'realm');
  assert.equal(check(good.replace('algorithm=SHA-256', 'algorithm=SHA-512-256')), 'algorithm');
  assert.equal(check(good.replace('qop=auth', 'qop=auth-int')), 'qop');
  assert.equal(check(good, 'sip:other.kommun.se'), 'uri');
  assert.deepEqual(s.respondToFailure('malformed', now), { status: 400, reasonPhrase: 'Bad Request', headers: [] });
  assert.equal(s.respondToFailure('uri', now).status, 400);
  assert.equal(s.respondToFailure('realm', now).status, 401);
});

test('RFC 3261 §22.3: among several credentials the one for our realm is used', () => {
  const s = server();
  const mine = answer(new DigestClient({ username: '1001', password: 'hemligt-1001' }), s.challenge(T0));
  const theirs = 'Digest username="x", realm="carrier.example", nonce="n", uri="sip:vaxel.kommun.se", response="00"';
  assert.equal(reason(s.verify({ method: 'REGISTER', uri: URI, credentialsHeader: [theirs, mine], lookupHA1, now: T0 })), 'ok');
});

test('a response in upper-case hex is accepted', () => {
  const s = server();
  const header = answer(new DigestClient({ username: '1001', password: 'hemligt-1001' }), s.challenge(T0));
  const parsed = parseCredentials(header);
  assert.ok(parsed.ok);
  const upper = formatCredentials({ ...parsed.value, response: parsed.value.response.toUpperCase() });
  assert.ok(upper.ok);
  assert.equal(reason(s.verify({ method: 'REGISTER', uri: URI, credentialsHeader: upper.value, lookupHA1, now: T0 })), 'ok');
});

test('RFC 7616 §3.4.4: userhash is offered on request and resolved by the caller', () => {
  const s = server({ userhash: true, algorithms: ['SHA-256'] });
  const challenge = s.challenge(T0);
  assert.match(challenge[0] as string, /userhash=true/);
  const header = answer(new DigestClient({ username: 'J\u00e4s\u00f8n', password: 'lösenord' }), challenge);
  assert.ok(!header.includes('J\u00e4s\u00f8n'), 'the name does not travel in clear');
  const resolveUserhash = (hash: string, realm: string, algorithm: BaseAlgorithm) =>
    [...USERS.keys()].find((u) => computeUserhash(algorithm, u, realm) === hash);
  const out = s.verify({ method: 'REGISTER', uri: URI, credentialsHeader: header, lookupHA1, resolveUserhash, now: T0 });
  assert.deepEqual(out, { ok: true, user: 'J\u00e4s\u00f8n', algorithm: 'SHA-256', qop: 'auth' });
  const s2 = server({ userhash: true, algorithms: ['SHA-256'] });
  const h2 = answer(new DigestClient({ username: 'J\u00e4s\u00f8n', password: 'lösenord' }), s2.challenge(T0));
  assert.equal(reason(s2.verify({ method: 'REGISTER', uri: URI, credentialsHeader: h2, lookupHA1, now: T0 })), 'unknown-user', 'no resolver: treated as unknown');
});

test('verifyAsync works with asynchronous stores', async () => {
  const s = server();
  const header = answer(new DigestClient({ username: '1001', password: 'hemligt-1001' }), s.challenge(T0));
  const out = await s.verifyAsync({
    method: 'REGISTER', uri: URI, credentialsHeader: header, now: T0,
    lookupHA1: async (u, r, a) => lookupHA1(u, r, a),
  });
  assert.deepEqual(out, { ok: true, user: '1001', algorithm: 'SHA-256', qop: 'auth' });
  const wrong = answer(new DigestClient({ username: '1001', password: 'fel' }), s.challenge(T0));
  const bad = await s.verifyAsync({ method: 'REGISTER', uri: URI, credentialsHeader: wrong, now: T0, lookupHA1: async (u, r, a) => lookupHA1(u, r, a) });
  assert.equal(reason(bad), 'bad-response');
});

test('replay memory is bounded: old nonces are forgotten and answered stale, never accepted again', () => {
  const s = server({ maxTrackedNonces: 10 });
  const headers: string[] = [];
  for (let k = 0; k < 50; k++) {
    const client = new DigestClient({ username: '1001', password: 'hemligt-1001' });
    const h = answer(client, s.challenge(T0 + k));
    headers.push(h);
    assert.equal(reason(s.verify({ method: 'REGISTER', uri: URI, credentialsHeader: h, lookupHA1, now: T0 + k })), 'ok');
    assert.ok(s.trackedNonces <= 10);
  }
  assert.equal(s.trackedNonces, 10);
  assert.equal(reason(s.verify({ method: 'REGISTER', uri: URI, credentialsHeader: headers[0] as string, lookupHA1, now: T0 + 60 })), 'stale');
  assert.equal(reason(s.verify({ method: 'REGISTER', uri: URI, credentialsHeader: headers[49] as string, lookupHA1, now: T0 + 60 })), 'replay');
});

test('misconfiguration throws a DomainError with Swedish text', () => {
  assert.throws(() => new DigestServer({ realm: REALM, secret: 'short' }), (e: unknown) => e instanceof DomainError && e.problems[0]?.code === 'sip.auth.config.secret');
  assert.throws(() => new DigestServer({ realm: 'a\r\nb', secret: SECRET }), DomainError);
  assert.throws(() => new DigestServer({ realm: REALM, secret: SECRET, algorithms: [] }), DomainError);
});
