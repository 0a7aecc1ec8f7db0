import type { ForgetColumn, TableInfo } from '../engine/types';
import { matchHeader } from './mapping/synonyms';
import { isReferenceTable } from './reference/reference-tables';

/** Columns that name a customer: theirs, or who referred whom. */
const PERSON_COLUMNS = ['customer_id', 'referrer_id', 'referee_id'] as const;

/**
 * Where a customer's rows are, for the right to erasure: every column whose header names a customer id (in any
 * of the mapping's languages: customer_id, CustomerID, Kunde, client, referrer_id, ...), and the rows that
 * hang off their orders (order items), which carry no customer id of their own. Items come first: they are
 * found through the orders, which are deleted after them.
 */
export function erasureColumns(tables: readonly TableInfo[]): ForgetColumn[] {
  const data = tables.filter((table) => table.kind === 'table' && !isReferenceTable(table.name));
  const personColumn = (table: TableInfo) =>
    table.columns.filter((column) =>
      PERSON_COLUMNS.some((target) => matchHeader(column.label ?? column.name, target)?.exact)
    );
  const orderColumn = (table: TableInfo) =>
    table.columns.find((column) => matchHeader(column.label ?? column.name, 'order_id')?.exact);

  const direct: ForgetColumn[] = data.flatMap((table) =>
    personColumn(table).map((column) => ({ table: table.name, column: column.name }))
  );
  // A table of orders: an order key and a customer column.
  const orders = data.find((table) => orderColumn(table) && personColumn(table).length > 0);
  const through: ForgetColumn[] = [];
  if (orders) {
    const key = orderColumn(orders)!.name;
    const customer = personColumn(orders)[0].name;
    for (const table of data) {
      const column = orderColumn(table);
      if (table === orders || !column || personColumn(table).length > 0) continue;
      through.push({
        table: table.name,
        column: column.name,
        through: { table: orders.name, key, column: customer }
      });
    }
  }
  return [...through, ...direct];
}

/** Ids typed or pasted by a person: one per line, or separated by commas, semicolons or tabs; blanks dropped. */
export function parseIds(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\n\r,;\t]+/)
        .map((id) => id.trim())
        .filter((id) => id !== '')
    )
  ];
}
