import { ImportError } from '../engine/errors';
import type { SqlValue } from '../engine/types';
import { toColumnNames } from './column-names';
import { CsvStreamParser, type CsvRecord } from './csv-stream';
import { sniffDialect } from './dialect';
import { inferColumnType, toSqlValue } from './infer';
import { TableShape } from './rows';

/** The types this whole-text reader gives (the plan-based import has more, see plan.ts). */
type ColumnType = ReturnType<typeof inferColumnType>;

export interface ImportColumn {
  name: string;
  label: string;
  type: ColumnType;
}

export interface ParsedCsv {
  columns: ImportColumn[];
  rows: SqlValue[][];
  delimiter: string;
  linebreak: string;
}

/** parseCsvText is given the text whole; the parser takes it in pieces so records are checked as they come. */
const PIECE_LENGTH = 1 << 20;

/**
 * The rows of a CSV text as a typed table. The first row is always the header (the import plan, built by
 * `readSample`, is where a file without one is handled). The dialect is sniffed from the start of the text
 * ({@link sniffDialect}) and the text read by the same incremental parser as the streaming import
 * ({@link CsvStreamParser}), so both read every file alike. A file with a structural problem is refused as a
 * whole with an `ImportError` that says where: rows are never shifted, padded or cut to fit
 * (RELIABILITY.md §3.1 items 11, 12, 15), because a silently misaligned column is worse than no import.
 * A broken quote misaligns everything after it, so it is reported before the mismatched rows it causes.
 */
export function parseCsvText(text: string): ParsedCsv {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!/\S/.test(text)) {
    throw new ImportError('empty-file', 'The file is empty: it has no header row and no data.');
  }

  const dialect = { ...sniffDialect(text), hasHeader: true };
  const parser = new CsvStreamParser(dialect);
  const shape = new TableShape(dialect);
  const rows: string[][] = [];
  const take = (records: CsvRecord[]): void => {
    for (const record of shape.take(records)) rows.push(record.fields);
  };
  for (let at = 0; at < text.length; at += PIECE_LENGTH) take(parser.push(text.slice(at, at + PIECE_LENGTH)));
  take(parser.end());
  shape.finish();
  const header = shape.header ?? [];

  const columns = toColumnNames(header).map(({ name, label }, i): ImportColumn => ({
    name,
    label,
    type: inferColumnType(columnValues(rows, i))
  }));
  // Converted in place, so the strings and the typed values of the whole file are never held at once.
  const typed: SqlValue[][] = rows;
  for (const row of typed) {
    for (let i = 0; i < row.length; i++) row[i] = toSqlValue(row[i] as string, columns[i].type);
  }
  return {
    columns,
    rows: typed,
    delimiter: dialect.delimiter,
    linebreak: parser.linebreak ?? dialect.linebreak
  };
}

function* columnValues(rows: readonly string[][], column: number): Generator<string> {
  for (const row of rows) yield row[column];
}
