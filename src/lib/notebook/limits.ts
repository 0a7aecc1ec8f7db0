import type { NotebookFailure } from './failure';

/**
 * Caps checked before (or while) a notebook file is read, so a hostile or broken file is refused with a message
 * instead of exhausting memory or the stack (RELIABILITY.md §3.1 item 30). A notebook holds text and small
 * structures: real ones are a few kilobytes, so these caps are far above any honest file. The one exception is
 * a sealed data block (`sealed-data.ts`), which has a cap of its own.
 */
export const NOTEBOOK_LIMITS = {
  /**
   * UTF-16 code units of the file outside its data block; a UTF-8 file of this many bytes decodes to at most
   * this many.
   */
  maxChars: 10 * 1024 * 1024,
  /** UTF-16 code units of the data block, fences included: base64 of about 150 MB of compressed data. */
  maxDataChars: 200 * 1024 * 1024,
  maxCells: 1_000,
  /** UTF-16 code units in one cell's text (SQL, markdown) or body, and in the fields of the data block. */
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
 * `loadNotebook` calls it again with the text's length. It leaves room for a data block; the part of the file
 * outside it is held to `maxChars` once the file is read (`checkNotebookTextSize`).
 */
export function checkNotebookSize(length: number): NotebookFailure | null {
  const limit = NOTEBOOK_LIMITS.maxChars + NOTEBOOK_LIMITS.maxDataChars;
  if (length <= limit) return null;
  return {
    ok: false,
    reason: 'too-large',
    message:
      `This file is ${megabytes(length)}; a notebook can be at most ${megabytes(NOTEBOOK_LIMITS.maxChars)}, ` +
      `or ${megabytes(limit)} with its data included. Is this the right file?`
  };
}

/** Refuses a file whose characters outside its data block (all of them when it has none) are above the cap. */
export function checkNotebookTextSize(length: number): NotebookFailure | null {
  if (length <= NOTEBOOK_LIMITS.maxChars) return null;
  return {
    ok: false,
    reason: 'too-large',
    message:
      `This file is ${megabytes(length)}; a notebook can be at most ${megabytes(NOTEBOOK_LIMITS.maxChars)}. ` +
      'Notebooks hold queries and charts, and data only in a sealed data block: is this the right file?'
  };
}

function megabytes(length: number): string {
  return `${Math.round((length / 1024 / 1024) * 10) / 10} MB`;
}
