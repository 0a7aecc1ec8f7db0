import { beforeAll, describe, expect, it } from 'vitest';
import type { InProcessEngine } from '../../../src/lib/engine/in-process-engine';
import { engineWith, loadTemplate, problems, runTemplate } from '../../support/templates';
import { BASKET_SHOP } from './basket.fixtures';

const template = loadTemplate('cross-sell.md');

/** The rule columns a test compares, in order. */
const ruleRow = (row: Record<string, unknown>) => [
  row.rule,
  row.baskets_with_both,
  row.antecedent_baskets,
  row.consequent_baskets,
  row.support,
  row.confidence,
  row.lift,
  row.leverage,
  row.conviction
];

describe('cross-sell template, on baskets counted by hand', () => {
  let engine: InProcessEngine;
  beforeAll(async () => {
    engine = await engineWith(BASKET_SHOP);
  });

  it('builds de-duplicated baskets from completed orders and reports multi-product baskets first', async () => {
    const run = await runTemplate(engine, template);
    expect(problems(run)).toEqual([]);
    // O07's two P1 lines are one item worth 110 USD; O05 is refunded and in no basket.
    expect(
      (await run.rows('baskets'))
        .filter((row) => row.order_id === 'O07')
        .map((row) => [row.product_id, row.category, row.region, row.line_value, row.basket_products])
    ).toEqual([
      ['P1', 'home', 'NA', 110, 2],
      ['P2', 'home', 'NA', 11, 2]
    ]);
    // 8 baskets (O10, O11 have no items) of 2, 3, 2, 1, 1, 2, 1, 2 products: 5 with two or more; categories
    // span two in O01, O02, O03, O09 (O07 is all home). 14/8 = 1.75 products. Pairs: 2 + 6 + 2 + 2 + 2 = 14.
    expect(await run.row('basket_summary')).toEqual({
      baskets: 8,
      orders_without_items: 2,
      multi_product_baskets: 5,
      multi_product_share: 0.625,
      multi_category_baskets: 4,
      multi_category_share: 0.5,
      average_products: 1.75,
      largest_basket: 3,
      baskets_over_cap: 0,
      pair_rows: 14
    });
    expect(await run.rows('basket_sizes')).toEqual([
      { products: 1, baskets: 3, share_of_baskets: 0.375 },
      { products: 2, baskets: 4, share_of_baskets: 0.5 },
      { products: 3, baskets: 1, share_of_baskets: 0.125 }
    ]);
  });

  it('computes support, confidence, lift, leverage and conviction of product pairs', async () => {
    const run = await runTemplate(engine, template, { min_support_count: 2 });
    // N = 8. P1 in 5 baskets (O01 O02 O03 O07 O09), P2 in 2 (O02 O07), P3 in 4 (O01 O02 O03 O06), P4 in 3.
    // Pairs: P1 P3 in 3, P1 P2 in 2; P2 P3 and P1 P4 in 1 only (below 2).
    // P1 → P2: support 2/8 = 0.25, confidence 2/5 = 0.4, lift 0.4 / (2/8) = 1.6,
    //   leverage 0.25 − (5/8)(2/8) = 0.09375, conviction (1 − 2/8) / (1 − 0.4) = 1.25.
    // P2 → P1: confidence 2/2 = 1, lift 1 / (5/8) = 1.6, conviction (1 − 5/8) / 0: none.
    // P1 → P3: support 3/8, confidence 3/5 = 0.6, lift 0.6 / (4/8) = 1.2, leverage 0.375 − (5/8)(4/8) = 0.0625,
    //   conviction 0.5 / 0.4 = 1.25. P3 → P1: confidence 3/4, lift 0.75 / (5/8) = 1.2, conviction 0.375 / 0.25.
    expect((await run.rows('association_rules')).map(ruleRow)).toEqual([
      ['P1 → P2', 2, 5, 2, 0.25, 0.4, 1.6, 0.0938, 1.25],
      ['P2 → P1', 2, 2, 5, 0.25, 1, 1.6, 0.0938, null],
      ['P1 → P3', 3, 5, 4, 0.375, 0.6, 1.2, 0.0625, 1.25],
      ['P3 → P1', 3, 4, 5, 0.375, 0.75, 1.2, 0.0625, 1.5]
    ]);
    // At the default minimum of 10 baskets no pair of this shop qualifies.
    expect(await (await runTemplate(engine, template)).rows('association_rules')).toEqual([]);
  });

  it('links categories at category level, and keeps only lifts above the minimum', async () => {
    // Category sets: O01 O02 O03 {home, toys}, O04 O08 {books}, O06 {toys}, O07 {home}, O09 {home, books}.
    // home 5, toys 4, books 3; home & toys 3, home & books 1.
    // home → toys: 3/8, confidence 3/5, lift 0.6 / 0.5 = 1.2; toys → home: confidence 3/4, lift 0.75 / 0.625.
    const byCategory = await runTemplate(engine, template, { rule_level: 'category', min_support_count: 2 });
    expect((await byCategory.rows('association_rules')).map(ruleRow)).toEqual([
      ['home → toys', 3, 5, 4, 0.375, 0.6, 1.2, 0.0625, 1.25],
      ['toys → home', 3, 4, 5, 0.375, 0.75, 1.2, 0.0625, 1.5]
    ]);
    // With any lift and a single basket: home ↔ books, support 1/8, lift (1/5) / (3/8) = 0.5333,
    // leverage 0.125 − (5/8)(3/8) = −0.109375, conviction (1 − 3/8) / (1 − 1/5) = 0.78125 and
    // (1 − 5/8) / (1 − 1/3) = 0.5625.
    const all = await runTemplate(engine, template, {
      rule_level: 'category',
      min_support_count: 1,
      min_lift: 0
    });
    expect((await all.rows('association_rules')).map(ruleRow).slice(2)).toEqual([
      ['books → home', 1, 3, 5, 0.125, 0.3333, 0.5333, -0.1094, 0.5625],
      ['home → books', 1, 5, 3, 0.125, 0.2, 0.5333, -0.1094, 0.7813]
    ]);
  });

  it('computes rules within a business region and leaves oversized baskets out', async () => {
    const regions = await runTemplate(engine, template, { rule_region: 'EMEA', min_support_count: 2 });
    expect((await regions.rows('region_options')).map((row) => row.region)).toEqual(['APAC', 'EMEA', 'NA']);
    // EMEA (K1, K2): O01 {P1 P3}, O02 {P1 P2 P3}, O06 {P3}, O08 {P4}, O09 {P1 P4}: N = 5, P1 3, P3 3, P1 P3 2.
    // Support 2/5, confidence 2/3, lift (2/3) / (3/5) = 1.1111, leverage 0.4 − 0.6 × 0.6 = 0.04,
    // conviction (1 − 0.6) / (1 − 2/3) = 1.2, the same both ways.
    expect((await regions.rows('association_rules')).map(ruleRow)).toEqual([
      ['P1 → P3', 2, 3, 3, 0.4, 0.6667, 1.1111, 0.04, 1.2],
      ['P3 → P1', 2, 3, 3, 0.4, 0.6667, 1.1111, 0.04, 1.2]
    ]);

    // At most 2 products: O02 is left out. N = 7, P1 4, P3 3, P1 P3 2 (O01, O03).
    // P1 → P3: support 2/7, confidence 1/2, lift 0.5 / (3/7) = 1.1667, leverage 2/7 − (4/7)(3/7) = 2/49,
    // conviction (4/7) / 0.5 = 1.1429; P3 → P1: confidence 2/3, conviction (3/7) / (1/3) = 1.2857.
    const capped = await runTemplate(engine, template, { max_basket_products: 2, min_support_count: 2 });
    expect((await capped.rows('association_rules')).map(ruleRow)).toEqual([
      ['P1 → P3', 2, 4, 3, 0.2857, 0.5, 1.1667, 0.0408, 1.1429],
      ['P3 → P1', 2, 3, 4, 0.2857, 0.6667, 1.1667, 0.0408, 1.2857]
    ]);
    expect(await capped.row('basket_summary')).toMatchObject({ baskets_over_cap: 1, pair_rows: 8 });
  });

  it('lists what is bought with a product, in baskets and by the same customers', async () => {
    // Default: the product in most baskets, P1 (5; then P3 4, P4 3, P2 2).
    const run = await runTemplate(engine, template, { min_support_count: 2 });
    expect(await run.row('chosen_product')).toEqual({ product_id: 'P1', category: 'home', baskets: 5 });
    // With P1: P3 in 3 of its 5 baskets (lift 0.6 / (4/8) = 1.2), P2 in 2 (lift 0.4 / (2/8) = 1.6), P4 in 1
    // (below 2). Customers who bought P1: K1, K2, K3; all bought P3, K2 and K3 bought P2.
    expect(await run.rows('frequently_bought_together')).toEqual([
      {
        product_id: 'P3',
        category: 'toys',
        baskets_together: 3,
        confidence: 0.6,
        lift: 1.2,
        customer_share: 1
      },
      {
        product_id: 'P2',
        category: 'home',
        baskets_together: 2,
        confidence: 0.4,
        lift: 1.6,
        customer_share: 0.6667
      }
    ]);
    // P4 (O04 K4, O08 K2, O09 K1) with P1 in O09 only: confidence 1/3, lift (1/3) / (5/8) = 0.5333. Of its
    // buyers K1 and K2 bought P1; K4's P1 was refunded.
    const p4 = await runTemplate(engine, template, { product: 'P4', min_support_count: 1 });
    expect(await p4.rows('frequently_bought_together')).toEqual([
      {
        product_id: 'P1',
        category: 'home',
        baskets_together: 1,
        confidence: 0.3333,
        lift: 0.5333,
        customer_share: 0.6667
      }
    ]);
  });

  it('gives each order its main category, ties by name, and the next-category transition matrix', async () => {
    const run = await runTemplate(engine, template);
    // O09 holds home 30 and books 30: books comes first by name. O10 and O11 have no items.
    expect(
      (await run.rows('order_categories')).map((row) => [
        row.customer_id,
        row.order_id,
        row.order_number,
        row.main_category,
        row.categories
      ])
    ).toEqual([
      ['K1', 'O01', 1, 'home', 2],
      ['K1', 'O06', 2, 'toys', 1],
      ['K1', 'O09', 3, 'books', 2],
      ['K2', 'O02', 1, 'home', 2],
      ['K2', 'O08', 2, 'books', 1],
      ['K3', 'O03', 1, 'home', 2],
      ['K3', 'O07', 2, 'home', 1],
      ['K4', 'O04', 1, 'books', 1],
      ['K4', 'O10', 2, null, 0],
      ['K5', 'O11', 1, null, 0]
    ]);
    // K1 home → toys → books, K2 home → books, K3 home → home; K4 has one categorised order.
    expect(await run.rows('category_transitions')).toEqual([
      {
        from_category: 'home',
        to_category: 'books',
        transitions: 1,
        transitions_from: 3,
        probability: 0.3333
      },
      {
        from_category: 'home',
        to_category: 'home',
        transitions: 1,
        transitions_from: 3,
        probability: 0.3333
      },
      {
        from_category: 'home',
        to_category: 'toys',
        transitions: 1,
        transitions_from: 3,
        probability: 0.3333
      },
      { from_category: 'toys', to_category: 'books', transitions: 1, transitions_from: 1, probability: 1 }
    ]);
    expect(await run.rows('next_category')).toEqual([
      { from_category: 'home', likeliest_other_category: 'books', transitions: 1, probability: 0.3333 },
      { from_category: 'toys', likeliest_other_category: 'books', transitions: 1, probability: 1 }
    ]);
  });

  it('measures cross-buy by region and upsell against the same customers’ first orders', async () => {
    const run = await runTemplate(engine, template);
    // Categories bought: K1 3, K2 3 (EMEA), K3 2 (NA), K4 1 (APAC); K5 has no items. Everyone itemised has
    // two or more orders (K4: O04 and O10).
    expect(await run.rows('cross_buy')).toEqual([
      {
        region: 'All regions',
        customers: 4,
        cross_buyers: 3,
        cross_buy_rate: 0.75,
        repeat_customers: 4,
        cross_buy_rate_repeat: 0.75,
        average_categories: 2.25
      },
      {
        region: 'EMEA',
        customers: 2,
        cross_buyers: 2,
        cross_buy_rate: 1,
        repeat_customers: 2,
        cross_buy_rate_repeat: 1,
        average_categories: 3
      },
      {
        region: 'APAC',
        customers: 1,
        cross_buyers: 0,
        cross_buy_rate: 0,
        repeat_customers: 1,
        cross_buy_rate_repeat: 0,
        average_categories: 1
      },
      {
        region: 'NA',
        customers: 1,
        cross_buyers: 1,
        cross_buy_rate: 1,
        repeat_customers: 1,
        cross_buy_rate_repeat: 1,
        average_categories: 2
      }
    ]);
    // First orders (EUR): K1 70, K2 80, K3 77 USD = 70, K4 10, K5 100 → 330/5 = 66; of the repeat customers
    // K1–K4: 230/4 = 57.5. Orders 2..n: 40, 60, 30, 121 USD = 110, 25 → 265/5 = 53.
    // Index: 66/57.5 = 1.1478, 53/57.5 = 0.9217.
    expect(await run.rows('upsell')).toEqual([
      {
        orders_group: 'first order, all customers',
        customers: 5,
        orders: 5,
        average_order_value: 66,
        index_vs_first_order: 1.1478
      },
      {
        orders_group: 'first order, repeat customers',
        customers: 4,
        orders: 4,
        average_order_value: 57.5,
        index_vs_first_order: 1
      },
      {
        orders_group: 'orders 2..n',
        customers: 4,
        orders: 5,
        average_order_value: 53,
        index_vs_first_order: 0.9217
      }
    ]);
    // Later orders on average above the first: K3 (110 > 70) and K4 (25 > 10); not K1 (50 < 70), K2 (30 < 80).
    expect(await run.row('upsell_customers')).toEqual({
      repeat_customers: 4,
      spending_more: 2,
      share_spending_more: 0.5
    });
  });

  it('follows the period: baskets of orders in it, sequences of customers acquired in it', async () => {
    const run = await runTemplate(engine, template, { period: { from: '2024-02-01', to: null } });
    // Orders from 02-01 with items: O04, O06, O07, O08, O09; customers acquired since: K4 and K5.
    expect(await run.row('basket_summary')).toMatchObject({ baskets: 5, multi_product_baskets: 2 });
    expect((await run.rows('order_categories')).map((row) => row.order_id)).toEqual(['O04', 'O10', 'O11']);
  });
});
