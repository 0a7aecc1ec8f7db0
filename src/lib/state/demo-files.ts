import demoWorkerUrl from '../demo/demo.worker.ts?worker&url';
import type { DemoOptions } from '../demo/generate';
import { spawnModuleWorker } from '../engine/browser';

export interface DemoFile {
  fileName: string;
  bytes: Uint8Array;
}

/** The demo workspace as CSV files, one per canonical table, generated in a worker that then ends. */
export function generateDemoFiles(options: DemoOptions = {}): Promise<DemoFile[]> {
  return new Promise((resolve, reject) => {
    const worker = spawnModuleWorker(demoWorkerUrl, 'crossbook-demo');
    worker.onmessage = (event: MessageEvent<DemoFile[]>) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`The demo data could not be generated: ${event.message || 'the worker failed'}`));
    };
    worker.postMessage(options);
  });
}
