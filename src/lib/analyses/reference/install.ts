import type { DataEngine } from '../../engine/types';
import { toCsv } from '../../export/csv';
import { referenceTables, type ReferenceTable } from './reference-tables';

/**
 * Adds the bundled reference tables (`countries`, `currencies`) to a database that lacks them. A table of that
 * name that already exists is left alone: it may be the user's own, or the bundled one with business regions
 * the user edited. Returns the names of the tables it added.
 *
 * They go in through the CSV import, like any file: one prepared multi-row INSERT per batch, one transaction
 * and one save per table. (A script with thousands of named parameters took a second here: SQLite looks each
 * name up in a list, so binding them is quadratic.)
 */
export async function installReferenceTables(
  engine: Pick<DataEngine, 'describeTables' | 'importCsv'>
): Promise<string[]> {
  const existing = new Set((await engine.describeTables()).map((table) => table.name.toLowerCase()));
  const missing = referenceTables().filter((table) => !existing.has(table.name.toLowerCase()));
  for (const table of missing) {
    await engine.importCsv({
      file: new Blob([toCsvText(table)], { type: 'text/csv' }),
      fileName: `${table.name}.csv`,
      table: table.name
    });
  }
  return missing.map((table) => table.name);
}

/** The table as plain RFC 4180 text (the export's writer, raw: these are codes and names, not formulas). */
function toCsvText(table: ReferenceTable): string {
  const columns = table.columns.map((column) => ({ name: column.name, type: 'text' as const }));
  return toCsv({ columns, rows: table.rows }, { raw: true, bom: false, lineEnding: '\n' });
}
