import initSqlJs, { type Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { packRows } from '../import/packed-rows';
import { TableWriter } from './table-writer';
import type { SqlValue } from './types';

let SQL: Awaited<ReturnType<typeof initSqlJs>>;

beforeAll(async () => {
  SQL = await initSqlJs();
});

/** Every value with its storage class, as SQLite returns them. */
function stored(db: Database, table: string): unknown[][] {
  const columns = db.exec(`SELECT name FROM pragma_table_info('${table}')`)[0].values.map((row) => row[0]);
  const select = columns.map((column) => `"${column}", typeof("${column}")`).join(', ');
  const statement = db.prepare(`SELECT ${select} FROM ${table} ORDER BY rowid`);
  const rows: unknown[][] = [];
  // sql.js ≥ 1.8 takes `{ useBigInt }`; @types/sql.js predates it.
  const get = statement.get.bind(statement) as (params: null, config: { useBigInt: true }) => unknown[];
  while (statement.step()) rows.push(get(null, { useBigInt: true }));
  statement.free();
  return rows;
}

/** Writes `rows` with the writer, and again with sql.js's own `Statement.run`, into tables of each type. */
function writeBoth(declared: string[], rows: SqlValue[][]): { direct: unknown[][]; plain: unknown[][] } {
  const db = new SQL.Database();
  const definition = declared.map((type, i) => `c${i} ${type}`).join(', ');
  db.run(`CREATE TABLE direct (${definition}); CREATE TABLE plain (${definition});`);
  db.run('BEGIN');
  const writer = new TableWriter(SQL, db, 'direct', declared.length);
  // Otherwise both tables would be written by sql.js and the comparison would prove nothing.
  expect(writer.bindsDirectly).toBe(true);
  writer.insert(rows);
  writer.free();
  const insert = db.prepare(`INSERT INTO plain VALUES (${declared.map(() => '?').join(',')})`);
  for (const row of rows) insert.run(row as never);
  insert.free();
  db.run('COMMIT');
  const result = { direct: stored(db, 'direct'), plain: stored(db, 'plain') };
  db.close();
  return result;
}

const samples: SqlValue[] = [
  null,
  0,
  -1,
  2_147_483_647,
  2_147_483_648,
  -2_147_483_649,
  9_007_199_254_740_991,
  0.5,
  -0,
  1e300,
  '',
  'plain ascii',
  'Grüße, 日本語, 🎉',
  '00123',
  '12.50',
  'a\u0000b',
  new Uint8Array([]),
  new Uint8Array([0, 255, 7])
];

describe('TableWriter', () => {
  it('stores exactly what sql.js stores, for every kind of value in every column affinity', () => {
    const declared = ['INTEGER', 'REAL', 'TEXT', 'NUMERIC', 'BOOLEAN', 'DATE', ''];
    // Every sample in every column, in rows long enough for the multi-row statement and its remainder.
    const rows = Array.from({ length: 450 }, (_, r) =>
      declared.map((_, c) => samples[(r + c * 5) % samples.length])
    );
    const { direct, plain } = writeBoth(declared, rows);
    expect(direct).toHaveLength(450);
    expect(direct).toEqual(plain);
  });

  it('binds texts that are not all ASCII one by one, at the right places', () => {
    const rows = Array.from({ length: 300 }, (_, r) => [`é${r}`, r, `x${'ß'.repeat(r % 7)}`]);
    const { direct } = writeBoth(['TEXT', 'INTEGER', 'TEXT'], rows);
    expect(direct.map((row) => [row[0], row[2], row[4]])).toEqual(
      rows.map((row) => [row[0], BigInt(row[1]), row[2]])
    );
  });

  it('binds empty texts as empty texts, also in a statement whose only texts are empty', () => {
    const rows: SqlValue[][] = [
      ['long text first', 1],
      ...Array.from({ length: 250 }, (_, r): SqlValue[] => ['', r])
    ];
    const { direct, plain } = writeBoth(['TEXT', 'INTEGER'], rows);
    expect(direct).toEqual(plain);
    expect(direct.slice(1).every((row) => row[0] === '' && row[1] === 'text')).toBe(true);
  });

  it('writes the same rows into two tables, one after the other, as sql.js would', () => {
    const declared = ['INTEGER', 'REAL', 'TEXT', 'DATE', ''];
    const values = samples.filter((value) => !(value instanceof Uint8Array));
    const rows = Array.from({ length: 450 }, (_, r) =>
      declared.map((_, c) => values[(r + c * 3) % values.length])
    );
    const { direct, plain } = writeBoth(declared, rows);
    expect(direct).toEqual(plain);
  });

  it('stores packed rows (from a parser worker) exactly as the same rows given as values', () => {
    const declared = ['INTEGER', 'REAL', 'TEXT', 'DATE', ''];
    const values = samples.filter((value) => !(value instanceof Uint8Array)) as (string | number | null)[];
    const rows = Array.from({ length: 450 }, (_, r) =>
      declared.map((_, c) => values[(r + c * 3) % values.length])
    );
    const db = new SQL.Database();
    const definition = declared.map((type, i) => `c${i} ${type}`).join(', ');
    db.run(`CREATE TABLE packed (${definition}); CREATE TABLE plain (${definition}); BEGIN;`);
    const packed = new TableWriter(SQL, db, 'packed', declared.length);
    expect(packed.bindsDirectly).toBe(true);
    packed.insertPacked(packRows(rows.slice(0, 300), declared.length));
    packed.insertPacked(packRows(rows.slice(300), declared.length));
    packed.free();
    const plain = new TableWriter(SQL, db, 'plain', declared.length);
    plain.insert(rows);
    plain.free();
    db.run('COMMIT');
    expect(stored(db, 'packed')).toHaveLength(450);
    expect(stored(db, 'packed')).toEqual(stored(db, 'plain'));
    db.close();
  });

  it('keeps integers beyond 2^53 exact (bigint goes through sql.js)', () => {
    const rows: SqlValue[][] = [
      [9_007_199_254_740_993n, 'a'],
      [1, 'b']
    ];
    const { direct, plain } = writeBoth(['INTEGER', 'TEXT'], rows);
    expect(direct).toEqual(plain);
    expect(direct[0][0]).toBe(9_007_199_254_740_993n);
  });

  it('reports a constraint failure as SQLite words it and leaves the statement usable', () => {
    const db = new SQL.Database();
    db.run('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    const writer = new TableWriter(SQL, db, 't', 2);
    writer.insert([[1, 'a']]);
    expect(() => writer.insert([[2, null]])).toThrow(/NOT NULL constraint failed: t.name/);
    expect(() => writer.insert([[1, 'again']])).toThrow(/UNIQUE constraint failed/);
    writer.insert([[3, 'c']]);
    writer.free();
    expect(db.exec('SELECT id, name FROM t ORDER BY id')[0].values).toEqual([
      [1, 'a'],
      [3, 'c']
    ]);
    db.close();
  });
});
