import { ImportError } from '../engine/errors';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/** How many leading bytes are looked at to recognise the encoding and binary formats. */
const HEAD_BYTES = 4096;

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
  'utf-32': 'UTF-32 text, which browsers cannot read',
  binary: 'a binary file'
};

/**
 * The encoding from a byte order mark, or, without one, from where the NUL bytes are: ASCII text in UTF-16
 * has a NUL in every other byte (odd positions for little-endian, even for big-endian), while real text in
 * UTF-8 has none. Excel's "Unicode text" export is UTF-16LE with a BOM (RELIABILITY.md §0 finding 1).
 * UTF-16 text without BOM and without ASCII (all CJK, say) cannot be told from bytes alone; it then fails to
 * decode as UTF-8 and is reported, never imported as garbage.
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
 * A short name for a known binary format (`xlsx/zip`, `gzip`, `pdf`, `png`, `jpeg`, `sqlite`, `xls`, ...),
 * `binary` for other data with NUL bytes that is not UTF-16 text, or `null` for what may be text.
 */
export function sniffBinary(head: Uint8Array): string | null {
  for (const { bytes, kind } of MAGIC) {
    if (startsWith(head, bytes)) return kind;
  }
  if (head.subarray(0, HEAD_BYTES).includes(0) && detectEncoding(head).encoding === 'utf-8') return 'binary';
  return null;
}

/**
 * The text of a file, decoded by ONE streaming TextDecoder. papaparse's own File reader decodes every chunk
 * separately: characters split across a chunk boundary became U+FFFD (39 in 2,000 rows), and a UTF-16 file
 * lost its BOM after the first chunk (5,745 NULs), all without an error (RELIABILITY.md §0 finding 1).
 * `fatal: true` makes invalid bytes (a Windows-1252 file, say) an error instead of silent U+FFFD
 * (RELIABILITY.md §3.1 item 4). The BOM is removed.
 */
export async function decodeBlob(
  blob: Blob,
  onProgress?: (bytesDone: number, bytesTotal: number) => void
): Promise<string> {
  const reader = blob.stream().getReader();
  try {
    const head: Uint8Array[] = [];
    let headLength = 0;
    let done = false;
    while (!done && headLength < HEAD_BYTES) {
      const chunk = await reader.read();
      if (chunk.done) done = true;
      else {
        head.push(chunk.value);
        headLength += chunk.value.length;
      }
    }

    const headBytes = concat(head, headLength);
    const kind = sniffBinary(headBytes);
    if (kind !== null) {
      throw new ImportError(
        'binary-file',
        `This file is not CSV text: it looks like ${KIND_DESCRIPTIONS[kind] ?? kind}. ` +
          'Open it in the program that made it and save it as "CSV UTF-8", then import that file.',
        { kind }
      );
    }

    const { encoding } = detectEncoding(headBytes);
    // With ignoreBOM: false the decoder itself drops a leading BOM of its own encoding.
    const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
    const parts: string[] = [];
    let textLength = 0;
    let bytesDone = 0;
    const decode = (bytes: Uint8Array | undefined, final: boolean): void => {
      let text: string;
      try {
        text = final ? decoder.decode(bytes) : decoder.decode(bytes, { stream: true });
      } catch {
        const hint =
          encoding === 'utf-8'
            ? 'It was probably saved in an older encoding such as Windows-1252'
            : 'The file is damaged or only partly UTF-16';
        throw new ImportError(
          'invalid-encoding',
          `This file is not valid ${encoding.toUpperCase()} text (the first bad bytes are in the block that starts ` +
            `at byte ${bytesDone}). ${hint}; save it as "CSV UTF-8" and try again.`,
          { encoding, byteOffset: bytesDone }
        );
      }
      textLength += text.length;
      if (textLength > MAX_TEXT_LENGTH) {
        throw new ImportError(
          'file-too-large',
          `This file is too large to import: its text is longer than ${MAX_TEXT_LENGTH} characters, ` +
            'the most a browser can hold in one piece. Split it into smaller files.',
          { bytes: blob.size, limit: MAX_TEXT_LENGTH }
        );
      }
      if (text !== '') parts.push(text);
    };

    for (const chunk of head) {
      decode(chunk, false);
      bytesDone += chunk.length;
      onProgress?.(bytesDone, blob.size);
    }
    while (!done) {
      const chunk = await reader.read();
      if (chunk.done) break;
      decode(chunk.value, false);
      bytesDone += chunk.value.length;
      onProgress?.(bytesDone, blob.size);
    }
    // Flushing reports a multi-byte character cut off by the end of the file.
    decode(undefined, true);
    return parts.join('');
  } catch (error) {
    // Stop reading a large file as soon as the answer is known.
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    reader.releaseLock();
  }
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
