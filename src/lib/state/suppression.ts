import type { QueryResult } from '../engine/types';
import { guessCustomerCountColumn, suppressSmallGroups } from '../export/suppress';

type Rows = Pick<QueryResult, 'columns' | 'rows'>;

/**
 * What a result looks like when shared or exported under the notebook's small-cell rule:
 * - `off`: k is 1, nothing is suppressed;
 * - `no-count`: no column counts customers (none guessed or chosen), so the rule cannot apply;
 * - `clean`: every group has k customers or more (or none);
 * - `hidden`: some groups were hidden or merged, and `note` says which.
 */
export interface Suppression {
  state: 'off' | 'no-count' | 'clean' | 'hidden';
  result: Rows;
  countColumn: string | null;
  note: string | null;
}

/** `chosen` is the user's pick of the customers column for this result; otherwise it is guessed from names. */
export function suppressionOf(result: Rows, minGroupSize: number, chosen?: string | null): Suppression {
  if (minGroupSize <= 1) return { state: 'off', result, countColumn: null, note: null };
  const countColumn =
    chosen && result.columns.some((column) => column.name === chosen)
      ? chosen
      : guessCustomerCountColumn(result);
  if (countColumn === null) return { state: 'no-count', result, countColumn: null, note: null };
  const suppressed = suppressSmallGroups(result, { minGroupSize, countColumn });
  return {
    state: suppressed.note === null ? 'clean' : 'hidden',
    result: { columns: suppressed.columns, rows: suppressed.rows },
    countColumn,
    note: suppressed.note
  };
}

/**
 * The result as a CSV file should carry it: the suppressed rows and, when something was hidden, one last row
 * whose first cell says what, so the file itself tells its reader (a spreadsheet shows it as a footnote row).
 */
export function withNoteRow(suppression: Suppression): Rows {
  const { result, note } = suppression;
  if (note === null || result.columns.length === 0) return result;
  const row = result.columns.map((_, index) => (index === 0 ? `Note: ${note}` : null));
  const [first, ...rest] = result.columns;
  // The note is text: a first column of numbers becomes mixed, which the CSV writer handles per value.
  const columns = [{ ...first, type: first.type === 'text' ? first.type : ('mixed' as const) }, ...rest];
  return { columns, rows: [...result.rows, row] };
}
