import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { InProcessEngine } from '../engine/in-process-engine';
import { createContentHasher } from './fingerprint';
import { measureTable } from './measure';

const SQL = await initSqlJs();

describe('measureTable', () => {
  it('counts and hashes every row in rowid order, across batches', async () => {
    const engine = new InProcessEngine(SQL);
    await engine.exec(`
      CREATE TABLE t ("rowid" TEXT, n INTEGER);
      WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 45000)
      INSERT INTO t SELECT 'r' || i, i * 2 FROM s;
    `);
    const [info] = await engine.describeTables();
    const measured = await measureTable(engine, info);
    const expected = createContentHasher();
    for (let i = 1; i <= 45000; i++) expected.addRow([`r${i}`, i * 2]);
    expect(measured).toEqual({
      name: 't',
      columns: [
        { name: 'rowid', type: 'TEXT' },
        { name: 'n', type: 'INTEGER' }
      ],
      rowCount: 45000,
      contentHash: expected.digest()
    });
  });

  it('measures an empty table and leaves views uncounted', async () => {
    const engine = new InProcessEngine(SQL);
    await engine.exec('CREATE TABLE e (a); CREATE VIEW v AS SELECT 1 AS one;');
    const tables = await engine.describeTables();
    const [e, v] = await Promise.all(tables.map((table) => measureTable(engine, table)));
    expect(e.rowCount).toBe(0);
    expect(e.contentHash).toBe(createContentHasher().digest());
    expect(v).toEqual({ name: 'v', columns: [{ name: 'one', type: '' }], rowCount: null, contentHash: null });
  });

  it("carries the import's choices for personal data", async () => {
    const engine = new InProcessEngine(SQL);
    await engine.exec("CREATE TABLE c (email TEXT, country TEXT); INSERT INTO c VALUES ('p_1', 'DE');");
    const [info] = await engine.describeTables();
    const measured = await measureTable(engine, {
      ...info,
      columns: info.columns.map((column) =>
        column.name === 'email' ? { ...column, privacy: 'pseudonymised' as const } : column
      ),
      dropped: ['Full name']
    });
    expect(measured).toMatchObject({
      columns: [
        { name: 'email', type: 'TEXT', privacy: 'pseudonymised' },
        { name: 'country', type: 'TEXT' }
      ],
      rowCount: 1,
      dropped: ['Full name']
    });
    expect(Object.keys(measured.columns[1])).toEqual(['name', 'type']);
  });
});
