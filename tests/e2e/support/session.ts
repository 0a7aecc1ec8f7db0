import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { chromiumFlags, chromiumPath } from './chromium';
import { expect, onTestFailed } from 'vitest';

export interface PageViolation {
  directive: string;
  blocked: string;
}

export interface AppSession {
  context: BrowserContext;
  page: Page;
  /** `securitypolicyviolation` events on the page, counted by the test itself (not by the app). */
  pageViolations(): Promise<PageViolation[]>;
  /** Blocked attempts the app counted, on the page and in its engine worker (the badge in the header). */
  appViolationCount(): Promise<number>;
  close(): Promise<void>;
}

const artifacts = 'tests/e2e/artifacts';

/**
 * Opens the app in a fresh browser context. If the running test fails, a full-page screenshot is written to
 * tests/e2e/artifacts/ so the failure can be seen, not only read.
 */
export async function openApp(
  browser: Browser,
  url: string,
  beforeLoad?: (session: AppSession) => unknown
): Promise<AppSession> {
  const context = await browser.newContext({ serviceWorkers: 'block', locale: 'en-US', timezoneId: 'UTC' });
  return openAppIn(context, url, beforeLoad);
}

/**
 * Opens the app in a persistent browser profile (a user-data dir of its own). Some DevTools storage commands,
 * such as `Storage.overrideQuotaForOrigin`, only take effect there (measured with Chromium 156).
 */
export async function openAppPersistent(
  url: string,
  beforeLoad?: (session: AppSession) => Promise<void>
): Promise<AppSession> {
  const profile = await mkdtemp(join(tmpdir(), 'crossbook-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: chromiumFlags,
    headless: true,
    serviceWorkers: 'block',
    locale: 'en-US',
    timezoneId: 'UTC'
  });
  const session = await openAppIn(context, url, beforeLoad);
  return { ...session, close: () => context.close() };
}

async function openAppIn(
  context: BrowserContext,
  url: string,
  beforeLoad?: (session: AppSession) => unknown
): Promise<AppSession> {
  await context.addInitScript(() => {
    const log: { directive: string; blocked: string }[] = [];
    Object.defineProperty(window, '__testCspViolations', { value: log });
    document.addEventListener('securitypolicyviolation', (event) =>
      log.push({ directive: event.effectiveDirective, blocked: event.blockedURI })
    );
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));

  onTestFailed(async ({ task }) => {
    await mkdir(artifacts, { recursive: true });
    const name = task.name.replace(/[^\w-]+/g, '_').slice(0, 80);
    await page.screenshot({ path: `${artifacts}/${name}.png`, fullPage: true }).catch(() => {});
    if (consoleErrors.length > 0)
      console.error(`Console errors in "${task.name}":\n${consoleErrors.join('\n')}`);
  });

  const session: AppSession = {
    context,
    page,
    pageViolations: () =>
      page.evaluate(
        () => (window as unknown as { __testCspViolations: PageViolation[] }).__testCspViolations
      ),
    appViolationCount: async () => Number(await page.getByTestId('blocked-count').getAttribute('data-count')),
    close: () => context.close()
  };
  await beforeLoad?.(session);
  await page.goto(url);
  return session;
}

/** Waits until the engine has booted, the demo workspace is loaded and the notebook on screen has run. */
export async function waitForDemo(page: Page): Promise<void> {
  await page.getByTestId('workspace').waitFor();
  for (const table of DEMO_TABLES) await page.locator(`[data-table="${table}"]`).waitFor({ timeout: 30_000 });
  await page.getByTestId('notebook').waitFor({ timeout: 30_000 });
  await expect
    .poll(() => page.locator('[data-testid="cell"][data-kind="sql"][data-status="done"]').count(), {
      timeout: 30_000
    })
    .toBeGreaterThan(0);
}

/** The tables of the demo workspace a first visit loads, with the bundled reference tables. */
export const DEMO_TABLES = [
  'countries',
  'currencies',
  'customers',
  'events',
  'fx_rates',
  'marketing_spend',
  'order_items',
  'orders',
  'referrals'
];

/** The SQL cell whose result is called `name`, or the last SQL cell of the notebook. */
export function sqlCell(page: Page, name?: string): Locator {
  const cells = page.locator('[data-testid="cell"][data-kind="sql"]');
  return name === undefined ? cells.last() : page.locator(`[data-testid="cell"][data-name="${name}"]`);
}

/** Waits until a cell is no longer waiting or running. */
export async function settled(cell: Locator): Promise<string> {
  await expect
    .poll(() => cell.getAttribute('data-status'), { timeout: 60_000 })
    .toMatch(/^(done|failed|blocked|cancelled)$/);
  return (await cell.getAttribute('data-status')) as string;
}

/** Types SQL into a cell's editor (replacing what was there) and runs it with Shift+Enter, as a user would. */
export async function typeAndRun(cell: Locator, sql: string): Promise<string> {
  const runs = Number(await cell.getAttribute('data-runs'));
  const editor = cell.locator('.cm-content');
  await editor.fill(sql);
  await editor.press('Shift+Enter');
  // The previous run's status is still shown until this run is queued: wait for it to start, then settle.
  await expect.poll(async () => Number(await cell.getAttribute('data-runs'))).toBeGreaterThan(runs);
  return settled(cell);
}

/** Adds a SQL cell at the end of the open notebook and runs `sql` in it. */
export async function runSql(page: Page, sql: string): Promise<void> {
  const count = await page.getByTestId('cell').count();
  await page.locator('[data-testid^="add-sql"]').last().click();
  await expect.poll(() => page.getByTestId('cell').count()).toBe(count + 1);
  await typeAndRun(page.getByTestId('cell').last(), sql);
}

/** The tables in the table list, in its order. */
export async function tableNames(page: Page): Promise<string[]> {
  return page
    .locator('[data-table]')
    .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-table') ?? ''));
}

/**
 * A SQL cell's result as text: column names (without their type line) and the texts of the rows the grid
 * has drawn (all of them for results that fit its height), plus the full row count.
 */
export async function readResult(
  page: Page,
  name?: string
): Promise<{ columns: string[]; rows: string[][]; rowCount: number }> {
  return sqlCell(page, name)
    .getByTestId('data-grid')
    .evaluate((grid) => ({
      columns: [...grid.querySelectorAll('[role="columnheader"] .name')].map(
        (name) => name.firstChild?.textContent?.trim() ?? ''
      ),
      rows: [...grid.querySelectorAll('[data-testid="grid-row"]')].map((row) =>
        [...row.querySelectorAll('[role="gridcell"]')].map((cell) => cell.textContent?.trim() ?? '')
      ),
      rowCount: Number(grid.getAttribute('aria-rowcount')) - 1
    }));
}

/**
 * Picks files one after another and confirms each one's preview as it comes, the way a user accepts the
 * suggestions. Resolves when every file has an outcome (imported, refused or failed).
 */
export async function importFiles(page: Page, files: string | string[]): Promise<void> {
  const preview = page.getByTestId('import-preview');
  for (const file of Array.isArray(files) ? files : [files]) {
    const before = await importOutcomes(page);
    await page.getByTestId('file-input').setInputFiles(file);
    await expect
      .poll(async () => (await preview.count()) > 0 || (await importOutcomes(page)) > before, {
        timeout: 30_000
      })
      .toBe(true);
    if ((await preview.count()) > 0) await page.getByTestId('preview-import').click();
    await expect.poll(() => importOutcomes(page), { timeout: 120_000 }).toBeGreaterThan(before);
  }
}

/** How many files have finished importing (or failed) since the page loaded. */
export async function importOutcomes(page: Page): Promise<number> {
  return Number(await page.getByTestId('workspace').getAttribute('data-import-outcomes'));
}
