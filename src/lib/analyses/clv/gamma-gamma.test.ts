import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../../tests/support/shared-data';
import {
  fitGammaGamma,
  gammaGammaCustomerLogLikelihood,
  gammaGammaExpectedSpend,
  gammaGammaLogLikelihood,
  pearsonCorrelation,
  type GammaGammaFitted,
  type GammaGammaParameters
} from './gamma-gamma';

/** |actual − expected| ≤ relative·|expected|. */
function expectRelative(actual: number, expected: number, relative: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    relative * Math.abs(expected)
  );
}

function fitted(fit: ReturnType<typeof fitGammaGamma>): GammaGammaFitted {
  if (!fit.ok) throw new Error(fit.reason);
  return fit;
}

/** The MLE on lifetimes' CDNOW summary (946 repeat buyers), scipy 1.17 Nelder–Mead, full precision. */
const CDNOW: GammaGammaParameters = { p: 6.248802624868081, q: 3.744588534779013, gamma: 15.447748240815406 };

describe('the Gamma-Gamma likelihood', () => {
  // scipy 1.17: the terms of lifetimes' `GammaGammaFitter._negative_log_likelihood` at the CDNOW parameters.
  it.each([
    [1, 11.77, -3.7359592131117765],
    [2, 22.35, -3.5504761895995713],
    [10, 50, -4.863609714463735]
  ])('of a customer with x = %d and m̄ = %d is %d', (x, m, expected) => {
    expectRelative(gammaGammaCustomerLogLikelihood(CDNOW, x, m), expected, 1e-12);
  });

  it('summed with the data-only sums taken out equals the sum over customers', () => {
    const x = [1, 1, 2, 3, 3, 3, 7];
    const m = [10, 12.5, 8, 30, 30, 22, 15];
    const direct = x.reduce((sum, _, i) => sum + gammaGammaCustomerLogLikelihood(CDNOW, x[i], m[i]), 0);
    expectRelative(gammaGammaLogLikelihood(x, m)(CDNOW), direct, 1e-13);
  });
});

describe('expected average spend', () => {
  it('blends the population mean and the customer’s own mean by frequency', () => {
    const population = (CDNOW.gamma * CDNOW.p) / (CDNOW.q - 1);
    expect(gammaGammaExpectedSpend(CDNOW, 0, 0)).toBeCloseTo(population, 12);
    expect(gammaGammaExpectedSpend(CDNOW, 0, Number.NaN)).toBeCloseTo(population, 12);
    const w = (CDNOW.p * 3) / (CDNOW.p * 3 + CDNOW.q - 1);
    expect(gammaGammaExpectedSpend(CDNOW, 3, 40)).toBeCloseTo((1 - w) * population + w * 40, 12);
    // A heavy buyer's forecast is nearly their own mean.
    expect(gammaGammaExpectedSpend(CDNOW, 1000, 40)).toBeCloseTo(40, 1);
  });

  it('is NaN without a finite population mean (q ≤ 1) or for a negative frequency', () => {
    expect(gammaGammaExpectedSpend({ ...CDNOW, q: 0.9 }, 2, 20)).toBeNaN();
    expect(gammaGammaExpectedSpend(CDNOW, -1, 20)).toBeNaN();
  });
});

describe('pearsonCorrelation', () => {
  it('is 1, −1 or NaN for a line up, a line down or a constant', () => {
    expect(pearsonCorrelation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 14);
    expect(pearsonCorrelation([1, 2, 3], [6, 4, 2])).toBeCloseTo(-1, 14);
    expect(pearsonCorrelation([1, 1, 1], [6, 4, 2])).toBeNaN();
  });
});

const cdnowSummary = sharedData('cdnow/cdnow_customers_summary_with_transactions.csv');

describe.runIf(cdnowSummary)('fitting CDNOW (lifetimes’ summary with mean repeat value)', () => {
  const rows = readFileSync(cdnowSummary as string, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));
  const x = rows.map((row) => row[1]);
  const m = rows.map((row) => row[4]);

  it('gives lifetimes’ parameters on the 946 repeat buyers, its spend forecasts and its correlation check', () => {
    const fit = fitted(fitGammaGamma(x, m));
    expect(fit).toMatchObject({ customers: 2357, fittedCustomers: 946, converged: true });
    // The likelihood is nearly flat along one combination of p, q and γ, where numerical derivatives settle
    // to about 1e-5: far below the standard errors (about 1 %).
    for (const name of ['p', 'q', 'gamma'] as const) expectRelative(fit.params[name], CDNOW[name], 1e-5);
    // lifetimes prints p 6.25, q 3.74, v 15.45. (From the raw transactions, whose means are not rounded to
    // cents, it is 15.44 as Fader & Hardie publish: see tests/unit/templates/predictive-clv.test.ts.)
    expect(fit.params.p).toBeCloseTo(6.25, 2);
    expect(fit.params.q).toBeCloseTo(3.74, 2);
    expect(fit.params.gamma).toBeCloseTo(15.45, 2);
    // lifetimes' documentation: customers 1–3 expect 24.658619, 18.911489 and 35.170981.
    const spends = [0, 1, 2].map((i) => gammaGammaExpectedSpend(fit.params, x[i], m[i]));
    expect(spends).toEqual([24.658619, 18.911489, 35.170981].map((value) => expect.closeTo(value, 4)));
    // lifetimes' documentation: the correlation of frequency and monetary value is 0.113884.
    expect(fit.frequencySpendCorrelation).toBeCloseTo(0.113884, 6);
    expect(fit.populationMeanSpend).toBeCloseTo(35.171, 3);
    expect(fit.standardErrors).not.toBeNull();
    expect(fit.warnings).toEqual([]);
  });

  it('applies lifetimes’ penalizer', () => {
    for (const [penalizer, expected] of [
      [0.001, [7.912024264652612, 2.446819337018583, 7.20956498883319]],
      [0.01, [4.109250526917975, 0.968385490388222, 3.7808014667453205]]
    ] as const) {
      const fit = fitted(fitGammaGamma(x, m, { penalizer }));
      expect([fit.params.p, fit.params.q, fit.params.gamma]).toEqual(
        expected.map((value) => expect.closeTo(value, 4))
      );
    }
    // With q below 1 there is no finite population mean, and the fit says so.
    const strong = fitted(fitGammaGamma(x, m, { penalizer: 0.01 }));
    expect(strong.populationMeanSpend).toBeNull();
    expect(strong.warnings.join(' ')).toMatch(/no finite value/);
  });
});

describe('Gamma-Gamma fits that fail say why', () => {
  it('without repeat buyers with a positive mean spend (zeros and refunds are left out)', () => {
    const fit = fitGammaGamma([0, 0, 2, 3], [0, 0, 0, -5]);
    expect(fit).toMatchObject({ ok: false, customers: 4 });
    if (!fit.ok) expect(fit.reason).toMatch(/No customer has bought again with a positive average spend/);
  });

  it('with a single repeat buyer', () => {
    const fit = fitGammaGamma([0, 4], [0, 20]);
    if (!fit.ok) expect(fit.reason).toMatch(/Only one customer/);
    expect(fit.ok).toBe(false);
  });

  it('with a negative penalizer', () => {
    expect(fitGammaGamma([1, 2], [3, 4], { penalizer: -0.1 })).toMatchObject({ ok: false });
  });

  it('when every repeat buyer spends the same, so the spread of spend cannot be estimated', () => {
    const fit = fitGammaGamma([1, 2, 3, 4, 5, 6], [20, 20, 20, 20, 20, 20]);
    expect(fit.ok).toBe(false);
    if (!fit.ok) expect(fit.reason).toMatch(/extreme|did not settle/);
  });
});
