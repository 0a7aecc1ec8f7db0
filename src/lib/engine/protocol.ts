import type { SerializedError } from './errors';
import type { PlanOverrides } from '../import/plan';
import type {
  CsvFile,
  CsvPreview,
  ForgetReport,
  ForgetRequest,
  ImportCsvRequest,
  ImportedTable,
  PersistenceStatus,
  Progress,
  QueryResult,
  ScriptResult,
  SqlParams,
  SqlValue,
  TableImport,
  TableInfo
} from './types';

/**
 * The messages between `WorkerEngine` (main thread) and the engine worker. Every request carries an id; the
 * worker answers it with exactly one `result` or `error`, after any number of `progress` messages. A `fatal`
 * message means the worker can no longer be trusted (e.g. WebAssembly ran out of memory) and must be replaced.
 */

/** The first message to a new worker: the sql.js WebAssembly binary, fetched by the page before lock-down. */
export interface InitMessage {
  kind: 'init';
  wasmBinary: Uint8Array;
  /** Load the device's saved database and save after every change; `false` for a scratch engine. */
  persist: boolean;
  /** Where the parser worker module is (absolute URL), for imports that parse on a second core. */
  parserUrl?: string;
}

export type RequestBody =
  | { kind: 'query'; sql: string; params?: SqlParams }
  | { kind: 'exec'; script: string; params?: Readonly<Record<string, SqlValue>> }
  | { kind: 'describeTables' }
  | { kind: 'previewCsv'; file: CsvFile; overrides?: PlanOverrides }
  | { kind: 'importCsv'; request: ImportCsvRequest }
  | { kind: 'exportDatabase' }
  | { kind: 'exportTables'; tables: readonly string[] }
  | { kind: 'importTables'; bytes: Uint8Array; ifExists?: 'fail' | 'replace' }
  | { kind: 'loadDatabase'; bytes: Uint8Array }
  | { kind: 'persistence' }
  | { kind: 'wipeStorage' }
  | { kind: 'forgetCustomers'; request: ForgetRequest }
  | { kind: 'reset' };

/** What each request kind resolves to. */
export interface ResponseValues {
  query: QueryResult;
  exec: ScriptResult;
  describeTables: TableInfo[];
  previewCsv: CsvPreview;
  importCsv: ImportedTable;
  exportDatabase: Uint8Array;
  exportTables: Uint8Array;
  importTables: TableImport;
  loadDatabase: null;
  persistence: PersistenceStatus;
  wipeStorage: null;
  forgetCustomers: ForgetReport;
  reset: null;
}

/** Asks the worker to stop request `target` (an import stops between batches and rolls back). */
export interface CancelMessage {
  kind: 'cancel';
  target: number;
}

export type RequestMessage = RequestBody & { id: number };

export type ResponseMessage =
  | { kind: 'result'; id: number; value: ResponseValues[keyof ResponseValues] }
  | { kind: 'error'; id: number; error: SerializedError }
  | { kind: 'progress'; id: number; progress: Progress }
  | { kind: 'fatal'; error: SerializedError }
  | { kind: 'violation'; directive: string; blockedURI: string }
  /** Where the database is saved changed on its own (e.g. another tab took over saving). */
  | { kind: 'persistence-changed' };
