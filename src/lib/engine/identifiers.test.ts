import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { quoteIdentifier } from './identifiers';

const hostileNames = [
  'plain',
  'a"b',
  '"',
  '""',
  'a"; DROP TABLE victim; --',
  '[bracketed]',
  '`backticked`',
  "it's",
  'semi;colon',
  'new\nline',
  'tab\there',
  '-- comment',
  '/* comment */',
  'select',
  'ORDER',
  'rowid',
  '顧客',
  'Straße',
  'مشتری',
  '👩‍👩‍👧‍👦',
  ' leading and trailing ',
  '',
  'x'.repeat(10_000)
];

describe('quoteIdentifier', () => {
  it('doubles embedded quotes inside one pair of quotes', () => {
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
    expect(quoteIdentifier('')).toBe('""');
  });

  it('refuses NUL, which SQLite would cut the name at', () => {
    expect(() => quoteIdentifier('a\0b')).toThrow(/NUL/);
  });

  it.each(
    hostileNames.map((name) => [
      name.length > 40 ? `${name.slice(0, 20)}… (${name.length} chars)` : name,
      name
    ])
  )(
    'round-trips %j through CREATE TABLE, INSERT and SELECT without touching other tables',
    async (_label, name) => {
      const SQL = await initSqlJs();
      const db = new SQL.Database();
      try {
        db.run('CREATE TABLE victim (v INTEGER); INSERT INTO victim VALUES (42);');
        const table = quoteIdentifier(name);
        const column = quoteIdentifier(name);
        db.run(`CREATE TABLE ${table} (${column} TEXT)`);
        db.run(`INSERT INTO ${table} (${column}) VALUES (?)`, [name]);

        const [result] = db.exec(`SELECT ${column} FROM ${table}`);
        expect(result.columns).toEqual([name]);
        expect(result.values).toEqual([[name]]);

        const tables = db
          .exec("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")[0]
          .values.flat();
        expect(tables).toHaveLength(2);
        expect(tables).toContain(name);
        expect(db.exec('SELECT v FROM victim')[0].values).toEqual([[42]]);
      } finally {
        db.close();
      }
    }
  );
});
