// Keys from a real phone session (RFC 4733 over 127.0.0.1) read by collectDigits/DigitReader.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RtpSession } from '../../media/index.js';
import { delay, openPair, testPortPool } from '../../media/testing.js';
import { collectDigits, DigitReader } from './digits.js';

const pool = testPortPool();
const sessions: RtpSession[] = [];
after(() => Promise.all(sessions.map((s) => s.close())));

async function pair(): Promise<[RtpSession, RtpSession]> {
  const p = await openPair(pool);
  sessions.push(...p);
  return p;
}

test('collectDigits: the terminator ends the entry and is not part of it', async () => {
  const [ivr, phone] = await pair();
  const entry = collectDigits(ivr, { max: 8, terminator: '#', timeoutMs: 2000 });
  await phone.sendDigits('12#');
  assert.deepEqual(await entry, { digits: '12', ended: 'terminator' });
});

test('collectDigits: the entry is complete at its length', async () => {
  const [ivr, phone] = await pair();
  const entry = collectDigits(ivr, { max: 4, terminator: '#', timeoutMs: 2000 });
  await phone.sendDigits('20035');
  assert.deepEqual(await entry, { digits: '2003', ended: 'max' });
});

test('collectDigits: bounded waits, for the first key and between keys', async () => {
  const [ivr, phone] = await pair();
  let started = Date.now();
  assert.deepEqual(await collectDigits(ivr, { max: 4, timeoutMs: 300 }), { digits: '', ended: 'timeout' });
  const waited = Date.now() - started;
  assert.ok(waited >= 290 && waited < 600, `no key: waited ${waited} ms`);
  started = Date.now();
  const entry = collectDigits(ivr, { max: 4, timeoutMs: 2000, interDigitMs: 400 });
  await phone.sendDigits('5');
  assert.deepEqual(await entry, { digits: '5', ended: 'timeout' });
  assert.ok(Date.now() - started < 1500, 'the pause after a key is the inter-digit wait, not the first one');
});

test('collectDigits: a hang-up ends the wait at once', async () => {
  const [ivr] = await pair();
  const hangup = new AbortController();
  const entry = collectDigits(ivr, { max: 4, timeoutMs: 10_000, signal: hangup.signal });
  await delay(50);
  const at = Date.now();
  hangup.abort();
  assert.deepEqual(await entry, { digits: '', ended: 'aborted' });
  assert.ok(Date.now() - at < 50);
  assert.deepEqual(await collectDigits(ivr, { max: 4, timeoutMs: 10_000, signal: hangup.signal }), { digits: '', ended: 'aborted' }, 'already hung up');
});

test('DigitReader: keys pressed ahead are kept for the next entry (barge-in), until flushed', async () => {
  const [ivr, phone] = await pair();
  const reader = new DigitReader(ivr);
  await phone.sendDigits('42');
  await delay(60);
  assert.equal(reader.pending, 2);
  assert.deepEqual(await reader.collect({ max: 2, timeoutMs: 100 }), { digits: '42', ended: 'max' });
  await phone.sendDigits('9');
  await delay(60);
  reader.flush();
  assert.deepEqual(await reader.collect({ max: 2, timeoutMs: 100 }), { digits: '', ended: 'timeout' });
  reader.close();
  await phone.sendDigits('1');
  await delay(60);
  assert.equal(reader.pending, 0, 'a closed reader hears nothing');
});

test('DigitReader: "2003#" after an entry of four keys that asked for # leaves the next entry whole', async () => {
  const [ivr, phone] = await pair();
  const reader = new DigitReader(ivr);
  const entry = { max: 4, terminator: '#', trailingTerminator: true, timeoutMs: 2000, interDigitMs: 1000 };
  const extension = reader.collect(entry);
  await phone.sendDigits('2003#4711#');
  assert.deepEqual(await extension, { digits: '2003', ended: 'max' });
  assert.deepEqual(await reader.collect({ ...entry, max: 8 }), { digits: '4711', ended: 'terminator' });
  // Without the option (the date after a time: "tryck fyrkant för i dag"), '#' is the next answer.
  const time = reader.collect({ max: 4, terminator: '#', timeoutMs: 2000 });
  await phone.sendDigits('1430#');
  assert.deepEqual(await time, { digits: '1430', ended: 'max' });
  assert.deepEqual(await reader.collect({ max: 4, terminator: '#', timeoutMs: 2000 }), { digits: '', ended: 'terminator' });
  reader.close();
});
