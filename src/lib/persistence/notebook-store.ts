import { nameOf, openIndexedDb, QUOTA_ERRORS, ReusableConnection, runTransaction } from './idb';
import { StorageError } from './storage-error';

/*
 * The notebooks kept on this device: one IndexedDB database of its own (`crossbook-notebooks`), so wiping or
 * upgrading the database snapshots never touches the user's notebooks and the other way round.
 *
 * One record per notebook, keyed by its id, holding the notebook file's text exactly as `serializeNotebook`
 * writes it: the stored form is the same as the file form, so whatever the library holds can be saved to disk
 * and opened again by the one load pipeline.
 *
 * Every write is one readwrite transaction, which IndexedDB commits whole or not at all
 * (https://w3c.github.io/IndexedDB/#abort-a-transaction): a refused quota, a crash or a reload leaves the
 * previous record as it was. Writes use the default durability rather than `strict` (the snapshot store's
 * choice): autosave writes often, and a power loss can only undo the newest autosave, whole, never half.
 *
 * Damaged records (wrong types, written by a bug or edited by hand in the developer tools) are never deleted
 * and never returned: `list()` and `get()` skip them and report them through the `onDamaged` option, so the
 * app can say "1 notebook could not be read" while the others stay usable.
 */

export interface StoredNotebook {
  /** Random, from `crypto.randomUUID()`. */
  id: string;
  title: string;
  /** The notebook file as `serializeNotebook` writes it. */
  text: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  updatedAt: string;
  /** Opened from a file or gallery someone else wrote, and not yet trusted by the user: nothing runs until they choose to. */
  trusted: boolean;
  origin: NotebookOrigin;
  /** The file it was opened from or last saved to, if any. */
  fileName: string | null;
}

export const NOTEBOOK_ORIGINS = ['new', 'file', 'gallery', 'duplicate'] as const;
export type NotebookOrigin = (typeof NOTEBOOK_ORIGINS)[number];

/** A stored record that is not a valid `StoredNotebook`; it stays stored, untouched. */
export interface DamagedNotebook {
  /** The record's IndexedDB key. */
  key: IDBValidKey;
  /** The first field found wrong, e.g. `text`, or `record` when it is not an object at all. */
  field: string;
}

export interface NotebookStore {
  /** Every readable notebook, most recently changed first; damaged records are skipped and reported. */
  list(): Promise<StoredNotebook[]>;
  /** The notebook, or null when none has this id or its record is damaged (reported). */
  get(id: string): Promise<StoredNotebook | null>;
  /**
   * Adds or replaces the notebook in one transaction. A quota failure rejects with `storage-full` and leaves
   * the previous record intact. Throws a `TypeError` for a record that `list()` could not read back.
   */
  put(notebook: StoredNotebook): Promise<void>;
  /** Deletes the notebook; resolves with what was stored (null when nothing readable was). */
  remove(id: string): Promise<StoredNotebook | null>;
  /** Deletes every notebook. */
  clear(): Promise<void>;
  /** Closes the connection; later calls reject with `storage-closed`. */
  close(): void;
}

export interface NotebookStoreOptions {
  /** The IndexedDB database name; tests use their own. */
  name?: string;
  /** Called by `list()` and `get()` with the records they skipped because they are damaged. */
  onDamaged?: (damaged: DamagedNotebook[]) => void;
}

export const NOTEBOOK_DATABASE = 'crossbook-notebooks';
/** The IndexedDB schema version: the object stores. */
const SCHEMA_VERSION = 1;
const NOTEBOOKS = 'notebooks';

/**
 * Opens (creating if needed) the notebook database. Rejects with `storage-unavailable` when IndexedDB is
 * missing or refuses (private browsing, storage disabled), `storage-newer-version` when a newer app upgraded it.
 */
export async function openNotebookStore(
  factory: IDBFactory | undefined = globalThis.indexedDB,
  options: NotebookStoreOptions = {}
): Promise<NotebookStore> {
  const store = new IndexedDbNotebookStore(factory, options);
  await store.connect();
  return store;
}

class IndexedDbNotebookStore implements NotebookStore {
  readonly #factory: IDBFactory | undefined;
  readonly #name: string;
  readonly #onDamaged: ((damaged: DamagedNotebook[]) => void) | undefined;
  readonly #connection: ReusableConnection;
  #closed = false;

  constructor(factory: IDBFactory | undefined, options: NotebookStoreOptions) {
    this.#factory = factory;
    this.#name = options.name ?? NOTEBOOK_DATABASE;
    this.#onDamaged = options.onDamaged;
    this.#connection = new ReusableConnection(() =>
      openIndexedDb(this.#factory, {
        name: this.#name,
        version: SCHEMA_VERSION,
        upgrade: (db) => {
          // Schema version 1 is the first: later versions add their steps here, keyed on the event's oldVersion.
          if (!db.objectStoreNames.contains(NOTEBOOKS)) db.createObjectStore(NOTEBOOKS, { keyPath: 'id' });
        },
        newerMessage: 'The stored notebooks were written by a newer version of the app.'
      })
    );
  }

  connect(): Promise<IDBDatabase> {
    if (this.#closed) return Promise.reject(closedError());
    return this.#connection.get();
  }

  async list(): Promise<StoredNotebook[]> {
    const { keys, values } = await this.#run('list', 'readonly', (store) => {
      const keysRequest = store.getAllKeys();
      const valuesRequest = store.getAll();
      return () => ({ keys: keysRequest.result, values: valuesRequest.result as unknown[] });
    });
    const notebooks: StoredNotebook[] = [];
    const damaged: DamagedNotebook[] = [];
    values.forEach((value, index) => {
      const read = readNotebook(keys[index], value);
      if ('field' in read) damaged.push(read);
      else notebooks.push(read);
    });
    this.#report(damaged);
    return notebooks.sort(newestFirst);
  }

  async get(id: string): Promise<StoredNotebook | null> {
    const value = await this.#run('load', 'readonly', (store) => {
      const request = store.get(id);
      return () => request.result as unknown;
    });
    if (value === undefined) return null;
    const read = readNotebook(id, value);
    if ('field' in read) {
      this.#report([read]);
      return null;
    }
    return read;
  }

  async put(notebook: StoredNotebook): Promise<void> {
    const problem = findProblem(notebook);
    if (problem !== null)
      throw new TypeError(`This notebook record cannot be stored: its ${problem} is invalid.`);
    // A copy of exactly the known fields: whatever else the caller's object carries is not stored.
    const record = toRecord(notebook);
    await this.#run('save', 'readwrite', (store) => {
      store.put(record);
      return () => undefined;
    });
  }

  async remove(id: string): Promise<StoredNotebook | null> {
    const value = await this.#run('delete', 'readwrite', (store) => {
      const request = store.get(id);
      store.delete(id);
      return () => request.result as unknown;
    });
    if (value === undefined) return null;
    const read = readNotebook(id, value);
    return 'field' in read ? null : read;
  }

  async clear(): Promise<void> {
    await this.#run('delete', 'readwrite', (store) => {
      store.clear();
      return () => undefined;
    });
  }

  close(): void {
    this.#closed = true;
    void this.#connection.close();
  }

  #report(damaged: DamagedNotebook[]): void {
    if (damaged.length > 0) this.#onDamaged?.(damaged);
  }

  /** Runs `body` in one transaction on the notebooks store, turning every failure into a `StorageError`. */
  async #run<T>(
    operation: string,
    mode: IDBTransactionMode,
    body: (store: IDBObjectStore) => () => T
  ): Promise<T> {
    const db = await this.connect();
    try {
      return await runTransaction(db, [NOTEBOOKS], mode, (tx) => body(tx.objectStore(NOTEBOOKS)));
    } catch (error) {
      throw toStorageError(error, operation);
    }
  }
}

function closedError(): StorageError {
  return new StorageError('storage-closed', 'The notebook store is closed.');
}

function toStorageError(error: unknown, operation: string): StorageError {
  if (error instanceof StorageError) return error;
  const name = nameOf(error);
  const result = QUOTA_ERRORS.has(name)
    ? new StorageError('storage-full', `Not enough storage space to ${operation} the notebook.`)
    : new StorageError(
        'storage-failed',
        `Could not ${operation} the notebooks: ${name}: ${error instanceof Error ? error.message : String(error)}`,
        { operation, name }
      );
  result.cause = error;
  return result;
}

/** A stored value as a notebook, or what is wrong with it. */
function readNotebook(key: IDBValidKey, value: unknown): StoredNotebook | DamagedNotebook {
  const problem = findProblem(value);
  if (problem !== null) return { key, field: problem };
  const notebook = toRecord(value as StoredNotebook);
  return notebook.id === key ? notebook : { key, field: 'id' };
}

/** The first field of `value` that a `StoredNotebook` cannot have, or null when it is one. */
function findProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'record';
  const record = value as Record<string, unknown>;
  if (typeof record.id !== 'string' || record.id === '') return 'id';
  if (typeof record.title !== 'string') return 'title';
  if (typeof record.text !== 'string') return 'text';
  if (!isIsoDate(record.createdAt)) return 'createdAt';
  if (!isIsoDate(record.updatedAt)) return 'updatedAt';
  if (typeof record.trusted !== 'boolean') return 'trusted';
  if (!(NOTEBOOK_ORIGINS as readonly unknown[]).includes(record.origin)) return 'origin';
  if (record.fileName !== null && typeof record.fileName !== 'string') return 'fileName';
  return null;
}

function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

function toRecord(notebook: StoredNotebook): StoredNotebook {
  const { id, title, text, createdAt, updatedAt, trusted, origin, fileName } = notebook;
  return { id, title, text, createdAt, updatedAt, trusted, origin, fileName };
}

/** Most recently changed first; ties (same millisecond) in a fixed order, so the list never flickers. */
export function newestFirst(a: StoredNotebook, b: StoredNotebook): number {
  return Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
