import {
  Binary,
  Field,
  Float64,
  Int64,
  makeData,
  Null,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Utf8,
  type Data,
  type DataType
} from 'apache-arrow';
import type { QueryResult, SqlValue, ValueType } from '../engine/types';
import { toHexBlob, toPlainNumber } from './value-text';

/** Field metadata key that records the SQLite storage class each Arrow column came from. */
export const SQLITE_TYPE_METADATA_KEY = 'crossbook:sqlite_type';

/**
 * A query result as an Arrow IPC *file* (the random-access format, `.arrow`, also called Feather v2, which
 * pyarrow, Polars, DuckDB and R's arrow read). One column per result column, in order, with its name kept
 * exactly, duplicates included (Arrow allows them; readers that need unique names rename on their side). The
 * empty name is written as an absent name, which is how apache-arrow encodes it: Arrow C++ (pyarrow, R) reads
 * it back as `""`, apache-arrow as `null`. Every field is nullable and NULLs stay nulls.
 *
 * | SQLite class | Arrow type | notes |
 * |---|---|---|
 * | integer | Int64 | exact, also beyond 2^53 (SQLite integers are 64-bit) |
 * | real | Float64 | a column mixing integers and reals is `real`; its integers become doubles (exact up to 2^53) |
 * | text | Utf8 | as stored; no formula neutralising, Arrow cells are typed data, never evaluated |
 * | blob | Binary | the bytes |
 * | null (only NULLs, or no rows) | Null | |
 * | mixed | Utf8 | each value as text: text as is, numbers in plain form (`-5`, `0.1`), blobs as `0x0aff` |
 *
 * Each field also carries its SQLite class under {@link SQLITE_TYPE_METADATA_KEY}, so a reader can tell a
 * mixed column turned into text from a text column.
 */
export function toArrowIpc(result: Pick<QueryResult, 'columns' | 'rows'>): Uint8Array {
  const fields: Field[] = [];
  const children: Data[] = [];
  result.columns.forEach(({ name, type }, index) => {
    const arrowType = arrowTypeOf(type);
    const toArrowValue = valueConverter(type, name);
    const values = result.rows.map((row, rowIndex) => toArrowValue(row[index], rowIndex));
    fields.push(new Field(name, arrowType, true, new Map([[SQLITE_TYPE_METADATA_KEY, type]])));
    children.push(toColumnData(arrowType, values));
  });
  const schema = new Schema(fields);
  // Built from a struct rather than `new Table({name: vector})`, which would keep one column per name.
  const batch = new RecordBatch(
    schema,
    makeData({ type: new Struct(fields), length: result.rows.length, nullCount: 0, children })
  );
  // apache-arrow 21 merges fields of the same name while constructing a RecordBatch (`ensureSameLengthData`
  // calls `Schema.assign`, which matches by name): with two columns `x` the batch's schema gives both the
  // second one's type, and `new Table` then refuses the batch as not matching. That step changes nothing else
  // when every column has all rows, so the schema we built is put back. Reading has the same bug:
  // apache/arrow-js#288.
  (batch as { schema: Schema }).schema = schema;
  return tableToIPC(new Table(schema, [batch]), 'file');
}

/**
 * One column's Arrow buffers, written directly. apache-arrow's builders compile their null check with
 * `new Function` (builder/valid.mjs), which the app's Content-Security-Policy forbids (no 'unsafe-eval'), so
 * they cannot run in the browser here. The layouts: https://arrow.apache.org/docs/format/Columnar.html
 */
function toColumnData(type: DataType, values: readonly ArrowValue[]): Data {
  const length = values.length;
  if (type instanceof Null) return makeData({ type, length, nullCount: length });
  // Validity bitmap: bit i (least significant first) is set when value i is not null.
  const nullBitmap = new Uint8Array(Math.ceil(length / 8));
  let nullCount = 0;
  values.forEach((value, i) => {
    if (value === null) nullCount++;
    else nullBitmap[i >> 3] |= 1 << (i & 7);
  });
  if (type instanceof Int64) {
    const data = new BigInt64Array(length);
    values.forEach((value, i) => value !== null && (data[i] = value as bigint));
    return makeData({ type, length, nullCount, nullBitmap, data });
  }
  if (type instanceof Float64) {
    const data = new Float64Array(length);
    values.forEach((value, i) => value !== null && (data[i] = value as number));
    return makeData({ type, length, nullCount, nullBitmap, data });
  }
  // Utf8 and Binary: the bytes of all values end to end, and length + 1 offsets into them.
  const encoder = new TextEncoder();
  const bytes = values.map((value) =>
    value === null
      ? new Uint8Array(0)
      : typeof value === 'string'
        ? encoder.encode(value)
        : (value as Uint8Array)
  );
  const valueOffsets = new Int32Array(length + 1);
  bytes.forEach((chunk, i) => (valueOffsets[i + 1] = valueOffsets[i] + chunk.length));
  const data = new Uint8Array(valueOffsets[length]);
  bytes.forEach((chunk, i) => data.set(chunk, valueOffsets[i]));
  return type instanceof Utf8
    ? makeData({ type, length, nullCount, nullBitmap, valueOffsets, data })
    : makeData({ type: type as Binary, length, nullCount, nullBitmap, valueOffsets, data });
}

function arrowTypeOf(type: ValueType): DataType {
  switch (type) {
    case 'integer':
      return new Int64();
    case 'real':
      return new Float64();
    case 'text':
    case 'mixed':
      return new Utf8();
    case 'blob':
      return new Binary();
    case 'null':
      return new Null();
  }
}

type ArrowValue = bigint | number | string | Uint8Array | null;

/** How each stored value becomes the column's Arrow value; a value the column's type does not allow throws. */
function valueConverter(type: ValueType, column: string): (value: SqlValue, row: number) => ArrowValue {
  const mismatch = (value: SqlValue, row: number): never => {
    throw new TypeError(`Column "${column}" is typed ${type}, but row ${row + 1} holds ${describe(value)}.`);
  };
  switch (type) {
    case 'integer':
      return (value, row) => {
        if (value === null || typeof value === 'bigint') return value;
        return typeof value === 'number' && Number.isSafeInteger(value)
          ? BigInt(value)
          : mismatch(value, row);
      };
    case 'real':
      return (value, row) => {
        if (value === null || typeof value === 'number') return value;
        return typeof value === 'bigint' ? Number(value) : mismatch(value, row);
      };
    case 'text':
      return (value, row) => (value === null || typeof value === 'string' ? value : mismatch(value, row));
    case 'blob':
      return (value, row) => (value === null || value instanceof Uint8Array ? value : mismatch(value, row));
    case 'null':
      return (value, row) => (value === null ? null : mismatch(value, row));
    case 'mixed':
      return toMixedText;
  }
}

function toMixedText(value: SqlValue): string | null {
  if (value === null || typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return toHexBlob(value);
  if (Number.isNaN(value)) return null;
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return toPlainNumber(value);
}

function describe(value: SqlValue): string {
  if (value instanceof Uint8Array) return 'a blob';
  if (typeof value === 'string') return 'a text';
  if (typeof value === 'number' && !Number.isInteger(value)) return `the real ${value}`;
  return `the integer ${String(value)}`;
}
