import { describe, expect, it } from 'vitest';
import { findSqlReferences, statementKind, withoutFinalSemicolons } from './sql-references';

/** [SQL, tables read, parameters, CTE names] */
const CASES: [string, string[], string[], string[]][] = [
  ['SELECT * FROM orders', ['orders'], [], []],
  ['select * from Orders o join customers c on o.id = c.id', ['Orders', 'customers'], [], []],
  ['SELECT * FROM a, b AS x, (SELECT 1) s, c', ['a', 'b', 'c'], [], []],
  [
    'SELECT * FROM a JOIN b ON a.x = b.x, c LEFT OUTER JOIN d USING (k, j) NATURAL JOIN e',
    ['a', 'b', 'c', 'd', 'e'],
    [],
    []
  ],
  ['SELECT * FROM a WHERE x IN (1, 2) ORDER BY y, z', ['a'], [], []],
  ['SELECT * FROM a WHERE x IN picked AND y NOT IN temp.others', ['a', 'picked', 'others'], [], []],
  ['SELECT country, SUM(amount_eur) AS revenue FROM orders GROUP BY country', ['orders'], [], []],
  ['SELECT revenue.country FROM revenue', ['revenue'], [], []],
  ['SELECT \'FROM fake\' AS s, "FROM" FROM real_table', ['real_table'], [], []],
  ['SELECT 1 -- FROM commented\nFROM t /* FROM also_commented */', ['t'], [], []],
  [
    'SELECT * FROM "Quoted ""Name""", [bracket name], `back``tick`',
    ['Quoted "Name"', 'bracket name', 'back`tick'],
    [],
    []
  ],
  ['SELECT * FROM main.orders JOIN temp.totals JOIN other_db.t', ['orders', 'totals'], [], []],
  ["SELECT value FROM json_each(:countries) JOIN pragma_table_info('x')", [], ['countries'], []],
  [
    'SELECT * FROM t WHERE a = :a AND b = @b AND c = $c AND d = :a AND e = ? AND f = ?2',
    ['t'],
    ['a', 'b', 'c'],
    []
  ],
  ["SELECT ':not_a_param', x'AB' FROM t WHERE y = $tcl::name(1)", ['t'], ['tcl::name(1)'], []],
  ['SELECT a IS NOT DISTINCT FROM b FROM t', ['t'], [], []],
  ['SELECT (SELECT max(x) FROM inner_t), y FROM outer_t', ['inner_t', 'outer_t'], [], []],
  ['SELECT * FROM a UNION ALL SELECT * FROM b EXCEPT SELECT * FROM c', ['a', 'b', 'c'], [], []],
  ['WITH revenue AS (SELECT * FROM orders) SELECT * FROM revenue', ['orders'], [], ['revenue']],
  [
    'WITH RECURSIVE cnt(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM cnt LIMIT 10), b AS MATERIALIZED (SELECT * FROM cnt) SELECT * FROM b JOIN totals',
    ['totals'],
    [],
    ['cnt', 'b']
  ],
  [
    'WITH "Revenue" AS NOT MATERIALIZED (SELECT 1) SELECT * FROM REVENUE, orders',
    ['orders'],
    [],
    ['Revenue']
  ],
  [
    'SELECT * FROM (WITH inner_cte AS (SELECT 1) SELECT * FROM inner_cte) JOIN inner_cte',
    [],
    [],
    ['inner_cte']
  ],
  ['SELECT * FROM t WINDOW w AS (PARTITION BY a ORDER BY b)', ['t'], [], []],
  ['SELECT CAST(x AS TEXT), sum(y) OVER (PARTITION BY z) FROM t', ['t'], [], []],
  ['SELECT 1.5e-3, 0x1F, .5 FROM t', ['t'], [], []],
  ['UPDATE t SET x = 1 FROM u WHERE t.id = u.id', ['u'], [], []],
  ['SELECT * FROM a; SELECT * FROM b', ['a', 'b'], [], []],
  ['SELECT * FROM orders INDEXED BY idx WHERE 1', ['orders'], [], []],
  ['SELECT * FROM sqlite_schema', ['sqlite_schema'], [], []],
  ["SELECT * FROM 'unterminated", [], [], []],
  ['SELECT * FROM "unterminated', ['unterminated'], [], []],
  ['SELECT * FROM orders, ORDERS, "orders"', ['orders'], [], []],
  ['SELECT * FROM umsätze', ['umsätze'], [], []],
  ['', [], [], []]
];

describe('findSqlReferences', () => {
  it.each(CASES)('%s', (sql, tables, parameters, ctes) => {
    const references = findSqlReferences(sql);
    expect(references.tables.map((table) => table.name)).toEqual(tables);
    expect(references.parameters.map((parameter) => parameter.name)).toEqual(parameters);
    expect(references.ctes).toEqual(ctes);
  });

  it('gives offsets that point at the names', () => {
    const sql = 'SELECT * FROM "my table" WHERE c = @country';
    const { tables, parameters } = findSqlReferences(sql);
    expect(sql.slice(tables[0].offset, tables[0].offset + 8)).toBe('my table');
    expect(parameters[0]).toEqual({ name: 'country', prefix: '@', offset: sql.indexOf('@') });
  });

  it('reads a megabyte of SQL quickly', () => {
    const sql = "SELECT a, b FROM t WHERE x = :x AND y = 'text' -- note\n".repeat(20_000);
    const started = performance.now();
    expect(findSqlReferences(sql).tables).toEqual([{ name: 't', offset: 17 }]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('statementKind', () => {
  it.each([
    ['SELECT 1', 'read'],
    ['  -- a comment\n select * from orders;', 'read'],
    ['VALUES (1), (2)', 'read'],
    ['WITH x AS (SELECT 1) SELECT * FROM x', 'read'],
    ['WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r', 'read'],
    ['WITH x AS (SELECT 1) DELETE FROM orders WHERE id IN x', 'statement'],
    ['WITH x AS MATERIALIZED (SELECT 1), y AS (VALUES (2)) INSERT INTO t SELECT * FROM x', 'statement'],
    ['DELETE FROM orders', 'statement'],
    ['PRAGMA query_only = 0', 'statement'],
    ['EXPLAIN QUERY PLAN SELECT 1', 'statement'],
    ['SELECT 1; SELECT 2', 'script'],
    ['SELECT 1; DROP TABLE orders', 'script'],
    ["SELECT ';' AS semicolon", 'read'],
    ['SELECT 1 /* ; */ -- ;\n', 'read'],
    ['', 'empty'],
    ['  -- only a comment\n ; ;', 'empty']
  ] as const)('%j is %s', (sql, kind) => {
    expect(statementKind(sql)).toBe(kind);
  });
});

describe('withoutFinalSemicolons', () => {
  it('blanks the final semicolons only, keeping offsets and text in strings and comments', () => {
    expect(withoutFinalSemicolons('SELECT 1;')).toBe('SELECT 1 ');
    expect(withoutFinalSemicolons('SELECT 1; ; -- done;\n')).toBe('SELECT 1    -- done;\n');
    expect(withoutFinalSemicolons("SELECT ';'")).toBe("SELECT ';'");
    expect(withoutFinalSemicolons('SELECT 1 /* ; */')).toBe('SELECT 1 /* ; */');
  });
});

describe('tables a script creates', () => {
  it.each([
    [
      'CREATE TABLE IF NOT EXISTS kept (a); DELETE FROM kept WHERE a = 1; INSERT INTO kept SELECT a FROM src;',
      ['src']
    ],
    ['CREATE TEMP TABLE t AS SELECT * FROM orders; SELECT * FROM t JOIN main."T" USING (id)', ['orders']],
    ['CREATE VIEW main.v AS SELECT 1; SELECT * FROM v', []],
    ['DELETE FROM kept; CREATE TABLE other (a)', ['kept']],
    ['CREATE INDEX i ON orders (a); SELECT * FROM orders', ['orders']]
  ])('%s reads %j', (sql, tables) => {
    expect(findSqlReferences(sql).tables.map((table) => table.name)).toEqual(tables);
  });
});
