import { installReferenceTables } from '../analyses/reference/install';
import { REFERENCE_TABLE_NAMES } from '../analyses/reference/reference-tables';
import { EngineCrashedError } from '../engine/errors';
import type {
  DataEngine,
  ForgetColumn,
  ForgetReport,
  PersistenceStatus,
  TableImport,
  TableInfo
} from '../engine/types';
import type { KeyStore } from '../persistence/key-store';
import { requestPersistentStorage } from '../persistence/persistent-storage';
import type { I18n } from './i18n.svelte';
import type { DemoFile } from './demo-files';
import { describeError } from './describe-error';
import { ImportQueue, type ImportOutcome } from './import-queue.svelte';

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

const sqliteMagic = 'SQLite format 3\0';

/**
 * The workspace's data: its tables, the import queue, notices and where the data is kept (the notebook that
 * queries it is `NotebookSession`). Holds no markup and no SQL logic of its own; it sends intents to the engine and keeps what
 * comes back.
 */
export class Workspace {
  tables = $state.raw<TableInfo[]>([]);
  notices = $state.raw<Notice[]>([]);
  persistence = $state.raw<PersistenceStatus | null>(null);
  /** Whether the browser promised not to evict this site's storage (`navigator.storage.persist()`). */
  persisted = $state<boolean | null>(null);
  /** True while a first visit's demo workspace is being generated and imported. */
  loadingDemo = $state(false);
  /** Files whose import ended (stored, refused or cancelled) since the page loaded. */
  importOutcomes = $state(0);
  readonly imports: ImportQueue;
  /** Told which tables were added, replaced or dropped, so the open notebook can re-run what reads them. */
  ondatachange: ((tables: readonly string[]) => void) | null = null;

  /** Settles when `open` has finished, so the notebook runs only once the data it reads is there. */
  readonly opened: Promise<void>;
  #markOpened: () => void = () => {};
  readonly #engine: DataEngine;
  readonly #i18n: I18n;
  readonly #keys: KeyStore | null;
  #nextNotice = 1;

  /** `keys` holds the secret behind pseudonyms; without it, columns can be kept or dropped but not pseudonymised. */
  constructor(engine: DataEngine, i18n: I18n, { keys = null }: { keys?: KeyStore | null } = {}) {
    this.#engine = engine;
    this.#i18n = i18n;
    this.#keys = keys;
    this.opened = new Promise((resolve) => (this.#markOpened = resolve));
    this.imports = new ImportQueue(engine, (outcome) => this.#imported(outcome), {
      pseudonymKey: () => (keys ? keys.get() : Promise.reject(new Error(i18n.t('privacy.noKeyStore'))))
    });
  }

  /** The engine holding the workspace's data, for the notebook that queries it. */
  get engine(): DataEngine {
    return this.#engine;
  }

  async refreshTables(): Promise<void> {
    this.tables = await this.#engine.describeTables();
  }

  /** Asks the browser not to evict this site's storage; it may refuse, and the panel then says so. */
  async requestPersistence(storage: StorageManager | undefined): Promise<void> {
    this.persisted = (await requestPersistentStorage(storage)).persisted;
  }

  async refreshPersistence(): Promise<void> {
    this.persistence = await this.#engine.persistence();
  }

  /**
   * Opens what was saved on this device; on a first visit (nothing saved) loads the demo workspace, so a
   * newcomer starts with something to see. Either way the bundled reference tables are added if missing.
   */
  async open(demo: () => Promise<readonly DemoFile[]>): Promise<void> {
    try {
      await this.#open(demo);
    } finally {
      this.#markOpened();
    }
  }

  async #open(demo: () => Promise<readonly DemoFile[]>): Promise<void> {
    await Promise.all([this.refreshTables(), this.refreshPersistence()]);
    if (this.persistence?.recovered) {
      this.notify('error', this.#i18n.t('storage.recovered', { reason: this.persistence.recovered.reason }));
    }
    try {
      const firstVisit = this.tables.length === 0;
      // Reference tables first: on a first visit the database is still small, so their saves are quick.
      await installReferenceTables(this.#engine);
      if (firstVisit) {
        this.loadingDemo = true;
        for (const file of await demo()) {
          await this.#engine.importCsv({ file: new Blob([file.bytes as BlobPart]), fileName: file.fileName });
        }
      }
    } catch (error) {
      this.notify('error', describeError(error, this.#i18n));
    } finally {
      this.loadingDemo = false;
    }
    await Promise.all([this.refreshTables(), this.refreshPersistence()]);
  }

  /**
   * Dropped or picked files: SQLite databases are opened (replacing the workspace, so only once `confirm`
   * says yes), everything else goes to the import preview.
   */
  async addFiles(files: readonly File[], confirm: (file: File) => boolean = () => false): Promise<void> {
    const csvFiles: File[] = [];
    for (const file of files) {
      if (!(await isSqliteFile(file))) csvFiles.push(file);
      else if (confirm(file)) await this.openDatabase(file);
    }
    if (csvFiles.length > 0) await this.imports.add(csvFiles);
  }

  /** Replaces the whole workspace with a SQLite database file (the caller has asked the user first). */
  async openDatabase(file: File): Promise<void> {
    const { t } = this.#i18n;
    try {
      await this.#engine.loadDatabase(new Uint8Array(await file.arrayBuffer()));
      await installReferenceTables(this.#engine);
      this.notify('info', t('storage.opened', { file: file.name }));
    } catch (error) {
      this.notify('error', t('import.failed', { file: file.name, reason: describeError(error, this.#i18n) }));
    }
    await this.#refreshAfterChange();
  }

  /** The whole database as a SQLite file, for a backup or another tool. */
  async exportDatabase(): Promise<Blob> {
    const bytes = await this.#engine.exportDatabase();
    return new Blob([bytes as BlobPart], { type: 'application/vnd.sqlite3' });
  }

  /**
   * Adds the tables of a SQLite file (a shared notebook's data, once decrypted) to the workspace; tables of the
   * same name are replaced only with `replace`. Rejects as the engine does (`tables-exist`, a damaged file), and
   * then nothing changed.
   */
  async addTables(bytes: Uint8Array, { replace = false }: { replace?: boolean } = {}): Promise<TableImport> {
    const added = await this.#engine.importTables(bytes, { ifExists: replace ? 'replace' : 'fail' });
    const names = added.tables.map(({ table }) => table);
    this.notify(
      'info',
      this.#i18n.t('share.added', {
        count: names.length,
        tables: added.tables.map(({ table, rowCount }) => `${table} (${rowCount})`).join(', ')
      })
    );
    await Promise.all([this.refreshTables(), this.refreshPersistence()]);
    this.ondatachange?.(names);
    return added;
  }

  /** Deletes every stored byte and empties the workspace (the caller has asked the user first). */
  async wipe(): Promise<void> {
    this.imports.clear();
    await this.#engine.wipeStorage();
    await this.#keys?.destroy();
    await this.#refreshAfterChange();
    this.notify('info', this.#i18n.t('storage.wiped'));
  }

  /**
   * Right to erasure: removes these customers' rows from every table listed (and the database file keeps no
   * trace of them), reports the rows removed per table, and lets the notebook re-run what read them.
   * Returns the report, or `null` when it failed (said in a notice; nothing was deleted).
   */
  async forgetCustomers(
    ids: readonly string[],
    columns: readonly ForgetColumn[]
  ): Promise<ForgetReport | null> {
    const { t } = this.#i18n;
    let report: ForgetReport;
    try {
      report = await this.#engine.forgetCustomers({ ids, columns });
    } catch (error) {
      this.notify('error', t('forget.failed', { reason: describeError(error, this.#i18n) }));
      return null;
    }
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local tally, never state
    const byTable = new Map<string, number>();
    for (const { table, rows } of report.removed) byTable.set(table, (byTable.get(table) ?? 0) + rows);
    const summary = [...byTable].map(([table, rows]) => t('forget.table', { table, rows })).join(', ');
    this.notify('info', t('forget.done', { count: ids.length, summary }));
    await Promise.all([this.refreshTables(), this.refreshPersistence()]);
    this.ondatachange?.([...byTable.keys()]);
    return report;
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((notice) => notice.id !== id);
  }

  async #imported({ file, imported, error, cancelled }: ImportOutcome): Promise<void> {
    const { t } = this.#i18n;
    this.importOutcomes++;
    if (imported) {
      this.notify('info', t('import.done', { file, table: imported.table, rows: imported.rowCount }));
      const pseudonymised = imported.columns.filter((column) => column.privacy === 'pseudonymised');
      if (pseudonymised.length > 0 || imported.dropped.length > 0) {
        this.notify(
          'info',
          t('privacy.imported', {
            pseudonymised: pseudonymised.length,
            pseudonymisedList: pseudonymised.map((column) => column.label).join(', '),
            dropped: imported.dropped.length,
            droppedList: imported.dropped.join(', ')
          })
        );
      }
      for (const warning of imported.warnings) {
        if (warning.code === 'column-widened') {
          this.notify(
            'info',
            t('import.widened', { column: warning.column ?? '', lines: (warning.lines ?? []).join(', ') })
          );
        }
        if (warning.code === 'values-kept-as-text') {
          this.notify(
            'info',
            t('import.keptAsText', {
              count: warning.count ?? 0,
              column: warning.column ?? '',
              lines: (warning.lines ?? []).join(', ')
            })
          );
        }
      }
    } else if (cancelled) {
      this.notify('info', t('import.cancelled', { file }));
    } else {
      this.notify('error', t('import.failed', { file, reason: describeError(error, this.#i18n) }));
      await this.#recover(error);
    }
    // A workspace emptied by a wipe gets the reference tables back with its first data. The table list the
    // page holds says whether they are there, so an ordinary import does not list the tables twice.
    const lacking = !REFERENCE_TABLE_NAMES.every((name) =>
      this.tables.some((table) => table.name.toLowerCase() === name)
    );
    const added = imported && lacking ? await installReferenceTables(this.#engine).catch(() => []) : [];
    await Promise.all([this.refreshTables(), this.refreshPersistence()]);
    if (imported) this.ondatachange?.([imported.table, ...added]);
  }

  /** After the whole database changed: every table old or new may have changed for the notebook. */
  async #refreshAfterChange(): Promise<void> {
    const before = this.tables.map((table) => table.name);
    await Promise.all([this.refreshTables(), this.refreshPersistence()]);
    const names = [...before, ...this.tables.map((table) => table.name)];
    this.ondatachange?.(names.filter((name, index) => names.indexOf(name) === index));
  }

  /** After a crash the engine restarts from its last saved snapshot, so work can go on. */
  async #recover(error: unknown): Promise<void> {
    if (error instanceof EngineCrashedError) await this.#engine.restart();
  }

  /** Shows a message in the notices area (the last five are kept). */
  notify(kind: Notice['kind'], text: string): void {
    this.notices = [...this.notices.slice(-4), { id: this.#nextNotice++, kind, text }];
  }
}

async function isSqliteFile(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, sqliteMagic.length).arrayBuffer());
  return String.fromCharCode(...head) === sqliteMagic;
}
