import { quoteIdentifier } from '../../engine/identifiers';
import { MODEL, type ModelTable, type ModelTableName } from '../model';

/** The columns of every row `dataChecksSql` returns. */
export interface DataCheckRow {
  check_name: DataCheckName;
  table_name: ModelTableName;
  column_name: string;
  /** 0 means the check passed. */
  problem_rows: number;
  /** One offending value (or the key of an offending row), as text; NULL when nothing is wrong. */
  example: string | null;
}

export type DataCheckName =
  | 'missing_required'
  | 'duplicate_id'
  | 'orphan_key'
  | 'negative_amount'
  | 'future_date'
  | 'unrecognised_country'
  | 'unknown_currency';

/** Keys that must exist in another canonical table (ANALYTICS.md §1). Events may carry anonymous ids. */
const FOREIGN_KEYS: readonly {
  table: ModelTableName;
  column: string;
  references: ModelTableName;
  key: string;
}[] = [
  { table: 'orders', column: 'customer_id', references: 'customers', key: 'customer_id' },
  { table: 'order_items', column: 'order_id', references: 'orders', key: 'order_id' },
  { table: 'referrals', column: 'referrer_id', references: 'customers', key: 'customer_id' },
  { table: 'referrals', column: 'referee_id', references: 'customers', key: 'customer_id' }
];

/** Statuses under which a negative amount is expected (ANALYTICS.md §1.2); `canceled` is the US spelling. */
const REFUND_STATUSES = ['refunded', 'cancelled', 'canceled'];

/**
 * One query over the canonical tables that exist (`tables`), giving one row per check and column, problems or
 * not, so the UI can show a green tick per rule: `(check_name, table_name, column_name, problem_rows,
 * example)`. It relies on every canonical column existing, which the mapping SQL guarantees (unmapped columns
 * are NULL), and on the bundled `currencies(code)` table when a table with a currency column is checked.
 *
 * Future dates are those after the bound parameter `:as_of` (an ISO date); when it is not bound or NULL,
 * after today (`date('now')`, UTC). With `{ asOf: 'today' }` the query has no parameter at all (a notebook
 * cell, whose parameters are its inputs). Countries are checked where they are required (`customers.country`):
 * the mapping's `country_code()` has already turned unrecognised values into NULL, so NULL is the problem;
 * such columns are left out of `missing_required` to report them once. Elsewhere an empty country is allowed
 * (marketing spend without a market is global).
 */
export function dataChecksSql(
  tables: readonly ModelTableName[],
  { asOf = 'parameter' }: { asOf?: 'parameter' | 'today' } = {}
): string {
  const limit = asOf === 'today' ? "'now'" : "COALESCE(:as_of, 'now')";
  const present = MODEL.filter((table) => tables.includes(table.name));
  const checks = present.flatMap((table) => [
    ...missingRequired(table),
    ...duplicateKey(table),
    ...orphanKeys(table, tables),
    ...negativeAmounts(table),
    ...futureDates(table, limit),
    ...unrecognisedCountries(table),
    ...unknownCurrencies(table)
  ]);
  if (checks.length === 0) {
    return 'SELECT NULL AS check_name, NULL AS table_name, NULL AS column_name, 0 AS problem_rows, NULL AS example\nWHERE 0';
  }
  return checks.join('\nUNION ALL\n');
}

function check(
  name: DataCheckName,
  table: string,
  column: string,
  problemRows: string,
  example: string,
  rest: string
) {
  return (
    `SELECT ${literal(name)} AS check_name, ${literal(table)} AS table_name, ${literal(column)} AS column_name,\n` +
    `  ${problemRows} AS problem_rows, CAST(${example} AS TEXT) AS example\n` +
    rest
  );
}

function missingRequired(table: ModelTable): string[] {
  const example = table.key ?? table.columns.find((column) => column.required)?.name ?? null;
  return table.columns
    .filter((column) => column.required && column.kind !== 'country')
    .map((column) =>
      check(
        'missing_required',
        table.name,
        column.name,
        'COUNT(*)',
        example === null || example === column.name ? 'NULL' : `MIN(${quoteIdentifier(example)})`,
        `FROM ${quoteIdentifier(table.name)} WHERE ${quoteIdentifier(column.name)} IS NULL`
      )
    );
}

function duplicateKey(table: ModelTable): string[] {
  if (table.key === null) return [];
  const key = quoteIdentifier(table.key);
  return [
    check(
      'duplicate_id',
      table.name,
      table.key,
      'COALESCE(SUM(n), 0)',
      'MIN(k)',
      `FROM (SELECT ${key} AS k, COUNT(*) AS n FROM ${quoteIdentifier(table.name)}\n` +
        `  WHERE ${key} IS NOT NULL GROUP BY ${key} HAVING COUNT(*) > 1)`
    )
  ];
}

function orphanKeys(table: ModelTable, tables: readonly ModelTableName[]): string[] {
  return FOREIGN_KEYS.filter((fk) => fk.table === table.name && tables.includes(fk.references)).map((fk) => {
    const column = `t.${quoteIdentifier(fk.column)}`;
    return check(
      'orphan_key',
      table.name,
      fk.column,
      'COUNT(*)',
      `MIN(${column})`,
      `FROM ${quoteIdentifier(table.name)} AS t WHERE ${column} IS NOT NULL\n` +
        `  AND NOT EXISTS (SELECT 1 FROM ${quoteIdentifier(fk.references)} AS r WHERE r.${quoteIdentifier(fk.key)} = ${column})`
    );
  });
}

function negativeAmounts(table: ModelTable): string[] {
  if (table.name !== 'orders') return [];
  const amount = quoteIdentifier('amount');
  const statuses = REFUND_STATUSES.map(literal).join(', ');
  return [
    check(
      'negative_amount',
      table.name,
      'amount',
      'COUNT(*)',
      `MIN(${quoteIdentifier('order_id')})`,
      `FROM ${quoteIdentifier(table.name)} WHERE ${amount} < 0\n` +
        `  AND lower(trim(COALESCE(${quoteIdentifier('status')}, 'completed'))) NOT IN (${statuses})`
    )
  ];
}

function futureDates(table: ModelTable, limit: string): string[] {
  return table.columns
    .filter((column) => column.kind === 'timestamp' || column.kind === 'date')
    .map((column) => {
      const value = quoteIdentifier(column.name);
      return check(
        'future_date',
        table.name,
        column.name,
        'COUNT(*)',
        `MAX(${value})`,
        `FROM ${quoteIdentifier(table.name)} WHERE date(${value}) > date(${limit})`
      );
    });
}

function unrecognisedCountries(table: ModelTable): string[] {
  return table.columns
    .filter((column) => column.kind === 'country' && column.required)
    .map((column) =>
      check(
        'unrecognised_country',
        table.name,
        column.name,
        'COUNT(*)',
        table.key === null ? 'NULL' : `MIN(${quoteIdentifier(table.key)})`,
        `FROM ${quoteIdentifier(table.name)} WHERE ${quoteIdentifier(column.name)} IS NULL`
      )
    );
}

function unknownCurrencies(table: ModelTable): string[] {
  return table.columns
    .filter((column) => column.kind === 'currency')
    .map((column) => {
      const value = quoteIdentifier(column.name);
      return check(
        'unknown_currency',
        table.name,
        column.name,
        'COUNT(*)',
        `MIN(${value})`,
        `FROM ${quoteIdentifier(table.name)} WHERE ${value} IS NOT NULL\n` +
          // NOT IN over a list holding a NULL is never true, so NULL codes are kept out of the list.
          `  AND ${value} NOT IN (SELECT ${quoteIdentifier('code')} FROM ${quoteIdentifier('currencies')} WHERE ${quoteIdentifier('code')} IS NOT NULL)`
      );
    });
}

/** An SQL string literal; the check and table names are ours, but they are quoted properly all the same. */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
