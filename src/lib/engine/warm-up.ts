import type { SqlJsStatic } from 'sql.js';
import { packRows } from '../import/packed-rows';
import { TableWriter } from './table-writer';

/** Rows the warm-up inserts: enough for V8 to optimise SQLite's insert path, a few dozen milliseconds. */
export const WARM_UP_ROWS = 40_000;

const BATCH_ROWS = 5_000;

/**
 * Runs the import's insert path (packed rows bound directly, multi-row INSERTs, one transaction, a commit
 * growing the in-memory file) on a throwaway database, so that the first real import does not run in
 * unoptimised code. V8 first compiles WebAssembly with its baseline compiler and optimises a function only
 * once it has run for a while: measured in Node, a first 1M-row insert into sql.js took 1.7 s and a second
 * one 0.9 s; after this warm-up the first took 1.1 s. The user's database is never touched.
 *
 * Returns the milliseconds it took.
 */
export function warmUpInserts(sql: SqlJsStatic, rows = WARM_UP_ROWS): number {
  const started = performance.now();
  const db = new sql.Database();
  try {
    db.run(
      'CREATE TABLE warm (id INTEGER, customer INTEGER, country TEXT, day TEXT, amount REAL, currency TEXT, channel TEXT, product TEXT)'
    );
    db.run('BEGIN');
    const writer = new TableWriter(sql, db, 'warm', 8);
    try {
      for (let first = 0; first < rows; first += BATCH_ROWS) {
        const batch = Array.from({ length: Math.min(BATCH_ROWS, rows - first) }, (_, i) =>
          sampleRow(first + i)
        );
        writer.insertPacked(packRows(batch, 8));
      }
    } finally {
      writer.free();
    }
    db.run('COMMIT');
  } finally {
    db.close();
  }
  return performance.now() - started;
}

const COUNTRIES = ['DE', 'FR', 'JP', 'BR', 'US', 'ES', 'IT', 'NL'];

function sampleRow(i: number): (string | number | null)[] {
  const day = String(1 + (i % 28)).padStart(2, '0');
  return [
    i,
    (i * 7919) % 100_003,
    COUNTRIES[i % COUNTRIES.length],
    `2024-03-${day}`,
    Math.round(i * 137.31) / 100,
    i % 3 === 0 ? 'EUR' : 'USD',
    i % 5 === 0 ? null : 'web',
    `Product ${i % 997}`
  ];
}
