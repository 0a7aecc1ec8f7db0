import { csv, type CsvTables } from '../../support/templates';

/**
 * Small event logs for the funnel and A/B-test templates, each small enough to follow by hand (the expected
 * values are derived in the tests). Completed orders on 2024-03-01 and 2024-03-31 make the period of both
 * 2024-03-01 .. 2024-03-31 (as-of date 2024-03-31: events from 2024-04-01 00:00:00 on are ignored).
 */

/** CSV text whose fields may hold commas or quotes (JSON properties), quoted as RFC 4180 says. */
function quotedCsv(header: string, rows: readonly (readonly (string | null)[])[]): string {
  const field = (value: string | null) =>
    value === null ? '' : /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  return [header, ...rows.map((row) => row.map(field).join(','))].join('\n').concat('\n');
}

const country = (code: string) => JSON.stringify({ country: code });

const FX_RATES = csv('date,base_currency,quote_currency,rate', ['2024-02-01', 'EUR', 'USD', 1.1]);

/**
 * The default funnel page_view → signup → product_view → add_to_cart → checkout_start → purchase, 14 days.
 *
 * | user | customer? country, channel | events (2024)                                                               |
 * |------|-----------------------------|-----------------------------------------------------------------------------|
 * | C1   | DE, paid_search             | 03-01 10:00 page_view (property US), 10:05 signup, 10:10 product_view,       |
 * |      |                             | 10:20 add_to_cart, 03-02 09:00 checkout_start, 03-02 10:00 purchase          |
 * | C2   | DE, organic                 | 02-25 page_view (before the period); 03-03 12:00 page_view, 12:30 signup,   |
 * |      |                             | 03-04 08:00 product_view and add_to_cart at the very same second            |
 * | C3   | FR, paid_social             | 03-05 00:00 page_view, 01:00 signup, 03-06 12:00 add_to_cart (before the    |
 * |      |                             | product view), 03-10 00:00 product_view, 03-19 00:00:01 add_to_cart          |
 * |      |                             | (14 days and 1 second after entry)                                          |
 * | C4   | FR, referral                | 03-20 10:00 page_view, 10:10 signup, 10:20 product_view, 10:30 add_to_cart, |
 * |      |                             | 10:40 checkout_start; 04-02 09:00 purchase (after the as-of date)           |
 * | C5   | ES, organic                 | 02-20 page_view and signup (before the period)                              |
 * | V1   | visitor                     | 03-06 09:00 page_view (property DE)                                         |
 * | V2   | visitor                     | 03-07 09:00 and 03-08 09:00 page_view (property ES)                         |
 * | V3   | visitor                     | 03-09 09:00 page_view (no properties)                                       |
 * | V4   | visitor                     | 04-05 09:00 page_view (after the as-of date)                                |
 *
 * Orders: C5 2024-03-01 40 EUR, C1 2024-03-02 60 EUR, C2 2024-03-31 30 EUR (all completed). Spend: paid_search
 * DE 999 EUR in February (outside the period); in March paid_search DE 100 EUR (10,000 impressions, 200
 * clicks), paid_social FR 110 USD (5,000, 50), paid_social global 50 EUR (20,000, 100) and email GB 20 GBP
 * (1,000, 10), GBP having no rate. 1 EUR = 1.1 USD from 2024-02-01.
 */
export const FUNNEL_SHOP: CsvTables = {
  customers: csv(
    'customer_id,created_at,country,acquisition_channel',
    ['C1', '2024-03-01', 'DE', 'paid_search'],
    ['C2', '2024-03-03', 'DE', 'organic'],
    ['C3', '2024-03-05', 'FR', 'paid_social'],
    ['C4', '2024-03-20', 'FR', 'referral'],
    ['C5', '2024-02-20', 'ES', 'organic']
  ),
  orders: csv(
    'order_id,customer_id,order_date,currency,amount,cogs,status',
    ['O1', 'C5', '2024-03-01 12:00:00', 'EUR', 40, 16, 'completed'],
    ['O2', 'C1', '2024-03-02 10:00:00', 'EUR', 60, 24, 'completed'],
    ['O3', 'C2', '2024-03-31 18:00:00', 'EUR', 30, 12, 'completed']
  ),
  fx_rates: FX_RATES,
  marketing_spend: csv(
    'date,channel,country,currency,spend,impressions,clicks',
    ['2024-02-01', 'paid_search', 'DE', 'EUR', 999, 50000, 900],
    ['2024-03-01', 'paid_search', 'DE', 'EUR', 100, 10000, 200],
    ['2024-03-01', 'paid_social', 'FR', 'USD', 110, 5000, 50],
    ['2024-03-01', 'paid_social', null, 'EUR', 50, 20000, 100],
    ['2024-03-01', 'email', 'GB', 'GBP', 20, 1000, 10]
  ),
  events: quotedCsv('customer_id,event_time,event_name,properties', [
    ['C5', '2024-02-20 10:00:00', 'page_view', country('ES')],
    ['C5', '2024-02-20 10:05:00', 'signup', null],
    ['C2', '2024-02-25 09:00:00', 'page_view', country('DE')],
    ['C1', '2024-03-01 10:00:00', 'page_view', country('US')],
    ['C1', '2024-03-01 10:05:00', 'signup', null],
    ['C1', '2024-03-01 10:10:00', 'product_view', null],
    ['C1', '2024-03-01 10:20:00', 'add_to_cart', null],
    ['C1', '2024-03-02 09:00:00', 'checkout_start', null],
    ['C1', '2024-03-02 10:00:00', 'purchase', null],
    ['C2', '2024-03-03 12:00:00', 'page_view', country('DE')],
    ['C2', '2024-03-03 12:30:00', 'signup', null],
    ['C2', '2024-03-04 08:00:00', 'product_view', null],
    ['C2', '2024-03-04 08:00:00', 'add_to_cart', null],
    ['C3', '2024-03-05 00:00:00', 'page_view', country('FR')],
    ['C3', '2024-03-05 01:00:00', 'signup', null],
    ['C3', '2024-03-06 12:00:00', 'add_to_cart', null],
    ['V1', '2024-03-06 09:00:00', 'page_view', country('DE')],
    ['V2', '2024-03-07 09:00:00', 'page_view', country('ES')],
    ['V2', '2024-03-08 09:00:00', 'page_view', country('ES')],
    ['V3', '2024-03-09 09:00:00', 'page_view', null],
    ['C3', '2024-03-10 00:00:00', 'product_view', null],
    ['C3', '2024-03-19 00:00:01', 'add_to_cart', null],
    ['C4', '2024-03-20 10:00:00', 'page_view', country('FR')],
    ['C4', '2024-03-20 10:10:00', 'signup', null],
    ['C4', '2024-03-20 10:20:00', 'product_view', null],
    ['C4', '2024-03-20 10:30:00', 'add_to_cart', null],
    ['C4', '2024-03-20 10:40:00', 'checkout_start', null],
    ['C4', '2024-04-02 09:00:00', 'purchase', null],
    ['V4', '2024-04-05 09:00:00', 'page_view', country('FR')]
  ])
};

/** The customers and orders that set the A/B fixtures' period; users not listed here are anonymous. */
const AB_CUSTOMERS = csv(
  'customer_id,created_at,country',
  ['U1', '2024-03-01', 'DE'],
  ['U2', '2024-03-01', 'FR'],
  ['U3', '2024-03-01', 'DE'],
  ['U4', '2024-03-01', 'DE'],
  ['U5', '2024-03-01', 'FR'],
  ['U6', '2024-03-01', 'DE'],
  ['U7', '2024-03-01', 'DE'],
  ['U8', '2024-03-01', 'DE'],
  ['U9', '2024-02-01', 'DE']
);
const AB_ORDERS = csv(
  'order_id,customer_id,order_date,currency,amount,cogs,status',
  ['O1', 'U1', '2024-03-01 10:00:00', 'EUR', 40, 16, 'completed'],
  ['O2', 'U2', '2024-03-31 10:00:00', 'EUR', 30, 12, 'completed']
);
const AB_EVENTS_HEADER = 'customer_id,event_time,event_name,experiment_id,variant,properties';

/**
 * Experiment `checkout_v2` (variants A and B), conversion = `purchase` within 14 days of the first exposure.
 *
 * | user | country        | events (2024)                                                                 |
 * |------|----------------|--------------------------------------------------------------------------------|
 * | U1   | DE             | 03-01 10:00 exposure A; purchase at the same second                            |
 * | U2   | FR             | 02-28 purchase (before exposure); 03-02 10:00 exposure A; 03-03 add_to_cart    |
 * | U3   | DE             | 03-03 00:00 exposure A; purchase 03-17 00:00:01 (14 days and 1 second later)   |
 * | U4   | DE             | 03-04 00:00 exposure B; 03-05 purchase                                         |
 * | U5   | FR             | 03-05 00:00 and 03-06 00:00 exposure B; 03-19 12:00 purchase (14.5 days after   |
 * |      |                | the first exposure)                                                            |
 * | U6   | DE             | 03-06 exposure A, 03-07 exposure B (both variants); 03-08 purchase             |
 * | U7   | DE             | 03-25 exposure B (window not over on 2024-03-31)                               |
 * | U8   | DE             | 03-10 exposure to another experiment, `other_test` A; 03-11 purchase           |
 * | U9   | DE             | 02-20 exposure B (before the period)                                           |
 * | U10  | (visitor)      | 04-03 exposure A (after the as-of date)                                        |
 * | V1   | FR (property)  | 03-08 00:00 exposure B; 00:05 purchase                                         |
 */
export const AB_SHOP: CsvTables = {
  customers: AB_CUSTOMERS,
  orders: AB_ORDERS,
  fx_rates: FX_RATES,
  events: quotedCsv(AB_EVENTS_HEADER, [
    ['U9', '2024-02-20 00:00:00', 'exposure', 'checkout_v2', 'B', null],
    ['U2', '2024-02-28 10:00:00', 'purchase', null, null, null],
    ['U1', '2024-03-01 10:00:00', 'exposure', 'checkout_v2', 'A', null],
    ['U1', '2024-03-01 10:00:00', 'purchase', null, null, null],
    ['U2', '2024-03-02 10:00:00', 'exposure', 'checkout_v2', 'A', null],
    ['U2', '2024-03-03 10:00:00', 'add_to_cart', null, null, null],
    ['U3', '2024-03-03 00:00:00', 'exposure', 'checkout_v2', 'A', null],
    ['U4', '2024-03-04 00:00:00', 'exposure', 'checkout_v2', 'B', null],
    ['U4', '2024-03-05 00:00:00', 'purchase', null, null, null],
    ['U5', '2024-03-05 00:00:00', 'exposure', 'checkout_v2', 'B', null],
    ['U5', '2024-03-06 00:00:00', 'exposure', 'checkout_v2', 'B', null],
    ['U6', '2024-03-06 00:00:00', 'exposure', 'checkout_v2', 'A', null],
    ['U6', '2024-03-07 00:00:00', 'exposure', 'checkout_v2', 'B', null],
    ['U6', '2024-03-08 00:00:00', 'purchase', null, null, null],
    ['V1', '2024-03-08 00:00:00', 'exposure', 'checkout_v2', 'B', country('FR')],
    ['V1', '2024-03-08 00:05:00', 'purchase', null, null, null],
    ['U8', '2024-03-10 00:00:00', 'exposure', 'other_test', 'A', null],
    ['U8', '2024-03-11 00:00:00', 'purchase', null, null, null],
    ['U3', '2024-03-17 00:00:01', 'purchase', null, null, null],
    ['U5', '2024-03-19 12:00:00', 'purchase', null, null, null],
    ['U7', '2024-03-25 00:00:00', 'exposure', 'checkout_v2', 'B', null],
    ['U10', '2024-04-03 00:00:00', 'exposure', 'checkout_v2', 'A', null]
  ])
};

export interface Arm {
  variant: string;
  users: number;
  conversions: number;
}

/**
 * An experiment `checkout_v2` with the given users and conversions per variant: every user is exposed on
 * 2024-03-02 and the converting ones purchase the next day. Ids are anonymous (`R0001`, …), country Unknown.
 */
export function abExperiment(arms: readonly Arm[]): CsvTables {
  const rows: (string | null)[][] = [];
  let id = 0;
  for (const arm of arms) {
    for (let i = 0; i < arm.users; i++) {
      const user = `R${String(++id).padStart(4, '0')}`;
      rows.push([user, '2024-03-02 12:00:00', 'exposure', 'checkout_v2', arm.variant, null]);
      if (i < arm.conversions) rows.push([user, '2024-03-03 12:00:00', 'purchase', null, null, null]);
    }
  }
  return {
    customers: AB_CUSTOMERS,
    orders: AB_ORDERS,
    fx_rates: FX_RATES,
    events: quotedCsv(AB_EVENTS_HEADER, rows)
  };
}
