import type { SqlValue, ValueType } from '../../engine/types';

/** A value as the grid shows it (not as it is copied: see `clipboard.ts`). */
export type CellFormatter = (value: SqlValue) => string;

/**
 * Longest text drawn in one cell. A column is at most 40ch wide, so more is never seen; a megabyte of text in
 * a DOM node would still be laid out on every scroll frame.
 */
export const MAX_CELL_CHARS = 500;

/**
 * The formatter for one column, chosen once per result so the render loop calls it without branching on the
 * column type. Integer columns are written plainly (`1234`: they are often ids and years, which grouping
 * would spoil); real and mixed columns with the locale's separators and up to 6 decimals, as the results
 * table did. NULL is the word `NULL` (the grid styles it muted), a blob is its size.
 */
export function toCellFormatter(
  type: ValueType,
  locale: string,
  formatBytes: (count: number) => string
): CellFormatter {
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
  const plainIntegers = type === 'integer';
  return (value) => {
    if (value === null) return 'NULL';
    if (typeof value === 'string') return toOneLine(value);
    if (typeof value === 'number' || typeof value === 'bigint') {
      return plainIntegers ? String(value) : decimal.format(value);
    }
    return `BLOB (${formatBytes(value.length)})`;
  };
}

/**
 * Text on one fixed-height line: line breaks and tabs become visible symbols (↵, →) instead of pushing the
 * rest of the value out of the row, and long text is cut at `MAX_CELL_CHARS` with an ellipsis.
 */
export function toOneLine(text: string): string {
  const head = text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}…` : text;
  return /[\t\n\r]/.test(head) ? head.replace(/\r\n|[\n\r]/g, '↵').replace(/\t/g, '→') : head;
}

/** Whether a column's values are numbers, which the grid right-aligns. */
export function isNumericType(type: ValueType): boolean {
  return type === 'integer' || type === 'real';
}
