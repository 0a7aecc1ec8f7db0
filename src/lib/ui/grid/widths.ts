import type { QueryResult } from '../../engine/types';
import type { CellFormatter } from './cell-text';

export interface WidthOptions {
  /** Rows sampled per column at most, spread over the whole result. */
  sampleRows?: number;
  /**
   * Cells sampled at most over all columns: a 500-column result samples 40 rows, so measuring stays a few
   * milliseconds however wide the result is.
   */
  sampleCells?: number;
  minCh?: number;
  maxCh?: number;
}

/**
 * Room a header needs beyond its name: the sort indicator (▲) and a space before it. The type label below the
 * name (at most 7 letters, in a smaller font) fits in the 6ch minimum.
 */
const HEADER_EXTRA_CH = 2;
/** One ch of slack for the cell: `ch` is the width of "0", and capitals and wide letters are wider. */
const VALUE_EXTRA_CH = 1;

/**
 * Each column's width in `ch`, decided once per result so that nothing moves while scrolling: the widest of
 * the header and the sampled values as the grid shows them, clamped to `[minCh, maxCh]` (6 and 40). A wider
 * value is cut with an ellipsis; the copy has it whole.
 */
export function toColumnWidths(
  result: Pick<QueryResult, 'columns' | 'rows'>,
  formatters: readonly CellFormatter[],
  options: WidthOptions = {}
): number[] {
  const { sampleRows = 200, sampleCells = 20_000, minCh = 6, maxCh = 40 } = options;
  const columnCount = result.columns.length;
  const perColumn = Math.max(1, Math.min(sampleRows, Math.floor(sampleCells / Math.max(1, columnCount))));
  const sample = toSampleIndices(result.rows.length, perColumn);
  return result.columns.map((column, c) => {
    let widest = toDisplayWidth(column.name, maxCh) + HEADER_EXTRA_CH;
    for (const r of sample) {
      if (widest >= maxCh) break;
      widest = Math.max(
        widest,
        toDisplayWidth(formatters[c](result.rows[r][c] ?? null), maxCh) + VALUE_EXTRA_CH
      );
    }
    return Math.min(maxCh, Math.max(minCh, widest));
  });
}

/**
 * `count` row indices spread evenly from the first row to the last, both included, ascending and distinct;
 * every row when there are no more than `count`. Query results are often sorted, so the first rows alone
 * would miss the long values at the end.
 */
export function toSampleIndices(rowCount: number, count: number): number[] {
  if (rowCount <= count) return Array.from({ length: rowCount }, (_, i) => i);
  if (count <= 0) return [];
  if (count === 1) return [0];
  const step = (rowCount - 1) / (count - 1);
  return Array.from({ length: count }, (_, i) => Math.round(i * step));
}

/**
 * How many `ch` a text takes, counting East Asian wide characters (CJK, Hangul, full-width forms) as 2 and
 * every other code point as 1; stops counting past `limit`.
 */
export function toDisplayWidth(text: string, limit = Infinity): number {
  let width = 0;
  for (const char of text) {
    width += isWide(char.codePointAt(0) ?? 0) ? 2 : 1;
    if (width > limit) break;
  }
  return width;
}

function isWide(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1faff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  );
}
