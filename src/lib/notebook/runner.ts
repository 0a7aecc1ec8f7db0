import type { DataEngine, Progress, QueryResult } from '../engine/types';
import { quoteIdentifier } from '../engine/identifiers';
import { buildGraph, downstreamOf, type NotebookGraph } from './graph';
import type { Notebook, SqlCell } from './model';
import { toNameKey } from './names';
import type { SqlParameterValue } from './parameters';
import { findSqlReferences, statementKind, withoutFinalSemicolons } from './sql-references';

/**
 * What a SQL cell produced. A `read` cell's rows are stored as a temporary table under the cell's name, so later
 * cells can query it; the page receives at most `displayRowLimit` of them, and `totalRows` counts them all
 * (`null` when an unnamed cell had more rows than shown: counting would run it twice).
 */
export type CellOutput =
  | { kind: 'rows'; result: QueryResult; totalRows: number | null; elapsedMs: number }
  | { kind: 'changes'; changes: number; elapsedMs: number };

export type CellRun =
  | { status: 'idle' }
  | { status: 'queued' }
  | { status: 'running'; startedAt: number }
  | {
      status: 'done';
      /** `null` for cells that only show what others computed (charts, markdown, inputs). */
      output: CellOutput | null;
      /** The cell's signature when it ran: compare with `signatures()` to tell a stale cell. */
      signature: string;
    }
  | { status: 'failed'; error: unknown }
  /** The cell cannot run: a graph issue (cycle, missing name) or a cell it reads failed or was stopped. */
  | { status: 'blocked'; reason: BlockReason; cells: string[] }
  | { status: 'cancelled'; reason: 'cancelled' | 'watchdog' };

export type BlockReason = 'issue' | 'upstream-failed';

export interface RunnerOptions {
  /** The engine cells run on: the workspace's, or a throw-away copy for an untrusted notebook. */
  engine: () => DataEngine;
  onUpdate: (cellId: string, run: CellRun) => void;
  /**
   * A query running longer than this many ms is stopped (the worker is terminated and the engine restarts).
   * A function is read at the start of each query, so a setting can change between runs.
   */
  watchdogMs?: number | (() => number);
  displayRowLimit?: number;
  /** Called before each SQL cell runs, on the engine it runs on, e.g. to (re)create views the SQL reads. */
  beforeRun?: () => Promise<void>;
}

export interface RunSummary {
  ran: string[];
  failed: string[];
  /** Set when a query was stopped: the engine restarted and every stored result is gone. */
  stopped: 'cancelled' | 'watchdog' | null;
}

/** Rows a cell hands to the page; the grid scrolls through all of them. */
export const DISPLAY_ROW_LIMIT = 100_000;
export const DEFAULT_WATCHDOG_MS = 60_000;

/** A run stopped by the user or the watchdog; passed as the abort reason so the two can be told apart. */
export class RunStoppedError extends Error {
  constructor(readonly reason: 'cancelled' | 'watchdog') {
    super(reason === 'watchdog' ? 'The query ran too long and was stopped.' : 'Stopped.');
    this.name = 'RunStoppedError';
  }
}

/**
 * Runs a notebook's cells on an engine, in dependency order, one query at a time. Named `read` cells are
 * stored as TEMP tables (never saved with the user's data, gone when the engine restarts), so a later cell
 * reads `FROM monthly` like any table. What was stored under which signature is remembered: a run includes the
 * cells asked for, everything downstream of them, and any upstream result that is missing or out of date.
 *
 * The runner holds no UI state: it reports every transition through `onUpdate`.
 */
export class NotebookRunner {
  readonly #options: RunnerOptions & Required<Pick<RunnerOptions, 'watchdogMs' | 'displayRowLimit'>>;
  /** Result name (key) → signature of what the temp table holds. */
  #stored = new Map<string, string>();
  /** Cell id → signature of its last successful run. */
  #ran = new Map<string, string>();
  #controller: AbortController | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #pendingRuns = 0;
  #closed = false;
  /** Bumped by every cancel: runs queued before it, and the rest of the run in progress, do not start. */
  #stops = 0;
  /** `#stops` when the run in progress was queued. */
  #stopsAtStart = 0;

  constructor(options: RunnerOptions) {
    this.#options = {
      ...options,
      watchdogMs: options.watchdogMs ?? DEFAULT_WATCHDOG_MS,
      displayRowLimit: options.displayRowLimit ?? DISPLAY_ROW_LIMIT
    };
  }

  /**
   * Runs `cellIds` (or every cell) and whatever they need, after any run in progress. `tables` are the data
   * tables in the database, for the graph's missing-name checks.
   */
  run(
    notebook: Notebook,
    cellIds: readonly string[] | 'all',
    params: Readonly<Record<string, SqlParameterValue>>,
    tables: readonly string[]
  ): Promise<RunSummary> {
    this.#pendingRuns++;
    const stops = this.#stops;
    const run = this.#queue
      .then(() => {
        if (this.#closed) return { ran: [], failed: [], stopped: null };
        if (stops !== this.#stops) return { ran: [], failed: [], stopped: 'cancelled' as const };
        this.#stopsAtStart = stops;
        return this.#run(notebook, cellIds, params, tables);
      })
      .finally(() => this.#pendingRuns--);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Whether a run is in progress or waiting. */
  get busy(): boolean {
    return this.#pendingRuns > 0;
  }

  /**
   * Stops what runs, skips what waits, and drops the stored results, so a closed notebook leaves nothing in
   * the engine. The runner cannot be used afterwards.
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.cancel();
    await this.#queue;
    const names = [...this.#stored.keys()];
    this.reset();
    if (names.length === 0) return;
    const drops = names.map((name) => `DROP TABLE IF EXISTS temp.${quoteIdentifier(name)};`).join('\n');
    await this.#options
      .engine()
      .exec(drops)
      .catch(() => undefined);
  }

  /** Stops the query in progress (terminating the engine's worker) and the rest of the run. */
  cancel(): void {
    this.#stops++;
    this.#controller?.abort(new RunStoppedError('cancelled'));
  }

  /**
   * Drops the stored result `name` (its cell was deleted or renamed), after any run in progress, so it takes
   * no memory and no later cell can read a leftover.
   */
  dropResult(name: string): Promise<void> {
    const key = toNameKey(name);
    const drop = this.#queue.then(async () => {
      if (!this.#stored.has(key)) return;
      this.#stored.delete(key);
      try {
        await this.#options.engine().exec(`DROP TABLE IF EXISTS temp.${quoteIdentifier(name)}`);
      } catch {
        // No engine to run on (an untrusted notebook whose copy is gone) or it restarted: nothing is stored.
      }
    });
    this.#queue = drop.catch(() => undefined);
    return drop;
  }

  /** Forget what is stored, e.g. after the engine was replaced or its database reloaded. */
  reset(): void {
    this.#stored.clear();
    this.#ran.clear();
  }

  /** Each cell's signature for these parameters: it changes when the cell, a parameter it reads or an upstream cell changes. */
  signatures(
    notebook: Notebook,
    params: Readonly<Record<string, SqlParameterValue>>,
    graph: NotebookGraph = buildGraph(notebook)
  ): Map<string, string> {
    const cells = new Map(notebook.cells.map((cell) => [cell.id, cell]));
    const signatures = new Map<string, string>();
    for (const id of graph.order) {
      const cell = cells.get(id);
      const node = graph.nodes.get(id);
      if (!cell || !node) continue;
      const own = cell.kind === 'sql' ? [cell.sql, cell.name] : JSON.stringify(cell);
      const used = node.parameters.map((name) => [toNameKey(name), params[name] ?? params[toNameKey(name)]]);
      const upstream = node.upstream.map((up) => signatures.get(up) ?? '');
      signatures.set(id, hash(JSON.stringify([own, used, upstream])));
    }
    return signatures;
  }

  async #run(
    notebook: Notebook,
    cellIds: readonly string[] | 'all',
    params: Readonly<Record<string, SqlParameterValue>>,
    tables: readonly string[]
  ): Promise<RunSummary> {
    const graph = buildGraph(notebook, { tables });
    const signatures = this.signatures(notebook, params, graph);
    const cells = new Map(notebook.cells.map((cell) => [cell.id, cell]));
    await this.#forgetLostResults();

    const wanted = cellIds === 'all' ? [...graph.order] : downstreamOf(graph, cellIds);
    const plan = this.#withUpstream(graph, wanted, signatures);
    for (const id of plan) this.#options.onUpdate(id, { status: 'queued' });

    const summary: RunSummary = { ran: [], failed: [], stopped: null };
    const unusable = new Set<string>();
    for (const [index, id] of plan.entries()) {
      const cell = cells.get(id);
      const node = graph.nodes.get(id);
      if (!cell || !node) continue;
      if (node.issues.length > 0 || node.blockedBy.length > 0) {
        unusable.add(id);
        this.#ran.delete(id);
        this.#options.onUpdate(id, { status: 'blocked', reason: 'issue', cells: node.blockedBy });
        continue;
      }
      const failedUpstream = node.upstream.filter((up) => unusable.has(up));
      if (failedUpstream.length > 0) {
        unusable.add(id);
        this.#ran.delete(id);
        this.#options.onUpdate(id, { status: 'blocked', reason: 'upstream-failed', cells: failedUpstream });
        continue;
      }
      const signature = signatures.get(id) as string;
      if (cell.kind !== 'sql') {
        this.#ran.set(id, signature);
        this.#options.onUpdate(id, { status: 'done', output: null, signature });
        summary.ran.push(id);
        continue;
      }
      this.#options.onUpdate(id, { status: 'running', startedAt: performance.now() });
      try {
        await this.#options.beforeRun?.();
        const output = await this.#runSql(cell, params);
        if (cell.name !== null) this.#stored.set(toNameKey(cell.name), signature);
        this.#ran.set(id, signature);
        this.#options.onUpdate(id, { status: 'done', output, signature });
        summary.ran.push(id);
      } catch (error) {
        if (error instanceof RunStoppedError) {
          summary.stopped = error.reason;
          this.reset();
          for (const rest of plan.slice(index)) {
            this.#options.onUpdate(rest, { status: 'cancelled', reason: error.reason });
          }
          return summary;
        }
        unusable.add(id);
        this.#ran.delete(id);
        if (cell.name !== null) this.#stored.delete(toNameKey(cell.name));
        summary.failed.push(id);
        this.#options.onUpdate(id, { status: 'failed', error });
      }
    }
    return summary;
  }

  /** `wanted` plus every SQL cell upstream of them whose stored result is missing or stale, in run order. */
  #withUpstream(graph: NotebookGraph, wanted: readonly string[], signatures: Map<string, string>): string[] {
    const included = new Set(wanted);
    const pending = [...wanted];
    while (pending.length > 0) {
      const id = pending.pop() as string;
      for (const up of graph.nodes.get(id)?.upstream ?? []) {
        if (included.has(up)) continue;
        if (this.#isCurrent(graph, up, signatures.get(up))) continue;
        included.add(up);
        pending.push(up);
      }
    }
    return graph.order.filter((id) => included.has(id));
  }

  /** Whether `id` last ran with this signature and, for a named result, its temp table still holds that run. */
  #isCurrent(graph: NotebookGraph, id: string, signature: string | undefined): boolean {
    const node = graph.nodes.get(id);
    if (node?.kind === 'sql' && node.name !== null)
      return this.#stored.get(toNameKey(node.name)) === signature;
    return this.#ran.get(id) === signature;
  }

  /** A restarted engine (crash, cancel, reload) has no temp tables: whatever was stored there must run again. */
  async #forgetLostResults(): Promise<void> {
    if (this.#stored.size === 0) return;
    const present = await this.#options
      .engine()
      .query("SELECT name FROM temp.sqlite_schema WHERE type = 'table'")
      .then((result) => new Set(result.rows.map((row) => toNameKey(String(row[0])))))
      .catch(() => new Set<string>());
    for (const key of [...this.#stored.keys()]) {
      if (!present.has(key)) this.#stored.delete(key);
    }
  }

  async #runSql(cell: SqlCell, params: Readonly<Record<string, SqlParameterValue>>): Promise<CellOutput> {
    const engine = this.#options.engine();
    const bound = usedParams(cell.sql, params);
    const kind = statementKind(cell.sql);
    return this.#guarded(async (signal, onProgress) => {
      const started = performance.now();
      if (kind === 'script' || kind === 'empty') {
        const { changes } = await engine.exec(cell.sql, bound, { signal, onProgress });
        return { kind: 'changes', changes, elapsedMs: performance.now() - started };
      }
      if (kind === 'statement') {
        const result = await engine.query(cell.sql, bound, { signal, onProgress });
        return {
          kind: 'rows',
          result,
          totalRows: result.rows.length,
          elapsedMs: performance.now() - started
        };
      }
      const limit = this.#options.displayRowLimit;
      const subquery = `(\n${withoutFinalSemicolons(cell.sql)}\n)`;
      if (cell.name === null) {
        const result = await engine.query(`SELECT * FROM ${subquery} LIMIT ${limit + 1}`, bound, {
          signal,
          onProgress
        });
        const more = result.rows.length > limit;
        if (more) result.rows.length = limit;
        return {
          kind: 'rows',
          result,
          totalRows: more ? null : result.rows.length,
          elapsedMs: performance.now() - started
        };
      }
      const table = `temp.${quoteIdentifier(cell.name)}`;
      const { columns } = await engine.query(`SELECT * FROM ${subquery} LIMIT 0`, bound, {
        signal,
        onProgress
      });
      // `+column` has no affinity: the stored values are exactly what the query returned (a column declared
      // INTEGER would otherwise turn the text '00123' of a UNION's second branch into 123).
      const select = columns.map(({ name }) => `+${quoteIdentifier(name)} AS ${quoteIdentifier(name)}`);
      await engine.exec(`DROP TABLE IF EXISTS ${table}`, undefined, { signal, onProgress });
      await engine.query(
        `CREATE TEMP TABLE ${quoteIdentifier(cell.name)} AS SELECT ${select.join(', ') || '*'} FROM ${subquery}`,
        bound,
        { signal, onProgress }
      );
      const [count, result] = [
        await engine.query(`SELECT count(*) FROM ${table}`, undefined, { signal, onProgress }),
        await engine.query(`SELECT * FROM ${table} LIMIT ${limit}`, undefined, { signal, onProgress })
      ];
      return {
        kind: 'rows',
        result,
        totalRows: Number(count.rows[0][0]),
        elapsedMs: performance.now() - started
      };
    });
  }

  /**
   * Runs `work` under the watchdog and the cancel button; either one aborts with a `RunStoppedError`. The time
   * limit counts from the engine's `run` progress (the statement started: time spent waiting behind an
   * import or a snapshot reload does not count) and stops at its `save` progress (a finished write being
   * saved is never killed). An engine that reports neither cannot be interrupted anyway.
   */
  async #guarded<T>(
    work: (signal: AbortSignal, onProgress: (progress: Progress) => void) => Promise<T>
  ): Promise<T> {
    const controller = new AbortController();
    this.#controller = controller;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit =
      typeof this.#options.watchdogMs === 'function' ? this.#options.watchdogMs() : this.#options.watchdogMs;
    const onProgress = ({ phase }: Progress) => {
      clearTimeout(timer);
      if (phase === 'run') timer = setTimeout(() => controller.abort(new RunStoppedError('watchdog')), limit);
    };
    try {
      if (this.#stops !== this.#stopsAtStart) throw new RunStoppedError('cancelled');
      return await work(controller.signal, onProgress);
    } catch (error) {
      if (controller.signal.aborted) throw controller.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
      if (this.#controller === controller) this.#controller = null;
    }
  }
}

/** Only the parameters the SQL names: binding is by name, and the signature should not change for others. */
function usedParams(
  sql: string,
  params: Readonly<Record<string, SqlParameterValue>>
): Record<string, SqlParameterValue> {
  const bound: Record<string, SqlParameterValue> = {};
  const byKey = new Map(Object.entries(params).map(([name, value]) => [toNameKey(name), value]));
  for (const { name, prefix } of findSqlReferences(sql).parameters) {
    const value = byKey.get(toNameKey(name));
    // Unset parameters bind as NULL, as SQLite does for a parameter nobody set.
    bound[prefix + name] = value === undefined ? null : value;
  }
  return bound;
}

/** A short, stable string hash (cyrb53): signatures only need to differ, not to be secret. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
