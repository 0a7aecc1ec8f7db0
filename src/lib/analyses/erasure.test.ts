import { describe, expect, it } from 'vitest';
import type { TableInfo } from '../engine/types';
import { erasureColumns, parseIds } from './erasure';

const table = (name: string, ...columns: (string | [string, string])[]): TableInfo => ({
  name,
  kind: 'table',
  rowCount: 1,
  columns: columns.map((column) => {
    const [columnName, label] = Array.isArray(column) ? column : [column, undefined];
    return {
      name: columnName,
      declaredType: 'TEXT',
      notNull: false,
      primaryKey: false,
      ...(label ? { label } : {})
    };
  })
});

describe('erasureColumns', () => {
  it('finds every customer column of the canonical tables, and order items through the orders, first', () => {
    const columns = erasureColumns([
      table('countries', 'alpha2', 'name'),
      table('customers', 'customer_id', 'country'),
      table('orders', 'order_id', 'customer_id', 'amount'),
      table('order_items', 'order_id', 'product_id'),
      table('referrals', 'referrer_id', 'referee_id'),
      table('events', 'customer_id', 'event_name'),
      table('fx_rates', 'date', 'rate')
    ]);
    expect(columns).toEqual([
      {
        table: 'order_items',
        column: 'order_id',
        through: { table: 'orders', key: 'order_id', column: 'customer_id' }
      },
      { table: 'customers', column: 'customer_id' },
      { table: 'orders', column: 'customer_id' },
      { table: 'referrals', column: 'referrer_id' },
      { table: 'referrals', column: 'referee_id' },
      { table: 'events', column: 'customer_id' }
    ]);
  });

  it('reads headers in other shapes and languages, also from the original header kept as a label', () => {
    const columns = erasureColumns([
      table('online_retail', 'InvoiceNo', 'CustomerID', 'Country'),
      table('kunden', ['kunde', 'Kunde'], 'land')
    ]);
    expect(columns).toEqual([
      { table: 'online_retail', column: 'CustomerID' },
      { table: 'kunden', column: 'kunde' }
    ]);
  });
});

describe('parseIds', () => {
  it('splits on lines, commas, semicolons and tabs, trims and drops blanks and repeats', () => {
    expect(parseIds(' C1\nC2, C3;C1\t\n\n17850 ')).toEqual(['C1', 'C2', 'C3', '17850']);
  });
});
