import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { correlationAt, testSignal } from './analysis.js';
import { decode, encode } from './g711.js';
import { encodeWav, loadClip, readWav, wavHeader, type WavEncoding } from './wav.js';
import { repairWav, WavWriter, writeJsonAtomic } from './wav-writer.js';

const dir = await mkdtemp(join(tmpdir(), 'media-wav-'));
test.after(() => rm(dir, { recursive: true, force: true }));

function must<T>(r: { ok: true; value: T } | { ok: false; problems: { en: string }[] }): T {
  if (!r.ok) assert.fail(r.problems.map((p) => p.en).join('; '));
  return r.value;
}

const ENCODINGS: WavEncoding[] = ['pcm16', 'mulaw', 'alaw'];

test('encodeWav/readWav round trip in every encoding', () => {
  const pcm = testSignal(300, 9);
  for (const encoding of ENCODINGS) {
    const wav = must(readWav(encodeWav(pcm, { encoding })));
    assert.equal(wav.encoding, encoding);
    assert.equal(wav.sampleRate, 8000);
    assert.equal(wav.channels, 1);
    assert.equal(wav.samples.length, pcm.length);
    assert.equal(wav.truncated, false);
    if (encoding === 'pcm16') assert.deepEqual(wav.samples, pcm);
    else {
      const law = encoding === 'mulaw' ? 'PCMU' : 'PCMA';
      assert.deepEqual(wav.samples, decode(law, encode(law, pcm)));
      assert.deepEqual([...wav.data], [...encode(law, pcm)]);
    }
  }
});

test('G.711 WAV headers carry format tag 7/6, 8 bits and a fact chunk', () => {
  const h = wavHeader('mulaw', 8000, 1000);
  assert.equal(h.readUInt16LE(20), 7);
  assert.equal(h.readUInt16LE(34), 8);
  assert.equal(h.toString('latin1', 38, 42), 'fact');
  assert.equal(h.readUInt32LE(46), 1000);
  assert.equal(h.readUInt32LE(4), 58 - 8 + 1000);
  assert.equal(wavHeader('alaw', 8000, 0).readUInt16LE(20), 6);
  assert.equal(wavHeader('pcm16', 8000, 0).length, 44);
});

test('reader skips other chunks (odd sizes padded) and understands WAVE_FORMAT_EXTENSIBLE', () => {
  const pcm = Int16Array.from([1, -2, 300, -400]);
  const fmt = Buffer.alloc(40);
  fmt.writeUInt16LE(0xfffe, 0);
  fmt.writeUInt16LE(1, 2);
  fmt.writeUInt32LE(8000, 4);
  fmt.writeUInt32LE(16000, 8);
  fmt.writeUInt16LE(2, 12);
  fmt.writeUInt16LE(16, 14);
  fmt.writeUInt16LE(22, 16);
  fmt.writeUInt16LE(1, 24); // KSDATAFORMAT_SUBTYPE_PCM starts with 0x0001
  const data = Buffer.alloc(8);
  pcm.forEach((s, i) => data.writeInt16LE(s, i * 2));
  const list = Buffer.from('LIST\x03\x00\x00\x00abc\x00', 'latin1'); // odd size + pad byte
  const body = Buffer.concat([Buffer.from('WAVE'), Buffer.from('fmt '), u32(40), fmt, list, Buffer.from('data'), u32(8), data]);
  const file = Buffer.concat([Buffer.from('RIFF'), u32(body.length), body]);
  const wav = must(readWav(file));
  assert.deepEqual([...wav.samples], [1, -2, 300, -400]);
});

test('reader refuses what it cannot play, with Swedish text', () => {
  const bad = readWav(Buffer.from('not a wav at all'));
  assert.equal(bad.ok, false);
  if (!bad.ok) {
    assert.equal(bad.problems[0]!.code, 'media.wav.invalid');
    assert.match(bad.problems[0]!.sv, /WAV/);
  }
  const float = encodeWav(Int16Array.of(0));
  float.writeUInt16LE(3, 20); // IEEE float
  const r = readWav(float);
  assert.equal(r.ok ? '' : r.problems[0]!.code, 'media.wav.unsupported');
});

test('reader takes a truncated file for what it holds (0, too large or 0xFFFFFFFF data size)', () => {
  const file = encodeWav(testSignal(100));
  for (const size of [0, 0xffffffff, 99999]) {
    const copy = Buffer.from(file.subarray(0, file.length - 3)); // also cut a sample in half
    copy.writeUInt32LE(size, 40);
    const wav = must(readWav(copy));
    assert.equal(wav.truncated, true);
    assert.equal(wav.samples.length, 798); // 1597 bytes: 798 whole samples
  }
});

test('loadClip wants 8 kHz mono', async () => {
  const path = join(dir, 'clip16k.wav');
  await writeFile(path, encodeWav(testSignal(50), { sampleRate: 16000 }));
  const r = await loadClip(path);
  assert.equal(r.ok ? '' : r.problems[0]!.code, 'media.wav.not-8khz-mono');
  await writeFile(path, encodeWav(testSignal(50), { encoding: 'alaw' }));
  assert.equal(must(await loadClip(path)).length, 400);
});

test('WavWriter appends in chunks and keeps the header current', async () => {
  for (const encoding of ENCODINGS) {
    const path = join(dir, `inc-${encoding}.wav`);
    const w = await WavWriter.open(path, { encoding, flushBytes: 1000, headerIntervalMs: 60_000 });
    const pcm = testSignal(1000, 4);
    for (let i = 0; i < 50; i++) w.writeSamples(pcm.subarray(i * 160, (i + 1) * 160));
    await w.flush();
    const mid = must(readWav(await readFile(path)));
    assert.equal(mid.truncated, false, 'header agrees with the file after flush()');
    assert.equal(mid.samples.length, 8000);
    w.writeSilence(800);
    w.writeG711('PCMA', encode('PCMA', pcm.subarray(0, 160)));
    const summary = await w.close();
    assert.equal(summary.durationMs, 1120);
    const done = must(readWav(await readFile(path)));
    assert.equal(done.samples.length, 8960);
    assert.ok(done.samples.subarray(8000, 8800).every((s) => Math.abs(s) <= 8));
    assert.ok(correlationAt(pcm, done.samples.subarray(0, 8000), 0) > 0.999);
    assert.ok(correlationAt(pcm.subarray(0, 160), done.samples.subarray(8800), 0) > 0.99);
    assert.equal((await repairWav(path)).ok && must(await repairWav(path)).repaired, false, 'a closed file needs no repair');
  }
});

test('WavWriter pads an odd G.711 data chunk; repairWav leaves that alone', async () => {
  const path = join(dir, 'odd.wav');
  const w = await WavWriter.open(path, { encoding: 'mulaw' });
  w.writeSamples(testSignal(1, 1, 8000).subarray(0, 7));
  await w.close();
  assert.equal((await stat(path)).size, 58 + 8);
  assert.equal(must(readWav(await readFile(path))).samples.length, 7);
  assert.deepEqual(must(await repairWav(path)), { dataBytes: 7, repaired: false });
});

test('repairWav fixes sizes from the file length and cuts half a sample', async () => {
  const path = join(dir, 'broken.wav');
  const pcm = testSignal(500, 2);
  const file = Buffer.concat([encodeWav(pcm), Buffer.from([0x12])]);
  file.writeUInt32LE(0, 4);
  file.writeUInt32LE(0, 40);
  await writeFile(path, file);
  assert.deepEqual(must(await repairWav(path)), { dataBytes: 8000, repaired: true });
  const bytes = await readFile(path);
  assert.equal(bytes.length, 44 + 8000);
  assert.equal(bytes.readUInt32LE(4), 44 + 8000 - 8);
  assert.deepEqual(must(readWav(bytes)).samples, pcm);
  // G.711: the fact chunk's sample count is fixed too.
  const mu = encodeWav(pcm, { encoding: 'mulaw' });
  mu.writeUInt32LE(10, 54);
  mu.writeUInt32LE(10, 46);
  await writeFile(path, mu);
  assert.deepEqual(must(await repairWav(path)), { dataBytes: 4000, repaired: true });
  assert.equal((await readFile(path)).readUInt32LE(46), 4000);
});

test('repairWav trusts a data size followed by a LIST chunk, and refuses non-WAV files', async () => {
  const path = join(dir, 'list.wav');
  const list = Buffer.from('LIST\x04\x00\x00\x00INFO', 'latin1');
  const base = encodeWav(testSignal(100));
  const file = Buffer.concat([base, list]);
  file.writeUInt32LE(file.length - 8, 4);
  await writeFile(path, file);
  assert.deepEqual(must(await repairWav(path)), { dataBytes: 1600, repaired: false });
  await writeFile(path, 'hello');
  const r = await repairWav(path);
  assert.equal(r.ok ? '' : r.problems[0]!.code, 'media.wav.repair-failed');
  const missing = await repairWav(join(dir, 'nope.wav'));
  assert.equal(missing.ok, false);
});

test('writeJsonAtomic replaces the file whole and leaves no temporary file', async () => {
  const path = join(dir, 'meta.json');
  await writeJsonAtomic(path, { caller: '+46701234567', startedAt: '2026-11-02T08:00:00Z' });
  await writeJsonAtomic(path, { caller: '+46701234567', endedAt: '2026-11-02T08:01:00Z' });
  assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), { caller: '+46701234567', endedAt: '2026-11-02T08:01:00Z' });
  const { readdir } = await import('node:fs/promises');
  assert.deepEqual((await readdir(dir)).filter((f) => f.startsWith('meta.json')), ['meta.json']);
  await assert.rejects(writeJsonAtomic(join(dir, 'no-such-dir', 'x.json'), {}));
});

for (const encoding of ['pcm16', 'mulaw'] as const) {
  test(`a recording killed with SIGKILL mid-write is readable and holds what was written (${encoding})`, async () => {
    const path = join(dir, `killed-${encoding}.wav`);
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'crash-recorder.ts'), path, encoding], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const width = encoding === 'pcm16' ? 2 : 1;
    let last = { written: 0, header: 0, appended: 0 };
    // Kill once 1.5 s of audio are on file and the header has been updated at least once,
    // at a moment when more audio has been appended than the header counts.
    for await (const line of createInterface({ input: child.stdout! })) {
      last = JSON.parse(line) as typeof last;
      if (last.written >= 12000 * width && last.header > 0 && last.appended > last.header) break;
    }
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');

    const expected = testSignal(30_000, 42);
    const law = encoding === 'mulaw' ? 'PCMU' : undefined;
    const reference = law ? decode(law, encode(law, expected)) : expected;

    // Before repair: a valid WAV whose header counts at least what it counted when last seen.
    const before = must(readWav(await readFile(path)));
    assert.ok(before.declaredDataBytes >= last.header, `header ${before.declaredDataBytes} >= ${last.header}`);
    assert.ok(before.declaredDataBytes % width === 0);
    // After repair: everything whose write completed is there, sample for sample.
    const repaired = must(await repairWav(path));
    assert.ok(repaired.dataBytes >= last.written, `${repaired.dataBytes} >= ${last.written}`);
    const after = must(readWav(await readFile(path)));
    assert.equal(after.truncated, false);
    assert.equal(after.declaredDataBytes, repaired.dataBytes);
    assert.equal(after.samples.length, repaired.dataBytes / width);
    assert.deepEqual(after.samples, reference.subarray(0, after.samples.length));
  });
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
