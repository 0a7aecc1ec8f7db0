import { describe, expect, it } from 'vitest';
import { hyp2f1, hyp2f1Series } from './hyp2f1';

/** |actual − expected| ≤ relative·|expected|. */
function expectRelative(actual: number, expected: number, relative: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    relative * Math.abs(expected)
  );
}

describe('hyp2f1', () => {
  // mpmath 1.3 `hyp2f1` at 30 digits. The large ones are BG/NBD arguments for a heavy buyer (r + x, b + x,
  // a + b + x − 1 with r = 0.243, a = 0.793, b = 2.426 and x = 10 or 100), whose series grows before it shrinks.
  it.each([
    [1, 1, 2, 0.5, 1.3862943611198906],
    [0.5, 0.5, 1.5, 0.25, 1.0471975511965976],
    [2.5, 3.2, 4.1, 0.3, 1.9887429284205982],
    [0.243, 2.426, 2.219, 0.9, 1.947631169818602],
    [10.243, 12.426, 12.219, 0.95, 38042206922108.82],
    [100.243, 102.426, 102.219, 0.9, 2.8081262418659922e100],
    [1.4, -0.207, 3.2, 0.99, 0.8714603687979865],
    [0.3, 0.7, 0.2, 0.999, 345.1224292248319],
    [-3, 2, 5, 0.7, 0.4148],
    [50, 60, 5, 0.5, 3.791889238534058e49]
  ])('₂F₁(%d, %d; %d; %d) = %d', (a, b, c, z, expected) => {
    expectRelative(hyp2f1(a, b, c, z), expected, 1e-12);
  });

  it.each([
    ['−ln(1 − z)/z', (z: number) => hyp2f1(1, 1, 2, z), (z: number) => -Math.log1p(-z) / z],
    ['(1 − z)^−a', (z: number) => hyp2f1(2.7, 1.3, 1.3, z), (z: number) => (1 - z) ** -2.7],
    [
      'arcsin(√z)/√z',
      (z: number) => hyp2f1(0.5, 0.5, 1.5, z),
      (z: number) => Math.asin(Math.sqrt(z)) / Math.sqrt(z)
    ]
  ])('matches the closed form %s from z = 0.01 to 0.99', (_name, actual, expected) => {
    for (const z of [0.01, 0.2, 0.5, 0.8, 0.9, 0.99]) expectRelative(actual(z), expected(z), 1e-12);
  });

  it('is 1 at z = 0 and a polynomial when a is a non-positive integer', () => {
    expect(hyp2f1(3.5, 2, 1.5, 0)).toBe(1);
    // (−2)ₙ vanishes from n = 3: 1 + (−2)·3/4·z + (−2)(−1)·3·4/(4·5·2)·z² = 1 − 1.5z + 0.6z².
    expectRelative(hyp2f1(-2, 3, 4, 0.5), 1 - 0.75 + 0.15, 1e-15);
    expect(hyp2f1Series(-2, 3, 4, 0.5).terms).toBe(4);
  });

  it('falls back on Euler’s transformation when the series does not converge within the cap', () => {
    // The direct series at z = 0.95 needs about 1,200 terms; the transformed one, ₂F₁(c − a, c − b; c; z) =
    // ₂F₁(1.976, −0.207; 12.219; z), about 90.
    const [a, b, c, z] = [10.243, 12.426, 12.219, 0.95];
    expect(hyp2f1Series(a, b, c, z, 200).converged).toBe(false);
    expect(hyp2f1Series(c - a, c - b, c, z, 200).converged).toBe(true);
    expectRelative(hyp2f1(a, b, c, z, 200), 38042206922108.82, 1e-12);
  });

  it('gives Infinity, as Math functions do, for a value beyond the double range', () => {
    // 0.01^(c − a − b) alone is 10^800; the series terms overflow on the way there.
    expect(hyp2f1Series(400.243, 402.426, 402.219, 0.99).converged).toBe(false);
    expect(hyp2f1(400.243, 402.426, 402.219, 0.99)).toBe(Infinity);
  });

  it('gives NaN, not a wrong number, when neither series converges, and outside its domain', () => {
    expect(hyp2f1(0.3, 0.7, 0.2, 1 - 1e-9, 1000)).toBeNaN();
    expect(hyp2f1(1, 1, 2, 1)).toBeNaN();
    expect(hyp2f1(1, 1, 2, -0.5)).toBeNaN();
    expect(hyp2f1(1, 1, -2, 0.5)).toBeNaN();
    expect(hyp2f1(NaN, 1, 2, 0.5)).toBeNaN();
  });
});
