// The directory's CSV format, shared by import and export (docs/csv-import.md).
//
// Columns have Swedish headers; the Active Directory attribute names an AD export uses are
// accepted as alternatives, so an HR or AD export can be imported without editing.
import type { Role } from './types.js';

export type ColumnKey =
  | 'firstName'
  | 'lastName'
  | 'title'
  | 'unit'
  | 'extension'
  | 'directNumber'
  | 'mobileNumber'
  | 'mobileExtension'
  | 'email'
  | 'manager'
  | 'functions'
  | 'matters'
  | 'role'
  | 'electedMember';

export interface Column {
  key: ColumnKey;
  /** The header export writes. */
  header: string;
  /** Other accepted headers: AD attribute names and common variants. */
  aliases: readonly string[];
}

/** In export order. */
export const COLUMNS: readonly Column[] = [
  { key: 'firstName', header: 'förnamn', aliases: ['givenName', 'fornamn', 'firstName'] },
  { key: 'lastName', header: 'efternamn', aliases: ['sn', 'surname', 'lastName'] },
  { key: 'title', header: 'titel', aliases: ['title', 'befattning'] },
  { key: 'unit', header: 'enhet', aliases: ['department', 'avdelning', 'organisation'] },
  // AD's ipPhone commonly holds the internal extension.
  { key: 'extension', header: 'anknytning', aliases: ['ipPhone', 'ankn', 'extension'] },
  { key: 'directNumber', header: 'direktnummer', aliases: ['telephoneNumber', 'telefon', 'telefonnummer'] },
  { key: 'mobileNumber', header: 'mobil', aliases: ['mobile', 'mobilnummer'] },
  { key: 'mobileExtension', header: 'mobilanknytning', aliases: ['mex'] },
  { key: 'email', header: 'epost', aliases: ['mail', 'e-post', 'e-postadress', 'email'] },
  // AD's manager attribute is a distinguished name ("CN=Anna Berg,OU=..."), also accepted.
  { key: 'manager', header: 'chef_epost', aliases: ['manager', 'chef'] },
  { key: 'functions', header: 'funktioner', aliases: ['funktion'] },
  { key: 'matters', header: 'ärenden', aliases: ['arenden', 'ärende', 'arbetsområden', 'nyckelord'] },
  { key: 'role', header: 'roll', aliases: ['role'] },
  { key: 'electedMember', header: 'förtroendevald', aliases: ['fortroendevald'] },
];

/** Headers compare without case, spaces, hyphens and underscores: "E-post" = "epost", "chef_epost" = "Chef e-post". */
export function headerKey(header: string): string {
  return header.normalize('NFC').toLowerCase().replace(/[\s_\-.]/g, '');
}

const COLUMN_BY_HEADER: ReadonlyMap<string, ColumnKey> = new Map(
  COLUMNS.flatMap((c) => [c.header, ...c.aliases].map((h) => [headerKey(h), c.key] as const)),
);

export function columnOfHeader(header: string): ColumnKey | undefined {
  return COLUMN_BY_HEADER.get(headerKey(header));
}

/** Units are written as a path from the top: "Samhällsbyggnadsförvaltningen > Bygglovsenheten". */
export const UNIT_PATH_SEPARATOR = '>';

/** Lists (functions, matters) are separated by commas or |; export writes ", ". */
export function splitList(cell: string): string[] {
  return cell
    .split(/[,|]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const TRUE_WORDS = new Set(['ja', 'j', 'x', 'sant', 'true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['nej', 'n', 'falskt', 'false', 'no', '0', '']);

/** "ja"/"nej" and friends; undefined when the cell is not a yes or no. */
export function parseYesNo(cell: string): boolean | undefined {
  const w = cell.trim().toLowerCase();
  if (TRUE_WORDS.has(w)) return true;
  if (FALSE_WORDS.has(w)) return false;
  return undefined;
}

const ROLE_WORDS: ReadonlyMap<string, Role> = new Map([
  ['medarbetare', 'employee'],
  ['anställd', 'employee'],
  ['employee', 'employee'],
  ['chef', 'manager'],
  ['manager', 'manager'],
  ['telefonist', 'operator'],
  ['operatör', 'operator'],
  ['operator', 'operator'],
  ['administratör', 'admin'],
  ['admin', 'admin'],
]);

/** Swedish or English role names; an empty cell is an employee. */
export function parseRole(cell: string): Role | undefined {
  const w = cell.trim().toLowerCase();
  return w === '' ? 'employee' : ROLE_WORDS.get(w);
}

/**
 * Spreadsheet programs run a cell that starts with = + - @ as a formula ("CSV injection").
 * Export puts an apostrophe in front of such text; import takes it away again.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function protectCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function unprotectCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}
