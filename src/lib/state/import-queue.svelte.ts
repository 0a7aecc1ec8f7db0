import type { PersonalDataTreatment } from '../import/personal-data';
import type { PlanOverrides } from '../import/plan';
import type { CsvPreview, DataEngine, ImportedTable, PersonalDataChoice, Progress } from '../engine/types';

/** One file waiting for the user's decision in the preview. */
export interface PendingImport {
  file: File;
  preview: CsvPreview;
  overrides: PlanOverrides;
  table: string;
  ifExists: 'fail' | 'replace' | 'append';
  /** Set while a new preview is being computed after an override. */
  refreshing: boolean;
  /**
   * What becomes of each column found to hold personal data, by column name: the preview pre-selects the
   * suggestion (pseudonymise e-mails, phones and IPs; drop names, addresses and bank or card numbers) and the
   * user may keep, drop or pseudonymise any column.
   */
  personalData: Record<string, PersonalDataTreatment>;
}

/** A running import, with the figures the progress bar shows. */
export interface RunningImport {
  fileName: string;
  table: string;
  progress: Progress | null;
  startedAt: number;
  /** Bytes per second over the import so far. */
  rate: number | null;
  /** Estimated milliseconds left; `null` until there is a rate, or when the total size is unknown. */
  remainingMs: number | null;
}

export interface ImportOutcome {
  file: string;
  imported?: ImportedTable;
  error?: unknown;
  cancelled?: boolean;
}

export type OutcomeListener = (outcome: ImportOutcome) => Promise<void> | void;

/**
 * Files go through preview → import one after another: the user sees how each will be read (and can change
 * it) before anything is stored; a running import shows bytes, rows, rate and time left, and can be cancelled.
 */
export class ImportQueue {
  waiting = $state.raw<File[]>([]);
  pending = $state.raw<PendingImport | null>(null);
  running = $state.raw<RunningImport | null>(null);

  readonly #engine: DataEngine;
  readonly #onOutcome: OutcomeListener;
  readonly #pseudonymKey: () => Promise<CryptoKey>;
  readonly #now: () => number;
  #abort: AbortController | null = null;

  constructor(
    engine: DataEngine,
    onOutcome: OutcomeListener,
    {
      pseudonymKey = () => Promise.reject(new Error('This workspace keeps no pseudonym key.')),
      now = () => performance.now()
    }: { pseudonymKey?: () => Promise<CryptoKey>; now?: () => number } = {}
  ) {
    this.#engine = engine;
    this.#onOutcome = onOutcome;
    this.#pseudonymKey = pseudonymKey;
    this.#now = now;
  }

  get busy(): boolean {
    return this.pending !== null || this.running !== null || this.waiting.length > 0;
  }

  /** Queues files; the first one is previewed at once. */
  async add(files: readonly File[]): Promise<void> {
    this.waiting = [...this.waiting, ...files];
    if (!this.pending && !this.running) await this.#next();
  }

  /** Re-reads the file with the user's changes (encoding, delimiter, header, column types). */
  async change(overrides: PlanOverrides): Promise<void> {
    const current = this.pending;
    if (!current) return;
    const merged: PlanOverrides = {
      ...current.overrides,
      ...overrides,
      columns: { ...current.overrides.columns, ...overrides.columns }
    };
    this.pending = { ...current, overrides: merged, refreshing: true };
    try {
      const preview = await this.#engine.previewCsv(
        { file: current.file, fileName: current.file.name },
        merged
      );
      if (this.pending?.file === current.file) {
        const personalData = { ...suggestedTreatments(preview), ...this.pending.personalData };
        this.pending = { ...this.pending, preview, personalData, refreshing: false };
      }
    } catch (error) {
      this.pending = { ...current, refreshing: false };
      await this.#onOutcome({ file: current.file.name, error });
    }
  }

  /** Keeps, drops or pseudonymises one column of the file being previewed. */
  setPersonalData(column: string, treatment: PersonalDataTreatment): void {
    if (this.pending) {
      this.pending = { ...this.pending, personalData: { ...this.pending.personalData, [column]: treatment } };
    }
  }

  setTarget(table: string, ifExists: PendingImport['ifExists']): void {
    if (this.pending) this.pending = { ...this.pending, table, ifExists };
  }

  skip(): Promise<void> {
    this.pending = null;
    return this.#next();
  }

  async confirm(): Promise<void> {
    const job = this.pending;
    if (!job) return;
    this.pending = null;
    const abort = new AbortController();
    this.#abort = abort;
    const startedAt = this.#now();
    this.running = {
      fileName: job.file.name,
      table: job.table,
      progress: null,
      startedAt,
      rate: null,
      remainingMs: null
    };
    try {
      const personalData = toChoices(job);
      const pseudonymKey = personalData.some((choice) => choice.treatment === 'pseudonymise')
        ? await this.#pseudonymKey()
        : undefined;
      const imported = await this.#engine.importCsv(
        {
          file: job.file,
          fileName: job.file.name,
          table: job.table,
          ifExists: job.ifExists,
          overrides: job.overrides,
          plan: job.preview,
          personalData,
          pseudonymKey
        },
        { signal: abort.signal, onProgress: (progress) => this.#progress(progress) }
      );
      this.running = null;
      await this.#onOutcome({ file: job.file.name, imported });
    } catch (error) {
      this.running = null;
      await this.#onOutcome({ file: job.file.name, error, cancelled: abort.signal.aborted });
    } finally {
      this.#abort = null;
    }
    await this.#next();
  }

  /** Stops the running import; the database stays as it was before it. */
  cancel(): void {
    this.#abort?.abort(new DOMException('The import was cancelled.', 'AbortError'));
  }

  /** Drops everything queued (e.g. on a new drop while the user is deciding). */
  clear(): void {
    this.waiting = [];
    this.pending = null;
  }

  #progress(progress: Progress): void {
    const running = this.running;
    if (!running) return;
    const elapsed = this.#now() - running.startedAt;
    const rate = progress.phase === 'insert' && elapsed > 0 ? (progress.done / elapsed) * 1000 : running.rate;
    const remainingMs =
      rate && progress.total !== null && progress.phase === 'insert'
        ? ((progress.total - progress.done) / rate) * 1000
        : running.remainingMs;
    this.running = { ...running, progress, rate, remainingMs };
  }

  async #next(): Promise<void> {
    const [file, ...rest] = this.waiting;
    this.waiting = rest;
    if (!file) return;
    try {
      const preview = await this.#engine.previewCsv({ file, fileName: file.name });
      this.pending = {
        file,
        preview,
        overrides: {},
        table: preview.table,
        // The suggested name is always free; replacing or appending is only ever the user's explicit choice.
        ifExists: 'fail',
        refreshing: false,
        personalData: suggestedTreatments(preview)
      };
    } catch (error) {
      await this.#onOutcome({ file: file.name, error });
      await this.#next();
    }
  }
}

function suggestedTreatments(preview: CsvPreview): Record<string, PersonalDataTreatment> {
  return Object.fromEntries(preview.personalData.map((finding) => [finding.column, finding.suggested]));
}

/** The engine's list of choices: every column not kept, with its kind (for normalising before hashing). */
function toChoices({ preview, personalData }: PendingImport): PersonalDataChoice[] {
  return preview.columns.flatMap(({ name }): PersonalDataChoice[] => {
    const treatment = personalData[name];
    if (treatment === undefined || treatment === 'keep') return [];
    const kind = preview.personalData.find((finding) => finding.column === name)?.kind;
    return [{ column: name, treatment, ...(kind ? { kind } : {}) }];
  });
}
