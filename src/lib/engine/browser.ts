import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import workerUrl from './engine.worker.ts?worker&url';
import parserUrl from '../import/parse.worker.ts?worker&url';

/**
 * Fetches the sql.js WebAssembly binary from this site. Call it before `lockDownConnections`: afterwards the
 * page may not fetch anything, and workers get the bytes from the page instead of fetching them.
 */
export async function fetchEngineBinary(): Promise<Uint8Array> {
  const response = await fetch(new URL(wasmUrl, document.baseURI));
  if (!response.ok)
    throw new Error(`Could not load the database engine (${response.status} ${response.statusText}).`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Starts the engine worker from a `blob:` URL. A `<meta>` Content-Security-Policy does not apply to a worker
 * loaded from a URL, but a worker whose script is a `blob:` inherits the page's policy (RELIABILITY.md §0,
 * finding 3, measured in Chromium). The blob only imports the bundled worker module by absolute URL: relative
 * URLs do not resolve inside a blob worker.
 */
export function spawnEngineWorker(): Worker {
  return spawnModuleWorker(workerUrl, 'crossbook-engine');
}

/** Starts a bundled module worker (its `?worker&url` import) from a `blob:` URL, as `spawnEngineWorker` does. */
export function spawnModuleWorker(scriptUrl: string, name: string): Worker {
  const moduleUrl = new URL(scriptUrl, document.baseURI).href;
  const blob = new Blob([`import ${JSON.stringify(moduleUrl)};\n`], { type: 'text/javascript' });
  const blobUrl = URL.createObjectURL(blob);
  const worker = new Worker(blobUrl, { type: 'module', name });
  // The worker fetches its blob asynchronously; revoke it once the worker has spoken (or failed).
  const revoke = () => URL.revokeObjectURL(blobUrl);
  worker.addEventListener('message', revoke, { once: true });
  worker.addEventListener('error', revoke, { once: true });
  return worker;
}

/** The absolute URL of the parser worker module, which the engine worker starts for each import. */
export function parserWorkerUrl(): string {
  return new URL(parserUrl, document.baseURI).href;
}
