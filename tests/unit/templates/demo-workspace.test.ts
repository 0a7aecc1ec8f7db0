import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TABLE_NAMES, generateDemoWorkspace, toCsvText } from '../../../src/lib/demo/generate';
import type { InProcessEngine } from '../../../src/lib/engine/in-process-engine';
import { compareTables } from '../../../src/lib/notebook/fingerprint';
import { galleryEntries } from '../../../src/lib/notebook/gallery';
import { loadNotebook } from '../../../src/lib/notebook/load';
import { engineWith, problems, runTemplate, type TemplateRun } from '../../support/templates';

/**
 * Every bundled notebook runs on the demo workspace a first visit loads (the same generator, imported through
 * the same CSV path) without a failing cell, and shows something worth seeing.
 */
describe('the gallery on the demo workspace', () => {
  let engine: InProcessEngine;
  const runs = new Map<string, TemplateRun>();

  beforeAll(async () => {
    const demo = generateDemoWorkspace();
    engine = await engineWith(
      Object.fromEntries(DEMO_TABLE_NAMES.map((name) => [name, toCsvText(demo[name])]))
    );
  }, 120_000);

  const entries = galleryEntries();

  it.each(entries.map((entry) => entry.file))('%s finds every table it expects', async (file) => {
    const notebook = load(file);
    const actual = (await engine.describeTables()).map((table) => ({
      name: table.name,
      columns: table.columns.map((column) => ({ name: column.name, type: column.declaredType })),
      rowCount: table.rowCount,
      contentHash: null
    }));
    for (const check of compareTables(notebook.tables, actual))
      expect(check.kind, check.message).toBe('same');
  });

  it.each(entries.map((entry) => entry.file))(
    '%s runs without a failing cell, and every named result has rows',
    async (file) => {
      const notebook = load(file);
      const run = await runTemplate(engine, notebook);
      runs.set(file, run);
      expect(problems(run)).toEqual([]);
      for (const cell of notebook.cells) {
        if (cell.kind !== 'sql' || cell.name === null) continue;
        expect((await run.rows(cell.name)).length, `${file}: ${cell.name}`).toBeGreaterThan(0);
      }
    },
    60_000
  );

  it('shows a business worth looking at', async () => {
    const overview = await runTemplate(engine, load('customer-overview.md'));
    const totals = await overview.row('totals');
    expect(totals.countries).toBeGreaterThanOrEqual(20);
    expect(totals.regions).toBeGreaterThanOrEqual(4);
    expect((await overview.row('model_check')).without_rate).toBe(0);

    const cohorts = await runTemplate(engine, load('cohort-retention.md'));
    const curve = await cohorts.rows('retention_curve');
    const month1 = curve.find((row) => row.k === 1)?.retention as number;
    expect(month1).toBeGreaterThan(0.05);
    expect(month1).toBeLessThan(0.6);
    const statuses = new Set((await cohorts.rows('customer_status')).map((row) => row.status));
    expect([...statuses].sort()).toEqual(['active', 'at risk', 'churned', 'too new to tell']);

    const rfm = await runTemplate(engine, load('rfm-segments.md'));
    expect((await rfm.rows('segment_summary')).length).toBeGreaterThanOrEqual(8);

    // cac-ltv.md: spend without a target country stays apart; every region has an LTV to CAC ratio.
    const economics = await (await runTemplate(engine, load('cac-ltv.md'))).rows('unit_economics');
    expect(economics.find((row) => row.segment === 'Unallocated')?.spend).toBeGreaterThan(0);
    expect(economics.filter((row) => typeof row.ltv_to_cac === 'number').length).toBeGreaterThanOrEqual(4);
  }, 120_000);
});

function load(file: string) {
  const entry = galleryEntries().find((candidate) => candidate.file === file);
  if (entry === undefined) throw new Error(`${file} is not in the gallery`);
  const loaded = loadNotebook(entry.text);
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.notebook;
}
