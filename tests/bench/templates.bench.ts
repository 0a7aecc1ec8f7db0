import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_TABLE_NAMES, generateDemoWorkspace, toCsvText } from '../../src/lib/demo/generate';
import { galleryEntries } from '../../src/lib/notebook/gallery';
import { openAppPersistent, readResult, runSql, tableNames, waitForDemo } from '../e2e/support/session';
import { serveStatic } from '../e2e/support/static-server';
import { benchDataDir } from './generate-orders';

/**
 * Every analysis template on a demo workspace scaled to about `BENCH_ROWS` orders (1,000,000 by default),
 * imported and run in headless Chromium through the app itself, as an analyst would: the time of each template
 * and of its slowest cells, and the cohort heatmap (the `retention` cell, which reads the per-customer periods
 * built once per data change) against the naive recipe of ANALYTICS.md §5.3 run in the same tab on the raw
 * orders. Figures are printed and saved; only correctness is asserted.
 */

const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const seed = Number(process.env.BENCH_SEED ?? 1);
/** The demo's ratio: 9,717 orders for 2,000 customers. */
const ORDERS_PER_CUSTOMER = 9_717 / 2_000;
/** Behavioural events for this many customers (about 27 each), so funnels and tests run without 5 M events. */
const EVENT_CUSTOMERS = 20_000;

/** ANALYTICS.md §5.3, bounded monthly retention straight from the orders: what the template is measured against. */
const NAIVE_COHORT_SQL = `WITH o AS (SELECT customer_id, CAST(strftime('%Y',order_date) AS INT)*12 + CAST(strftime('%m',order_date) AS INT) - 1 AS mi
           FROM orders WHERE status='completed'),
c AS (SELECT customer_id, MIN(mi) AS cohort_mi FROM o GROUP BY customer_id),
s AS (SELECT cohort_mi, COUNT(*) AS cohort_size FROM c GROUP BY cohort_mi),
a AS (SELECT DISTINCT o.customer_id, c.cohort_mi, o.mi - c.cohort_mi AS k FROM o JOIN c USING (customer_id))
SELECT printf('%04d-%02d', a.cohort_mi/12, a.cohort_mi%12+1) AS cohort, s.cohort_size, a.k AS month_k,
       COUNT(*) AS active, 1.0*COUNT(*)/s.cohort_size AS retention
FROM a JOIN s USING (cohort_mi) GROUP BY a.cohort_mi, a.k ORDER BY a.cohort_mi, a.k`;

interface CellTiming {
  id: string;
  name: string | null;
  status: string;
  ms: number | null;
  error?: string;
}

interface TemplateTiming {
  file: string;
  seconds: number;
  cells: CellTiming[];
}

describe('analysis templates benchmark', () => {
  it(
    `runs every template on about ${rows} orders in the browser`,
    async () => {
      const customers = Math.round(rows / ORDERS_PER_CUSTOMER);
      const generating = performance.now();
      const demo = generateDemoWorkspace({
        seed,
        customers,
        eventCustomers: Math.min(customers, EVENT_CUSTOMERS)
      });
      const dir = join(benchDataDir, `templates-${customers}-${seed}`);
      await mkdir(dir, { recursive: true });
      const files: string[] = [];
      const sizes: Record<string, number> = {};
      for (const name of DEMO_TABLE_NAMES) {
        const path = join(dir, `${name}.csv`);
        await writeFile(path, toCsvText(demo[name]));
        files.push(path);
        sizes[name] = demo[name].rows.length;
      }
      const generatedSeconds = (performance.now() - generating) / 1000;

      const server = await serveStatic({ root: 'build', base: '/' });
      try {
        // A persistent profile: its storage quota follows the disk, so the snapshots of a large database can be
        // saved (an off-the-record context's quota is too small, and a failed save is lost at the next restart).
        const app = await openAppPersistent(server.url, async ({ context }) => {
          await context.addInitScript(() =>
            localStorage.setItem('crossbook.queryTimeLimitMs', String(15 * 60_000))
          );
        });
        const { page } = app;
        await waitForDemo(page);
        page.on('dialog', (dialog) => void dialog.accept());
        await page.getByTestId('wipe').click();
        await expect.poll(() => page.locator('[data-table]').count()).toBe(0);

        const imports: Record<string, number> = {};
        for (const path of files) {
          const table = path.slice(path.lastIndexOf('/') + 1, -'.csv'.length);
          const started = performance.now();
          await page.getByTestId('file-input').setInputFiles(path);
          await page.getByTestId('preview-import').click({ timeout: 120_000 });
          await page.locator(`[data-table="${table}"]`).waitFor({ timeout: 15 * 60_000 });
          imports[table] = (performance.now() - started) / 1000;
        }
        await page.locator('[data-table="countries"]').waitFor();
        expect((await tableNames(page)).length).toBeGreaterThanOrEqual(9);
        // A failed save would be lost at the next engine restart: the run must not go on from there.
        expect(await page.getByTestId('storage-error').allInnerTexts()).toEqual([]);

        const templates: TemplateTiming[] = [];
        for (const entry of galleryEntries()) {
          const started = performance.now();
          await page.locator(`[data-gallery="${entry.file}"]`).click();
          await settledNotebook(page, entry.file);
          templates.push({
            file: entry.file,
            seconds: (performance.now() - started) / 1000,
            cells: await cellTimings(page)
          });
        }

        // The naive recipe, in the same tab, on the same data (the last template's notebook is open).
        await runSql(page, NAIVE_COHORT_SQL);
        await expect
          .poll(() => page.getByTestId('cell').last().getAttribute('data-status'), { timeout: 15 * 60_000 })
          .toBe('done');
        const naiveMs = Number(await page.getByTestId('cell').last().getAttribute('data-elapsed-ms'));
        expect((await readResult(page)).rowCount).toBeGreaterThan(0);
        await app.close();

        const cohort = templates.find((template) => template.file === 'cohort-retention.md');
        const heatmapMs = cohort?.cells.find((cell) => cell.name === 'retention')?.ms ?? NaN;
        const result = {
          rows: sizes,
          generatedSeconds,
          importSeconds: imports,
          templates,
          heatmapMs,
          naiveCohortMs: naiveMs
        };
        process.stdout.write(`\n${formatTemplates(result)}\n\n`);
        await mkdir('bench-results', { recursive: true });
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        await writeFile(
          `bench-results/templates-${rows}-${stamp}.json`,
          `${JSON.stringify(result, null, 2)}\n`
        );

        // Timing is reported, never asserted; that every template ran is.
        for (const template of templates) {
          const failed = template.cells.filter((cell) => cell.status !== 'done' && cell.status !== 'idle');
          expect(failed, template.file).toEqual([]);
        }
      } finally {
        await server.close();
      }
    },
    3 * 60 * 60_000
  );
});

/** Waits until the notebook `file` is open and none of its cells waits or runs. */
async function settledNotebook(page: Page, file: string): Promise<void> {
  const entry = galleryEntries().find((candidate) => candidate.file === file);
  await expect
    .poll(() => page.getByTestId('notebook-title').inputValue(), { timeout: 60_000 })
    .toBe(entry?.title);
  await expect
    .poll(
      () =>
        page
          .locator('[data-testid="cell"]')
          .evaluateAll(
            (cells) =>
              cells.every(
                (cell) => !['queued', 'running'].includes(cell.getAttribute('data-status') ?? '')
              ) && cells.some((cell) => cell.getAttribute('data-status') === 'done')
          ),
      { timeout: 60 * 60_000, interval: 250 }
    )
    .toBe(true);
}

async function cellTimings(page: Page): Promise<CellTiming[]> {
  return page.locator('[data-testid="cell"]').evaluateAll((cells) =>
    cells.map((cell) => ({
      id: cell.getAttribute('data-cell-id') ?? '',
      name: cell.getAttribute('data-name'),
      status: cell.getAttribute('data-status') ?? '',
      ms: cell.hasAttribute('data-elapsed-ms') ? Number(cell.getAttribute('data-elapsed-ms')) : null,
      ...(cell.getAttribute('data-status') === 'failed'
        ? { error: cell.querySelector('[data-testid="cell-error"]')?.textContent?.trim() ?? '' }
        : {})
    }))
  );
}

function formatTemplates(result: {
  rows: Record<string, number>;
  generatedSeconds: number;
  importSeconds: Record<string, number>;
  templates: TemplateTiming[];
  heatmapMs: number;
  naiveCohortMs: number;
}): string {
  const lines = [
    'Analysis templates in Chromium',
    `data: ${Object.entries(result.rows)
      .map(([table, count]) => `${table} ${count.toLocaleString('en-US')}`)
      .join(', ')} (generated in ${result.generatedSeconds.toFixed(1)} s)`,
    `import: ${Object.entries(result.importSeconds)
      .map(([table, seconds]) => `${table} ${seconds.toFixed(1)} s`)
      .join(', ')}`,
    '',
    'template                       total s   slowest cells (ms)'
  ];
  for (const template of result.templates) {
    const slowest = template.cells
      .filter((cell) => cell.ms !== null)
      .sort((a, b) => (b.ms ?? 0) - (a.ms ?? 0))
      .slice(0, 3)
      .map((cell) => `${cell.name ?? cell.id} ${cell.ms}`)
      .join(', ');
    lines.push(`${template.file.padEnd(30)} ${template.seconds.toFixed(1).padStart(7)}   ${slowest}`);
  }
  lines.push(
    '',
    `cohort heatmap (retention cell): ${result.heatmapMs} ms (target ≤ 1000 ms)`,
    `naive cohort query (ANALYTICS.md §5.3, same tab): ${result.naiveCohortMs} ms`,
    `ratio_heatmap_vs_naive=${(result.heatmapMs / result.naiveCohortMs).toFixed(3)}`
  );
  return lines.join('\n');
}
