import type { SqlJsStatic } from 'sql.js';
import { EngineClosedError } from './errors';
import { SqliteSession } from './session';
import type { PlanOverrides } from '../import/plan';
import type {
  CsvFile,
  CsvPreview,
  DataEngine,
  ForgetReport,
  ForgetRequest,
  ImportCsvRequest,
  ImportedTable,
  PersistenceStatus,
  QueryResult,
  RequestOptions,
  ScriptResult,
  SqlParams,
  SqlValue,
  TableImport,
  TableInfo
} from './types';

/**
 * The `DataEngine` on the calling thread: for Node (tests, benchmarks, tooling), where no worker is needed.
 * Requests run one at a time in call order, as in the worker: an import awaits file reads, and a query must
 * not run in the middle of its transaction.
 */
export class InProcessEngine implements DataEngine {
  #session: SqliteSession | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(sql: SqlJsStatic, options?: ConstructorParameters<typeof SqliteSession>[1]) {
    this.#session = new SqliteSession(sql, options);
  }

  query(sql: string, params?: SqlParams): Promise<QueryResult> {
    return this.#enqueue((session) => session.query(sql, params));
  }

  exec(script: string, params?: Readonly<Record<string, SqlValue>>): Promise<ScriptResult> {
    return this.#enqueue((session) => session.exec(script, params));
  }

  describeTables(): Promise<TableInfo[]> {
    return this.#enqueue((session) => session.describeTables());
  }

  previewCsv(file: CsvFile, overrides?: PlanOverrides): Promise<CsvPreview> {
    return this.#enqueue((session) => session.previewCsv(file, overrides));
  }

  importCsv(request: ImportCsvRequest, options?: RequestOptions): Promise<ImportedTable> {
    return this.#enqueue((session) => session.importCsv(request, options));
  }

  /** The in-process engine keeps nothing between runs. */
  async persistence(): Promise<PersistenceStatus> {
    return { available: false, lastSaved: null, recovered: null, saveError: null };
  }

  wipeStorage(): Promise<void> {
    return this.#enqueue((session) => session.reset());
  }

  forgetCustomers(request: ForgetRequest): Promise<ForgetReport> {
    return this.#enqueue((session) => session.forgetCustomers(request));
  }

  exportDatabase(): Promise<Uint8Array> {
    return this.#enqueue((session) => session.exportDatabase());
  }

  exportTables(tables: readonly string[]): Promise<Uint8Array> {
    return this.#enqueue((session) => session.exportTables(tables));
  }

  importTables(bytes: Uint8Array, options?: { ifExists?: 'fail' | 'replace' }): Promise<TableImport> {
    return this.#enqueue((session) => session.importTables(bytes, options));
  }

  loadDatabase(bytes: Uint8Array): Promise<void> {
    return this.#enqueue((session) => session.loadDatabase(bytes));
  }

  restart(): Promise<void> {
    return this.#enqueue((session) => session.reset());
  }

  async close(): Promise<void> {
    this.#session?.close();
    this.#session = undefined;
  }

  #enqueue<T>(work: (session: SqliteSession) => T | Promise<T>): Promise<T> {
    const result = this.#queue.then(() => {
      if (this.#session === undefined) throw new EngineClosedError();
      return work(this.#session);
    });
    this.#queue = result.catch(() => undefined);
    return result;
  }
}
