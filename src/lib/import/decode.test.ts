import { describe, expect, it } from 'vitest';
import { ImportError } from '../engine/errors';
import { parseCsvText } from './csv';
import { decodeBlob, detectEncoding, sniffBinary } from './decode';

/** A Blob whose stream yields exactly the given chunks, so every chunk boundary can be tested. */
class ChunkedBlob extends Blob {
  readonly #chunks: Uint8Array[];
  cancelled = false;
  chunksRead = 0;

  constructor(chunks: Uint8Array[]) {
    super(chunks as BlobPart[]);
    this.#chunks = chunks;
  }

  override stream(): ReturnType<Blob['stream']> {
    let next = 0;
    return new ReadableStream<Uint8Array>({
      pull: (controller) => {
        if (next === this.#chunks.length) controller.close();
        else {
          this.chunksRead++;
          controller.enqueue(this.#chunks[next++]);
        }
      },
      cancel: () => {
        this.cancelled = true;
      }
    }) as ReturnType<Blob['stream']>;
  }
}

const bytes = (...values: number[]) => new Uint8Array(values);
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(out.buffer);
  const units = (bom ? '\uFEFF' : '') + text;
  for (let i = 0; i < units.length; i++) view.setUint16(i * 2, units.charCodeAt(i), endian === 'le');
  return out;
}

function splitAt(data: Uint8Array, offsets: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const offset of [...offsets, data.length]) {
    chunks.push(data.slice(from, offset));
    from = offset;
  }
  return chunks;
}

function chunksOf(data: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += size) chunks.push(data.slice(i, i + size));
  return chunks;
}

async function importError(promise: Promise<unknown>): Promise<ImportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

/** 1-byte ASCII, 2-byte (ß, ä, ʤ, Arabic), 3-byte (€, CJK, kana), 4-byte (𝄞, emoji), a ZWJ sequence, a combining mark. */
const SAMPLE =
  'id,name,city\n1,Straße Ä ʤ,€ 顧客 東京\n2,"مرحبا, عالم",𝄞 😎 👩‍👩‍👧\n3,"Cafe\u0301 ""quoted""",ｶﾅ 한국어\n';

describe('detectEncoding', () => {
  it.each([
    ['UTF-8 BOM', bytes(0xef, 0xbb, 0xbf, 0x61), 'utf-8', 3],
    ['UTF-16LE BOM', bytes(0xff, 0xfe, 0x61, 0x00), 'utf-16le', 2],
    ['UTF-16BE BOM', bytes(0xfe, 0xff, 0x00, 0x61), 'utf-16be', 2],
    ['UTF-16LE without BOM (NULs at odd positions)', utf16('id,name\n1,x\n', 'le', false), 'utf-16le', 0],
    ['UTF-16BE without BOM (NULs at even positions)', utf16('id,name\n1,x\n', 'be', false), 'utf-16be', 0],
    ['plain ASCII', ascii('a,b\n1,2\n'), 'utf-8', 0],
    ['UTF-8 without BOM', new TextEncoder().encode('名前,都市\n'), 'utf-8', 0],
    ['empty', bytes(), 'utf-8', 0],
    ['NULs everywhere (binary, not UTF-16)', bytes(0, 0, 0, 0, 1, 0, 0, 2), 'utf-8', 0]
  ])('%s', (_, head, encoding, bomLength) => {
    expect(detectEncoding(head)).toEqual({ encoding, bomLength });
  });
});

describe('sniffBinary', () => {
  it.each([
    ['xlsx/zip', bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00)],
    ['gzip', bytes(0x1f, 0x8b, 0x08, 0x00)],
    ['pdf', ascii('%PDF-1.7\n')],
    ['png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)],
    ['jpeg', bytes(0xff, 0xd8, 0xff, 0xe0)],
    ['sqlite', ascii('SQLite format 3\0\x10\x00')],
    ['xls', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)],
    ['utf-32', bytes(0xff, 0xfe, 0x00, 0x00, 0x61, 0x00, 0x00, 0x00)],
    ['binary', bytes(0x61, 0x00, 0x00, 0x00, 0x62, 0x00, 0x00, 0x01, 0x00, 0x00)]
  ])('recognises %s', (kind, head) => {
    expect(sniffBinary(head)).toBe(kind);
  });

  it.each([
    ['CSV text', ascii('a,b\n1,2\n')],
    ['a header that starts like a magic number', ascii('PK,PDF,SQLite format\n1,2,3\n')],
    ['UTF-16LE text with BOM', utf16('a,b\n', 'le', true)],
    ['UTF-16LE text without BOM', utf16('a,b\n1,2\n', 'le', false)],
    ['UTF-16BE text without BOM', utf16('a,b\n1,2\n', 'be', false)],
    ['empty', bytes()]
  ])('lets through %s', (_, head) => {
    expect(sniffBinary(head)).toBeNull();
  });
});

describe('decodeBlob', () => {
  const utf8 = new TextEncoder().encode(SAMPLE);
  const encodings: [string, Uint8Array][] = [
    ['UTF-8', utf8],
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8])],
    ['UTF-16LE with BOM', utf16(SAMPLE, 'le', true)],
    ['UTF-16BE with BOM', utf16(SAMPLE, 'be', true)]
  ];

  // RELIABILITY.md §0 finding 1 and §3.1 item 6: papaparse's chunked reader corrupted exactly these boundaries.
  it.each(encodings)('%s: two chunks split at every byte offset decode exactly', async (_, data) => {
    for (let offset = 0; offset <= data.length; offset++) {
      const text = await decodeBlob(new ChunkedBlob(splitAt(data, [offset])));
      expect(text, `split at byte ${offset}`).toBe(SAMPLE);
    }
    expect(SAMPLE).not.toContain('\uFFFD');
  });

  it.each(encodings)('%s: every chunk size from 1 to 9 bytes decodes exactly', async (_, data) => {
    for (let size = 1; size <= 9; size++) {
      const text = await decodeBlob(new ChunkedBlob(chunksOf(data, size)));
      expect(text, `chunks of ${size} bytes`).toBe(SAMPLE);
      expect(text).not.toMatch(/[\uFFFD\0]/);
    }
  });

  it('decodes UTF-16LE without a BOM', async () => {
    expect(await decodeBlob(new ChunkedBlob(chunksOf(utf16('a,b\n1,ä\n', 'le', false), 3)))).toBe(
      'a,b\n1,ä\n'
    );
  });

  it('decodes a real Node Blob in one piece', async () => {
    expect(await decodeBlob(new Blob([utf8]))).toBe(SAMPLE);
  });

  it('keeps a second BOM-like character that is part of the text after the BOM', async () => {
    const data = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('\uFEFFa')]);
    expect(await decodeBlob(new Blob([data]))).toBe('\uFEFFa');
  });

  it('returns an empty string for an empty file and for a BOM alone', async () => {
    expect(await decodeBlob(new Blob([]))).toBe('');
    expect(await decodeBlob(new Blob([bytes(0xef, 0xbb, 0xbf)]))).toBe('');
    expect(await decodeBlob(new Blob([bytes(0xff, 0xfe)]))).toBe('');
  });

  it('reports progress after every chunk, ending at the total', async () => {
    const calls: [number, number][] = [];
    await decodeBlob(new ChunkedBlob(chunksOf(utf8, 10)), (done, total) => calls.push([done, total]));
    expect(calls).toHaveLength(Math.ceil(utf8.length / 10));
    expect(calls.map(([done]) => done)).toEqual(calls.map((_, i) => Math.min((i + 1) * 10, utf8.length)));
    expect(calls.every(([, total]) => total === utf8.length)).toBe(true);
  });

  it('refuses Windows-1252 bytes instead of inserting U+FFFD, near the failing chunk', async () => {
    // "Grüße" in Windows-1252: ü = FC, ß = DF are not valid UTF-8.
    const data = new Uint8Array([...ascii('name\nok\nok\n'), ...ascii('Gr'), 0xfc, 0xdf, ...ascii('e\n')]);
    const chunks = splitAt(data, [4, 8, 11]);
    const error = await importError(decodeBlob(new ChunkedBlob(chunks)));
    expect(error.code).toBe('invalid-encoding');
    expect(error.details).toEqual({ encoding: 'utf-8', byteOffset: 11 });
    expect(error.message).toMatch(/not valid UTF-8 .*at byte 11\).*Windows-1252/);
  });

  it('refuses a multi-byte character cut off by the end of the file', async () => {
    const data = new TextEncoder().encode('a\n😎').slice(0, -1);
    const error = await importError(decodeBlob(new Blob([data])));
    expect(error.code).toBe('invalid-encoding');
    expect(error.details.byteOffset).toBe(data.length);
  });

  it('refuses an unpaired surrogate in UTF-16LE', async () => {
    const data = new Uint8Array([0xff, 0xfe, ...utf16('a\n', 'le', false), 0x3d, 0xd8, 0x61, 0x00]);
    const error = await importError(decodeBlob(new Blob([data])));
    expect(error.details).toMatchObject({ encoding: 'utf-16le' });
  });

  it.each([
    ['xlsx/zip', bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00), /Excel workbook/],
    ['png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13), /PNG image/],
    ['sqlite', ascii('SQLite format 3\0\x10\x00\x01\x01'), /SQLite database/],
    ['binary', bytes(0x61, 0x00, 0x00, 0x00, 0x62, 0x00, 0x00, 0x01, 0x00, 0x00), /binary file/]
  ])('refuses a %s file by its first bytes and stops reading', async (kind, head, message) => {
    // The magic number arrives split over two chunks, followed by far more data than is needed.
    const blob = new ChunkedBlob([
      head.slice(0, 1),
      head.slice(1),
      ...Array.from({ length: 5000 }, () => bytes(1))
    ]);
    const error = await importError(decodeBlob(blob));
    expect(error.code).toBe('binary-file');
    expect(error.details).toEqual({ kind });
    expect(error.message).toMatch(message);
    expect(blob.cancelled).toBe(true);
    expect(blob.chunksRead).toBeLessThan(5000);
  });
});

// The two measurements behind RELIABILITY.md §0 finding 1, repeated through our own path: papaparse's chunked
// File reader gave 39 U+FFFD for 2,000 rows of CJK/umlaut text at 1,000-byte chunks, and 501 rows with 5,745 NULs
// for a 500-row UTF-16LE file at 4 KiB chunks.
describe('decodeBlob + parseCsvText on the finding-1 files', () => {
  const people = Array.from({ length: 2000 }, (_, i) => [i, `顧客${i} Müller`, `東京都 ${i % 47} Straße`]);

  it('2,000 rows of CJK and umlauts in 1,000-byte chunks: no U+FFFD, exact values', async () => {
    const csv = 'id,name,city\n' + people.map((row) => row.join(',')).join('\n') + '\n';
    const data = new TextEncoder().encode(csv);
    const parsed = parseCsvText(await decodeBlob(new ChunkedBlob(chunksOf(data, 1000))));
    expect(parsed.rows).toEqual(people);
    expect(JSON.stringify(parsed.rows)).not.toContain('\uFFFD');
  });

  it('500 rows of Excel "Unicode text" (UTF-16LE, BOM, tabs) in 4 KiB chunks: 500 rows, no NUL', async () => {
    const rows = people.slice(0, 500);
    const text = 'id\tname\tcity\r\n' + rows.map((row) => row.join('\t')).join('\r\n') + '\r\n';
    const parsed = parseCsvText(await decodeBlob(new ChunkedBlob(chunksOf(utf16(text, 'le', true), 4096))));
    expect(parsed.delimiter).toBe('\t');
    expect(parsed.columns.map((c) => c.name)).toEqual(['id', 'name', 'city']);
    expect(parsed.rows).toEqual(rows);
    expect(JSON.stringify(parsed.rows)).not.toMatch(/\\u0000|\uFFFD/);
  });
});
