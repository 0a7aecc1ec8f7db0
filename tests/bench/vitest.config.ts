import { defineConfig } from 'vitest/config';

/** The import benchmark (tests/bench/run.js builds nothing; `npm run bench` builds first). */
export default defineConfig({
  test: {
    include: ['tests/bench/**/*.bench.ts'],
    // The same checks as the browser tests: Chromium present, build/ there.
    globalSetup: ['tests/e2e/support/global-setup.ts'],
    environment: 'node',
    // No timeouts here: the test sets its own, which grows with --rows.
    // One thing at a time: timing runs must not share the two cores with anything else.
    fileParallelism: false,
    env: { TZ: 'UTC' },
    // Node 20's V8 crashes when TurboFan inlines the import writer's calls into sql.js (see vite.config.ts).
    execArgv: ['--no-turbo-inline-js-wasm-calls']
  }
});
