import type { BindParams, Database, Statement } from 'sql.js';
import { quoteIdentifier } from './identifiers';
import type { SqlValue } from './types';

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER: bound values per statement (RELIABILITY.md §2.2). */
const MAX_VARIABLES = 32_766;

/** Rows per INSERT: multi-row statements cut the per-row cost of crossing into WebAssembly. */
const MAX_ROWS_PER_STATEMENT = 200;

/**
 * Appends rows to one table with prepared multi-row INSERT statements: one statement of the largest batch
 * size, reused, plus single-row inserts for the remainder of each batch. The caller owns the transaction.
 */
export class TableWriter {
  readonly #db: Database;
  readonly #table: string;
  readonly #width: number;
  readonly #rowsPerStatement: number;
  readonly #bulk: Statement;
  readonly #single: Statement;
  readonly #values: SqlValue[];

  constructor(db: Database, table: string, width: number) {
    this.#db = db;
    this.#table = table;
    this.#width = width;
    this.#rowsPerStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_VARIABLES / width)));
    this.#bulk = this.#prepare(this.#rowsPerStatement);
    this.#single = this.#prepare(1);
    this.#values = new Array(this.#rowsPerStatement * width);
  }

  insert(rows: readonly (readonly SqlValue[])[]): void {
    const width = this.#width;
    let at = 0;
    for (; at + this.#rowsPerStatement <= rows.length; at += this.#rowsPerStatement) {
      for (let r = 0; r < this.#rowsPerStatement; r++) {
        const row = rows[at + r];
        for (let c = 0; c < width; c++) this.#values[r * width + c] = row[c] ?? null;
      }
      this.#bulk.run(this.#values as BindParams);
    }
    for (; at < rows.length; at++) {
      const row = rows[at];
      this.#single.run(Array.from({ length: width }, (_, c) => row[c] ?? null) as BindParams);
    }
  }

  free(): void {
    this.#bulk.free();
    this.#single.free();
  }

  #prepare(rows: number): Statement {
    const tuple = `(${Array.from({ length: this.#width }, () => '?').join(',')})`;
    const sql = `INSERT INTO main.${quoteIdentifier(this.#table)} VALUES ${Array.from({ length: rows }, () => tuple).join(',')}`;
    return this.#db.prepare(sql);
  }
}
