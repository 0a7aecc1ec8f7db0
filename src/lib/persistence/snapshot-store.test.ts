import { createHash } from 'node:crypto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { faultyIndexedDB } from './faulty-indexeddb';
import { seededBytes } from './seeded-random';
import { openSnapshotStore, type SnapshotStoreOptions } from './snapshot-store';
import { StorageError } from './storage-error';

const DB_NAME = 'crossbook-snapshots';
const fixedClock = () => new Date('2024-05-01T12:00:00.000Z');

function open(indexedDB: IDBFactory, options: Partial<SnapshotStoreOptions> = {}) {
  return openSnapshotStore({ indexedDB, now: fixedClock, ...options });
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Direct access to the stored records, bypassing the store: to corrupt them, or to check what is there. */
async function raw<T>(
  indexedDB: IDBFactory,
  mode: IDBTransactionMode,
  body: (snapshots: IDBObjectStore, meta: IDBObjectStore) => IDBRequest | void
): Promise<T> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(['snapshots', 'meta'], mode);
      const request = body(tx.objectStore('snapshots'), tx.objectStore('meta'));
      tx.oncomplete = () => resolve(request?.result as T);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

const storedKeys = (indexedDB: IDBFactory) =>
  raw<IDBValidKey[]>(indexedDB, 'readonly', (snapshots) => snapshots.getAllKeys());
const storedData = (indexedDB: IDBFactory, generation: number) =>
  raw<unknown>(indexedDB, 'readonly', (snapshots) => snapshots.get(generation));
const replaceData = (indexedDB: IDBFactory, generation: number, value: unknown) =>
  raw<void>(indexedDB, 'readwrite', (snapshots) => void snapshots.put(value, generation));

async function storedBytes(indexedDB: IDBFactory, generation: number): Promise<Uint8Array> {
  const data = await storedData(indexedDB, generation);
  return new Uint8Array(data instanceof Blob ? await data.arrayBuffer() : (data as ArrayBuffer));
}

async function flipByte(indexedDB: IDBFactory, generation: number, offset: number) {
  const data = await storedBytes(indexedDB, generation);
  data[offset] ^= 0x01;
  await replaceData(indexedDB, generation, new Blob([data as Uint8Array<ArrayBuffer>]));
}

async function rejection(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason
  );
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

const A = seededBytes(1, 4096);
const B = seededBytes(2, 5000);
const C = seededBytes(3, 3000);

describe('openSnapshotStore', () => {
  it('round-trips a snapshot byte for byte with its SHA-256', async () => {
    const store = await open(new IDBFactory());
    const info = await store.save(A);
    expect(info).toEqual({
      generation: 1,
      savedAt: '2024-05-01T12:00:00.000Z',
      bytes: 4096,
      sha256: sha256(A)
    });
    const loaded = await store.loadLatest();
    expect(loaded?.bytes).toEqual(A);
    expect(loaded?.info).toEqual(info);
    expect(loaded?.recovered).toBeUndefined();
    expect(await store.list()).toEqual([info]);
  });

  it('can save a snapshot as the only one, dropping the previous good one (after an erasure)', async () => {
    const indexedDB = new IDBFactory();
    const store = await open(indexedDB);
    await store.save(A);
    await store.save(B);
    expect((await store.list()).map((info) => info.generation)).toEqual([2, 1]);
    const only = await store.save(C, { keepPrevious: false });
    expect(await store.list()).toEqual([only]);
    expect(await storedKeys(indexedDB)).toEqual([3]);
    expect((await store.loadLatest())?.bytes).toEqual(C);
  });

  it('round-trips an 8 MiB snapshot', async () => {
    const big = seededBytes(7, 8 * 1024 * 1024);
    const store = await open(new IDBFactory());
    const info = await store.save(big);
    expect(info.sha256).toBe(sha256(big));
    const loaded = (await store.loadLatest())?.bytes ?? new Uint8Array();
    // Byte comparison through Buffer: a deep `toEqual` over 8 million elements takes a minute.
    expect(Buffer.compare(Buffer.from(loaded), Buffer.from(big))).toBe(0);
  });

  it('returns null and lists nothing when nothing is stored', async () => {
    const store = await open(new IDBFactory());
    expect(await store.loadLatest()).toBeNull();
    expect(await store.list()).toEqual([]);
  });

  it('keeps the current and the previous generation and deletes older ones', async () => {
    const indexedDB = new IDBFactory();
    const store = await open(indexedDB);
    await store.save(A);
    const second = await store.save(B);
    const third = await store.save(C);
    expect((await store.list()).map((s) => s.generation)).toEqual([3, 2]);
    expect(await store.list()).toEqual([third, second]);
    expect(await storedKeys(indexedDB)).toEqual([2, 3]);
    expect((await store.loadLatest())?.bytes).toEqual(C);
  });

  it('stores the bytes as a Blob of exactly the view, even when the view is part of a larger buffer', async () => {
    const indexedDB = new IDBFactory();
    const store = await open(indexedDB);
    const backing = seededBytes(4, 1000);
    const view = backing.subarray(100, 300);
    await store.save(view);
    expect(await storedData(indexedDB, 1)).toBeInstanceOf(Blob);
    expect(await storedBytes(indexedDB, 1)).toEqual(backing.slice(100, 300));
    backing.fill(0);
    expect((await store.loadLatest())?.bytes).toEqual(seededBytes(4, 1000).slice(100, 300));
  });

  it('loads a snapshot an earlier version stored as an ArrayBuffer, and checks it the same way', async () => {
    const indexedDB = new IDBFactory();
    const store = await open(indexedDB);
    await store.save(A);
    await store.save(B);
    await replaceData(indexedDB, 2, B.slice().buffer);
    expect((await store.loadLatest())?.bytes).toEqual(B);
    const damaged = B.slice();
    damaged[9] ^= 1;
    await replaceData(indexedDB, 2, damaged.buffer);
    const loaded = await store.loadLatest();
    expect(loaded?.bytes).toEqual(A);
    expect(loaded?.recovered?.reason).toBe('checksum-mismatch');
  });

  it('treats a stored Blob it cannot read as a failed read: not corrupt, kept by the next save', async () => {
    const indexedDB = new IDBFactory();
    const store = await open(indexedDB);
    const first = await store.save(A);
    const second = await store.save(B);
    const read = vi.spyOn(Blob.prototype, 'arrayBuffer');
    read.mockRejectedValueOnce(new DOMException('The file is gone', 'NotFoundError'));
    try {
      const loaded = await store.loadLatest();
      expect(loaded?.bytes).toEqual(A);
      expect(loaded?.recovered).toEqual({ from: second, reason: 'unreadable' });
      const third = await store.save(C);
      expect(await store.list()).toEqual([third, second]);
      // Every Blob unreadable: a storage failure, not corruption.
      read.mockRejectedValue(new DOMException('The file is gone', 'NotFoundError'));
      expect((await rejection(store.loadLatest())).code).toBe('storage-failed');
      expect(await store.list()).toEqual([third, second]);
    } finally {
      read.mockRestore();
    }
    expect(first.generation).toBe(1);
  });

  it('stores an ArrayBuffer instead when the browser refuses to store a Blob (WebKit)', async () => {
    const indexedDB = new IDBFactory();
    const refusing = faultyIndexedDB(indexedDB, {
      at: 1,
      repeat: 'once',
      methods: ['put'],
      effect: {
        kind: 'throw',
        error: () =>
          new DOMException('Error preparing Blob/File data to be stored in object store', 'UnknownError')
      }
    });
    const store = await open(refusing.indexedDB);
    await store.save(A);
    const info = await store.save(B);
    expect(refusing.injected).toBe(1);
    expect(info.generation).toBe(2);
    // After one refusal, no more Blobs are tried.
    expect(Object.prototype.toString.call(await storedData(indexedDB, 1))).toBe('[object ArrayBuffer]');
    expect(Object.prototype.toString.call(await storedData(indexedDB, 2))).toBe('[object ArrayBuffer]');
    expect((await store.loadLatest())?.bytes).toEqual(B);
    expect(await storedKeys(indexedDB)).toEqual([1, 2]);
  });

  it('survives reopening: a new store on the same database loads what the old one saved', async () => {
    const indexedDB = new IDBFactory();
    const first = await open(indexedDB);
    await first.save(A);
    await first.save(B);
    first.close();
    const second = await open(indexedDB);
    expect((await second.loadLatest())?.bytes).toEqual(B);
    expect((await second.save(C)).generation).toBe(3);
  });

  it('loads the previous snapshot, saying why, when the newest fails its checksum', async () => {
    const indexedDB = new IDBFactory();
    const store = await open(indexedDB);
    const first = await store.save(A);
    const second = await store.save(B);
    await flipByte(indexedDB, 2, 1234);
    const loaded = await store.loadLatest();
    expect(loaded?.bytes).toEqual(A);
    expect(loaded?.info).toEqual(first);
    expect(loaded?.recovered).toEqual({ from: second, reason: 'checksum-mismatch' });
  });

  it('drops the corrupt snapshot and keeps the good one on the next save', async () => {
    const indexedDB = new IDBFactory();
    const store = await open(indexedDB);
    await store.save(A);
    await store.save(B);
    await flipByte(indexedDB, 2, 0);
    await store.loadLatest();
    await store.save(C);
    expect((await store.list()).map((s) => s.generation)).toEqual([3, 1]);
    expect(await storedKeys(indexedDB)).toEqual([1, 3]);
    await replaceData(indexedDB, 3, new Blob([new Uint8Array(3000)]));
    expect((await store.loadLatest())?.bytes).toEqual(A);
  });

  it.each([
    ['missing', undefined],
    ['unreadable', 'not bytes'],
    ['size-mismatch', new Blob([new Uint8Array(10)])],
    ['size-mismatch', new ArrayBuffer(10)]
  ])('falls back when the newest is %s', async (reason, value) => {
    const indexedDB = new IDBFactory();
    const store = await open(indexedDB);
    await store.save(A);
    await store.save(B);
    if (value === undefined) await raw(indexedDB, 'readwrite', (snapshots) => void snapshots.delete(2));
    else await replaceData(indexedDB, 2, value);
    const loaded = await store.loadLatest();
    expect(loaded?.bytes).toEqual(A);
    expect(loaded?.recovered?.reason).toBe(reason);
  });

  it("throws 'snapshot-corrupt' with the reasons when every snapshot is corrupt", async () => {
    const indexedDB = new IDBFactory();
    const store = await open(indexedDB);
    await store.save(A);
    await store.save(B);
    await flipByte(indexedDB, 1, 4095);
    await replaceData(indexedDB, 2, new Blob([B.slice(0, 4000)]));
    const error = await rejection(store.loadLatest());
    expect(error.code).toBe('snapshot-corrupt');
    expect(error.details).toEqual({ snapshots: 2, reasons: '2: size-mismatch; 1: checksum-mismatch' });
  });

  it('keeps snapshots it could not read: a save after a failed load deletes nothing unverified', async () => {
    const indexedDB = new IDBFactory();
    const seed = await open(indexedDB);
    await seed.save(A);
    const second = await seed.save(B);
    // get #1 reads the pointer; #2 and #3 read the two snapshots.
    const flaky = faultyIndexedDB(indexedDB, {
      at: 2,
      repeat: 2,
      methods: ['get'],
      effect: { kind: 'throw', error: () => new DOMException('I/O', 'UnknownError') }
    });
    const store = await open(flaky.indexedDB);
    const error = await rejection(store.loadLatest());
    expect(error.code).toBe('storage-failed');
    expect(flaky.injected).toBe(2);
    const third = await store.save(C);
    expect(await store.list()).toEqual([third, second]);
    expect((await store.loadLatest())?.bytes).toEqual(C);
  });

  it("throws 'snapshot-corrupt' for a damaged pointer, and the next save starts afresh", async () => {
    const indexedDB = new IDBFactory();
    const store = await open(indexedDB);
    await store.save(A);
    await raw(
      indexedDB,
      'readwrite',
      (_, meta) => void meta.put({ formatVersion: 1, snapshots: 'x' }, 'pointer')
    );
    const error = await rejection(store.loadLatest());
    expect(error.code).toBe('snapshot-corrupt');
    expect(error.details.reasons).toBe('damaged-pointer');
    const saved = await store.save(B);
    expect(saved.generation).toBe(2);
    expect(await store.list()).toEqual([saved]);
    expect(await storedKeys(indexedDB)).toEqual([2]);
  });

  it("throws 'snapshot-corrupt' when snapshots are stored without a pointer", async () => {
    const indexedDB = new IDBFactory();
    const store = await open(indexedDB);
    await store.save(A);
    await raw(indexedDB, 'readwrite', (_, meta) => void meta.delete('pointer'));
    expect((await rejection(store.loadLatest())).details).toEqual({
      snapshots: 1,
      reasons: 'missing-pointer'
    });
  });

  it('refuses to read or overwrite data written by a newer version', async () => {
    const indexedDB = new IDBFactory();
    const store = await open(indexedDB);
    await store.save(A);
    await raw(
      indexedDB,
      'readwrite',
      (_, meta) => void meta.put({ formatVersion: 2, snapshots: [] }, 'pointer')
    );
    expect((await rejection(store.loadLatest())).code).toBe('storage-newer-version');
    expect((await rejection(store.save(B))).code).toBe('storage-newer-version');
    expect(await storedKeys(indexedDB)).toEqual([1]);
  });

  it("reports 'storage-newer-version' when the database schema is newer", async () => {
    const indexedDB = new IDBFactory();
    await new Promise<void>((resolve) => {
      const request = indexedDB.open(DB_NAME, 2);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
    });
    expect((await rejection(open(indexedDB))).code).toBe('storage-newer-version');
  });

  it("reports 'storage-unavailable' when IndexedDB cannot be opened", async () => {
    const failing = faultyIndexedDB(new IDBFactory(), {
      at: 1,
      repeat: 'forever',
      effect: { kind: 'throw', error: () => new DOMException('private mode', 'InvalidStateError') }
    });
    const error = await rejection(open(failing.indexedDB));
    expect(error.code).toBe('storage-unavailable');
    expect(error.details).toEqual({ name: 'InvalidStateError' });
  });

  it("throws 'storage-full' with the sizes on a quota error and keeps the stored snapshots", async () => {
    const indexedDB = new IDBFactory();
    await (await open(indexedDB)).save(A);
    const quota = faultyIndexedDB(indexedDB, {
      at: 1,
      repeat: 'forever',
      methods: ['put'],
      effect: {
        kind: 'throw',
        error: () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')
      }
    });
    const storage = { estimate: async () => ({ usage: 4096, quota: 6000 }) } as unknown as StorageManager;
    const store = await open(quota.indexedDB, { storage });
    const error = await rejection(store.save(B));
    expect(error.code).toBe('storage-full');
    expect(error.details).toEqual({ needed: 5000, quota: 6000, usage: 4096 });
    expect(quota.injected).toBe(1);
    const check = await open(indexedDB);
    expect(await check.list()).toHaveLength(1);
    expect((await check.loadLatest())?.bytes).toEqual(A);
  });

  it('wipes every stored byte, and the store stays usable', async () => {
    const indexedDB = new IDBFactory();
    const store = await open(indexedDB);
    await store.save(A);
    await store.save(B);
    await store.wipe();
    expect(await indexedDB.databases()).toEqual([]);
    expect(await store.loadLatest()).toBeNull();
    await store.save(C);
    expect((await store.loadLatest())?.bytes).toEqual(C);
  });

  it('wipes while another tab holds the database open; that tab then sees nothing', async () => {
    const indexedDB = new IDBFactory();
    const store = await open(indexedDB);
    const otherTab = await open(indexedDB);
    await store.save(A);
    expect((await otherTab.loadLatest())?.bytes).toEqual(A);
    await store.wipe();
    expect(await otherTab.loadLatest()).toBeNull();
  });

  it('runs calls one at a time in the order they were made', async () => {
    const store = await open(new IDBFactory());
    const calls = [
      store.save(A),
      store.save(B),
      store.loadLatest(),
      store.wipe(),
      store.list(),
      store.save(C)
    ];
    const [, , loaded, , listed, last] = await Promise.all(calls);
    expect((loaded as { bytes: Uint8Array }).bytes).toEqual(B);
    expect(listed).toEqual([]);
    expect(last).toMatchObject({ generation: 1 });
  });

  it('rejects with the signal’s reason and changes nothing when cancelled before the commit', async () => {
    const indexedDB = new IDBFactory();
    await (await open(indexedDB)).save(A);
    const reason = new DOMException('cancelled', 'AbortError');

    const before = new AbortController();
    before.abort(reason);
    const store = await open(indexedDB);
    await expect(store.save(B, { signal: before.signal })).rejects.toBe(reason);

    const during = new AbortController();
    const hooked = faultyIndexedDB(indexedDB, null, (_, method) => {
      if (method === 'put') during.abort(reason);
    });
    const hookedStore = await open(hooked.indexedDB);
    await expect(hookedStore.save(B, { signal: during.signal })).rejects.toBe(reason);

    expect((await store.list()).map((s) => s.generation)).toEqual([1]);
    expect((await store.loadLatest())?.bytes).toEqual(A);
  });

  it('keeps a save that committed even if the signal aborts afterwards', async () => {
    const store = await open(new IDBFactory());
    const controller = new AbortController();
    const info = await store.save(A, { signal: controller.signal });
    controller.abort();
    expect((await store.loadLatest())?.info).toEqual(info);
  });

  it("rejects every call with 'storage-closed' after close", async () => {
    const store = await open(new IDBFactory());
    store.close();
    expect((await rejection(store.save(A))).code).toBe('storage-closed');
    expect((await rejection(store.loadLatest())).code).toBe('storage-closed');
  });
});
