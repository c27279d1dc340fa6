import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accepted, local, refusedCodes } from '../presence/testing.js';
import { createCallback } from './callback.js';
import { ctx, message } from './testing.js';



describe('createCallback: P-CB-1 due dates (worked examples of swedish-calendar.md)', () => {
  const examples: [string, string, string][] = [
    ['2026-03-27 15:00', '2026-03-31 16:30', 'a Friday message is due Tuesday'],
    ['2026-04-02 15:00', '2026-04-08 16:30', 'skärtorsdagen: Easter is skipped, due Wednesday'],
    ['2026-04-03 15:00', '2026-04-08 16:30', 'långfredagen is day 0 though not a working day'],
    ['2026-12-24 11:00', '2026-12-29 16:30', 'julafton: the Christmas days are skipped'],
    ['2026-12-30 14:00', '2027-01-05 12:00', 'nyårsafton and nyårsdagen skipped; the due day is a half day, due 12:00'],
    ['2027-05-05 13:00', '2027-05-10 16:30', 'the day before Kristi himmelsfärd'],
    ['2027-06-24 16:00', '2027-06-29 16:30', 'midsommarafton is not a working day'],
  ];
  for (const [received, due, why] of examples) {
    it(`P-CB-1: received ${received}, due ${due} (${why})`, () => {
      const cb = accepted(createCallback(message({ receivedAt: local(received) }), ctx));
      assert.equal(cb.due.toString(), local(due).toString());
      assert.equal(cb.firstDue.toString(), cb.due.toString());
      assert.equal(cb.status, 'open');
      assert.deepEqual(cb.replans, []);
    });
  }

  it('P-CB-1: the profile decides the number of working days', () => {
    const cb = accepted(createCallback(message({ receivedAt: local('2026-03-27 15:00') }), { ...ctx, profileDays: 3 }));
    assert.equal(cb.due.toString(), local('2026-04-01 16:30').toString());
  });

  it('P-CB-1: a message late in the evening still makes that day day 0', () => {
    const cb = accepted(createCallback(message({ receivedAt: local('2026-03-10 23:59') }), ctx));
    assert.equal(cb.due.toString(), local('2026-03-12 16:30').toString());
  });
});

describe('createCallback: the message', () => {
  it('P-SWB-5: keeps who took the message, the caller and what it concerns, trimmed', () => {
    const cb = accepted(createCallback(message({ caller: { name: ' Sven ', number: ' 070-123 45 67 ', email: '' }, concerns: ' Garage ' }), ctx));
    assert.deepEqual(cb.caller, { name: 'Sven', number: '070-123 45 67' });
    assert.equal(cb.concerns, 'Garage');
    assert.equal(cb.takenBy, 'olle');
    assert.equal(cb.source, 'operator');
  });

  it('P-SWB-5: a message taken by an operator must name the operator', () => {
    const r = createCallback(message({ takenBy: ' ' }), ctx);
    assert.deepEqual(refusedCodes(r), ['callback.taken-by.required']);
    assert.equal(r.ok ? '' : r.problems[0]?.rule, 'P-SWB-5');
  });

  it('P-CB-1: a taken message needs a number or an e-mail address to answer', () => {
    assert.deepEqual(refusedCodes(createCallback(message({ caller: { name: 'Sven' } }), ctx)), ['callback.caller.contact.required']);
    const byMail = accepted(createCallback(message({ caller: { email: 'sven@example.se' }, source: 'web', takenBy: undefined }), ctx));
    assert.equal(byMail.caller.email, 'sven@example.se');
    assert.equal('takenBy' in byMail, false);
  });

  it('a voicemail from a withheld number, with no words about it, is still a call-back', () => {
    const cb = accepted(createCallback(message({ source: 'voicemail', caller: {}, concerns: undefined, takenBy: undefined }), ctx));
    assert.equal(cb.concerns, '');
    assert.deepEqual(cb.caller, {});
  });

  it('refuses bad numbers and addresses, a missing subject, a missing person and a bad profile, all at once', () => {
    const r = createCallback(message({ personId: '', caller: { number: 'ring mig', email: 'sven' }, concerns: '' }), { ...ctx, profileDays: 0 });
    assert.deepEqual(refusedCodes(r), [
      'callback.profile-days',
      'callback.person.required',
      'callback.caller.number.invalid',
      'callback.caller.email.invalid',
      'callback.concerns.required',
    ]);
  });
});
