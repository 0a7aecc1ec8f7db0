import { sha256Hex } from './checksum';
import { nameOf, openIndexedDb, QUOTA_ERRORS, ReusableConnection, runTransaction } from './idb';
import { StorageError } from './storage-error';

/*
 * What "atomic" means here, and why a reload, crash or quota error leaves the snapshots as before or as after.
 *
 * IndexedDB commits a transaction as a whole or not at all: if it aborts — a request fails (quota errors arrive
 * either on the `put` or as the transaction's error when the commit is refused), the script calls `abort()`,
 * the connection is force-closed (user clears site data), or the worker/page goes away before the commit —
 * every change it made is rolled back (https://w3c.github.io/IndexedDB/#abort-a-transaction). Each backend
 * applies a commit as one journaled write (a LevelDB write batch in Chromium, an SQLite transaction in Firefox
 * and WebKit), so a browser crash during the commit also leaves either all of it or none of it.
 *
 * So `save` does all of its writing in ONE readwrite transaction over both stores: put the new bytes, put the
 * pointer that names them current and names the previous good snapshot, delete every other generation. A
 * reader sees the old pointer with the old records or the new pointer with the new records; there is no moment
 * at which the pointer names a missing record. Nothing is written before the transaction (hashing happens
 * first, on the caller's bytes), so a termination before it leaves nothing behind either.
 *
 * Two constraints follow from IndexedDB's auto-commit (a transaction commits once no request is pending at the
 * end of a task): everything that awaits something other than IndexedDB — the SHA-256 — happens before the
 * transaction opens, and the transaction body chains its requests through request callbacks only.
 *
 * The write asks for `durability: 'strict'`: `complete` then means flushed to disk. With the default a power
 * loss may undo a save that already reported success — whole, never half — which is worse for "your data
 * survives" than one flush per import.
 *
 * What atomicity does not cover: bytes that rot on disk after the commit and storage bugs (hence the SHA-256
 * checked on every load and the previous generation kept), and two tabs saving their own databases in turn
 * (each save is atomic, but the last writer wins: the app must keep one writer, e.g. with a Web Lock).
 */

export interface SnapshotInfo {
  generation: number;
  /** ISO 8601. */
  savedAt: string;
  bytes: number;
  /** Lowercase hex SHA-256 of the snapshot's bytes. */
  sha256: string;
}

export interface LoadedSnapshot {
  bytes: Uint8Array;
  info: SnapshotInfo;
  /**
   * Set when the newest snapshot failed its checksum (or was unreadable) and an older good one was loaded
   * instead. `reason` is one of `checksum-mismatch`, `size-mismatch`, `missing`, `unreadable`.
   */
  recovered?: { from: SnapshotInfo | null; reason: string };
}

export interface SnapshotStore {
  /**
   * Stores a new snapshot atomically (one IndexedDB readwrite transaction: new record + pointer), keeps the
   * previous good one, deletes older ones. On quota errors throws a coded error `storage-full` with details
   * `{needed, quota?}` and leaves the stored snapshots exactly as before. When `signal` aborts before the
   * commit, rejects with its reason and nothing changes; once committed, the save stands. With
   * `keepPrevious: false` the new snapshot is the only one left (after an erasure, the previous one still holds
   * what was erased).
   */
  save(bytes: Uint8Array, options?: { signal?: AbortSignal; keepPrevious?: boolean }): Promise<SnapshotInfo>;
  /**
   * The newest snapshot whose SHA-256 matches; falls back to the previous one (reporting why) — never returns
   * corrupt bytes; null when nothing is stored; if all stored snapshots are corrupt, throws `snapshot-corrupt`
   * with details.
   */
  loadLatest(): Promise<LoadedSnapshot | null>;
  /** The stored snapshots' descriptions, newest first, without reading their bytes. */
  list(): Promise<SnapshotInfo[]>;
  /** Deletes every stored byte of this store (the whole IndexedDB database). The store stays usable. */
  wipe(): Promise<void>;
  /** Closes the connection; later calls reject with `storage-closed`. */
  close(): void;
}

export interface SnapshotStoreOptions {
  indexedDB: IDBFactory;
  /** The IndexedDB database name; one database per store. */
  name?: string;
  crypto?: Crypto;
  /** Only used to report the quota in a `storage-full` error; in a worker, pass `navigator.storage`. */
  storage?: StorageManager;
  /** The clock for `savedAt`. */
  now?: () => Date;
}

export const SNAPSHOT_DATABASE = 'crossbook-snapshots';
/** The IndexedDB schema version: the object stores. */
const SCHEMA_VERSION = 1;
/** The version of the pointer record's shape; a newer one means a newer app wrote it. */
const FORMAT_VERSION = 1;
const SNAPSHOTS = 'snapshots';
const META = 'meta';
const POINTER = 'pointer';

/** The `meta` store's only record: which generations are current and previous, with their checksums. */
interface Pointer {
  formatVersion: number;
  /** Newest first; at most two. */
  snapshots: SnapshotInfo[];
}

/** Opens (creating if needed) the snapshot database; throws `storage-unavailable` when IndexedDB cannot be used. */
export async function openSnapshotStore(options: SnapshotStoreOptions): Promise<SnapshotStore> {
  const store = new IndexedDbSnapshotStore(options);
  await store.connect();
  return store;
}

class IndexedDbSnapshotStore implements SnapshotStore {
  readonly #factory: IDBFactory;
  readonly #name: string;
  readonly #crypto: Crypto;
  readonly #storage: StorageManager | undefined;
  readonly #now: () => Date;
  readonly #connection: ReusableConnection;
  /** Operations run one at a time, so a wipe never interleaves with a save. */
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  /** Generations whose bytes failed verification in this session; a save never keeps one as "previous good". */
  /** This browser refused to store a Blob once: later saves go straight to ArrayBuffers. */
  #blobsRefused = false;
  readonly #corrupt = new Set<number>();

  constructor(options: SnapshotStoreOptions) {
    this.#factory = options.indexedDB;
    this.#name = options.name ?? SNAPSHOT_DATABASE;
    this.#connection = new ReusableConnection(() =>
      openIndexedDb(this.#factory, {
        name: this.#name,
        version: SCHEMA_VERSION,
        upgrade: (db) => {
          // Schema version 1 is the first: later versions add their steps here, keyed on the event's oldVersion.
          if (!db.objectStoreNames.contains(SNAPSHOTS)) db.createObjectStore(SNAPSHOTS);
          if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
        },
        newerMessage: 'The stored data was written by a newer version of the app.'
      })
    );
    this.#crypto = options.crypto ?? globalThis.crypto;
    this.#storage = options.storage;
    this.#now = options.now ?? (() => new Date());
  }

  connect(): Promise<IDBDatabase> {
    if (this.#closed)
      return Promise.reject(new StorageError('storage-closed', 'The snapshot store is closed.'));
    return this.#connection.get();
  }

  save(
    bytes: Uint8Array,
    options: { signal?: AbortSignal; keepPrevious?: boolean } = {}
  ): Promise<SnapshotInfo> {
    const { signal, keepPrevious = true } = options;
    return this.#serial(async () => {
      signal?.throwIfAborted();
      // The digest is computed off this thread in browsers while the bytes are copied into a Blob here.
      const hashing = sha256Hex(this.#crypto, bytes);
      let value: Blob | ArrayBuffer = this.#blobsRefused ? toArrayBuffer(bytes) : toStoredValue(bytes);
      const snapshot = {
        sha256: await hashing,
        savedAt: this.#now().toISOString(),
        bytes: bytes.byteLength,
        keepPrevious,
        signal
      };
      signal?.throwIfAborted();
      const db = await this.connect();
      for (;;) {
        try {
          return await this.#write(db, value, snapshot);
        } catch (error) {
          if (signal?.aborted && error === signal.reason) throw error;
          // WebKit has refused some Blob writes outright (dexie/Dexie.js #1227, #1919): the same bytes as an
          // ArrayBuffer then, in a transaction of their own (the refused one changed nothing).
          if (value instanceof Blob && isBlobRefusal(error)) {
            this.#blobsRefused = true;
            value = toArrayBuffer(bytes);
            continue;
          }
          throw await this.#toStorageError(error, 'save', bytes.byteLength);
        }
      }
    });
  }

  /** The one readwrite transaction of a save: the new record, the pointer naming it, older records deleted. */
  #write(
    db: IDBDatabase,
    value: Blob | ArrayBuffer,
    snapshot: {
      sha256: string;
      savedAt: string;
      bytes: number;
      keepPrevious: boolean;
      signal: AbortSignal | undefined;
    }
  ): Promise<SnapshotInfo> {
    const { sha256, savedAt, bytes, keepPrevious, signal } = snapshot;
    return runTransaction(
      db,
      [SNAPSHOTS, META],
      'readwrite',
      (tx, guard) => {
        const snapshots = tx.objectStore(SNAPSHOTS);
        const meta = tx.objectStore(META);
        const pointerRequest = meta.get(POINTER);
        const keysRequest = snapshots.getAllKeys();
        let info: SnapshotInfo | undefined;
        // Requests in a transaction complete in order, so the pointer is read when the keys arrive.
        keysRequest.onsuccess = guard(() => {
          const stored = keysRequest.result;
          const listed = pointerForWrite(pointerRequest.result);
          const generations = [...stored, ...listed.map((s) => s.generation)].filter(isGeneration);
          const generation = Math.max(0, ...generations) + 1;
          info = { generation, savedAt, bytes, sha256 };
          const previous = listed.find(
            (s) => !this.#corrupt.has(s.generation) && stored.includes(s.generation)
          );
          const kept = previous && keepPrevious ? [info, previous] : [info];
          snapshots.put(value, generation);
          meta.put({ formatVersion: FORMAT_VERSION, snapshots: kept } satisfies Pointer, POINTER);
          for (const key of stored) {
            if (!kept.some((s) => s.generation === key)) snapshots.delete(key);
          }
        });
        return () => info as SnapshotInfo;
      },
      { signal, durability: 'strict' }
    );
  }

  loadLatest(): Promise<LoadedSnapshot | null> {
    return this.#serial(async () => {
      const db = await this.connect();
      const { pointer, keys } = await this.#readPointer(db);
      if (!pointer || pointer.snapshots.length === 0) {
        if (keys.length === 0) return null;
        throw new StorageError(
          'snapshot-corrupt',
          'Snapshots are stored but the record naming them is missing.',
          {
            snapshots: keys.length,
            reasons: 'missing-pointer'
          }
        );
      }
      const failures: { info: SnapshotInfo; reason: string; error?: unknown }[] = [];
      // One snapshot in memory at a time: they can be hundreds of megabytes each.
      for (const info of pointer.snapshots) {
        let data: unknown;
        try {
          data = await runTransaction(db, [SNAPSHOTS, META], 'readonly', (tx) => {
            const request = tx.objectStore(SNAPSHOTS).get(info.generation);
            return () => request.result;
          });
        } catch (error) {
          // A failed read says nothing about the bytes (it may be transient), so it is not marked corrupt: a
          // save after it keeps this generation rather than deleting data that was never checked.
          failures.push({ info, reason: 'unreadable', error });
          continue;
        }
        const { reason, bytes, readFailure } = await this.#verify(info, data);
        if (readFailure) {
          // The record is there but its Blob could not be read: like a failed read, not a verdict on the bytes.
          failures.push({ info, reason, error: readFailure.error });
          continue;
        }
        if (bytes) {
          const loaded: LoadedSnapshot = { bytes, info: { ...info } };
          if (failures.length > 0)
            loaded.recovered = { from: { ...failures[0].info }, reason: failures[0].reason };
          return loaded;
        }
        failures.push({ info, reason });
        this.#corrupt.add(info.generation);
      }
      const readError = failures.find((f) => f.error !== undefined);
      if (readError && failures.every((f) => f.error !== undefined)) {
        throw await this.#toStorageError(readError.error, 'load');
      }
      throw new StorageError('snapshot-corrupt', 'No stored snapshot passes its checksum.', {
        snapshots: failures.length,
        reasons: failures.map((f) => `${f.info.generation}: ${f.reason}`).join('; ')
      });
    });
  }

  list(): Promise<SnapshotInfo[]> {
    return this.#serial(async () => {
      const { pointer } = await this.#readPointer(await this.connect());
      return pointer ? pointer.snapshots.map((s) => ({ ...s })) : [];
    });
  }

  wipe(): Promise<void> {
    return this.#serial(async () => {
      await this.#connection.close();
      this.#corrupt.clear();
      await new Promise<void>((resolve, reject) => {
        let request: IDBOpenDBRequest;
        try {
          request = this.#factory.deleteDatabase(this.#name);
        } catch (error) {
          reject(error);
          return;
        }
        // `blocked` is not final: the deletion waits until other tabs' connections close (ours close on
        // `versionchange`), and only then succeeds.
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
      }).catch(async (error: unknown) => {
        throw await this.#toStorageError(error, 'wipe');
      });
    });
  }

  close(): void {
    this.#closed = true;
    void this.#connection.close();
  }

  #serial<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(() => {
      if (this.#closed) throw new StorageError('storage-closed', 'The snapshot store is closed.');
      return operation();
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #readPointer(db: IDBDatabase): Promise<{ pointer: Pointer | null; keys: IDBValidKey[] }> {
    let read: { value: unknown; keys: IDBValidKey[] };
    try {
      read = await runTransaction(db, [SNAPSHOTS, META], 'readonly', (tx) => {
        const pointerRequest = tx.objectStore(META).get(POINTER);
        const keysRequest = tx.objectStore(SNAPSHOTS).getAllKeys();
        return () => ({ value: pointerRequest.result, keys: keysRequest.result });
      });
    } catch (error) {
      throw await this.#toStorageError(error, 'load');
    }
    return { pointer: parsePointer(read.value), keys: read.keys };
  }

  /**
   * The snapshot's bytes when they are all there and pass the checksum; otherwise why not, with `readFailure`
   * when a stored Blob could not be read (which says nothing about the bytes).
   */
  async #verify(
    info: SnapshotInfo,
    data: unknown
  ): Promise<{ bytes?: Uint8Array; reason: string; readFailure?: { error: unknown } }> {
    if (data === undefined) return { reason: 'missing' };
    let buffer: ArrayBuffer;
    if (isArrayBuffer(data)) buffer = data;
    else if (data instanceof Blob) {
      if (data.size !== info.bytes) return { reason: 'size-mismatch' };
      try {
        buffer = await data.arrayBuffer();
      } catch (error) {
        return { reason: 'unreadable', readFailure: { error } };
      }
    } else return { reason: 'unreadable' };
    if (buffer.byteLength !== info.bytes) return { reason: 'size-mismatch' };
    const bytes = new Uint8Array(buffer);
    return (await sha256Hex(this.#crypto, bytes)) === info.sha256
      ? { bytes, reason: '' }
      : { reason: 'checksum-mismatch' };
  }

  async #toStorageError(error: unknown, operation: string, needed?: number): Promise<StorageError> {
    if (error instanceof StorageError) return error;
    const name = nameOf(error);
    const message = error instanceof Error ? error.message : String(error);
    let result: StorageError;
    if (QUOTA_ERRORS.has(name)) {
      const details: Record<string, number> = {};
      if (needed !== undefined) details.needed = needed;
      try {
        const estimate = await this.#storage?.estimate();
        if (estimate?.quota !== undefined) details.quota = estimate.quota;
        if (estimate?.usage !== undefined) details.usage = estimate.usage;
      } catch {
        // The estimate only decorates the message.
      }
      result = new StorageError(
        'storage-full',
        `Not enough storage space to ${operation} the database.`,
        details
      );
    } else {
      result = new StorageError(
        'storage-failed',
        `Could not ${operation} the database: ${name}: ${message}`,
        {
          operation,
          name
        }
      );
    }
    result.cause = error;
    return result;
  }
}

/**
 * The value to put: a Blob of the bytes. Chromium writes a Blob to its own file as it is, while an ArrayBuffer
 * is structured-cloned, sent over and then moved out of LevelDB into a blob file anyway
 * (`third_party/blink/renderer/modules/indexeddb/idb_value_wrapping.h`): measured for 75 MB in a page, a strict
 * write took 300-470 ms as an ArrayBuffer and 55-90 ms as a Blob, and reading it back 225-630 ms against
 * 100-350 ms. Snapshots stored as ArrayBuffers by earlier versions load as before.
 */
function toStoredValue(bytes: Uint8Array): Blob {
  return new Blob([bytes as Uint8Array<ArrayBuffer>]);
}

/** The bytes alone in an ArrayBuffer: the view's own buffer when it covers all of it, else a trimmed copy. */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = bytes;
  if (isArrayBuffer(buffer) && byteOffset === 0 && byteLength === buffer.byteLength) return buffer;
  return bytes.slice().buffer;
}

/** WebKit's "Error preparing Blob/File data to be stored in object store" (an UnknownError). */
function isBlobRefusal(error: unknown): boolean {
  return nameOf(error) === 'UnknownError' && error instanceof Error && /\bBlob\b/.test(error.message);
}

function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

function isGeneration(key: IDBValidKey): key is number {
  return typeof key === 'number' && Number.isSafeInteger(key) && key > 0;
}

function isSnapshotInfo(value: unknown): value is SnapshotInfo {
  if (typeof value !== 'object' || value === null) return false;
  const info = value as Record<string, unknown>;
  return (
    typeof info.generation === 'number' &&
    isGeneration(info.generation) &&
    typeof info.savedAt === 'string' &&
    typeof info.bytes === 'number' &&
    Number.isSafeInteger(info.bytes) &&
    info.bytes >= 0 &&
    typeof info.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(info.sha256)
  );
}

/** The stored pointer, or null when none is stored; throws when it is damaged or from a newer app. */
function parsePointer(value: unknown): Pointer | null {
  if (value === undefined) return null;
  const pointer = value as Partial<Pointer> | null;
  if (typeof pointer?.formatVersion === 'number' && pointer.formatVersion > FORMAT_VERSION) {
    throw new StorageError(
      'storage-newer-version',
      'The stored data was written by a newer version of the app.'
    );
  }
  if (
    pointer?.formatVersion !== FORMAT_VERSION ||
    !Array.isArray(pointer.snapshots) ||
    !pointer.snapshots.every(isSnapshotInfo)
  ) {
    throw new StorageError('snapshot-corrupt', 'The record naming the stored snapshots is damaged.', {
      snapshots: 0,
      reasons: 'damaged-pointer'
    });
  }
  return { formatVersion: pointer.formatVersion, snapshots: pointer.snapshots };
}

/**
 * The snapshots a save may keep as "previous". A damaged pointer names none (its snapshots cannot be verified,
 * and `loadLatest` has already reported it), so the save replaces everything rather than failing forever; a
 * pointer from a newer app is never overwritten.
 */
function pointerForWrite(value: unknown): SnapshotInfo[] {
  try {
    return parsePointer(value)?.snapshots ?? [];
  } catch (error) {
    if (error instanceof StorageError && error.code === 'snapshot-corrupt') return [];
    throw error;
  }
}
