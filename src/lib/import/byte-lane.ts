import { RowConverter, WidenColumn } from './convert-rows';
import {
  checkDialect,
  MAX_FIELD_LENGTH,
  toFieldTooLargeError,
  toMalformedQuoteError,
  toUnterminatedQuoteError
} from './csv-stream';
import { toInvalidEncodingError } from './decode';
import { NUMBER_VALUE, TEXT_VALUE, type PackedRows } from './packed-rows';
import type { ParseJob, ParseOutcome } from './parse-job';
import type { ColumnFormat } from './plan';
import { daysInMonth, POWERS_OF_TEN } from './values';
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
 * fatal streaming decoder, as the string reader's (skipping the pieces that are ASCII throughout).
 */

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * First bytes of the non-ASCII characters `trim()` removes: U+00A0 (C2), U+1680 (E1), U+2000-U+200A, U+2028,
 * U+2029, U+202F, U+205F (E2), U+3000 (E3), U+FEFF (EF). A field starting with any other is not blank.
 */
const TRIMMED_LEADS = new Set([0xc2, 0xe1, 0xe2, 0xe3, 0xef]);

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
  checkDialect(job.dialect);
  const converter = new RowConverter(job.columns);
  const shape = new TableShape(job.dialect);
  const records = new ByteRecords(job.dialect);
  const batch = new BatchPacker(job.columns, converter, batchSize);
  const utf8 = new Utf8Check();
  let bytesRead = 0;
  const ready: PackedBatchOrWiden[] = [];

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
      utf8.push(chunk.value);
      records.push(chunk.value, onRecord);
      // As the string reader: once a row of the wrong width is seen, nothing more is sent (nor converted).
      if (shape.ragged) ready.length = 0;
      for (const done of ready.splice(0)) yield sent(done, bytesRead);
    }
    finished = true;
    utf8.end();
    records.end(onRecord);
    shape.finish();
    if (batch.rows > 0) ready.push(batch.finish());
    for (const done of ready.splice(0)) yield sent(done, bytesRead);
    return { warnings: converter.warnings(), replacementChars: 0 };
  } finally {
    if (!finished) reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/**
 * Refuses bytes that are not UTF-8 where a fatal streaming TextDecoder would, with the string reader's error,
 * without decoding the pieces that are ASCII throughout (most of a typical export): a piece is decoded only
 * when it has a byte above 0x7F, or follows one that had (its last character may continue here).
 */
class Utf8Check {
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });
  #decoding = false;
  /** Bytes checked before the current piece: the error names the piece's start, as the string reader's. */
  #checked = 0;

  push(bytes: Uint8Array): void {
    const ascii = isAscii(bytes);
    if (this.#decoding || !ascii) this.#decode(bytes);
    this.#decoding = !ascii;
    this.#checked += bytes.length;
  }

  /** A character cut off by the end of the file is an error too. */
  end(): void {
    this.#decode(undefined);
  }

  #decode(bytes: Uint8Array | undefined): void {
    try {
      if (bytes) this.#decoder.decode(bytes, { stream: true });
      else this.#decoder.decode();
    } catch {
      throw toInvalidEncodingError('utf-8', this.#checked);
    }
  }
}

/** No byte above 0x7F, four bytes at a time. */
function isAscii(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  for (; i < n && (bytes.byteOffset + i) % 4 !== 0; i++) if (bytes[i] & 0x80) return false;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (n - i) >> 2);
  for (let w = 0; w < words.length; w++) if (words[w] & 0x80808080) return false;
  for (i += words.length * 4; i < n; i++) if (bytes[i] & 0x80) return false;
  return true;
}

/** A full batch, or the column its rows need widened (thrown when the batch would be sent). */
type PackedBatchOrWiden =
  { packed: PackedRows; widen?: undefined } | { packed?: undefined; widen: WidenColumn };

/**
 * The string reader converts a batch only when it sends it, so a value needing a wider column is reported then,
 * not before an error found later in the same piece of the file, nor at all in a file refused for its rows.
 */
function sent(done: PackedBatchOrWiden, bytesRead: number): PackedBatch {
  if (done.widen) throw done.widen;
  return { packed: done.packed, bytesRead };
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
      if (byte >= 0x80) return TRIMMED_LEADS.has(byte) && this.string(f).trim() === '';
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

/** Where the scanner stands between two pieces: the string parser's states, kept as positions in bytes. */
const RECORD_START = 0;
/** After a delimiter. */
const FIELD_START = 1;
const UNQUOTED = 2;
const QUOTED = 3;
/** A quote ended the bytes so far inside a quoted field: closing, or the first half of a doubled quote. */
const QUOTED_QUOTE = 4;
/** After a closing quote: only spaces, then a delimiter or a line break may follow. */
const AFTER_QUOTED = 5;
/** A CR ended the bytes so far and a record: an LF next belongs to it. */
const AFTER_CR = 6;

type ScanState = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * Finds records in bytes pushed in pieces of any size, with the string parser's rules and in the same order
 * (see CsvStreamParser): CR, LF and CRLF end a record, a quote opens a field only as its first character,
 * doubled quotes inside a quoted field, spaces or tabs allowed after a closing quote and nothing else. Every
 * piece is read as it comes, each byte once; the bytes of the record being read are kept (a record may span
 * many pieces), earlier ones dropped. A field still open is held to the string parser's length limit as it
 * grows, so an unclosed quote in a large file stops with `field-too-large` instead of filling memory.
 */
class ByteRecords {
  readonly #delimiter: number;
  /** -1 when the file uses no quoting. */
  readonly #quote: number;
  readonly #record: ByteRecord;
  #buffer = new Uint8Array(64 * 1024);
  #length = 0;
  /** Where the record being read starts: the bytes before it are done with. */
  #recordStart = 0;
  /** The next byte to read. */
  #at = 0;
  #state: ScanState = RECORD_START;
  #fieldStart = 0;
  #flags = 0;
  /** Doubled quotes in the open quoted field: each stands for one character. */
  #escapes = 0;
  /** UTF-16 units of the open field up to `#countedTo` (for the length limit). */
  #openUnits = 0;
  #countedTo = 0;
  /** The line where the record being read starts, and the line breaks inside its quoted fields so far. */
  #line = 1;
  #breaks = 0;
  #quoteLine = 1;
  #bomChecked = false;

  constructor(dialect: ParseJob['dialect']) {
    this.#delimiter = dialect.delimiter.charCodeAt(0);
    this.#quote = dialect.quote === '' ? -1 : dialect.quote.charCodeAt(0);
    this.#record = new ByteRecord(dialect.quote);
  }

  push(bytes: Uint8Array, onRecord: (record: ByteRecord) => void): void {
    this.#append(bytes);
    // The first read needs the whole byte order mark, if there is one.
    if (!this.#bomChecked && this.#length < UTF8_BOM.length) return;
    this.#scan(onRecord);
  }

  /** The end of the input ends the last record, as the string parser's `end()`. */
  end(onRecord: (record: ByteRecord) => void): void {
    this.#scan(onRecord);
    const record = this.#record;
    const n = this.#length;
    switch (this.#state) {
      case FIELD_START:
        // A delimiter ending the input leaves an empty last field.
        record.push(n, n, 0);
        onRecord(record);
        break;
      case UNQUOTED:
        record.push(this.#fieldStart, n, 0);
        checkFieldLength(record, this.#line);
        onRecord(record);
        break;
      case QUOTED_QUOTE:
        this.#closeQuoted(n - 1);
        onRecord(record);
        break;
      case AFTER_QUOTED:
        onRecord(record);
        break;
      case QUOTED:
        throw toUnterminatedQuoteError(this.#quoteLine);
    }
    this.#state = RECORD_START;
  }

  #scan(onRecord: (record: ByteRecord) => void): void {
    const buffer = this.#buffer;
    const n = this.#length;
    const delimiter = this.#delimiter;
    const quote = this.#quote;
    const record = this.#record;
    record.buffer = buffer;
    let i = this.#at;
    if (!this.#bomChecked) {
      this.#bomChecked = true;
      if (UTF8_BOM.every((byte, b) => buffer[b] === byte)) i = this.#recordStart = UTF8_BOM.length;
    }
    let state = this.#state;
    while (i < n) {
      switch (state) {
        case AFTER_CR:
          if (buffer[i] === LF) i++;
          this.#recordStart = i;
          state = RECORD_START;
          break;

        case RECORD_START:
          this.#recordStart = i;
          record.count = 0;
          record.line = this.#line;
          this.#breaks = 0;
          state = FIELD_START;
          break;

        case FIELD_START:
          this.#flags = 0;
          this.#escapes = 0;
          this.#openUnits = 0;
          if (buffer[i] === quote) {
            this.#quoteLine = this.#line + this.#breaks;
            i++;
            state = QUOTED;
          } else state = UNQUOTED;
          this.#fieldStart = this.#countedTo = i;
          break;

        case UNQUOTED: {
          let end = i;
          while (end < n) {
            const code = buffer[end];
            if (code === delimiter || code === LF || code === CR) break;
            end++;
          }
          i = end;
          if (end === n) break;
          record.push(this.#fieldStart, end, 0);
          checkFieldLength(record, this.#line);
          if (buffer[end] === delimiter) {
            i = end + 1;
            state = FIELD_START;
          } else {
            i = this.#endRecord(end, onRecord);
            state = buffer[end] === CR && end + 1 === n ? AFTER_CR : RECORD_START;
          }
          break;
        }

        case QUOTED: {
          let q = i;
          while (q < n && buffer[q] !== quote) q++;
          if (q === n) i = n;
          else if (q + 1 === n) {
            i = n;
            state = QUOTED_QUOTE;
          } else if (buffer[q + 1] === quote) {
            this.#flags = ESCAPED;
            this.#escapes++;
            i = q + 2;
          } else {
            this.#closeQuoted(q);
            i = q + 1;
            state = AFTER_QUOTED;
          }
          break;
        }

        case QUOTED_QUOTE:
          // The byte before `i` is a quote that ended the bytes before.
          if (buffer[i] === quote) {
            this.#flags = ESCAPED;
            this.#escapes++;
            i++;
            state = QUOTED;
          } else {
            this.#closeQuoted(i - 1);
            state = AFTER_QUOTED;
          }
          break;

        case AFTER_QUOTED: {
          const code = buffer[i];
          if (code === delimiter) {
            i++;
            state = FIELD_START;
          } else if (code === LF || code === CR) {
            const end = i;
            i = this.#endRecord(end, onRecord);
            state = code === CR && end + 1 === n ? AFTER_CR : RECORD_START;
          } else if (code === SPACE || code === TAB) i++;
          else throw toMalformedQuoteError(this.#quoteLine);
          break;
        }
      }
    }
    this.#at = i;
    this.#state = state;
    if (state === UNQUOTED || state === QUOTED || state === QUOTED_QUOTE) this.#checkOpenField();
  }

  /**
   * Ends the record at the line break at `at`: hands it over, counts its lines and returns where the next one
   * starts (after a CRLF as one break; a CR that is the last byte so far leaves the caller in AFTER_CR).
   */
  #endRecord(at: number, onRecord: (record: ByteRecord) => void): number {
    onRecord(this.#record);
    this.#line += this.#breaks + 1;
    const buffer = this.#buffer;
    const crlf = buffer[at] === CR && at + 1 < this.#length && buffer[at + 1] === LF;
    return (this.#recordStart = at + (crlf ? 2 : 1));
  }

  #closeQuoted(end: number): void {
    const record = this.#record;
    record.push(this.#fieldStart, end, this.#flags);
    this.#breaks += countLineBreaks(this.#buffer, this.#fieldStart, end);
    checkFieldLength(record, this.#line);
  }

  /** The string parser stops a field at MAX_FIELD_LENGTH characters, even before it ends. */
  #checkOpenField(): void {
    // Never fewer bytes than UTF-16 units: short fields need no counting.
    if (this.#length - this.#fieldStart <= MAX_FIELD_LENGTH) return;
    // A quote ending the bytes may be half of a doubled one: counted once its other half is known.
    const to = this.#state === QUOTED_QUOTE ? this.#length - 1 : this.#length;
    this.#openUnits += utf16Units(this.#buffer, this.#countedTo, to);
    this.#countedTo = to;
    if (this.#openUnits - this.#escapes > MAX_FIELD_LENGTH) throw toFieldTooLargeError(this.#line);
  }

  /** Appends bytes after the record being read, dropping the records before it (amortised: each byte moves once). */
  #append(bytes: Uint8Array): void {
    const live = this.#length - this.#recordStart;
    if (this.#length + bytes.length > this.#buffer.length) {
      const target =
        live + bytes.length <= this.#buffer.length / 2
          ? this.#buffer
          : new Uint8Array(Math.max(2 * (live + bytes.length), 64 * 1024));
      if (target === this.#buffer) target.copyWithin(0, this.#recordStart, this.#length);
      else target.set(this.#buffer.subarray(this.#recordStart, this.#length));
      this.#shift(this.#recordStart);
      this.#buffer = target;
      this.#length = live;
    }
    this.#buffer.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  /** Moves every remembered position `by` bytes to the front, with the bytes. */
  #shift(by: number): void {
    if (by === 0) return;
    const record = this.#record;
    for (let f = 0; f < record.count; f++) {
      record.starts[f] -= by;
      record.ends[f] -= by;
    }
    this.#recordStart -= by;
    this.#at -= by;
    this.#fieldStart -= by;
    this.#countedTo -= by;
  }
}

/** UTF-16 units of the UTF-8 text in `buffer[start, end)`: one per character, two beyond U+FFFF. */
function utf16Units(buffer: Uint8Array, start: number, end: number): number {
  let units = 0;
  for (let i = start; i < end; i++) {
    const byte = buffer[i];
    if ((byte & 0xc0) !== 0x80) units += byte >= 0xf0 ? 2 : 1;
  }
  return units;
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
  // Both exact doubles (mantissa < 2^53, 10^k for k ≤ 22), so the one division rounds correctly: Number(text).
  const value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
  return negative ? -value : value;
}

/**
 * `YYYY-MM-DD`, a real calendar date in years 1000-9999: the converter keeps such a text as it is (it keeps
 * earlier years too; those few go through it).
 */
export function isIsoDate(buffer: Uint8Array, start: number, end: number): boolean {
  if (end - start !== 10 || buffer[start + 4] !== 0x2d || buffer[start + 7] !== 0x2d) return false;
  const year = digitsAt(buffer, start, 4);
  const month = digitsAt(buffer, start + 5, 2);
  const day = digitsAt(buffer, start + 8, 2);
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
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
  #text = new Uint8Array(64 * 1024);
  #textUsed = 0;
  #widen: WidenColumn | null = null;
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
    if (this.#widen === null) {
      try {
        this.#convert(record);
      } catch (error) {
        if (!(error instanceof WidenColumn)) throw error;
        // The batch will not be sent: the first such value is reported when it would be (see `sent`).
        this.#widen = error;
      }
    }
    this.rows++;
  }

  finish(): PackedBatchOrWiden {
    const widen = this.#widen;
    const packed: PackedRows = {
      rows: this.rows,
      width: this.#width,
      kinds: this.#kinds.subarray(0, this.rows * this.#width),
      numbers: this.#numbers.subarray(0, this.rows * this.#width),
      lengths: this.#lengths.subarray(0, this.rows * this.#width),
      // A copy: the buffer stays for the next batch.
      text: this.#text.slice(0, this.#textUsed)
    };
    this.#reset();
    return widen ? { widen } : { packed };
  }

  #convert(record: ByteRecord): void {
    const buffer = record.buffer;
    for (let c = 0; c < this.#width; c++) {
      const f = this.#columns[c].source;
      const start = record.starts[f];
      const end = record.ends[f];
      const i = this.rows * this.#width + c;
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
  }

  /** New arrays for the next batch (the last ones are transferred away); the text buffer is reused. */
  #reset(): void {
    const values = this.#capacity * this.#width;
    this.#kinds = new Uint8Array(values);
    this.#numbers = new Float64Array(values);
    this.#lengths = new Int32Array(values);
    this.#textUsed = 0;
    this.#widen = null;
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
