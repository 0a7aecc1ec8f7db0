/* eslint-disable svelte/prefer-svelte-reactivity -- maps here are built, assigned to `$state.raw` fields whole
   and never mutated afterwards (or are local scratch sets); replacing them is what signals a change. */
import type { DataEngine, QueryResult, TableInfo } from '../engine/types';
import {
  buildGraph,
  compareTables,
  defaultParameterValues,
  nextCellId,
  normalizeNotebook,
  readersOf,
  serializeNotebook,
  tablesRead,
  toNameKey,
  toSqlParams,
  toTableFingerprint,
  type Cell,
  type CellKind,
  type CellSpec,
  type Notebook,
  type NotebookGraph,
  type ParameterValue,
  type TableCheck
} from '../notebook';
import { withDataChecks, withMapping } from '../analyses/mapping/cells';
import type { TableMapping } from '../analyses/mapping/types';
import { MODEL_TABLE_NAMES, type ModelTableName } from '../analyses/model';
import { toAutoChart } from '../charts/auto-chart';
import { quoteIdentifier } from '../engine/identifiers';
import { measureTable } from '../notebook/measure';
import { suppressionOf, type Suppression } from './suppression';
import { sealData, type SealedData } from '../notebook/sealed-data';
import { NotebookRunner, type CellOutput, type CellRun, type RunSummary } from '../notebook/runner';
import { statementKind } from '../notebook/sql-references';

export interface NotebookSessionOptions {
  /** The workspace's engine, holding the user's data. */
  engine: DataEngine;
  /** A fresh engine with an empty database that is never saved: an untrusted notebook runs on a copy there. */
  createScratchEngine: () => Promise<DataEngine>;
  notebook: Notebook;
  /** Whether the user wrote or trusted this notebook. An untrusted one runs nothing until asked to. */
  trusted: boolean;
  /** The data tables in the workspace now. */
  tables: () => readonly TableInfo[];
  /** A cell that may write (a script or a non-SELECT statement) ran on the real data: list the tables again. */
  onWrite?: () => void;
  /** Called after every change to the document (not to results or parameter values), e.g. for autosave. */
  onChange?: (notebook: Notebook) => void;
  /** The query time limit in ms, read before each query. */
  watchdogMs?: () => number;
}

/** Where an untrusted notebook's SQL runs: nowhere yet, or a throw-away copy of the data. */
export type Sandbox = 'none' | 'copying' | 'ready';

/** A deleted cell, kept until the next deletion so it can be put back. */
interface DeletedCell {
  cell: Cell;
  index: number;
}

/**
 * One open notebook: its document, what each cell's last run produced, the current parameter values, and the
 * rules for running. Edits replace `notebook` with a new object (so components can compare by identity);
 * results live beside it in `runs`, never in the document, so saving writes no data.
 *
 * Trust, as in Jupyter: a notebook from a file or someone else opens untrusted. Nothing runs until the user
 * either runs it on a throw-away copy of the data (its SQL then cannot change the workspace, whatever it does:
 * sql.js has no authorizer, and `PRAGMA query_only` can be switched off by the SQL itself) or trusts it.
 */
export class NotebookSession {
  notebook = $state.raw<Notebook>(normalizeNotebook({}));
  runs = $state.raw<ReadonlyMap<string, CellRun>>(new Map());
  /**
   * Each cell's latest successful output, kept while the cell runs again, so results do not vanish and the
   * page does not jump under the reader; dropped when the cell fails or cannot run.
   */
  outputs = $state.raw<ReadonlyMap<string, CellOutput>>(new Map());
  /** How many times each cell was queued to run: a run that ends as it started still counts. */
  runCounts = $state.raw<ReadonlyMap<string, number>>(new Map());
  values = $state.raw<ReadonlyMap<string, ParameterValue>>(new Map());
  trusted = $state(false);
  sandbox = $state<Sandbox>('none');
  running = $state(false);
  /** Why the last run stopped early, when it did. */
  stopped = $state<'cancelled' | 'watchdog' | null>(null);
  deleted = $state.raw<DeletedCell | null>(null);
  /** What the notebook expects of each data table, compared with the workspace. */
  tableChecks = $state.raw<TableCheck[]>([]);
  /**
   * Tables the notebook expects, answered by tables of the user's with other names (expected → actual). Each
   * becomes a TEMP view of the expected name before every run, so the notebook's SQL stays as it was written.
   */
  mappings = $state.raw<ReadonlyMap<string, string>>(new Map());
  /**
   * Shows results and charts as they would be shared: small groups suppressed (the notebook's k). Exports are
   * always suppressed; this lets the analyst see on screen what a colleague or a screenshot would get.
   */
  sharedView = $state(false);
  /** Per result name, the column the user chose as its number of customers (otherwise it is guessed). */
  countColumns = $state.raw<ReadonlyMap<string, string>>(new Map());

  readonly graph: NotebookGraph;
  readonly params: ReturnType<typeof toSqlParams>;
  /** Each cell's signature now; a cell whose last run has another one is stale. */
  readonly signatures: ReadonlyMap<string, string>;

  readonly #options: NotebookSessionOptions;
  readonly #runner: NotebookRunner;
  #scratch: DataEngine | null = null;
  #closed = false;

  constructor(options: NotebookSessionOptions) {
    this.#options = options;
    this.#runner = new NotebookRunner({
      engine: () => this.#engine(),
      beforeRun: () => this.#applyMappings(),
      onUpdate: (id, run) => {
        const runs = new Map(this.runs);
        runs.set(id, run);
        this.runs = runs;
        if ((run.status === 'done' && run.output) || run.status === 'failed' || run.status === 'blocked') {
          const outputs = new Map(this.outputs);
          if (run.status === 'done' && run.output) outputs.set(id, run.output);
          else outputs.delete(id);
          this.outputs = outputs;
        }
        if (run.status === 'queued') {
          const counts = new Map(this.runCounts);
          counts.set(id, (counts.get(id) ?? 0) + 1);
          this.runCounts = counts;
        }
      },
      watchdogMs: options.watchdogMs
    });
    this.notebook = options.notebook;
    this.trusted = options.trusted;
    this.values = defaultParameterValues(options.notebook);
    this.graph = $derived(buildGraph(this.notebook, { tables: this.#tableNames() }));
    this.params = $derived(toSqlParams(this.notebook, this.values));
    this.signatures = $derived(this.#runner.signatures(this.notebook, this.params, this.graph));
  }

  /** The workspace's data tables now. */
  tables(): readonly TableInfo[] {
    return this.#options.tables();
  }

  /** Whether running now touches the real data (trusted) or a copy (untrusted, after `runOnCopy`). */
  get canRun(): boolean {
    return this.trusted || this.sandbox === 'ready';
  }

  /** A SQL cell that ran with other SQL, parameters or upstream results than it has now. */
  isStale(id: string): boolean {
    const run = this.runs.get(id);
    return run?.status === 'done' && run.output !== null && run.signature !== this.signatures.get(id);
  }

  /** The names of the SQL cells' results, in notebook order: what charts and inputs can take data from. */
  get resultNames(): string[] {
    return resultNames(this.notebook);
  }

  /**
   * The rows of the SQL cell that defines `name` (its latest successful run, also while it runs again), for
   * charts, markdown values and inputs.
   */
  resultNamed(name: string): QueryResult | null {
    const key = toNameKey(name);
    const cell = this.notebook.cells.find(
      (candidate) => candidate.kind === 'sql' && candidate.name !== null && toNameKey(candidate.name) === key
    );
    const output = cell && this.outputs.get(cell.id);
    return output?.kind === 'rows' ? output.result : null;
  }

  // Running.

  runAll(): Promise<RunSummary | null> {
    return this.#run('all');
  }

  runCell(id: string): Promise<RunSummary | null> {
    return this.#run([id]);
  }

  cancel(): void {
    this.#runner.cancel();
  }

  /** Sets a parameter and re-runs what reads it. */
  setValue(name: string, value: ParameterValue): Promise<RunSummary | null> {
    const values = new Map(this.values);
    values.set(name, value);
    this.values = values;
    const input = this.notebook.cells.find((cell) => cell.kind === 'input' && cell.name === name);
    return input ? this.#run([input.id], { onlyIfRunBefore: true }) : Promise.resolve(null);
  }

  /** The workspace's data changed (an import, a replaced table): re-run what reads those tables. */
  async dataChanged(tables: readonly string[]): Promise<RunSummary | null> {
    void this.checkTables();
    // A copy made before the change would show old data as if it were new: the next run makes a new copy.
    if (this.#scratch) {
      await this.#dropScratch();
      return null;
    }
    const readers = readersOf(this.graph, { tables });
    return readers.length > 0 ? this.#run(readers, { onlyIfRunBefore: true }) : Promise.resolve(null);
  }

  /** Copies the workspace's database into a scratch engine and runs the untrusted notebook there. */
  async runOnCopy(): Promise<RunSummary | null> {
    if (this.trusted) return this.runAll();
    await this.#ensureScratch();
    return this.runAll();
  }

  /** The user vouches for the notebook: from now on it runs on the real data. */
  async trust(): Promise<void> {
    this.trusted = true;
    await this.#dropScratch();
  }

  /** Compares the tables the notebook expects with the workspace's (names, columns, types, counts, hashes). */
  async checkTables(): Promise<void> {
    let expected = this.notebook.tables;
    if (expected.length === 0) {
      this.tableChecks = [];
      return;
    }
    const byName = new Map(this.#options.tables().map((table) => [toNameKey(table.name), table]));
    // A table the notebook's own cells define (a column mapping) is not expected of the workspace.
    const defined = new Set(this.resultNames.map(toNameKey));
    expected = expected.filter((table) => !defined.has(toNameKey(table.name)));
    const measured = [];
    for (const { name, contentHash } of expected) {
      const mapped = this.mappings.get(name);
      const table = byName.get(toNameKey(mapped ?? name));
      if (!table) continue;
      if (contentHash === null) {
        // A template names columns only: reading every row for a hash it does not compare would cost seconds.
        const columns = table.columns.map(({ name, declaredType, privacy }) => ({
          name,
          type: declaredType,
          ...(privacy ? { privacy } : {})
        }));
        measured.push({ name, columns, rowCount: null, contentHash: null });
        continue;
      }
      // A mapped table is measured as the table it stands in for.
      measured.push({ ...(await measureTable(this.#options.engine, table)), name });
    }
    this.tableChecks = compareTables(expected, measured);
  }

  /**
   * Puts column mappings into the notebook as cells named after the canonical tables (replacing earlier ones of
   * the same tables), `empty` ones for tables the data has nothing for, and data checks over every canonical
   * table the notebook can now read; then runs it.
   */
  async addColumnMapping(
    mappings: readonly TableMapping[],
    empty: readonly ModelTableName[] = []
  ): Promise<RunSummary | null> {
    const mapped = withMapping(this.notebook, mappings, empty);
    const defined = new Set(resultNames(mapped).map(toNameKey));
    const workspace = new Set(this.#options.tables().map((table) => toNameKey(table.name)));
    const present = MODEL_TABLE_NAMES.filter((name) => defined.has(name) || workspace.has(name));
    this.#change(withDataChecks(mapped, present));
    await this.checkTables();
    return this.canRun ? this.runAll() : null;
  }

  /** Lets the user's table `actual` stand in for the table `expected` the notebook reads; `null` removes it. */
  async mapTable(expected: string, actual: string | null): Promise<void> {
    const mappings = new Map(this.mappings);
    if (actual === null) mappings.delete(expected);
    else mappings.set(expected, actual);
    this.mappings = mappings;
    if (actual === null) {
      await this.#engine()
        .exec(`DROP VIEW IF EXISTS temp.${quoteIdentifier(expected)}`)
        .catch(() => undefined);
    }
    await this.checkTables();
    const readers = readersOf(this.graph, { tables: [expected] });
    if (readers.length > 0) await this.#run(readers);
  }

  /** The names SQL may read: the workspace's tables and the mapped stand-ins. */
  #tableNames(): string[] {
    return [...this.#options.tables().map((table) => table.name), ...this.mappings.keys()];
  }

  /**
   * Where SQL runs: the scratch copy when there is one, the workspace only when trusted. Never falls back to
   * the workspace for an untrusted notebook, e.g. for a run queued before its copy was dropped.
   */
  #engine(): DataEngine {
    if (this.#scratch) return this.#scratch;
    if (!this.trusted) throw new Error('This notebook is not trusted: it runs only on a copy of your data.');
    return this.#options.engine;
  }

  /** (Re)creates the stand-in views: a restarted engine or a fresh scratch copy has none. */
  async #applyMappings(): Promise<void> {
    const script = [...this.mappings]
      .map(
        ([expected, actual]) =>
          `DROP VIEW IF EXISTS temp.${quoteIdentifier(expected)}; ` +
          `CREATE TEMP VIEW ${quoteIdentifier(expected)} AS SELECT * FROM main.${quoteIdentifier(actual)};`
      )
      .join('\n');
    if (script !== '') await this.#engine().exec(script);
  }

  /** The workspace's tables the notebook's SQL reads: what its fingerprint describes and "include data" carries. */
  dataTables(): TableInfo[] {
    const read = new Set(tablesRead(this.graph).map(toNameKey));
    return this.#options
      .tables()
      .filter((table) => read.has(toNameKey(table.name)) && table.kind === 'table');
  }

  /**
   * The notebook file as it should be saved: with a fresh fingerprint of every data table its SQL reads, and no
   * data. With `data`, those tables are included too, encrypted under the passphrase (`sealData`: AES-GCM with
   * a PBKDF2-derived key), for a colleague who has the passphrase but not the data.
   */
  async toFileText({ data }: { data?: { passphrase: string } } = {}): Promise<string> {
    const read = new Set(tablesRead(this.graph).map(toNameKey));
    const tables = this.dataTables();
    const fingerprints = [];
    for (const table of tables) {
      const measured = await measureTable(this.#options.engine, table);
      fingerprints.push(
        toTableFingerprint(
          {
            name: table.name,
            columns: measured.columns,
            rowCount: measured.rowCount ?? 0,
            dropped: measured.dropped
          },
          measured.contentHash as string
        )
      );
    }
    // Tables the notebook expected but this workspace lacks keep their old fingerprint: the file still says what
    // the author's data was.
    const kept = this.notebook.tables.filter(
      (table) =>
        read.has(toNameKey(table.name)) && !tables.some((t) => toNameKey(t.name) === toNameKey(table.name))
    );
    let sealed: SealedData | null = null;
    if (data) {
      const names = tables.map((table) => table.name);
      if (names.length === 0) throw new NoDataToIncludeError();
      sealed = await sealData(await this.#options.engine.exportTables(names), data.passphrase, {
        tables: names
      });
    }
    return serializeNotebook({ ...this.notebook, tables: [...fingerprints, ...kept], data: sealed });
  }

  /** Releases the results and views stored for this notebook and any scratch copy. */
  async close(): Promise<void> {
    this.#closed = true;
    const views = [...this.mappings.keys()];
    this.mappings = new Map();
    if (views.length > 0 && this.trusted) {
      const drops = views.map((name) => `DROP VIEW IF EXISTS temp.${quoteIdentifier(name)};`).join('\n');
      await this.#options.engine.exec(drops).catch(() => undefined);
    }
    await this.#runner.close();
    await this.#dropScratch();
  }

  // Editing. Every edit goes through #change, which notifies autosave.

  /** Small-cell suppression's k for this notebook (1 turns it off); saved with the notebook. */
  setMinGroupSize(minGroupSize: number): void {
    this.#change({ ...this.notebook, privacy: { ...this.notebook.privacy, minGroupSize } });
  }

  /** Names the column of result `name` that counts customers, for suppression; `null` goes back to guessing. */
  setCountColumn(name: string, column: string | null): void {
    const columns = new Map(this.countColumns);
    if (column === null) columns.delete(name);
    else columns.set(name, column);
    this.countColumns = columns;
  }

  /** Result `name` (or any result) under the notebook's small-cell rule. */
  suppressed(name: string, result: Pick<QueryResult, 'columns' | 'rows'>): Suppression {
    return suppressionOf(result, this.notebook.privacy.minGroupSize, this.countColumns.get(name));
  }

  setTitle(title: string): void {
    this.#change({ ...this.notebook, title });
  }

  updateCell(id: string, update: (cell: Cell) => Cell): void {
    this.#change({
      ...this.notebook,
      cells: this.notebook.cells.map((cell) => (cell.id === id ? update(cell) : cell))
    });
  }

  /** Adds an empty cell of `kind` after `afterId` (or at the end); returns its id. */
  addCell(kind: CellKind, afterId: string | null = null): string {
    const id = nextCellId(this.notebook.cells.map((cell) => cell.id));
    const cell = normalizeNotebook({
      cells: [blankCell(kind, id, this.notebook, (name) => this.resultNamed(name))]
    }).cells[0];
    const cells = [...this.notebook.cells];
    const after = cells.findIndex((c) => c.id === afterId);
    cells.splice(after === -1 ? cells.length : after + 1, 0, cell);
    this.#change({ ...this.notebook, cells });
    return id;
  }

  /** Moves a cell up (-1) or down (+1); returns whether it moved. */
  moveCell(id: string, by: -1 | 1): boolean {
    const cells = [...this.notebook.cells];
    const from = cells.findIndex((cell) => cell.id === id);
    const to = from + by;
    if (from === -1 || to < 0 || to >= cells.length) return false;
    [cells[from], cells[to]] = [cells[to], cells[from]];
    this.#change({ ...this.notebook, cells });
    return true;
  }

  deleteCell(id: string): void {
    const index = this.notebook.cells.findIndex((cell) => cell.id === id);
    if (index === -1) return;
    this.deleted = { cell: this.notebook.cells[index], index };
    this.#change({ ...this.notebook, cells: this.notebook.cells.filter((cell) => cell.id !== id) });
  }

  /** Puts the last deleted cell back where it was; returns its id. */
  undoDelete(): string | null {
    const deleted = this.deleted;
    if (!deleted) return null;
    const cells = [...this.notebook.cells];
    // Its id may have been given to a new cell meanwhile: then it comes back under a fresh one.
    const taken = cells.some((cell) => cell.id === deleted.cell.id);
    const cell = taken ? { ...deleted.cell, id: nextCellId(cells.map((c) => c.id)) } : deleted.cell;
    cells.splice(Math.min(deleted.index, cells.length), 0, cell);
    this.deleted = null;
    this.#change({ ...this.notebook, cells });
    return cell.id;
  }

  #change(notebook: Notebook): void {
    const before = resultNames(this.notebook);
    this.notebook = notebook;
    this.#options.onChange?.(notebook);
    // A result no cell defines any more (deleted or renamed cell) is dropped from the engine.
    const after = new Set(resultNames(notebook).map(toNameKey));
    for (const name of before) if (!after.has(toNameKey(name))) void this.#runner.dropResult(name);
  }

  async #run(
    cellIds: readonly string[] | 'all',
    { onlyIfRunBefore = false }: { onlyIfRunBefore?: boolean } = {}
  ): Promise<RunSummary | null> {
    if (!this.canRun) return null;
    // A parameter or data change re-runs only what was run before: a notebook the user has not run yet
    // stays as it is.
    if (onlyIfRunBefore && this.runs.size === 0) return null;
    this.running = true;
    this.stopped = null;
    try {
      const summary = await this.#runner.run(this.notebook, cellIds, this.params, this.#tableNames());
      const wrote = summary.ran.some((id) => {
        const cell = this.notebook.cells.find((candidate) => candidate.id === id);
        return cell?.kind === 'sql' && statementKind(cell.sql) !== 'read';
      });
      if (wrote && !this.#scratch) this.#options.onWrite?.();
      if (summary.stopped) {
        this.stopped = summary.stopped;
        // A stopped scratch engine restarted empty: the next run makes a new copy.
        if (this.#scratch) await this.#dropScratch();
      }
      return summary;
    } finally {
      this.running = this.#runner.busy;
    }
  }

  async #ensureScratch(): Promise<void> {
    if (this.#scratch) return;
    this.sandbox = 'copying';
    let scratch: DataEngine | null = null;
    try {
      const bytes = await this.#options.engine.exportDatabase();
      scratch = await this.#options.createScratchEngine();
      await scratch.loadDatabase(bytes);
    } catch (error) {
      this.sandbox = 'none';
      void scratch?.close().catch(() => undefined);
      throw error;
    }
    // Trusted or closed while the copy was made: the copy is not wanted any more.
    if (this.trusted || this.#closed) {
      this.sandbox = 'none';
      void scratch.close().catch(() => undefined);
      return;
    }
    this.#scratch = scratch;
    this.#runner.reset();
    this.sandbox = 'ready';
  }

  async #dropScratch(): Promise<void> {
    const scratch = this.#scratch;
    this.#scratch = null;
    this.#runner.reset();
    this.sandbox = 'none';
    // Not awaited: a scratch engine that was just stopped may be restarting, and nothing waits on its end.
    void scratch?.close().catch(() => undefined);
  }
}

/** An empty cell of `kind`; a chart starts on the latest result, set up as the automatic chart would draw it. */
function blankCell(
  kind: CellKind,
  id: string,
  notebook: Notebook,
  resultNamed: (name: string) => QueryResult | null
): CellSpec {
  switch (kind) {
    case 'sql':
      return { kind, id, name: freeName('result', notebook), sql: '' };
    case 'chart': {
      const data = lastResultName(notebook);
      const result = data === null ? null : resultNamed(data);
      const suggestion = result === null ? null : toAutoChart(result);
      const mark =
        suggestion === null ? 'bar' : ({ barY: 'bar', line: 'line', dot: 'dot' } as const)[suggestion.mark];
      return { kind, id, data, chart: { mark, x: suggestion?.x ?? null, y: suggestion?.y ?? null } };
    }
    case 'markdown':
      return { kind, id, text: '' };
    case 'input':
      return { kind, id, name: freeName('param', notebook), control: { kind: 'text' } };
  }
}

/** The names of the SQL cells' results. */
function resultNames(notebook: Notebook): string[] {
  return notebook.cells.flatMap((cell) => (cell.kind === 'sql' && cell.name !== null ? [cell.name] : []));
}

/** `base1`, `base2`, … the first name no cell defines. */
function freeName(base: string, notebook: Notebook): string {
  const taken = new Set(
    notebook.cells.flatMap((cell) =>
      cell.kind === 'markdown' || cell.name === null ? [] : [toNameKey(cell.name)]
    )
  );
  for (let n = 1; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

function lastResultName(notebook: Notebook): string | null {
  return resultNames(notebook).at(-1) ?? null;
}

/** "Include data" on a notebook whose SQL reads no table of the workspace. */
export class NoDataToIncludeError extends Error {
  override readonly name = 'NoDataToIncludeError';

  constructor() {
    super('This notebook reads no table of your workspace, so there is no data to include.');
  }
}
