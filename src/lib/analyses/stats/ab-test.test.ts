import { describe, expect, it } from 'vitest';
import {
  minimumDetectableEffect,
  sampleRatioMismatch,
  sampleSizePerArm,
  twoProportionZTest,
  wilsonInterval,
  type SampleSizeInput,
  type TwoProportionInput
} from './ab-test';

// Expected values: ANALYTICS.md §11–§12 where quoted, otherwise the same formulas in Python with scipy 1.17
// (`stats.norm`, `stats.chisquare`). z is exact arithmetic; p carries normCdf's 1.2e-7, hence the tolerances.

describe('twoProportionZTest', () => {
  it('reproduces the ANALYTICS.md §11.2 example: A = 99/294, B = 126/306', () => {
    const result = twoProportionZTest({ conversionsA: 99, nA: 294, conversionsB: 126, nB: 306 });
    expect(result.kind).toBe('tested');
    expect(result.z).toBeCloseTo(1.8977, 4);
    expect(result.pValue).toBeCloseTo(0.0577, 4);
    expect(result.ciLow).toBeCloseTo(-0.0022, 4);
    expect(result.ciHigh).toBeCloseTo(0.1522, 4);
  });

  it.each<[string, TwoProportionInput, number[]]>([
    [
      'the §11.2 example to full precision',
      { conversionsA: 99, nA: 294, conversionsB: 126, nB: 306 },
      [0.336734693877551, 0.4117647058823529, 0.07503001200480192, 1.897746183300204, 0.05772952560910479]
    ],
    [
      'B worse than A gives a negative z',
      { conversionsA: 50, nA: 1000, conversionsB: 40, nB: 1000 },
      [0.05, 0.04, -0.01, -1.0786413361509561, 0.2807476466196225]
    ],
    [
      'an arm with no conversions is still testable when the other has some',
      { conversionsA: 0, nA: 50, conversionsB: 5, nB: 50 },
      [0, 0.1, 0.1, 2.294157338705618, 0.021781462791119477]
    ],
    [
      'equal rates give z = 0 and p = 1',
      { conversionsA: 1000, nA: 10000, conversionsB: 1000, nB: 10000 },
      [0.1, 0.1, 0, 0, 1]
    ]
  ])('%s', (_label, input, [rateA, rateB, difference, z, pValue]) => {
    const result = twoProportionZTest(input);
    if (result.kind !== 'tested') throw new Error(`expected a test, got ${result.reason}`);
    expect(result.rateA).toBeCloseTo(rateA, 12);
    expect(result.rateB).toBeCloseTo(rateB, 12);
    expect(result.difference).toBeCloseTo(difference, 12);
    expect(result.z).toBeCloseTo(z, 10);
    expect(result.pValue).toBeCloseTo(pValue, 6);
  });

  it.each([
    [0.95, -0.0021643514519948948, 0.15222437546159873],
    [0.9, 0.01024646000401383, 0.13981356400559]
  ])('gives the unpooled Wald interval at confidence %d', (confidence, low, high) => {
    const result = twoProportionZTest({ conversionsA: 99, nA: 294, conversionsB: 126, nB: 306, confidence });
    expect(result.ciLow).toBeCloseTo(low, 8);
    expect(result.ciHigh).toBeCloseTo(high, 8);
  });

  it.each<[string, TwoProportionInput, 'empty-arm' | 'no-variance', (number | null)[]]>([
    ['an empty arm A', { conversionsA: 0, nA: 0, conversionsB: 3, nB: 10 }, 'empty-arm', [null, 0.3, null]],
    ['an empty arm B', { conversionsA: 3, nA: 10, conversionsB: 0, nB: 0 }, 'empty-arm', [0.3, null, null]],
    ['both arms empty', { conversionsA: 0, nA: 0, conversionsB: 0, nB: 0 }, 'empty-arm', [null, null, null]],
    ['nobody converted', { conversionsA: 0, nA: 40, conversionsB: 0, nB: 60 }, 'no-variance', [0, 0, 0]],
    ['everybody converted', { conversionsA: 40, nA: 40, conversionsB: 60, nB: 60 }, 'no-variance', [1, 1, 0]]
  ])(
    'reports %s as degenerate, without NaN and without throwing',
    (_label, input, reason, [rateA, rateB, difference]) => {
      expect(twoProportionZTest(input)).toEqual({
        kind: 'degenerate',
        reason,
        rateA,
        rateB,
        difference,
        z: null,
        pValue: null,
        ciLow: null,
        ciHigh: null
      });
    }
  );

  it.each<[string, TwoProportionInput]>([
    ['more conversions than units', { conversionsA: 11, nA: 10, conversionsB: 1, nB: 10 }],
    ['a negative count', { conversionsA: 1, nA: 10, conversionsB: -1, nB: 10 }],
    ['NaN', { conversionsA: NaN, nA: 10, conversionsB: 1, nB: 10 }],
    ['an infinite count', { conversionsA: 1, nA: Infinity, conversionsB: 1, nB: 10 }],
    ['a confidence of 1', { conversionsA: 1, nA: 10, conversionsB: 1, nB: 10, confidence: 1 }]
  ])('refuses %s', (_label, input) => {
    expect(() => twoProportionZTest(input)).toThrow(RangeError);
  });
});

describe('wilsonInterval', () => {
  it('reproduces the ANALYTICS.md §12 reference [0.28513, 0.39255], which is arm A, 99/294', () => {
    const interval = wilsonInterval(99, 294);
    expect(interval?.low).toBeCloseTo(0.28513, 5);
    expect(interval?.high).toBeCloseTo(0.39255, 5);
  });

  it.each([
    [99, 294, 0.95, 0.2851277221070705, 0.392553147506875],
    [126, 306, 0.95, 0.358048010798441, 0.46766930861538886],
    [0, 10, 0.95, 0, 0.2775327998628892],
    [10, 10, 0.95, 0.7224672001371107, 1],
    [1, 1, 0.95, 0.20654931437723745, 1],
    [3, 7, 0.9, 0.18644319036395607, 0.7105229089864071]
  ])('%d of %d at %d → [%d, %d]', (successes, n, confidence, low, high) => {
    const interval = wilsonInterval(successes, n, confidence);
    expect(interval?.low).toBeCloseTo(low, 8);
    expect(interval?.high).toBeCloseTo(high, 8);
  });

  it('stays inside [0, 1] at the extremes', () => {
    for (const n of [1, 2, 7, 1000, 1e7]) {
      const none = wilsonInterval(0, n);
      const all = wilsonInterval(n, n);
      expect(none?.low).toBe(0);
      expect(all?.high).toBe(1);
    }
  });

  it('has no interval without units', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it.each([
    [5, 4, 0.95],
    [-1, 4, 0.95],
    [NaN, 4, 0.95],
    [1, 4, 0]
  ])('refuses %d of %d at %d', (successes, n, confidence) => {
    expect(() => wilsonInterval(successes, n, confidence)).toThrow(RangeError);
  });
});

describe('sampleSizePerArm', () => {
  it.each<[string, SampleSizeInput, number]>([
    // ANALYTICS.md §12: 31,234 per arm (unrounded 31233.44).
    ['p = 5 %, +10 % relative, α = .05, power .8', { baseline: 0.05, relativeLift: 0.1 }, 31234],
    ['the same lift in points', { baseline: 0.05, absoluteLift: 0.005 }, 31234],
    ['a drop of 10 % (unrounded 28407.84)', { baseline: 0.05, relativeLift: -0.1 }, 28408],
    ['p = 20 %, +25 % relative (unrounded 1093.74)', { baseline: 0.2, relativeLift: 0.25 }, 1094],
    [
      'p = 10 % → 12 %, α = .01, power .9 (unrounded 7280.99)',
      { baseline: 0.1, absoluteLift: 0.02, alpha: 0.01, power: 0.9 },
      7281
    ],
    ['p = 30 %, +10 % relative (unrounded 3762.36)', { baseline: 0.3, relativeLift: 0.1 }, 3763]
  ])('%s → %d', (_label, input, expected) => {
    expect(sampleSizePerArm(input)).toBe(expected);
  });

  it.each<[string, SampleSizeInput]>([
    ['no lift given', { baseline: 0.05 }],
    ['both lifts given', { baseline: 0.05, relativeLift: 0.1, absoluteLift: 0.005 }],
    ['a zero lift', { baseline: 0.05, relativeLift: 0 }],
    ['a target rate above 1', { baseline: 0.6, relativeLift: 1 }],
    ['a baseline of 0', { baseline: 0, absoluteLift: 0.01 }],
    ['a power of 1', { baseline: 0.05, relativeLift: 0.1, power: 1 }]
  ])('refuses %s', (_label, input) => {
    expect(() => sampleSizePerArm(input)).toThrow(RangeError);
  });
});

describe('minimumDetectableEffect', () => {
  it.each([
    [0.05, 31234, 31234, 0.05, 0.8, 0.004885981710451438],
    [0.336735, 294, 306, 0.05, 0.8, 0.10812665149053292],
    [0.1, 1000, 3000, 0.01, 0.9, 0.04225549029782785]
  ])(
    'baseline %d, %d vs %d units, α %d, power %d → %d points',
    (baseline, nA, nB, alpha, power, absolute) => {
      const mde = minimumDetectableEffect({ baseline, nA, nB, alpha, power });
      expect(mde.absolute).toBeCloseTo(absolute, 8);
      expect(mde.relative).toBeCloseTo(absolute / baseline, 8);
    }
  );

  it('defaults to α = .05 and power .8', () => {
    expect(minimumDetectableEffect({ baseline: 0.05, nA: 31234, nB: 31234 }).absolute).toBeCloseTo(
      0.004885981710451438,
      8
    );
  });

  it.each([
    [0.05, 0, 10],
    [0.05, 10, NaN],
    [1, 10, 10]
  ])('refuses baseline %d with %d vs %d units', (baseline, nA, nB) => {
    expect(() => minimumDetectableEffect({ baseline, nA, nB })).toThrow(RangeError);
  });
});

describe('sampleRatioMismatch', () => {
  it.each<[string, number[], number[] | undefined, number, number, number, string]>([
    ['the §11.2 arms 294 vs 306 at 50/50', [294, 306], undefined, 0.24, 0.624206114766406, 0.01, 'ok'],
    [
      'three arms, ANALYTICS.md §12',
      [5000, 5200, 4800],
      undefined,
      16,
      3.354626279025119e-4,
      0.0133333,
      'alert'
    ],
    [
      'p between 0.001 and 0.01',
      [1000, 1120],
      undefined,
      6.7924528301886795,
      0.009154404276630099,
      0.0283019,
      'warning'
    ],
    [
      'a tiny p but a deviation under 0.1 %',
      [10_000_000, 10_030_000],
      undefined,
      44.93260109835247,
      2.0393418671181673e-11,
      0.00074888,
      'low-impact'
    ],
    [
      'a 30/70 split missed',
      [1000, 2000],
      [0.3, 0.7],
      15.873015873015873,
      6.773766860745862e-5,
      0.0333333,
      'alert'
    ],
    ['a 30/70 split met, given as percentages', [900, 2100], [30, 70], 0, 1, 0, 'ok'],
    [
      'p just under 0.05 is still fine',
      [1000, 1090],
      undefined,
      3.875598086124402,
      0.04899285118844116,
      0.0215311,
      'ok'
    ],
    ['no units yet', [0, 0], undefined, 0, 1, 0, 'ok']
  ])('%s', (_label, observed, shares, chiSquare, pValue, deviation, verdict) => {
    const result = sampleRatioMismatch(observed, shares);
    expect(result.df).toBe(observed.length - 1);
    expect(result.chiSquare).toBeCloseTo(chiSquare, 9);
    expect(Math.abs(result.pValue - pValue)).toBeLessThanOrEqual(1e-9 * Math.max(1e-3, pValue));
    expect(result.maxShareDeviation).toBeCloseTo(deviation, 6);
    expect(result.verdict).toBe(verdict);
  });

  it('gives the ANALYTICS.md §11.2 SRM p = 0.624 and §12 p = 3.3546e-4', () => {
    expect(sampleRatioMismatch([294, 306]).pValue).toBeCloseTo(0.624, 3);
    expect(sampleRatioMismatch([5000, 5200, 4800]).pValue).toBeCloseTo(3.3546e-4, 8);
  });

  it.each<[string, number[], number[] | undefined]>([
    ['one arm', [10], undefined],
    ['shares of the wrong length', [10, 10], [1, 1, 1]],
    ['a zero share', [10, 10], [1, 0]],
    ['a negative count', [10, -1], undefined],
    ['a NaN count', [10, NaN], undefined]
  ])('refuses %s', (_label, observed, shares) => {
    expect(() => sampleRatioMismatch(observed, shares)).toThrow(RangeError);
  });
});
