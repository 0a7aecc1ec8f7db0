/**
 * The statistics the analysis SQL may call, as plain data for the engine to register on every database
 * (ANALYTICS.md §0 and §12): sql.js's SQLite has no percentile, its legacy extension-functions `median` is wrong
 * on mixed integer/real input (1, 2.5, 3 gives 2), and `log` is natural with those legacy functions (the 1.16
 * default) but base 10 with SQLite's own math functions (`initSqlJs({ useOldExtensionFunctions: false })`).
 * `ln` is natural in both; registering ours keeps NULL-for-bad-input the same as every function here.
 *
 * A function that throws aborts the whole statement, so none of these ever does: a NULL, a blob, text that is
 * not a number, a non-finite number or an argument outside the domain gives NULL. Numeric-looking text
 * (' 2.5 ', '1e3') counts as its number, because CSV-imported columns are often TEXT.
 *
 * sql.js quirks this module is shaped by (sql.js 1.16, `src/api.js`):
 * - It takes the SQL arity from the JS function's `length` (`step.length − 1` for aggregates), so a rest
 *   parameter would register a zero-argument function; `registerSqlFunctions` sets `length` explicitly.
 * - Arguments arrive as JS numbers (integers through `sqlite3_value_double`, so beyond 2⁵³ they round), strings,
 *   Uint8Array or null, and functions are called with `this` = null; an aggregate's state is passed to `step`
 *   as its first argument and replaced by what `step` returns.
 * - A NaN result reaches SQL as NULL, and an infinite REAL reads back in JS as null; returning null says so.
 * - Aggregates have no xValue/xInverse, so they cannot be used with OVER (…): use them with GROUP BY.
 * - Functions are registered without SQLITE_DETERMINISTIC, so index expressions, partial-index WHERE clauses
 *   and generated columns refuse them ("non-deterministic functions prohibited").
 */
import { toCountryCode } from './countries';
import { toSqlNumber, toSqlResult } from './sql-arguments';
import { twoProportionZTest, wilsonInterval } from './stats/ab-test';
import { chiSquareSf, normCdf, normInv } from './stats/distributions';
import { percentileCont, percentileDisc } from './stats/percentile';
import { SURVIVAL_AGGREGATE_FUNCTIONS } from './survival-sql';

export type SqlArgument = number | string | Uint8Array | null;
export type SqlResult = number | string | null;

export interface SqlScalarFunction {
  name: string;
  arity: number;
  apply(...args: SqlArgument[]): SqlResult;
  /** One line for the SQL editor's completion and the docs. */
  description: string;
}

export interface SqlAggregateFunction<S> {
  name: string;
  arity: number;
  /** A fresh state for each group. */
  init(): S;
  step(state: S, ...args: SqlArgument[]): S;
  finalize(state: S): SqlResult;
  /** One line for the SQL editor's completion and the docs. */
  description: string;
}

/** The part of a sql.js `Database` that registration needs, typed structurally so this module stays engine-free. */
export interface SqlFunctionHost {
  create_function(name: string, fn: (...args: SqlArgument[]) => SqlResult): unknown;
  create_aggregate(
    name: string,
    functions: {
      init: () => unknown;
      step: (state: unknown, ...args: SqlArgument[]) => unknown;
      finalize: (state: unknown) => SqlResult;
    }
  ): unknown;
}

/**
 * A scalar of numeric arguments: NULL when any argument is not a number, or when `compute` throws or returns
 * null or a non-finite number.
 */
function numericScalar(
  name: string,
  description: string,
  arity: number,
  compute: (...args: number[]) => number | null
): SqlScalarFunction {
  return {
    name,
    arity,
    description,
    apply(...args) {
      const numbers = args.slice(0, arity).map(toSqlNumber);
      if (numbers.length < arity || numbers.some((number) => number === null)) return null;
      try {
        return toSqlResult(compute(...(numbers as number[])));
      } catch {
        return null;
      }
    }
  };
}

function twoProportion(pick: 'z' | 'pValue') {
  return (conversionsA: number, nA: number, conversionsB: number, nB: number): number | null =>
    twoProportionZTest({ conversionsA, nA, conversionsB, nB })[pick];
}

export const SQL_SCALAR_FUNCTIONS: readonly SqlScalarFunction[] = [
  numericScalar('norm_cdf', 'Standard normal CDF Φ(z).', 1, normCdf),
  numericScalar('norm_inv', 'Standard normal quantile Φ⁻¹(p), for 0 < p < 1.', 1, (p) =>
    p > 0 && p < 1 ? normInv(p) : null
  ),
  numericScalar(
    'chi2_sf',
    'Chi-square upper tail P(X > x) with df degrees of freedom: chi2_sf(x, df).',
    2,
    (x, df) => (df > 0 ? chiSquareSf(x, df) : null)
  ),
  numericScalar(
    'ln',
    'Natural logarithm; NULL for x ≤ 0. Use it, not log, whose base depends on how sql.js is initialised.',
    1,
    (x) => (x > 0 ? Math.log(x) : null)
  ),
  numericScalar(
    'two_prop_z',
    'Pooled two-proportion z (B − A): two_prop_z(conv_a, n_a, conv_b, n_b); NULL when the test is degenerate.',
    4,
    twoProportion('z')
  ),
  numericScalar(
    'two_prop_p',
    'Two-sided p of the pooled two-proportion z-test: two_prop_p(conv_a, n_a, conv_b, n_b).',
    4,
    twoProportion('pValue')
  ),
  numericScalar(
    'wilson_low',
    'Lower end of the 95 % Wilson interval of successes / n.',
    2,
    (successes, n) => wilsonInterval(successes, n)?.low ?? null
  ),
  numericScalar(
    'wilson_high',
    'Upper end of the 95 % Wilson interval of successes / n.',
    2,
    (successes, n) => wilsonInterval(successes, n)?.high ?? null
  ),
  {
    name: 'country_code',
    description:
      'ISO 3166-1 alpha-2 code of a country code, number or name in one of 14 languages (UK → GB, EIRE → IE, ' +
      'Deutschland → DE); ZZ for an unspecified value, NULL for one not recognised.',
    arity: 1,
    apply: (value) => (value instanceof Uint8Array ? null : toCountryCode(value))
  }
];

interface PercentileState {
  values: number[];
  /** undefined until the first row is seen; null when that row's p is not a number. */
  p: number | null | undefined;
}

/** An exact percentile aggregate whose p comes from the first row, as a constant argument would. */
function percentileAggregate(
  name: string,
  description: string,
  percentile: (values: number[], p: number) => number | null
): SqlAggregateFunction<PercentileState> {
  return {
    name,
    arity: 2,
    description,
    init: () => ({ values: [], p: undefined }),
    step(state, x, p) {
      if (state.p === undefined) state.p = toSqlNumber(p);
      const value = toSqlNumber(x);
      if (value !== null) state.values.push(value);
      return state;
    },
    finalize({ values, p }) {
      if (p == null || !(p >= 0 && p <= 1)) return null;
      return toSqlResult(percentile(values, p));
    }
  };
}

const medianExact: SqlAggregateFunction<number[]> = {
  name: 'median_exact',
  arity: 1,
  description: 'Exact median (interpolated); unlike median(), right on mixed integer and real values.',
  init: () => [],
  step(values, x) {
    const value = toSqlNumber(x);
    if (value !== null) values.push(value);
    return values;
  },
  finalize: (values) => toSqlResult(percentileCont(values, 0.5))
};

export const SQL_AGGREGATE_FUNCTIONS: readonly SqlAggregateFunction<unknown>[] = [
  percentileAggregate(
    'pct_cont',
    'Exact percentile with linear interpolation (numpy default): pct_cont(x, p), 0 ≤ p ≤ 1; NULL x ignored.',
    percentileCont
  ),
  percentileAggregate(
    'pct_disc',
    'Nearest-rank percentile, the value at rank ⌈p·n⌉: pct_disc(x, p), 0 ≤ p ≤ 1; NULL x ignored.',
    percentileDisc
  ),
  medianExact,
  ...SURVIVAL_AGGREGATE_FUNCTIONS
];

/** Gives `fn` the `length` sql.js reads as the SQL arity. */
function withLength<F extends (...args: never[]) => unknown>(fn: F, length: number): F {
  return Object.defineProperty(fn, 'length', { value: length });
}

/**
 * Registers every function above on a sql.js database. Call it once per `new SQL.Database()`: functions belong
 * to a connection and do not travel in an exported file.
 */
export function registerSqlFunctions(db: SqlFunctionHost): void {
  registerFunctions(db, SQL_SCALAR_FUNCTIONS, SQL_AGGREGATE_FUNCTIONS);
}

/**
 * Registers functions on a sql.js database so that none can break a query: a scalar that throws gives NULL, an
 * aggregate's step that throws skips the row, a finalize that throws gives `onFinalizeError` (NULL unless said).
 * The SQL arity is the declared one, set through `length`, which sql.js reads.
 */
export function registerFunctions(
  db: SqlFunctionHost,
  scalars: readonly SqlScalarFunction[],
  aggregates: readonly SqlAggregateFunction<unknown>[],
  onFinalizeError: (error: unknown) => SqlResult = () => null
): void {
  for (const scalar of scalars) {
    const call = (...args: SqlArgument[]): SqlResult => {
      try {
        return scalar.apply(...args);
      } catch {
        return null;
      }
    };
    db.create_function(scalar.name, withLength(call, scalar.arity));
  }
  for (const aggregate of aggregates) {
    const step = (state: unknown, ...args: SqlArgument[]): unknown => {
      try {
        return aggregate.step(state, ...args);
      } catch {
        return state;
      }
    };
    const finalize = (state: unknown): SqlResult => {
      try {
        return aggregate.finalize(state);
      } catch (error) {
        return onFinalizeError(error);
      }
    };
    db.create_aggregate(aggregate.name, {
      init: () => aggregate.init(),
      step: withLength(step, aggregate.arity + 1),
      finalize
    });
  }
}
