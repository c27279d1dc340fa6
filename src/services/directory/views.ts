// What the directory API answers: schemas (for validation of responses and the OpenAPI
// document) and the functions that shape records into them.
import { Type, type TSchema } from '@sinclair/typebox';
import { fullName, UNIT_KIND_SV, type Person, type SearchMatch } from '../../core/directory/index.js';
import { formatSwedish } from '../../core/numbers/index.js';
import { statusViewFor, type DiversionTarget, type PresenceStatus } from '../../core/presence/index.js';
import { toIso } from '../../store/index.js';
import type { FunctionRecord, PersonRecord, UnitRecord } from './rows.js';

export const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);

const Ref = Type.Object({ id: Type.String(), name: Type.String() });

const NumberOut = Type.Object({
  kind: Type.Union([Type.Literal('extension'), Type.Literal('direct'), Type.Literal('mobile')]),
  number: Type.String({ description: 'Digits for an extension, E.164 otherwise.' }),
  display: Type.String({ description: 'Swedish display form, e.g. "070-123 45 67".' }),
});

const summaryProps = {
  id: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  name: Type.String(),
  title: Nullable(Type.String()),
  unit: Nullable(Ref),
  functions: Type.Array(Ref),
  extension: Nullable(Type.String()),
  numbers: Type.Array(NumberOut),
  email: Nullable(Type.String()),
};

export const PersonSummary = Type.Object(summaryProps);

export const PersonOut = Type.Object({
  ...summaryProps,
  unitPath: Type.Array(Ref, { description: 'From the top of the organisation down to the person\'s unit.' }),
  directNumber: Nullable(Type.String()),
  mobileNumber: Nullable(Type.String()),
  mobileExtension: Type.Boolean(),
  matters: Type.Array(Type.String(), { description: 'Ärenden: what the person handles (P-FC-2, P-SWB-11).' }),
  managerId: Nullable(Type.String()),
  role: Type.String(),
  electedMember: Type.Boolean(),
  voicemail: Type.Object({
    enabled: Type.Boolean(),
    exceptionBy: Nullable(Type.String({ description: 'P-VM-1: who decided that this person has no voicemail.' })),
    exceptionAt: Nullable(Type.String()),
  }),
  deactivatedAt: Nullable(Type.String()),
  updatedAt: Type.String({ description: 'P-DIV-11: when the entry last changed (stale data shows here).' }),
});

export const UnitOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  kindLabel: Type.String({ description: 'Swedish: förvaltning, sektor, enhet.' }),
  parentId: Nullable(Type.String()),
  receptionFunctionId: Nullable(Type.String()),
  hasPhoneHours: Type.Boolean(),
});

export const FunctionOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  unit: Nullable(Ref),
  extension: Nullable(Type.String()),
  directNumber: Nullable(Type.String()),
  directNumberDisplay: Nullable(Type.String()),
  ringStrategy: Type.String(),
  memberIds: Type.Array(Type.String(), { description: 'In ring order for the in-turn strategy.' }),
});

const MatchOut = Type.Object({
  field: Type.String({ description: 'firstName, lastName, extension, function, matter, title, unit, parentUnit; for functions: name, extension.' }),
  kind: Type.String({ description: 'exact, prefix, stem, compound or typo.' }),
  word: Type.String({ description: 'The query word.' }),
  value: Type.String({ description: 'The field\'s text.' }),
  start: Type.Integer({ description: 'The matched part of value (UTF-16 offsets), for highlighting.' }),
  end: Type.Integer(),
  folded: Type.Boolean({ description: 'å ä ö were read as a a o to match.' }),
});

const NextOut = Nullable(Type.Object({ reason: Type.String(), reasonLabel: Nullable(Type.String()), start: Type.String(), end: Type.String() }));

export const PresenceOut = Type.Object({
  state: Type.Union([Type.Literal('available'), Type.Literal('absent')]),
  reason: Type.Optional(Type.String()),
  reasonLabel: Type.Optional(Nullable(Type.String())),
  returnsAt: Type.Optional(Type.String()),
  target: Type.Optional(Type.Unknown()),
  targetName: Type.Optional(Nullable(Type.String({ description: 'The person or function calls go to.' }))),
  next: NextOut,
});

export const SearchOut = Type.Object({
  query: Type.String(),
  people: Type.Array(Type.Object({ person: PersonSummary, score: Type.Integer(), matches: Type.Array(MatchOut), presence: PresenceOut })),
  functions: Type.Array(Type.Object({
    function: FunctionOut,
    score: Type.Integer(),
    matches: Type.Array(MatchOut),
    members: Type.Array(Type.Object({
      id: Type.String(),
      name: Type.String(),
      extension: Nullable(Type.String()),
      available: Type.Boolean(),
      returnsAt: Type.Optional(Type.String()),
    }), { description: 'P-SWB-3: available members first.' }),
  })),
});

/** Names the views need from the directory (see DirectoryService.lookups). */
export interface Names {
  unit(id: string | undefined): { id: string; name: string } | undefined;
  unitPath(id: string | undefined): { id: string; name: string }[];
  fn(id: string): { id: string; name: string } | undefined;
  person(id: string): PersonRecord | undefined;
}

/**
 * P-MOB-8: with a mobile extension the fixed number is the official one, so the mobile
 * number is shown only to the person, operators and admins.
 */
function showsMobile(p: Person, privileged: boolean): boolean {
  return p.mobileNumber !== undefined && (!p.mobileExtension || privileged);
}

function numbersOf(p: Person, privileged: boolean) {
  const out: { kind: 'extension' | 'direct' | 'mobile'; number: string; display: string }[] = [];
  if (p.extension) out.push({ kind: 'extension', number: p.extension, display: p.extension });
  if (p.directNumber) out.push({ kind: 'direct', number: p.directNumber, display: formatSwedish(p.directNumber) });
  if (showsMobile(p, privileged)) out.push({ kind: 'mobile', number: p.mobileNumber!, display: formatSwedish(p.mobileNumber!) });
  return out;
}

function ref(x: { id: string; name: string } | undefined) {
  return x ? { id: x.id, name: x.name } : null;
}

export function personSummary(p: Person, names: Names, privileged: boolean) {
  return {
    id: p.id,
    firstName: p.firstName,
    lastName: p.lastName,
    name: fullName(p),
    title: p.title ?? null,
    unit: ref(names.unit(p.unitId)),
    functions: p.functionIds.flatMap((id) => {
      const f = names.fn(id);
      return f ? [{ id: f.id, name: f.name }] : [];
    }),
    extension: p.extension ?? null,
    numbers: numbersOf(p, privileged),
    email: p.email ?? null,
  };
}

export function personOut(rec: PersonRecord, names: Names, privileged: boolean) {
  const p = rec.person;
  return {
    ...personSummary(p, names, privileged),
    unitPath: names.unitPath(p.unitId).map((u) => ({ id: u.id, name: u.name })),
    directNumber: p.directNumber ?? null,
    mobileNumber: showsMobile(p, privileged) ? p.mobileNumber! : null,
    mobileExtension: p.mobileExtension,
    matters: p.matters,
    managerId: p.managerId ?? null,
    role: p.role,
    electedMember: p.electedMember,
    voicemail: rec.voicemail,
    deactivatedAt: rec.deactivatedAt,
    updatedAt: rec.updatedAt,
  };
}

export function unitOut(u: UnitRecord) {
  return {
    id: u.unit.id,
    name: u.unit.name,
    kind: u.unit.kind,
    kindLabel: UNIT_KIND_SV[u.unit.kind],
    parentId: u.unit.parentId ?? null,
    receptionFunctionId: u.receptionFunctionId,
    hasPhoneHours: u.hasPhoneHours,
  };
}

export function functionOut(f: FunctionRecord, names: Names) {
  return {
    id: f.fn.id,
    name: f.fn.name,
    unit: ref(names.unit(f.fn.unitId)),
    extension: f.fn.extension ?? null,
    directNumber: f.fn.directNumber ?? null,
    directNumberDisplay: f.fn.directNumber ? formatSwedish(f.fn.directNumber) : null,
    ringStrategy: f.ringStrategy,
    memberIds: f.fn.memberIds,
  };
}

/** Search hits use other field names for functions: the stand-in entry's last name is the function's name. */
export function matchOut(m: SearchMatch, forFunction = false) {
  const field = forFunction && m.field === 'lastName' ? 'name' : m.field;
  return { field, kind: m.kind, word: m.word, value: m.value, start: m.start, end: m.end, folded: m.folded };
}

function targetName(target: DiversionTarget, names: Names): string | null {
  if (target.kind === 'person') {
    const p = names.person(target.personId);
    return p ? fullName(p.person) : null;
  }
  if (target.kind === 'function') return names.fn(target.functionId)?.name ?? null;
  return null;
}

/**
 * Presence in a search hit as a colleague sees it (P-SWB-4: the return time is always
 * there; P-SEC-2: never the private note).
 */
export function presenceOut(status: PresenceStatus, names: Names, label: (code: string) => string | undefined) {
  const v = statusViewFor('colleague', status);
  const next = v.next ? { reason: v.next.absence.reason, reasonLabel: label(v.next.absence.reason) ?? null, start: toIso(v.next.start), end: toIso(v.next.end) } : null;
  if (v.state === 'available') return { state: 'available' as const, next };
  return {
    state: 'absent' as const,
    reason: v.reason,
    reasonLabel: label(v.reason) ?? null,
    returnsAt: toIso(v.returnsAt),
    target: v.target,
    targetName: targetName(v.target, names),
    next,
  };
}
