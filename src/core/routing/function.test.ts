import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { valdemarsvik } from '../policy/index.js';
import { instant } from '../time.js';
import { IN_TURN_MAX_MEMBERS, TOGETHER_MAX_MEMBERS } from './builder.js';
import { assertEndsAudibly } from './invariants.js';
import { planCall } from './route.js';
import { SnapshotWorld } from './snapshot.js';
import { spokenText } from './text.js';
import { WEDNESDAY_10, away, callOf, fixture, local, planOf, summaries } from './testing.js';
import type { RingStrategy } from './world.js';

const allAway = ['anna', 'bertil', 'cecilia'].map((id) => away(id, 'meeting', '2026-04-22 09:00', '2026-04-22 13:00'));

describe('functions ring their members, then overflow (P-GRP-1)', () => {
  it('P-GRP-1: together, then the overflow function in turn, the switchboard, the function\'s voicemail', () => {
    const plan = planOf(fixture(), '2200');
    assert.deepEqual(summaries(plan), [
      'ring anna+bertil+cecilia (function)',
      'ring gustav (function)',
      'ring helena (function)',
      'queue switchboard external',
      'voicemail function bygglov',
    ]);
    assert.deepEqual(plan.record.reached, { kind: 'function', functionId: 'bygglov' });
    assert.deepEqual(plan.steps.map((s) => s.rule), ['P-GRP-1', 'P-GRP-1', 'P-GRP-1', 'P-GRP-1', 'P-VM-1']);
    assertEndsAudibly(plan);
  });

  it('P-GRP-1: nobody available goes straight to the overflow and counts as a deviation', () => {
    const plan = planOf(fixture({ absences: allAway }), '2200');
    assert.deepEqual(summaries(plan), ['ring gustav (function)', 'ring helena (function)', 'queue switchboard external', 'voicemail function bygglov']);
    assert.deepEqual(plan.record.deviations, [{ code: 'nobody-available', rule: 'P-GRP-1', functionId: 'bygglov' }]);
  });

  it('P-GRP-1: nobody available and no overflow, switchboard closed: the function\'s voicemail', () => {
    const plan = planOf(fixture({ absences: allAway, functions: { bygglov: { overflow: null } } }), '2200', local('2026-04-22 10:30'));
    const closed = planOf(fixture({ absences: allAway, functions: { bygglov: { overflow: null } } }), '2200', local('2026-04-22 12:30'));
    assert.deepEqual(summaries(plan), ['queue switchboard external', 'voicemail function bygglov']);
    assert.deepEqual(summaries(closed), ['voicemail function bygglov']);
  });

  it('P-GRP-1: an overflow loop between two functions is detected', () => {
    const plan = planOf(fixture({ functions: { kundcenter: { ringStrategy: 'in-turn', overflow: { kind: 'function', functionId: 'bygglov' } } } }), '2200');
    assert.deepEqual(summaries(plan), [
      'ring anna+bertil+cecilia (function)',
      'ring gustav (function)',
      'ring helena (function)',
      'queue switchboard external',
      'voicemail function bygglov',
    ]);
    assert.deepEqual(plan.record.deviations, [{ code: 'diversion-loop', rule: 'P-DIV-1', functionId: 'bygglov' }]);
  });

  it('P-GRP-1, P-COST-1: an overflow to a person rings them; to an external number it is not followed', () => {
    const toIvar = planOf(fixture({ functions: { bygglov: { overflow: { kind: 'person', personId: 'ivar' } } } }), '2200');
    assert.deepEqual(summaries(toIvar).slice(0, 2), ['ring anna+bertil+cecilia (function)', 'ring ivar (overflow)']);
    const external = planOf(fixture({ functions: { bygglov: { overflow: { kind: 'number', number: '+46701234567' } } } }), '2200');
    assert.deepEqual(summaries(external), ['ring anna+bertil+cecilia (function)', 'queue switchboard external', 'voicemail function bygglov']);
    assert.deepEqual(external.record.deviations, [{ code: 'forward-external-blocked', rule: 'P-COST-1' }]);
  });

  it(`rings at most ${TOGETHER_MAX_MEMBERS} members together and ${IN_TURN_MAX_MEMBERS} in turn, in member order`, () => {
    const ids = Array.from({ length: 30 }, (_, i) => `m${i}`);
    const world = (ringStrategy: RingStrategy) =>
      new SnapshotWorld({
        profile: valdemarsvik,
        directory: {
          units: [],
          functions: [{ id: 'stor', name: 'Stor', extension: '2500', memberIds: ids }],
          people: ids.map((id, i) => ({ id, firstName: id, lastName: 'T', functionIds: ['stor'], extension: String(2600 + i), mobileExtension: false, matters: [], role: 'employee' as const, electedMember: false })),
        },
        functionSettings: new Map([['stor', { ringStrategy }]]),
        registeredContacts: new Map(ids.map((id) => [id, 1])),
        absences: new Map([['m0', [away('m0', 'lunch', '2026-04-22 09:00', '2026-04-22 11:00')]]]),
      });
    const together = planCall(callOf('2500', WEDNESDAY_10), world('together').at(WEDNESDAY_10));
    const first = together.steps[0]!;
    assert.ok(first.kind === 'ring', 'a ring step first');
    assert.deepEqual(first.targets.map((t) => t.personId), ids.slice(1, 1 + TOGETHER_MAX_MEMBERS));
    const inTurn = planCall(callOf('2500', WEDNESDAY_10), world('in-turn').at(WEDNESDAY_10));
    assert.deepEqual(summaries(inTurn), [...ids.slice(1, 1 + IN_TURN_MAX_MEMBERS).map((id) => `ring ${id} (function)`), 'queue switchboard external', 'voicemail function stor']);
  });
});

describe('phone hours: diverted, never rejected (P-HRS-1)', () => {
  it('P-HRS-1: a function outside its phone hours announces them, then the switchboard and its voicemail', () => {
    const plan = planOf(fixture(), '2300', local('2026-04-22 14:00'));
    assert.deepEqual(summaries(plan), ['announce phone-hours', 'queue switchboard external', 'voicemail function mottagning']);
    const announce = plan.steps[0]!;
    assert.ok(announce.kind === 'announce' && announce.sentence === 'phone-hours', 'a phone-hours announcement');
    assert.deepEqual(announce.data, { scope: { kind: 'unit', unitId: 'social' }, opensAt: local('2026-04-23 09:00') });
    assert.equal(announce.rule, 'P-HRS-1');
    assert.equal(plan.record.outsidePhoneHours, true);
    assert.equal(spokenText(announce, local('2026-04-22 14:00'), 'sv'), 'Telefontiden är slut. Vi svarar igen torsdag 23 april kl. 09.00.');
  });

  it('P-HRS-1: within phone hours the members ring', () => {
    const plan = planOf(fixture(), '2300', local('2026-04-22 10:00'));
    assert.deepEqual(summaries(plan), ['ring erik+frida (function)', 'queue switchboard external', 'voicemail function mottagning']);
    assert.equal(plan.record.outsidePhoneHours, false);
  });

  it('P-HRS-1: work calls get through: an internal caller reaches the members outside phone hours', () => {
    const plan = planOf(fixture(), '2300', local('2026-04-22 14:00'), 'anna');
    assert.deepEqual(summaries(plan), ['ring erik+frida (function)', 'queue switchboard internal', 'voicemail function mottagning']);
  });

  it('P-HRS-1: a person outside the unit\'s phone hours: the hours, the switchboard, their voicemail', () => {
    const plan = planOf(fixture(), '2105', local('2026-04-22 14:00'));
    assert.deepEqual(summaries(plan), ['announce phone-hours', 'queue switchboard external', 'voicemail erik']);
    assert.deepEqual(plan.record.rules, ['P-HRS-1', 'P-VM-1']);
  });

  it('P-HRS-1: ... or their function, when it keeps longer phone hours of its own', () => {
    const plan = planOf(fixture({ functions: { mottagning: { phoneHours: valdemarsvik.switchboardHours } } }), '2105', local('2026-04-22 14:00'));
    assert.deepEqual(summaries(plan), ['announce phone-hours', 'ring erik+frida (function)', 'queue switchboard external', 'voicemail erik']);
  });

  it('P-HRS-1, DST: the same UTC time is before phone hours in winter time and within them in summer time', () => {
    // 07:30 UTC is 08:30 on Friday 27 March (CET) and 09:30 on Monday 30 March (CEST).
    const friday = planOf(fixture(), '2300', instant('2026-03-27T07:30:00Z'));
    const monday = planOf(fixture(), '2300', instant('2026-03-30T07:30:00Z'));
    assert.equal(friday.steps[0]?.kind, 'announce');
    assert.equal(monday.steps[0]?.kind, 'ring');
    const announce = friday.steps[0]!;
    assert.ok(announce.kind === 'announce' && announce.sentence === 'phone-hours', 'a phone-hours announcement');
    assert.equal(announce.data.opensAt?.toString(), '2026-03-27T08:00:00Z');
  });

  it('P-HRS-1: on Långfredagen the phone hours and the switchboard are closed; they open again on the Tuesday after Easter', () => {
    const plan = planOf(fixture(), '2300', local('2026-04-03 10:00'));
    assert.deepEqual(summaries(plan), ['announce phone-hours', 'voicemail function mottagning']);
    const announce = plan.steps[0]!;
    assert.ok(announce.kind === 'announce' && announce.sentence === 'phone-hours', 'a phone-hours announcement');
    assert.deepEqual(announce.data.opensAt, local('2026-04-07 09:00'));
    assert.equal(plan.record.switchboardOpen, false);
  });
});
