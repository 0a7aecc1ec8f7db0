import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../support/shared-data';
import { launchChromium } from './support/chromium';
import {
  DEMO_TABLES,
  importFiles,
  importOutcomes,
  openApp,
  openAppPersistent,
  readResult,
  runSql,
  tableNames,
  waitForDemo
} from './support/session';
import { serveStatic, type StaticServer } from './support/static-server';

let browser: Browser;
let server: StaticServer;
let dir: string;

beforeAll(async () => {
  browser = await launchChromium();
  server = await serveStatic({ root: 'build', base: '/some/path/' });
  dir = await mkdtemp(join(tmpdir(), 'crossbook-import-'));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A seeded orders file big enough that its import takes a few seconds. */
async function writeOrders(name: string, rows: number): Promise<string> {
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const countries = ['DE', 'FR', 'GB', 'US', 'JP', 'BR', 'IN', 'ZA', 'AU', 'LV'];
  const lines = ['order_id,customer_id,country,order_date,amount'];
  for (let i = 1; i <= rows; i++) {
    const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
    lines.push(
      `${i},C${Math.floor(random() * 50_000)},${countries[i % 10]},2024-03-${day},${(random() * 500).toFixed(2)}`
    );
  }
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

describe('import: preview, overrides, progress and cancel', () => {
  it('previews a German Excel export and stores what the preview shows, with the user’s override', async () => {
    const file = join(dir, 'umsatz.csv');
    // Windows-1252 (€ is byte 0x80), semicolons, decimal commas, DD.MM.YYYY dates: Excel on a German PC.
    const text =
      'Kunde;Betrag;Datum;PLZ\r\n' +
      'Müller;1.234,50 €;05.03.2024;01067\r\n' +
      'Weiß;12,00 €;13.03.2024;80331\r\n' +
      'Groß;-7,25 €;31.12.2023;20095\r\n';
    await writeFile(file, Buffer.from(text.replaceAll('€', '\x80'), 'latin1'));
    const app = await openApp(browser, server.url);
    const { page } = app;
    await waitForDemo(page);

    await page.getByTestId('file-input').setInputFiles(file);
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await page.getByTestId('preview-encoding').inputValue()).toBe('windows-1252');
    expect(await page.getByTestId('preview-delimiter').inputValue()).toBe(';');
    const types = await preview
      .locator('thead select[data-column]')
      .evaluateAll((selects) =>
        selects.map((s) => [s.getAttribute('data-column'), (s as HTMLSelectElement).value])
      );
    expect(types).toEqual([
      ['Kunde', 'TEXT'],
      ['Betrag', 'REAL'],
      ['Datum', 'DATE'],
      ['PLZ', 'TEXT']
    ]);
    expect(await page.getByTestId('preview-rows').locator('tbody tr').first().innerText()).toContain(
      '1234.5'
    );

    // The user decides Betrag stays text after all; the focus stays on what they used.
    await preview.locator('select[data-column="Betrag"]').focus();
    await preview.locator('select[data-column="Betrag"]').selectOption('TEXT');
    await expect.poll(() => preview.getAttribute('aria-busy')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-column'))).toBe('Betrag');
    const before = await importOutcomes(page);
    await page.getByTestId('preview-import').click();
    await expect.poll(() => importOutcomes(page)).toBeGreaterThan(before);

    await runSql(page, 'SELECT Kunde, Betrag, typeof(Betrag), Datum, PLZ FROM umsatz ORDER BY Datum');
    expect((await readResult(page)).rows).toEqual([
      ['Groß', '-7,25 €', 'text', '2023-12-31', '20095'],
      ['Müller', '1.234,50 €', 'text', '2024-03-05', '01067'],
      ['Weiß', '12,00 €', 'text', '2024-03-13', '80331']
    ]);
    await app.close();
  });

  it('works from the keyboard: Escape skips a file, Ctrl+Enter imports the next', async () => {
    const skipped = join(dir, 'skipped.csv');
    const wanted = join(dir, 'wanted.csv');
    await writeFile(skipped, 'a\n1\n');
    await writeFile(wanted, 'b\n2\n');
    const app = await openApp(browser, server.url);
    const { page } = app;
    await waitForDemo(page);
    await page.getByTestId('file-input').setInputFiles([skipped, wanted]);
    const preview = page.getByTestId('import-preview');
    await expect.poll(() => preview.locator('h2').innerText()).toContain('skipped.csv');
    await page.keyboard.press('Escape');
    await expect.poll(() => preview.locator('h2').innerText()).toContain('wanted.csv');
    await page.keyboard.press('Control+Enter');
    await page.locator('[data-table="wanted"]').waitFor();
    expect(await tableNames(page)).toEqual([...DEMO_TABLES, 'wanted']);
    await app.close();
  });

  it('shows bytes, rows and rate while importing, and Cancel leaves the database as it was', async () => {
    const big = await writeOrders('big_orders.csv', 600_000);
    const app = await openApp(browser, server.url);
    const { page } = app;
    await waitForDemo(page);
    const tablesBefore = await tableNames(page);

    await page.getByTestId('file-input').setInputFiles(big);
    await page.getByTestId('import-preview').waitFor();
    const before = await importOutcomes(page);
    await page.getByTestId('preview-import').click();
    const figures = page.getByTestId('import-figures');
    await expect.poll(() => figures.innerText(), { timeout: 30_000 }).toMatch(/MB of .*MB.*rows.*\/s/);
    await page.getByTestId('import-cancel').click();
    await expect.poll(() => importOutcomes(page), { timeout: 30_000 }).toBeGreaterThan(before);
    expect(await page.getByTestId('notice-info').last().innerText()).toContain('cancelled');
    expect(await tableNames(page)).toEqual(tablesBefore);
    await runSql(page, "SELECT count(*) FROM sqlite_schema WHERE name = 'big_orders'");
    expect((await readResult(page)).rows).toEqual([['0']]);
    await app.close();
  });
});

describe('import: kept across reloads', () => {
  it('keeps imported tables after a reload, and a reload mid-import keeps the state before it', async () => {
    const small = join(dir, 'kept.csv');
    // Not people's names: a `name` column of those would be dropped by default, as personal data.
    await writeFile(small, 'id,town\n1,Åre\n2,Björkliden\n');
    const big = await writeOrders('interrupted.csv', 600_000);
    const app = await openApp(browser, server.url);
    const { page } = app;
    await waitForDemo(page);
    await importFiles(page, small);
    await expect.poll(() => page.getByTestId('storage-saved').innerText()).toContain('Last saved');

    await page.reload();
    await waitForDemo(page);
    await page.locator('[data-table="kept"]').waitFor();
    await runSql(page, 'SELECT town FROM kept ORDER BY id');
    expect((await readResult(page)).rows).toEqual([['Åre'], ['Björkliden']]);

    await page.getByTestId('file-input').setInputFiles(big);
    await page.getByTestId('import-preview').waitFor();
    await page.getByTestId('preview-import').click();
    await expect
      .poll(() => page.getByTestId('import-figures').innerText(), { timeout: 30_000 })
      .toMatch(/rows/);
    await page.reload();
    await page.locator('[data-table="kept"]').waitFor();
    expect((await tableNames(page)).sort()).toEqual(['kept', ...DEMO_TABLES].sort());
    await app.close();
  });

  it('exports the database as a .sqlite file, opens it again, and wipes everything on request', async () => {
    const app = await openApp(browser, server.url);
    const { page } = app;
    await waitForDemo(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-database').click()
    ]);
    const exported = join(dir, 'backup.sqlite');
    await download.saveAs(exported);
    expect((await readFile(exported)).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');

    // Settings and a notebook of the user's are stored too, and must go with everything else.
    await page.evaluate(() => localStorage.setItem('crossbook.queryTimeLimitMs', '5000'));
    await page.getByTestId('notebook-new').first().click();
    await expect.poll(() => storedNotebookCount(page)).toBeGreaterThanOrEqual(2);

    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('wipe').click();
    await expect.poll(() => tableNames(page)).toEqual([]);
    expect(await page.getByTestId('storage-saved').innerText()).toContain('Nothing saved');
    await expect.poll(() => storedNotebookCount(page)).toBe(0);
    expect(await page.getByTestId('notebook-item').count()).toBe(0);
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('crossbook.')))
    ).toEqual([]);

    await page.getByTestId('open-database-input').setInputFiles(exported);
    await page.locator('[data-table="orders"]').waitFor();
    expect(await tableNames(page)).toEqual(DEMO_TABLES);
    await page.getByTestId('notebook-new').first().click();
    // A new notebook starts with one empty SQL cell.
    await expect.poll(() => page.getByTestId('cell').count()).toBe(1);
    await runSql(page, 'SELECT count(*) FROM orders');
    expect((await readResult(page)).rows).toEqual([['9717']]);
    await app.close();
  });
});

describe('import: faults end in the state before or after, never a mix', () => {
  it('a worker crash mid-import reports it, restarts the engine and keeps the saved state', async () => {
    const big = await writeOrders('crashing.csv', 600_000);
    const app = await openApp(browser, server.url);
    const { page } = app;
    await waitForDemo(page);
    await page.getByTestId('file-input').setInputFiles(big);
    await page.getByTestId('import-preview').waitFor();
    const before = await importOutcomes(page);
    await page.getByTestId('preview-import').click();
    await expect
      .poll(() => page.getByTestId('import-figures').innerText(), { timeout: 30_000 })
      .toMatch(/rows/);
    const worker = page.workers().find((w) => w.url().startsWith('blob:'));
    // An uncaught exception, as an out-of-memory abort would raise: the app must treat the worker as dead.
    await worker!.evaluate(() => {
      setTimeout(() => {
        throw new Error('injected crash');
      });
    });
    await expect.poll(() => importOutcomes(page), { timeout: 30_000 }).toBeGreaterThan(before);
    expect(await page.getByTestId('notice-error').last().innerText()).toContain('stopped unexpectedly');
    await expect.poll(() => tableNames(page), { timeout: 30_000 }).toEqual(DEMO_TABLES);
    await runSql(page, 'SELECT count(*) FROM orders');
    expect((await readResult(page)).rows).toEqual([['9717']]);
    await app.close();
  });

  it('a reload while the snapshot is being saved ends in the state before or after, never a mix', async () => {
    const big = await writeOrders('saved_when_reloaded.csv', 600_000);
    const app = await openApp(browser, server.url);
    const { page } = app;
    await waitForDemo(page);
    await page.getByTestId('file-input').setInputFiles(big);
    await page.getByTestId('import-preview').waitFor();
    // Reload from inside the page the moment the save starts: polling from the test could miss the window.
    await page.evaluate(() => {
      const observer = new MutationObserver(() => {
        if (document.body.textContent?.includes('Saving to this device')) {
          observer.disconnect();
          location.reload();
        }
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    const reloaded = page.waitForEvent('load', { timeout: 120_000 });
    await page.getByTestId('preview-import').click();
    await reloaded;
    await waitForDemo(page);
    const tables = await tableNames(page);
    if (tables.includes('saved_when_reloaded')) {
      expect(tables).toEqual([...DEMO_TABLES, 'saved_when_reloaded'].sort());
      await runSql(page, 'SELECT count(*) FROM saved_when_reloaded');
      expect((await readResult(page)).rows).toEqual([['600000']]);
    } else {
      expect(tables).toEqual(DEMO_TABLES);
    }
    await runSql(page, 'PRAGMA quick_check');
    expect((await readResult(page)).rows).toEqual([['ok']]);
    console.info(`reload during save: ${tables.includes('saved_when_reloaded') ? 'after' : 'before'} state`);
    await app.close();
  }, 180_000);

  it('a full storage quota is reported, the data stays usable, and a reload finds the last good save', async () => {
    // Room for the demo workspace's two snapshots (11.5 MB of IndexedDB once loaded: Blobs, which Chromium
    // stores uncompressed), not for those of a database with 400,000 more orders (over 30 MB each; Chromium 156,
    // measured with navigator.storage.estimate). The override must come before the site first opens its
    // storage, and only works in a persistent profile (measured).
    const app = await openAppPersistent(server.url, async ({ context, page }) => {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Storage.overrideQuotaForOrigin', {
        origin: server.origin,
        quotaSize: 24 * 1024 * 1024
      });
    });
    const { page } = app;
    await waitForDemo(page);
    await expect.poll(() => page.getByTestId('storage-saved').innerText()).toContain('Last saved');

    await importFiles(page, await writeOrders('too_big_to_save.csv', 400_000));
    await page.locator('[data-table="too_big_to_save"]').waitFor();
    await expect.poll(() => page.getByTestId('storage-error').count()).toBe(1);
    expect(await page.getByTestId('storage-error').innerText()).toContain('storage for this site is full');
    await runSql(page, 'SELECT count(*) FROM too_big_to_save');
    expect((await readResult(page)).rows).toEqual([['400000']]);

    await page.reload();
    await waitForDemo(page);
    expect(await tableNames(page)).toEqual(DEMO_TABLES);
    await app.close();
  });
});

describe('two tabs', () => {
  it('only the newest tab saves, and the older one says so instead of overwriting its work', async () => {
    const first = await openApp(browser, server.url);
    await waitForDemo(first.page);
    const second = await first.context.newPage();
    await second.goto(server.url);
    await waitForDemo(second);

    await expect.poll(() => first.page.getByTestId('storage-error').count(), { timeout: 15_000 }).toBe(1);
    expect(await first.page.getByTestId('storage-error').innerText()).toContain('opened in another tab');
    await runSql(first.page, "CREATE TABLE from_old_tab AS SELECT 'not saved' AS note");
    await runSql(second, "CREATE TABLE from_new_tab AS SELECT 'saved' AS note");

    await second.reload();
    await second.locator('[data-table="from_new_tab"]').waitFor();
    expect(await tableNames(second)).toEqual([...DEMO_TABLES, 'from_new_tab'].sort());
    await first.close();
  });
});

describe('import: real data', () => {
  const retail = sharedData('online-retail/online_retail.csv.gz');

  it.runIf(retail)(
    'imports UCI Online Retail (541,909 rows, gzip) with every value preserved and the right types',
    async () => {
      const app = await openApp(browser, server.url);
      const { page } = app;
      await waitForDemo(page);
      await importFiles(page, retail!);
      await page.locator('[data-table="online_retail"]').waitFor();
      await runSql(
        page,
        `SELECT count(*), count(DISTINCT StockCode), sum(typeof(StockCode) = 'text'),
                sum(typeof(Quantity) = 'integer'), sum(typeof(UnitPrice) IN ('real', 'integer')),
                min(InvoiceDate), max(InvoiceDate)
         FROM online_retail`
      );
      expect((await readResult(page)).rows).toEqual([
        ['541909', '4070', '541909', '541909', '541909', '2010-12-01 08:26:00', '2011-12-09 12:50:00']
      ]);
      await runSql(
        page,
        `SELECT count(DISTINCT CustomerID), round(sum(Quantity * UnitPrice), 2)
         FROM online_retail
         WHERE CustomerID IS NOT NULL AND InvoiceNo NOT LIKE 'C%' AND Quantity > 0 AND UnitPrice > 0`
      );
      // The published figures after the usual cleaning (shared/data/README.md).
      expect((await readResult(page)).rows).toEqual([['4338', '8,911,407.9']]);
      await app.close();
    },
    300_000
  );
});

/** How many notebooks the library has stored in IndexedDB. */
function storedNotebookCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('crossbook-notebooks');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = [...db.objectStoreNames];
          if (names.length === 0) {
            db.close();
            resolve(0);
            return;
          }
          const request = db.transaction(names[0]).objectStore(names[0]).count();
          request.onsuccess = () => {
            resolve(request.result);
            db.close();
          };
          request.onerror = () => reject(request.error);
        };
      })
  );
}
