import type { DataEngine } from '../engine/types';
import {
  checkNotebookSize,
  galleryEntries,
  loadNotebook,
  normalizeNotebook,
  serializeNotebook,
  type GalleryEntry,
  type Notebook
} from '../notebook';
import { CodedError } from '../engine/errors';
import { openSealedData, SealedDataError, type SealedData } from '../notebook/sealed-data';
import type { StoredNotebook } from '../persistence/notebook-store';
import { describeError } from './describe-error';
import type { ModelTableName } from '../analyses/model';
import { ColumnMappingDraft } from './column-mapping.svelte';
import type { I18n } from './i18n.svelte';
import type { NotebookLibrary } from './notebook-library.svelte';
import { DEFAULT_WATCHDOG_MS } from '../notebook/runner';
import { NotebookSession } from './notebook-session.svelte';
import type { Workspace } from './workspace.svelte';

const TIME_LIMIT_KEY = 'crossbook.queryTimeLimitMs';

/** How long typing may go on before the notebook is written to the library. */
const AUTOSAVE_DELAY_MS = 400;

/** The gallery notebook a first visit opens, so a newcomer sees a working notebook at once. */
const WELCOME_FILE = 'customer-overview.md';

export interface SealedOffer {
  fileName: string;
  sealed: SealedData;
}

export type SealedDataOutcome =
  | { kind: 'added' }
  | { kind: 'wrong-passphrase' }
  | { kind: 'tables-exist'; tables: string[] }
  | { kind: 'failed'; message: string };

export interface StudioOptions {
  workspace: Workspace;
  library: NotebookLibrary;
  createScratchEngine: () => Promise<DataEngine>;
  i18n: I18n;
  /** Where the query time limit is remembered (`localStorage`); `null` keeps it for this visit only. */
  settings?: Pick<Storage, 'getItem' | 'setItem'> | null;
}

/**
 * The notebook side of the page: which notebook is open, how it gets in (library, gallery, file) and out
 * (autosave, file), and how data changes reach it. Every way in goes through `loadNotebook`, and a refusal
 * leaves the open notebook as it was.
 */
export class Studio {
  session = $state.raw<NotebookSession | null>(null);
  currentId = $state<string | null>(null);
  /** The open notebook's file, once saved or opened through the File System Access API. */
  fileHandle = $state.raw<FileSystemFileHandle | null>(null);
  readonly gallery: GalleryEntry[] = galleryEntries();
  /** A query running longer is stopped: the engine's worker is terminated and restarts from its last save. */
  timeLimitMs = $state(DEFAULT_WATCHDOG_MS);
  /** The column-mapping form, while it is open. */
  mappingDraft = $state.raw<ColumnMappingDraft | null>(null);
  /** Encrypted data a notebook file brought, waiting for its passphrase (or to be declined). */
  sealedOffer = $state.raw<SealedOffer | null>(null);

  readonly #options: StudioOptions;
  #autosave: ReturnType<typeof setTimeout> | null = null;
  #pendingSave: (() => Promise<void>) | null = null;

  constructor(options: StudioOptions) {
    this.#options = options;
    const saved = Number(options.settings?.getItem(TIME_LIMIT_KEY));
    if (Number.isFinite(saved) && saved >= 1000) this.timeLimitMs = saved;
  }

  /** Opens the form that maps the user's columns onto the canonical table `target` the notebook reads. */
  async openColumnMapping(target: ModelTableName): Promise<void> {
    const draft = new ColumnMappingDraft(target, this.#options.workspace.engine, this.#options.i18n);
    this.mappingDraft = draft;
    await draft.open(this.#options.workspace.tables);
  }

  /** Puts the form's mapping into the open notebook as a cell (or, with `empty`, a cell without rows). */
  async applyColumnMapping({ empty = false }: { empty?: boolean } = {}): Promise<void> {
    const draft = this.mappingDraft;
    const session = this.session;
    if (!draft || !session) return;
    if (!empty && (draft.mapping === null || draft.problems.length > 0)) return;
    this.mappingDraft = null;
    if (empty) await session.addColumnMapping([], [draft.target.name]);
    else if (draft.mapping) await session.addColumnMapping([draft.mapping]);
  }

  closeColumnMapping(): void {
    this.mappingDraft = null;
  }

  get library(): NotebookLibrary {
    return this.#options.library;
  }

  /** Opens the most recent notebook, or on a first visit the welcome notebook from the gallery. */
  async start(): Promise<void> {
    await this.library.load();
    const latest = this.library.items[0];
    if (latest) {
      await this.open(latest.id);
      return;
    }
    const welcome = this.gallery.find((entry) => entry.file === WELCOME_FILE) ?? this.gallery[0];
    if (welcome) await this.openGallery(welcome);
  }

  /** Opens a notebook from the library; `false` (with a notice) when its stored text no longer loads. */
  async open(id: string): Promise<boolean> {
    // Reopening the open notebook would rebuild it from the last autosave, dropping newer edits and results.
    if (id === this.currentId && this.session) return true;
    await this.flush();
    const record = this.library.items.find((item) => item.id === id);
    if (!record) return false;
    const loaded = loadNotebook(record.text);
    if (!loaded.ok) {
      this.#options.workspace.notify(
        'error',
        this.#options.i18n.t('notebook.openFailed', { name: record.title, reason: loaded.message })
      );
      return false;
    }
    await this.#show(record, loaded.notebook);
    return true;
  }

  async newNotebook(): Promise<void> {
    const notebook = normalizeNotebook({
      title: this.#options.i18n.t('notebook.untitled'),
      cells: [{ kind: 'sql', name: 'result1', sql: '' }]
    });
    const record = await this.library.create({
      title: notebook.title,
      text: serializeNotebook(notebook),
      trusted: true,
      origin: 'new'
    });
    await this.#show(record, notebook);
  }

  /** Bundled notebooks ship with the app, so they open trusted, as a new copy the user may change. */
  async openGallery(entry: GalleryEntry): Promise<void> {
    const loaded = loadNotebook(entry.text);
    if (!loaded.ok) return;
    const record = await this.library.create({
      title: loaded.notebook.title,
      text: entry.text,
      trusted: true,
      origin: 'gallery',
      fileName: entry.file
    });
    await this.#show(record, loaded.notebook, { run: true });
  }

  /**
   * A notebook file from disk, a drop or someone else: size checked before reading, then the one load pipeline.
   * It opens untrusted. Returns whether it opened; a refusal is shown as a notice and changes nothing.
   */
  async openFile(file: File, handle: FileSystemFileHandle | null = null): Promise<boolean> {
    const { t } = this.#options.i18n;
    const tooLarge = checkNotebookSize(file.size);
    const loaded = tooLarge ?? loadNotebook(await file.text());
    if (!loaded.ok) {
      this.#options.workspace.notify(
        'error',
        t('notebook.openFailed', { name: file.name, reason: loaded.message })
      );
      return false;
    }
    // The library keeps the notebook without the data it carried: once added, the data lives in the workspace.
    const sealed = loaded.notebook.data;
    const notebook: Notebook = { ...loaded.notebook, data: null };
    const record = await this.library.create({
      title: notebook.title || file.name,
      text: serializeNotebook(notebook),
      trusted: false,
      origin: 'file',
      fileName: file.name
    });
    await this.#show(record, notebook);
    this.fileHandle = handle;
    this.sealedOffer = sealed ? { fileName: file.name, sealed } : null;
    for (const warning of loaded.warnings) this.#options.workspace.notify('info', warning.message);
    return true;
  }

  /**
   * Decrypts the data the opened file carried and adds its tables to the workspace (same-named tables only with
   * `replace`). A wrong passphrase, a clash or a damaged file leaves the offer open and the workspace as it was.
   */
  async addSealedData(passphrase: string, { replace = false } = {}): Promise<SealedDataOutcome> {
    const offer = this.sealedOffer;
    if (!offer) return { kind: 'failed', message: '' };
    let bytes: Uint8Array;
    try {
      bytes = await openSealedData(offer.sealed, passphrase);
    } catch (error) {
      if (error instanceof SealedDataError && error.reason === 'wrong-passphrase')
        return { kind: 'wrong-passphrase' };
      return { kind: 'failed', message: describeError(error, this.#options.i18n) };
    }
    try {
      await this.#options.workspace.addTables(bytes, { replace });
    } catch (error) {
      if (error instanceof CodedError && error.code === 'tables-exist') {
        return { kind: 'tables-exist', tables: parseNames(error.details.tables) };
      }
      return { kind: 'failed', message: describeError(error, this.#options.i18n) };
    }
    this.sealedOffer = null;
    return { kind: 'added' };
  }

  /** Opens the notebook without the data it carried. */
  declineSealedData(): void {
    this.sealedOffer = null;
  }

  setTimeLimit(ms: number): void {
    this.timeLimitMs = ms;
    try {
      this.#options.settings?.setItem(TIME_LIMIT_KEY, String(ms));
    } catch {
      // Storage refused (private mode, quota): the limit holds for this visit.
    }
  }

  /** Renames a notebook; the open one through its editor, so the next autosave keeps the new title. */
  async rename(id: string, title: string): Promise<void> {
    if (id === this.currentId && this.session) {
      this.session.setTitle(title);
      await this.flush();
    } else {
      await this.library.rename(id, title);
    }
  }

  /**
   * Imports `file` as the table `expected` that the open notebook reads: the usual preview opens with that
   * name filled in; when the import is done the notebook checks the table again and re-runs what reads it.
   */
  async attachFile(expected: string, file: File): Promise<void> {
    const { imports } = this.#options.workspace;
    await imports.add([file]);
    if (imports.pending?.file === file) imports.setTarget(expected, 'fail');
  }

  /** Copies a notebook, with the open one's latest edits. */
  async duplicate(id: string): Promise<StoredNotebook> {
    await this.flush();
    return this.library.duplicate(id);
  }

  /** Deletes a notebook (undo is offered by the list); deleting the open one closes it. */
  async remove(id: string): Promise<void> {
    if (id === this.currentId) {
      await this.flush();
      await this.session?.close();
      this.session = null;
      this.currentId = null;
    }
    await this.library.remove(id);
  }

  /** Marks the open notebook trusted, here and in the library. */
  async trust(): Promise<void> {
    if (!this.session || !this.currentId) return;
    await this.session.trust();
    await this.library.trust(this.currentId);
    await this.session.runAll();
  }

  /**
   * Part of wiping all local data: drops pending edits (never written), closes the open notebook and deletes
   * every stored notebook and setting this class keeps.
   */
  async forgetAll(): Promise<void> {
    if (this.#autosave !== null) clearTimeout(this.#autosave);
    this.#autosave = null;
    this.#pendingSave = null;
    const session = this.session;
    this.session = null;
    this.currentId = null;
    this.fileHandle = null;
    this.mappingDraft = null;
    this.sealedOffer = null;
    await session?.close();
    await this.library.clearAll();
  }

  /** Writes pending edits to the library now (e.g. before the page is hidden). */
  async flush(): Promise<void> {
    if (this.#autosave !== null) clearTimeout(this.#autosave);
    this.#autosave = null;
    const save = this.#pendingSave;
    this.#pendingSave = null;
    await save?.();
  }

  /** The workspace's tables changed: the open notebook re-checks and re-runs what reads them. */
  async dataChanged(tables: readonly string[]): Promise<void> {
    await this.session?.dataChanged(tables);
  }

  async #show(record: StoredNotebook, notebook: Notebook, { run = record.trusted } = {}): Promise<void> {
    await this.flush();
    const previous = this.session;
    const id = record.id;
    const session = new NotebookSession({
      engine: this.#options.workspace.engine,
      createScratchEngine: this.#options.createScratchEngine,
      notebook,
      trusted: record.trusted,
      tables: () => this.#options.workspace.tables,
      watchdogMs: () => this.timeLimitMs,
      onWrite: () => void this.#options.workspace.refreshTables(),
      onChange: (changed) => this.#scheduleSave(id, changed)
    });
    this.session = session;
    this.currentId = id;
    this.fileHandle = null;
    await previous?.close();
    void session.checkTables();
    if (run && record.trusted) await session.runAll();
  }

  #scheduleSave(id: string, notebook: Notebook): void {
    if (this.#autosave !== null) clearTimeout(this.#autosave);
    this.#pendingSave = () =>
      this.library.save(id, { title: notebook.title, text: serializeNotebook(notebook) });
    this.#autosave = setTimeout(() => void this.flush(), AUTOSAVE_DELAY_MS);
  }
}

/** The table names an engine error carries as JSON in its details. */
function parseNames(json: string | number | undefined): string[] {
  try {
    const names: unknown = JSON.parse(String(json));
    return Array.isArray(names) ? names.map(String) : [];
  } catch {
    return [];
  }
}
