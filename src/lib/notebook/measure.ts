import { quoteIdentifier } from '../engine/identifiers';
import type { DataEngine, TableInfo } from '../engine/types';
import { createContentHasher, type ActualTable } from './fingerprint';
import type { TableColumn } from './model';

/** Rows read per request while hashing: small enough to keep each message and the page's memory modest. */
const BATCH_ROWS = 20_000;

/**
 * A table as it is now, for `compareTables` and for the fingerprints a saved notebook carries: columns,
 * declared types, row count and the content hash over every row in rowid order. Read in batches by rowid, so a
 * million-row table never crosses to the page at once. A view (no rowid) gets no count or hash. What the import
 * did with personal data (pseudonymised columns, dropped headers) is carried along for the fingerprint.
 */
export async function measureTable(
  engine: DataEngine,
  table: TableInfo,
  signal?: AbortSignal
): Promise<ActualTable> {
  const columns = table.columns.map((column): TableColumn =>
    column.privacy === 'pseudonymised'
      ? { name: column.name, type: column.declaredType, privacy: 'pseudonymised' }
      : { name: column.name, type: column.declaredType }
  );
  const dropped =
    table.dropped !== undefined && table.dropped.length > 0 ? { dropped: [...table.dropped] } : {};
  if (table.kind === 'view')
    return { name: table.name, columns, rowCount: null, contentHash: null, ...dropped };
  const hasher = createContentHasher();
  // `main.`: a TEMP table or view of the same name (a notebook result, a mapping) must not stand in for it.
  const name = `main.${quoteIdentifier(table.name)}`;
  // A column may itself be called `rowid`; SQLite then offers the row id under `_rowid_` or `oid`.
  const taken = new Set(table.columns.map((column) => column.name.toLowerCase()));
  const rowid = ['rowid', '_rowid_', 'oid'].find((alias) => !taken.has(alias)) ?? 'rowid';
  let after: number | bigint | null = null;
  let rowCount = 0;
  for (;;) {
    signal?.throwIfAborted();
    const where = after === null ? '' : `WHERE ${rowid} > ?`;
    const { rows } = await engine.query(
      `SELECT ${rowid}, * FROM ${name} ${where} ORDER BY ${rowid} LIMIT ${BATCH_ROWS}`,
      after === null ? [] : [after],
      { signal }
    );
    for (const row of rows) hasher.addRow(row.slice(1));
    rowCount += rows.length;
    if (rows.length < BATCH_ROWS) break;
    after = rows[rows.length - 1][0] as number | bigint;
  }
  return { name: table.name, columns, rowCount, contentHash: hasher.digest(), ...dropped };
}
