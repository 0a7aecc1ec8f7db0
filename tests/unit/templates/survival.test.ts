import { beforeAll, describe, expect, it } from 'vitest';
import type { InProcessEngine } from '../../../src/lib/engine/in-process-engine';
import type { SqlValue } from '../../../src/lib/engine/types';
import { engineWith, loadTemplate, problems, runTemplate, type TemplateRun } from '../../support/templates';
import { SMALL_SHOP } from './fixtures';

const template = loadTemplate('survival.md');

/** The named columns of every row of a result, in order, for compact expectations. */
async function columns(run: TemplateRun, name: string, ...keys: string[]): Promise<SqlValue[][]> {
  return (await run.rows(name)).map((row) => keys.map((key) => row[key]));
}

/**
 * SMALL_SHOP as of 2024-04-01 (its last order). Completed orders per customer (the refund O08 never counts;
 * O12 counts although it has no rate, because durations need no money):
 *
 * | customer | region | first      | second     | last       | days since last | followed (as-of − first) |
 * |----------|--------|------------|------------|------------|-----------------|--------------------------|
 * | C1 DE    | EMEA   | 2024-01-05 | 2024-02-10 | 2024-04-01 | 0               | 87                       |
 * | C2 FR    | EMEA   | 2024-01-20 | 2024-01-25 | 2024-03-02 | 30              | 72                       |
 * | C3 US    | NA     | 2024-01-31 | 2024-02-01 | 2024-02-01 | 60              | 61                       |
 * | C4 DE    | EMEA   | 2024-02-15 | 2024-03-15 | 2024-03-20 | 12              | 46                       |
 * | C5 JP    | APAC   | 2024-03-10 | —          | 2024-03-10 | 22              | 22                       |
 *
 * With a 25-day window, C2 (30 > 25) and C3 (60 > 25) have churned, dated 25 days after their last order:
 * C2 at (03-02 − 01-20) + 25 = 42 + 25 = 67 days, C3 at 1 + 25 = 26 days. The others are censored at the
 * as-of date: C1 at 87, C4 at 46, C5 at 22.
 */
describe('survival template, on a shop computed by hand', () => {
  let engine: InProcessEngine;
  beforeAll(async () => {
    engine = await engineWith(SMALL_SHOP);
  });

  it('censors everyone at the as-of date with the default 180-day window, and suggests a window', async () => {
    const run = await runTemplate(engine, template);
    expect(problems(run)).toEqual([]);
    expect(
      await columns(run, 'customer_observations', 'customer_id', 'segment', 'churned', 'churn_days')
    ).toEqual([
      ['C1', 'EMEA', 0, 87],
      ['C2', 'EMEA', 0, 72],
      ['C3', 'NA', 0, 61],
      ['C4', 'EMEA', 0, 46],
      ['C5', 'APAC', 0, 22]
    ]);
    expect((await run.rows('churn_curve')).every((row) => row.survival === 1 && row.se === 0)).toBe(true);
    expect((await run.rows('churn_medians'))[0]).toEqual({
      segment: 'All customers',
      customers: 5,
      churned: 0,
      censored: 5,
      median_days: null
    });
    // Gaps between completed orders (days): C1 36, 51; C2 5, 37; C3 1; C4 29, 5. Sorted: 1 5 5 29 36 37 51;
    // nearest rank ⌈p·7⌉: median → 4th = 29, p80 → 6th = 37.
    expect(await run.row('gap_stats')).toEqual({ repeat_gaps: 7, median_days: 29, p80_days: 37 });
  });

  it('dates churn W days after the last order and censors the others at the as-of date', async () => {
    const run = await runTemplate(engine, template, { window_days: 25 });
    expect(problems(run)).toEqual([]);
    expect(
      await columns(
        run,
        'customer_observations',
        'customer_id',
        'days_since_last',
        'churned',
        'churn_days',
        'reordered',
        'second_order_days'
      )
    ).toEqual([
      ['C1', 0, 0, 87, 1, 36],
      ['C2', 30, 1, 67, 1, 5],
      ['C3', 60, 1, 26, 1, 1],
      ['C4', 12, 0, 46, 1, 29],
      ['C5', 22, 0, 22, 0, 22]
    ]);
  });

  it('gives the Kaplan–Meier curve with Greenwood SE and the log-log interval', async () => {
    const run = await runTemplate(engine, template, { window_days: 25 });
    // All customers: 22*, 26, 46*, 67, 87*.
    //   t   n  d  c   Ŝ               Σ d/(n(n−d))           se = Ŝ√Σ
    //   22  5  0  1   1               0                      0
    //   26  4  1  0   3/4             1/(4·3) = 1/12          0.75·√(1/12) = 0.216506
    //   46  3  0  1   3/4             1/12                   0.216506
    //   67  2  1  0   3/4·1/2 = 3/8   1/12 + 1/(2·1) = 7/12   0.375·√(7/12) = 0.286411
    //   87  1  0  1   3/8             7/12                   0.286411
    // Log-log at 26: σ = √(1/12)/|ln 0.75| = 1.003452, e^(1.959964σ) = 7.147374, [0.75^7.147374, 0.75^(1/7.147374)]
    // = [0.127947, 0.960549]. At 67: σ = √(7/12)/|ln 0.375| = 0.778691, e^(1.959964σ) = 4.600714,
    // [0.375^4.600714, 0.375^(1/4.600714)] = [0.010971, 0.808001].
    // EMEA: 46*, 67, 87*: Ŝ(67) = 1 − 1/2 = 0.5, Σ = 1/2, se = 0.5·√(1/2) = 0.353553; σ = √(1/2)/ln 2 =
    // 1.020141, e^(1.959964σ) = 7.384938, [0.5^7.384938, 0.5^(1/7.384938)] = [0.005983, 0.910410].
    // NA: C3 alone churns at 26: d = n = 1, Ŝ = 0 and the interval collapses. APAC: C5 censored at 22.
    expect(
      await columns(
        run,
        'churn_curve',
        'segment',
        'days',
        'at_risk',
        'churned',
        'censored',
        'survival',
        'se',
        'ci_low',
        'ci_high'
      )
    ).toEqual([
      ['All customers', 22, 5, 0, 1, 1, 0, 1, 1],
      ['All customers', 26, 4, 1, 0, 0.75, 0.2165, 0.1279, 0.9605],
      ['All customers', 46, 3, 0, 1, 0.75, 0.2165, 0.1279, 0.9605],
      ['All customers', 67, 2, 1, 0, 0.375, 0.2864, 0.011, 0.808],
      ['All customers', 87, 1, 0, 1, 0.375, 0.2864, 0.011, 0.808],
      ['APAC', 22, 1, 0, 1, 1, 0, 1, 1],
      ['EMEA', 46, 3, 0, 1, 1, 0, 1, 1],
      ['EMEA', 67, 2, 1, 0, 0.5, 0.3536, 0.006, 0.9104],
      ['EMEA', 87, 1, 0, 1, 0.5, 0.3536, 0.006, 0.9104],
      ['NA', 26, 1, 1, 0, 0, 0, 0, 0]
    ]);
  });

  it('draws each curve as steps from (0, 1), keeping the last censored time', async () => {
    const run = await runTemplate(engine, template, { window_days: 25 });
    const emea = (await run.rows('churn_steps')).filter((row) => row.segment === 'EMEA');
    expect(emea.map((row) => [row.time, row.survival, row.ci_low])).toEqual([
      [0, 1, 1],
      [67, 1, 1],
      [67, 0.5, 0.006],
      [87, 0.5, 0.006]
    ]);
    const bands = (await run.rows('churn_bands')).filter((row) => row.segment === 'EMEA' && row.time === 87);
    expect(bands.map((row) => [row.line, row.value])).toEqual([
      ['lower 95 %', 0.006],
      ['upper 95 %', 0.9104],
      ['Ŝ(t)', 0.5]
    ]);
    // In months of 30.4375 days: 67 days = 2.2012.
    const months = await runTemplate(engine, template, { window_days: 25, time_unit: 'months' });
    const times = (await months.rows('churn_steps'))
      .filter((row) => row.segment === 'EMEA')
      .map((row) => row.time);
    expect(times).toEqual([0, 2.2, 2.2, 2.86]);
  });

  it('reads the curves at 30, 90, 180 and 365 days, and not beyond the last observation', async () => {
    const run = await runTemplate(engine, template, { window_days: 25 });
    // All customers at 30: the row at 26 (Ŝ = 3/4), still observed at 30: C4, C2, C1. At 90 and later: beyond
    // the last time, 87, which is censored, so unknown. NA fell to 0 at 26 and stays there. APAC was followed
    // for 22 days only.
    expect(
      await columns(run, 'churn_milestones', 'segment', 'days', 'at_risk', 'survival', 'ci_low', 'ci_high')
    ).toEqual([
      ['All customers', 30, 3, 0.75, 0.1279, 0.9605],
      ['All customers', 90, 0, null, null, null],
      ['All customers', 180, 0, null, null, null],
      ['All customers', 365, 0, null, null, null],
      ['EMEA', 30, 3, 1, 1, 1],
      ['EMEA', 90, 0, null, null, null],
      ['EMEA', 180, 0, null, null, null],
      ['EMEA', 365, 0, null, null, null],
      ['APAC', 30, 0, null, null, null],
      ['APAC', 90, 0, null, null, null],
      ['APAC', 180, 0, null, null, null],
      ['APAC', 365, 0, null, null, null],
      ['NA', 30, 0, 0, 0, 0],
      ['NA', 90, 0, 0, 0, 0],
      ['NA', 180, 0, 0, 0, 0],
      ['NA', 365, 0, 0, 0, 0]
    ]);
    // Medians: the first time with Ŝ ≤ 0.5: 67 for all (0.375) and for EMEA (0.5), 26 for NA, none for APAC.
    expect(await columns(run, 'churn_medians', 'segment', 'customers', 'churned', 'median_days')).toEqual([
      ['All customers', 5, 2, 67],
      ['EMEA', 3, 1, 67],
      ['APAC', 1, 0, null],
      ['NA', 1, 1, 26]
    ]);
  });

  it('tests two groups with the log-rank test and says what it found', async () => {
    const run = await runTemplate(engine, template, { window_days: 25, group_a: 'EMEA', group_b: 'NA' });
    // EMEA: 46*, 67, 87*; NA: 26.
    //   t   n_EMEA  n_NA  n  d (group)   E_EMEA = d·n_EMEA/n   V = d(n_E/n)(n_N/n)(n−d)/(n−1)
    //   26  3       1     4  1 (NA)      3/4                   (3/4)(1/4)(3/3) = 3/16
    //   67  2       0     2  1 (EMEA)    1                     0
    // O_EMEA = 1, E_EMEA = 1.75; O_NA = 1, E_NA = 0.25; χ² = (1 − 1.75)² / (3/16) = 0.5625 / 0.1875 = 3;
    // p = P(χ²₁ > 3) = erfc(√1.5) = 0.083265.
    const result = await run.row('log_rank_result');
    expect(result).toMatchObject({
      group_a: 'EMEA',
      group_b: 'NA',
      ok: 1,
      first_group: 'EMEA',
      observed_first: 1,
      expected_first: 1.75,
      second_group: 'NA',
      observed_second: 1,
      expected_second: 0.25,
      chi_square: 3
    });
    expect(result.p_value).toBeCloseTo(0.083265, 6);
    expect(result.summary).toBe(
      'EMEA: 1 churned where 1.8 were expected if both groups churned alike; NA: 1 where 0.3 were expected. ' +
        'χ² = 3.00 with 1 degree of freedom, p = 0.083.'
    );
    expect(result.verdict).toMatch(/^The difference is within what chance alone would produce/);
  });

  it.each<[string, Record<string, string | number>, string]>([
    [
      // The two largest groups by default: EMEA (3), then APAC before NA (1 each, by name). APAC leaves at 22,
      // before EMEA's only churn at 67, so the groups are never at risk together at an event.
      'the default pair, never at risk together',
      { window_days: 25 },
      'The two groups never had subjects at risk at the same event time, so they cannot be compared.'
    ],
    [
      'the same group twice',
      { window_days: 25, group_a: 'EMEA', group_b: 'EMEA' },
      'The same group is chosen twice: pick two different groups.'
    ],
    [
      'a group left over from another grouping',
      { window_days: 25, group_by: 'country', group_a: 'EMEA' },
      'No customer is in "EMEA" when grouping by country: pick two groups from the list.'
    ],
    [
      'no events in either group',
      { group_a: 'EMEA', group_b: 'NA' },
      'Neither group has an event, so there is nothing to compare.'
    ]
  ])('explains why there is no test: %s', async (_label, values, summary) => {
    const run = await runTemplate(engine, template, values);
    expect(problems(run)).toEqual([]);
    expect(await run.row('log_rank_result')).toMatchObject({
      ok: 0,
      chi_square: null,
      summary,
      verdict: 'No test.'
    });
  });

  it('offers the groups, largest first, for the log-rank inputs', async () => {
    const run = await runTemplate(engine, template, { group_by: 'country' });
    expect(await columns(run, 'group_options', 'segment', 'customers')).toEqual([
      ['DE', 2],
      ['FR', 1],
      ['JP', 1],
      ['US', 1]
    ]);
    expect(await run.row('log_rank_pair')).toEqual({ group_a: 'DE', group_b: 'FR' });
  });

  it('gives the time to the second order, overall and by group', async () => {
    const run = await runTemplate(engine, template);
    // Second completed order after (days): C3 1, C2 5, C4 29 (its refund on day 5 does not count), C1 36;
    // C5 has none and is censored at 22.
    //   t   n  d  Ŝ                Σ d/(n(n−d))             se
    //   1   5  1  4/5              1/20                     0.8·√(1/20) = 0.178885
    //   5   4  1  3/5              1/20 + 1/12 = 2/15       0.6·√(2/15) = 0.219089
    //   22  3  0  3/5 (C5 censored)
    //   29  2  1  3/10             2/15 + 1/2 = 19/30       0.3·√(19/30) = 0.238747
    //   36  1  1  0                (d = n)                  0
    // The share who ordered again is 1 − Ŝ, its interval 1 minus the other end: at 1, log-log [0.203809, 0.969180]
    // of Ŝ gives [0.0308, 0.7962].
    expect(
      (
        await columns(
          run,
          'second_order_curve',
          'segment',
          'days',
          'at_risk',
          'reordered_share',
          'se',
          'ci_low',
          'ci_high'
        )
      ).slice(0, 5)
    ).toEqual([
      ['All customers', 1, 5, 0.2, 0.1789, 0.0308, 0.7962],
      ['All customers', 5, 4, 0.4, 0.2191, 0.1182, 0.8743],
      ['All customers', 22, 3, 0.4, 0.2191, 0.1182, 0.8743],
      ['All customers', 29, 2, 0.7, 0.2387, 0.2808, 0.9877],
      ['All customers', 36, 1, 1, 0, 1, 1]
    ]);
    // EMEA (C2 5, C4 29, C1 36): Ŝ = 2/3, 1/3, 0, so 1/3 have ordered again by day 30 … all by day 36.
    // Medians: 29 for all (Ŝ = 0.3) and for EMEA (1/3), 1 for NA; APAC never reorders and was followed 22 days.
    expect(
      await columns(
        run,
        'second_order_summary',
        'segment',
        'customers',
        'second_orders',
        'median_days',
        'within_30_days',
        'within_90_days',
        'within_365_days'
      )
    ).toEqual([
      ['All customers', 5, 4, 29, 0.7, 1, 1],
      ['EMEA', 3, 3, 29, 0.6667, 1, 1],
      ['APAC', 1, 0, null, null, null, null],
      ['NA', 1, 1, 1, 1, 1, 1]
    ]);
  });

  it('counts only customers whose first order is in the period', async () => {
    const run = await runTemplate(engine, template, { period: { from: '2024-01-15', to: null } });
    const customers = await columns(run, 'customer_observations', 'customer_id');
    expect(customers.flat()).toEqual(['C2', 'C3', 'C4', 'C5']);
  });
});
