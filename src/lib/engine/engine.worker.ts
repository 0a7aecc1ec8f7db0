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

serveEngine(self, {
  initSqlJs: (wasmBinary) => initSqlJs({ wasmBinary: wasmBinary.buffer as ArrayBuffer }),
  openStore: () =>
    openSnapshotStore({ indexedDB: self.indexedDB, crypto: self.crypto, storage: self.navigator.storage })
});
