import { describe, expect, it } from 'vitest';
import type { ResultColumn, SqlValue } from '../engine/types';
import { guessCustomerCountColumn, suppressSmallGroups } from './suppress';

type Result = { columns: ResultColumn[]; rows: SqlValue[][] };

/** Customers and mean order value per city. */
function byCity(rows: [string | null, SqlValue, number | null][]): Result {
  return {
    columns: [
      { name: 'city', type: 'text' },
      { name: 'customers', type: 'integer' },
      { name: 'avg_order', type: 'real' }
    ],
    rows
  };
}

const k5 = { minGroupSize: 5, countColumn: 'customers' };

describe('suppressSmallGroups', () => {
  it('hides a group of k-1 customers and keeps a group of k', () => {
    const result = byCity([
      ['Lyon', 4, 20],
      ['Nantes', 5, 30],
      ['Paris', 120, 25]
    ]);
    expect(suppressSmallGroups(result, k5)).toEqual({
      columns: result.columns,
      rows: [
        ['Nantes', 5, 30],
        ['Paris', 120, 25]
      ],
      hiddenRows: 1,
      merged: false,
      note: '1 group with fewer than 5 customers is hidden (too few to show as one row).'
    });
  });

  it.each([1, 0, -3])('is off at k = %d', (minGroupSize) => {
    const result = byCity([
      ['Lyon', 1, 20],
      ['Nantes', null, 30]
    ]);
    expect(suppressSmallGroups(result, { minGroupSize, countColumn: 'customers' })).toEqual({
      columns: result.columns,
      rows: result.rows,
      hiddenRows: 0,
      merged: false,
      note: null
    });
  });

  it('does not look for the count column when off', () => {
    expect(suppressSmallGroups(byCity([['Lyon', 1, 20]]), { minGroupSize: 1, countColumn: '' }).rows).toEqual(
      [['Lyon', 1, 20]]
    );
  });

  it('keeps groups of 0 customers, which disclose no one', () => {
    const result = byCity([
      ['Lyon', 0, null],
      ['Nantes', 1, 30],
      ['Paris', 7, 25]
    ]);
    const suppressed = suppressSmallGroups(result, k5);
    expect(suppressed.rows).toEqual([
      ['Lyon', 0, null],
      ['Paris', 7, 25]
    ]);
    expect(suppressed.hiddenRows).toBe(1);
  });

  it('reads bigint counts', () => {
    const result = byCity([
      ['Lyon', 4n, 20],
      ['Nantes', 5n, 30],
      ['Paris', 9007199254740993n, 25],
      ['Nice', 0n, null]
    ]);
    expect(suppressSmallGroups(result, k5).rows).toEqual([
      ['Nantes', 5n, 30],
      ['Paris', 9007199254740993n, 25],
      ['Nice', 0n, null]
    ]);
  });

  it.each<[string, SqlValue]>([
    ['NULL', null],
    ['text', '12'],
    ['a blob', new Uint8Array([12])],
    ['a negative number', -12],
    ['a negative bigint', -12n],
    ['a fraction', 12.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY]
  ])('hides a row whose count is %s, and says so apart from the small groups', (_, count) => {
    const result = byCity([
      ['Lyon', count, 20],
      ['Nantes', 3, 30],
      ['Paris', 7, 25]
    ]);
    const suppressed = suppressSmallGroups(result, k5);
    expect(suppressed.rows).toEqual([['Paris', 7, 25]]);
    expect(suppressed.hiddenRows).toBe(2);
    expect(suppressed.merged).toBe(false);
    expect(suppressed.note).toBe(
      '1 group with fewer than 5 customers is hidden (too few to show as one row). ' +
        '1 row without a customer count in "customers" is hidden.'
    );
  });

  it('accepts a whole real count, as SQLite returns from a real column', () => {
    expect(suppressSmallGroups(byCity([['Lyon', 5.0, 20]]), k5).rows).toEqual([['Lyon', 5, 20]]);
  });

  it('merges small groups that together reach k into one labelled row at the end, other columns NULL', () => {
    const result = byCity([
      ['Lyon', 2, 20],
      ['Paris', 120, 25],
      ['Nantes', 3, 30],
      ['Nice', 4n, 35]
    ]);
    expect(suppressSmallGroups(result, k5)).toEqual({
      columns: result.columns,
      rows: [
        ['Paris', 120, 25],
        ['Other (3 groups under 5 customers)', 9, null]
      ],
      hiddenRows: 3,
      merged: true,
      note: '3 groups with fewer than 5 customers are hidden (merged into one row of 9 customers).'
    });
  });

  it('merges at a sum of exactly k and drops the groups at k-1', () => {
    const merged = suppressSmallGroups(
      byCity([
        ['Lyon', 2, 20],
        ['Nantes', 3, 30]
      ]),
      k5
    );
    expect(merged.rows).toEqual([['Other (2 groups under 5 customers)', 5, null]]);
    expect(merged.merged).toBe(true);

    const dropped = suppressSmallGroups(
      byCity([
        ['Lyon', 1, 20],
        ['Nantes', 3, 30],
        ['Paris', 50, 25]
      ]),
      k5
    );
    expect(dropped.rows).toEqual([['Paris', 50, 25]]);
    expect(dropped.merged).toBe(false);
    expect(dropped.hiddenRows).toBe(2);
    expect(dropped.note).toBe(
      '2 groups with fewer than 5 customers are hidden (together 4 customers, too few to show as one row).'
    );
  });

  it('does not add rows without a count to the merged row', () => {
    const suppressed = suppressSmallGroups(
      byCity([
        ['Lyon', 3, 20],
        ['Nantes', null, 30],
        ['Nice', 3, 35]
      ]),
      k5
    );
    expect(suppressed.rows).toEqual([['Other (2 groups under 5 customers)', 6, null]]);
    expect(suppressed.hiddenRows).toBe(3);
    expect(suppressed.note).toBe(
      '2 groups with fewer than 5 customers are hidden (merged into one row of 6 customers). ' +
        '1 row without a customer count in "customers" is hidden.'
    );
  });

  it('labels the merged row in the first text column that is not the count, else the first mixed one', () => {
    const columns: ResultColumn[] = [
      { name: 'year', type: 'integer' },
      { name: 'customers', type: 'text' },
      { name: 'region', type: 'mixed' },
      { name: 'segment', type: 'text' },
      { name: 'channel', type: 'text' }
    ];
    const small = (region: SqlValue): SqlValue[] => [2024, 3, region, 'retail', 'web'];
    const textLabel = suppressSmallGroups({ columns, rows: [small('north'), small(7)] }, k5);
    expect(textLabel.rows).toEqual([[null, 6, null, 'Other (2 groups under 5 customers)', null]]);

    const mixedOnly = columns.filter((column) => column.type !== 'text' || column.name === 'customers');
    const mixedLabel = suppressSmallGroups(
      {
        columns: mixedOnly,
        rows: [
          [2024, 3, 'north'],
          [2024, 3, 7]
        ]
      },
      k5
    );
    expect(mixedLabel.rows).toEqual([[null, 6, 'Other (2 groups under 5 customers)']]);
  });

  it('leaves the merged row unlabelled when there is no text column, and says so', () => {
    const result: Result = {
      columns: [
        { name: 'year', type: 'integer' },
        { name: 'n', type: 'integer' }
      ],
      rows: [
        [2022, 3],
        [2023, 4],
        [2024, 10]
      ]
    };
    expect(suppressSmallGroups(result, { minGroupSize: 5, countColumn: 'n' })).toEqual({
      columns: result.columns,
      rows: [
        [2024, 10],
        [null, 7]
      ],
      hiddenRows: 2,
      merged: true,
      note:
        '2 groups with fewer than 5 customers are hidden (merged into the last row, of 7 customers, ' +
        'left unlabelled: the result has no text column).'
    });
  });

  it('uses the first column of the given name', () => {
    const result: Result = {
      columns: [
        { name: 'n', type: 'integer' },
        { name: 'n', type: 'integer' }
      ],
      rows: [
        [3, 100],
        [100, 3]
      ]
    };
    expect(suppressSmallGroups(result, { minGroupSize: 5, countColumn: 'n' }).rows).toEqual([[100, 3]]);
  });

  it('changes neither the input nor shares rows with it', () => {
    const result = byCity([
      ['Lyon', 2, 20],
      ['Nantes', 3, 30],
      ['Paris', 120, 25]
    ]);
    const before = structuredClone(result);
    const suppressed = suppressSmallGroups(result, k5);
    expect(result).toEqual(before);
    suppressed.rows[0][0] = 'changed';
    suppressed.columns[0].name = 'changed';
    expect(result).toEqual(before);

    const off = suppressSmallGroups(result, { minGroupSize: 1, countColumn: 'customers' });
    off.rows[0][0] = 'changed';
    off.columns[0].name = 'changed';
    expect(result).toEqual(before);
  });

  it('returns no note when nothing is hidden, including for no rows', () => {
    expect(suppressSmallGroups(byCity([['Paris', 120, 25]]), k5).note).toBeNull();
    expect(suppressSmallGroups(byCity([]), k5)).toMatchObject({ rows: [], hiddenRows: 0, note: null });
  });

  it('refuses a missing count column and a k that is not a whole number', () => {
    const result = byCity([['Paris', 120, 25]]);
    expect(() => suppressSmallGroups(result, { minGroupSize: 5, countColumn: 'n' })).toThrow(
      'The result has no column "n" to count customers.'
    );
    for (const minGroupSize of [4.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => suppressSmallGroups(result, { minGroupSize, countColumn: 'customers' })).toThrow(
        RangeError
      );
    }
  });
});

/** A result with one integer column per name, every value `value`. */
function withColumns(names: string[], value: SqlValue = 12): Result {
  return {
    columns: names.map((name) => ({ name, type: 'integer' })),
    rows: [names.map(() => value), names.map(() => null)]
  };
}

describe('guessCustomerCountColumn', () => {
  it.each([
    'customers',
    'Customers',
    'n_customers',
    'num_customers',
    'number_of_customers',
    'customer_count',
    'customerCount',
    'count_customer',
    'unique_customers',
    'distinct_customers',
    'new_customers',
    'customers_with_orders',
    'buyers',
    'users',
    'user_count',
    'clients',
    'members',
    'people',
    'respondents',
    'referrers',
    'kunden',
    'anzahl_kunden',
    'Kundenanzahl',
    'clientes',
    'numero_de_clientes',
    'nombre_de_clients',
    'clienti',
    'klanten',
    'aantal klanten',
    'klienci',
    'liczba_klientów',
    'kunder',
    'antal_kunder',
    '顧客数',
    '客户数',
    'ユーザー数',
    'COUNT(DISTINCT customer_id)',
    'count(distinct email)'
  ])('takes %s for a number of customers', (name) => {
    expect(guessCustomerCountColumn(withColumns(['region', name]))).toBe(name);
  });

  it.each(['count', 'n', 'cnt', 'count_star', 'COUNT(*)', 'count(1)', 'count(user_id)'])(
    'takes the generic count %s',
    (name) => {
      expect(guessCustomerCountColumn(withColumns(['region', name]))).toBe(name);
    }
  );

  it.each([
    'revenue',
    'amount',
    'orders',
    'order_count',
    'n_orders',
    'count_orders',
    'items',
    'quantity',
    'customer_id',
    'customerId',
    'customer',
    'customer_number',
    'customer_no',
    'user_id',
    'orders_per_customer',
    'revenue_per_customer',
    'avg_customers',
    'pct_customers',
    'customer_age',
    'member_since',
    'count(order_id)',
    'COUNT(DISTINCT product_id)',
    'year',
    'city',
    '顧客ID',
    '注文数'
  ])('never takes %s', (name) => {
    expect(guessCustomerCountColumn(withColumns([name]))).toBeNull();
  });

  it('prefers a number of people over a generic count, and over orders whatever the order', () => {
    expect(guessCustomerCountColumn(withColumns(['n', 'orders', 'customers']))).toBe('customers');
    expect(guessCustomerCountColumn(withColumns(['orders', 'count', 'revenue']))).toBe('count');
    expect(guessCustomerCountColumn(withColumns(['customers', 'buyers']))).toBe('customers');
    expect(guessCustomerCountColumn(withColumns(['count', 'n']))).toBe('count');
    expect(guessCustomerCountColumn(withColumns(['count(customer_id)', 'count(DISTINCT customer_id)']))).toBe(
      'count(DISTINCT customer_id)'
    );
  });

  it('takes only columns of whole numbers ≥ 0, NULLs allowed, as number or bigint', () => {
    const guess = (values: SqlValue[]) =>
      guessCustomerCountColumn({
        columns: [
          { name: 'customers', type: 'mixed' },
          { name: 'n', type: 'integer' }
        ],
        rows: values.map((value) => [value, 3])
      });
    expect(guess([0, 12, 12n, null, 12.0])).toBe('customers');
    expect(guess([12, 12.5])).toBe('n');
    expect(guess([12, -1])).toBe('n');
    expect(guess([12, -1n])).toBe('n');
    expect(guess([12, '12'])).toBe('n');
    expect(guess([12, new Uint8Array([1])])).toBe('n');
    expect(guessCustomerCountColumn(withColumns(['customers'], 'many'))).toBeNull();
  });

  it('guesses from names alone when there are no rows', () => {
    expect(guessCustomerCountColumn({ columns: [{ name: 'customers', type: 'null' }], rows: [] })).toBe(
      'customers'
    );
    expect(guessCustomerCountColumn({ columns: [], rows: [] })).toBeNull();
  });
});
