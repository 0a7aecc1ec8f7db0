import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { sqlJsFileGrowth } from './src/lib/engine/file-growth';

export default defineConfig({
  plugins: [sqlJsFileGrowth(), sveltekit()],
  // The engine worker is bundled on its own, so it needs the sql.js patch too.
  worker: { format: 'es', plugins: () => [sqlJsFileGrowth()] },
  build: { target: 'es2022' },
  test: {
    include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    environment: 'node',
    // Some suites (the snapshot fuzz, 8 MiB snapshots, the conformance corpora) take seconds on a busy
    // two-core machine; a timeout must mean a hang, not a slow run.
    testTimeout: 60_000,
    // Dates and number formats must not depend on the machine running the tests.
    env: { TZ: 'UTC' },
    // Node 20's V8 (11.3) crashes the process (SIGSEGV in optimised code) when TurboFan inlines the calls the
    // import's writer makes into sql.js's WebAssembly (src/lib/engine/table-writer.ts; reproduced by the engine
    // contract's "thousands of rows of every kind" case, gone with this flag). Chromium's V8 runs the same code in
    // the browser tests without it. Only the Node test processes get the flag.
    execArgv: ['--no-turbo-inline-js-wasm-calls']
  }
});
