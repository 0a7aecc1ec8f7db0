import type { NotebookFailure } from './failure';

/**
 * Caps checked before (or while) a notebook file is read, so a hostile or broken file is refused with a message
 * instead of exhausting memory or the stack (RELIABILITY.md §3.1 item 30). A notebook holds text and small
 * structures, never data: real ones are a few kilobytes, so these caps are far above any honest file.
 */
export const NOTEBOOK_LIMITS = {
  /** UTF-16 code units of the whole file; a UTF-8 file of this many bytes decodes to at most this many. */
  maxChars: 10 * 1024 * 1024,
  maxCells: 1_000,
  /** UTF-16 code units in one cell's text (SQL, markdown) or body. */
  maxCellChars: 1024 * 1024,
  /** Levels of indentation in the header and in chart and input bodies (the format itself needs four). */
  maxDepth: 8,
  maxTables: 500,
  /** SQLite's own default `SQLITE_MAX_COLUMN`. */
  maxColumns: 2_000,
  /** Static options of one select or multi-select input. */
  maxOptions: 10_000,
  /** Characters of a title, label or other one-line text. */
  maxLabelChars: 1_000,
  maxDescriptionChars: 10_000,
  /** Characters of a cell id or a name. */
  maxNameChars: 64
} as const;

/**
 * Refuses a file by its size alone, before it is read: call it with `File.size` before `file.text()`, and
 * `loadNotebook` calls it again with the text's length.
 */
export function checkNotebookSize(length: number): NotebookFailure | null {
  if (length <= NOTEBOOK_LIMITS.maxChars) return null;
  const megabytes = (limit: number) => `${Math.round((limit / 1024 / 1024) * 10) / 10} MB`;
  return {
    ok: false,
    reason: 'too-large',
    message:
      `This file is ${megabytes(length)}; a notebook can be at most ${megabytes(NOTEBOOK_LIMITS.maxChars)}. ` +
      'Notebooks hold queries and charts, not data: is this the right file?'
  };
}
