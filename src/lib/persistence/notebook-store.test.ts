import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { faultyIndexedDB, type FaultPlan } from './faulty-indexeddb';
import {
  openNotebookStore,
  type DamagedNotebook,
  type NotebookStoreOptions,
  type StoredNotebook
} from './notebook-store';
import { StorageError } from './storage-error';

const DB_NAME = 'crossbook-notebooks';

function notebook(id: string, updatedAt: string, overrides: Partial<StoredNotebook> = {}): StoredNotebook {
  return {
    id,
    title: `Notebook ${id}`,
    text: `---\ncrossbook: 2\ntitle: Notebook ${id}\ncells: 0\n---\n`,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt,
    trusted: true,
    origin: 'new',
    fileName: null,
    ...overrides
  };
}

const A = notebook('a', '2024-03-01T10:00:00.000Z');
const B = notebook('b', '2024-03-02T10:00:00.000Z', {
  origin: 'file',
  fileName: 'b.crossbook.md',
  trusted: false
});
const C = notebook('c', '2024-02-15T10:00:00.000Z', { origin: 'gallery' });

function open(indexedDB: IDBFactory, options: NotebookStoreOptions = {}) {
  return openNotebookStore(indexedDB, options);
}

/** Writes a value straight into the object store, bypassing the store's checks: to plant damaged records. */
async function plant(indexedDB: IDBFactory, value: unknown): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction('notebooks', 'readwrite');
    tx.objectStore('notebooks').put(value);
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error);
  });
  db.close();
}

async function rejection(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason
  );
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

async function seeded(): Promise<IDBFactory> {
  const indexedDB = new IDBFactory();
  const store = await open(indexedDB);
  await store.put(A);
  await store.put(B);
  store.close();
  return indexedDB;
}

describe('openNotebookStore', () => {
  it('lists nothing in a new database', async () => {
    const store = await open(new IDBFactory());
    expect(await store.list()).toEqual([]);
    expect(await store.get('a')).toBeNull();
  });

  it('keeps notebooks across connections (a reload), newest change first', async () => {
    const indexedDB = new IDBFactory();
    const first = await open(indexedDB);
    await first.put(A);
    await first.put(B);
    await first.put(C);
    first.close();
    const second = await open(indexedDB);
    expect((await second.list()).map((n) => n.id)).toEqual(['b', 'a', 'c']);
    expect(await second.get('b')).toEqual(B);
  });

  it('orders notebooks changed in the same millisecond by id', async () => {
    const store = await open(new IDBFactory());
    const same = '2024-03-01T10:00:00.000Z';
    await store.put(notebook('z', same));
    await store.put(notebook('m', same));
    await store.put(notebook('q', '2024-03-01T09:59:59.999Z'));
    expect((await store.list()).map((n) => n.id)).toEqual(['m', 'z', 'q']);
  });

  it('replaces a notebook with the same id and stores only the known fields', async () => {
    const store = await open(new IDBFactory());
    await store.put(A);
    const renamed = { ...A, title: 'Renamed', updatedAt: '2024-04-01T00:00:00.000Z', extra: 'dropped' };
    await store.put(renamed);
    expect(await store.list()).toEqual([{ ...A, title: 'Renamed', updatedAt: '2024-04-01T00:00:00.000Z' }]);
  });

  it('removes a notebook and returns what was stored', async () => {
    const store = await open(await seeded());
    expect(await store.remove('a')).toEqual(A);
    expect(await store.remove('a')).toBeNull();
    expect((await store.list()).map((n) => n.id)).toEqual(['b']);
  });

  it('clears every notebook', async () => {
    const store = await open(await seeded());
    await store.clear();
    expect(await store.list()).toEqual([]);
  });

  it('refuses to store a record it could not read back', async () => {
    const store = await open(new IDBFactory());
    const bad = { ...A, updatedAt: 'yesterday' };
    await expect(store.put(bad)).rejects.toThrow(/updatedAt/);
    await expect(store.put({ ...A, origin: 'web' as StoredNotebook['origin'] })).rejects.toThrow(/origin/);
    expect(await store.list()).toEqual([]);
  });

  it('skips damaged records, reports them, and leaves them stored', async () => {
    const indexedDB = await seeded();
    await plant(indexedDB, { ...C, id: 'bad-text', text: 42 });
    await plant(indexedDB, { id: 'bad-trust', title: 'x', text: '', trusted: 'yes' });
    await plant(indexedDB, { ...C, id: 'bad-file', fileName: 7 });
    const reports: DamagedNotebook[][] = [];
    const store = await open(indexedDB, { onDamaged: (damaged) => reports.push(damaged) });
    expect((await store.list()).map((n) => n.id)).toEqual(['b', 'a']);
    expect(reports).toEqual([
      [
        { key: 'bad-file', field: 'fileName' },
        { key: 'bad-text', field: 'text' },
        { key: 'bad-trust', field: 'createdAt' }
      ]
    ]);
    expect(await store.get('bad-text')).toBeNull();
    expect(reports[1]).toEqual([{ key: 'bad-text', field: 'text' }]);
    // Still there for a later version or a person to rescue.
    await store.put(notebook('d', '2024-05-01T00:00:00.000Z'));
    await store.list();
    expect(reports[2]).toHaveLength(3);
  });

  it('reports IndexedDB missing or refusing as storage-unavailable', async () => {
    expect((await rejection(openNotebookStore(undefined))).code).toBe('storage-unavailable');
    const refusing = faultyIndexedDB(new IDBFactory(), {
      at: 1,
      repeat: 'forever',
      methods: ['open'],
      effect: { kind: 'throw', error: () => new DOMException('no', 'SecurityError') }
    });
    const error = await rejection(openNotebookStore(refusing.indexedDB));
    expect(error.code).toBe('storage-unavailable');
    expect(error.details.name).toBe('SecurityError');
  });

  it('reports a database upgraded by a newer app as storage-newer-version', async () => {
    const indexedDB = new IDBFactory();
    await new Promise<void>((resolve) => {
      const request = indexedDB.open(DB_NAME, 7);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
    });
    expect((await rejection(open(indexedDB))).code).toBe('storage-newer-version');
  });

  it('rejects every call after close with storage-closed', async () => {
    const store = await open(new IDBFactory());
    store.close();
    expect((await rejection(store.list())).code).toBe('storage-closed');
    expect((await rejection(store.put(A))).code).toBe('storage-closed');
  });
});

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('a failing write leaves the previous record intact', () => {
  const faults: { name: string; plan: Omit<FaultPlan, 'at' | 'repeat'>; code: string }[] = [
    {
      name: 'put throws QuotaExceededError',
      plan: { methods: ['put'], effect: { kind: 'throw', error: quota } },
      code: 'storage-full'
    },
    {
      name: 'the commit is refused with QuotaExceededError',
      plan: { methods: ['put'], effect: { kind: 'abort', error: quota } },
      code: 'storage-full'
    },
    {
      name: 'the transaction aborts without an error (reload before complete)',
      plan: { methods: ['put'], effect: { kind: 'abort', error: () => null } },
      code: 'storage-failed'
    }
  ];

  it.each(faults)('$name → $code', async ({ plan, code }) => {
    const real = await seeded();
    const faulty = faultyIndexedDB(real, { ...plan, at: 1, repeat: 'once' });
    const store = await open(faulty.indexedDB);
    const edited = { ...A, text: 'edited', updatedAt: '2024-06-01T00:00:00.000Z' };
    expect((await rejection(store.put(edited))).code).toBe(code);
    expect(faulty.injected).toBe(1);
    store.close();
    const reloaded = await open(real);
    expect(await reloaded.get('a')).toEqual(A);
    // The next write goes through.
    await reloaded.put(edited);
    expect(await reloaded.get('a')).toEqual(edited);
  });

  it('fails each IndexedDB call of a put in turn: before or after, never a mix', async () => {
    const edited = { ...B, title: 'After', text: 'after', updatedAt: '2024-06-01T00:00:00.000Z' };
    const outcomes: string[] = [];
    for (let at = 1; at < 50; at++) {
      const real = await seeded();
      const faulty = faultyIndexedDB(real, {
        at,
        repeat: 'forever',
        effect: { kind: 'abort', error: quota }
      });
      const outcome = await open(faulty.indexedDB)
        .then((store) => store.put(edited).finally(() => store.close()))
        .then(
          () => 'saved',
          (error: unknown) => (error instanceof StorageError ? error.code : 'unexpected')
        );
      outcomes.push(outcome);
      const check = await open(real);
      expect(await check.get('b')).toEqual(outcome === 'saved' ? edited : B);
      expect(await check.get('a')).toEqual(A);
      check.close();
      if (faulty.injected === 0) break;
    }
    // open, transaction, objectStore, put: the first fails to open, the others are quota failures.
    expect(outcomes).toEqual([
      'storage-unavailable',
      'storage-full',
      'storage-full',
      'storage-full',
      'saved'
    ]);
  });

  it('a failed remove keeps the notebook', async () => {
    const real = await seeded();
    const faulty = faultyIndexedDB(real, {
      at: 1,
      repeat: 'once',
      methods: ['delete'],
      effect: { kind: 'abort', error: () => new DOMException('disk', 'UnknownError') }
    });
    const store = await open(faulty.indexedDB);
    const error = await rejection(store.remove('a'));
    expect(error.code).toBe('storage-failed');
    expect(error.details).toEqual({ operation: 'delete', name: 'UnknownError' });
    expect(await store.get('a')).toEqual(A);
  });
});
