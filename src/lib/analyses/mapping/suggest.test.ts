import { describe, expect, it } from 'vitest';
import { MODEL, MODEL_TABLE_NAMES, type ModelColumn, type ModelTableName } from '../model';
import { suggestMapping } from './suggest';
import type { Recognisers, SourceColumn, SourceTable } from './types';

const COUNTRIES = [
  'united kingdom',
  'eire',
  'france',
  'unspecified',
  'germany',
  'belgique',
  'suisse',
  '日本'
];
const recognisers: Recognisers = {
  isCurrencyCode: (code) => ['EUR', 'GBP', 'USD', 'JPY', 'CHF'].includes(code),
  recogniseCountry: (value) =>
    COUNTRIES.includes(value.toLowerCase()) || ['DE', 'AT', 'CH', 'FR', 'GB', 'JP'].includes(value)
};

/** UCI Online Retail (archive.ics.uci.edu, id 352) as the importer describes it: real header, real-looking values. */
const onlineRetail: SourceTable = {
  name: 'online_retail',
  rowCount: 541_909,
  columns: [
    {
      name: 'InvoiceNo',
      type: 'TEXT',
      samples: ['536365', '536365', '536366', 'C536379', '536367', '536370', 'C536383', '581587'],
      distinctCount: 25_900
    },
    {
      name: 'StockCode',
      type: 'TEXT',
      samples: ['85123A', '71053', '84406B', 'D', '84879', '22728', '35004C', 'POST'],
      distinctCount: 4_070
    },
    {
      name: 'Description',
      type: 'TEXT',
      samples: [
        'WHITE HANGING HEART T-LIGHT HOLDER',
        'WHITE METAL LANTERN',
        'CREAM CUPID HEARTS COAT HANGER',
        'Discount',
        'ASSORTED COLOUR BIRD ORNAMENT',
        'ALARM CLOCK BAKELIKE PINK',
        null,
        'POSTAGE'
      ],
      distinctCount: 4_223,
      nullCount: 1_454
    },
    { name: 'Quantity', type: 'INTEGER', samples: [6, 6, 8, -1, 32, 24, -1, 12], distinctCount: 722 },
    {
      name: 'InvoiceDate',
      type: 'DATETIME',
      samples: [
        '2010-12-01 08:26:00',
        '2010-12-01 08:26:00',
        '2010-12-01 08:28:00',
        '2010-12-01 09:41:00',
        '2010-12-01 08:34:00',
        '2010-12-01 08:45:00',
        '2010-12-01 10:24:00',
        '2011-12-09 12:50:00'
      ],
      distinctCount: 23_260
    },
    {
      name: 'UnitPrice',
      type: 'REAL',
      samples: [2.55, 3.39, 2.75, 27.5, 1.69, 3.75, 0, -11062.06],
      distinctCount: 1_630
    },
    {
      name: 'CustomerID',
      type: 'REAL',
      samples: [17850.0, 17850.0, 17850.0, 14527.0, 13047.0, 12583.0, null, 12680.0],
      distinctCount: 4_372,
      nullCount: 135_080
    },
    {
      name: 'Country',
      type: 'TEXT',
      samples: [
        'United Kingdom',
        'United Kingdom',
        'United Kingdom',
        'United Kingdom',
        'EIRE',
        'France',
        'Unspecified',
        'France'
      ],
      distinctCount: 38
    }
  ]
};

/** A German shop export: one row per order, customers ordering more than once. */
const bestellungen: SourceTable = {
  name: 'bestellungen',
  rowCount: 1_200,
  columns: [
    {
      name: 'Bestellnummer',
      type: 'INTEGER',
      samples: [10001, 10002, 10003, 10004, 10005],
      distinctCount: 1_200
    },
    {
      name: 'Kunde',
      type: 'TEXT',
      samples: ['K-1001', 'K-1002', 'K-1001', 'K-1003', 'K-1004'],
      distinctCount: 800
    },
    {
      name: 'Bestelldatum',
      type: 'DATETIME',
      samples: [
        '2024-03-01 10:15:00',
        '2024-03-01 11:02:00',
        '2024-03-02 09:30:00',
        '2024-03-03 18:45:00',
        '2024-03-04 07:12:00'
      ]
    },
    { name: 'Betrag', type: 'REAL', samples: [49.9, 120, 15.5, 89.99, 42] },
    { name: 'Währung', type: 'TEXT', samples: ['EUR', 'EUR', 'CHF', 'EUR', 'EUR'], distinctCount: 2 },
    { name: 'Land', type: 'TEXT', samples: ['DE', 'AT', 'CH', 'DE', 'DE'], distinctCount: 3 }
  ]
};

/** A French invoice list, dates without times, headers with accents and a `N°`. */
const factures: SourceTable = {
  name: 'export_factures',
  rowCount: 300,
  columns: [
    {
      name: 'N° de commande',
      type: 'TEXT',
      samples: ['FA-2024-001', 'FA-2024-002', 'FA-2024-003'],
      distinctCount: 300
    },
    { name: 'Client', type: 'TEXT', samples: ['CL0012', 'CL0044', 'CL0012'], distinctCount: 120 },
    { name: 'Date de commande', type: 'DATE', samples: ['2024-01-05', '2024-01-06', '2024-01-09'] },
    { name: 'Montant HT', type: 'REAL', samples: [120.5, 89, 240.75] },
    { name: 'Devise', type: 'TEXT', samples: ['EUR', 'EUR', 'CHF'], distinctCount: 2 },
    { name: 'Pays', type: 'TEXT', samples: ['France', 'Belgique', 'Suisse'], distinctCount: 3 },
    { name: 'Remarque', type: 'TEXT', samples: ['livraison rapide', null, 'cadeau'] }
  ]
};

/** A Japanese export: CJK headers, yen amounts as integers. */
const chumon: SourceTable = {
  name: '注文一覧',
  rowCount: 500,
  columns: [
    { name: '注文番号', type: 'TEXT', samples: ['A-0001', 'A-0002', 'A-0003'], distinctCount: 500 },
    { name: '顧客ID', type: 'TEXT', samples: ['C001', 'C002', 'C001'], distinctCount: 210 },
    {
      name: '注文日',
      type: 'DATETIME',
      samples: ['2024-04-01 09:00:00', '2024-04-01 12:30:00', '2024-04-02 15:00:00']
    },
    { name: '金額', type: 'INTEGER', samples: [3200, 12800, 980] },
    { name: '通貨', type: 'TEXT', samples: ['JPY', 'JPY', 'JPY'], distinctCount: 1 },
    { name: '国', type: 'TEXT', samples: ['日本', '日本', 'JP'], distinctCount: 2 }
  ]
};

const weather: SourceTable = {
  name: 'weather',
  rowCount: 365,
  columns: [
    { name: 'station', type: 'TEXT', samples: ['Zürich Fluntern', 'Basel Binningen'], distinctCount: 2 },
    { name: 'temperature_c', type: 'REAL', samples: [12.5, -3.2, 20.1] },
    { name: 'humidity', type: 'INTEGER', samples: [80, 65, 90] },
    { name: 'wind_direction', type: 'TEXT', samples: ['NNW', 'SE', 'W'] }
  ]
};

const customerList: SourceTable = {
  name: 'customer_list',
  rowCount: 4_300,
  columns: [
    { name: 'CustomerID', type: 'INTEGER', samples: [17850, 13047, 12583], distinctCount: 4_300 },
    { name: 'Signup Date', type: 'DATE', samples: ['2010-11-02', '2010-11-20', '2010-11-30'] },
    {
      name: 'Country',
      type: 'TEXT',
      samples: ['United Kingdom', 'United Kingdom', 'France'],
      distinctCount: 37
    }
  ]
};

function suggest(target: ModelTableName, ...tables: SourceTable[]) {
  return suggestMapping(target, tables, recognisers);
}

describe('UCI Online Retail (order lines)', () => {
  it('reads orders by grouping the lines of each invoice', () => {
    const suggestion = suggest('orders', onlineRetail);
    expect(suggestion?.mapping).toEqual({
      target: 'orders',
      source: 'online_retail',
      columns: {
        order_id: '"InvoiceNo"',
        customer_id: 'MIN(CAST(CAST("CustomerID" AS INTEGER) AS TEXT))',
        order_date: 'MIN(datetime("InvoiceDate"))',
        amount: 'SUM("Quantity" * "UnitPrice")',
        ship_country: 'MIN(country_code("Country"))'
      },
      filter: `"CustomerID" IS NOT NULL AND "InvoiceNo" NOT LIKE 'C%' AND "Quantity" > 0 AND "UnitPrice" > 0`,
      groupBy: 'order_id'
    });
    expect(suggestion?.missingRequired).toEqual(['currency']);
    expect(suggestion?.columns.find((column) => column.target === 'currency')).toEqual({
      target: 'currency',
      expression: 'NULL',
      confidence: 0,
      reason: 'no currency column: choose the currency of the amounts'
    });
    expect(suggestion?.columns.find((column) => column.target === 'amount')?.reason).toMatch(
      /no amount column: derived as quantity × unit price \('Quantity' × 'UnitPrice'\)/
    );
    expect(suggestion?.filters.map((filter) => filter.sql)).toEqual([
      '"CustomerID" IS NOT NULL',
      `"InvoiceNo" NOT LIKE 'C%'`,
      '"Quantity" > 0',
      '"UnitPrice" > 0'
    ]);
    for (const filter of suggestion?.filters ?? []) expect(filter.reason).not.toBe('');
    expect(suggestion?.confidence).toBeGreaterThan(0.7);
    expect(suggestion?.confidence).toBeLessThan(0.9);
  });

  it('reads customers by grouping on the customer id, first order as created_at', () => {
    const suggestion = suggest('customers', onlineRetail);
    expect(suggestion?.mapping).toEqual({
      target: 'customers',
      source: 'online_retail',
      columns: {
        customer_id: 'CAST(CAST("CustomerID" AS INTEGER) AS TEXT)',
        created_at: 'MIN(datetime("InvoiceDate"))',
        country: 'MIN(country_code("Country"))'
      },
      // The lines the orders are built from: both tables agree on who is a customer.
      filter: `"CustomerID" IS NOT NULL AND "InvoiceNo" NOT LIKE 'C%' AND "Quantity" > 0 AND "UnitPrice" > 0`,
      groupBy: 'customer_id'
    });
    expect(suggestion?.missingRequired).toEqual([]);
    const createdAt = suggestion?.columns.find((column) => column.target === 'created_at');
    expect(createdAt?.reason).toContain("header 'InvoiceDate' means order date, used as created at");
    expect(createdAt?.reason).toContain('first (minimum) value per customer');
  });

  it('reads order items one row per line', () => {
    const suggestion = suggest('order_items', onlineRetail);
    expect(suggestion?.mapping).toEqual({
      target: 'order_items',
      source: 'online_retail',
      columns: {
        order_id: '"InvoiceNo"',
        product_id: '"StockCode"',
        quantity: '"Quantity"',
        unit_price: '"UnitPrice"'
      },
      filter: `"InvoiceNo" NOT LIKE 'C%' AND "Quantity" > 0 AND "UnitPrice" > 0`,
      groupBy: null
    });
    expect(suggestion?.confidence).toBeGreaterThan(0.95);
  });

  it.each(['marketing_spend', 'referrals', 'events', 'fx_rates'] as const)('is not %s', (target) => {
    expect(suggest(target, onlineRetail)).toBeNull();
  });
});

describe('exports in other languages', () => {
  it('German: one row per order, a Währung column', () => {
    const suggestion = suggest('orders', bestellungen);
    expect(suggestion?.mapping).toEqual({
      target: 'orders',
      source: 'bestellungen',
      columns: {
        order_id: 'CAST("Bestellnummer" AS TEXT)',
        customer_id: '"Kunde"',
        order_date: 'datetime("Bestelldatum")',
        currency: 'upper(trim("Währung"))',
        amount: '"Betrag"',
        ship_country: 'country_code("Land")'
      },
      filter: '',
      groupBy: null
    });
    expect(suggestion?.missingRequired).toEqual([]);
    expect(suggestion?.confidence).toBeGreaterThan(0.95);
    const customer = suggestion?.columns.find((column) => column.target === 'customer_id');
    expect(customer?.reason).toBe("header 'Kunde' means customer id; values look like ids");
    const currency = suggestion?.columns.find((column) => column.target === 'currency');
    expect(currency?.reason).toContain('values look like ISO 4217 currency codes');
  });

  it('German: customers are grouped from the orders', () => {
    expect(suggest('customers', bestellungen)?.mapping).toEqual({
      target: 'customers',
      source: 'bestellungen',
      columns: {
        customer_id: '"Kunde"',
        created_at: 'MIN(datetime("Bestelldatum"))',
        country: 'MIN(country_code("Land"))'
      },
      filter: '',
      groupBy: 'customer_id'
    });
  });

  it('French: accents, N°, a DATE read as a timestamp', () => {
    const suggestion = suggest('orders', factures);
    expect(suggestion?.mapping.columns).toEqual({
      order_id: '"N° de commande"',
      customer_id: '"Client"',
      order_date: 'datetime("Date de commande")',
      currency: 'upper(trim("Devise"))',
      amount: '"Montant HT"',
      ship_country: 'country_code("Pays")'
    });
    expect(suggestion?.mapping.groupBy).toBeNull();
    expect(suggestion?.missingRequired).toEqual([]);
  });

  it('Japanese: CJK headers', () => {
    const suggestion = suggest('orders', chumon);
    expect(suggestion?.mapping.columns).toEqual({
      order_id: '"注文番号"',
      customer_id: '"顧客ID"',
      order_date: 'datetime("注文日")',
      currency: 'upper(trim("通貨"))',
      amount: '"金額"',
      ship_country: 'country_code("国")'
    });
    expect(suggestion?.confidence).toBeGreaterThan(0.9);
  });

  it('matches the original CSV header when the column had to be renamed', () => {
    const renamed: SourceTable = {
      ...bestellungen,
      columns: bestellungen.columns.map((column, i) => ({
        ...column,
        name: `column_${i + 1}`,
        label: column.name
      }))
    };
    expect(suggest('orders', renamed)?.mapping.columns).toMatchObject({
      order_id: 'CAST("column_1" AS TEXT)',
      customer_id: '"column_2"',
      currency: 'upper(trim("column_5"))'
    });
  });
});

/** A Shopify orders export: one row per line item, order-level fields only on an order's first line. */
const shopify: SourceTable = {
  name: 'orders_export_1',
  rowCount: 2_400,
  columns: [
    { name: 'Name', type: 'TEXT', samples: ['#1001', '#1001', '#1002', '#1003'], distinctCount: 1_500 },
    { name: 'Email', type: 'TEXT', samples: ['a@example.com', null, 'b@example.com', 'c@example.com'] },
    { name: 'Financial Status', type: 'TEXT', samples: ['paid', null, 'paid', 'refunded'] },
    {
      name: 'Paid at',
      type: 'DATETIME',
      samples: ['2024-05-01 10:00:00', null, null, '2024-05-03 09:00:00']
    },
    { name: 'Currency', type: 'TEXT', samples: ['EUR', null, 'EUR', 'EUR'] },
    { name: 'Subtotal', type: 'REAL', samples: [59.8, null, 25, 110] },
    { name: 'Total', type: 'REAL', samples: [71.16, null, 29.75, 130.9] },
    {
      name: 'Created at',
      type: 'DATETIME',
      samples: ['2024-05-01 09:58:00', '2024-05-01 09:58:00', '2024-05-02 14:00:00', '2024-05-03 08:59:00']
    },
    { name: 'Lineitem quantity', type: 'INTEGER', samples: [2, 1, 1, 3] },
    { name: 'Lineitem price', type: 'REAL', samples: [19.9, 20, 25, 36.67] },
    { name: 'Lineitem sku', type: 'TEXT', samples: ['TS-01', 'MUG-2', 'TS-01', 'CAP-9'] },
    { name: 'Shipping Country', type: 'TEXT', samples: ['DE', null, 'AT', 'FR'], distinctCount: 12 }
  ]
};

describe('a Shopify export', () => {
  it('groups the line items by order name, the net subtotal as the amount', () => {
    const suggestion = suggest('orders', shopify);
    expect(suggestion?.mapping).toMatchObject({
      groupBy: 'order_id',
      columns: {
        order_id: '"Name"',
        order_date: 'MIN(datetime("Created at"))',
        currency: 'MIN(upper(trim("Currency")))',
        amount: 'SUM("Subtotal")',
        status: 'MIN("Financial Status")',
        ship_country: 'MIN(country_code("Shipping Country"))'
      }
    });
    // Shopify has no customer key; the user picks one (or leaves orders unattributed).
    expect(suggestion?.missingRequired).toEqual(['customer_id']);
    expect(suggestion?.columns.find((column) => column.target === 'order_id')?.reason).toContain(
      'values look like order numbers (#1001)'
    );
    expect(suggest('order_items', shopify)?.mapping.columns).toEqual({
      order_id: '"Name"',
      product_id: '"Lineitem sku"',
      quantity: '"Lineitem quantity"',
      unit_price: '"Lineitem price"'
    });
  });
});

/** A column holding what the model column holds, under its canonical name. */
function canonicalColumn(column: ModelColumn): SourceColumn {
  const n = 20;
  const values = Array.from({ length: n }, (_, i): string | number => {
    switch (column.kind) {
      case 'id':
        return `${column.name}-${i}`;
      case 'timestamp':
        return `2024-01-${String(i + 1).padStart(2, '0')} 10:00:00`;
      case 'date':
        return `2024-01-${String(i + 1).padStart(2, '0')}`;
      case 'money':
      case 'number':
        return 10.5 + i;
      case 'integer':
        return 1970 + i;
      case 'country':
        return ['DE', 'FR', 'GB'][i % 3];
      case 'currency':
        return ['EUR', 'GBP', 'USD'][i % 3];
      case 'flag':
        return i % 2;
      case 'json':
        return `{"n":${i}}`;
      case 'text':
        return ['alpha', 'beta', 'gamma'][i % 3];
    }
  });
  const type = {
    id: 'TEXT',
    text: 'TEXT',
    timestamp: 'DATETIME',
    date: 'DATE',
    money: 'REAL',
    number: 'REAL',
    integer: 'INTEGER',
    country: 'TEXT',
    currency: 'TEXT',
    flag: 'INTEGER',
    json: 'TEXT'
  }[column.kind];
  return { name: column.name, type, samples: values, distinctCount: new Set(values).size, nullCount: 0 };
}

describe('canonical headers', () => {
  it.each(MODEL.map((table) => [table.name, table]))('%s maps 1:1, no grouping', (name, table) => {
    const source: SourceTable = {
      name: `my_${name}`,
      rowCount: 20,
      columns: table.columns.map(canonicalColumn)
    };
    const suggestion = suggest(table.name, source);
    expect(suggestion?.mapping.groupBy).toBeNull();
    expect(suggestion?.mapping.filter).toBe('');
    expect(suggestion?.missingRequired).toEqual([]);
    expect(suggestion?.confidence).toBeGreaterThanOrEqual(0.95);
    expect(Object.keys(suggestion?.mapping.columns ?? {})).toEqual(
      table.columns.map((column) => column.name)
    );
    for (const column of table.columns) {
      expect(suggestion?.mapping.columns[column.name]).toContain(`"${column.name}"`);
    }
  });
});

describe('choosing among tables', () => {
  it('returns null when nothing is relevant', () => {
    for (const target of MODEL_TABLE_NAMES) expect(suggest(target, weather)).toBeNull();
    expect(suggest('orders')).toBeNull();
  });

  it('prefers a customer list to customers grouped from order lines', () => {
    const suggestion = suggest('customers', onlineRetail, customerList);
    expect(suggestion?.mapping).toEqual({
      target: 'customers',
      source: 'customer_list',
      columns: {
        customer_id: 'CAST("CustomerID" AS TEXT)',
        created_at: 'datetime("Signup Date")',
        country: 'country_code("Country")'
      },
      filter: '',
      groupBy: null
    });
  });

  it('finds the orders among unrelated tables', () => {
    expect(suggest('orders', weather, customerList, bestellungen)?.mapping.source).toBe('bestellungen');
  });

  it('keeps a few duplicated ids in a customer list for the data checks to report', () => {
    const withDuplicates: SourceTable = {
      ...customerList,
      rowCount: 100,
      columns: customerList.columns.map((column) =>
        column.name === 'CustomerID' ? { ...column, distinctCount: 98 } : column
      )
    };
    expect(suggest('customers', withDuplicates)?.mapping.groupBy).toBeNull();
    const mostlyRepeated: SourceTable = {
      ...withDuplicates,
      columns: withDuplicates.columns.map((column) =>
        column.name === 'CustomerID' ? { ...column, distinctCount: 40 } : column
      )
    };
    expect(suggest('customers', mostlyRepeated)?.mapping.groupBy).toBe('customer_id');
  });
});
