import type { TableColumn, TableFingerprint } from './model';
import { toNameKey } from './names';
import { Sha256 } from './sha256';

/**
 * A notebook carries, for each table its SQL reads, what it expects of it (name, columns and declared types,
 * row count, content hash) and never the data. Opening a notebook on other data compares the two, so the user
 * learns "orders has no column channel" before cells fail one by one (RELIABILITY.md §3.1 item 33).
 */

/** A table as the database describes it now. `null` row count or hash: not measured (skipped, not failed). */
export interface ActualTable {
  name: string;
  /** `privacy` set on the columns the import pseudonymised. */
  columns: readonly TableColumn[];
  rowCount: number | null;
  contentHash: string | null;
  /** Headers of the file's columns the import left out as personal data. */
  dropped?: readonly string[];
}

/** Whether a column holds the values as imported (`raw`) or keyed pseudonyms of them. */
export type ColumnPrivacy = 'pseudonymised' | 'raw';

export type TableDifference =
  | { kind: 'missing-columns'; columns: string[] }
  | { kind: 'extra-columns'; columns: string[] }
  | { kind: 'column-types'; columns: { name: string; expected: string; actual: string }[] }
  | { kind: 'privacy'; columns: { name: string; expected: ColumnPrivacy; actual: ColumnPrivacy }[] }
  | { kind: 'row-count'; expected: number; actual: number }
  | { kind: 'content-hash'; expected: string; actual: string };

export type TableCheck =
  | { kind: 'same'; table: string; message: string }
  | { kind: 'missing'; table: string; message: string }
  | { kind: 'different'; table: string; differences: TableDifference[]; message: string };

/** One value as SQLite returns it (`SqlValue` of the engine). */
export type HashableValue = number | bigint | string | Uint8Array | null;

/**
 * The fingerprint to store for a table, from its description and its rows' `createContentHasher` digest. The
 * choices made for personal data at import (pseudonymised columns, dropped headers) are carried along.
 */
export function toTableFingerprint(
  table: {
    name: string;
    columns: readonly TableColumn[];
    rowCount: number;
    dropped?: readonly string[];
  },
  contentHash: string
): TableFingerprint {
  if (!/^sha256:[0-9a-f]{64}$/.test(contentHash))
    throw new TypeError(`"${contentHash}" is not a content hash.`);
  if (!Number.isSafeInteger(table.rowCount) || table.rowCount < 0) {
    throw new TypeError(`${table.rowCount} is not a row count.`);
  }
  const fingerprint: TableFingerprint = {
    name: table.name,
    columns: table.columns.map((column) =>
      column.privacy === 'pseudonymised'
        ? { name: column.name, type: column.type, privacy: 'pseudonymised' }
        : { name: column.name, type: column.type }
    ),
    rowCount: table.rowCount,
    contentHash
  };
  if (table.dropped !== undefined && table.dropped.length > 0) fingerprint.dropped = [...table.dropped];
  return fingerprint;
}

/**
 * The content hash of a table: SHA-256 over `toCanonicalRow` of every row, read with
 * `SELECT * FROM "table" ORDER BY rowid` (tables from CSV imports always have a rowid). Feed rows in batches;
 * `digest()` gives `sha256:` and 64 hex digits.
 */
export function createContentHasher(): { addRow(row: readonly HashableValue[]): void; digest(): string } {
  const hash = new Sha256();
  const encoder = new TextEncoder();
  let pending = '';
  return {
    addRow(row) {
      pending += toCanonicalRow(row);
      if (pending.length >= 1 << 16) {
        hash.update(encoder.encode(pending));
        pending = '';
      }
    },
    digest() {
      hash.update(encoder.encode(pending));
      pending = '';
      return `sha256:${hash.hex()}`;
    }
  };
}

/**
 * One row as text that no other row can produce: values separated by `,`, ended by `\n`; `n` for NULL, `d`
 * and the shortest decimal for numbers (an integer `3` and a real `3.0` are the same value to SQLite and here),
 * `s` and JSON for text, `b` and hex for blobs.
 */
export function toCanonicalRow(row: readonly HashableValue[]): string {
  return `${row.map(toCanonicalValue).join(',')}\n`;
}

function toCanonicalValue(value: HashableValue): string {
  if (value === null) return 'n';
  if (typeof value === 'number') return `d${value === 0 ? 0 : value}`;
  if (typeof value === 'bigint') return `d${value}`;
  if (typeof value === 'string') return `s${JSON.stringify(value)}`;
  let hex = 'b';
  for (const byte of value) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * Compares what the notebook expects with the tables present, one check per expected table, in the
 * notebook's order. Table and column names match as in SQLite (ASCII case folded); column order and the case
 * of declared types do not matter. A column pseudonymised on one side and raw on the other is a difference:
 * results would not match, and the user should know which of the two holds personal data.
 */
export function compareTables(
  expected: readonly TableFingerprint[],
  actual: readonly ActualTable[]
): TableCheck[] {
  const present = new Map(actual.map((table) => [toNameKey(table.name), table]));
  return expected.map((fingerprint): TableCheck => {
    const table = present.get(toNameKey(fingerprint.name));
    if (table === undefined) {
      return {
        kind: 'missing',
        table: fingerprint.name,
        message: `The notebook reads a table "${fingerprint.name}", which is not in the database.`
      };
    }
    const differences = compareTable(fingerprint, table);
    if (differences.length === 0) {
      return {
        kind: 'same',
        table: fingerprint.name,
        message: `"${fingerprint.name}" is as the notebook expects.`
      };
    }
    return {
      kind: 'different',
      table: fingerprint.name,
      differences,
      message: `"${fingerprint.name}" is not what the notebook expects: ${differences.map(describe).join('; ')}.`
    };
  });
}

function compareTable(expected: TableFingerprint, actual: ActualTable): TableDifference[] {
  const differences: TableDifference[] = [];
  const actualColumns = new Map(actual.columns.map((column) => [toNameKey(column.name), column]));
  const expectedKeys = new Set(expected.columns.map((column) => toNameKey(column.name)));
  const missing = expected.columns.filter((column) => !actualColumns.has(toNameKey(column.name)));
  if (missing.length > 0)
    differences.push({ kind: 'missing-columns', columns: missing.map((column) => column.name) });
  // A template's expectation (no recorded data): any table with these columns will do, as long as the
  // columns it wants pseudonymised are.
  if (expected.contentHash === null) {
    const privacy = comparePrivacy(expected, actualColumns, (column) => column.privacy === 'pseudonymised');
    if (privacy !== null) differences.push(privacy);
    return differences;
  }
  const extra = actual.columns.filter((column) => !expectedKeys.has(toNameKey(column.name)));
  if (extra.length > 0)
    differences.push({ kind: 'extra-columns', columns: extra.map((column) => column.name) });
  const types: { name: string; expected: string; actual: string }[] = [];
  for (const column of expected.columns) {
    const other = actualColumns.get(toNameKey(column.name));
    if (other !== undefined && toTypeKey(other.type) !== toTypeKey(column.type)) {
      types.push({ name: column.name, expected: column.type, actual: other.type });
    }
  }
  if (types.length > 0) differences.push({ kind: 'column-types', columns: types });
  const privacy = comparePrivacy(expected, actualColumns, () => true);
  if (privacy !== null) differences.push(privacy);
  if (actual.rowCount !== null && expected.rowCount !== null && actual.rowCount !== expected.rowCount) {
    differences.push({ kind: 'row-count', expected: expected.rowCount, actual: actual.rowCount });
  }
  if (actual.contentHash !== null && actual.contentHash !== expected.contentHash) {
    differences.push({ kind: 'content-hash', expected: expected.contentHash, actual: actual.contentHash });
  }
  return differences;
}

/** The columns of `expected` (those `compared`) present in both whose privacy differs. */
function comparePrivacy(
  expected: TableFingerprint,
  actualColumns: ReadonlyMap<string, TableColumn>,
  compared: (column: TableColumn) => boolean
): TableDifference | null {
  const columns: { name: string; expected: ColumnPrivacy; actual: ColumnPrivacy }[] = [];
  for (const column of expected.columns.filter(compared)) {
    const other = actualColumns.get(toNameKey(column.name));
    if (other !== undefined && toPrivacy(other) !== toPrivacy(column)) {
      columns.push({ name: column.name, expected: toPrivacy(column), actual: toPrivacy(other) });
    }
  }
  return columns.length > 0 ? { kind: 'privacy', columns } : null;
}

function toPrivacy(column: TableColumn): ColumnPrivacy {
  return column.privacy === 'pseudonymised' ? 'pseudonymised' : 'raw';
}

function toTypeKey(type: string): string {
  return toNameKey(type.trim()).replace(/\s+/g, ' ');
}

function describe(difference: TableDifference): string {
  switch (difference.kind) {
    case 'missing-columns':
      return `no column ${difference.columns.map((name) => `"${name}"`).join(', ')}`;
    case 'extra-columns':
      return `extra column ${difference.columns.map((name) => `"${name}"`).join(', ')}`;
    case 'column-types':
      return difference.columns
        .map(
          (column) => `"${column.name}" is ${column.actual || 'untyped'}, not ${column.expected || 'untyped'}`
        )
        .join(', ');
    case 'privacy':
      return difference.columns
        .map((column) =>
          column.actual === 'raw'
            ? `"${column.name}" holds the real values, not pseudonyms`
            : `"${column.name}" holds pseudonyms, not the real values`
        )
        .join(', ');
    case 'row-count':
      return `${difference.actual} rows, not ${difference.expected}`;
    case 'content-hash':
      return 'different contents';
  }
}
