import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium';
import { importFiles, openApp, readResult, runSql, waitForDemo, type AppSession } from './support/session';
import { startSinks, type Sinks } from './support/sinks';
import { serveStatic, type StaticServer } from './support/static-server';

/**
 * Zero network, proven at three layers (RELIABILITY.md §2.5):
 * 1. sinks: every host name resolves to a loopback TCP sink and UDP sinks listen for STUN; hits must be 0;
 * 2. the Content-Security-Policy: violations on the page (counted by the test) and in the engine worker
 *    (counted by the app) must be 0 during normal use;
 * 3. the app's own host: after the lock-down, the page fetches nothing more from it either.
 * Then the test proves it can fail: the sinks see a page that has no guard, and a fetch planted inside the
 * engine worker is caught.
 */

let browser: Browser;
let server: StaticServer;
let sinks: Sinks;

beforeAll(async () => {
  sinks = await startSinks();
  browser = await launchChromium([`--host-resolver-rules=${sinks.hostResolverRules}`]);
  server = await serveStatic({ root: 'build', base: '/some/path/' });
});

afterAll(async () => {
  if (sinks?.browserServiceHits.length) {
    const hosts = [...new Set(sinks.browserServiceHits.map((hit) => hit.host))].join(', ');
    console.info(`Chromium's own service connections (not the page's; see sinks.ts): ${hosts}`);
  }
  await browser?.close();
  await server?.close();
  await sinks?.close();
});

interface EgressReport {
  /** Connections and datagrams that reached the internet sinks. */
  sinkHits: number;
  /** Requests the page or its workers made to any origin but the app's (blocked ones included). */
  foreignRequests: string[];
  pageViolations: number;
  appViolations: number;
}

interface RequestLog {
  foreign: string[];
  /** Data requests (fetch, XHR, ...) to the app's own origin, with the time they were made. */
  ownData: { url: string; at: number }[];
}

/** Records every request the browser attributes to the app's pages and workers. */
function watchRequests(app: AppSession): RequestLog {
  const log: RequestLog = { foreign: [], ownData: [] };
  app.context.on('request', (request: Request) => {
    const url = new URL(request.url());
    if (['data:', 'blob:'].includes(url.protocol)) return;
    if (url.origin !== server.origin) log.foreign.push(`${request.resourceType()} ${request.url()}`);
    else if (['fetch', 'xhr', 'eventsource', 'websocket', 'ping'].includes(request.resourceType())) {
      log.ownData.push({ url: url.pathname, at: Date.now() });
    }
  });
  return log;
}

async function egress(app: AppSession, requests: RequestLog): Promise<EgressReport> {
  // Give anything asynchronous (a beacon, a retry, a STUN packet) time to arrive before counting.
  await new Promise((done) => setTimeout(done, 1500));
  return {
    sinkHits: sinks.hits.length,
    foreignRequests: requests.foreign,
    pageViolations: (await app.pageViolations()).length,
    appViolations: await app.appViolationCount()
  };
}

function assertNoEgress(report: EgressReport): void {
  expect(report, `egress report: ${JSON.stringify({ ...report, hits: sinks.hits })}`).toEqual({
    sinkHits: 0,
    foreignRequests: [],
    pageViolations: 0,
    appViolations: 0
  });
}

/** Opens the app with its request log running from the very first request. */
async function openWatched(url: string): Promise<{ app: AppSession; requests: RequestLog }> {
  let requests: RequestLog | undefined;
  const app = await openApp(browser, url, (session) => (requests = watchRequests(session)));
  return { app, requests: requests! };
}

describe('zero network', () => {
  it('a whole session — load, import, query, chart, self-test — contacts nothing but its own files', async () => {
    sinks.hits.length = 0;
    const { app, requests } = await openWatched(server.url);
    const { page } = app;
    await waitForDemo(page);
    const lockedAt = Date.now();
    const requestsAtLockdown = server.requests.length;

    const dir = await mkdtemp(join(tmpdir(), 'crossbook-'));
    const file = join(dir, 'visits.csv');
    await writeFile(
      file,
      'url,visits\nhttp://evil.example/a,3\n"<img src=http://evil.example/img onerror=fetch(1)>",5\nwss://evil.example/ws,1\n'
    );
    await importFiles(page, file);
    await page.locator('[data-table="visits"]').waitFor();
    await runSql(page, 'SELECT url, visits FROM visits ORDER BY visits DESC');
    expect((await readResult(page)).rows[0][0]).toBe('<img src=http://evil.example/img onerror=fetch(1)>');
    await page.getByTestId('chart').locator('svg').first().waitFor();

    await page.getByRole('link', { name: 'Engine self-test' }).click();
    await page.getByTestId('run-diagnostics').click();
    await expect
      .poll(() => page.getByTestId('diagnostics-summary').getAttribute('data-finished'), { timeout: 30_000 })
      .toBe('true');

    assertNoEgress(await egress(app, requests));
    // Booting fetched the engine (the demo workspace is generated, not fetched); after the lock-down no data
    // request is even attempted, and the host serves only the app's own scripts, styles and icon (lazy route
    // chunks and the workers' modules).
    const dataRequests = requests.ownData.map((r) => r.url.replace(/[^/]+\.wasm$/, '(engine).wasm')).sort();
    expect(dataRequests).toEqual(['/some/path/_app/immutable/assets/(engine).wasm']);
    expect(requests.ownData.every((r) => r.at <= lockedAt)).toBe(true);
    const after = server.requests.slice(requestsAtLockdown);
    expect(after.filter((path) => !/\.(js|css|svg)$/.test(path))).toEqual([]);
    await app.close();
  });

  it('removes WebRTC, whose UDP traffic no Content-Security-Policy stops in Chromium', async () => {
    sinks.hits.length = 0;
    const { app, requests } = await openWatched(server.url);
    await waitForDemo(app.page);
    const rtc = await app.page.evaluate(() => ({
      peer: typeof (window as unknown as Record<string, unknown>).RTCPeerConnection,
      webkitPeer: typeof (window as unknown as Record<string, unknown>).webkitRTCPeerConnection,
      restorable: (() => {
        try {
          (window as unknown as Record<string, unknown>).RTCPeerConnection = function () {};
        } catch {
          return false;
        }
        return typeof (window as unknown as Record<string, unknown>).RTCPeerConnection !== 'undefined';
      })()
    }));
    expect(rtc).toEqual({ peer: 'undefined', webkitPeer: 'undefined', restorable: false });
    assertNoEgress(await egress(app, requests));
    await app.close();
  });

  it('asks before any off-origin navigation and stays put when the user says no', async () => {
    sinks.hits.length = 0;
    const { app, requests } = await openWatched(server.url);
    const { page } = app;
    await waitForDemo(page);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const opened = await page.evaluate(() => window.open('http://evil.example/open') === null);
    await page.evaluate(() => {
      const link = document.createElement('a');
      link.href = 'https://evil.example/link';
      link.textContent = 'leave';
      document.body.append(link);
      link.click();
    });
    expect(opened).toBe(true);
    expect(dialogs).toHaveLength(2);
    expect(dialogs[0]).toContain('evil.example');
    expect(page.url()).toBe(server.url);
    assertNoEgress(await egress(app, requests));
    await app.close();
  });
});

describe('the zero-network test can fail', () => {
  it('the sinks catch HTTP, WebSocket and WebRTC from a page without Crossbook’s guards', async () => {
    sinks.hits.length = 0;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('http://evil.example/navigate');
    await page.evaluate(async () => {
      await fetch('/fetch').catch(() => {});
      new WebSocket('ws://evil.example/socket');
      const peer = new RTCPeerConnection({ iceServers: [{ urls: 'stun:127.0.0.1:3478' }] });
      peer.createDataChannel('x');
      await peer.setLocalDescription(await peer.createOffer());
    });
    await new Promise((done) => setTimeout(done, 2000));
    const channels = new Set(sinks.hits.map((hit) => hit.channel));
    expect(sinks.hits.length).toBeGreaterThanOrEqual(3);
    expect([...channels].sort()).toEqual(['tcp', 'udp']);
    expect(sinks.hits.some((hit) => hit.preview.startsWith('GET /fetch'))).toBe(true);
    expect(sinks.hits.some((hit) => hit.preview.startsWith('GET /socket'))).toBe(true);
    await context.close();
  });

  it('catches a fetch planted inside the engine worker', async () => {
    sinks.hits.length = 0;
    const { app, requests } = await openWatched(server.url);
    const { page } = app;
    await waitForDemo(page);
    const worker = page.workers().find((w) => w.url().startsWith('blob:'));
    expect(worker, 'the engine runs in a worker started from a blob: URL').toBeDefined();
    const outcome = await worker!.evaluate(() =>
      fetch('http://evil.example/planted-by-test').then(
        () => 'reached',
        (error: Error) => `blocked: ${error.message}`
      )
    );
    expect(outcome).toMatch(/^blocked/);
    await expect.poll(() => app.appViolationCount()).toBeGreaterThan(0);
    const report = await egress(app, requests);
    expect(() => assertNoEgress(report)).toThrow();
    // CSP stopped it before it left (no sink hit). Playwright's request log does not show a request that a
    // worker's policy blocked, which is why the app reports its worker's violations to the page itself.
    expect(report.sinkHits).toBe(0);
    expect(report.appViolations).toBe(1);
    expect(await page.getByTestId('blocked-count').innerText()).toContain('1 blocked network attempt');
    await app.close();
  });
});
