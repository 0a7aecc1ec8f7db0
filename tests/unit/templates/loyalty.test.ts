import { beforeAll, describe, expect, it } from 'vitest';
import type { InProcessEngine } from '../../../src/lib/engine/in-process-engine';
import { engineWith, loadTemplate, problems, runTemplate } from '../../support/templates';
import { PROFILE_SHOP } from './profile.fixtures';

const template = loadTemplate('loyalty.md');

/**
 * From the fixture's table (EUR; C06's and C07's USD orders at 1.25): customers acquired in the period are
 * those with a completed order, C01–C08 and C10 (C09 and C11 never bought). As of 2024-06-30:
 *
 * | customer | orders | revenue | first → second order     | days to 2nd | days since 1st |
 * |----------|--------|---------|--------------------------|-------------|----------------|
 * | C01      | 3      | 200     | 01-02 → 01-22            | 20          | 180            |
 * | C02      | 1      | 40      | 01-06                    |             | 176            |
 * | C03      | 2      | 160     | 01-12 → 03-12 (19+29+12) | 60          | 170            |
 * | C04      | 1      | 30      | 02-02 (02-10 refunded)   |             | 149            |
 * | C05      | 2      | 500     | 02-16 → 05-16 (29+31+30) | 90          | 135            |
 * | C06      | 2      | 300     | 03-02 → 03-09            | 7           | 120            |
 * | C07      | 1      | 40      | 03-15                    |             | 107            |
 * | C08      | 2      | 100     | 04-02 → 06-30 (30+31+28) | 89          | 89             |
 * | C10      | 1      | 20      | 06-20                    |             | 10             |
 */
describe('loyalty template, on a shop computed by hand', () => {
  let engine: InProcessEngine;
  beforeAll(async () => {
    engine = await engineWith(PROFILE_SHOP);
  });

  it('counts repeat customers overall: two or more completed orders', async () => {
    const run = await runTemplate(engine, template);
    expect(problems(run)).toEqual([]);
    expect(await run.row('as_of')).toEqual({ from_date: '2024-01-02', as_of_date: '2024-06-30' });
    // Repeat: C01, C03, C05, C06, C08 = 5 of 9 (C04's refunded second order does not count); 15 orders / 9.
    // Days to the second order 7, 20, 60, 89, 90: median 60.
    expect(await run.row('repeat_overall')).toEqual({
      customers: 9,
      repeat_customers: 5,
      repeat_rate: 0.5556,
      repeat_percent: 55.6,
      orders_per_customer: 1.67,
      median_days_to_second: 60
    });
  });

  it('breaks the repeat rate down by business region, with a Wilson interval', async () => {
    const run = await runTemplate(engine, template, { breakdown: 'business_region' });
    // EMEA (DE, FR): C01–C05, repeat C01, C03, C05 = 3/5, 9 orders; NA (US, CA): C06, C07, C08, C10, repeat
    // C06, C08 = 2/4, 6 orders. Wilson 95 % for 3/5 (z² = 3.8415): centre (0.6 + 0.3841) / 1.7683 = 0.5565,
    // half-width 1.96·√(0.048 + 0.0384) / 1.7683 = 0.3258 → 0.2307 .. 0.8824; for 2/4 (denominator 1.9604):
    // centre 0.5, half-width 1.96·√(0.0625 + 0.0600) / 1.9604 = 0.35 → 0.15 .. 0.85.
    expect(await run.rows('repeat_rate')).toEqual([
      {
        segment: 'EMEA',
        customers: 5,
        repeat_customers: 3,
        repeat_rate: 0.6,
        repeat_rate_low: 0.2307,
        repeat_rate_high: 0.8824,
        orders_per_customer: 1.8
      },
      {
        segment: 'NA',
        customers: 4,
        repeat_customers: 2,
        repeat_rate: 0.5,
        repeat_rate_low: 0.15,
        repeat_rate_high: 0.85,
        orders_per_customer: 1.5
      }
    ]);
  });

  it('breaks the repeat rate down by acquisition channel', async () => {
    const run = await runTemplate(engine, template, { breakdown: 'acquisition_channel' });
    // organic C02, C08, C10: 1/3; referral C03, C05, C07: 2/3; paid_search C01, C06: 2/2; paid_social C04: 0/1.
    expect(
      (await run.rows('repeat_rate')).map((row) => [row.segment, row.customers, row.repeat_rate])
    ).toEqual([
      ['organic', 3, 0.3333],
      ['referral', 3, 0.6667],
      ['paid_search', 2, 1],
      ['paid_social', 1, 0]
    ]);
  });

  it('times the second order: median, mean, and shares within 30/60/90 days of customers old enough', async () => {
    const run = await runTemplate(engine, template);
    // Mean of 7, 20, 60, 89, 90 = 266 / 5 = 53.2.
    expect(await run.rows('time_to_second')).toEqual([
      { segment: 'All customers', customers: 9, repeat_customers: 5, median_days: 60, mean_days: 53.2 }
    ]);
    // 30 days: C10 (10 days old) left out, 8 eligible; within: C01 (20), C06 (7) → 2/8.
    // 60 days: the same 8; within: C01, C03 (60, the boundary counts), C06 → 3/8.
    // 90 days: C08 (89 days old) is left out too, although its second order came on day 89: 7 eligible;
    // within: C01, C03, C05 (90), C06 → 4/7.
    expect(await run.rows('second_order_within')).toEqual([
      {
        segment: 'All customers',
        window_days: 30,
        eligible_customers: 8,
        second_order_within: 2,
        share: 0.25
      },
      {
        segment: 'All customers',
        window_days: 60,
        eligible_customers: 8,
        second_order_within: 3,
        share: 0.375
      },
      {
        segment: 'All customers',
        window_days: 90,
        eligible_customers: 7,
        second_order_within: 4,
        share: 0.5714
      }
    ]);
  });

  it('splits customers into spend tiers by revenue rank, ties in the same tier', async () => {
    const run = await runTemplate(engine, template);
    // Revenue ranks from the lowest: C10 20 → 1, C04 30 → 2, C02 40 and C07 40 → 3 (tied), C08 100 → 5,
    // C03 160 → 6, C01 200 → 7, C06 300 → 8, C05 500 → 9. Tier = 1 + 4·(rank − 1) div 9: ranks 1–3 → 1 (so
    // tier 1 holds 4 customers), 5 → 2, 6–7 → 3, 8–9 → 4. Total revenue 1,390.
    // Tier 1: 20+30+40+40 = 130 (0.0935), nobody repeats; tier 2: C08 100 (0.0719); tier 3: 360 (0.259);
    // tier 4: 800 (0.5755). Repeat rate 1 in tiers 2–4.
    expect(await run.rows('spend_tier_summary')).toEqual([
      {
        tier: 1,
        customers: 4,
        min_revenue: 20,
        max_revenue: 40,
        revenue: 130,
        share_of_customers: 0.4444,
        share_of_revenue: 0.0935,
        revenue_per_customer: 32.5,
        repeat_rate: 0
      },
      {
        tier: 2,
        customers: 1,
        min_revenue: 100,
        max_revenue: 100,
        revenue: 100,
        share_of_customers: 0.1111,
        share_of_revenue: 0.0719,
        revenue_per_customer: 100,
        repeat_rate: 1
      },
      {
        tier: 3,
        customers: 2,
        min_revenue: 160,
        max_revenue: 200,
        revenue: 360,
        share_of_customers: 0.2222,
        share_of_revenue: 0.259,
        revenue_per_customer: 180,
        repeat_rate: 1
      },
      {
        tier: 4,
        customers: 2,
        min_revenue: 300,
        max_revenue: 500,
        revenue: 800,
        share_of_customers: 0.2222,
        share_of_revenue: 0.5755,
        revenue_per_customer: 400,
        repeat_rate: 1
      }
    ]);

    // Three tiers: 1 + 3·(rank − 1) div 9 → ranks 1–3 → 1, 5–6 → 2, 7–9 → 3. Revenue 130, 260, 1,000.
    const three = await runTemplate(engine, template, { spend_tiers: 3 });
    expect(
      (await three.rows('spend_tier_summary')).map((row) => [row.tier, row.customers, row.share_of_revenue])
    ).toEqual([
      [1, 4, 0.0935],
      [2, 2, 0.1871],
      [3, 3, 0.7194]
    ]);
  });

  it('scores NPS from each customer’s latest valid answer, by buyer type, tier and country', async () => {
    const run = await runTemplate(engine, template, { min_respondents: 1 });
    // Latest valid answers: C01 9 (its earlier 10 is replaced), C02 3, C03 8, C04 6, C05 10, C06 9, C08 7 (its
    // later malformed answer is skipped). Left out: C07 ("n/a" is not a number), C09 (never bought), C10
    // (answered after the as-of date). Promoters C01, C05, C06; passives C03, C08; detractors C02, C04.
    // NPS = 100·(3 − 2)/7 = 14.3, from 8 valid answers (C01 answered twice).
    expect(await run.row('survey_summary')).toEqual({ answers: 8, respondents: 7, nps: 14.3 });
    // Repeat buyers C01 P, C03 Pa, C05 P, C06 P, C08 Pa: 100·3/5 = 60; one-time C02, C04 both detractors: −100.
    // Tiers: 1 = C02 D, C04 D → −100; 2 = C08 Pa → 0; 3 = C01 P, C03 Pa → 50; 4 = C05 P, C06 P → 100.
    expect(
      (await run.rows('nps_by_segment')).map((row) => [
        row.dimension,
        row.segment,
        row.respondents,
        row.promoters,
        row.passives,
        row.detractors,
        row.nps
      ])
    ).toEqual([
      ['all respondents', 'All respondents', 7, 3, 2, 2, 14.3],
      ['buyer type', 'one-time buyer', 2, 0, 0, 2, -100],
      ['buyer type', 'repeat buyer', 5, 3, 2, 0, 60],
      ['spend tier', 'Tier 1', 2, 0, 0, 2, -100],
      ['spend tier', 'Tier 2', 1, 0, 1, 0, 0],
      ['spend tier', 'Tier 3', 2, 1, 1, 0, 50],
      ['spend tier', 'Tier 4', 2, 2, 0, 0, 100]
    ]);
    // DE: C01 P, C02 D, C05 P → 100·1/3 = 33.3; FR: C03 Pa, C04 D → −50; CA: C08 Pa → 0; US: C06 P → 100.
    expect((await run.rows('nps_by_country')).map((row) => [row.country, row.respondents, row.nps])).toEqual([
      ['DE', 3, 33.3],
      ['FR', 2, -50],
      ['CA', 1, 0],
      ['US', 1, 100]
    ]);
  });

  it('hides the NPS of groups below the minimum number of respondents, and adds the chosen breakdown', async () => {
    const run = await runTemplate(engine, template, { breakdown: 'business_region' });
    // Default minimum 5: only the whole (7) and the repeat buyers (5) and EMEA (5) keep a score.
    // EMEA: C01 P, C02 D, C03 Pa, C04 D, C05 P → 0; NA: C06 P, C08 Pa → hidden.
    const scored = (await run.rows('nps_by_segment'))
      .filter((row) => row.nps !== null)
      .map((row) => [row.segment, row.respondents, row.nps]);
    expect(scored).toEqual([
      ['All respondents', 7, 14.3],
      ['repeat buyer', 5, 60],
      ['EMEA', 5, 0]
    ]);
    expect((await run.rows('nps_by_country')).every((row) => row.nps === null)).toBe(true);
  });

  it('reports money in another currency without changing who repeats', async () => {
    const run = await runTemplate(engine, template, { reporting_currency: 'USD' });
    // Every EUR amount × 1.25: C05's 500 EUR is 625 USD, the total 1,737.5 USD; ranks and shares stay.
    const tiers = await run.rows('spend_tier_summary');
    expect(tiers.map((row) => [row.tier, row.revenue, row.share_of_revenue])).toEqual([
      [1, 162.5, 0.0935],
      [2, 125, 0.0719],
      [3, 450, 0.259],
      [4, 1000, 0.5755]
    ]);
    expect((await run.row('repeat_overall')).repeat_customers).toBe(5);
  });
});
