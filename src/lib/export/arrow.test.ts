import {
  Field,
  Int64,
  makeData,
  Precision,
  RecordBatch,
  RecordBatchReader,
  Schema,
  Struct,
  tableFromIPC,
  Type,
  Utf8,
  type Table
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { ResultColumn, SqlValue } from '../engine/types';
import { SQLITE_TYPE_METADATA_KEY, toArrowIpc } from './arrow';

type Result = { columns: ResultColumn[]; rows: SqlValue[][] };

function roundTrip(result: Result): Table {
  return tableFromIPC(toArrowIpc(result));
}

/**
 * The schema as written in the file. `tableFromIPC(…).schema` cannot be trusted with duplicate names: the reader
 * merges same-named fields (apache/arrow-js#288), though the column data it returns keeps the right types.
 */
function fileSchema(ipc: Uint8Array): Schema {
  const reader = RecordBatchReader.from(ipc);
  reader.open();
  return reader.schema;
}

function columnValues(table: Table, index: number): unknown[] {
  const column = table.getChildAt(index);
  if (column === null) throw new Error(`no column ${index}`);
  return Array.from({ length: column.length }, (_, row) => column.get(row));
}

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

const result: Result = {
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'price', type: 'real' },
    { name: 'name', type: 'text' },
    { name: 'payload', type: 'blob' },
    { name: 'anything', type: 'mixed' },
    { name: 'nothing', type: 'null' },
    { name: 'x', type: 'integer' },
    { name: 'x', type: 'text' },
    { name: '顧客 مشتری 👩‍👩‍👧‍👦', type: 'text' },
    { name: '', type: 'integer' },
    { name: "=cmd|'/c calc'!A0", type: 'text' }
  ],
  rows: [
    [1, 0.1, 'Straße', bytes(0x0a, 0xff), 1, null, 1, 'a', 'مشتری', 0, '=1+1'],
    [null, null, null, null, null, null, null, null, null, null, null],
    [9007199254740993n, -5, '👩‍👩‍👧‍👦 "quoted", comma', bytes(), 0.5, null, -2, 'b', '顧客', -1, '-5'],
    [-9223372036854775808n, 1e300, '', bytes(0, 1, 2), 'text', null, 3, '', '', 2, ''],
    [9223372036854775807n, -0, 'line 1\r\nline 2', bytes(0xff), bytes(0x0a, 0xff), null, 4, 'c', 'x', 3, 'y'],
    [-7, 9007199254740993n, 'last', null, 9007199254740993n, null, 5, 'd', 'y', 4, 'z']
  ]
};

describe('toArrowIpc', () => {
  const table = roundTrip(result);
  const schema = fileSchema(toArrowIpc(result));

  it('writes the IPC file format (ARROW1 magic at both ends)', () => {
    const ipc = toArrowIpc(result);
    const magic = new TextEncoder().encode('ARROW1');
    expect(ipc.subarray(0, 6)).toEqual(magic);
    expect(ipc.subarray(ipc.length - 6)).toEqual(magic);
  });

  it('keeps every column name exactly, in order, duplicates included', () => {
    // The empty name is the exception: apache-arrow writes it as an absent name, which Arrow C++ (pyarrow, R)
    // reads as "" and apache-arrow itself as null.
    const names = result.columns.map((column) => (column.name === '' ? null : column.name));
    expect(schema.fields.map((field) => field.name)).toEqual(names);
    expect(table.numCols).toBe(result.columns.length);
    expect(table.numRows).toBe(result.rows.length);
  });

  it.each([
    ['integer', 0, Type.Int],
    ['real', 1, Type.Float],
    ['text', 2, Type.Utf8],
    ['blob', 3, Type.Binary],
    ['mixed', 4, Type.Utf8],
    ['null', 5, Type.Null]
  ])('maps %s (column %i) to the Arrow type id %i', (sqliteType, index, typeId) => {
    const field = schema.fields[index];
    expect(field.typeId).toBe(typeId);
    expect(field.nullable).toBe(true);
    expect(field.metadata.get(SQLITE_TYPE_METADATA_KEY)).toBe(sqliteType);
  });

  it('uses 64-bit signed integers and doubles', () => {
    const int = schema.fields[0].type;
    const float = schema.fields[1].type;
    expect([int.bitWidth, int.isSigned]).toEqual([64, true]);
    expect(float.precision).toBe(Precision.DOUBLE);
  });

  it('keeps integers exact as bigint, beyond 2^53 and at the 64-bit limits', () => {
    expect(columnValues(table, 0)).toEqual([
      1n,
      null,
      9007199254740993n,
      -9223372036854775808n,
      9223372036854775807n,
      -7n
    ]);
  });

  it('keeps reals as doubles; integers in a real column become doubles', () => {
    const values = columnValues(table, 1);
    expect(values).toEqual([0.1, null, -5, 1e300, -0, 9007199254740992]);
    expect(Object.is(values[4], -0)).toBe(true);
  });

  it('keeps text as stored, unicode and formula-like text included (Arrow cells are never evaluated)', () => {
    expect(columnValues(table, 2)).toEqual([
      'Straße',
      null,
      '👩‍👩‍👧‍👦 "quoted", comma',
      '',
      'line 1\r\nline 2',
      'last'
    ]);
    expect(columnValues(table, 10)).toEqual(['=1+1', null, '-5', '', 'y', 'z']);
  });

  it('keeps blob bytes, and tells the empty blob from NULL', () => {
    expect(columnValues(table, 3)).toEqual([
      bytes(0x0a, 0xff),
      null,
      bytes(),
      bytes(0, 1, 2),
      bytes(0xff),
      null
    ]);
  });

  it('writes mixed columns as text: numbers in plain form, blobs as 0x hex, NULL as null', () => {
    expect(columnValues(table, 4)).toEqual(['1', null, '0.5', 'text', '0x0aff', '9007199254740993']);
  });

  it('writes a column of only NULLs as the Null type', () => {
    expect(columnValues(table, 5)).toEqual([null, null, null, null, null, null]);
    expect(table.getChildAt(5)?.nullCount).toBe(6);
  });

  it('keeps columns of the same name apart', () => {
    expect(schema.fields.slice(6, 8).map((field) => [field.name, field.typeId])).toEqual([
      ['x', Type.Int],
      ['x', Type.Utf8]
    ]);
    expect(columnValues(table, 6)).toEqual([1n, null, -2n, 3n, 4n, 5n]);
    expect(columnValues(table, 7)).toEqual(['a', null, 'b', '', 'c', 'd']);
  });

  it('counts the NULLs of each column', () => {
    expect(result.columns.map((_, i) => table.getChildAt(i)?.nullCount)).toEqual([
      1, 1, 1, 2, 1, 6, 1, 1, 1, 1, 1
    ]);
  });

  it('writes a result without rows', () => {
    const empty = roundTrip({
      columns: [
        { name: 'a', type: 'null' },
        { name: 'a', type: 'integer' }
      ],
      rows: []
    });
    expect(empty.numRows).toBe(0);
    expect(
      fileSchema(
        toArrowIpc({
          columns: [
            { name: 'a', type: 'null' },
            { name: 'a', type: 'integer' }
          ],
          rows: []
        })
      ).fields.map((field) => [field.name, field.typeId])
    ).toEqual([
      ['a', Type.Null],
      ['a', Type.Int]
    ]);
  });

  it.each([
    ['integer', 1.5, /row 1 holds the real 1.5/],
    ['integer', 2 ** 60, /row 1 holds the integer/],
    ['real', 'x', /row 1 holds a text/],
    ['text', 1, /row 1 holds the integer 1/],
    ['blob', 'x', /row 1 holds a text/],
    ['null', bytes(1), /row 1 holds a blob/]
  ] as const)('refuses a %s column holding %j', (type, value, message) => {
    expect(() => toArrowIpc({ columns: [{ name: 'c', type }], rows: [[value]] })).toThrow(message);
  });
});

// toArrowIpc works around this apache-arrow bug. When this test fails, the library is fixed: remove the
// schema reassignment in arrow.ts (and this test).
describe('apache-arrow RecordBatch with duplicate field names', () => {
  it('still gives both fields the type of the last one of that name', () => {
    const fields = [new Field('x', new Int64(), true), new Field('x', new Utf8(), true)];
    const children = [makeData({ type: new Int64(), length: 0 }), makeData({ type: new Utf8(), length: 0 })];
    const batch = new RecordBatch(
      new Schema(fields),
      makeData({ type: new Struct(fields), length: 0, children })
    );
    expect(batch.schema.fields.map((field) => field.typeId)).toEqual([Type.Utf8, Type.Utf8]);
  });
});
