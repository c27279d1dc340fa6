// Validation of people in the directory. Every problem names its field, in Swedish for the
// person who fixes it and in English for logs.
import { problem, type Problem } from '../errors.js';
import { classifyNumber, isInExtensionPlan, normalizeNumber, type NumberKind, type NumberPlan } from '../numbers/index.js';
import { fullName, ROLES, type DirectoryState, type Person } from './types.js';

export interface ValidationContext extends DirectoryState {
  plan: NumberPlan;
  /** Names another person in messages; the CSV import adds the file line. */
  describe?: (person: Person) => string;
}

/** A deliberately loose shape check: one @, no spaces, a dot in the domain. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;

/** Matters and function names are lists in one CSV cell, so they cannot hold the separators. */
export const LIST_SEPARATORS = /[,|]/;

const DIRECT_NUMBER_KINDS: readonly NumberKind[] = ['fixed', 'mobile'];
const MOBILE_NUMBER_KINDS: readonly NumberKind[] = ['mobile', 'international'];

/** Trims text fields and brings numbers to E.164 where they parse; the validator reports the rest. */
export function normalizePersonFields(person: Person): Person {
  const text = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s.trim().replace(/\s+/g, ' '));
  const number = (s: string | undefined) => {
    const t = text(s);
    if (t === undefined) return undefined;
    const n = normalizeNumber(t);
    return n.ok && n.value.form === 'e164' ? n.value.value : t;
  };
  const extension = (s: string | undefined) => {
    const t = text(s);
    if (t === undefined) return undefined;
    const n = normalizeNumber(t);
    return n.ok && n.value.form !== 'e164' ? n.value.value : t;
  };
  const out: Person = {
    ...person,
    firstName: person.firstName.trim().replace(/\s+/g, ' '),
    lastName: person.lastName.trim().replace(/\s+/g, ' '),
    matters: person.matters.map((m) => m.trim().replace(/\s+/g, ' ')).filter((m) => m !== ''),
  };
  const optional = {
    title: text(person.title),
    email: text(person.email)?.toLowerCase(),
    extension: extension(person.extension),
    directNumber: number(person.directNumber),
    mobileNumber: number(person.mobileNumber),
  };
  for (const [key, value] of Object.entries(optional) as [keyof typeof optional, string | undefined][]) {
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

function lower(s: string | undefined): string | undefined {
  return s?.toLowerCase();
}

/**
 * Builds a validator over a directory state once (indexes for uniqueness), so that an
 * import of tens of thousands of rows stays linear.
 */
export function createPersonValidator(ctx: ValidationContext): (person: Person) => Problem[] {
  const unitIds = new Set(ctx.units.map((u) => u.id));
  const functionIds = new Set(ctx.functions.map((f) => f.id));
  const peopleById = new Map(ctx.people.map((p) => [p.id, p]));
  const describe = ctx.describe ?? ((p: Person) => fullName(p));

  // Who holds each unique value: people by id, functions by name.
  const holders = new Map<string, string[]>();
  const hold = (key: string | undefined, holder: string) => {
    if (key === undefined) return;
    const list = holders.get(key);
    if (list) list.push(holder);
    else holders.set(key, [holder]);
  };
  for (const p of ctx.people) {
    hold(p.extension && `ext:${p.extension}`, `p:${p.id}`);
    hold(p.directNumber && `tel:${p.directNumber}`, `p:${p.id}`);
    hold(p.email && `mail:${lower(p.email)}`, `p:${p.id}`);
  }
  for (const f of ctx.functions) {
    hold(f.extension && `ext:${f.extension}`, `f:${f.name}`);
    hold(f.directNumber && `tel:${f.directNumber}`, `f:${f.name}`);
  }
  const otherHolder = (key: string, self: Person): string | undefined => {
    const other = holders.get(key)?.find((h) => h !== `p:${self.id}`);
    if (other === undefined) return undefined;
    if (other.startsWith('f:')) return `funktionen ${other.slice(2)}`;
    const p = peopleById.get(other.slice(2));
    return p ? describe(p) : other.slice(2);
  };

  return (person) => {
    const problems: Problem[] = [];
    const add = (field: string, code: string, sv: string, en: string, rule?: string) =>
      problems.push(problem(code, sv, en, rule ? { field, rule } : { field }));

    if (person.firstName.trim() === '') add('firstName', 'person.firstName.required', 'Förnamn saknas.', 'First name is required.');
    if (person.lastName.trim() === '') add('lastName', 'person.lastName.required', 'Efternamn saknas.', 'Last name is required.');

    if (person.email !== undefined) {
      if (!EMAIL.test(person.email)) {
        add('email', 'person.email.invalid', `"${person.email}" är ingen giltig e-postadress.`, `"${person.email}" is not a valid e-mail address.`);
      } else {
        const other = otherHolder(`mail:${lower(person.email)}`, person);
        if (other) add('email', 'person.email.taken', `E-postadressen ${person.email} används redan av ${other}.`, `E-mail ${person.email} is already used by ${other}.`);
      }
    }

    if (person.extension !== undefined) {
      if (!/^\d+$/.test(person.extension) || !isInExtensionPlan(person.extension, ctx.plan)) {
        add('extension', 'person.extension.outsidePlan', `Anknytning ${person.extension} finns inte i nummerplanen.`, `Extension ${person.extension} is outside the extension plan.`);
      } else {
        const other = otherHolder(`ext:${person.extension}`, person);
        if (other) add('extension', 'person.extension.taken', `Anknytning ${person.extension} används redan av ${other}.`, `Extension ${person.extension} is already used by ${other}.`);
      }
    }

    if (person.directNumber !== undefined) {
      const n = classifyNumber(person.directNumber, ctx.plan);
      if (!DIRECT_NUMBER_KINDS.includes(n.kind) || n.e164 !== person.directNumber) {
        add('directNumber', 'person.directNumber.invalid', `Direktnumret ${person.directNumber} är inget giltigt svenskt fast- eller mobilnummer.`, `Direct number ${person.directNumber} is not a valid Swedish fixed or mobile number in E.164 form.`);
      } else {
        const other = otherHolder(`tel:${person.directNumber}`, person);
        if (other) add('directNumber', 'person.directNumber.taken', `Direktnumret ${n.display} används redan av ${other}.`, `Direct number ${person.directNumber} is already used by ${other}.`);
      }
    }

    if (person.mobileNumber !== undefined) {
      const n = classifyNumber(person.mobileNumber, ctx.plan);
      if (!MOBILE_NUMBER_KINDS.includes(n.kind) || n.e164 !== person.mobileNumber) {
        add('mobileNumber', 'person.mobileNumber.invalid', `${person.mobileNumber} är inget giltigt mobilnummer.`, `${person.mobileNumber} is not a valid mobile number in E.164 form.`);
      }
    }

    // P-MOB-8: a mobile extension needs both the fixed extension and the mobile it rings.
    if (person.mobileExtension && (person.extension === undefined || person.mobileNumber === undefined)) {
      add('mobileExtension', 'person.mobileExtension.incomplete', 'Mobilanknytning kräver både anknytning och mobilnummer.', 'A mobile extension needs both an extension and a mobile number.', 'P-MOB-8');
    }

    if (person.unitId !== undefined && !unitIds.has(person.unitId)) {
      add('unitId', 'person.unit.unknown', 'Enheten finns inte.', `Unit ${person.unitId} does not exist.`);
    }
    person.functionIds.forEach((id, i) => {
      if (!functionIds.has(id)) add(`functionIds.${i}`, 'person.function.unknown', 'Funktionen finns inte.', `Function ${id} does not exist.`);
    });
    if (person.managerId !== undefined) {
      if (person.managerId === person.id) add('managerId', 'person.manager.self', 'En person kan inte vara sin egen chef.', 'A person cannot be their own manager.');
      else if (!peopleById.has(person.managerId)) add('managerId', 'person.manager.unknown', 'Chefen finns inte i katalogen.', `Manager ${person.managerId} does not exist.`);
    }
    if (!ROLES.includes(person.role)) {
      add('role', 'person.role.unknown', `Okänd roll "${String(person.role)}".`, `Unknown role "${String(person.role)}".`);
    }
    person.matters.forEach((m, i) => {
      if (LIST_SEPARATORS.test(m)) add(`matters.${i}`, 'person.matter.separator', `Ärendet "${m}" får inte innehålla komma eller |.`, `Matter "${m}" must not contain a comma or |.`);
    });
    return problems;
  };
}

/** Validates one person against the directory (other people, units, functions, number plan). */
export function validatePerson(person: Person, ctx: ValidationContext): Problem[] {
  return createPersonValidator(ctx)(person);
}
