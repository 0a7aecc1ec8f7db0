import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { InProcessEngine } from '../../engine/in-process-engine';
import { installReferenceTables } from './install';
import { referenceTables } from './reference-tables';

const SQL = await initSqlJs();

describe('installReferenceTables', () => {
  it('adds countries and currencies with every value as bundled, typed for SQL', async () => {
    const engine = new InProcessEngine(SQL);
    expect(await installReferenceTables(engine)).toEqual(['countries', 'currencies']);
    for (const table of referenceTables()) {
      const stored = await engine.query(`SELECT * FROM "${table.name}" ORDER BY rowid`);
      expect(stored.columns.map((column) => column.name)).toEqual(table.columns.map((column) => column.name));
      expect(stored.rows).toEqual(table.rows);
    }
    // Codes that look like numbers or missing-value markers stay text: '004', NA (Namibia).
    const [[numeric, name]] = (
      await engine.query("SELECT numeric, name FROM countries WHERE alpha2 IN ('AF')")
    ).rows;
    expect([numeric, name]).toEqual(['004', 'Afghanistan']);
    expect((await engine.query("SELECT alpha3 FROM countries WHERE alpha2 = 'NA'")).rows).toEqual([['NAM']]);
    expect((await engine.query("SELECT minor_unit FROM currencies WHERE code = 'JPY'")).rows).toEqual([[0]]);
  });

  it('leaves a table of that name alone, whoever made it', async () => {
    const engine = new InProcessEngine(SQL);
    await engine.exec(
      "CREATE TABLE Countries (alpha2 TEXT, business_region TEXT); INSERT INTO Countries VALUES ('DE', 'DACH')"
    );
    expect(await installReferenceTables(engine)).toEqual(['currencies']);
    expect((await engine.query('SELECT * FROM countries')).rows).toEqual([['DE', 'DACH']]);
    expect(await installReferenceTables(engine)).toEqual([]);
  });
});
