import type { SerializedError } from '../engine/errors';
import type { WrittenColumn } from './convert-rows';
import type { PackedRows } from './packed-rows';
import type { Dialect, EncodingName, ImportWarning } from './plan';

/** What a parser needs to turn a file into the values of the table's columns. */
export interface ParseJob {
  file: Blob;
  fileName: string;
  encoding: EncodingName;
  dialect: Dialect;
  /** Invalid bytes throw (`true`) or become U+FFFD, counted (`false`: an encoding the user forced). */
  fatal: boolean;
  columns: WrittenColumn[];
}

/** How a parse ended, once every batch is through. */
export interface ParseOutcome {
  warnings: ImportWarning[];
  replacementChars: number;
}

/** Messages from the import to its parser worker. */
export type ToParser = { kind: 'start'; job: ParseJob } | { kind: 'ack' };

/** Messages from the parser worker: batches (their buffers transferred), then one end. */
export type FromParser =
  | { kind: 'batch'; packed: PackedRows; bytesRead: number }
  | { kind: 'done'; outcome: ParseOutcome }
  | { kind: 'widen'; column: string; line: number }
  | { kind: 'error'; error: SerializedError };

/** Rows per batch a parser worker sends: large enough that messages cost little, small enough to stream. */
export const WORKER_BATCH_ROWS = 4000;

/** Batches a parser worker may send ahead of the inserts, so a fast parser never fills memory with a file. */
export const BATCHES_IN_FLIGHT = 3;
