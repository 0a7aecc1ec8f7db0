import type { SqlValue } from '../../engine/types';

export type SortDirection = 'ascending' | 'descending';

/** The grid's sort: one column and its direction. No sort means the rows stay in the query's order. */
export interface SortState {
  column: number;
  direction: SortDirection;
}

/** A header click cycles ascending → descending → the query's own order. */
export function nextSort(current: SortState | null, column: number): SortState | null {
  if (current === null || current.column !== column) return { column, direction: 'ascending' };
  return current.direction === 'ascending' ? { column, direction: 'descending' } : null;
}

/**
 * Storage classes in SQLite's sort order (https://www.sqlite.org/datatype3.html#sort_order): NULL, then
 * INTEGER and REAL together, then TEXT, then BLOB.
 */
const Rank = { Null: 0, Number: 1, Text: 2, Blob: 3 } as const;
type Rank = (typeof Rank)[keyof typeof Rank];

/** NaN cannot come from SQLite (sql.js reads it as NULL); should one arrive, it sorts with NULL. */
function rankOf(value: SqlValue): Rank {
  if (value === null) return Rank.Null;
  if (typeof value === 'number') return Number.isNaN(value) ? Rank.Null : Rank.Number;
  if (typeof value === 'bigint') return Rank.Number;
  if (typeof value === 'string') return Rank.Text;
  return Rank.Blob;
}

/**
 * Two SQLite values in the order `ORDER BY` gives them with the BINARY collation:
 *
 * - NULL first, then numbers, then text, then blobs.
 * - Numbers by exact value, `number` and `bigint` mixed: `2n ** 60n + 1n` sorts above `2 ** 60` although both
 *   round to the same double.
 * - Text by Unicode code point, which is the order of SQLite's byte-wise `memcmp` over UTF-8. That is not a
 *   locale's order ("B" < "a", "é" > "z"): the grid must agree with what `ORDER BY` returns for the same
 *   query, and a collator would also disagree with `=`/`<` in the user's SQL.
 * - Blobs byte by byte, a prefix before the longer blob.
 */
export function compareSqlValues(a: SqlValue, b: SqlValue): number {
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case Rank.Null:
      return 0;
    case Rank.Number:
      return compareNumbers(a as number | bigint, b as number | bigint);
    case Rank.Text:
      return compareText(a as string, b as string);
    case Rank.Blob:
      return compareBytes(a as Uint8Array, b as Uint8Array);
  }
}

/** Exact order of two numbers, either of which may be a `bigint` beyond 2^53. */
export function compareNumbers(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number') return compareDoubleWithBigint(a, b as bigint);
  // `0 -` rather than unary minus, which would turn a tie into -0.
  return 0 - compareDoubleWithBigint(b as number, a);
}

/**
 * `BigInt(double)` is exact for integral doubles, so those compare as bigints. A fractional `x` lies strictly
 * between `floor(x)` and `floor(x) + 1`, so it is below `b` exactly when `floor(x) < b`.
 */
function compareDoubleWithBigint(x: number, b: bigint): number {
  if (Number.isNaN(x)) return -1;
  if (x === Infinity) return 1;
  if (x === -Infinity) return -1;
  if (Number.isInteger(x)) {
    const exact = BigInt(x);
    return exact < b ? -1 : exact > b ? 1 : 0;
  }
  return BigInt(Math.floor(x)) < b ? -1 : 1;
}

/**
 * JavaScript's `<` compares UTF-16 code units, which agrees with code point order except where a surrogate
 * (U+D800–U+DFFF, half of a character beyond U+FFFF) meets a unit in U+E000–U+FFFF: there the surrogate must
 * sort higher. Only that case needs the slow path.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  let i = 0;
  while (i < length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === length) return a.length - b.length;
  return toCodePointRank(a.charCodeAt(i)) - toCodePointRank(b.charCodeAt(i));
}

/** Moves surrogates above U+E000–U+FFFF, so that code units compare in code point order. */
function toCodePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}

/** `memcmp` over the common length, then the shorter first, as SQLite compares blobs. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}

/** Whether `<` on these strings could disagree with code point order (see `compareText`). */
function hasHighUnits(text: string): boolean {
  return /[\ud800-\uffff]/.test(text);
}

/**
 * The rows' display order when sorted by one column: `order[k]` is the index in `rows` of the row shown at
 * position `k`. Rows are never copied. Equal values keep the query's order in both directions, so descending
 * is ascending reversed except among ties, and NULLs come last when descending (as in SQLite's `DESC`).
 *
 * Speed: each row's class and, for numbers, its value as a double are read once into typed arrays, so the
 * comparator touches `rows` only for ties between numbers (to settle bigints exactly), for text and for blobs.
 * Doubles that differ after rounding differ the same way before it (rounding is monotonic), so only equal
 * doubles need the exact comparison. Text compares with `<` unless some value holds a unit where that
 * disagrees with code point order.
 */
export function sortPermutation(
  rows: readonly (readonly SqlValue[])[],
  column: number,
  direction: SortDirection
): Int32Array {
  const count = rows.length;
  const ranks = new Uint8Array(count);
  const doubles = new Float64Array(count);
  const values: SqlValue[] = new Array<SqlValue>(count);
  let hasBigint = false;
  let slowText = false;
  for (let i = 0; i < count; i++) {
    const value = rows[i][column] ?? null;
    values[i] = value;
    const rank = rankOf(value);
    ranks[i] = rank;
    if (rank === Rank.Number) {
      doubles[i] = Number(value);
      if (typeof value === 'bigint') hasBigint = true;
    } else if (rank === Rank.Text && !slowText) {
      slowText = hasHighUnits(value as string);
    }
  }

  const compareRows = (i: number, j: number): number => {
    const ri = ranks[i];
    const rj = ranks[j];
    if (ri !== rj) return ri - rj;
    if (ri === Rank.Number) {
      const x = doubles[i];
      const y = doubles[j];
      if (x < y) return -1;
      if (x > y) return 1;
      return hasBigint ? compareNumbers(values[i] as number | bigint, values[j] as number | bigint) : 0;
    }
    if (ri === Rank.Text) {
      const s = values[i] as string;
      const t = values[j] as string;
      if (slowText) return compareText(s, t);
      return s < t ? -1 : s > t ? 1 : 0;
    }
    if (ri === Rank.Blob) return compareBytes(values[i] as Uint8Array, values[j] as Uint8Array);
    return 0;
  };

  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const sign = direction === 'ascending' ? 1 : -1;
  // The index tie-break makes the sort stable whatever the engine's algorithm.
  order.sort((i, j) => sign * compareRows(i, j) || i - j);
  return order;
}
