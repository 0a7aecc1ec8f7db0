import { EngineCrashedError } from '../engine/errors';
import { quoteIdentifier } from '../engine/identifiers';
import type { DataEngine, PersistenceStatus, QueryResult, TableInfo } from '../engine/types';
import { toArrowIpc } from '../export/arrow';
import { toCsv } from '../export/csv';
import { requestPersistentStorage } from '../persistence/persistent-storage';
import type { I18n } from './i18n.svelte';
import { describeError } from './describe-error';
import { ImportQueue, type ImportOutcome } from './import-queue.svelte';

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

/** How many result rows the page renders; the rest are counted, not drawn (virtual scrolling comes later). */
export const shownRowLimit = 1000;

const exampleQuery = `SELECT country, count(*) AS orders, round(sum(amount_eur), 2) AS revenue_eur
FROM orders
GROUP BY country
ORDER BY revenue_eur DESC`;

const sqliteMagic = 'SQLite format 3\0';

/**
 * The workspace page's state: the tables, one SQL text and its latest result, the import queue and where the
 * data is kept. Holds no markup and no SQL logic of its own; it sends intents to the engine and keeps what
 * comes back.
 */
export class Workspace {
  tables = $state.raw<TableInfo[]>([]);
  sql = $state('');
  result = $state.raw<QueryResult | null>(null);
  queryError = $state<string | null>(null);
  running = $state(false);
  notices = $state.raw<Notice[]>([]);
  persistence = $state.raw<PersistenceStatus | null>(null);
  /** Whether the browser promised not to evict this site's storage (`navigator.storage.persist()`). */
  persisted = $state<boolean | null>(null);
  /** Files whose import ended (stored, refused or cancelled) since the page loaded. */
  importOutcomes = $state(0);
  readonly imports: ImportQueue;

  readonly #engine: DataEngine;
  readonly #i18n: I18n;
  #latestRun = 0;
  #nextNotice = 1;

  constructor(engine: DataEngine, i18n: I18n) {
    this.#engine = engine;
    this.#i18n = i18n;
    this.imports = new ImportQueue(engine, (outcome) => this.#imported(outcome));
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
   * Opens what was saved on this device; on a first visit (nothing saved) shows the bundled sample, so a
   * newcomer starts with something to see.
   */
  async open(sample: { fileName: string; bytes: Uint8Array }): Promise<void> {
    await Promise.all([this.refreshTables(), this.refreshPersistence()]);
    if (this.persistence?.recovered) {
      this.#notify('error', this.#i18n.t('storage.recovered', { reason: this.persistence.recovered.reason }));
    }
    if (this.tables.length > 0) {
      const first = this.tables.find((table) => table.name === 'orders') ?? this.tables[0];
      return this.queryTable(first);
    }
    if (sample.bytes.length === 0) return;
    try {
      await this.#engine.importCsv({ file: new Blob([sample.bytes as BlobPart]), fileName: sample.fileName });
    } catch (error) {
      this.#notify('error', describeError(error, this.#i18n));
      return;
    }
    await Promise.all([this.refreshTables(), this.refreshPersistence()]);
    this.sql = exampleQuery;
    await this.run();
  }

  /** Dropped or picked files: SQLite databases are opened, everything else goes to the import preview. */
  async addFiles(files: readonly File[]): Promise<void> {
    const csvFiles: File[] = [];
    for (const file of files) {
      if (await isSqliteFile(file)) await this.openDatabase(file);
      else csvFiles.push(file);
    }
    if (csvFiles.length > 0) await this.imports.add(csvFiles);
  }

  /** Replaces the whole workspace with a SQLite database file (the caller has asked the user first). */
  async openDatabase(file: File): Promise<void> {
    const { t } = this.#i18n;
    try {
      await this.#engine.loadDatabase(new Uint8Array(await file.arrayBuffer()));
      this.#notify('info', t('storage.opened', { file: file.name }));
    } catch (error) {
      this.#notify(
        'error',
        t('import.failed', { file: file.name, reason: describeError(error, this.#i18n) })
      );
    }
    await Promise.all([this.refreshTables(), this.refreshPersistence()]);
    this.result = null;
  }

  /** The whole database as a SQLite file, for a backup or another tool. */
  async exportDatabase(): Promise<Blob> {
    const bytes = await this.#engine.exportDatabase();
    return new Blob([bytes as BlobPart], { type: 'application/vnd.sqlite3' });
  }

  /**
   * The latest result as a file: CSV with spreadsheet formulas neutralised (text starting with `=`, `+`, `-`,
   * `@`... gets a leading `'`; real numbers stay numbers), or an Arrow IPC file with exact types.
   */
  resultFile(format: 'csv' | 'arrow'): Blob | null {
    if (!this.result) return null;
    return format === 'csv'
      ? new Blob([toCsv(this.result)], { type: 'text/csv;charset=utf-8' })
      : new Blob([toArrowIpc(this.result) as BlobPart], { type: 'application/vnd.apache.arrow.file' });
  }

  /** Deletes every stored byte and empties the workspace (the caller has asked the user first). */
  async wipe(): Promise<void> {
    this.imports.clear();
    await this.#engine.wipeStorage();
    this.result = null;
    this.queryError = null;
    this.sql = '';
    await Promise.all([this.refreshTables(), this.refreshPersistence()]);
    this.#notify('info', this.#i18n.t('storage.wiped'));
  }

  queryTable(table: TableInfo): Promise<void> {
    this.sql = `SELECT * FROM ${quoteIdentifier(table.name)} LIMIT 100`;
    return this.run();
  }

  /** Runs the SQL text; when runs overlap, only the newest one's outcome is kept. */
  async run(): Promise<void> {
    const run = ++this.#latestRun;
    this.running = true;
    try {
      const result = await this.#engine.query(this.sql);
      if (run !== this.#latestRun) return;
      this.result = result;
      this.queryError = null;
    } catch (error) {
      if (run !== this.#latestRun) return;
      this.queryError = describeError(error, this.#i18n);
      await this.#recover(error);
    } finally {
      if (run === this.#latestRun) this.running = false;
    }
    // The engine saves after every change, so only a new snapshot can mean new or dropped tables; listing
    // the tables counts every table's rows, too much to repeat after each read. Without a working store,
    // the tables are listed anyway.
    const savedBefore = this.persistence?.lastSaved?.generation;
    await this.refreshPersistence();
    const status = this.persistence;
    if (!status?.available || status.saveError || status.lastSaved?.generation !== savedBefore) {
      await this.refreshTables();
    }
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((notice) => notice.id !== id);
  }

  async #imported({ file, imported, error, cancelled }: ImportOutcome): Promise<void> {
    const { t } = this.#i18n;
    this.importOutcomes++;
    if (imported) {
      this.#notify('info', t('import.done', { file, table: imported.table, rows: imported.rowCount }));
      for (const warning of imported.warnings) {
        if (warning.code === 'column-widened') {
          this.#notify(
            'info',
            t('import.widened', { column: warning.column ?? '', lines: (warning.lines ?? []).join(', ') })
          );
        }
        if (warning.code === 'values-kept-as-text') {
          this.#notify(
            'info',
            t('import.keptAsText', {
              count: warning.count ?? 0,
              column: warning.column ?? '',
              lines: (warning.lines ?? []).join(', ')
            })
          );
        }
      }
      this.sql = `SELECT * FROM ${quoteIdentifier(imported.table)} LIMIT 100`;
      await this.run();
    } else if (cancelled) {
      this.#notify('info', t('import.cancelled', { file }));
    } else {
      this.#notify('error', t('import.failed', { file, reason: describeError(error, this.#i18n) }));
      await this.#recover(error);
    }
    await Promise.all([this.refreshTables(), this.refreshPersistence()]);
  }

  /** After a crash the engine restarts from its last saved snapshot, so work can go on. */
  async #recover(error: unknown): Promise<void> {
    if (error instanceof EngineCrashedError) await this.#engine.restart();
  }

  #notify(kind: Notice['kind'], text: string): void {
    this.notices = [...this.notices.slice(-4), { id: this.#nextNotice++, kind, text }];
  }
}

async function isSqliteFile(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, sqliteMagic.length).arrayBuffer());
  return String.fromCharCode(...head) === sqliteMagic;
}
