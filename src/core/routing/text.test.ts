import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PlanStep } from './plan.js';
import { refusal } from './refusals.js';
import { spokenText } from './text.js';
import { fixture, local, planOf } from './testing.js';

describe('spokenText: what the caller hears', () => {
  it('P-SWB-6: the answering machine in English leaves out the Swedish day note', () => {
    const at = local('2026-04-03 10:00');
    const [machine] = planOf(fixture(), '08-465 004 00', at).steps;
    assert.equal(
      spokenText(machine!, at, 'en'),
      'Welcome to Valdemarsviks kommun. Switchboard: Closed – opens Tuesday 7 April at 08:00. Socialjouren: 070-174 06 05. Tekniska jouren, vatten och avlopp: 070-174 06 06.',
    );
  });

  it('P-HRS-1: phone hours that never open again say only that they are over', () => {
    const step: PlanStep = { kind: 'announce', sentence: 'phone-hours', data: { scope: { kind: 'unit', unitId: 'u' }, opensAt: null }, rule: 'P-HRS-1' };
    assert.equal(spokenText(step, local('2026-04-22 10:00'), 'sv'), 'Telefontiden är slut.');
    assert.equal(spokenText(step, local('2026-04-22 10:00'), 'en'), 'We are outside our phone hours.');
  });

  it('P-COST-3: a refusal is its problem\'s text, in either language', () => {
    const step = refusal('international');
    assert.equal(spokenText(step, local('2026-04-22 10:00'), 'sv'), 'Samtal till utlandet kräver godkännande av din närmaste chef.');
    assert.equal(spokenText(step, local('2026-04-22 10:00'), 'en'), "International calls need the nearest manager's approval.");
  });

  it('steps that only ring, queue or connect have no words', () => {
    const plan = planOf(fixture(), '2101');
    assert.deepEqual(plan.steps.map((s) => spokenText(s, local('2026-04-22 10:00'), 'sv')), [null, null, null, null, null]);
  });
});
