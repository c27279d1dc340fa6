import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertEndsAudibly } from './invariants.js';
import type { CallPlan, RingStep } from './plan.js';
import { spokenText } from './text.js';
import { WEDNESDAY_10, away, fixture, local, planOf, summaries, type FixtureOptions } from './testing.js';

interface Scenario {
  name: string;
  world?: FixtureOptions;
  dialled: string;
  at?: string;
  from?: string;
  steps: string[];
  deviations?: string[];
}

function check(s: Scenario): CallPlan {
  const plan = planOf(fixture(s.world), s.dialled, s.at === undefined ? WEDNESDAY_10 : local(s.at), s.from ?? 'external');
  assert.deepEqual(summaries(plan), s.steps);
  assertEndsAudibly(plan);
  if (s.deviations !== undefined) {
    assert.deepEqual(plan.record.deviations.map((d) => `${d.code} ${d.personId ?? d.functionId ?? ''}`.trim()), s.deviations);
  }
  return plan;
}

function table(scenarios: Scenario[]): void {
  for (const s of scenarios) it(s.name, () => void check(s));
}

describe('a present person (P-SWB-1, P-MOB-8, P-SWB-3, P-SWB-5, P-VM-1)', () => {
  table([
    {
      name: 'P-SWB-1, P-SWB-3: the person, a colleague in the function, the rest of it, the switchboard, voicemail',
      dialled: '2101',
      steps: ['ring anna (sought)', 'ring bertil (colleague)', 'ring cecilia (function)', 'queue switchboard external', 'voicemail anna'],
      deviations: [],
    },
    {
      name: 'the direct number reaches the same person as the extension',
      dialled: '08-465 004 10',
      steps: ['ring anna (sought)', 'ring bertil (colleague)', 'ring cecilia (function)', 'queue switchboard external', 'voicemail anna'],
    },
    {
      name: 'P-SWB-3: an absent colleague is passed over for the next one in the function',
      world: { absences: [away('bertil', 'lunch', '2026-04-22 09:30', '2026-04-22 10:30')] },
      dialled: '2101',
      steps: ['ring anna (sought)', 'ring cecilia (colleague)', 'queue switchboard external', 'voicemail anna'],
    },
    {
      name: 'P-SWB-5: with the switchboard closed the chain goes straight on to voicemail',
      dialled: '2101',
      at: '2026-04-22 17:00',
      steps: ['ring anna (sought)', 'ring bertil (colleague)', 'ring cecilia (function)', 'voicemail anna'],
    },
    {
      name: 'P-SWB-7: an internal caller queues at the switchboard with internal priority',
      dialled: '2101',
      from: 'ivar',
      steps: ['ring anna (sought)', 'ring bertil (colleague)', 'ring cecilia (function)', 'queue switchboard internal', 'voicemail anna'],
    },
    {
      name: 'a person without a function: the person, the switchboard, voicemail',
      dialled: '2109',
      steps: ['ring ivar (sought)', 'queue switchboard external', 'voicemail ivar'],
    },
    {
      name: 'P-DIV-1: present but no phone registered and no mobile extension is a deviation; the chain still runs',
      dialled: '2104',
      steps: ['queue switchboard external', 'voicemail david'],
      deviations: ['unreachable-undiverted david'],
    },
    {
      name: 'P-VM-1: voicemail turned off by a recorded exception skips to the function\'s voicemail',
      world: { voicemailDisabled: ['anna'] },
      dialled: '2101',
      at: '2026-04-22 17:00',
      steps: ['ring anna (sought)', 'ring bertil (colleague)', 'ring cecilia (function)', 'voicemail function bygglov'],
      deviations: ['voicemail-disabled anna'],
    },
    {
      name: 'P-VM-1: voicemail off and no function: the switchboard\'s voicemail takes the message',
      world: { voicemailDisabled: ['ivar'] },
      dialled: '2109',
      steps: ['ring ivar (sought)', 'queue switchboard external', 'voicemail switchboard'],
      deviations: ['voicemail-disabled ivar'],
    },
  ]);

  it('P-SWB-1: every ring lasts the profile\'s ring time, 24 s by default, and says which rule made it', () => {
    const plan = planOf(fixture(), '2101');
    const rings = plan.steps.filter((s): s is RingStep => s.kind === 'ring');
    assert.deepEqual(rings.map((r) => [r.seconds, r.rule]), [[24, 'P-SWB-1'], [24, 'P-SWB-3'], [24, 'P-SWB-3']]);
    const longer = planOf(fixture({ profile: { ringTimeSeconds: 30 } }), '2101');
    assert.equal((longer.steps[0] as RingStep).seconds, 30);
  });

  it('P-MOB-8: a mobile extension rings although no desk phone is registered, and the target says so', () => {
    const plan = planOf(fixture(), '2102');
    assert.deepEqual(plan.steps[0], {
      kind: 'ring',
      targets: [{ kind: 'person', personId: 'bertil', devices: 'all-registered', mobileExtension: true }],
      seconds: 24,
      role: 'sought',
      rule: 'P-SWB-1',
    });
    assert.deepEqual(plan.record.deviations, []);
  });

  it('P-VM-2: the greeting is the personal one, else the name clip, else the standard one; a missing one is a deviation', () => {
    const greetingOf = (options: FixtureOptions) => {
      const last = planOf(fixture(options), '2109', local('2026-04-22 17:00')).steps.at(-1);
      assert.equal(last?.kind, 'voicemail');
      return last.kind === 'voicemail' && last.box.kind === 'person' ? last.box.greeting : null;
    };
    assert.equal(greetingOf({}), 'personal');
    assert.equal(greetingOf({ greetings: [], nameClips: ['ivar'] }), 'name-clip');
    assert.equal(greetingOf({ greetings: [] }), 'standard');
    const plan = planOf(fixture({ greetings: [] }), '2109', local('2026-04-22 17:00'));
    assert.deepEqual(plan.record.deviations, [{ code: 'greeting-missing', rule: 'P-VM-2', personId: 'ivar' }]);
  });

  it('the record says who was sought, their presence, and the rules the plan used', () => {
    const { record } = planOf(fixture(), '2101');
    assert.deepEqual(record.reached, { kind: 'person', personId: 'anna' });
    assert.deepEqual(record.presence, { state: 'available' });
    assert.equal(record.switchboardOpen, true);
    assert.equal(record.outsidePhoneHours, false);
    assert.equal(record.origin, 'trunk');
    assert.deepEqual(record.rules, ['P-SWB-1', 'P-SWB-3', 'P-SWB-5', 'P-VM-1']);
  });
});

describe('an absent person (P-DIV-1, P-SWB-4, P-DIV-10)', () => {
  const meeting = (target?: Parameters<typeof away>[4]) => away('anna', 'meeting', '2026-04-22 09:00', '2026-04-22 14:00', target);
  table([
    {
      name: 'P-DIV-1: target voicemail: the spoken absence, then voicemail',
      world: { absences: [meeting()] },
      dialled: '2101',
      steps: ['announce absence', 'voicemail anna'],
    },
    {
      name: 'P-DIV-1: "öppen hänvisning" rings the person first, then announces',
      world: { absences: [meeting()], profile: { absenceAnnouncement: 'after-ringing' } },
      dialled: '2101',
      steps: ['ring anna (sought)', 'announce absence', 'voicemail anna'],
    },
    {
      name: 'P-DIV-1: target a present colleague: the absence, the colleague, then voicemail',
      world: { absences: [meeting({ kind: 'person', personId: 'cecilia' })] },
      dialled: '2101',
      steps: ['announce absence', 'ring cecilia (diversion)', 'voicemail anna'],
    },
    {
      name: 'P-DIV-1: target a colleague with no phone to ring: a deviation, then voicemail',
      world: { absences: [meeting({ kind: 'person', personId: 'david' })] },
      dialled: '2101',
      steps: ['announce absence', 'voicemail anna'],
      deviations: ['unreachable-undiverted david'],
    },
    {
      name: 'P-DIV-1: a colleague who is absent too: their diversion is followed',
      world: {
        absences: [meeting({ kind: 'person', personId: 'cecilia' }), away('cecilia', 'lunch', '2026-04-22 09:30', '2026-04-22 10:30', { kind: 'person', personId: 'ivar' })],
      },
      dialled: '2101',
      steps: ['announce absence', 'ring ivar (diversion)', 'voicemail anna'],
    },
    {
      name: 'P-DIV-1: a loop of diversions is detected and ends in the sought person\'s voicemail',
      world: {
        absences: [meeting({ kind: 'person', personId: 'cecilia' }), away('cecilia', 'lunch', '2026-04-22 09:30', '2026-04-22 10:30', { kind: 'person', personId: 'anna' })],
      },
      dialled: '2101',
      steps: ['announce absence', 'voicemail anna'],
      deviations: ['diversion-loop anna'],
    },
    {
      name: 'P-DIV-1: at most three hops are followed, then voicemail',
      world: {
        absences: [
          meeting({ kind: 'person', personId: 'cecilia' }),
          away('cecilia', 'meeting', '2026-04-22 09:00', '2026-04-22 11:00', { kind: 'person', personId: 'erik' }),
          away('erik', 'meeting', '2026-04-22 09:00', '2026-04-22 11:00', { kind: 'person', personId: 'frida' }),
          away('frida', 'meeting', '2026-04-22 09:00', '2026-04-22 11:00', { kind: 'person', personId: 'ivar' }),
        ],
      },
      dialled: '2101',
      steps: ['announce absence', 'voicemail anna'],
      deviations: ['diversion-too-long ivar'],
    },
    {
      name: 'P-DIV-1, P-GRP-1: target a function: its available members together, its overflow in turn, the switchboard',
      world: { absences: [meeting({ kind: 'function', functionId: 'bygglov' })] },
      dialled: '2101',
      steps: ['announce absence', 'ring bertil+cecilia (function)', 'ring gustav (function)', 'ring helena (function)', 'queue switchboard external', 'voicemail anna'],
    },
    {
      name: 'P-DIV-10: target the reception: the unit\'s "expeditionen"',
      world: { absences: [away('ivar', 'vacation', '2026-04-20 00:00', '2026-05-04 00:00', { kind: 'reception' })] },
      dialled: '2109',
      steps: ['announce absence', 'ring gustav (function)', 'queue switchboard external', 'voicemail ivar'],
    },
    {
      name: 'P-DIV-10: a unit without a reception of its own uses its parent\'s',
      world: { absences: [meeting({ kind: 'reception' })], units: { kommun: { receptionFunctionId: 'kundcenter' } } },
      dialled: '2101',
      steps: ['announce absence', 'ring gustav (function)', 'ring helena (function)', 'queue switchboard external', 'voicemail anna'],
    },
    {
      name: 'P-DIV-10: with no reception up the units, the switchboard',
      world: { absences: [meeting({ kind: 'reception' })] },
      dialled: '2101',
      steps: ['announce absence', 'queue switchboard external', 'voicemail anna'],
    },
    {
      name: 'P-DIV-1: target the switchboard while it is open',
      world: { absences: [meeting({ kind: 'switchboard' })] },
      dialled: '2101',
      steps: ['announce absence', 'queue switchboard external', 'voicemail anna'],
    },
    {
      name: 'P-DIV-1: target the switchboard while it is closed (lunch): the message goes to voicemail',
      world: { absences: [away('anna', 'meeting', '2026-04-22 09:00', '2026-04-22 14:00', { kind: 'switchboard' })] },
      dialled: '2101',
      at: '2026-04-22 12:30',
      steps: ['announce absence', 'voicemail anna'],
    },
    {
      name: 'P-COST-1: target an internal number nobody has: a forward step',
      world: { absences: [meeting({ kind: 'number', number: '2950' })] },
      dialled: '2101',
      steps: ['announce absence', 'forward 2950', 'voicemail anna'],
    },
    {
      name: 'P-COST-1: target a colleague\'s extension is followed like the colleague',
      world: { absences: [meeting({ kind: 'number', number: 'ankn 2103' })] },
      dialled: '2101',
      steps: ['announce absence', 'ring cecilia (diversion)', 'voicemail anna'],
    },
    {
      name: 'P-COST-1: target an external number is never dialled; the deviation is recorded',
      world: { absences: [meeting({ kind: 'number', number: '070-123 45 67' })] },
      dialled: '2101',
      steps: ['announce absence', 'voicemail anna'],
      deviations: ['forward-external-blocked'],
    },
    {
      name: 'P-DIV-11: a diversion to someone who no longer exists is a deviation',
      world: { absences: [meeting({ kind: 'person', personId: 'gone' })] },
      dialled: '2101',
      steps: ['announce absence', 'voicemail anna'],
      deviations: ['target-missing gone'],
    },
    {
      name: 'P-VM-1: absent with voicemail off: the absence, then the switchboard and the function\'s voicemail',
      world: { absences: [meeting()], voicemailDisabled: ['anna'] },
      dialled: '2101',
      steps: ['announce absence', 'queue switchboard external', 'voicemail function bygglov'],
    },
  ]);

  it('P-DIV-1, P-SWB-4, P-DIV-3: the announcement carries the reason and the return time of the whole chain', () => {
    const lunchAfter = away('anna', 'lunch', '2026-04-22 14:00', '2026-04-22 15:00');
    const plan = planOf(fixture({ absences: [away('anna', 'meeting', '2026-04-22 09:00', '2026-04-22 14:00'), lunchAfter] }), '2101');
    const announce = plan.steps[0]!;
    assert.equal(announce.kind, 'announce');
    assert.equal(announce.rule, 'P-DIV-1');
    assert.ok(announce.kind === 'announce' && announce.sentence === 'absence', 'an absence announcement');
    assert.deepEqual(announce.data, { personId: 'anna', reason: 'meeting', label: { sv: 'Möte', en: 'Meeting' }, returnsAt: local('2026-04-22 15:00') });
    assert.equal(spokenText(announce, WEDNESDAY_10, 'sv'), 'Möte – åter kl. 15.00.');
    assert.deepEqual(plan.record.presence, { state: 'absent', reason: 'meeting', returnsAt: local('2026-04-22 15:00') });
  });

  it('P-SWB-4: a return on another day names the day, across the DST night', () => {
    const plan = planOf(fixture({ absences: [away('anna', 'gone-for-day', '2026-03-27 15:00', '2026-03-30 08:00')] }), '2101', local('2026-03-27 16:00'));
    assert.equal(spokenText(plan.steps[0]!, local('2026-03-27 16:00'), 'sv'), 'Gått för dagen – åter måndag 30 mars kl. 08.00.');
    assert.equal(spokenText(plan.steps[0]!, local('2026-03-27 16:00'), 'en'), 'Gone for the day – back Monday 30 March at 08:00.');
  });
});
