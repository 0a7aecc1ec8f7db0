/// <reference lib="webworker" />
import initSqlJs from 'sql.js';
import { openSnapshotStore } from '../persistence/snapshot-store';
import { serveEngine } from './dispatcher';

declare const self: DedicatedWorkerGlobalScope;

// The page's Content-Security-Policy blocks any connection from here (this worker starts from a blob: URL and
// inherits it); tell the page about each blocked attempt so it can be counted and shown.
// (TypeScript's worker typings lack this event on workers; Chromium fires it there.)
self.addEventListener('securitypolicyviolation', (event) => {
  const { effectiveDirective, blockedURI } = event as SecurityPolicyViolationEvent;
  self.postMessage({ kind: 'violation', directive: effectiveDirective, blockedURI });
});

/**
 * One tab saves at a time: the newest one steals the Web Lock, and the previous holder's request then rejects
 * (https://w3c.github.io/web-locks/#dom-lockoptions-steal). Without Web Locks every tab saves, as before.
 */
function claimWriter(onLost: () => void): Promise<void> {
  const locks = self.navigator.locks;
  if (!locks) return Promise.resolve();
  return new Promise((resolve) => {
    locks
      .request('crossbook-writer', { steal: true }, () => {
        resolve();
        return new Promise<never>(() => {});
      })
      .catch(onLost);
  });
}

/**
 * The parser worker starts from a `blob:` URL that imports its module, as the page starts this worker: a worker
 * made from a blob inherits its creator's Content-Security-Policy (RELIABILITY.md §0, finding 3).
 */
function spawnParser(url: string): Worker {
  const blob = new Blob([`import ${JSON.stringify(url)};\n`], { type: 'text/javascript' });
  const blobUrl = URL.createObjectURL(blob);
  const worker = new Worker(blobUrl, { type: 'module', name: 'crossbook-parser' });
  // The worker fetches its blob asynchronously; revoke it once the worker has spoken (or failed).
  const revoke = () => URL.revokeObjectURL(blobUrl);
  worker.addEventListener('message', revoke, { once: true });
  worker.addEventListener('error', revoke, { once: true });
  return worker;
}

serveEngine(self, {
  claimWriter,
  spawnParser,
  initSqlJs: (wasmBinary) => initSqlJs({ wasmBinary: wasmBinary.buffer as ArrayBuffer }),
  openStore: () =>
    openSnapshotStore({ indexedDB: self.indexedDB, crypto: self.crypto, storage: self.navigator.storage })
});
