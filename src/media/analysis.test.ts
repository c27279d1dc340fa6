import { test } from 'node:test';
import assert from 'node:assert/strict';
import { correlationAt, rms, testSignal, tone, xcorr } from './analysis.js';
import { decode, encode } from './g711.js';

test('identical signals correlate 1 at lag 0; a gain does not change r', () => {
  const a = testSignal(500, 7);
  const half = Int16Array.from(a, (s) => s >> 1);
  assert.ok(Math.abs(correlationAt(a, a, 0) - 1) < 1e-12);
  assert.ok(correlationAt(a, half, 0) > 0.9999);
});

test('a delayed copy is found at its lag', () => {
  const a = testSignal(500, 3);
  const delayed = new Int16Array(a.length + 40);
  delayed.set(a, 40);
  const { atZero, best } = xcorr(a, delayed, { maxLag: 100 });
  assert.equal(best.lag, 40);
  assert.ok(best.r > 0.9999);
  assert.ok(atZero < 0.3, `lag 0 gives ${atZero}`);
});

test('different signals do not correlate; silence gives 0', () => {
  const r = correlationAt(testSignal(1000, 1), testSignal(1000, 2), 0);
  assert.ok(Math.abs(r) < 0.1, `r = ${r}`);
  assert.equal(correlationAt(testSignal(100), new Int16Array(800), 0), 0);
});

test('G.711 coding keeps r above 0.99 (what the RTP tests rely on)', () => {
  const a = testSignal(1000, 5);
  assert.ok(correlationAt(a, decode('PCMU', encode('PCMU', a)), 0) > 0.999);
  assert.ok(correlationAt(a, decode('PCMA', encode('PCMA', a)), 0) > 0.999);
});

test('rms and tone levels', () => {
  assert.ok(Math.abs(rms(tone(1000, 100, 10000)) - 10000 / Math.SQRT2) < 5);
  assert.equal(rms([]), 0);
  assert.equal(tone(440, 20).length, 160);
});
