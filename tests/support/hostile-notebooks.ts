import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NotebookFailureReason } from '../../src/lib/notebook/failure';

/**
 * The hostile notebook corpus (RELIABILITY.md §3.1 items 24, 27–31): every file in
 * `tests/fixtures/hostile-notebooks/` is an attack written in the notebook format, and `corpus.json` says what
 * the loader must do with it. Files too large to commit are described there by `generate` and built in memory.
 * Read by the unit test of the loader and renderer and by the browser test.
 */
export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/hostile-notebooks');

export interface CorpusEntry {
  file: string;
  attack: string;
  expect: 'opens' | 'refused';
  refusalReason?: NotebookFailureReason;
  /** What the file's SQL would do if run: wipe or change data, or never finish. */
  sql: 'destructive' | 'runaway' | null;
  /** For files that open: how many cells the notebook has (so smuggled cells would show). */
  cells?: number;
  /** The file is `prefix + repeat × times + suffix`, made in memory. */
  generate?: { prefix: string; repeat: string; times: number; suffix: string };
}

export function readCorpus(): CorpusEntry[] {
  const parsed: unknown = JSON.parse(readFileSync(join(CORPUS_DIR, 'corpus.json'), 'utf8'));
  if (!Array.isArray(parsed)) throw new Error('corpus.json must be an array.');
  return parsed as CorpusEntry[];
}

/** The file's bytes as a user would hand them over. */
export function corpusBytes(entry: CorpusEntry): Buffer {
  if (!entry.generate) return readFileSync(join(CORPUS_DIR, entry.file));
  const { prefix, repeat, times, suffix } = entry.generate;
  return Buffer.from(prefix + repeat.repeat(times) + suffix, 'utf8');
}
