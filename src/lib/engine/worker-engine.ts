import { EngineClosedError, EngineCrashedError, EngineInterruptedError, toError } from './errors';
import type { RequestBody, ResponseMessage, ResponseValues } from './protocol';
import type { PlanOverrides } from '../import/plan';
import type {
  CsvFile,
  CsvPreview,
  DataEngine,
  ForgetReport,
  ForgetRequest,
  ImportCsvRequest,
  ImportedTable,
  PersistenceStatus,
  QueryResult,
  RequestOptions,
  ScriptResult,
  SqlParams,
  SqlValue,
  TableImport,
  TableInfo
} from './types';

/** What `WorkerEngine` needs of a `Worker`; a `MessagePort` pair stands in for one in Node tests. */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  terminate(): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ResponseMessage>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
}

export interface WorkerEngineOptions {
  /** Starts a fresh engine worker (see `spawnEngineWorker` for the browser). */
  spawn: () => WorkerLike;
  /** The sql.js WebAssembly binary; copied to each worker, so a restart needs no network. */
  wasmBinary: Uint8Array;
  /**
   * `device`: open the database saved on this device and save after every change (the workspace).
   * `none`: a scratch database that is never saved and never touches the saved one (the self-test).
   */
  storage: 'device' | 'none';
  /**
   * The absolute URL of the parser worker module (`parserWorkerUrl()` in the browser): the engine worker then
   * parses files on a second core while it inserts. Without it, files are parsed between inserts.
   */
  parserUrl?: string;
  /** Called when the worker dies on its own (not through `restart` or `close`). */
  onCrash?: (error: EngineCrashedError) => void;
  /** Called when the persistence status changed without a request (another tab took over saving). */
  onPersistenceChange?: () => void;
  /** Called for each connection the Content-Security-Policy blocked inside the worker. */
  onViolation?: (violation: { directive: string; blockedURI: string }) => void;
}

interface Pending {
  resolve: (value: never) => void;
  reject: (error: Error) => void;
  options?: RequestOptions;
}

/**
 * The browser's `DataEngine`: sql.js in a Web Worker behind a request/response protocol with ids. When the
 * worker dies, every pending request is rejected (never left hanging) and later calls fail until `restart()`.
 */
export class WorkerEngine implements DataEngine {
  readonly #options: WorkerEngineOptions;
  readonly #pending = new Map<number, Pending>();
  #worker: WorkerLike | undefined;
  #nextId = 1;
  #state: 'running' | 'crashed' | 'closed' = 'running';
  #crash: EngineCrashedError | undefined;

  constructor(options: WorkerEngineOptions) {
    this.#options = options;
    this.#worker = this.#start();
  }

  query(sql: string, params?: SqlParams, options?: RequestOptions): Promise<QueryResult> {
    return this.#request({ kind: 'query', sql, params }, options);
  }

  exec(
    script: string,
    params?: Readonly<Record<string, SqlValue>>,
    options?: RequestOptions
  ): Promise<ScriptResult> {
    return this.#request({ kind: 'exec', script, params }, options);
  }

  describeTables(): Promise<TableInfo[]> {
    return this.#request({ kind: 'describeTables' });
  }

  previewCsv(file: CsvFile, overrides?: PlanOverrides, options?: RequestOptions): Promise<CsvPreview> {
    return this.#request({ kind: 'previewCsv', file, overrides }, options);
  }

  importCsv(request: ImportCsvRequest, options?: RequestOptions): Promise<ImportedTable> {
    return this.#request({ kind: 'importCsv', request }, options);
  }

  persistence(): Promise<PersistenceStatus> {
    return this.#request({ kind: 'persistence' });
  }

  forgetCustomers(request: ForgetRequest): Promise<ForgetReport> {
    return this.#request({ kind: 'forgetCustomers', request });
  }

  async wipeStorage(): Promise<void> {
    await this.#request({ kind: 'wipeStorage' });
  }

  exportDatabase(): Promise<Uint8Array> {
    return this.#request({ kind: 'exportDatabase' });
  }

  exportTables(tables: readonly string[]): Promise<Uint8Array> {
    return this.#request({ kind: 'exportTables', tables });
  }

  importTables(
    bytes: Uint8Array,
    { ifExists }: { ifExists?: 'fail' | 'replace' } = {}
  ): Promise<TableImport> {
    return this.#request({ kind: 'importTables', bytes, ifExists });
  }

  async loadDatabase(bytes: Uint8Array): Promise<void> {
    await this.#request({ kind: 'loadDatabase', bytes });
  }

  async restart(): Promise<void> {
    if (this.#state === 'closed') throw new EngineClosedError();
    this.#stop(new EngineInterruptedError());
    this.#state = 'running';
    this.#crash = undefined;
    // The new worker reloads the last saved snapshot itself before it answers anything.
    this.#worker = this.#start();
  }

  async close(): Promise<void> {
    this.#stop(new EngineClosedError());
    this.#state = 'closed';
  }

  #start(): WorkerLike {
    const worker = this.#options.spawn();
    worker.addEventListener('message', (event) => this.#receive(event.data));
    worker.addEventListener('error', (event) => {
      const message = (event as Partial<ErrorEvent>).message;
      const detail = message ? ` (${message})` : '';
      this.#die(worker, new EngineCrashedError(`The database engine stopped unexpectedly${detail}.`));
    });
    worker.addEventListener('messageerror', () => {
      this.#die(worker, new EngineCrashedError('The database engine sent a message that could not be read.'));
    });
    worker.postMessage({
      kind: 'init',
      wasmBinary: this.#options.wasmBinary,
      persist: this.#options.storage === 'device',
      parserUrl: this.#options.parserUrl
    });
    return worker;
  }

  #receive(message: ResponseMessage): void {
    switch (message.kind) {
      case 'progress':
        this.#pending.get(message.id)?.options?.onProgress?.(message.progress);
        return;
      case 'result':
        this.#settle(message.id)?.resolve(message.value as never);
        return;
      case 'error':
        this.#settle(message.id)?.reject(toError(message.error));
        return;
      case 'fatal':
        if (this.#worker) this.#die(this.#worker, new EngineCrashedError(toError(message.error).message));
        return;
      case 'violation':
        this.#options.onViolation?.({ directive: message.directive, blockedURI: message.blockedURI });
        return;
      case 'persistence-changed':
        this.#options.onPersistenceChange?.();
        return;
    }
  }

  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    this.#pending.delete(id);
    return pending;
  }

  #request<K extends RequestBody['kind']>(
    body: RequestBody & { kind: K },
    options?: RequestOptions
  ): Promise<ResponseValues[K]> {
    if (this.#state === 'closed') return Promise.reject(new EngineClosedError());
    if (this.#state === 'crashed' || this.#worker === undefined) {
      return Promise.reject(this.#crash ?? new EngineCrashedError());
    }
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = this.#nextId++;
    const worker = this.#worker;
    return new Promise<ResponseValues[K]>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: never) => void, reject, options });
      worker.postMessage({ ...body, id });
      signal?.addEventListener('abort', () => this.#cancel(id, body.kind, signal.reason), { once: true });
    });
  }

  /**
   * Imports and previews stop between batches inside the worker and roll back. Anything else may be one long
   * synchronous SQLite call that only terminating the worker can stop: the request rejects at once and the
   * engine restarts from its last saved snapshot.
   */
  #cancel(id: number, kind: RequestBody['kind'], reason: unknown): void {
    if (!this.#pending.has(id)) return;
    if (kind === 'importCsv' || kind === 'previewCsv') {
      this.#worker?.postMessage({ kind: 'cancel', target: id });
      return;
    }
    this.#settle(id)?.reject(reason instanceof Error ? reason : new DOMException('Cancelled', 'AbortError'));
    void this.restart();
  }

  /** A worker that died on its own: everything it was doing is lost and must be reported, not dropped. */
  #die(worker: WorkerLike, error: EngineCrashedError): void {
    if (worker !== this.#worker) return;
    this.#stop(error);
    this.#state = 'crashed';
    this.#crash = new EngineCrashedError(`${error.message} Restart the engine to continue.`);
    this.#options.onCrash?.(error);
  }

  #stop(error: Error): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const request of pending) request.reject(error);
  }
}
