import { spawnBlobModuleWorker } from './blob-worker';
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

/** Starts the engine worker from a `blob:` URL, so the page's Content-Security-Policy binds it. */
export function spawnEngineWorker(): Worker {
  return spawnModuleWorker(workerUrl, 'crossbook-engine');
}

/** Starts a bundled module worker (its `?worker&url` import) from a `blob:` URL, as `spawnEngineWorker` does. */
export function spawnModuleWorker(scriptUrl: string, name: string): Worker {
  return spawnBlobModuleWorker(new URL(scriptUrl, document.baseURI).href, name);
}

/** The absolute URL of the parser worker module, which the engine worker starts for each import. */
export function parserWorkerUrl(): string {
  return new URL(parserUrl, document.baseURI).href;
}
