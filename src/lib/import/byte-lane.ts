import { RowConverter } from './convert-rows';
import {
  CsvStreamParser,
  MAX_FIELD_LENGTH,
  toFieldTooLargeError,
  toMalformedQuoteError,
  toUnterminatedQuoteError
} from './csv-stream';
import { concat, toInvalidEncodingError } from './decode';
import { NUMBER_VALUE, TEXT_VALUE, type PackedRows } from './packed-rows';
import type { ParseJob, ParseOutcome } from './parse-job';
import type { ColumnFormat } from './plan';
import { TableShape } from './rows';
import type { ByteSource } from './source';

/**
 * The import's fast lane for UTF-8 files: records are found in the file's bytes and their values packed for
 * the SQLite worker without a JavaScript string for each field. Texts are copied byte for byte, plain decimal
 * numbers and ISO dates are read from the bytes; any other value is decoded and goes through the column's
 * converter as in the string reader. The string reader (decodeChunks -> CsvStreamParser -> TableShape ->
 * RowConverter -> packRows) stays the definition: this lane gives the same batches, warnings and errors
 * (a differential test runs both over generated, hostile and real files). It parses a 63 MB file about twice as
 * fast, with a tenth of the garbage.
 *
 * Line breaks, delimiters and quotes are ASCII, and in UTF-8 no byte of a multi-byte character is below 0x80,
 * so searching bytes finds exactly what searching characters does. The bytes are checked to be UTF-8 by a
 * fatal streaming decoder, as the string reader's.
 */

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** A field needs its doubled quotes undone. */
const ESCAPED = 1;

/** Whether this lane reads `job` exactly as the string reader would (UTF-8, checked, RFC 4180 quoting). */
export function canReadBytes(job: Pick<ParseJob, 'encoding' | 'fatal' | 'dialect'>): boolean {
  const { delimiter, quote, escape } = job.dialect;
  return (
    job.encoding === 'utf-8' &&
    job.fatal &&
    delimiter.length === 1 &&
    delimiter.charCodeAt(0) < 0x80 &&
    (quote === '' || (quote.length === 1 && quote.charCodeAt(0) < 0x80 && escape !== '\\'))
  );
}

export interface PackedBatch {
  packed: PackedRows;
  /** Bytes of the file read so far (compressed ones for gzip). */
  bytesRead: number;
}

/**
 * The file's data rows, converted for `job.columns` and packed, `batchSize` rows a batch (the last may have
 * fewer). Errors are the string reader's: `ragged-rows` after reading to the end (no batch is yielded once a
 * row of the wrong width was seen), `WidenColumn` from the converter, quote and encoding errors where found.
 */
export async function* readPackedBatches(
  source: ByteSource,
  job: ParseJob,
  { batchSize, signal }: { batchSize: number; signal?: AbortSignal }
): AsyncGenerator<PackedBatch, ParseOutcome, undefined> {
  // Refuses a dialect it cannot read with the string reader's own error.
  new CsvStreamParser(job.dialect);
  const converter = new RowConverter(job.columns);
  const shape = new TableShape(job.dialect);
  const records = new ByteRecords(job.dialect);
  const batch = new BatchPacker(job.columns, converter, batchSize);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytesRead = 0;
  let validated = 0;
  const ready: PackedRows[] = [];

  const onRecord = (record: ByteRecord) => {
    const count = record.count;
    // A line holding one blank field is no record at all, as in the string parser (header included).
    if (count === 1 && record.blank(0)) return;
    const header = shape.awaitingFirst ? record.strings() : undefined;
    if (!shape.admit(count, record.line, header === undefined && record.allBlank(), header)) return;
    batch.add(record);
    if (batch.full) ready.push(batch.finish());
  };

  const reader = source.stream((n) => (bytesRead = n)).getReader();
  let finished = false;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const chunk = await reader.read();
      if (chunk.done) break;
      try {
        decoder.decode(chunk.value, { stream: true });
      } catch {
        throw toInvalidEncodingError('utf-8', validated);
      }
      validated += chunk.value.length;
      records.push(chunk.value, onRecord);
      if (shape.ragged) ready.length = 0;
      for (const packed of ready.splice(0)) yield { packed, bytesRead };
    }
    finished = true;
    try {
      decoder.decode();
    } catch {
      throw toInvalidEncodingError('utf-8', validated);
    }
    records.end(onRecord);
    shape.finish();
    if (batch.rows > 0) ready.push(batch.finish());
    for (const packed of ready.splice(0)) yield { packed, bytesRead };
    return { warnings: converter.warnings(), replacementChars: 0 };
  } finally {
    if (!finished) reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** One record found in the bytes: field `f` is `buffer[starts[f], ends[f])`, `flags[f]` says how to read it. */
export class ByteRecord {
  buffer: Uint8Array = new Uint8Array(0);
  count = 0;
  line = 1;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  flags = new Uint8Array(64);
  readonly #quote: string;
  // A U+FEFF starting a field is text: only the file's first bytes can be a byte order mark.
  readonly #decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  constructor(quote: string) {
    this.#quote = quote;
  }

  push(start: number, end: number, flags: number): void {
    if (this.count === this.starts.length) {
      this.starts = grow(this.starts, new Int32Array(this.count * 2));
      this.ends = grow(this.ends, new Int32Array(this.count * 2));
      this.flags = grow(this.flags, new Uint8Array(this.count * 2));
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.flags[this.count++] = flags;
  }

  /** Field `f` as the string reader has it. */
  string(f: number): string {
    const text = this.#decoder.decode(this.buffer.subarray(this.starts[f], this.ends[f]));
    return this.flags[f] & ESCAPED ? text.replaceAll(this.#quote + this.#quote, this.#quote) : text;
  }

  strings(): string[] {
    return Array.from({ length: this.count }, (_, f) => this.string(f));
  }

  /** Whether field `f` is empty or whitespace only (`trim()`'s whitespace, Unicode included). */
  blank(f: number): boolean {
    const buffer = this.buffer;
    for (let i = this.starts[f]; i < this.ends[f]; i++) {
      const byte = buffer[i];
      if (byte >= 0x80) return this.string(f).trim() === '';
      if (byte !== SPACE && (byte < TAB || byte > CR)) return false;
    }
    return true;
  }

  allBlank(): boolean {
    for (let f = 0; f < this.count; f++) if (!this.blank(f)) return false;
    return true;
  }
}

function grow<T extends Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * Finds records in bytes pushed in pieces of any size, with the string parser's rules (see CsvStreamParser):
 * CR, LF and CRLF end a record, a quote opens a field only as its first character, doubled quotes inside a
 * quoted field, spaces or tabs allowed after a closing quote and nothing else. A record cut by the end of a
 * piece is read again, whole, once more bytes came: after as many new bytes as it had, so a long record is
 * read a bounded number of times.
 */
class ByteRecords {
  readonly #delimiter: number;
  /** -1 when the file uses no quoting. */
  readonly #quote: number;
  readonly #record: ByteRecord;
  /** Bytes of an unfinished record, and the pieces that came after them. */
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  /** Bytes the unfinished record had when last tried: it is tried again once as many more came. */
  #triedBytes = 0;
  #line = 1;
  #started = false;

  constructor(dialect: ParseJob['dialect']) {
    this.#delimiter = dialect.delimiter.charCodeAt(0);
    this.#quote = dialect.quote === '' ? -1 : dialect.quote.charCodeAt(0);
    this.#record = new ByteRecord(dialect.quote);
  }

  push(bytes: Uint8Array, onRecord: (record: ByteRecord) => void): void {
    this.#pending.push(bytes);
    this.#pendingBytes += bytes.length;
    // The first read needs the whole byte order mark, if there is one.
    if (this.#pendingBytes < 2 * this.#triedBytes || (!this.#started && this.#pendingBytes < UTF8_BOM.length))
      return;
    this.#read(onRecord, false);
  }

  end(onRecord: (record: ByteRecord) => void): void {
    this.#read(onRecord, true);
  }

  #read(onRecord: (record: ByteRecord) => void, atEnd: boolean): void {
    const buffer = concat(this.#pending, this.#pendingBytes);
    const n = buffer.length;
    const record = this.#record;
    record.buffer = buffer;
    let at = 0;
    if (!this.#started) {
      this.#started = true;
      if (UTF8_BOM.every((byte, i) => buffer[i] === byte)) at = UTF8_BOM.length;
    }
    while (at < n) {
      const next = this.#readRecord(buffer, at, atEnd);
      if (next === -1) break;
      onRecord(record);
      at = next;
    }
    if (at === n) {
      this.#pending = [];
      this.#pendingBytes = 0;
      this.#triedBytes = 0;
      return;
    }
    // The unfinished record waits for more bytes, in a copy of its own (the piece may be a view of a larger
    // buffer that should not stay alive for a few bytes).
    const rest = buffer.slice(at);
    this.#pending = [rest];
    this.#pendingBytes = rest.length;
    this.#triedBytes = rest.length;
    // A field can only grow to MAX_FIELD_LENGTH characters of up to 3 bytes each.
    if (rest.length > 3 * MAX_FIELD_LENGTH + 3) throw toFieldTooLargeError(this.#line);
  }

  /**
   * Reads the record starting at `start` into the ByteRecord: returns where the next one starts, or -1 when
   * the bytes end first (only when not `atEnd`). Counts the lines it spans.
   */
  #readRecord(buffer: Uint8Array, start: number, atEnd: boolean): number {
    const n = buffer.length;
    const delimiter = this.#delimiter;
    const quote = this.#quote;
    const record = this.#record;
    record.count = 0;
    record.line = this.#line;
    let breaks = 0;
    let i = start;
    for (;;) {
      let end: number;
      if (i < n && buffer[i] === quote) {
        const quoteLine = this.#line + breaks;
        const open = i + 1;
        let flags = 0;
        let j = open;
        for (;;) {
          while (j < n && buffer[j] !== quote) j++;
          if (j >= n) {
            if (!atEnd) return -1;
            throw toUnterminatedQuoteError(quoteLine);
          }
          if (j + 1 < n && buffer[j + 1] === quote) {
            flags = ESCAPED;
            j += 2;
            continue;
          }
          if (j + 1 >= n && !atEnd) return -1;
          break;
        }
        breaks += countLineBreaks(buffer, open, j);
        record.push(open, j, flags);
        checkFieldLength(record, this.#line);
        end = j + 1;
        // Spaces or tabs may follow a closing quote (a tab may also be the delimiter, which comes first).
        while (end < n && buffer[end] !== delimiter && (buffer[end] === SPACE || buffer[end] === TAB)) end++;
        if (end >= n) {
          if (!atEnd) return -1;
        } else {
          const code = buffer[end];
          if (code !== delimiter && code !== LF && code !== CR) throw toMalformedQuoteError(quoteLine);
        }
      } else {
        end = i;
        while (end < n) {
          const code = buffer[end];
          if (code === delimiter || code === LF || code === CR) break;
          end++;
        }
        if (end >= n && !atEnd) return -1;
        record.push(i, end, 0);
        checkFieldLength(record, this.#line);
      }
      if (end >= n) {
        // The end of the input ends the last record.
        this.#line += breaks;
        return n;
      }
      const code = buffer[end];
      if (code === delimiter) {
        i = end + 1;
        if (i >= n) {
          if (!atEnd) return -1;
          // A delimiter ending the input leaves an empty last field.
          record.push(n, n, 0);
          this.#line += breaks;
          return n;
        }
        continue;
      }
      // A line break: a CR at the end of the bytes may be half of a CRLF.
      if (code === CR && end + 1 >= n && !atEnd) return -1;
      this.#line += breaks + 1;
      return end + (code === CR && buffer[end + 1] === LF ? 2 : 1);
    }
  }
}

/** Line breaks in `buffer[start, end)` as the string parser counts them: CRLF once, a lone CR or LF once. */
function countLineBreaks(buffer: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const code = buffer[i];
    if (code === LF || (code === CR && buffer[i + 1] !== LF)) count++;
  }
  return count;
}

/** The string parser's limit is on characters: only a field with more bytes than that can be over it. */
function checkFieldLength(record: ByteRecord, line: number): void {
  const f = record.count - 1;
  if (record.ends[f] - record.starts[f] <= MAX_FIELD_LENGTH) return;
  if (record.string(f).length > MAX_FIELD_LENGTH) throw toFieldTooLargeError(line);
}

/** How a column's values are read from bytes when they take the common form; `null`: always as strings. */
type FastForm = 'text' | 'integer' | 'real' | 'iso-date' | null;

function fastFormOf(format: ColumnFormat): FastForm {
  switch (format.kind) {
    case 'text':
      return 'text';
    case 'integer':
    case 'real': {
      const { decimal, percent, currency } = format.number;
      return decimal === '.' && !percent && currency === '' ? format.kind : null;
    }
    case 'date':
      return format.order === 'YMD' ? 'iso-date' : null;
    default:
      return null;
  }
}

/** 10^0 .. 10^22: exactly representable, so a mantissa under 2^53 divided by one is correctly rounded. */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** Digits a mantissa may have and stay under 2^53. */
const MAX_DIGITS = 15;

/**
 * `-?(0|[1-9][0-9]*)(\.[0-9]+)?` with at most 15 digits as its exact double (`Number(text)`), or NaN for any
 * other text, and for a negative zero (then read as a string). `integer`: no fraction allowed.
 */
export function readPlainDecimal(buffer: Uint8Array, start: number, end: number, integer: boolean): number {
  let i = start;
  const negative = buffer[i] === 0x2d;
  if (negative) i++;
  if (i >= end) return NaN;
  // No leading zero before another digit: `007` stays for the converter (a code, kept as text).
  if (buffer[i] === 0x30 && i + 1 < end && buffer[i + 1] !== 0x2e) return NaN;
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < end; i++) {
    const code = buffer[i];
    if (code === 0x2e) {
      if (fraction !== -1 || integer || digits === 0) return NaN;
      fraction = 0;
      continue;
    }
    const digit = code - 0x30;
    if (digit < 0 || digit > 9) return NaN;
    mantissa = mantissa * 10 + digit;
    if (++digits > MAX_DIGITS) return NaN;
    if (fraction !== -1) fraction++;
  }
  // `-0` and `-0.0` are left to the converter, which decides what a negative zero becomes.
  if (fraction === 0 || (negative && mantissa === 0)) return NaN;
  const value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
  return negative ? -value : value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYY-MM-DD`, a real calendar date in years 1000-9999: the converter keeps such a text as it is. */
export function isIsoDate(buffer: Uint8Array, start: number, end: number): boolean {
  if (end - start !== 10 || buffer[start + 4] !== 0x2d || buffer[start + 7] !== 0x2d) return false;
  const year = digitsAt(buffer, start, 4);
  const month = digitsAt(buffer, start + 5, 2);
  const day = digitsAt(buffer, start + 8, 2);
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

function digitsAt(buffer: Uint8Array, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = buffer[i] - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * One batch being packed: texts copied from the record's bytes into one growing UTF-8 buffer, numbers into
 * their array, anything else converted from its string by the column's converter.
 */
class BatchPacker {
  readonly #columns: ParseJob['columns'];
  readonly #forms: FastForm[];
  readonly #converter: RowConverter;
  readonly #capacity: number;
  readonly #width: number;
  readonly #encoder = new TextEncoder();
  #kinds!: Uint8Array;
  #numbers!: Float64Array;
  #lengths!: Int32Array;
  #text!: Uint8Array;
  #textUsed = 0;
  #next = 0;
  rows = 0;

  constructor(columns: ParseJob['columns'], converter: RowConverter, capacity: number) {
    this.#columns = columns;
    this.#forms = columns.map((column) => fastFormOf(column.format));
    this.#converter = converter;
    this.#capacity = capacity;
    this.#width = columns.length;
    this.#reset();
  }

  get full(): boolean {
    return this.rows === this.#capacity;
  }

  add(record: ByteRecord): void {
    const buffer = record.buffer;
    for (let c = 0; c < this.#width; c++) {
      const f = this.#columns[c].source;
      const start = record.starts[f];
      const end = record.ends[f];
      const i = this.#next++;
      // An empty field is NULL in every column (the converters' first rule).
      if (start === end) continue;
      const form = this.#forms[c];
      if (record.flags[f] === 0) {
        if (form === 'text' || (form === 'iso-date' && isIsoDate(buffer, start, end))) {
          this.#kinds[i] = TEXT_VALUE;
          this.#copy(buffer, start, end, i);
          continue;
        }
        if (form === 'integer' || form === 'real') {
          const value = readPlainDecimal(buffer, start, end, form === 'integer');
          if (value === value) {
            this.#kinds[i] = NUMBER_VALUE;
            this.#numbers[i] = value;
            continue;
          }
        }
      }
      const value = this.#converter.convertField(c, record.string(f), record.line);
      if (typeof value === 'number') {
        this.#kinds[i] = NUMBER_VALUE;
        this.#numbers[i] = value;
      } else if (typeof value === 'string') {
        this.#kinds[i] = TEXT_VALUE;
        this.#encode(value, i);
      }
    }
    this.rows++;
  }

  finish(): PackedRows {
    const packed: PackedRows = {
      rows: this.rows,
      width: this.#width,
      kinds: this.#kinds.subarray(0, this.rows * this.#width),
      numbers: this.#numbers.subarray(0, this.rows * this.#width),
      lengths: this.#lengths.subarray(0, this.rows * this.#width),
      text: this.#text.slice(0, this.#textUsed)
    };
    this.#reset();
    return packed;
  }

  #reset(): void {
    const values = this.#capacity * this.#width;
    this.#kinds = new Uint8Array(values);
    this.#numbers = new Float64Array(values);
    this.#lengths = new Int32Array(values);
    this.#text = new Uint8Array(Math.max(1024, this.#text?.length ?? 0));
    this.#textUsed = 0;
    this.#next = 0;
    this.rows = 0;
  }

  #copy(buffer: Uint8Array, start: number, end: number, i: number): void {
    const length = end - start;
    this.#reserve(length);
    const text = this.#text;
    let to = this.#textUsed;
    // Most values are short: a loop beats making a view of each for `set`.
    if (length < 64) for (let from = start; from < end; from++) text[to++] = buffer[from];
    else text.set(buffer.subarray(start, end), to);
    this.#textUsed += length;
    this.#lengths[i] = length;
  }

  #encode(value: string, i: number): void {
    this.#reserve(value.length * 3);
    const { written } = this.#encoder.encodeInto(value, this.#text.subarray(this.#textUsed));
    this.#textUsed += written;
    this.#lengths[i] = written;
  }

  #reserve(bytes: number): void {
    if (this.#textUsed + bytes <= this.#text.length) return;
    const grown = new Uint8Array(Math.max(this.#text.length * 2, this.#textUsed + bytes));
    grown.set(this.#text.subarray(0, this.#textUsed));
    this.#text = grown;
  }
}
