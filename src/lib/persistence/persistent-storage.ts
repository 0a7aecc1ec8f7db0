export interface StorageStatus {
  /** True when the browser promised not to evict this origin's storage under pressure. */
  persisted: boolean;
  usage?: number;
  quota?: number;
}

/**
 * Requests persistence (`navigator.storage.persist`) once and reports the status; tolerant of missing APIs
 * (Safari private mode, workers without `StorageManager.persist`).
 *
 * Storage is "best effort" by default and whole origins are evicted under pressure; Safari deletes the storage
 * of sites not visited for 7 days (RELIABILITY.md finding 9). The request may be refused — headless Chromium
 * says no to a fresh origin — so the UI shows the status and offers a backup export either way.
 * `persist()` is exposed to windows only: call this from the page; in a worker it reports `persisted()`.
 * Firefox asks the user and the promise waits for the answer, so do not block start-up on it.
 */
export async function requestPersistentStorage(storage: StorageManager | undefined): Promise<StorageStatus> {
  const status: StorageStatus = { persisted: false };
  if (!storage) return status;
  status.persisted = await settle(() => storage.persisted?.());
  if (!status.persisted) status.persisted = await settle(() => storage.persist?.());
  try {
    const estimate = await storage.estimate?.();
    if (typeof estimate?.usage === 'number') status.usage = estimate.usage;
    if (typeof estimate?.quota === 'number') status.quota = estimate.quota;
  } catch {
    // Usage is informative only.
  }
  return status;
}

/** The boolean a StorageManager call resolves to; anything else (missing method, throw, rejection) is false. */
async function settle(call: () => Promise<boolean> | undefined): Promise<boolean> {
  try {
    return (await call()) === true;
  } catch {
    return false;
  }
}
