import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  worker: { format: 'es' },
  build: { target: 'es2022' },
  test: {
    include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    environment: 'node',
    // Some suites (the snapshot fuzz, 8 MiB snapshots, the conformance corpora) take seconds on a busy
    // two-core machine; a timeout must mean a hang, not a slow run.
    testTimeout: 60_000,
    // Dates and number formats must not depend on the machine running the tests.
    env: { TZ: 'UTC' }
  }
});
