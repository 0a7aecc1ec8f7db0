import type { SqlValue } from '../engine/types';

export type ColumnType = 'INTEGER' | 'REAL' | 'TEXT';

/**
 * No leading `+` and no leading zeros: `007`, `01234` (postcodes) and `+4930…` (phone numbers) are codes, not
 * quantities, and storing them as numbers would drop characters (RELIABILITY.md §3.1 item 17).
 */
const INTEGER_TEXT = /^-?(?:0|[1-9]\d*)$/;

/**
 * Plain decimal notation with `.` and an optional exponent, as written by programs rather than people.
 * Locale forms such as `1.234,56` or `1 234,56` are deliberately not numbers yet: they stay TEXT until the
 * import can ask which locale the file uses (RELIABILITY.md §3.1 item 8). `NaN`, `Infinity` and hex are TEXT.
 */
const DECIMAL_TEXT = /^-?(?:(?:0|[1-9]\d*)(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The type of a column, decided from all of its values, never from the first rows: one odd value late in a
 * file must not be forced into a number (STYLE.md anti-patterns). Empty strings are NULLs and do not vote.
 */
export function inferColumnType(values: Iterable<string>): ColumnType {
  let type: ColumnType | undefined;
  for (const value of values) {
    if (value === '') continue;
    if (type !== 'REAL' && isIntegerText(value)) type = 'INTEGER';
    else if (isRealText(value)) type = 'REAL';
    else return 'TEXT';
  }
  return type ?? 'TEXT';
}

/**
 * The value to bind for one cell of a column of the given type. A cell that does not fit the type (which
 * cannot happen when the type came from {@link inferColumnType}) stays text, as SQLite's column affinity
 * would store it, so no caller can lose characters by passing the wrong type.
 */
export function toSqlValue(raw: string, type: ColumnType): SqlValue {
  if (raw === '') return null;
  // `+ 0` turns `-0` into `0`: an integer column has no negative zero.
  if (type === 'INTEGER' && isIntegerText(raw)) return Number(raw) + 0;
  if (type === 'REAL' && isRealText(raw)) return Number(raw);
  return raw;
}

/** Integers beyond ±(2^53 − 1) would silently change in a JS number (9007199254740993 → …992), so they stay text. */
function isIntegerText(value: string): boolean {
  return value.length <= 17 && INTEGER_TEXT.test(value) && Number.isSafeInteger(Number(value));
}

function isRealText(value: string): boolean {
  if (INTEGER_TEXT.test(value)) return isIntegerText(value);
  if (!DECIMAL_TEXT.test(value)) return false;
  const number = Number(value);
  if (!Number.isFinite(number)) return false; // 1e999
  // 1e-999 underflows to 0: a non-zero value must not be stored as zero.
  return number !== 0 || !/[1-9]/.test(value.replace(/[eE].*$/, ''));
}
