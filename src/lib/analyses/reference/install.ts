import { quoteIdentifier } from '../../engine/identifiers';
import type { DataEngine, SqlValue } from '../../engine/types';
import { createTableSql, referenceTables, type ReferenceTable } from './reference-tables';

/**
 * Adds the bundled reference tables (`countries`, `currencies`) to a database that lacks them, in one script so
 * that it is one transaction and one save. A table of that name that already exists is left alone: it may be
 * the user's own, or the bundled one with business regions the user edited.
 * Returns the names of the tables it added.
 */
export async function installReferenceTables(
  engine: Pick<DataEngine, 'describeTables' | 'exec'>
): Promise<string[]> {
  const existing = new Set((await engine.describeTables()).map((table) => table.name.toLowerCase()));
  const missing = referenceTables().filter((table) => !existing.has(table.name.toLowerCase()));
  if (missing.length === 0) return [];
  const params: Record<string, SqlValue> = {};
  const statements = missing.map((table) => `${createTableSql(table)};\n${insertSql(table, params)};`);
  try {
    await engine.exec(['BEGIN;', ...statements, 'COMMIT;'].join('\n'), params);
  } catch (error) {
    // A script stops at its first error and leaves the transaction open: end it, so nothing half-made stays.
    await engine.exec('ROLLBACK').catch(() => {});
    throw error;
  }
  return missing.map((table) => table.name);
}

/** One multi-row INSERT with every value a named parameter (`:<table>_<row>_<column>`). */
function insertSql(table: ReferenceTable, params: Record<string, SqlValue>): string {
  const rows = table.rows.map((row, r) => {
    const names = row.map((value, c) => {
      const name = `${table.name}_${r}_${c}`;
      params[name] = value;
      return `:${name}`;
    });
    return `(${names.join(', ')})`;
  });
  return `INSERT INTO ${quoteIdentifier(table.name)} VALUES\n${rows.join(',\n')}`;
}
