import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { openApp, readResult, runSql, waitForDemo } from './support/session';
import { serveStatic, type StaticServer } from './support/static-server';

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  browser = await launchChromium();
  server = await serveStatic({ root: 'build', base: '/' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Every database snapshot stored in this origin's IndexedDB, decoded as Latin-1 text to search for ids. */
function storedSnapshots(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('crossbook-snapshots');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('snapshots').objectStore('snapshots').getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            const decoder = new TextDecoder('latin1');
            resolve((request.result as ArrayBuffer[]).map((buffer) => decoder.decode(buffer)));
            open.result.close();
          };
        };
      })
  );
}

const COUNTS = `SELECT
  (SELECT count(*) FROM customers WHERE customer_id IN ('C00001', 'C00002')) AS customers,
  (SELECT count(*) FROM orders WHERE customer_id IN ('C00001', 'C00002')) AS orders,
  (SELECT count(*) FROM order_items WHERE order_id NOT IN (SELECT order_id FROM orders)) AS orphan_items,
  (SELECT count(*) FROM events WHERE customer_id IN ('C00001', 'C00002')) AS events,
  (SELECT count(*) FROM referrals WHERE referrer_id IN ('C00001', 'C00002') OR referee_id IN ('C00001', 'C00002')) AS referrals`;

describe('right to erasure', () => {
  it('forgets customers in every table and in the stored database, and says how many rows went where', async () => {
    const app = await openApp(browser, server.url);
    const { page } = app;
    await waitForDemo(page);
    await expect.poll(() => page.getByTestId('storage-saved').innerText()).toContain('Last saved');
    // The ids are there before, in the tables and in the saved file.
    await runSql(page, COUNTS);
    const before = (await readResult(page)).rows[0].map(Number);
    expect(before[0]).toBe(2);
    expect(before[1] + before[3] + before[4]).toBeGreaterThan(0);
    expect((await storedSnapshots(page)).some((file) => file.includes('C00001'))).toBe(true);

    const panel = page.getByTestId('forget-customers');
    await panel.locator('summary').click();
    await panel.getByTestId('forget-ids').fill('C00001\nC00002');
    const searched = await panel
      .getByTestId('forget-column')
      .evaluateAll((boxes) => boxes.map((box) => box.getAttribute('data-column')));
    expect(searched).toEqual(
      expect.arrayContaining([
        'order_items.order_id',
        'customers.customer_id',
        'orders.customer_id',
        'referrals.referrer_id',
        'referrals.referee_id',
        'events.customer_id'
      ])
    );
    page.on('dialog', (dialog) => void dialog.accept());
    await panel.getByTestId('forget-submit').click();
    await expect
      .poll(() => page.getByTestId('notice-info').last().innerText(), { timeout: 30_000 })
      .toMatch(/Forgot 2 customers: .*2 rows from customers.*from orders/);

    await runSql(page, COUNTS);
    expect((await readResult(page)).rows).toEqual([['0', '0', '0', '0', '0']]);
    // Saved as the only snapshot, rewritten: the previous copy that still held them is gone.
    await expect.poll(async () => (await storedSnapshots(page)).length).toBe(1);
    const [file] = await storedSnapshots(page);
    expect(file.startsWith('SQLite format 3')).toBe(true);
    expect(file.includes('C00001') || file.includes('C00002')).toBe(false);
    expect(file.includes('C00003')).toBe(true);

    await page.reload();
    await waitForDemo(page);
    await runSql(page, COUNTS);
    expect((await readResult(page)).rows).toEqual([['0', '0', '0', '0', '0']]);
    await app.close();
  });
});
