import { ImportError } from '../engine/errors';
import { CsvStreamParser, isBlankRecord, type CsvRecord } from './csv-stream';
import { decodeChunks } from './decode';
import { DELIMITER_NAMES } from './dialect';
import type { Dialect, EncodingName } from './plan';
import type { ByteSource } from './source';

/** SQLite's default SQLITE_MAX_COLUMN; `CREATE TABLE` with more fails with "too many columns". */
export const MAX_COLUMNS = 2000;

/** How many line numbers of mismatched rows an error lists. */
const MAX_LISTED_LINES = 5;

const DEFAULT_BATCH_SIZE = 1000;

export interface RowBatch {
  /** Data records, header and blank rows left out, each with exactly the header's number of fields. */
  records: CsvRecord[];
  /** Bytes of the file read so far (compressed bytes for gzip): compare with `ByteSource.size` for progress. */
  bytesRead: number;
  /** U+FFFD the decoder put in place of invalid bytes so far; always 0 unless `fatal: false`. */
  replacementChars: number;
}

export interface ReadOptions {
  /** Records per batch (the last one may have fewer). */
  batchSize?: number;
  /** Aborting stops the read between chunks with the signal's reason (a DOMException `AbortError` by default). */
  signal?: AbortSignal;
  /**
   * `true` (the default): a byte sequence invalid in `encoding` throws `invalid-encoding`. Pass `false` only
   * when the user chose the encoding knowingly; the replacements are then counted in `replacementChars`.
   */
  fatal?: boolean;
}

/**
 * The data records of a file, in batches, read as a stream: bytes -> one streaming decoder -> the incremental
 * parser, so memory stays bounded by the batch size whatever the file's size.
 *
 * The file is refused as a whole, with an ImportError that says where, rather than stored misaligned
 * (RELIABILITY.md §3.1 items 11, 12, 15). Rows are never shifted, padded or cut to fit. When a record has a
 * different number of fields than the header, no further batch is yielded (the one holding it included);
 * the rest of the file is still read to count every such row, then `ragged-rows` is thrown with the count
 * and the first five lines, like parseCsvText. The caller inserts inside a transaction and rolls back on any
 * error, so the batches yielded before are undone. Quote errors are thrown where they are found; an empty
 * file throws `empty-file` and a header alone `no-data-rows`, both at the end, before anything was yielded.
 */
export async function* readRecordBatches(
  source: ByteSource,
  encoding: EncodingName,
  dialect: Dialect,
  options: ReadOptions = {}
): AsyncGenerator<RowBatch, void, undefined> {
  const { batchSize = DEFAULT_BATCH_SIZE, signal, fatal = true } = options;
  let bytesRead = 0;
  let replacementChars = 0;
  const stream = source.stream((n) => {
    bytesRead = n;
  });
  const chunks = decodeChunks(stream, encoding, {
    signal,
    fatal,
    onReplacementChars: (n) => {
      replacementChars += n;
    }
  });
  const parser = new CsvStreamParser(dialect);
  const shape = new TableShape(dialect);
  let batch: CsvRecord[] = [];

  for await (const text of chunks) {
    for (const record of shape.take(parser.push(text))) batch.push(record);
    if (shape.ragged) batch = [];
    let start = 0;
    for (; batch.length - start >= batchSize; start += batchSize) {
      signal?.throwIfAborted();
      yield { records: batch.slice(start, start + batchSize), bytesRead, replacementChars };
    }
    if (start > 0) batch = batch.slice(start);
  }
  for (const record of shape.take(parser.end())) batch.push(record);
  shape.finish();
  if (batch.length > 0) yield { records: batch, bytesRead, replacementChars };
}

/**
 * What the records of a file must look like: the first one is the header (or, without one, sets the
 * number of fields), later ones must have as many fields. Records that carry no data (`,,,`) are skipped.
 */
export class TableShape {
  readonly #delimiter: string;
  readonly #hasHeader: boolean;
  /** The header, or the first record's fields when the file has none. */
  #first: string[] | undefined;
  #dataRows = 0;
  #mismatchCount = 0;
  #mismatched: { line: number; fields: number }[] = [];

  constructor(dialect: Pick<Dialect, 'delimiter' | 'hasHeader'>) {
    this.#delimiter = dialect.delimiter;
    this.#hasHeader = dialect.hasHeader;
  }

  /** The header when the dialect has one, once read. */
  get header(): string[] | undefined {
    return this.#hasHeader ? this.#first : undefined;
  }

  /** Whether a row of the wrong width has been seen: the file will be refused at {@link finish}. */
  get ragged(): boolean {
    return this.#mismatchCount > 0;
  }

  /** The data records among `records` that fit; none once the file is known to be refused. */
  take(records: readonly CsvRecord[]): CsvRecord[] {
    const data: CsvRecord[] = [];
    for (const record of records) {
      const { fields } = record;
      const first = this.awaitingFirst;
      if (this.admit(fields.length, record.line, !first && isBlankRecord(fields), first ? fields : undefined))
        data.push(record);
    }
    return data;
  }

  /** Whether the next record is the first (the header, or the row that sets the width): `admit` needs its fields. */
  get awaitingFirst(): boolean {
    return this.#first === undefined;
  }

  /**
   * One record, by its number of fields, line and whether it is blank: whether it is a data row to keep. The
   * first record's `fields` are required (see `awaitingFirst`); later ones need not be read at all.
   */
  admit(count: number, line: number, blank: boolean, fields?: string[]): boolean {
    if (this.#first === undefined) {
      // A header of empty names (`,,`) is still the header: its columns get generated names
      // (RELIABILITY.md §3.1 item 20). The parser already dropped blank lines before it.
      if (count > MAX_COLUMNS) throw toTooManyColumnsError(count);
      if (fields === undefined) throw new Error('The first record needs its fields.');
      this.#first = fields;
      if (this.#hasHeader) return false;
    } else if (blank) return false;
    if (count !== this.#first.length) {
      this.#mismatchCount++;
      if (this.#mismatched.length < MAX_LISTED_LINES) this.#mismatched.push({ line, fields: count });
      return false;
    }
    this.#dataRows++;
    // Once the file is known to be refused, its rows are no longer worth the memory.
    return this.#mismatchCount === 0;
  }

  /** At the end of the file: throws `ragged-rows`, `empty-file` or `no-data-rows` when one applies. */
  finish(): void {
    if (this.#mismatchCount > 0) {
      throw toRaggedRowsError(
        this.#delimiter,
        this.#hasHeader,
        this.#first?.length ?? 0,
        this.#mismatchCount,
        this.#mismatched
      );
    }
    if (this.#first === undefined) {
      throw new ImportError('empty-file', 'The file is empty: it has no header row and no data.');
    }
    if (this.#dataRows === 0) {
      throw new ImportError(
        'no-data-rows',
        'The file has a header row but no data rows below it. Add at least one row of data and import it again.'
      );
    }
  }
}

export function toTooManyColumnsError(count: number): ImportError {
  return new ImportError(
    'too-many-columns',
    `The header has ${count} columns; SQLite allows at most ${MAX_COLUMNS}. ` +
      'Remove columns you do not need, or reshape the file into fewer columns and more rows.',
    { count }
  );
}

function toRaggedRowsError(
  delimiter: string,
  hasHeader: boolean,
  expected: number,
  count: number,
  mismatched: readonly { line: number; fields: number }[]
): ImportError {
  const lines = mismatched.map((row) => row.line);
  const found = mismatched[0].fields;
  const listed = lines.join(', ') + (count > lines.length ? ', ...' : '');
  return new ImportError(
    'ragged-rows',
    `${count === 1 ? '1 row has' : `${count} rows have`} a different number of fields than the ` +
      `${hasHeader ? 'header' : 'first row'} (${expected}): the first, at line ${lines[0]}, has ${found} ` +
      `(lines ${listed}). Nothing was imported. ` +
      `A value that contains the delimiter (${DELIMITER_NAMES[delimiter] ?? delimiter}) must be in quotes; ` +
      'fix these lines and import the file again.',
    { count, lines: lines.join(', '), line: lines[0], expected, found }
  );
}
