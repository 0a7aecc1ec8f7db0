import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { engineContract, type ContractCheck } from '../../src/lib/engine/contract';
import { serveEngine, type EngineHost } from '../../src/lib/engine/dispatcher';
import { EngineCrashedError, EngineInterruptedError } from '../../src/lib/engine/errors';
import { InProcessEngine } from '../../src/lib/engine/in-process-engine';
import { serveParser } from '../../src/lib/import/parse-service';
import { WorkerEngine, type WorkerLike } from '../../src/lib/engine/worker-engine';
import type { DataEngine } from '../../src/lib/engine/types';
import { openSnapshotStore } from '../../src/lib/persistence/snapshot-store';
import { IDBFactory } from 'fake-indexeddb';

const wasmBinary = new Uint8Array(
  await readFile(createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm'))
);

const check: ContractCheck = {
  equal: (actual, expected, what) => expect(actual, what).toEqual(expected),
  ok: (condition, what) => expect(condition, what).toBe(true),
  rejects: async (promise, expected, what) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e
    );
    expect(error, what).toBeInstanceOf(Error);
    expect((error as Error).name, what).toBe(expected.name);
    if (expected.message) expect((error as Error).message, what).toMatch(expected.message);
  }
};

/**
 * A worker stand-in: the real dispatcher on the far end of a `MessageChannel`, so requests and answers go
 * through structured cloning exactly as with a Web Worker. `crash()` makes it die like a worker does.
 */
class ChannelWorker implements WorkerLike {
  readonly #port: MessagePort;
  readonly #far: MessagePort;
  readonly #errorListeners: ((event: Event) => void)[] = [];
  silent = false;

  constructor(openStore?: EngineHost['openStore']) {
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#far = port2;
    serveEngine(port2 as never, {
      initSqlJs: (binary) => initSqlJs({ wasmBinary: binary.buffer as ArrayBuffer }),
      openStore,
      spawnParser: () => new ChannelParser() as unknown as Worker,
      // As the browser's worker does: warms up behind the first requests, which must not notice.
      warmUp: true
    });
    port1.start();
  }

  postMessage(message: unknown, transfer?: Transferable[]): void {
    if (!this.silent) this.#port.postMessage(message, transfer ?? []);
  }

  terminate(): void {
    this.#port.close();
    this.#far.close();
  }

  addEventListener(type: string, listener: (event: never) => void): void {
    if (type === 'message') this.#port.addEventListener('message', listener as never);
    if (type === 'error') this.#errorListeners.push(listener as never);
  }

  crash(message: string): void {
    this.terminate();
    for (const listener of this.#errorListeners) listener(Object.assign(new Event('error'), { message }));
  }
}

/**
 * A parser worker stand-in: `serveParser` on the far end of a `MessageChannel`, so batches and their
 * transferred buffers cross a real message boundary as between two workers.
 */
class ChannelParser {
  /** How many were started: the parser path must really have been taken, not the in-thread one. */
  static started = 0;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly #port: MessagePort;
  readonly #far: MessagePort;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#far = port2;
    port1.onmessage = (event) => this.onmessage?.(event);
    ChannelParser.started++;
    serveParser(port2 as never);
    port2.start();
  }

  postMessage(message: unknown, transfer?: Transferable[]): void {
    this.#port.postMessage(message, transfer ?? []);
  }

  terminate(): void {
    this.#port.close();
    this.#far.close();
  }
}

const implementations: [string, () => Promise<DataEngine>][] = [
  ['InProcessEngine', async () => new InProcessEngine(await initSqlJs())],
  [
    'WorkerEngine over a MessageChannel',
    async () => new WorkerEngine({ spawn: () => new ChannelWorker(), wasmBinary, storage: 'none' })
  ],
  [
    'WorkerEngine with a parser worker, over MessageChannels',
    async () =>
      new WorkerEngine({
        spawn: () => new ChannelWorker(),
        wasmBinary,
        storage: 'none',
        parserUrl: 'channel:'
      })
  ]
];

describe.each(implementations)('engine contract: %s', (_name, create) => {
  it.each(engineContract.map((c) => [c.name, c] as const))('%s', async (_caseName, testCase) => {
    const engine = await create();
    try {
      await testCase.run(engine, check);
    } finally {
      await engine.close();
    }
  });
});

it('imports through the parser worker when the engine is given one', async () => {
  const before = ChannelParser.started;
  const engine = await implementations[2][1]();
  try {
    const imported = await engine.importCsv({ file: new Blob(['a,b\n1,x\n2,y\n']), fileName: 'p.csv' });
    expect(imported.rowCount).toBe(2);
    expect(ChannelParser.started).toBe(before + 1);
    expect((await engine.query('SELECT a, b FROM p ORDER BY a')).rows).toEqual([
      [1, 'x'],
      [2, 'y']
    ]);
  } finally {
    await engine.close();
  }
});

describe('WorkerEngine when its worker dies', () => {
  function crashable() {
    const workers: ChannelWorker[] = [];
    const crashes: Error[] = [];
    const engine = new WorkerEngine({
      spawn: () => {
        const worker = new ChannelWorker();
        workers.push(worker);
        return worker;
      },
      wasmBinary,
      storage: 'none',
      onCrash: (error) => crashes.push(error)
    });
    return { engine, workers, crashes };
  }

  it('rejects every pending request with EngineCrashedError, then refuses work until restarted', async () => {
    const { engine, workers, crashes } = crashable();
    await engine.exec('CREATE TABLE t (x)');
    workers[0].silent = true; // requests sent from now on are never answered, as with a hung worker
    const pending = [engine.query('SELECT 1'), engine.describeTables(), engine.exportDatabase()];
    workers[0].crash('Out of memory');
    for (const request of pending) {
      await expect(request).rejects.toThrow(EngineCrashedError);
      await expect(request).rejects.toThrow(/stopped unexpectedly \(Out of memory\)/);
    }
    expect(crashes).toHaveLength(1);
    await expect(engine.query('SELECT 1')).rejects.toThrow(/Restart the engine/);

    await engine.restart();
    expect(workers).toHaveLength(2);
    expect((await engine.query('SELECT 42')).rows).toEqual([[42]]);
    expect(await engine.describeTables()).toEqual([]);
    await engine.close();
  });

  it('restart interrupts what is running and reloads the last saved snapshot', async () => {
    const store = await openSnapshotStore({ indexedDB: new IDBFactory() });
    const workers: ChannelWorker[] = [];
    const engine = new WorkerEngine({
      spawn: () => {
        const worker = new ChannelWorker(async () => store);
        workers.push(worker);
        return worker;
      },
      wasmBinary,
      storage: 'device'
    });
    await engine.exec("CREATE TABLE saved (x); INSERT INTO saved VALUES ('snapshot');");
    expect((await engine.persistence()).lastSaved?.generation).toBeGreaterThan(0);
    workers[0].silent = true;
    const stuck = engine.query('SELECT 1').catch((error: unknown) => error);
    await engine.restart();
    expect(await stuck).toBeInstanceOf(EngineInterruptedError);
    expect((await engine.query('SELECT x FROM saved')).rows).toEqual([['snapshot']]);
    await engine.close();
  });

  it('reports a crash once, even if the dead worker keeps firing errors', async () => {
    const { engine, workers, crashes } = crashable();
    workers[0].crash('first');
    workers[0].crash('second');
    expect(crashes.map((e) => e.message)).toEqual(['The database engine stopped unexpectedly (first).']);
    await engine.close();
  });
});
