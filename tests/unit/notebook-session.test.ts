import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { InProcessEngine } from '../../src/lib/engine/in-process-engine';
import type { DataEngine, RequestOptions, TableInfo } from '../../src/lib/engine/types';
import { normalizeNotebook, type CellSpec } from '../../src/lib/notebook';
import { NotebookSession } from '../../src/lib/state/notebook-session.svelte';

const SQL = await initSqlJs();

async function workspace() {
  const engine = new InProcessEngine(SQL);
  await engine.exec(`
    CREATE TABLE orders (id INTEGER, country TEXT, amount REAL);
    INSERT INTO orders VALUES (1, 'DE', 10), (2, 'FR', 20), (3, 'DE', 5);
  `);
  const tables: TableInfo[] = await engine.describeTables();
  return { engine, tables };
}

function sessionOf(
  engine: DataEngine,
  tables: TableInfo[],
  cells: CellSpec[],
  options: { trusted?: boolean; fingerprints?: boolean } = {}
) {
  const scratch: InProcessEngine[] = [];
  const session = new NotebookSession({
    engine,
    createScratchEngine: async () => {
      const copy = new InProcessEngine(SQL);
      scratch.push(copy);
      return copy;
    },
    notebook: normalizeNotebook({ title: 'T', cells }),
    trusted: options.trusted ?? true,
    tables: () => tables
  });
  return { session, scratch };
}

const byCountry: CellSpec = {
  kind: 'sql',
  id: 'a',
  name: 'by_country',
  sql: 'SELECT country, sum(amount) AS total FROM orders GROUP BY country ORDER BY country'
};

describe('NotebookSession', () => {
  it('runs nothing for an untrusted notebook until asked, then only on a copy that its SQL cannot escape', async () => {
    const { engine, tables } = await workspace();
    const { session, scratch } = sessionOf(
      engine,
      tables,
      [{ kind: 'sql', id: 'x', name: null, sql: 'DELETE FROM orders; PRAGMA query_only = 0;' }, byCountry],
      { trusted: false }
    );
    expect(await session.runAll()).toBeNull();
    expect(session.runs.size).toBe(0);

    await session.runOnCopy();
    expect(scratch).toHaveLength(1);
    expect(session.runs.get('x')).toMatchObject({ status: 'done', output: { kind: 'changes', changes: 3 } });
    expect((await engine.query('SELECT count(*) FROM orders')).rows).toEqual([[3]]);
    expect((await scratch[0].query('SELECT count(*) FROM orders')).rows).toEqual([[0]]);

    await session.trust();
    expect(session.trusted).toBe(true);
    expect(session.sandbox).toBe('none');
  });

  it('never lets a run queued on the copy reach the real data after the copy is gone', async () => {
    const { engine, tables } = await workspace();
    let release: () => void = () => {};
    const session = new NotebookSession({
      engine,
      createScratchEngine: async () => {
        const copy = new InProcessEngine(SQL);
        // The copy's first query waits until aborted, like a runaway query in a worker.
        return new Proxy(copy, {
          get(target, property) {
            const value = Reflect.get(target, property);
            if (typeof value !== 'function') return value;
            if (property !== 'query') return value.bind(target);
            return (sql: string, params: never, options?: RequestOptions) =>
              sql.includes('slow')
                ? new Promise((_, reject) => {
                    options?.onProgress?.({ phase: 'run', done: 0, total: null });
                    release = () => reject(new Error('released'));
                    options?.signal?.addEventListener('abort', () => reject(options.signal?.reason));
                  })
                : value.call(target, sql, params, options);
          }
        });
      },
      notebook: normalizeNotebook({
        cells: [
          { kind: 'sql', id: 'slow', name: null, sql: "SELECT 'slow'" },
          { kind: 'sql', id: 'wipe', name: null, sql: 'DELETE FROM orders' }
        ]
      }),
      trusted: false,
      tables: () => tables
    });
    const first = session.runOnCopy();
    await expect.poll(() => session.runs.get('slow')?.status).toBe('running');
    const queued = session.runCell('wipe');
    session.cancel();
    await first;
    await queued;
    release();
    expect(session.sandbox).toBe('none');
    await session.runCell('wipe');
    expect((await engine.query('SELECT count(*) FROM orders')).rows).toEqual([[3]]);
  });

  it('does not keep a copy that finished after the user trusted the notebook', async () => {
    const { engine, tables } = await workspace();
    const { session, scratch } = sessionOf(engine, tables, [byCountry], { trusted: false });
    const copying = session.runOnCopy();
    await session.trust();
    await copying;
    expect(session.sandbox).toBe('none');
    expect(scratch).toHaveLength(1);
    await expect(scratch[0].query('SELECT 1')).rejects.toThrow();
    await session.runAll();
    expect(session.resultNamed('by_country')?.rows).toEqual([
      ['DE', 15],
      ['FR', 20]
    ]);
  });

  it('keeps a result on screen while its cell runs again, and drops it when the cell fails', async () => {
    const { engine: fast, tables } = await workspace();
    // Every query takes 20 ms, so the test can look while the cell runs.
    const engine = new Proxy(fast, {
      get(target, property) {
        const value = Reflect.get(target, property);
        if (typeof value !== 'function') return value;
        if (property !== 'query' && property !== 'exec') return value.bind(target);
        return async (...args: unknown[]) => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          return value.apply(target, args);
        };
      }
    });
    const { session } = sessionOf(engine, tables, [byCountry]);
    await session.runAll();
    const first = session.resultNamed('by_country');
    expect(first?.rows).toEqual([
      ['DE', 15],
      ['FR', 20]
    ]);
    const rerun = session.runCell('a');
    await expect.poll(() => session.runs.get('a')?.status).toBe('running');
    expect(session.resultNamed('by_country')).toBe(first);
    await rerun;
    expect(session.resultNamed('by_country')).not.toBe(first);
    session.updateCell('a', (cell) =>
      cell.kind === 'sql' ? { ...cell, sql: 'SELECT nope FROM orders' } : cell
    );
    expect(session.isStale('a')).toBe(true);
    await session.runCell('a');
    expect(session.runs.get('a')?.status).toBe('failed');
    expect(session.resultNamed('by_country')).toBeNull();
  });

  it('re-runs what reads a parameter when it changes', async () => {
    const { engine, tables } = await workspace();
    const { session } = sessionOf(engine, tables, [
      {
        kind: 'input',
        id: 'i',
        name: 'country',
        control: { kind: 'select', options: ['DE', 'FR'], default: 'DE' }
      },
      { kind: 'sql', id: 'q', name: 'total', sql: 'SELECT sum(amount) FROM orders WHERE country = :country' }
    ]);
    await session.runAll();
    expect(session.resultNamed('total')?.rows).toEqual([[15]]);
    await session.setValue('country', 'FR');
    expect(session.resultNamed('total')?.rows).toEqual([[20]]);
  });

  it('maps a table of the user’s onto a name the notebook expects, as a TEMP view', async () => {
    const { engine, tables } = await workspace();
    const { session } = sessionOf(engine, tables, [
      { kind: 'sql', id: 's', name: 'n', sql: 'SELECT count(*) AS n FROM sales' }
    ]);
    expect(session.graph.nodes.get('s')?.issues[0]).toMatchObject({ kind: 'missing-name', name: 'sales' });
    await session.mapTable('sales', 'orders');
    expect(session.graph.nodes.get('s')?.issues).toEqual([]);
    await session.runAll();
    expect(session.resultNamed('n')?.rows).toEqual([[3]]);
    const main = await engine.query("SELECT name FROM main.sqlite_schema WHERE type = 'view'");
    expect(main.rows).toEqual([]);
  });

  it('drops the stored result of a deleted or renamed cell', async () => {
    const { engine, tables } = await workspace();
    const { session } = sessionOf(engine, tables, [
      byCountry,
      { kind: 'sql', id: 'b', name: 'other', sql: 'SELECT 1' }
    ]);
    await session.runAll();
    const temp = async () =>
      (
        await engine.query("SELECT name FROM temp.sqlite_schema WHERE type = 'table' ORDER BY name")
      ).rows.flat();
    expect(await temp()).toEqual(['by_country', 'other']);
    session.updateCell('b', (cell) => (cell.kind === 'sql' ? { ...cell, name: 'renamed' } : cell));
    session.deleteCell('a');
    await expect.poll(temp).toEqual([]);
    // Undo brings the cell back; running it stores its result again.
    session.undoDelete();
    await session.runAll();
    expect(await temp()).toEqual(['by_country', 'renamed']);
  });

  it('edits cells: add after, move, delete and undo back into place', async () => {
    const { engine, tables } = await workspace();
    const changes: string[][] = [];
    const session = new NotebookSession({
      engine,
      createScratchEngine: async () => new InProcessEngine(SQL),
      notebook: normalizeNotebook({ cells: [byCountry, { kind: 'markdown', id: 'm', text: 'hi' }] }),
      trusted: true,
      tables: () => tables,
      onChange: (notebook) => changes.push(notebook.cells.map((cell) => cell.id))
    });
    const added = session.addCell('chart', 'a');
    expect(session.notebook.cells.map((cell) => cell.id)).toEqual(['a', added, 'm']);
    expect(session.moveCell(added, 1)).toBe(true);
    expect(session.moveCell(added, 1)).toBe(false);
    session.deleteCell('a');
    expect(session.notebook.cells.map((cell) => cell.id)).toEqual(['m', added]);
    expect(session.undoDelete()).toBe('a');
    expect(session.notebook.cells.map((cell) => cell.id)).toEqual(['a', 'm', added]);
    expect(changes).toHaveLength(4);
  });
});
