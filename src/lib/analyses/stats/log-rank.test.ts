import { describe, expect, it } from 'vitest';
import { logRankTest, type SurvivalSubject } from './log-rank';

/** Per-subject times, `*` marking censoring: '1, 3*' → two subjects. */
function toSubjects(times: string): SurvivalSubject[] {
  if (times.trim() === '') return [];
  return times.split(',').map((token) => ({
    time: Number(token.trim().replace('*', '')),
    event: !token.trim().endsWith('*')
  }));
}

describe('logRankTest on a small hand-computed example', () => {
  // A: events at 1, 3, 3, censored at 5. B: events at 2, 3, 4, 6.
  //   t  n_A n_B  n  d_A d_B  d   E_A = d·n_A/n   V = d(n_A/n)(n_B/n)(n−d)/(n−1)
  //   1   4   4   8   1   0   1   4/8 = 0.5       1·½·½·7/7 = 0.25
  //   2   3   4   7   0   1   1   3/7             (3/7)(4/7) = 12/49
  //   3   3   3   6   2   1   3   3·3/6 = 1.5     3·½·½·3/5 = 0.45
  //   4   1   2   3   0   1   1   1/3             (1/3)(2/3) = 2/9
  //   6   0   1   1   0   1   1   0               0 (one subject at risk)
  // O_A = 3, E_A = 0.5 + 3/7 + 1.5 + 1/3 = 2.761905; O_B = 4, E_B = 7 − E_A = 4.238095;
  // V = 0.25 + 12/49 + 0.45 + 2/9 = 1.167120; χ² = (3 − 2.761905)² / 1.167120 = 0.048572; p = 0.825567.
  const result = logRankTest(toSubjects('1, 3, 3, 5*'), toSubjects('2, 3, 4, 6'));

  it('finds the observed and expected counts', () => {
    expect(result.observedA).toBe(3);
    expect(result.observedB).toBe(4);
    expect(result.expectedA).toBeCloseTo(0.5 + 3 / 7 + 1.5 + 1 / 3, 12);
    expect(result.expectedB).toBeCloseTo(7 - (0.5 + 3 / 7 + 1.5 + 1 / 3), 12);
  });

  it('finds χ² and p', () => {
    const variance = 0.25 + 12 / 49 + 0.45 + 2 / 9;
    const difference = 3 - (0.5 + 3 / 7 + 1.5 + 1 / 3);
    expect(result.kind).toBe('tested');
    expect(result.chiSquare).toBeCloseTo((difference * difference) / variance, 12);
    expect(result.pValue).toBeCloseTo(0.825567, 6);
  });

  it('does not depend on the order of subjects or which group comes first', () => {
    const swapped = logRankTest(toSubjects('6, 3, 4, 2'), toSubjects('5*, 3, 1, 3'));
    expect(swapped.chiSquare).toBeCloseTo(result.chiSquare ?? NaN, 12);
    expect([swapped.observedA, swapped.observedB]).toEqual([4, 3]);
  });
});

describe('logRankTest on the 6-MP and placebo arms of Freireich et al. (1963)', () => {
  const sixMp = toSubjects(
    '6, 6, 6, 6*, 7, 9*, 10, 10*, 11*, 13, 16, 17*, 19*, 20*, 22, 23, 25*, 32*, 32*, 34*, 35*'
  );
  const placebo = toSubjects('1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23');

  it('reproduces the published χ² ≈ 16.79 and p ≈ 4.17e-5', () => {
    const result = logRankTest(sixMp, placebo);
    expect(result.kind).toBe('tested');
    expect(result.chiSquare).toBeCloseTo(16.79294, 5);
    expect(result.pValue).toBeCloseTo(4.1688e-5, 8);
  });

  it('reproduces the published observed and expected counts (9 vs 19.25, 21 vs 10.75)', () => {
    expect(logRankTest(sixMp, placebo)).toMatchObject({ observedA: 9, observedB: 21 });
    expect(logRankTest(sixMp, placebo).expectedA).toBeCloseTo(19.2505, 4);
    expect(logRankTest(sixMp, placebo).expectedB).toBeCloseTo(10.7495, 4);
  });
});

describe('logRankTest without anything to compare', () => {
  it.each<[string, string, string, 'no-events' | 'no-variance']>([
    ['no events at all', '1*, 2*', '3*', 'no-events'],
    ['two empty groups', '', '', 'no-events'],
    ['an empty group', '1, 2, 3', '', 'no-variance'],
    ['one subject at risk at the only event', '1*', '2', 'no-variance']
  ])('reports %s as degenerate, without NaN', (_label, a, b, reason) => {
    const result = logRankTest(toSubjects(a), toSubjects(b));
    expect(result).toMatchObject({ kind: 'degenerate', reason, chiSquare: null, pValue: null });
    for (const value of [result.observedA, result.expectedA, result.observedB, result.expectedB]) {
      expect(value).not.toBeNaN();
    }
  });

  it.each([NaN, Infinity])('refuses a time of %d', (time) => {
    expect(() => logRankTest([{ time, event: true }], [{ time: 1, event: true }])).toThrow(RangeError);
  });
});
