import { registerClvFunctions } from '../analyses/clv/sql-clv-functions';
import { registerSqlFunctions, type SqlFunctionHost } from '../analyses/sql-functions';
import type { BindParams, Database, SqlJsStatic, Statement } from 'sql.js';
import { WidenColumn, type WrittenColumn } from '../import/convert-rows';
import type { ParseJob, ParseOutcome } from '../import/parse-job';
import type { ColumnPlan, ImportWarning, PlanOverrides } from '../import/plan';
import { createPseudonymiser } from '../import/pseudonym';
import { planImport } from '../import/planner';
import { openByteSource } from '../import/source';
import { toTableName } from '../import/table-name';
import { ImportError, SqlError } from './errors';
import { parseHere, parseInWorker, type PseudonymisedColumn, type SpawnParser } from './parse-source';
import { quoteIdentifier } from './identifiers';
import { TableWriter } from './table-writer';
import { warmUpInserts } from './warm-up';
import type {
  CsvFile,
  CsvPreview,
  ForgetReport,
  ForgetRequest,
  ImportCsvRequest,
  ImportedTable,
  PersonalDataChoice,
  Progress,
  QueryResult,
  ResultColumn,
  ScriptResult,
  SqlParams,
  SqlValue,
  TableImport,
  TableInfo,
  ValueType
} from './types';

type ProgressListener = (progress: Progress) => void;

/** sql.js ≥ 1.8 takes `{ useBigInt: true }` in `Statement.get`; @types/sql.js predates it. */
type BigIntStatement = Statement & { get(params: null, config: { useBigInt: true }): SqlValue[] };

/**
 * The largest database this tab holds. sql.js's in-memory file silently hangs at about 3.6 GiB: its buffer
 * growth `Math.max(g, m * 1.125) >>> 0` wraps past 2^32 (RELIABILITY.md §0, finding 2, measured in Chromium
 * and Node). Imports stop cleanly below that, with room for the export a snapshot needs.
 */
export const MAX_DATABASE_BYTES = 3 * 1024 ** 3;

/** Rough bytes of database per byte of CSV, for refusing a file before reading it (measured ~0.9–1.3). */
const DATABASE_BYTES_PER_CSV_BYTE = 1.3;

/** Progress messages are throttled: a message per batch would flood the page for small rows. */
const PROGRESS_INTERVAL_MS = 100;

/** Record batches between two checks of the database's size against the cap. */
const SIZE_CHECK_BATCHES = 4;

export interface ImportOptions {
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

/**
 * One sql.js database and everything the engine does with it, synchronously. The worker and the in-process
 * engine both wrap this class, so the two implementations cannot drift apart.
 */
export class SqliteSession {
  readonly #sql: SqlJsStatic;
  #db: Database;

  readonly #maxDatabaseBytes: number;
  readonly #spawnParser: SpawnParser | undefined;

  /**
   * `maxDatabaseBytes` lowers the cap, for tests that must reach it quickly. `spawnParser` starts a worker that
   * parses files while this thread inserts; without it, files are parsed here.
   */
  constructor(
    sql: SqlJsStatic,
    {
      maxDatabaseBytes = MAX_DATABASE_BYTES,
      spawnParser
    }: { maxDatabaseBytes?: number; spawnParser?: SpawnParser } = {}
  ) {
    this.#sql = sql;
    this.#spawnParser = spawnParser;
    this.#db = openDatabase(sql);
    this.#maxDatabaseBytes = Math.min(maxDatabaseBytes, MAX_DATABASE_BYTES);
  }

  /** Runs SQLite's insert path on a throwaway database so the first import runs in optimised code. */
  warmUp(): void {
    warmUpInserts(this.#sql);
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
      const ddl = this.query('SELECT sql FROM main.sqlite_schema WHERE name = ?', [name]).rows[0]?.[0];
      const labels = readLabelComment(typeof ddl === 'string' ? ddl : '');
      const privacy = readPrivacyComment(typeof ddl === 'string' ? ddl : '');
      const columns = this.query(
        'SELECT name, type, "notnull", pk FROM pragma_table_info(?, \'main\') ORDER BY cid',
        [name]
      ).rows.map(([columnName, declaredType, notNull, pk]) => ({
        name: String(columnName),
        declaredType: String(declaredType),
        notNull: notNull === 1,
        primaryKey: Number(pk) > 0,
        ...(Object.hasOwn(labels, String(columnName)) ? { label: labels[String(columnName)] } : {}),
        ...(privacy.pseudonymised.includes(String(columnName)) ? { privacy: 'pseudonymised' as const } : {})
      }));
      const rowCount =
        kind === 'table'
          ? Number(this.query(`SELECT count(*) FROM main.${quoteIdentifier(name)}`).rows[0][0])
          : null;
      return {
        name,
        kind,
        columns,
        rowCount,
        ...(privacy.dropped.length > 0 ? { dropped: privacy.dropped } : {})
      };
    });
  }

  async previewCsv(file: CsvFile, overrides?: PlanOverrides): Promise<CsvPreview> {
    const source = await openByteSource(file.file, file.fileName);
    const plan = await planImport(source, overrides);
    const existing = this.#tableNames();
    const table = toTableName(file.fileName, existing);
    return { ...plan, table, tableExists: false };
  }

  /**
   * Streams a CSV file into a table inside one transaction. Values that do not fit their column's type are
   * stored as the original text (SQLite keeps text in any column) and reported, never dropped or altered.
   * Any error, the cap, or a cancel rolls everything back.
   */
  async importCsv(request: ImportCsvRequest, options: ImportOptions = {}): Promise<ImportedTable> {
    const widened: ImportWarning[] = [];
    let overrides = request.overrides ?? {};
    for (;;) {
      try {
        const imported = await this.#importOnce({ ...request, overrides }, options);
        return { ...imported, warnings: [...widened, ...imported.warnings] };
      } catch (error) {
        if (!(error instanceof WidenColumn)) throw error;
        // Start over with the column as TEXT: every value then keeps its exact original text.
        widened.push({ code: 'column-widened', column: error.column, lines: [error.line] });
        request = { ...request, plan: undefined };
        overrides = {
          ...overrides,
          columns: {
            ...overrides.columns,
            [error.column]: { ...overrides.columns?.[error.column], type: 'TEXT' }
          }
        };
      }
    }
  }

  async #importOnce(
    request: ImportCsvRequest,
    { onProgress, signal }: ImportOptions
  ): Promise<ImportedTable> {
    const source = await openByteSource(request.file, request.fileName);
    onProgress?.({ phase: 'sample', done: 0, total: null });
    const plan = request.plan ?? (await planImport(source, request.overrides));
    signal?.throwIfAborted();

    const existing = this.#tableNames();
    const table = request.table ?? toTableName(request.fileName, existing);
    const exists = existing.some((name) => sameSqlName(name, table));
    const ifExists = request.ifExists ?? 'fail';
    if (exists && ifExists === 'fail') {
      throw new ImportError('table-exists', `A table named "${table}" already exists.`, { table });
    }
    const needed = this.#databaseBytes() + (source.gzip ? 0 : source.size * DATABASE_BYTES_PER_CSV_BYTE);
    if (needed > this.#maxDatabaseBytes) {
      throw new ImportError('too-large-for-tab', 'The file is too large to import into this tab.', {
        needed,
        limit: this.#maxDatabaseBytes
      });
    }

    const { columns, pseudonymised, dropped } = applyPersonalData(plan.columns, request.personalData ?? []);
    const pseudonymiser =
      pseudonymised.length > 0 ? createPseudonymiser(requirePseudonymKey(request.pseudonymKey)) : null;
    // A guessed or detected encoding must decode every byte; one the user forced may replace some (counted).
    const job: ParseJob = {
      file: request.file,
      fileName: request.fileName,
      encoding: plan.encoding,
      dialect: plan.dialect,
      fatal: plan.encodingSource !== 'user',
      columns
    };
    // Pseudonyms are made here, where the key is; everything else is parsed on a second core when there is one.
    const parsed =
      this.#spawnParser && !pseudonymiser
        ? parseInWorker(this.#spawnParser, job, signal)
        : parseHere(source, job, signal, pseudonymiser && { columns: pseudonymised, pseudonymiser });
    // For a gzip file, progress counts compressed bytes read against the compressed size.
    const total = source.size;
    let rows = 0;
    let batches = 0;
    let lastReport = 0;
    let outcome: ParseOutcome = { warnings: [], replacementChars: 0 };

    this.#db.run('BEGIN');
    try {
      if (exists && ifExists === 'replace') this.#db.run(`DROP TABLE main.${quoteIdentifier(table)}`);
      if (exists && ifExists === 'append') this.#checkAppendable(table, columns.length);
      else {
        const definitions = columns.map((c) => `${quoteIdentifier(c.name)} ${c.type}`).join(', ');
        const comments =
          toLabelComment(columns) +
          toPrivacyComment({
            pseudonymised: pseudonymised.map(({ position }) => columns[position].name),
            dropped
          });
        this.#db.run(`CREATE TABLE main.${quoteIdentifier(table)} (${comments}${definitions})`);
      }
      const writer = new TableWriter(this.#sql, this.#db, table, columns.length);
      try {
        for (;;) {
          const next = await parsed.next();
          if (next.done) {
            outcome = next.value;
            break;
          }
          const batch = next.value;
          if (batch.packed) writer.insertPacked(batch.packed);
          else writer.insert(batch.values);
          rows += batch.rows;
          // Measuring the file is a query of its own: every few batches is soon enough.
          if (++batches % SIZE_CHECK_BATCHES === 0) this.#checkDatabaseSize();
          const now = performance.now();
          if (now - lastReport >= PROGRESS_INTERVAL_MS) {
            lastReport = now;
            onProgress?.({ phase: 'insert', done: batch.bytesRead, total, rows });
            // Let the worker's event loop deliver a cancel message: reading a file may never leave microtasks.
            await yieldToEventLoop();
          }
          signal?.throwIfAborted();
        }
      } finally {
        writer.free();
        // Stops a parser still reading (after an error or a cancel); what it would return is not needed then.
        await parsed.return(outcome);
      }
      this.#checkDatabaseSize();
      if (rows === 0 && !(exists && ifExists === 'append')) {
        throw new ImportError('no-data-rows', 'The file has a header row but no data rows.');
      }
      this.#db.run('COMMIT');
    } catch (error) {
      this.#db.run('ROLLBACK');
      throw toSqlError(error);
    }
    onProgress?.({ phase: 'insert', done: total ?? 0, total, rows });

    const warnings: ImportWarning[] = [...outcome.warnings];
    if (outcome.replacementChars > 0) {
      warnings.push({ code: 'replacement-characters', count: outcome.replacementChars });
    }
    return {
      table,
      rowCount: rows,
      columns: columns.map(({ name, label, type }, position) => ({
        name,
        label,
        type,
        ...(pseudonymised.some((p) => p.position === position) ? { privacy: 'pseudonymised' as const } : {})
      })),
      dropped,
      warnings
    };
  }

  /** Rows are appended by position, so the file must have exactly the table's number of columns. */
  #checkAppendable(table: string, width: number): void {
    const found = Number(this.query("SELECT count(*) FROM pragma_table_info(?, 'main')", [table]).rows[0][0]);
    if (found !== width) {
      throw new ImportError('append-mismatch', `Cannot append to "${table}": the column counts differ.`, {
        table,
        expected: found,
        found: width
      });
    }
  }

  #tableNames(): string[] {
    return this.query("SELECT name FROM main.sqlite_schema WHERE type IN ('table', 'view')").rows.map((row) =>
      String(row[0])
    );
  }

  #checkDatabaseSize(): void {
    if (this.#databaseBytes() > this.#maxDatabaseBytes) {
      throw new ImportError('database-full', 'The database reached the size limit of this tab.', {
        limit: this.#maxDatabaseBytes
      });
    }
  }

  /** The size of the database file: pages in use times page size. */
  #databaseBytes(): number {
    const [[pages, size]] = this.query(
      'SELECT page_count, page_size FROM pragma_page_count, pragma_page_size'
    ).rows;
    return Number(pages) * Number(size);
  }

  /**
   * Deletes the rows of these customers from every given column, in one transaction (nothing changes if one
   * delete fails), then VACUUMs: SQLite otherwise leaves deleted rows' bytes in free pages of the file, which
   * is what gets saved. `secure_delete` also zeroes them in memory meanwhile.
   */
  forgetCustomers({ ids, columns }: ForgetRequest): ForgetReport {
    const list = JSON.stringify(ids.map(String));
    const removed: ForgetReport['removed'] = [];
    sqlite(() => {
      this.#db.run('PRAGMA secure_delete = ON');
      this.#db.run('BEGIN');
      try {
        for (const { table, column, through } of columns) {
          const ids = 'SELECT value FROM json_each(?)';
          const matching = through
            ? `SELECT ${quoteIdentifier(through.key)} FROM main.${quoteIdentifier(through.table)} ` +
              `WHERE CAST(${quoteIdentifier(through.column)} AS TEXT) IN (${ids})`
            : ids;
          const value = through ? quoteIdentifier(column) : `CAST(${quoteIdentifier(column)} AS TEXT)`;
          this.#db.run(`DELETE FROM main.${quoteIdentifier(table)} WHERE ${value} IN (${matching})`, [list]);
          removed.push({ table, column, rows: this.#db.getRowsModified() });
        }
        this.#db.run('COMMIT');
      } catch (error) {
        this.#db.run('ROLLBACK');
        throw error;
      }
      this.#db.run('VACUUM');
    });
    return { removed };
  }

  /** Changes whenever data or schema change: a cheap way to know whether a request needs saving. */
  changeStamp(): string {
    const [[changes, schema]] = this.query(
      'SELECT total_changes(), schema_version FROM pragma_schema_version'
    ).rows;
    return `${changes}:${schema}`;
  }

  exportDatabase(): Uint8Array {
    return sqlite(() => this.#db.export());
  }

  /** Swaps in another database file, after checking that SQLite can read it; on failure nothing changes. */
  loadDatabase(bytes: Uint8Array): void {
    const candidate = sqlite(() => openDatabase(this.#sql, bytes));
    try {
      const [check] = sqlite(() => candidate.exec('PRAGMA quick_check;'));
      const verdict = check?.values.map((row) => String(row[0])) ?? [];
      if (verdict.join() !== 'ok') {
        throw new SqlError(`The database file is damaged: ${verdict.slice(0, 3).join('; ')}`);
      }
    } catch (error) {
      candidate.close();
      throw error;
    }
    this.#db.close();
    this.#db = candidate;
  }

  /**
   * A SQLite file holding only these tables: their rows, column types, labels and privacy marks, and nothing
   * else of the workspace (no other table, no free pages with old rows). What a notebook shared with its data
   * carries.
   */
  exportTables(tables: readonly string[]): Uint8Array {
    const known = this.#tableNames();
    for (const table of tables) {
      if (!known.some((name) => sameSqlName(name, table))) {
        throw new SqlError(`There is no table "${table}" to share.`);
      }
    }
    return sqlite(() => {
      const out = new this.#sql.Database();
      try {
        // One transaction: without it every multi-row INSERT would be a commit of its own.
        out.run('BEGIN');
        for (const table of tables) copyTable(this.#sql, this.#db, out, table);
        out.run('COMMIT');
        return out.export();
      } finally {
        out.close();
      }
    });
  }

  /**
   * Adds every table of a SQLite file (a shared notebook's data) to this database, in one transaction: on any
   * error nothing changes. The file is untrusted: it must pass SQLite's integrity check, nothing of its schema
   * runs here (tables are re-created from their column names and types, not from the file's SQL), and views,
   * triggers and indexes are ignored.
   */
  importTables(
    bytes: Uint8Array,
    { ifExists = 'fail' }: { ifExists?: 'fail' | 'replace' } = {}
  ): TableImport {
    return sqlite(() => {
      const source = new this.#sql.Database(bytes);
      try {
        source.run('PRAGMA trusted_schema = OFF');
        const verdict = source.exec('PRAGMA quick_check;')[0]?.values.map((row) => String(row[0])) ?? [];
        if (verdict.join() !== 'ok') {
          throw new ImportError('damaged-database', `The data is damaged: ${verdict.slice(0, 3).join('; ')}`);
        }
        const tables = (
          source.exec(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
          )[0]?.values ?? []
        ).map((row) => String(row[0]));
        if (tables.length === 0) throw new ImportError('no-tables', 'The data holds no table.');
        const existing = this.#tableNames();
        const clashes = tables.filter((table) => existing.some((name) => sameSqlName(name, table)));
        if (clashes.length > 0 && ifExists === 'fail') {
          throw new ImportError('tables-exist', `Tables named ${clashes.join(', ')} already exist.`, {
            tables: JSON.stringify(clashes)
          });
        }
        this.#db.run('BEGIN');
        try {
          for (const table of clashes) this.#db.run(`DROP TABLE main.${quoteIdentifier(table)}`);
          const imported = tables.map((table) => ({
            table,
            rowCount: copyTable(this.#sql, source, this.#db, table)
          }));
          this.#db.run('COMMIT');
          return { tables: imported, replaced: clashes };
        } catch (error) {
          this.#db.run('ROLLBACK');
          throw error;
        }
      } finally {
        source.close();
      }
    });
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
}

/**
 * Thrown inside an import when a value that does not fit its column would be changed by SQLite's column
 * affinity (https://www.sqlite.org/datatype3.html#type_affinity): text that looks like a number, such as
 * `00123`, `+49` or ` 5`, is stored as the number in an INTEGER, REAL or NUMERIC column. The import then
 * starts over with that column as TEXT.
 */

/**
 * Waits for one turn of the event loop (a macrotask), so queued messages are handled. A `MessageChannel`
 * round trip is not clamped to 4 ms the way nested `setTimeout(0)` calls are.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

function openDatabase(sql: SqlJsStatic, bytes?: Uint8Array): Database {
  const db = new sql.Database(bytes);
  try {
    // Schema objects from a loaded file must not run SQL functions with side effects (sqlite.org/security.html).
    // That includes ours below: sql.js registers them without SQLITE_INNOCUOUS, so only top-level SQL (and TEMP
    // views and triggers) may call them.
    db.run('PRAGMA trusted_schema = OFF');
    registerSqlFunctions(db as unknown as SqlFunctionHost);
    registerClvFunctions(db as unknown as SqlFunctionHost);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
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

const LABELS = 'crossbook:labels ';

/**
 * The original header of each column whose name had to change (empty, duplicate, too long or hostile
 * headers), kept inside the table's own DDL as a comment: SQLite stores the CREATE text as written, so the
 * labels travel with the table into snapshots and exported `.sqlite` files. JSON, with `/` escaped so no
 * label can end the comment.
 */
function toLabelComment(columns: readonly { name: string; label: string }[]): string {
  const labels = Object.fromEntries(
    columns.filter((column) => column.label !== column.name).map((column) => [column.name, column.label])
  );
  if (Object.keys(labels).length === 0) return '';
  return `/* ${LABELS}${JSON.stringify(labels).replaceAll('/', '\\/')} */ `;
}

/** The labels `toLabelComment` wrote into a table's DDL; none for tables made any other way. */
function readLabelComment(ddl: string): Record<string, string> {
  const parsed = readDdlComment(ddl, LABELS);
  if (typeof parsed !== 'object' || parsed === null) return {};
  return Object.fromEntries(
    Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
  );
}

/** The JSON after `marker` in a `/* … *\/` comment of the DDL; undefined when there is none or it is not JSON. */
function readDdlComment(ddl: string, marker: string): unknown {
  const start = ddl.indexOf(`/* ${marker}`);
  if (start === -1) return undefined;
  const end = ddl.indexOf(' */', start);
  try {
    return JSON.parse(ddl.slice(start + 3 + marker.length, end));
  } catch {
    return undefined;
  }
}

/**
 * The plan's columns with the user's personal-data choices applied: dropped columns are not written at all (no
 * value of theirs ever reaches the database), pseudonymised ones become TEXT holding the original text until
 * `replaceByPseudonyms` swaps it, before the row is inserted.
 */
function applyPersonalData(
  planned: readonly ColumnPlan[],
  choices: readonly PersonalDataChoice[]
): { columns: WrittenColumn[]; pseudonymised: PseudonymisedColumn[]; dropped: string[] } {
  for (const choice of choices) {
    // Silently keeping a column the user asked to remove would be the worst outcome: refuse instead.
    if (!planned.some((column) => column.name === choice.column)) {
      throw new ImportError('personal-data-column-missing', `The file has no column "${choice.column}".`, {
        column: choice.column
      });
    }
  }
  const choiceFor = (name: string) => choices.find((choice) => choice.column === name);
  const columns: WrittenColumn[] = [];
  const pseudonymised: PseudonymisedColumn[] = [];
  const dropped: string[] = [];
  planned.forEach((column, source) => {
    const choice = choiceFor(column.name);
    if (choice?.treatment === 'drop') {
      dropped.push(column.label);
      return;
    }
    if (choice?.treatment === 'pseudonymise') {
      pseudonymised.push({ position: columns.length, kind: choice.kind });
      columns.push({ ...column, type: 'TEXT', format: { kind: 'text' }, ambiguity: undefined, source });
      return;
    }
    columns.push({ ...column, source });
  });
  if (columns.length === 0) {
    throw new ImportError('no-columns-left', 'Every column was left out: there is nothing to import.');
  }
  return { columns, pseudonymised, dropped };
}

function requirePseudonymKey(key: CryptoKey | undefined): CryptoKey {
  if (key) return key;
  throw new ImportError(
    'pseudonym-key-missing',
    'Pseudonyms need the workspace key, and none was given: nothing was imported.'
  );
}

const PRIVACY = 'crossbook:privacy ';

/**
 * Which columns hold pseudonyms and which headers were left out, kept in the table's DDL like the labels, so
 * it travels with the table into snapshots and exports and a notebook's fingerprint can record it.
 */
function toPrivacyComment(privacy: { pseudonymised: string[]; dropped: string[] }): string {
  if (privacy.pseudonymised.length === 0 && privacy.dropped.length === 0) return '';
  return `/* ${PRIVACY}${JSON.stringify(privacy).replaceAll('/', '\\/')} */ `;
}

function readPrivacyComment(ddl: string): { pseudonymised: string[]; dropped: string[] } {
  const parsed = readDdlComment(ddl, PRIVACY);
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  if (typeof parsed !== 'object' || parsed === null) return { pseudonymised: [], dropped: [] };
  return {
    pseudonymised: strings((parsed as Record<string, unknown>).pseudonymised),
    dropped: strings((parsed as Record<string, unknown>).dropped)
  };
}

/** Declared types that can be written back into a CREATE TABLE as they are: a name and an optional size. */
const SAFE_DECLARED_TYPE = /^[A-Za-z][A-Za-z0-9_ ]{0,40}(\(\s*[+-]?\d+\s*(,\s*[+-]?\d+\s*)?\))?$/;

/**
 * Copies one table between two databases: the CREATE TABLE is rebuilt from the column names and declared types
 * (never the source's own SQL, which may come from someone else's file), with the labels and privacy marks
 * carried over, then the rows in rowid order. Returns the number of rows copied. The caller owns any
 * transaction on `to`.
 */
function copyTable(sql: SqlJsStatic, from: Database, to: Database, table: string): number {
  const ddl = from.exec('SELECT sql FROM sqlite_schema WHERE name = ?', [table])[0]?.values[0]?.[0];
  const text = typeof ddl === 'string' ? ddl : '';
  const labels = readLabelComment(text);
  const privacy = readPrivacyComment(text);
  const columns = (
    from.exec("SELECT name, type FROM pragma_table_info(?, 'main') ORDER BY cid", [table])[0]?.values ?? []
  ).map(([name, type]) => ({
    name: String(name),
    label: labels[String(name)] ?? String(name),
    type: SAFE_DECLARED_TYPE.test(String(type)) ? String(type) : ''
  }));
  if (columns.length === 0) throw new SqlError(`The table "${table}" has no columns.`);
  const names = columns.map((column) => column.name);
  const comments =
    toLabelComment(columns) +
    toPrivacyComment({
      pseudonymised: privacy.pseudonymised.filter((name) => names.includes(name)),
      dropped: privacy.dropped
    });
  const definitions = columns.map((column) => `${quoteIdentifier(column.name)} ${column.type}`.trim());
  to.run(`CREATE TABLE main.${quoteIdentifier(table)} (${comments}${definitions.join(', ')})`);

  const select = from.prepare(`SELECT * FROM main.${quoteIdentifier(table)}`) as BigIntStatement;
  const writer = new TableWriter(sql, to, table, columns.length);
  let rows = 0;
  try {
    let batch: SqlValue[][] = [];
    while (select.step()) {
      batch.push(select.get(null, { useBigInt: true }).map(toJsValue));
      if (batch.length === 10_000) {
        writer.insert(batch);
        rows += batch.length;
        batch = [];
      }
    }
    writer.insert(batch);
    rows += batch.length;
  } finally {
    select.free();
    writer.free();
  }
  return rows;
}
