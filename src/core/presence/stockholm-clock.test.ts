import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Temporal, atStockholm, plainDate, stockholmDate } from '../time.js';
import { dateOf, dayOf, localDay, localToEpoch, minutesOf, weekdayOf } from './stockholm-clock.js';

// The DST nights of 2026 and 2027, the days around them, and an ordinary winter and summer day.
const DAYS = ['2026-01-15', '2026-03-28', '2026-03-29', '2026-03-30', '2026-07-01', '2026-10-24', '2026-10-25', '2026-10-26', '2027-03-28', '2027-10-31'];

describe('stockholm-clock agrees with core/time.ts', () => {
  it('localToEpoch equals atStockholm for every five minutes of the DST nights (gap forward, repeated hour earlier)', () => {
    for (const iso of DAYS) {
      const date = plainDate(iso);
      for (let m = 0; m < 24 * 60; m += 5) {
        const clock = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        assert.equal(localToEpoch(dayOf(date), minutesOf(clock)), atStockholm(date, clock).epochMilliseconds, `${iso} ${clock}`);
      }
    }
  });

  it('localDay equals stockholmDate for every five minutes around the DST nights and midnight', () => {
    for (const iso of DAYS) {
      const from = atStockholm(plainDate(iso), '00:00').subtract({ hours: 2 }).epochMilliseconds;
      for (let ms = from; ms < from + 28 * 3_600_000; ms += 5 * 60_000) {
        assert.equal(dateOf(localDay(ms)).toString(), stockholmDate(Temporal.Instant.fromEpochMilliseconds(ms)).toString(), new Date(ms).toISOString());
      }
    }
  });

  it('days, dates and weekdays convert both ways', () => {
    assert.equal(dayOf(plainDate('1970-01-01')), 0);
    for (let d = plainDate('2026-12-20'); Temporal.PlainDate.compare(d, plainDate('2027-01-10')) < 0; d = d.add({ days: 1 })) {
      assert.equal(dateOf(dayOf(d)).toString(), d.toString());
      assert.equal(weekdayOf(dayOf(d)), d.dayOfWeek);
    }
    assert.equal(weekdayOf(-1), 3);
  });

  it('reads clock times as minutes after midnight', () => {
    assert.equal(minutesOf('00:00'), 0);
    assert.equal(minutesOf('12:30'), 750);
    assert.equal(minutesOf('23:59'), 1439);
  });
});
