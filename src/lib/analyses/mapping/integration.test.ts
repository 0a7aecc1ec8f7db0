import initSqlJs, { type Database } from 'sql.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quoteIdentifier } from '../../engine/identifiers';
import { suggestMapping } from './suggest';
import { toMappingSql, validateMapping } from './to-sql';
import type { Recognisers, SourceTable, TableMapping } from './types';
import { dataChecksSql } from './validation-sql';

/** A stand-in for the engine's country_code(): the countries of the fixture, ZZ for unspecified. */
const COUNTRY_CODES: Readonly<Record<string, string>> = {
  'United Kingdom': 'GB',
  France: 'FR',
  EIRE: 'IE',
  Unspecified: 'ZZ'
};

const recognisers: Recognisers = {
  isCurrencyCode: (code) => ['GBP', 'EUR'].includes(code),
  recogniseCountry: (value) => value in COUNTRY_CODES
};

/**
 * Fourteen lines in the shape of UCI Online Retail: six invoices, a cancellation (C536379), a line without a
 * customer and with a negative quantity (536381), and a free line (price 0) in 536382.
 */
const ONLINE_RETAIL: readonly (string | number | null)[][] = [
  [
    '536365',
    '85123A',
    'WHITE HANGING HEART T-LIGHT HOLDER',
    6,
    '2010-12-01 08:26:00',
    2.55,
    17850.0,
    'United Kingdom'
  ],
  ['536365', '71053', 'WHITE METAL LANTERN', 6, '2010-12-01 08:26:00', 3.39, 17850.0, 'United Kingdom'],
  [
    '536365',
    '84406B',
    'CREAM CUPID HEARTS COAT HANGER',
    8,
    '2010-12-01 08:26:00',
    2.75,
    17850.0,
    'United Kingdom'
  ],
  ['536366', '22633', 'HAND WARMER UNION JACK', 6, '2010-12-01 08:28:00', 1.85, 17850.0, 'United Kingdom'],
  ['536366', '22632', 'HAND WARMER RED POLKA DOT', 6, '2010-12-01 08:28:00', 1.85, 17850.0, 'United Kingdom'],
  [
    '536367',
    '84879',
    'ASSORTED COLOUR BIRD ORNAMENT',
    32,
    '2010-12-01 08:34:00',
    1.69,
    13047.0,
    'United Kingdom'
  ],
  ['536367', '22745', "POPPY'S PLAYHOUSE BEDROOM", 6, '2010-12-01 08:34:00', 2.1, 13047.0, 'United Kingdom'],
  ['536370', '22728', 'ALARM CLOCK BAKELIKE PINK', 24, '2010-12-01 08:45:00', 3.75, 12583.0, 'France'],
  ['536370', 'POST', 'POSTAGE', 3, '2010-12-01 08:45:00', 18.0, 12583.0, 'France'],
  ['C536379', 'D', 'Discount', -1, '2010-12-01 09:41:00', 27.5, 14527.0, 'United Kingdom'],
  ['536380', '22961', 'JAM MAKING SET PRINTED', 24, '2010-12-01 09:41:00', 1.45, 17809.0, 'EIRE'],
  [
    '536381',
    '22139',
    'RETROSPOT TEA SET CERAMIC 11 PC',
    -2,
    '2010-12-01 09:45:00',
    4.25,
    null,
    'United Kingdom'
  ],
  [
    '536382',
    '22086',
    "PAPER CHAIN KIT 50'S CHRISTMAS",
    2,
    '2010-12-01 09:45:00',
    2.95,
    12363.0,
    'Unspecified'
  ],
  ['536382', '21703', 'BAG 125g SWIRLY MARBLES', 12, '2010-12-01 09:45:00', 0, 12363.0, 'Unspecified']
];

/**
 * A customer export with 17809 listed twice (a planted duplicate) and 12363, who ordered, missing (a planted
 * orphan). Ten distinct ids in eleven rows: few enough repeats to be reported, not merged.
 */
const CUSTOMER_LIST: readonly (string | number)[][] = [
  [17850, '2010-11-02', 'United Kingdom'],
  [13047, '2010-11-20', 'United Kingdom'],
  [12583, '2010-11-30', 'France'],
  [17809, '2010-11-15', 'EIRE'],
  [17809, '2010-11-16', 'EIRE'],
  [14527, '2010-10-01', 'United Kingdom'],
  [15100, '2010-10-05', 'United Kingdom'],
  [15291, '2010-10-09', 'United Kingdom'],
  [14688, '2010-10-12', 'United Kingdom'],
  [17511, '2010-10-20', 'United Kingdom'],
  [13705, '2010-10-28', 'United Kingdom']
];

let db: Database;

beforeEach(async () => {
  const SQL = await initSqlJs();
  db = new SQL.Database();
  db.create_function('country_code', (value: unknown) =>
    typeof value === 'string' ? (COUNTRY_CODES[value.trim()] ?? null) : null
  );
  db.run(`CREATE TABLE online_retail ("InvoiceNo" TEXT, "StockCode" TEXT, "Description" TEXT,
    "Quantity" INTEGER, "InvoiceDate" DATETIME, "UnitPrice" REAL, "CustomerID" REAL, "Country" TEXT)`);
  for (const line of ONLINE_RETAIL) db.run('INSERT INTO online_retail VALUES (?, ?, ?, ?, ?, ?, ?, ?)', line);
  db.run(`CREATE TABLE customer_list ("CustomerID" INTEGER, "Signup Date" DATE, "Country" TEXT)`);
  for (const row of CUSTOMER_LIST) db.run('INSERT INTO customer_list VALUES (?, ?, ?)', row);
  db.run(
    `CREATE TABLE currencies (code TEXT, minor_unit INTEGER); INSERT INTO currencies VALUES ('GBP', 2), ('EUR', 2);`
  );
});

afterEach(() => db.close());

/** What the UI would pass: declared types, counts and samples, read from the database. */
function describeTable(name: string): SourceTable {
  const table = quoteIdentifier(name);
  const [info] = db.exec(`SELECT name, type FROM pragma_table_info(?)`, [name]);
  const rowCount = Number(db.exec(`SELECT COUNT(*) FROM ${table}`)[0].values[0][0]);
  return {
    name,
    rowCount,
    columns: info.values.map(([column, type]) => {
      const ref = quoteIdentifier(String(column));
      const [counts] = db.exec(`SELECT COUNT(DISTINCT ${ref}), SUM(${ref} IS NULL) FROM ${table}`);
      const samples = db
        .exec(`SELECT ${ref} FROM ${table}`)[0]
        .values.map(([value]) => value as string | number | null);
      return {
        name: String(column),
        type: String(type),
        samples,
        distinctCount: Number(counts.values[0][0]),
        nullCount: Number(counts.values[0][1]),
        rowCount
      };
    })
  };
}

function materialise(mapping: TableMapping) {
  expect(validateMapping(mapping)).toEqual([]);
  db.run(`CREATE TABLE ${quoteIdentifier(mapping.target)} AS ${toMappingSql(mapping)}`);
}

function rows(sql: string): Record<string, unknown>[] {
  const [result] = db.exec(sql);
  return (result?.values ?? []).map((values) =>
    Object.fromEntries(result.columns.map((c, i) => [c, values[i]]))
  );
}

describe('the suggested mapping, run by SQLite', () => {
  it('turns UCI-style order lines into orders, to the cent', () => {
    const tables = [describeTable('online_retail'), describeTable('customer_list')];
    const suggestion = suggestMapping('orders', tables, recognisers);
    expect(suggestion?.mapping.source).toBe('online_retail');
    expect(suggestion?.missingRequired).toEqual(['currency']);
    // The caller fills the currency the user chose.
    materialise({ ...suggestion!.mapping, columns: { ...suggestion!.mapping.columns, currency: "'GBP'" } });

    const orders = rows('SELECT * FROM orders ORDER BY order_id');
    expect(
      orders.map(({ order_id, customer_id, order_date, currency, ship_country }) => [
        order_id,
        customer_id,
        order_date,
        currency,
        ship_country
      ])
    ).toEqual([
      ['536365', '17850', '2010-12-01 08:26:00', 'GBP', 'GB'],
      ['536366', '17850', '2010-12-01 08:28:00', 'GBP', 'GB'],
      ['536367', '13047', '2010-12-01 08:34:00', 'GBP', 'GB'],
      ['536370', '12583', '2010-12-01 08:45:00', 'GBP', 'FR'],
      ['536380', '17809', '2010-12-01 09:41:00', 'GBP', 'IE'],
      ['536382', '12363', '2010-12-01 09:45:00', 'GBP', 'ZZ']
    ]);
    const expected = [
      57.64, // 536365: 6 × 2.55 + 6 × 3.39 + 8 × 2.75 = 15.30 + 20.34 + 22.00
      22.2, // 536366: 6 × 1.85 + 6 × 1.85 = 11.10 + 11.10
      66.68, // 536367: 32 × 1.69 + 6 × 2.10 = 54.08 + 12.60
      144.0, // 536370: 24 × 3.75 + 3 × 18.00 = 90.00 + 54.00
      34.8, // 536380: 24 × 1.45
      5.9 // 536382: 2 × 2.95; the line at price 0 is filtered out
    ];
    orders.forEach((order, i) => expect(order.amount).toBeCloseTo(expected[i], 9));
    // C536379 (a cancellation) and 536381 (no customer, negative quantity) are gone.
    expect(orders.reduce((sum, order) => sum + Number(order.amount), 0)).toBeCloseTo(331.22, 9);
    expect(orders.every((order) => order.cogs === null && order.status === null)).toBe(true);
  });

  it('groups customers from the lines when there is no customer list', () => {
    materialise(suggestMapping('customers', [describeTable('online_retail')], recognisers)!.mapping);
    expect(rows('SELECT customer_id, created_at, country FROM customers ORDER BY customer_id')).toEqual([
      { customer_id: '12363', created_at: '2010-12-01 09:45:00', country: 'ZZ' },
      { customer_id: '12583', created_at: '2010-12-01 08:45:00', country: 'FR' },
      { customer_id: '13047', created_at: '2010-12-01 08:34:00', country: 'GB' },
      // 14527 has only a line the orders leave out (no valid purchase), so it is not a customer either.
      { customer_id: '17809', created_at: '2010-12-01 09:41:00', country: 'IE' },
      // First of 536365 (08:26) and 536366 (08:28).
      { customer_id: '17850', created_at: '2010-12-01 08:26:00', country: 'GB' }
    ]);
  });

  it('checks the canonical tables and reports the planted duplicate and orphan', () => {
    const tables = [describeTable('online_retail'), describeTable('customer_list')];
    const orders = suggestMapping('orders', tables, recognisers)!.mapping;
    materialise({ ...orders, columns: { ...orders.columns, currency: "'GBP'" } });
    const customers = suggestMapping('customers', tables, recognisers)!.mapping;
    expect(customers.source).toBe('customer_list');
    expect(customers.groupBy).toBeNull();
    materialise(customers);
    materialise(suggestMapping('order_items', tables, recognisers)!.mapping);

    const statement = db.prepare(dataChecksSql(['customers', 'orders', 'order_items']));
    statement.bind({ ':as_of': '2011-12-09' });
    const checks: Record<string, unknown>[] = [];
    while (statement.step()) checks.push(statement.getAsObject());
    statement.free();

    const problems = checks.filter((check) => check.problem_rows !== 0);
    expect(problems).toEqual([
      {
        check_name: 'duplicate_id',
        table_name: 'customers',
        column_name: 'customer_id',
        problem_rows: 2,
        example: '17809'
      },
      {
        check_name: 'orphan_key',
        table_name: 'orders',
        column_name: 'customer_id',
        problem_rows: 1,
        example: '12363'
      }
    ]);
    expect(checks.length).toBeGreaterThan(10);
  });
});
