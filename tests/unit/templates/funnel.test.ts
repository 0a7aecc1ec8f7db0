import { beforeAll, describe, expect, it } from 'vitest';
import type { InProcessEngine } from '../../../src/lib/engine/in-process-engine';
import type { Notebook } from '../../../src/lib/notebook/model';
import { engineWith, loadTemplate, problems, runTemplate, type TemplateRun } from '../../support/templates';
import { FUNNEL_SHOP } from './events.fixtures';

const template = loadTemplate('funnel.md');

/** Users per step, in step order. */
async function usersPerStep(run: TemplateRun) {
  return (await run.rows('funnel')).map((row) => row.users);
}

/** The template with the step list replaced by `steps`, as an analyst edits the VALUES cell. */
function withSteps(steps: readonly string[]): Notebook {
  const edited = structuredClone(template);
  const cell = edited.cells.find((candidate) => candidate.id === 'funnel-steps');
  if (cell?.kind !== 'sql') throw new Error('no funnel-steps cell');
  const values = steps.map((name, i) => `(${i + 1}, '${name}')`).join(',\n    ');
  cell.sql = cell.sql.replace(/VALUES\n[\s\S]*?\n\)/, `VALUES\n    ${values}\n)`);
  return edited;
}

describe('funnel template, on an event log followed by hand', () => {
  let engine: InProcessEngine;
  beforeAll(async () => {
    engine = await engineWith(FUNNEL_SHOP);
  });

  it('counts each step as the first later event within 14 days of entry, and the conversion between steps', async () => {
    const run = await runTemplate(engine, template);
    expect(problems(run)).toEqual([]);
    // Entrants (first page_view in March): C1, C2, C3, C4, V1, V2, V3 = 7 (C5 and C2's February view are
    // before the period, V4 after it). Signup: C1-C4. Product view: C1-C4. Add to cart: C1 and C4 (C2's is at
    // the same second as the product view, not after it; C3's first is before the product view and the next
    // is 1 s past the window). Checkout: C1, C4. Purchase: C1 (C4's is after the as-of date).
    // Hours from the previous step: signup C1 5 min, C2 30 min, C3 60 min, C4 10 min → median (10 + 30) min
    // = 0.33 h, mean 105 min / 4 = 0.44 h. Product view: 5 min, 19.5 h, 119 h, 10 min → median (10 min + 19.5
    // h) / 2 = 9.83, mean 138.75 / 4 = 34.69. Add to cart: 10 min, 10 min. Checkout: C1 22 h 40 min, C4 10 min
    // → 11.42. Purchase: C1 1 h. From entry: product view 10 min, 20 h, 120 h, 20 min → 10.17; add to cart
    // 20 and 30 min → 0.42; checkout 23 h and 40 min → 11.83; purchase 24 h.
    expect(
      (await run.rows('funnel')).map((row) => [
        row.step_label,
        row.users,
        row.conversion_overall,
        row.conversion_from_previous,
        row.drop_off,
        row.dropped_users,
        row.median_hours_from_previous,
        row.mean_hours_from_previous,
        row.median_hours_from_entry
      ])
    ).toEqual([
      ['1. page_view', 7, 1, null, null, null, null, null, 0],
      ['2. signup', 4, 0.5714, 0.5714, 0.4286, 3, 0.33, 0.44, 0.33],
      ['3. product_view', 4, 0.5714, 1, 0, 0, 9.83, 34.69, 10.17],
      ['4. add_to_cart', 2, 0.2857, 0.5, 0.5, 2, 0.17, 0.17, 0.42],
      ['5. checkout_start', 2, 0.2857, 1, 0, 0, 11.42, 11.42, 11.83],
      ['6. purchase', 1, 0.1429, 0.5, 0.5, 1, 1, 1, 24]
    ]);
    // C4 entered on 03-20, less than 14 days before the end of 03-31; V1-V3 are not customers.
    expect(await run.row('funnel_overall')).toEqual({
      entrants: 7,
      converted: 1,
      conversion: 0.1429,
      median_hours_to_convert: 24,
      window_open: 1,
      anonymous_entrants: 3
    });
  });

  it('takes the country from the customer, else from the entry event, and the channel from the customer', async () => {
    const run = await runTemplate(engine, template);
    // DE: C1 (a customer in DE, whatever the event says), C2, V1 (property DE); FR: C3, C4; ES: V2; V3 has
    // no property. Only C1 converts. Wilson 95 % for 1 of 3: [0.0615, 0.7923]; 0 of 2: [0, 0.6576]; 0 of 1:
    // [0, 0.7935].
    expect(
      (await run.rows('conversion_by_country')).map((row) => [
        row.country,
        row.entrants,
        row.converted,
        row.conversion,
        row.conversion_low,
        row.conversion_high,
        row.median_hours_to_convert
      ])
    ).toEqual([
      ['DE', 3, 1, 0.3333, 0.0615, 0.7923, 24],
      ['FR', 2, 0, 0, 0, 0.6576, null],
      ['ES', 1, 0, 0, 0, 0.7935, null],
      ['Unknown', 1, 0, 0, 0, 0.7935, null]
    ]);
    expect(
      (await run.rows('conversion_by_channel')).map((row) => [row.channel, row.entrants, row.converted])
    ).toEqual([
      ['anonymous visitor', 3, 0],
      ['organic', 1, 0],
      ['paid_search', 1, 1],
      ['paid_social', 1, 0],
      ['referral', 1, 0]
    ]);
    // Every country has a row for every step: FR reaches 2, 2, 2, 1 (C4), 1, 0.
    const france = (await run.rows('funnel_by_country')).filter((row) => row.country === 'FR');
    expect(france.map((row) => [row.step_label, row.users, row.conversion_overall])).toEqual([
      ['1. page_view', 2, 1],
      ['2. signup', 2, 1],
      ['3. product_view', 2, 1],
      ['4. add_to_cart', 1, 0.5],
      ['5. checkout_start', 1, 0.5],
      ['6. purchase', 0, 0]
    ]);
  });

  it('measures the conversion window in 24-hour units from entry', async () => {
    const run = await runTemplate(engine, template, { conversion_window_days: 15 });
    // With 15 days, C3's add to cart at 03-19 00:00:01 (14 days and 1 s after entry) counts; C3 has no checkout.
    expect(await usersPerStep(run)).toEqual([7, 4, 4, 3, 2, 1]);
  });

  it('leaves out, on request, the users whose window has not ended at the as-of date', async () => {
    const run = await runTemplate(engine, template, { open_windows: 'leave them out' });
    // C4 entered on 03-20; 03-20 + 14 days is after 04-01 00:00. Without C4: 6, 3, 3, 1, 1, 1.
    expect(await usersPerStep(run)).toEqual([6, 3, 3, 1, 1, 1]);
    expect((await run.row('funnel_overall')).entrants).toBe(6);
    expect((await run.rows('conversion_by_country')).find((row) => row.country === 'FR')).toMatchObject({
      entrants: 1,
      converted: 0
    });
  });

  it('follows an edited step list, where a repeated step needs its own later event', async () => {
    const shorter = await runTemplate(engine, withSteps(['signup', 'add_to_cart', 'purchase']));
    expect(problems(shorter)).toEqual([]);
    // Signups in March: C1-C4 (C5's is in February). Each has an add to cart after signing up (C2's product
    // view no longer matters, C3's 03-06 one counts now). Purchase: C1 only (C4's is after the as-of date).
    expect(
      (await shorter.rows('funnel')).map((row) => [row.step_label, row.users, row.conversion_from_previous])
    ).toEqual([
      ['1. signup', 4, null],
      ['2. add_to_cart', 4, 1],
      ['3. purchase', 1, 0.25]
    ]);

    const repeated = await runTemplate(engine, withSteps(['page_view', 'page_view']));
    // Only V2 views a page again after entering (C2's other view is before the period).
    expect(await usersPerStep(repeated)).toEqual([7, 1]);
  });

  it('gives the awareness ratios of the spend in the period, per channel, in the reporting currency', async () => {
    const run = await runTemplate(engine, template);
    // March only. paid_search: 100 EUR, 10,000 impressions, 200 clicks: CTR 0.02, CPC 0.5, one new customer
    // (C1). paid_social in FR: 110 USD / 1.1 = 100 EUR, CTR 50 / 5,000, CPC 2; no paid_social customer has
    // ordered. The global paid_social line (no country): 50 EUR, CTR 0.005, CPC 0.5, tied to no customer.
    // email: GBP has no rate, so no spend, CPC or cost. organic: no spend rows, two new customers (C5, C2).
    const row = (
      channel: string,
      impressions: number | null,
      clicks: number | null,
      ctr: number | null,
      spend: number | null,
      cpc: number | null,
      new_customers: number,
      cost_per_new_customer: number | null,
      rows_without_rate: number
    ) => ({
      channel,
      impressions,
      clicks,
      ctr,
      spend,
      cpc,
      new_customers,
      cost_per_new_customer,
      rows_without_rate
    });
    expect(await run.rows('awareness')).toEqual([
      row('paid_search', 10000, 200, 0.02, 100, 0.5, 1, 100, 0),
      row('paid_social', 5000, 50, 0.01, 100, 2, 0, null, 0),
      row('paid_social (no target country)', 20000, 100, 0.005, 50, 0.5, 0, null, 0),
      row('email', 1000, 10, 0.01, null, null, 0, null, 1),
      row('organic', null, null, null, null, null, 2, null, 0)
    ]);
  });
});
