import { describe, expect, it } from 'vitest';
import { percentileCont, percentileDisc, type PercentileInput } from './percentile';

// The five values of Wikipedia's "Percentile" nearest-rank example; expected values worked out by hand.
const FIVE = [50, 15, 40, 20, 35];
const ONE_TO_HUNDRED = Array.from({ length: 100 }, (_, i) => i + 1);

describe('percentileCont (type 7, linear interpolation)', () => {
  it.each<[string, PercentileInput, number, number | null]>([
    ['the minimum at p = 0', FIVE, 0, 15],
    ['the maximum at p = 1', FIVE, 1, 50],
    ['an exact rank: h = 4·0.25 = 1 → x₁', FIVE, 0.25, 20],
    ['between ranks: h = 4·0.4 = 1.6 → 20 + 0.6·(35 − 20)', FIVE, 0.4, 29],
    ['the median of an odd count', FIVE, 0.5, 35],
    ['h = 4·0.9 = 3.6 → 40 + 0.6·(50 − 40)', FIVE, 0.9, 46],
    ['the median of an even count: h = 1.5 → (2 + 3) / 2', [4, 3, 2, 1], 0.5, 2.5],
    ['h = 3·0.75 = 2.25 → 3 + 0.25·(4 − 3)', [1, 2, 3, 4], 0.75, 3.25],
    ['mixed integers and reals (the case extension-functions gets wrong)', [1, 2.5, 3], 0.5, 2.5],
    ['negative values', [-10, -20, 0], 0.25, -15],
    ['one value, whatever p', [7], 0.3, 7],
    ['integers beyond 2³¹', [3e9, 3e9 + 2], 0.5, 3e9 + 1],
    ['nulls, undefined and NaN skipped: median of 1, 2.5, 3', [3, null, 1, NaN, 2.5, undefined], 0.5, 2.5],
    ['nothing', [], 0.5, null],
    ['only missing values', [null, NaN, undefined], 0.5, null],
    ['an infinite neighbour', [1, Infinity], 0.5, Infinity],
    ['−∞ and +∞ as neighbours, which have no point between them', [-Infinity, Infinity], 0.5, null]
  ])('%s', (_label, values, p, expected) => {
    expect(percentileCont(values, p)).toBe(expected);
  });

  it('interpolates like numpy.percentile on a larger sample', () => {
    // numpy.percentile([0.5, 1.5, ..., 99.5], 37) = 0.5 + 99·0.37 = 37.13
    const values = Array.from({ length: 100 }, (_, i) => i + 0.5);
    expect(percentileCont(values, 0.37)).toBeCloseTo(37.13, 12);
  });

  it('leaves its input alone', () => {
    const values = [3, 1, 2];
    percentileCont(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });

  it.each([-0.01, 1.01, NaN])('refuses p = %s', (p) => {
    expect(() => percentileCont([1, 2], p)).toThrow(RangeError);
  });
});

describe('percentileDisc (nearest rank ⌈p·n⌉)', () => {
  it.each<[string, PercentileInput, number, number | null]>([
    ['p = 0.05 → rank ⌈0.25⌉ = 1', FIVE, 0.05, 15],
    ['p = 0.3 → rank ⌈1.5⌉ = 2', FIVE, 0.3, 20],
    ['p = 0.4 → rank ⌈2⌉ = 2', FIVE, 0.4, 20],
    ['p = 0.5 → rank ⌈2.5⌉ = 3', FIVE, 0.5, 35],
    ['p = 1 → rank 5', FIVE, 1, 50],
    ['p = 0 → rank 1 (clamped)', FIVE, 0, 15],
    ['an even count: p = 0.5 → rank 2, no averaging', [4, 3, 2, 1], 0.5, 2],
    ['mixed integers and reals', [1, 2.5, 3], 0.5, 2.5],
    ['0.07·100 is 7.000000000000001 in floating point, still rank 7', ONE_TO_HUNDRED, 0.07, 7],
    ['0.55·100 is 55.00000000000001 in floating point, still rank 55', ONE_TO_HUNDRED, 0.55, 55],
    ['0.14·50 is 7.000000000000001 in floating point, still rank 7', ONE_TO_HUNDRED.slice(0, 50), 0.14, 7],
    ['0.57·100 is 56.99999999999999, rank 57', ONE_TO_HUNDRED, 0.57, 57],
    ['missing values skipped', [null, 10, NaN, 30, 20, undefined], 0.5, 20],
    ['nothing', [], 0.5, null],
    ['only missing values', [null, NaN], 1, null]
  ])('%s', (_label, values, p, expected) => {
    expect(percentileDisc(values, p)).toBe(expected);
  });

  it('always returns one of the inputs', () => {
    const values = [0.1, 0.7, 0.2, 0.9, 0.4, 0.3];
    for (let i = 0; i <= 100; i += 1) expect(values).toContain(percentileDisc(values, i / 100));
  });

  it.each([-1, 2, NaN])('refuses p = %s', (p) => {
    expect(() => percentileDisc([1, 2], p)).toThrow(RangeError);
  });
});
