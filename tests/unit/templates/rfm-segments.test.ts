import { beforeAll, describe, expect, it } from 'vitest';
import type { InProcessEngine } from '../../../src/lib/engine/in-process-engine';
import { engineWith, loadTemplate, problems, runTemplate } from '../../support/templates';
import { SMALL_SHOP } from './fixtures';

const template = loadTemplate('rfm-segments.md');

describe('RFM template, on a shop computed by hand', () => {
  let engine: InProcessEngine;
  beforeAll(async () => {
    engine = await engineWith(SMALL_SHOP);
  });

  it('scores recency and money by rank quintile and frequency on thresholds', async () => {
    const run = await runTemplate(engine, template);
    expect(problems(run)).toEqual([]);
    // As of 2024-04-01 (EUR): last order, orders, revenue: C1 0 d, 3, 180; C2 30 d, 3, 140; C3 60 d, 2, 150;
    // C4 12 d, 3 (one GBP order without a rate), 85; C5 22 d, 1, 100. Five customers: score = rank.
    const scores = (await run.rows('rfm_segments')).map((row) => [
      row.customer_id,
      row.recency_days,
      row.frequency,
      row.monetary,
      row.r_score,
      row.f_score,
      row.m_score,
      row.segment
    ]);
    expect(scores).toEqual([
      ['C1', 0, 3, 180, 5, 3, 5, 'Potential Loyalists'],
      ['C2', 30, 3, 140, 2, 3, 3, 'At Risk'],
      ['C3', 60, 2, 150, 1, 2, 4, 'Hibernating'],
      ['C4', 12, 3, 85, 4, 3, 1, 'Potential Loyalists'],
      ['C5', 22, 1, 100, 3, 1, 2, 'About to Sleep']
    ]);
  });

  it('keeps tied frequencies together when F is scored by quintile', async () => {
    const run = await runTemplate(engine, template, { f_scoring: 'quintiles' });
    // Frequencies 1 (C5), 2 (C3), 3 (C1, C2, C4): ranks 1, 2, 3, 3, 3 → scores 1, 2, 3, 3, 3.
    const f = Object.fromEntries((await run.rows('rfm')).map((row) => [row.customer_id, row.f_score]));
    expect(f).toEqual({ C1: 3, C2: 3, C3: 2, C4: 3, C5: 1 });
  });

  it('summarises each segment: size, revenue, shares, order value and frequency', async () => {
    const run = await runTemplate(engine, template);
    // Total 655 EUR. Potential Loyalists = C1 + C4: 265 EUR over 6 orders; AOV 44.17.
    expect(await run.rows('segment_summary')).toEqual([
      {
        segment: 'Potential Loyalists',
        customers: 2,
        share_of_customers: 0.4,
        revenue: 265,
        share_of_revenue: 0.4046,
        average_order_value: 44.17,
        orders_per_customer: 3,
        revenue_per_customer: 132.5,
        average_recency_days: 6
      },
      {
        segment: 'Hibernating',
        customers: 1,
        share_of_customers: 0.2,
        revenue: 150,
        share_of_revenue: 0.229,
        average_order_value: 75,
        orders_per_customer: 2,
        revenue_per_customer: 150,
        average_recency_days: 60
      },
      {
        segment: 'At Risk',
        customers: 1,
        share_of_customers: 0.2,
        revenue: 140,
        share_of_revenue: 0.2137,
        average_order_value: 46.67,
        orders_per_customer: 3,
        revenue_per_customer: 140,
        average_recency_days: 30
      },
      {
        segment: 'About to Sleep',
        customers: 1,
        share_of_customers: 0.2,
        revenue: 100,
        share_of_revenue: 0.1527,
        average_order_value: 100,
        orders_per_customer: 1,
        revenue_per_customer: 100,
        average_recency_days: 22
      }
    ]);
  });

  it('applies the first matching rule of an edited rule table', async () => {
    const edited = structuredClone(template);
    const rules = edited.cells.find((cell) => cell.id === 'rfm-rules');
    if (rules?.kind !== 'sql') throw new Error('no rules cell');
    rules.sql = rules.sql.replace("(1, 'Champions', 5, 5, 4, 5)", "(1, 'Top', 4, 5, 3, 5)");
    const run = await runTemplate(engine, edited);
    const segments = Object.fromEntries(
      (await run.rows('rfm_segments')).map((row) => [row.customer_id, row.segment])
    );
    expect(segments).toMatchObject({ C1: 'Top', C4: 'Top', C2: 'At Risk' });
  });

  it('builds a segment from attributes, behaviour and scores, and saves it by name', async () => {
    const byCountry = await runTemplate(engine, template, { segment_countries_filter: ['DE'] });
    expect((await byCountry.rows('segment_members')).map((row) => row.customer_id)).toEqual(['C1', 'C4']);

    const behaviour = await runTemplate(engine, template, {
      segment_min_orders: 3,
      segment_max_recency: 20,
      segment_rfm: ['Potential Loyalists', 'At Risk']
    });
    expect((await behaviour.rows('segment_members')).map((row) => row.customer_id)).toEqual(['C1', 'C4']);

    await runTemplate(engine, template, { segment_countries_filter: ['FR', 'US'], segment_name: ' lapsed ' });
    const saved = await engine.query(
      'SELECT segment_name, customer_id FROM saved_segments ORDER BY customer_id'
    );
    expect(saved.rows).toEqual([
      ['lapsed', 'C2'],
      ['lapsed', 'C3']
    ]);
  });
});
