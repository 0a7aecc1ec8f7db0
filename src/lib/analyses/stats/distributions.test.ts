import { describe, expect, it } from 'vitest';
import { chiSquareSf, gammaP, gammaQ, lgamma, normCdf, normInv } from './distributions';

/** |actual − expected| ≤ max(absolute, relative·|expected|). */
function expectNear(actual: number, expected: number, relative: number, absolute = 0): void {
  const tolerance = Math.max(absolute, relative * Math.abs(expected));
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

// Every expected value below is scipy 1.17 (`stats.norm`, `special.gammaln`, `special.gammainc[c]`, `stats.chi2`).

describe('normCdf', () => {
  it.each([
    [-8, 6.22096057427174e-16],
    [-5, 2.866515718791933e-7],
    [-3, 0.0013498980316300933],
    [-1.96, 0.024997895148220435],
    [-1, 0.15865525393145707],
    [-0.5, 0.3085375387259869],
    [0, 0.5],
    [0.5, 0.6914624612740131],
    [1, 0.8413447460685429],
    [1.96, 0.9750021048517795],
    [2.5, 0.9937903346742238],
    [3, 0.9986501019683699],
    [5, 0.9999997133484281],
    [8, 0.9999999999999993]
  ])('Φ(%d) = %d within 1.2e-7, and keeps relative precision in the lower tail', (z, expected) => {
    expectNear(normCdf(z), expected, 1.2e-7, 1.2e-7);
    if (z < 0) expectNear(normCdf(z), expected, 1.2e-7);
  });

  it('matches the reference Φ(1.96) = 0.9750021 of ANALYTICS.md §12 to 7 decimals', () => {
    expect(normCdf(1.96)).toBeCloseTo(0.9750021, 7);
  });

  it.each([
    [-Infinity, 0],
    [Infinity, 1]
  ])('Φ(%d) = %d', (z, expected) => {
    expect(normCdf(z)).toBe(expected);
  });

  it('propagates NaN like Math functions do', () => {
    expect(normCdf(NaN)).toBeNaN();
  });
});

describe('normInv', () => {
  it.each([
    [1e-12, -7.034483825301131],
    [1e-6, -4.753424308822899],
    [0.001, -3.090232306167813],
    [0.01, -2.3263478740408408],
    [0.02425, -1.972961051311885],
    [0.025, -1.9599639845400545],
    [0.1, -1.2815515655446004],
    [0.3, -0.5244005127080409],
    [0.5, 0],
    [0.8, 0.8416212335729143],
    [0.9, 1.2815515655446004],
    [0.975, 1.959963984540054],
    [0.97575, 1.972961051311885],
    [0.99, 2.3263478740408408],
    [0.999999, 4.753424308817087]
  ])('Φ⁻¹(%d) = %d within Acklam’s 1.15e-9 relative error', (p, expected) => {
    expectNear(normInv(p), expected, 1.2e-9, 1e-12);
  });

  it.each([
    [0.975, 1.959964],
    [0.8, 0.841621],
    [1e-6, -4.753424]
  ])('matches the ANALYTICS.md §12 reference Φ⁻¹(%d) = %d to 6 decimals', (p, expected) => {
    expect(normInv(p)).toBeCloseTo(expected, 6);
  });

  it('inverts normCdf', () => {
    for (const z of [-4, -2.5, -1, -0.1, 0.3, 1.5, 3.2])
      expectNear(normCdf(normInv(normCdf(z))), normCdf(z), 1e-6);
  });

  it.each([0, 1, -0.1, 1.5, NaN, Infinity])('refuses p = %d, outside the open interval (0, 1)', (p) => {
    expect(() => normInv(p)).toThrow(RangeError);
  });
});

describe('lgamma', () => {
  it.each([
    [1e-8, 18.42068073818021],
    [0.1, 2.252712651734206],
    [0.5, 0.5723649429247],
    [1, 0],
    [1.5, -0.12078223763524526],
    [2, 0],
    [3, 0.6931471805599453],
    [4.5, 2.4537365708424423],
    [10, 12.801827480081469],
    [100, 359.1342053695754],
    [1000, 5905.220423209181],
    [-0.5, 1.2655121234846454],
    [-1.5, 0.860047015376481],
    [-2.5, -0.05624371649767401]
  ])('ln|Γ(%d)| = %d', (x, expected) => {
    expectNear(lgamma(x), expected, 1e-13, 1e-14);
  });

  it('agrees with ln((n − 1)!) for integers', () => {
    let logFactorial = 0;
    for (let n = 2; n <= 30; n += 1) {
      logFactorial += Math.log(n - 1);
      expectNear(lgamma(n), logFactorial, 1e-13, 1e-14);
    }
  });

  it.each([0, -1, -2, -50])('has a pole at %d', (x) => {
    expect(lgamma(x)).toBe(Infinity);
  });
});

describe('gammaP and gammaQ', () => {
  it.each([
    [0.5, 0.1, 0.34527915398142317, 0.6547208460185768],
    [0.5, 2, 0.9544997361036415, 0.04550026389635857],
    [1, 1, 0.6321205588285577, 0.36787944117144245],
    [1, 8, 0.9996645373720975, 0.0003354626279025119],
    [2.5, 1, 0.15085496391539038, 0.8491450360846096],
    [2.5, 10, 0.9987502694369687, 0.0012497305630313773],
    [10, 5, 0.03182805730620481, 0.9681719426937951],
    [10, 15, 0.9301463393005901, 0.06985366069940986],
    [100, 90, 0.15822098918643007, 0.84177901081357],
    [100, 110, 0.8417213299399129, 0.15827867006008706],
    [1000, 1000, 0.5042052441802155, 0.4957947558197845],
    [0.01, 0.001, 0.9385706525261288, 0.06142934747387101]
  ])('P(%d, %d) = %d and Q = %d', (s, x, p, q) => {
    expectNear(gammaP(s, x), p, 1e-11, 1e-14);
    expectNear(gammaQ(s, x), q, 1e-11, 1e-14);
  });

  it('has the right limits at 0 and infinity', () => {
    expect([gammaP(3, 0), gammaQ(3, 0), gammaP(3, Infinity), gammaQ(3, Infinity)]).toEqual([0, 1, 1, 0]);
  });

  it.each([
    [0, 1],
    [-1, 1],
    [2, -1],
    [NaN, 1],
    [1, NaN]
  ])('is NaN outside its domain (s = %d, x = %d)', (s, x) => {
    expect(gammaP(s, x)).toBeNaN();
    expect(gammaQ(s, x)).toBeNaN();
  });
});

describe('chiSquareSf', () => {
  it.each([
    [0.24, 1, 0.624206114766406],
    [3.841458820694124, 1, 0.05],
    [16, 2, 0.0003354626279025119],
    [16.79, 1, 4.1752751389197874e-5],
    [10, 5, 0.07523524614651217],
    [100, 80, 0.064570368921133],
    [0.001, 3, 0.9999915920809419],
    [50, 3, 7.989179244951495e-11]
  ])('P(χ²(%d df) > %d) = %d', (x, df, expected) => {
    expectNear(chiSquareSf(x, df), expected, 1e-10);
  });

  it('gives the SRM reference p = 3.3546e-4 for χ² = 16 with 2 df (ANALYTICS.md §12)', () => {
    expect(chiSquareSf(16, 2)).toBeCloseTo(3.3546e-4, 8);
  });

  it.each([
    [0, 3, 1],
    [-5, 3, 1]
  ])('is 1 for x = %d ≤ 0', (x, df, expected) => {
    expect(chiSquareSf(x, df)).toBe(expected);
  });

  it.each([
    [1, 0],
    [1, -2],
    [NaN, 1]
  ])('is NaN for x = %d, df = %d', (x, df) => {
    expect(chiSquareSf(x, df)).toBeNaN();
  });
});
