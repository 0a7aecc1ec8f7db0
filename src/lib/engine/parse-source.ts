import { RowConverter, WidenColumn, type ImportValue } from '../import/convert-rows';
import type { PackedRows } from '../import/packed-rows';
import type { FromParser, ParseJob, ParseOutcome, ToParser } from '../import/parse-job';
import type { PersonalDataKind } from '../import/personal-data';
import type { Pseudonymiser } from '../import/pseudonym';
import { readRecordBatches } from '../import/rows';
import type { ByteSource } from '../import/source';
import { toError } from './errors';

/** A batch of rows to insert: values, or (from a parser worker) packed values. */
export type ParsedBatch = { rows: number; bytesRead: number } & (
  { values: ImportValue[][]; packed?: undefined } | { packed: PackedRows; values?: undefined }
);

/** Where pseudonymised values go in each written row, and how they are normalised before hashing. */
export interface PseudonymisedColumn {
  position: number;
  kind: PersonalDataKind | undefined;
}

/** Starts a parser worker (`src/lib/import/parse.worker.ts`). */
export type SpawnParser = () => Worker;

/**
 * Parses on this thread, between inserts: in Node, in an engine without a parser worker, and for imports that
 * make pseudonyms (the key stays with the SQLite worker).
 */
export async function* parseHere(
  source: ByteSource,
  job: ParseJob,
  signal: AbortSignal | undefined,
  pseudonyms: { columns: readonly PseudonymisedColumn[]; pseudonymiser: Pseudonymiser } | null
): AsyncGenerator<ParsedBatch, ParseOutcome, undefined> {
  const converter = new RowConverter(job.columns);
  let replacementChars = 0;
  for await (const batch of readRecordBatches(source, job.encoding, job.dialect, {
    signal,
    fatal: job.fatal
  })) {
    // The reader counts replacements from the start of the file.
    replacementChars = batch.replacementChars;
    const values = converter.convert(batch.records);
    if (pseudonyms) await replaceByPseudonyms(values, pseudonyms.columns, pseudonyms.pseudonymiser);
    yield { values, rows: values.length, bytesRead: batch.bytesRead };
  }
  return { warnings: converter.warnings(), replacementChars };
}

/**
 * Parses in a worker of its own, on the machine's other core, while this thread inserts: batches arrive packed
 * (their buffers transferred, not copied), and each is acknowledged once taken, so the parser stays at most a
 * few batches ahead. The worker is terminated when the import ends, however it ends.
 */
export async function* parseInWorker(
  spawn: SpawnParser,
  job: ParseJob,
  signal: AbortSignal | undefined
): AsyncGenerator<ParsedBatch, ParseOutcome, undefined> {
  const worker = spawn();
  const inbox: FromParser[] = [];
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.onmessage = (event: MessageEvent<FromParser>) => {
    inbox.push(event.data);
    notify();
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failure ??= new Error(`The file could not be read: ${event.message || 'the parser stopped'}.`);
    notify();
  };
  const onAbort = () => {
    failure ??= signal?.reason;
    notify();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    worker.postMessage({ kind: 'start', job } satisfies ToParser);
    for (;;) {
      while (inbox.length === 0 && failure === null) await new Promise<void>((resolve) => (wake = resolve));
      if (failure !== null) throw failure;
      const message = inbox.shift() as FromParser;
      switch (message.kind) {
        case 'batch':
          worker.postMessage({ kind: 'ack' } satisfies ToParser);
          yield { packed: message.packed, rows: message.packed.rows, bytesRead: message.bytesRead };
          break;
        case 'done':
          return message.outcome;
        case 'widen':
          throw new WidenColumn(message.column, message.line);
        case 'error':
          throw toError(message.error);
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    worker.terminate();
  }
}

/** Replaces, in place, each non-empty value of the pseudonymised columns by its keyed pseudonym. */
async function replaceByPseudonyms(
  rows: ImportValue[][],
  columns: readonly PseudonymisedColumn[],
  pseudonymiser: Pseudonymiser
): Promise<void> {
  for (const { position, kind } of columns) {
    const texts = rows.map((row) => (typeof row[position] === 'string' ? (row[position] as string) : ''));
    const pseudonyms = await pseudonymiser.pseudonymise(texts, kind);
    for (let r = 0; r < rows.length; r++) {
      if (texts[r] !== '') rows[r][position] = pseudonyms[r];
    }
  }
}
