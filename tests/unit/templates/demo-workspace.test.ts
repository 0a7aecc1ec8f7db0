import { beforeAll, describe, expect, it } from 'vitest';
import type { InProcessEngine } from '../../../src/lib/engine/in-process-engine';
import { compareTables } from '../../../src/lib/notebook/fingerprint';
import { galleryEntries } from '../../../src/lib/notebook/gallery';
import { loadNotebook } from '../../../src/lib/notebook/load';
import { demoEngine, problems, runTemplate, type TemplateRun } from '../../support/templates';

/**
 * Every bundled notebook runs on the demo workspace a first visit loads (the same generator, imported through
 * the same CSV path) without a failing cell, and shows something worth seeing.
 */
describe('the gallery on the demo workspace', () => {
  let engine: InProcessEngine;
  const runs = new Map<string, TemplateRun>();

  beforeAll(async () => {
    engine = await demoEngine();
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

    // loyalty.md: surveys exist, repeat buyers are happier than one-time buyers, Japan scores below India.
    const loyalty = await runTemplate(engine, load('loyalty.md'));
    expect((await loyalty.row('survey_summary')).respondents).toBeGreaterThan(300);
    const nps = await loyalty.rows('nps_by_segment');
    const npsOf = (segment: string) => nps.find((row) => row.segment === segment)?.nps as number;
    expect(npsOf('repeat buyer')).toBeGreaterThan(npsOf('one-time buyer'));
    const countries = await loyalty.rows('nps_by_country');
    const countryNps = (code: string) => countries.find((row) => row.country === code)?.nps as number;
    expect(countryNps('JP')).toBeLessThan(countryNps('IN'));

    // ideal-customer-profile.md: each region's top group is about a fifth; the lead score separates buyers.
    const icp = await runTemplate(engine, load('ideal-customer-profile.md'));
    for (const group of await icp.rows('top_groups')) {
      expect((group.top_customers as number) / (group.customers as number)).toBeCloseTo(0.2, 1);
    }
    const bands = await icp.rows('score_bands');
    expect(bands.length).toBeGreaterThanOrEqual(4);
    expect(bands[bands.length - 1].conversion_rate as number).toBeGreaterThan(
      bands[0].conversion_rate as number
    );

    // referral-fission.md: a K below 1, chains several generations deep, a good share across borders, referred
    // customers worth more; the generator's reward (10 EUR per referral) comes back as the referral CAC.
    const referrals = await runTemplate(engine, load('referral-fission.md'));
    const programme = await referrals.row('programme');
    expect(programme.k as number).toBeGreaterThan(0.1);
    expect(programme.k as number).toBeLessThan(1);
    expect((await referrals.row('tree_summary')).deepest_generation).toBeGreaterThanOrEqual(4);
    expect((await referrals.row('cross_border')).cross_border_share).toBeGreaterThan(0.25);
    expect((await referrals.row('referral_cac')).cac_per_referred_customer).toBeCloseTo(10, 1);
    const value = await referrals.rows('referred_value');
    const valueOf = (group: string) =>
      value.find((row) => row.acquisition === group)?.revenue_per_customer as number;
    expect(valueOf('referred')).toBeGreaterThan(valueOf('not referred'));

    // cross-sell.md: the generator's companion products come back as the strongest product rules.
    const crossSell = await runTemplate(engine, load('cross-sell.md'));
    const rules = await crossSell.rows('association_rules');
    expect(rules[0].lift as number).toBeGreaterThan(5);
    expect(rules.map((row) => row.rule)).toEqual(
      expect.arrayContaining(['P01 → P02', 'P06 → P07', 'P17 → P18'])
    );
    expect((await crossSell.row('basket_summary')).multi_product_share).toBeGreaterThan(0.4);
    expect((await crossSell.rows('frequently_bought_together'))[0].product_id).toBe('P08');

    // funnel.md and ab-test.md: anonymous visitors widen the top, about a quarter of entrants buy within 14
    // days, every market shows; B of checkout_v2 wins clearly, the split passes, the crossovers are dropped.
    const funnel = await runTemplate(engine, load('funnel.md'));
    const steps = await funnel.rows('funnel');
    expect(steps.map((row) => row.event_name)).toEqual([
      'page_view',
      'signup',
      'product_view',
      'add_to_cart',
      'checkout_start',
      'purchase'
    ]);
    expect(steps[1].conversion_from_previous as number).toBeLessThan(0.5);
    expect(steps[5].conversion_overall as number).toBeGreaterThan(0.15);
    expect(steps[5].conversion_overall as number).toBeLessThan(0.4);
    expect((await funnel.rows('conversion_by_country')).length).toBeGreaterThanOrEqual(20);
    const awareness = await funnel.rows('awareness');
    const targeted = awareness.filter((row) => typeof row.cost_per_new_customer === 'number');
    expect(targeted.map((row) => row.channel).sort()).toEqual([
      'affiliate',
      'email',
      'paid_search',
      'paid_social'
    ]);
    expect(awareness.find((row) => row.channel === 'paid_social (no target country)')?.spend).toBeGreaterThan(
      0
    );
    const abTest = await runTemplate(engine, load('ab-test.md'));
    expect(await abTest.row('ab_comparison')).toMatchObject({ variant: 'B', control: 'A' });
    expect((await abTest.row('ab_comparison')).difference as number).toBeGreaterThan(0.1);
    expect((await abTest.row('ab_comparison')).p_value as number).toBeLessThan(0.01);
    expect((await abTest.row('srm')).p_value as number).toBeGreaterThanOrEqual(0.01);
    expect((await abTest.row('ab_exclusions')).several_variants as number).toBeGreaterThanOrEqual(1);
  }, 120_000);
});

function load(file: string) {
  const entry = galleryEntries().find((candidate) => candidate.file === file);
  if (entry === undefined) throw new Error(`${file} is not in the gallery`);
  const loaded = loadNotebook(entry.text);
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.notebook;
}
