import type { BindParams, Database, SqlJsStatic, Statement } from 'sql.js';
import { NUMBER_VALUE, TEXT_VALUE, unpackRows, type PackedRows } from '../import/packed-rows';
import { quoteIdentifier } from './identifiers';
import type { SqlValue } from './types';

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER: bound values per statement (RELIABILITY.md §2.2). */
const MAX_VARIABLES = 32_766;

/** Rows per INSERT: multi-row statements cut the per-row cost of crossing into WebAssembly. */
const MAX_ROWS_PER_STATEMENT = 200;

/** `sqlite3_step`'s "done" (https://sqlite.org/rescode.html#done). */
const SQLITE_DONE = 101;

/** `SQLITE_STATIC`: SQLite reads bound text and blobs where they are, for as long as they stay bound. */
const SQLITE_STATIC = 0;

/** The parts of sql.js's Emscripten module the direct binding uses; all exported by sql.js 1.16's build. */
interface SqlModule {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  _sqlite3_bind_text(stmt: number, index: number, text: number, bytes: number, destructor: number): number;
  _sqlite3_bind_blob(stmt: number, index: number, blob: number, bytes: number, destructor: number): number;
  _sqlite3_bind_double(stmt: number, index: number, value: number): number;
  _sqlite3_bind_int(stmt: number, index: number, value: number): number;
  _sqlite3_clear_bindings(stmt: number): number;
  _sqlite3_step(stmt: number): number;
  _sqlite3_reset(stmt: number): number;
  _sqlite3_sql(stmt: number): number;
  UTF8ToString(pointer: number): string;
  writeArrayToMemory(array: Uint8Array, pointer: number): void;
}

/** sql.js's own error check: throws the database's last error message for a non-OK code. */
type ErrorHandler = { handleError(code: number): void };

/**
 * Appends rows to one table with prepared multi-row INSERT statements: one statement of the largest batch
 * size, reused, plus single-row inserts for the remainder of each batch. The caller owns the transaction.
 *
 * Values are bound straight through SQLite's C API: each statement's texts and blobs are encoded together
 * into one buffer in WebAssembly memory (one copy) and bound where they lie. sql.js's own `bind` allocates,
 * copies and frees every string on its own and builds a JavaScript array of its bytes first, which cost more
 * than SQLite's whole insert (measured: RELIABILITY.md's 4× versus multi-row statements' 2.5×). Numbers are
 * bound as sql.js binds them (a 32-bit integer as an integer, anything else as a double), so what is stored is
 * the same. Batches holding a `bigint` go through sql.js, which binds those exactly.
 */
export class TableWriter {
  readonly #db: Database;
  readonly #table: string;
  readonly #width: number;
  readonly #rowsPerStatement: number;
  readonly #bulk: Statement;
  readonly #single: Statement;
  readonly #values: SqlValue[];
  readonly #direct: DirectBinder | null;

  constructor(sql: SqlJsStatic, db: Database, table: string, width: number) {
    this.#db = db;
    this.#table = table;
    this.#width = width;
    this.#rowsPerStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_VARIABLES / width)));
    this.#bulk = this.#prepare(this.#rowsPerStatement);
    this.#single = this.#prepare(1);
    this.#values = new Array(this.#rowsPerStatement * width);
    this.#direct = DirectBinder.create(sql, db, [this.#bulk, this.#single]);
  }

  /** Whether values go straight through SQLite's C API (false: this sql.js build lacks what that needs). */
  get bindsDirectly(): boolean {
    return this.#direct !== null;
  }

  insert(rows: readonly (readonly SqlValue[])[]): void {
    const direct = this.#direct && !rows.some(hasBigInt) ? this.#direct : null;
    const width = this.#width;
    let at = 0;
    for (; at + this.#rowsPerStatement <= rows.length; at += this.#rowsPerStatement) {
      for (let r = 0; r < this.#rowsPerStatement; r++) {
        const row = rows[at + r];
        for (let c = 0; c < width; c++) this.#values[r * width + c] = row[c] ?? null;
      }
      if (direct) direct.run(0, this.#values);
      else this.#bulk.run(this.#values as BindParams);
    }
    for (; at < rows.length; at++) {
      const row = rows[at];
      const values = Array.from({ length: width }, (_, c) => row[c] ?? null);
      if (direct) direct.run(1, values);
      else this.#single.run(values as BindParams);
    }
  }

  /**
   * Appends packed rows (from a parser worker): their texts are copied into WebAssembly memory in one piece and
   * bound where they lie. Without direct binding they are unpacked and inserted as values.
   */
  insertPacked(packed: PackedRows): void {
    const direct = this.#direct;
    if (!direct) {
      this.insert(unpackRows(packed));
      return;
    }
    direct.load(packed.text);
    const width = this.#width;
    let text = 0;
    let row = 0;
    for (; row + this.#rowsPerStatement <= packed.rows; row += this.#rowsPerStatement) {
      text = direct.runPacked(0, packed, row * width, this.#rowsPerStatement * width, text);
    }
    for (; row < packed.rows; row++) text = direct.runPacked(1, packed, row * width, width, text);
  }

  free(): void {
    this.#direct?.free();
    this.#bulk.free();
    this.#single.free();
  }

  #prepare(rows: number): Statement {
    const tuple = `(${Array.from({ length: this.#width }, () => '?').join(',')})`;
    const sql = `INSERT INTO main.${quoteIdentifier(this.#table)} VALUES ${Array.from({ length: rows }, () => tuple).join(',')}`;
    return this.#db.prepare(sql);
  }
}

function hasBigInt(row: readonly SqlValue[]): boolean {
  for (const value of row) if (typeof value === 'bigint') return true;
  return false;
}

/**
 * Binds and runs prepared statements through the C API. The statement handle is not part of sql.js's
 * public API (its property name is minified), so it is found and then proven: the handle whose
 * `sqlite3_sql` is the statement's own SQL. If that fails, `create` returns null and sql.js binds as before.
 */
class DirectBinder {
  readonly #module: SqlModule;
  readonly #errors: ErrorHandler;
  readonly #handles: number[];
  readonly #encoder = new TextEncoder();
  /** Scratch for one statement's texts, encoded, before they are copied into WebAssembly memory at once. */
  #scratch = new Uint8Array(1 << 16);
  /** Where each text or blob value of the last `#writeTexts` starts in the buffer, by parameter position. */
  readonly #offsets: number[] = [];
  /** Its length in bytes. */
  readonly #lengths: number[] = [];
  #buffer = 0;
  #capacity = 0;

  private constructor(module: SqlModule, errors: ErrorHandler, handles: number[]) {
    this.#module = module;
    this.#errors = errors;
    this.#handles = handles;
  }

  static create(sql: SqlJsStatic, db: Database, statements: Statement[]): DirectBinder | null {
    const module = sql as unknown as Partial<SqlModule>;
    const needed: (keyof SqlModule)[] = [
      '_malloc',
      '_free',
      '_sqlite3_bind_text',
      '_sqlite3_bind_blob',
      '_sqlite3_bind_double',
      '_sqlite3_bind_int',
      '_sqlite3_clear_bindings',
      '_sqlite3_step',
      '_sqlite3_reset',
      '_sqlite3_sql',
      'UTF8ToString',
      'writeArrayToMemory'
    ];
    if (!needed.every((name) => typeof module[name] === 'function')) return null;
    const errors = db as unknown as Partial<ErrorHandler>;
    if (typeof errors.handleError !== 'function') return null;
    const handles = statements.map((statement) => findHandle(module as SqlModule, statement));
    if (handles.some((handle) => handle === null)) return null;
    return new DirectBinder(module as SqlModule, errors as ErrorHandler, handles as number[]);
  }

  /** Binds `values` (every parameter of statement `which`, in order) and runs it once. */
  run(which: number, values: readonly SqlValue[]): void {
    const m = this.#module;
    const handle = this.#handles[which];
    this.#writeTexts(values);
    this.#check(m._sqlite3_clear_bindings(handle));
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === null) continue;
      const index = i + 1;
      if (typeof value === 'number') this.#bindNumber(handle, index, value);
      else if (typeof value === 'string' || value instanceof Uint8Array) {
        const bind = typeof value === 'string' ? m._sqlite3_bind_text : m._sqlite3_bind_blob;
        this.#check(bind(handle, index, this.#buffer + this.#offsets[i], this.#lengths[i], SQLITE_STATIC));
      }
    }
    this.#step(handle);
  }

  /** As sql.js binds numbers: a 32-bit integer (`value === (value | 0)`) as an integer, anything else as a double. */
  #bindNumber(handle: number, index: number, value: number): void {
    const m = this.#module;
    this.#check(
      value === (value | 0)
        ? m._sqlite3_bind_int(handle, index, value)
        : m._sqlite3_bind_double(handle, index, value)
    );
  }

  #step(handle: number): void {
    const code = this.#module._sqlite3_step(handle);
    try {
      if (code !== SQLITE_DONE) this.#errors.handleError(code);
    } finally {
      this.#module._sqlite3_reset(handle);
    }
  }

  /** Copies a packed batch's texts into the WebAssembly buffer, for `runPacked`. */
  load(text: Uint8Array): void {
    this.#reserve(text.length + 1);
    this.#module.writeArrayToMemory(text, this.#buffer);
  }

  /**
   * Binds `count` packed values from `start` (every parameter of statement `which`, in order), their texts
   * from byte `text` of the loaded buffer on, and runs the statement once. Returns where the next text starts.
   */
  runPacked(which: number, packed: PackedRows, start: number, count: number, text: number): number {
    const m = this.#module;
    const handle = this.#handles[which];
    const { kinds, numbers, lengths } = packed;
    this.#check(m._sqlite3_clear_bindings(handle));
    for (let i = 0; i < count; i++) {
      const kind = kinds[start + i];
      if (kind === NUMBER_VALUE) this.#bindNumber(handle, i + 1, numbers[start + i]);
      else if (kind === TEXT_VALUE) {
        const length = lengths[start + i];
        this.#check(m._sqlite3_bind_text(handle, i + 1, this.#buffer + text, length, SQLITE_STATIC));
        text += length;
      }
    }
    this.#step(handle);
    return text;
  }

  free(): void {
    if (this.#buffer !== 0) this.#module._free(this.#buffer);
    this.#buffer = 0;
    this.#capacity = 0;
  }

  /**
   * Encodes every text and copies every blob of `values` into the WebAssembly buffer, noting where each one
   * starts (`#offsets`) and its byte length (`#lengths`). The texts are encoded as one string: when that comes
   * out one byte per character (all ASCII, the common case), every text's place follows from the lengths;
   * otherwise they are encoded one by one.
   */
  #writeTexts(values: readonly SqlValue[]): void {
    let joined = '';
    let blobBytes = 0;
    for (const value of values) {
      if (typeof value === 'string') joined += value;
      else if (value instanceof Uint8Array) blobBytes += value.length;
    }
    // UTF-8 takes at most three bytes per UTF-16 code unit. Even with nothing to copy (only empty texts), every
    // text still gets its place below, or it would be bound where an earlier statement's text was.
    const size = joined.length * 3 + blobBytes;
    if (this.#scratch.length < size) this.#scratch = new Uint8Array(Math.max(size, this.#scratch.length * 2));
    const scratch = this.#scratch;
    const offsets = this.#offsets;
    const lengths = this.#lengths;
    let used = this.#encoder.encodeInto(joined, scratch).written;
    const ascii = used === joined.length;
    let text = 0;
    if (!ascii) used = 0;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (typeof value === 'string') {
        if (ascii) {
          offsets[i] = text;
          lengths[i] = value.length;
          text += value.length;
        } else {
          offsets[i] = used;
          lengths[i] = this.#encoder.encodeInto(value, scratch.subarray(used)).written;
          used += lengths[i];
        }
      } else if (value instanceof Uint8Array) {
        scratch.set(value, used);
        offsets[i] = used;
        lengths[i] = value.length;
        used += value.length;
      }
    }
    // One byte more, so even an empty text is bound to a valid address (a null pointer would bind NULL).
    this.#reserve(used + 1);
    this.#module.writeArrayToMemory(scratch.subarray(0, used), this.#buffer);
  }

  #reserve(bytes: number): void {
    if (bytes <= this.#capacity) return;
    this.free();
    const capacity = Math.max(bytes, 1 << 16);
    this.#buffer = this.#module._malloc(capacity);
    if (this.#buffer === 0) throw new RangeError('Out of memory while inserting rows.');
    this.#capacity = capacity;
  }

  #check(code: number): void {
    if (code !== 0) this.#errors.handleError(code);
  }
}

/** The statement's C handle: the number-valued field whose `sqlite3_sql` gives back the statement's SQL. */
function findHandle(module: SqlModule, statement: Statement): number | null {
  const sql = (statement as unknown as { getSQL?: () => string }).getSQL?.();
  if (typeof sql !== 'string') return null;
  for (const value of Object.values(statement)) {
    // Position counters and the like are small; a handle is an address in WebAssembly memory.
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1024) continue;
    try {
      if (module.UTF8ToString(module._sqlite3_sql(value)) === sql) return value;
    } catch {
      // Not a statement handle.
    }
  }
  return null;
}
