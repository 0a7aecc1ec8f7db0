import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8'
};

export interface StaticServer {
  /** The app's URL, ending in the sub-path it is served under. */
  url: string;
  origin: string;
  /** Every request path the server saw, in order. */
  requests: string[];
  close(): Promise<void>;
}

export interface StaticServerOptions {
  root: string;
  /** Serve the site under this path, e.g. `/some/path/`, as a host would for a project page. */
  base?: string;
  /** Apply the `_headers` file of the build (as Netlify or Cloudflare Pages would). */
  headers?: boolean;
}

/** A plain static host on loopback, like any a user might deploy the build to: no rewrites, no SPA fallback. */
export async function serveStatic({
  root,
  base = '/',
  headers = false
}: StaticServerOptions): Promise<StaticServer> {
  const rootDir = resolve(root);
  const extraHeaders = headers ? await readHeadersFile(join(rootDir, '_headers')) : {};
  const requests: string[] = [];

  const server = createServer(async (request: IncomingMessage, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    requests.push(path);
    if (!path.startsWith(base)) {
      response.writeHead(404).end('not found');
      return;
    }
    let file = normalize(join(rootDir, path.slice(base.length)));
    if (!file.startsWith(rootDir)) {
      response.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      await stat(file);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, {
      'content-type': mimeTypes[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      ...extraHeaders
    });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}${base}`,
    origin,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      })
  };
}

/** Reads the `/*` block of a Netlify-style `_headers` file. */
async function readHeadersFile(path: string): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    const match = /^\s+([\w-]+):\s*(.+)$/.exec(line);
    if (match) headers[match[1]] = match[2];
  }
  return headers;
}
