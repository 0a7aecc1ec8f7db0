import initSqlJs, { type Database } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlArgument, SqlFunctionHost, SqlResult } from './sql-functions';
import { SURVIVAL_AGGREGATE_FUNCTIONS, type KaplanMeierRow, type LogRankJson } from './survival-sql';

let db: Database;

/** Registers the survival aggregates as `registerSqlFunctions` does: arity from `step.length`, errors as NULL. */
function registerSurvivalFunctions(host: SqlFunctionHost): void {
  for (const aggregate of SURVIVAL_AGGREGATE_FUNCTIONS) {
    const step = (state: unknown, ...args: SqlArgument[]): unknown => {
      try {
        return aggregate.step(state as never, ...args);
      } catch {
        return state;
      }
    };
    const finalize = (state: unknown): SqlResult => {
      try {
        return aggregate.finalize(state as never);
      } catch {
        return null;
      }
    };
    host.create_aggregate(aggregate.name, {
      init: () => aggregate.init(),
      step: Object.defineProperty(step, 'length', { value: aggregate.arity + 1 }),
      finalize
    });
  }
}

/** `*` marks a censored time, as in textbooks: '6, 6*' → two rows of `arm`. */
function toRows(arm: string, times: string): string {
  return times
    .split(',')
    .map((token) => `('${arm}', ${token.trim().replace('*', '')}, ${token.trim().endsWith('*') ? 0 : 1})`)
    .join(', ');
}

// Freireich et al. (1963), remission times in weeks (the Gehan data in Kleinbaum & Klein, ch. 2): the same data
// as `stats/kaplan-meier.test.ts` and `stats/log-rank.test.ts`, here through SQL.
const SIX_MP = '6, 6, 6, 6*, 7, 9*, 10, 10*, 11*, 13, 16, 17*, 19*, 20*, 22, 23, 25*, 32*, 32*, 34*, 35*';
const PLACEBO = '1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23';

beforeAll(async () => {
  const SQL = await initSqlJs();
  db = new SQL.Database();
  // @types/sql.js 1.4 does not declare create_aggregate, which sql.js itself has had since 1.6.
  registerSurvivalFunctions(db as unknown as SqlFunctionHost);
  db.run(`
    CREATE TABLE gehan (arm TEXT, weeks, relapsed);
    INSERT INTO gehan VALUES ${toRows('6-MP', SIX_MP)}, ${toRows('placebo', PLACEBO)};
    CREATE TABLE small (g TEXT, t, event);
    INSERT INTO small VALUES ${toRows('x', '1, 2, 2, 3*, 4, 5*')};
    CREATE TABLE empty (t, event, g);
  `);
});

afterAll(() => db.close());

function value(sql: string): unknown {
  const [result] = db.exec(sql);
  return result.values[0][0];
}

function curve(sql: string): KaplanMeierRow[] {
  return JSON.parse(value(sql) as string) as KaplanMeierRow[];
}

function logRank(sql: string): LogRankJson {
  return JSON.parse(value(sql) as string) as LogRankJson;
}

describe('km_curve on a small example worked out by hand', () => {
  // Events at 1, 2, 2 and 4; censored at 3 and 5 (as in stats/kaplan-meier.test.ts).
  //   t  n  d  c   Ŝ      Σ d/(n(n−d))          SE = Ŝ·√Σ
  //   1  6  1  0   5/6    1/30                  5/6·√(1/30) = 0.152145
  //   2  5  2  0   1/2    1/30 + 2/15 = 1/6     1/2·√(1/6)  = 0.204124
  //   3  3  0  1   1/2    1/6                   0.204124
  //   4  2  1  0   1/4    1/6 + 1/2 = 2/3       1/4·√(2/3)  = 0.204124
  //   5  1  0  1   1/4    2/3                   0.204124
  // Log-log interval at t = 2: σ = √(1/6)/ln 2 = 0.588980, e^(1.959964·σ) = 3.172063, so [0.5^3.172063,
  // 0.5^(1/3.172063)] = [0.110948, 0.803709].
  const rows = () => curve('SELECT km_curve(t, event) FROM small');

  it('has one row per distinct time with the numbers at risk, events and censorings', () => {
    expect(rows().map((row) => [row.group, row.t, row.at_risk, row.events, row.censored])).toEqual([
      [null, 1, 6, 1, 0],
      [null, 2, 5, 2, 0],
      [null, 3, 3, 0, 1],
      [null, 4, 2, 1, 0],
      [null, 5, 1, 0, 1]
    ]);
  });

  it('has the product-limit estimate, Greenwood SE and log-log interval', () => {
    const expected = [
      [5 / 6, (5 / 6) * Math.sqrt(1 / 30)],
      [1 / 2, Math.sqrt(1 / 24)],
      [1 / 2, Math.sqrt(1 / 24)],
      [1 / 4, Math.sqrt(1 / 24)],
      [1 / 4, Math.sqrt(1 / 24)]
    ];
    rows().forEach((row, index) => {
      expect(row.survival).toBeCloseTo(expected[index][0], 14);
      expect(row.se).toBeCloseTo(expected[index][1], 14);
    });
    expect(rows()[1].ci_low).toBeCloseTo(0.110948, 6);
    expect(rows()[1].ci_high).toBeCloseTo(0.803709, 6);
  });

  it('gives the median: the first time at which Ŝ ≤ 0.5', () => {
    expect(value('SELECT km_median(t, event) FROM small')).toBe(2);
  });
});

describe('the survival aggregates on the 6-MP trial of Freireich et al. (1963)', () => {
  const curves = () => curve('SELECT km_curve_by(weeks, relapsed, arm) FROM gehan');

  it('gives one curve per group, sorted by group then time', () => {
    const rows = curves();
    expect([...new Set(rows.map((row) => row.group))]).toEqual(['6-MP', 'placebo']);
    for (const arm of ['6-MP', 'placebo']) {
      const times = rows.filter((row) => row.group === arm).map((row) => row.t);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    expect(rows.filter((row) => row.group === '6-MP')).toHaveLength(16);
  });

  // Ŝ and the Greenwood SE as published (3 d.p.); the log-log limits as R's survfit(conf.type = "log-log").
  it.each([
    [6, 21, 0.857, 0.076, 0.62, 0.952],
    [7, 17, 0.807, 0.087, 0.563, 0.923],
    [10, 15, 0.753, 0.096, 0.503, 0.889],
    [13, 12, 0.69, 0.107, 0.432, 0.849],
    [16, 11, 0.627, 0.114, 0.368, 0.805],
    [22, 7, 0.538, 0.128, 0.268, 0.747],
    [23, 6, 0.448, 0.135, 0.188, 0.68]
  ])(
    '6-MP at t = %d: %d at risk, Ŝ = %d, SE = %d, 95%% CI [%d, %d]',
    (t, atRisk, survival, se, low, high) => {
      const row = curves().find((candidate) => candidate.group === '6-MP' && candidate.t === t);
      expect(row?.at_risk).toBe(atRisk);
      expect(row?.survival).toBeCloseTo(survival, 3);
      expect(row?.se).toBeCloseTo(se, 3);
      expect(row?.ci_low).toBeCloseTo(low, 3);
      expect(row?.ci_high).toBeCloseTo(high, 3);
    }
  );

  it('takes the placebo arm down to 0 with a collapsed interval', () => {
    // Placebo: every subject relapses; the last one at 23 weeks (1 at risk, 1 event).
    expect(curves().at(-1)).toEqual({
      group: 'placebo',
      t: 23,
      at_risk: 1,
      events: 1,
      censored: 0,
      survival: 0,
      ci_low: 0,
      ci_high: 0,
      se: 0
    });
  });

  it('gives the published medians per group: 23 weeks on 6-MP, 8 on placebo', () => {
    // Placebo: Ŝ(5) = 12/21 = 0.571, Ŝ(8) = 8/21 = 0.381. 6-MP: Ŝ(22) = 0.538, Ŝ(23) = 0.448.
    const [result] = db.exec('SELECT arm, km_median(weeks, relapsed) FROM gehan GROUP BY arm ORDER BY arm');
    expect(result.values).toEqual([
      ['6-MP', 23],
      ['placebo', 8]
    ]);
  });

  it('reproduces the published log-rank test: χ² ≈ 16.79, p ≈ 4.17e-5, 9 vs 19.25 and 21 vs 10.75', () => {
    const result = logRank('SELECT log_rank(weeks, relapsed, arm) FROM gehan');
    expect(result).toMatchObject({ ok: true, reason: null, groups: ['6-MP', 'placebo'] });
    expect(result.chi_square).toBeCloseTo(16.79294, 5);
    expect(result.p_value).toBeCloseTo(4.1688e-5, 8);
    expect([result.observed_a, result.observed_b]).toEqual([9, 21]);
    expect(result.expected_a).toBeCloseTo(19.2505, 4);
    expect(result.expected_b).toBeCloseTo(10.7495, 4);
  });

  it('expands to rows with json_each and ->>', () => {
    const [result] = db.exec(`
      SELECT j.value ->> 'group', j.value ->> 't', round(j.value ->> 'survival', 3)
      FROM (SELECT km_curve_by(weeks, relapsed, arm) AS curve FROM gehan) AS k, json_each(k.curve) AS j
      WHERE j.value ->> 'events' > 0 AND j.value ->> 'group' = '6-MP'
      LIMIT 2
    `);
    expect(result.values).toEqual([
      ['6-MP', 6, 0.857],
      ['6-MP', 7, 0.807]
    ]);
  });
});

describe('the survival aggregates on awkward input', () => {
  it('leaves out rows without a usable time and reads events as SQLite reads truth', () => {
    const rows = curve(`
      WITH v(t, event) AS (VALUES
        (NULL, 1), ('soon', 1), (-1, 1), (X'01', 1), (1e999, 1),
        (' 2 ', '1'), (2, 2), (2, 'yes'), (2, NULL), (3, 0.5), (3, -1), (3, '0')
      )
      SELECT km_curve(t, event) FROM v
    `);
    // Kept: t = 2 with events '1' and 2 (events), 'yes' and NULL (censored); t = 3 with 0.5 and -1 (events),
    // '0' (censored).
    expect(rows.map((row) => [row.t, row.at_risk, row.events, row.censored])).toEqual([
      [2, 7, 2, 2],
      [3, 3, 2, 1]
    ]);
  });

  it('keeps NULL, numbers and text as different groups, sorted NULL first, then numbers, then text', () => {
    const rows = curve(`
      WITH v(t, g) AS (VALUES (1, 'b'), (1, 10), (1, NULL), (1, '10'), (1, 9), (1, X'00'))
      SELECT km_curve_by(t, 1, g) FROM v
    `);
    expect(rows.map((row) => row.group)).toEqual([null, 9, 10, '10', 'b']);
  });

  it('returns an empty curve, no median and no test for no rows', () => {
    expect(value('SELECT km_curve(t, event) FROM empty')).toBe('[]');
    expect(value('SELECT km_curve_by(t, event, g) FROM empty')).toBe('[]');
    expect(value('SELECT km_median(t, event) FROM empty')).toBeNull();
    expect(logRank('SELECT log_rank(t, event, g) FROM empty')).toEqual({
      ok: false,
      reason: 'There are no subjects with a time, so there is nothing to test.',
      groups: [],
      chi_square: null,
      p_value: null,
      observed_a: null,
      expected_a: null,
      observed_b: null,
      expected_b: null
    });
  });

  it('has no median while Ŝ stays above one half', () => {
    expect(value('WITH v(t, e) AS (VALUES (1, 1), (2, 0), (3, 0)) SELECT km_median(t, e) FROM v')).toBeNull();
  });

  it.each<[string, string, string]>([
    [
      'one group',
      `('a', 1, 1), ('a', 2, 1)`,
      'There is only one group ("a"); the log-rank test compares two.'
    ],
    [
      'three groups',
      `('a', 1, 1), ('b', 2, 1), ('c', 3, 1)`,
      'There are 3 groups ("a", "b", "c"); this log-rank test compares exactly two, so keep the rows of two groups only.'
    ],
    ['no events', `('a', 1, 0), ('b', 2, 0)`, 'Neither group has an event, so there is nothing to compare.'],
    [
      'groups never at risk together',
      `('a', 1, 0), ('b', 2, 1)`,
      'The two groups never had subjects at risk at the same event time, so they cannot be compared.'
    ]
  ])('explains in words why there is no test: %s', (_label, rows, reason) => {
    const result = logRank(`WITH v(g, t, e) AS (VALUES ${rows}) SELECT log_rank(t, e, g) FROM v`);
    expect(result).toMatchObject({ ok: false, reason, chi_square: null, p_value: null });
  });

  it('keeps the counts of a degenerate test', () => {
    const result = logRank(
      `WITH v(g, t, e) AS (VALUES ('a', 1, 0), ('b', 2, 1)) SELECT log_rank(t, e, g) FROM v`
    );
    expect(result).toMatchObject({ groups: ['a', 'b'], observed_a: 0, expected_a: 0, observed_b: 1 });
  });

  it('never throws and always returns valid JSON (or a number or NULL for the median)', () => {
    const hostile: SqlArgument[] = [
      null,
      'abc',
      '',
      '1e400',
      new Uint8Array([1]),
      NaN,
      Infinity,
      -1,
      0,
      0.5,
      2
    ];
    for (const fn of SURVIVAL_AGGREGATE_FUNCTIONS) {
      let state = fn.init();
      for (const t of hostile)
        for (const event of hostile)
          for (const group of hostile) {
            state = fn.step(state, t, event, group);
            const result = fn.finalize(state);
            if (fn.name === 'km_median') expect(result === null || Number.isFinite(result)).toBe(true);
            else expect(() => JSON.parse(result as string)).not.toThrow();
          }
    }
  });

  it('registers each function under one name with exactly its arity', () => {
    for (const fn of SURVIVAL_AGGREGATE_FUNCTIONS) {
      const args = (count: number) => ['t', 'event', 'g', 'g'].slice(0, count).join(', ');
      expect(() => db.exec(`SELECT ${fn.name}(${args(fn.arity)}) FROM small`)).not.toThrow();
      expect(() => db.exec(`SELECT ${fn.name}(${args(fn.arity + 1)}) FROM small`)).toThrow(
        /wrong number of arguments/
      );
    }
  });
});
