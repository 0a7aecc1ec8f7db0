import { gzipSync } from 'node:zlib';
import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src/lib/engine/errors';
import { InProcessEngine } from '../../src/lib/engine/in-process-engine';

/** A CSV of `rows` orders, about 40 bytes a row. */
function ordersCsv(rows: number): string {
  const lines = ['order_id,customer,amount'];
  for (let i = 0; i < rows; i++) lines.push(`${i},customer number ${i % 977},${(i % 500) + 0.25}`);
  return `${lines.join('\n')}\n`;
}

describe('the database size cap (sql.js hangs near 3.6 GiB; here lowered to 1 MiB)', () => {
  const cap = 1024 * 1024;

  it('refuses a file that cannot fit before reading it, and changes nothing', async () => {
    const engine = new InProcessEngine(await initSqlJs(), { maxDatabaseBytes: cap });
    await engine.exec("CREATE TABLE keep (x); INSERT INTO keep VALUES ('kept');");
    const before = await engine.exportDatabase();
    const error = await engine
      .importCsv({ file: new Blob([ordersCsv(60_000)]), fileName: 'orders.csv' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).code).toBe('too-large-for-tab');
    expect((error as ImportError).details.limit).toBe(cap);
    expect(await engine.exportDatabase()).toEqual(before);
  });

  it('stops an import that reaches the cap (a compressed file cannot be estimated) and rolls it back', async () => {
    const engine = new InProcessEngine(await initSqlJs(), { maxDatabaseBytes: cap });
    await engine.exec("CREATE TABLE keep (x); INSERT INTO keep VALUES ('kept');");
    const before = await engine.exportDatabase();
    const compressed = gzipSync(ordersCsv(100_000));
    const started = performance.now();
    const error = await engine
      .importCsv({ file: new Blob([compressed]), fileName: 'orders.csv.gz' })
      .catch((e: unknown) => e);
    expect((error as ImportError).code).toBe('database-full');
    expect(await engine.exportDatabase()).toEqual(before);
    expect((await engine.query('SELECT x FROM keep')).rows).toEqual([['kept']]);
    // Reported, not asserted: tests never fail on timing.
    console.info(`cap reached and rolled back in ${Math.round(performance.now() - started)} ms`);
  });
});
