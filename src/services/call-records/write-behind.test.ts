// The write-behind with a store that fails when told to: order per call, batching, retries,
// and that a failing call holds back only its own later writes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { WriteBehind } from './write-behind.js';

/** A stand-in for Kysely: transactions run the batch against the same fake. */
function fakeDb() {
  const fake = {
    applied: [] as string[],
    transactions: 0,
    down: false,
    transaction: () => ({
      execute: async (fn: (trx: unknown) => Promise<void>) => {
        fake.transactions++;
        const before = fake.applied.length;
        try {
          await fn(fake);
        } catch (err) {
          fake.applied.length = before; // rolled back
          throw err;
        }
      },
    }),
  };
  return fake;
}

const writeTo = (fake: ReturnType<typeof fakeDb>, what: string, fail: () => boolean = () => false) => async () => {
  if (fake.down || fail()) throw new Error(`refused ${what}`);
  fake.applied.push(what);
};

describe('write-behind', () => {
  it('answers at once, writes in one transaction per batch, in order', async () => {
    const fake = fakeDb();
    const w = new WriteBehind(() => fake as unknown as Kysely<Database>, () => undefined, { delayMs: 5 });
    for (let i = 0; i < 10; i++) w.enqueue(`c${i % 2}`, `w${i}`, writeTo(fake, `w${i}`));
    assert.equal(w.pending, 10);
    assert.deepEqual(fake.applied, []);
    await w.flush();
    assert.deepEqual(fake.applied, ['w0', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'w9']);
    assert.equal(fake.transactions, 1);
    assert.deepEqual(w.stats, { written: 10, dropped: 0, pending: 0 });
  });

  it('a write that fails holds back the later writes of its call, not of others; it is retried and succeeds', async () => {
    const fake = fakeDb();
    const logs: string[] = [];
    let failures = 2; // the batch, then the write on its own
    const w = new WriteBehind(() => fake as unknown as Kysely<Database>, (m) => logs.push(m), { delayMs: 1, retryMs: 1 });
    w.enqueue('a', 'a-begin', writeTo(fake, 'a-begin', () => failures-- > 0));
    w.enqueue('b', 'b-begin', writeTo(fake, 'b-begin'));
    w.enqueue('a', 'a-end', writeTo(fake, 'a-end'));
    w.enqueue('b', 'b-end', writeTo(fake, 'b-end'));
    await w.flush();
    assert.deepEqual(fake.applied, ['b-begin', 'b-end', 'a-begin', 'a-end'], "b's writes were not held up by a; a's stayed in order");
    assert.equal(logs.length, 1);
    assert.match(logs[0]!, /will retry: a-begin/);
    assert.deepEqual(w.stats, { written: 4, dropped: 0, pending: 0 });
  });

  it('with the store down, nothing is lost until the attempts run out; then each write is logged as dropped', async () => {
    const fake = fakeDb();
    const logs: string[] = [];
    const w = new WriteBehind(() => fake as unknown as Kysely<Database>, (m) => logs.push(m), { delayMs: 1, retryMs: 1, maxAttempts: 3 });
    // Down for the first batch and its writes one by one; back for the retry.
    let refusals = 3;
    const flaky = (what: string) => writeTo(fake, what, () => refusals-- > 0);
    w.enqueue('a', 'a-begin', flaky('a-begin'));
    w.enqueue('a', 'a-end', flaky('a-end'));
    await w.flush();
    assert.deepEqual(fake.applied, ['a-begin', 'a-end']);
    assert.equal(w.stats.dropped, 0);
    fake.down = true;
    w.enqueue('c', 'c-begin', writeTo(fake, 'c-begin'));
    await w.flush();
    assert.equal(w.stats.dropped, 1);
    assert.ok(logs.some((m) => m.includes('dropped after 3 attempts: c-begin')), logs.join('\n'));
  });
});
