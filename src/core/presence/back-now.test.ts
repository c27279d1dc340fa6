import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyChanges, backNow } from './back-now.js';
import { presenceAt } from './resolve.js';
import { local, oneOff, series } from './testing.js';

describe('backNow ("Åter", P-DIV-4)', () => {
  it('P-DIV-4: ends the meeting now and leaves the chained lunch planned', () => {
    const meeting = oneOff('m', 'meeting', '2026-03-10 13:00', '2026-03-10 14:00');
    const lunch = oneOff('l', 'lunch', '2026-03-10 14:00', '2026-03-10 15:00');
    const at = local('2026-03-10 13:30');
    const changes = backNow([meeting, lunch], at);
    assert.deepEqual(changes, [{ kind: 'ended', before: meeting, after: { ...meeting, end: at } }]);
    const after = applyChanges([meeting, lunch], changes);
    const s = presenceAt(after, at);
    assert.equal(s.state, 'available');
    assert.equal(s.next?.absence.id, 'l');
    assert.equal(presenceAt(after, local('2026-03-10 14:30')).state, 'absent');
  });

  it('P-DIV-4: ends every absence in effect, the overlapping leave as well as the meeting', () => {
    const leave = oneOff('v', 'vacation', '2026-07-06 00:00', '2026-07-13 00:00');
    const meeting = oneOff('m', 'meeting', '2026-07-08 10:00', '2026-07-08 11:00');
    const at = local('2026-07-08 10:30');
    const changes = backNow([leave, meeting], at);
    assert.deepEqual(changes.map((c) => [c.kind, c.after.id, c.after.end.toString()]), [
      ['ended', 'v', at.toString()],
      ['ended', 'm', at.toString()],
    ]);
    assert.equal(presenceAt(applyChanges([leave, meeting], changes), at).state, 'available');
  });

  it('P-DIV-4: skips today\'s occurrence of a series and keeps the series', () => {
    const lunch = series('l', 'lunch', { weekdays: [1, 2, 3, 4, 5], startTime: '12:00', endTime: '13:00', from: '2026-03-02' });
    const at = local('2026-03-10 12:20');
    const changes = backNow([lunch], at);
    assert.equal(changes.length, 1);
    assert.equal(changes[0]?.kind, 'occurrence-skipped');
    assert.deepEqual(changes[0]?.after.exceptions.map(String), ['2026-03-10']);
    assert.equal(changes[0]?.after.cancelled, false);
    const after = applyChanges([lunch], changes);
    assert.equal(presenceAt(after, at).state, 'available');
    assert.equal(presenceAt(after, local('2026-03-11 12:20')).state, 'absent');
  });

  it('P-DIV-4: an overnight occurrence is skipped by the date it started on', () => {
    const nights = series('n', 'off', { weekdays: [1], startTime: '22:00', endTime: '06:00', from: '2026-03-02' });
    const changes = backNow([nights], local('2026-03-10 05:00'));
    assert.deepEqual(changes[0]?.after.exceptions.map(String), ['2026-03-09']);
  });

  it('withdraws an absence that starts at this very moment instead of leaving it empty', () => {
    const meeting = oneOff('m', 'meeting', '2026-03-10 13:00', '2026-03-10 14:00');
    const changes = backNow([meeting], local('2026-03-10 13:00'));
    assert.deepEqual(changes, [{ kind: 'cancelled', before: meeting, after: { ...meeting, cancelled: true } }]);
  });

  it('changes nothing when the person is available, and never mutates its input', () => {
    const meeting = oneOff('m', 'meeting', '2026-03-10 13:00', '2026-03-10 14:00');
    const frozen = Object.freeze({ ...meeting });
    assert.deepEqual(backNow([frozen], local('2026-03-10 12:00')), []);
    backNow([frozen], local('2026-03-10 13:30'));
    assert.equal(frozen.end.toString(), meeting.end.toString());
  });
});
