import { loadNotebook, NOTEBOOK_LIMITS, serializeNotebook } from '../notebook';
import { newestFirst, type NotebookStore, type StoredNotebook } from '../persistence/notebook-store';
import { StorageError } from '../persistence/storage-error';

export interface NotebookLibraryOptions {
  /** The clock for `createdAt` / `updatedAt`. */
  now?: () => Date;
  /** New notebook ids; `crypto.randomUUID()` by default. */
  randomId?: () => string;
  /** The user-facing text for a storage failure; the lead passes `describeError` with the page's i18n. */
  describe?: (error: unknown) => string;
  /** The title of a duplicate; "<title> (copy)" by default (pass a translated one). */
  copyTitle?: (title: string) => string;
}

export interface NewNotebook {
  title: string;
  text: string;
  trusted: boolean;
  origin: StoredNotebook['origin'];
  fileName?: string | null;
}

/**
 * The notebooks on this device, as the page shows them: newest change first, every change visible at once,
 * written to storage behind the scenes.
 *
 * Why changes never wait for storage: `items` is the user's work, and a storage failure (quota, private mode,
 * another tab wiping) must not lose it. Each operation updates `items` first, then asks for a write. Writes go
 * out one at a time, in order; a failed write stays pending (the latest version of that notebook, or its
 * deletion) and is retried with the next write, so a quota error followed by a deletion that frees space ends
 * with everything stored. `error` says why the latest write failed and is cleared once nothing is pending.
 * Operations never reject for storage failures; they resolve when the write was attempted.
 *
 * Without a store (IndexedDB unavailable) everything works in memory for this visit and `errorCode` is
 * `storage-unavailable` from the start.
 */
export class NotebookLibrary {
  items = $state.raw<StoredNotebook[]>([]);
  /** The last deleted notebook, until undone or replaced by another deletion. */
  deleted = $state.raw<StoredNotebook | null>(null);
  /** The last storage failure, human-readable; null once everything is stored. */
  error = $state<string | null>(null);
  /** The `StorageError` code of `error` (`storage-full`, `storage-unavailable`, ...), for translations. */
  errorCode = $state<string | null>(null);

  readonly #store: NotebookStore | null;
  readonly #now: () => Date;
  readonly #randomId: () => string;
  readonly #describe: (error: unknown) => string;
  readonly #copyTitle: (title: string) => string;
  readonly #writes: WriteQueue | null;

  constructor(store: NotebookStore | null, options: NotebookLibraryOptions = {}) {
    this.#store = store;
    this.#now = options.now ?? systemClock;
    this.#randomId = options.randomId ?? (() => crypto.randomUUID());
    this.#describe =
      options.describe ?? ((error) => (error instanceof Error ? error.message : String(error)));
    this.#copyTitle = options.copyTitle ?? ((title) => `${title} (copy)`);
    this.#writes = store
      ? new WriteQueue(store, (failure) => (failure ? this.#fail(failure.error) : this.#clearError()))
      : null;
    if (store === null) {
      this.#fail(
        new StorageError(
          'storage-unavailable',
          'Notebooks cannot be kept on this device: they last this visit.'
        )
      );
    }
  }

  /**
   * Reads the stored notebooks. Notebooks created or changed in memory before it finished (or whose writes are
   * still pending) win over their stored copies; a failed read keeps `items` and sets `error`.
   */
  async load(): Promise<void> {
    if (!this.#store) return;
    let stored: StoredNotebook[];
    try {
      stored = await this.#store.list();
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.items = mergeStored(this.items, stored, this.#writes?.pendingIds() ?? []);
  }

  async create(init: NewNotebook): Promise<StoredNotebook> {
    const now = this.#timestamp();
    const notebook: StoredNotebook = {
      id: this.#randomId(),
      title: toTitle(init.title),
      text: init.text,
      createdAt: now,
      updatedAt: now,
      trusted: init.trusted,
      origin: init.origin,
      fileName: init.fileName ?? null
    };
    this.#upsert(notebook);
    await this.#write(notebook.id, notebook);
    return notebook;
  }

  /**
   * Autosave: replaces text and title, bumps `updatedAt`. Saving a notebook that was just deleted updates the
   * copy that Undo brings back (an editor may autosave after the user deleted its notebook); an unknown id is
   * ignored.
   */
  async save(id: string, update: { title: string; text: string }): Promise<void> {
    const changes = { title: toTitle(update.title), text: update.text, updatedAt: this.#timestamp() };
    if (this.deleted?.id === id) {
      this.deleted = { ...this.deleted, ...changes };
      return;
    }
    await this.#change(id, changes);
  }

  /**
   * Renames the notebook and rewrites the title inside its text, so a saved file carries the new name. When
   * the text does not load cleanly (damaged, or loading would drop something), only the record's title
   * changes: rewriting it would lose what the loader cannot read. A blank title changes nothing.
   */
  async rename(id: string, title: string): Promise<void> {
    const notebook = this.#find(id);
    const newTitle = toTitle(title);
    if (!notebook || newTitle === '' || newTitle === notebook.title) return;
    await this.#change(id, {
      title: newTitle,
      text: withTitle(notebook.text, newTitle),
      updatedAt: this.#timestamp()
    });
  }

  /** A copy under a new id, titled "<title> (copy)", as trusted as the original; throws for an unknown id. */
  async duplicate(id: string): Promise<StoredNotebook> {
    const original = this.#find(id);
    if (!original) throw new Error(`There is no notebook with the id ${id}.`);
    const now = this.#timestamp();
    const title = toTitle(this.#copyTitle(original.title));
    const copy: StoredNotebook = {
      ...original,
      id: this.#randomId(),
      title,
      text: withTitle(original.text, title),
      createdAt: now,
      updatedAt: now,
      origin: 'duplicate',
      // The copy has not been saved to any file yet.
      fileName: null
    };
    this.#upsert(copy);
    await this.#write(copy.id, copy);
    return copy;
  }

  /** The user chose to run this notebook's code; not a change to its content, so `updatedAt` stays. */
  async trust(id: string): Promise<void> {
    await this.#change(id, { trusted: true });
  }

  /** Records the file the notebook was saved to or opened from; not a change to its content. */
  async setFileName(id: string, fileName: string | null): Promise<void> {
    await this.#change(id, { fileName });
  }

  /** Deletes the notebook and keeps it in `deleted` for Undo; the previously deleted one is gone for good. */
  async remove(id: string): Promise<void> {
    const notebook = this.#find(id);
    if (!notebook) return;
    this.items = this.items.filter((n) => n.id !== id);
    this.deleted = notebook;
    await this.#write(id, null);
  }

  /** Brings back the last deleted notebook as it was (same id, same dates); null when there is none. */
  async undoRemove(): Promise<StoredNotebook | null> {
    const notebook = this.deleted;
    if (!notebook) return null;
    this.deleted = null;
    this.#upsert(notebook);
    await this.#write(notebook.id, notebook);
    return notebook;
  }

  /** Deletes every stored notebook, after any write in flight (part of wiping all local data). */
  async clearAll(): Promise<void> {
    this.items = [];
    this.deleted = null;
    if (!this.#store) return;
    await this.#writes?.drop();
    await this.#store.clear();
  }

  /** Forgets the last deletion: it can no longer be undone. */
  dismissDeleted(): void {
    this.deleted = null;
  }

  #find(id: string): StoredNotebook | undefined {
    return this.items.find((n) => n.id === id);
  }

  async #change(id: string, changes: Partial<Omit<StoredNotebook, 'id'>>): Promise<void> {
    const notebook = this.#find(id);
    if (!notebook) return;
    const changed = { ...notebook, ...changes };
    this.#upsert(changed);
    await this.#write(id, changed);
  }

  #upsert(notebook: StoredNotebook): void {
    this.items = [...this.items.filter((n) => n.id !== notebook.id), notebook].sort(newestFirst);
  }

  #timestamp(): string {
    return this.#now().toISOString();
  }

  #write(id: string, record: StoredNotebook | null): Promise<void> {
    return this.#writes?.enqueue(id, record) ?? Promise.resolve();
  }

  #fail(error: unknown): void {
    this.error = this.#describe(error);
    this.errorCode = error instanceof StorageError ? error.code : 'storage-failed';
  }

  #clearError(): void {
    this.error = null;
    this.errorCode = null;
  }
}

const systemClock = () => new Date();

/**
 * Writes to the store one at a time, in order. Each notebook has at most one pending write, its latest (a
 * record to put, or null to delete); a failed one stays pending and is attempted again with the next write.
 * After each round `settled` gets the last failure, or null once nothing is pending.
 */
class WriteQueue {
  readonly #store: NotebookStore;
  readonly #settled: (failure: { error: unknown } | null) => void;
  readonly #pending = new Map<string, StoredNotebook | null>();
  #tail: Promise<void> = Promise.resolve();

  constructor(store: NotebookStore, settled: (failure: { error: unknown } | null) => void) {
    this.#store = store;
    this.#settled = settled;
  }

  pendingIds(): string[] {
    return [...this.#pending.keys()];
  }

  /** Forgets every pending write and waits for the one in flight, if any. */
  async drop(): Promise<void> {
    this.#pending.clear();
    await this.#tail;
  }

  /** Queues the write for `id` and resolves once it was attempted; never rejects. */
  enqueue(id: string, record: StoredNotebook | null): Promise<void> {
    this.#pending.set(id, record);
    this.#tail = this.#tail.then(() => this.#flush());
    return this.#tail;
  }

  /** Attempts every pending write; one failing does not stop the others (a delete may free space). */
  async #flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    let failure: { error: unknown } | null = null;
    for (const [id, record] of [...this.#pending]) {
      try {
        if (record) await this.#store.put(record);
        else await this.#store.remove(id);
        // A newer change made while this write was on its way stays pending.
        if (this.#pending.get(id) === record) this.#pending.delete(id);
      } catch (error) {
        failure = { error };
      }
    }
    if (failure) this.#settled(failure);
    else if (this.#pending.size === 0) this.#settled(null);
  }
}

/** `items` with the stored notebooks it lacks; its own and those with a pending write win over stored copies. */
function mergeStored(
  items: readonly StoredNotebook[],
  stored: readonly StoredNotebook[],
  pendingIds: Iterable<string>
): StoredNotebook[] {
  const known = new Set([...items.map((n) => n.id), ...pendingIds]);
  return [...items, ...stored.filter((n) => !known.has(n.id))].sort(newestFirst);
}

/** One line of at most the format's label length, without control characters: the file header's rules. */
export function toTitle(raw: string): string {
  const line = raw
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const characters = Array.from(line);
  return characters.length <= NOTEBOOK_LIMITS.maxLabelChars
    ? line
    : characters.slice(0, NOTEBOOK_LIMITS.maxLabelChars).join('').trimEnd();
}

/**
 * `text` with its notebook title replaced, through the one load pipeline and the serializer; `text` itself
 * when it does not load, or loads with warnings (something would be dropped by rewriting it).
 */
export function withTitle(text: string, title: string): string {
  const loaded = loadNotebook(text);
  if (!loaded.ok || loaded.warnings.length > 0) return text;
  return serializeNotebook({ ...loaded.notebook, title });
}
