import type { SqlJsStatic } from 'sql.js';
import type { SnapshotStore } from '../persistence/snapshot-store';
import { serializeError } from './errors';
import type { CancelMessage, InitMessage, RequestMessage, ResponseMessage, ResponseValues } from './protocol';
import { SqliteSession } from './session';
import type { PersistenceStatus, Progress } from './types';

/** The side of a worker (or a `MessagePort`) that the dispatcher talks through. */
export interface DispatcherPort {
  postMessage(message: ResponseMessage, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  start?(): void;
}

export interface EngineHost {
  initSqlJs(wasmBinary: Uint8Array): Promise<SqlJsStatic>;
  /** Opens this device's snapshot store; without one the database lives only in memory. */
  openStore?(): Promise<SnapshotStore>;
  /**
   * Becomes the one tab that saves, taking over from any other (resolves once it is). `onLost` is called when
   * a newer tab takes over: two tabs saving in turn would each overwrite the other's work.
   */
  claimWriter?(onLost: () => void): Promise<void>;
  /** Starts a parser worker from its module URL (the init message's `parserUrl`). */
  spawnParser?(url: string): Worker;
  /** Warm up SQLite's insert path once the requests made during start-up are answered (`warmUpInserts`). */
  warmUp?: boolean;
}

/** Requests that change the database by their nature. */
const alwaysSavedAfter = new Set<RequestMessage['kind']>(['importCsv', 'loadDatabase', 'importTables']);
/** Requests that may change it: saved when their change stamp moved. (A wipe is never followed by a save.) */
const savedAfterChange = new Set<RequestMessage['kind']>(['query', 'exec']);

/**
 * Serves engine requests arriving on `port`, one at a time and in order: sql.js is synchronous, and an import
 * awaits file reads, so a query must never slip into the middle of an import's transaction. A `cancel`
 * message is handled at once, outside the queue, and stops an import between two batches.
 *
 * After every request that changed the database, a snapshot is saved before the request is answered: an
 * import has not "completed" until it is on disk. A failed save (quota) leaves the previous snapshot intact
 * and is reported through `persistence`, not as a failure of the request, whose work is still in memory.
 */
export function serveEngine(port: DispatcherPort, host: EngineHost): void {
  let ready: Promise<SqliteSession> | undefined;
  let store: SnapshotStore | undefined;
  const status: PersistenceStatus = { available: false, lastSaved: null, recovered: null, saveError: null };
  const controllers = new Map<number, AbortController>();
  let queue: Promise<void> = Promise.resolve();

  port.addEventListener('message', (event: MessageEvent<InitMessage | CancelMessage | RequestMessage>) => {
    const message = event.data;
    if (message.kind === 'init') {
      ready = start(message);
      if (host.warmUp) ready.then(warmUpWhenIdle, () => {});
      return;
    }
    if (message.kind === 'cancel') {
      controllers.get(message.target)?.abort(new DOMException('The request was cancelled.', 'AbortError'));
      return;
    }
    const controller = new AbortController();
    controllers.set(message.id, controller);
    queue = queue
      .then(() => handle(message, controller.signal))
      .finally(() => controllers.delete(message.id));
  });
  port.start?.();

  /**
   * Queued behind the requests made while the database loaded; only an optimisation, so a failure is not
   * reported, except a trap inside WebAssembly: sql.js is then in an undefined state, as after a request's.
   */
  function warmUpWhenIdle(session: SqliteSession): void {
    queue = queue.then(() => {
      try {
        session.warmUp();
      } catch (error) {
        if (isWasmTrap(error)) {
          port.postMessage({ kind: 'fatal', error: serializeError(error) });
        }
      }
    });
  }

  async function start({ wasmBinary, persist, parserUrl }: InitMessage): Promise<SqliteSession> {
    const spawn = host.spawnParser;
    const session = new SqliteSession(await host.initSqlJs(wasmBinary), {
      spawnParser: spawn && parserUrl ? () => spawn(parserUrl) : undefined
    });
    if (persist) await openStore(session);
    return session;
  }

  /** Loads the newest good snapshot; a damaged newest one falls back to the previous and is reported. */
  async function openStore(session: SqliteSession): Promise<void> {
    if (!host.openStore) return;
    try {
      store = await host.openStore();
      status.available = true;
    } catch {
      return;
    }
    await host.claimWriter?.(() => {
      store?.close();
      store = undefined;
      status.saveError = {
        code: 'other-tab',
        message: 'Crossbook was opened in another tab, which saves now.'
      };
      port.postMessage({ kind: 'persistence-changed' });
    });
    let loaded;
    try {
      loaded = await store.loadLatest();
    } catch (error) {
      const { code, message } = serializeError(error);
      status.recovered = { reason: message };
      // Every stored copy is damaged: the next save may replace them. Anything else (unreadable storage, a
      // newer app version's data) must not be overwritten by this session.
      if (code !== 'snapshot-corrupt') {
        store = undefined;
        status.available = false;
      }
      return;
    }
    if (!loaded) return;
    session.loadDatabase(loaded.bytes);
    status.lastSaved = {
      generation: loaded.info.generation,
      savedAt: loaded.info.savedAt,
      bytes: loaded.info.bytes
    };
    if (loaded.recovered) status.recovered = { reason: loaded.recovered.reason };
  }

  async function save(
    session: SqliteSession,
    onProgress: (progress: Progress) => void,
    { keepPrevious = true }: { keepPrevious?: boolean } = {}
  ): Promise<void> {
    if (!store) return;
    const bytes = session.exportDatabase();
    onProgress({ phase: 'save', done: 0, total: bytes.length });
    try {
      const info = await store.save(bytes, { keepPrevious });
      status.lastSaved = { generation: info.generation, savedAt: info.savedAt, bytes: info.bytes };
      status.saveError = null;
    } catch (error) {
      const { code, message } = serializeError(error);
      status.saveError = { code: code ?? 'storage', message };
    }
  }

  async function handle(request: RequestMessage, signal: AbortSignal): Promise<void> {
    const progress = (value: Progress) =>
      port.postMessage({ kind: 'progress', id: request.id, progress: value });
    try {
      if (ready === undefined)
        throw new Error('The engine worker received a request before its init message.');
      const session = await ready;
      signal.throwIfAborted();
      // Says when the request leaves the queue: a caller's time limit counts from here, not from posting.
      if (request.kind === 'query' || request.kind === 'exec')
        progress({ phase: 'run', done: 0, total: null });
      // Only statements that may write need a before/after stamp; reads and previews skip the two queries.
      const stamp = savedAfterChange.has(request.kind) ? session.changeStamp() : undefined;
      const value = await run(session, request, signal, progress);
      const changed = stamp !== undefined && session.changeStamp() !== stamp;
      // An erasure is saved as the only snapshot: the previous one still holds the erased rows.
      if (request.kind === 'forgetCustomers') await save(session, progress, { keepPrevious: false });
      else if (alwaysSavedAfter.has(request.kind) || changed) await save(session, progress);
      const transfer = value instanceof Uint8Array ? [value.buffer as ArrayBuffer] : [];
      port.postMessage({ kind: 'result', id: request.id, value }, transfer);
    } catch (error) {
      port.postMessage({ kind: 'error', id: request.id, error: serializeError(error) });
      // A trap inside WebAssembly (out of memory, abort) leaves sql.js in an undefined state.
      if (isWasmTrap(error)) {
        port.postMessage({ kind: 'fatal', error: serializeError(error) });
      }
    }
  }

  async function run(
    session: SqliteSession,
    request: RequestMessage,
    signal: AbortSignal,
    onProgress: (progress: Progress) => void
  ): Promise<ResponseValues[keyof ResponseValues]> {
    switch (request.kind) {
      case 'query':
        return session.query(request.sql, request.params);
      case 'exec':
        return session.exec(request.script, request.params);
      case 'describeTables':
        return session.describeTables();
      case 'previewCsv':
        return session.previewCsv(request.file, request.overrides);
      case 'importCsv':
        return session.importCsv(request.request, { onProgress, signal });
      case 'exportDatabase':
        return session.exportDatabase();
      case 'exportTables':
        return session.exportTables(request.tables);
      case 'importTables':
        return session.importTables(request.bytes, { ifExists: request.ifExists });
      case 'loadDatabase':
        session.loadDatabase(request.bytes);
        return null;
      case 'persistence':
        return { ...status };
      case 'wipeStorage':
        // The store stays usable after a wipe: later work is saved again.
        await store?.wipe();
        session.reset();
        Object.assign(status, { lastSaved: null, recovered: null, saveError: null });
        return null;
      case 'forgetCustomers':
        return session.forgetCustomers(request.request);
      case 'reset':
        session.reset();
        return null;
    }
  }
}

/** A trap inside WebAssembly or an Emscripten abort: sql.js is left in an undefined state. */
function isWasmTrap(error: unknown): boolean {
  return (
    error instanceof WebAssembly.RuntimeError || (error instanceof Error && /^Aborted\(/.test(error.message))
  );
}
