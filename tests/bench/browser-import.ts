import { basename } from 'node:path';
import { errors, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { quoteIdentifier } from '../../src/lib/engine/identifiers';
import { launchChromium } from '../e2e/support/chromium';
import { openApp, readResult, waitForDemo } from '../e2e/support/session';
import { serveStatic } from '../e2e/support/static-server';
import type { OrdersFile } from './generate-orders';
import { sampleTree, watchTree } from './process-tree';

export interface LongTasks {
  over50ms: number;
  over100ms: number;
  longestMs: number;
  /** Sum of each long task's time beyond 50 ms, as in Lighthouse's Total Blocking Time. */
  blockingMs: number;
}

/** Something seen during the import, in seconds after the `setInputFiles` call. */
export interface Mark {
  label: string;
  atSeconds: number;
}

export interface BrowserImport {
  /** `imported` when the success notice appeared; otherwise how it ended. */
  outcome: 'imported' | 'error-notice' | 'page-error' | 'crashed' | 'timeout';
  /** From the `setInputFiles` call until the notice appeared (or the failure was seen). */
  seconds: number;
  notice: string;
  table?: string;
  /** The row count the notice reports. */
  noticeRows?: number;
  /** `SELECT count(*)` on the new table, run from the SQL box. */
  countedRows?: number;
  /** What the page showed: the import preview and the click on its Import button, when the app has one. */
  uiMarks: Mark[];
  /** When the engine worker first reported each progress phase (`decode`, `insert`, `save`...). */
  phases: Mark[];
  /** Chromium's processes summed, before the import and at the highest sample during it. */
  idleRssBytes: number;
  peakRssBytes: number;
  idlePssBytes: number;
  peakPssBytes: number;
  cpuSeconds: number;
  processes: number;
  memorySamples: number;
  samplingMs: number;
  longTasks: LongTasks;
  browserVersion: string;
}

interface Probe {
  longTasks: { startEpochMs: number; duration: number }[];
  phases: { atEpochMs: number; phase: string }[];
  previewAtEpochMs: number | null;
  /** When the probe clicked the preview's Import button: as soon as it was there and enabled. */
  confirmedAtEpochMs: number | null;
  done: { atEpochMs: number; kind: string; text: string } | null;
}

type ProbeWindow = Window & { __benchProbe: Probe };

/**
 * Runs in the page before the app's own code (an init script), and only observes: main-thread long tasks;
 * the engine worker's progress messages (by wrapping the `Worker` constructor, so phases are timed where
 * they happen rather than when a label is repainted); when the import preview appears; and when a notice
 * naming the file appears (the DOM changes when the main thread handles the worker's answer, so this is
 * the moment a user sees the result).
 */
function probeScript(fileName: string): void {
  const probe: Probe = {
    longTasks: [],
    phases: [],
    previewAtEpochMs: null,
    confirmedAtEpochMs: null,
    done: null
  };
  (window as unknown as ProbeWindow).__benchProbe = probe;

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      probe.longTasks.push({
        startEpochMs: performance.timeOrigin + entry.startTime,
        duration: entry.duration
      });
    }
  }).observe({ entryTypes: ['longtask'] });

  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      this.addEventListener('message', (event: MessageEvent) => {
        const phase = event.data?.kind === 'progress' ? event.data.progress?.phase : undefined;
        if (typeof phase === 'string' && probe.phases.at(-1)?.phase !== phase) {
          probe.phases.push({ atEpochMs: Date.now(), phase });
        }
      });
    }
  };

  new MutationObserver(() => {
    if (probe.previewAtEpochMs === null && document.querySelector('[data-testid="import-preview"]')) {
      probe.previewAtEpochMs = Date.now();
    }
    // A user who clicks Import the moment it can be clicked: the time measured is the app's, not the time a
    // test driver takes to find and click the button (its polling and actionability checks took 0.2-0.4 s).
    const confirm = document.querySelector<HTMLButtonElement>('[data-testid="preview-import"]');
    if (probe.confirmedAtEpochMs === null && confirm && !confirm.disabled) {
      probe.confirmedAtEpochMs = Date.now();
      confirm.click();
    }
    if (probe.done) return;
    for (const notice of document.querySelectorAll<HTMLElement>('[data-testid^="notice-"]')) {
      // The message only, without the dismiss button's ×.
      const text = (notice.querySelector('span') ?? notice).textContent?.trim() ?? '';
      if (text.includes(fileName))
        probe.done = { atEpochMs: Date.now(), kind: notice.dataset.testid ?? '', text };
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

function summariseLongTasks(tasks: Probe['longTasks'], fromMs: number, toMs: number): LongTasks {
  const durations = tasks
    .filter((task) => task.startEpochMs >= fromMs && task.startEpochMs < toMs)
    .map((task) => task.duration);
  return {
    over50ms: durations.filter((ms) => ms > 50).length,
    over100ms: durations.filter((ms) => ms > 100).length,
    longestMs: Math.max(0, ...durations),
    blockingMs: durations.reduce((sum, ms) => sum + Math.max(0, ms - 50), 0)
  };
}

class PageFailure extends Error {
  readonly outcome: 'page-error' | 'crashed' | 'timeout';

  constructor(outcome: PageFailure['outcome'], message: string) {
    super(message);
    this.outcome = outcome;
  }
}

/** "Imported a.csv as a: 1,000,000 rows" -> the table and the count (en-US grouping). */
function parseNotice(text: string): { table: string; rows: number } | undefined {
  const match = / as (\S+): ([\d,]+) rows?\b/.exec(text);
  return match ? { table: match[1], rows: Number(match[2].replace(/,/g, '')) } : undefined;
}

async function countRows(page: Page, table: string, timeoutMs: number): Promise<number> {
  // Not `runSql`: its waits are too short for a count over tens of millions of rows.
  const cells = page.getByTestId('cell');
  const count = await cells.count();
  await page.locator('[data-testid^="add-sql"]').last().click({ timeout: timeoutMs });
  await expect.poll(() => cells.count(), { timeout: timeoutMs }).toBe(count + 1);
  const cell = cells.last();
  await cell.locator('.cm-content').fill(`SELECT count(*) AS bench_count FROM ${quoteIdentifier(table)}`);
  await cell.locator('.cm-content').press('Shift+Enter');
  await expect
    .poll(async () => (await readResult(page)).columns, { timeout: timeoutMs, interval: 100 })
    .toEqual(['bench_count']);
  return Number((await readResult(page)).rows[0][0].replace(/\D/g, ''));
}

/**
 * Imports `file` through the app's own file input in headless Chromium against the built site, accepting
 * the import preview as it comes (when the app shows one), and measures it: wall time until the notice, the
 * summed memory of Chromium's process tree (RSS every 100 ms, PSS every second), CPU time, progress phases
 * and main-thread long tasks. A failed, crashed or timed-out import is returned, not thrown, so the caller
 * can report it next to the baseline.
 */
export async function timeBrowserImport(file: OrdersFile, timeoutMs: number): Promise<BrowserImport> {
  const server = await serveStatic({ root: 'build' });
  const browser = await launchChromium();
  try {
    // Opened on about:blank first, so the probe is installed (awaited) before the app's first script runs.
    const app = await openApp(browser, 'about:blank');
    const { page } = app;
    const fileName = basename(file.path);
    await app.context.addInitScript(probeScript, fileName);
    await page.goto(server.url);
    await waitForDemo(page);
    const readProbe = () => page.evaluate(() => (window as unknown as ProbeWindow).__benchProbe);

    // Playwright's server runs in this process, so Chromium's processes are all descendants of this one.
    const idle = sampleTree(process.pid, { pss: true });
    const watch = watchTree(process.pid, { intervalMs: 100, pssEvery: 10 });
    // An uncaught error or a crash ends the wait at once, rather than after the timeout.
    const broken = new Promise<never>((_, reject) => {
      page.once('crash', () => reject(new PageFailure('crashed', 'the renderer process is gone')));
      page.on('pageerror', (error) => reject(new PageFailure('page-error', `uncaught ${error}`)));
    });
    broken.catch(() => {});
    const startedEpochMs = Date.now();
    const deadline = startedEpochMs + timeoutMs;
    const waitInPage = (predicate: () => unknown) =>
      Promise.race([
        broken,
        page.waitForFunction(predicate, undefined, {
          timeout: Math.max(1, deadline - Date.now()),
          polling: 100
        })
      ]);

    let failure: PageFailure | undefined;
    try {
      await page.getByTestId('file-input').setInputFiles(file.path);
      // The probe clicks the preview's Import button itself, as soon as it is enabled.
      await waitInPage(() => (window as unknown as ProbeWindow).__benchProbe.done !== null);
    } catch (error) {
      failure =
        error instanceof PageFailure
          ? error
          : error instanceof errors.TimeoutError
            ? new PageFailure('timeout', `no notice within ${timeoutMs / 1000} s`)
            : new PageFailure('crashed', String(error));
    }
    const stoppedEpochMs = Date.now();
    const memory = watch.stop();

    // Also after a timeout: the phases show where the import got stuck. Not after a crash.
    const probe = await readProbe().catch(() => undefined);
    const endEpochMs = probe?.done?.atEpochMs ?? stoppedEpochMs;
    const toMark = (label: string, atEpochMs: number) => ({
      label,
      atSeconds: (atEpochMs - startedEpochMs) / 1000
    });
    const uiMarks = [
      ...(probe?.previewAtEpochMs ? [toMark('preview shown', probe.previewAtEpochMs)] : []),
      ...(probe?.confirmedAtEpochMs ? [toMark('Import clicked', probe.confirmedAtEpochMs)] : [])
    ];
    const result = {
      seconds: (endEpochMs - startedEpochMs) / 1000,
      uiMarks,
      phases: (probe?.phases ?? [])
        .filter(({ atEpochMs }) => atEpochMs >= startedEpochMs)
        .map(({ phase, atEpochMs }) => toMark(phase, atEpochMs)),
      longTasks: summariseLongTasks(probe?.longTasks ?? [], startedEpochMs, endEpochMs),
      idleRssBytes: idle.rssBytes,
      peakRssBytes: memory.peakRssBytes,
      idlePssBytes: idle.pssBytes,
      peakPssBytes: memory.peakPssBytes,
      cpuSeconds: memory.cpuSeconds,
      processes: idle.processes,
      memorySamples: memory.samples,
      samplingMs: memory.samplingMs,
      browserVersion: browser.version()
    };
    if (failure) return { ...result, outcome: failure.outcome, notice: failure.message };
    if (!probe?.done) return { ...result, outcome: 'crashed', notice: 'the page could not be read' };

    const { done } = probe;
    const parsed = parseNotice(done.text);
    if (done.kind !== 'notice-info' || !parsed)
      return { ...result, outcome: 'error-notice', notice: done.text };

    await page.locator(`[data-table="${parsed.table}"]`).waitFor({ timeout: timeoutMs });
    const countedRows = await countRows(page, parsed.table, timeoutMs);
    await app.close();
    return {
      ...result,
      outcome: 'imported',
      notice: done.text,
      table: parsed.table,
      noticeRows: parsed.rows,
      countedRows
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
