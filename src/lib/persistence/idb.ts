import { StorageError } from './storage-error';

/**
 * The IndexedDB plumbing both stores share (snapshots in the worker, notebooks on the page): opening with
 * coded errors, one reusable connection, and a transaction that settles only on commit with its root cause.
 */

/** The error's name (`QuotaExceededError`, `VersionError`, ...): DOMExceptions are told apart by name only. */
export function nameOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string') {
    return error.name;
  }
  return 'Error';
}

/** Error names that mean the browser refused a write for lack of space. */
export const QUOTA_ERRORS = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

export interface OpenOptions {
  name: string;
  version: number;
  /** Creates what `version` needs; runs in `onupgradeneeded`. */
  upgrade: (db: IDBDatabase) => void;
  /** The message when a newer app has upgraded the database past `version`. */
  newerMessage: string;
}

/**
 * Opens (creating or upgrading) a database. Rejects with `storage-newer-version` when a newer app upgraded it,
 * else `storage-unavailable` (IndexedDB missing, private browsing, storage disabled), the cause attached.
 */
export function openIndexedDb(factory: IDBFactory | undefined, options: OpenOptions): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => {
      const errorName = nameOf(error);
      const failure =
        errorName === 'VersionError'
          ? new StorageError('storage-newer-version', options.newerMessage)
          : new StorageError('storage-unavailable', `Browser storage is not available: ${errorName}.`, {
              name: errorName
            });
      failure.cause = error;
      reject(failure);
    };
    if (!factory) {
      fail(new DOMException('This browser offers no IndexedDB here.', 'NotSupportedError'));
      return;
    }
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(options.name, options.version);
    } catch (error) {
      fail(error);
      return;
    }
    request.onupgradeneeded = () => options.upgrade(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => fail(request.error);
  });
}

/**
 * Deletes a database; resolves once it is gone (at once when there is no IndexedDB). Waits while another
 * connection stays open: `ReusableConnection` closes its own on the `versionchange` this sends.
 */
export function deleteIndexedDb(factory: IDBFactory | undefined, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!factory) {
      resolve();
      return;
    }
    const request = factory.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

/**
 * One connection, opened on first use and shared. Another tab deleting or upgrading the database waits for
 * every connection to close: this one lets it, and the next `get` reopens. So does the browser closing it
 * (site data cleared). A failed open is not kept, so a later `get` tries again.
 */
export class ReusableConnection {
  readonly #open: () => Promise<IDBDatabase>;
  #connection: Promise<IDBDatabase> | null = null;

  constructor(open: () => Promise<IDBDatabase>) {
    this.#open = open;
  }

  get(): Promise<IDBDatabase> {
    if (this.#connection) return this.#connection;
    const connection = this.#open().then((db) => {
      const forget = () => {
        db.close();
        if (this.#connection === connection) this.#connection = null;
      };
      db.onversionchange = forget;
      db.onclose = forget;
      return db;
    });
    this.#connection = connection;
    connection.catch(() => {
      if (this.#connection === connection) this.#connection = null;
    });
    return connection;
  }

  /** Closes the open connection, if any (once its open settles); a later `get` opens a new one. */
  async close(): Promise<void> {
    const connection = this.#connection;
    this.#connection = null;
    const db = await connection?.catch(() => null);
    db?.close();
  }
}

/** Wraps a request callback so that a throw inside it aborts the transaction instead of escaping. */
export type Guard = <A extends unknown[]>(callback: (...args: A) => void) => (...args: A) => void;

export interface TransactionOptions {
  /** Aborts the transaction (its changes rolled back) with the signal's reason. */
  signal?: AbortSignal;
  /** `strict` waits for the disk on commit; `default` lets the browser decide. */
  durability?: IDBTransactionDurability;
}

/**
 * Runs `body` in one transaction over `stores` and resolves with its result on `complete`, so a write is
 * reported done only once committed. `body` issues requests synchronously or from request callbacks wrapped in
 * `guard`, which turns a throw into an abort. Rejects with the root cause: the transaction's error (a commit
 * refused for quota arrives there, not on the request), else a throw or the signal's reason, else a request's
 * error.
 */
export function runTransaction<T>(
  db: IDBDatabase,
  stores: string[],
  mode: IDBTransactionMode,
  body: (tx: IDBTransaction, guard: Guard) => () => T,
  { signal, durability = 'default' }: TransactionOptions = {}
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let tx: IDBTransaction;
    try {
      tx = db.transaction(stores, mode, { durability });
    } catch (error) {
      reject(error);
      return;
    }
    let failure: { error: unknown } | null = null;
    let requestError: unknown = null;
    const abort = (error: unknown) => {
      failure ??= { error };
      try {
        tx.abort();
      } catch {
        // The commit has started (or the transaction already ended): it completes or aborts on its own.
      }
    };
    const onSignal = () => abort(signal?.reason);
    const settle = () => signal?.removeEventListener('abort', onSignal);
    tx.oncomplete = () => {
      settle();
      resolve(result());
    };
    tx.onabort = () => {
      settle();
      // `tx.error` is set only when the browser aborted the transaction (quota, I/O error, forced close), which
      // makes it the root cause; a throw of ours after that is only its consequence.
      const cause =
        tx.error ?? (failure ? failure.error : (requestError ?? new DOMException('Aborted', 'AbortError')));
      reject(cause);
    };
    tx.onerror = (event) => {
      requestError ??= (event.target as IDBRequest | null)?.error ?? null;
    };
    signal?.addEventListener('abort', onSignal, { once: true });
    const guard: Guard =
      (callback) =>
      (...args) => {
        try {
          callback(...args);
        } catch (error) {
          abort(error);
        }
      };
    let result: () => T = () => {
      throw new Error('The transaction body did not run.');
    };
    try {
      result = body(tx, guard);
    } catch (error) {
      // A synchronous throw (a `put` refused for quota in some browsers) must undo the requests made before it.
      abort(error);
    }
    if (signal?.aborted) abort(signal.reason);
  });
}
