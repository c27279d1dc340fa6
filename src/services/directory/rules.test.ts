import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Person } from '../../core/directory/index.js';
import { auditBasis, editBases, passwordProblems, PERSON_FIELDS, pinProblems, refusedFields, roleChangeProblem } from './rules.js';

const anna: Person = {
  id: 'p1', firstName: 'Anna', lastName: 'Berg', functionIds: [], mobileExtension: false, matters: [], role: 'employee', electedMember: false,
  email: 'anna.berg@kommun.se', extension: '2345', mobileNumber: '+46701234567',
};

test('P-DIV-11: a person may change their title, mobile number and matters, nothing else', () => {
  const bases = editBases({ role: 'employee', isSelf: true, managesPerson: false });
  assert.deepEqual(bases, ['self']);
  assert.deepEqual(refusedFields(['title', 'mobileNumber', 'matters'], bases), []);
  assert.deepEqual(refusedFields(['title', 'extension', 'unitId', 'role', 'lastName'], bases), ['extension', 'unitId', 'role', 'lastName']);
});

test('P-SWB-11: a manager changes the matters and title of their staff, not their numbers', () => {
  const bases = editBases({ role: 'manager', isSelf: false, managesPerson: true });
  assert.deepEqual(bases, ['manager']);
  assert.deepEqual(refusedFields(['matters', 'title'], bases), []);
  assert.deepEqual(refusedFields(['mobileNumber', 'matters'], bases), ['mobileNumber']);
  assert.equal(auditBasis(bases), 'manager');
  // Another unit's manager has no basis at all.
  assert.deepEqual(editBases({ role: 'manager', isSelf: false, managesPerson: false }), []);
});

test('P-DIV-11 "via växeln": the operator may do what the person may; colleagues nothing; admins everything', () => {
  assert.deepEqual(refusedFields(['title', 'mobileNumber', 'matters', 'extension'], editBases({ role: 'operator', isSelf: false, managesPerson: false })), ['extension']);
  assert.deepEqual(editBases({ role: 'employee', isSelf: false, managesPerson: true }), [], 'managing needs the manager role');
  assert.deepEqual(refusedFields(PERSON_FIELDS, editBases({ role: 'admin', isSelf: false, managesPerson: false })), []);
  assert.equal(auditBasis(editBases({ role: 'admin', isSelf: true, managesPerson: false })), 'admin');
  assert.equal(auditBasis([]), null);
});

test('roles: admins only, never their own, and never the last admin away', () => {
  const base = { actorIsAdmin: true, isSelf: false, from: 'employee', to: 'manager', adminsLeft: 1 } as const;
  assert.equal(roleChangeProblem(base), null);
  assert.equal(roleChangeProblem({ ...base, to: 'employee' }), null, 'no change is no problem, even for a non-admin');
  assert.equal(roleChangeProblem({ ...base, actorIsAdmin: false })?.code, 'person.role.forbidden');
  assert.equal(roleChangeProblem({ ...base, isSelf: true })?.code, 'person.role.self');
  assert.equal(roleChangeProblem({ ...base, from: 'admin', adminsLeft: 0 })?.code, 'person.role.lastAdmin');
  assert.equal(roleChangeProblem({ ...base, from: 'admin', adminsLeft: 1 }), null);
});

test('P-SEC-1: a PIN has exactly the profile\'s digits and is not guessable', () => {
  assert.deepEqual(pinProblems('4711', 4, '2345'), []);
  assert.deepEqual(pinProblems('473920', 6), []);
  const code = (pin: string, length = 4, ext?: string) => pinProblems(pin, length, ext).map((p) => p.code);
  assert.deepEqual(code('47115'), ['pin.format']);
  assert.deepEqual(code('471'), ['pin.format']);
  assert.deepEqual(code('47a1'), ['pin.format']);
  assert.deepEqual(code('٤٧١١'), ['pin.format'], 'ASCII digits only (the phone sends DTMF 0-9)');
  for (const pin of ['0000', '7777', '1234', '6789', '8901', '4321', '9876', '2109']) assert.deepEqual(code(pin), ['pin.trivial'], pin);
  assert.deepEqual(code('1357'), []);
  assert.deepEqual(code('2345', 4, '2345'), ['pin.trivial']);
  assert.deepEqual(code('3455', 4, '23455'), ['pin.extension'], 'the end of a five-digit extension');
  assert.equal(pinProblems('12', 4)[0]!.rule, 'P-SEC-1');
  assert.match(pinProblems('12', 6)[0]!.sv, /6 siffror/);
});

test('P-SEC-1: a password has ten characters or more and is not a login', () => {
  assert.deepEqual(passwordProblems('korrekt-häst-batteri', anna), []);
  assert.deepEqual(passwordProblems('åäöåäöåäö', anna).map((p) => p.code), ['password.short'], 'nine characters, though more bytes');
  assert.deepEqual(passwordProblems('Anna.Berg@kommun.se', anna).map((p) => p.code), ['password.login']);
  assert.deepEqual(passwordProblems('+46701234567', anna).map((p) => p.code), ['password.login']);
});
