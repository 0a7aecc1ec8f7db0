import { describe, expect, it } from 'vitest';
import { ImportError } from '../engine/errors';
import { parseCsvText } from './csv';
import {
  decodeBlob,
  decodeChunks,
  decodeFromLineStart,
  detectEncoding,
  detectTextEncoding,
  sniffBinary,
  type DecodeOptions,
  type DecodeSummary
} from './decode';
import type { EncodingName } from './plan';
import {
  ChunkedBlob,
  chunksOf,
  singleByte,
  splitAt,
  utf16,
  utf8 as encodeUtf8
} from '../../../tests/fixtures/csv/generate';

const bytes = (...values: number[]) => new Uint8Array(values);
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

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
    ['binary', bytes(0x61, 0x00, 0x00, 0x00, 0x62, 0x00, 0x00, 0x01, 0x00, 0x00)],
    ['tar', new Uint8Array([...ascii('data.csv'), ...new Uint8Array(249), ...ascii('ustar\0')])]
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

  // Changed on purpose: this file was refused as "not valid UTF-8" before; a legacy encoding is now recognised
  // from the bytes and decoded exactly (RELIABILITY.md §3.1 item 4: try the legacy encodings).
  it('decodes a Windows-1252 file instead of refusing it', async () => {
    const data = new Uint8Array([
      ...ascii('name\nok\nok\n'),
      ...ascii('Gr'),
      0xfc,
      0xdf,
      ...ascii('e '),
      0x80,
      0x0a
    ]);
    expect(await decodeBlob(new ChunkedBlob(splitAt(data, [4, 8, 11])))).toBe('name\nok\nok\nGrüße €\n');
  });

  it('refuses bytes that are not UTF-8 after a valid UTF-8 head instead of inserting U+FFFD', async () => {
    // The encoding is chosen from the first 64 KiB; a Windows-1252 byte further on is an error, never U+FFFD.
    const head = ascii('name\n' + 'ok\n'.repeat(30_000));
    const data = new Uint8Array([...head, ...ascii('Gr'), 0xfc, 0xdf, ...ascii('e\n')]);
    const error = await importError(decodeBlob(new ChunkedBlob(chunksOf(data, 1000))));
    expect(error.code).toBe('invalid-encoding');
    expect(error.details).toEqual({ encoding: 'utf-8', byteOffset: 90_000 });
    expect(error.message).toMatch(/not valid UTF-8 .*at byte 90000\).*Windows-1252/);
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

describe('detectTextEncoding', () => {
  const german = 'Kunde;Straße;Betrag\nMüller;Hauptstraße 1;1.234,50 €\nWeiß;Fußweg 2;„99,00“\n';

  it.each([
    ['a UTF-8 BOM', bytes(0xef, 0xbb, 0xbf, 0x61), 'utf-8', 'bom'],
    ['a UTF-16LE BOM', utf16('a,b\n', 'le', true), 'utf-16le', 'bom'],
    ['a UTF-16BE BOM', utf16('a,b\n', 'be', true), 'utf-16be', 'bom'],
    ['UTF-16LE without BOM', utf16('id,name\n1,x\n', 'le', false), 'utf-16le', 'guess'],
    ['UTF-16BE without BOM', utf16('id,name\n1,x\n', 'be', false), 'utf-16be', 'guess'],
    ['ASCII', ascii('a,b\n1,2\n'), 'utf-8', 'valid-utf-8'],
    ['nothing', bytes(), 'utf-8', 'valid-utf-8'],
    ['UTF-8 with every length of character', encodeUtf8(SAMPLE), 'utf-8', 'valid-utf-8'],
    [
      'UTF-8 with a character cut by the end of the head',
      encodeUtf8('a,😎').slice(0, -2),
      'utf-8',
      'valid-utf-8'
    ],
    [
      'Windows-1252 with € and curly quotes (0x80–0x9F)',
      singleByte(german, 'windows-1252'),
      'windows-1252',
      'guess'
    ],
    ['ISO-8859-15 with € at 0xA4', singleByte('Preis\n12 €\nBœuf\n', 'iso-8859-15'), 'iso-8859-15', 'guess'],
    [
      'Latin-1 letters only (ä ö ü ß)',
      singleByte('Name\nMüller\nWeiß\nÖzil\n', 'windows-1252'),
      'iso-8859-1',
      'guess'
    ],
    [
      'mostly UTF-8 with one stray Windows-1252 byte',
      new Uint8Array([...encodeUtf8('Müller,Weiß,顧客,😎\n'), 0xfc, 0x0a]),
      'utf-8',
      'guess'
    ],
    ['overlong UTF-8 (C0 AF) is not UTF-8', bytes(0x61, 0xc0, 0xaf, 0x0a), 'iso-8859-1', 'guess'],
    ['an encoded surrogate (ED A0 80) is not UTF-8', bytes(0x61, 0xed, 0xa0, 0x80), 'windows-1252', 'guess']
  ] as [string, Uint8Array, EncodingName, string][])('%s: %s (%s)', async (_, head, encoding, source) => {
    expect(await detectTextEncoding(head)).toEqual({ encoding, source });
  });

  it('sees a legacy byte in a window from later in the file', async () => {
    const head = ascii('name\n' + 'ok\n'.repeat(1000));
    const window = singleByte('k\nMüller\nok\n', 'windows-1252');
    expect(await detectTextEncoding(head, [window])).toEqual({ encoding: 'iso-8859-1', source: 'guess' });
  });

  it('tolerates windows that start and end inside a UTF-8 character', async () => {
    const text = encodeUtf8('顧客 😎 Straße\n'.repeat(100));
    const windows = [text.subarray(1, 500), text.subarray(2, 777), text.subarray(5, 1001)];
    expect(await detectTextEncoding(ascii('a\n'), windows)).toEqual({
      encoding: 'utf-8',
      source: 'valid-utf-8'
    });
  });

  it('decides by the BOM whatever the windows hold', async () => {
    expect(await detectTextEncoding(bytes(0xef, 0xbb, 0xbf), [bytes(0xfc, 0xfc)])).toEqual({
      encoding: 'utf-8',
      source: 'bom'
    });
  });
});

describe('decodeChunks', () => {
  async function decodeAll(
    chunks: Uint8Array[],
    encoding: EncodingName,
    options?: DecodeOptions
  ): Promise<{ text: string; summary: DecodeSummary; pieces: number }> {
    const generator = decodeChunks(new ChunkedBlob(chunks).stream(), encoding, options);
    let text = '';
    let pieces = 0;
    for (;;) {
      const next = await generator.next();
      if (next.done) return { text, summary: next.value, pieces };
      text += next.value;
      pieces++;
    }
  }

  const LEGACY = 'Straße;Größe;Preis\nÄrger;ß;12,50 €\n„Zitat“ – ok…\n';
  const encodings: [string, EncodingName, Uint8Array, string][] = [
    ['UTF-8', 'utf-8', encodeUtf8(SAMPLE), SAMPLE],
    ['UTF-8 with BOM', 'utf-8', new Uint8Array([0xef, 0xbb, 0xbf, ...encodeUtf8(SAMPLE)]), SAMPLE],
    ['UTF-16LE with BOM', 'utf-16le', utf16(SAMPLE, 'le', true), SAMPLE],
    ['UTF-16BE with BOM', 'utf-16be', utf16(SAMPLE, 'be', true), SAMPLE],
    [
      'Windows-1252 (€, ä, ß, curly quotes, dashes)',
      'windows-1252',
      singleByte(LEGACY, 'windows-1252'),
      LEGACY
    ],
    [
      'ISO-8859-15 (€, œ, Š)',
      'iso-8859-15',
      singleByte('Bœuf;Šnita;12 €\n', 'iso-8859-15'),
      'Bœuf;Šnita;12 €\n'
    ]
  ];

  it.each(encodings)(
    '%s: split at every byte offset, then in chunks of 1 to 9 bytes',
    async (_, encoding, data, text) => {
      for (let offset = 0; offset <= data.length; offset++) {
        const result = await decodeAll(splitAt(data, [offset]), encoding);
        expect(result.text, `split at byte ${offset}`).toBe(text);
      }
      for (let size = 1; size <= 9; size++) {
        const result = await decodeAll(chunksOf(data, size), encoding, { fatal: false });
        expect(result.text, `chunks of ${size}`).toBe(text);
        expect(result.summary).toEqual({ bytesRead: data.length, replacementChars: 0 });
      }
    }
  );

  it('decodes every Windows-1252 byte 0x80–0x9F as browsers do (Node 20.18.3+ gets them wrong)', async () => {
    const data = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
    const { text } = await decodeAll([data], 'windows-1252');
    expect(text).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ');
    expect((await decodeAll([data], 'iso-8859-1')).text).toBe(text);
  });

  it('reports the bytes read after every chunk', async () => {
    const seen: number[] = [];
    await decodeAll(chunksOf(encodeUtf8(SAMPLE), 10), 'utf-8', { onBytes: (n) => seen.push(n) });
    expect(seen).toEqual(seen.map((_, i) => Math.min((i + 1) * 10, encodeUtf8(SAMPLE).length)));
  });

  it('when fatal (the default), throws invalid-encoding with the start of the failing block', async () => {
    const data = new Uint8Array([...ascii('name\nok\nok\n'), ...ascii('Gr'), 0xfc, 0xdf, ...ascii('e\n')]);
    const error = await importError(decodeAll(splitAt(data, [4, 8, 11]), 'utf-8'));
    expect(error.details).toEqual({ encoding: 'utf-8', byteOffset: 11 });
  });

  it('when fatal, refuses a character cut off by the end of the stream', async () => {
    const data = encodeUtf8('a\n😎').slice(0, -1);
    const error = await importError(decodeAll([data], 'utf-8'));
    expect(error.details).toEqual({ encoding: 'utf-8', byteOffset: data.length });
  });

  it('when not fatal, counts the U+FFFD it introduces, at any chunk size', async () => {
    // A Windows-1252 file read as UTF-8: ü ß and € are invalid, so 3 replacements (the user forced UTF-8).
    const data = singleByte('name\nGrüße €\n', 'windows-1252');
    for (let size = 1; size <= 5; size++) {
      const counted: number[] = [];
      const result = await decodeAll(chunksOf(data, size), 'utf-8', {
        fatal: false,
        onReplacementChars: (n) => counted.push(n)
      });
      expect(result.text).toBe('name\nGr\uFFFD\uFFFDe \uFFFD\n');
      expect(result.summary.replacementChars).toBe(3);
      expect(counted.reduce((a, b) => a + b, 0)).toBe(3);
    }
  });

  it.each([
    ['UTF-8', 'utf-8', encodeUtf8('a,\uFFFD\uFFFD\nb,x\uFFFD\n')],
    ['UTF-16LE', 'utf-16le', utf16('a,\uFFFD\uFFFD\nb,x\uFFFD\n', 'le', true)],
    ['UTF-16BE', 'utf-16be', utf16('a,\uFFFD\uFFFD\nb,x\uFFFD\n', 'be', true)]
  ] as [string, EncodingName, Uint8Array][])(
    '%s: U+FFFD written in the file are kept and not counted, wherever the chunks are cut',
    async (_, encoding, data) => {
      for (let offset = 0; offset <= data.length; offset++) {
        const result = await decodeAll(splitAt(data, [offset]), encoding, { fatal: false });
        expect(result.text, `split at ${offset}`).toBe('a,\uFFFD\uFFFD\nb,x\uFFFD\n');
        expect(result.summary.replacementChars, `split at ${offset}`).toBe(0);
      }
      const broken = new Uint8Array([...data, ...(encoding === 'utf-8' ? [0xff] : [0x3d, 0xd8, 0x0a, 0x00])]);
      const swapped =
        encoding === 'utf-16be' ? broken.map((b, i) => (i >= data.length ? broken[i ^ 1] : b)) : broken;
      const result = await decodeAll(chunksOf(swapped, 3), encoding, { fatal: false });
      expect(result.summary.replacementChars).toBe(1);
    }
  );

  it('stops reading when aborted, with the signal’s reason', async () => {
    const blob = new ChunkedBlob(chunksOf(encodeUtf8('a\n'.repeat(1000)), 10));
    const controller = new AbortController();
    const generator = decodeChunks(blob.stream(), 'utf-8', { signal: controller.signal });
    await generator.next();
    controller.abort();
    await expect(generator.next()).rejects.toMatchObject({ name: 'AbortError' });
    expect(blob.cancelled).toBe(true);
    expect(blob.chunksRead).toBeLessThan(10);
  });

  it('stops reading when the consumer stops early', async () => {
    const blob = new ChunkedBlob(chunksOf(encodeUtf8('a\n'.repeat(1000)), 10));
    for await (const text of decodeChunks(blob.stream(), 'utf-8')) {
      expect(text).toBe('a\n'.repeat(5));
      break;
    }
    expect(blob.cancelled).toBe(true);
  });
});

describe('decodeFromLineStart', () => {
  const text = 'id,name\n1,顧客 😎\r\n2,Straße\n3,x\n';

  it.each([
    ['UTF-8', 'utf-8', encodeUtf8(text)],
    ['UTF-16LE', 'utf-16le', utf16(text, 'le', false)],
    ['UTF-16BE', 'utf-16be', utf16(text, 'be', false)]
  ] as [string, EncodingName, Uint8Array][])(
    '%s: whatever the window, it starts after a line break and ends on a whole character',
    (_, encoding, data) => {
      const full = text;
      for (let start = 0; start < data.length; start++) {
        for (const end of [start + 3, start + 9, start + 17, data.length]) {
          const window = decodeFromLineStart(data.subarray(start, end), encoding, start);
          expect(window.replacementChars, `${start}-${end}`).toBe(0);
          if (window.text === '') continue;
          // The text is a piece of the file that starts right after a line break.
          const at = full.indexOf(window.text, 1);
          expect(at, `${start}-${end}: ${JSON.stringify(window.text)}`).toBeGreaterThan(0);
          expect('\r\n').toContain(full[at - 1]);
          expect(full[at]).not.toBe('\n');
        }
      }
    }
  );

  it('counts only replacements of invalid bytes', () => {
    const data = new Uint8Array([...ascii('xx\nok,'), 0xfc, ...encodeUtf8(',\uFFFD\n')]);
    expect(decodeFromLineStart(data, 'utf-8', 0)).toEqual({
      text: 'ok,\uFFFD,\uFFFD\n',
      replacementChars: 1
    });
  });

  it('is empty without a line break', () => {
    expect(decodeFromLineStart(ascii('abc'), 'utf-8', 0)).toEqual({ text: '', replacementChars: 0 });
  });
});
