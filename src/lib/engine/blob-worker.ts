/**
 * Starts a module worker from a `blob:` URL that imports `moduleUrl` (absolute: relative URLs do not resolve
 * inside a blob worker). A `<meta>` Content-Security-Policy does not apply to a worker loaded from a URL, but a
 * worker whose script is a `blob:` inherits its creator's policy (RELIABILITY.md §0, finding 3, measured in
 * Chromium). Works on the page and inside a worker (the engine worker starts the parser worker this way).
 */
export function spawnBlobModuleWorker(moduleUrl: string, name: string): Worker {
  const blob = new Blob([`import ${JSON.stringify(moduleUrl)};\n`], { type: 'text/javascript' });
  const blobUrl = URL.createObjectURL(blob);
  const worker = new Worker(blobUrl, { type: 'module', name });
  // The worker fetches its blob asynchronously; revoke it once the worker has spoken (or failed).
  const revoke = () => URL.revokeObjectURL(blobUrl);
  worker.addEventListener('message', revoke, { once: true });
  worker.addEventListener('error', revoke, { once: true });
  return worker;
}
