import type { SqlJsStatic } from 'sql.js';
import { serializeError } from './errors';
import type { InitMessage, RequestMessage, ResponseMessage, ResponseValues } from './protocol';
import { SqliteSession } from './session';

/** The side of a worker (or a `MessagePort`) that the dispatcher talks through. */
export interface DispatcherPort {
  postMessage(message: ResponseMessage, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  start?(): void;
}

/**
 * Serves engine requests arriving on `port`, one at a time and in order: sql.js is synchronous, and an import
 * awaits file reads, so a query must never slip into the middle of an import's transaction.
 */
export function serveEngine(
  port: DispatcherPort,
  initSqlJs: (wasmBinary: Uint8Array) => Promise<SqlJsStatic>
): void {
  let session: Promise<SqliteSession> | undefined;
  let queue: Promise<void> = Promise.resolve();

  port.addEventListener('message', (event: MessageEvent<InitMessage | RequestMessage>) => {
    const message = event.data;
    if (message.kind === 'init') {
      session = initSqlJs(message.wasmBinary).then((sql) => new SqliteSession(sql));
      return;
    }
    queue = queue.then(() => handle(message));
  });
  port.start?.();

  async function handle(request: RequestMessage): Promise<void> {
    try {
      if (session === undefined)
        throw new Error('The engine worker received a request before its init message.');
      const value = await run(await session, request);
      const transfer = value instanceof Uint8Array ? [value.buffer as ArrayBuffer] : [];
      port.postMessage({ kind: 'result', id: request.id, value }, transfer);
    } catch (error) {
      port.postMessage({ kind: 'error', id: request.id, error: serializeError(error) });
      // A trap inside WebAssembly (out of memory, abort) leaves sql.js in an undefined state.
      if (error instanceof WebAssembly.RuntimeError || isEmscriptenAbort(error)) {
        port.postMessage({ kind: 'fatal', error: serializeError(error) });
      }
    }
  }

  async function run(
    db: SqliteSession,
    request: RequestMessage
  ): Promise<ResponseValues[keyof ResponseValues]> {
    switch (request.kind) {
      case 'query':
        return db.query(request.sql, request.params);
      case 'exec':
        return db.exec(request.script, request.params);
      case 'describeTables':
        return db.describeTables();
      case 'importCsv':
        return db.importCsv(request.request, (progress) =>
          port.postMessage({ kind: 'progress', id: request.id, progress })
        );
      case 'exportDatabase':
        return db.exportDatabase();
      case 'loadDatabase':
        db.loadDatabase(request.bytes);
        return null;
      case 'reset':
        db.reset();
        return null;
    }
  }
}

function isEmscriptenAbort(error: unknown): boolean {
  return error instanceof Error && /^Aborted\(/.test(error.message);
}
