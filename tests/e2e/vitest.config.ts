import { defineConfig } from 'vitest/config';

/** Browser tests against the built static site (`npm run build` first); see tests/e2e/support. */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/support/global-setup.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // One browser at a time: the machine has two cores, and the network test must see only its own traffic.
    fileParallelism: false,
    env: { TZ: 'UTC' },
    // Node 20's V8 crashes when TurboFan inlines the import writer's calls into sql.js (see vite.config.ts).
    execArgv: ['--no-turbo-inline-js-wasm-calls']
  }
});
