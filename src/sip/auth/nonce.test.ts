import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NonceCountLedger, NonceIssuer } from './nonce.js';

function counterRandom(): (n: number) => Uint8Array {
  let i = 0;
  return (n) => new Uint8Array(n).fill(++i % 256);
}

const T0 = Date.UTC(2026, 10, 3, 8, 0, 0);

function issuer(realm = 'kommun.se', secret = 'sixteen-byte-key!'): NonceIssuer {
  return new NonceIssuer({ secret: Buffer.from(secret), realm, lifetimeMs: 300_000, clockSkewMs: 5000, randomBytes: counterRandom() });
}

test('a nonce is 48 base64url characters and is fresh until its lifetime has passed', () => {
  const n = issuer().mint(T0);
  assert.match(n, /^[A-Za-z0-9_-]{48}$/);
  const i = issuer();
  const nonce = i.mint(T0);
  assert.deepEqual(i.check(nonce, T0 + 299_999), { state: 'fresh', issuedAt: T0, expiresAt: T0 + 300_000 });
  assert.equal(i.check(nonce, T0 + 300_000).state, 'stale');
});

test('nonces are unique per call and carry their issue time', () => {
  const i = issuer();
  const a = i.mint(T0);
  const b = i.mint(T0);
  assert.notEqual(a, b);
  assert.equal(Buffer.from(a, 'base64url').readUIntBE(1, 6), T0);
});

test('a tampered nonce is invalid: any changed character, a changed time, another realm or secret', () => {
  const i = issuer();
  const nonce = i.mint(T0);
  for (let pos = 0; pos < nonce.length; pos++) {
    const c = nonce[pos] === 'A' ? 'B' : 'A';
    const tampered = nonce.slice(0, pos) + c + nonce.slice(pos + 1);
    assert.deepEqual(i.check(tampered, T0), { state: 'invalid' }, `position ${pos}`);
  }
  // Moving the time forward (to make an old nonce fresh) breaks the MAC.
  const buf = Buffer.from(nonce, 'base64url');
  buf.writeUIntBE(T0 + 600_000, 1, 6);
  assert.deepEqual(i.check(buf.toString('base64url'), T0 + 600_000), { state: 'invalid' });
  assert.deepEqual(issuer('annan.se').check(nonce, T0), { state: 'invalid' });
  assert.deepEqual(issuer('kommun.se', 'another-secret-key').check(nonce, T0), { state: 'invalid' });
  assert.deepEqual(i.check(`${nonce}=`, T0), { state: 'invalid' });
  assert.deepEqual(i.check('dcd98b7102dd2f0e8b11d0f600bfb0c093', T0), { state: 'invalid' });
});

test('a nonce from the future beyond the clock skew is invalid', () => {
  const i = issuer();
  assert.equal(i.check(i.mint(T0 + 5000), T0).state, 'fresh');
  assert.equal(i.check(i.mint(T0 + 5001), T0).state, 'invalid');
});

test('ledger: each (nonce, nc) is accepted once', () => {
  const ledger = new NonceCountLedger(100, 100, 60_000);
  const exp = T0 + 300_000;
  assert.equal(ledger.use('n1', T0, exp, 1, T0), 'ok');
  assert.equal(ledger.use('n1', T0, exp, 2, T0), 'ok');
  assert.equal(ledger.use('n1', T0, exp, 1, T0), 'replay');
  assert.equal(ledger.use('n2', T0, exp, 1, T0), 'ok');
});

test('ledger memory bound: evicted nonces are forgotten, never replayable', () => {
  const ledger = new NonceCountLedger(3, 100, 60_000);
  for (let k = 0; k < 10; k++) assert.equal(ledger.use(`n${k}`, T0 + k, T0 + k + 300_000, 1, T0 + k), 'ok');
  assert.equal(ledger.size, 3);
  assert.equal(ledger.use('n0', T0, T0 + 300_000, 1, T0 + 20), 'forgotten', 'replay of an evicted nonce');
  assert.equal(ledger.use('n0', T0, T0 + 300_000, 2, T0 + 20), 'forgotten');
  assert.equal(ledger.use('old-unused', T0 + 5, T0 + 300_005, 1, T0 + 20), 'forgotten', 'issued before the eviction mark');
  assert.equal(ledger.use('n9', T0 + 9, T0 + 300_009, 1, T0 + 20), 'replay');
  assert.equal(ledger.use('newer', T0 + 15, T0 + 300_015, 1, T0 + 20), 'ok');
});

test('ledger: counts per nonce are bounded too', () => {
  const ledger = new NonceCountLedger(10, 3, 60_000);
  for (let nc = 1; nc <= 3; nc++) assert.equal(ledger.use('n', T0, T0 + 300_000, nc, T0), 'ok');
  assert.equal(ledger.use('n', T0, T0 + 300_000, 4, T0), 'forgotten');
});

test('ledger: expired nonces are swept', () => {
  const ledger = new NonceCountLedger(100, 100, 60_000);
  ledger.use('a', T0, T0 + 300_000, 1, T0);
  ledger.use('b', T0 + 200_000, T0 + 500_000, 1, T0 + 200_000);
  assert.equal(ledger.size, 2);
  ledger.use('c', T0 + 400_000, T0 + 700_000, 1, T0 + 400_000);
  assert.equal(ledger.size, 2, '"a" expired and went');
  // A clock stepping back cannot make the swept nonce usable again.
  assert.equal(ledger.use('a', T0, T0 + 300_000, 1, T0 + 100), 'forgotten');
});
