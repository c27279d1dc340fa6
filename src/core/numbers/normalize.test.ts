import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeNumber } from './normalize.js';

function value(input: string) {
  const r = normalizeNumber(input);
  assert.ok(r.ok, `expected ${input} to normalise`);
  return r.value;
}

function problemCode(input: string) {
  const r = normalizeNumber(input);
  assert.ok(!r.ok, `expected ${input} to be rejected`);
  return r.problems[0]!.code;
}

test('national, international and 00 forms give the same E.164 number', () => {
  for (const input of ['070-123 45 67', '+46 70 123 45 67', '0046 70 123 45 67', '0046701234567', '+46 (0)70-123 45 67', '+46 070 123 45 67', '070.123.45.67']) {
    assert.deepEqual(value(input), { form: 'e164', value: '+46701234567' }, input);
  }
});

test('foreign numbers keep their country code', () => {
  assert.deepEqual(value('+44 20 7946 0958'), { form: 'e164', value: '+442079460958' });
  assert.deepEqual(value('0047 22 12 34 56'), { form: 'e164', value: '+4722123456' });
});

test('"ankn 1234" and its variants are marked as extensions', () => {
  for (const input of ['ankn 1234', 'Ankn. 1234', 'anknytning: 1234', 'ank 12 34', 'ext 1234', 'tel. ankn 1234']) {
    assert.deepEqual(value(input), { form: 'extension', value: '1234' }, input);
  }
});

test('bare digits stay short for the plan to decide', () => {
  assert.deepEqual(value('112'), { form: 'short', value: '112' });
  assert.deepEqual(value('113 13'), { form: 'short', value: '11313' });
  assert.deepEqual(value('2345'), { form: 'short', value: '2345' });
});

test('bad input gives a Swedish and English problem', () => {
  const r = normalizeNumber('070-ABC');
  assert.ok(!r.ok);
  assert.equal(r.problems[0]!.code, 'number.syntax');
  assert.match(r.problems[0]!.sv, /innehåller tecken/);
  assert.match(r.problems[0]!.en, /characters/);
  assert.equal(problemCode(''), 'number.empty');
  assert.equal(problemCode('   '), 'number.empty');
  assert.equal(problemCode('ankn x12'), 'number.extension.syntax');
  assert.equal(problemCode('+46 70 123 45 67 89 01 23'), 'number.length');
  assert.equal(problemCode('+0123'), 'number.length');
});
