/**
 * The canonical customer model of ANALYTICS.md §1 as data: the tables every analysis template reads, their
 * columns, which are required and what kind of value each holds. The column mapping suggests sources for these
 * columns, the validation checks them, and the templates rely on exactly these names.
 */

/** What a canonical column holds; decides which source columns fit and how values are normalised. */
export type ModelValueKind =
  | 'id'
  | 'text'
  | 'timestamp'
  | 'date'
  | 'money'
  | 'number'
  | 'integer'
  | 'country'
  | 'currency'
  | 'flag'
  | 'json';

export interface ModelColumn {
  name: string;
  kind: ModelValueKind;
  required: boolean;
  /** One line for the mapping form: what belongs in this column. */
  description: string;
}

export interface ModelTable {
  name: ModelTableName;
  /** One line for the mapping form. */
  description: string;
  /** The column that identifies a row, when there is one (duplicates are reported). */
  key: string | null;
  columns: readonly ModelColumn[];
}

export const MODEL_TABLE_NAMES = [
  'customers',
  'orders',
  'order_items',
  'marketing_spend',
  'referrals',
  'events',
  'fx_rates'
] as const;
export type ModelTableName = (typeof MODEL_TABLE_NAMES)[number];

/** The acquisition channels of ANALYTICS.md §1.1, shared by `customers` and `marketing_spend`. */
export const CHANNELS = [
  'paid_search',
  'paid_social',
  'affiliate',
  'email',
  'organic',
  'referral',
  'marketplace',
  'direct',
  'unknown'
] as const;

/** Channels whose spend is paid media: the numerator and denominator of paid CAC (ANALYTICS.md §3). */
export const PAID_CHANNELS = ['paid_search', 'paid_social', 'affiliate'] as const;

const column = (name: string, kind: ModelValueKind, required: boolean, description: string): ModelColumn => ({
  name,
  kind,
  required,
  description
});

export const MODEL: readonly ModelTable[] = [
  {
    name: 'customers',
    description: 'One row per customer.',
    key: 'customer_id',
    columns: [
      column('customer_id', 'id', true, 'A pseudonymous customer key (no e-mail or name needed).'),
      column('created_at', 'timestamp', true, 'Signup or first-seen time.'),
      column('country', 'country', true, "The customer's market, as an ISO 3166-1 alpha-2 code."),
      column(
        'acquisition_channel',
        'text',
        false,
        'First-touch channel: paid_search, paid_social, organic, ...'
      ),
      column(
        'acquisition_campaign',
        'text',
        false,
        'The campaign that acquired the customer (utm_campaign).'
      ),
      column('birth_year', 'integer', false, 'Year of birth, for age bands.'),
      column('language', 'text', false, 'Preferred language.'),
      column('preferred_social_platform', 'text', false, 'The social platform the customer uses most.'),
      column('marketing_consent', 'flag', false, '1 when the customer agreed to marketing.')
    ]
  },
  {
    name: 'orders',
    description: 'One row per order.',
    key: 'order_id',
    columns: [
      column('order_id', 'id', true, 'The order key.'),
      column('customer_id', 'id', true, 'Who ordered (a customers.customer_id).'),
      column('order_date', 'timestamp', true, 'When the order was placed.'),
      column('currency', 'currency', true, 'ISO 4217 code of the amounts on this row.'),
      column('amount', 'money', true, 'Net revenue: after discounts, without tax and shipping.'),
      column('cogs', 'money', false, 'Cost of goods sold, for gross-margin figures.'),
      column(
        'status',
        'text',
        false,
        'completed (default), refunded or cancelled; analyses count completed.'
      ),
      column('ship_country', 'country', false, 'Where the order was shipped, as an alpha-2 code.'),
      column('sales_channel', 'text', false, 'web, app, marketplace, ...')
    ]
  },
  {
    name: 'order_items',
    description: 'One row per product line of an order.',
    key: null,
    columns: [
      column('order_id', 'id', true, 'The order (an orders.order_id).'),
      column('product_id', 'id', true, 'The product or SKU.'),
      column('category', 'text', false, 'Product category.'),
      column('quantity', 'number', false, 'Units.'),
      column('unit_price', 'money', false, "Price per unit in the order's currency.")
    ]
  },
  {
    name: 'marketing_spend',
    description: 'One row per date, channel (and campaign, country).',
    key: null,
    columns: [
      column('date', 'date', true, 'Day, or the first day of the month.'),
      column('channel', 'text', true, 'Same vocabulary as customers.acquisition_channel.'),
      column('campaign', 'text', false, 'Campaign.'),
      column('country', 'country', false, 'Target market; empty means global or unallocated.'),
      column('currency', 'currency', true, 'ISO 4217 code of the spend.'),
      column('spend', 'money', true, 'Amount spent.'),
      column('impressions', 'integer', false, 'Impressions.'),
      column('clicks', 'integer', false, 'Clicks.')
    ]
  },
  {
    name: 'referrals',
    description: 'One row per invite (at least one per successful referral).',
    key: null,
    columns: [
      column('referrer_id', 'id', true, 'Who invited (a customers.customer_id).'),
      column('referee_id', 'id', false, 'Who joined; empty when the invite did not convert.'),
      column('invited_at', 'timestamp', false, 'When the invite was sent.'),
      column('converted_at', 'timestamp', false, 'When the referee became a customer.'),
      column('channel', 'text', false, 'How the invite was shared (whatsapp, wechat, email, link, ...).'),
      column('reward_amount', 'money', false, 'Reward paid for the referral.'),
      column('reward_currency', 'currency', false, 'Currency of the reward.')
    ]
  },
  {
    name: 'events',
    description: 'Behavioural events: funnels and A/B tests.',
    key: null,
    columns: [
      column('customer_id', 'id', true, 'The customer (or an anonymous id).'),
      column('event_time', 'timestamp', true, 'When it happened.'),
      column('event_name', 'text', true, 'page_view, add_to_cart, checkout_start, purchase, exposure, ...'),
      column('session_id', 'id', false, 'Session.'),
      column('experiment_id', 'text', false, 'For exposure events: the experiment.'),
      column('variant', 'text', false, 'For exposure events: the variant shown.'),
      column('properties', 'json', false, 'Other attributes as JSON text.')
    ]
  },
  {
    name: 'fx_rates',
    description: 'Exchange rates: 1 base_currency = rate quote_currency on date.',
    key: null,
    columns: [
      column('date', 'date', true, 'The day the rate is for.'),
      column('base_currency', 'currency', true, 'ISO 4217 code (EUR for ECB rates).'),
      column('quote_currency', 'currency', true, 'ISO 4217 code.'),
      column('rate', 'number', true, 'Units of quote_currency for one base_currency.')
    ]
  }
];

export function modelTable(name: ModelTableName): ModelTable {
  const table = MODEL.find((candidate) => candidate.name === name);
  if (table === undefined) throw new RangeError(`${name} is not a table of the customer model.`);
  return table;
}

export function isModelTableName(name: string): name is ModelTableName {
  return (MODEL_TABLE_NAMES as readonly string[]).includes(name);
}
