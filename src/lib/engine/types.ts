import type { PersonalDataKind } from '../import/personal-data';
import type { ImportPlan, ImportWarning, PlanOverrides } from '../import/plan';

/** A value as SQLite stores it. Integers beyond ±2^53 arrive as `bigint` so no digit is lost. */
export type SqlValue = number | bigint | string | Uint8Array | null;

/** Positional (`?`) or named (`:name`, `@name`, `$name`) parameters; values are always bound, never spliced. */
export type SqlParams = readonly SqlValue[] | Readonly<Record<string, SqlValue>>;

/**
 * The storage class seen in a result column. SQLite types values, not columns, so a column whose values
 * have several classes is `mixed`; `integer` + `real` is reported as `real`; a column of only NULLs is `null`.
 */
export type ValueType = 'integer' | 'real' | 'text' | 'blob' | 'null' | 'mixed';

export interface ResultColumn {
  name: string;
  type: ValueType;
}

export interface QueryResult {
  columns: ResultColumn[];
  rows: SqlValue[][];
  /** Wall time inside the engine, excluding transfer to the caller. */
  elapsedMs: number;
}

export interface ScriptResult {
  /** Rows changed by the script's INSERT, UPDATE and DELETE statements. */
  changes: number;
  elapsedMs: number;
}

export interface ColumnInfo {
  name: string;
  /** The type written in the table's DDL (may be empty: SQLite allows untyped columns). */
  declaredType: string;
  notNull: boolean;
  primaryKey: boolean;
  /** The header the column had in its CSV file, when its name had to differ (e.g. an empty or duplicate header). */
  label?: string;
  /** Set when the import replaced the column's values by keyed pseudonyms. */
  privacy?: 'pseudonymised';
}

export interface TableInfo {
  name: string;
  kind: 'table' | 'view';
  columns: ColumnInfo[];
  /** Exact row count for tables; `null` for views, which may be expensive to count. */
  rowCount: number | null;
  /** Headers of the file's columns that the import left out as personal data (absent when none were). */
  dropped?: string[];
}

export interface CsvFile {
  /** The file's bytes (a `File` from a picker or a drop, or any `Blob`). */
  file: Blob;
  fileName: string;
}

export interface ImportCsvRequest extends CsvFile {
  /** Wanted table name; made unique against existing tables when omitted. */
  table?: string;
  /** What to do when `table` exists: refuse (the default), replace it, or append rows to it. */
  ifExists?: 'fail' | 'replace' | 'append';
  /** The preview's decisions as the user left them; derived afresh from the file when omitted. */
  overrides?: PlanOverrides;
  /** The plan the preview showed (made with `overrides`), so the file is not sampled a second time. */
  plan?: ImportPlan;
  /** Columns of personal data to leave out or store as keyed pseudonyms; every other column is kept as it is. */
  personalData?: readonly PersonalDataChoice[];
  /** The workspace's HMAC key, required when a column is pseudonymised (it never leaves this browser). */
  pseudonymKey?: CryptoKey;
}

/** What the user chose for one column of personal data in the preview. */
export interface PersonalDataChoice {
  /** The column's name in the plan. */
  column: string;
  treatment: 'drop' | 'pseudonymise';
  /** How values are normalised before hashing, so `A@X.com` and `a@x.com` get one pseudonym. */
  kind?: PersonalDataKind;
}

/** What the preview shows: the plan, and the table it would create. */
export interface CsvPreview extends ImportPlan {
  table: string;
  tableExists: boolean;
}

export interface ImportedTable {
  table: string;
  rowCount: number;
  columns: { name: string; label: string; type: string; privacy?: 'pseudonymised' }[];
  /** Headers of the columns left out as personal data. */
  dropped: string[];
  /** What the user should know, e.g. values that did not fit their column's type and were kept as text. */
  warnings: ImportWarning[];
}

/** Where the database is kept between visits, and what happened at the last load and save. */
export interface PersistenceStatus {
  /** `false` when the browser offers no storage (e.g. private mode): work is lost on reload. */
  available: boolean;
  lastSaved: { generation: number; savedAt: string; bytes: number } | null;
  /** Set when the newest snapshot was damaged and an older good one was loaded instead. */
  recovered: { reason: string } | null;
  /** The last save that failed (e.g. storage full); the previous snapshot is still intact. */
  saveError: { code: string; message: string } | null;
}

export interface Progress {
  /**
   * What is happening, e.g. `sample`, `insert`, `save`. A worker engine reports `run` when a query or script
   * starts executing (after waiting for the requests before it) and `save` while it saves the result.
   */
  phase: string;
  /** Bytes (or other units of `phase`) done so far. */
  done: number;
  /** `null` when the total is not known in advance. */
  total: number | null;
  /** Rows stored so far, for imports. */
  rows?: number;
}

export interface RequestOptions {
  onProgress?: (progress: Progress) => void;
  /**
   * Cancels the request. An import stops between batches and rolls back, leaving the database as it was; a
   * request that cannot stop on its own (a long query) rejects at once and the engine restarts from its last
   * saved state.
   */
  signal?: AbortSignal;
}

/**
 * One SQLite database behind an async interface. Implemented in a Web Worker for the browser
 * (`WorkerEngine`) and in process for Node and tests (`InProcessEngine`); both pass the same contract suite.
 */
export interface DataEngine {
  /** Runs one statement with bound parameters and returns every row. */
  query(sql: string, params?: SqlParams, options?: RequestOptions): Promise<QueryResult>;
  /** Runs a script of several statements without returning rows. */
  exec(
    script: string,
    params?: Readonly<Record<string, SqlValue>>,
    options?: RequestOptions
  ): Promise<ScriptResult>;
  /** Lists tables and views (SQLite's own `sqlite_%` tables excluded) with their columns. */
  describeTables(): Promise<TableInfo[]>;
  /** Samples a CSV file and decides how to read it, without storing anything. */
  previewCsv(file: CsvFile, overrides?: PlanOverrides, options?: RequestOptions): Promise<CsvPreview>;
  /** Reads a CSV file into a table inside one transaction: on any error or cancel the database is unchanged. */
  importCsv(request: ImportCsvRequest, options?: RequestOptions): Promise<ImportedTable>;
  /** Where the database is saved between visits, and how the last load and save went. */
  persistence(): Promise<PersistenceStatus>;
  /** Deletes every stored snapshot and empties the database. */
  wipeStorage(): Promise<void>;
  /**
   * Right to erasure: deletes every row whose `columns` hold one of `ids`, in one transaction, then rewrites the
   * database (VACUUM, with secure_delete) so no trace stays in free pages, and saves it as the only snapshot
   * (the previous one, which still holds them, is dropped).
   */
  forgetCustomers(request: ForgetRequest): Promise<ForgetReport>;
  /** Serialises the whole database to SQLite's file format. */
  exportDatabase(): Promise<Uint8Array>;
  /** A SQLite file holding only these tables (rows, types, labels, privacy marks): a notebook's shared data. */
  exportTables(tables: readonly string[]): Promise<Uint8Array>;
  /**
   * Adds the tables of an untrusted SQLite file to the database in one transaction (saved after), rebuilding
   * each from its columns and rows; same-named tables are refused unless `ifExists` is `replace`.
   */
  importTables(bytes: Uint8Array, options?: { ifExists?: 'fail' | 'replace' }): Promise<TableImport>;
  /** Replaces the whole database with the given SQLite file. */
  loadDatabase(bytes: Uint8Array): Promise<void>;
  /**
   * Stops whatever is running and starts over with an empty database (or what `restore` gives, for engines
   * built with one). SQLite in WebAssembly cannot be interrupted, so a worker engine terminates its worker.
   */
  restart(): Promise<void>;
  /** Releases the database; every later call rejects with `EngineClosedError`. */
  close(): Promise<void>;
}

/** What `importTables` added. */
export interface TableImport {
  tables: { table: string; rowCount: number }[];
  /** Tables of the same name that were replaced. */
  replaced: string[];
}

/** Who to forget, and where to look for them. */
export interface ForgetRequest {
  /** Customer ids as text; numbers stored in an id column are compared as their text. */
  ids: readonly string[];
  /**
   * Where they are: rows of `table` whose `column` holds one of the ids, or, with `through`, whose `column`
   * holds a key of such rows in another table (the items of their orders). Deleted in this order, so list a
   * `through` entry before the table it goes through.
   */
  columns: readonly ForgetColumn[];
}

export interface ForgetColumn {
  table: string;
  column: string;
  through?: { table: string; key: string; column: string };
}

export interface ForgetReport {
  /** Rows deleted per table and column searched (0 where none matched). */
  removed: { table: string; column: string; rows: number }[];
}
