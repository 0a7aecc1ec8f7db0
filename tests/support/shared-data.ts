import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Where the real public data sets live (never copied into the repository): `CROSSBOOK_DATA` if set, else
 * `../shared/data` beside the project, else the workplace's `/work/shared/data` (a CI clone may sit elsewhere).
 */
export const sharedDataCandidates = [
  process.env.CROSSBOOK_DATA,
  join(projectRoot, '..', 'shared', 'data'),
  '/work/shared/data'
].filter((path): path is string => Boolean(path));

/** The path of `relative` inside the shared data folder, or `undefined` (with a loud warning) if absent. */
export function sharedData(relative: string): string | undefined {
  for (const root of sharedDataCandidates) {
    const path = join(root, relative);
    if (existsSync(path)) return path;
  }
  console.warn(
    `\n*** SKIPPED: shared data "${relative}" not found in ${sharedDataCandidates.join(', ')}.\n` +
      '*** Set CROSSBOOK_DATA to the folder holding it to run these tests.\n'
  );
  return undefined;
}
