/// <reference lib="webworker" />
import { DEMO_TABLE_NAMES, generateDemoWorkspace, toCsvText, type DemoOptions } from './generate';

declare const self: DedicatedWorkerGlobalScope;

/**
 * Generates the demo workspace off the main thread (about half a second of work) and hands back one CSV file
 * per table, as transferred bytes, for the page to import through the same path as a user's files.
 */
self.onmessage = (event: MessageEvent<DemoOptions>) => {
  const workspace = generateDemoWorkspace(event.data);
  const encoder = new TextEncoder();
  const files = DEMO_TABLE_NAMES.map((name) => ({
    fileName: `${name}.csv`,
    bytes: encoder.encode(toCsvText(workspace[name]))
  }));
  self.postMessage(
    files,
    files.map((file) => file.bytes.buffer)
  );
};
