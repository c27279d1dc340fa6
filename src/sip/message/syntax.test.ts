import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escape, parseUint, quote, readQuoted, splitList, trimWs, unescape, USER } from './syntax.js';

test('splitList splits at top-level commas only', () => {
  assert.deepEqual(splitList('a, b ,c'), ['a', 'b', 'c']);
  assert.deepEqual(splitList('"x, y" <sip:a@b>, <sip:c,d@e>;p="1,2"'), ['"x, y" <sip:a@b>', '<sip:c,d@e>;p="1,2"']);
  assert.deepEqual(splitList('"a\\", b" <sip:x@y>'), ['"a\\", b" <sip:x@y>'], 'an escaped quote does not end the string');
  assert.deepEqual(splitList(';;,;,,'), [';;', ';', '', '']);
  assert.deepEqual(splitList('"unterminated, x'), ['"unterminated, x']);
});

test('readQuoted unescapes quoted-pairs and rejects what qdtext forbids', () => {
  assert.deepEqual(readQuoted('"J Rosenberg \\\\\\""  rest', 0), { value: 'J Rosenberg \\"', end: 18 });
  assert.equal(readQuoted('"\\\x07\\\x00"', 0)?.value, '\x07\x00');
  assert.equal(readQuoted('"open', 0), undefined);
  assert.equal(readQuoted('"raw\x07bell"', 0), undefined, 'a raw control character needs a backslash');
  assert.equal(readQuoted('"a\\\nb"', 0), undefined, 'LF cannot be quoted');
  assert.equal(readQuoted('"Åsa"', 0)?.value, 'Åsa');
});

test('quote escapes quotes, backslashes and control characters', () => {
  assert.equal(quote('plain'), '"plain"');
  assert.equal(quote('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(quote('bell\x07'), '"bell\\\x07"');
  for (const s of ['a"b\\c', 'bell\x07\x00\x7f', 'tab\there', 'Örebro']) {
    assert.equal(readQuoted(quote(s), 0)?.value, s);
  }
});

test('unescape and escape', () => {
  assert.equal(unescape('%61lice', USER), 'alice');
  assert.equal(unescape('%C3%85sa', USER), 'Åsa', 'UTF-8 octets form one character');
  assert.equal(unescape('%FF', USER), '\xff', 'invalid UTF-8 is kept octet by octet');
  assert.equal(unescape('%zz', USER), undefined);
  assert.equal(unescape('%4', USER), undefined);
  assert.equal(unescape('a b', USER), undefined);
  assert.equal(escape('Åsa b', USER), '%C3%85sa%20b');
  assert.equal(escape('😀', USER), '%F0%9F%98%80');
  assert.equal(escape('a;b?c', USER), 'a;b?c');
});

test('parseUint: digits only, leading zeros, bounds', () => {
  assert.equal(parseUint('0068', 255), 68);
  assert.equal(parseUint('256', 255), undefined);
  assert.equal(parseUint('', 10), undefined);
  assert.equal(parseUint('-1', 10), undefined);
  assert.equal(parseUint('1e3', 10000), undefined);
  assert.equal(parseUint('36893488147419103232', Number.MAX_SAFE_INTEGER), undefined);
  assert.equal(parseUint('000000000000000000001', 1), 1);
});

test('trimWs trims only SP and HTAB', () => {
  assert.equal(trimWs(' \ta b\t '), 'a b');
  assert.equal(trimWs('\u00a0x'), '\u00a0x');
});
