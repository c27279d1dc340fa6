import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  alawDecodeSample,
  alawEncodeSample,
  decode,
  encode,
  mulawDecodeSample,
  mulawEncodeSample,
  SILENCE,
  transcode,
} from './g711.js';

test('µ-law known code words (G.711 Table 2a, inverted on the wire)', () => {
  assert.equal(mulawEncodeSample(0), 0xff);
  assert.equal(mulawEncodeSample(-1), 0x7f);
  assert.equal(mulawEncodeSample(32767), 0x80);
  assert.equal(mulawEncodeSample(-32768), 0x00);
  assert.equal(mulawDecodeSample(0xff), 0);
  assert.equal(mulawDecodeSample(0x7f), 0);
  assert.equal(mulawDecodeSample(0x80), 32124);
  assert.equal(mulawDecodeSample(0x00), -32124);
  // Segment 0 steps by 8 around zero; 0xfe is the smallest positive value.
  assert.equal(mulawDecodeSample(0xfe), 8);
  assert.equal(mulawDecodeSample(0x7e), -8);
  assert.equal(mulawEncodeSample(1000), 0xce);
  assert.equal(mulawDecodeSample(0xce), 988); // segment 3: steps of 64, 1000 lies in [956, 1020]
});

test('A-law known code words (G.711 Table 1a, even bits inverted)', () => {
  assert.equal(alawEncodeSample(0), 0xd5);
  assert.equal(alawEncodeSample(-1), 0x55);
  assert.equal(alawEncodeSample(32767), 0xaa);
  assert.equal(alawEncodeSample(-32768), 0x2a);
  assert.equal(alawDecodeSample(0xd5), 8);
  assert.equal(alawDecodeSample(0x55), -8);
  assert.equal(alawDecodeSample(0xaa), 32256);
  assert.equal(alawDecodeSample(0x2a), -32256);
  assert.equal(alawEncodeSample(1000), 0xfa);
  assert.equal(alawDecodeSample(0xfa), 1008);
});

test('every code word survives decode then encode (µ-law except negative zero 0x7f)', () => {
  for (let c = 0; c < 256; c++) {
    assert.equal(alawEncodeSample(alawDecodeSample(c)), c, `A-law ${c}`);
    if (c !== 0x7f) assert.equal(mulawEncodeSample(mulawDecodeSample(c)), c, `µ-law ${c}`);
  }
  assert.equal(mulawEncodeSample(mulawDecodeSample(0x7f)), 0xff);
});

test('quantisation error stays within half a step of the segment for all 65536 samples', () => {
  for (let s = -32768; s <= 32767; s++) {
    const mu = mulawDecodeSample(mulawEncodeSample(s));
    const a = alawDecodeSample(alawEncodeSample(s));
    // Largest step is 1024 (µ-law segment 7) and 1024 (A-law segment 7); near zero steps are 8 and 16.
    const muStep = Math.abs(s) < 100 ? 8 : 1024;
    const aStep = Math.abs(s) < 100 ? 16 : 1024;
    assert.ok(Math.abs(mu - s) <= muStep / 2 + 1 || Math.abs(s) > 32124, `µ-law ${s} -> ${mu}`);
    assert.ok(Math.abs(a - s) <= aStep / 2 + 1 || Math.abs(s) > 32256, `A-law ${s} -> ${a}`);
  }
});

test('encoding is monotonic: a louder sample never decodes quieter', () => {
  let prevMu = -Infinity;
  let prevA = -Infinity;
  for (let s = -32768; s <= 32767; s++) {
    const mu = mulawDecodeSample(mulawEncodeSample(s));
    const a = alawDecodeSample(alawEncodeSample(s));
    assert.ok(mu >= prevMu && a >= prevA, `at ${s}`);
    prevMu = mu;
    prevA = a;
  }
});

test('buffer encode/decode and silence words', () => {
  const pcm = Int16Array.from([0, 1000, -1000, 32767, -32768]);
  assert.deepEqual([...encode('PCMU', pcm)], [0xff, 0xce, 0x4e, 0x80, 0x00]);
  assert.deepEqual([...decode('PCMA', encode('PCMA', pcm))], [8, 1008, -1008, 32256, -32256]);
  assert.equal(mulawDecodeSample(SILENCE.PCMU), 0);
  assert.equal(Math.abs(alawDecodeSample(SILENCE.PCMA)), 8);
});

test('transcoding µ-law <-> A-law keeps the level within one step', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const a = transcode('PCMU', 'PCMA', all);
  for (let c = 0; c < 256; c++) {
    const before = mulawDecodeSample(c);
    const after = alawDecodeSample(a[c]!);
    assert.ok(Math.abs(before - after) <= Math.max(16, Math.abs(before) / 16), `µ ${c}: ${before} -> ${after}`);
  }
  const back = transcode('PCMA', 'PCMU', transcode('PCMU', 'PCMA', all));
  let same = 0;
  for (let c = 0; c < 256; c++) if (back[c] === all[c]) same++;
  assert.ok(same > 200, `${same} of 256 µ-law words unchanged after a round trip through A-law`);
  assert.deepEqual([...transcode('PCMA', 'PCMA', Uint8Array.of(1, 2))], [1, 2]);
});
