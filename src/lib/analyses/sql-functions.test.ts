import initSqlJs, { type Database } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  registerSqlFunctions,
  SQL_AGGREGATE_FUNCTIONS,
  SQL_SCALAR_FUNCTIONS,
  type SqlArgument,
  type SqlFunctionHost
} from './sql-functions';

let db: Database;

beforeAll(async () => {
  const SQL = await initSqlJs();
  db = new SQL.Database();
  // @types/sql.js 1.4 does not declare create_aggregate, which sql.js itself has had since 1.6.
  registerSqlFunctions(db as unknown as SqlFunctionHost);
  db.run(`
    CREATE TABLE t (g TEXT, x);
    INSERT INTO t VALUES
      ('a', 1), ('b', 10), ('a', 2.5), ('b', NULL), ('a', 3), ('b', 30), ('b', 20), ('c', NULL),
      ('d', '10'), ('d', ' 20 '), ('d', 'n/a'), ('d', X'01'), ('e', 3000000000), ('e', 3000000002);
    CREATE TABLE empty (x);
  `);
});

afterAll(() => db.close());

/** The single value of a one-row, one-column query. */
function value(sql: string): unknown {
  const [result] = db.exec(sql);
  return result.values[0][0];
}

function rows(sql: string): unknown[][] {
  const [result] = db.exec(sql);
  return result?.values ?? [];
}

describe('scalar SQL functions, called through sql.js', () => {
  it.each<[string, number | null, number?]>([
    ['norm_cdf(1.96)', 0.9750021048517795, 1e-7],
    // The Numerical Recipes erfc is 1.5e-8 off at 0, within its documented 1.2e-7.
    ['norm_cdf(0)', 0.5, 1.2e-7],
    ['norm_cdf(-3)', 0.0013498980316300933, 1e-9],
    ["norm_cdf('1.96')", 0.9750021048517795, 1e-7],
    ["norm_cdf(' -0 ')", 0.5, 1.2e-7],
    ["norm_cdf('abc')", null],
    ["norm_cdf('')", null],
    ["norm_cdf('0x10')", null],
    ['norm_cdf(NULL)', null],
    ["norm_cdf(X'3130')", null],
    ['norm_cdf(1e999)', null],
    ['norm_inv(0.975)', 1.959963984540054, 1e-8],
    ['norm_inv(0.8)', 0.8416212335729143, 1e-8],
    ['norm_inv(0.000001)', -4.753424308822899, 1e-8],
    ['norm_inv(0)', null],
    ['norm_inv(1)', null],
    ['norm_inv(2)', null],
    ['chi2_sf(16, 2)', 3.354626279025119e-4, 1e-12],
    ['chi2_sf(0.24, 1)', 0.624206114766406, 1e-10],
    ['chi2_sf(-1, 2)', 1],
    ['chi2_sf(16, 0)', null],
    ['chi2_sf(NULL, 2)', null],
    ['ln(1)', 0],
    ['ln(2.718281828459045)', 1, 1e-15],
    ["ln('10')", Math.log(10), 1e-15],
    ['ln(0)', null],
    ['ln(-1)', null],
    ['ln(NULL)', null],
    ["ln('ten')", null],
    ['two_prop_p(99, 294, 126, 306)', 0.05772952560910479, 1e-6],
    ['two_prop_z(99, 294, 126, 306)', 1.897746183300204, 1e-12],
    ['two_prop_z(126, 306, 99, 294)', -1.897746183300204, 1e-12],
    ['two_prop_p(0, 10, 0, 10)', null],
    ['two_prop_p(10, 10, 10, 10)', null],
    ['two_prop_p(0, 0, 1, 10)', null],
    ['two_prop_z(11, 10, 1, 10)', null],
    ["two_prop_p('x', 10, 1, 10)", null],
    ['wilson_low(99, 294)', 0.2851277221070705, 1e-9],
    ['wilson_high(99, 294)', 0.392553147506875, 1e-9],
    ['wilson_low(0, 10)', 0],
    ['wilson_high(10, 10)', 1],
    ['wilson_low(0, 0)', null],
    ['wilson_high(5, 4)', null],
    ['wilson_low(-1, 4)', null]
  ])('SELECT %s → %s', (expression, expected, tolerance = 0) => {
    const actual = value(`SELECT ${expression}`);
    if (expected === null) expect(actual).toBeNull();
    else expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance);
  });

  it('takes integer SQL expressions, such as counts, as arguments', () => {
    const p = value(`
      WITH arms(variant, n, conversions) AS (VALUES ('A', 294, 99), ('B', 306, 126))
      SELECT two_prop_p(a.conversions, a.n, b.conversions, b.n)
      FROM arms a JOIN arms b ON a.variant = 'A' AND b.variant = 'B'`);
    expect(p).toBeCloseTo(0.0577, 4);
  });

  it.each(SQL_SCALAR_FUNCTIONS.map((fn) => [fn.name, fn.arity]))(
    '%s is registered with exactly %d argument(s)',
    (name, arity) => {
      const args = (count: number) => Array.from({ length: count }, () => '0.5').join(', ');
      expect(() => db.exec(`SELECT ${name}(${args(arity)})`)).not.toThrow();
      expect(() => db.exec(`SELECT ${name}(${args(arity + 1)})`)).toThrow(/wrong number of arguments/);
    }
  );
});

describe('aggregate SQL functions, called through sql.js', () => {
  it.each<[string, unknown[][]]>([
    // Group a is 1, 2.5, 3 (mixed integer and real); b is 10, NULL, 30, 20; c only NULL;
    // d is '10', ' 20 ', 'n/a', a blob (two numeric texts); e two integers beyond 2³¹.
    [
      'SELECT g, median_exact(x) FROM t GROUP BY g ORDER BY g',
      [
        ['a', 2.5],
        ['b', 20],
        ['c', null],
        ['d', 15],
        ['e', 3000000001]
      ]
    ],
    [
      'SELECT g, pct_cont(x, 0.25), pct_disc(x, 0.25) FROM t GROUP BY g ORDER BY g',
      [
        ['a', 1.75, 1],
        ['b', 15, 10],
        ['c', null, null],
        ['d', 12.5, 10],
        ['e', 3000000000.5, 3000000000]
      ]
    ],
    ["SELECT pct_cont(x, 0.5) FROM t WHERE g = 'b'", [[20]]],
    ["SELECT pct_cont(x, 1) FROM t WHERE g IN ('a', 'b')", [[30]]],
    ["SELECT pct_cont(x, 0) FROM t WHERE g IN ('a', 'b')", [[1]]],
    ["SELECT pct_disc(x, 0.5) FROM t WHERE g = 'b'", [[20]]],
    ['SELECT pct_cont(x, 0.5), pct_disc(x, 0.5), median_exact(x) FROM empty', [[null, null, null]]],
    [
      "SELECT pct_cont(x, 1.5), pct_cont(x, -0.1), pct_cont(x, NULL), pct_cont(x, 'half') FROM t",
      [[null, null, null, null]]
    ],
    ["SELECT pct_cont(x, '0.5') FROM t WHERE g = 'a'", [[2.5]]],
    ['SELECT median_exact(DISTINCT x) FROM (SELECT 1 AS x UNION ALL SELECT 1 UNION ALL SELECT 4)', [[2.5]]],
    ["SELECT median_exact(x) FILTER (WHERE x > 2) FROM t WHERE g = 'a'", [[2.75]]]
  ])('%s', (sql, expected) => {
    expect(rows(sql)).toEqual(expected);
  });

  it.each([
    ['VALUES (1, 0), (2, 1), (3, 1)', 1],
    ['VALUES (1, 1), (2, 0), (3, 0)', 3],
    ['VALUES (1, NULL), (2, 0.5), (3, 0.5)', null]
  ])('takes p from the first row: %s → %s', (values, expected) => {
    // A plain VALUES scan is the one row order SQLite guarantees without ORDER BY.
    expect(value(`SELECT pct_cont(column1, column2) FROM (${values})`)).toBe(expected);
  });

  it('keeps the state of several aggregates, groups and nested queries apart', () => {
    const sql = `
      SELECT g, pct_cont(x, 0.25), pct_cont(x, 0.75), median_exact(x),
             (SELECT median_exact(x) FROM t AS inner_t WHERE inner_t.g = 'b')
      FROM t WHERE g IN ('a', 'b') GROUP BY g ORDER BY g`;
    const expected = [
      ['a', 1.75, 2.75, 2.5, 20],
      ['b', 15, 25, 20, 20]
    ];
    expect(rows(sql)).toEqual(expected);
    // A second run starts from fresh states: nothing is left over from the first.
    expect(rows(sql)).toEqual(expected);
  });

  it('cannot be used as a window function: sql.js registers no xValue/xInverse', () => {
    expect(() => db.exec('SELECT pct_cont(x, 0.5) OVER () FROM t')).toThrow(/window function/);
  });

  it.each(SQL_AGGREGATE_FUNCTIONS.map((fn) => [fn.name, fn.arity]))(
    '%s is registered with exactly %d argument(s)',
    (name, arity) => {
      const args = (count: number) => ['x', '0.5', '0.5', '0.5'].slice(0, count).join(', ');
      expect(() => db.exec(`SELECT ${name}(${args(arity)}) FROM t`)).not.toThrow();
      expect(() => db.exec(`SELECT ${name}(${args(arity + 1)}) FROM t`)).toThrow(/wrong number of arguments/);
    }
  );
});

describe('the function definitions', () => {
  const hostile: SqlArgument[] = [
    null,
    'abc',
    '',
    ' ',
    '1e400',
    new Uint8Array([1, 2]),
    NaN,
    Infinity,
    -1,
    0,
    0.5,
    2
  ];

  /** Every combination of `count` hostile arguments. */
  function combinations(count: number): SqlArgument[][] {
    if (count === 0) return [[]];
    return combinations(count - 1).flatMap((rest) => hostile.map((argument) => [argument, ...rest]));
  }

  const numeric = SQL_SCALAR_FUNCTIONS.filter((fn) => fn.name !== 'country_code');
  it.each(numeric.map((fn) => [fn.name, fn]))(
    '%s never throws and returns only NULL or a finite number',
    (_name, fn) => {
      for (const args of combinations(fn.arity)) {
        const result = fn.apply(...args);
        expect(result === null || Number.isFinite(result), `${fn.name}(${args.join(', ')}) = ${result}`).toBe(
          true
        );
      }
    }
  );

  it('country_code never throws and returns only NULL or a two-letter code', () => {
    const country = SQL_SCALAR_FUNCTIONS.find((fn) => fn.name === 'country_code');
    if (country === undefined) throw new Error('country_code is not defined');
    for (const [value] of combinations(1)) {
      const result = country.apply(value);
      expect(result === null || /^[A-Z]{2}$/.test(String(result)), `country_code(${value}) = ${result}`).toBe(
        true
      );
    }
    expect(
      ['UK', 'Deutschland', 'Unspecified', 'West Indies', 826].map((value) => country.apply(value))
    ).toEqual(['GB', 'DE', 'ZZ', null, 'GB']);
  });

  it.each(SQL_AGGREGATE_FUNCTIONS.map((fn) => [fn.name, fn]))(
    '%s never throws and returns only NULL, a finite number or JSON text',
    (_name, fn) => {
      const isJson = (result: unknown) => {
        try {
          return typeof result === 'string' && (JSON.parse(result), true);
        } catch {
          return false;
        }
      };
      const isNullOrFinite = (result: unknown) =>
        result === null || Number.isFinite(result) || isJson(result);
      let everything = fn.init();
      for (const args of combinations(fn.arity)) {
        // One group of two identical rows per combination, and one group of all rows together.
        const state = fn.step(fn.step(fn.init(), ...args), ...args);
        expect(isNullOrFinite(fn.finalize(state)), `${fn.name}(${args.join(', ')})`).toBe(true);
        everything = fn.step(everything, ...args);
      }
      expect(isNullOrFinite(fn.finalize(everything))).toBe(true);
    }
  );

  it('has unique names and a description for every function', () => {
    const all = [...SQL_SCALAR_FUNCTIONS, ...SQL_AGGREGATE_FUNCTIONS];
    expect(new Set(all.map((fn) => fn.name)).size).toBe(all.length);
    for (const fn of all) expect(fn.description.length).toBeGreaterThan(10);
  });
});
