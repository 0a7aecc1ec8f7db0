import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { SqliteSession } from './session';
import { warmUpInserts } from './warm-up';

describe('warmUpInserts', () => {
  it("runs the import's insert path on a database of its own and leaves the user's untouched", async () => {
    const sql = await initSqlJs();
    const session = new SqliteSession(sql);
    session.exec('CREATE TABLE kept (a INTEGER)');
    session.exec('INSERT INTO kept VALUES (1), (2)');
    const before = session.exportDatabase();
    expect(warmUpInserts(sql, 12_000)).toBeGreaterThan(0);
    session.warmUp();
    expect(session.exportDatabase()).toEqual(before);
    expect(session.query('SELECT count(*) FROM kept').rows).toEqual([[2]]);
  });
});
