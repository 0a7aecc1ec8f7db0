import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../../tests/support/shared-data';
import { seededRandom } from '../../persistence/seeded-random';
import {
  bgnbdCustomerLogLikelihood,
  bgnbdExpectedPurchases,
  bgnbdLogLikelihood,
  bgnbdProbabilityAlive,
  fitBgNbd,
  type BgNbdFitted,
  type BgNbdParameters
} from './bgnbd';

/** |actual − expected| ≤ relative·|expected|. */
function expectRelative(actual: number, expected: number, relative: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    relative * Math.abs(expected)
  );
}

function fitted(fit: ReturnType<typeof fitBgNbd>): BgNbdFitted {
  if (!fit.ok) throw new Error(fit.reason);
  return fit;
}

/** The MLE on lifetimes' CDNOW summary, by scipy 1.17 Nelder–Mead (xatol 1e-10), to full precision. */
const CDNOW: BgNbdParameters = {
  r: 0.24259291180678397,
  alpha: 4.413531809447087,
  a: 0.79288616244579,
  b: 2.425753716010661
};

describe('the BG/NBD likelihood', () => {
  // scipy 1.17: lifetimes' `_negative_log_likelihood` terms, per customer, at the CDNOW parameters.
  it.each([
    [0, 0, 38.86, -0.5538070958278478],
    [2, 30.43, 38.86, -9.45970099006447],
    [1, 1.71, 38.86, -4.470438562567505],
    [30, 20, 39, -31.27516382068869]
  ])('of a customer with x = %d, t_x = %d, T = %d is %d', (x, tx, T, expected) => {
    expectRelative(bgnbdCustomerLogLikelihood(CDNOW, x, tx, T), expected, 1e-12);
  });

  it('summed the fast way (merged customers, per-value tables) equals the sum over customers', () => {
    const random = seededRandom(7);
    const x: number[] = [];
    const tx: number[] = [];
    const T: number[] = [];
    for (let i = 0; i < 500; i += 1) {
      // Few distinct values, so that many customers are merged.
      const age = 10 + Math.floor(random() * 5) * 7;
      const frequency = Math.floor(random() * 4);
      x.push(frequency);
      tx.push(frequency === 0 ? 0 : Math.floor(random() * (age + 1)));
      T.push(age);
    }
    for (const params of [CDNOW, { r: 2, alpha: 0.5, a: 3, b: 0.4 }]) {
      const direct = x.reduce((sum, _, i) => sum + bgnbdCustomerLogLikelihood(params, x[i], tx[i], T[i]), 0);
      expectRelative(bgnbdLogLikelihood(x, tx, T)(params), direct, 1e-12);
    }
  });
});

describe('BG/NBD predictions', () => {
  // scipy 1.17 with lifetimes' formulas (hyp2f1, and its Euler fallback on overflow) at the CDNOW parameters.
  it.each([
    [39, 2, 30.43, 38.86, 1.2259104772766996, 0.7266091645846519],
    [10, 1, 1.71, 38.86, 0.05820269301512774, 0.2122274307513646],
    [52, 0, 0, 38.86, 0.25166571770050045, 1],
    [39, 20, 35, 38.86, 11.380590483107927, 0.803033686314104],
    [104, 50, 38, 39, 67.46548005783328, 0.9526362067407461],
    [1, 0, 0, 0.5, 0.04792599587717398, 1],
    [520, 3, 10, 12, 16.948918472198407, 0.7855282061913859]
  ])('E[X(%d) | x = %d, t_x = %d, T = %d] = %d and P(alive) = %d', (t, x, tx, T, expected, alive) => {
    expectRelative(bgnbdExpectedPurchases(CDNOW, t, x, tx, T), expected, 1e-10);
    expectRelative(bgnbdProbabilityAlive(CDNOW, x, tx, T), alive, 1e-12);
  });

  it('takes the limit at a = 1, where the formula is 0/0', () => {
    // scipy at a = 1 ± 1e-5 gives 1.1019728995710925 and 1.1019619773305507: the mean is the limit to ~1e-10.
    const atOne = bgnbdExpectedPurchases({ ...CDNOW, a: 1 }, 39, 2, 30.43, 38.86);
    expectRelative(atOne, (1.1019728995710925 + 1.1019619773305507) / 2, 1e-8);
    expect(bgnbdExpectedPurchases({ ...CDNOW, a: 1 + 5e-5 }, 39, 2, 30.43, 38.86)).toBeCloseTo(atOne, 6);
  });

  it('expects nothing in no time, more in more time, and gives NaN for an impossible customer', () => {
    expect(bgnbdExpectedPurchases(CDNOW, 0, 2, 30.43, 38.86)).toBe(0);
    const horizons = [1, 10, 100, 1000].map((t) => bgnbdExpectedPurchases(CDNOW, t, 2, 30.43, 38.86));
    expect(horizons).toEqual([...horizons].sort((p, q) => p - q));
    expect(bgnbdExpectedPurchases(CDNOW, -1, 2, 30.43, 38.86)).toBeNaN();
    expect(bgnbdExpectedPurchases(CDNOW, 10, 2, 40, 38.86)).toBeNaN();
    expect(bgnbdProbabilityAlive(CDNOW, -1, 0, 10)).toBeNaN();
  });
});

const cdnowSummary = sharedData('cdnow/cdnow_customers_summary_with_transactions.csv');

describe.runIf(cdnowSummary)('fitting CDNOW (lifetimes’ 2,357-customer summary, weeks)', () => {
  const rows = readFileSync(cdnowSummary as string, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));
  const x = rows.map((row) => row[1]);
  const tx = rows.map((row) => row[2]);
  const T = rows.map((row) => row[3]);

  it('gives the published parameters, log-likelihood and lifetimes’ standard errors', () => {
    const fit = fitted(fitBgNbd(x, tx, T));
    // Fader, Hardie & Lee (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
    expect(fit.params.r).toBeCloseTo(0.243, 3);
    expect(fit.params.alpha).toBeCloseTo(4.414, 3);
    expect(fit.params.a).toBeCloseTo(0.793, 3);
    expect(fit.params.b).toBeCloseTo(2.426, 3);
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
    for (const name of ['r', 'alpha', 'a', 'b'] as const) expectRelative(fit.params[name], CDNOW[name], 1e-6);
    // lifetimes' summary table: se(coef) 0.01, 0.38, 0.19, 0.71.
    expect(fit.standardErrors).not.toBeNull();
    expect(fit.standardErrors?.r).toBeCloseTo(0.0126, 3);
    expect(fit.standardErrors?.alpha).toBeCloseTo(0.378, 2);
    expect(fit.standardErrors?.a).toBeCloseTo(0.186, 2);
    expect(fit.standardErrors?.b).toBeCloseTo(0.705, 2);
    expect(fit).toMatchObject({ customers: 2357, repeatCustomers: 946, converged: true, starts: 3 });
    expect(fit.agreeingStarts).toBe(3);
    expect(fit.spread).toBeLessThan(1e-2);
    expect(fit.warnings).toEqual([]);
  });

  it('applies lifetimes’ penalizer on its rescaled clock', () => {
    // scipy, lifetimes' objective: mean NLL on times × 10/max(T) plus penalizer · Σθ², α scaled back.
    for (const [penalizer, expected] of [
      [0.01, [0.21456904981317576, 3.3694783311828584, 0.30382404785069506, 0.6669061438826647]],
      [0.1, [0.16378382836593228, 1.7754225026499948, 0.1534238558774648, 0.2812308328159443]]
    ] as const) {
      const fit = fitted(fitBgNbd(x, tx, T, { penalizer }));
      expect([fit.params.r, fit.params.alpha, fit.params.a, fit.params.b]).toEqual(
        expected.map((value) => expect.closeTo(value, 4))
      );
      expect(fit.penalizer).toBe(penalizer);
    }
  });
});

describe('BG/NBD fits that fail say why', () => {
  it.each([
    ['no customers', [], [], [], /no customers/],
    ['no repeat buyers', [0, 0, 0], [0, 0, 0], [5, 8, 13], /No customer bought again/],
    ['a negative penalizer', [1], [1], [2], /penalizer/]
  ])('with %s', (name, x, tx, T, reason) => {
    const fit = fitBgNbd(x, tx, T, { penalizer: name === 'a negative penalizer' ? -1 : 0 });
    expect(fit.ok).toBe(false);
    if (!fit.ok) expect(fit.reason).toMatch(reason);
  });

  it('when the optimum runs off to the edge of the parameter space', () => {
    // Every customer buys exactly once a week: no heterogeneity and no drop-out, so a → 0 or r, α → ∞.
    const x = [4, 4, 4, 4, 4, 4];
    const fit = fitBgNbd(x, [4, 4, 4, 4, 4, 4], [4, 4, 4, 4, 4, 4]);
    expect(fit.ok).toBe(false);
    if (!fit.ok) expect(fit.reason).toMatch(/extreme|did not settle/);
  });
});

/** Gamma and Beta draws from a seeded stream (Marsaglia & Tsang 2000, with the boost for shape < 1). */
function sampler(seed: number) {
  const uniform = seededRandom(seed);
  const open = () => {
    let u = uniform();
    while (u === 0) u = uniform();
    return u;
  };
  const normal = () => Math.sqrt(-2 * Math.log(open())) * Math.cos(2 * Math.PI * uniform());
  const gamma = (shape: number): number => {
    if (shape < 1) return gamma(shape + 1) * open() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let z: number;
      let v: number;
      do {
        z = normal();
        v = 1 + c * z;
      } while (v <= 0);
      v = v * v * v;
      if (Math.log(open()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  const beta = (a: number, b: number) => {
    const g = gamma(a);
    return g / (g + gamma(b));
  };
  return { uniform, open, gamma, beta };
}

/**
 * Customers of a BG/NBD process, as lifetimes' `beta_geometric_nbd_model` draws them: λ ~ Gamma(r, α), p ~
 * Beta(a, b), exponential gaps, a drop-out chance p after each repeat purchase. First purchases are spread over
 * the first 52 weeks of a 78-week calibration. With `days`, times are what a shop's dates give: purchases on
 * whole days, those on one day merged, t_x and T whole days / 7.
 */
function simulateBgNbd(params: BgNbdParameters, customers: number, seed: number, days: boolean) {
  const random = sampler(seed);
  const [x, tx, T] = [0, 1, 2].map(() => new Float64Array(customers));
  const end = 78;
  for (let i = 0; i < customers; i += 1) {
    const first = random.uniform() * 52;
    const rate = random.gamma(params.r) / params.alpha;
    const dropout = random.beta(params.a, params.b);
    const firstDay = Math.floor(first * 7);
    const purchaseDays = new Set<number>();
    let time = first;
    let last = first;
    for (;;) {
      time += -Math.log(random.open()) / rate;
      if (time >= end) break;
      purchaseDays.add(Math.floor(time * 7));
      last = time;
      x[i] += 1;
      if (random.uniform() < dropout) break;
    }
    if (days) {
      purchaseDays.delete(firstDay);
      x[i] = purchaseDays.size;
      tx[i] = purchaseDays.size === 0 ? 0 : (Math.max(...purchaseDays) - firstDay) / 7;
      T[i] = (end * 7 - 1 - firstDay) / 7;
    } else {
      tx[i] = last - first;
      T[i] = end - first;
    }
  }
  return { x, tx, T };
}

describe('BG/NBD on 100,000 simulated customers', () => {
  const truth: BgNbdParameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

  it('recovers the parameters that generated them, within sampling error', () => {
    const { x, tx, T } = simulateBgNbd(truth, 100_000, 20240101, false);
    const fit = fitted(fitBgNbd(x, tx, T));
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      const error = fit.standardErrors?.[name] as number;
      expect(Math.abs(fit.params[name] - truth[name]), name).toBeLessThan(3 * error);
    }
  });

  it('fits customers summarised from daily dates in well under the 2 s the browser has', () => {
    const { x, tx, T } = simulateBgNbd(truth, 100_000, 20240102, true);
    const started = performance.now();
    const fit = fitted(fitBgNbd(x, tx, T));
    const elapsed = performance.now() - started;
    console.info(
      `BG/NBD on 100,000 customers (${fit.repeatCustomers} repeat buyers): ${elapsed.toFixed(0)} ms, ` +
        `${fit.evaluations} evaluations`
    );
    expect(fit.converged).toBe(true);
    expect(elapsed).toBeLessThan(2000);
  });
});
