import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Holidays from 'date-holidays';
import { plainDate } from '../time.js';
import {
  DEFAULT_HALF_DAYS,
  addWorkingDays,
  easterSunday,
  halfDayKinds,
  holidayNames,
  isPublicHoliday,
  isWorkingDay,
  nextWorkingDay,
  previousWorkingDay,
  publicHolidays,
  sundayLikeEve,
} from './index.js';

const d = plainDate;

describe('public holidays against date-holidays (the oracle), 2005–2100', () => {
  const oracle = new Holidays('SE');
  for (let year = 2005; year <= 2100; year++) {
    it(`${year}: the same dates and names in both directions`, () => {
      const theirs = new Map<string, string[]>();
      for (const h of oracle.getHolidays(year)) {
        if (h.type !== 'public') continue;
        const key = h.date.slice(0, 10);
        theirs.set(key, [...(theirs.get(key) ?? []), h.name].sort());
      }
      const ours = new Map([...publicHolidays(year)].map(([k, v]) => [k, [...v].sort()]));
      // Both directions: every date they list is ours with the same names, and vice versa.
      for (const [date, names] of theirs) assert.deepEqual(ours.get(date), names, `${date} listed by date-holidays`);
      for (const [date, names] of ours) assert.deepEqual(theirs.get(date), names, `${date} listed by us`);
    });
  }
});

describe('checked dates (swedish-calendar.md)', () => {
  it('Easter Sunday 2025–2028', () => {
    assert.equal(easterSunday(2025).toString(), '2025-04-20');
    assert.equal(easterSunday(2026).toString(), '2026-04-05');
    assert.equal(easterSunday(2027).toString(), '2027-03-28');
    assert.equal(easterSunday(2028).toString(), '2028-04-16');
  });
  it('midsommardagen 2025–2028 is the Saturday between 20 and 26 June', () => {
    for (const date of ['2025-06-21', '2026-06-20', '2027-06-26', '2028-06-24']) {
      assert.deepEqual(holidayNames(d(date)), ['midsommardagen'], date);
    }
    assert.equal(sundayLikeEve(d('2026-06-19')), 'midsommarafton');
    assert.equal(sundayLikeEve(d('2027-06-25')), 'midsommarafton');
  });
  it('alla helgons dag 2025–2028 is the Saturday between 31 October and 6 November', () => {
    for (const date of ['2025-11-01', '2026-10-31', '2027-11-06', '2028-11-04']) {
      assert.deepEqual(holidayNames(d(date)), ['alla helgons dag'], date);
    }
  });
  it('Easter in the extreme years of the computus', () => {
    assert.equal(easterSunday(2285).toString(), '2285-03-22'); // earliest possible
    assert.equal(easterSunday(2038).toString(), '2038-04-25'); // latest possible
    assert.equal(easterSunday(1818).toString(), '1818-03-22');
    assert.throws(() => easterSunday(1582), RangeError);
  });
});

describe('the law (Lag 1989:253)', () => {
  it('two holidays can share a date: 1 May 2008 was also Kristi himmelsfärdsdag', () => {
    assert.deepEqual(holidayNames(d('2008-05-01')), ['första maj', 'Kristi himmelsfärdsdag']);
  });
  it('nationaldagen from 2005; annandag pingst only before 2005', () => {
    assert.deepEqual(holidayNames(d('2004-05-31')), ['annandag pingst']);
    assert.deepEqual(holidayNames(d('2004-06-06')), []);
    assert.deepEqual(holidayNames(d('2005-06-06')), ['nationaldagen']);
    assert.deepEqual(holidayNames(d('2005-05-16')), []);
    assert.equal([...publicHolidays(2004).values()].flat().includes('nationaldagen'), false);
  });
  it('Kristi himmelsfärdsdag is Easter + 39 days, a Thursday', () => {
    assert.deepEqual(holidayNames(d('2026-05-14')), ['Kristi himmelsfärdsdag']);
    assert.equal(d('2026-05-14').dayOfWeek, 4);
  });
  it('no substitute day when a holiday falls on a weekend', () => {
    // Nationaldagen 2026 is a Saturday; Monday 8 June is an ordinary working day.
    assert.equal(d('2026-06-06').dayOfWeek, 6);
    assert.equal(isWorkingDay(d('2026-06-08')), true);
  });
  it('every Sunday is a public holiday, but ordinary Sundays are not in the map', () => {
    assert.equal(isPublicHoliday(d('2026-03-29')), true);
    assert.deepEqual(holidayNames(d('2026-03-29')), []);
    assert.equal(publicHolidays(2026).has('2026-03-29'), false);
    assert.deepEqual(publicHolidays(2026).get('2026-04-05'), ['påskdagen']);
    assert.deepEqual(publicHolidays(2026).get('2026-05-24'), ['pingstdagen']);
    assert.equal(isPublicHoliday(d('2026-03-28')), false);
    assert.equal(publicHolidays(2026).size, 13);
  });
  it('the returned map is a copy: changing it does not change the cache', () => {
    const m = publicHolidays(2026);
    m.get('2026-01-01')?.push('påhittad dag');
    m.delete('2026-12-25');
    assert.deepEqual(publicHolidays(2026).get('2026-01-01'), ['nyårsdagen']);
    assert.deepEqual(holidayNames(d('2026-12-25')), ['juldagen']);
  });
});

describe('Sunday-like eves and working days', () => {
  it('julafton, nyårsafton and midsommarafton are Sunday-like, påskafton is just a Saturday', () => {
    assert.equal(sundayLikeEve(d('2026-12-24')), 'julafton');
    assert.equal(sundayLikeEve(d('2026-12-31')), 'nyårsafton');
    assert.equal(sundayLikeEve(d('2026-06-19')), 'midsommarafton');
    assert.equal(sundayLikeEve(d('2026-04-04')), null);
    assert.equal(sundayLikeEve(d('2026-06-18')), null);
    assert.equal(isPublicHoliday(d('2026-12-24')), false);
  });
  it('working days: Mon–Fri, not holidays, not the three eves; half days are working days', () => {
    assert.equal(isWorkingDay(d('2026-03-27')), true); // Friday
    assert.equal(isWorkingDay(d('2026-03-28')), false); // Saturday
    assert.equal(isWorkingDay(d('2026-04-03')), false); // långfredagen
    assert.equal(isWorkingDay(d('2026-12-24')), false); // julafton, a Thursday
    assert.equal(isWorkingDay(d('2026-12-31')), false); // nyårsafton, a Thursday
    assert.equal(isWorkingDay(d('2026-06-19')), false); // midsommarafton
    assert.equal(isWorkingDay(d('2026-04-02')), true); // skärtorsdagen, a half day
  });
  it('next and previous working day skip Easter', () => {
    assert.equal(nextWorkingDay(d('2026-04-02')).toString(), '2026-04-07');
    assert.equal(previousWorkingDay(d('2026-04-07')).toString(), '2026-04-02');
    assert.equal(nextWorkingDay(d('2026-12-23')).toString(), '2026-12-28');
    assert.equal(previousWorkingDay(d('2027-01-04')).toString(), '2026-12-30');
  });
  it('P-CB-1: due dates of the worked examples (day 0 = the day the message arrives)', () => {
    const examples: [string, string][] = [
      ['2026-03-27', '2026-03-31'],
      ['2026-04-02', '2026-04-08'], // skärtorsdag
      ['2026-04-03', '2026-04-08'], // långfredag
      ['2026-12-24', '2026-12-29'], // julafton
      ['2026-12-30', '2027-01-05'],
      ['2027-05-05', '2027-05-10'], // day before Kristi himmelsfärd
      ['2027-06-24', '2027-06-29'],
    ];
    for (const [received, due] of examples) assert.equal(addWorkingDays(d(received), 2).toString(), due, received);
  });
  it('addWorkingDays: 0 is the date itself, negative counts back, fractions are refused', () => {
    assert.equal(addWorkingDays(d('2026-04-04'), 0).toString(), '2026-04-04');
    assert.equal(addWorkingDays(d('2026-04-08'), -2).toString(), '2026-04-02');
    assert.throws(() => addWorkingDays(d('2026-04-08'), 1.5), RangeError);
  });
  it('never more than five days off in a row, 1900–2200 (the step bound of a week holds)', () => {
    let longest = 0;
    for (let date = d('1900-01-01'); date.year <= 2200; ) {
      const next = nextWorkingDay(date);
      longest = Math.max(longest, date.until(next).days - 1);
      date = next;
    }
    assert.equal(longest, 5);
  });
});

describe('half days (local practice)', () => {
  it('the default list is the six kinds of the calendar note', () => {
    assert.deepEqual(
      [...DEFAULT_HALF_DAYS],
      ['trettondagsafton', 'skärtorsdagen', 'valborgsmässoafton', 'dag-före-kristi-himmelsfärdsdag', 'dag-före-nationaldagen', 'allhelgonaafton'],
    );
  });
  it('the kinds of each typical half day in 2026', () => {
    assert.deepEqual(halfDayKinds(d('2026-01-05')), ['trettondagsafton', 'dag-före-helgdag']);
    assert.deepEqual(halfDayKinds(d('2026-04-02')), ['skärtorsdagen', 'dag-före-helgdag']);
    assert.deepEqual(halfDayKinds(d('2026-04-30')), ['valborgsmässoafton', 'dag-före-helgdag']);
    assert.deepEqual(halfDayKinds(d('2026-05-13')), ['dag-före-kristi-himmelsfärdsdag', 'dag-före-helgdag']);
    assert.deepEqual(halfDayKinds(d('2026-06-05')), ['dag-före-nationaldagen', 'dag-före-helgdag']);
    assert.deepEqual(halfDayKinds(d('2026-10-30')), ['allhelgonaafton', 'dag-före-helgdag']);
    assert.deepEqual(halfDayKinds(d('2026-06-18')), ['dag-före-midsommarafton']);
    assert.deepEqual(halfDayKinds(d('2026-12-23')), ['dag-före-julafton']);
    assert.deepEqual(halfDayKinds(d('2026-12-30')), ['dag-före-nyårsafton']);
    assert.deepEqual(halfDayKinds(d('2026-03-26')), []);
  });
  it('only working days can be half days: a kind on a weekend does not move', () => {
    assert.deepEqual(halfDayKinds(d('2025-01-05')), []); // a Sunday
    assert.deepEqual(halfDayKinds(d('2027-01-05')), ['trettondagsafton', 'dag-före-helgdag']);
    assert.deepEqual(halfDayKinds(d('2028-12-23')), []); // a Saturday
    assert.deepEqual(halfDayKinds(d('2026-12-24')), []); // julafton is before a holiday but not a working day
  });
  it('the day before nationaldagen is a half day only from 2005', () => {
    assert.deepEqual(halfDayKinds(d('2003-06-05')), []);
    assert.deepEqual(halfDayKinds(d('2025-06-05')), ['dag-före-nationaldagen', 'dag-före-helgdag']);
  });
  it('trettondedag jul on a Saturday makes Friday 5 January a half day of both kinds', () => {
    assert.deepEqual(halfDayKinds(d('2029-01-05')), ['trettondagsafton', 'dag-före-helgdag']);
  });
});
