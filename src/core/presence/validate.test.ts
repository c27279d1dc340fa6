import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { instant, plainDate, type Instant } from '../time.js';
import type { AbsenceReasonSetting } from './absence.js';
import { accepted, local, refusedCodes, swedishWorkingTime } from './testing.js';
import { validateAbsence, type AbsenceContext, type AbsenceInput } from './validate.js';

const reasons: AbsenceReasonSetting[] = [
  { code: 'meeting', label: 'Möte' },
  { code: 'lunch', label: 'Lunch', defaultLength: 60 },
  { code: 'gone-for-day', label: 'Gått för dagen', defaultLength: 'next-working-day-start' },
  { code: 'out-today', label: 'Borta resten av dagen', defaultLength: 'rest-of-day' },
  { code: 'vacation', label: 'Semester' },
];

const ctx: AbsenceContext = {
  reasons,
  workingTime: swedishWorkingTime(),
  // Internal numbers in this test municipality: four-digit extensions.
  isInternalNumber: (n) => /^\d{4}$/.test(n),
  personExists: (id) => ['p1', 'p2'].includes(id),
  functionExists: (id) => id === 'bygglov',
};

function input(extra: Partial<AbsenceInput>): AbsenceInput {
  return { id: 'a1', personId: 'p1', createdBy: 'p1', ...extra };
}



function endOf(extra: Partial<AbsenceInput>): Instant {
  return accepted(validateAbsence(input(extra), ctx)).end;
}

function same(actual: Instant, expected: Instant): void {
  assert.equal(actual.toString(), expected.toString());
}

describe('validateAbsence', () => {
  it('accepts a complete absence with voicemail as the default target and no note', () => {
    const a = accepted(validateAbsence(input({ reason: 'meeting', start: local('2026-03-10 13:00'), end: local('2026-03-10 14:00'), note: '  ' }), ctx));
    assert.deepEqual(a.target, { kind: 'voicemail' });
    assert.equal(a.cancelled, false);
    assert.equal('note' in a, false);
    assert.deepEqual(a.exceptions, []);
  });

  it('P-DIV-2: an absence without a reason is refused', () => {
    const r = validateAbsence(input({ start: local('2026-03-10 13:00'), end: local('2026-03-10 14:00') }), ctx);
    assert.deepEqual(refusedCodes(r), ['absence.reason.required']);
    assert.equal(r.ok ? '' : r.problems[0]?.rule, 'P-DIV-2');
  });

  it('P-DIV-2: an unknown reason is refused', () => {
    assert.deepEqual(refusedCodes(validateAbsence(input({ reason: 'golf', start: local('2026-03-10 13:00'), end: local('2026-03-10 14:00') }), ctx)), ['absence.reason.unknown']);
  });

  it('P-DIV-3: an absence without an end is refused when its reason has no default length', () => {
    const r = validateAbsence(input({ reason: 'vacation', start: local('2026-07-01 08:00') }), ctx);
    assert.deepEqual(refusedCodes(r), ['absence.end.required']);
    assert.match(r.ok ? '' : r.problems[0]!.sv, /Semester har ingen förvald längd/);
  });

  it('P-DIV-3: a default length in minutes gives the end (lunch 60 min)', () => {
    same(endOf({ reason: 'lunch', start: local('2026-03-10 11:45') }), local('2026-03-10 12:45'));
  });

  it('a given end wins over the default length', () => {
    same(endOf({ reason: 'lunch', start: local('2026-03-10 11:45'), end: local('2026-03-10 12:15') }), local('2026-03-10 12:15'));
  });

  it('"Gått för dagen" on a Friday ends Monday 08:00, after the DST night', () => {
    const end = endOf({ reason: 'gone-for-day', start: local('2026-03-27 15:00') });
    same(end, local('2026-03-30 08:00'));
    same(end, instant('2026-03-30T06:00:00Z'));
  });

  it('"Gått för dagen" on skärtorsdagen ends on the Tuesday after Easter', () => {
    same(endOf({ reason: 'gone-for-day', start: local('2026-04-02 11:00') }), local('2026-04-07 08:00'));
  });

  it('"Gått för dagen" on nyårsafton eve ends on the first working day of the new year', () => {
    same(endOf({ reason: 'gone-for-day', start: local('2026-12-30 16:00') }), local('2027-01-04 08:00'));
  });

  it('"rest of the day" ends at closing time, at 12:00 on a half day', () => {
    same(endOf({ reason: 'out-today', start: local('2026-03-10 10:00') }), local('2026-03-10 16:30'));
    same(endOf({ reason: 'out-today', start: local('2026-04-30 09:00') }), local('2026-04-30 12:00'));
  });

  it('"rest of the day" after closing time or on a day off ends at midnight', () => {
    same(endOf({ reason: 'out-today', start: local('2026-03-10 17:00') }), local('2026-03-11 00:00'));
    same(endOf({ reason: 'out-today', start: local('2026-04-30 13:00') }), local('2026-05-01 00:00'));
    same(endOf({ reason: 'out-today', start: local('2026-04-03 10:00') }), local('2026-04-04 00:00'));
  });

  it('an end at or before the start is refused', () => {
    assert.deepEqual(refusedCodes(validateAbsence(input({ reason: 'meeting', start: local('2026-03-10 14:00'), end: local('2026-03-10 14:00') }), ctx)), ['absence.end.not-after-start']);
    assert.deepEqual(refusedCodes(validateAbsence(input({ reason: 'meeting', start: local('2026-03-10 14:00'), end: local('2026-03-10 13:00') }), ctx)), ['absence.end.not-after-start']);
  });

  it('a one-off absence needs a start', () => {
    assert.deepEqual(refusedCodes(validateAbsence(input({ reason: 'lunch' }), ctx)), ['absence.start.required']);
  });

  it('P-COST-1: forwarding to an external number is refused in Swedish and English, citing the rule', () => {
    const r = validateAbsence(input({ reason: 'meeting', start: local('2026-03-10 13:00'), end: local('2026-03-10 14:00'), target: { kind: 'number', number: '070-123 45 67' } }), ctx);
    assert.equal(r.ok, false);
    const p = r.ok ? undefined : r.problems[0];
    assert.equal(p?.code, 'absence.target.number.external');
    assert.equal(p?.rule, 'P-COST-1');
    assert.equal(p?.field, 'target.number');
    assert.match(p?.sv ?? '', /interna nummer \(P-COST-1\)/);
    assert.match(p?.en ?? '', /internal numbers only \(P-COST-1\)/);
  });

  it('P-COST-1: forwarding to an internal number is accepted', () => {
    const a = accepted(validateAbsence(input({ reason: 'meeting', start: local('2026-03-10 13:00'), end: local('2026-03-10 14:00'), target: { kind: 'number', number: ' 4711 ' } }), ctx));
    assert.deepEqual(a.target, { kind: 'number', number: '4711' });
  });

  it('P-DIV-10: the unit reception is a valid target', () => {
    const a = accepted(validateAbsence(input({ reason: 'vacation', start: local('2026-07-01 00:00'), end: local('2026-08-01 00:00'), target: { kind: 'reception' } }), ctx));
    assert.deepEqual(a.target, { kind: 'reception' });
  });

  it('person and function targets must exist, and a person cannot divert to themself', () => {
    const base = { reason: 'meeting', start: local('2026-03-10 13:00'), end: local('2026-03-10 14:00') };
    assert.deepEqual(refusedCodes(validateAbsence(input({ ...base, target: { kind: 'person', personId: 'p9' } }), ctx)), ['absence.target.person.unknown']);
    assert.deepEqual(refusedCodes(validateAbsence(input({ ...base, target: { kind: 'person', personId: 'p1' } }), ctx)), ['absence.target.self']);
    assert.deepEqual(refusedCodes(validateAbsence(input({ ...base, target: { kind: 'function', functionId: 'socialtjänst' } }), ctx)), ['absence.target.function.unknown']);
    assert.deepEqual(refusedCodes(validateAbsence(input({ ...base, target: { kind: 'number', number: '' } }), ctx)), ['absence.target.number.required']);
    accepted(validateAbsence(input({ ...base, target: { kind: 'person', personId: 'p2' } }), ctx));
    accepted(validateAbsence(input({ ...base, target: { kind: 'function', functionId: 'bygglov' } }), ctx));
  });

  it('collects every problem at once', () => {
    const r = validateAbsence(input({ personId: 'nobody', start: local('2026-03-10 14:00'), end: local('2026-03-10 13:00'), target: { kind: 'number', number: '+4690012345' } }), ctx);
    assert.deepEqual(refusedCodes(r), ['absence.person.unknown', 'absence.reason.required', 'absence.target.number.external', 'absence.end.not-after-start']);
  });

  it('keeps the private note, trimmed', () => {
    const a = accepted(validateAbsence(input({ reason: 'meeting', start: local('2026-03-10 13:00'), end: local('2026-03-10 14:00'), note: ' Tandläkare ' }), ctx));
    assert.equal(a.note, 'Tandläkare');
  });
});

describe('validateAbsence with a weekly series', () => {
  const recurrence = { weekdays: [1, 3] as (1 | 3)[], startTime: '12:00', endTime: '13:00', from: plainDate('2026-03-25') };

  it('takes start and end from the first occurrence (Wednesday 2026-03-25)', () => {
    const a = accepted(validateAbsence(input({ reason: 'lunch', recurrence }), ctx));
    same(a.start, local('2026-03-25 12:00'));
    same(a.end, local('2026-03-25 13:00'));
    assert.equal(a.recurrence?.startTime, '12:00');
  });

  it('skips excepted dates and non-matching weekdays to find the first occurrence', () => {
    const a = accepted(validateAbsence(input({ reason: 'lunch', recurrence, exceptions: [plainDate('2026-03-25')] }), ctx));
    same(a.start, local('2026-03-30 12:00'));
    same(a.start, instant('2026-03-30T10:00:00Z'));
  });

  it('refuses a series with no occurrence, bad times or no weekdays', () => {
    assert.deepEqual(refusedCodes(validateAbsence(input({ reason: 'lunch', recurrence: { ...recurrence, weekdays: [1], until: plainDate('2026-03-28') } }), ctx)), ['absence.recurrence.empty']);
    assert.deepEqual(refusedCodes(validateAbsence(input({ reason: 'lunch', recurrence: { ...recurrence, weekdays: [], startTime: '25:00' } }), ctx)), ['absence.recurrence.weekdays', 'absence.recurrence.time']);
    assert.deepEqual(refusedCodes(validateAbsence(input({ reason: 'lunch', recurrence: { ...recurrence, weekdays: [1], until: plainDate('2026-03-01') } }), ctx)), ['absence.recurrence.until']);
  });
});
