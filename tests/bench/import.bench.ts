import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { timeBrowserImport } from './browser-import';
import { benchDataDir, generateOrders } from './generate-orders';
import { formatReport, type BenchResult, type Sqlite3Runs } from './report';
import { timeSqlite3Import, type Sqlite3Import } from './sqlite3-import';

/** Set by tests/bench/run.js from `--rows` and `--seed`. */
const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const seed = Number(process.env.BENCH_SEED ?? 1);
const sqlite3RunCount = 3;
/** Generous but finite: ten minutes per million rows, at least ten minutes. */
const importTimeoutMs = Math.max(1, rows / 1_000_000) * 10 * 60_000;

async function medianSqlite3Import(csvPath: string, dbPath: string): Promise<Sqlite3Runs> {
  const runs: Sqlite3Import[] = [];
  for (let run = 0; run < sqlite3RunCount; run++) runs.push(await timeSqlite3Import(csvPath, dbPath));
  return { median: [...runs].sort((a, b) => a.seconds - b.seconds)[sqlite3RunCount >> 1], runs };
}

describe('import benchmark', () => {
  it(
    `imports ${rows} generated order rows through the app and with the sqlite3 CLI`,
    async () => {
      expect(Number.isInteger(rows) && rows > 0, `BENCH_ROWS must be a positive integer`).toBe(true);
      const generating = performance.now();
      const file = await generateOrders({ rows, seed });
      const generatedSeconds = (performance.now() - generating) / 1000;

      // The baseline is cheap, so it runs three times and the median counts: a single run is at the mercy of
      // disk writeback (right after generating, the kernel is still writing the CSV out) and noisy neighbours.
      // The baseline writes a database file; `:memory:` is what the app does, shown for comparison.
      const onDisk = await medianSqlite3Import(file.path, join(benchDataDir, `sqlite3-${process.pid}.db`));
      const inMemory = await medianSqlite3Import(file.path, ':memory:');
      const browser = await timeBrowserImport(file, importTimeoutMs);

      const cpu = cpus();
      const result: BenchResult = {
        file: { ...file, generatedSeconds },
        sqlite3: onDisk,
        sqlite3InMemory: inMemory,
        browser,
        ratioVsSqlite3: browser.outcome === 'imported' ? browser.seconds / onDisk.median.seconds : NaN,
        machine: { cpus: cpu.length, cpuModel: cpu[0]?.model.trim() ?? '?', node: process.version }
      };
      process.stdout.write(`\n${formatReport(result)}\n\n`);
      await mkdir('bench-results', { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      await writeFile(`bench-results/import-${rows}-${stamp}.json`, `${JSON.stringify(result, null, 2)}\n`);

      // Timing is reported, never asserted; correctness is.
      for (const run of [...onDisk.runs, ...inMemory.runs]) expect(run.rowCount).toBe(rows);
      expect(browser.outcome, browser.notice).toBe('imported');
      expect(browser.noticeRows).toBe(rows);
      expect(browser.countedRows).toBe(rows);
    },
    importTimeoutMs * 2 + 10 * 60_000
  );
});
