import initSqlJs from 'sql.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { InProcessEngine } from '../../src/lib/engine/in-process-engine';
import type { DataEngine, QueryResult, RequestOptions } from '../../src/lib/engine/types';
import { normalizeNotebook, type CellSpec } from '../../src/lib/notebook/model';
import { NotebookRunner, type CellRun } from '../../src/lib/notebook/runner';

const SQL = await initSqlJs();

async function freshEngine(): Promise<InProcessEngine> {
  const engine = new InProcessEngine(SQL);
  await engine.exec(`
    CREATE TABLE orders (id INTEGER, country TEXT, amount REAL, code INTEGER);
    INSERT INTO orders VALUES (1, 'DE', 10.5, 1), (2, 'DE', 4.5, 2), (3, 'FR', 7, 3), (4, 'JP', 100, 4);
  `);
  return engine;
}

function notebookOf(...cells: CellSpec[]) {
  return normalizeNotebook({ cells });
}

/** Every update the runner reported, in order, and the latest per cell. */
function recorder() {
  const log: [string, CellRun['status']][] = [];
  const latest = new Map<string, CellRun>();
  return {
    log,
    latest,
    onUpdate(id: string, run: CellRun) {
      log.push([id, run.status]);
      latest.set(id, run);
    },
    rows(id: string) {
      const run = latest.get(id);
      if (run?.status !== 'done' || run.output?.kind !== 'rows')
        throw new Error(`${id} has no rows: ${run?.status}`);
      return run.output;
    },
    ranSql(): string[] {
      return log.filter(([, status]) => status === 'running').map(([id]) => id);
    }
  };
}

const byCountry: CellSpec = {
  kind: 'sql',
  id: 'a',
  name: 'by_country',
  sql: 'SELECT country, sum(amount) AS total FROM orders GROUP BY country ORDER BY total DESC;'
};
const bigOnes: CellSpec = {
  kind: 'sql',
  id: 'b',
  name: 'big',
  sql: 'SELECT country FROM by_country WHERE total >= :min -- at least :min\n'
};
const minInput: CellSpec = { kind: 'input', id: 'i', name: 'min', control: { kind: 'number', default: 10 } };

describe('NotebookRunner', () => {
  let engine: InProcessEngine;
  beforeEach(async () => {
    engine = await freshEngine();
  });

  it('stores named results as temp tables that later cells read, with bound parameters', async () => {
    const record = recorder();
    const runner = new NotebookRunner({ engine: () => engine, onUpdate: record.onUpdate });
    const notebook = notebookOf(minInput, byCountry, bigOnes);
    const summary = await runner.run(notebook, 'all', { min: 15 }, ['orders']);

    expect(summary).toEqual({ ran: ['i', 'a', 'b'], failed: [], stopped: null });
    expect(record.rows('a').result.rows).toEqual([
      ['JP', 100],
      ['DE', 15],
      ['FR', 7]
    ]);
    expect(record.rows('a').totalRows).toBe(3);
    expect(record.rows('b').result.rows).toEqual([['JP'], ['DE']]);
    // Stored in temp: the user's database (main) gained nothing.
    const main = await engine.query("SELECT name FROM main.sqlite_schema WHERE type = 'table'");
    expect(main.rows).toEqual([['orders']]);
    const temp = await engine.query("SELECT name FROM temp.sqlite_schema WHERE type = 'table' ORDER BY name");
    expect(temp.rows).toEqual([['big'], ['by_country']]);
  });

  it('re-runs only what reads a changed parameter, and reuses stored upstream results', async () => {
    const record = recorder();
    const runner = new NotebookRunner({ engine: () => engine, onUpdate: record.onUpdate });
    const notebook = notebookOf(minInput, byCountry, bigOnes);
    await runner.run(notebook, 'all', { min: 15 }, ['orders']);
    record.log.length = 0;

    await runner.run(notebook, ['i'], { min: 50 }, ['orders']);
    expect(record.ranSql()).toEqual(['b']);
    expect(record.rows('b').result.rows).toEqual([['JP']]);
  });

  it('runs a stale or lost upstream result again before the cell that reads it', async () => {
    const record = recorder();
    const runner = new NotebookRunner({ engine: () => engine, onUpdate: record.onUpdate });
    const notebook = notebookOf(minInput, byCountry, bigOnes);
    await runner.run(notebook, 'all', { min: 15 }, ['orders']);

    // As after an engine restart: the temp table is gone.
    await engine.exec('DROP TABLE temp.by_country');
    record.log.length = 0;
    await runner.run(notebook, ['b'], { min: 15 }, ['orders']);
    expect(record.ranSql()).toEqual(['a', 'b']);
    expect(record.rows('b').result.rows).toEqual([['JP'], ['DE']]);

    // An edited upstream cell that was not run yet is run first too.
    const edited = notebookOf(
      minInput,
      { ...byCountry, sql: "SELECT 'XX' AS country, 1000 AS total" },
      bigOnes
    );
    record.log.length = 0;
    await runner.run(edited, ['b'], { min: 15 }, ['orders']);
    expect(record.ranSql()).toEqual(['a', 'b']);
    expect(record.rows('b').result.rows).toEqual([['XX']]);
  });

  it('keeps every value exactly as the query returned it, whatever the column affinity', async () => {
    await engine.exec("CREATE TABLE codes (code TEXT); INSERT INTO codes VALUES ('00123'), ('85123A');");
    const record = recorder();
    const runner = new NotebookRunner({ engine: () => engine, onUpdate: record.onUpdate });
    const cell: CellSpec = {
      kind: 'sql',
      id: 'u',
      name: 'all_codes',
      sql: 'SELECT code FROM orders UNION ALL SELECT code FROM codes'
    };
    await runner.run(notebookOf(cell), 'all', {}, ['orders', 'codes']);
    const stored = await engine.query('SELECT code, typeof(code) FROM all_codes ORDER BY rowid');
    expect(stored.rows).toEqual([
      [1, 'integer'],
      [2, 'integer'],
      [3, 'integer'],
      [4, 'integer'],
      ['00123', 'text'],
      ['85123A', 'text']
    ]);
  });

  it('blocks cells downstream of a failure or a graph issue, and runs the rest', async () => {
    const record = recorder();
    const runner = new NotebookRunner({ engine: () => engine, onUpdate: record.onUpdate });
    const notebook = notebookOf(
      { kind: 'sql', id: 'bad', name: 'bad', sql: 'SELECT no_such_column FROM orders' },
      { kind: 'sql', id: 'reader', name: null, sql: 'SELECT * FROM bad' },
      { kind: 'chart', id: 'chart', data: 'bad', chart: { mark: 'bar', x: 'x', y: 'y' } },
      { kind: 'sql', id: 'missing', name: null, sql: 'SELECT * FROM nowhere' },
      { kind: 'sql', id: 'fine', name: null, sql: 'SELECT count(*) AS n FROM orders' }
    );
    const summary = await runner.run(notebook, 'all', {}, ['orders']);
    expect(summary.failed).toEqual(['bad']);
    expect(record.latest.get('bad')).toMatchObject({ status: 'failed' });
    expect(String((record.latest.get('bad') as { error: Error }).error.message)).toMatch(/no such column/);
    expect(record.latest.get('reader')).toEqual({
      status: 'blocked',
      reason: 'upstream-failed',
      cells: ['bad']
    });
    expect(record.latest.get('chart')).toEqual({
      status: 'blocked',
      reason: 'upstream-failed',
      cells: ['bad']
    });
    expect(record.latest.get('missing')).toMatchObject({ status: 'blocked', reason: 'issue' });
    expect(record.rows('fine').result.rows).toEqual([[4]]);
  });

  it('runs scripts and other statements as they are, and reports changed rows', async () => {
    const record = recorder();
    const runner = new NotebookRunner({ engine: () => engine, onUpdate: record.onUpdate });
    const notebook = notebookOf(
      {
        kind: 'sql',
        id: 's',
        name: null,
        sql: "INSERT INTO orders VALUES (5, 'US', 1, 5); DELETE FROM orders WHERE id = 1;"
      },
      { kind: 'sql', id: 'p', name: null, sql: 'PRAGMA table_info(orders)' }
    );
    await runner.run(notebook, 'all', {}, ['orders']);
    const script = record.latest.get('s');
    expect(script).toMatchObject({ status: 'done', output: { kind: 'changes', changes: 2 } });
    expect(record.rows('p').result.rows.map((row) => row[1])).toEqual(['id', 'country', 'amount', 'code']);
  });

  it('hands the page at most the display limit, counting all rows of a named result', async () => {
    const record = recorder();
    const runner = new NotebookRunner({
      engine: () => engine,
      onUpdate: record.onUpdate,
      displayRowLimit: 2
    });
    const notebook = notebookOf(
      { kind: 'sql', id: 'named', name: 'everything', sql: 'SELECT * FROM orders ORDER BY id' },
      { kind: 'sql', id: 'unnamed', name: null, sql: 'SELECT id FROM orders ORDER BY id DESC' },
      { kind: 'sql', id: 'few', name: null, sql: 'SELECT 1 AS one' }
    );
    await runner.run(notebook, 'all', {}, ['orders']);
    expect(record.rows('named').result.rows.map((row) => row[0])).toEqual([1, 2]);
    expect(record.rows('named').totalRows).toBe(4);
    expect(record.rows('unnamed').result.rows).toEqual([[4], [3]]);
    expect(record.rows('unnamed').totalRows).toBeNull();
    expect(record.rows('few').totalRows).toBe(1);
  });

  it('stops a runaway query with the watchdog and marks the rest of the run', async () => {
    const record = recorder();
    const hanging = hangOn(engine, /recursive/i);
    const runner = new NotebookRunner({ engine: () => hanging, onUpdate: record.onUpdate, watchdogMs: 50 });
    const notebook = notebookOf(
      { kind: 'sql', id: 'first', name: 'first', sql: 'SELECT 1 AS x' },
      {
        kind: 'sql',
        id: 'runaway',
        name: null,
        sql: 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r'
      },
      { kind: 'sql', id: 'after', name: null, sql: 'SELECT * FROM first' }
    );
    const summary = await runner.run(notebook, 'all', {}, ['orders']);
    expect(summary.stopped).toBe('watchdog');
    expect(summary.ran).toEqual(['first']);
    expect(record.latest.get('runaway')).toEqual({ status: 'cancelled', reason: 'watchdog' });
    expect(record.latest.get('after')).toEqual({ status: 'cancelled', reason: 'watchdog' });
  });

  it('uses the default limits when given undefined ones', async () => {
    const record = recorder();
    // Every query takes 30 ms, as in a worker: a watchdog of 0 ms would stop the first one.
    const slow = new Proxy(engine, {
      get(target, property) {
        const value = Reflect.get(target, property);
        if (property !== 'query' && property !== 'exec')
          return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: unknown[]) => {
          await new Promise((resolve) => setTimeout(resolve, 30));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
    });
    const runner = new NotebookRunner({
      engine: () => slow,
      onUpdate: record.onUpdate,
      watchdogMs: undefined,
      displayRowLimit: undefined
    });
    await runner.run(notebookOf(byCountry), 'all', {}, ['orders']);
    expect(record.rows('a').result.rows).toHaveLength(3);
  });

  it("counts the time limit from the statement's start, not from waiting, and never during a save", async () => {
    const record = recorder();
    // Each query waits 80 ms in a queue, then runs 10 ms, then saves for 80 ms: never 50 ms of running.
    const queued = new Proxy(engine, {
      get(target, property) {
        const value = Reflect.get(target, property);
        if (typeof value !== 'function') return value;
        if (property !== 'query' && property !== 'exec') return value.bind(target);
        return async (sql: string, params: never, options?: RequestOptions) => {
          await new Promise((resolve) => setTimeout(resolve, 80));
          options?.onProgress?.({ phase: 'run', done: 0, total: null });
          await new Promise((resolve) => setTimeout(resolve, 10));
          const result = await value.call(target, sql, params);
          options?.onProgress?.({ phase: 'save', done: 0, total: 1 });
          await new Promise((resolve) => setTimeout(resolve, 80));
          return result;
        };
      }
    });
    const runner = new NotebookRunner({ engine: () => queued, onUpdate: record.onUpdate, watchdogMs: 50 });
    const summary = await runner.run(notebookOf(byCountry), 'all', {}, ['orders']);
    expect(summary).toEqual({ ran: ['a'], failed: [], stopped: null });
  });

  it('skips runs queued before a cancel, and runs the ones queued after', async () => {
    const record = recorder();
    const hanging = hangOn(engine, /hang/);
    const runner = new NotebookRunner({ engine: () => hanging, onUpdate: record.onUpdate });
    const first = runner.run(
      notebookOf({ kind: 'sql', id: 'x', name: null, sql: "SELECT 'hang'" }),
      'all',
      {},
      []
    );
    const second = runner.run(
      notebookOf({ kind: 'sql', id: 'y', name: null, sql: 'SELECT 1' }),
      'all',
      {},
      []
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    runner.cancel();
    const third = runner.run(
      notebookOf({ kind: 'sql', id: 'z', name: null, sql: 'SELECT 2' }),
      'all',
      {},
      []
    );
    expect((await first).stopped).toBe('cancelled');
    expect(await second).toEqual({ ran: [], failed: [], stopped: 'cancelled' });
    expect((await third).ran).toEqual(['z']);
    expect(record.latest.has('y')).toBe(false);
  });

  it('cancels on request', async () => {
    const record = recorder();
    const hanging = hangOn(engine, /hang/);
    const runner = new NotebookRunner({ engine: () => hanging, onUpdate: record.onUpdate });
    const run = runner.run(
      notebookOf({ kind: 'sql', id: 'x', name: null, sql: "SELECT 'hang'" }),
      'all',
      {},
      []
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    runner.cancel();
    expect((await run).stopped).toBe('cancelled');
    expect(record.latest.get('x')).toEqual({ status: 'cancelled', reason: 'cancelled' });
  });

  it('drops its stored results when closed, and runs nothing afterwards', async () => {
    const record = recorder();
    const runner = new NotebookRunner({ engine: () => engine, onUpdate: record.onUpdate });
    await runner.run(notebookOf(minInput, byCountry, bigOnes), 'all', { min: 1 }, ['orders']);
    expect(runner.busy).toBe(false);
    await runner.close();
    const temp = await engine.query("SELECT name FROM temp.sqlite_schema WHERE type = 'table'");
    expect(temp.rows).toEqual([]);
    record.log.length = 0;
    expect(await runner.run(notebookOf(byCountry), 'all', {}, ['orders'])).toEqual({
      ran: [],
      failed: [],
      stopped: null
    });
    expect(record.log).toEqual([]);
  });

  it('gives a cell a new signature when its SQL, a parameter it reads or an upstream cell changes', () => {
    const runner = new NotebookRunner({ engine: () => engine, onUpdate: () => {} });
    const notebook = notebookOf(minInput, byCountry, bigOnes);
    const base = runner.signatures(notebook, { min: 1 });
    const otherParam = runner.signatures(notebook, { min: 2 });
    expect(otherParam.get('a')).toBe(base.get('a'));
    expect(otherParam.get('b')).not.toBe(base.get('b'));
    const editedUpstream = runner.signatures(
      notebookOf(minInput, { ...byCountry, sql: 'SELECT 1 AS total' }, bigOnes),
      { min: 1 }
    );
    expect(editedUpstream.get('b')).not.toBe(base.get('b'));
    expect(runner.signatures(notebook, { min: 1 })).toEqual(base);
  });
});

/** An engine whose queries matching `pattern` never finish until aborted, as a runaway query in a worker. */
function hangOn(engine: DataEngine, pattern: RegExp): DataEngine {
  return new Proxy(engine, {
    get(target, property) {
      if (property !== 'query') {
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (sql: string, params: never, options?: RequestOptions): Promise<QueryResult> => {
        if (!pattern.test(sql)) return target.query(sql, params, options);
        // As a worker does when the statement starts executing.
        options?.onProgress?.({ phase: 'run', done: 0, total: null });
        return new Promise((_, reject) => {
          options?.signal?.addEventListener('abort', () => reject(options.signal?.reason), { once: true });
        });
      };
    }
  });
}
