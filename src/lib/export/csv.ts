import type { QueryResult, SqlValue } from '../engine/types';
import { neutralizeFormula } from './formula';
import { toHexBlob, toPlainNumber } from './value-text';

export { isFormulaLike, neutralizeFormula } from './formula';

export interface CsvOptions {
  /** Between fields; `,` by default. Any non-empty string without `"`, CR or LF (`;` and tab are common). */
  delimiter?: string;
  /** After every record, the last one included; `\r\n` by default, as RFC 4180 and Excel write it. */
  lineEnding?: '\r\n' | '\n';
  /** Starts the text with U+FEFF; `true` by default, because Excel reads UTF-8 as ANSI without it. */
  bom?: boolean;
  /**
   * Writes text exactly as stored, without neutralising formula-like cells ("raw export"). Only for files that
   * no spreadsheet will open: the UI should warn before offering it.
   */
  raw?: boolean;
}

const BOM = '\uFEFF';

/**
 * A query result as CSV text (RFC 4180): a header row with the column names, then one record per row.
 *
 * - Text cells, and the column names, that look like formulas are prefixed with `'` and quoted (see
 *   `formula.ts`), unless `raw`. That includes the text `-5`: it is text in the database. Values stored as
 *   numbers are written as numbers (`-5`, `0.1`, `1000`) and never prefixed.
 * - Numbers are in plain invariant form: `.` decimal, no grouping, no exponent; integers beyond 2^53 (bigint)
 *   exactly; `-0` as `0`. ±Infinity (SQLite's overflow of a real such as `1e999`) has no number form in
 *   spreadsheets and is written as the text `Infinity` / `-Infinity`; NaN, which SQLite stores as NULL, as NULL.
 * - NULL is an empty unquoted field and the empty text is `""`, so readers that care can tell them apart;
 *   except in a one-column result, where a NULL row is written `""`: readers that skip blank lines (pandas does
 *   by default) would lose the row.
 * - Blobs are `0x` and lowercase hex (`0x0aff`).
 * - A field is quoted when it holds the delimiter, `"`, CR or LF, starts or ends with whitespace, is empty text,
 *   or was neutralised; quotes inside are doubled.
 */
export function toCsv(result: Pick<QueryResult, 'columns' | 'rows'>, options: CsvOptions = {}): string {
  const { delimiter, lineEnding, bom, raw } = normalizeOptions(options);
  const toField = (value: SqlValue): string => {
    const cell = toCell(value);
    if (cell.kind === 'number') return quoteIfNeeded(cell.text, delimiter);
    if (cell.kind === 'null') return '';
    const text = raw ? cell.text : neutralizeFormula(cell.text);
    return text !== cell.text ? quote(text) : quoteIfNeeded(text, delimiter);
  };
  const lines = [result.columns.map((column) => toField(column.name)).join(delimiter)];
  for (const row of result.rows) {
    const line = row.map(toField).join(delimiter);
    lines.push(line === '' && result.columns.length > 0 ? '""' : line);
  }
  return (bom ? BOM : '') + lines.join(lineEnding) + lineEnding;
}

function normalizeOptions(options: CsvOptions): Required<CsvOptions> {
  const { delimiter = ',', lineEnding = '\r\n', bom = true, raw = false } = options;
  if (delimiter === '' || /["\r\n]/.test(delimiter)) {
    throw new RangeError(
      `A CSV delimiter must be non-empty and free of quotes and line breaks, got ${JSON.stringify(delimiter)}.`
    );
  }
  return { delimiter, lineEnding, bom, raw };
}

type Cell = { kind: 'number'; text: string } | { kind: 'text'; text: string } | { kind: 'null' };

function toCell(value: SqlValue): Cell {
  if (value === null) return { kind: 'null' };
  if (typeof value === 'string') return { kind: 'text', text: value };
  if (typeof value === 'bigint') return { kind: 'number', text: value.toString() };
  if (value instanceof Uint8Array) return { kind: 'text', text: toHexBlob(value) };
  if (Number.isNaN(value)) return { kind: 'null' };
  if (!Number.isFinite(value)) return { kind: 'text', text: value > 0 ? 'Infinity' : '-Infinity' };
  return { kind: 'number', text: toPlainNumber(value) };
}

function quoteIfNeeded(field: string, delimiter: string): string {
  const needsQuotes =
    field === '' || field.includes(delimiter) || /["\r\n]/.test(field) || /^\s|\s$/.test(field);
  return needsQuotes ? quote(field) : field;
}

function quote(field: string): string {
  return `"${field.replaceAll('"', '""')}"`;
}
