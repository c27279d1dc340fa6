// Unit tests of the web apps' logic (web/src/logic: no DOM, shared with the browser).
// They live here because web/ has its own tsconfig for the browser; these run under Node.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from '../../src/core/time.js';
import { valdemarsvik } from '../../src/core/policy/index.js';
import { clockText, quickEndTimes, restOfDay, reasonDefaultEnd, whenText, fromInputs } from '../../web/src/logic/time.js';
import { outOfOffice, signature } from '../../web/src/logic/mail.js';
import { formatIntervals, parseIntervals } from '../../web/src/logic/hours-text.js';
import { staffOf } from '../../web/src/logic/staff.js';
import { unitOptions } from '../../web/src/logic/org.js';
import { fromEvent, nextText, presenceText, targetText } from '../../web/src/logic/presence.js';
import { looksLikeWav, mixDown, secondsText, wavFromFloat } from '../../web/src/logic/wav.js';
import { readWav } from '../../src/media/wav.js';
import { LiveEvents, type SocketLike } from '../../web/src/logic/live.js';
import { featuresFrom, fill } from '../../web/src/logic/features.js';
import { foundText } from '../../web/src/logic/lang.js';
import { displayNumber } from '../../web/src/logic/numbers.js';

const at = (iso: string) => Temporal.Instant.from(iso);
const hours = valdemarsvik.workingHours; // 08:00–16:30, half days 08:00–12:00
const reasons = valdemarsvik.absenceReasons;

describe('end times for one-tap diversions', () => {
  test('"Möte till 14:30" is on offer at 10:00: half hours from 10:30 to the end of the working day', () => {
    const chips = quickEndTimes(at('2026-03-25T09:00:00Z'), hours).map((c) => c.label);
    assert.deepEqual(chips, ['10:30', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30']);
    const c1430 = quickEndTimes(at('2026-03-25T09:00:00Z'), hours).find((c) => c.label === '14:30')!;
    assert.equal(c1430.end.toString(), '2026-03-25T13:30:00Z');
  });

  test('the first chip is at least 15 minutes ahead (10:16 gives 11:00 first)', () => {
    assert.equal(quickEndTimes(at('2026-03-25T09:16:00Z'), hours)[0]!.label, '11:00');
    assert.equal(quickEndTimes(at('2026-03-25T09:15:00Z'), hours)[0]!.label, '10:30');
  });

  test('after working hours the chips run four hours ahead, across midnight', () => {
    const chips = quickEndTimes(at('2026-03-25T21:40:00Z'), hours).map((c) => c.label);
    // 22:40 in Stockholm: from 23:00 up to 02:40 (four hours on).
    assert.deepEqual(chips, ['23:00', '23:30', '00:00', '00:30', '01:00', '01:30', '02:00', '02:30']);
  });

  test('"resten av dagen" ends at closing time, on a half day at 12:00 (skärtorsdagen 2026)', () => {
    assert.equal(clockText(restOfDay(at('2026-03-25T09:00:00Z'), hours)), '16:30');
    assert.equal(restOfDay(at('2026-04-02T07:30:00Z'), hours).toString(), '2026-04-02T10:00:00Z');
  });

  test('lunch defaults to 1 h; "Gått för dagen" to the next working morning (over Easter)', () => {
    const lunch = reasons.find((r) => r.code === 'lunch')!;
    assert.equal(reasonDefaultEnd(lunch, at('2026-03-25T10:05:00Z'), hours)!.toString(), '2026-03-25T11:05:00Z');
    const gone = reasons.find((r) => r.code === 'gone-for-day')!;
    // Thursday 2 April 2026 -> Långfredag, påskafton, påskdagen, annandag påsk -> Tuesday 7 April 08:00 CEST.
    assert.equal(reasonDefaultEnd(gone, at('2026-04-02T12:00:00Z'), hours)!.toString(), '2026-04-07T06:00:00Z');
    const leave = reasons.find((r) => r.code === 'leave')!;
    assert.equal(reasonDefaultEnd(leave, at('2026-03-25T09:00:00Z'), hours), null);
  });

  test('times are Stockholm wall-clock times, also across the DST change', () => {
    const now = at('2026-03-28T10:00:00Z'); // Saturday before the change
    assert.equal(whenText('2026-03-29T07:00:00Z', now, 'sv'), 'i morgon 09:00'); // CEST from 02:00 on the 29th
    assert.equal(whenText('2026-03-27T07:00:00Z', now, 'en'), 'yesterday 08:00');
    assert.equal(whenText('2026-04-03T06:00:00Z', now, 'sv'), 'fredag 3 april 08:00');
    assert.equal(fromInputs('2026-03-29', '02:30')!.toString(), '2026-03-29T01:30:00Z'); // the gap moves forward
    assert.equal(fromInputs('2026-03-29', '25:00'), null);
  });
});

describe('e-mail texts', () => {
  const anna = {
    name: 'Anna Berg', title: 'Bygglovshandläggare',
    unitPath: [{ name: 'Samhällsbyggnadsförvaltningen' }, { name: 'Bygglovsenheten' }],
    numbers: [{ kind: 'extension' as const, display: '2345' }, { kind: 'direct' as const, display: '08-465 004 12' }],
    email: 'anna.berg@valdemarsvik.example',
  };

  test('P-MAIL-1: the signature has title, phone number and e-mail address from the directory', () => {
    assert.equal(signature(anna, 'Valdemarsviks kommun', '08-465 004 00', 'sv'), [
      'Anna Berg', 'Bygglovshandläggare', 'Bygglovsenheten, Samhällsbyggnadsförvaltningen', 'Valdemarsviks kommun', '',
      'Telefon: 08-465 004 12', 'Växel: 08-465 004 00', 'E-post: anna.berg@valdemarsvik.example',
    ].join('\n'));
  });

  test('P-MAIL-1: without a direct number, the switchboard and the extension', () => {
    const s = signature({ ...anna, numbers: [{ kind: 'extension', display: '2345' }] }, 'Valdemarsviks kommun', '08-465 004 00', 'en');
    assert.match(s, /^Phone: 08-465 004 00 \(switchboard\), ext\. 2345$/m);
  });

  test('P-MAIL-2: the out-of-office says when you are back and refers to the reception', () => {
    const text = outOfOffice({
      name: 'Anna Berg', reason: reasons.find((r) => r.code === 'vacation')!, returnsAt: '2026-04-07T06:00:00Z',
      reception: { name: 'Expeditionen', number: '08-465 004 20' }, switchboard: '08-465 004 00', now: at('2026-03-25T09:00:00Z'),
    }, 'sv');
    assert.equal(text.split('\n')[0], 'Tack för ditt mejl. Jag är på semester och åter tisdag 7 april kl. 08:00.');
    assert.match(text, /Under tiden kan du vända dig till Expeditionen på telefon 08-465 004 20\./);
    assert.match(text, /kommunens växel på 08-465 004 00/);
  });

  test('P-MAIL-2: with no reception, the switchboard is the referral', () => {
    const text = outOfOffice({
      name: 'Anna Berg', reason: reasons.find((r) => r.code === 'leave')!, returnsAt: '2027-01-04T07:00:00Z',
      reception: null, switchboard: '08-465 004 00', now: at('2026-12-20T09:00:00Z'),
    }, 'en');
    assert.match(text, /I am on leave and back on Monday 4 January 2027 at 08:00\./);
    assert.match(text, /Meanwhile, you can reach the switchboard on 08-465 004 00\./);
  });
});

describe('hours typed as text', () => {
  test('lunch closure, short forms, dots and dashes', () => {
    assert.deepEqual(parseIntervals('08:00-12:00, 13:00–16:00'), { ok: true, intervals: [{ from: '08:00', to: '12:00' }, { from: '13:00', to: '16:00' }] });
    assert.deepEqual(parseIntervals('8-16.30'), { ok: true, intervals: [{ from: '08:00', to: '16:30' }] });
    assert.deepEqual(parseIntervals('20-24'), { ok: true, intervals: [{ from: '20:00', to: '24:00' }] });
    assert.deepEqual(parseIntervals(''), { ok: true, intervals: [] });
  });
  test('what cannot be read is named', () => {
    assert.deepEqual(parseIntervals('08:00-12:00, lunch'), { ok: false, part: 'lunch' });
    assert.deepEqual(parseIntervals('16-08'), { ok: false, part: '16-08' });
    assert.deepEqual(parseIntervals('08:00-25:00'), { ok: false, part: '08:00-25:00' });
    assert.equal(formatIntervals([{ from: '08:00', to: '12:00' }, { from: '13:00', to: '16:00' }]), '08:00–12:00, 13:00–16:00');
  });
});

describe('organisation', () => {
  test('a manager\'s staff is everyone below them in the chain, and a loop ends the walk', () => {
    const people = [
      { id: 'chef', managerId: null }, { id: 'mellan', managerId: 'chef' }, { id: 'anna', managerId: 'mellan' },
      { id: 'erik', managerId: null }, { id: 'x', managerId: 'y' }, { id: 'y', managerId: 'x' },
    ];
    assert.deepEqual(staffOf(people, 'chef').map((p) => p.id), ['mellan', 'anna']);
    assert.deepEqual(staffOf(people, 'mellan').map((p) => p.id), ['anna']);
    assert.deepEqual(staffOf(people, 'x').map((p) => p.id), ['y']);
  });

  test('units as a tree in Swedish order; an unknown parent makes a root', () => {
    const opts = unitOptions([
      { id: 'u2', name: 'Äldreomsorg', parentId: 'f' }, { id: 'f', name: 'Socialförvaltningen', parentId: null },
      { id: 'u1', name: 'Individ och familj', parentId: 'f' }, { id: 'o', name: 'Överförmyndaren', parentId: 'gone' },
    ]);
    assert.deepEqual(opts.map((o) => [o.id, o.depth]), [['f', 0], ['u1', 1], ['u2', 1], ['o', 0]]);
  });
});

describe('presence as lists show it', () => {
  test('P-SWB-4: the reason comes with its return time; the event form reads the same', () => {
    const v = fromEvent({ available: false, reason: 'meeting', returnsAt: '2026-03-25T13:30:00Z', target: { kind: 'voicemail' }, nextAbsence: null });
    assert.equal(presenceText(v, reasons, at('2026-03-25T09:00:00Z'), 'sv'), 'Möte – åter i dag 14:30');
    assert.equal(presenceText(v, reasons, at('2026-03-25T09:00:00Z'), 'en'), 'Meeting – back today 14:30');
    assert.equal(presenceText(fromEvent({ available: true }), reasons, at('2026-03-25T09:00:00Z'), 'sv'), 'Tillgänglig');
    assert.equal(targetText({ kind: 'function', functionId: 'f' }, 'sv', { fn: () => 'Bygglov' }), 'Bygglov');
  });

  test('the next planned absence with its end: a time the same day, a date otherwise', () => {
    const now = at('2026-03-25T09:00:00Z');
    const lunch = fromEvent({ available: true, nextAbsence: { reason: 'lunch', start: '2026-03-25T11:00:00Z', end: '2026-03-25T12:00:00Z' } });
    assert.equal(nextText(lunch, reasons, now, 'sv'), 'Nästa: Lunch i dag 12:00–13:00');
    const vacation = fromEvent({ available: true, nextAbsence: { reason: 'vacation', start: '2026-03-25T23:00:00Z', end: '2026-04-07T06:00:00Z' } });
    assert.equal(nextText(vacation, reasons, now, 'en'), 'Next: On vacation tomorrow 00:00 – Tuesday 7 April 08:00');
  });
});

describe('the optional parts of the API, from its OpenAPI document', () => {
  test('routes are found by method and pattern, and paths filled in', () => {
    const f = featuresFrom({ paths: { '/api/voicemail/messages': { get: {} }, '/api/voicemail/messages/{id}/audio': { get: {} }, '/api/voicemail/greeting': { get: {}, put: {} } } });
    assert.equal(f.find('get', /audio$/), '/api/voicemail/messages/{id}/audio');
    assert.equal(f.has('put', '/api/voicemail/greeting'), true);
    assert.equal(f.has('delete', '/api/voicemail/greeting'), false);
    assert.equal(fill('/api/voicemail/messages/{id}/audio', { id: 'a b' }), '/api/voicemail/messages/a%20b/audio');
  });
});

/** A socket the test drives by hand. */
class FakeSocket implements SocketLike {
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  close() {
    this.closed = true;
    this.onclose?.({});
  }
  send(o: unknown) {
    this.onmessage?.({ data: JSON.stringify(o) });
  }
}

function harness() {
  const sockets: FakeSocket[] = [];
  const timers: (() => void)[] = [];
  const live = new LiveEvents({
    connect: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    setTimer: (fn) => timers.push(fn),
    clearTimer: () => undefined,
  });
  const seen: string[] = [];
  let resyncs = 0;
  live.subscribe((e) => seen.push(`${e.type}#${e.seq}`));
  live.onResync(() => resyncs++);
  return { live, sockets, timers, seen, resyncs: () => resyncs };
}

describe('the live event stream', () => {
  test('after a drop it reconnects with ?since=<last seq> and delivers what was replayed, once', () => {
    const h = harness();
    h.live.start();
    const first = h.sockets[0]!;
    assert.equal(first.url, '/api/events');
    first.onopen?.({});
    first.send({ type: 'hello', seq: 40 });
    first.send({ type: 'presence.changed', seq: 41, personId: 'a' });
    first.close();
    assert.equal(h.live.state, 'reconnecting');
    h.timers.shift()!();
    const second = h.sockets[1]!;
    assert.equal(second.url, '/api/events?since=41');
    second.onopen?.({});
    second.send({ type: 'presence.changed', seq: 42, personId: 'a' });
    assert.deepEqual(h.seen, ['presence.changed#41', 'presence.changed#42']);
    assert.equal(h.resyncs(), 0);
    assert.equal(h.live.state, 'open');
  });

  test('a resync makes views reload; a restarted server (numbers from 1 again) does too', () => {
    const h = harness();
    h.live.start();
    const s = h.sockets[0]!;
    s.send({ type: 'hello', seq: 500 });
    s.send({ type: 'resync', seq: 900 });
    assert.equal(h.resyncs(), 1);
    assert.equal(h.live.lastSeq, 900);
    s.send({ type: 'callback.created', seq: 3 });
    assert.equal(h.resyncs(), 2);
    assert.deepEqual(h.seen, ['callback.created#3']);
    assert.equal(h.live.lastSeq, 3);
  });

  test('stop closes the socket and never reconnects', () => {
    const h = harness();
    h.live.start();
    h.live.stop();
    assert.equal(h.sockets[0]!.closed, true);
    assert.equal(h.timers.length, 0);
    assert.equal(h.live.state, 'stopped');
  });
});

describe('WAV made in the browser (admin prompts: an MP3 or a microphone recording decoded by the browser)', () => {
  test('wavFromFloat writes 16-bit mono PCM that the server reads back sample for sample', () => {
    const samples = Float32Array.from([0, 0.5, -0.5, 1, -1, 2, -2]);
    const wav = wavFromFloat(samples, 16_000);
    assert.ok(looksLikeWav(wav));
    const read = readWav(wav);
    assert.ok(read.ok);
    assert.deepEqual([read.value.sampleRate, read.value.channels, read.value.encoding], [16_000, 1, 'pcm16']);
    assert.deepEqual([...read.value.samples], [0, 16384, -16384, 32767, -32768, 32767, -32768], 'clipped beyond full scale');
  });

  test('mixDown averages the channels; looksLikeWav tells a WAV from an MP3; seconds in Swedish', () => {
    assert.deepEqual([...mixDown([Float32Array.from([1, 0.5]), Float32Array.from([0, -0.5])])], [0.5, 0]);
    assert.equal(looksLikeWav(new TextEncoder().encode('ID3\u0003 mp3 here')), false);
    assert.equal(secondsText(1340, 'sv'), '1,3 s');
    assert.equal(secondsText(1340, 'en'), '1.3 s');
  });
});

describe('texts with numbers', () => {
  test('a search\'s count in singular or plural, in either language', () => {
    assert.equal(foundText('sv', 2, 1), '2 personer och 1 funktion');
    assert.equal(foundText('sv', 1, 0), '1 person och 0 funktioner');
    assert.equal(foundText('en', 1, 2), '1 person and 2 functions');
    assert.equal(foundText('en', 3, 1), '3 people and 1 function');
  });

  test('phone numbers as Swedes read them; extensions and anonymous callers as they are', () => {
    assert.equal(displayNumber('+46701740610'), '070-174 06 10');
    assert.equal(displayNumber('+46846500400'), '08-465 004 00');
    assert.equal(displayNumber('+442079460958'), '+44 20 7946 0958', 'other countries in international form');
    assert.equal(displayNumber('2004'), '2004');
    assert.equal(displayNumber('anonymous'), 'anonymous');
  });
});
