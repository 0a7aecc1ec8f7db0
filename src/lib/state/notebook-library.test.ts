import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadNotebook, normalizeNotebook, serializeNotebook } from '../notebook';
import { openNotebookStore, type NotebookStore, type StoredNotebook } from '../persistence/notebook-store';
import { StorageError } from '../persistence/storage-error';
import { NotebookLibrary, toTitle, withTitle } from './notebook-library.svelte';

const REVENUE = serializeNotebook(
  normalizeNotebook({
    title: 'Revenue',
    cells: [{ kind: 'sql', id: 'c1', name: 'revenue', sql: 'SELECT 1 AS revenue' }]
  })
);

/** A store whose writes can be made to fail, as a full disk would. */
class FlakyStore implements NotebookStore {
  full = false;
  writes = 0;
  constructor(private readonly real: NotebookStore) {}
  list() {
    return this.real.list();
  }
  get(id: string) {
    return this.real.get(id);
  }
  async put(notebook: StoredNotebook) {
    this.writes++;
    if (this.full) throw new StorageError('storage-full', 'Not enough storage space to save the notebook.');
    return this.real.put(notebook);
  }
  async remove(id: string) {
    this.writes++;
    return this.real.remove(id);
  }
  clear() {
    return this.real.clear();
  }
  close() {
    this.real.close();
  }
}

let indexedDB: IDBFactory;
let store: FlakyStore;
let minutes: number;
let ids: number;

/** Each call is one minute later than the last, from 2024-05-01T12:00Z. */
const now = () => new Date(Date.UTC(2024, 4, 1, 12, minutes++));
const at = (minute: number) => new Date(Date.UTC(2024, 4, 1, 12, minute)).toISOString();

function library(target: NotebookStore | null = store) {
  return new NotebookLibrary(target, { now, randomId: () => `id-${++ids}` });
}

/** What a reload finds. */
async function stored(): Promise<StoredNotebook[]> {
  const reopened = await openNotebookStore(indexedDB);
  const all = await reopened.list();
  reopened.close();
  return all;
}

const blank = { text: REVENUE, trusted: true, origin: 'new' } as const;

beforeEach(async () => {
  indexedDB = new IDBFactory();
  store = new FlakyStore(await openNotebookStore(indexedDB));
  minutes = 0;
  ids = 0;
});

describe('NotebookLibrary', () => {
  it('creates notebooks, newest first, and stores them', async () => {
    const lib = library();
    const first = await lib.create({ ...blank, title: 'Revenue' });
    const second = await lib.create({
      ...blank,
      title: 'Churn',
      origin: 'file',
      fileName: 'churn.md',
      trusted: false
    });
    expect(first).toEqual({
      id: 'id-1',
      title: 'Revenue',
      text: REVENUE,
      createdAt: at(0),
      updatedAt: at(0),
      trusted: true,
      origin: 'new',
      fileName: null
    });
    expect(second).toMatchObject({ id: 'id-2', origin: 'file', fileName: 'churn.md', trusted: false });
    expect(lib.items.map((n) => n.id)).toEqual(['id-2', 'id-1']);
    expect(await stored()).toEqual([second, first]);
    expect(lib.error).toBeNull();
  });

  it('loads what an earlier visit stored', async () => {
    await library().create({ ...blank, title: 'Revenue' });
    await library().create({ ...blank, title: 'Churn' });
    const lib = library();
    await lib.load();
    expect(lib.items.map((n) => n.title)).toEqual(['Churn', 'Revenue']);
  });

  it('keeps notebooks made in memory when the stored list arrives later', async () => {
    await library().create({ ...blank, title: 'Stored' });
    const lib = library();
    const early = await lib.create({ ...blank, title: 'Early' });
    await lib.load();
    expect(lib.items.map((n) => n.title)).toEqual(['Early', 'Stored']);
    expect(lib.items[0]).toBe(early);
  });

  it('autosaves text and title and moves the notebook to the top', async () => {
    const lib = library();
    const a = await lib.create({ ...blank, title: 'A' });
    await lib.create({ ...blank, title: 'B' });
    await lib.save(a.id, { title: 'A2', text: 'edited' });
    expect(lib.items.map((n) => n.title)).toEqual(['A2', 'B']);
    expect(lib.items[0]).toMatchObject({ text: 'edited', createdAt: at(0), updatedAt: at(2) });
    expect((await stored())[0]).toEqual(lib.items[0]);
  });

  it('renames the record and the title inside the text', async () => {
    const lib = library();
    const a = await lib.create({ ...blank, title: 'Revenue' });
    await lib.rename(a.id, '  Revenue\nby  channel ');
    const renamed = lib.items[0];
    expect(renamed.title).toBe('Revenue by channel');
    expect(renamed.updatedAt).toBe(at(1));
    expect(renamed.text).toBe(REVENUE.replace('title: Revenue', 'title: Revenue by channel'));
    const loaded = loadNotebook(renamed.text);
    expect(loaded.ok && loaded.notebook.title).toBe('Revenue by channel');
    expect((await stored())[0].title).toBe('Revenue by channel');
  });

  it('renames only the record when the text does not load', async () => {
    const lib = library();
    const a = await lib.create({ ...blank, title: 'Broken', text: 'not a notebook' });
    await lib.rename(a.id, 'Still broken');
    expect(lib.items[0]).toMatchObject({ title: 'Still broken', text: 'not a notebook' });
  });

  it('ignores a blank or unchanged name', async () => {
    const lib = library();
    const a = await lib.create({ ...blank, title: 'Revenue' });
    const writes = store.writes;
    await lib.rename(a.id, '   ');
    await lib.rename(a.id, 'Revenue');
    expect(lib.items[0]).toBe(a);
    expect(store.writes).toBe(writes);
  });

  it('duplicates under a new id, keeping trust, with the title in the text', async () => {
    const lib = library();
    const a = await lib.create({
      ...blank,
      title: 'Revenue',
      origin: 'file',
      fileName: 'r.md',
      trusted: false
    });
    const copy = await lib.duplicate(a.id);
    expect(copy).toEqual({
      id: 'id-2',
      title: 'Revenue (copy)',
      text: REVENUE.replace('title: Revenue', 'title: Revenue (copy)'),
      createdAt: at(1),
      updatedAt: at(1),
      trusted: false,
      origin: 'duplicate',
      fileName: null
    });
    expect(lib.items.map((n) => n.id)).toEqual(['id-2', 'id-1']);
    expect((await stored()).map((n) => n.id)).toEqual(['id-2', 'id-1']);
    await expect(lib.duplicate('nope')).rejects.toThrow(/nope/);
  });

  it('trusts a notebook without counting it as a change', async () => {
    const lib = library();
    const a = await lib.create({ ...blank, title: 'From a file', trusted: false, origin: 'file' });
    await lib.trust(a.id);
    expect(lib.items[0]).toEqual({ ...a, trusted: true });
    expect((await stored())[0]).toEqual({ ...a, trusted: true });
  });

  it('deletes, undoes and keeps only the last deletion', async () => {
    const lib = library();
    const a = await lib.create({ ...blank, title: 'A' });
    const b = await lib.create({ ...blank, title: 'B' });
    await lib.remove(a.id);
    expect(lib.items).toEqual([b]);
    expect(lib.deleted).toEqual(a);
    expect(await stored()).toEqual([b]);

    await lib.remove(b.id);
    expect(lib.deleted).toEqual(b);
    expect(await lib.undoRemove()).toEqual(b);
    expect(lib.deleted).toBeNull();
    expect(lib.items).toEqual([b]);
    expect(await stored()).toEqual([b]);
    // A is gone for good.
    expect(await lib.undoRemove()).toBeNull();
    expect(lib.items).toEqual([b]);
  });

  it('restores the latest text when an editor autosaved after the deletion', async () => {
    const lib = library();
    const a = await lib.create({ ...blank, title: 'A' });
    await lib.remove(a.id);
    await lib.save(a.id, { title: 'A', text: 'typed after delete' });
    expect(lib.items).toEqual([]);
    expect(await stored()).toEqual([]);
    await lib.undoRemove();
    expect(lib.items[0]).toMatchObject({ id: a.id, text: 'typed after delete' });
    expect((await stored())[0].text).toBe('typed after delete');
  });

  it('forgets a dismissed deletion', async () => {
    const lib = library();
    const a = await lib.create({ ...blank, title: 'A' });
    await lib.remove(a.id);
    lib.dismissDeleted();
    expect(await lib.undoRemove()).toBeNull();
    expect(await stored()).toEqual([]);
  });

  it('ignores operations on unknown ids', async () => {
    const lib = library();
    await lib.save('ghost', { title: 'x', text: 'y' });
    await lib.rename('ghost', 'x');
    await lib.trust('ghost');
    await lib.remove('ghost');
    expect(lib.items).toEqual([]);
    expect(lib.deleted).toBeNull();
    expect(store.writes).toBe(0);
  });
});

describe('NotebookLibrary when storage fails', () => {
  it('keeps the latest work in memory, says why, and stores it with the next write', async () => {
    const lib = library();
    const a = await lib.create({ ...blank, title: 'A' });
    store.full = true;
    await lib.save(a.id, { title: 'A', text: 'unsaved work' });
    expect(lib.items[0].text).toBe('unsaved work');
    expect(lib.error).toBe('Not enough storage space to save the notebook.');
    expect(lib.errorCode).toBe('storage-full');
    expect((await stored())[0].text).toBe(REVENUE);

    // Still full: a second notebook is kept in memory too.
    const b = await lib.create({ ...blank, title: 'B' });
    expect(lib.items.map((n) => n.id)).toEqual([b.id, a.id]);
    expect(lib.errorCode).toBe('storage-full');

    // Space is freed: the next write stores everything still pending and clears the error.
    store.full = false;
    await lib.trust(b.id);
    expect(lib.error).toBeNull();
    expect(lib.errorCode).toBeNull();
    const reloaded = library();
    await reloaded.load();
    expect(reloaded.items).toEqual(lib.items);
    expect(reloaded.items.find((n) => n.id === a.id)?.text).toBe('unsaved work');
  });

  it('a deletion goes through while puts fail, and the error stays until they are stored', async () => {
    const lib = library();
    const a = await lib.create({ ...blank, title: 'A' });
    const b = await lib.create({ ...blank, title: 'B' });
    store.full = true;
    await lib.save(b.id, { title: 'B', text: 'pending' });
    await lib.remove(a.id);
    expect((await stored()).map((n) => n.id)).toEqual([b.id]);
    expect(lib.errorCode).toBe('storage-full');
    store.full = false;
    await lib.undoRemove();
    expect(lib.error).toBeNull();
    expect((await stored()).map((n) => [n.id, n.text])).toEqual([
      [b.id, 'pending'],
      [a.id, REVENUE]
    ]);
  });

  it('keeps what it has when the list cannot be read', async () => {
    class UnreadableStore extends FlakyStore {
      override list(): Promise<StoredNotebook[]> {
        return Promise.reject(new StorageError('storage-failed', 'Could not load the notebooks.'));
      }
    }
    const lib = library(new UnreadableStore(store));
    const early = await lib.create({ ...blank, title: 'Early' });
    await lib.load();
    expect(lib.items).toEqual([early]);
    expect(lib.error).toBe('Could not load the notebooks.');
    expect(lib.errorCode).toBe('storage-failed');
  });

  it('works in memory without a store and says so', async () => {
    const lib = library(null);
    expect(lib.errorCode).toBe('storage-unavailable');
    const a = await lib.create({ ...blank, title: 'A' });
    await lib.rename(a.id, 'B');
    await lib.load();
    expect(lib.items.map((n) => n.title)).toEqual(['B']);
    await lib.remove(a.id);
    expect(await lib.undoRemove()).toMatchObject({ id: a.id, title: 'B' });
    expect(lib.errorCode).toBe('storage-unavailable');
  });

  it('passes errors through the describe option', () => {
    const lib = new NotebookLibrary(null, {
      describe: (error) => `described: ${(error as StorageError).code}`
    });
    expect(lib.error).toBe('described: storage-unavailable');
  });
});

describe('toTitle', () => {
  it.each([
    ['Revenue', 'Revenue'],
    ['  two\nlines\t here ', 'two lines here'],
    ['bell\u0007and\u2028separator', 'bell and separator'],
    ['', '']
  ])('%j → %j', (raw, expected) => {
    expect(toTitle(raw)).toBe(expected);
  });

  it('cuts at 1,000 characters without splitting a surrogate pair', () => {
    const title = toTitle('x' + '😀'.repeat(1200));
    expect(Array.from(title)).toHaveLength(1000);
    expect(title.endsWith('😀')).toBe(true);
  });
});

describe('withTitle', () => {
  it('keeps text that would lose something when rewritten', () => {
    const withUnknownHeader = REVENUE.replace('cells: 1', 'cells: 1\nauthor: someone');
    expect(loadNotebook(withUnknownHeader).ok).toBe(true);
    expect(withTitle(withUnknownHeader, 'New')).toBe(withUnknownHeader);
  });
});
