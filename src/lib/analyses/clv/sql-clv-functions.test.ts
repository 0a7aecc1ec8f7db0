import { readFileSync } from 'node:fs';
import initSqlJs, { type Database } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../../tests/support/shared-data';
import { registerSqlFunctions, type SqlArgument, type SqlFunctionHost } from '../sql-functions';
import { bgnbdExpectedPurchases, bgnbdProbabilityAlive, type BgNbdParameters } from './bgnbd';
import { CLV_AGGREGATE_FUNCTIONS, CLV_SCALAR_FUNCTIONS, registerClvFunctions } from './sql-clv-functions';

let db: Database;

beforeAll(async () => {
  const SQL = await initSqlJs();
  db = new SQL.Database();
  // As the engine will: the shared functions, then these. @types/sql.js 1.4 lacks create_aggregate.
  registerSqlFunctions(db as unknown as SqlFunctionHost);
  registerClvFunctions(db as unknown as SqlFunctionHost);
  db.run(`
    CREATE TABLE small (g TEXT, x, tx, T, m);
    INSERT INTO small VALUES
      ('a', 0, 0, 10, NULL), ('a', 1, 4, 10, 20), ('a', 2, 9, 12, 30), ('a', 3, 5, 12, 25), ('a', 0, 0, 3, 0),
      ('a', 4, 11, 12, 40), ('a', 1, 2, 8, 15), ('a', 0, 0, 12, NULL), ('a', 2, 3, 5, 22), ('a', 5, 12, 13, 18),
      ('b', 0, 0, 5, NULL), ('b', 0, 0, 6, NULL),
      ('bad', NULL, 0, 5, 1), ('bad', 'n/a', 0, 5, 1), ('bad', 2, 9, 5, 1), ('bad', -1, 0, 5, 1);
    CREATE TABLE empty (x, tx, T, m);
  `);
});

afterAll(() => db.close());

function value(sql: string): unknown {
  const [result] = db.exec(sql);
  return result.values[0][0];
}

function json(sql: string): Record<string, unknown> {
  return JSON.parse(String(value(sql)));
}

describe('registration', () => {
  it.each([...CLV_SCALAR_FUNCTIONS, ...CLV_AGGREGATE_FUNCTIONS].map((fn) => [fn.name, fn.arity]))(
    '%s takes exactly %d argument(s)',
    (name, arity) => {
      const args = (count: number) => Array.from({ length: count }, () => 'x').join(', ');
      expect(() => db.exec(`SELECT ${name}(${args(arity)}) FROM small`)).not.toThrow();
      expect(() => db.exec(`SELECT ${name}(${args(arity + 1)}) FROM small`)).toThrow(
        /wrong number of arguments/
      );
    }
  );

  it('has unique names and a description for every function', () => {
    const all = [...CLV_SCALAR_FUNCTIONS, ...CLV_AGGREGATE_FUNCTIONS];
    expect(new Set(all.map((fn) => fn.name)).size).toBe(all.length);
    for (const fn of all) expect(fn.description.length).toBeGreaterThan(10);
  });
});

describe('the fit aggregates', () => {
  it('say in plain words why there is no fit, instead of failing the statement', () => {
    expect(json('SELECT bgnbd_fit(x, tx, T) FROM empty')).toEqual({
      ok: false,
      model: 'bgnbd',
      reason: 'There are no customers to fit the model to.',
      customers: 0,
      skipped: 0
    });
    expect(json("SELECT bgnbd_fit(x, tx, T) FROM small WHERE g = 'b'")).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/No customer bought again/),
      customers: 2
    });
    expect(json("SELECT bgnbd_fit(x, tx, T) FROM small WHERE g = 'bad'")).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/None of the 4 rows is a customer summary/),
      skipped: 4
    });
    expect(json('SELECT gg_fit(x, m) FROM empty')).toMatchObject({
      ok: false,
      model: 'gamma_gamma',
      reason: expect.stringMatching(/No customer has bought again/)
    });
    expect(json("SELECT bgnbd_fit_penalized(x, tx, T, 'lots') FROM small")).toMatchObject({
      ok: false,
      reason: 'The penalizer must be a number of 0 or more.'
    });
  });

  it('fit one model per group and count the rows they leave out', () => {
    const [result] = db.exec(`
      SELECT g, bgnbd_fit_penalized(x, tx, T, 0.1) ->> 'ok', bgnbd_fit(x, tx, T) ->> 'skipped'
      FROM small GROUP BY g ORDER BY g`);
    expect(result.values).toEqual([
      ['a', 1, 0],
      ['b', 0, 0],
      ['bad', 0, 4]
    ]);
    const all = json('SELECT bgnbd_fit_penalized(x, tx, T, 0.1) FROM small');
    expect(all).toMatchObject({ ok: true, customers: 12, repeat_customers: 7, skipped: 4, penalizer: 0.1 });
    expect((all.warnings as string[])[0]).toBe('4 rows left out: NULL, negative, or a recency beyond T.');
  });

  it('read a NULL penalizer as none', () => {
    expect(value('SELECT bgnbd_fit_penalized(x, tx, T, NULL) = bgnbd_fit(x, tx, T) FROM small')).toBe(1);
    expect(value('SELECT gg_fit_penalized(x, m, NULL) = gg_fit(x, m) FROM small')).toBe(1);
  });
});

const cdnowSummary = sharedData('cdnow/cdnow_customers_summary_with_transactions.csv');

describe.runIf(cdnowSummary)('on lifetimes’ CDNOW summary', () => {
  beforeAll(() => {
    const rows = readFileSync(cdnowSummary as string, 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    db.run('CREATE TABLE cdnow (id INTEGER, frequency, recency, T, monetary_value)');
    const insert = db.prepare('INSERT INTO cdnow VALUES (?, ?, ?, ?, ?)');
    for (const row of rows) insert.run(row.split(',').map(Number));
    insert.free();
    db.run(`CREATE TABLE fits AS
      SELECT bgnbd_fit(frequency, recency, T) AS bg, gg_fit(frequency, monetary_value) AS gg FROM cdnow`);
  });

  it('fits both models in SQL, with the published parameters, as JSON columns', () => {
    const [result] = db.exec(`
      SELECT bg ->> 'ok', round(bg ->> 'r', 3), round(bg ->> 'alpha', 3), round(bg ->> 'a', 3),
             round(bg ->> 'b', 3), round(bg ->> 'll', 1), bg ->> 'customers', bg ->> 'repeat_customers',
             bg ->> 'converged', round(bg -> 'se' ->> 'alpha', 2),
             gg ->> 'ok', round(gg ->> 'p', 2), round(gg ->> 'q', 2), round(gg ->> 'gamma', 2),
             gg ->> 'fitted_customers', round(gg ->> 'frequency_spend_correlation', 4)
      FROM fits`);
    expect(result.values[0]).toEqual([
      1, 0.243, 4.414, 0.793, 2.426, -9582.4, 2357, 946, 1, 0.38,
      // γ is lifetimes' 15.45 on this summary, whose means are rounded to cents.
      1, 6.25, 3.74, 15.45, 946, 0.1139
    ]);
  });

  it('predicts per customer: lifetimes’ expected spend for customers 1–3 and CLV', () => {
    const [result] = db.exec(`
      SELECT gg_spend(gg, frequency, monetary_value),
             clv_discounted(bg, gg, frequency, recency, T, monetary_value, 12, 0.01, 'D')
      FROM cdnow, fits WHERE id <= 3 ORDER BY id`);
    // lifetimes' documentation: 24.658619, 18.911489, 35.170981, and CLV 140.096, 18.943, 38.181 (it leaves
    // `freq` at 'D' on this weekly data, hence the day unit here).
    expect(result.values.map(([spend]) => spend)).toEqual(
      [24.658619, 18.911489, 35.170981].map((expected) => expect.closeTo(expected, 4))
    );
    expect(result.values.map(([, clv]) => clv)).toEqual(
      [140.0962, 18.9435, 38.1806].map((expected) => expect.closeTo(expected, 3))
    );
  });

  it('gives the same predictions as the TypeScript functions, NULL for an impossible customer', () => {
    // The fit's JSON holds r, alpha, a and b (and more, which the functions ignore).
    const params = json('SELECT bg FROM fits') as unknown as BgNbdParameters;
    const [result] = db.exec(`
      SELECT bgnbd_expected(bg, 39, 2, 30.43, 38.86), bgnbd_p_alive(bg, 2, 30.43, 38.86),
             bgnbd_expected(bg, 39, '2', ' 30.43 ', 38.86), bgnbd_expected(bg, 39, 2, 40, 38.86),
             bgnbd_p_alive(bg, NULL, 0, 1)
      FROM fits`);
    expect(result.values[0]).toEqual([
      bgnbdExpectedPurchases(params, 39, 2, 30.43, 38.86),
      bgnbdProbabilityAlive(params, 2, 30.43, 38.86),
      bgnbdExpectedPurchases(params, 39, 2, 30.43, 38.86),
      null,
      null
    ]);
  });

  it('give NULL for a failed fit, another model’s fit or text that is not a fit', () => {
    const [result] = db.exec(`
      SELECT bgnbd_expected('{"ok":false,"reason":"x"}', 10, 1, 1, 2), bgnbd_expected(gg, 10, 1, 1, 2),
             bgnbd_p_alive('not json', 1, 1, 2), gg_spend(bg, 1, 10), gg_spend(NULL, 1, 10),
             clv_discounted(bg, gg, 1, 1, 2, 10, 12, 0.01, 'fortnight'),
             clv_discounted(bg, '{"ok":false}', 1, 1, 2, 10, 12, 0.01, 'W'),
             gg_spend(gg, 0, NULL) = gg ->> 'population_mean_spend'
      FROM fits`);
    expect(result.values[0]).toEqual([null, null, null, null, null, null, null, 1]);
  });
});

describe('monthly_discount_rate', () => {
  it('compounds to the annual rate, and is NULL at or below −100 %', () => {
    expect(value('SELECT monthly_discount_rate(0.1)')).toBeCloseTo(1.1 ** (1 / 12) - 1, 15);
    expect(value("SELECT monthly_discount_rate('0')")).toBe(0);
    expect(value('SELECT monthly_discount_rate(-1)')).toBeNull();
    expect(value('SELECT monthly_discount_rate(NULL)')).toBeNull();
  });
});

describe('the function definitions', () => {
  const hostile: SqlArgument[] = [null, 'abc', '', ' 2 ', new Uint8Array([1]), NaN, Infinity, -1, 0, 0.5, 3];
  const fits = [
    '{"ok":true,"model":"bgnbd","r":0.24,"alpha":4.4,"a":0.79,"b":2.4}',
    '{"ok":true,"model":"gamma_gamma","p":6.25,"q":3.74,"gamma":15.4}',
    '{"ok":false}',
    'week',
    null,
    2
  ];

  it.each(CLV_SCALAR_FUNCTIONS.map((fn) => [fn.name, fn]))(
    '%s never throws and returns only NULL or a finite number',
    (_name, fn) => {
      const random = mulberry(fn.arity);
      for (let trial = 0; trial < 3000; trial += 1) {
        const args = Array.from({ length: fn.arity }, (_, i) =>
          i < 2 && random() < 0.7
            ? fits[Math.floor(random() * fits.length)]
            : hostile[Math.floor(random() * hostile.length)]
        );
        const result = fn.apply(...args);
        expect(result === null || Number.isFinite(result), `${fn.name}(${args.join(', ')}) = ${result}`).toBe(
          true
        );
      }
    }
  );

  it.each(CLV_AGGREGATE_FUNCTIONS.map((fn) => [fn.name, fn]))(
    '%s never throws and always returns a fit or a reason as JSON',
    (_name, fn) => {
      let state = fn.init();
      for (const a of hostile)
        for (const b of hostile) state = fn.step(state, a, b, ...hostile.slice(0, fn.arity - 2));
      const result = JSON.parse(String(fn.finalize(state)));
      expect(typeof result.ok).toBe('boolean');
      if (!result.ok) expect(result.reason.length).toBeGreaterThan(10);
    }
  );
});

/** A seeded stream for the argument fuzz (mulberry32). */
function mulberry(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
