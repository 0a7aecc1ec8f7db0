import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { InProcessEngine } from '../../src/lib/engine/in-process-engine';
import { launchChromium } from '../e2e/support/chromium';
import { importFiles, openApp, readResult, runSql, waitForDemo } from '../e2e/support/session';
import { serveStatic } from '../e2e/support/static-server';
import { benchDataDir, mulberry32 } from './generate-orders';

/**
 * Fitting BG/NBD and Gamma-Gamma on 100,000 customers (issue: ≤ 2 s in the browser). The customers are drawn
 * from the models themselves (seeded), so the fit has something true to find; the summary table is imported
 * through the app and fitted by one SQL cell in Chromium, and the same SQL runs on the in-process engine in
 * Node in the same run as the baseline.
 */

const CUSTOMERS = Number(process.env.BENCH_CLV_CUSTOMERS ?? 100_000);
/** CDNOW's published BG/NBD and Gamma-Gamma parameters: a realistic population. */
const TRUE = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, p: 6.25, q: 3.74, gamma: 15.44 };
const WEEKS = 39;

const FIT_SQL = `WITH fits AS (
  SELECT bgnbd_fit(frequency, recency, T) AS bg, gg_fit(frequency, monetary_value) AS gg FROM clv_summary
)
SELECT json_extract(bg, '$.r') AS r, json_extract(bg, '$.alpha') AS alpha, json_extract(gg, '$.p') AS p FROM fits`;

describe('predictive CLV benchmark', () => {
  it(
    `fits BG/NBD and Gamma-Gamma on ${CUSTOMERS} customers in the browser`,
    async () => {
      const path = await writeSummary(CUSTOMERS);

      const node = new InProcessEngine(await initSqlJs());
      await node.importCsv({ file: new Blob([await readFile(path)]), fileName: 'clv_summary.csv' });
      const nodeStarted = performance.now();
      const nodeFit = await node.query(FIT_SQL);
      const nodeMs = performance.now() - nodeStarted;

      const browser = await launchChromium();
      const server = await serveStatic({ root: 'build', base: '/' });
      try {
        const app = await openApp(browser, server.url);
        const { page } = app;
        await waitForDemo(page);
        await importFiles(page, path);
        await page.locator('[data-table="clv_summary"]').waitFor({ timeout: 120_000 });
        await runSql(page, FIT_SQL);
        await expect
          .poll(() => page.getByTestId('cell').last().getAttribute('data-status'), { timeout: 120_000 })
          .toBe('done');
        const browserMs = Number(await page.getByTestId('cell').last().getAttribute('data-elapsed-ms'));
        const [row] = (await readResult(page)).rows;
        await app.close();

        const lines = [
          'Predictive CLV in Chromium',
          `customers: ${CUSTOMERS.toLocaleString('en-US')} (drawn from r=${TRUE.r}, α=${TRUE.alpha}, a=${TRUE.a}, b=${TRUE.b}; p=${TRUE.p}, q=${TRUE.q}, γ=${TRUE.gamma})`,
          `fit in the browser (one SQL cell: BG/NBD and Gamma-Gamma): ${browserMs} ms (target ≤ 2000 ms)`,
          `same SQL in Node (in-process sql.js): ${Math.round(nodeMs)} ms`,
          `ratio_browser_vs_node=${(browserMs / nodeMs).toFixed(2)}`,
          `fitted r, α, p in the browser: ${row.join(', ')}; in Node: ${nodeFit.rows[0].join(', ')}`
        ];
        process.stdout.write(`\n${lines.join('\n')}\n\n`);
        await mkdir('bench-results', { recursive: true });
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        await writeFile(
          `bench-results/clv-${CUSTOMERS}-${stamp}.json`,
          `${JSON.stringify({ customers: CUSTOMERS, browserMs, nodeMs, fitted: row }, null, 2)}\n`
        );
        // Correctness, not timing: the fit finds the parameters it was drawn from.
        expect(Number(nodeFit.rows[0][0])).toBeCloseTo(TRUE.r, 1);
        expect(Number(nodeFit.rows[0][2])).toBeGreaterThan(1);
      } finally {
        await browser.close();
        await server.close();
      }
    },
    30 * 60_000
  );
});

/** A summary table (frequency, recency, T in weeks, monetary value) of customers drawn from the two models. */
async function writeSummary(customers: number): Promise<string> {
  const random = mulberry32(42);
  const gamma = (shape: number, scale: number): number => {
    // Marsaglia and Tsang; shape < 1 through the boost u^(1/shape).
    if (shape < 1) return gamma(shape + 1, scale) * random() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        // Box-Muller normal.
        x = Math.sqrt(-2 * Math.log(random() || 1e-300)) * Math.cos(2 * Math.PI * random());
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = random();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v)))
        return d * v * scale;
    }
  };
  const lines = ['customer_id,frequency,recency,T,monetary_value'];
  for (let i = 1; i <= customers; i++) {
    const lambda = gamma(TRUE.r, 1 / TRUE.alpha);
    const ga = gamma(TRUE.a, 1);
    const p = ga / (ga + gamma(TRUE.b, 1));
    // The customer's first purchase somewhere in the first 12 weeks; T runs from it to week 39.
    const T = WEEKS - random() * 12;
    let t = 0;
    let frequency = 0;
    let recency = 0;
    for (;;) {
      t += -Math.log(random() || 1e-300) / lambda;
      if (t > T) break;
      frequency++;
      recency = t;
      if (random() < p) break;
    }
    const nu = gamma(TRUE.q, 1 / TRUE.gamma);
    const spend =
      frequency === 0
        ? 0
        : Array.from({ length: frequency }, () => gamma(TRUE.p, 1 / nu)).reduce(
            (sum, value) => sum + value,
            0
          ) / frequency;
    lines.push(`C${i},${frequency},${recency.toFixed(4)},${T.toFixed(4)},${spend.toFixed(2)}`);
  }
  await mkdir(benchDataDir, { recursive: true });
  const path = join(benchDataDir, `clv_summary.csv`);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}
