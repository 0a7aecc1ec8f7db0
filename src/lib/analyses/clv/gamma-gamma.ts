/**
 * The Gamma-Gamma model of spend per purchase (Fader & Hardie 2013; ANALYTICS.md §4.4): a customer's purchase
 * values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, so the expected mean spend of a customer blends
 * the population mean with their own mean m̄, weighted by their number of repeat purchases x. It describes
 * repeat purchases only (the first one is left out of m̄) and assumes spend does not depend on frequency.
 */
import { lgamma } from '../stats/distributions';
import {
  estimate,
  summariseFit,
  withinBox,
  withL2Penalty,
  type FitFailure,
  type FitSearch,
  type Objective
} from './optimise';

export interface GammaGammaParameters {
  p: number;
  q: number;
  /** γ, the scale of the spend distribution (lifetimes calls it v). */
  gamma: number;
}

/** Whether a customer enters the fit: at least one repeat purchase and a positive mean repeat value. */
export function isGammaGammaCustomer(x: number, m: number): boolean {
  return Number.isFinite(x) && Number.isFinite(m) && x > 0 && m > 0;
}

/** One customer's log-likelihood, as lifetimes writes it (`GammaGammaFitter._negative_log_likelihood`). */
export function gammaGammaCustomerLogLikelihood(
  { p, q, gamma }: GammaGammaParameters,
  x: number,
  m: number
): number {
  return (
    lgamma(p * x + q) -
    lgamma(p * x) -
    lgamma(q) +
    q * Math.log(gamma) +
    (p * x - 1) * Math.log(m) +
    p * x * Math.log(x) -
    (p * x + q) * Math.log(x * m + gamma)
  );
}

/**
 * The summed log-likelihood as a function of the parameters, for customers that pass `isGammaGammaCustomer`.
 * The terms in ln m̄ and ln x are sums fixed by the data, and the lnΓ terms depend on x alone, so per
 * evaluation only ln(x·m̄ + γ) is computed, once per distinct (x, m̄) (prices repeat: many share one).
 */
export function gammaGammaLogLikelihood(
  x: ArrayLike<number>,
  m: ArrayLike<number>
): (params: GammaGammaParameters) => number {
  const counts = new Map<number, number>();
  const pairs = new Map<string, number>();
  const pairX: number[] = [];
  const pairTotal: number[] = [];
  const pairWeight: number[] = [];
  let sumXLogM = 0;
  let sumLogM = 0;
  let sumXLogX = 0;
  for (let i = 0; i < x.length; i += 1) {
    counts.set(x[i], (counts.get(x[i]) ?? 0) + 1);
    sumXLogM += x[i] * Math.log(m[i]);
    sumLogM += Math.log(m[i]);
    sumXLogX += x[i] * Math.log(x[i]);
    const key = `${x[i]} ${m[i]}`;
    const pair = pairs.get(key);
    if (pair === undefined) {
      pairs.set(key, pairWeight.length);
      pairX.push(x[i]);
      pairTotal.push(x[i] * m[i]);
      pairWeight.push(1);
    } else {
      pairWeight[pair] += 1;
    }
  }
  const [xs, totals, weights] = [pairX, pairTotal, pairWeight].map((column) => Float64Array.from(column));
  const distinct = [...counts];
  const n = x.length;
  return ({ p, q, gamma }) => {
    let total = n * (q * Math.log(gamma) - lgamma(q)) + p * sumXLogM - sumLogM + p * sumXLogX;
    for (const [value, count] of distinct) total += count * (lgamma(p * value + q) - lgamma(p * value));
    for (let i = 0; i < weights.length; i += 1)
      total -= weights[i] * (p * xs[i] + q) * Math.log(totals[i] + gamma);
    return total;
  };
}

/** Pearson's r of two equally long series; NaN when either is constant. */
export function pearsonCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i += 1) {
    meanX += x[i] / n;
    meanY += y[i] / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i += 1) {
    sxy += (x[i] - meanX) * (y[i] - meanY);
    sxx += (x[i] - meanX) ** 2;
    syy += (y[i] - meanY) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

export interface GammaGammaFitOptions {
  /** lifetimes' L2 penalizer coefficient (0: none). */
  penalizer?: number;
}

export interface GammaGammaFitted extends FitSearch {
  ok: true;
  params: GammaGammaParameters;
  standardErrors: GammaGammaParameters | null;
  logLikelihood: number;
  /** Customers given to the fit, and those it used (x > 0 and m̄ > 0). */
  customers: number;
  fittedCustomers: number;
  /** Pearson's r of frequency and mean spend over the fitted customers: the model assumes it is near 0. */
  frequencySpendCorrelation: number | null;
  /** E[M] of a customer without repeat purchases: γp/(q − 1); null when q ≤ 1 (no finite mean). */
  populationMeanSpend: number | null;
  penalizer: number;
  warnings: string[];
}

export type GammaGammaFit = GammaGammaFitted | FitFailure;

/** A correlation of frequency and spend beyond this (in absolute value) is worth a warning. */
const CORRELATION_WARNING = 0.3;
const GG_NAMES = ['p', 'q', 'gamma'] as const;
const EXPLORE_CUSTOMERS = 10_000;
const SMALLEST = 1e-6;
const BOX = 1e8;
const PENALIZER_ADVICE =
  'More repeat buyers will steady it; so may a penalizer (lifetimes suggests 0.001 to 0.1).';
const LARGEST = 1e6;

/**
 * Maximum-likelihood Gamma-Gamma on the customers with x > 0 and m̄ > 0 among (x[i], m[i]); the others are left
 * out, as CLVTools' `remove.first.transaction` and lifetimes' documentation do. The penalty is lifetimes',
 * on p, q and γ in the data's money unit.
 */
export function fitGammaGamma(
  x: ArrayLike<number>,
  m: ArrayLike<number>,
  options: GammaGammaFitOptions = {}
): GammaGammaFit {
  const penalizer = options.penalizer ?? 0;
  const customers = x.length;
  if (!(penalizer >= 0) || !Number.isFinite(penalizer)) {
    return { ok: false, reason: 'The penalizer must be a number of 0 or more.', customers };
  }
  const frequency: number[] = [];
  const spend: number[] = [];
  for (let i = 0; i < customers; i += 1) {
    if (!isGammaGammaCustomer(x[i], m[i])) continue;
    frequency.push(x[i]);
    spend.push(m[i]);
  }
  const fittedCustomers = frequency.length;
  if (fittedCustomers < 2) {
    return {
      ok: false,
      reason:
        `${fittedCustomers === 0 ? 'No customer has' : 'Only one customer has'} bought again with a positive ` +
        'average spend; spend per purchase needs several repeat buyers to be modelled.',
      customers
    };
  }
  const logLikelihood = gammaGammaLogLikelihood(frequency, spend);
  const fromLogs = (v: readonly number[]): GammaGammaParameters => ({
    p: Math.exp(v[0]),
    q: Math.exp(v[1]),
    gamma: Math.exp(v[2])
  });
  // E[M] = γp/(q − 1): each start puts the population mean at the sample mean. γ is in money, so it is judged
  // (and boxed) relative to the mean spend: yen and euros must give the same verdict.
  const meanSpend = spend.reduce((sum, value) => sum + value, 0) / fittedCustomers;
  const starts = [
    [1, 2],
    [5, 4],
    [0.5, 10]
  ].map(([p, q]) => [Math.log(p), Math.log(q), Math.log((meanSpend * (q - 1)) / p)]);
  // As for BG/NBD, the starts explore on every k-th of at most EXPLORE_CUSTOMERS customers.
  const stride = Math.ceil(fittedCustomers / EXPLORE_CUSTOMERS);
  const boxed = (of: (params: GammaGammaParameters) => number, count: number) =>
    withinBox(
      withL2Penalty((v) => -of(fromLogs(v)) / count, penalizer),
      Math.log(BOX),
      [0, 0, Math.log(meanSpend)]
    );
  const objective = boxed(logLikelihood, fittedCustomers);
  let explore: Objective | undefined;
  if (stride > 1) {
    const every = (values: number[]) => values.filter((_, i) => i % stride === 0);
    const thinnedFrequency = every(frequency);
    explore = boxed(gammaGammaLogLikelihood(thinnedFrequency, every(spend)), thinnedFrequency.length);
  }
  const minimum = estimate(objective, starts, { explore });
  const params = fromLogs(minimum.x);
  const relative = { ...params, gamma: params.gamma / meanSpend };
  const extreme = GG_NAMES.find((name) => !(relative[name] > SMALLEST && relative[name] < LARGEST));
  if (extreme !== undefined) {
    return {
      ok: false,
      reason:
        `The spend model ran off to an extreme ${extreme === 'gamma' ? 'γ' : extreme} ` +
        `(${params[extreme].toPrecision(3)}): these data cannot pin it down, typically because repeat buyers ` +
        `are too few or spend nearly the same. ${PENALIZER_ADVICE}`,
      customers
    };
  }
  if (!minimum.converged || !Number.isFinite(minimum.value)) {
    return {
      ok: false,
      reason: `The spend model did not settle after ${minimum.iterations} steps. ${PENALIZER_ADVICE}`,
      customers
    };
  }
  const { search, errors, warnings } = summariseFit(minimum, fittedCustomers);
  const correlation = pearsonCorrelation(frequency, spend);
  const populationMeanSpend = params.q > 1 ? (params.gamma * params.p) / (params.q - 1) : null;
  const vague = GG_NAMES.filter((name, i) => errors !== null && errors[i] > params[name]);
  if (vague.length > 0) {
    warnings.push(
      `The data say little about ${vague.map((name) => (name === 'gamma' ? 'γ' : name)).join(' and ')} ` +
        '(standard errors larger than the values).'
    );
  }
  if (Math.abs(correlation) > CORRELATION_WARNING) {
    warnings.push(
      `Frequency and spend are correlated (r = ${correlation.toFixed(2)}); the model assumes they are not, ` +
        'so its spend forecasts lean towards the average.'
    );
  }
  if (populationMeanSpend === null) {
    warnings.push('q ≤ 1: the average spend of a customer without repeat purchases has no finite value.');
  }
  return {
    ok: true,
    params,
    standardErrors: errors && { p: errors[0], q: errors[1], gamma: errors[2] },
    logLikelihood: logLikelihood(params),
    ...search,
    customers,
    fittedCustomers,
    frequencySpendCorrelation: Number.isFinite(correlation) ? correlation : null,
    populationMeanSpend,
    penalizer,
    warnings
  };
}

/**
 * E[M | x, m̄] = (1 − w)·γp/(q − 1) + w·m̄ with w = px/(px + q − 1) (lifetimes'
 * `conditional_expected_average_profit`): the population mean for x = 0, the customer's own mean as x grows.
 * NaN when q ≤ 1 (the population mean is infinite) or x < 0; m̄ is not read when x = 0.
 */
export function gammaGammaExpectedSpend({ p, q, gamma }: GammaGammaParameters, x: number, m: number): number {
  if (!(q > 1) || !(x >= 0) || !Number.isFinite(x)) return NaN;
  const populationMean = (gamma * p) / (q - 1);
  if (x === 0) return populationMean;
  if (!Number.isFinite(m)) return NaN;
  const weight = (p * x) / (p * x + q - 1);
  return (1 - weight) * populationMean + weight * m;
}
