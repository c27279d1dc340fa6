import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { instant, plainDate, type Instant } from '../time.js';
import { occurrencesBetween } from './occurrences.js';
import { CHAIN_HORIZON_DAYS, PresenceSchedule, presenceAt, type PresenceStatus } from './resolve.js';
import { local, oneOff, series } from './testing.js';

function absent(s: PresenceStatus): Extract<PresenceStatus, { state: 'absent' }> {
  assert.equal(s.state, 'absent');
  return s as Extract<PresenceStatus, { state: 'absent' }>;
}

function same(actual: Instant | undefined, expected: Instant): void {
  assert.equal(actual?.toString(), expected.toString());
}

const WEEKDAYS = [1, 2, 3, 4, 5] as const;
const lunch = series('lunch', 'lunch', { weekdays: WEEKDAYS, startTime: '12:00', endTime: '13:00', from: '2026-03-02' });

describe('presenceAt', () => {
  it('is available with no absences and nothing planned', () => {
    assert.deepEqual(presenceAt([], local('2026-03-10 10:00')), { state: 'available', next: null });
  });

  it('P-DIV-3: a meeting followed by lunch gives one return time, the reason is still the meeting', () => {
    const list = [oneOff('m', 'meeting', '2026-03-10 13:00', '2026-03-10 14:00'), oneOff('l', 'lunch', '2026-03-10 14:00', '2026-03-10 15:00')];
    const s = absent(presenceAt(list, local('2026-03-10 13:30')));
    assert.equal(s.reason, 'meeting');
    same(s.returnsAt, local('2026-03-10 15:00'));
    same(s.current.end, local('2026-03-10 14:00'));
    assert.equal(s.next, null);
    const later = absent(presenceAt(list, local('2026-03-10 14:30')));
    assert.equal(later.reason, 'lunch');
    same(later.returnsAt, local('2026-03-10 15:00'));
    assert.equal(presenceAt(list, local('2026-03-10 15:00')).state, 'available');
  });

  it('P-DIV-3: a gap breaks the chain; the later absence is the next planned one', () => {
    const list = [oneOff('m', 'meeting', '2026-03-10 13:00', '2026-03-10 14:00'), oneOff('l', 'lunch', '2026-03-10 14:05', '2026-03-10 15:00')];
    const s = absent(presenceAt(list, local('2026-03-10 13:30')));
    same(s.returnsAt, local('2026-03-10 14:00'));
    assert.equal(s.next?.absence.id, 'l');
  });

  it('the absence that started last decides the reason; the return time is the end of the whole overlap', () => {
    const list = [oneOff('v', 'vacation', '2026-07-06 00:00', '2026-07-13 00:00'), oneOff('m', 'meeting', '2026-07-08 10:00', '2026-07-08 11:00', { target: { kind: 'switchboard' } })];
    const during = absent(presenceAt(list, local('2026-07-08 10:30')));
    assert.equal(during.reason, 'meeting');
    assert.deepEqual(during.target, { kind: 'switchboard' });
    same(during.returnsAt, local('2026-07-13 00:00'));
    const after = absent(presenceAt(list, local('2026-07-08 11:30')));
    assert.equal(after.reason, 'vacation');
    assert.deepEqual(after.target, { kind: 'voicemail' });
    same(after.returnsAt, local('2026-07-13 00:00'));
  });

  it('equal starts: the one ending first decides; list order breaks a full tie', () => {
    const short = oneOff('short', 'meeting', '2026-03-10 10:00', '2026-03-10 11:00');
    const long = oneOff('long', 'training', '2026-03-10 10:00', '2026-03-10 12:00');
    for (const list of [[short, long], [long, short]]) {
      const s = absent(presenceAt(list, local('2026-03-10 10:30')));
      assert.equal(s.reason, 'meeting');
      same(s.returnsAt, local('2026-03-10 12:00'));
    }
    const twin = oneOff('twin', 'out', '2026-03-10 10:00', '2026-03-10 11:00');
    assert.equal(absent(presenceAt([short, twin], local('2026-03-10 10:30'))).reason, 'out');
  });

  it('cancelled absences take no part', () => {
    const list = [oneOff('m', 'meeting', '2026-03-10 13:00', '2026-03-10 14:00', { cancelled: true })];
    assert.deepEqual(presenceAt(list, local('2026-03-10 13:30')), { state: 'available', next: null });
  });

  it('an absence is in effect from its start, and over at its end', () => {
    const list = [oneOff('m', 'meeting', '2026-03-10 13:00', '2026-03-10 14:00')];
    assert.equal(presenceAt(list, local('2026-03-10 13:00')).state, 'absent');
    const before = presenceAt(list, local('2026-03-10 12:59'));
    assert.equal(before.state, 'available');
    same(before.next?.start, local('2026-03-10 13:00'));
    assert.equal(presenceAt(list, local('2026-03-10 14:00')).state, 'available');
  });

  it('the next planned absence after the return time is shown', () => {
    const list = [
      oneOff('later', 'training', '2026-03-12 09:00', '2026-03-12 16:00'),
      oneOff('m', 'meeting', '2026-03-10 13:00', '2026-03-10 14:00'),
      oneOff('sooner', 'meeting', '2026-03-11 09:00', '2026-03-11 10:00'),
    ];
    const s = absent(presenceAt(list, local('2026-03-10 13:30')));
    assert.equal(s.next?.absence.id, 'sooner');
    const free = presenceAt(list, local('2026-03-11 11:00'));
    assert.equal(free.state, 'available');
    assert.equal(free.next?.absence.id, 'later');
  });
});

describe('presenceAt with weekly series', () => {
  it('a 12:00–13:00 lunch stays 12:00 local across the spring DST night (2026-03-29)', () => {
    // Friday before: CET, 12:00 local = 11:00 UTC. Monday after: CEST, 12:00 local = 10:00 UTC.
    const fri = absent(presenceAt([lunch], instant('2026-03-27T11:30:00Z')));
    same(fri.returnsAt, instant('2026-03-27T12:00:00Z'));
    const mon = absent(presenceAt([lunch], instant('2026-03-30T10:30:00Z')));
    same(mon.returnsAt, instant('2026-03-30T11:00:00Z'));
    // 11:30 UTC is 12:30 local before the change and 13:30 local after it.
    assert.equal(presenceAt([lunch], instant('2026-03-30T11:30:00Z')).state, 'available');
  });

  it('a 12:00–13:00 lunch stays 12:00 local across the autumn DST night (2026-10-25)', () => {
    const fri = absent(presenceAt([lunch], local('2026-10-23 12:15')));
    same(fri.current.start, instant('2026-10-23T10:00:00Z'));
    const mon = absent(presenceAt([lunch], local('2026-10-26 12:15')));
    same(mon.current.start, instant('2026-10-26T11:00:00Z'));
  });

  it('an occurrence over the autumn night lasts 4 real hours for 01:00–04:00 local, and covers the repeated hour', () => {
    const night = series('n', 'on-call-off', { weekdays: [7], startTime: '01:00', endTime: '04:00', from: '2026-10-01' });
    // 02:30 happens twice on 2026-10-25: 00:30 UTC (CEST) and 01:30 UTC (CET); both are inside.
    for (const t of ['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z']) {
      const s = absent(presenceAt([night], instant(t)));
      same(s.current.start, instant('2026-10-24T23:00:00Z'));
      same(s.returnsAt, instant('2026-10-25T03:00:00Z'));
    }
  });

  it('an occurrence starting in the spring gap (02:30) starts at 03:30; one lying wholly in it does not happen', () => {
    const a = series('a', 'x', { weekdays: [7], startTime: '02:30', endTime: '04:00', from: '2026-03-01' });
    const s = absent(presenceAt([a], instant('2026-03-29T01:45:00Z')));
    same(s.current.start, instant('2026-03-29T01:30:00Z'));
    same(s.returnsAt, instant('2026-03-29T02:00:00Z'));
    const empty = series('b', 'x', { weekdays: [7], startTime: '02:30', endTime: '03:15', from: '2026-03-01' });
    assert.equal(occurrencesBetween(empty, local('2026-03-29 00:00'), local('2026-03-30 00:00')).length, 0);
    assert.equal(occurrencesBetween(empty, local('2026-03-22 00:00'), local('2026-03-23 00:00')).length, 1);
  });

  it('a one-off absence over the spring night is an hour shorter in real time', () => {
    const a = oneOff('a', 'x', '2026-03-28 22:00', '2026-03-29 08:00');
    assert.equal(a.end.since(a.start).total('hours'), 9);
    const s = absent(presenceAt([a], local('2026-03-29 03:00')));
    same(s.returnsAt, instant('2026-03-29T06:00:00Z'));
  });

  it('an overnight series (22:00–06:00) covers the small hours of the next day, Friday night included', () => {
    const nights = series('n', 'off', { weekdays: WEEKDAYS, startTime: '22:00', endTime: '06:00', from: '2026-03-02' });
    const tue = absent(presenceAt([nights], local('2026-03-03 05:00')));
    same(tue.current.start, local('2026-03-02 22:00'));
    same(tue.returnsAt, local('2026-03-03 06:00'));
    assert.equal(presenceAt([nights], local('2026-03-07 05:00')).state, 'absent');
    assert.equal(presenceAt([nights], local('2026-03-08 05:00')).state, 'available');
    assert.equal(presenceAt([nights], local('2026-03-02 05:00')).state, 'available');
  });

  it('P-DIV-3: a chain across midnight gives the morning return time', () => {
    const list = [oneOff('e', 'course', '2026-03-10 18:00', '2026-03-11 00:00'), oneOff('m', 'travel', '2026-03-11 00:00', '2026-03-11 08:00')];
    const s = absent(presenceAt(list, local('2026-03-10 21:00')));
    assert.equal(s.reason, 'course');
    same(s.returnsAt, local('2026-03-11 08:00'));
  });

  it('P-DIV-3: series occurrences take part in chains (meeting 11–12, then the daily lunch)', () => {
    const list = [lunch, oneOff('m', 'meeting', '2026-03-10 11:00', '2026-03-10 12:00')];
    const s = absent(presenceAt(list, local('2026-03-10 11:30')));
    assert.equal(s.reason, 'meeting');
    same(s.returnsAt, local('2026-03-10 13:00'));
    // The next planned absence is tomorrow's lunch, not today's, which is already in the chain.
    same(s.next?.start, local('2026-03-11 12:00'));
  });

  it('exceptions skip a date, until ends the series, weekends have no occurrence', () => {
    const a = series('l', 'lunch', { weekdays: WEEKDAYS, startTime: '12:00', endTime: '13:00', from: '2026-03-02', until: '2026-03-12' }, { exceptions: [plainDate('2026-03-11')] });
    assert.equal(presenceAt([a], local('2026-03-11 12:30')).state, 'available');
    assert.equal(presenceAt([a], local('2026-03-12 12:30')).state, 'absent');
    assert.equal(presenceAt([a], local('2026-03-13 12:30')).state, 'available');
    assert.equal(presenceAt([a], local('2026-03-07 12:30')).state, 'available');
    assert.equal(presenceAt([a], local('2026-03-01 12:30')).state, 'available');
    same(presenceAt([a], local('2026-03-11 09:00')).next?.start, local('2026-03-12 12:00'));
    assert.equal(presenceAt([a], local('2026-03-12 13:00')).next, null);
  });

  it('the next planned occurrence is found past a run of skipped dates', () => {
    const skipped = ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-16'].map(plainDate);
    const a = series('l', 'lunch', { weekdays: WEEKDAYS, startTime: '12:00', endTime: '13:00', from: '2026-03-02' }, { exceptions: skipped });
    same(presenceAt([a], local('2026-03-06 14:00')).next?.start, local('2026-03-17 12:00'));
  });

  it('a series covering every hour ends its chain at the horizon instead of running forever', () => {
    const always = series('a', 'off', { weekdays: [1, 2, 3, 4, 5, 6, 7], startTime: '00:00', endTime: '00:00', from: '2026-01-01' });
    const at = local('2026-03-10 10:00');
    const s = absent(presenceAt([always], at));
    const days = s.returnsAt.since(at).total('hours') / 24;
    assert.ok(days >= CHAIN_HORIZON_DAYS && days < CHAIN_HORIZON_DAYS + 2, `returns after ${days} days`);
  });

  it('a prepared schedule answers like presenceAt for every quarter hour of a day', () => {
    const list = [lunch, oneOff('m', 'meeting', '2026-03-10 11:00', '2026-03-10 12:00'), oneOff('t', 'training', '2026-03-10 14:00', '2026-03-10 16:00')];
    const schedule = new PresenceSchedule(list);
    const states: string[] = [];
    for (let t = local('2026-03-10 10:00'); t.epochMilliseconds < local('2026-03-10 17:00').epochMilliseconds; t = t.add({ minutes: 15 })) {
      const s = schedule.at(t);
      assert.deepEqual(s, presenceAt(list, t));
      states.push(s.state === 'absent' ? s.reason : '-');
    }
    assert.deepEqual(states.join(' '), '- - - - meeting meeting meeting meeting lunch lunch lunch lunch - - - - training training training training training training training training - - - -');
  });
});

describe('occurrencesBetween', () => {
  it('lists a week of lunches in order, none for a cancelled series', () => {
    const week = occurrencesBetween(lunch, local('2026-03-09 00:00'), local('2026-03-16 00:00'));
    assert.deepEqual(
      week.map((o) => o.start.toZonedDateTimeISO('Europe/Stockholm').toPlainDateTime().toString()),
      ['2026-03-09T12:00:00', '2026-03-10T12:00:00', '2026-03-11T12:00:00', '2026-03-12T12:00:00', '2026-03-13T12:00:00'],
    );
    assert.deepEqual(occurrencesBetween({ ...lunch, cancelled: true }, local('2026-03-09 00:00'), local('2026-03-16 00:00')), []);
  });

  it('includes an overnight occurrence that began the day before the window', () => {
    const nights = series('n', 'off', { weekdays: [1], startTime: '22:00', endTime: '06:00', from: '2026-03-02' });
    const o = occurrencesBetween(nights, local('2026-03-10 00:00'), local('2026-03-10 12:00'));
    assert.equal(o.length, 1);
    same(o[0]?.start, local('2026-03-09 22:00'));
  });
});
