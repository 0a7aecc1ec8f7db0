import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { InProcessEngine } from '../../src/lib/engine/in-process-engine';

const SQL = await initSqlJs();

describe('column labels', () => {
  it('keeps the original header of every renamed column with the table, through export and reopen', async () => {
    const engine = new InProcessEngine(SQL);
    // Over 64 characters, so it is shortened for a name and kept whole as a label; and it tries to end the comment.
    const hostile = `x */ DROP TABLE t; /* "q" ${'long '.repeat(20)}`;
    const csv = new Blob([`id,,Name,Name,${JSON.stringify(hostile).replaceAll('\\"', '""')}\n1,a,b,c,d\n`]);
    const imported = await engine.importCsv({ file: csv, fileName: 't.csv', table: 't' });
    const [table] = await engine.describeTables();
    const byName = Object.fromEntries(table.columns.map((column) => [column.name, column.label]));
    const renamed = imported.columns.filter((column) => column.name !== column.label);
    expect(renamed.length).toBeGreaterThanOrEqual(3);
    for (const column of imported.columns) {
      expect(byName[column.name]).toBe(column.name === column.label ? undefined : column.label);
    }
    expect(Object.values(byName)).toContain(hostile.trim());
    expect(byName.id).toBeUndefined();

    const copy = new InProcessEngine(SQL);
    await copy.loadDatabase(await engine.exportDatabase());
    expect(await copy.describeTables()).toEqual([table]);
    expect((await copy.query('SELECT count(*) FROM t')).rows).toEqual([[1]]);
  });

  it('leaves tables made by hand without labels', async () => {
    const engine = new InProcessEngine(SQL);
    await engine.exec('CREATE TABLE plain (a /* crossbook:labels {broken */ TEXT)');
    const [table] = await engine.describeTables();
    expect(table.columns).toEqual([{ name: 'a', declaredType: 'TEXT', notNull: false, primaryKey: false }]);
  });
});
