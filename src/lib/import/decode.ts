import { ImportError } from '../engine/errors';
import type { EncodingName } from './plan';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/** How many leading bytes are looked at to recognise binary formats. */
const HEAD_BYTES = 4096;

/** How many leading bytes {@link decodeBlob} looks at to choose the encoding. */
const ENCODING_HEAD_BYTES = 64 * 1024;

/**
 * V8's longest string (2^29 − 24 UTF-16 code units on 64-bit). Joining more text throws a bare
 * "Invalid string length" RangeError, so the limit is checked while decoding, with a message that says why.
 */
const MAX_TEXT_LENGTH = 536_870_888;

const BOMS: { bytes: number[]; encoding: TextEncodingName }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' }
];

/** Magic numbers of files people pick by mistake instead of a CSV (RELIABILITY.md §3.1 item 7). */
const MAGIC: { bytes: (number | string)[]; kind: string }[] = [
  { bytes: ['PK', 0x03, 0x04], kind: 'xlsx/zip' },
  { bytes: ['PK', 0x05, 0x06], kind: 'xlsx/zip' },
  { bytes: [0x1f, 0x8b], kind: 'gzip' },
  { bytes: ['%PDF-'], kind: 'pdf' },
  { bytes: [0x89, 'PNG\r\n', 0x1a, 0x0a], kind: 'png' },
  { bytes: [0xff, 0xd8, 0xff], kind: 'jpeg' },
  { bytes: ['GIF8'], kind: 'gif' },
  { bytes: ['SQLite format 3', 0x00], kind: 'sqlite' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], kind: 'xls' },
  { bytes: ['7z', 0xbc, 0xaf, 0x27, 0x1c], kind: '7z' },
  { bytes: [0xfd, '7zXZ', 0x00], kind: 'xz' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], kind: 'zstd' },
  // Checked before the UTF-16 BOMs would match: FF FE is also how a UTF-32LE BOM starts, and decoding UTF-32
  // as UTF-16 gives text with a NUL after every character instead of an error.
  { bytes: [0xff, 0xfe, 0x00, 0x00], kind: 'utf-32' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], kind: 'utf-32' }
];

/** A tar archive (what a `.tar.gz` holds) has its magic at byte 257, not at the start. */
const TAR_MAGIC_OFFSET = 257;

const KIND_DESCRIPTIONS: Record<string, string> = {
  'xlsx/zip': 'an Excel workbook (.xlsx) or a ZIP archive',
  xls: 'an old Excel workbook (.xls)',
  gzip: 'a gzip-compressed file',
  pdf: 'a PDF document',
  png: 'a PNG image',
  jpeg: 'a JPEG image',
  gif: 'a GIF image',
  sqlite: 'an SQLite database',
  '7z': 'a 7-Zip archive',
  xz: 'an xz-compressed file',
  zstd: 'a zstd-compressed file',
  tar: 'a tar archive',
  'utf-32': 'UTF-32 text, which browsers cannot read',
  binary: 'a binary file'
};

/**
 * Windows-1252 characters of bytes 0x80–0x9F (WHATWG Encoding Standard, index-windows-1252); the five bytes
 * Windows leaves undefined keep their C1 code points, as browsers do.
 */
const WINDOWS_1252_C1 =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

const HAS_C1_CONTROL = /[\u0080-\u009f]/;
const C1_CONTROLS = /[\u0080-\u009f]/g;

/**
 * The encoding from a byte order mark, or, without one, from where the NUL bytes are: ASCII text in UTF-16
 * has a NUL in every other byte (odd positions for little-endian, even for big-endian), while real text in
 * UTF-8 has none. Excel's "Unicode text" export is UTF-16LE with a BOM (RELIABILITY.md §0 finding 1).
 * UTF-16 text without BOM and without ASCII (all CJK, say) cannot be told from bytes alone, but a CSV file
 * always has ASCII delimiters and line breaks.
 */
export function detectEncoding(head: Uint8Array): { encoding: TextEncodingName; bomLength: number } {
  for (const { bytes, encoding } of BOMS) {
    if (bytes.every((byte, i) => head[i] === byte)) return { encoding, bomLength: bytes.length };
  }
  const pairs = Math.floor(Math.min(head.length, HEAD_BYTES) / 2);
  if (pairs > 0) {
    let evenNuls = 0;
    let oddNuls = 0;
    for (let i = 0; i < pairs * 2; i += 2) {
      if (head[i] === 0) evenNuls++;
      if (head[i + 1] === 0) oddNuls++;
    }
    if (oddNuls > pairs * 0.3 && evenNuls < pairs * 0.05) return { encoding: 'utf-16le', bomLength: 0 };
    if (evenNuls > pairs * 0.3 && oddNuls < pairs * 0.05) return { encoding: 'utf-16be', bomLength: 0 };
  }
  return { encoding: 'utf-8', bomLength: 0 };
}

/**
 * The text encoding of a file from its first bytes, and from `windows`: byte ranges cut from later in the file
 * (they may start and end inside a character), so that a legacy byte after the head is seen too.
 *
 * 1. A byte order mark decides (`bom`). Without one, NUL bytes in every other position mean UTF-16 (`guess`).
 * 2. Bytes that are all valid UTF-8 (a character cut at the end of a piece is tolerated) are UTF-8
 *    (`valid-utf-8`); pure ASCII is too.
 * 3. Otherwise the bytes that are not valid UTF-8 are weighed against the valid multi-byte characters: mostly
 *    valid UTF-8 with a few stray bytes (concatenated exports, RELIABILITY.md §3.1 item 5) stays UTF-8 as a
 *    `guess`; decoding it strictly then reports where the bad bytes are, and the user chooses.
 * 4. Otherwise a single-byte Western encoding (`guess`), chosen by the bytes present:
 *    - any byte 0x80–0x9F: `windows-1252`. In ISO-8859-1/15 those are C1 control codes that never occur in
 *      text; in Windows-1252 they are € ‚ „ … ‘ ’ “ ” – — ™ Š š Œ œ Ž ž Ÿ, all common in Excel exports.
 *    - else any 0xA4: `iso-8859-15`, where 0xA4 is € (in ISO-8859-1 and Windows-1252 it is the generic
 *      currency sign ¤, which nobody types).
 *    - else `iso-8859-1`. Every byte present then means the same in all three; per the WHATWG Encoding
 *      Standard (what browsers do), the label `iso-8859-1` decodes as Windows-1252, so a € (0x80) further on
 *      is still read right.
 */
export async function detectTextEncoding(
  head: Uint8Array,
  windows: readonly Uint8Array[] = []
): Promise<{ encoding: EncodingName; source: 'bom' | 'valid-utf-8' | 'guess' }> {
  for (const { bytes, encoding } of BOMS) {
    if (bytes.every((byte, i) => head[i] === byte)) return { encoding, source: 'bom' };
  }
  const byNuls = detectEncoding(head).encoding;
  if (byNuls !== 'utf-8') return { encoding: byNuls, source: 'guess' };

  let multiByte = 0;
  let invalid = 0;
  let c1 = false;
  let a4 = false;
  for (const [i, bytes] of [head, ...windows].entries()) {
    const scan = scanUtf8(bytes, i > 0);
    multiByte += scan.multiByte;
    invalid += scan.invalid;
    c1 ||= scan.c1;
    a4 ||= scan.a4;
  }
  if (invalid === 0) return { encoding: 'utf-8', source: 'valid-utf-8' };
  if (multiByte > invalid) return { encoding: 'utf-8', source: 'guess' };
  return { encoding: c1 ? 'windows-1252' : a4 ? 'iso-8859-15' : 'iso-8859-1', source: 'guess' };
}

/**
 * Valid multi-byte UTF-8 characters and invalid bytes (Unicode's well-formed byte sequences table, so
 * overlong forms and surrogates are invalid), plus the bytes that tell the legacy encodings apart.
 * `fromMiddle`: the bytes were cut from inside the file, so up to 3 leading continuation bytes are skipped.
 * A sequence cut by the end of the bytes is neither counted nor refused.
 */
function scanUtf8(
  bytes: Uint8Array,
  fromMiddle: boolean
): { multiByte: number; invalid: number; c1: boolean; a4: boolean } {
  const n = bytes.length;
  let i = 0;
  if (fromMiddle) while (i < 3 && i < n && (bytes[i] & 0xc0) === 0x80) i++;
  let multiByte = 0;
  let invalid = 0;
  let c1 = false;
  let a4 = false;
  while (i < n) {
    const byte = bytes[i];
    if (byte < 0x80) {
      i++;
      continue;
    }
    if (byte <= 0x9f) c1 = true;
    else if (byte === 0xa4) a4 = true;
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (byte >= 0xc2 && byte <= 0xdf) length = 2;
    else if (byte >= 0xe0 && byte <= 0xef) {
      length = 3;
      if (byte === 0xe0) low = 0xa0;
      if (byte === 0xed) high = 0x9f;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      length = 4;
      if (byte === 0xf0) low = 0x90;
      if (byte === 0xf4) high = 0x8f;
    } else {
      invalid++;
      i++;
      continue;
    }
    let valid = 1;
    while (valid < length && i + valid < n) {
      const next = bytes[i + valid];
      if (valid === 1 ? next < low || next > high : (next & 0xc0) !== 0x80) break;
      valid++;
    }
    if (valid === length) {
      multiByte++;
      i += length;
    } else if (i + valid === n) {
      break;
    } else {
      invalid++;
      i++;
    }
  }
  return { multiByte, invalid, c1, a4 };
}

/**
 * A short name for a known binary format (`xlsx/zip`, `gzip`, `pdf`, `png`, `jpeg`, `sqlite`, `xls`, `tar`...),
 * `binary` for other data with NUL bytes that is not UTF-16 text, or `null` for what may be text.
 */
export function sniffBinary(head: Uint8Array): string | null {
  for (const { bytes, kind } of MAGIC) {
    if (startsWith(head, bytes)) return kind;
  }
  if (startsWith(head.subarray(TAR_MAGIC_OFFSET), ['ustar'])) return 'tar';
  if (head.subarray(0, HEAD_BYTES).includes(0) && detectEncoding(head).encoding === 'utf-8') return 'binary';
  return null;
}

/** The error for a file that {@link sniffBinary} recognised, with what to do instead. */
export function toBinaryFileError(kind: string): ImportError {
  return new ImportError(
    'binary-file',
    `This file is not CSV text: it looks like ${KIND_DESCRIPTIONS[kind] ?? kind}. ` +
      'Open it in the program that made it and save it as "CSV UTF-8", then import that file.',
    { kind }
  );
}

export interface DecodeOptions {
  signal?: AbortSignal;
  /** Called after every chunk with the bytes read so far. */
  onBytes?: (bytesRead: number) => void;
  /**
   * `true` (the default): bytes that are not valid in `encoding` throw `invalid-encoding`, so no U+FFFD is
   * ever inserted silently (RELIABILITY.md §3.1 item 4). `false`: they become U+FFFD and are counted.
   */
  fatal?: boolean;
  /** When not fatal: called with the number of U+FFFD a chunk introduced, whenever it is not 0. */
  onReplacementChars?: (count: number) => void;
}

export interface DecodeSummary {
  bytesRead: number;
  /** U+FFFD characters the decoder put in place of invalid bytes; ones written in the file are not counted. */
  replacementChars: number;
}

/**
 * The text of a byte stream, decoded by ONE streaming TextDecoder. papaparse's own File reader decodes every
 * chunk separately: characters split across a chunk boundary became U+FFFD (39 in 2,000 rows), and a UTF-16
 * file lost its BOM after the first chunk (5,745 NULs), all without an error (RELIABILITY.md §0 finding 1).
 * A leading BOM of the encoding is removed. Yields a string per chunk (none for chunks that complete no
 * character) and returns a summary. Stops reading (cancels the stream) when the consumer stops early, on an
 * error, or when `signal` aborts (checked before every read; throws the signal's reason).
 */
export async function* decodeChunks(
  stream: ReadableStream<Uint8Array>,
  encoding: EncodingName,
  options: DecodeOptions = {}
): AsyncGenerator<string, DecodeSummary, undefined> {
  const { signal, onBytes, fatal = true, onReplacementChars } = options;
  const decoder = createDecoder(encoding, fatal);
  const literal = fatal ? undefined : new LiteralReplacementCounter(encoding);
  const reader = stream.getReader();
  let bytesRead = 0;
  let replacementChars = 0;
  let finished = false;

  const decode = (bytes: Uint8Array | undefined): string => {
    let text: string;
    try {
      text = bytes === undefined ? decoder.decode() : decoder.decode(bytes, { stream: true });
    } catch {
      throw toInvalidEncodingError(encoding, bytesRead);
    }
    if (literal !== undefined) {
      const found = literal.bytes(bytes);
      if (text.includes('\uFFFD')) {
        const introduced = countReplacementChars(text) - found();
        if (introduced > 0) {
          replacementChars += introduced;
          onReplacementChars?.(introduced);
        }
      }
    }
    return text;
  };

  try {
    for (;;) {
      signal?.throwIfAborted();
      const chunk = await reader.read();
      if (chunk.done) break;
      const text = decode(chunk.value);
      bytesRead += chunk.value.length;
      onBytes?.(bytesRead);
      if (text !== '') yield text;
    }
    finished = true;
    // Flushing reports (or replaces) a multi-byte character cut off by the end of the file.
    const rest = decode(undefined);
    if (rest !== '') yield rest;
    return { bytesRead, replacementChars };
  } finally {
    // Stop reading a large file as soon as the answer is known, or when the consumer has seen enough.
    if (!finished) reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/**
 * The text of bytes cut from the middle of a file, from the first line start inside them: bytes before the
 * first line break are dropped (in UTF-8 and the single-byte encodings a line-break byte is never part of
 * another character; in UTF-16 the window is aligned to a code unit first), and a character cut by the end
 * of the window is left out. So the text starts and ends on character boundaries and every U+FFFD in it is
 * real (counted, written ones excluded). Empty when the window holds no line break.
 */
export function decodeFromLineStart(
  window: Uint8Array,
  encoding: EncodingName,
  /** The window's offset in the file, so that UTF-16 code units are found where they are. */
  offset: number
): { text: string; replacementChars: number } {
  const unit = encoding === 'utf-16le' || encoding === 'utf-16be' ? 2 : 1;
  const le = encoding === 'utf-16le';
  const codeAt = (i: number): number =>
    unit === 1 ? window[i] : le ? window[i] | (window[i + 1] << 8) : (window[i] << 8) | window[i + 1];
  let start = -1;
  for (let i = offset % unit; i + unit <= window.length; i += unit) {
    const code = codeAt(i);
    if (code === 0x0a || code === 0x0d) {
      start = i + unit;
      if (code === 0x0d && start + unit <= window.length && codeAt(start) === 0x0a) start += unit;
      break;
    }
  }
  if (start === -1) return { text: '', replacementChars: 0 };
  const bytes = window.subarray(start);
  const text = createDecoder(encoding, false, true).decode(bytes, { stream: true });
  if (!text.includes('\uFFFD')) return { text, replacementChars: 0 };
  const literal = new LiteralReplacementCounter(encoding, offset + start);
  return { text, replacementChars: countReplacementChars(text) - literal.bytes(bytes)() };
}

/**
 * The text of a file, decoded by one streaming TextDecoder ({@link decodeChunks}) in the encoding
 * {@link detectTextEncoding} finds in its first 64 KiB: a BOM, valid UTF-8, or a legacy Western encoding.
 * Decoding is strict: invalid bytes further on (UTF-8 guessed from the head, then a Windows-1252 byte) throw
 * `invalid-encoding` instead of becoming U+FFFD. Binary files and gzip are refused by their first bytes.
 * The BOM is removed.
 */
export async function decodeBlob(
  blob: Blob,
  onProgress?: (bytesDone: number, bytesTotal: number) => void
): Promise<string> {
  const reader = blob.stream().getReader();
  const head: Uint8Array[] = [];
  let headLength = 0;
  let done = false;
  const readHead = async (length: number): Promise<void> => {
    while (!done && headLength < length) {
      const chunk = await reader.read();
      if (chunk.done) done = true;
      else {
        head.push(chunk.value);
        headLength += chunk.value.length;
      }
    }
  };
  try {
    await readHead(HEAD_BYTES);
    const kind = sniffBinary(concat(head, headLength));
    if (kind !== null) throw toBinaryFileError(kind);
    await readHead(ENCODING_HEAD_BYTES);
  } catch (error) {
    reader.cancel().catch(() => {});
    reader.releaseLock();
    throw error;
  }
  const { encoding } = await detectTextEncoding(concat(head, headLength));

  const parts: string[] = [];
  let textLength = 0;
  const chunks = decodeChunks(prepend(head, reader, done), encoding, {
    onBytes: (bytesDone) => onProgress?.(bytesDone, blob.size)
  });
  for await (const text of chunks) {
    textLength += text.length;
    if (textLength > MAX_TEXT_LENGTH) {
      throw new ImportError(
        'file-too-large',
        `This file is too large to import: its text is longer than ${MAX_TEXT_LENGTH} characters, ` +
          'the most a browser can hold in one piece. Split it into smaller files.',
        { bytes: blob.size, limit: MAX_TEXT_LENGTH }
      );
    }
    parts.push(text);
  }
  return parts.join('');
}

/** A stream of the chunks already read, then the rest of `reader`'s stream; cancelling it cancels that. */
function prepend(
  chunks: Uint8Array[],
  reader: ReadableStreamDefaultReader<Uint8Array>,
  done: boolean
): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (next < chunks.length) {
        controller.enqueue(chunks[next++]);
        return;
      }
      const chunk = done ? { done: true as const, value: undefined } : await reader.read();
      if (chunk.done) {
        reader.releaseLock();
        controller.close();
      } else controller.enqueue(chunk.value);
    },
    async cancel(reason) {
      await reader.cancel(reason);
      reader.releaseLock();
    }
  });
}

interface TextDecoderLike {
  decode(bytes?: Uint8Array, options?: { stream: boolean }): string;
}

/**
 * A TextDecoder, except for Windows-1252 (and `iso-8859-1`, which the WHATWG Encoding Standard decodes as
 * Windows-1252): Node 20.18.3+ and 22.13+ decode bytes 0x80–0x9F as C1 controls instead of € ‚ „ … ‘ ’ “ ”
 * (nodejs/node#60888, #56542), so those are mapped here; browsers already do it right and are unaffected.
 */
function createDecoder(encoding: EncodingName, fatal: boolean, ignoreBOM = false): TextDecoderLike {
  const decoder = new TextDecoder(encoding, { fatal, ignoreBOM });
  if (encoding !== 'windows-1252' && encoding !== 'iso-8859-1') return decoder;
  return {
    decode(bytes, options) {
      const text = decoder.decode(bytes, options);
      if (!HAS_C1_CONTROL.test(text)) return text;
      return text.replace(C1_CONTROLS, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]);
    }
  };
}

/**
 * Counts U+FFFD characters that are written in the bytes themselves (EF BF BD in UTF-8, the code unit FFFD
 * in UTF-16), so that only the ones a decoder introduced are reported: some files really contain U+FFFD,
 * left there by an earlier broken conversion (csv-spectrum's location_coordinates.csv). A decoder emits a
 * character in the chunk that completes it, so the counts of one chunk's bytes and text match up.
 */
class LiteralReplacementCounter {
  readonly #encoding: EncodingName;
  /** The last two bytes seen, for a sequence cut by a chunk boundary. */
  #previous = [-1, -1];
  #offset: number;

  constructor(encoding: EncodingName, offset = 0) {
    this.#encoding = encoding;
    this.#offset = offset;
  }

  /** Takes a chunk's bytes; returns a function that counts the written U+FFFD completed in them. */
  bytes(bytes: Uint8Array | undefined): () => number {
    if (bytes === undefined || bytes.length === 0) return () => 0;
    const previous = this.#previous;
    const offset = this.#offset;
    this.#previous = [bytes.length > 1 ? bytes[bytes.length - 2] : previous[1], bytes[bytes.length - 1]];
    this.#offset += bytes.length;
    if (this.#encoding === 'utf-8') return () => countUtf8Literals(bytes, previous);
    if (this.#encoding === 'utf-16le' || this.#encoding === 'utf-16be') {
      const [first, second] = this.#encoding === 'utf-16le' ? [0xfd, 0xff] : [0xff, 0xfd];
      return () => countUtf16Literals(bytes, previous[1], offset, first, second);
    }
    return () => 0;
  }
}

function countUtf8Literals(bytes: Uint8Array, [a, b]: number[]): number {
  let count = 0;
  if (a === 0xef && b === 0xbf && bytes[0] === 0xbd) count++;
  if (b === 0xef && bytes[0] === 0xbf && bytes[1] === 0xbd) count++;
  for (let i = bytes.indexOf(0xef); i !== -1 && i + 2 < bytes.length; i = bytes.indexOf(0xef, i + 1)) {
    if (bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) count++;
  }
  return count;
}

function countUtf16Literals(
  bytes: Uint8Array,
  previous: number,
  offset: number,
  first: number,
  second: number
): number {
  let count = 0;
  let i = offset % 2;
  if (i === 1 && previous === first && bytes[0] === second) count++;
  for (; i + 1 < bytes.length; i += 2) if (bytes[i] === first && bytes[i + 1] === second) count++;
  return count;
}

function countReplacementChars(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) count++;
  return count;
}

export function toInvalidEncodingError(encoding: EncodingName, byteOffset: number): ImportError {
  const hint =
    encoding === 'utf-8'
      ? 'It was probably saved in an older encoding such as Windows-1252'
      : 'The file is damaged or only partly UTF-16';
  return new ImportError(
    'invalid-encoding',
    `This file is not valid ${encoding.toUpperCase()} text (the first bad bytes are in the block that starts ` +
      `at byte ${byteOffset}). ${hint}; choose its encoding, or save it as "CSV UTF-8", and try again.`,
    { encoding, byteOffset }
  );
}

function startsWith(head: Uint8Array, pattern: (number | string)[]): boolean {
  let i = 0;
  for (const part of pattern) {
    const bytes = typeof part === 'number' ? [part] : Array.from(part, (c) => c.charCodeAt(0));
    for (const byte of bytes) if (head[i++] !== byte) return false;
  }
  return true;
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
