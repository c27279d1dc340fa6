import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallStatsAcc, answerSeconds, parseDeviations, parseReached, percentile, stockholmHour, wasAvailable, type ReportCallRow } from './report.js';

const row = (over: Partial<ReportCallRow>): ReportCallRow => ({
  id: 'c', origin: 'trunk', caller_person_id: null, reached_json: '{"kind":"switchboard"}', offered_at: '2026-03-25T09:00:00.000Z',
  first_ring_at: '2026-03-25T09:00:01.000Z', answered_at: null, outcome: 'answered', answered_by_person_id: null, presence_json: null, deviations_json: '[]', ...over,
});

describe('report arithmetic', () => {
  it('nearest-rank percentiles', () => {
    assert.equal(percentile([], 50), null);
    assert.equal(percentile([7], 90), 7);
    assert.equal(percentile([1, 2, 3, 4], 50), 2);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9);
  });

  it('P-SWB-1: answer time counts from the first ring, or from the offer when the call never rang', () => {
    assert.equal(answerSeconds(row({ answered_at: '2026-03-25T09:00:21.500Z' })), 20.5);
    assert.equal(answerSeconds(row({ first_ring_at: null, answered_at: '2026-03-25T09:00:04.000Z' })), 4);
    assert.equal(answerSeconds(row({})), null);
  });

  it('hours are Stockholm\'s, across both DST changes', () => {
    assert.equal(stockholmHour(Date.parse('2026-03-29T00:30:00Z')), 1, 'before the spring change: UTC+1');
    assert.equal(stockholmHour(Date.parse('2026-03-29T01:30:00Z')), 3, 'after it: UTC+2');
    assert.equal(stockholmHour(Date.parse('2026-10-25T00:30:00Z')), 2);
    assert.equal(stockholmHour(Date.parse('2026-10-25T01:30:00Z')), 2, 'the hour that comes twice');
  });

  it('P-SWB-1: the share within target counts calls that rang and were not answered in time, abandoned ones included', () => {
    const acc = new CallStatsAcc(24);
    acc.add(row({ answered_at: '2026-03-25T09:00:11.000Z' })); // 10 s
    acc.add(row({ answered_at: '2026-03-25T09:00:25.000Z' })); // 24 s: within
    acc.add(row({ answered_at: '2026-03-25T09:00:26.000Z' })); // 25 s: not
    acc.add(row({ outcome: 'abandoned' }));
    acc.add(row({ outcome: null })); // in progress: not counted as rang
    acc.add(row({ first_ring_at: null, outcome: 'answering-machine' })); // never rang (switchboard closed)
    const r = acc.result();
    assert.equal(r.total, 6);
    assert.equal(r.inProgress, 1);
    assert.deepEqual(r.outcomes, { answered: 3, abandoned: 1, 'in-progress': 1, 'answering-machine': 1 });
    assert.deepEqual(r.answerTimes, { targetSeconds: 24, rang: 4, answered: 3, answeredWithinTarget: 2, shareWithinTarget: 0.5, shareOfAnsweredWithinTarget: 0.667, p50Seconds: 24, p90Seconds: 25 });
    assert.equal(r.byHour[10]!.total, 6);
    assert.equal(r.byHour.length, 24);
  });

  it('damaged JSON in a row reads as nothing rather than breaking the report', () => {
    assert.deepEqual(parseReached('{'), { kind: 'unknown' });
    assert.deepEqual(parseDeviations('[{"code":"nobody-available","functionId":"f"}, 5, null]'), [{ code: 'nobody-available', functionId: 'f' }]);
    assert.deepEqual(parseDeviations('nope'), []);
    assert.equal(wasAvailable('{"state":"available"}'), true);
    assert.equal(wasAvailable('{"state":"absent"}'), false);
    assert.equal(wasAvailable(null), false);
  });
});
