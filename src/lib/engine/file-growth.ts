import type { Plugin } from 'vite';

/**
 * sql.js keeps the database file in Emscripten's in-memory file system, which grows a file's buffer by 12.5 %
 * whenever a write passes its end (doubling only below 1 MiB). Each growth allocates a new buffer and copies the
 * file into it: a 65 MB database written by an import was reallocated 35 times, copying about eight times its
 * size, which measured a fifth of SQLite's whole insert time. This build step makes the buffer double up to
 * 256 MiB and grow by 12.5 % beyond, as before, so large databases do not reserve twice their size.
 *
 * Applied to builds (`npm start`, the browser tests, the benchmarks). `vite dev` pre-bundles sql.js, which
 * transform hooks do not see, so there the file grows as sql.js ships it: slower imports, same results.
 */
const GROWTH = /(\w+)\*\(\1<1048576\?2:1\.125\)>>>0/g;

/** At most this much unused capacity: 256 MiB, where doubling stops. */
export const DOUBLING_LIMIT = 268_435_456;

/** Rewrites the growth rule in sql.js's Emscripten glue; throws if it is not there exactly once. */
export function patchFileGrowth(code: string): string {
  const found = code.match(GROWTH)?.length ?? 0;
  if (found !== 1) {
    throw new Error(
      `sql.js's file growth rule was found ${found} times instead of once: check src/lib/engine/file-growth.ts against this sql.js version.`
    );
  }
  return code.replace(GROWTH, `$1*($1<${DOUBLING_LIMIT}?2:1.125)>>>0`);
}

/** The Vite plugin applying `patchFileGrowth` to sql.js's scripts (the page's and the workers' bundles). */
export function sqlJsFileGrowth(): Plugin {
  return {
    name: 'crossbook:sql-js-file-growth',
    transform(code, id) {
      if (!/[\\/]sql\.js[\\/]dist[\\/]sql-wasm(-browser)?\.js$/.test(id.split('?')[0])) return null;
      return { code: patchFileGrowth(code), map: null };
    }
  };
}
