import { serializeError } from '../engine/errors';
import { canReadBytes, readPackedBatches, type PackedBatch } from './byte-lane';
import { RowConverter, WidenColumn } from './convert-rows';
import { packedBuffers } from './packed-rows';
import {
  BATCHES_IN_FLIGHT,
  WORKER_BATCH_ROWS,
  type FromParser,
  type ParseJob,
  type ParseOutcome,
  type ToParser
} from './parse-job';
import { readRecordBatches } from './rows';
import { openByteSource, type ByteSource } from './source';

/** The side of a worker the parser talks through. */
export interface ParserPort {
  postMessage(message: FromParser, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToParser>) => void): void;
}

/**
 * The parser worker: reads, decodes, parses and converts one file into packed batches for the SQLite worker,
 * which meanwhile inserts the batches before. It runs ahead by at most `BATCHES_IN_FLIGHT` batches, each
 * acknowledged once taken. Any failure ends the parse with one message (a column to widen, or the error); the
 * SQLite worker terminates this worker when it is done with it, however the import ended.
 */
export function serveParser(port: ParserPort): void {
  let credits = BATCHES_IN_FLIGHT;
  let wake: (() => void) | null = null;
  port.addEventListener('message', ({ data }) => {
    if (data.kind === 'ack') {
      credits++;
      wake?.();
      wake = null;
    } else void parse(data.job);
  });

  async function parse(job: ParseJob): Promise<void> {
    try {
      const source = await openByteSource(job.file, job.fileName);
      const batches = canReadBytes(job)
        ? readPackedBatches(source, job, { batchSize: WORKER_BATCH_ROWS })
        : readStringBatches(source, job);
      for (;;) {
        const next = await batches.next();
        if (next.done) {
          port.postMessage({ kind: 'done', outcome: next.value });
          return;
        }
        const { packed, bytesRead } = next.value;
        while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
        credits--;
        port.postMessage({ kind: 'batch', packed, bytesRead }, packedBuffers(packed));
      }
    } catch (error) {
      if (error instanceof WidenColumn) {
        port.postMessage({ kind: 'widen', column: error.column, line: error.line });
      } else port.postMessage({ kind: 'error', error: serializeError(error) });
    }
  }
}

/** Files the byte lane does not read (other encodings, backslash escapes, a forced encoding): via strings. */
async function* readStringBatches(
  source: ByteSource,
  job: ParseJob
): AsyncGenerator<PackedBatch, ParseOutcome, undefined> {
  const converter = new RowConverter(job.columns);
  let replacementChars = 0;
  const batches = readRecordBatches(source, job.encoding, job.dialect, {
    fatal: job.fatal,
    batchSize: WORKER_BATCH_ROWS
  });
  for await (const batch of batches) {
    // The reader counts replacements from the start of the file.
    replacementChars = batch.replacementChars;
    yield { packed: converter.convertPacked(batch.records), bytesRead: batch.bytesRead };
  }
  return { warnings: converter.warnings(), replacementChars };
}
