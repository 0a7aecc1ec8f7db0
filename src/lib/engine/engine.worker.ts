/// <reference lib="webworker" />
import initSqlJs from 'sql.js';
import { openSnapshotStore } from '../persistence/snapshot-store';
import { spawnBlobModuleWorker } from './blob-worker';
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

serveEngine(self, {
  claimWriter,
  warmUp: true,
  // From a blob, as the page starts this worker, so the page's policy binds the parser too.
  spawnParser: (url) => spawnBlobModuleWorker(url, 'crossbook-parser'),
  initSqlJs: (wasmBinary) => initSqlJs({ wasmBinary: wasmBinary.buffer as ArrayBuffer }),
  openStore: () =>
    openSnapshotStore({ indexedDB: self.indexedDB, crypto: self.crypto, storage: self.navigator.storage })
});
