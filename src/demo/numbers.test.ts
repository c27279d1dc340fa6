import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePhoneNumber } from 'libphonenumber-js/max';
import {
  ExtensionAllocator,
  NumberPool,
  callerNumberPool,
  directNumberPool,
  isPtsFictionNumber,
  mobileNumberPool,
  numbersInRange,
} from './numbers.js';

const RANGES = [{ from: '+46846500400', to: '+46846500449' }];

test('the PTS fiction series, inclusive at both ends', () => {
  assert.equal(isPtsFictionNumber('+46701740605'), true);
  assert.equal(isPtsFictionNumber('+46701740699'), true);
  assert.equal(isPtsFictionNumber('+46701740604'), false);
  assert.equal(isPtsFictionNumber('+46701740700'), false);
  assert.equal(isPtsFictionNumber('+46846500400'), true);
  assert.equal(isPtsFictionNumber('+46846500499'), true);
  assert.equal(isPtsFictionNumber('+46846500500'), false);
  assert.equal(isPtsFictionNumber('+46313900600'), true);
  assert.equal(isPtsFictionNumber('+46406280499'), true);
  assert.equal(isPtsFictionNumber('+46980319200'), true);
  assert.equal(isPtsFictionNumber('+46980319300'), false);
  assert.equal(isPtsFictionNumber('+468465004000'), false, 'one digit too many');
});

test('ranges expand to every number, ends included', () => {
  assert.deepEqual(numbersInRange({ from: '+46846500498', to: '+46846500499' }), ['+46846500498', '+46846500499']);
  assert.equal(numbersInRange(RANGES[0] as { from: string; to: string }).length, 50);
  assert.throws(() => numbersInRange({ from: '+4684650049', to: '+46846500499' }), /mixes lengths/);
});

test('direct numbers come from the plan in order, without the main number', () => {
  const pool = directNumberPool(RANGES, '+46846500400');
  assert.equal(pool.take(), '+46846500401');
  for (let i = 0; i < 48; i++) pool.take();
  // Pools run out loudly rather than repeat a number.
  assert.throws(() => pool.take(), /exhausted/);
});

test('every number the pools hand out is a valid Swedish number of the right type', () => {
  const drain = (pool: NumberPool, n: number): string[] => Array.from({ length: n }, () => pool.take());
  const callers = drain(callerNumberPool(), 200);
  for (const n of callers) {
    assert.equal(isPtsFictionNumber(n), true, n);
    assert.equal(parsePhoneNumber(n).getType(), 'FIXED_LINE', n);
  }
  assert.equal(new Set(callers).size, callers.length, 'no number twice');
  const mobiles = drain(mobileNumberPool(), 300);
  for (const n of mobiles) assert.equal(parsePhoneNumber(n).getType(), 'MOBILE', n);
  // The 95 reserved numbers come first; the fictional continuation stays in 070-174.
  assert.ok(mobiles.slice(0, 95).every(isPtsFictionNumber));
  assert.ok(mobiles.slice(95).every((n) => !isPtsFictionNumber(n) && n.startsWith('+4670174')));
  assert.equal(mobiles[95], '+46701740700');
});

test('the mobile pool skips numbers already given out', () => {
  const pool = mobileNumberPool(['+46701740605', '+46701740606']);
  assert.equal(pool.take(), '+46701740607');
});

test('extensions: each unit starts at a fresh ten, and a full block is an error', () => {
  const alloc = new ExtensionAllocator('test', 2100, 2125);
  alloc.startUnit();
  assert.deepEqual([alloc.take(), alloc.take(), alloc.take()], ['2100', '2101', '2102']);
  alloc.startUnit();
  assert.equal(alloc.take(), '2110');
  alloc.startUnit();
  alloc.startUnit(); // an empty unit does not waste a ten
  assert.equal(alloc.take(), '2120');
  for (let i = 0; i < 5; i++) alloc.take();
  assert.throws(() => alloc.take(), /full/);
});
