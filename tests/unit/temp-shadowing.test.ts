import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { InProcessEngine } from '../../src/lib/engine/in-process-engine';
import { measureTable } from '../../src/lib/notebook/measure';

const SQL = await initSqlJs();

/** A notebook's TEMP results and mapping views share names with tables; the workspace's own work must not see them. */
describe('TEMP tables and views never stand in for the workspace’s tables', () => {
  it('imports into main, describes main and measures main, whatever TEMP holds', async () => {
    const engine = new InProcessEngine(SQL);
    await engine.exec("CREATE TEMP TABLE monthly (a, b); INSERT INTO temp.monthly VALUES ('temp', 'row');");
    const csv = new Blob(['month,revenue\n2024-01,10\n2024-02,20\n']);
    const imported = await engine.importCsv({ file: csv, fileName: 'monthly.csv', table: 'monthly' });
    expect(imported.rowCount).toBe(2);
    expect((await engine.query('SELECT count(*) FROM main.monthly')).rows).toEqual([[2]]);
    expect((await engine.query('SELECT count(*) FROM temp.monthly')).rows).toEqual([[1]]);

    const [table] = await engine.describeTables();
    expect(table.columns.map((column) => column.name)).toEqual(['month', 'revenue']);
    expect(table.rowCount).toBe(2);
    expect((await measureTable(engine, table)).rowCount).toBe(2);

    await engine.exec('CREATE TEMP VIEW orders AS SELECT 1 AS x');
    await engine.importCsv({ file: csv, fileName: 'orders.csv', table: 'orders' });
    expect((await engine.query('SELECT count(*) FROM main.orders')).rows).toEqual([[2]]);
  });
});
