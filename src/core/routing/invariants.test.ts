import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../errors.js';
import { valdemarsvik } from '../policy/index.js';
import { assertEndsAudibly, audibleEndProblems, externalForwards } from './invariants.js';
import type { CallPlan, PlanStep } from './plan.js';
import { refusal } from './refusals.js';
import { WEDNESDAY_10, fixture, planOf } from './testing.js';

const ring: PlanStep = { kind: 'ring', targets: [{ kind: 'person', personId: 'anna', devices: 'all-registered', mobileExtension: false }], seconds: 24, role: 'sought', rule: 'P-SWB-1' };
const voicemail: PlanStep = { kind: 'voicemail', box: { kind: 'switchboard' }, rule: 'P-VM-1' };
const queue: PlanStep = { kind: 'queue', queue: 'switchboard', priority: 'external', maxWaitSeconds: 180, rule: 'P-SWB-7' };
const announce: PlanStep = { kind: 'announce', sentence: 'number-unknown', data: { dialled: '2950' }, rule: 'P-FC-1' };

function planOfSteps(steps: PlanStep[]): CallPlan {
  return { steps, record: planOf(fixture(), '2101').record };
}

function codes(steps: PlanStep[]): string[] {
  return audibleEndProblems(planOfSteps(steps)).map((p) => p.code);
}

describe('assertEndsAudibly (P-FC-1)', () => {
  it('P-FC-1: accepts plans that end in voicemail, a refusal or a connection', () => {
    assert.deepEqual(codes([ring, queue, voicemail]), []);
    assert.deepEqual(codes([announce, voicemail]), []);
    assert.deepEqual(codes([refusal('number-unknown')]), []);
    assert.deepEqual(codes([{ kind: 'connect-external', number: '112', via: 'trunk', category: 'emergency', approved: false, rule: null }]), []);
  });

  it('P-FC-1: a plan that ends ringing, queueing, forwarding or announcing could end in silence', () => {
    assert.deepEqual(codes([ring]), ['routing.plan.silent']);
    assert.deepEqual(codes([ring, queue]), ['routing.plan.silent']);
    assert.deepEqual(codes([announce]), ['routing.plan.silent']);
    assert.deepEqual(codes([{ kind: 'forward', number: '2950', seconds: 24, rule: 'P-COST-1' }]), ['routing.plan.silent']);
    assert.deepEqual(codes([]), ['routing.plan.empty']);
  });

  it('P-FC-1: an ending in the middle leaves the rest unreachable; a ring without targets or time rings no one', () => {
    assert.deepEqual(codes([voicemail, ring, voicemail]), ['routing.plan.unreachable-step']);
    assert.deepEqual(codes([{ ...ring, targets: [] } as PlanStep, voicemail]), ['routing.plan.ring-empty']);
    assert.deepEqual(codes([{ ...ring, seconds: 0 } as PlanStep, voicemail]), ['routing.plan.ring-empty']);
    assert.deepEqual(codes([{ ...queue, maxWaitSeconds: 0 } as PlanStep, voicemail]), ['routing.plan.queue-unbounded']);
  });

  it('P-FC-1: throws a DomainError with Swedish text naming the rule', () => {
    assert.throws(
      () => assertEndsAudibly(planOfSteps([ring])),
      (e: unknown) => e instanceof DomainError && e.problems[0]?.rule === 'P-FC-1' && /tystnad/.test(e.problems[0].sv),
    );
    assert.doesNotThrow(() => assertEndsAudibly(planOf(fixture(), '2101', WEDNESDAY_10)));
  });
});

describe('externalForwards (P-COST-1)', () => {
  it('P-COST-1: lists forward steps to numbers that are not the municipality\'s own', () => {
    const plan = planOfSteps([
      { kind: 'forward', number: '2950', seconds: 24, rule: 'P-COST-1' },
      { kind: 'forward', number: '+46846500420', seconds: 24, rule: 'P-COST-1' },
      { kind: 'forward', number: '+46701234567', seconds: 24, rule: 'P-COST-1' },
      voicemail,
    ]);
    assert.deepEqual(externalForwards(plan, valdemarsvik), ['+46701234567']);
  });
});
