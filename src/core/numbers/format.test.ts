import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatShortNumber, formatSwedish, groupSubscriberDigits } from './format.js';

test('geographic and mobile numbers are written the Swedish way', () => {
  assert.equal(formatSwedish('+4613123456'), '013-12 34 56');
  assert.equal(formatSwedish('+46701234567'), '070-123 45 67');
  assert.equal(formatSwedish('+46812345678'), '08-123 456 78');
  assert.equal(formatSwedish('+46311234567'), '031-123 45 67');
  assert.equal(formatSwedish('+4691012345'), '0910-123 45');
  assert.equal(formatSwedish('+46101234567'), '010-123 45 67');
});

test('0771-670 670 is kept right (libphonenumber-js would say 077-167 06 70)', () => {
  assert.equal(formatSwedish('+46771670670'), '0771-670 670');
  assert.equal(formatSwedish('+46771567567'), '0771-567 567');
});

test('toll-free and premium prefixes keep their full prefix', () => {
  assert.equal(formatSwedish('+46200123456'), '0200-12 34 56');
  assert.equal(formatSwedish('+4620123456'), '020-12 34 56');
  assert.equal(formatSwedish('+46939123456'), '0939-123 456');
  assert.equal(formatSwedish('+469001234567'), '0900-123 45 67');
  assert.equal(formatSwedish('+4699123456'), '099-123 456');
});

test('foreign numbers in international form; non-E.164 input unchanged', () => {
  assert.equal(formatSwedish('+442079460958'), '+44 20 7946 0958');
  assert.equal(formatSwedish('2345'), '2345');
  assert.equal(formatSwedish('ankn 2345'), 'ankn 2345');
});

test('subscriber digits group in pairs from the end', () => {
  assert.equal(groupSubscriberDigits('12345'), '123 45');
  assert.equal(groupSubscriberDigits('123456'), '12 34 56');
  assert.equal(groupSubscriberDigits('1234567'), '123 45 67');
  assert.equal(groupSubscriberDigits('12345678'), '123 456 78');
});

test('short numbers', () => {
  assert.equal(formatShortNumber('112'), '112');
  assert.equal(formatShortNumber('1177'), '1177');
  assert.equal(formatShortNumber('11313'), '113 13');
  assert.equal(formatShortNumber('118118'), '118 118');
});

test('the display uses libphonenumber-js\'s small "min" metadata (the web app ships it): it formats as "max" does', async () => {
  const max = await import('libphonenumber-js/max');
  const min = await import('libphonenumber-js/min');
  const differ: string[] = [];
  // Every Swedish prefix of one to three digits with subscriber numbers of several lengths.
  for (let prefix = 1; prefix < 1000; prefix++) {
    for (const tail of ['1234567', '123456', '12345', '12345678']) {
      const e164 = `+46${prefix}${tail}`.slice(0, 13);
      const a = min.parsePhoneNumberFromString(e164)?.formatNational();
      const b = max.parsePhoneNumberFromString(e164)?.formatNational();
      if (a !== b) differ.push(`${e164}: ${a} / ${b}`);
    }
  }
  for (const e164 of ['+4741234567', '+4520123456', '+358401234567', '+442079460958', '+12025550123']) {
    if (min.parsePhoneNumberFromString(e164)?.formatInternational() !== max.parsePhoneNumberFromString(e164)?.formatInternational()) differ.push(e164);
  }
  assert.deepEqual(differ, []);
});
