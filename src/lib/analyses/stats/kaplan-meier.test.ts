import { describe, expect, it } from 'vitest';
import { kaplanMeier, type LifeTableRow } from './kaplan-meier';

/** Per-subject times (`*` marks censoring, as in textbooks) → a life table without `atRisk`. */
function toLifeTable(subjects: string): LifeTableRow[] {
  const rows = new Map<number, LifeTableRow>();
  for (const token of subjects.split(',')) {
    const censored = token.trim().endsWith('*');
    const t = Number(token.trim().replace('*', ''));
    const row = rows.get(t) ?? { t, events: 0, censored: 0 };
    if (censored) row.censored += 1;
    else row.events += 1;
    rows.set(t, row);
  }
  return [...rows.values()];
}

describe('kaplanMeier on a small hand-computed example', () => {
  // Six subjects: events at 1, 2, 2 and 4; censored at 3 and 5.
  //   t  n  d  c   Ŝ                    Σ d/(n(n−d))              Var = Ŝ²Σ         SE
  //   1  6  1  0   5/6                  1/(6·5) = 1/30            25/36 · 1/30      0.152145
  //   2  5  2  0   5/6 · 3/5 = 1/2      1/30 + 2/(5·3) = 1/6      1/4 · 1/6 = 1/24  0.204124
  //   3  3  0  1   1/2                  1/6                       1/24              0.204124
  //   4  2  1  0   1/2 · 1/2 = 1/4      1/6 + 1/(2·1) = 2/3       1/16 · 2/3 = 1/24 0.204124
  //   5  1  0  1   1/4                  2/3                       1/24              0.204124
  // Log-log interval at t = 2: σ = √(1/6) / ln 2 = 0.588980, e^(1.959964·σ) = 3.172063, so
  // [0.5^3.172063, 0.5^(1/3.172063)] = [0.110948, 0.803709].
  const rows = toLifeTable('1, 2, 2, 3*, 4, 5*');

  it('counts the subjects at risk from the events and censorings at each time and later', () => {
    expect(kaplanMeier(rows).map((point) => point.atRisk)).toEqual([6, 5, 3, 2, 1]);
  });

  it.each([
    [0, 1, 5 / 6, 25 / 36 / 30],
    [1, 2, 1 / 2, 1 / 24],
    [2, 3, 1 / 2, 1 / 24],
    [3, 4, 1 / 4, 1 / 24],
    [4, 5, 1 / 4, 1 / 24]
  ])('row %d: Ŝ(%d) = %d, Greenwood variance %d', (index, t, survival, variance) => {
    const point = kaplanMeier(rows)[index];
    expect(point.t).toBe(t);
    expect(point.survival).toBeCloseTo(survival, 14);
    expect(point.variance).toBeCloseTo(variance, 14);
    expect(point.standardError).toBeCloseTo(Math.sqrt(variance), 14);
  });

  it('gives the log-log interval worked out above', () => {
    const atTwo = kaplanMeier(rows)[1];
    expect(atTwo.ciLow).toBeCloseTo(0.110948, 6);
    expect(atTwo.ciHigh).toBeCloseTo(0.803709, 6);
  });

  it('sorts rows by time without changing the input', () => {
    const shuffled = [rows[3], rows[0], rows[4], rows[2], rows[1]];
    const copy = structuredClone(shuffled);
    expect(kaplanMeier(shuffled)).toEqual(kaplanMeier(rows));
    expect(shuffled).toEqual(copy);
  });

  it('drops to 0 and collapses the interval when every subject at risk has the event (d = n)', () => {
    // The last subject has the event at 5 instead of being censored: Ŝ(5) = 1/4 · (1 − 1/1) = 0.
    const points = kaplanMeier(toLifeTable('1, 2, 2, 3*, 4, 5'));
    expect(points.at(-1)).toEqual({
      t: 5,
      atRisk: 1,
      events: 1,
      censored: 0,
      survival: 0,
      variance: 0,
      standardError: 0,
      ciLow: 0,
      ciHigh: 0
    });
    for (const point of points) for (const value of Object.values(point)) expect(value).not.toBeNaN();
  });

  it('stays at 0 after it has reached 0', () => {
    const points = kaplanMeier([
      { t: 1, atRisk: 2, events: 2, censored: 0 },
      { t: 2, atRisk: 3, events: 1, censored: 0 }
    ]);
    expect(points.map((point) => [point.survival, point.ciLow, point.ciHigh])).toEqual([
      [0, 0, 0],
      [0, 0, 0]
    ]);
  });

  it('has Ŝ = 1 with a collapsed interval before the first event', () => {
    const [first] = kaplanMeier([
      { t: 0, events: 0, censored: 2 },
      { t: 3, events: 1, censored: 1 }
    ]);
    expect(first).toMatchObject({ atRisk: 4, survival: 1, variance: 0, ciLow: 1, ciHigh: 1 });
  });

  it('uses atRisk when it is given (late entries) and fills in the rows where it is not', () => {
    // 10 at risk at t = 1 although only 4 subjects are counted from there on: 6 left without being listed.
    const points = kaplanMeier([
      { t: 1, atRisk: 10, events: 2, censored: 0 },
      { t: 2, events: 1, censored: 1 }
    ]);
    expect(points.map((point) => point.atRisk)).toEqual([10, 2]);
    expect(points[1].survival).toBeCloseTo(0.8 * 0.5, 14);
  });

  it('returns nothing for an empty table', () => {
    expect(kaplanMeier([])).toEqual([]);
  });

  it.each<[string, LifeTableRow[]]>([
    [
      'a repeated time',
      [
        { t: 1, events: 1, censored: 0 },
        { t: 1, events: 0, censored: 1 }
      ]
    ],
    ['a NaN time', [{ t: NaN, events: 1, censored: 0 }]],
    ['negative events', [{ t: 1, events: -1, censored: 0 }]],
    ['more leaving than at risk', [{ t: 1, atRisk: 2, events: 2, censored: 1 }]]
  ])('refuses %s', (_label, table) => {
    expect(() => kaplanMeier(table)).toThrow(RangeError);
  });
});

describe('kaplanMeier on the 6-MP arm of Freireich et al. (1963)', () => {
  // Remission times in weeks, as in Kleinbaum & Klein, "Survival Analysis", ch. 2 (the Gehan data).
  const points = kaplanMeier(
    toLifeTable('6, 6, 6, 6*, 7, 9*, 10, 10*, 11*, 13, 16, 17*, 19*, 20*, 22, 23, 25*, 32*, 32*, 34*, 35*')
  );
  const eventTimes = points.filter((point) => point.events > 0);

  it('has events at the published times with the published numbers at risk', () => {
    expect(eventTimes.map((point) => [point.t, point.atRisk, point.events])).toEqual([
      [6, 21, 3],
      [7, 17, 1],
      [10, 15, 1],
      [13, 12, 1],
      [16, 11, 1],
      [22, 7, 1],
      [23, 6, 1]
    ]);
  });

  // Ŝ and the Greenwood SE as published (3 d.p.); the log-log limits as R's survfit(conf.type = "log-log")
  // prints them for this data.
  it.each([
    [6, 0.857, 0.076, 0.62, 0.952],
    [7, 0.807, 0.087, 0.563, 0.923],
    [10, 0.753, 0.096, 0.503, 0.889],
    [13, 0.69, 0.107, 0.432, 0.849],
    [16, 0.627, 0.114, 0.368, 0.805],
    [22, 0.538, 0.128, 0.268, 0.747],
    [23, 0.448, 0.135, 0.188, 0.68]
  ])('at t = %d: Ŝ = %d, SE = %d, 95%% CI [%d, %d]', (t, survival, standardError, low, high) => {
    const point = eventTimes.find((candidate) => candidate.t === t);
    expect(point?.survival).toBeCloseTo(survival, 3);
    expect(point?.standardError).toBeCloseTo(standardError, 3);
    expect(point?.ciLow).toBeCloseTo(low, 3);
    expect(point?.ciHigh).toBeCloseTo(high, 3);
  });

  it('keeps Ŝ flat through the censorings after the last event', () => {
    expect(points.at(-1)).toMatchObject({ t: 35, atRisk: 1, censored: 1 });
    expect(points.at(-1)?.survival).toBe(eventTimes.at(-1)?.survival);
  });
});
