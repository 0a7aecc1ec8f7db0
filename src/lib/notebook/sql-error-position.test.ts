import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { locateSqlError } from './sql-error-position';

/** [what, SQL, SQLite's message, expected from, expected to]; offsets counted by hand (UTF-16 code units). */
const CASES: [string, string, string, number, number][] = [
  ['syntax error at a keyword', 'SELECT FROM orders', 'near "FROM": syntax error', 7, 11],
  ['syntax error at the first word', 'selec * from orders', 'near "selec": syntax error', 0, 5],
  [
    'the token inside an earlier string literal is skipped',
    "SELECT 'a FROM b', FROM orders",
    'near "FROM": syntax error',
    19,
    23
  ],
  [
    'the token inside an earlier block comment is skipped',
    'select /* FROM */ x, FROM t',
    'near "FROM": syntax error',
    21,
    25
  ],
  [
    'a closing parenthesis',
    'select * from orders window w as (partition by)',
    'near ")": syntax error',
    46,
    47
  ],
  ['a two-character operator', 'select * from orders where id ==== 1', 'near "==": syntax error', 30, 32],
  ['a missing column', 'select foo from orders', 'no such column: foo', 7, 10],
  [
    'a name inside an earlier string literal is skipped',
    "select 'no foo here', foo from orders",
    'no such column: foo',
    22,
    25
  ],
  [
    'word boundaries: id is not found inside paid',
    'select paid, id from orders, customers',
    'ambiguous column name: id',
    13,
    15
  ],
  ['a qualified column', 'select t.foo from orders t', 'no such column: t.foo', 7, 12],
  [
    'a qualified column written with blanks and another case',
    'SELECT T . foo FROM orders t',
    'no such column: t.foo',
    7,
    14
  ],
  ['a table with its schema', 'select * from main.bar', 'no such table: main.bar', 14, 22],
  [
    'a table named in a line comment before it',
    '-- bar is missing\nselect * from bar',
    'no such table: bar',
    32,
    35
  ],
  ['a bracket-quoted name, quotes included', 'select [foo] from orders', 'no such column: foo', 7, 12],
  ['a backtick-quoted name', 'select `foo` from orders', 'no such column: foo', 7, 12],
  ['a double-quoted name', 'select x from "Bar"', 'no such table: Bar', 14, 19],
  ['multi-line SQL', 'select id,\n       amount,\n       foo\nfrom orders', 'no such column: foo', 33, 36],
  [
    'non-ASCII text (and an astral character, two code units) before the error',
    "select 'Zürich 😀' as city, foo from orders",
    'no such column: foo',
    28,
    31
  ],
  ['a non-ASCII name', 'select größe from t', 'no such column: größe', 7, 12],
  ['names match ignoring ASCII case', 'SELECT Foo FROM orders', 'no such column: foo', 7, 10],
  [
    'the spelling quoted by SQLite wins over another case',
    'select foo, FOO from orders',
    'no such column: FOO',
    12,
    15
  ],
  [
    'a name standing alone wins over the head of a dotted name',
    'select foo.x, foo from orders',
    'no such column: foo',
    14,
    17
  ],
  [
    'a function where it is called, not an alias of the same name',
    'select median2 as m, median2(amount) from orders',
    'no such function: median2',
    21,
    28
  ],
  ['an unterminated string', "select 'abc", 'unrecognized token: "\'abc"', 7, 11],
  ['an unterminated string over two lines', "select 'abc\ndef", 'unrecognized token: "\'abc\ndef"', 7, 15],
  ['a number glued to letters', 'select 3a', 'unrecognized token: "3a"', 7, 9],
  ['a bad blob literal', "select x'zz'", 'unrecognized token: "x\'zz\'"', 7, 12],
  ['a lone dollar sign', 'select $', 'unrecognized token: "$"', 7, 8],
  ['incomplete input points at the end', 'select (1', 'incomplete input', 9, 9],
  [
    'incomplete input ignores trailing comments and blanks',
    'select * from orders where\n  -- todo\n',
    'incomplete input',
    26,
    26
  ],
  [
    'an ORDER BY ordinal',
    'select id, amount from orders order by 1, 3',
    '2nd ORDER BY term out of range - should be between 1 and 2',
    42,
    43
  ],
  [
    'the ORDER BY whose term is an integer, not a subquery one',
    'select * from (select id from orders order by id, amount) order by 1, 5 desc',
    '2nd ORDER BY term out of range - should be between 1 and 1',
    70,
    71
  ],
  [
    'a GROUP BY ordinal',
    'select country, sum(amount) from orders group by 3',
    '1st GROUP BY term out of range - should be between 1 and 2',
    49,
    50
  ],
  [
    'a sub-select with too many columns',
    'select * from orders where id in (select id, paid from orders)',
    'sub-select returns 2 columns - expected 1',
    33,
    62
  ],
  [
    'the sub-select with the reported column count',
    'select (select 1), x from t where x in (select 1, 2)',
    'sub-select returns 2 columns - expected 1',
    39,
    52
  ],
  [
    'a compound operator',
    'select 1 union select 1, 2',
    'SELECTs to the left and right of UNION do not have the same number of result columns',
    9,
    14
  ],
  [
    'a two-word compound operator',
    'select 1 UNION ALL select 1, 2',
    'SELECTs to the left and right of UNION ALL do not have the same number of result columns',
    9,
    18
  ],
  [
    'wrong argument count',
    'select sum(1, 2) from orders',
    'wrong number of arguments to function sum()',
    7,
    10
  ],
  ['a misused aggregate', 'select * from orders order by sum(id)', 'misuse of aggregate: sum()', 30, 33],
  [
    'a misused window function',
    'select row_number() from orders',
    'misuse of window function row_number()',
    7,
    17
  ],
  ['an INSERT column', 'insert into orders(zz) values (1)', 'table orders has no column named zz', 19, 21],
  ['the second of a duplicate column', 'create table t(a, b, a)', 'duplicate column name: a', 21, 22],
  ['surrounding blanks in the message', 'select foo from t', '  no such column: foo\n', 7, 10]
];

/** [what, SQL, message]: nothing to point at. */
const UNLOCATABLE: [string, string, string][] = [
  ['a message without a position', 'select 1 from orders limit ?', 'datatype mismatch'],
  ['a name that is not in the text', 'select * from orders', 'no such column: nowhere'],
  ['a name only inside a string and a comment', "select 'foo' -- foo", 'no such column: foo'],
  ['an unknown message', 'select 1', 'something else went wrong'],
  ['a token that is not in the text', 'select 1', 'near "WHERE": syntax error']
];

describe('locateSqlError', () => {
  it.each(CASES)('%s', (_what, sql, message, from, to) => {
    expect(locateSqlError(sql, message)).toEqual({ from, to });
  });

  it.each(UNLOCATABLE)('%s: null', (_what, sql, message) => {
    expect(locateSqlError(sql, message)).toBeNull();
  });
});

/**
 * The messages above were copied from sql.js; this checks that its wording has not changed under us, by running
 * statements on a real database and checking which text the located range covers.
 */
describe('locateSqlError with the messages of the sql.js in use', () => {
  /** [SQL, the text the range must cover] */
  const REAL: [string, string][] = [
    ["SELECT 'FROM', FROM orders", 'FROM'],
    ["select 'paid' as p, id from orders, customers", 'id'],
    ['select o.nope from orders o', 'o.nope'],
    ['select * from main.missing', 'main.missing'],
    ['select median2(amount) from orders', 'median2'],
    ["select 'Zürich', 'abc", "'abc"],
    ['select amount from orders order by 1, 3', '3'],
    ['select id from orders where id in (select id, paid from orders)', '(select id, paid from orders)'],
    ['select 1 union select 1, 2', 'union'],
    ['select sum(1, 2) from orders', 'sum'],
    ['select * from orders o join customers c using (zz)', 'zz']
  ];

  it.each(REAL)('%s', async (sql, covered) => {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    try {
      db.run(
        'CREATE TABLE orders(id INTEGER, paid INTEGER, amount REAL); CREATE TABLE customers(id INTEGER);'
      );
      let message = '';
      try {
        db.exec(sql);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).not.toBe('');
      const range = locateSqlError(sql, message);
      expect(range, message).not.toBeNull();
      expect(sql.slice(range?.from, range?.to)).toBe(covered);
    } finally {
      db.close();
    }
  });

  it('incomplete input from sql.js points at the end of the last token', async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    const sql = 'select (1 -- unfinished\n';
    expect(() => db.exec(sql)).toThrow('incomplete input');
    expect(locateSqlError(sql, 'incomplete input')).toEqual({ from: 9, to: 9 });
    db.close();
  });
});
