import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isInExtensionPlan, validateNumberPlan } from './plan.js';

test('extension ranges compare digits of equal length only', () => {
  const plan = { extensionRanges: [{ from: '2000', to: '2999' }, { from: '40', to: '49' }] };
  assert.equal(isInExtensionPlan('2000', plan), true);
  assert.equal(isInExtensionPlan('2999', plan), true);
  assert.equal(isInExtensionPlan('3000', plan), false);
  assert.equal(isInExtensionPlan('45', plan), true);
  assert.equal(isInExtensionPlan('450', plan), false);
});

test('a sound plan has no problems', () => {
  assert.deepEqual(validateNumberPlan({ extensionRanges: [{ from: '2000', to: '2999' }, { from: '4000', to: '4499' }] }), []);
});

test('plan problems: syntax, order, overlap, 112 and hidden short numbers', () => {
  const codes = validateNumberPlan({
    extensionRanges: [
      { from: '20', to: '299' },
      { from: '3999', to: '3000' },
      { from: '2000', to: '2999' },
      { from: '2500', to: '2600' },
      { from: '100', to: '199' },
      { from: '1000', to: '1999' },
    ],
  }).map((p) => p.code);
  assert.deepEqual(codes, ['plan.range.syntax', 'plan.range.order', 'plan.range.overlap', 'plan.range.emergency', 'plan.range.shortNumber']);
});
