// Turns the staffing plan (organisation.ts) into units, functions and named people.
import { drawName, emailLocalPart } from './names.js';
import { valdemarsvik } from '../core/policy/profiles/index.js';
import { ExtensionAllocator, directNumberPool, mobileNumberPool } from './numbers.js';
import {
  EMAIL_DOMAIN,
  FIXED_PEOPLE,
  FUNCTIONS,
  PLAN,
  TOP_UNIT_KEY,
  UNITS,
  type FixedPerson,
  type StaffSpec,
  type UnitSpec,
} from './organisation.js';
import type { Random } from './random.js';
import type { DemoFunction, DemoPerson, DemoUnit } from './types.js';

export interface Staffing {
  units: DemoUnit[];
  functions: DemoFunction[];
  people: DemoPerson[];
  /** The fixed people of the demo logins, by their FixedPerson object. */
  fixedKeys: Map<FixedPerson, string>;
}

/**
 * E-mail addresses firstname.lastname@domain; a second person with the same name gets
 * firstname.lastname2, the third ...3 (the first keeps the plain address).
 */
export class EmailRegistry {
  private readonly used = new Set<string>();
  constructor(private readonly domain: string) {}

  assign(firstName: string, lastName: string): string {
    const local = emailLocalPart(firstName, lastName);
    let candidate = `${local}@${this.domain}`;
    for (let n = 2; this.used.has(candidate); n++) candidate = `${local}${n}@${this.domain}`;
    this.used.add(candidate);
    return candidate;
  }
}

function unitSpec(key: string): UnitSpec {
  const u = UNITS.find((s) => s.key === key);
  if (u === undefined) throw new Error(`unknown unit ${key}`);
  return u;
}

/** The top-level node above a unit (or the unit itself), which owns the extension block. */
function topLevel(spec: UnitSpec): UnitSpec {
  let u = spec;
  while (u.parent !== null) u = unitSpec(u.parent);
  return u;
}

/** P-DIV-10: a unit without a reception of its own refers callers to the one above. */
function receptionOf(spec: UnitSpec): string | null {
  if (spec.reception !== undefined) return spec.reception;
  return spec.parent === null ? null : receptionOf(unitSpec(spec.parent));
}

const fixedNames = new Set(FIXED_PEOPLE.map((f) => `${f.firstName} ${f.lastName}`));
const DUPLICATE_NAME_KEPT = 0.25;

export function generateStaffing(rng: Random): Staffing {
  const units: DemoUnit[] = UNITS.map((s) => ({
    key: s.key,
    name: s.name,
    kind: s.kind,
    parentKey: s.parent,
    phoneHours: s.phoneHours ?? null,
    receptionFunctionKey: receptionOf(s),
  }));

  const directNumbers = directNumberPool(PLAN.directRanges ?? [], PLAN.mainNumber);
  const functions: DemoFunction[] = FUNCTIONS.map((f) => ({
    key: f.key,
    name: f.name,
    unitKey: f.unitKey,
    extension: f.extension,
    directNumber: f.mainNumber === true ? PLAN.mainNumber : directNumbers.take(),
    ringStrategy: f.ringStrategy,
    memberKeys: [],
    phoneHours: f.phoneHours ?? null,
    overflowFunctionKey: f.overflow ?? null,
    matters: f.matters.slice(),
  }));

  const allocators = new Map<string, ExtensionAllocator>();
  for (const s of UNITS) {
    if (s.extensionBlock !== undefined) allocators.set(s.key, new ExtensionAllocator(s.key, ...s.extensionBlock));
  }
  const mobiles = mobileNumberPool([
    ...FIXED_PEOPLE.flatMap((f) => (f.mobileNumber === null ? [] : [f.mobileNumber])),
    ...valdemarsvik.onCall.map((o) => o.number),
  ]);
  const emails = new EmailRegistry(EMAIL_DOMAIN);
  const people: DemoPerson[] = [];
  const fixedKeys = new Map<FixedPerson, string>();
  const headKeyOf = new Map<string, string>();
  const takenNames = new Set<string>();

  for (const spec of UNITS) {
    const top = topLevel(spec);
    const extensions = allocators.get(top.key);
    if (extensions === undefined) throw new Error(`top-level unit ${top.key} has no extension block`);
    extensions.startUnit();
    let seq = 0;
    const add = (staff: StaffSpec, isHead: boolean, fixed: FixedPerson | undefined): void => {
      seq++;
      const key = `p-${spec.key}-${String(seq).padStart(2, '0')}`;
      let first: string;
      let last: string;
      if (fixed !== undefined) {
        ({ firstName: first, lastName: last } = fixed);
        fixedKeys.set(fixed, key);
      } else {
        // The demo logins' names stay unique, so that the documentation is unambiguous.
        // Two colleagues with the same name happen, but rarely: a name already taken is
        // kept one time in four (about one pair per demo; the e-mail gets a number).
        for (;;) {
          ({ firstName: first, lastName: last } = drawName(rng, { womenShare: staff.women, otherOriginShare: spec.otherOrigin }));
          const full = `${first} ${last}`;
          if (fixedNames.has(full) || (takenNames.has(full) && !rng.chance(DUPLICATE_NAME_KEPT))) continue;
          break;
        }
      }
      let mobileNumber: string | null;
      let mobileExtension: boolean;
      if (fixed !== undefined) {
        ({ mobileNumber, mobileExtension } = fixed);
      } else {
        mobileNumber = rng.chance(staff.mobile) ? mobiles.take() : null;
        mobileExtension = mobileNumber !== null && rng.chance(staff.mex ?? 0.15);
      }
      takenNames.add(`${first} ${last}`);
      if (isHead) headKeyOf.set(spec.key, key);
      people.push({
        key,
        firstName: first,
        lastName: last,
        title: staff.title,
        unitKey: spec.key,
        functionKeys: staff.functions?.slice() ?? [],
        extension: extensions.take(),
        directNumber: staff.direct === true ? directNumbers.take() : null,
        mobileNumber,
        mobileExtension,
        email: emails.assign(first, last),
        matters: staff.matters.slice(),
        managerKey: null, // resolved below, once every head is known
        role: isHead ? 'manager' : (staff.role ?? 'employee'),
        electedMember: staff.elected === true,
      });
    };
    if (spec.head !== undefined) add(spec.head, true, spec.head.fixed?.[0]);
    for (const staff of spec.staff) {
      for (let i = 0; i < staff.count; i++) add(staff, false, staff.fixed?.[i]);
    }
  }

  // Managers: staff report to their unit's head; heads to the nearest head above; heads of
  // top-level sectors to the kommundirektör; politicians to no one (P-FUP-3).
  const headAbove = (unitKey: string | null): string | null => {
    for (let k = unitKey; k !== null; k = unitSpec(k).parent) {
      const h = headKeyOf.get(k);
      if (h !== undefined) return h;
    }
    return null;
  };
  const director = headKeyOf.get(TOP_UNIT_KEY) ?? null;
  for (const p of people) {
    if (p.electedMember) continue;
    const spec = unitSpec(p.unitKey);
    const isHead = headKeyOf.get(spec.key) === p.key;
    const above = isHead ? headAbove(spec.parent) : headAbove(spec.key);
    p.managerKey = above ?? (p.key === director ? null : director);
  }

  for (const f of functions) f.memberKeys = people.filter((p) => p.functionKeys.includes(f.key)).map((p) => p.key);
  return { units, functions, people, fixedKeys };
}
