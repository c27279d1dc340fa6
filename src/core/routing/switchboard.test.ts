import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { valdemarsvik } from '../policy/index.js';
import { instant, type Instant } from '../time.js';
import { assertEndsAudibly } from './invariants.js';
import type { AnsweringMachineStep, CallPlan } from './plan.js';
import { planCall } from './route.js';
import { spokenText } from './text.js';
import { WEDNESDAY_10, callOf, fixture, local, planOf, summaries, type FixtureOptions } from './testing.js';

const MAIN = '08-465 004 00';

function machine(plan: CallPlan): AnsweringMachineStep {
  const step = plan.steps[0];
  assert.equal(step?.kind, 'answering-machine');
  return step as AnsweringMachineStep;
}

describe('the main number (P-SWB-7, P-SWB-6)', () => {
  it('P-SWB-7: open: an external caller queues with external priority; overflow to the switchboard\'s voicemail', () => {
    const plan = planOf(fixture(), MAIN);
    assert.deepEqual(summaries(plan), ['queue switchboard external', 'voicemail switchboard']);
    assert.deepEqual(plan.steps[0], { kind: 'queue', queue: 'switchboard', priority: 'external', maxWaitSeconds: 180, rule: 'P-SWB-7' });
    assert.deepEqual(plan.record.reached, { kind: 'switchboard' });
    assertEndsAudibly(plan);
  });

  it('P-SWB-7: the operator extension from inside queues with internal priority', () => {
    assert.deepEqual(summaries(planOf(fixture(), '2000', WEDNESDAY_10, 'anna')), ['queue switchboard internal', 'voicemail switchboard']);
  });

  it('P-FC-1, P-COST-1: a queue that overflows to an internal number forwards there before voicemail', () => {
    const internal = planOf(fixture({ profile: { queue: { ...valdemarsvik.queue, overflowTo: { kind: 'number', number: '2950' } } } }), MAIN);
    assert.deepEqual(summaries(internal), ['queue switchboard external', 'forward 2950', 'voicemail switchboard']);
    const toFunction = planOf(fixture({ profile: { queue: { ...valdemarsvik.queue, overflowTo: { kind: 'number', number: '2201' } } } }), MAIN);
    assert.deepEqual(summaries(toFunction), ['queue switchboard external', 'ring gustav (function)', 'ring helena (function)', 'voicemail switchboard']);
  });

  it('P-SWB-6: closed for lunch: the answering machine with the hours and the on-call numbers, then voicemail', () => {
    const at = local('2026-04-22 12:30');
    const plan = planOf(fixture(), MAIN, at);
    assert.deepEqual(summaries(plan), ['answering-machine', 'voicemail switchboard']);
    const m = machine(plan);
    assert.equal(m.rule, 'P-SWB-6');
    assert.deepEqual(m.status, { sv: 'Stängt för lunch – öppnar kl. 13.00', en: 'Closed for lunch – opens at 13:00' });
    assert.deepEqual(m.today, { date: '2026-04-22', intervals: [{ from: '08:00', to: '12:00' }, { from: '13:00', to: '16:00' }], note: null });
    assert.deepEqual(m.opensAt, local('2026-04-22 13:00'));
    // P-COST-1: the on-call mobiles are read out but not connected.
    assert.deepEqual(m.onCall, [
      { label: 'Socialjouren', number: '+46701740605', connectable: false },
      { label: 'Tekniska jouren, vatten och avlopp', number: '+46701740606', connectable: false },
    ]);
    assert.equal(
      spokenText(m, at, 'sv'),
      'Välkommen till Valdemarsviks kommun. Växeln: Stängt för lunch – öppnar kl. 13.00. Socialjouren: 070-174 06 05. Tekniska jouren, vatten och avlopp: 070-174 06 06.',
    );
    assert.equal(plan.record.switchboardOpen, false);
  });

  it('P-SWB-6: on Långfredagen the machine names the holiday and the next opening after Easter', () => {
    const at = local('2026-04-03 10:00');
    const m = machine(planOf(fixture(), MAIN, at));
    assert.equal(m.today.note, 'Långfredagen');
    assert.deepEqual(m.opensAt, local('2026-04-07 08:00'));
    assert.equal(m.status.sv, 'Stängt – öppnar tisdag 7 april kl. 08.00');
    assert.match(spokenText(m, at, 'sv') ?? '', /Idag: Långfredagen\./);
  });

  it('P-SWB-6, P-SWB-8: the afternoon of a half day (valborgsmässoafton, the day before första maj) is closed', () => {
    const m = machine(planOf(fixture(), MAIN, local('2026-04-30 13:30')));
    assert.equal(m.today.note, 'Halvdag – valborgsmässoafton');
    assert.deepEqual(m.opensAt, local('2026-05-04 08:00'));
  });

  it('P-SWB-6: today\'s exception is announced with its note', () => {
    const hours = { ...valdemarsvik.switchboardHours, exceptions: [{ date: '2026-05-15', intervals: [], note: 'Klämdag' }] };
    const at = local('2026-05-15 09:00');
    const m = machine(planOf(fixture({ profile: { switchboardHours: hours } }), MAIN, at));
    assert.deepEqual(m.today, { date: '2026-05-15', intervals: [], note: 'Klämdag' });
    assert.equal(m.status.sv, 'Stängt – öppnar måndag 18 maj kl. 08.00');
  });

  it('P-SWB-6: on-call numbers by their own hours; an internal on-call number may be connected (P-COST-1)', () => {
    const nights = { ...valdemarsvik.switchboardHours, weekly: { 1: [{ from: '16:00', to: '24:00' as const }], 2: [{ from: '16:00', to: '24:00' as const }], 3: [{ from: '16:00', to: '24:00' as const }] } };
    const options: FixtureOptions = {
      profile: {
        onCall: [
          { label: 'Kvällsjouren', number: '+46701740607', when: nights },
          { label: 'Fastighetsjouren', number: '+46846500449', when: 'always' },
        ],
      },
    };
    const evening = machine(planOf(fixture(options), MAIN, local('2026-04-22 18:00')));
    const morning = machine(planOf(fixture(options), MAIN, local('2026-04-22 07:00')));
    assert.deepEqual(evening.onCall.map((o) => [o.label, o.connectable]), [['Kvällsjouren', false], ['Fastighetsjouren', true]]);
    assert.deepEqual(morning.onCall.map((o) => o.label), ['Fastighetsjouren']);
  });

  it('P-SWB-8, DST: 06:30 UTC is 07:30 (closed) before the spring change and 08:30 (open) after it', () => {
    assert.deepEqual(summaries(planOf(fixture(), MAIN, instant('2026-03-27T06:30:00Z'))), ['answering-machine', 'voicemail switchboard']);
    assert.deepEqual(summaries(planOf(fixture(), MAIN, instant('2026-03-30T06:30:00Z'))), ['queue switchboard external', 'voicemail switchboard']);
    // And in autumn: 07:30 UTC is 09:30 on Friday 23 October, 08:30 on Monday 26 October.
    assert.equal(planOf(fixture(), MAIN, instant('2026-10-26T07:30:00Z')).steps[0]?.kind, 'queue');
    assert.equal(planOf(fixture(), MAIN, instant('2026-10-26T06:30:00Z')).steps[0]?.kind, 'answering-machine');
  });

  it('the world may answer "is the switchboard open?" itself', () => {
    const world = { ...fixture().at(WEDNESDAY_10), switchboardOpen: (_: Instant) => false };
    assert.deepEqual(summaries(planCall(callOf(MAIN, WEDNESDAY_10), world)), ['answering-machine', 'voicemail switchboard']);
  });
});

describe('unknown numbers and the special numbers (P-FC-1, P-VM-3, P-DIV-6)', () => {
  it('P-FC-1: a direct number nobody has: "finns inte", then the switchboard when it is open', () => {
    const plan = planOf(fixture(), '08-465 004 49');
    assert.deepEqual(summaries(plan), ['announce number-unknown', 'queue switchboard external', 'voicemail switchboard']);
    assert.equal(spokenText(plan.steps[0]!, WEDNESDAY_10, 'sv'), 'Numret du har slagit finns inte. Du kopplas till växeln.');
    assert.deepEqual(plan.record.reached, { kind: 'unknown' });
  });

  it('P-FC-1: ... and a spoken refusal when it is closed', () => {
    const plan = planOf(fixture(), '08-465 004 49', local('2026-04-22 20:00'));
    assert.deepEqual(summaries(plan), ['refuse number-unknown']);
    const refuse = plan.steps[0]!;
    assert.ok(refuse.kind === 'refuse', 'a spoken refusal');
    assert.equal(refuse.rule, 'P-FC-1');
    assert.equal(refuse.problem.sv, 'Numret du har slagit finns inte.');
    assert.equal(refuse.problem.code, 'routing.refused.number-unknown');
  });

  it('P-FC-1: an internal caller dialling an unused extension or nonsense hears the refusal at once', () => {
    assert.deepEqual(summaries(planOf(fixture(), '2950', WEDNESDAY_10, 'anna')), ['refuse number-unknown']);
    assert.deepEqual(summaries(planOf(fixture(), 'hej', WEDNESDAY_10, 'anna')), ['refuse number-unknown']);
    assert.deepEqual(summaries(planOf(fixture(), '', WEDNESDAY_10, 'anna')), ['refuse number-unknown']);
  });

  it('P-COST-1: a call from outside for an outside number is not carried through; the caller reaches the switchboard', () => {
    assert.deepEqual(summaries(planOf(fixture(), '070-123 45 67')), ['announce number-unknown', 'queue switchboard external', 'voicemail switchboard']);
  });

  it('P-DIV-11: a number the plan gives to someone the directory does not know is a deviation and unknown', () => {
    const base = fixture().at(WEDNESDAY_10);
    const world = { ...base, lookupNumber: (key: string) => (key === '2950' ? { kind: 'person' as const, personId: 'ghost' } : base.lookupNumber(key)) };
    const plan = planCall(callOf('2950', WEDNESDAY_10), world);
    assert.deepEqual(summaries(plan), ['announce number-unknown', 'queue switchboard external', 'voicemail switchboard']);
    assert.deepEqual(plan.record.deviations, [{ code: 'target-missing', rule: 'P-DIV-11', personId: 'ghost' }]);
  });

  it('P-VM-3: the voicemail number opens the caller\'s own box from inside, and asks for the box from outside', () => {
    assert.deepEqual(planOf(fixture(), '2999', WEDNESDAY_10, 'anna').steps, [{ kind: 'voicemail-access', personId: 'anna', rule: 'P-VM-3' }]);
    assert.deepEqual(planOf(fixture(), '2999').steps, [{ kind: 'voicemail-access', personId: null, rule: 'P-VM-3' }]);
  });

  it('P-DIV-6: the automatic operator\'s number hands the call to the automatic operator', () => {
    const plan = planOf(fixture({ profile: { numberPlan: { ...valdemarsvik.numberPlan, automaticOperatorNumber: '2998' } } }), '2998');
    assert.deepEqual(plan.steps, [{ kind: 'automatic-operator', rule: 'P-DIV-6' }]);
    assert.deepEqual(plan.record.reached, { kind: 'automatic-operator' });
  });
});

describe('the answering machine\'s hours are worked out once per closed spell', () => {
  it('P-SWB-6: two calls in the same lunch break share the frozen status; after lunch it is worked out anew', () => {
    const world = fixture();
    const first = machine(planOf(world, MAIN, local('2026-04-22 12:05')));
    const same = machine(planOf(world, MAIN, local('2026-04-22 12:59').add({ seconds: 59 })));
    const evening = machine(planOf(world, MAIN, local('2026-04-22 16:30')));
    assert.equal(same.status, first.status);
    assert.equal(same.today, first.today);
    assert.ok(Object.isFrozen(first.status) && Object.isFrozen(first.today.intervals), 'frozen');
    assert.equal(evening.status.sv, 'Stängt – öppnar torsdag 23 april kl. 08.00');
    assert.deepEqual(evening.today, first.today);
  });

  it('P-SWB-6: the last moment before the Stockholm midnight still speaks of that day', () => {
    const m = machine(planOf(fixture(), MAIN, local('2026-04-23 00:00').subtract({ milliseconds: 1 })));
    assert.equal(m.today.date, '2026-04-22');
    assert.equal(m.status.sv, 'Stängt – öppnar torsdag 23 april kl. 08.00');
    const after = machine(planOf(fixture(), MAIN, local('2026-04-23 00:00')));
    assert.equal(after.today.date, '2026-04-23');
    assert.equal(after.status.sv, 'Stängt – öppnar kl. 08.00');
  });
});
