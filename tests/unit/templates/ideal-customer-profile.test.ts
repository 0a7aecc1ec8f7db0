import { beforeAll, describe, expect, it } from 'vitest';
import type { InProcessEngine } from '../../../src/lib/engine/in-process-engine';
import type { Notebook } from '../../../src/lib/notebook/model';
import { engineWith, loadTemplate, problems, runTemplate } from '../../support/templates';
import { PROFILE_SHOP } from './profile.fixtures';

const template = loadTemplate('ideal-customer-profile.md');

/** The template with its points table's `before` text replaced by `after`. */
function withRules(before: string, after: string): Notebook {
  const edited = structuredClone(template);
  const rules = edited.cells.find((cell) => cell.id === 'lead-rules');
  if (rules?.kind !== 'sql' || !rules.sql.includes(before)) throw new Error(`no rule ${before}`);
  rules.sql = rules.sql.replace(before, after);
  return edited;
}

/**
 * From the fixture's table (EUR; USD at 1.25), as of 2024-06-30 (age = 2024 − birth year). Customers with a
 * completed order, by business region, with revenue to date, age band and first product (the largest line of
 * the first completed order):
 *
 * | region | customer | revenue | age band    | first product                          |
 * |--------|----------|---------|-------------|----------------------------------------|
 * | EMEA   | C05      | 500     | 29 → 25–34  | P01                                    |
 * | EMEA   | C01      | 200     | 34 → 25–34  | P01 (60 beats P02's 2×20)              |
 * | EMEA   | C03      | 160     | 54 → 45–54  | P04 (50 beats P03's 30)                |
 * | EMEA   | C02      | 40      | 39 → 35–44  | P02                                    |
 * | EMEA   | C04      | 30      | 24 → 18–24  | P02                                    |
 * | NA     | C06      | 300     | 44 → 35–44  | P01                                    |
 * | NA     | C08      | 100     | 25 → 25–34  | P03 (30 ties P04's 30: lowest id wins) |
 * | NA     | C07      | 40      | 69 → 65+    | P03                                    |
 * | NA     | C10      | 20      | 49 → 45–54  | unknown (no lines)                     |
 */
describe('ideal customer profile template, on a shop computed by hand', () => {
  let engine: InProcessEngine;
  beforeAll(async () => {
    engine = await engineWith(PROFILE_SHOP);
  });

  it('ranks customers within their region and takes the top 20 %, rounded up', async () => {
    const run = await runTemplate(engine, template);
    expect(problems(run)).toEqual([]);
    expect(
      (await run.rows('customer_value')).map((row) => [
        row.customer_id,
        row.business_region,
        row.age_band,
        row.first_product,
        row.revenue,
        row.region_rank,
        row.is_top
      ])
    ).toEqual([
      ['C01', 'EMEA', '25–34', 'P01', 200, 2, 0],
      ['C02', 'EMEA', '35–44', 'P02', 40, 4, 0],
      ['C03', 'EMEA', '45–54', 'P04', 160, 3, 0],
      ['C04', 'EMEA', '18–24', 'P02', 30, 5, 0],
      ['C05', 'EMEA', '25–34', 'P01', 500, 1, 1],
      ['C06', 'NA', '35–44', 'P01', 300, 1, 1],
      ['C07', 'NA', '65+', 'P03', 40, 3, 0],
      ['C08', 'NA', '25–34', 'P03', 100, 2, 0],
      ['C10', 'NA', '45–54', 'unknown', 20, 4, 0]
    ]);
    // EMEA: 20 % of 5 = 1 → C05; NA: 20 % of 4 = 0.8 → 1 → C06. Revenue EMEA 930, NA 460, all 1,390:
    // top shares 500/930 = 0.5376, 300/460 = 0.6522, 800/1390 = 0.5755; the others average 430/4 = 107.5,
    // 160/3 = 53.33 and 590/7 = 84.29.
    expect(await run.rows('top_groups')).toEqual([
      {
        scope: 'All regions',
        customers: 9,
        top_customers: 2,
        top_from_revenue: 300,
        top_share_of_revenue: 0.5755,
        top_revenue_per_customer: 400,
        other_revenue_per_customer: 84.29
      },
      {
        scope: 'EMEA',
        customers: 5,
        top_customers: 1,
        top_from_revenue: 500,
        top_share_of_revenue: 0.5376,
        top_revenue_per_customer: 500,
        other_revenue_per_customer: 107.5
      },
      {
        scope: 'NA',
        customers: 4,
        top_customers: 1,
        top_from_revenue: 300,
        top_share_of_revenue: 0.6522,
        top_revenue_per_customer: 300,
        other_revenue_per_customer: 53.33
      }
    ]);
  });

  it('indexes each attribute value: top share ÷ share among all × 100', async () => {
    const run = await runTemplate(engine, template, { min_customers: 1 });
    const profile = await run.rows('attribute_profile');
    const pick = (scope: string, attribute: string) =>
      profile
        .filter((row) => row.scope === scope && row.attribute === attribute)
        .map((row) => [
          row.value,
          row.customers,
          row.top_customers,
          row.share_all,
          row.share_top,
          row.top_index
        ]);
    // All regions: top = C05 (referral), C06 (paid_search). paid_search C01, C06: 2/9 among all, 1/2 on top →
    // 100 · (1/2) / (2/9) = 225; referral C03, C05, C07: 100 · (1/2) / (3/9) = 150; organic and paid_social 0.
    expect(pick('All regions', 'acquisition_channel')).toEqual([
      ['paid_search', 2, 1, 0.2222, 0.5, 225],
      ['referral', 3, 1, 0.3333, 0.5, 150],
      ['organic', 3, 0, 0.3333, 0, 0],
      ['paid_social', 1, 0, 0.1111, 0, 0]
    ]);
    // Ages: C05 25–34 (C01, C05, C08 of 9) → 150; C06 35–44 (C02, C06) → 225.
    expect(pick('All regions', 'age_band')).toEqual([
      ['35–44', 2, 1, 0.2222, 0.5, 225],
      ['25–34', 3, 1, 0.3333, 0.5, 150],
      ['45–54', 2, 0, 0.2222, 0, 0],
      ['18–24', 1, 0, 0.1111, 0, 0],
      ['65+', 1, 0, 0.1111, 0, 0]
    ]);
    // Both top customers started with P01 (C01, C05, C06 of 9): 100 · 1 / (3/9) = 300.
    expect(pick('All regions', 'first_product')[0]).toEqual(['P01', 3, 2, 0.3333, 1, 300]);
  });

  it('widens the top group per region with the top share', async () => {
    const run = await runTemplate(engine, template, { top_percent: 40, min_customers: 1 });
    // 40 % of 5 = 2 → C05, C01 (EMEA); 40 % of 4 = 1.6 → 2 → C06, C08 (NA).
    const top = (await run.rows('customer_value'))
      .filter((row) => row.is_top === 1)
      .map((row) => row.customer_id);
    expect(top).toEqual(['C01', 'C05', 'C06', 'C08']);
    const profile = await run.rows('attribute_profile');
    const pick = (scope: string, attribute: string) =>
      profile
        .filter((row) => row.scope === scope && row.attribute === attribute)
        .map((row) => [row.value, row.top_index]);
    // EMEA countries: DE = C01, C02, C05 (3/5), both top customers → 100 · 1 / 0.6 = 166.7; FR 0.
    expect(pick('EMEA', 'country')).toEqual([
      ['DE', 166.7],
      ['FR', 0]
    ]);
    // EMEA languages: en = C05 (1/5) → 100 · 0.5 / 0.2 = 250; de = C01, C02 (2/5) → 0.5 / 0.4 → 125; fr 0.
    expect(pick('EMEA', 'language')).toEqual([
      ['en', 250],
      ['de', 125],
      ['fr', 0]
    ]);
    // NA platforms: tiktok = C06 (1/4) → 200; instagram = C07, C08 (2/4), top C08 → 100; facebook 0.
    expect(pick('NA', 'preferred_social_platform')).toEqual([
      ['tiktok', 200],
      ['instagram', 100],
      ['facebook', 0]
    ]);
    // The ideal profile keeps, per region and attribute, the value with the highest index above 100. In NA
    // (top C06, C08 of C06, C07, C08, C10): paid_search (C06, 1/4) 200 beats organic (C08, C10) 100; the ages
    // 25–34 (C08) and 35–44 (C06) tie at 200 with one top customer each, so the first value wins; CA (C08, 1/4)
    // 200 beats US (3/4, one top customer) 66.7; P01 200; tiktok 200. Everyone speaks English (index 100), so
    // NA has no language row.
    const ideal = (await run.rows('ideal_profile')).filter((row) => row.scope === 'NA');
    expect(ideal.map((row) => [row.attribute, row.value, row.top_index])).toEqual([
      ['acquisition_channel', 'paid_search', 200],
      ['age_band', '25–34', 200],
      ['country', 'CA', 200],
      ['first_product', 'P01', 200],
      ['preferred_social_platform', 'tiktok', 200]
    ]);
  });

  it('hides the index of values held by fewer customers than the minimum (5 by default)', async () => {
    const run = await runTemplate(engine, template);
    const profile = await run.rows('attribute_profile');
    // Only English (C05, C06, C07, C08, C10 = 5 of 9) reaches five customers, in All regions; both top customers
    // (C05, C06) speak it: 100 · (2/2) / (5/9) = 180.
    const shown = profile.filter((row) => row.top_index !== null);
    expect(shown.map((row) => [row.scope, row.attribute, row.value, row.top_index, row.small_n])).toEqual([
      ['All regions', 'language', 'en', 180, 0]
    ]);
    expect(profile.filter((row) => row.top_index === null).every((row) => row.small_n === 1)).toBe(true);
    expect((await run.rows('ideal_profile')).map((row) => [row.scope, row.value])).toEqual([
      ['All regions', 'en']
    ]);
    const detail = await runTemplate(engine, template, {
      profile_scope: 'EMEA',
      profile_attribute: 'country'
    });
    expect(
      (await detail.rows('profile_detail')).map((row) => [row.value, row.customers, row.top_index])
    ).toEqual([
      ['DE', 3, null],
      ['FR', 2, null]
    ]);
  });

  /**
   * Signups at least 14 days old at 2024-06-30 (C11 signed up on 06-25, too recent): C01–C10. Converted (a
   * completed order within 14 days of signup): all but C07 (24 days), C09 (never) and C10 (19 days). Points
   * from events before the first completed order and within 14 days of signup, and from attributes:
   *
   * | signup | events (capped)                              | referral | consent | score | converted |
   * |--------|----------------------------------------------|----------|---------|-------|-----------|
   * | C01    | 2 pages 2, product 3, cart 8, checkout 15    |          | 5       | 33    | yes       |
   * | C02    | 1 page 1, product 3                          |          |         | 4     | yes       |
   * | C03    | 7 pages before signup, capped at 5 → 5       | 10       | 5       | 20    | yes       |
   * | C04    | 4 carts, capped at 3 → 24                    |          | 5       | 29    | yes       |
   * | C05    | 2 checkouts, capped at 1 → 15                | 10       | 5       | 30    | yes       |
   * | C06    | product 3                                    |          | 5       | 8     | yes       |
   * | C07    | 3 pages 3 (its cart on day 19 is too late)   | 10       |         | 13    | no        |
   * | C08    | 3 invites, capped at 2 → 10                  |          | 5       | 15    | yes       |
   * | C09    | 1 page 1                                     |          |         | 1     | no        |
   * | C10    | 2 products 6                                 |          | 5       | 11    | no        |
   *
   * C01's product view the day after its order comes after the purchase and does not count.
   */
  it('scores signups on the editable points table and bands them against conversion', async () => {
    const run = await runTemplate(engine, template);
    expect(
      (await run.rows('lead_scores')).map((row) => [row.customer_id, row.score, row.band_low, row.converted])
    ).toEqual([
      ['C01', 33, 30, 1],
      ['C02', 4, 0, 1],
      ['C03', 20, 20, 1],
      ['C04', 29, 20, 1],
      ['C05', 30, 30, 1],
      ['C06', 8, 0, 1],
      ['C07', 13, 10, 0],
      ['C08', 15, 10, 1],
      ['C09', 1, 0, 0],
      ['C10', 11, 10, 0]
    ]);
    // 0–9: C02, C06 converted, C09 not → 2/3; 10–19: C08 of C07, C08, C10 → 1/3; 20–29 and 30–39: 2/2.
    // Wilson 95 % of 2/3: (0.6667 + 0.6402) / 2.2805 ± 1.96·√(0.0741 + 0.1067) / 2.2805 → 0.2077 .. 0.9385.
    expect(await run.rows('score_bands')).toEqual([
      {
        band_low: 0,
        band: '0–9',
        customers: 3,
        converted: 2,
        conversion_rate: 0.6667,
        conversion_low: 0.2077,
        conversion_high: 0.9385
      },
      {
        band_low: 10,
        band: '10–19',
        customers: 3,
        converted: 1,
        conversion_rate: 0.3333,
        conversion_low: 0.0615,
        conversion_high: 0.7923
      },
      {
        band_low: 20,
        band: '20–29',
        customers: 2,
        converted: 2,
        conversion_rate: 1,
        conversion_low: 0.3424,
        conversion_high: 1
      },
      {
        band_low: 30,
        band: '30–39',
        customers: 2,
        converted: 2,
        conversion_rate: 1,
        conversion_low: 0.3424,
        conversion_high: 1
      }
    ]);
    expect(await run.row('lead_summary')).toEqual({ signups: 10, converted: 7, conversion_rate: 0.7 });
  });

  it('checks each rule: conversion of the signups it scores against the others', async () => {
    const run = await runTemplate(engine, template);
    // Pages: C01, C02, C03, C07, C09 → 3/5 vs C04, C05, C06, C08, C10 → 4/5. Products: C01, C02, C06, C10 → 3/4
    // vs 4/6. Carts: C01, C04 → 2/2 vs 5/8. Checkouts: C01, C05 → 2/2 vs 5/8. Invites: C08 → 1/1 vs 6/9.
    // Referral: C03, C05, C07 → 2/3 vs 5/7. Consent: C01, C03, C04, C05, C06, C08, C10 → 6/7 vs C02, C07, C09
    // → 1/3.
    expect(
      (await run.rows('lead_rule_check')).map((row) => [
        row.rule,
        row.customers_hit,
        row.conversion_hit,
        row.customers_not_hit,
        row.conversion_not_hit
      ])
    ).toEqual([
      ['Viewed pages', 5, 0.6, 5, 0.8],
      ['Viewed products', 4, 0.75, 6, 0.6667],
      ['Added to cart', 2, 1, 8, 0.625],
      ['Started checkout', 2, 1, 8, 0.625],
      ['Invited friends', 1, 1, 9, 0.6667],
      ['Came through a referral', 3, 0.6667, 7, 0.7143],
      ['Agreed to marketing', 7, 0.8571, 3, 0.3333]
    ]);
  });

  it('follows an edited points table: caps removed, negative points, an age-band rule', async () => {
    const edited = withRules(
      "(1, 'Viewed pages', 'event', 'page_view', NULL, 1, 5)",
      "(1, 'Viewed pages', 'event', 'page_view', NULL, 1, NULL),\n    (8, 'Aged 25–34', 'attribute', 'age_band', '25–34', -4, NULL)"
    );
    const run = await runTemplate(engine, edited);
    expect(problems(run)).toEqual([]);
    // No cap: C03's 7 page views give 7 (score 22). Aged 25–34 among the signups: C01, C05, C08 → −4 each
    // (33 → 29, 30 → 26, 15 → 11).
    const scores = Object.fromEntries(
      (await run.rows('lead_scores')).map((row) => [row.customer_id, row.score])
    );
    expect(scores).toEqual({
      C01: 29,
      C02: 4,
      C03: 22,
      C04: 29,
      C05: 26,
      C06: 8,
      C07: 13,
      C08: 11,
      C09: 1,
      C10: 11
    });
  });

  it('follows the conversion window and the band width', async () => {
    const run = await runTemplate(engine, template, { conversion_days: 30, band_width: 20 });
    // 30 days: C10 (06-01 + 30 > 06-30) is too recent; C07 (24 days) now converts, and its cart on day 19,
    // before its first order, now counts: 13 + 8 = 21. 9 signups, 8 converted.
    expect(await run.row('lead_summary')).toEqual({ signups: 9, converted: 8, conversion_rate: 0.8889 });
    // Bands of 20: 0–19 = C02 4, C06 8, C08 15, C09 1 → 3/4; 20–39 = C01 33, C03 20, C04 29, C05 30, C07 21 → 5/5.
    expect(
      (await run.rows('score_bands')).map((row) => [
        row.band,
        row.customers,
        row.converted,
        row.conversion_rate
      ])
    ).toEqual([
      ['0–19', 4, 3, 0.75],
      ['20–39', 5, 5, 1]
    ]);
  });
});
