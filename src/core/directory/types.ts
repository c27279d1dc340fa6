// The organisation and its people: the phone book the switchboard searches (P-SWB-9,
// P-SWB-12) and that employees keep correct themselves (P-DIV-11).

/** förvaltning, sektor, enhet. */
export type UnitKind = 'administration' | 'sector' | 'unit';

export const UNIT_KINDS: readonly UnitKind[] = ['administration', 'sector', 'unit'];

/** Swedish names for the user interface. */
export const UNIT_KIND_SV: Readonly<Record<UnitKind, string>> = {
  administration: 'förvaltning',
  sector: 'sektor',
  unit: 'enhet',
};

export interface Unit {
  id: string;
  name: string;
  kind: UnitKind;
  /** Absent for a top-level unit. */
  parentId?: string;
}

/** A service function ("funktion"): a group that shares calls, e.g. Bygglov, Expeditionen, Växeln. */
export interface ServiceFunction {
  id: string;
  name: string;
  extension?: string;
  /** E.164. */
  directNumber?: string;
  unitId?: string;
  memberIds: string[];
}

export type Role = 'employee' | 'manager' | 'operator' | 'admin';

export const ROLES: readonly Role[] = ['employee', 'manager', 'operator', 'admin'];

export const ROLE_SV: Readonly<Record<Role, string>> = {
  employee: 'medarbetare',
  manager: 'chef',
  operator: 'telefonist',
  admin: 'administratör',
};

export interface Person {
  id: string;
  firstName: string;
  lastName: string;
  title?: string;
  unitId?: string;
  functionIds: string[];
  /** Digits inside the number plan. */
  extension?: string;
  /** E.164. */
  directNumber?: string;
  /** E.164. */
  mobileNumber?: string;
  /** The fixed extension also rings the mobile; the fixed number is the official one (P-MOB-8). */
  mobileExtension: boolean;
  email?: string;
  /** "Ärenden": what the person handles, searchable keywords (P-FC-2, P-SWB-9). */
  matters: string[];
  managerId?: string;
  role: Role;
  /** Förtroendevald: an elected member, who may follow the policy (P-FUP-3). */
  electedMember: boolean;
}

/** The whole directory as the pure functions take it. */
export interface DirectoryState {
  units: readonly Unit[];
  functions: readonly ServiceFunction[];
  people: readonly Person[];
}

export function fullName(p: Pick<Person, 'firstName' | 'lastName'>): string {
  return `${p.firstName} ${p.lastName}`.trim();
}

/** The unit and its parents, nearest first. Stops at a cycle rather than looping. */
export function unitChain(unitId: string | undefined, unitsById: ReadonlyMap<string, Unit>): Unit[] {
  const chain: Unit[] = [];
  const seen = new Set<string>();
  let id = unitId;
  while (id !== undefined && !seen.has(id)) {
    seen.add(id);
    const unit = unitsById.get(id);
    if (!unit) break;
    chain.push(unit);
    id = unit.parentId;
  }
  return chain;
}

export function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((i) => [i.id, i]));
}
