/**
 * Tightens the page's Content-Security-Policy so that nothing, not even this site, can be contacted any more.
 *
 * A policy can be made stricter at run time by adding another `<meta>` policy, and can never be loosened again
 * (every policy in force must allow a request; removing the element changes nothing): RELIABILITY.md §0,
 * finding 5, measured in Chromium. The page calls this once it has fetched everything it needs (the engine's
 * WebAssembly, the sample data); from then on even the host's own access log is no exfiltration channel.
 * Scripts (lazy route chunks, the engine worker module) load under `script-src`, which stays `'self'`.
 */
export function lockDownConnections(document: Document): void {
  if (document.querySelector('meta[data-crossbook-lockdown]')) return;
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = "connect-src 'none'";
  meta.dataset.crossbookLockdown = '';
  document.head.append(meta);
}
