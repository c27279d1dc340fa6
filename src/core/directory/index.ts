// The directory core: organisation, people, CSV import and export, vCard and search.
export * from './types.js';
export { createPersonValidator, normalizePersonFields, validatePerson, type ValidationContext } from './validate.js';
export { COLUMNS, columnOfHeader, type Column, type ColumnKey } from './csv-columns.js';
export { detectDelimiter, readCsvTable, type CsvRow, type CsvTable, type Delimiter } from './csv-parse.js';
export { importDirectoryCsv, type ImportOptions, type ImportPlan, type NewIdKind, type PersonChange } from './csv-import.js';
export { compareByName, exportDirectoryCsv, type CsvExportOptions } from './csv-export.js';
export { exportVCards, personToVCard, type VCardOptions } from './vcard.js';
export { SearchIndex, type MatchKind, type SearchField, type SearchHit, type SearchMatch } from './search.js';
