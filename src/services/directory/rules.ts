// Who may change what in someone's directory entry, and what makes a PIN or a password
// acceptable. Plain functions of their arguments, so the rules are tested on their own.
import { problem, type Problem } from '../../core/errors.js';
import type { Person } from '../../core/directory/index.js';

/** The fields of a person that the API lets someone change. */
export type PersonField = Exclude<keyof Person, 'id'>;

export const PERSON_FIELDS: readonly PersonField[] = [
  'firstName', 'lastName', 'title', 'unitId', 'functionIds', 'extension', 'directNumber', 'mobileNumber',
  'mobileExtension', 'email', 'matters', 'managerId', 'role', 'electedMember',
];

/** Why an actor may edit a person at all. */
export type EditBasis = 'admin' | 'self' | 'manager' | 'operator';

/**
 * - admin: everything (roles with the limits of `roleChangeProblem`).
 * - self, P-DIV-11: keep your own data correct where it is yours to say: title, your own
 *   mobile number, and what you handle. Unit, extension, direct number, role and name come
 *   from the organisation and the number plan, so an admin changes them.
 * - manager, P-SWB-11: a manager keeps the matters ("ärenden") and titles of their staff
 *   up to date; every such change is audited as made on the person's behalf.
 * - operator, P-DIV-11 ("själv eller via växeln"): the switchboard enters what a person
 *   reports, the same fields as the person, audited.
 */
export const EDITABLE: Readonly<Record<EditBasis, readonly PersonField[]>> = {
  admin: PERSON_FIELDS,
  self: ['title', 'mobileNumber', 'matters'],
  manager: ['title', 'matters'],
  operator: ['title', 'mobileNumber', 'matters'],
};

export interface EditorRelation {
  role: 'employee' | 'manager' | 'operator' | 'admin';
  isSelf: boolean;
  /** The actor is in the person's manager chain (and has the manager role). */
  managesPerson: boolean;
}

export function editBases(r: EditorRelation): EditBasis[] {
  const bases: EditBasis[] = [];
  if (r.role === 'admin') bases.push('admin');
  if (r.isSelf) bases.push('self');
  if (r.role === 'manager' && r.managesPerson) bases.push('manager');
  if (r.role === 'operator') bases.push('operator');
  return bases;
}

/** The fields of a change that none of the actor's bases allows. */
export function refusedFields(fields: readonly PersonField[], bases: readonly EditBasis[]): PersonField[] {
  const allowed = new Set(bases.flatMap((b) => EDITABLE[b]));
  return fields.filter((f) => !allowed.has(f));
}

/** The basis recorded in the audit log: the strongest that applies. */
export function auditBasis(bases: readonly EditBasis[]): EditBasis | null {
  return (['admin', 'manager', 'operator', 'self'] as const).find((b) => bases.includes(b)) ?? null;
}

/**
 * Roles are changed by admins only, and never by the admin themself, so nobody locks the
 * municipality out by removing their own admin role; `lastAdmin` guards against an API
 * token (which has no own role) demoting the last admin.
 */
export function roleChangeProblem(opts: { actorIsAdmin: boolean; isSelf: boolean; from: Person['role']; to: Person['role']; adminsLeft: number }): Problem | null {
  if (opts.from === opts.to) return null;
  if (!opts.actorIsAdmin) return problem('person.role.forbidden', 'Bara en administratör kan ändra roller.', 'Only admins change roles.', { field: 'role' });
  if (opts.isSelf) return problem('person.role.self', 'Du kan inte ändra din egen roll.', 'Admins cannot change their own role.', { field: 'role' });
  if (opts.from === 'admin' && opts.adminsLeft < 1) {
    return problem('person.role.lastAdmin', 'Kommunen måste ha minst en administratör kvar.', 'The municipality must keep at least one active admin.', { field: 'role' });
  }
  return null;
}

/** Digit runs anyone would try first: 1234, 9876, 0000. */
function isTrivialPin(pin: string): boolean {
  const steps = new Set<number>();
  for (let i = 1; i < pin.length; i++) steps.add((pin.charCodeAt(i) - pin.charCodeAt(i - 1) + 10) % 10);
  return steps.size === 1 && [0, 1, 9].includes([...steps][0]!);
}

/**
 * P-SEC-1: the voicemail and phone-code PIN has exactly the profile's number of digits
 * (docs/profiles.md, voicemail.pinLength, 4–8), and is not one anyone would guess first.
 */
export function pinProblems(pin: string, length: number, extension?: string): Problem[] {
  const field = 'pin';
  if (!/^\d+$/.test(pin) || pin.length !== length) {
    return [problem('pin.format', `PIN-koden ska vara ${length} siffror.`, `The PIN must be exactly ${length} digits.`, { field, rule: 'P-SEC-1' })];
  }
  if (isTrivialPin(pin)) {
    return [problem('pin.trivial', 'Välj en PIN-kod som är svårare att gissa (inte 1234, 0000 eller liknande).', 'The PIN is too easy to guess (a run or a repeated digit).', { field, rule: 'P-SEC-1' })];
  }
  if (extension !== undefined && (pin === extension || extension.endsWith(pin))) {
    return [problem('pin.extension', 'PIN-koden får inte vara ditt anknytningsnummer.', 'The PIN must not be the extension.', { field, rule: 'P-SEC-1' })];
  }
  return [];
}

export const MIN_PASSWORD_LENGTH = 10;

export function passwordProblems(password: string, person: Person): Problem[] {
  const field = 'newPassword';
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return [problem('password.short', `Lösenordet ska ha minst ${MIN_PASSWORD_LENGTH} tecken.`, `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`, { field, rule: 'P-SEC-1' })];
  }
  const lower = password.toLowerCase();
  const logins = [person.email, person.extension, person.directNumber, person.mobileNumber].filter((s): s is string => s !== undefined);
  if (logins.some((l) => l.toLowerCase() === lower)) {
    return [problem('password.login', 'Lösenordet får inte vara samma som ditt användarnamn.', 'The password must not equal a login (e-mail or number).', { field, rule: 'P-SEC-1' })];
  }
  return [];
}
