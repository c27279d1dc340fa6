import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { valdemarsvik } from '../policy/index.js';
import { assertEndsAudibly } from './invariants.js';
import { parsePhoneCode } from './phone-codes.js';
import type { CallRequest, RoutingWorld } from './world.js';
import { planCall } from './route.js';
import { WEDNESDAY_10, fixture, local, planOf, summaries, type FixtureOptions } from './testing.js';

const approved = (kind: 'premium-rate' | 'international', validUntil: string | null = null): FixtureOptions => ({
  approvals: [{ personId: 'anna', kind, validUntil: validUntil === null ? null : local(validUntil) }],
});

describe('outbound calls (P-COST-2, P-COST-3)', () => {
  const cases: { name: string; dialled: string; world?: FixtureOptions; steps: string[]; rule?: string | null; approved?: boolean }[] = [
    { name: '112 goes out', dialled: '112', steps: ['connect 112'], rule: null },
    { name: '1177 Vårdguiden is allowed', dialled: '1177', steps: ['connect 1177'], rule: null },
    { name: '113 13 is allowed', dialled: '113 13', steps: ['connect 11313'], rule: null },
    { name: '114 14 is allowed', dialled: '11414', steps: ['connect 11414'], rule: null },
    { name: 'a mobile number goes out in E.164', dialled: '070-123 45 67', steps: ['connect +46701234567'], rule: null },
    { name: 'P-COST-2, P-SWB-12: 118 118 is refused without an approval', dialled: '118 118', steps: ['refuse directory-enquiry'], rule: 'P-COST-2' },
    { name: 'P-COST-2: 118 118 with the manager\'s approval', dialled: '118118', world: approved('premium-rate'), steps: ['connect 118118'], rule: 'P-COST-2', approved: true },
    { name: 'P-COST-2: a premium-rate number is refused without an approval', dialled: '0900-123 45 67', steps: ['refuse premium-rate'], rule: 'P-COST-2' },
    { name: 'P-COST-2: an approval that has run out does not count', dialled: '0939-123 456', world: approved('premium-rate', '2026-04-01 00:00'), steps: ['refuse premium-rate'], rule: 'P-COST-2' },
    { name: 'P-COST-2: an approval for calls abroad does not open premium rate', dialled: '099-123 456', world: approved('international'), steps: ['refuse premium-rate'], rule: 'P-COST-2' },
    { name: 'P-COST-2: a valid approval opens premium rate', dialled: '0944-123 456', world: approved('premium-rate', '2026-05-01 00:00'), steps: ['connect +46944123456'], rule: 'P-COST-2', approved: true },
    { name: 'P-COST-2: a profile that allows premium rate needs no approval', dialled: '0900-123 45 67', world: { profile: { premiumRate: 'allowed' } }, steps: ['connect +469001234567'], rule: 'P-COST-2', approved: false },
    { name: 'P-COST-3: abroad is allowed where the profile allows it (Valdemarsvik)', dialled: '+44 20 7946 0958', steps: ['connect +442079460958'], rule: null },
    { name: 'P-COST-3: abroad by permission: refused without an approval', dialled: '+44 20 7946 0958', world: { profile: { internationalCalls: 'by-permission' } }, steps: ['refuse international'], rule: 'P-COST-3' },
    {
      name: 'P-COST-3: abroad by permission: connected with an approval',
      dialled: '0044 20 7946 0958',
      world: { profile: { internationalCalls: 'by-permission' }, ...approved('international') },
      steps: ['connect +442079460958'],
      rule: 'P-COST-3',
      approved: true,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plan = planOf(fixture(c.world), c.dialled, WEDNESDAY_10, 'anna');
      assert.deepEqual(summaries(plan), c.steps);
      assert.equal(plan.steps[0]?.rule, c.rule);
      if (c.approved !== undefined) assert.equal(plan.steps[0]?.kind === 'connect-external' && plan.steps[0].approved, c.approved);
      assertEndsAudibly(plan);
    });
  }

  it('P-COST-2: the refusal is spoken in Swedish and names the rule', () => {
    const step = planOf(fixture(), '118 118', WEDNESDAY_10, 'anna').steps[0]!;
    assert.ok(step.kind === 'refuse', 'a spoken refusal');
    assert.equal(step.problem.sv, 'Nummerupplysningen är spärrad. Sök i kommunens katalog eller på webben.');
    assert.equal(step.problem.rule, 'P-COST-2');
  });

  it('112 goes out even for a caller with no known person and no permissions, even inside an odd plan', () => {
    const world = fixture({ profile: { premiumRate: 'blocked-unless-approved', internationalCalls: 'by-permission' } }).at(WEDNESDAY_10);
    const anonymous: CallRequest = { caller: { number: '2199' }, dialled: '112', internal: true, at: WEDNESDAY_10, origin: { kind: 'internal' } };
    const claimed: RoutingWorld = { ...world, lookupNumber: () => ({ kind: 'person', personId: 'anna' }) };
    for (const w of [world, claimed]) {
      const plan = planCall(anonymous, w);
      assert.deepEqual(plan.steps, [{ kind: 'connect-external', number: '112', via: 'trunk', category: 'emergency', approved: false, rule: null }]);
    }
  });

  it('P-COST-1: calling one of our own direct numbers from inside is routed inside, not out through the trunk', () => {
    assert.deepEqual(summaries(planOf(fixture(), '08-465 004 10', local('2026-04-22 17:00'), 'ivar')), [
      'ring anna (sought)',
      'ring bertil (colleague)',
      'ring cecilia (function)',
      'voicemail anna',
    ]);
  });
});

describe('phone codes (P-DIV-6, P-DIV-4, P-COST-1)', () => {
  it('P-DIV-6: *23 1 1430 # is a meeting until 14:30 today', () => {
    const plan = planOf(fixture(), '*23 1 1430 #', WEDNESDAY_10, 'anna');
    assert.deepEqual(plan.steps, [{ kind: 'phone-code', personId: 'anna', rule: 'P-DIV-6', code: 'absence', reason: 'meeting', until: local('2026-04-22 14:30') }]);
    assert.deepEqual(plan.record.reached, { kind: 'phone-code' });
  });

  const parsed: [string, string, string | null][] = [
    // [dialled, at, until as Stockholm wall-clock time (null: the reason's default length)]
    ['*232#', '2026-04-22 10:00', null],
    ['*23508000308#', '2026-04-22 10:00', '2026-08-03 08:00'],
    ['*23508000201#', '2026-12-30 16:00', '2027-01-02 08:00'],
    ['*23 9 0800 3003 #', '2026-03-27 15:00', '2026-03-30 08:00'], // across the DST night
  ];
  for (const [dialled, at, until] of parsed) {
    it(`P-DIV-6: ${dialled} at ${at} lasts until ${until ?? 'the reason\'s default end'}`, () => {
      const r = parsePhoneCode(dialled, valdemarsvik, local(at));
      assert.ok(r.ok && r.code.code === 'absence', 'an absence code');
      assert.deepEqual(r.code.until, until === null ? null : local(until));
    });
  }

  const refused: [string, string, RegExp][] = [
    ['*2311430#', '2026-04-22 15:00', /har redan passerat/],
    ['*230#', '2026-04-22 10:00', /ingen frånvaroorsak med siffran 0/],
    ['*2312500#', '2026-04-22 10:00', /2500 är ingen giltig tid/],
    ['*23108003002#', '2026-04-22 10:00', /30\/02 är inget giltigt datum/],
    ['*231#1', '2026-04-22 10:00', /kunde inte tolkas/],
    ['*99#', '2026-04-22 10:00', /kunde inte tolkas/],
  ];
  for (const [dialled, at, message] of refused) {
    it(`P-DIV-6: ${dialled} at ${at} is refused with a spoken reason`, () => {
      const plan = planOf(fixture(), dialled, local(at), 'anna');
      assert.deepEqual(summaries(plan), ['refuse phone-code-invalid']);
      const step = plan.steps[0]!;
      assert.ok(step.kind === 'refuse', 'a spoken refusal');
      assert.match(step.problem.sv, message);
      assert.equal(step.rule, 'P-DIV-6');
    });
  }

  it('P-DIV-4: #23# is "Åter"', () => {
    assert.deepEqual(planOf(fixture(), '#23#', WEDNESDAY_10, 'anna').steps, [{ kind: 'phone-code', personId: 'anna', rule: 'P-DIV-4', code: 'back-now' }]);
  });

  it('P-COST-1: *21 forwards to an internal number; #21# cancels', () => {
    assert.deepEqual(planOf(fixture(), '*21 2103 #', WEDNESDAY_10, 'anna').steps, [{ kind: 'phone-code', personId: 'anna', rule: 'P-COST-1', code: 'forward', number: '2103' }]);
    assert.deepEqual(planOf(fixture(), '*21 0846500420 #', WEDNESDAY_10, 'anna').steps, [{ kind: 'phone-code', personId: 'anna', rule: 'P-COST-1', code: 'forward', number: '+46846500420' }]);
    assert.deepEqual(summaries(planOf(fixture(), '#21#', WEDNESDAY_10, 'anna')), ['phone-code cancel-forward']);
  });

  it('P-COST-1: *21 to an external number is refused, spoken', () => {
    const plan = planOf(fixture(), '*21 0701234567 #', WEDNESDAY_10, 'anna');
    assert.deepEqual(summaries(plan), ['refuse forward-external']);
    assert.equal(plan.steps[0]?.rule, 'P-COST-1');
  });

  it('P-SEC-1: phone codes from outside, or from an unknown internal phone, are refused', () => {
    assert.deepEqual(summaries(planOf(fixture(), '#23#')), ['refuse phone-code-not-allowed']);
    const anonymous: CallRequest = { caller: { number: '2199' }, dialled: '#23#', internal: true, at: WEDNESDAY_10, origin: { kind: 'internal' } };
    assert.deepEqual(summaries(planCall(anonymous, fixture().at(WEDNESDAY_10))), ['refuse phone-code-not-allowed']);
  });

  it('the profile\'s own codes are used (Vara-style codes that share a beginning)', () => {
    const codes = { absence: '*2', backNow: '#2#', forward: '*21', cancelForward: '#21#' };
    assert.deepEqual(parsePhoneCode('*21 2103#', { ...valdemarsvik, phoneCodes: codes }, WEDNESDAY_10), { ok: true, code: { code: 'forward', number: '2103' } });
    assert.deepEqual(parsePhoneCode('*2 2 #', { ...valdemarsvik, phoneCodes: codes }, WEDNESDAY_10), { ok: true, code: { code: 'absence', reason: 'lunch', until: null } });
  });
});
