/**
 * The BG/NBD model (Fader, Hardie & Lee 2005; ANALYTICS.md §4.4): while alive a customer buys as a Poisson
 * process with rate λ ~ Gamma(r, α), and after each repeat purchase drops out with probability p ~ Beta(a, b).
 * Per customer it needs the repeat-purchase count x, the recency t_x (first to last purchase) and the age T
 * (first purchase to the end of calibration), in one time unit.
 *
 * The fit has to handle 100,000 customers in well under 2 s in a browser worker, so the likelihood is written
 * for speed: customers with identical (x, t_x, T) are merged with a weight; terms that depend on x alone (the
 * lnΓ differences), on T alone or on t_x alone are computed once per distinct value; and only the repeat
 * buyers' distinct triples need a transcendental pair (exp and log1p) per evaluation.
 */
import { lgamma } from '../stats/distributions';
import { hyp2f1 } from './hyp2f1';
import {
  estimate,
  summariseFit,
  withinBox,
  withL2Penalty,
  type FitFailure,
  type FitSearch
} from './optimise';

export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

const PARAMETER_NAMES = ['r', 'alpha', 'a', 'b'] as const;

/** One customer's log-likelihood, term by term as lifetimes writes it (ANALYTICS.md §4.4). */
export function bgnbdCustomerLogLikelihood(
  { r, alpha, a, b }: BgNbdParameters,
  x: number,
  tx: number,
  T: number
): number {
  const a1 = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
  const a2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 = Math.log(a) - Math.log(b + Math.max(x, 1) - 1) - (r + x) * Math.log(alpha + tx);
  if (x === 0) return a1 + a2 + a3;
  const top = Math.max(a3, a4);
  return a1 + a2 + top + Math.log(Math.exp(a3 - top) + Math.exp(a4 - top));
}

/** Whether (x, t_x, T) can be a customer's summary: x ≥ 0 and 0 ≤ t_x ≤ T, all finite. */
export function isBgNbdCustomer(x: number, tx: number, T: number): boolean {
  return Number.isFinite(x) && Number.isFinite(tx) && Number.isFinite(T) && x >= 0 && tx >= 0 && tx <= T;
}

/** Customers merged by distinct (x, t_x, T), with the per-value tables the fast likelihood reads. */
interface Sample {
  customers: number;
  repeatCustomers: number;
  maxAge: number;
  /** Σ x over customers. */
  purchases: number;
  /** Σ T over customers. */
  exposure: number;
  xValues: Float64Array;
  /** Customers with each x. */
  xWeights: Float64Array;
  ageValues: Float64Array;
  /** Customers with each T, and Σ x over them. */
  ageWeights: Float64Array;
  ageFrequency: Float64Array;
  recencyValues: Float64Array;
  /** Distinct triples with x > 0: indices into the value tables, and how many customers share each. */
  tripleX: Int32Array;
  tripleAge: Int32Array;
  tripleRecency: Int32Array;
  tripleWeight: Float64Array;
}

function indexer(): { index: (value: number) => number; values: () => Float64Array } {
  const positions = new Map<number, number>();
  const seen: number[] = [];
  return {
    index(value) {
      let position = positions.get(value);
      if (position === undefined) {
        position = seen.length;
        positions.set(value, position);
        seen.push(value);
      }
      return position;
    },
    values: () => Float64Array.from(seen)
  };
}

/** Builds the merged sample; the arrays must be valid customers (`isBgNbdCustomer`) of equal length. */
function toSample(x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>): Sample {
  const xs = indexer();
  const ages = indexer();
  const recencies = indexer();
  const xIndex = new Int32Array(x.length);
  const ageIndex = new Int32Array(x.length);
  const recencyIndex = new Int32Array(x.length);
  const xWeights: number[] = [];
  const ageWeights: number[] = [];
  const ageFrequency: number[] = [];
  let repeatCustomers = 0;
  let maxAge = 0;
  let purchases = 0;
  let exposure = 0;
  for (let i = 0; i < x.length; i += 1) {
    const xi = (xIndex[i] = xs.index(x[i]));
    const ai = (ageIndex[i] = ages.index(T[i]));
    xWeights[xi] = (xWeights[xi] ?? 0) + 1;
    ageWeights[ai] = (ageWeights[ai] ?? 0) + 1;
    ageFrequency[ai] = (ageFrequency[ai] ?? 0) + x[i];
    maxAge = Math.max(maxAge, T[i]);
    purchases += x[i];
    exposure += T[i];
    if (x[i] > 0) {
      repeatCustomers += 1;
      recencyIndex[i] = recencies.index(tx[i]);
    }
  }
  const xValues = xs.values();
  const ageValues = ages.values();
  const recencyValues = recencies.values();
  // A number key is much faster than a string; it is exact while the product of the counts stays below 2⁵³.
  const exact = xValues.length * ageValues.length * recencyValues.length < Number.MAX_SAFE_INTEGER;
  const triples = new Map<number | string, number>();
  const tripleX: number[] = [];
  const tripleAge: number[] = [];
  const tripleRecency: number[] = [];
  const tripleWeight: number[] = [];
  for (let i = 0; i < x.length; i += 1) {
    if (!(x[i] > 0)) continue;
    const [xi, ai, ri] = [xIndex[i], ageIndex[i], recencyIndex[i]];
    const key = exact ? (xi * ageValues.length + ai) * recencyValues.length + ri : `${xi},${ai},${ri}`;
    const triple = triples.get(key);
    if (triple === undefined) {
      triples.set(key, tripleWeight.length);
      tripleX.push(xi);
      tripleAge.push(ai);
      tripleRecency.push(ri);
      tripleWeight.push(1);
    } else {
      tripleWeight[triple] += 1;
    }
  }
  return {
    customers: x.length,
    repeatCustomers,
    maxAge,
    purchases,
    exposure,
    xValues,
    xWeights: Float64Array.from(xWeights),
    ageValues,
    ageWeights: Float64Array.from(ageWeights),
    ageFrequency: Float64Array.from(ageFrequency),
    recencyValues,
    tripleX: Int32Array.from(tripleX),
    tripleAge: Int32Array.from(tripleAge),
    tripleRecency: Int32Array.from(tripleRecency),
    tripleWeight: Float64Array.from(tripleWeight)
  };
}

/** The summed log-likelihood of the sample as a function of the parameters, with its scratch tables reused. */
function logLikelihoodOf(sample: Sample): (params: BgNbdParameters) => number {
  const logAge = new Float64Array(sample.ageValues.length);
  const logRecency = new Float64Array(sample.recencyValues.length);
  const logOdds = new Float64Array(sample.xValues.length);
  return ({ r, alpha, a, b }) => {
    let total = sample.customers * r * Math.log(alpha);
    const lgammaR = lgamma(r);
    const lgammaB = lgamma(b);
    const lgammaAB = lgamma(a + b);
    const logA = Math.log(a);
    for (let i = 0; i < sample.xValues.length; i += 1) {
      const x = sample.xValues[i];
      if (x > 0) {
        total +=
          sample.xWeights[i] *
          (lgamma(r + x) - lgammaR + lgammaAB + lgamma(b + x) - lgammaB - lgamma(a + b + x));
      }
      logOdds[i] = logA - Math.log(b + Math.max(x, 1) - 1);
    }
    for (let i = 0; i < sample.ageValues.length; i += 1) {
      logAge[i] = Math.log(alpha + sample.ageValues[i]);
      total -= logAge[i] * (r * sample.ageWeights[i] + sample.ageFrequency[i]);
    }
    for (let i = 0; i < sample.recencyValues.length; i += 1) {
      logRecency[i] = Math.log(alpha + sample.recencyValues[i]);
    }
    const { tripleX, tripleAge, tripleRecency, tripleWeight, xValues } = sample;
    let mixture = 0;
    for (let i = 0; i < tripleWeight.length; i += 1) {
      const xi = tripleX[i];
      // ln(e^A3 + e^A4) − A3 = softplus(A4 − A3).
      const d = logOdds[xi] + (r + xValues[xi]) * (logAge[tripleAge[i]] - logRecency[tripleRecency[i]]);
      mixture += tripleWeight[i] * (d > 0 ? d + Math.log1p(Math.exp(-d)) : Math.log1p(Math.exp(d)));
    }
    return total + mixture;
  };
}

/**
 * The summed log-likelihood of customers (x[i], tx[i], T[i]) as a function of the parameters, computed the fast
 * way the fit uses; build it once and call it often.
 */
export function bgnbdLogLikelihood(
  x: ArrayLike<number>,
  tx: ArrayLike<number>,
  T: ArrayLike<number>
): (params: BgNbdParameters) => number {
  return logLikelihoodOf(toSample(x, tx, T));
}

export interface BgNbdFitOptions {
  /** lifetimes' L2 penalizer coefficient (0: none). */
  penalizer?: number;
}

export interface BgNbdFitted extends FitSearch {
  ok: true;
  params: BgNbdParameters;
  /** Delta-method standard errors; null when the likelihood is too flat at the optimum to give them. */
  standardErrors: BgNbdParameters | null;
  /** Without the penalty, in the data's time unit. */
  logLikelihood: number;
  customers: number;
  repeatCustomers: number;
  penalizer: number;
  /** Plain-words cautions that do not invalidate the fit. */
  warnings: string[];
}

export type BgNbdFit = BgNbdFitted | FitFailure;

function fromLogs(v: readonly number[]): BgNbdParameters {
  return { r: Math.exp(v[0]), alpha: Math.exp(v[1]), a: Math.exp(v[2]), b: Math.exp(v[3]) };
}

/** Every `stride`-th customer. */
function strided(
  stride: number,
  ...columns: ArrayLike<number>[]
): [Float64Array, Float64Array, Float64Array] {
  const [x, tx, T] = columns.map((column) => {
    const picked = new Float64Array(Math.ceil(column.length / stride));
    for (let i = 0; i < picked.length; i += 1) picked[i] = column[i * stride];
    return picked;
  });
  return [x, tx, T];
}

const EXPLORE_CUSTOMERS = 10_000;
/** A thinned sample with fewer repeat buyers than this is too noisy to explore on. */
const EXPLORE_REPEAT_CUSTOMERS = 500;

/**
 * Natural parameters (α on the rescaled clock) beyond these mean the optimum is at the edge of the parameter
 * space, not inside it; the search itself stays within 10⁻⁸ … 10⁸ (`withinBox`).
 */
const SMALLEST = 1e-6;
const LARGEST = 1e6;
const BOX = 1e8;
const PENALIZER_ADVICE =
  'More customers who bought again will steady it; so may a penalizer (lifetimes suggests 0.001 to 0.1).';

/**
 * Maximum-likelihood BG/NBD on the customers (x[i], tx[i], T[i]), which must be valid (`isBgNbdCustomer`).
 * Three starting points, none with a = 1 (where E[X(t)] is 0/0), look for the optimum's basin; the best is
 * refined on all the data (`estimate`).
 * As in lifetimes, the penalty uses α on a clock rescaled so that the oldest customer is 10 units old, so the
 * same penalizer means the same thing whatever the time unit.
 */
export function fitBgNbd(
  x: ArrayLike<number>,
  tx: ArrayLike<number>,
  T: ArrayLike<number>,
  options: BgNbdFitOptions = {}
): BgNbdFit {
  const penalizer = options.penalizer ?? 0;
  const customers = x.length;
  if (!(penalizer >= 0) || !Number.isFinite(penalizer)) {
    return { ok: false, reason: 'The penalizer must be a number of 0 or more.', customers };
  }
  if (customers === 0) return { ok: false, reason: 'There are no customers to fit the model to.', customers };
  const sample = toSample(x, tx, T);
  if (sample.repeatCustomers === 0) {
    return {
      ok: false,
      reason:
        'No customer bought again after their first purchase, so there is nothing to learn about repeat ' +
        'buying yet.',
      customers
    };
  }
  if (!(sample.maxAge > 0)) {
    return {
      ok: false,
      reason: 'Every customer is 0 time units old: there is no time to learn from.',
      customers
    };
  }
  const logLikelihood = logLikelihoodOf(sample);
  const timeScale = 10 / sample.maxAge;
  // lifetimes' objective, the mean negative log-likelihood plus the penalty, kept to sane parameters (α on
  // the rescaled clock).
  const centre = [0, -Math.log(timeScale), 0, 0];
  const penalised = (of: (params: BgNbdParameters) => number, count: number) =>
    withinBox(
      withL2Penalty((v) => -of(fromLogs(v)) / count, penalizer, [1, timeScale, 1, 1]),
      Math.log(BOX),
      centre
    );
  const objective = penalised(logLikelihood, customers);

  // r/α is the mean purchase rate of the living: start there, with three different shapes for the rest. The
  // starts only have to find the right basin, so they explore on at most EXPLORE_CUSTOMERS customers (every
  // k-th); the best is then refined on all the data.
  const rate = sample.purchases / sample.exposure;
  const starts = [
    [1, 0.8, 2.5],
    [0.3, 2, 6],
    [3, 0.3, 0.8]
  ].map(([r, a, b]) => [Math.log(r), Math.log(r / rate), Math.log(a), Math.log(b)]);
  const stride = Math.ceil(customers / EXPLORE_CUSTOMERS);
  const thinned = stride > 1 ? toSample(...strided(stride, x, tx, T)) : sample;
  const explore =
    thinned !== sample && thinned.repeatCustomers >= EXPLORE_REPEAT_CUSTOMERS
      ? penalised(logLikelihoodOf(thinned), thinned.customers)
      : undefined;
  const minimum = estimate(objective, starts, { explore });
  const params = fromLogs(minimum.x);
  const scaled = { ...params, alpha: params.alpha * timeScale };
  const extreme = PARAMETER_NAMES.find((name) => !(scaled[name] > SMALLEST && scaled[name] < LARGEST));
  if (extreme !== undefined) {
    // Both a and b large is one known case: every customer has the same chance of dropping out.
    return {
      ok: false,
      reason:
        `The fit ran off to an extreme ${extreme} (${params[extreme].toPrecision(3)}): these data cannot pin ` +
        `the model down, for instance because too few customers bought again or because they do not differ ` +
        `in how likely they are to stop. ${PENALIZER_ADVICE}`,
      customers
    };
  }
  if (!minimum.converged || !Number.isFinite(minimum.value)) {
    return {
      ok: false,
      reason: `The fit did not settle after ${minimum.iterations} steps. ${PENALIZER_ADVICE}`,
      customers
    };
  }
  const { search, errors, warnings } = summariseFit(minimum, customers);
  const vague = PARAMETER_NAMES.filter((name, i) => errors !== null && errors[i] > params[name]);
  if (vague.length > 0) {
    warnings.push(
      `The data say little about ${vague.join(' and ')} (standard errors larger than the values); ` +
        'predictions can still be sound, as they depend on the parameters together.'
    );
  }
  if (minimum.agreeingStarts < minimum.starts) {
    warnings.push(
      `${minimum.starts - minimum.agreeingStarts} of ${minimum.starts} starting points ended at a worse ` +
        'optimum; the best one is used.'
    );
  }
  return {
    ok: true,
    params,
    standardErrors: errors && { r: errors[0], alpha: errors[1], a: errors[2], b: errors[3] },
    logLikelihood: logLikelihood(params),
    ...search,
    customers,
    repeatCustomers: sample.repeatCustomers,
    penalizer,
    warnings
  };
}

/** ln of the odds that a customer with x > 0 has dropped out: ln[a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)]. */
function logDropoutOdds({ r, alpha, a, b }: BgNbdParameters, x: number, tx: number, T: number): number {
  return Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
}

/** P(alive | x, t_x, T): 1 for a customer who has not bought again (BG/NBD lets no one drop out before). */
export function bgnbdProbabilityAlive(params: BgNbdParameters, x: number, tx: number, T: number): number {
  if (!isBgNbdCustomer(x, tx, T)) return NaN;
  if (x === 0) return 1;
  const odds = logDropoutOdds(params, x, tx, T);
  return odds > 0 ? Math.exp(-odds) / (1 + Math.exp(-odds)) : 1 / (1 + Math.exp(odds));
}

/** Within this of a = 1, E[X(t)] is taken as the mean of its values at 1 ± this (it is smooth there). */
const SINGULAR_A = 1e-4;

/**
 * E[X(t) | x, t_x, T]: expected repeat purchases in the next t time units (ANALYTICS.md §4.4). The product
 * ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; z) is computed through Euler's transformation as
 * (1−z)^(a−1) · ₂F₁(a+b−1−r, a−1; a+b+x−1; z), whose series stays small and short even for heavy buyers.
 * At a = 1 the formula is 0/0; there it is the mean of the two sides.
 */
export function bgnbdExpectedPurchases(
  params: BgNbdParameters,
  t: number,
  x: number,
  tx: number,
  T: number
): number {
  if (!isBgNbdCustomer(x, tx, T) || !(t >= 0) || !Number.isFinite(t)) return NaN;
  if (t === 0) return 0;
  if (Math.abs(params.a - 1) < SINGULAR_A) {
    return (
      (expectedPurchases({ ...params, a: 1 - SINGULAR_A }, t, x, tx, T) +
        expectedPurchases({ ...params, a: 1 + SINGULAR_A }, t, x, tx, T)) /
      2
    );
  }
  return expectedPurchases(params, t, x, tx, T);
}

function expectedPurchases(params: BgNbdParameters, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const z = t / (alpha + T + t);
  const c = a + b + x - 1;
  const product = Math.exp((a - 1) * Math.log1p(-z)) * hyp2f1(a + b - 1 - r, a - 1, c, z);
  const numerator = (c / (a - 1)) * (1 - product);
  if (x === 0) return numerator;
  const odds = logDropoutOdds(params, x, tx, T);
  // numerator / (1 + e^odds), without overflowing e^odds.
  return odds > 0 ? (numerator * Math.exp(-odds)) / (1 + Math.exp(-odds)) : numerator / (1 + Math.exp(odds));
}
