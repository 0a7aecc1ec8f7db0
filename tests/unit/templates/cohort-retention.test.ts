import { beforeAll, describe, expect, it } from 'vitest';
import type { InProcessEngine } from '../../../src/lib/engine/in-process-engine';
import { engineWith, loadTemplate, problems, runTemplate } from '../../support/templates';
import { SMALL_SHOP } from './fixtures';

const template = loadTemplate('cohort-retention.md');

/** `[cohort, k, retained, retention, incomplete]` per row, for compact expectations. */
async function grid(run: Awaited<ReturnType<typeof runTemplate>>) {
  return (await run.rows('retention')).map((row) => [
    row.cohort,
    row.k,
    row.retained,
    row.retention,
    row.incomplete
  ]);
}

describe('cohort retention template, on a shop computed by hand', () => {
  let engine: InProcessEngine;
  beforeAll(async () => {
    engine = await engineWith(SMALL_SHOP);
  });

  it('converts at the forward-filled rate of the day and counts what has no rate', async () => {
    const run = await runTemplate(engine, template);
    expect(problems(run)).toEqual([]);
    // 13 orders, one refunded; O12 is in GBP, which has no rate. Completed in EUR: C1 100+50+30, C2 80+20+40,
    // C3 (110+55)/1.1 = 150, C4 60+25, C5 15000/150 = 100 (the rate of 2024-03-01 filled forward to 03-10).
    expect(await run.row('model_check')).toEqual({
      orders: 13,
      completed_orders: 12,
      without_rate: 1,
      revenue: 655
    });
    expect(await run.row('as_of')).toEqual({ from_date: '2024-01-05', as_of_date: '2024-04-01' });
  });

  it('reports into another currency through the base currency (USD)', async () => {
    const run = await runTemplate(engine, template, { reporting_currency: 'USD' });
    // EUR orders before March ×1.1: (100+50+80+20+60)·1.1 = 341; from March ×1.2: (30+40+25)·1.2 = 114;
    // C3's USD orders as they are: 165; C5: 15000·1.2/150 = 120.
    expect((await run.row('model_check')).revenue).toBe(740);
  });

  it('gives the bounded calendar-month matrix, with the periods not over at the as-of date marked', async () => {
    const run = await runTemplate(engine, template);
    // Cohorts: 2024-01 = C1, C2, C3; 2024-02 = C4 (its refund does not count); 2024-03 = C5.
    // Active months: C1 Jan, Feb, Apr; C2 Jan, Mar; C3 Jan, Feb; C4 Feb, Mar; C5 Mar. As of 2024-04-01, April
    // has not ended.
    expect(await grid(run)).toEqual([
      ['2024-01', 0, 3, 1, 0],
      ['2024-01', 1, 2, 0.6667, 0],
      ['2024-01', 2, 1, 0.3333, 0],
      ['2024-01', 3, 1, 0.3333, 1],
      ['2024-02', 0, 1, 1, 0],
      ['2024-02', 1, 1, 1, 0],
      ['2024-02', 2, 0, 0, 1],
      ['2024-03', 0, 1, 1, 0],
      ['2024-03', 1, 0, 0, 1]
    ]);
    // Revenue retention of 2024-01 (month 0: 100 + 100 + 100 EUR): month 1 50 + 50, month 2 40, month 3 30.
    const january = (await run.rows('retention')).filter((row) => row.cohort === '2024-01');
    expect(january.map((row) => row.revenue_retention)).toEqual([1, 0.3333, 0.1333, 0.1]);
    // Pooled over complete periods, weighted by size: k=1 is 2 of 3 (Jan) and 1 of 1 (Feb): 3/4.
    expect(
      (await run.rows('retention_curve')).map((row) => [row.k, row.eligible_customers, row.retention])
    ).toEqual([
      [0, 5, 1],
      [1, 4, 0.75],
      [2, 3, 0.3333]
    ]);
  });

  it('gives the unbounded ("on or after") matrix: never rising', async () => {
    const run = await runTemplate(engine, template, { retention_mode: 'unbounded' });
    // Last active month: C1 3, C2 2, C3 1 → 2024-01: 3, 3, 2, 1; C4 1 → 2024-02: 1, 1, 0.
    expect(await grid(run)).toEqual([
      ['2024-01', 0, 3, 1, 0],
      ['2024-01', 1, 3, 1, 0],
      ['2024-01', 2, 2, 0.6667, 0],
      ['2024-01', 3, 1, 0.3333, 1],
      ['2024-02', 0, 1, 1, 0],
      ['2024-02', 1, 1, 1, 0],
      ['2024-02', 2, 0, 0, 1],
      ['2024-03', 0, 1, 1, 0],
      ['2024-03', 1, 0, 0, 1]
    ]);
  });

  it('uses whole 30-day periods for the elapsed index', async () => {
    const run = await runTemplate(engine, template, { index_kind: 'elapsed' });
    // Days after the first order: C1 36 (k1), 87 (k2); C2 5 (k0), 42 (k1); C3 1 (k0); C4 29 (k0), 34 (k1);
    // C5 none. 2024-01 reaches k ≤ 87/30 = 2; its latest member (C3, 61 days) has not completed period 2.
    // 2024-02 (C4, 46 days): k ≤ 1, period 1 not complete; 2024-03 (C5, 22 days): k0 only, not complete.
    expect(await grid(run)).toEqual([
      ['2024-01', 0, 3, 1, 0],
      ['2024-01', 1, 2, 0.6667, 0],
      ['2024-01', 2, 1, 0.3333, 1],
      ['2024-02', 0, 1, 1, 0],
      ['2024-02', 1, 1, 1, 1],
      ['2024-03', 0, 1, 1, 1]
    ]);
  });

  it('uses Monday weeks for weekly cohorts', async () => {
    const run = await runTemplate(engine, template, { period_unit: 'week' });
    const rows = await run.rows('retention');
    // C1's first order (Friday 2024-01-05) is in the week of Monday 2024-01-01; C2 and C3 in weeks of 01-15
    // and 01-29. C1's next order (2024-02-10) is 5 weeks later.
    expect([...new Set(rows.map((row) => row.cohort))]).toEqual([
      '2024-01-01',
      '2024-01-15',
      '2024-01-29',
      '2024-02-12',
      '2024-03-04'
    ]);
    const c1 = rows.filter((row) => row.cohort === '2024-01-01' && row.retained === 1).map((row) => row.k);
    expect(c1).toEqual([0, 5, 13]);
  });

  it('breaks cohorts down by business region of the acquisition country', async () => {
    const run = await runTemplate(engine, template, { breakdown: 'business_region' });
    const zeros = (await run.rows('retention')).filter((row) => row.k === 0);
    expect(zeros.map((row) => [row.segment, row.cohort, row.cohort_size])).toEqual([
      ['APAC', '2024-03', 1],
      ['EMEA', '2024-01', 2],
      ['EMEA', '2024-02', 1],
      ['NA', '2024-01', 1]
    ]);
  });

  it('suggests the inactivity window from the gaps between orders and sorts customers by status', async () => {
    const run = await runTemplate(engine, template);
    // Gaps between completed orders (days): C1 36, 51; C2 5, 37; C3 1; C4 29, 5. Sorted: 1 5 5 29 36 37 51.
    // Nearest rank ⌈p·n⌉ of 7: p40 → 3rd = 5, median → 4th = 29, p80 → 6th = 37.
    expect(await run.row('gap_stats')).toEqual({
      repeat_gaps: 7,
      p40_days: 5,
      median_days: 29,
      p80_days: 37
    });
    const status = Object.fromEntries(
      (await run.rows('customer_status')).map((row) => [row.customer_id, [row.days_since_last, row.status]])
    );
    // As of 2024-04-01 with a 37-day window and 5-day risk threshold; C5 arrived 22 days before: too new.
    expect(status).toEqual({
      C1: [0, 'active'],
      C2: [30, 'at risk'],
      C3: [60, 'churned'],
      C4: [12, 'at risk'],
      C5: [22, 'too new to tell']
    });
    expect(
      (await run.rows('churn_by_region')).map((row) => [
        row.business_region,
        row.customers,
        row.churned,
        row.churn_share
      ])
    ).toEqual([
      ['EMEA', 3, 0, 0],
      ['APAC', 1, 0, null],
      ['NA', 1, 1, 1]
    ]);
    expect((await run.rows('at_risk_customers')).map((row) => row.customer_id)).toEqual(['C2', 'C4']);
  });

  it('takes a window the analyst sets', async () => {
    const run = await runTemplate(engine, template, { window_days: 25 });
    const churned = (await run.rows('customer_status')).filter((row) => row.status === 'churned');
    expect(churned.map((row) => row.customer_id)).toEqual(['C2', 'C3']);
  });
});
