import { readFileSync } from 'node:fs';
import initSqlJs from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { normaliseCountry } from '../../../src/lib/analyses/countries';
import { withMapping } from '../../../src/lib/analyses/mapping/cells';
import { profileSourceTable } from '../../../src/lib/analyses/mapping/profile';
import { suggestMapping } from '../../../src/lib/analyses/mapping/suggest';
import type { Recognisers, TableMapping } from '../../../src/lib/analyses/mapping/types';
import { CURRENCIES } from '../../../src/lib/analyses/reference/currencies';
import { installReferenceTables } from '../../../src/lib/analyses/reference/install';
import { InProcessEngine } from '../../../src/lib/engine/in-process-engine';
import { sharedData } from '../../support/shared-data';
import { loadTemplate, problems, runTemplate, type TemplateRun } from '../../support/templates';

const retail = sharedData('online-retail/online_retail.csv.gz');

const recognisers: Recognisers = {
  isCurrencyCode: (code) => CURRENCIES.some((currency) => currency.code === code),
  recogniseCountry: (value) => normaliseCountry(value).kind !== 'unrecognised'
};

/**
 * UCI Online Retail through the app's own path: the CSV import, the mapping the app suggests (with the
 * cleaning it suggests: a customer id, no cancelled invoice, positive quantity and price) and the cohort
 * template. The published figures (shared/data/README.md): 4,338 customers, revenue 8,911,407.90, a
 * December-2010 cohort of 885 customers, of whom 36.61% ordered again in January 2011 (calendar months).
 */
describe.runIf(retail)('UCI Online Retail, mapped onto the customer model', () => {
  let run: TemplateRun;
  let mappings: TableMapping[];

  beforeAll(async () => {
    const engine = new InProcessEngine(await initSqlJs());
    await engine.importCsv({
      file: new Blob([readFileSync(retail as string)]),
      fileName: 'online_retail.csv.gz'
    });
    await installReferenceTables(engine);
    const source = await profileSourceTable(engine, 'online_retail');
    mappings = (['orders', 'customers', 'order_items'] as const).map((target) => {
      const suggestion = suggestMapping(target, [source], recognisers);
      if (suggestion === null) throw new Error(`no suggestion for ${target}`);
      return suggestion.mapping;
    });
    // The file has no currency column: the analyst says the amounts are in pounds.
    mappings[0].columns.currency = "'GBP'";
    const notebook = withMapping(loadTemplate('cohort-retention.md'), mappings, ['fx_rates']);
    run = await runTemplate(engine, notebook, { reporting_currency: 'GBP' });
  }, 300_000);

  it('suggests the usual cleaning and the order-line grouping', () => {
    const [orders, customers] = mappings;
    expect(orders.source).toBe('online_retail');
    expect(orders.groupBy).toBe('order_id');
    expect(orders.columns.amount).toMatch(/SUM\(.*Quantity.*\*.*UnitPrice.*\)/);
    for (const mapping of [orders, customers]) {
      expect(mapping.filter).toMatch(/CustomerID"? IS NOT NULL/);
      expect(mapping.filter).toMatch(/InvoiceNo"? NOT LIKE 'C%'/);
      expect(mapping.filter).toMatch(/Quantity"? > 0/);
      expect(mapping.filter).toMatch(/UnitPrice"? > 0/);
    }
  });

  it('gives the published customer count and revenue', async () => {
    expect(problems(run)).toEqual([]);
    const check = await run.row('model_check');
    expect(check.revenue).toBe(8_911_407.9);
    expect(check.without_rate).toBe(0);
    expect((await run.rows('customer_status')).length).toBe(4338);
    expect((await run.rows('customers')).length).toBe(4338);
  });

  it('gives the published December-2010 cohort and its month-1 retention', async () => {
    const december = (await run.rows('retention')).filter((row) => row.cohort === '2010-12');
    expect(december[0]).toMatchObject({ k: 0, cohort_size: 885, retained: 885, retention: 1 });
    // 324 of 885 ordered again in January 2011: 36.61%.
    expect(december[1]).toMatchObject({ k: 1, retained: 324, retention: 0.3661 });
  });
});
