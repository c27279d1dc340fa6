// The demo data must fit the domain cores and the profile the loader hands it to: absences
// pass the presence core's validation with the profile's reasons, messages the call-back
// core's, numbers classify under the profile's plan, and phone hours are valid hours
// settings. These tests keep the generator, the cores and the profile in step.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCallback } from '../core/callbacks/index.js';
import { validateHours, workingTime } from '../core/hours/index.js';
import { classifyNumber, validateNumberPlan } from '../core/numbers/index.js';
import { valdemarsvik } from '../core/policy/profiles/index.js';
import { validateAbsence, type DiversionTarget } from '../core/presence/index.js';
import { Temporal } from '../core/time.js';
import { DEFAULT_DEMO_SEED, demoInstant, generateDemoMunicipality } from './generate.js';
import type { DemoDiversionTarget, DemoPhoneHours } from './types.js';

const demo = generateDemoMunicipality({ seed: DEFAULT_DEMO_SEED, referenceDate: '2026-03-25' });
// Also around a weekend, Christmas, New Year and the October DST night.
const OTHER_DAYS = ['2026-03-28', '2026-12-24', '2027-01-01', '2026-10-25'].map((d) =>
  generateDemoMunicipality({ seed: DEFAULT_DEMO_SEED, referenceDate: d }),
);
const people = new Set(demo.people.map((p) => p.key));
const functions = new Set(demo.functions.map((f) => f.key));

// The demo runs under the Valdemarsvik profile: its absence reasons and working hours.
const REASONS = valdemarsvik.absenceReasons;
const WORKING_TIME = workingTime(valdemarsvik.workingHours);

function target(t: DemoDiversionTarget): DiversionTarget {
  switch (t.kind) {
    case 'person':
      return { kind: 'person', personId: t.personKey };
    case 'function':
      return { kind: 'function', functionId: t.functionKey };
    default:
      return t;
  }
}

test('P-DIV-2, P-DIV-3: every demo absence passes the presence core’s validation', () => {
  const ctx = {
    reasons: REASONS,
    workingTime: WORKING_TIME,
    isInternalNumber: () => false,
    personExists: (id: string) => people.has(id),
    functionExists: (id: string) => functions.has(id),
  };
  for (const a of [demo, ...OTHER_DAYS].flatMap((m) => m.absences)) {
    const r = a.recurrence;
    const result = validateAbsence(
      {
        id: a.key,
        personId: a.personKey,
        reason: a.reason,
        start: demoInstant(a.start),
        end: demoInstant(a.end),
        target: target(a.target),
        ...(r === null
          ? {}
          : {
              recurrence: {
                weekdays: r.weekdays,
                startTime: r.startTime,
                endTime: r.endTime,
                from: Temporal.PlainDate.from(r.from),
                ...(r.until === null ? {} : { until: Temporal.PlainDate.from(r.until) }),
              },
            }),
        createdBy: a.createdByKey,
      },
      ctx,
    );
    assert.ok(result.ok, `${a.key}: ${result.ok ? '' : result.problems.map((p) => p.en).join('; ')}`);
    // For a series the core computes the first occurrence itself: it must be the demo's.
    assert.ok(result.value.start.equals(demoInstant(a.start)), `${a.key} start`);
    assert.ok(result.value.end.equals(demoInstant(a.end)), `${a.key} end`);
  }
});

test('P-CB-1: every demo message passes the call-back core and gets a due date after it arrived', () => {
  for (const c of [demo, ...OTHER_DAYS].flatMap((m) => m.callbacks)) {
    const receivedAt = demoInstant(c.received);
    const result = createCallback(
      {
        id: c.key,
        personId: c.forPersonKey,
        unitId: c.unitKey,
        caller: { name: c.callerName, number: c.callerNumber, ...(c.callerEmail === null ? {} : { email: c.callerEmail }) },
        concerns: c.subject,
        receivedAt,
        source: c.source,
        ...(c.takenByKey === null ? {} : { takenBy: c.takenByKey }),
      },
      { workingTime: WORKING_TIME, profileDays: 2 },
    );
    assert.ok(result.ok, `${c.key}: ${result.ok ? '' : result.problems.map((p) => p.en).join('; ')}`);
    assert.ok(Temporal.Instant.compare(result.value.due, receivedAt) > 0);
  }
});

test('the demo runs the Valdemarsvik profile’s number plan and avoids its on-call numbers', () => {
  const plan = valdemarsvik.numberPlan;
  assert.deepEqual(demo.numberPlan, {
    extensionRanges: plan.extensionRanges,
    directRanges: plan.directRanges,
    mainNumber: plan.mainNumber,
    switchboardExtension: plan.operatorExtension,
    voicemailNumber: plan.voicemailNumber,
  });
  const onCall = new Set(valdemarsvik.onCall.map((o) => o.number));
  const used = [...demo.people.flatMap((p) => [p.directNumber, p.mobileNumber]), ...demo.functions.map((f) => f.directNumber)];
  assert.ok(used.every((n) => n === null || !onCall.has(n)));
});

test('numbers classify as the demo plan says: extensions and own direct numbers are internal', () => {
  const plan = demo.numberPlan;
  assert.deepEqual(validateNumberPlan(plan), []);
  for (const p of demo.people) {
    const ext = classifyNumber(p.extension, plan);
    assert.equal(ext.kind, 'extension', p.extension);
    if (p.directNumber !== null) {
      const direct = classifyNumber(p.directNumber, plan);
      assert.deepEqual([direct.kind, direct.isInternal], ['fixed', true], p.directNumber);
    }
    if (p.mobileNumber !== null) assert.equal(classifyNumber(p.mobileNumber, plan).kind, 'mobile', p.mobileNumber);
  }
  assert.equal(classifyNumber(plan.mainNumber, plan).kind, 'fixed');
  for (const f of demo.functions.filter((x) => x.directNumber !== plan.mainNumber)) {
    assert.equal(classifyNumber(f.directNumber as string, plan).isInternal, true, f.key);
  }
  // A caller's number is someone else's: not internal.
  for (const c of demo.callbacks) assert.equal(classifyNumber(c.callerNumber, plan).isInternal, false);
});

test('P-HRS-1: every phone-hours table is valid as hours settings', () => {
  const all: DemoPhoneHours[] = [...demo.units, ...demo.functions].flatMap((x) => (x.phoneHours === null ? [] : [x.phoneHours]));
  assert.ok(all.length >= 8);
  for (const h of all) {
    const problems = validateHours({ weekly: h.weekly, halfDays: { kinds: [], intervals: [] }, closedOnSundayLikeEves: true, exceptions: [] });
    assert.deepEqual(problems, [], h.note);
  }
});
