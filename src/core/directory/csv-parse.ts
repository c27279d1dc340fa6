// Reading the directory CSV into rows with their file lines. Separator ';' or ',' (or tab)
// is detected from the header line; UTF-8 with or without BOM; RFC 4180 quoting.
import { parse } from 'csv-parse/sync';
import { problem, type Problem, type Result, fail, ok } from '../errors.js';
import { columnOfHeader, unprotectCell, type ColumnKey } from './csv-columns.js';

export type Delimiter = ';' | ',' | '\t';

export interface CsvRow {
  /** 1-based line in the file where the row starts. */
  line: number;
  /** Cells of the columns the file has, trimmed; a column the file lacks is absent. */
  cells: Partial<Record<ColumnKey, string>>;
}

export interface CsvTable {
  delimiter: Delimiter;
  /** The header as written in the file, per column. */
  headers: Partial<Record<ColumnKey, string>>;
  /** Headers that name no column of ours (kept out of the import, reported). */
  ignoredColumns: string[];
  headerLine: number;
  rows: CsvRow[];
}

/** Counts candidate separators outside quotes on the first non-empty line; ';' wins ties (Swedish Excel). */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  let seenContent = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n' && !quoted) {
      if (seenContent) break;
    } else if (!quoted && (ch === ';' || ch === ',' || ch === '\t')) counts[ch]++;
    if (ch !== '\n' && ch !== ' ') seenContent = true;
  }
  const best = (Object.keys(counts) as Delimiter[]).reduce((a, b) => (counts[b] > counts[a] ? b : a), ';');
  return best;
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

function csvError(e: unknown): Problem {
  const err = e as { lines?: number; code?: string; message?: string };
  const line = typeof err.lines === 'number' ? err.lines : undefined;
  const where = line !== undefined ? { line } : {};
  const prefixSv = line !== undefined ? `Rad ${line}: ` : '';
  const prefixEn = line !== undefined ? `Line ${line}: ` : '';
  if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
    return problem('csv.syntax.quote', `${prefixSv}Ett citattecken stängs aldrig.`, `${prefixEn}A quote is never closed.`, where);
  }
  return problem('csv.syntax', `${prefixSv}Filen kan inte läsas som CSV (${err.code ?? 'okänt fel'}).`, `${prefixEn}The file is not valid CSV: ${err.message ?? String(e)}`, where);
}

export function readCsvTable(input: string): Result<CsvTable> {
  // One line ending for all: a file edited on several systems may mix them.
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') return fail(problem('csv.empty', 'Filen är tom.', 'The file is empty.'));
  const delimiter = detectDelimiter(text);

  let records: ParsedRecord[];
  try {
    records = parse(text, { delimiter, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as ParsedRecord[];
  } catch (e) {
    return fail(csvError(e));
  }
  // csv-parse reports the line where a record ends; a quoted cell may hold line breaks.
  const startLine = (r: ParsedRecord) => r.info.lines - r.record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);

  const [head, ...body] = records;
  if (!head) return fail(problem('csv.empty', 'Filen är tom.', 'The file is empty.'));
  const headerLine = startLine(head);
  const problems: Problem[] = [];
  const headers: Partial<Record<ColumnKey, string>> = {};
  const keys: (ColumnKey | undefined)[] = [];
  const ignoredColumns: string[] = [];
  for (const raw of head.record) {
    const header = raw.trim();
    const key = columnOfHeader(header);
    keys.push(key);
    if (key === undefined) {
      if (header !== '') ignoredColumns.push(header);
    } else if (headers[key] !== undefined) {
      problems.push(problem('csv.header.duplicate', `Rad ${headerLine}: Kolumnerna "${headers[key]}" och "${header}" betyder samma sak.`, `Line ${headerLine}: columns "${headers[key]}" and "${header}" mean the same.`, { line: headerLine, field: header }));
    } else {
      headers[key] = header;
    }
  }
  const required: [ColumnKey, string][] = [
    ['firstName', 'förnamn'],
    ['lastName', 'efternamn'],
    ['email', 'epost'],
  ];
  for (const [key, name] of required) {
    if (headers[key] === undefined) {
      problems.push(problem('csv.header.missing', `Rad ${headerLine}: Kolumnen "${name}" saknas.`, `Line ${headerLine}: the column "${name}" is missing.`, { line: headerLine, field: name }));
    }
  }
  if (problems.length > 0) return fail(problems);

  const rows: CsvRow[] = [];
  for (const r of body) {
    const line = startLine(r);
    if (r.record.length !== keys.length) {
      problems.push(
        problem('csv.row.fieldCount', `Rad ${line}: Raden har ${r.record.length} fält men rubrikraden har ${keys.length}.`, `Line ${line}: the row has ${r.record.length} fields but the header has ${keys.length}.`, { line }),
      );
      continue;
    }
    const cells: Partial<Record<ColumnKey, string>> = {};
    r.record.forEach((cell, i) => {
      const key = keys[i];
      if (key !== undefined) cells[key] = unprotectCell(cell.trim());
    });
    rows.push({ line, cells });
  }
  if (problems.length > 0) return fail(problems);
  return ok({ delimiter, headers, ignoredColumns, headerLine, rows });
}
