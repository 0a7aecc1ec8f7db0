/**
 * Predictive CLV as SQL functions (ANALYTICS.md §4.4), so that a notebook cell fits the models and later cells
 * use the fits like any other value, all inside the engine's worker:
 *
 *   SELECT bgnbd_fit(frequency, recency, T) AS bg, gg_fit(frequency, monetary_value) AS gg FROM summary
 *   SELECT customer_id, bgnbd_expected(bg, 52, frequency, recency, T) … FROM summary, fits
 *
 * A fit is JSON text: `{"ok":true,"r":…,"alpha":…,…}`, or `{"ok":false,"reason":"…"}` saying in plain words
 * why there is none; read it with `json_extract` or `->>`. The prediction functions take that text and give
 * NULL for a failed fit, so a notebook can fall back on historical value with `COALESCE`.
 *
 * Like every function in `sql-functions.ts`, none of these throws (a throw would abort the statement): a row
 * that is not a valid customer is left out of a fit and counted as `skipped`, and a prediction for one is NULL.
 * The penalized fits are separate names, not a second arity of the same name, following the registration
 * contract there (one arity per name, so a wrong argument count is an SQL error). The aggregates keep their
 * rows until the end and cannot be window functions (sql.js registers no xValue/xInverse).
 */
import {
  registerFunctions,
  type SqlAggregateFunction,
  type SqlArgument,
  type SqlFunctionHost,
  type SqlScalarFunction
} from '../sql-functions';
import { toSqlNumber, toSqlResult } from '../sql-arguments';
import {
  bgnbdExpectedPurchases,
  bgnbdProbabilityAlive,
  fitBgNbd,
  isBgNbdCustomer,
  type BgNbdParameters
} from './bgnbd';
import { discountedClv, toMonthlyDiscountRate, toTimeUnit } from './clv';
import type { FitSearch } from './optimise';
import { fitGammaGamma, gammaGammaExpectedSpend, type GammaGammaParameters } from './gamma-gamma';

/** The penalizer as the fits take it: NULL means none; anything else must be a number (checked by the fit). */
function toPenalizer(value: SqlArgument): number {
  return value === null ? 0 : (toSqlNumber(value) ?? NaN);
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

interface BgNbdState {
  x: number[];
  tx: number[];
  T: number[];
  skipped: number;
  /** From the first row, as a constant argument; undefined until then. */
  penalizer: number | undefined;
}

function bgnbdStep(state: BgNbdState, args: SqlArgument[], penalizer: SqlArgument): BgNbdState {
  if (state.penalizer === undefined) state.penalizer = toPenalizer(penalizer);
  const [x, tx, T] = args.map(toSqlNumber);
  if (x !== null && tx !== null && T !== null && isBgNbdCustomer(x, tx, T)) {
    state.x.push(x);
    state.tx.push(tx);
    state.T.push(T);
  } else {
    state.skipped += 1;
  }
  return state;
}

function bgnbdFinalize({ x, tx, T, skipped, penalizer }: BgNbdState): string {
  const fit = fitBgNbd(x, tx, T, { penalizer: penalizer ?? 0 });
  if (!fit.ok) {
    const reason =
      x.length === 0 && skipped > 0
        ? `None of the ${plural(skipped, 'row')} is a customer summary: frequency, recency and T must be ` +
          'numbers with 0 ≤ recency ≤ T.'
        : fit.reason;
    return JSON.stringify({ ok: false, model: 'bgnbd', reason, customers: x.length, skipped });
  }
  const warnings = [...fit.warnings];
  if (skipped > 0) warnings.unshift(skippedWarning(skipped, 'NULL, negative, or a recency beyond T'));
  return JSON.stringify({
    ok: true,
    model: 'bgnbd',
    ...fit.params,
    ...searchFields(fit),
    repeat_customers: fit.repeatCustomers,
    skipped,
    penalizer: fit.penalizer,
    warnings
  });
}

function skippedWarning(skipped: number, why: string): string {
  return `${plural(skipped, 'row')} left out: ${why}.`;
}

interface GammaGammaState {
  x: number[];
  m: number[];
  skipped: number;
  penalizer: number | undefined;
}

function gammaGammaStep(
  state: GammaGammaState,
  xArgument: SqlArgument,
  mArgument: SqlArgument,
  penalizer: SqlArgument
) {
  if (state.penalizer === undefined) state.penalizer = toPenalizer(penalizer);
  const [x, m] = [toSqlNumber(xArgument), toSqlNumber(mArgument)];
  if (x !== null && m !== null) {
    state.x.push(x);
    state.m.push(m);
  } else {
    state.skipped += 1;
  }
  return state;
}

function gammaGammaFinalize({ x, m, skipped, penalizer }: GammaGammaState): string {
  const fit = fitGammaGamma(x, m, { penalizer: penalizer ?? 0 });
  if (!fit.ok) {
    return JSON.stringify({
      ok: false,
      model: 'gamma_gamma',
      reason: fit.reason,
      customers: x.length,
      skipped
    });
  }
  const warnings = [...fit.warnings];
  if (skipped > 0)
    warnings.unshift(skippedWarning(skipped, 'a frequency or spend that is NULL or not a number'));
  return JSON.stringify({
    ok: true,
    model: 'gamma_gamma',
    ...fit.params,
    ...searchFields(fit),
    fitted_customers: fit.fittedCustomers,
    frequency_spend_correlation: fit.frequencySpendCorrelation,
    population_mean_spend: fit.populationMeanSpend,
    skipped,
    penalizer: fit.penalizer,
    warnings
  });
}

const bgnbdInit = (): BgNbdState => ({ x: [], tx: [], T: [], skipped: 0, penalizer: undefined });
const gammaGammaInit = (): GammaGammaState => ({ x: [], m: [], skipped: 0, penalizer: undefined });

const bgnbdFit: SqlAggregateFunction<BgNbdState> = {
  name: 'bgnbd_fit',
  arity: 3,
  description:
    'BG/NBD fit as JSON: bgnbd_fit(frequency, recency, T), repeat purchases and times in one unit; ' +
    '{"ok":false,"reason":…} when it cannot be fitted.',
  init: bgnbdInit,
  step: (state, x, tx, T) => bgnbdStep(state, [x, tx, T], null),
  finalize: bgnbdFinalize
};

const bgnbdFitPenalized: SqlAggregateFunction<BgNbdState> = {
  name: 'bgnbd_fit_penalized',
  arity: 4,
  description:
    'BG/NBD fit as JSON with lifetimes’ L2 penalizer (0.001–0.1 steadies small samples): ' +
    'bgnbd_fit_penalized(frequency, recency, T, penalizer).',
  init: bgnbdInit,
  step: (state, x, tx, T, penalizer) => bgnbdStep(state, [x, tx, T], penalizer),
  finalize: bgnbdFinalize
};

const ggFit: SqlAggregateFunction<GammaGammaState> = {
  name: 'gg_fit',
  arity: 2,
  description:
    'Gamma-Gamma spend fit as JSON on the rows with frequency > 0 and mean repeat spend > 0: ' +
    'gg_fit(frequency, monetary_value).',
  init: gammaGammaInit,
  step: (state, x, m) => gammaGammaStep(state, x, m, null),
  finalize: gammaGammaFinalize
};

const ggFitPenalized: SqlAggregateFunction<GammaGammaState> = {
  name: 'gg_fit_penalized',
  arity: 3,
  description:
    'Gamma-Gamma spend fit as JSON with lifetimes’ L2 penalizer: gg_fit_penalized(frequency, monetary_value, ' +
    'penalizer).',
  init: gammaGammaInit,
  step: (state, x, m, penalizer) => gammaGammaStep(state, x, m, penalizer),
  finalize: gammaGammaFinalize
};

export const CLV_AGGREGATE_FUNCTIONS: readonly SqlAggregateFunction<unknown>[] = [
  bgnbdFit,
  bgnbdFitPenalized,
  ggFit,
  ggFitPenalized
];

/**
 * The parameters in a fit's JSON text, or null for a failed fit, another model's fit or text that is not one.
 * Every row of a prediction passes the same text, so the last parse is kept.
 */
function parametersReader<P>(
  model: string,
  names: readonly (keyof P & string)[]
): (json: SqlArgument) => P | null {
  let lastText: string | null = null;
  let lastParameters: P | null = null;
  return (json) => {
    if (typeof json !== 'string') return null;
    if (json === lastText) return lastParameters;
    let parameters: P | null = null;
    try {
      const parsed: unknown = JSON.parse(json);
      if (typeof parsed === 'object' && parsed !== null) {
        const fit = parsed as Record<string, unknown>;
        const values = names.map((name) => fit[name]);
        const valid = values.every(
          (value) => typeof value === 'number' && value > 0 && Number.isFinite(value)
        );
        if (fit.ok === true && fit.model === model && valid) {
          parameters = Object.fromEntries(names.map((name, i) => [name, values[i]])) as P;
        }
      }
    } catch {
      parameters = null;
    }
    lastText = json;
    lastParameters = parameters;
    return parameters;
  };
}

const readBgNbd = parametersReader<BgNbdParameters>('bgnbd', ['r', 'alpha', 'a', 'b']);
const readGammaGamma = parametersReader<GammaGammaParameters>('gamma_gamma', ['p', 'q', 'gamma']);

/** Numbers from the arguments, or null when any is not one. */
function numbers(args: readonly SqlArgument[]): number[] | null {
  const values = args.map(toSqlNumber);
  return values.every((value) => value !== null) ? (values as number[]) : null;
}

/** x as a spend model reads it, and m̄, which may be NULL or anything when x = 0 (it is not used then). */
function frequencyAndSpend(xArgument: SqlArgument, mArgument: SqlArgument): [number, number] | null {
  const x = toSqlNumber(xArgument);
  if (x === null) return null;
  const m = toSqlNumber(mArgument);
  if (x === 0) return [0, m ?? 0];
  return m === null ? null : [x, m];
}

const bgnbdExpected: SqlScalarFunction = {
  name: 'bgnbd_expected',
  arity: 5,
  description:
    'Expected repeat purchases in the next t periods from a bgnbd_fit: bgnbd_expected(fit, t, frequency, ' +
    'recency, T).',
  apply(fit, t, x, tx, T) {
    const params = readBgNbd(fit);
    const values = numbers([t, x, tx, T]);
    if (params === null || values === null) return null;
    return toSqlResult(bgnbdExpectedPurchases(params, ...(values as [number, number, number, number])));
  }
};

const bgnbdPAlive: SqlScalarFunction = {
  name: 'bgnbd_p_alive',
  arity: 4,
  description:
    'Probability that the customer is still active, from a bgnbd_fit: bgnbd_p_alive(fit, frequency, recency, T).',
  apply(fit, x, tx, T) {
    const params = readBgNbd(fit);
    const values = numbers([x, tx, T]);
    if (params === null || values === null) return null;
    return toSqlResult(bgnbdProbabilityAlive(params, ...(values as [number, number, number])));
  }
};

const ggSpend: SqlScalarFunction = {
  name: 'gg_spend',
  arity: 3,
  description:
    'Expected average spend per purchase from a gg_fit: gg_spend(fit, frequency, monetary_value); the ' +
    'population mean when frequency = 0.',
  apply(fit, x, m) {
    const params = readGammaGamma(fit);
    const values = frequencyAndSpend(x, m);
    if (params === null || values === null) return null;
    return toSqlResult(gammaGammaExpectedSpend(params, ...values));
  }
};

const clvDiscounted: SqlScalarFunction = {
  name: 'clv_discounted',
  arity: 9,
  description:
    'Discounted CLV over whole months: clv_discounted(bg_fit, gg_fit, frequency, recency, T, monetary_value, ' +
    "horizon_months, monthly_discount, unit), unit 'day', 'week' or 'month'.",
  apply(bgFit, ggFit, x, tx, T, m, months, monthlyDiscount, unitName) {
    const purchases = readBgNbd(bgFit);
    const spending = readGammaGamma(ggFit);
    const customer = numbers([x, tx, T]);
    const spendInputs = frequencyAndSpend(x, m);
    const horizon = numbers([months, monthlyDiscount]);
    const unit = typeof unitName === 'string' ? toTimeUnit(unitName) : null;
    if (purchases === null || spending === null || customer === null || spendInputs === null) return null;
    if (horizon === null || unit === null) return null;
    const [frequency, recency, age] = customer;
    const spend = gammaGammaExpectedSpend(spending, ...spendInputs);
    return toSqlResult(
      discountedClv((t) => bgnbdExpectedPurchases(purchases, t, frequency, recency, age), spend, {
        months: horizon[0],
        monthlyDiscount: horizon[1],
        unit
      })
    );
  }
};

// SQLite has no portable power function: sql.js's legacy `power()` warns that it is deprecated, and its
// replacement exists only where SQLite's math functions are compiled in.
const monthlyDiscountRate: SqlScalarFunction = {
  name: 'monthly_discount_rate',
  arity: 1,
  description: 'The monthly discount rate that compounds to an annual one: (1 + annual)^(1/12) − 1.',
  apply(annual) {
    const rate = toSqlNumber(annual);
    return rate === null ? null : toSqlResult(toMonthlyDiscountRate(rate));
  }
};

export const CLV_SCALAR_FUNCTIONS: readonly SqlScalarFunction[] = [
  bgnbdExpected,
  bgnbdPAlive,
  ggSpend,
  clvDiscounted,
  monthlyDiscountRate
];

/** Registers the functions above on a sql.js database (the engine does, next to `registerSqlFunctions`). */
export function registerClvFunctions(db: SqlFunctionHost): void {
  registerFunctions(db, CLV_SCALAR_FUNCTIONS, CLV_AGGREGATE_FUNCTIONS, (error) =>
    JSON.stringify({ ok: false, reason: `The fit failed unexpectedly: ${String(error)}` })
  );
}

/** The fields both fits report about their search, under the names the JSON result gives them. */
function searchFields(
  fit: FitSearch & { logLikelihood: number; standardErrors: unknown; customers: number }
): Record<string, unknown> {
  return {
    ll: fit.logLikelihood,
    se: fit.standardErrors,
    iterations: fit.iterations,
    evaluations: fit.evaluations,
    newton_steps: fit.newtonSteps,
    converged: fit.converged,
    spread: fit.spread,
    starts: fit.starts,
    agreeing_starts: fit.agreeingStarts,
    customers: fit.customers
  };
}
