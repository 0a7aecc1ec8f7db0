import { beforeAll, describe, expect, it } from 'vitest';
import type { InProcessEngine } from '../../../src/lib/engine/in-process-engine';
import {
  csv,
  engineWith,
  loadTemplate,
  problems,
  runTemplate,
  type CsvTables
} from '../../support/templates';
import { SMALL_SHOP } from './fixtures';

const template = loadTemplate('cac-ltv.md');

/**
 * SMALL_SHOP with its marketing spend. Acquisition channels: C1 paid_search (DE), C2 organic (FR), C3 referral
 * (US), C4 paid_social (DE), C5 organic (JP). New customers: January C1, C2, C3; February C4; March C5.
 * Spend in EUR: January 150 + 30 (paid), February 40 (paid) + 10 e-mail without a country, March 96 USD at
 * 1.2 = 80 (paid).
 */
const SHOP: CsvTables = {
  ...SMALL_SHOP,
  marketing_spend: csv(
    'date,channel,campaign,country,currency,spend',
    ['2024-01-01', 'paid_search', 'brand', 'DE', 'EUR', 150],
    ['2024-01-01', 'paid_social', 'launch', 'FR', 'EUR', 30],
    ['2024-02-01', 'paid_search', 'brand', 'DE', 'EUR', 40],
    ['2024-02-01', 'email', 'newsletter', null, 'EUR', 10],
    ['2024-03-01', 'paid_search', 'brand', 'US', 'USD', 96]
  )
};

describe('CAC and LTV template, on a shop computed by hand', () => {
  let engine: InProcessEngine;
  beforeAll(async () => {
    engine = await engineWith(SHOP);
  });

  it('gives blended and paid CAC by month, and pairs customers with the previous month when lagged', async () => {
    const run = await runTemplate(engine, template);
    expect(problems(run)).toEqual([]);
    // Blended: 180 / 3, 50 / 1, 80 / 1. Paid: 180 / 1 (C1), 40 / 1 (C4), no paid customer in March.
    expect(await run.rows('cac_by_month')).toEqual([
      { month: '2024-01', spend: 180, new_customers: 3, blended_cac: 60, paid_cac: 180, paid_share: 0.3333 },
      { month: '2024-02', spend: 50, new_customers: 1, blended_cac: 50, paid_cac: 40, paid_share: 1 },
      { month: '2024-03', spend: 80, new_customers: 1, blended_cac: 80, paid_cac: null, paid_share: 0 }
    ]);
    const lagged = await runTemplate(engine, template, { lag_months: 1 });
    // January has no December spend (0); April's 80 has no new customers: no CAC.
    expect(
      (await lagged.rows('cac_by_month')).map((row) => [
        row.month,
        row.spend,
        row.new_customers,
        row.blended_cac
      ])
    ).toEqual([
      ['2024-01', 0, 3, 0],
      ['2024-02', 180, 1, 180],
      ['2024-03', 50, 1, 50],
      ['2024-04', 80, 0, null]
    ]);
  });

  it('gives each cohort its cumulative margin per customer, payback month and ROAS', async () => {
    const run = await runTemplate(engine, template, { breakdown: 'all customers' });
    // Margins (amount − cogs, EUR): January cohort k0 60 + 60 (50 + 10) + 60 (66 USD), k1 30 + 30, k2 24;
    // February (C4) k0 36, k1 15 (its GBP order has no rate); March (C5) k0 9000 JPY / 150 = 60. April has not
    // ended by the as-of date (2024-04-01), so month 3 of January is not counted.
    expect(
      (await run.rows('cohort_value')).map((row) => [
        row.cohort,
        row.k,
        row.customers,
        row.revenue_to_k,
        row.margin_to_k
      ])
    ).toEqual([
      ['2024-01', 0, 3, 300, 180],
      ['2024-01', 1, 3, 400, 240],
      ['2024-01', 2, 3, 440, 264],
      ['2024-02', 0, 1, 60, 36],
      ['2024-02', 1, 1, 85, 51],
      ['2024-03', 0, 1, 100, 60]
    ]);
    // Pooled over the cohorts that reached k: (180 + 36 + 60) / 5, (240 + 51) / 4, 264 / 3.
    expect((await run.rows('ltv_curve')).map((row) => [row.k, row.customers, row.ltv])).toEqual([
      [0, 5, 55.2],
      [1, 4, 72.75],
      [2, 3, 88]
    ]);
    // January: LTV 60 reaches its CAC of 60 in month 0; February: 36 then 51 ≥ 50 in month 1; March: 60 < 80.
    // ROAS to date: 440 / 180, 85 / 50, 100 / 80.
    expect(await run.rows('cohort_payback')).toEqual([
      {
        cohort: '2024-01',
        customers: 3,
        blended_cac: 60,
        payback_month: 0,
        ltv_to_date: 88,
        roas_to_date: 2.4444,
        months_observed: 2
      },
      {
        cohort: '2024-02',
        customers: 1,
        blended_cac: 50,
        payback_month: 1,
        ltv_to_date: 51,
        roas_to_date: 1.7,
        months_observed: 1
      },
      {
        cohort: '2024-03',
        customers: 1,
        blended_cac: 80,
        payback_month: null,
        ltv_to_date: 60,
        roas_to_date: 1.25,
        months_observed: 0
      }
    ]);
    expect(
      (await run.rows('roas_curve')).filter((row) => row.cohort === '2024-01').map((row) => row.roas)
    ).toEqual([1.6667, 2.2222, 2.4444]);
  });

  it('sets CAC against LTV per business region, with unallocated spend apart', async () => {
    const run = await runTemplate(engine, template, { ltv_horizon_months: 2 });
    // Spend: EMEA 150 + 30 + 40 = 220 over C1, C2, C4; NA 80 over C3; APAC none over C5; 10 without a country.
    // LTV after 2 months: EMEA (January C1 + C2: 150; February C4: 51) / 3 = 67; NA (C3) 90; APAC not yet.
    // Payback: EMEA 52, 67, then 87 (January's C1 + C2 only: 174 / 2) ≥ 73.33 in month 2; NA 60, 90 ≥ 80.
    expect(await run.rows('unit_economics')).toEqual([
      {
        segment: 'EMEA',
        new_customers: 3,
        spend: 220,
        cac: 73.33,
        ltv_at_horizon: 67,
        ltv_customers: 3,
        ltv_to_cac: 0.9136,
        payback_month: 2,
        small_sample: 1
      },
      {
        segment: 'NA',
        new_customers: 1,
        spend: 80,
        cac: 80,
        ltv_at_horizon: 90,
        ltv_customers: 1,
        ltv_to_cac: 1.125,
        payback_month: 1,
        small_sample: 1
      },
      {
        segment: 'Unallocated',
        new_customers: 0,
        spend: 10,
        cac: null,
        ltv_at_horizon: null,
        ltv_customers: null,
        ltv_to_cac: null,
        payback_month: null,
        small_sample: 1
      },
      {
        segment: 'APAC',
        new_customers: 1,
        spend: 0,
        cac: 0,
        ltv_at_horizon: null,
        ltv_customers: null,
        ltv_to_cac: null,
        payback_month: 0,
        small_sample: 1
      }
    ]);
  });

  it('gives CAC by acquisition channel: spend of the channel over the customers it acquired', async () => {
    const run = await runTemplate(engine, template, { breakdown: 'acquisition_channel' });
    const cac = Object.fromEntries((await run.rows('unit_economics')).map((row) => [row.segment, row.cac]));
    // paid_search 150 + 40 + 80 over C1; paid_social 30 over C4; e-mail 10 over nobody; organic and referral free.
    expect(cac).toEqual({ paid_search: 270, paid_social: 30, email: null, organic: 0, referral: 0 });
  });

  it('uses the margin setting for orders without cost of goods', async () => {
    const noCogs = await engineWith({
      ...SHOP,
      orders: SHOP.orders.replace(
        /^(.*?),(\d+),(\w+)$/gm,
        (line: string, head: string, _cogs: string, status: string) =>
          line.startsWith('order_id') ? line : `${head},,${status}`
      )
    });
    const run = await runTemplate(noCogs, template, { breakdown: 'all customers', gross_margin_pct: 50 });
    // Half of each cohort's month-0 revenue (300, 60 and 100 EUR) over its 5 customers: 230 / 5.
    expect((await run.rows('ltv_curve'))[0]).toMatchObject({ k: 0, customers: 5, ltv: 46 });
  });

  it('computes the textbook CLTV from its parts', async () => {
    const run = await runTemplate(engine, template, { lifespan_years: 2 });
    // 11 orders with an amount in EUR (655; the GBP one has no rate), 5 customers, 88 days from 2024-01-05 to
    // 2024-04-01 inclusive; margin 108 + 84 + 90 + 51 + 60 = 393 of 655 = 0.6.
    const row = await run.row('simple_cltv');
    // Orders per customer and year: 11 / 5 / (88 / 365.25) = 9.13; CLTV = 655 / 5 · 365.25 / 88 · 2 · 0.6.
    expect(row).toEqual({
      average_order_value: 59.55,
      orders_per_customer_per_year: 9.13,
      lifespan_years: 2,
      gross_margin: 0.6,
      cltv: 652.47
    });
  });
});
