// The shipped clips against their list: every clip is there, rendered from its current text,
// in the format the media layer plays; and every clip a sentence plan names exists.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { atStockholm, plainDate, Temporal, type IsoWeekday } from '../core/time.js';
import { standardAbsenceReasons, valdemarsvik } from '../core/policy/index.js';
import { CLIPS, clipFileName, isClipId } from './clips.js';
import { SHIPPED_CLIPS_DIR, readManifest, staleClips } from './manifest.js';
import * as say from './say.js';
import { isNameClip, type Plan } from './say.js';
import { promptSamples } from './testing.js';

describe('the clip list and the shipped WAVs', () => {
  it('clip ids are lower-case ASCII, safe as file names', () => {
    for (const id of CLIPS.keys()) assert.match(id, /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/, id);
  });

  it('every clip is 8 kHz mono 16-bit PCM by its RIFF header, and not empty', () => {
    for (const id of CLIPS.keys()) {
      const bytes = readFileSync(path.join(SHIPPED_CLIPS_DIR, clipFileName(id)));
      assert.equal(bytes.toString('latin1', 0, 4), 'RIFF', id);
      assert.equal(bytes.toString('latin1', 8, 16), 'WAVEfmt ', id);
      assert.equal(bytes.readUInt16LE(20), 1, `${id}: PCM`);
      assert.equal(bytes.readUInt16LE(22), 1, `${id}: mono`);
      assert.equal(bytes.readUInt32LE(24), 8000, `${id}: 8 kHz`);
      assert.equal(bytes.readUInt16LE(34), 16, `${id}: 16 bits`);
      assert.ok(promptSamples(bytes).length > 0, id);
    }
  });

  it('the manifest matches the list (run `npm run render-prompts` when this fails)', async () => {
    const manifest = await readManifest();
    assert.deepEqual(staleClips(manifest), []);
    // The manifest's length is the file's length: the WAV is the one that was rendered.
    for (const id of CLIPS.keys()) {
      const samples = promptSamples(readFileSync(path.join(SHIPPED_CLIPS_DIR, clipFileName(id))));
      assert.equal(Math.round(samples.length / 8), manifest.clips[id]?.ms, id);
    }
  });

  it('the folder holds nothing but the listed clips, under 5 MB in all', () => {
    const files = readdirSync(SHIPPED_CLIPS_DIR);
    assert.deepEqual(files.filter((f) => !(f.endsWith('.wav') && isClipId(f.slice(0, -4)))), []);
    assert.equal(files.length, CLIPS.size);
    const bytes = files.reduce((sum, f) => sum + statSync(path.join(SHIPPED_CLIPS_DIR, f)).size, 0);
    assert.ok(bytes < 5 * 1024 * 1024, `${bytes} bytes`);
  });

  it('speech is trimmed: neither end of a clip starts with 50 ms of silence', () => {
    for (const [id, source] of CLIPS) {
      if (source.kind !== 'speech') continue;
      const samples = promptSamples(readFileSync(path.join(SHIPPED_CLIPS_DIR, clipFileName(id))));
      const quiet = (s: Int16Array) => s.every((x) => Math.abs(x) < 100);
      assert.equal(quiet(samples.subarray(0, 400)), false, `${id} starts silent`);
      assert.equal(quiet(samples.subarray(samples.length - 400)), false, `${id} ends silent`);
    }
  });

  it('the beep is 300 ms and the silences are silent', () => {
    const samples = (id: string) => promptSamples(readFileSync(path.join(SHIPPED_CLIPS_DIR, `${id}.wav`)));
    assert.equal(samples('tone.beep').length, 2400);
    assert.ok(samples('tone.beep').some((x) => Math.abs(x) > 5000));
    assert.equal(samples('silence.500').length, 4000);
    assert.ok(samples('silence.500').every((x) => x === 0));
  });
});

describe('every clip a sentence plan names exists', () => {
  function* plans(): Generator<Plan> {
    for (let n = 0; n <= 2100; n++) {
      yield say.sayNumber(n);
      yield say.sayNumber(n, 'common');
    }
    for (const n of [9999, 10_000, 12_345, 100_000, 999_999]) yield say.sayNumber(n);
    for (let m = 0; m < 24 * 60; m++) yield say.sayClockTime(Temporal.PlainTime.from({ hour: Math.floor(m / 60), minute: m % 60 }));
    const start = plainDate('2026-01-01');
    for (let i = -400; i <= 800; i++) yield say.sayDate(start.add({ days: i }), start);
    for (let w = 1; w <= 7; w++) yield [say.sayWeekday(w as IsoWeekday)];
    const now = atStockholm(start, '10:00');
    for (const reason of [...standardAbsenceReasons().map((r) => r.code), 'other']) {
      yield say.sayAbsence({ who: { extension: '2311' }, reason, returnsAt: atStockholm(start, '14:30'), now });
      yield say.sayDiversionSet({ reason, returnsAt: atStockholm(start.add({ days: 1 }), '00:00'), now });
    }
    yield say.sayReasonMenu(standardAbsenceReasons());
    for (const t of ['switchboard', 'reception', 'voicemail', 'colleague'] as const) yield say.sayConnectingTo(t);
    yield say.sayVoicemailGreeting({});
    for (const [a, b] of [[0, 0], [1, 1], [5, 2]] as const) yield say.sayMessageCount(a, b);
    yield say.sayMessageHeader({ index: 3, receivedAt: now, now, from: { number: '+442079460958' } });
    yield say.sayMessageHeader({ index: 3, receivedAt: now, now, from: {} });
    yield say.sayCallBackBy(now, now);
    yield say.sayOutsidePhoneHours(atStockholm(start.add({ days: 1 }), '09:00'), now);
    for (let i = 0; i < 14; i++) {
      const when = atStockholm(start.add({ days: i }), '12:30');
      yield say.sayAnsweringMachine({ settings: valdemarsvik.switchboardHours, now: when, onCall: [{ number: '+46701740605' }] });
    }
    yield say.sayOpeningHours({ ...valdemarsvik.switchboardHours, weekly: { 6: [{ from: '00:00', to: '24:00' }], 7: [{ from: '10:00', to: '24:00' }] } }, now);
    for (let n = 1; n <= 30; n++) {
      yield say.sayQueuePosition(n);
      yield say.sayWaitEstimate(n * 30);
    }
    for (const r of ['premium-rate', 'directory', 'international', 'external-forward', 'not-allowed'] as const) yield say.sayRefusal(r);
  }

  it('each item of each plan is a listed clip (or a name clip)', () => {
    const used = new Set<string>();
    for (const plan of plans()) {
      for (const item of plan) {
        assert.ok(isClipId(item) || isNameClip(item), `unknown clip ${item}`);
        used.add(item);
      }
    }
    // The sweep reaches every number word, weekday, month and ordinal.
    const groups = ['num.', 'weekday.', 'month.', 'ordinal.', 'reason.', 'label.', 'day.', 'time.', 'out.'];
    const unused = [...CLIPS.keys()].filter((id) => groups.some((g) => id.startsWith(g)) && !used.has(id));
    assert.deepEqual(unused, []);
  });
});
