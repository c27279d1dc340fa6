// Export of the directory in the import's own CSV format, so that an export can be edited
// in a spreadsheet and imported again (docs/csv-import.md).
import { formatSwedish } from '../numbers/index.js';
import { COLUMNS, protectCell, UNIT_PATH_SEPARATOR, type ColumnKey } from './csv-columns.js';
import { byId, ROLE_SV, unitChain, type DirectoryState, type Person } from './types.js';

export interface CsvExportOptions {
  /** ';' by default: what Swedish Excel expects. */
  delimiter?: ';' | ',';
  /** A byte-order mark makes Excel read the file as UTF-8; on by default. */
  bom?: boolean;
}

/** People in Swedish alphabetical order: last name, then first name. */
export const swedishCollator = new Intl.Collator('sv', { sensitivity: 'base' });

export function compareByName(a: Person, b: Person): number {
  return swedishCollator.compare(a.lastName, b.lastName) || swedishCollator.compare(a.firstName, b.firstName) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function quote(value: string, delimiter: string): string {
  // RFC 4180 section 2: fields with separators, quotes or line breaks are quoted; quotes doubled.
  return value.includes(delimiter) || /["\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

export function exportDirectoryCsv(state: DirectoryState, options: CsvExportOptions = {}): string {
  const delimiter = options.delimiter ?? ';';
  const units = byId(state.units);
  const functions = byId(state.functions);
  const people = byId(state.people);
  const yesNo = (b: boolean) => (b ? 'ja' : 'nej');

  const cellsOf = (p: Person): Record<ColumnKey, string> => ({
    firstName: p.firstName,
    lastName: p.lastName,
    title: p.title ?? '',
    unit: unitChain(p.unitId, units)
      .reverse()
      .map((u) => u.name)
      .join(` ${UNIT_PATH_SEPARATOR} `),
    extension: p.extension ?? '',
    directNumber: p.directNumber ? formatSwedish(p.directNumber) : '',
    mobileNumber: p.mobileNumber ? formatSwedish(p.mobileNumber) : '',
    mobileExtension: yesNo(p.mobileExtension),
    email: p.email ?? '',
    manager: (p.managerId && people.get(p.managerId)?.email) ?? '',
    functions: p.functionIds
      .map((id) => functions.get(id)?.name)
      .filter((n) => n !== undefined)
      .join(', '),
    matters: p.matters.join(', '),
    role: ROLE_SV[p.role],
    electedMember: yesNo(p.electedMember),
  });

  const lines = [COLUMNS.map((c) => quote(c.header, delimiter)).join(delimiter)];
  for (const p of [...state.people].sort(compareByName)) {
    const cells = cellsOf(p);
    lines.push(COLUMNS.map((c) => quote(protectCell(cells[c.key]), delimiter)).join(delimiter));
  }
  return (options.bom === false ? '' : '\uFEFF') + lines.join('\r\n') + '\r\n';
}
