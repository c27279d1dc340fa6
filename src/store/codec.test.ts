import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../core/errors.js';
import { Temporal } from '../core/time.js';
import { fromFlag, fromIso, fromIsoOrNull, fromJson, normalizeEmail, toFlag, toIso, toIsoOrNull, toJson } from './codec.js';
import { constraintViolation } from './errors.js';
import { newId } from './ids.js';

const code = (e: unknown) => (e instanceof DomainError ? e.problems[0]?.code : undefined);

test('toIso writes fixed-width UTC with milliseconds, whatever the zone it came from', () => {
  assert.equal(toIso(Temporal.Instant.from('2026-03-27T14:00:00Z')), '2026-03-27T14:00:00.000Z');
  assert.equal(toIso(Temporal.ZonedDateTime.from('2026-03-27T15:00[Europe/Stockholm]').toInstant()), '2026-03-27T14:00:00.000Z');
  // The repeated hour of 2026-10-25: 02:30 summer time and 02:30 winter time are an hour apart.
  const first = Temporal.ZonedDateTime.from({ timeZone: 'Europe/Stockholm', year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, { disambiguation: 'earlier' });
  const second = Temporal.ZonedDateTime.from({ timeZone: 'Europe/Stockholm', year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, { disambiguation: 'later' });
  assert.equal(toIso(first.toInstant()), '2026-10-25T00:30:00.000Z');
  assert.equal(toIso(second.toInstant()), '2026-10-25T01:30:00.000Z');
});

test('toIso drops sub-millisecond digits so that text order stays time order', () => {
  assert.equal(toIso(Temporal.Instant.from('2026-03-27T14:00:00.123999999Z')), '2026-03-27T14:00:00.123Z');
  assert.equal(toIso(Temporal.Instant.from('1969-12-31T23:59:59.9999Z')), '1969-12-31T23:59:59.999Z');
});

test('toIso refuses years that would break the fixed width', () => {
  assert.throws(() => toIso(Temporal.Instant.from('+010000-01-01T00:00:00Z')), (e) => code(e) === 'store.instant.out-of-range');
  assert.throws(() => toIso(Temporal.Instant.from('-000001-01-01T00:00:00Z')), (e) => code(e) === 'store.instant.out-of-range');
});

test('fromIso reads what toIso writes, and nothing else', () => {
  const t = Temporal.Instant.from('2026-03-29T01:00:00.000Z');
  assert.ok(fromIso(toIso(t)).equals(t));
  for (const bad of ['2026-03-29T01:00:00Z', '2026-03-29T03:00:00.000+02:00', '2026-03-29 01:00:00.000Z', '', 'igår']) {
    assert.throws(() => fromIso(bad), (e) => code(e) === 'store.instant.malformed', bad);
  }
  assert.equal(fromIsoOrNull(null), null);
  assert.equal(toIsoOrNull(null), null);
  assert.equal(toIsoOrNull(undefined), null);
  assert.equal(toIsoOrNull(t), '2026-03-29T01:00:00.000Z');
});

test('flags are 0 and 1', () => {
  assert.equal(toFlag(true), 1);
  assert.equal(toFlag(false), 0);
  assert.equal(fromFlag(1), true);
  assert.equal(fromFlag(0), false);
  assert.throws(() => fromFlag(2), (e) => code(e) === 'store.flag.malformed');
});

test('JSON round trip keeps Swedish text; values without JSON form are refused', () => {
  const v = { reason: 'Tjänsteresa', matters: ['försörjningsstöd', 'bygglov'], n: 2, none: null };
  assert.deepEqual(fromJson(toJson(v)), v);
  assert.throws(() => toJson(undefined), (e) => code(e) === 'store.json.unrepresentable');
});

test('normalizeEmail lower-cases and trims, including Swedish letters', () => {
  assert.equal(normalizeEmail('  Åsa.Öberg@Vara.SE '), 'åsa.öberg@vara.se');
});

test('newId gives distinct lower-case UUIDs', () => {
  const ids = new Set(Array.from({ length: 1000 }, newId));
  assert.equal(ids.size, 1000);
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('constraintViolation reads both drivers and ignores other errors', () => {
  assert.deepEqual(constraintViolation({ code: '23505', constraint: 'people_extension_uq' }), { kind: 'unique', detail: 'people_extension_uq' });
  assert.deepEqual(constraintViolation({ code: '23503', constraint: 'people_unit_fk' }), { kind: 'foreign-key', detail: 'people_unit_fk' });
  assert.deepEqual(
    constraintViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: people.tenant_id, people.extension' }),
    { kind: 'unique', detail: 'people.tenant_id, people.extension' },
  );
  assert.deepEqual(constraintViolation({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY', message: 'FOREIGN KEY constraint failed' }), { kind: 'foreign-key', detail: '' });
  assert.equal(constraintViolation(new Error('connection reset')), null);
  assert.equal(constraintViolation({ code: '40001' }), null);
  assert.equal(constraintViolation(null), null);
});
