import type { SqlArgument, SqlResult } from './sql-functions';

// Decimal notation only: Number() would also take '0x1A', 'Infinity' and '' (as 0), which no CSV means as such.
const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * The finite number an SQL argument stands for, or null: every analysis function reads its arguments so, and
 * numeric-looking text counts (CSV-imported columns are often TEXT).
 */
export function toSqlNumber(value: SqlArgument): number | null {
  let number: number;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'string' && NUMERIC_TEXT.test(value.trim())) number = Number(value.trim());
  else return null;
  return Number.isFinite(number) ? number : null;
}

/** A number as SQL should see it: non-finite numbers become NULL. */
export function toSqlResult(value: number | null): SqlResult {
  return value !== null && Number.isFinite(value) ? value : null;
}
