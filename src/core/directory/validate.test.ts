import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePersonFields, validatePerson, type ValidationContext } from './validate.js';
import { sampleDirectory, samplePeople, samplePlan } from './sample-directory.js';
import type { Person } from './types.js';

const ctx: ValidationContext = { ...sampleDirectory, plan: samplePlan };
const anna = samplePeople.find((p) => p.id === 'p-anna')!;

function problems(p: Person, c: ValidationContext = ctx) {
  return validatePerson(p, c).map((x) => [x.field, x.code]);
}

test('every sample person is valid', () => {
  for (const p of samplePeople) assert.deepEqual(problems(p), [], p.id);
});

test('names are required and problems name the field in Swedish and English', () => {
  const [first, last] = validatePerson({ ...anna, firstName: ' ', lastName: '' }, ctx);
  assert.deepEqual([first!.field, first!.code, first!.sv, first!.en], ['firstName', 'person.firstName.required', 'Förnamn saknas.', 'First name is required.']);
  assert.equal(last!.field, 'lastName');
});

test('e-mail shape and uniqueness (case-insensitive)', () => {
  assert.deepEqual(problems({ ...anna, email: 'anna.berg@kommun' }), [['email', 'person.email.invalid']]);
  assert.deepEqual(problems({ ...anna, email: 'anna berg@kommun.se' }), [['email', 'person.email.invalid']]);
  const taken = validatePerson({ ...anna, email: 'Erik.Aberg@kommun.se' }, ctx);
  assert.equal(taken[0]!.code, 'person.email.taken');
  assert.match(taken[0]!.sv, /används redan av Erik Åberg/);
});

test('extension inside the plan and unique among people and functions', () => {
  assert.deepEqual(problems({ ...anna, extension: '3456' }), [['extension', 'person.extension.outsidePlan']]);
  assert.deepEqual(problems({ ...anna, extension: '2346' }), [['extension', 'person.extension.taken']]);
  const fn = validatePerson({ ...anna, extension: '2100' }, ctx)[0]!;
  assert.equal(fn.code, 'person.extension.taken');
  assert.match(fn.sv, /funktionen Bygglov/);
});

test('direct number must be a valid fixed or mobile number in E.164, and not premium-rate', () => {
  assert.deepEqual(problems({ ...anna, directNumber: '+46900123456' }), [['directNumber', 'person.directNumber.invalid']]);
  assert.deepEqual(problems({ ...anna, directNumber: '013-20 63 45' }), [['directNumber', 'person.directNumber.invalid']]);
  assert.deepEqual(problems({ ...anna, directNumber: '+46131' }), [['directNumber', 'person.directNumber.invalid']]);
  const other = { ...anna, id: 'p-other', email: 'other@kommun.se', extension: '2999', mobileExtension: false };
  const taken = validatePerson(other, ctx)[0]!;
  assert.equal(taken.code, 'person.directNumber.taken');
  assert.match(taken.sv, /013-20 63 45 används redan av Anna Berg/);
});

test('mobile number must be a mobile', () => {
  assert.deepEqual(problems({ ...anna, mobileNumber: '+4613123456' }), [['mobileNumber', 'person.mobileNumber.invalid']]);
  assert.deepEqual(problems({ ...anna, mobileNumber: '+358401234567' }), []);
});

test('P-MOB-8: a mobile extension needs an extension and a mobile number', () => {
  const [p] = validatePerson({ ...anna, mobileNumber: undefined }, ctx);
  assert.equal(p!.code, 'person.mobileExtension.incomplete');
  assert.equal(p!.rule, 'P-MOB-8');
  assert.deepEqual(problems({ ...anna, mobileNumber: undefined, mobileExtension: false }), []);
});

test('references to units, functions and managers must exist', () => {
  assert.deepEqual(problems({ ...anna, unitId: 'nope', functionIds: ['f-bygglov', 'nope'], managerId: 'nope' }), [
    ['unitId', 'person.unit.unknown'],
    ['functionIds.1', 'person.function.unknown'],
    ['managerId', 'person.manager.unknown'],
  ]);
  assert.deepEqual(problems({ ...anna, managerId: 'p-anna' }), [['managerId', 'person.manager.self']]);
});

test('role must be known; matters cannot hold list separators', () => {
  assert.deepEqual(problems({ ...anna, role: 'boss' as Person['role'] }), [['role', 'person.role.unknown']]);
  assert.deepEqual(problems({ ...anna, matters: ['bygglov, marklov'] }), [['matters.0', 'person.matter.separator']]);
});

test('normalizePersonFields trims, lower-cases e-mail and brings numbers to E.164', () => {
  const p = normalizePersonFields({ ...anna, firstName: '  Anna  Maria ', title: ' ', email: ' Anna.Berg@Kommun.se ', extension: 'ankn 2345', directNumber: '013-20 63 45', mobileNumber: '070-123 45 67', matters: [' bygglov ', ''] });
  assert.equal(p.firstName, 'Anna Maria');
  assert.equal('title' in p, false);
  assert.equal(p.email, 'anna.berg@kommun.se');
  assert.equal(p.extension, '2345');
  assert.equal(p.directNumber, '+4613206345');
  assert.equal(p.mobileNumber, '+46701234567');
  assert.deepEqual(p.matters, ['bygglov']);
  // What does not parse is left for the validator to report.
  assert.equal(normalizePersonFields({ ...anna, directNumber: 'hej' }).directNumber, 'hej');
});
