import type { DataEngine } from '../../engine/types';
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

/** RFC 4180 text with a header row; NULL is an empty field (the importer reads it back as NULL). */
export function toCsvText(table: ReferenceTable): string {
  const field = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [table.columns.map((column) => column.name), ...table.rows].map((row) =>
    row.map(field).join(',')
  );
  return `${lines.join('\n')}\n`;
}
