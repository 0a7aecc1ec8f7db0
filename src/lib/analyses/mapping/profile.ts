import { quoteIdentifier } from '../../engine/identifiers';
import type { DataEngine } from '../../engine/types';
import type { SourceColumn, SourceTable } from './types';

/** How many values of each column the suggestions look at, spread evenly over the table. */
const SAMPLE_SIZE = 200;

/**
 * What the mapping suggestions need to know about a table of the workspace: its columns (with their original
 * headers), row count, and per column a sample spread over the whole table, the number of distinct values and
 * of NULLs, negative numbers and zeros. Two queries, each one pass over the table.
 */
export async function profileSourceTable(
  engine: Pick<DataEngine, 'describeTables' | 'query'>,
  name: string
): Promise<SourceTable> {
  const table = (await engine.describeTables()).find((candidate) => candidate.name === name);
  if (table === undefined) throw new RangeError(`There is no table "${name}".`);
  const from = `main.${quoteIdentifier(name)}`;
  const columns = table.columns.map((column) => quoteIdentifier(column.name));
  const perColumnSql = columns.map((column) => {
    const isNumber = `typeof(${column}) IN ('integer', 'real')`;
    return [
      `count(DISTINCT ${column})`,
      `count(*) - count(${column})`,
      `total(${isNumber} AND ${column} < 0)`,
      `total(${isNumber} AND ${column} = 0)`
    ].join(', ');
  });
  const counts = await engine.query(`SELECT count(*), ${perColumnSql.join(', ')} FROM ${from}`);
  const [rowCount, ...perColumn] = counts.rows[0].map(Number);
  const stat = (column: number, which: number) => perColumn[4 * column + which];
  // Every n-th row by rowid rank, so the sample covers the whole table, not its head.
  const step = Math.max(1, Math.floor(rowCount / SAMPLE_SIZE));
  const sample = await engine.query(
    `SELECT ${columns.join(', ')} FROM (SELECT *, row_number() OVER () AS crossbook_n FROM ${from}) ` +
      `WHERE (crossbook_n - 1) % ? = 0 LIMIT ?`,
    [step, SAMPLE_SIZE]
  );
  return {
    name,
    rowCount,
    columns: table.columns.map((column, i): SourceColumn => ({
      name: column.name,
      ...(column.label === undefined ? {} : { label: column.label }),
      type: column.declaredType,
      samples: sample.rows.map((row) => toSample(row[i])),
      distinctCount: stat(i, 0),
      nullCount: stat(i, 1),
      negativeCount: stat(i, 2),
      zeroCount: stat(i, 3),
      rowCount
    }))
  };
}

function toSample(value: unknown): string | number | null {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return null;
}
