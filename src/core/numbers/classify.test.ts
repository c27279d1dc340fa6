import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyNumber } from './classify.js';
import type { NumberPlan } from './plan.js';

const plan: NumberPlan = {
  extensionRanges: [{ from: '2000', to: '2999' }],
  directRanges: [{ from: '013-20 62 000', to: '013-20 62 999' }],
};

test('an extension inside the plan is internal', () => {
  const n = classifyNumber('2345', plan);
  assert.equal(n.kind, 'extension');
  assert.equal(n.digits, '2345');
  assert.equal(n.isInternal, true);
  assert.equal(n.display, 'ankn 2345');
  assert.equal(n.e164, undefined);
  assert.equal(classifyNumber('ankn 2345', plan).kind, 'extension');
});

test('"ankn" outside the plan is invalid with a reason', () => {
  const n = classifyNumber('ankn 3456', plan);
  assert.equal(n.kind, 'invalid');
  assert.equal(n.problem?.code, 'number.extension.outsidePlan');
  assert.match(n.problem!.sv, /finns inte i nummerplanen/);
});

test('112 is always an emergency number, even inside an extension range', () => {
  assert.equal(classifyNumber('112', plan).kind, 'emergency');
  const odd: NumberPlan = { extensionRanges: [{ from: '100', to: '199' }] };
  assert.equal(classifyNumber('112', odd).kind, 'emergency');
  assert.equal(classifyNumber('ankn 112', odd).kind, 'emergency');
  assert.equal(classifyNumber('111', odd).kind, 'extension');
});

test('service numbers 1177, 113 13 and 114 14', () => {
  for (const [input, display] of [['1177', '1177'], ['113 13', '113 13'], ['11414', '114 14']] as const) {
    const n = classifyNumber(input, plan);
    assert.equal(n.kind, 'service', input);
    assert.equal(n.display, display);
    assert.equal(n.isInternal, false);
  }
});

test('P-COST-2: 118xxx directory enquiries are premium and carry the rule', () => {
  const n = classifyNumber('118 118', plan);
  assert.equal(n.kind, 'directory-enquiry');
  assert.equal(n.rule, 'P-COST-2');
  assert.equal(n.display, '118 118');
  assert.equal(classifyNumber('118100', plan).kind, 'directory-enquiry');
});

test('P-COST-2: premium-rate prefixes 0900, 0939, 0944 and 099 in every form', () => {
  for (const input of ['0900-123 45 67', '0939-123 456', '0944-123 456', '099-123 456', '+46 900 123 456', '+46939123456', '0046944123456', '+4699123456']) {
    const n = classifyNumber(input, plan);
    assert.equal(n.kind, 'premium-rate', input);
    assert.equal(n.rule, 'P-COST-2', input);
    assert.equal(n.isInternal, false);
  }
  // 090 is Umeå, not premium.
  assert.equal(classifyNumber('090-12 34 56', plan).kind, 'fixed');
});

test('toll-free, shared-cost, mobile and fixed numbers', () => {
  assert.deepEqual(
    ['020-12 34 56', '0200-12 34 56', '0771-670 670', '070-123 45 67', '013-12 34 56', '08-123 456 78'].map((i) => classifyNumber(i, plan).kind),
    ['toll-free', 'toll-free', 'shared-cost', 'mobile', 'fixed', 'fixed'],
  );
  const m = classifyNumber('+46 70 123 45 67', plan);
  assert.equal(m.e164, '+46701234567');
  assert.equal(m.display, '070-123 45 67');
  assert.equal(m.country, 'SE');
  assert.equal(classifyNumber('0771670670', plan).display, '0771-670 670');
});

test('010 numbers are ordinary fixed-tariff numbers with the finer type kept', () => {
  const n = classifyNumber('010-123 45 67', plan);
  assert.equal(n.kind, 'fixed');
  assert.equal(n.lineType, 'UAN');
});

test('numbers abroad are international', () => {
  const n = classifyNumber('+44 20 7946 0958', plan);
  assert.equal(n.kind, 'international');
  assert.equal(n.country, 'GB');
  assert.equal(n.e164, '+442079460958');
  assert.equal(n.display, '+44 20 7946 0958');
});

test("the municipality's own direct numbers are internal", () => {
  const own = classifyNumber('013-20 62 345', plan);
  assert.equal(own.kind, 'fixed');
  assert.equal(own.isInternal, true);
  assert.equal(classifyNumber('013-20 63 345', plan).isInternal, false);
});

test('invalid numbers say why', () => {
  assert.equal(classifyNumber('9999', plan).problem?.code, 'number.short.unknown');
  assert.equal(classifyNumber('013-1', plan).kind, 'invalid');
  assert.equal(classifyNumber('0900-1', plan).kind, 'invalid');
  assert.equal(classifyNumber('hej', plan).problem?.code, 'number.syntax');
  assert.equal(classifyNumber('', plan).problem?.code, 'number.empty');
});
