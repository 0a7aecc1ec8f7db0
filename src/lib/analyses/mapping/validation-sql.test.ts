import initSqlJs, { type Database } from 'sql.js';
import { describe, expect, it } from 'vitest';
import { quoteIdentifier } from '../../engine/identifiers';
import { MODEL, MODEL_TABLE_NAMES, type ModelTableName } from '../model';
import { dataChecksSql } from './validation-sql';

type Row = Record<string, string | number | null>;

/** Every canonical table with all its columns, as the mapping cells produce them, plus `currencies`. */
async function canonicalDatabase(rows: Partial<Record<ModelTableName, Row[]>>): Promise<Database> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run(`CREATE TABLE currencies (code TEXT, minor_unit INTEGER);
    INSERT INTO currencies VALUES ('EUR', 2), ('GBP', 2), ('JPY', 0), (NULL, NULL);`);
  for (const table of MODEL) {
    if (!(table.name in rows)) continue;
    const names = table.columns.map((column) => column.name);
    db.run(`CREATE TABLE ${quoteIdentifier(table.name)} (${names.map(quoteIdentifier).join(', ')})`);
    for (const row of rows[table.name] ?? []) {
      db.run(
        `INSERT INTO ${quoteIdentifier(table.name)} VALUES (${names.map(() => '?').join(', ')})`,
        names.map((name) => row[name] ?? null)
      );
    }
  }
  return db;
}

function runChecks(db: Database, tables: readonly ModelTableName[], asOf: string | null) {
  const statement = db.prepare(dataChecksSql(tables));
  if (asOf !== null) statement.bind({ ':as_of': asOf });
  const result: Row[] = [];
  while (statement.step()) result.push(statement.getAsObject() as Row);
  statement.free();
  return result;
}

const customer = (id: string, extra: Row = {}): Row => ({
  customer_id: id,
  created_at: '2024-01-01 00:00:00',
  country: 'GB',
  ...extra
});
const order = (id: string, extra: Row = {}): Row => ({
  order_id: id,
  customer_id: 'C1',
  order_date: '2024-02-01 10:00:00',
  currency: 'GBP',
  amount: 10,
  ...extra
});

const planted: Partial<Record<ModelTableName, Row[]>> = {
  customers: [
    customer('C1'),
    customer('C1'),
    customer('C2', { country: null }),
    customer('C3', { created_at: null })
  ],
  orders: [
    order('O1'),
    order('O2', { customer_id: 'C9' }),
    order('O3', { amount: -5 }),
    order('O4', { amount: -5, status: ' Refunded ' }),
    order('O5', { currency: 'XYZ' }),
    order('O6', { order_date: '2030-01-01 00:00:00' })
  ],
  order_items: [
    { order_id: 'O1', product_id: 'P1' },
    { order_id: 'O99', product_id: 'P2' }
  ],
  marketing_spend: [{ date: '2024-01-01', channel: 'email', currency: null, spend: 100 }],
  referrals: [
    { referrer_id: 'C1', referee_id: 'C8' },
    { referrer_id: 'C2', referee_id: null }
  ],
  events: [{ customer_id: 'anonymous-7', event_time: '2024-01-01 00:00:00', event_name: 'page_view' }],
  fx_rates: [{ date: '2024-01-01', base_currency: 'EUR', quote_currency: 'ABC', rate: 1.1 }]
};

describe('dataChecksSql', () => {
  it('finds every planted problem, and gives a passing row for every other rule', async () => {
    const db = await canonicalDatabase(planted);
    try {
      const rows = runChecks(db, MODEL_TABLE_NAMES, '2024-12-31');
      const problems = Object.fromEntries(
        rows
          .filter((row) => row.problem_rows !== 0)
          .map((row) => [
            `${row.check_name} ${row.table_name}.${row.column_name}`,
            [row.problem_rows, row.example]
          ])
      );
      expect(problems).toEqual({
        'missing_required customers.created_at': [1, 'C3'],
        'duplicate_id customers.customer_id': [2, 'C1'],
        'unrecognised_country customers.country': [1, 'C2'],
        'orphan_key orders.customer_id': [1, 'C9'],
        'negative_amount orders.amount': [1, 'O3'],
        'future_date orders.order_date': [1, '2030-01-01 00:00:00'],
        'unknown_currency orders.currency': [1, 'XYZ'],
        'orphan_key order_items.order_id': [1, 'O99'],
        // Tables without a key show their first required column to find the row by.
        'missing_required marketing_spend.currency': [1, '2024-01-01'],
        'orphan_key referrals.referee_id': [1, 'C8'],
        'unknown_currency fx_rates.quote_currency': [1, 'ABC']
      });
      const passing = rows.filter((row) => row.problem_rows === 0);
      expect(passing.length).toBeGreaterThan(20);
      for (const row of passing) expect(row.example).toBeNull();
      // One row per rule and column, each once.
      const keys = rows.map((row) => `${row.check_name} ${row.table_name}.${row.column_name}`);
      expect(new Set(keys).size).toBe(keys.length);
    } finally {
      db.close();
    }
  });

  it('runs the rules for the tables given only, and orphan rules only when both tables exist', async () => {
    const db = await canonicalDatabase({ orders: planted.orders });
    try {
      const rows = runChecks(db, ['orders'], '2024-12-31');
      expect(new Set(rows.map((row) => row.table_name))).toEqual(new Set(['orders']));
      expect(rows.map((row) => row.check_name)).not.toContain('orphan_key');
      expect(rows.map((row) => `${row.check_name} ${row.column_name}`)).toEqual([
        'missing_required order_id',
        'missing_required customer_id',
        'missing_required order_date',
        'missing_required currency',
        'missing_required amount',
        'duplicate_id order_id',
        'negative_amount amount',
        'future_date order_date',
        'unknown_currency currency'
      ]);
    } finally {
      db.close();
    }
  });

  it('takes today as the as-of date when :as_of is not bound', async () => {
    const db = await canonicalDatabase({ orders: [order('O1', { order_date: '2999-01-01 00:00:00' })] });
    try {
      const future = runChecks(db, ['orders'], null).find((row) => row.check_name === 'future_date');
      expect(future).toMatchObject({ problem_rows: 1, example: '2999-01-01 00:00:00' });
    } finally {
      db.close();
    }
  });

  it('gives an empty result when there is no table to check', async () => {
    const db = await canonicalDatabase({});
    try {
      expect(runChecks(db, [], null)).toEqual([]);
      const [result] = db.exec(dataChecksSql([]));
      expect(result?.values ?? []).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('quotes every name it writes', () => {
    const sql = dataChecksSql(['orders', 'customers']);
    expect(sql).toContain('FROM "orders" AS t');
    expect(sql).toContain(
      'NOT EXISTS (SELECT 1 FROM "customers" AS r WHERE r."customer_id" = t."customer_id")'
    );
    expect(sql).toContain(`NOT IN (SELECT "code" FROM "currencies" WHERE "code" IS NOT NULL)`);
  });
});
