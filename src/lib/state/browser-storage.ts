import { deleteIndexedDb } from '../persistence/idb';
import { KEY_DATABASE } from '../persistence/key-store';
import { NOTEBOOK_DATABASE } from '../persistence/notebook-store';
import { SNAPSHOT_DATABASE } from '../persistence/snapshot-store';

/**
 * The rest of "wipe all local data", beyond the database and the notebooks: this site's settings in
 * `localStorage` (keys starting `crossbook.`), its Cache Storage and any service worker. Crossbook uses no cache
 * and no service worker itself; they are cleared so that "every stored byte" holds whatever put them there.
 */
export async function wipeBrowserStorage(scope: {
  localStorage?: Storage;
  caches?: CacheStorage;
  navigator?: { serviceWorker?: ServiceWorkerContainer };
}): Promise<void> {
  const storage = safely(() => scope.localStorage);
  if (storage) {
    const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter(
      (key): key is string => key !== null && key.startsWith('crossbook.')
    );
    for (const key of keys) storage.removeItem(key);
  }
  if (scope.caches) {
    for (const name of await scope.caches.keys()) await scope.caches.delete(name);
  }
  const registrations = (await scope.navigator?.serviceWorker?.getRegistrations()) ?? [];
  for (const registration of registrations) await registration.unregister();
}

/** This page's `localStorage`, or undefined where reading it throws (some privacy modes): settings then last one visit. */
export function safeLocalStorage(): Storage | undefined {
  return safely(() => window.localStorage);
}

/** `localStorage` throws in some privacy modes. */
function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Crossbook's IndexedDB databases: the database snapshots, the notebooks and the pseudonym key. */
export const DEVICE_DATABASES = [SNAPSHOT_DATABASE, NOTEBOOK_DATABASE, KEY_DATABASE] as const;

/**
 * Every stored byte, before anything is open (the expiry check at start-up): deletes Crossbook's IndexedDB
 * databases outright, then the rest as `wipeBrowserStorage` does. With no connection open, nothing can block
 * the deletion.
 */
export async function wipeDeviceStorage(scope: {
  indexedDB?: IDBFactory;
  localStorage?: Storage;
  caches?: CacheStorage;
  navigator?: { serviceWorker?: ServiceWorkerContainer };
}): Promise<void> {
  const factory = safely(() => scope.indexedDB);
  for (const name of DEVICE_DATABASES) await deleteIndexedDb(factory, name);
  await wipeBrowserStorage(scope);
}
