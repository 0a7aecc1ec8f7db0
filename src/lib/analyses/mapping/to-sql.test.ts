import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import {
  containsAggregate,
  joinFilters,
  readsColumnOutsideAggregate,
  toMappingSql,
  validateMapping,
  type MappingProblemKind
} from './to-sql';
import type { TableMapping } from './types';

const uciOrders: TableMapping = {
  target: 'orders',
  source: 'online_retail',
  columns: {
    order_id: '"InvoiceNo"',
    customer_id: 'MIN(CAST(CAST("CustomerID" AS INTEGER) AS TEXT))',
    order_date: 'MIN(datetime("InvoiceDate"))',
    currency: "'GBP'",
    amount: 'SUM("Quantity" * "UnitPrice")',
    ship_country: 'MIN(country_code("Country"))'
  },
  filter: `"CustomerID" IS NOT NULL AND "InvoiceNo" NOT LIKE 'C%' AND "Quantity" > 0 AND "UnitPrice" > 0`,
  groupBy: 'order_id'
};

describe('toMappingSql', () => {
  it('writes one canonical column per line, NULL where unmapped, then FROM, WHERE, GROUP BY', () => {
    expect(toMappingSql(uciOrders)).toBe(
      [
        'SELECT',
        '  "InvoiceNo" AS order_id,',
        '  MIN(CAST(CAST("CustomerID" AS INTEGER) AS TEXT)) AS customer_id,',
        '  MIN(datetime("InvoiceDate")) AS order_date,',
        "  'GBP' AS currency,",
        '  SUM("Quantity" * "UnitPrice") AS amount,',
        '  NULL AS cogs,',
        '  NULL AS status,',
        '  MIN(country_code("Country")) AS ship_country,',
        '  NULL AS sales_channel',
        'FROM "online_retail"',
        'WHERE "CustomerID" IS NOT NULL',
        `  AND "InvoiceNo" NOT LIKE 'C%'`,
        '  AND "Quantity" > 0',
        '  AND "UnitPrice" > 0',
        'GROUP BY "InvoiceNo"'
      ].join('\n')
    );
  });

  it('leaves out WHERE and GROUP BY when there is neither', () => {
    const sql = toMappingSql({
      target: 'fx_rates',
      source: 'ecb',
      columns: { date: 'date("Date")', base_currency: "'EUR'", quote_currency: '"Currency"', rate: '"Rate"' },
      filter: '  ',
      groupBy: null
    });
    expect(sql).toBe(
      [
        'SELECT',
        '  date("Date") AS date,',
        "  'EUR' AS base_currency,",
        '  "Currency" AS quote_currency,',
        '  "Rate" AS rate',
        'FROM "ecb"'
      ].join('\n')
    );
  });

  it('quotes the source and any alias that is not a plain name', () => {
    const sql = toMappingSql({
      target: 'customers',
      source: 'my "customers"; DROP TABLE x; --',
      columns: { customer_id: '"id"', 'Net Amount': '1', order: '2' },
      filter: '',
      groupBy: null
    });
    expect(sql).toContain('FROM "my ""customers""; DROP TABLE x; --"');
    expect(sql).toContain('  1 AS "Net Amount",\n  2 AS "order"');
  });

  it.each([
    ['a OR b', ['WHERE a OR b']],
    ['a AND (b OR c)', ['WHERE a', '  AND (b OR c)']],
    ['x BETWEEN 1 AND 2 AND y', ['WHERE x BETWEEN 1 AND 2 AND y']],
    [`name = 'AND' AND "AND" = 1`, [`WHERE name = 'AND'`, '  AND "AND" = 1']]
  ])('splits the filter %j at top-level ANDs only', (filter, lines) => {
    const sql = toMappingSql({ target: 'customers', source: 's', columns: {}, filter, groupBy: null });
    expect(sql.split('\n').slice(-lines.length)).toEqual(lines);
  });

  it('refuses a mapping without a source or with a group key that has no expression', () => {
    expect(() => toMappingSql({ ...uciOrders, source: ' ' })).toThrow(/no source table/);
    expect(() => toMappingSql({ ...uciOrders, groupBy: 'cogs' })).toThrow(/grouped by cogs/);
  });

  it('gives SQL that SQLite runs, even with comments, quotes and multi-line expressions', async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    try {
      db.run(`CREATE TABLE "Kunden ""2024""" ("Kunde" TEXT, "Land" TEXT, "Seit" TEXT);
        INSERT INTO "Kunden ""2024""" VALUES ('K1', 'DE', '2024-01-02'), ('K2', 'AT', '2024-02-03');`);
      const sql = toMappingSql({
        target: 'customers',
        source: 'Kunden "2024"',
        columns: {
          customer_id: '"Kunde" -- the shop\'s customer number',
          created_at: 'datetime(\n"Seit")',
          country: `CASE "Land" WHEN 'DE' THEN 'DE' ELSE 'AT' END`
        },
        filter: `"Land" IN ('DE', 'AT') -- both markets`,
        groupBy: null
      });
      const [result] = db.exec(sql);
      expect(result.columns).toEqual([
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
      expect(result.values.map((row) => row.slice(0, 3))).toEqual([
        ['K1', '2024-01-02 00:00:00', 'DE'],
        ['K2', '2024-02-03 00:00:00', 'AT']
      ]);
    } finally {
      db.close();
    }
  });
});

describe('joinFilters', () => {
  it('joins with AND, keeping an OR together', () => {
    expect(joinFilters(['"a" IS NOT NULL', '  ', '"b" = 1 OR "c" = 2', '(d OR e)'])).toBe(
      '"a" IS NOT NULL AND ("b" = 1 OR "c" = 2) AND (d OR e)'
    );
    expect(joinFilters([])).toBe('');
  });
});

describe('aggregates', () => {
  it.each([
    ['SUM("Quantity" * "UnitPrice")', true, false],
    ['sum(x)', true, false],
    ['Group_Concat("a", \', \')', true, false],
    ['total ("x")', true, false],
    ['CAST(MIN("x") AS TEXT)', true, false],
    ['datetime(MIN("InvoiceDate"))', true, false],
    ['MIN("a") || "b"', true, true],
    ['"Country"', false, true],
    ['Country', false, true],
    ["'GBP'", false, false],
    ["upper('gbp')", false, false],
    ['NULL', false, false],
    ['TRUE', false, false],
    ['42', false, false],
    ["'SUM(x)'", false, false],
    ['"MIN(x)"', false, true],
    ['CASE WHEN MAX("q") > 0 THEN 1 ELSE 0 END', true, false],
    ['CAST("x" AS INTEGER)', false, true]
  ])('%s: aggregate %s, reads a column outside one %s', (expression, aggregate, outside) => {
    expect(containsAggregate(expression)).toBe(aggregate);
    expect(readsColumnOutsideAggregate(expression)).toBe(outside);
  });
});

describe('validateMapping', () => {
  const kinds = (mapping: TableMapping) => validateMapping(mapping).map((p) => [p.kind, p.column]);

  it('accepts a complete grouped mapping with a constant currency', () => {
    expect(validateMapping(uciOrders)).toEqual([]);
  });

  it.each<[string, Partial<TableMapping>, [MappingProblemKind, string | null][]]>([
    ['no source', { source: '' }, [['no-source', null]]],
    [
      'a required column left out',
      { columns: { ...uciOrders.columns, currency: '' } },
      [['missing-required', 'currency']]
    ],
    [
      'a required column set to NULL',
      { columns: { ...uciOrders.columns, currency: ' null ' } },
      [['missing-required', 'currency']]
    ],
    [
      'a column the model lacks',
      { columns: { ...uciOrders.columns, margin: 'SUM(1)' } },
      [['unknown-column', 'margin']]
    ],
    [
      'a column read outside an aggregate',
      { columns: { ...uciOrders.columns, ship_country: 'country_code("Country")' } },
      [['not-aggregated', 'ship_country']]
    ],
    [
      'a group key without expression',
      { groupBy: 'status' },
      [
        ['unknown-group-column', 'status'],
        // With the rows grouped by something else, the invoice number is no longer the key.
        ['not-aggregated', 'order_id']
      ]
    ],
    [
      'an aggregated group key',
      { columns: { ...uciOrders.columns, order_id: 'MIN("InvoiceNo")' }, groupBy: 'order_id' },
      [['aggregated-group-key', 'order_id']]
    ],
    [
      'no grouping: plain columns are fine',
      { columns: { ...uciOrders.columns, ship_country: '"Country"' }, groupBy: null, filter: '' },
      []
    ]
  ])('%s', (_label, change, expected) => {
    expect(kinds({ ...uciOrders, ...change })).toEqual(expected);
  });

  it('says what the missing column is for', () => {
    const [problem] = validateMapping({ ...uciOrders, columns: { ...uciOrders.columns, amount: '' } });
    expect(problem.message).toBe(
      'amount is required: Net revenue: after discounts, without tax and shipping.'
    );
  });
});
