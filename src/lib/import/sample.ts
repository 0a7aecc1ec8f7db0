import { ImportError } from '../engine/errors';
import { CsvStreamParser, isBlankRecord, type CsvRecord } from './csv-stream';
import { decodeChunks, decodeFromLineStart, detectTextEncoding } from './decode';
import { sniffDialect } from './dialect';
import type { Dialect, EncodingName, ImportWarning } from './plan';
import { MAX_COLUMNS, toTooManyColumnsError } from './rows';
import type { ByteSource } from './source';

export interface CsvSample {
  dialect: Dialect;
  header: string[] | undefined;
  /**
   * Data records from the head of the file (with their lines) and from windows spread over the rest (line 0:
   * unknown, they were not counted from the start). Blank rows left out; ragged ones kept.
   */
  rows: CsvRecord[];
  /** True when the whole file fit in the sample. */
  complete: boolean;
  /** U+FFFD the decoder put in place of bytes invalid in the encoding (ones written in the file not counted). */
  replacementChars: number;
  /**
   * `compressed-sample-from-start` (gzip: the sample is the head only), `sample-windows-dropped` (count:
   * windows that started inside a quoted field), `ragged-rows` (count and lines, in the head).
   */
  warnings: ImportWarning[];
}

export interface SampleOverrides {
  delimiter?: string;
  quote?: string;
  hasHeader?: boolean;
}

/** The head read from the start: where the dialect is sniffed and the preview rows come from. */
const HEAD_BYTES = 1 << 20;
/** The head grows past HEAD_BYTES, up to this, until it holds a complete data row (a 1 MB field). */
const MAX_HEAD_BYTES = 16 << 20;
const WINDOW_BYTES = 64 << 10;
const MAX_WINDOWS = 32;
/** Up to this size a file is read whole: head and windows would cover most of it anyway. */
const WHOLE_FILE_BYTES = 2 << 20;

const MAX_LISTED_LINES = 5;

/**
 * What the preview and the type inference see of a file: its head (the first 1 MiB, whole records) and up to
 * 32 windows of 64 KiB spread evenly over the rest, so that a column whose values change halfway through
 * (IDs that become alphanumeric, a late date in another format) is typed from the whole file, never from
 * its first rows (STYLE.md anti-patterns). Files up to 2 MiB are read whole.
 *
 * A window starts at its first line break, but a line break inside a quoted multi-line field looks the same,
 * so each window is also read as if it started inside a quoted field: a window whose records do not have
 * the header's width, or that reads differently in the two phases, is dropped rather than trusted.
 *
 * gzip has no random access: the sample is the head only, said in a warning. Decoding replaces invalid bytes
 * and counts them, so a preview can show what a forced encoding does; the import itself is strict unless told.
 * Throws `empty-file`, `no-data-rows` (a complete file with a header alone), `too-many-columns`, and the
 * quoting errors of the head.
 */
export async function readSample(
  source: ByteSource,
  encoding: EncodingName,
  overrides: SampleOverrides = {}
): Promise<CsvSample> {
  const head = await readHead(source, encoding, overrides);
  const { dialect, records, complete } = head;
  let { replacementChars } = head;
  const warnings: ImportWarning[] = [];

  const first = records[0];
  if (first === undefined) {
    throw new ImportError('empty-file', 'The file is empty: it has no header row and no data.');
  }
  if (first.fields.length > MAX_COLUMNS) throw toTooManyColumnsError(first.fields.length);
  const header = dialect.hasHeader ? first.fields : undefined;
  const width = first.fields.length;
  const rows = (dialect.hasHeader ? records.slice(1) : records).filter((r) => !isBlankRecord(r.fields));
  if (complete && header !== undefined && rows.length === 0) {
    throw new ImportError(
      'no-data-rows',
      'The file has a header row but no data rows below it. Add at least one row of data and import it again.'
    );
  }

  const ragged = rows.filter((r) => r.fields.length !== width);
  if (ragged.length > 0) {
    warnings.push({
      code: 'ragged-rows',
      count: ragged.length,
      lines: ragged.slice(0, MAX_LISTED_LINES).map((r) => r.line)
    });
  }

  if (!complete && source.slice !== undefined) {
    let dropped = 0;
    for (const start of windowStarts(head.bytesRead, source.size)) {
      const end = Math.min(source.size, start + WINDOW_BYTES);
      const bytes = new Uint8Array(await source.slice(start, end).arrayBuffer());
      const window = decodeFromLineStart(bytes, encoding, start);
      const windowRows = readWindow(window.text, dialect, width, end === source.size);
      if (windowRows === undefined) dropped++;
      else {
        replacementChars += window.replacementChars;
        for (const row of windowRows) rows.push(row);
      }
    }
    if (dropped > 0) warnings.push({ code: 'sample-windows-dropped', count: dropped });
  }
  if (!complete && source.gzip) warnings.push({ code: 'compressed-sample-from-start' });

  return { dialect, header, rows, complete, replacementChars, warnings };
}

/**
 * The encoding of a file from its first 64 KiB and from 32 windows spread over the rest
 * ({@link detectTextEncoding}): a Windows-1252 byte that first appears in the last row is seen before the
 * import, not halfway through it. gzip: the head only.
 */
export async function detectSourceEncoding(
  source: ByteSource
): Promise<{ encoding: EncodingName; source: 'bom' | 'valid-utf-8' | 'guess' }> {
  const windows: Uint8Array[] = [];
  if (source.slice !== undefined) {
    for (const start of windowStarts(source.head.length, source.size)) {
      const end = Math.min(source.size, start + WINDOW_BYTES);
      windows.push(new Uint8Array(await source.slice(start, end).arrayBuffer()));
    }
  }
  return detectTextEncoding(source.head, windows);
}

/** Offsets of up to MAX_WINDOWS windows spread evenly from `from` to the end, the last one ending there. */
function windowStarts(from: number, size: number): number[] {
  const span = size - from;
  if (span < WINDOW_BYTES) return span > 0 ? [from] : [];
  const count = Math.min(MAX_WINDOWS, Math.floor(span / WINDOW_BYTES));
  const last = size - WINDOW_BYTES;
  if (count === 1) return [last];
  return Array.from({ length: count }, (_, k) => from + Math.round(((last - from) * k) / (count - 1)));
}

interface Head {
  dialect: Dialect;
  /** Records of the head, the header included. */
  records: CsvRecord[];
  complete: boolean;
  /** Bytes of the (decompressed) content the head covers. */
  bytesRead: number;
  replacementChars: number;
}

/**
 * The first 1 MiB (the whole file up to 2 MiB), decoded with one streaming decoder, whole records only;
 * read on until a data row is complete (up to 16 MiB), so one very long field does not leave the sample
 * without rows. The dialect is sniffed from it.
 */
async function readHead(
  source: ByteSource,
  encoding: EncodingName,
  overrides: SampleOverrides
): Promise<Head> {
  const whole = !source.gzip && source.size <= WHOLE_FILE_BYTES;
  let bytesRead = 0;
  let replacementChars = 0;
  const chunks = decodeChunks(source.stream(), encoding, {
    fatal: false,
    onBytes: (n) => {
      bytesRead = n;
    },
    onReplacementChars: (n) => {
      replacementChars += n;
    }
  });
  let complete = false;
  try {
    const texts: string[] = [];
    while (whole || bytesRead < HEAD_BYTES) {
      const next = await chunks.next();
      if (next.done) {
        complete = true;
        break;
      }
      texts.push(next.value);
    }
    const text = texts.join('');
    const dialect = sniffDialect(text, overrides);
    const parser = new CsvStreamParser(dialect);
    const records = parser.push(text);
    const wanted = dialect.hasHeader ? 2 : 1;
    while (!complete && records.filter((r) => !isBlankRecord(r.fields)).length < wanted) {
      if (bytesRead >= MAX_HEAD_BYTES) {
        if (records.length > 0) break;
        throw new ImportError(
          'line-too-long',
          `The first row is longer than ${MAX_HEAD_BYTES / 2 ** 20} MiB. This is not a CSV file this app can ` +
            'read, or the file was saved with an unusual line ending or an unclosed quote.',
          { line: 1, limit: MAX_HEAD_BYTES }
        );
      }
      const next = await chunks.next();
      if (next.done) {
        complete = true;
        break;
      }
      for (const record of parser.push(next.value)) records.push(record);
    }
    if (complete) for (const record of parser.end()) records.push(record);
    return { dialect, records, complete, bytesRead, replacementChars };
  } finally {
    // Cancels the read of a large file once the head is in.
    if (!complete) await chunks.return({ bytesRead, replacementChars });
  }
}

/**
 * The data records of a window's text, or undefined when they cannot be trusted. The text starts after a line
 * break, which may be inside a quoted field. So it is also read as if a quote had opened before it: if that
 * reading fails, the window did not start inside quotes and the plain reading stands; if it lands in step
 * with the plain reading, the records both agree on are kept (the plain reading's first records may be the
 * quoted field's lines); if it gives another consistent reading, the window is ambiguous and dropped.
 */
function readWindow(text: string, dialect: Dialect, width: number, atEnd: boolean): CsvRecord[] | undefined {
  let records = parseConsistently(text, dialect, width, atEnd, false);
  if (records === undefined) return undefined;
  if (dialect.quote !== '') {
    const inQuotes = parseConsistently(dialect.quote + text, dialect, width, atEnd, true);
    // A quote never closed within the window (no records at all) says nothing: most files quote little.
    if (inQuotes !== undefined && inQuotes.length > 0) {
      const agreed = inQuotes.slice(1);
      const tail = records.slice(records.length - agreed.length);
      if (agreed.length > records.length || agreed.some((r, i) => !sameFields(r.fields, tail[i].fields))) {
        return undefined;
      }
      records = agreed;
    }
  }
  return records.map((record) => ({ fields: record.fields, line: 0 }));
}

/** Non-blank records all of `width` fields (the first one exempt when `firstIsPartial`), or undefined. */
function parseConsistently(
  text: string,
  dialect: Dialect,
  width: number,
  atEnd: boolean,
  firstIsPartial: boolean
): CsvRecord[] | undefined {
  let records: CsvRecord[];
  try {
    const parser = new CsvStreamParser(dialect);
    records = parser.push(text);
    if (atEnd) for (const record of parser.end()) records.push(record);
  } catch (error) {
    if (error instanceof ImportError) return undefined;
    throw error;
  }
  records = records.filter((r, i) => (firstIsPartial && i === 0) || !isBlankRecord(r.fields));
  const fits = records.every((r, i) => (firstIsPartial && i === 0) || r.fields.length === width);
  return fits ? records : undefined;
}

function sameFields(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((field, i) => field === b[i]);
}
