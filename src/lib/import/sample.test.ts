import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../engine/errors';
import type { EncodingName } from './plan';
import { detectSourceEncoding, readSample, type CsvSample, type SampleOverrides } from './sample';
import { openByteSource } from './source';
import {
  ChunkedBlob,
  chunksOf,
  seededRandom,
  singleByte,
  toCsvLine,
  utf8
} from '../../../tests/fixtures/csv/generate';

async function sampleOf(
  bytes: Uint8Array,
  encoding: EncodingName = 'utf-8',
  overrides?: SampleOverrides,
  name = 'data.csv'
): Promise<CsvSample> {
  return readSample(
    await openByteSource(new ChunkedBlob(chunksOf(bytes, 64 * 1024)), name),
    encoding,
    overrides
  );
}

async function sampleError(bytes: Uint8Array, overrides?: SampleOverrides): Promise<ImportError> {
  const error = await sampleOf(bytes, 'utf-8', overrides).then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

/**
 * A seeded orders file of about `megabytes` MB whose `code` column is numeric for the first 95 % of the rows
 * and alphanumeric after: typing from the first rows gets it wrong.
 */
function ordersFile(megabytes: number): { text: string; rows: string[][] } {
  const random = seededRandom(7);
  const rows: string[][] = [['id', 'code', 'amount', 'country']];
  let length = 0;
  const count = Math.round((megabytes * 1e6) / 27);
  for (let i = 1; i <= count; i++) {
    const code = i < count * 0.95 ? String(10_000 + i) : `A${i}`;
    const row = [String(i), code, (random() * 1000).toFixed(2), ['DE', 'FR', 'JP'][i % 3]];
    rows.push(row);
    length += row.join(',').length + 1;
  }
  expect(length).toBeGreaterThan(megabytes * 0.8e6);
  return { text: rows.map((row) => toCsvLine(row)).join(''), rows };
}

describe('readSample', () => {
  it('reads a small file whole, with the lines of its rows', async () => {
    const sample = await sampleOf(utf8('id;name\r\n1;Ana\r\n\r\n2;"Björn\r\nB."\r\n3;Cy\r\n'));
    expect(sample).toEqual({
      dialect: { delimiter: ';', quote: '"', escape: '"', linebreak: '\r\n', hasHeader: true },
      header: ['id', 'name'],
      rows: [
        { fields: ['1', 'Ana'], line: 2 },
        { fields: ['2', 'Björn\r\nB.'], line: 4 },
        { fields: ['3', 'Cy'], line: 6 }
      ],
      complete: true,
      replacementChars: 0,
      warnings: []
    });
  });

  it('samples a large file over its whole length, not only its first rows', async () => {
    const { text, rows } = ordersFile(6);
    const sample = await sampleOf(utf8(text));
    expect(sample.complete).toBe(false);
    expect(sample.header).toEqual(rows[0]);
    const fromHead = sample.rows.filter((r) => r.line > 0);
    const fromWindows = sample.rows.filter((r) => r.line === 0);
    // The head: about 1 MiB of whole rows, each with its line.
    expect(fromHead.length).toBeGreaterThan(25_000);
    expect(fromHead.every((r) => r.fields[0] === String(r.line - 1))).toBe(true);
    // The windows: from all over the file, the alphanumeric codes at its end included.
    expect(fromWindows.length).toBeGreaterThan(30 * 1500);
    const ids = fromWindows.map((r) => Number(r.fields[0]));
    expect(Math.max(...ids)).toBe(rows.length - 1);
    expect(sample.rows.some((r) => r.fields[1].startsWith('A'))).toBe(true);
    // Every sampled row is a real row, whole.
    expect(fromWindows.every((r) => r.fields.join() === rows[Number(r.fields[0])].join())).toBe(true);
    expect(sample.warnings).toEqual([]);
  });

  it('never trusts a window that starts inside a quoted multi-line field', async () => {
    // Notes whose lines look like rows of the right width: read from inside a note, a window would take them
    // for records, and even the note's last line (`tail,x",9`) has three fields.
    const random = seededRandom(11);
    const rows: string[][] = [['id', 'note', 'n']];
    for (let i = 1; rows.length < 60_000; i++) {
      const lines = Array.from({ length: 1 + Math.floor(random() * 40) }, (_, k) => `${k},b${i},c`);
      const note = `head ${i}\n${lines.join('\n')}\ntail,x`;
      rows.push([String(i), random() < 0.5 ? note : `short ${i}`, String(i % 7)]);
    }
    const text = rows.map((row) => toCsvLine(row)).join('');
    expect(text.length).toBeGreaterThan(5e6);
    const sample = await sampleOf(utf8(text));
    expect(sample.complete).toBe(false);
    const real = new Set(rows.map((row) => JSON.stringify(row)));
    const fromWindows = sample.rows.filter((r) => r.line === 0);
    expect(fromWindows.length).toBeGreaterThan(100);
    const wrong = fromWindows.filter((r) => !real.has(JSON.stringify(r.fields)));
    expect(wrong).toEqual([]);
  });

  it('drops a window whose rows do not fit rather than keep shifted rows', async () => {
    const { text } = ordersFile(4);
    // A region of the file with five fields per row, where every window lands once in a while.
    const broken = text.replace(/\n(\d+),(\d+),/g, (match, id: string, code: string) =>
      Number(id) % 3000 < 1500 && Number(id) > 60_000 ? `\n${id},${code},x,` : match
    );
    const sample = await sampleOf(utf8(broken));
    expect(sample.rows.every((r) => r.fields.length === 4)).toBe(true);
    expect(sample.warnings).toContainEqual({ code: 'sample-windows-dropped', count: expect.any(Number) });
  });

  it('samples only the head of a gzip file, and says so', async () => {
    const { text } = ordersFile(3);
    const sample = await sampleOf(new Uint8Array(gzipSync(text)), 'utf-8', undefined, 'orders.csv.gz');
    expect(sample.complete).toBe(false);
    expect(sample.rows.every((r) => r.line > 0)).toBe(true);
    expect(sample.warnings).toEqual([{ code: 'compressed-sample-from-start' }]);
  });

  it('reads on past the head until a data row is complete (a 3 MB field)', async () => {
    const big = 'x'.repeat(3_000_000);
    const text = 'id,text\n1,"' + big + '"\n' + '2,y\n'.repeat(200_000);
    const sample = await sampleOf(utf8(text));
    expect(sample.rows[0]).toEqual({ fields: ['1', big], line: 2 });
    expect(sample.rows[1]).toEqual({ fields: ['2', 'y'], line: 3 });
  });

  it('takes the user’s delimiter, quote and header choice', async () => {
    const sample = await sampleOf(utf8("a;b,c\n'1;2';3\n"), 'utf-8', {
      delimiter: ';',
      quote: "'",
      hasHeader: false
    });
    expect(sample.dialect).toMatchObject({ delimiter: ';', quote: "'", escape: "'", hasHeader: false });
    expect(sample.header).toBeUndefined();
    expect(sample.rows.map((r) => r.fields)).toEqual([
      ['a', 'b,c'],
      ['1;2', '3']
    ]);
  });

  it('lists ragged rows of the head in a warning for the preview', async () => {
    const sample = await sampleOf(utf8('a,b\n1,2\n3\n4,5,6\n7,8\n'));
    expect(sample.warnings).toEqual([{ code: 'ragged-rows', count: 2, lines: [3, 4] }]);
  });

  it('counts the U+FFFD of a forced encoding, for the preview', async () => {
    const bytes = singleByte('name\nMüller\nWeiß €\n', 'windows-1252');
    expect((await sampleOf(bytes, 'utf-8')).replacementChars).toBe(3);
    const right = await sampleOf(bytes, 'windows-1252');
    expect(right.replacementChars).toBe(0);
    expect(right.rows.map((r) => r.fields[0])).toEqual(['Müller', 'Weiß €']);
  });

  it.each([
    ['an empty file', '', 'empty-file', {}],
    ['blank lines', '\n \r\n', 'empty-file', {}],
    ['a header alone', 'a,b\n', 'no-data-rows', {}],
    ['a header and blank rows', 'a,b\n,\n\n', 'no-data-rows', {}],
    [
      '5,000 columns',
      Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',') + '\n',
      'too-many-columns',
      { count: 5000 }
    ],
    ['an unclosed quote', 'a,b\n1,"x\n2,3\n', 'unterminated-quote', { line: 2 }]
  ])('refuses %s: %s', async (_, text, code, details) => {
    const error = await sampleError(utf8(text));
    expect(error.code).toBe(code);
    expect(error.details).toMatchObject(details);
  });

  it('reads a single line as a data row when the user says there is no header', async () => {
    const sample = await sampleOf(utf8('1,2\n'), 'utf-8', { hasHeader: false });
    expect(sample.rows).toEqual([{ fields: ['1', '2'], line: 1 }]);
  });
});

describe('detectSourceEncoding', () => {
  it('finds a Windows-1252 row at the very end of a large ASCII file', async () => {
    const ascii = utf8('id,name\n' + Array.from({ length: 100_000 }, (_, i) => `${i},name ${i}\n`).join(''));
    const bytes = new Uint8Array([...ascii, ...singleByte('100000,Müller €\n', 'windows-1252')]);
    const source = await openByteSource(new Blob([bytes]), 'x.csv');
    expect(await detectSourceEncoding(source)).toEqual({ encoding: 'windows-1252', source: 'guess' });
  });

  it('finds UTF-8 all over a large file', async () => {
    const bytes = utf8(
      'id,name\n' + Array.from({ length: 100_000 }, (_, i) => `${i},顧客 ${i} 😎\n`).join('')
    );
    const source = await openByteSource(new Blob([bytes]), 'x.csv');
    expect(await detectSourceEncoding(source)).toEqual({ encoding: 'utf-8', source: 'valid-utf-8' });
  });

  it('uses the head of a gzip file', async () => {
    const source = await openByteSource(
      new Blob([new Uint8Array(gzipSync(utf8('\uFEFFa,b\n1,2\n')))]),
      'x.csv.gz'
    );
    expect(await detectSourceEncoding(source)).toEqual({ encoding: 'utf-8', source: 'bom' });
  });
});
