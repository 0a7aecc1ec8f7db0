import type { BindParams, Database, SqlJsStatic, Statement } from 'sql.js';
import { decodeBlob } from '../import/decode';
import { parseCsvText } from '../import/csv';
import { toTableName } from '../import/table-name';
import { ImportError, SqlError } from './errors';
import { quoteIdentifier } from './identifiers';
import type {
  ImportCsvRequest,
  ImportedTable,
  Progress,
  QueryResult,
  ResultColumn,
  ScriptResult,
  SqlParams,
  SqlValue,
  TableInfo,
  ValueType
} from './types';

type ProgressListener = (progress: Progress) => void;

/** sql.js ≥ 1.8 takes `{ useBigInt: true }` in `Statement.get`; @types/sql.js predates it. */
type BigIntStatement = Statement & { get(params: null, config: { useBigInt: true }): SqlValue[] };

const INSERT_PROGRESS_EVERY = 10_000;

/**
 * One sql.js database and everything the engine does with it, synchronously. The worker and the in-process
 * engine both wrap this class, so the two implementations cannot drift apart.
 */
export class SqliteSession {
  readonly #sql: SqlJsStatic;
  #db: Database;

  constructor(sql: SqlJsStatic) {
    this.#sql = sql;
    this.#db = openDatabase(sql);
  }

  query(sql: string, params?: SqlParams): QueryResult {
    const started = performance.now();
    const statement = this.#prepareSingle(sql);
    try {
      if (params !== undefined) statement.bind(toBindParams(params));
      const names = statement.getColumnNames();
      const types: (ValueType | undefined)[] = names.map(() => undefined);
      const rows: SqlValue[][] = [];
      while (sqlite(() => statement.step())) {
        const row = (statement as BigIntStatement).get(null, { useBigInt: true });
        for (let i = 0; i < row.length; i++) {
          types[i] = mergeType(types[i], valueTypeOf(row[i]));
          row[i] = toJsValue(row[i]);
        }
        rows.push(row);
      }
      const columns: ResultColumn[] = names.map((name, i) => ({ name, type: types[i] ?? 'null' }));
      return { columns, rows, elapsedMs: performance.now() - started };
    } finally {
      statement.free();
    }
  }

  exec(script: string, params?: Readonly<Record<string, SqlValue>>): ScriptResult {
    const started = performance.now();
    const changesBefore = this.#totalChanges();
    const bindable = params === undefined ? undefined : toBindParams(params);
    sqlite(() => {
      for (const statement of this.#db.iterateStatements(script)) {
        try {
          if (bindable !== undefined) statement.bind(bindable);
          while (statement.step());
        } finally {
          statement.free();
        }
      }
    });
    return { changes: this.#totalChanges() - changesBefore, elapsedMs: performance.now() - started };
  }

  describeTables(): TableInfo[] {
    const objects = this.query(
      `SELECT name, type FROM sqlite_schema
       WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
       ORDER BY name COLLATE NOCASE, name`
    ).rows as [string, 'table' | 'view'][];
    return objects.map(([name, kind]) => {
      const columns = this.query('SELECT name, type, "notnull", pk FROM pragma_table_info(?) ORDER BY cid', [
        name
      ]).rows.map(([columnName, declaredType, notNull, pk]) => ({
        name: String(columnName),
        declaredType: String(declaredType),
        notNull: notNull === 1,
        primaryKey: Number(pk) > 0
      }));
      const rowCount =
        kind === 'table'
          ? Number(this.query(`SELECT count(*) FROM ${quoteIdentifier(name)}`).rows[0][0])
          : null;
      return { name, kind, columns, rowCount };
    });
  }

  async importCsv(request: ImportCsvRequest, onProgress?: ProgressListener): Promise<ImportedTable> {
    const existing = this.describeTables().map((table) => table.name);
    const table = request.table ?? toTableName(request.fileName, existing);
    if (existing.some((name) => sameSqlName(name, table))) {
      throw new ImportError('table-exists', `A table named "${table}" already exists.`, { table });
    }
    const text = await decodeBlob(request.file, (done, total) =>
      onProgress?.({ phase: 'decode', done, total })
    );
    onProgress?.({ phase: 'parse', done: 0, total: null });
    const parsed = parseCsvText(text);
    const total = parsed.rows.length;

    const columnsSql = parsed.columns.map((c) => `${quoteIdentifier(c.name)} ${c.type}`).join(', ');
    const placeholders = parsed.columns.map(() => '?').join(', ');
    this.#inTransaction(() => {
      this.#db.run(`CREATE TABLE ${quoteIdentifier(table)} (${columnsSql})`);
      const insert = this.#db.prepare(`INSERT INTO ${quoteIdentifier(table)} VALUES (${placeholders})`);
      try {
        parsed.rows.forEach((row, i) => {
          insert.run(row as BindParams);
          if ((i + 1) % INSERT_PROGRESS_EVERY === 0) onProgress?.({ phase: 'insert', done: i + 1, total });
        });
      } finally {
        insert.free();
      }
    });
    onProgress?.({ phase: 'insert', done: total, total });
    return { table, rowCount: total, columns: parsed.columns };
  }

  exportDatabase(): Uint8Array {
    return sqlite(() => this.#db.export());
  }

  /** Swaps in another database file, after checking that SQLite can read it; on failure nothing changes. */
  loadDatabase(bytes: Uint8Array): void {
    const candidate = sqlite(() => new this.#sql.Database(bytes));
    try {
      sqlite(() => candidate.exec('PRAGMA trusted_schema = OFF; SELECT count(*) FROM sqlite_schema;'));
    } catch (error) {
      candidate.close();
      throw error;
    }
    this.#db.close();
    this.#db = candidate;
  }

  reset(): void {
    this.#db.close();
    this.#db = openDatabase(this.#sql);
  }

  close(): void {
    this.#db.close();
  }

  /** `getRowsModified` keeps the count of the last write through later SELECTs; the running total does not. */
  #totalChanges(): number {
    return Number(this.#db.exec('SELECT total_changes()')[0].values[0][0]);
  }

  /**
   * `prepare` silently ignores everything after the first statement, so a second one is refused here. The tail
   * gets its own iterator: advancing the first one would finalise the statement it just returned.
   */
  #prepareSingle(sql: string): Statement {
    return sqlite(() => {
      const statements = this.#db.iterateStatements(sql);
      const first = statements.next();
      if (first.done) throw new SqlError('There is no SQL statement to run.');
      const rest = statements.getRemainingSQL();
      const second = this.#db.iterateStatements(rest).next();
      if (!second.done) {
        second.value.free();
        first.value.free();
        throw new SqlError(
          `Only one statement can be run here; found another one: "${rest.trim().slice(0, 60)}". Use a script to run several.`
        );
      }
      return first.value;
    });
  }

  #inTransaction(work: () => void): void {
    this.#db.run('BEGIN');
    try {
      work();
      this.#db.run('COMMIT');
    } catch (error) {
      this.#db.run('ROLLBACK');
      throw toSqlError(error);
    }
  }
}

function openDatabase(sql: SqlJsStatic): Database {
  const db = new sql.Database();
  // Schema objects from a loaded file must not run SQL functions with side effects (sqlite.org/security.html).
  db.run('PRAGMA trusted_schema = OFF');
  return db;
}

/** Runs sql.js code and turns its plain `Error`s into `SqlError`s the caller can recognise. */
function sqlite<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw toSqlError(error);
  }
}

function toSqlError(error: unknown): unknown {
  if (error instanceof Error && error.constructor === Error) return new SqlError(error.message);
  return error;
}

/**
 * Named parameters may be given with or without their prefix (`country` or `:country`). sql.js skips keys the
 * statement does not use, so an unprefixed key is offered under all three SQLite prefixes.
 */
function toBindParams(params: SqlParams): BindParams {
  if (Array.isArray(params)) return params as BindParams;
  const bound: Record<string, SqlValue> = {};
  for (const [key, value] of Object.entries(params as Record<string, SqlValue>)) {
    if (/^[:@$]/.test(key)) bound[key] = value;
    else for (const prefix of [':', '@', '$']) bound[prefix + key] = value;
  }
  return bound as BindParams;
}

/** Integers come back as `bigint` (useBigInt) so they can be told from reals; they become numbers when exact. */
function toJsValue(value: SqlValue): SqlValue {
  if (typeof value === 'bigint' && value >= Number.MIN_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER) {
    return Number(value);
  }
  return value;
}

/** Called on the raw value, before `toJsValue`, while integers are still `bigint`. */
function valueTypeOf(value: SqlValue): ValueType {
  if (value === null) return 'null';
  if (typeof value === 'bigint') return 'integer';
  if (typeof value === 'number') return 'real';
  if (typeof value === 'string') return 'text';
  return 'blob';
}

function mergeType(current: ValueType | undefined, next: ValueType): ValueType {
  if (current === undefined || current === 'null') return next;
  if (next === 'null' || next === current) return current;
  if ((current === 'integer' && next === 'real') || (current === 'real' && next === 'integer')) return 'real';
  return 'mixed';
}

/** SQLite compares names case-insensitively for ASCII letters only (sqlite.org/lang_keywords.html). */
function sameSqlName(a: string, b: string): boolean {
  const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return fold(a) === fold(b);
}
