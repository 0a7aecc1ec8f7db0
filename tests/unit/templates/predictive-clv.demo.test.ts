import { beforeAll, describe, expect, it } from 'vitest';
import type { InProcessEngine } from '../../../src/lib/engine/in-process-engine';
import { compareTables } from '../../../src/lib/notebook/fingerprint';
import { demoEngine, loadTemplate, problems, runTemplate } from '../../support/templates';

/** The predictive CLV template on the demo workspace a first visit loads, imported through the same CSV path. */
describe('predictive-clv.md on the demo workspace', () => {
  const notebook = loadTemplate('predictive-clv.md');
  let engine: InProcessEngine;

  beforeAll(async () => {
    engine = await demoEngine();
  }, 120_000);

  it('finds every table it expects', async () => {
    const actual = (await engine.describeTables()).map((table) => ({
      name: table.name,
      columns: table.columns.map((column) => ({ name: column.name, type: column.declaredType })),
      rowCount: table.rowCount,
      contentHash: null
    }));
    for (const check of compareTables(notebook.tables, actual))
      expect(check.kind, check.message).toBe('same');
  });

  it('runs without a failing cell, and every named result has rows', async () => {
    const run = await runTemplate(engine, notebook);
    expect(problems(run)).toEqual([]);
    for (const cell of notebook.cells) {
      if (cell.kind !== 'sql' || cell.name === null) continue;
      expect((await run.rows(cell.name)).length, cell.name).toBeGreaterThan(0);
    }
  }, 60_000);

  it('fits both models and forecasts a business worth looking at', async () => {
    const run = await runTemplate(engine, notebook);
    const status = await run.row('clv_status');
    expect(status.method, String(status.message)).toBe('predicted');
    const bg = await run.row('bgnbd');
    expect(bg).toMatchObject({ ok: 1, converged: 1 });
    expect(bg.se_r).toEqual(expect.any(Number));
    const predictions = await run.rows('clv_predictions');
    const pAlive = predictions.map((row) => row.p_alive as number);
    // Some customers look gone and some clearly active.
    expect(Math.min(...pAlive)).toBeLessThan(0.3);
    expect(Math.max(...pAlive)).toBeGreaterThan(0.9);
    expect(predictions.every((row) => (row.clv as number) >= 0)).toBe(true);
    expect((await run.rows('clv_by_region')).length).toBeGreaterThanOrEqual(4);
    expect((await run.rows('clv_by_country')).length).toBeGreaterThanOrEqual(20);
    expect((await run.rows('clv_by_segment')).length).toBeGreaterThanOrEqual(6);
    expect((await run.rows('clv_matrix')).every((row) => typeof row.p_alive === 'number')).toBe(true);
  }, 60_000);

  it('compares the forecast with a holdout when the calibration ends before the as-of date', async () => {
    const run = await runTemplate(engine, notebook, { calibration_end: '2025-06-30' });
    expect(problems(run)).toEqual([]);
    const summary = await run.row('holdout_summary');
    expect(summary.holdout_periods as number).toBeCloseTo(184 / 7, 2);
    expect(summary.actual_purchases as number).toBeGreaterThan(0);
    // Not a BG/NBD world (the demo's customers churn and grow differently), but the forecast is of its order.
    const ratio = (summary.predicted_purchases as number) / (summary.actual_purchases as number);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
    const check = await run.rows('holdout_check');
    expect(check.every((row) => typeof row.purchases_per_customer === 'number')).toBe(true);
  }, 60_000);
});
