// A short seeded fuzz run: mutated torture messages must give a message or a clean error,
// never an exception. bench/sip-fuzz.ts runs the same loop a million times.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { mutate, mutateOnce, MUTATIONS, SeededRandom } from './fuzz.js';
import { SipStreamFramer } from './framer.js';
import { readNameAddress } from './address.js';
import { SipRequest, SipResponse, type SipMessage, type TypedHeaderKey } from './message.js';
import { readUri } from './uri.js';
import { readVia } from './via.js';
import { parseMessage } from './parser.js';
import { serializeMessage } from './serializer.js';

const DIR = new URL('../../../test/fixtures/rfc4475/', import.meta.url);
const corpus = readdirSync(DIR)
  .filter((f) => f.endsWith('.dat'))
  .sort()
  .map((f) => readFileSync(new URL(f, DIR)));

const TYPED: TypedHeaderKey[] = ['via', 'from', 'to', 'call-id', 'cseq', 'max-forwards', 'contact', 'route', 'record-route', 'expires', 'content-type', 'allow', 'supported', 'require', 'event', 'refer-to', 'replaces'];

test('the mutator is deterministic for a seed and every mutation changes something sometimes', () => {
  const a = new SeededRandom(7);
  const b = new SeededRandom(7);
  for (let i = 0; i < 50; i++) assert.ok(mutate(a, corpus).equals(mutate(b, corpus)));
  const rng = new SeededRandom(1);
  const input = corpus[0] as Buffer;
  for (const kind of MUTATIONS) {
    let changed = false;
    for (let i = 0; i < 20 && !changed; i++) changed = !mutateOnce(rng, input, kind, corpus).equals(input);
    assert.ok(changed, kind);
  }
});

function rewriteTypedValues(m: SipMessage): void {
  const via = m.typed('via');
  if (via.ok) for (const v of via.value) assert.equal(typeof readVia(v.toString()), 'object', v.toString());
  for (const key of ['from', 'to', 'refer-to'] as const) {
    const a = m.typed(key);
    if (a.ok && a.value) assert.equal(typeof readNameAddress(a.value.toString()), 'object', a.value.toString());
  }
  for (const key of ['contact', 'route', 'record-route'] as const) {
    const list = m.typed(key);
    if (list.ok && list.value !== '*') for (const a of list.value) assert.equal(typeof readNameAddress(a.toString()), 'object', a.toString());
  }
  if (m.kind === 'request') assert.ok(readUri(m.uri.toString()), m.uri.toString());
}

test('20 000 mutated messages: no exception escapes, results are messages or clean errors', () => {
  const rng = new SeededRandom(20261122);
  let accepted = 0;
  let rejected = 0;
  for (let i = 0; i < 20_000; i++) {
    const input = mutate(rng, corpus);
    const r = parseMessage(input); // an exception here fails the test
    if (r.ok) {
      accepted++;
      assert.ok(r.value instanceof SipRequest || r.value instanceof SipResponse);
      for (const key of TYPED) {
        const t: { ok: boolean } = r.value.typed(key);
        assert.equal(typeof t.ok, 'boolean');
      }
      // typed values a proxy or registrar rewrites can always be written back
      rewriteTypedValues(r.value);
      // what we accept we can send on, and read back the same
      const again = parseMessage(serializeMessage(r.value));
      assert.ok(again.ok, `case ${i}: re-parse failed: ${again.ok ? '' : again.problems[0]?.en}`);
      assert.equal(again.value.kind, r.value.kind);
      assert.ok(again.value.body.equals(r.value.body));
    } else {
      rejected++;
      assert.ok(r.problems.length > 0);
      for (const p of r.problems) {
        assert.match(p.code, /^sip\./);
        assert.ok(p.sv.length > 0 && p.en.length > 0);
      }
      assert.ok([400, 505, 513].includes(r.status), String(r.status));
      assert.ok(Array.isArray(r.context.via));
    }
    // the same bytes in random chunks through the stream framer
    const framer = new SipStreamFramer();
    for (let at = 0; at < input.length; ) {
      const n = 1 + rng.below(300);
      for (const ev of framer.push(input.subarray(at, at + n))) assert.ok(['message', 'invalid', 'ping', 'pong', 'error'].includes(ev.type));
      at += n;
    }
  }
  assert.equal(accepted + rejected, 20_000);
  assert.ok(accepted > 1000, `some mutants are still valid (${accepted})`);
  assert.ok(rejected > 1000, `most mutants are rejected (${rejected})`);
});
