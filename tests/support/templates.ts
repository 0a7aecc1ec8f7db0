import { readFileSync } from 'node:fs';
import initSqlJs from 'sql.js';
import { installReferenceTables } from '../../src/lib/analyses/reference/install';
import { DEMO_TABLE_NAMES, generateDemoWorkspace, toCsvText } from '../../src/lib/demo/generate';
import { InProcessEngine } from '../../src/lib/engine/in-process-engine';
import type { QueryResult, SqlValue } from '../../src/lib/engine/types';
import { loadNotebook } from '../../src/lib/notebook/load';
import type { Notebook } from '../../src/lib/notebook/model';
import { toSqlParams, type ParameterValue } from '../../src/lib/notebook/parameters';
import { NotebookRunner, type CellRun, type RunSummary } from '../../src/lib/notebook/runner';

/**
 * Runs a bundled analysis template the way the app does (the notebook runner on the engine the page uses, data
 * brought in through the CSV import) so that tests check the very SQL an analyst runs.
 */

const SQL = await initSqlJs();

/** A table as CSV text: the first line is the header. Imported with the app's own type inference. */
export type CsvTables = Readonly<Record<string, string>>;

/** An engine holding `tables` (imported from CSV) and the bundled reference tables. */
export async function engineWith(tables: CsvTables): Promise<InProcessEngine> {
  const engine = new InProcessEngine(SQL);
  for (const [name, csv] of Object.entries(tables)) {
    await engine.importCsv({ file: new Blob([csv]), fileName: `${name}.csv`, table: name });
  }
  await installReferenceTables(engine);
  return engine;
}

/** An engine holding the demo workspace a first visit loads, brought in through the same CSV import. */
export function demoEngine(): Promise<InProcessEngine> {
  const demo = generateDemoWorkspace();
  return engineWith(Object.fromEntries(DEMO_TABLE_NAMES.map((name) => [name, toCsvText(demo[name])])));
}

export function loadTemplate(file: string): Notebook {
  const loaded = loadNotebook(readFileSync(new URL(`../../notebooks/${file}`, import.meta.url), 'utf8'));
  if (!loaded.ok) throw new Error(`${file} does not load: ${loaded.message}`);
  return loaded.notebook;
}

export interface TemplateRun {
  summary: RunSummary;
  runs: Map<string, CellRun>;
  /** Every row of a named result, as objects keyed by column. */
  rows(name: string): Promise<Record<string, SqlValue>[]>;
  /** The single row of a named result. */
  row(name: string): Promise<Record<string, SqlValue>>;
}

/** Runs every cell of `notebook` with the given parameter values (others at their defaults). */
export async function runTemplate(
  engine: InProcessEngine,
  notebook: Notebook,
  values: Readonly<Record<string, ParameterValue>> = {}
): Promise<TemplateRun> {
  const runs = new Map<string, CellRun>();
  const runner = new NotebookRunner({
    engine: () => engine,
    onUpdate: (id, run) => runs.set(id, run),
    watchdogMs: 600_000
  });
  const tables = (await engine.describeTables()).map((table) => table.name);
  const params = toSqlParams(notebook, new Map(Object.entries(values)));
  const summary = await runner.run(notebook, 'all', params, tables);
  const rows = async (name: string) => toObjects(await engine.query(`SELECT * FROM temp."${name}"`));
  return {
    summary,
    runs,
    rows,
    async row(name) {
      const all = await rows(name);
      if (all.length !== 1) throw new Error(`${name} has ${all.length} rows, not one.`);
      return all[0];
    }
  };
}

/** Cells that did not finish, with why, for a readable assertion (`expect(problems(run)).toEqual([])`). */
export function problems(run: TemplateRun): string[] {
  const found: string[] = [];
  for (const [id, cellRun] of run.runs) {
    if (cellRun.status === 'failed') {
      found.push(`${id}: ${cellRun.error instanceof Error ? cellRun.error.message : String(cellRun.error)}`);
    } else if (cellRun.status === 'blocked') {
      found.push(`${id}: blocked (${cellRun.reason}: ${cellRun.cells.join(', ')})`);
    } else if (cellRun.status === 'cancelled') {
      found.push(`${id}: ${cellRun.reason}`);
    }
  }
  return found;
}

function toObjects(result: QueryResult): Record<string, SqlValue>[] {
  return result.rows.map((row) =>
    Object.fromEntries(result.columns.map((column, i) => [column.name, row[i]]))
  );
}

/** CSV text from a header and rows (no quoting needed in fixtures: no commas, quotes or line breaks). */
export function csv(header: string, ...rows: readonly (readonly (string | number | null)[])[]): string {
  return [header, ...rows.map((row) => row.map((value) => (value === null ? '' : String(value))).join(','))]
    .join('\n')
    .concat('\n');
}
