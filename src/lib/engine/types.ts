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
}

export interface TableInfo {
  name: string;
  kind: 'table' | 'view';
  columns: ColumnInfo[];
  /** Exact row count for tables; `null` for views, which may be expensive to count. */
  rowCount: number | null;
}

export interface ImportCsvRequest {
  /** The file's bytes; `File` carries its name, a bare `Blob` needs `fileName`. */
  file: Blob;
  fileName: string;
  /** Wanted table name; made unique against existing tables when omitted. */
  table?: string;
}

export interface ImportedTable {
  table: string;
  rowCount: number;
  columns: { name: string; label: string; type: string }[];
}

export interface Progress {
  /** What is happening, e.g. `decode`, `parse`, `insert`. */
  phase: string;
  done: number;
  /** `null` when the total is not known in advance. */
  total: number | null;
}

export interface RequestOptions {
  onProgress?: (progress: Progress) => void;
}

/**
 * One SQLite database behind an async interface. Implemented in a Web Worker for the browser
 * (`WorkerEngine`) and in process for Node and tests (`InProcessEngine`); both pass the same contract suite.
 */
export interface DataEngine {
  /** Runs one statement with bound parameters and returns every row. */
  query(sql: string, params?: SqlParams, options?: RequestOptions): Promise<QueryResult>;
  /** Runs a script of several statements without returning rows. */
  exec(script: string, params?: SqlParams, options?: RequestOptions): Promise<ScriptResult>;
  /** Lists tables and views (SQLite's own `sqlite_%` tables excluded) with their columns. */
  describeTables(): Promise<TableInfo[]>;
  /** Reads a CSV file into a new table inside one transaction: on any error the database is unchanged. */
  importCsv(request: ImportCsvRequest, options?: RequestOptions): Promise<ImportedTable>;
  /** Serialises the whole database to SQLite's file format. */
  exportDatabase(): Promise<Uint8Array>;
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
