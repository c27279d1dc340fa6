import assert from 'node:assert/strict';
import { test } from 'node:test';
import { phoneHours } from './hours.js';

test('P-HRS-2: weekday phone hours and their Swedish text come from the same rows', () => {
  const h = phoneHours('Telefontid', [1, 5, '09:00-11:00']);
  assert.equal(h.note, 'Telefontid måndag–fredag 09.00–11.00');
  assert.deepEqual(Object.keys(h.weekly), ['1', '2', '3', '4', '5']);
  assert.deepEqual(h.weekly[3], [{ from: '09:00', to: '11:00' }]);
  assert.equal(h.weekly[6], undefined);
});

test('several rows, single days and a lunch gap', () => {
  const h = phoneHours('Telefon', [1, 1, '10:00-19:00'], [2, 4, '09:00-12:00', '13:00-16:00'], [6, 6, '10:00-13:00']);
  assert.equal(h.note, 'Telefon måndag 10.00–19.00, tisdag–torsdag 09.00–12.00 och 13.00–16.00, lördag 10.00–13.00');
  assert.deepEqual(h.weekly[4], [
    { from: '09:00', to: '12:00' },
    { from: '13:00', to: '16:00' },
  ]);
  assert.equal(h.weekly[5], undefined);
  assert.throws(() => phoneHours('x', [1, 1, '0900']), /bad interval/);
});
