import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEMO_EXPERIMENT_ID,
  DEMO_TABLE_NAMES,
  generateDemoWorkspace,
  toCsvText,
  type DemoTable,
  type DemoTableName,
  type DemoValue,
  type DemoWorkspace
} from './generate';

type Row = Record<string, DemoValue>;

function records(table: DemoTable): Row[] {
  return table.rows.map((row) => Object.fromEntries(table.columns.map((column, i) => [column, row[i]])));
}

function text(value: DemoValue): string {
  if (typeof value !== 'string') throw new Error(`expected text, got ${String(value)}`);
  return value;
}

/** ISO 4217 currency and M49 region of each country, written out by hand (not read from the generator). */
const COUNTRY_FACTS: Record<string, [string, string]> = {
  DE: ['EUR', 'Europe'],
  FR: ['EUR', 'Europe'],
  ES: ['EUR', 'Europe'],
  IT: ['EUR', 'Europe'],
  NL: ['EUR', 'Europe'],
  GB: ['GBP', 'Europe'],
  PL: ['PLN', 'Europe'],
  SE: ['SEK', 'Europe'],
  US: ['USD', 'Americas'],
  CA: ['CAD', 'Americas'],
  MX: ['MXN', 'Americas'],
  BR: ['BRL', 'Americas'],
  CL: ['CLP', 'Americas'],
  JP: ['JPY', 'Asia'],
  KR: ['KRW', 'Asia'],
  CN: ['CNY', 'Asia'],
  IN: ['INR', 'Asia'],
  SG: ['SGD', 'Asia'],
  AE: ['AED', 'Asia'],
  ZA: ['ZAR', 'Africa'],
  NG: ['NGN', 'Africa'],
  KE: ['KES', 'Africa'],
  AU: ['AUD', 'Oceania'],
  NZ: ['NZD', 'Oceania']
};

const workspace = generateDemoWorkspace();
const customers = records(workspace.customers);
const orders = records(workspace.orders);
const items = records(workspace.order_items);
const referrals = records(workspace.referrals);
const events = records(workspace.events);
const fx = records(workspace.fx_rates);
const spend = records(workspace.marketing_spend);
const customerById = new Map(customers.map((c) => [text(c.customer_id), c]));

describe('generateDemoWorkspace', () => {
  it('gives byte-identical CSV for the same seed and different CSV for another seed', () => {
    const csv = (seed: number) => {
      const tables = generateDemoWorkspace({ seed, customers: 200 });
      return DEMO_TABLE_NAMES.map((name) => toCsvText(tables[name]));
    };
    const first = csv(7);
    expect(csv(7)).toEqual(first);
    const other = csv(8);
    for (let i = 0; i < DEMO_TABLE_NAMES.length; i++) expect(other[i]).not.toBe(first[i]);
  });

  it('writes the canonical columns of ANALYTICS.md §1', () => {
    expect(Object.keys(workspace).sort()).toEqual([...DEMO_TABLE_NAMES].sort());
    expect(workspace.customers.columns).toEqual([
      'customer_id',
      'created_at',
      'country',
      'acquisition_channel',
      'acquisition_campaign',
      'birth_year',
      'language',
      'preferred_social_platform',
      'marketing_consent'
    ]);
    expect(workspace.orders.columns).toEqual([
      'order_id',
      'customer_id',
      'order_date',
      'currency',
      'amount',
      'cogs',
      'status',
      'ship_country',
      'sales_channel'
    ]);
    expect(workspace.order_items.columns).toEqual([
      'order_id',
      'product_id',
      'category',
      'quantity',
      'unit_price'
    ]);
    expect(workspace.marketing_spend.columns).toEqual([
      'date',
      'channel',
      'campaign',
      'country',
      'currency',
      'spend',
      'impressions',
      'clicks'
    ]);
    expect(workspace.referrals.columns).toEqual([
      'referrer_id',
      'referee_id',
      'invited_at',
      'converted_at',
      'channel',
      'reward_amount',
      'reward_currency'
    ]);
    expect(workspace.events.columns).toEqual([
      'customer_id',
      'event_time',
      'event_name',
      'session_id',
      'experiment_id',
      'variant',
      'properties'
    ]);
    expect(workspace.fx_rates.columns).toEqual(['date', 'base_currency', 'quote_currency', 'rate']);
    for (const name of DEMO_TABLE_NAMES) {
      const width = workspace[name].columns.length;
      expect(workspace[name].rows.filter((row) => row.length !== width)).toEqual([]);
    }
  });

  it('has the documented default size', () => {
    expect(customers).toHaveLength(2000);
    expect(orders.length).toBeGreaterThan(7000);
    expect(orders.length).toBeLessThan(14000);
    expect(generateDemoWorkspace({ customers: 50 }).customers.rows).toHaveLength(50);
    expect(() => generateDemoWorkspace({ customers: 0 })).toThrow(RangeError);
    expect(() => generateDemoWorkspace({ customers: 1.5 })).toThrow(RangeError);
  });

  it('spans at least 20 countries on 5 regions, 6 currencies and the six acquisition channels', () => {
    const countries = new Set(customers.map((c) => text(c.country)));
    for (const country of countries) expect(COUNTRY_FACTS[country], country).toBeDefined();
    expect(countries.size).toBeGreaterThanOrEqual(20);
    expect(new Set([...countries].map((c) => COUNTRY_FACTS[c][1])).size).toBeGreaterThanOrEqual(5);
    expect(new Set(orders.map((o) => o.currency)).size).toBeGreaterThanOrEqual(6);
    const channels = new Set(customers.map((c) => c.acquisition_channel));
    for (const channel of ['paid_search', 'paid_social', 'affiliate', 'referral', 'organic', 'email']) {
      expect(channels.has(channel), channel).toBe(true);
    }
  });

  it('keeps referential integrity between customers, orders and items', () => {
    expect(customerById.size).toBe(customers.length);
    expect(new Set(orders.map((o) => o.order_id)).size).toBe(orders.length);
    const orderById = new Map(orders.map((o) => [text(o.order_id), o]));
    const itemTotals = new Map<string, number>();
    // Collected, not asserted row by row: ten thousand `expect` calls would make this test slow.
    const bad: string[] = [];
    for (const order of orders) {
      const id = text(order.order_id);
      const customer = customerById.get(text(order.customer_id));
      if (customer === undefined) bad.push(`${id}: unknown customer`);
      else if (text(order.order_date) < text(customer.created_at)) bad.push(`${id}: before signup`);
      if (!((order.amount as number) > 0 && (order.cogs as number) > 0))
        bad.push(`${id}: amount or cogs not positive`);
      if ((order.cogs as number) >= (order.amount as number)) bad.push(`${id}: cogs not below amount`);
      if (order.ship_country !== customer?.country) bad.push(`${id}: ships outside the customer's country`);
      if (order.currency !== COUNTRY_FACTS[text(order.ship_country)][0]) bad.push(`${id}: currency`);
      if (!['completed', 'refunded', 'cancelled'].includes(text(order.status))) bad.push(`${id}: status`);
      // Currencies without minor units carry whole amounts.
      if (order.currency === 'JPY' && !Number.isInteger(order.amount)) bad.push(`${id}: fractional yen`);
    }
    for (const item of items) {
      const id = text(item.order_id);
      if (!orderById.has(id)) bad.push(`item of unknown order ${id}`);
      if (!(Number.isInteger(item.quantity) && (item.quantity as number) >= 1)) bad.push(`${id}: quantity`);
      if (!((item.unit_price as number) > 0)) bad.push(`${id}: unit price`);
      itemTotals.set(id, (itemTotals.get(id) ?? 0) + (item.quantity as number) * (item.unit_price as number));
    }
    for (const order of orders) {
      const total = itemTotals.get(text(order.order_id)) ?? 0;
      if (Math.abs(total - (order.amount as number)) > 0.005)
        bad.push(`${text(order.order_id)}: items sum to ${total}`);
    }
    expect(bad).toEqual([]);
  });

  it('writes ISO dates and UTC timestamps', () => {
    const timestamp = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
    const date = /^\d{4}-\d{2}-\d{2}$/;
    expect(customers.filter((c) => !timestamp.test(text(c.created_at)))).toEqual([]);
    expect(orders.filter((o) => !timestamp.test(text(o.order_date)))).toEqual([]);
    expect(events.filter((e) => !timestamp.test(text(e.event_time)))).toEqual([]);
    expect(fx.filter((r) => !date.test(text(r.date)))).toEqual([]);
    expect(spend.filter((s) => !/^\d{4}-\d{2}-01$/.test(text(s.date)))).toEqual([]);
    expect(text(customers[0].created_at) >= '2024-01-01').toBe(true);
    expect(text(orders[orders.length - 1].order_date) < '2026-01-01').toBe(true);
  });

  it('links referrals to existing customers in several generations, often across borders', () => {
    const referrerOf = new Map<string, string>();
    let converted = 0;
    let crossBorder = 0;
    const bad: string[] = [];
    for (const r of referrals) {
      const referrer = customerById.get(text(r.referrer_id));
      if (referrer === undefined) {
        bad.push(`unknown referrer ${text(r.referrer_id)}`);
        continue;
      }
      if (r.referee_id === null) {
        if (r.converted_at !== null)
          bad.push(`unconverted invite of ${text(r.referrer_id)} has converted_at`);
        continue;
      }
      const id = text(r.referee_id);
      const referee = customerById.get(id);
      if (referee === undefined) {
        bad.push(`unknown referee ${id}`);
        continue;
      }
      if (referee.acquisition_channel !== 'referral')
        bad.push(`${id}: channel ${text(referee.acquisition_channel)}`);
      if (text(referee.created_at) <= text(referrer.created_at))
        bad.push(`${id}: joined before the referrer`);
      if (text(r.invited_at) > text(r.converted_at)) bad.push(`${id}: converted before the invite`);
      if (!((r.reward_amount as number) > 0)) bad.push(`${id}: reward`);
      if (r.reward_currency !== COUNTRY_FACTS[text(referrer.country)][0]) bad.push(`${id}: reward currency`);
      if (referrerOf.has(id)) bad.push(`${id}: referred twice`);
      referrerOf.set(id, text(r.referrer_id));
      converted++;
      if (referee.country !== referrer.country) crossBorder++;
    }
    expect(bad).toEqual([]);
    expect(referrals.some((r) => r.referee_id === null)).toBe(true);
    expect(crossBorder / converted).toBeGreaterThan(0.2);
    const generation = (id: string): number => {
      const parent = referrerOf.get(id);
      return parent === undefined ? 0 : 1 + generation(parent);
    };
    const deepest = Math.max(...[...referrerOf.keys()].map(generation));
    expect(deepest).toBeGreaterThanOrEqual(3);
  });

  it('publishes FX rates on working days only, with extra gaps that force a forward fill', () => {
    const datesByCurrency = new Map<string, Set<string>>();
    expect(fx.filter((r) => r.base_currency !== 'EUR' || !((r.rate as number) > 0))).toEqual([]);
    for (const r of fx) {
      const dates = datesByCurrency.get(text(r.quote_currency)) ?? new Set<string>();
      dates.add(text(r.date));
      datesByCurrency.set(text(r.quote_currency), dates);
    }
    const orderCurrencies = new Set(orders.map((o) => text(o.currency)));
    orderCurrencies.delete('EUR');
    for (const currency of orderCurrencies) expect(datesByCurrency.has(currency), currency).toBe(true);
    const usd = datesByCurrency.get('USD') as Set<string>;
    expect(usd.has('2024-06-03')).toBe(true); // a Monday
    expect(usd.has('2024-06-01')).toBe(false); // a Saturday
    expect(usd.has('2024-12-25')).toBe(false);
    // Besides weekends and holidays, some currency misses a day that others have.
    const union = new Set([...datesByCurrency.values()].flatMap((dates) => [...dates]));
    expect([...datesByCurrency.values()].some((dates) => dates.size < union.size)).toBe(true);
    const unrated = orders.filter(
      (o) =>
        o.currency !== 'EUR' && !datesByCurrency.get(text(o.currency))?.has(text(o.order_date).slice(0, 10))
    );
    expect(unrated.length).toBeGreaterThan(0);
  });

  it('contains a funnel that narrows from visit to purchase', () => {
    const usersAt = (name: string) =>
      new Set(events.filter((e) => e.event_name === name).map((e) => e.customer_id));
    const visits = usersAt('page_view');
    const signups = usersAt('signup');
    const carts = usersAt('add_to_cart');
    const purchases = usersAt('purchase');
    expect(signups.size).toBe(customers.length);
    expect(visits.size).toBeGreaterThan(signups.size);
    expect(carts.size).toBeLessThan(signups.size);
    expect(purchases.size).toBeLessThan(carts.size);
    expect(purchases.size).toBe(new Set(orders.map((o) => o.customer_id)).size);
    const strays = events.filter((e) =>
      text(e.customer_id).startsWith('V')
        ? e.event_name !== 'page_view'
        : !customerById.has(text(e.customer_id))
    );
    expect(strays).toEqual([]);
  });

  it('runs an A/B test in which B converts better within 14 days of exposure', () => {
    const exposures = new Map<string, { variants: Set<string>; first: string }>();
    for (const e of events) {
      if (e.event_name !== 'exposure') continue;
      expect(e.experiment_id).toBe(DEMO_EXPERIMENT_ID);
      const entry = exposures.get(text(e.customer_id)) ?? {
        variants: new Set<string>(),
        first: text(e.event_time)
      };
      entry.variants.add(text(e.variant));
      exposures.set(text(e.customer_id), entry);
    }
    const firstPurchase = new Map<string, string>();
    for (const e of events) {
      if (e.event_name === 'purchase' && !firstPurchase.has(text(e.customer_id))) {
        firstPurchase.set(text(e.customer_id), text(e.event_time));
      }
    }
    const arms = { A: { n: 0, converted: 0 }, B: { n: 0, converted: 0 } };
    let crossover = 0;
    for (const [id, { variants, first }] of exposures) {
      if (variants.size > 1) {
        crossover++;
        continue;
      }
      const arm = arms[[...variants][0] as 'A' | 'B'];
      arm.n++;
      const bought = firstPurchase.get(id);
      const days =
        bought === undefined ? Infinity : (Date.parse(`${bought}Z`) - Date.parse(`${first}Z`)) / 86_400_000;
      if (days >= 0 && days <= 14) arm.converted++;
    }
    expect(crossover).toBeGreaterThan(0);
    expect(arms.A.n).toBeGreaterThan(100);
    expect(Math.abs(arms.A.n - arms.B.n) / (arms.A.n + arms.B.n)).toBeLessThan(0.1);
    const rateA = arms.A.converted / arms.A.n;
    const rateB = arms.B.converted / arms.B.n;
    expect(rateB - rateA).toBeGreaterThan(0.05);
  });

  it('follows the season and lets customers churn', () => {
    const perDay = (month: string, days: number) =>
      orders.filter((o) => text(o.order_date).startsWith(month)).length / days;
    // December (peak season) beats the January after it despite a month of growth.
    expect(perDay('2024-12', 31)).toBeGreaterThan(perDay('2025-01', 31) * 1.3);
    const lastOrder = new Map<string, string>();
    const count = new Map<string, number>();
    for (const o of orders) {
      lastOrder.set(text(o.customer_id), text(o.order_date));
      count.set(text(o.customer_id), (count.get(text(o.customer_id)) ?? 0) + 1);
    }
    const lapsed = [...lastOrder].filter(([id, last]) => (count.get(id) ?? 0) >= 2 && last < '2025-03-01');
    expect(lapsed.length).toBeGreaterThan(50);
  });

  it('puts products that belong together in the same basket', () => {
    const basket = new Map<string, Set<string>>();
    for (const item of items) {
      const products = basket.get(text(item.order_id)) ?? new Set<string>();
      products.add(text(item.product_id));
      basket.set(text(item.order_id), products);
    }
    const withCamera = [...basket.values()].filter((products) => products.has('P06'));
    const withCameraAndCard = withCamera.filter((products) => products.has('P07'));
    expect(withCamera.length).toBeGreaterThan(20);
    expect(withCameraAndCard.length / withCamera.length).toBeGreaterThan(0.5);
  });

  it('spends per paid channel and country in local currency, plus an unallocated line', () => {
    const channels = new Set(customers.map((c) => c.acquisition_channel));
    const bad = spend.filter(
      (s) =>
        !channels.has(s.channel) ||
        !((s.spend as number) > 0) ||
        (s.country !== null && s.currency !== COUNTRY_FACTS[text(s.country)][0])
    );
    expect(bad).toEqual([]);
    expect(spend.some((s) => s.country === null)).toBe(true);
    expect(new Set(spend.map((s) => s.date)).size).toBe(24);
  });

  it('answers a survey a few days after an order, with whole scores 0–10, repeat buyers scoring higher', () => {
    const surveys = events.filter((e) => e.event_name === 'survey_response');
    expect(surveys.length).toBeGreaterThan(500);
    const orderTimes = new Map<string, number[]>();
    for (const o of orders) {
      const times = orderTimes.get(text(o.customer_id)) ?? [];
      times.push(Date.parse(`${text(o.order_date)}Z`));
      orderTimes.set(text(o.customer_id), times);
    }
    const bad: string[] = [];
    const groups = { first: { n: 0, nps: 0 }, repeat: { n: 0, nps: 0 } };
    for (const survey of surveys) {
      const score: unknown = JSON.parse(text(survey.properties)).score;
      if (!(Number.isInteger(score) && (score as number) >= 0 && (score as number) <= 10))
        bad.push(`${text(survey.customer_id)}: score ${String(score)}`);
      const time = Date.parse(`${text(survey.event_time)}Z`);
      const before = (orderTimes.get(text(survey.customer_id)) ?? []).filter(
        (t) => t <= time - 2 * 86_400_000
      );
      if (before.length === 0 || time - Math.max(...before) > 10 * 86_400_000)
        bad.push(`${text(survey.customer_id)}: no order 2–10 days before ${text(survey.event_time)}`);
      const group = before.length >= 2 ? groups.repeat : groups.first;
      group.n++;
      group.nps += (score as number) >= 9 ? 1 : (score as number) <= 6 ? -1 : 0;
    }
    expect(bad).toEqual([]);
    expect(groups.repeat.nps / groups.repeat.n).toBeGreaterThan(groups.first.nps / groups.first.n + 0.1);
    const times = events.map((e) => text(e.event_time));
    expect(times.every((time, i) => i === 0 || times[i - 1] <= time)).toBe(true);
  });

  it('adds the surveys without changing a row of any other table or any other event', () => {
    // SHA-256 of each table's CSV as it was before surveys were added (events without the survey rows).
    const before: Record<DemoTableName, string> = {
      customers: '536042c7dbe40852ba9e75ff19048b4328f7952ef45c5bc6f3715d9cca8c9bd8',
      orders: '27330e4a054c15afdd6836f23c09d55ccbcfa9d1b8bdbdc5b74c1144fc393a9d',
      order_items: 'a17a295b76a9eadf87abf413e7afa87cf6dc587cdb581d082e57c191fd7fe817',
      marketing_spend: '0512cf8e182f29b570f1d67aae09f965ce546951e47d6e3086a303f79474f792',
      referrals: '88f0d955e6ed65f479b99fb9055f7eb4137455d033b6387db1461c540042a096',
      events: '0be1743bf7703a0f0f275769b75aaf4904a9511f26d2b3d1ac813a7341e426ab',
      fx_rates: '305a48989838365281fca0fb943a09991fe5d1e4c400e4be216caf60d1f24b3d'
    };
    const withoutSurveys: DemoWorkspace = {
      ...workspace,
      events: {
        columns: workspace.events.columns,
        rows: workspace.events.rows.filter((row) => row[2] !== 'survey_response')
      }
    };
    const hashes = Object.fromEntries(
      DEMO_TABLE_NAMES.map((name) => [
        name,
        createHash('sha256').update(toCsvText(withoutSurveys[name])).digest('hex')
      ])
    );
    expect(hashes).toEqual(before);
  });
});

describe('toCsvText', () => {
  it('quotes fields with commas, quotes and line breaks, and leaves nulls empty', () => {
    const table: DemoTable = {
      columns: ['id', 'note', 'amount'],
      rows: [
        ['a,b', 'say "hi"', 1.5],
        ['line\nbreak', null, 0],
        ['plain', '', 1234567.89]
      ]
    };
    expect(toCsvText(table)).toBe(
      'id,note,amount\n"a,b","say ""hi""",1.5\n"line\nbreak",,0\nplain,,1234567.89\n'
    );
  });

  it('quotes the JSON properties of events', () => {
    const csv = toCsvText(workspace.events);
    expect(csv).toMatch(/,"\{""device"":""(mobile|desktop)"",""country"":""[A-Z]{2}""\}"\n/);
  });
});

describe('eventCustomers', () => {
  it('keeps events of the first customers only, and every other table as it is', () => {
    const all = generateDemoWorkspace({ customers: 300 });
    const some = generateDemoWorkspace({ customers: 300, eventCustomers: 50 });
    for (const name of [
      'customers',
      'orders',
      'order_items',
      'marketing_spend',
      'referrals',
      'fx_rates'
    ] as const) {
      expect(toCsvText(some[name]), name).toBe(toCsvText(all[name]));
    }
    const customerIds = new Set(
      some.events.rows.map((row) => String(row[0])).filter((id) => id.startsWith('C'))
    );
    expect(customerIds.size).toBeGreaterThan(10);
    expect([...customerIds].every((id) => Number(id.slice(1)) <= 50)).toBe(true);
    expect(some.events.rows.length).toBeLessThan(all.events.rows.length / 3);
  });
});
