import { createRandom, type Random } from './random';

/**
 * A seeded, synthetic cross-border shop in the canonical CSV schema of ANALYTICS.md §1, so that every analysis
 * (CAC, LTV, cohorts, RFM, funnels, referrals, baskets, A/B tests, multi-currency) has data to run on without
 * the user uploading anything.
 *
 * Sizes at the defaults (seed 20240101, 2,000 customers): 9,717 orders, about 17,800 order items, 2,328
 * marketing-spend rows, about 1,070 referral rows, about 55,000 events and about 10,000 FX rows: about 5 MB of CSV,
 * generated in about 0.35 s in Node (CSV text in another 0.2 s). Orders, items, referrals and events scale with
 * `customers`; spend and FX rows do not. Events dominate: a smaller `customers` is the lever for a faster load.
 *
 * The business, over 2024-01-01 .. 2025-12-31 (UTC):
 * - 24 countries on five M49 regions, priced in 20 currencies; amounts are in the customer's local currency at
 *   the forward-filled EUR rate of the day, rounded to the currency's minor unit (JPY, KRW, CLP have none).
 * - `fx_rates`: ECB style (1 EUR = rate quote), TARGET working days only (no weekends, 1 Jan, 1 May, 25–26 Dec)
 *   plus a few unpublished days per currency, so conversion must forward-fill. AED is pegged to USD.
 * - Channels (`paid_search, paid_social, affiliate, email, organic, referral`) with monthly spend per paid
 *   channel × country in the country's currency, plus an unallocated global brand line (empty country).
 * - Signups grow over the period and peak in November–December; so do orders. Customers buy at their own rate
 *   and may stop after any order (churn); referred customers churn less.
 * - Referrals: a fifth of signups are referred by an earlier customer, often abroad (diaspora links such as
 *   IN→AE or MX→US), in several generations; unconverted invites have an empty `referee_id`.
 * - Events: the funnel `page_view → signup → product_view → add_to_cart → checkout_start → purchase`, with
 *   abandoned carts and anonymous visitors (ids `V…`, not in `customers`) who never sign up; `invite_sent`;
 *   and the A/B test `checkout_v2` (variants A and B, exposure at signup, 2025-01-01 .. 2025-06-30) in which
 *   B's first-purchase conversion is about 15 points higher. A few customers are exposed to both variants.
 * - Surveys: about one order in eight is followed, 2–10 days later, by a `survey_response` event whose
 *   `properties` hold the 0–10 recommend score (`{"score":9}`): about 1,100 answers. Repeat buyers and referred
 *   customers score higher, refunded orders lower, and the country shifts the scale (Japan and Korea lowest,
 *   India, Brazil and Mexico highest). They come from a stream of their own, so the other rows do not depend on
 *   them.
 *
 * Integrity: ids are chronological (`C00001`, `O000001`); every order's customer, item's order and referral's
 * referrer and referee exist; no order precedes its customer's signup; amounts, prices and spend are positive
 * (refunds are a `status`, never a negative amount); an order's currency is its ship country's currency.
 */
export function generateDemoWorkspace(options: DemoOptions = {}): DemoWorkspace {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const size = options.customers ?? DEFAULT_DEMO_CUSTOMERS;
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`customers must be a positive integer, not ${size}`);
  const random = createRandom(seed);
  const fx = simulateFx(random);
  const customers = simulateCustomers(random, size);
  const orders = simulateOrders(random, customers, fx);
  const referrals = simulateReferrals(random, customers, fx);
  const spend = simulateSpend(random, customers, fx);
  // Surveys draw from a stream of their own, so every other row is the same with or without them.
  const surveys = simulateSurveys(createRandom(seed ^ SURVEY_STREAM), orders);
  const tracked = options.eventCustomers ?? size;
  if (!Number.isInteger(tracked) || tracked < 0)
    throw new RangeError(`eventCustomers must be a whole number, not ${tracked}`);
  const events =
    tracked >= size
      ? simulateEvents(random, customers, orders, referrals, surveys)
      : trackedEvents(random, customers.slice(0, tracked), orders, referrals, surveys);
  return {
    customers: customersTable(customers),
    orders: ordersTable(orders),
    order_items: orderItemsTable(orders),
    marketing_spend: spend,
    referrals: referralsTable(referrals),
    events,
    fx_rates: fx.table
  };
}

export const DEMO_TABLE_NAMES = [
  'customers',
  'orders',
  'order_items',
  'marketing_spend',
  'referrals',
  'events',
  'fx_rates'
] as const;
export type DemoTableName = (typeof DEMO_TABLE_NAMES)[number];
export type DemoValue = string | number | null;
export interface DemoTable {
  columns: string[];
  rows: DemoValue[][];
}
export type DemoWorkspace = Record<DemoTableName, DemoTable>;
export interface DemoOptions {
  seed?: number;
  /** Number of signed-up customers; orders and events scale with it. */
  customers?: number;
  /**
   * Behavioural events only for the first this many customers (all by default): a benchmark with a million
   * orders does not need five million events. Anonymous visitors scale with it too.
   */
  eventCustomers?: number;
}

export const DEFAULT_DEMO_SEED = 20240101;
export const DEFAULT_DEMO_CUSTOMERS = 2000;
/** The A/B test in `events`; B converts better. */
export const DEMO_EXPERIMENT_ID = 'checkout_v2';

/**
 * RFC 4180 text: a header row, `\n` after every record, fields quoted only when they hold a comma, a quote or a
 * line break (quotes doubled), `null` as an empty field, numbers as JavaScript prints them (never exponent form
 * here: every number is a rounded amount, rate or count).
 */
export function toCsvText(table: DemoTable): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(toCsvField).join(','));
  return lines.join('\n') + '\n';
}

function toCsvField(value: DemoValue): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const DAY = 86_400;
const START = Date.UTC(2024, 0, 1) / 1000;
const END = Date.UTC(2026, 0, 1) / 1000;
const DAYS = (END - START) / DAY;
/** FX starts a month early, so the first orders (1 January is a TARGET holiday) already have a rate to fill. */
const FX_START = Date.UTC(2023, 11, 1) / 1000;
const EXPERIMENT_START = Date.UTC(2025, 0, 1) / 1000;
const EXPERIMENT_END = Date.UTC(2025, 6, 1) / 1000;
/** Relative demand by calendar month: a spring dip, Black Friday and Christmas. */
const SEASON = [0.85, 0.8, 0.9, 0.95, 1, 0.95, 0.9, 0.9, 1, 1.05, 1.45, 1.6];

type Region = 'Europe' | 'Americas' | 'Asia' | 'Africa' | 'Oceania';
type Channel = 'paid_search' | 'paid_social' | 'affiliate' | 'email' | 'organic' | 'referral';
const PAID_CHANNELS = ['paid_search', 'paid_social', 'affiliate', 'email'] as const;

interface Country {
  code: string;
  currency: string;
  region: Region;
  /** Share of signups. */
  weight: number;
  /** Media cost relative to Germany. */
  costLevel: number;
  language: string;
  social: string;
  /** Where referral invites are shared from this country. */
  messenger: string;
  /** How much more this market is reached through social ads than the base mix. */
  socialBias: number;
  /** Countries with strong personal ties to this one: where its customers' invites often land. */
  ties: string[];
}

// prettier-ignore
const COUNTRIES: Country[] = [
  { code: 'DE', currency: 'EUR', region: 'Europe', weight: 10, costLevel: 1, language: 'de', social: 'instagram', messenger: 'whatsapp', socialBias: 0.8, ties: ['PL', 'NL', 'TR'] },
  { code: 'FR', currency: 'EUR', region: 'Europe', weight: 7, costLevel: 1, language: 'fr', social: 'instagram', messenger: 'whatsapp', socialBias: 1, ties: ['ES', 'CA', 'NG'] },
  { code: 'ES', currency: 'EUR', region: 'Europe', weight: 5, costLevel: 0.8, language: 'es', social: 'instagram', messenger: 'whatsapp', socialBias: 1.1, ties: ['MX', 'CL', 'FR'] },
  { code: 'IT', currency: 'EUR', region: 'Europe', weight: 5, costLevel: 0.85, language: 'it', social: 'instagram', messenger: 'whatsapp', socialBias: 1.1, ties: ['DE', 'BR'] },
  { code: 'NL', currency: 'EUR', region: 'Europe', weight: 4, costLevel: 1, language: 'nl', social: 'instagram', messenger: 'whatsapp', socialBias: 1, ties: ['DE', 'ZA'] },
  { code: 'GB', currency: 'GBP', region: 'Europe', weight: 8, costLevel: 1.1, language: 'en', social: 'tiktok', messenger: 'whatsapp', socialBias: 1, ties: ['IN', 'NG', 'AU', 'US'] },
  { code: 'PL', currency: 'PLN', region: 'Europe', weight: 3, costLevel: 0.6, language: 'pl', social: 'facebook', messenger: 'messenger', socialBias: 1.1, ties: ['GB', 'DE'] },
  { code: 'SE', currency: 'SEK', region: 'Europe', weight: 2, costLevel: 1, language: 'sv', social: 'instagram', messenger: 'link', socialBias: 1, ties: ['DE', 'GB'] },
  { code: 'US', currency: 'USD', region: 'Americas', weight: 12, costLevel: 1.3, language: 'en', social: 'tiktok', messenger: 'sms', socialBias: 0.9, ties: ['MX', 'IN', 'KR', 'CA'] },
  { code: 'CA', currency: 'CAD', region: 'Americas', weight: 4, costLevel: 1.1, language: 'en', social: 'instagram', messenger: 'sms', socialBias: 1, ties: ['US', 'IN', 'FR'] },
  { code: 'MX', currency: 'MXN', region: 'Americas', weight: 3, costLevel: 0.5, language: 'es', social: 'facebook', messenger: 'whatsapp', socialBias: 1.6, ties: ['US', 'ES'] },
  { code: 'BR', currency: 'BRL', region: 'Americas', weight: 5, costLevel: 0.5, language: 'pt', social: 'instagram', messenger: 'whatsapp', socialBias: 1.6, ties: ['US', 'IT', 'JP'] },
  { code: 'CL', currency: 'CLP', region: 'Americas', weight: 1.5, costLevel: 0.55, language: 'es', social: 'instagram', messenger: 'whatsapp', socialBias: 1.4, ties: ['ES', 'BR'] },
  { code: 'JP', currency: 'JPY', region: 'Asia', weight: 5, costLevel: 1.1, language: 'ja', social: 'x', messenger: 'line', socialBias: 0.8, ties: ['US', 'BR', 'KR'] },
  { code: 'KR', currency: 'KRW', region: 'Asia', weight: 3, costLevel: 0.9, language: 'ko', social: 'instagram', messenger: 'kakao', socialBias: 1, ties: ['US', 'JP'] },
  { code: 'CN', currency: 'CNY', region: 'Asia', weight: 4, costLevel: 0.7, language: 'zh', social: 'wechat', messenger: 'wechat', socialBias: 1.2, ties: ['SG', 'AU', 'CA', 'US'] },
  { code: 'IN', currency: 'INR', region: 'Asia', weight: 6, costLevel: 0.3, language: 'hi', social: 'instagram', messenger: 'whatsapp', socialBias: 1.5, ties: ['AE', 'GB', 'US', 'SG'] },
  { code: 'SG', currency: 'SGD', region: 'Asia', weight: 2, costLevel: 1, language: 'en', social: 'instagram', messenger: 'whatsapp', socialBias: 1, ties: ['CN', 'IN', 'AU'] },
  { code: 'AE', currency: 'AED', region: 'Asia', weight: 2, costLevel: 1, language: 'ar', social: 'instagram', messenger: 'whatsapp', socialBias: 1.4, ties: ['IN', 'GB'] },
  { code: 'ZA', currency: 'ZAR', region: 'Africa', weight: 2, costLevel: 0.5, language: 'en', social: 'facebook', messenger: 'whatsapp', socialBias: 1.4, ties: ['GB', 'NL', 'AU', 'NZ'] },
  { code: 'NG', currency: 'NGN', region: 'Africa', weight: 2, costLevel: 0.3, language: 'en', social: 'instagram', messenger: 'whatsapp', socialBias: 1.6, ties: ['GB', 'US', 'ZA'] },
  { code: 'KE', currency: 'KES', region: 'Africa', weight: 1, costLevel: 0.3, language: 'sw', social: 'facebook', messenger: 'whatsapp', socialBias: 1.6, ties: ['GB', 'ZA', 'AE'] },
  { code: 'AU', currency: 'AUD', region: 'Oceania', weight: 3, costLevel: 1.1, language: 'en', social: 'instagram', messenger: 'link', socialBias: 1, ties: ['NZ', 'GB', 'CN'] },
  { code: 'NZ', currency: 'NZD', region: 'Oceania', weight: 1, costLevel: 1, language: 'en', social: 'instagram', messenger: 'link', socialBias: 1, ties: ['AU', 'GB'] }
];
const COUNTRY_BY_CODE = new Map(COUNTRIES.map((country) => [country.code, country]));

interface Currency {
  code: string;
  /** Units per EUR at the start of the period. */
  start: number;
  /** Daily standard deviation of the rate's relative change. */
  volatility: number;
  /** Daily relative drift: NGN devalues steadily. */
  drift: number;
  /** ISO 4217 exponent. */
  minorUnit: number;
}

// prettier-ignore
const CURRENCIES: Currency[] = [
  { code: 'USD', start: 1.08, volatility: 0.004, drift: 0, minorUnit: 2 },
  { code: 'GBP', start: 0.86, volatility: 0.003, drift: 0, minorUnit: 2 },
  { code: 'PLN', start: 4.35, volatility: 0.003, drift: 0, minorUnit: 2 },
  { code: 'SEK', start: 11.4, volatility: 0.004, drift: 0, minorUnit: 2 },
  { code: 'CAD', start: 1.47, volatility: 0.004, drift: 0, minorUnit: 2 },
  { code: 'MXN', start: 19.5, volatility: 0.007, drift: 0.0001, minorUnit: 2 },
  { code: 'BRL', start: 5.4, volatility: 0.008, drift: 0.0002, minorUnit: 2 },
  { code: 'CLP', start: 960, volatility: 0.006, drift: 0, minorUnit: 0 },
  { code: 'JPY', start: 158, volatility: 0.006, drift: 0, minorUnit: 0 },
  { code: 'KRW', start: 1430, volatility: 0.005, drift: 0, minorUnit: 0 },
  { code: 'CNY', start: 7.8, volatility: 0.003, drift: 0, minorUnit: 2 },
  { code: 'INR', start: 90, volatility: 0.004, drift: 0.0001, minorUnit: 2 },
  { code: 'SGD', start: 1.45, volatility: 0.003, drift: 0, minorUnit: 2 },
  { code: 'ZAR', start: 20.3, volatility: 0.008, drift: 0, minorUnit: 2 },
  { code: 'NGN', start: 950, volatility: 0.01, drift: 0.0012, minorUnit: 2 },
  { code: 'KES', start: 170, volatility: 0.005, drift: -0.0002, minorUnit: 2 },
  { code: 'AUD', start: 1.63, volatility: 0.005, drift: 0, minorUnit: 2 },
  { code: 'NZD', start: 1.78, volatility: 0.005, drift: 0, minorUnit: 2 }
];
/** AED has been pegged to USD at 3.6725 since 1997, so its EUR rate is derived, not simulated. */
const AED_PER_USD = 3.6725;
const MINOR_UNITS = new Map<string, number>([
  ['EUR', 2],
  ['AED', 2],
  ...CURRENCIES.map((c) => [c.code, c.minorUnit] as [string, number])
]);
/** TARGET closing days on fixed dates (Easter is left out: the gaps only need to exist, not be exact). */
const FX_HOLIDAYS = ['01-01', '05-01', '12-25', '12-26'];

interface Fx {
  table: DemoTable;
  /** Forward-filled rate (units per EUR) of `currency` on the UTC day containing `time`. */
  rateAt(currency: string, time: number): number;
}

function simulateFx(random: Random): Fx {
  const days = (END - FX_START) / DAY;
  const filled = new Map<string, number[]>();
  for (const code of [...CURRENCIES.map((c) => c.code), 'AED']) filled.set(code, []);
  const level = new Map(CURRENCIES.map((c) => [c.code, c.start]));
  const rows: DemoValue[][] = [];
  for (let day = 0; day < days; day++) {
    const date = toDate(FX_START + day * DAY);
    const weekday = new Date((FX_START + day * DAY) * 1000).getUTCDay();
    const published = weekday !== 0 && weekday !== 6 && !FX_HOLIDAYS.includes(date.slice(5));
    for (const currency of CURRENCIES) {
      const series = filled.get(currency.code) as number[];
      if (published) {
        const next =
          (level.get(currency.code) as number) * (1 + currency.drift + currency.volatility * random.normal());
        level.set(currency.code, next);
      }
      // A rate the bank skipped (about one working day in a hundred, per currency) must be forward-filled too.
      const skipped = !published || random.chance(0.01);
      const rate = roundTo(level.get(currency.code) as number, 4);
      if (skipped) series.push(day === 0 ? rate : series[day - 1]);
      else {
        series.push(rate);
        rows.push([date, 'EUR', currency.code, rate]);
      }
      if (currency.code === 'USD') {
        const aed = filled.get('AED') as number[];
        const aedRate = roundTo(rate * AED_PER_USD, 4);
        if (skipped) aed.push(day === 0 ? aedRate : aed[day - 1]);
        else {
          aed.push(aedRate);
          rows.push([date, 'EUR', 'AED', aedRate]);
        }
      }
    }
  }
  return {
    table: { columns: ['date', 'base_currency', 'quote_currency', 'rate'], rows },
    rateAt(currency, time) {
      if (currency === 'EUR') return 1;
      const series = filled.get(currency);
      if (series === undefined) throw new Error(`no FX series for ${currency}`);
      return series[Math.floor((time - FX_START) / DAY)];
    }
  };
}

interface Customer {
  id: string;
  created: number;
  country: Country;
  channel: Channel;
  campaign: string | null;
  birthYear: number;
  language: string;
  social: string;
  consent: number;
  referrer: Customer | null;
  /** Variant of the A/B test shown at signup; `crossover` customers also saw the other one. */
  variant: 'A' | 'B' | null;
  crossover: boolean;
  favouriteCategory: string;
}

/** Share of signups that come through a referral invite. */
const REFERRED_SHARE = 0.2;
/** Chance that a referrer is picked among referred customers: keeps chains several generations deep. */
const REFERRER_FROM_REFERRED = 0.45;

function simulateCustomers(random: Random, size: number): Customer[] {
  const times = drawSignupTimes(random, size);
  const customers: Customer[] = [];
  const eligible: Customer[] = [];
  const eligibleReferred: Customer[] = [];
  let ready = 0;
  for (const created of times) {
    // Only customers who joined at least a day earlier can have invited this one.
    while (ready < customers.length && customers[ready].created <= created - DAY) {
      eligible.push(customers[ready]);
      if (customers[ready].referrer !== null) eligibleReferred.push(customers[ready]);
      ready++;
    }
    const referred = eligible.length >= 10 && random.chance(REFERRED_SHARE);
    let referrer: Customer | null = null;
    if (referred) {
      const fromReferred = eligibleReferred.length > 0 && random.chance(REFERRER_FROM_REFERRED);
      referrer = random.pick(fromReferred ? eligibleReferred : eligible);
    }
    const country =
      referrer === null
        ? random.weighted(COUNTRIES, (c) => c.weight)
        : refereeCountry(random, referrer.country);
    const channel = referrer === null ? acquisitionChannel(random, country) : 'referral';
    const month = new Date(created * 1000).getUTCMonth();
    const inExperiment = created >= EXPERIMENT_START && created < EXPERIMENT_END;
    customers.push({
      id: `C${String(customers.length + 1).padStart(5, '0')}`,
      created,
      country,
      channel,
      campaign: campaignOf(channel, month),
      birthYear: 1955 + Math.floor(25.5 * (random.next() + random.next())),
      language: random.chance(0.9) ? country.language : 'en',
      social: random.chance(0.6)
        ? country.social
        : random.pick(['instagram', 'tiktok', 'facebook', 'youtube']),
      consent: random.chance(0.7) ? 1 : 0,
      referrer,
      variant: inExperiment ? (random.chance(0.5) ? 'A' : 'B') : null,
      crossover: inExperiment && random.chance(0.01),
      favouriteCategory: random.pick(CATEGORIES)
    });
  }
  return customers;
}

/** Signup times, growing over the period and following the season; sorted, so ids are chronological. */
function drawSignupTimes(random: Random, size: number): number[] {
  const cumulative: number[] = [];
  let total = 0;
  for (let day = 0; day < DAYS; day++) {
    total += (1 + (0.9 * day) / DAYS) * seasonOf(START + day * DAY);
    cumulative.push(total);
  }
  const times: number[] = [];
  for (let i = 0; i < size; i++) {
    const day = lowerBound(cumulative, random.next() * total);
    times.push(START + day * DAY + random.int(0, DAY - 1));
  }
  return times.sort((a, b) => a - b);
}

function refereeCountry(random: Random, referrerCountry: Country): Country {
  const draw = random.next();
  if (draw < 0.55) return referrerCountry;
  if (draw < 0.85) {
    const tie = COUNTRY_BY_CODE.get(random.pick(referrerCountry.ties));
    // A tie outside the market list (TR) means the invite went to someone the shop cannot serve: stay home.
    return tie ?? referrerCountry;
  }
  return random.weighted(COUNTRIES, (c) => c.weight);
}

function acquisitionChannel(random: Random, country: Country): Channel {
  const weights: Record<Exclude<Channel, 'referral'>, number> = {
    paid_search: 0.28 * (2 - country.socialBias),
    paid_social: 0.22 * country.socialBias,
    affiliate: 0.12,
    email: 0.06,
    organic: 0.3
  };
  const channels = Object.keys(weights) as (keyof typeof weights)[];
  return random.weighted(channels, (channel) => weights[channel]);
}

/** The campaign a paid signup came through; the same names appear in `marketing_spend.campaign`. */
function campaignOf(channel: Channel, month: number): string | null {
  if (channel === 'email') return 'newsletter';
  if (channel === 'organic' || channel === 'referral') return null;
  return month === 10 ? 'black_friday' : 'always_on';
}

interface Product {
  id: string;
  category: string;
  /** List price in EUR. */
  price: number;
  /** Cost of goods as a share of the price. */
  costShare: number;
  popularity: number;
  /** Consumables are bought again and in quantities. */
  consumable: boolean;
  /** Products often bought in the same basket, with the chance of each being added. */
  companions: [string, number][];
}

// prettier-ignore
const PRODUCTS: Product[] = [
  { id: 'P01', category: 'electronics', price: 499, costShare: 0.72, popularity: 3, consumable: false, companions: [['P02', 0.6], ['P03', 0.25]] },
  { id: 'P02', category: 'electronics', price: 19, costShare: 0.3, popularity: 4, consumable: false, companions: [] },
  { id: 'P03', category: 'electronics', price: 89, costShare: 0.5, popularity: 5, consumable: false, companions: [['P04', 0.2]] },
  { id: 'P04', category: 'electronics', price: 35, costShare: 0.45, popularity: 4, consumable: false, companions: [] },
  { id: 'P05', category: 'electronics', price: 199, costShare: 0.6, popularity: 3, consumable: false, companions: [['P03', 0.2]] },
  { id: 'P06', category: 'electronics', price: 249, costShare: 0.62, popularity: 2, consumable: false, companions: [['P07', 0.7]] },
  { id: 'P07', category: 'electronics', price: 25, costShare: 0.35, popularity: 3, consumable: false, companions: [] },
  { id: 'P08', category: 'home_kitchen', price: 179, costShare: 0.58, popularity: 3, consumable: false, companions: [['P09', 0.65], ['P10', 0.4]] },
  { id: 'P09', category: 'home_kitchen', price: 24, costShare: 0.4, popularity: 7, consumable: true, companions: [] },
  { id: 'P10', category: 'home_kitchen', price: 39, costShare: 0.45, popularity: 2, consumable: false, companions: [] },
  { id: 'P11', category: 'home_kitchen', price: 69, costShare: 0.4, popularity: 3, consumable: false, companions: [['P12', 0.5]] },
  { id: 'P12', category: 'home_kitchen', price: 29, costShare: 0.35, popularity: 3, consumable: false, companions: [] },
  { id: 'P13', category: 'fashion', price: 119, costShare: 0.45, popularity: 5, consumable: false, companions: [['P14', 0.5]] },
  { id: 'P14', category: 'fashion', price: 15, costShare: 0.3, popularity: 4, consumable: true, companions: [] },
  { id: 'P15', category: 'fashion', price: 149, costShare: 0.5, popularity: 3, consumable: false, companions: [] },
  { id: 'P16', category: 'fashion', price: 79, costShare: 0.45, popularity: 4, consumable: false, companions: [] },
  { id: 'P17', category: 'beauty', price: 45, costShare: 0.25, popularity: 5, consumable: true, companions: [['P18', 0.45]] },
  { id: 'P18', category: 'beauty', price: 32, costShare: 0.25, popularity: 4, consumable: true, companions: [] },
  { id: 'P19', category: 'beauty', price: 22, costShare: 0.3, popularity: 5, consumable: true, companions: [] },
  { id: 'P20', category: 'sports', price: 39, costShare: 0.4, popularity: 4, consumable: false, companions: [['P21', 0.5], ['P22', 0.3]] },
  { id: 'P21', category: 'sports', price: 19, costShare: 0.35, popularity: 4, consumable: false, companions: [] },
  { id: 'P22', category: 'sports', price: 25, costShare: 0.35, popularity: 3, consumable: false, companions: [] },
  { id: 'P23', category: 'sports', price: 89, costShare: 0.55, popularity: 2, consumable: false, companions: [] },
  { id: 'P24', category: 'books_games', price: 29, costShare: 0.5, popularity: 3, consumable: false, companions: [['P11', 0.15]] },
  { id: 'P25', category: 'books_games', price: 39, costShare: 0.5, popularity: 3, consumable: false, companions: [] },
  { id: 'P26', category: 'books_games', price: 19, costShare: 0.45, popularity: 3, consumable: false, companions: [] }
];
const PRODUCT_BY_ID = new Map(PRODUCTS.map((product) => [product.id, product]));
const CATEGORIES = [...new Set(PRODUCTS.map((product) => product.category))];

interface Order {
  id: string;
  customer: Customer;
  time: number;
  currency: string;
  status: 'completed' | 'refunded' | 'cancelled';
  salesChannel: string;
  items: { product: Product; quantity: number; unitPrice: number }[];
  amount: number;
  cogs: number;
}

function simulateOrders(random: Random, customers: Customer[], fx: Fx): Order[] {
  const orders: Order[] = [];
  for (const customer of customers) {
    for (const time of purchaseTimes(random, customer)) orders.push(buildOrder(random, customer, time, fx));
  }
  orders.sort((a, b) => a.time - b.time);
  for (let i = 0; i < orders.length; i++) orders[i].id = `O${String(i + 1).padStart(6, '0')}`;
  return orders;
}

/**
 * When a customer buys: maybe a first purchase soon after signup (the funnel; B of the A/B test converts better),
 * then repeat purchases as a daily chance that follows the season, each of which may be the last (churn).
 */
function purchaseTimes(random: Random, customer: Customer): number[] {
  const referred = customer.referrer !== null;
  const converts = 0.64 + (referred ? 0.1 : 0) + (customer.variant === 'B' ? 0.15 : 0);
  if (!random.chance(converts)) return [];
  const first = customer.created + firstPurchaseDelay(random);
  if (first >= END) return [];
  const times = [first];
  const perYear = 5 + 24 * random.next() * random.next();
  const churn = referred ? 0.04 : 0.06;
  if (random.chance(churn)) return times;
  for (let day = Math.floor((first - START) / DAY) + 1; day < DAYS; day++) {
    const dayStart = START + day * DAY;
    if (!random.chance((perYear / 365) * seasonOf(dayStart))) continue;
    times.push(dayStart + random.int(0, DAY - 1));
    if (random.chance(churn)) break;
  }
  return times;
}

/** Half buy in the signup session; the rest within two weeks. At least 30 minutes, so the funnel events fit. */
function firstPurchaseDelay(random: Random): number {
  const draw = random.next();
  if (draw < 0.5) return random.int(30 * 60, 3 * 3600);
  if (draw < 0.85) return random.int(DAY, 6 * DAY);
  return random.int(7 * DAY, 13 * DAY);
}

const ITEM_COUNTS = [1, 2, 3, 4];
const ITEM_COUNT_WEIGHTS = [0.55, 0.28, 0.12, 0.05];

function buildOrder(random: Random, customer: Customer, time: number, fx: Fx): Order {
  const currency = customer.country.currency;
  const rate = fx.rateAt(currency, time);
  const minor = MINOR_UNITS.get(currency) as number;
  const chosen: Product[] = [];
  const target = random.weighted(ITEM_COUNTS, (n) => ITEM_COUNT_WEIGHTS[n - 1]);
  for (let attempt = 0; chosen.length < target && attempt < 8; attempt++) {
    const product = random.weighted(
      PRODUCTS,
      (p) => p.popularity * (p.category === customer.favouriteCategory ? 3 : 1)
    );
    if (chosen.includes(product)) continue;
    chosen.push(product);
    for (const [companionId, probability] of product.companions) {
      const companion = PRODUCT_BY_ID.get(companionId) as Product;
      if (!chosen.includes(companion) && random.chance(probability)) chosen.push(companion);
    }
  }
  const items = chosen.map((product) => ({
    product,
    quantity: product.consumable ? random.int(1, 3) : random.chance(0.92) ? 1 : 2,
    unitPrice: roundTo(product.price * rate, minor)
  }));
  let amount = 0;
  let cogs = 0;
  for (const item of items) {
    amount += item.quantity * item.unitPrice;
    cogs += item.quantity * item.unitPrice * item.product.costShare;
  }
  const status = random.weighted(['completed', 'refunded', 'cancelled'] as const, (s) =>
    s === 'completed' ? 0.93 : s === 'refunded' ? 0.04 : 0.03
  );
  return {
    id: '',
    customer,
    time,
    currency,
    status,
    salesChannel: random.weighted(['web', 'app', 'marketplace'], (s) =>
      s === 'web' ? 0.55 : s === 'app' ? 0.35 : 0.1
    ),
    items,
    amount: roundTo(amount, minor),
    cogs: roundTo(cogs, minor)
  };
}

interface Referral {
  referrer: Customer;
  referee: Customer | null;
  invited: number;
  channel: string;
  reward: number | null;
}

/** EUR value of the referral reward, paid to the referrer in their own currency. */
const REFERRAL_REWARD_EUR = 10;

/** One row per referred customer, plus unconverted invites (about 1.5 per conversion). */
function simulateReferrals(random: Random, customers: Customer[], fx: Fx): Referral[] {
  const referrals: Referral[] = [];
  const referrers: Customer[] = [];
  for (const referee of customers) {
    const referrer = referee.referrer;
    if (referrer === null) continue;
    referrers.push(referrer);
    const invited = Math.max(referrer.created + 60, referee.created - random.int(3600, 21 * DAY));
    const currency = referrer.country.currency;
    const reward = roundTo(
      REFERRAL_REWARD_EUR * fx.rateAt(currency, referee.created),
      MINOR_UNITS.get(currency) as number
    );
    referrals.push({ referrer, referee, invited, channel: inviteChannel(random, referrer.country), reward });
  }
  const unconverted = Math.round(referrals.length * 1.5);
  for (let i = 0; i < unconverted && customers.length > 0; i++) {
    const referrer =
      referrers.length > 0 && random.chance(0.5) ? random.pick(referrers) : random.pick(customers);
    const invited = Math.floor(referrer.created + random.next() * (END - 1 - referrer.created));
    referrals.push({
      referrer,
      referee: null,
      invited,
      channel: inviteChannel(random, referrer.country),
      reward: null
    });
  }
  return referrals.sort((a, b) => a.invited - b.invited);
}

function inviteChannel(random: Random, country: Country): string {
  const draw = random.next();
  if (draw < 0.6) return country.messenger;
  return draw < 0.8 ? 'email' : 'link';
}

/** Target cost per acquired signup in EUR at cost level 1, and a monthly floor that runs with no signups. */
const MEDIA: Record<(typeof PAID_CHANNELS)[number], { cac: number; base: number; cpc: number; ctr: number }> =
  {
    paid_search: { cac: 48, base: 60, cpc: 0.9, ctr: 0.045 },
    paid_social: { cac: 36, base: 50, cpc: 0.55, ctr: 0.011 },
    affiliate: { cac: 26, base: 20, cpc: 0.35, ctr: 0.006 },
    email: { cac: 6, base: 15, cpc: 0.12, ctr: 0.025 }
  };

/** Monthly spend per paid channel × country in local currency, priced from the signups it bought. */
function simulateSpend(random: Random, customers: Customer[], fx: Fx): DemoTable {
  const signups = new Map<string, number>();
  for (const customer of customers) {
    const key = `${monthIndex(customer.created)}|${customer.channel}|${customer.country.code}`;
    signups.set(key, (signups.get(key) ?? 0) + 1);
  }
  const rows: DemoValue[][] = [];
  for (let month = 0; month < 24; month++) {
    const monthStart = Date.UTC(2024, month, 1) / 1000;
    const date = toDate(monthStart);
    const season = seasonOf(monthStart);
    for (const channel of PAID_CHANNELS) {
      const media = MEDIA[channel];
      for (const country of COUNTRIES) {
        const bought = signups.get(`${month}|${channel}|${country.code}`) ?? 0;
        const eur =
          country.costLevel *
          (bought * media.cac * random.between(0.8, 1.25) +
            media.base * season * (country.weight / 5) * random.between(0.7, 1.3));
        const clicks = Math.max(1, Math.round(eur / (media.cpc * country.costLevel)));
        const currency = country.currency;
        const spend = roundTo(eur * fx.rateAt(currency, monthStart), MINOR_UNITS.get(currency) as number);
        const campaign = campaignOf(channel, month % 12);
        rows.push([
          date,
          channel,
          campaign,
          country.code,
          currency,
          spend,
          Math.round(clicks / media.ctr),
          clicks
        ]);
      }
    }
    // Brand awareness bought for all markets at once: the "unallocated" line of ANALYTICS.md §3.3.
    const brand = roundTo(1500 * season * random.between(0.8, 1.2), 2);
    const clicks = Math.round(brand / 0.7);
    rows.push([date, 'paid_social', 'brand_global', null, 'EUR', brand, Math.round(clicks / 0.008), clicks]);
  }
  return {
    columns: ['date', 'channel', 'campaign', 'country', 'currency', 'spend', 'impressions', 'clicks'],
    rows
  };
}

interface EventRow {
  customerId: string;
  time: number;
  name: string;
  session: string;
  experiment: string | null;
  variant: string | null;
  properties: string | null;
}

/** Events of some customers only: theirs, their orders', referrals' and survey answers'. */
function trackedEvents(
  random: Random,
  customers: Customer[],
  orders: Order[],
  referrals: Referral[],
  surveys: SurveyResponse[]
): DemoTable {
  const ids = new Set(customers.map((customer) => customer.id));
  return simulateEvents(
    random,
    customers,
    orders.filter((order) => ids.has(order.customer.id)),
    referrals.filter((referral) => ids.has(referral.referrer.id)),
    surveys.filter((survey) => ids.has(survey.customer.id))
  );
}

function simulateEvents(
  random: Random,
  customers: Customer[],
  orders: Order[],
  referrals: Referral[],
  surveys: SurveyResponse[]
): DemoTable {
  const events: EventRow[] = [];
  let sessions = 0;
  const newSession = () => `S${String(++sessions).padStart(6, '0')}`;
  const add = (
    customerId: string,
    time: number,
    name: string,
    session: string,
    properties: string | null = null
  ) => events.push({ customerId, time, name, session, experiment: null, variant: null, properties });
  const visitProperties = (country: Country) =>
    JSON.stringify({ device: random.chance(0.62) ? 'mobile' : 'desktop', country: country.code });

  // Anonymous visitors who never sign up: the top of the funnel is wider than the signups.
  const visitors = Math.round(customers.length * 1.5);
  for (let i = 0; i < visitors; i++) {
    const id = `V${String(i + 1).padStart(5, '0')}`;
    const country = random.weighted(COUNTRIES, (c) => c.weight);
    const time = START + random.int(0, DAYS * DAY - 3600);
    const session = newSession();
    const views = random.int(1, 2);
    for (let v = 0; v < views; v++)
      add(id, time + v * random.int(20, 300), 'page_view', session, visitProperties(country));
  }

  const firstOrders = new Map<Customer, Order>();
  for (const order of orders) if (!firstOrders.has(order.customer)) firstOrders.set(order.customer, order);
  for (const customer of customers) {
    const session = newSession();
    const views = random.int(1, 3);
    for (let v = views; v >= 1; v--)
      add(
        customer.id,
        customer.created - v * random.int(30, 300),
        'page_view',
        session,
        visitProperties(customer.country)
      );
    add(customer.id, customer.created, 'signup', session);
    if (customer.variant !== null) {
      const exposure = { experiment: DEMO_EXPERIMENT_ID, variant: customer.variant };
      events.push({
        customerId: customer.id,
        time: customer.created + 5,
        name: 'exposure',
        session,
        ...exposure,
        properties: null
      });
      if (customer.crossover) {
        const other = customer.variant === 'A' ? 'B' : 'A';
        const time = customer.created + random.int(DAY, 3 * DAY);
        events.push({
          customerId: customer.id,
          time,
          name: 'exposure',
          session: newSession(),
          experiment: DEMO_EXPERIMENT_ID,
          variant: other,
          properties: null
        });
      }
    }
    // Abandoned carts: every customer may leave a cart, and those who never buy often do right after signup.
    const abandoned = random.int(0, firstOrders.has(customer) ? 2 : 1);
    for (let a = 0; a < abandoned; a++) {
      const time =
        a === 0 && !firstOrders.has(customer)
          ? customer.created + random.int(60, 1200)
          : customer.created + random.int(DAY, 200 * DAY);
      if (time >= END - 3600) continue;
      const cart = newSession();
      add(customer.id, time, 'product_view', cart);
      add(customer.id, time + random.int(20, 240), 'add_to_cart', cart);
    }
  }

  for (const order of orders) {
    const session = newSession();
    const id = order.customer.id;
    add(id, order.time - random.int(600, 1200), 'product_view', session);
    add(id, order.time - random.int(240, 480), 'add_to_cart', session);
    add(id, order.time - random.int(30, 180), 'checkout_start', session);
    add(id, order.time, 'purchase', session, JSON.stringify({ order_id: order.id }));
  }
  for (const referral of referrals) {
    add(
      referral.referrer.id,
      referral.invited,
      'invite_sent',
      newSession(),
      JSON.stringify({ channel: referral.channel })
    );
  }
  for (const survey of surveys) {
    add(
      survey.customer.id,
      survey.time,
      'survey_response',
      newSession(),
      JSON.stringify({ score: survey.score })
    );
  }

  events.sort((a, b) => a.time - b.time);
  return {
    columns: [
      'customer_id',
      'event_time',
      'event_name',
      'session_id',
      'experiment_id',
      'variant',
      'properties'
    ],
    rows: events.map((e) => [
      e.customerId,
      toTimestamp(e.time),
      e.name,
      e.session,
      e.experiment,
      e.variant,
      e.properties
    ])
  };
}

/** Seeds the survey stream (`seed ^ SURVEY_STREAM`), apart from the stream every other table draws from. */
const SURVEY_STREAM = 0x5eed;
/** Chance that an order is followed by an answer to the 0–10 "would you recommend us" question. */
const SURVEY_RESPONSE_RATE = 0.12;
/**
 * How a market answers on average, relative to the rest: response styles differ by culture (respondents in
 * Japan and Korea avoid the top of the scale; in Brazil, Mexico and India they use it freely).
 */
const SURVEY_COUNTRY_SHIFT: Record<string, number> = {
  JP: -1.6,
  KR: -1,
  CN: -0.6,
  DE: -0.4,
  NL: -0.3,
  US: 0.3,
  BR: 0.7,
  MX: 0.7,
  IN: 0.8,
  NG: 0.5
};

interface SurveyResponse {
  customer: Customer;
  time: number;
  score: number;
}

/**
 * Answers to a post-purchase survey, sent a few days after an order. Repeat buyers and referred customers
 * score higher, a refunded or cancelled order lower, and the country shifts the whole scale.
 */
function simulateSurveys(random: Random, orders: Order[]): SurveyResponse[] {
  const ordersSoFar = new Map<Customer, number>();
  const surveys: SurveyResponse[] = [];
  for (const order of orders) {
    const previous = ordersSoFar.get(order.customer) ?? 0;
    ordersSoFar.set(order.customer, previous + 1);
    if (!random.chance(SURVEY_RESPONSE_RATE)) continue;
    const time = order.time + random.int(2 * DAY, 10 * DAY);
    if (time >= END) continue;
    const mean =
      7.3 +
      (previous > 0 ? 1 : 0) +
      (order.customer.referrer !== null ? 0.4 : 0) +
      (order.status === 'completed' ? 0 : -3.5) +
      (SURVEY_COUNTRY_SHIFT[order.customer.country.code] ?? 0);
    const score = Math.min(10, Math.max(0, Math.floor(mean + 1.7 * random.normal() + 0.5)));
    surveys.push({ customer: order.customer, time, score });
  }
  return surveys;
}

function customersTable(customers: Customer[]): DemoTable {
  return {
    columns: [
      'customer_id',
      'created_at',
      'country',
      'acquisition_channel',
      'acquisition_campaign',
      'birth_year',
      'language',
      'preferred_social_platform',
      'marketing_consent'
    ],
    rows: customers.map((c) => [
      c.id,
      toTimestamp(c.created),
      c.country.code,
      c.channel,
      c.campaign,
      c.birthYear,
      c.language,
      c.social,
      c.consent
    ])
  };
}

function ordersTable(orders: Order[]): DemoTable {
  return {
    columns: [
      'order_id',
      'customer_id',
      'order_date',
      'currency',
      'amount',
      'cogs',
      'status',
      'ship_country',
      'sales_channel'
    ],
    rows: orders.map((o) => [
      o.id,
      o.customer.id,
      toTimestamp(o.time),
      o.currency,
      o.amount,
      o.cogs,
      o.status,
      o.customer.country.code,
      o.salesChannel
    ])
  };
}

function orderItemsTable(orders: Order[]): DemoTable {
  const rows: DemoValue[][] = [];
  for (const order of orders) {
    for (const item of order.items)
      rows.push([order.id, item.product.id, item.product.category, item.quantity, item.unitPrice]);
  }
  return { columns: ['order_id', 'product_id', 'category', 'quantity', 'unit_price'], rows };
}

function referralsTable(referrals: Referral[]): DemoTable {
  return {
    columns: [
      'referrer_id',
      'referee_id',
      'invited_at',
      'converted_at',
      'channel',
      'reward_amount',
      'reward_currency'
    ],
    rows: referrals.map((r) => [
      r.referrer.id,
      r.referee?.id ?? null,
      toTimestamp(r.invited),
      r.referee === null ? null : toTimestamp(r.referee.created),
      r.channel,
      r.reward,
      r.reward === null ? null : r.referrer.country.currency
    ])
  };
}

function seasonOf(time: number): number {
  return SEASON[new Date(time * 1000).getUTCMonth()];
}

/** Months since January 2024. */
function monthIndex(time: number): number {
  const date = new Date(time * 1000);
  return (date.getUTCFullYear() - 2024) * 12 + date.getUTCMonth();
}

/** First index whose cumulative weight exceeds `value`. */
function lowerBound(cumulative: number[], value: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle] > value) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Rounds to `digits` decimals; the result prints without float noise (12.3, not 12.299999999999999). */
function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function toTimestamp(time: number): string {
  return new Date(time * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

function toDate(time: number): string {
  return new Date(time * 1000).toISOString().slice(0, 10);
}
