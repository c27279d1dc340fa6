import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_HALF_DAYS } from '../calendar/index.js';
import { DomainError } from '../errors.js';
import { atStockholm, instant, plainDate, type Instant } from '../time.js';
import {
  type HoursSettings,
  closesAt,
  dayHours,
  intersect,
  intervalsOn,
  isOpen,
  mondayToFriday,
  nextOpening,
  normalize,
  periodsOn,
  statusSentence,
  validateHours,
  weekPlan,
  workingTime,
  yearView,
} from './index.js';

const d = plainDate;
/** A Stockholm wall-clock moment, e.g. at('2026-04-22', '12:30'). */
const at = (date: string, time: string): Instant => atStockholm(d(date), time);
const iso = (x: Instant | null) => (x ? x.toString() : null);

// P-SWB-8 (Valdemarsvik): 08:00–16:00 Monday to Friday, lunch 12:00–13:00; 08:00–12:00 on
// the eve of a holiday and the day before a public holiday.
const switchboard: HoursSettings = {
  weekly: mondayToFriday([
    { from: '08:00', to: '12:00' },
    { from: '13:00', to: '16:00' },
  ]),
  halfDays: { kinds: [...DEFAULT_HALF_DAYS, 'dag-före-helgdag'], intervals: [{ from: '08:00', to: '12:00' }] },
  closedOnSundayLikeEves: true,
  exceptions: [
    { date: '2026-05-15', intervals: [], note: 'Klämdag' },
    { date: '2026-08-20', intervals: [{ from: '10:00', to: '14:00' }] },
    { date: '2026-06-06', intervals: [{ from: '10:00', to: '12:00' }], note: 'Öppet på nationaldagen' },
  ],
};

// The calendar note's worked examples: closing 16:30, half days 12:00.
const working: HoursSettings = {
  weekly: mondayToFriday([{ from: '08:00', to: '16:30' }]),
  halfDays: { kinds: [...DEFAULT_HALF_DAYS], intervals: [{ from: '08:00', to: '12:00' }] },
  closedOnSundayLikeEves: true,
  exceptions: [],
};

// Never open: no weekly hours and no exceptions.
const never: HoursSettings = { ...working, weekly: {} };

// Round the clock every day of the week (named holidays still close it).
const allDay = [{ from: '00:00', to: '24:00' as const }];
const roundTheClock: HoursSettings = {
  weekly: { 1: allDay, 2: allDay, 3: allDay, 4: allDay, 5: allDay, 6: allDay, 7: allDay },
  halfDays: { kinds: [], intervals: [] },
  closedOnSundayLikeEves: true,
  exceptions: [],
};

describe('intervals of a day', () => {
  it('P-SWB-8: a normal weekday is 08–12 and 13–16 (lunch is the gap)', () => {
    assert.deepEqual(intervalsOn(d('2026-04-22'), switchboard), [
      { from: '08:00', to: '12:00' },
      { from: '13:00', to: '16:00' },
    ]);
  });
  it('P-SWB-8: a half day (trettondagsafton) is 08–12', () => {
    const day = dayHours(d('2026-01-05'), switchboard);
    assert.deepEqual(day.intervals, [{ from: '08:00', to: '12:00' }]);
    assert.equal(day.kind, 'half-day');
    assert.equal(day.note, 'Halvdag – trettondagsafton');
  });
  it('P-SWB-8: the day before a public holiday is 08–12 (generic kind)', () => {
    assert.deepEqual(intervalsOn(d('2026-05-13'), switchboard), [{ from: '08:00', to: '12:00' }]);
  });
  it('a holiday is closed, with its name as the note', () => {
    const day = dayHours(d('2026-04-03'), switchboard);
    assert.deepEqual(day.intervals, []);
    assert.equal(day.kind, 'holiday');
    assert.equal(day.note, 'Långfredagen');
    assert.equal(dayHours(d('2008-05-01'), switchboard, 'en').note, 'May Day and Ascension Day');
  });
  it('the weekend is closed', () => {
    assert.deepEqual(intervalsOn(d('2026-04-25'), switchboard), []);
  });
  it('Sunday-like eves: closed by default, half-day hours when the setting says they are open', () => {
    assert.deepEqual(intervalsOn(d('2026-12-24'), switchboard), []);
    assert.equal(dayHours(d('2026-12-24'), switchboard).note, 'Julafton');
    const openEves = { ...switchboard, closedOnSundayLikeEves: false };
    assert.deepEqual(intervalsOn(d('2026-12-24'), openEves), [{ from: '08:00', to: '12:00' }]);
    // Julafton 2022 was a Saturday: no weekly hours to cut from, so still closed.
    assert.deepEqual(intervalsOn(d('2022-12-24'), openEves), []);
  });
  it('exceptions come first: a closed working day, special hours, and an opened holiday', () => {
    assert.deepEqual(intervalsOn(d('2026-05-15'), switchboard), []);
    assert.equal(dayHours(d('2026-05-15'), switchboard).note, 'Klämdag');
    assert.deepEqual(intervalsOn(d('2026-08-20'), switchboard), [{ from: '10:00', to: '14:00' }]);
    assert.equal(dayHours(d('2026-08-20'), switchboard, 'en').note, 'Special opening hours');
    assert.deepEqual(intervalsOn(d('2026-06-06'), switchboard), [{ from: '10:00', to: '12:00' }]);
  });
  it('a half day never widens short phone hours: it cuts the weekly hours', () => {
    const phoneHours: HoursSettings = { ...working, weekly: { 1: [{ from: '13:00', to: '15:00' }], 2: [{ from: '09:00', to: '11:00' }] } };
    assert.deepEqual(intervalsOn(d('2026-01-05'), phoneHours), []); // Monday, trettondagsafton
    assert.deepEqual(intervalsOn(d('2027-01-05'), phoneHours), [{ from: '09:00', to: '11:00' }]); // Tuesday
  });
  it('normalize sorts and merges touching intervals; intersect cuts', () => {
    assert.deepEqual(
      normalize([
        { from: '13:00', to: '16:00' },
        { from: '08:00', to: '12:00' },
        { from: '12:00', to: '12:30' },
      ]),
      [
        { from: '08:00', to: '12:30' },
        { from: '13:00', to: '16:00' },
      ],
    );
    assert.deepEqual(intersect([{ from: '07:00', to: '17:00' }], [{ from: '08:00', to: '12:00' }, { from: '16:00', to: '24:00' }]), [
      { from: '08:00', to: '12:00' },
      { from: '16:00', to: '17:00' },
    ]);
  });
});

describe('open now, opens next, closes when', () => {
  it('P-SWB-8: open and closed across lunch (intervals are half-open)', () => {
    assert.equal(isOpen(at('2026-04-22', '07:59'), switchboard), false);
    assert.equal(isOpen(at('2026-04-22', '08:00'), switchboard), true);
    assert.equal(isOpen(at('2026-04-22', '11:59'), switchboard), true);
    assert.equal(isOpen(at('2026-04-22', '12:00'), switchboard), false);
    assert.equal(isOpen(at('2026-04-22', '12:59'), switchboard), false);
    assert.equal(isOpen(at('2026-04-22', '13:00'), switchboard), true);
    assert.equal(isOpen(at('2026-04-22', '16:00'), switchboard), false);
  });
  it('nextOpening is `at` itself when open, else the next period start', () => {
    assert.equal(iso(nextOpening(at('2026-04-22', '10:15'), switchboard)), iso(at('2026-04-22', '10:15')));
    assert.equal(iso(nextOpening(at('2026-04-22', '12:30'), switchboard)), iso(at('2026-04-22', '13:00')));
    assert.equal(iso(nextOpening(at('2026-04-24', '16:30'), switchboard)), iso(at('2026-04-27', '08:00')));
    // Easter: from skärtorsdag afternoon (a half day) to the Tuesday after annandag påsk.
    assert.equal(iso(nextOpening(at('2026-04-02', '12:00'), switchboard)), iso(at('2026-04-07', '08:00')));
  });
  it('nextOpening is null when nothing ever opens', () => {
    assert.equal(nextOpening(at('2026-04-22', '10:00'), never), null);
  });
  it('closesAt: the end of the current period; null when closed', () => {
    assert.equal(iso(closesAt(at('2026-04-22', '10:00'), switchboard)), iso(at('2026-04-22', '12:00')));
    assert.equal(iso(closesAt(at('2026-04-22', '13:30'), switchboard)), iso(at('2026-04-22', '16:00')));
    assert.equal(iso(closesAt(at('2026-01-05', '09:00'), switchboard)), iso(at('2026-01-05', '12:00')));
    assert.equal(closesAt(at('2026-04-22', '12:30'), switchboard), null);
  });
  it('midnight: a round-the-clock setting stays open across it until the next holiday', () => {
    assert.equal(isOpen(at('2026-04-22', '23:59'), roundTheClock), true);
    assert.equal(isOpen(at('2026-04-23', '00:00'), roundTheClock), true);
    // Open from Tuesday after Easter until första maj (a Friday) begins.
    assert.equal(iso(closesAt(at('2026-04-22', '10:00'), roundTheClock)), iso(at('2026-05-01', '00:00')));
    assert.equal(isOpen(at('2026-05-01', '12:00'), roundTheClock), false);
    assert.equal(iso(nextOpening(at('2026-05-01', '12:00'), roundTheClock)), iso(at('2026-05-02', '00:00')));
  });
});

describe('DST nights (23- and 25-hour days), through atStockholm', () => {
  it('a whole day is 23 hours on 2026-03-29 and 25 hours on 2026-10-25', () => {
    const hours = (date: string) => {
      const [p] = periodsOn(d(date), roundTheClock);
      return p ? p.start.until(p.end).total('hours') : 0;
    };
    assert.equal(hours('2026-03-29'), 23);
    assert.equal(hours('2026-10-25'), 25);
    assert.equal(hours('2027-03-28'), 0); // påskdagen 2027: a holiday, closed
    assert.equal(hours('2027-10-31'), 25);
    assert.equal(hours('2026-04-22'), 24);
  });
  it('01:00–04:00 lasts 2 real hours in March and 4 in October; 02:00–03:00 in March does not exist', () => {
    const night: HoursSettings = { ...roundTheClock, weekly: { 7: [{ from: '01:00', to: '04:00' }] } };
    const [spring] = periodsOn(d('2026-03-29'), night);
    const [autumn] = periodsOn(d('2026-10-25'), night);
    assert.equal(spring?.start.toString(), '2026-03-29T00:00:00Z');
    assert.equal(spring?.end.toString(), '2026-03-29T02:00:00Z');
    assert.equal(autumn?.start.toString(), '2026-10-24T23:00:00Z');
    assert.equal(autumn?.end.toString(), '2026-10-25T03:00:00Z');
    const gap: HoursSettings = { ...roundTheClock, weekly: { 7: [{ from: '02:00', to: '03:00' }] } };
    assert.deepEqual(periodsOn(d('2026-03-29'), gap), []);
    assert.equal(periodsOn(d('2026-10-25'), gap)[0]?.start.until(periodsOn(d('2026-10-25'), gap)[0]!.end).total('hours'), 2);
  });
  it('the next opening after a DST weekend is 08:00 local time in the new offset', () => {
    assert.equal(iso(nextOpening(at('2026-03-28', '20:00'), switchboard)), '2026-03-30T06:00:00Z');
    assert.equal(iso(nextOpening(at('2026-10-24', '20:00'), switchboard)), '2026-10-26T07:00:00Z');
    // 02:30 during the repeated hour, in its second (winter-time) occurrence.
    assert.equal(statusSentence(instant('2026-10-25T01:30:00Z'), switchboard, 'sv'), 'Stängt – öppnar måndag 26 oktober kl. 08.00');
  });
  it('a period that runs through a DST night is merged when the gap makes its ends meet', () => {
    const s: HoursSettings = { ...roundTheClock, weekly: { 7: [{ from: '01:00', to: '02:45' }, { from: '03:00', to: '04:00' }] } };
    // 02:45 does not exist on 2026-03-29 and moves to 03:45, past 03:00: one period 01:00–04:00.
    assert.deepEqual(periodsOn(d('2026-03-29'), s).map((p) => [p.start.toString(), p.end.toString()]), [
      ['2026-03-29T00:00:00Z', '2026-03-29T02:00:00Z'],
    ]);
  });
});

describe('statusSentence (P-HRS-4)', () => {
  const cases: [Instant, string, string][] = [
    [at('2026-04-22', '10:00'), 'Öppet till 12.00', 'Open until 12:00'],
    [at('2026-04-22', '14:00'), 'Öppet till 16.00', 'Open until 16:00'],
    [at('2026-04-22', '12:30'), 'Stängt för lunch – öppnar kl. 13.00', 'Closed for lunch – opens at 13:00'],
    [at('2026-04-22', '06:45'), 'Stängt – öppnar kl. 08.00', 'Closed – opens at 08:00'],
    [at('2028-04-23', '12:00'), 'Stängt – öppnar måndag 24 april kl. 08.00', 'Closed – opens Monday 24 April at 08:00'],
    [at('2026-01-05', '12:00'), 'Stängt – öppnar onsdag 7 januari kl. 08.00', 'Closed – opens Wednesday 7 January at 08:00'],
    [at('2026-12-31', '10:00'), 'Stängt – öppnar måndag 4 januari 2027 kl. 08.00', 'Closed – opens Monday 4 January 2027 at 08:00'],
  ];
  for (const [when, sv, en] of cases) {
    it(`${when.toString()}: "${sv}"`, () => {
      assert.equal(statusSentence(when, switchboard, 'sv'), sv);
      assert.equal(statusSentence(when, switchboard, 'en'), en);
    });
  }
  it('an end at 24:00 is "midnatt"', () => {
    const evening: HoursSettings = { ...never, weekly: { 3: [{ from: '18:00', to: '24:00' }] } };
    assert.equal(statusSentence(at('2026-04-22', '20:00'), evening, 'sv'), 'Öppet till midnatt');
    assert.equal(statusSentence(at('2026-04-22', '20:00'), evening, 'en'), 'Open until midnight');
  });
  it('a gap in the evening is not "lunch"', () => {
    const evening: HoursSettings = { ...switchboard, weekly: mondayToFriday([{ from: '08:00', to: '16:00' }, { from: '18:00', to: '20:00' }]) };
    assert.equal(statusSentence(at('2026-04-22', '17:00'), evening, 'sv'), 'Stängt – öppnar kl. 18.00');
  });
  it('open past midnight names the closing day; never open says just "Stängt"', () => {
    assert.equal(statusSentence(at('2026-04-22', '10:00'), roundTheClock, 'sv'), 'Öppet till fredag 1 maj kl. 00.00');
    assert.equal(statusSentence(at('2026-04-22', '10:00'), roundTheClock, 'en'), 'Open until Friday 1 May at 00:00');
    assert.equal(statusSentence(at('2026-04-22', '10:00'), never, 'sv'), 'Stängt');
    assert.equal(statusSentence(at('2026-04-22', '10:00'), never, 'en'), 'Closed');
  });
});

describe('week plan and year view', () => {
  it('Easter week 2026 with its notes', () => {
    const plan = weekPlan(d('2026-03-30'), 8, switchboard);
    assert.deepEqual(
      plan.map((p) => [p.date, p.intervals.map((i) => `${i.from}–${i.to}`).join(', '), p.note]),
      [
        ['2026-03-30', '08:00–12:00, 13:00–16:00', null],
        ['2026-03-31', '08:00–12:00, 13:00–16:00', null],
        ['2026-04-01', '08:00–12:00, 13:00–16:00', null],
        ['2026-04-02', '08:00–12:00', 'Halvdag – skärtorsdagen'],
        ['2026-04-03', '', 'Långfredagen'],
        ['2026-04-04', '', null],
        ['2026-04-05', '', 'Påskdagen'],
        ['2026-04-06', '', 'Annandag påsk'],
      ],
    );
    assert.equal(weekPlan(d('2026-04-02'), 1, switchboard, 'en')[0]?.note, 'Half day – Maundy Thursday');
  });
  it('the year view lists holidays, eves, every half-day kind and exceptions', () => {
    const view = yearView(2026, working);
    const byDate = new Map(view.map((v) => [v.date, v]));
    // 13 holiday dates, 3 eves, half-day dates (named kinds and the generic one), 0 exceptions.
    assert.equal(view.filter((v) => v.kind === 'holiday').length, 13);
    assert.deepEqual(view.filter((v) => v.kind === 'eve').map((v) => v.date), ['2026-06-19', '2026-12-24', '2026-12-31']);
    assert.deepEqual(view.filter((v) => v.kind === 'half-day').map((v) => v.date), [
      '2026-01-05',
      '2026-04-02',
      '2026-04-30',
      '2026-05-13',
      '2026-06-05',
      '2026-10-30',
    ]);
    // A kind these settings do not shorten is still shown, with normal hours.
    assert.equal(byDate.get('2026-12-23')?.kind, 'regular');
    assert.deepEqual(byDate.get('2026-12-23')?.halfDayKinds, ['dag-före-julafton']);
    assert.deepEqual(byDate.get('2026-12-23')?.intervals, [{ from: '08:00', to: '16:30' }]);
    assert.equal(byDate.has('2026-03-26'), false);
    assert.equal(yearView(2026, switchboard).find((v) => v.date === '2026-08-20')?.kind, 'exception');
  });
});

describe('working time (WorkingTime for presence and call-backs)', () => {
  const wt = workingTime(working);
  it('P-CB-1: every worked example of the calendar note (closing 16:30, half days 12:00)', () => {
    const examples: [Instant, Instant][] = [
      [at('2026-03-27', '15:00'), at('2026-03-31', '16:30')], // over the DST night
      [at('2026-04-02', '15:00'), at('2026-04-08', '16:30')], // skärtorsdag
      [at('2026-04-03', '15:00'), at('2026-04-08', '16:30')], // långfredag
      [at('2026-12-24', '11:00'), at('2026-12-29', '16:30')], // julafton
      [at('2026-12-30', '14:00'), at('2027-01-05', '12:00')], // a half day: due 12:00
      [at('2027-05-05', '13:00'), at('2027-05-10', '16:30')], // day before Kristi himmelsfärd
      [at('2027-06-24', '16:00'), at('2027-06-29', '16:30')],
    ];
    for (const [received, due] of examples) assert.equal(iso(wt.dueAfterWorkingDays(received, 2)), iso(due), received.toString());
  });
  it('P-CB-1: day 0 is the Stockholm date, not the UTC date', () => {
    // 23:30 UTC on Thursday 26 March is 00:30 on Friday 27 March in Stockholm.
    assert.equal(iso(wt.dueAfterWorkingDays(instant('2026-03-26T23:30:00Z'), 2)), iso(at('2026-03-31', '16:30')));
  });
  it('P-CB-1: a working day closed by an exception does not count', () => {
    const withKlämdag = workingTime({ ...working, exceptions: [{ date: '2026-05-15', intervals: [] }] });
    assert.equal(iso(withKlämdag.dueAfterWorkingDays(at('2026-05-13', '09:00'), 2)), iso(at('2026-05-19', '16:30')));
    assert.equal(iso(wt.dueAfterWorkingDays(at('2026-05-13', '09:00'), 2)), iso(at('2026-05-18', '16:30')));
  });
  it('n = 0 is the closing time of day 0, or of the next working day when day 0 is not one', () => {
    assert.equal(iso(wt.dueAfterWorkingDays(at('2026-04-22', '09:00'), 0)), iso(at('2026-04-22', '16:30')));
    assert.equal(iso(wt.dueAfterWorkingDays(at('2026-04-04', '09:00'), 0)), iso(at('2026-04-07', '16:30')));
    assert.throws(() => wt.dueAfterWorkingDays(at('2026-04-22', '09:00'), -1), RangeError);
  });
  it('"Gått för dagen" ends at the first opening of the next working day', () => {
    assert.equal(iso(wt.nextWorkingDayStart(at('2026-03-27', '15:00'))), '2026-03-30T06:00:00Z'); // after the DST night
    assert.equal(iso(wt.nextWorkingDayStart(at('2026-04-01', '16:00'))), iso(at('2026-04-02', '08:00')));
    assert.equal(iso(wt.nextWorkingDayStart(at('2026-04-02', '11:00'))), iso(at('2026-04-07', '08:00')));
    assert.equal(iso(wt.nextWorkingDayStart(at('2026-12-23', '16:00'))), iso(at('2026-12-28', '08:00')));
  });
  it('endOfWorkingDay: the closing time of the day, early on a half day, null on a day off', () => {
    assert.equal(iso(wt.endOfWorkingDay(at('2026-04-22', '09:00'))), iso(at('2026-04-22', '16:30')));
    assert.equal(iso(wt.endOfWorkingDay(at('2026-04-22', '20:00'))), iso(at('2026-04-22', '16:30')));
    assert.equal(iso(wt.endOfWorkingDay(at('2026-04-02', '09:00'))), iso(at('2026-04-02', '12:00')));
    assert.equal(wt.endOfWorkingDay(at('2026-04-03', '09:00')), null);
    assert.equal(wt.endOfWorkingDay(at('2026-04-04', '09:00')), null);
  });
  it('hours that never open give a Swedish DomainError, not an endless loop', () => {
    assert.throws(
      () => workingTime(never).nextWorkingDayStart(at('2026-04-22', '09:00')),
      (e: unknown) => e instanceof DomainError && e.problems[0]?.code === 'hours.no-working-days' && e.problems[0].sv.startsWith('Arbetstiderna'),
    );
  });
});

describe('validateHours', () => {
  it('the fixtures are valid', () => {
    assert.deepEqual(validateHours(switchboard), []);
    assert.deepEqual(validateHours(working), []);
    assert.deepEqual(validateHours(roundTheClock), []);
  });
  it('each kind of mistake gives its problem, in Swedish and English, with the field', () => {
    const bad = {
      weekly: {
        1: [{ from: '8:00', to: '12:00' }],
        2: [{ from: '13:00', to: '12:00' }],
        3: [
          { from: '08:00', to: '12:00' },
          { from: '11:00', to: '16:00' },
        ],
        4: [{ from: '08:00', to: '25:00' }],
        8: [],
      },
      halfDays: { kinds: ['påskafton'], intervals: [] },
      closedOnSundayLikeEves: 'ja',
      exceptions: [
        { date: '2026-02-30', intervals: [] },
        { date: '2026-05-15', intervals: [] },
        { date: '2026-05-15', intervals: [] },
      ],
    } as unknown as HoursSettings;
    const problems = validateHours(bad, 'switchboardHours');
    assert.deepEqual(
      problems.map((p) => [p.code, p.field]),
      [
        ['hours.interval.from', 'switchboardHours.weekly.1.0.from'],
        ['hours.interval.order', 'switchboardHours.weekly.2.0'],
        ['hours.interval.overlap', 'switchboardHours.weekly.3.1'],
        ['hours.interval.to', 'switchboardHours.weekly.4.0.to'],
        ['hours.weekday', 'switchboardHours.weekly.8'],
        ['hours.half-day.kind', 'switchboardHours.halfDays.kinds.0'],
        ['hours.eves', 'switchboardHours.closedOnSundayLikeEves'],
        ['hours.exception.date', 'switchboardHours.exceptions.0.date'],
        ['hours.exception.duplicate', 'switchboardHours.exceptions.2.date'],
      ],
    );
    for (const p of problems) assert.ok(p.sv.length > 0 && p.en.length > 0);
    assert.match(problems[1]!.sv, /Sluttiden 12:00 måste vara senare än starttiden 13:00/);
  });
});
