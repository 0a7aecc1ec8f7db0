import { deleteIndexedDb, openIndexedDb, ReusableConnection, runTransaction } from './idb';

/*
 * The workspace's secret for pseudonyms: one HMAC `CryptoKey` in an IndexedDB database of its own
 * (`crossbook-keys`). IndexedDB stores a `CryptoKey` as the key object itself (structured clone), so a key made
 * non-extractable never exists as bytes any script could read, send or save into a notebook file; it is only
 * usable in this browser profile, for this site. Wiping the workspace deletes the database, and with it every
 * way to link a pseudonym back to the value it came from.
 */

export interface KeyStore {
  /** The workspace's key, made (with `create`) and stored on first use; every later call returns the same key. */
  get(): Promise<CryptoKey>;
  /** Whether a key has been made, without making one. */
  has(): Promise<boolean>;
  /** Closes the connection. */
  close(): Promise<void>;
  /** Deletes the key and its database; a later `get` makes a new key, which no earlier pseudonym matches. */
  destroy(): Promise<void>;
}

export interface KeyStoreOptions {
  indexedDB: IDBFactory | undefined;
  /** Makes a new key; called only when none is stored yet. */
  create: () => Promise<CryptoKey>;
  /** The IndexedDB database name; tests use their own. */
  name?: string;
}

export const KEY_DATABASE = 'crossbook-keys';
const SCHEMA_VERSION = 1;
const KEYS = 'keys';
const PSEUDONYM_KEY = 'pseudonym';

export function openKeyStore({ indexedDB, create, name = KEY_DATABASE }: KeyStoreOptions): KeyStore {
  const connection = new ReusableConnection(() =>
    openIndexedDb(indexedDB, {
      name,
      version: SCHEMA_VERSION,
      upgrade: (db) => {
        if (!db.objectStoreNames.contains(KEYS)) db.createObjectStore(KEYS);
      },
      newerMessage: 'A newer version of Crossbook keeps the pseudonym key here; reload this tab.'
    })
  );

  const read = async (): Promise<CryptoKey | null> => {
    const db = await connection.get();
    return runTransaction(db, [KEYS], 'readonly', (tx) => {
      const request = tx.objectStore(KEYS).get(PSEUDONYM_KEY);
      return () => (request.result instanceof CryptoKey ? request.result : null);
    });
  };

  return {
    async get() {
      const stored = await read();
      if (stored) return stored;
      // The key is made outside the transaction (an await inside would let it commit), then stored only if
      // no other tab stored one meanwhile: both tabs end up with the first key written.
      const candidate = await create();
      const db = await connection.get();
      return runTransaction(db, [KEYS], 'readwrite', (tx, guard) => {
        const keys = tx.objectStore(KEYS);
        let key = candidate;
        const existing = keys.get(PSEUDONYM_KEY);
        existing.onsuccess = guard(() => {
          if (existing.result instanceof CryptoKey) key = existing.result;
          else keys.put(candidate, PSEUDONYM_KEY);
        });
        return () => key;
      });
    },
    async has() {
      return (await read()) !== null;
    },
    close: () => connection.close(),
    async destroy() {
      await connection.close();
      await deleteIndexedDb(indexedDB, name);
    }
  };
}
