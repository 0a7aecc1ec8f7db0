import { beforeAll, describe, expect, it } from 'vitest';
import type { InProcessEngine } from '../../../src/lib/engine/in-process-engine';
import { demoEngine, loadTemplate, problems, runTemplate } from '../../support/templates';

/**
 * The survival template on the demo workspace a first visit loads (the same generator, imported through the
 * same CSV path): nothing fails, nothing is empty, and the generator's story shows (referred customers churn
 * less).
 */
describe('survival template on the demo workspace', () => {
  const template = loadTemplate('survival.md');
  let engine: InProcessEngine;

  beforeAll(async () => {
    engine = await demoEngine();
  }, 120_000);

  it.each(['business_region', 'm49_region', 'country', 'acquisition_channel'])(
    'runs without a failing cell and every named result has rows, grouped by %s',
    async (groupBy) => {
      const run = await runTemplate(engine, template, { group_by: groupBy });
      expect(problems(run)).toEqual([]);
      for (const cell of template.cells) {
        if (cell.kind !== 'sql' || cell.name === null) continue;
        expect((await run.rows(cell.name)).length, cell.name).toBeGreaterThan(0);
      }
      expect((await run.row('log_rank_result')).ok).toBe(1);
    },
    60_000
  );

  it('draws proper curves: never rising, inside their intervals, flat until the window', async () => {
    const run = await runTemplate(engine, template);
    const curve = await run.rows('churn_curve');
    expect(new Set(curve.map((row) => row.segment)).size).toBeGreaterThanOrEqual(5);
    for (const [index, row] of curve.entries()) {
      const survival = row.survival as number;
      expect(row.ci_low as number).toBeLessThanOrEqual(survival);
      expect(row.ci_high as number).toBeGreaterThanOrEqual(survival);
      const before = curve[index - 1];
      if (before?.segment === row.segment) expect(survival).toBeLessThanOrEqual(before.survival as number);
      // Churn is dated 180 days (the default window) after the last order: nobody churns earlier.
      if ((row.days as number) < 180) expect(survival).toBe(1);
    }
    const overall = curve.filter((row) => row.segment === 'All customers');
    expect(overall.at(-1)?.survival as number).toBeLessThan(0.6);

    const medians = await run.rows('churn_medians');
    expect(medians[0]).toMatchObject({ segment: 'All customers', customers: 1350 });
    expect(medians[0].median_days as number).toBeGreaterThan(180);
  });

  it('finds most customers ordering a second time within a few months', async () => {
    const run = await runTemplate(engine, template);
    const [overall] = await run.rows('second_order_summary');
    expect(overall.segment).toBe('All customers');
    expect(overall.within_30_days as number).toBeGreaterThan(0.3);
    expect(overall.within_90_days as number).toBeGreaterThan(overall.within_30_days as number);
    expect(overall.median_days as number).toBeLessThan(60);
  });

  it('shows that referred customers churn less than customers from paid search', async () => {
    const run = await runTemplate(engine, template, {
      group_by: 'acquisition_channel',
      group_a: 'referral',
      group_b: 'paid_search'
    });
    const result = await run.row('log_rank_result');
    expect(result).toMatchObject({ ok: 1, first_group: 'paid_search', second_group: 'referral' });
    expect(result.observed_second as number).toBeLessThan(result.expected_second as number);
    expect(result.p_value as number).toBeLessThan(0.01);
    expect(result.verdict).toMatch(/differ by more than chance/);
  });
});
