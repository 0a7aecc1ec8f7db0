import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tableFromIPC } from 'apache-arrow';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import {
  DEMO_TABLES,
  importFiles,
  openApp,
  readResult,
  runSql,
  sqlCell,
  tableNames,
  typeAndRun,
  waitForDemo
} from './support/session';
import { serveStatic, type StaticServer } from './support/static-server';

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  browser = await launchChromium();
  // Served under a sub-path, as on a project page of a static host: nothing may assume the site root.
  server = await serveStatic({ root: 'build', base: '/some/path/' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the first working page, served under /some/path/', () => {
  it('opens the demo workspace at once: its tables and the overview notebook, run, with results and charts', async () => {
    const app = await openApp(browser, server.url);
    const { page } = app;
    await waitForDemo(page);

    expect(await tableNames(page)).toEqual(DEMO_TABLES);
    const tables = await page.getByTestId('table-list').innerText();
    expect(tables).toContain('9,717 rows');

    const result = await readResult(page, 'revenue_by_country');
    expect(result.columns).toEqual([
      'country',
      'country_name',
      'business_region',
      'customers',
      'orders',
      'revenue',
      'average_order_value'
    ]);
    expect(result.rowCount).toBe(24);
    expect(result.rows[0].slice(0, 6)).toEqual(['US', 'United States', 'NA', '182', '1174', '170,884.52']);
    // A later cell reads the named result like a table; every order had a rate to EUR.
    expect((await readResult(page, 'totals')).rows).toEqual([['1,357,160.81', '9044', '1350', '24', '4']]);
    expect((await readResult(page, 'model_check')).rows).toEqual([['9717', '9044', '0', '1,357,160.81']]);

    await page.getByTestId('chart').locator('svg').first().waitFor();
    expect(await page.getByTestId('chart').first().locator('svg rect').count()).toBeGreaterThanOrEqual(24);
    expect(server.requests.every((path) => path.startsWith('/some/path/'))).toBe(true);
    await app.close();
  });

  it('imports a picked CSV as a typed table and queries it in a new cell', async () => {
    const app = await openApp(browser, server.url);
    const { page } = app;
    await waitForDemo(page);

    const dir = await mkdtemp(join(tmpdir(), 'crossbook-'));
    const file = join(dir, 'customers 2024.csv');
    await writeFile(
      file,
      '\uFEFFcustomer_id;name;country;signup;spend\r\n' +
        '1;"Müller; Anna";DE;2024-01-05;120.5\r\n' +
        '2;"山田 太郎";JP;2024-02-11;80\r\n' +
        '3;"O\'Brien ""Bob""";IE;2024-02-20;99.25\r\n' +
        '4;"Line\nbreak";FR;2024-03-01;0\r\n'
    );
    await importFiles(page, file);
    await expect.poll(() => page.getByTestId('notice-info').last().innerText()).toContain('customers_2024');
    await page.locator('[data-table="customers_2024"]').waitFor();

    await runSql(page, 'SELECT name, spend, typeof(spend) AS t FROM customers_2024 ORDER BY customer_id');
    const result = await readResult(page);
    expect(result.rows).toEqual([
      ['Müller; Anna', '120.5', 'real'],
      ['山田 太郎', '80', 'real'],
      ['O\'Brien "Bob"', '99.25', 'real'],
      ['Line↵break', '0', 'real']
    ]);
    await app.close();
  });

  it('keeps the original header of renamed columns as their label, shown in the table list', async () => {
    const app = await openApp(browser, server.url);
    const { page } = app;
    await waitForDemo(page);
    const dir = await mkdtemp(join(tmpdir(), 'crossbook-'));
    const file = join(dir, 'labels.csv');
    const long = `Revenue in euros before returns and discounts ${'and more '.repeat(5)}`.trim();
    await writeFile(file, `id,Name,Name,${long}\n1,a,b,2\n`);
    await importFiles(page, file);
    const table = page.locator('li', { has: page.locator('[data-table="labels"]') });
    await table.waitFor();
    const labels = await table.getByTestId('column-label').allInnerTexts();
    expect(labels).toEqual(['“Name”', `“${long}”`]);
    await app.close();
  });

  it('reports a broken CSV clearly and keeps every table it had', async () => {
    const app = await openApp(browser, server.url);
    const { page } = app;
    await waitForDemo(page);

    const dir = await mkdtemp(join(tmpdir(), 'crossbook-'));
    const ragged = join(dir, 'ragged.csv');
    await writeFile(ragged, 'a,b,c\n1,2,3\n4,5\n6,7,8\n');
    const binary = join(dir, 'report.csv');
    await writeFile(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]));
    await importFiles(page, [ragged, binary]);

    await expect.poll(() => page.getByTestId('notice-error').count()).toBe(2);
    const errors = await page.getByTestId('notice-error').allInnerTexts();
    expect(errors[0]).toMatch(/ragged\.csv.*Line 3 has a different number of fields/s);
    expect(errors[1]).toMatch(/report\.csv.*not a text file/s);
    expect(await tableNames(page)).toEqual(DEMO_TABLES);
    await runSql(page, 'SELECT count(*) AS n FROM orders');
    expect((await readResult(page)).rows).toEqual([['9717']]);
    await app.close();
  });

  it('shows SQL errors where the result would be and keeps working', async () => {
    const app = await openApp(browser, server.url);
    const { page } = app;
    await waitForDemo(page);
    // A table that does not exist is found before anything runs, and said on the cell.
    await runSql(page, 'SELECT * FROM no_such_table');
    const cell = sqlCell(page);
    expect(await cell.getAttribute('data-status')).toBe('blocked');
    expect(await cell.getByTestId('cell-issue').innerText()).toContain('no_such_table');
    // SQLite's own errors are shown under the cell and marked where they are in the SQL.
    expect(await typeAndRun(cell, 'SELECT ship_country, no_such_column FROM orders')).toBe('failed');
    expect(await cell.getByTestId('cell-error').innerText()).toContain('no such column: no_such_column');
    expect(await cell.locator('.cm-sql-error').innerText()).toBe('no_such_column');
    expect(await typeAndRun(cell, 'SELECT 6 * 7 AS answer')).toBe('done');
    expect((await readResult(page)).rows).toEqual([['42']]);
    await app.close();
  });

  it('puts the Content-Security-Policy first in <head> and speaks the chosen language', async () => {
    const app = await openApp(browser, server.url);
    const { page } = app;
    await waitForDemo(page);
    // First in <head> as served, so the policy covers everything parsed after it. (Script may add elements
    // before it later, e.g. CodeMirror's <style>; those are already under the policy.)
    const html = await (await fetch(server.url)).text();
    const firstTag = /<head>\s*(<[^>]+>)/.exec(html)?.[1] ?? '';
    expect(firstTag).toMatch(/^<meta http-equiv="content-security-policy"/i);
    const first = await page.evaluate(() => {
      const element = document.querySelector('meta[http-equiv="content-security-policy"]') as HTMLMetaElement;
      const before = [...document.head.children].slice(0, [...document.head.children].indexOf(element));
      return {
        content: element.content,
        loadedBefore: before.filter((e) => e.matches('script, link')).length
      };
    });
    expect(first.loadedBefore).toBe(0);
    expect(first.content).toContain("default-src 'none'");
    expect(first.content).toContain("'wasm-unsafe-eval'");
    const lockdown = await page.locator('meta[data-crossbook-lockdown]').getAttribute('content');
    expect(lockdown).toBe("connect-src 'none'");

    await page.getByTestId('locale').selectOption('de');
    await expect.poll(() => page.getByTestId('table-list').innerText()).toContain('9.717 Zeilen');
    await page.reload();
    await waitForDemo(page);
    expect(await page.getByTestId('table-list').innerText()).toContain('9.717 Zeilen');
    await app.close();
  });
});

describe('result export', () => {
  it('downloads a CSV safe to open in a spreadsheet and an Arrow file with exact types', async () => {
    const app = await openApp(browser, server.url);
    const { page } = app;
    await waitForDemo(page);
    await runSql(
      page,
      "SELECT '=HYPERLINK(\"http://x\")' || char(10) || 'note' AS f, -5 AS n, '-5' AS t, '＝1+1' AS w, 9007199254740993 AS big"
    );
    const dir = await mkdtemp(join(tmpdir(), 'crossbook-export-'));

    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      sqlCell(page).getByTestId('export-csv').click()
    ]);
    const csvPath = join(dir, csvDownload.suggestedFilename());
    await csvDownload.saveAs(csvPath);
    expect(await readFile(csvPath, 'utf8')).toBe(
      '\uFEFFf,n,t,w,big\r\n"\'=HYPERLINK(""http://x"")\nnote",-5,"\'-5","\'＝1+1",9007199254740993\r\n'
    );

    const [arrowDownload] = await Promise.all([
      page.waitForEvent('download'),
      sqlCell(page).getByTestId('export-arrow').click()
    ]);
    const arrowPath = join(dir, arrowDownload.suggestedFilename());
    await arrowDownload.saveAs(arrowPath);
    const table = tableFromIPC(await readFile(arrowPath));
    expect(table.schema.fields.map((f) => [f.name, String(f.type)])).toEqual([
      ['f', 'Utf8'],
      ['n', 'Int64'],
      ['t', 'Utf8'],
      ['w', 'Utf8'],
      ['big', 'Int64']
    ]);
    expect(table.get(0)?.toJSON()).toEqual({
      f: '=HYPERLINK("http://x")\nnote',
      n: -5n,
      t: '-5',
      w: '＝1+1',
      big: 9007199254740993n
    });
    await app.close();
  });
});

describe('the engine self-test in a real Web Worker', () => {
  it('passes the whole engine contract suite in Chromium', async () => {
    const app = await openApp(browser, `${server.url}diagnostics/`);
    const { page } = app;
    await page.getByTestId('run-diagnostics').click();
    const summary = page.getByTestId('diagnostics-summary');
    await expect.poll(() => summary.getAttribute('data-finished'), { timeout: 30_000 }).toBe('true');
    const failures = await page
      .locator('[data-testid="diagnostics-results"] li[data-passed="false"]')
      .allInnerTexts();
    expect(failures).toEqual([]);
    expect(await summary.getAttribute('data-passed')).toBe(await summary.getAttribute('data-total'));
    expect(Number(await summary.getAttribute('data-total'))).toBeGreaterThan(15);

    // The self-test ran on scratch databases: the workspace and what is saved on the device are untouched.
    await page.getByRole('link', { name: 'Back to the workspace' }).click();
    await waitForDemo(page);
    expect(await tableNames(page)).toEqual(DEMO_TABLES);
    await page.reload();
    await waitForDemo(page);
    expect(await tableNames(page)).toEqual(DEMO_TABLES);
    await runSql(page, 'SELECT count(*) FROM orders');
    expect((await readResult(page)).rows).toEqual([['9717']]);
    await app.close();
  });
});

describe('on a host that also sends the policy as a response header', () => {
  it('boots, loads the demo and charts it under both policies', async () => {
    const headerServer = await serveStatic({ root: 'build', base: '/', headers: true });
    try {
      const response = await fetch(headerServer.url);
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("default-src 'none'");
      expect(policy).toContain("frame-ancestors 'none'");
      const app = await openApp(browser, headerServer.url);
      await waitForDemo(app.page);
      await app.page.getByTestId('chart').locator('svg').first().waitFor();
      expect(await app.pageViolations()).toEqual([]);
      await app.close();
    } finally {
      await headerServer.close();
    }
  });
});
