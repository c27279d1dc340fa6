import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digitOfEvent, DtmfReceiver, dtmfSteps, eventOfDigit, isDtmfString, parseTelephoneEvent, writeTelephoneEvent, type DtmfDigit } from './dtmf.js';

const ev = (event: number, end: boolean, duration: number) => writeTelephoneEvent({ event, end, volume: 10, duration });

test('RFC 4733 payload round trip and event codes', () => {
  const b = writeTelephoneEvent({ event: 11, end: true, volume: 10, duration: 800 });
  assert.deepEqual([...b], [11, 0x8a, 0x03, 0x20]);
  assert.deepEqual(parseTelephoneEvent(b), { event: 11, end: true, volume: 10, duration: 800 });
  assert.equal(parseTelephoneEvent(Buffer.alloc(3)), undefined);
  assert.equal(digitOfEvent(10), '*');
  assert.equal(digitOfEvent(11), '#');
  assert.equal(digitOfEvent(16), undefined, 'flash is no digit');
  assert.equal(eventOfDigit('d'), 15);
  assert.equal(eventOfDigit('x'), undefined);
  assert.equal(isDtmfString('12*#'), true);
  assert.equal(isDtmfString('12 3'), false);
});

test('one digit per event: retransmitted end packets do not repeat it (RFC 4733 2.5.1.4)', () => {
  const got: DtmfDigit[] = [];
  const r = new DtmfReceiver((d) => got.push(d));
  r.push(1000, ev(5, false, 160), 0);
  r.push(1000, ev(5, false, 320), 20);
  r.push(1000, ev(5, true, 800), 80);
  r.push(1000, ev(5, true, 800), 100);
  r.push(1000, ev(5, true, 800), 120);
  assert.deepEqual(got, [{ digit: '5', durationMs: 100, volume: 10, endedBy: 'end' }]);
  assert.equal(r.pending, false);
});

test('the same key twice is two events (two timestamps)', () => {
  const got: string[] = [];
  const r = new DtmfReceiver((d) => got.push(d.digit));
  for (const ts of [1000, 3000]) {
    r.push(ts, ev(1, false, 160), ts);
    r.push(ts, ev(1, true, 640), ts + 60);
    r.push(ts, ev(1, true, 640), ts + 80);
  }
  assert.deepEqual(got, ['1', '1']);
});

test('lost end packets: a new event or a timeout ends the digit', () => {
  const got: DtmfDigit[] = [];
  const r = new DtmfReceiver((d) => got.push(d), { timeoutMs: 300 });
  r.push(1000, ev(2, false, 480), 0);
  r.push(2600, ev(3, false, 160), 200);
  assert.deepEqual(
    got.map((d) => [d.digit, d.endedBy, d.durationMs]),
    [['2', 'next-event', 60]],
  );
  r.push(1000, ev(2, true, 800), 210); // the late end of digit 2 changes nothing
  r.poll(400);
  assert.equal(got.length, 1, 'still within the timeout');
  r.poll(500);
  assert.deepEqual(
    got.map((d) => [d.digit, d.endedBy]),
    [
      ['2', 'next-event'],
      ['3', 'timeout'],
    ],
  );
});

test('an end packet alone (all updates lost) still gives the digit once', () => {
  const got: string[] = [];
  const r = new DtmfReceiver((d) => got.push(d.digit));
  r.push(500, ev(11, true, 800), 0);
  r.push(500, ev(11, true, 800), 20);
  assert.deepEqual(got, ['#']);
});

test('sender steps: updates, three end packets, pause; receiver gets the digits back', () => {
  const steps = [...dtmfSteps('1#', { toneMs: 100, gapMs: 40 })];
  // per digit: 5 tone packets (the 5th with E) + 2 retransmissions of the end + 2 pauses
  assert.equal(steps.length, 2 * (5 + 2 + 2));
  const first = steps.slice(0, 9).map((s) => (s.kind === 'event' ? [s.startsEvent, parseTelephoneEvent(s.payload)!.end, parseTelephoneEvent(s.payload)!.duration] : 'pause'));
  assert.deepEqual(first, [
    [true, false, 160],
    [false, false, 320],
    [false, false, 480],
    [false, false, 640],
    [false, true, 800],
    [false, true, 800],
    [false, true, 800],
    'pause',
    'pause',
  ]);
  const got: string[] = [];
  const r = new DtmfReceiver((d) => got.push(d.digit));
  let ts = 0;
  let eventTs = 0;
  for (const s of steps) {
    if (s.kind === 'event') {
      if (s.startsEvent) eventTs = ts;
      r.push(eventTs, s.payload, ts / 8);
    }
    ts += 160;
  }
  assert.deepEqual(got, ['1', '#']);
  assert.throws(() => [...dtmfSteps('1x')], RangeError);
});
