// `npm run bench -- --rows N --seed S`: hands the options to the vitest run as environment variables.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const usage = 'usage: npm run bench -- [--rows N] [--seed S]   (defaults: 1000000 rows, seed 1)';
/** @type {Record<string, string>} */
const options = { rows: '1000000', seed: '1' };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const [flag, inline] = args[i].split('=', 2);
  const name = flag.replace(/^--/, '');
  if (!(name in options) || !flag.startsWith('--')) {
    console.error(`Unknown option ${args[i]}\n${usage}`);
    process.exit(2);
  }
  const value = inline ?? args[++i];
  if (!/^[1-9]\d*$/.test(value ?? '')) {
    console.error(`--${name} needs a positive integer, got ${value}\n${usage}`);
    process.exit(2);
  }
  options[name] = value;
}

const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const run = spawnSync(
  process.execPath,
  [vitest, 'run', '--config', 'tests/bench/vitest.config.ts', '--reporter', 'verbose'],
  {
    cwd: join(dirname(fileURLToPath(import.meta.url)), '../..'),
    stdio: 'inherit',
    env: { ...process.env, BENCH_ROWS: options.rows, BENCH_SEED: options.seed }
  }
);
process.exit(run.status ?? 1);
