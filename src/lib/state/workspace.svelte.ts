import { EngineCrashedError } from '../engine/errors';
import { quoteIdentifier } from '../engine/identifiers';
import type { DataEngine, ImportedTable, Progress, QueryResult, TableInfo } from '../engine/types';
import type { I18n } from './i18n.svelte';
import { describeError } from './describe-error';

export interface ImportActivity {
  fileName: string;
  progress: Progress | null;
}

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

/**
 * The first working page's state: the tables, one SQL text and its latest result. Holds no markup and no SQL
 * logic of its own; it sends intents to the engine and keeps what comes back.
 */
export class Workspace {
  tables = $state.raw<TableInfo[]>([]);
  sql = $state('');
  result = $state.raw<QueryResult | null>(null);
  queryError = $state<string | null>(null);
  running = $state(false);
  importing = $state.raw<ImportActivity | null>(null);
  notices = $state.raw<Notice[]>([]);

  readonly #engine: DataEngine;
  readonly #i18n: I18n;
  #latestRun = 0;
  #nextNotice = 1;

  constructor(engine: DataEngine, i18n: I18n) {
    this.#engine = engine;
    this.#i18n = i18n;
  }

  async refreshTables(): Promise<void> {
    this.tables = await this.#engine.describeTables();
  }

  /** Shows the bundled sample when the workspace is empty, so a first visit starts with something to see. */
  async openSample(sample: { fileName: string; bytes: Uint8Array }): Promise<void> {
    await this.refreshTables();
    if (this.tables.length > 0 || sample.bytes.length === 0) return;
    const imported = await this.#import(new Blob([sample.bytes as BlobPart]), sample.fileName);
    if (imported?.table === 'orders') {
      this.sql = exampleQuery;
      await this.run();
    }
  }

  /** Imports each file as a new table, one after another; a failed file is reported and skipped. */
  async importFiles(files: readonly File[]): Promise<void> {
    let last: ImportedTable | undefined;
    for (const file of files) last = (await this.#import(file, file.name)) ?? last;
    if (last) {
      this.sql = `SELECT * FROM ${quoteIdentifier(last.table)} LIMIT 100`;
      await this.run();
    }
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
      this.queryError = describeError(error, this.#i18n.t);
      await this.#recover(error);
    } finally {
      if (run === this.#latestRun) this.running = false;
    }
    // A query may have created or dropped tables.
    await this.refreshTables();
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((notice) => notice.id !== id);
  }

  async #import(file: Blob, fileName: string): Promise<ImportedTable | undefined> {
    const { t } = this.#i18n;
    this.importing = { fileName, progress: null };
    try {
      const imported = await this.#engine.importCsv(
        { file, fileName },
        { onProgress: (progress) => (this.importing = { fileName, progress }) }
      );
      this.#notify(
        'info',
        t('import.done', { file: fileName, table: imported.table, rows: imported.rowCount })
      );
      return imported;
    } catch (error) {
      this.#notify('error', t('import.failed', { file: fileName, reason: describeError(error, t) }));
      await this.#recover(error);
      return undefined;
    } finally {
      this.importing = null;
      await this.refreshTables();
    }
  }

  /** After a crash the engine restarts (reloading its last snapshot, when it has one) so work can go on. */
  async #recover(error: unknown): Promise<void> {
    if (error instanceof EngineCrashedError) await this.#engine.restart();
  }

  #notify(kind: Notice['kind'], text: string): void {
    this.notices = [...this.notices.slice(-4), { id: this.#nextNotice++, kind, text }];
  }
}
