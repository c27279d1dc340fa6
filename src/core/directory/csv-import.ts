// Import of people from an HR or Active Directory export (docs/csv-import.md).
//
// Pure: it takes the file's text and the directory as it is, and returns either a complete
// plan of what to create and update, or every problem found. All rows are validated before
// anything is planned: one bad row means nothing is imported.
import { fail, ok, problem, type Problem, type Result } from '../errors.js';
import { isInExtensionPlan, normalizeNumber, type NumberPlan } from '../numbers/index.js';
import { parseRole, parseYesNo, splitList, UNIT_PATH_SEPARATOR, type ColumnKey } from './csv-columns.js';
import { readCsvTable, type CsvRow, type Delimiter } from './csv-parse.js';
import { fullName, type DirectoryState, type Person, type ServiceFunction, type Unit } from './types.js';
import { createPersonValidator, normalizePersonFields } from './validate.js';

export type NewIdKind = 'unit' | 'function' | 'person';

export interface ImportOptions {
  plan: NumberPlan;
  /** Ids for new records; pass the store's generator. The default counts ("ny-person-1"), skipping ids in use. */
  newId?: (kind: NewIdKind) => string;
}

export interface PersonChange {
  /** The file line the person comes from. */
  line: number;
  person: Person;
  /** The person before the import (updates only). */
  previous?: Person;
  /** The fields that change (updates only). */
  changed: (keyof Person)[];
}

export interface ImportPlan {
  delimiter: Delimiter;
  /** Headers that are not ours; their cells were not read. */
  ignoredColumns: string[];
  units: { create: Unit[] };
  functions: { create: ServiceFunction[]; update: ServiceFunction[] };
  people: {
    create: PersonChange[];
    update: PersonChange[];
    /** In the file, and already exactly so in the directory. */
    unchanged: string[];
    /** In the directory but not in the file: left alone; the caller decides (e.g. people who left). */
    notInFile: string[];
  };
}

const COLUMN_OF_FIELD: Partial<Record<keyof Person, ColumnKey>> = {
  firstName: 'firstName',
  lastName: 'lastName',
  title: 'title',
  unitId: 'unit',
  extension: 'extension',
  directNumber: 'directNumber',
  mobileNumber: 'mobileNumber',
  mobileExtension: 'mobileExtension',
  email: 'email',
  managerId: 'manager',
  functionIds: 'functions',
  matters: 'matters',
  role: 'role',
  electedMember: 'electedMember',
};

function nameKey(s: string): string {
  return s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

function defaultIds(state: DirectoryState): (kind: NewIdKind) => string {
  const used = new Set<string>([...state.units, ...state.functions, ...state.people].map((x) => x.id));
  const counters: Record<NewIdKind, number> = { unit: 0, function: 0, person: 0 };
  const sv: Record<NewIdKind, string> = { unit: 'enhet', function: 'funktion', person: 'person' };
  return (kind) => {
    let id: string;
    do id = `ny-${sv[kind]}-${++counters[kind]}`;
    while (used.has(id));
    used.add(id);
    return id;
  };
}

/** Finds existing units by path, and plans the ones that are missing. */
class UnitPlanner {
  private readonly children = new Map<string, Map<string, Unit[]>>();
  private readonly byName = new Map<string, Unit[]>();
  readonly created: Unit[] = [];
  private readonly withChildren = new Set<string>();

  constructor(
    units: readonly Unit[],
    private readonly newId: () => string,
  ) {
    for (const u of units) this.remember(u);
  }

  private remember(u: Unit) {
    const parent = u.parentId ?? '';
    let names = this.children.get(parent);
    if (!names) this.children.set(parent, (names = new Map()));
    const key = nameKey(u.name);
    names.set(key, [...(names.get(key) ?? []), u]);
    this.byName.set(key, [...(this.byName.get(key) ?? []), u]);
  }

  /** The unit id at the end of the path, or a problem. */
  resolve(path: string[]): Result<string> {
    let parentId: string | undefined;
    for (const [i, name] of path.entries()) {
      const key = nameKey(name);
      let found = this.children.get(parentId ?? '')?.get(key);
      // A single name (AD's department) may be a unit anywhere in the tree, if it is the only one.
      if (!found && path.length === 1) found = this.byName.get(key);
      if (found && found.length > 1) {
        return fail(problem('csv.unit.ambiguous', `Det finns flera enheter som heter "${name}"; skriv hela vägen, t.ex. "Förvaltning > ${name}".`, `Several units are called "${name}"; give the whole path.`));
      }
      let unit = found?.[0];
      if (!unit) {
        unit = { id: this.newId(), name: name.trim().replace(/\s+/g, ' '), kind: 'unit', ...(parentId !== undefined ? { parentId } : {}) };
        this.created.push(unit);
        this.remember(unit);
      }
      if (i < path.length - 1) this.withChildren.add(unit.id);
      parentId = unit.id;
    }
    return ok(parentId!);
  }

  /** New units get their kind from their place: a top with units under it is a förvaltning, a middle level a sektor, a leaf an enhet. */
  finish(): Unit[] {
    return this.created.map((u) => (this.withChildren.has(u.id) ? { ...u, kind: u.parentId === undefined ? 'administration' : 'sector' } : u));
  }
}

/** "CN=Berg\, Anna,OU=Bygg,DC=kommun,DC=se" -> "Berg, Anna". */
function commonNameOfDn(dn: string): string | undefined {
  const m = /^\s*CN=((?:\\.|[^,\\])*)/i.exec(dn);
  return m?.[1]?.replace(/\\(.)/g, '$1').trim();
}

export function importDirectoryCsv(text: string, state: DirectoryState, options: ImportOptions): Result<ImportPlan> {
  const table = readCsvTable(text);
  if (!table.ok) return table;
  const { rows, headers } = table.value;
  const newId = options.newId ?? defaultIds(state);
  const problems: Problem[] = [];
  const at = (row: CsvRow, code: string, sv: string, en: string, column?: ColumnKey) => {
    const field = column ? headers[column] : undefined;
    problems.push(problem(code, `Rad ${row.line}: ${sv}`, `Line ${row.line}: ${en}`, { line: row.line, ...(field ? { field } : {}) }));
  };
  const has = (key: ColumnKey) => headers[key] !== undefined;

  // 1. E-mail is the key that matches a row to a person; it must be there and be unique.
  const existingByEmail = new Map(state.people.filter((p) => p.email).map((p) => [p.email!.toLowerCase(), p]));
  const lineOfEmail = new Map<string, number>();
  for (const row of rows) {
    const email = row.cells.email?.toLowerCase() ?? '';
    if (email === '') {
      at(row, 'csv.email.missing', 'E-postadress saknas; den behövs för att känna igen personen.', 'The e-mail address is missing; it identifies the person.', 'email');
      continue;
    }
    const earlier = lineOfEmail.get(email);
    if (earlier !== undefined) {
      at(row, 'csv.email.duplicate', `E-postadressen ${email} finns redan på rad ${earlier}.`, `E-mail ${email} is already on line ${earlier}.`, 'email');
    } else {
      lineOfEmail.set(email, row.line);
    }
  }

  // 2. Units and functions named in the file.
  const units = new UnitPlanner(state.units, () => newId('unit'));
  const functionsByName = new Map(state.functions.map((f) => [nameKey(f.name), { ...f, memberIds: [...f.memberIds] }]));
  const createdFunctions = new Set<string>();

  // 3. One person per row: an update of the person with that e-mail, or a new one.
  interface Draft {
    row: CsvRow;
    person: Person;
    previous?: Person;
  }
  const drafts: Draft[] = [];
  for (const row of rows) {
    const c = row.cells;
    const email = c.email?.toLowerCase();
    if (!email || lineOfEmail.get(email) !== row.line) continue;
    const previous = existingByEmail.get(email);
    const person: Person = previous
      ? { ...previous, functionIds: [...previous.functionIds], matters: [...previous.matters] }
      : { id: newId('person'), firstName: '', lastName: '', functionIds: [], mobileExtension: false, matters: [], role: 'employee', electedMember: false };

    // A column the file has sets the field, also to empty; a column it lacks leaves the field as it is.
    const set = <K extends 'title' | 'extension' | 'directNumber' | 'mobileNumber'>(key: K, column: ColumnKey) => {
      if (!has(column)) return;
      const v = c[column] ?? '';
      if (v === '') delete person[key];
      else person[key] = v as Person[K];
    };
    if (has('firstName')) person.firstName = c.firstName ?? '';
    if (has('lastName')) person.lastName = c.lastName ?? '';
    person.email = email;
    set('title', 'title');
    set('extension', 'extension');
    set('directNumber', 'directNumber');
    set('mobileNumber', 'mobileNumber');

    // AD's telephoneNumber often holds the extension itself: digits inside the plan become
    // the extension, and the direct number is then not given by the file.
    if (person.directNumber !== undefined && (c.extension ?? '') === '') {
      const n = normalizeNumber(person.directNumber);
      if (n.ok && n.value.form !== 'e164' && isInExtensionPlan(n.value.value, options.plan)) {
        person.extension = n.value.value;
        if (previous?.directNumber !== undefined) person.directNumber = previous.directNumber;
        else delete person.directNumber;
      }
    }

    if (has('unit')) {
      const path = (c.unit ?? '').split(UNIT_PATH_SEPARATOR).map((s) => s.trim());
      if (path.every((s) => s === '')) delete person.unitId;
      else if (path.some((s) => s === '')) at(row, 'csv.unit.path', `Enheten "${c.unit}" har en tom nivå.`, `Unit path "${c.unit}" has an empty level.`, 'unit');
      else {
        const unit = units.resolve(path);
        if (unit.ok) person.unitId = unit.value;
        else at(row, unit.problems[0]!.code, unit.problems[0]!.sv, unit.problems[0]!.en, 'unit');
      }
    }
    if (has('functions')) {
      person.functionIds = splitList(c.functions ?? '').map((name) => {
        let f = functionsByName.get(nameKey(name));
        if (!f) {
          f = { id: newId('function'), name, memberIds: [], ...(person.unitId !== undefined ? { unitId: person.unitId } : {}) };
          functionsByName.set(nameKey(name), f);
          createdFunctions.add(f.id);
        }
        return f.id;
      });
      person.functionIds = [...new Set(person.functionIds)];
    }
    if (has('matters')) person.matters = splitList(c.matters ?? '');
    for (const key of ['mobileExtension', 'electedMember'] as const) {
      if (!has(key)) continue;
      const v = parseYesNo(c[key] ?? '');
      if (v === undefined) at(row, 'csv.yesNo', `"${c[key]}" är varken ja eller nej.`, `"${c[key]}" is neither yes nor no.`, key);
      else person[key] = v;
    }
    if (has('role')) {
      const v = parseRole(c.role ?? '');
      if (v === undefined) at(row, 'csv.role.unknown', `Okänd roll "${c.role}"; använd medarbetare, chef, telefonist eller administratör.`, `Unknown role "${c.role}".`, 'role');
      else person.role = v;
    }
    drafts.push({ row, person: normalizePersonFields(person), ...(previous ? { previous } : {}) });
  }

  // 4. Managers, by e-mail or AD distinguished name, in the file or already in the directory.
  const fileIds = new Set(drafts.map((d) => d.person.id));
  const everyone = [...drafts.map((d) => d.person), ...state.people.filter((p) => !fileIds.has(p.id))];
  const byEmail = new Map(everyone.filter((p) => p.email).map((p) => [p.email!.toLowerCase(), p]));
  const byName = new Map<string, Person[]>();
  for (const p of everyone) {
    for (const n of new Set([nameKey(fullName(p)), nameKey(`${p.lastName} ${p.firstName}`), nameKey(`${p.lastName}, ${p.firstName}`)])) {
      byName.set(n, [...(byName.get(n) ?? []), p]);
    }
  }
  if (has('manager')) {
    for (const d of drafts) {
      const ref = d.row.cells.manager ?? '';
      if (ref === '') {
        delete d.person.managerId;
        continue;
      }
      const cn = ref.includes('@') ? undefined : commonNameOfDn(ref);
      const matches = ref.includes('@') ? [byEmail.get(ref.toLowerCase())].filter((p) => p !== undefined) : cn ? (byName.get(nameKey(cn)) ?? []) : [];
      if (matches.length === 1) d.person.managerId = matches[0]!.id;
      else if (matches.length > 1) at(d.row, 'csv.manager.ambiguous', `Flera personer heter ${cn}; ange chefens e-postadress.`, `Several people are called ${cn}; give the manager's e-mail.`, 'manager');
      else at(d.row, 'csv.manager.notFound', `Chefen ${ref} finns varken i filen eller i katalogen.`, `Manager ${ref} is neither in the file nor in the directory.`, 'manager');
    }
  }

  // 5. Function membership follows the people's lists.
  if (has('functions')) {
    for (const f of functionsByName.values()) {
      const kept = f.memberIds.filter((id) => !fileIds.has(id));
      const joined = drafts.filter((d) => d.person.functionIds.includes(f.id)).map((d) => d.person.id);
      f.memberIds = [...new Set([...kept, ...joined])];
    }
  }

  // 6. Every person is validated against the directory as it will be after the import.
  const finalState = {
    units: [...state.units, ...units.created],
    functions: [...functionsByName.values()],
    people: everyone,
  };
  const lineOf = new Map(drafts.map((d) => [d.person.id, d.row.line]));
  const validate = createPersonValidator({
    ...finalState,
    plan: options.plan,
    describe: (p) => (lineOf.has(p.id) ? `${fullName(p)} (rad ${lineOf.get(p.id)})` : fullName(p)),
  });
  for (const d of drafts) {
    for (const p of validate(d.person)) {
      const column = COLUMN_OF_FIELD[(p.field?.split('.')[0] ?? '') as keyof Person];
      at(d.row, p.code, p.sv, p.en, column);
      if (p.rule) problems[problems.length - 1]!.rule = p.rule;
    }
  }
  problems.push(...managerCycleProblems(drafts, everyone, headers.manager));

  if (problems.length > 0) return fail(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));

  const create: PersonChange[] = [];
  const update: PersonChange[] = [];
  const unchanged: string[] = [];
  for (const d of drafts) {
    if (!d.previous) {
      create.push({ line: d.row.line, person: d.person, changed: [] });
      continue;
    }
    const changed = changedFields(d.previous, d.person);
    if (changed.length === 0) unchanged.push(d.person.id);
    else update.push({ line: d.row.line, person: d.person, previous: d.previous, changed });
  }
  const originalFunctions = new Map(state.functions.map((f) => [f.id, f]));
  return ok({
    delimiter: table.value.delimiter,
    ignoredColumns: table.value.ignoredColumns,
    units: { create: units.finish() },
    functions: {
      create: [...functionsByName.values()].filter((f) => createdFunctions.has(f.id)),
      update: [...functionsByName.values()].filter((f) => {
        const before = originalFunctions.get(f.id);
        return before !== undefined && !sameMembers(before.memberIds, f.memberIds);
      }),
    },
    people: {
      create,
      update,
      unchanged,
      notInFile: state.people.filter((p) => !fileIds.has(p.id)).map((p) => p.id),
    },
  });
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function changedFields(before: Person, after: Person): (keyof Person)[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof Person)[]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/** A manager chain that comes back to where it started cannot be right. */
function managerCycleProblems(drafts: { row: CsvRow; person: Person }[], everyone: readonly Person[], managerHeader: string | undefined): Problem[] {
  const managerOf = new Map(everyone.map((p) => [p.id, p.managerId]));
  const problems: Problem[] = [];
  for (const d of drafts) {
    const seen = new Set<string>([d.person.id]);
    // Being one's own manager is the validator's problem (person.manager.self).
    if (d.person.managerId === d.person.id) continue;
    for (let id = managerOf.get(d.person.id); id !== undefined; id = managerOf.get(id)) {
      if (id === d.person.id) {
        const line = d.row.line;
        problems.push(
          problem('csv.manager.cycle', `Rad ${line}: Chefskedjan leder tillbaka till personen själv.`, `Line ${line}: the chain of managers leads back to the person.`, {
            line,
            ...(managerHeader ? { field: managerHeader } : {}),
          }),
        );
        break;
      }
      if (seen.has(id)) break;
      seen.add(id);
    }
  }
  return problems;
}
