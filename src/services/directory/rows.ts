// Store rows <-> the directory core's types. The core knows people, units and functions;
// the store adds what only the service needs: voicemail exceptions (P-VM-1), deactivation,
// timestamps, a function's ring strategy and overflow.
import type { FunctionRow, PersonRow, UnitRow, RingStrategy } from '../../store/schema.js';
import { fromFlag, toFlag } from '../../store/index.js';
import type { Person, Role, ServiceFunction, Unit } from '../../core/directory/index.js';

/** A person as the service holds them: the core's Person and the record around it. */
export interface PersonRecord {
  person: Person;
  /** P-VM-1: on unless a manager decided otherwise, with who and when. */
  voicemail: { enabled: boolean; exceptionBy: string | null; exceptionAt: string | null };
  /** Deactivated people stay in the store (history) but leave the phone book. */
  deactivatedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UnitRecord {
  unit: Unit;
  /** P-DIV-10: the unit's "expeditionen". */
  receptionFunctionId: string | null;
  /** P-HRS-1: the unit has phone hours of its own. */
  hasPhoneHours: boolean;
}

export interface FunctionRecord {
  fn: ServiceFunction;
  ringStrategy: RingStrategy;
  /** P-GRP-1: where calls go when no member answers (owned by call routing). */
  overflow: unknown;
}

const orUndefined = (s: string | null) => (s === null || s === '' ? undefined : s);

export function personFromRow(r: PersonRow, functionIds: string[]): PersonRecord {
  const person: Person = {
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    functionIds,
    mobileExtension: fromFlag(r.mobile_extension),
    matters: JSON.parse(r.matters_json) as string[],
    role: r.role as Role,
    electedMember: fromFlag(r.elected_member),
  };
  const optional: [keyof Person, string | null][] = [
    ['title', r.title], ['unitId', r.unit_id], ['extension', r.extension], ['directNumber', r.direct_number],
    ['mobileNumber', r.mobile_number], ['email', r.email], ['managerId', r.manager_id],
  ];
  for (const [key, value] of optional) {
    const v = orUndefined(value);
    if (v !== undefined) (person as unknown as Record<string, string>)[key] = v;
  }
  return {
    person,
    voicemail: { enabled: fromFlag(r.voicemail_enabled), exceptionBy: r.voicemail_exception_by, exceptionAt: r.voicemail_exception_at },
    deactivatedAt: r.deactivated_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The columns a Person decides (not the record's voicemail, deactivation or timestamps). */
export function personColumns(p: Person) {
  return {
    first_name: p.firstName,
    last_name: p.lastName,
    // The column is NOT NULL: no title is the empty string.
    title: p.title ?? '',
    unit_id: p.unitId ?? null,
    extension: p.extension ?? null,
    direct_number: p.directNumber ?? null,
    mobile_number: p.mobileNumber ?? null,
    mobile_extension: toFlag(p.mobileExtension),
    email: p.email ?? null,
    matters_json: JSON.stringify(p.matters),
    manager_id: p.managerId ?? null,
    role: p.role,
    elected_member: toFlag(p.electedMember),
  };
}

export function unitFromRow(r: UnitRow): UnitRecord {
  return {
    unit: { id: r.id, name: r.name, kind: r.kind, ...(r.parent_id ? { parentId: r.parent_id } : {}) },
    receptionFunctionId: r.reception_function_id,
    hasPhoneHours: r.phone_hours_json !== null,
  };
}

export function functionFromRow(r: FunctionRow, memberIds: string[]): FunctionRecord {
  const fn: ServiceFunction = { id: r.id, name: r.name, memberIds };
  if (r.extension) fn.extension = r.extension;
  if (r.direct_number) fn.directNumber = r.direct_number;
  if (r.unit_id) fn.unitId = r.unit_id;
  return { fn, ringStrategy: r.ring_strategy, overflow: r.overflow_json ? (JSON.parse(r.overflow_json) as unknown) : null };
}

export function functionColumns(fn: ServiceFunction) {
  return { name: fn.name, unit_id: fn.unitId ?? null, extension: fn.extension ?? null, direct_number: fn.directNumber ?? null };
}
