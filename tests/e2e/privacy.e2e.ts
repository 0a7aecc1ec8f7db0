import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { fakeFilePickers, savedFiles } from './support/file-pickers';
import {
  importOutcomes,
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
let dir: string;

beforeAll(async () => {
  browser = await launchChromium();
  server = await serveStatic({ root: 'build', base: '/' });
  dir = await mkdtemp(join(tmpdir(), 'crossbook-privacy-'));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Every database snapshot stored in this origin's IndexedDB (Blobs, or ArrayBuffers from earlier versions),
 * decoded as Latin-1 text to search for ids.
 */
function storedSnapshots(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const values = await new Promise<unknown[]>((resolve, reject) => {
      const open = indexedDB.open('crossbook-snapshots');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const request = open.result.transaction('snapshots').objectStore('snapshots').getAll();
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          resolve(request.result);
          open.result.close();
        };
      };
    });
    const decoder = new TextDecoder('latin1');
    return Promise.all(
      values.map(async (value) =>
        decoder.decode(value instanceof Blob ? await value.arrayBuffer() : (value as ArrayBuffer))
      )
    );
  });
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

/** An IBAN with correct check digits (ISO 13616: the whole number mod 97 is 1). */
function iban(country: string, bban: string): string {
  const digits = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let mod = 0;
  for (const digit of digits) mod = (mod * 10 + Number(digit)) % 97;
  return `${country}${String(98 - mod).padStart(2, '0')}${bban}`;
}

/** Twelve customers with every kind of personal data, and orders that name them by e-mail in another case. */
async function writePersonalFiles(): Promise<{ customers: string; orders: string; raw: string[] }> {
  const people = Array.from({ length: 12 }, (_, i) => ({
    id: `K${100 + i}`,
    email: `Kunde.${i}@Beispiel.de`,
    phone: `+49 30 ${1_000_000 + i * 37}`,
    name: `Greta Lindqvist${i}`,
    street: `${i + 3} Sveavägen`,
    iban: iban('DE', `3704004405320130${String(i).padStart(2, '0')}`),
    ip: `10.20.30.${i + 1}`
  }));
  const customers = join(dir, 'crm_export.csv');
  await writeFile(
    customers,
    'customer_id,email,phone,full_name,street_address,iban,last_ip,country\n' +
      people.map((p) => [p.id, p.email, p.phone, p.name, p.street, p.iban, p.ip, 'DE'].join(',')).join('\n') +
      '\n'
  );
  const orders = join(dir, 'shop_orders.csv');
  await writeFile(
    orders,
    'order_id,customer_email,amount\n' +
      people.map((p, i) => `O${i},${p.email.toUpperCase()},${10 + i}`).join('\n') +
      '\n'
  );
  const raw = people.flatMap((p) => [
    p.email,
    p.email.toLowerCase(),
    p.phone,
    p.name,
    p.street,
    p.iban,
    p.ip
  ]);
  return { customers, orders, raw };
}

/** Previews a file and returns each column's personal-data choice as the preview pre-selected it. */
async function previewChoices(page: Page, file: string): Promise<Record<string, string>> {
  await page.getByTestId('file-input').setInputFiles(file);
  const preview = page.getByTestId('import-preview');
  await preview.waitFor();
  return preview
    .locator('[data-privacy-column]')
    .evaluateAll((selects) =>
      Object.fromEntries(
        selects.map((select) => [
          select.getAttribute('data-privacy-column'),
          (select as HTMLSelectElement).value
        ])
      )
    );
}

async function confirmPreview(page: Page): Promise<void> {
  const before = await importOutcomes(page);
  await page.getByTestId('preview-import').click();
  await expect.poll(() => importOutcomes(page), { timeout: 60_000 }).toBeGreaterThan(before);
}

/** The names of this origin's IndexedDB databases. */
function databaseNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? ''));
}

describe('personal data at import', () => {
  it('finds personal data, drops or pseudonymises it with a key kept in this browser, consistently across files', async () => {
    const files = await writePersonalFiles();
    const app = await openApp(browser, server.url, ({ context }) => fakeFilePickers(context));
    const { page } = app;
    await waitForDemo(page);

    // The preview says what it found and pre-selects: pseudonymise join keys, drop the rest.
    expect(await previewChoices(page, files.customers)).toEqual({
      customer_id: 'keep',
      email: 'pseudonymise',
      phone: 'pseudonymise',
      full_name: 'drop',
      street_address: 'drop',
      iban: 'drop',
      last_ip: 'pseudonymise',
      country: 'keep'
    });
    const findings = await page
      .locator('[data-pii-finding]')
      .evaluateAll((items) =>
        items.map((item) => [item.getAttribute('data-pii-finding'), item.getAttribute('data-kind')])
      );
    expect(findings).toEqual([
      ['email', 'email'],
      ['phone', 'phone'],
      ['full_name', 'name'],
      ['street_address', 'address'],
      ['iban', 'iban'],
      ['last_ip', 'ip']
    ]);
    // The user keeps the phone numbers after all (any column can be changed, also one not flagged).
    await page.locator('[data-privacy-column="phone"]').selectOption('keep');
    expect(await page.getByTestId('preview-rows').innerText()).not.toContain('Kunde.0@Beispiel.de');
    await confirmPreview(page);
    expect(await page.getByTestId('notice-info').last().innerText()).toMatch(
      /Pseudonymised 2 columns \(email, last_ip\)\. Left out 3 columns \(full_name, street_address, iban\)/
    );

    expect(await previewChoices(page, files.orders)).toMatchObject({ customer_email: 'pseudonymise' });
    await confirmPreview(page);

    await runSql(
      page,
      `SELECT (SELECT group_concat(name) FROM pragma_table_info('crm_export')) AS columns,
        (SELECT count(*) FROM crm_export WHERE email GLOB 'ps_[0-9a-f]*' AND length(email) = 27) AS pseudonyms,
        (SELECT count(*) FROM shop_orders JOIN crm_export ON crm_export.email = shop_orders.customer_email) AS joined`
    );
    expect((await readResult(page)).rows).toEqual([['customer_id,email,phone,last_ip,country', '12', '12']]);
    await runSql(page, "SELECT email FROM crm_export WHERE customer_id = 'K100'");
    const pseudonym = (await readResult(page)).rows[0][0];

    // The secret is a non-extractable key in this site's IndexedDB, nowhere else.
    expect(await databaseNames(page)).toContain('crossbook-keys');
    const key = await page.evaluate(
      () =>
        new Promise<{ extractable: boolean; algorithm: string }>((resolve, reject) => {
          const open = indexedDB.open('crossbook-keys');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('keys').objectStore('keys').get('pseudonym');
            get.onsuccess = () => {
              const stored = get.result as CryptoKey;
              resolve({ extractable: stored.extractable, algorithm: stored.algorithm.name });
              open.result.close();
            };
          };
        })
    );
    expect(key).toEqual({ extractable: false, algorithm: 'HMAC' });

    // No raw value of a dropped or pseudonymised column is stored, nor is any in the saved notebook, whose
    // fingerprint records what was done.
    await expect.poll(() => page.getByTestId('storage-saved').innerText()).toContain('Last saved');
    const stored = await storedSnapshots(page);
    const removed = files.raw.filter((value) => !value.startsWith('+49'));
    for (const file of stored) for (const value of removed) expect(file).not.toContain(value);
    await typeAndRun(
      sqlCell(page),
      'SELECT email, last_ip FROM crm_export JOIN shop_orders ON email = customer_email'
    );
    await page.getByTestId('save-notebook').click();
    await expect.poll(async () => Object.keys(await savedFiles(page)).length).toBe(1);
    const [text] = Object.values(await savedFiles(page));
    expect(text).toMatch(
      /- name: crm_export\n(.*\n)*?\s+pseudonymised:\n\s+- email\n\s+- last_ip\n\s+dropped:\n\s+- full_name/
    );
    for (const value of removed) expect(text).not.toContain(value);

    // Wiping the workspace destroys the key: the same e-mail then gets another pseudonym.
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('wipe').click();
    await expect.poll(() => tableNames(page)).toEqual([]);
    expect(await databaseNames(page)).not.toContain('crossbook-keys');
    await previewChoices(page, files.customers);
    await confirmPreview(page);
    await page.getByTestId('notebook-new').first().click();
    await expect.poll(() => page.getByTestId('cell').count()).toBe(1);
    await typeAndRun(sqlCell(page), "SELECT email FROM crm_export WHERE customer_id = 'K100'");
    const after = (await readResult(page)).rows[0][0];
    expect(after).toMatch(/^ps_[0-9a-f]{24}$/);
    expect(after).not.toBe(pseudonym);
    await app.close();
  });
});

describe('sharing', () => {
  it('keeps every value out of a notebook file unless the data is included, encrypted with a passphrase', async () => {
    const emails = Array.from({ length: 30 }, (_, i) => `buyer${i}@shop-${i % 4}.example`);
    const people = join(dir, 'people.csv');
    await writeFile(
      people,
      'customer_id,email,country\n' +
        emails.map((email, i) => `P${i},${email},${['DE', 'FR', 'SE'][i % 3]}`).join('\n') +
        '\n'
    );
    const author = await openApp(browser, server.url, ({ context }) => fakeFilePickers(context));
    let page = author.page;
    await waitForDemo(page);
    await previewChoices(page, people);
    // Kept as they are, so the file test below has real values to look for.
    await page.locator('[data-privacy-column="email"]').selectOption('keep');
    await confirmPreview(page);
    await page.getByTestId('notebook-new').first().click();
    await expect.poll(() => page.getByTestId('cell').count()).toBe(1);
    await typeAndRun(sqlCell(page), 'SELECT email, country FROM people ORDER BY email');
    await runSql(
      page,
      'SELECT country, count(*) AS customers, min(email) AS first_email FROM people GROUP BY country'
    );

    // Without data: no e-mail of the table anywhere in the file.
    await page.getByTestId('save-notebook').click();
    await expect.poll(async () => Object.keys(await savedFiles(page)).length).toBe(1);
    const plain = Object.values(await savedFiles(page))[0];
    for (const email of emails) expect(plain).not.toContain(email);
    expect(plain).not.toContain('```data');

    // With data: the dialog says what goes in and how it is encrypted.
    await page.getByTestId('share-with-data').click();
    const dialog = page.getByTestId('share-dialog');
    await expect.poll(() => dialog.getByTestId('share-tables').innerText()).toBe('Included: people.');
    expect(await dialog.innerText()).toContain('PBKDF2-SHA-256 with 600,000 iterations');
    await dialog.getByTestId('share-passphrase').fill('correct horse battery staple');
    await dialog.getByTestId('share-repeat').fill('correct horse battery stapl');
    expect(await dialog.getByTestId('share-save').isDisabled()).toBe(true);
    await dialog.getByTestId('share-repeat').fill('correct horse battery staple');
    await dialog.getByTestId('share-save').click();
    await expect.poll(async () => Object.keys(await savedFiles(page)).length, { timeout: 30_000 }).toBe(2);
    const name = Object.keys(await savedFiles(page)).find((file) => file.includes('with data')) as string;
    const sealed = (await savedFiles(page))[name];
    expect(sealed).toMatch(/```data\nformat: crossbook-sealed-1\nkdf: PBKDF2-SHA-256\niterations: 600000\n/);
    for (const email of emails) expect(sealed).not.toContain(email);
    await author.close();

    // A colleague with an empty workspace opens it: asked for the passphrase, a wrong one changes nothing.
    const colleague = await openApp(browser, server.url, ({ context }) => fakeFilePickers(context));
    page = colleague.page;
    await waitForDemo(page);
    await page.evaluate(
      ([text, file]) => ((window as unknown as { __fileToOpen: File }).__fileToOpen = new File([text], file)),
      [sealed, name]
    );
    await page.getByTestId('open-notebook').click();
    const prompt = page.getByTestId('sealed-prompt');
    await prompt.waitFor();
    expect(await prompt.innerText()).toContain('1 table (people)');
    await prompt.getByTestId('sealed-passphrase').fill('wrong horse');
    await prompt.getByTestId('sealed-open').click();
    await expect
      .poll(() => prompt.getByTestId('sealed-error').innerText(), { timeout: 30_000 })
      .toContain('does not open');
    expect(await tableNames(page)).not.toContain('people');
    await prompt.getByTestId('sealed-passphrase').fill('correct horse battery staple');
    await prompt.getByTestId('sealed-open').click();
    await expect.poll(() => tableNames(page), { timeout: 30_000 }).toContain('people');
    expect(await prompt.count()).toBe(0);
    // The notebook now finds the very table it was saved with, and runs on it once trusted.
    await expect
      .poll(() => page.locator('[data-table-check="different"], [data-table-check="missing"]').count())
      .toBe(0);
    await page.getByTestId('trust-notebook').click();
    await expect
      .poll(async () => (await readResult(page)).rows.map((row) => row[1]), { timeout: 30_000 })
      .toEqual(['10', '10', '10']);
    // The library keeps the notebook without the encrypted block.
    const stored = await page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const open = indexedDB.open('crossbook-notebooks');
          open.onsuccess = () => {
            const all = open.result.transaction('notebooks').objectStore('notebooks').getAll();
            all.onsuccess = () => resolve((all.result as { text: string }[]).map((record) => record.text));
          };
        })
    );
    expect(stored.some((text) => text.includes('```data'))).toBe(false);

    // Opening it again offers the data again; same-named tables are replaced only when the user says so.
    await page.getByTestId('open-notebook').click();
    await prompt.waitFor();
    await prompt.getByTestId('sealed-passphrase').fill('correct horse battery staple');
    await prompt.getByTestId('sealed-open').click();
    await expect
      .poll(() => prompt.getByTestId('sealed-exists').innerText(), { timeout: 30_000 })
      .toContain('people');
    await prompt.getByTestId('sealed-replace').click();
    await expect.poll(() => prompt.count(), { timeout: 30_000 }).toBe(0);
    expect(await colleague.pageViolations()).toEqual([]);
    await colleague.close();
  });

  it('hides groups under k customers in exports, charts and the shared view, and says so', async () => {
    const app = await openApp(browser, server.url, ({ context }) => fakeFilePickers(context));
    const { page } = app;
    await waitForDemo(page);
    await page.getByTestId('notebook-new').first().click();
    await expect.poll(() => page.getByTestId('cell').count()).toBe(1);
    const cell = sqlCell(page);
    await typeAndRun(
      cell,
      "SELECT column1 AS country, column2 AS customers, column3 AS revenue FROM (VALUES ('DE', 40, 1000.5), ('LU', 2, 80.0), ('MT', 3, 95.0), ('FR', 12, 400.0))"
    );
    expect((await readResult(page)).rowCount).toBe(4);
    await expect
      .poll(() => cell.getByTestId('suppression-note').innerText())
      .toContain('2 groups with fewer than 5 customers are hidden (merged into one row of 5 customers)');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      cell.getByTestId('export-csv').click()
    ]);
    const csv = await readFile((await download.path()) as string, 'utf8');
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'country,customers,revenue',
      'DE,40,1000.5',
      'FR,12,400',
      'Other (2 groups under 5 customers),5,',
      'Note: 2 groups with fewer than 5 customers are hidden (merged into one row of 5 customers).,,',
      ''
    ]);

    // A chart of the result: the exported SVG has three bars and the note.
    await page.getByTestId('add-chart-after').first().click();
    const chart = page.locator('[data-testid="cell"][data-kind="chart"]');
    await chart
      .getByTestId('chart-mark')
      .evaluate((select) => select.closest('details')?.setAttribute('open', ''));
    await chart.getByTestId('chart-data').selectOption({ index: 1 });
    await chart.getByTestId('chart-mark').selectOption('bar');
    await chart.getByTestId('chart-x').selectOption('country');
    await chart.getByTestId('chart-y').selectOption('customers');
    await expect
      .poll(() => chart.getByTestId('chart').locator('svg [aria-label="bar"] rect').count())
      .toBe(4);
    await chart.getByTestId('chart-suppression-note').waitFor();
    const [svgDownload] = await Promise.all([
      page.waitForEvent('download'),
      chart.getByTestId('export-svg').click()
    ]);
    const svg = await readFile((await svgDownload.path()) as string, 'utf8');
    const bars = /<g aria-label="bar"[^>]*>([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? '';
    expect(bars.match(/<rect /g)?.length).toBe(3);
    expect(svg).toContain('2 groups with fewer than 5 customers are hidden');
    expect(svg).not.toContain('>LU<');

    // The shared view shows on screen what a colleague would get.
    await page.getByTestId('shared-view').check();
    await expect
      .poll(async () => (await readResult(page)).rows.map((row) => row[0]))
      .toEqual(['DE', 'FR', 'Other (2 groups under 5 customers)']);
    await expect
      .poll(() => chart.getByTestId('chart').locator('svg [aria-label="bar"] rect').count())
      .toBe(3);

    // k is the notebook's: at 2 nothing is small, and the file remembers it.
    await page.getByTestId('min-group-size').fill('2');
    await page.getByTestId('min-group-size').press('Enter');
    await expect.poll(async () => (await readResult(page)).rowCount).toBe(4);
    expect(await cell.getByTestId('suppression-note').count()).toBe(0);
    await page.getByTestId('save-notebook').click();
    await expect
      .poll(async () => Object.values(await savedFiles(page))[0] ?? '')
      .toMatch(/\nminGroupSize: 2\n/);
    await app.close();
  });
});

describe('wipe and expiry', () => {
  it('wipes a workspace left unused for longer than its expiry before loading anything', async () => {
    const secret = join(dir, 'secret_list.csv');
    await writeFile(secret, 'id,note\n1,confidential\n');
    const app = await openApp(browser, server.url);
    const { page } = app;
    await waitForDemo(page);
    await previewChoices(page, secret);
    await confirmPreview(page);
    await page.getByTestId('notebook-new').first().click();
    await page.getByTestId('expiry-days').selectOption('7');
    expect(await page.getByTestId('expiry-note').innerText()).toContain('7 days');

    // Used yesterday: a reload keeps everything.
    const daysAgo = (days: number) =>
      page.evaluate((ms) => {
        const setting = JSON.parse(localStorage.getItem('crossbook.expiry') ?? '{}');
        localStorage.setItem(
          'crossbook.expiry',
          JSON.stringify({ ...setting, lastUsed: new Date(Date.now() - ms).toISOString() })
        );
      }, days * 86_400_000);
    await daysAgo(1);
    await page.reload();
    await page.locator('[data-table="secret_list"]').waitFor({ timeout: 30_000 });

    // Last used eight days ago: the next opening wipes tables, notebooks and keys first.
    await daysAgo(8);
    await page.reload();
    await waitForDemo(page);
    expect(await tableNames(page)).not.toContain('secret_list');
    await expect
      .poll(async () => (await page.getByTestId('notice-info').allInnerTexts()).join('\n'))
      .toContain('had not been used for over 7 days');
    expect(await page.getByTestId('notebook-item').count()).toBe(1);
    expect(await page.evaluate(() => localStorage.getItem('crossbook.expiry'))).toBeNull();
    await app.close();
  });
});

describe('the visible guarantee', () => {
  it('explains why nothing leaves the device, showing the policies the browser enforces', async () => {
    const app = await openApp(browser, server.url);
    const { page } = app;
    await waitForDemo(page);
    await page.getByTestId('privacy-badge').click();
    const dialog = page.getByTestId('privacy-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('privacy-connections').getAttribute('data-locked')).toBe('true');
    expect(await dialog.innerText()).toContain('Content-Security-Policy');
    await dialog.locator('summary').click();
    const policies = await dialog
      .getByTestId('privacy-policy')
      .evaluateAll((tables) =>
        tables.map((table) =>
          Object.fromEntries(
            [...table.querySelectorAll('[data-directive]')].map((row) => [
              row.getAttribute('data-directive'),
              row.querySelector('td')?.textContent
            ])
          )
        )
      );
    expect(policies).toHaveLength(2);
    expect(policies[0]).toMatchObject({
      'default-src': "'none'",
      'connect-src': "'self'",
      'form-action': "'none'"
    });
    expect(policies[1]).toEqual({ 'connect-src': "'none'" });
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await app.close();
  });
});
