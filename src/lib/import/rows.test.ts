import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../engine/errors';
import type { Dialect, EncodingName } from './plan';
import { readRecordBatches, type ReadOptions, type RowBatch } from './rows';
import { openByteSource } from './source';
import { ChunkedBlob, chunksOf, singleByte, utf16, utf8 } from '../../../tests/fixtures/csv/generate';

const COMMA: Dialect = { delimiter: ',', quote: '"', escape: '"', linebreak: '\n', hasHeader: true };

async function readBatches(
  chunks: Uint8Array[],
  dialect: Dialect = COMMA,
  options: ReadOptions = {},
  encoding: EncodingName = 'utf-8'
): Promise<{ batches: RowBatch[]; blob: ChunkedBlob }> {
  const blob = new ChunkedBlob(chunks);
  const batches: RowBatch[] = [];
  for await (const batch of readRecordBatches(
    await openByteSource(blob, 'x.csv'),
    encoding,
    dialect,
    options
  )) {
    batches.push({ ...batch, records: [...batch.records] });
  }
  return { batches, blob };
}

async function readError(chunks: Uint8Array[], dialect: Dialect = COMMA, options: ReadOptions = {}) {
  const batches: RowBatch[] = [];
  const error = await (async () => {
    for await (const batch of readRecordBatches(
      await openByteSource(new ChunkedBlob(chunks), 'x.csv'),
      'utf-8',
      dialect,
      options
    )) {
      batches.push(batch);
    }
  })().then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(ImportError);
  return { error: error as ImportError, batches };
}

const fields = (batches: RowBatch[]) => batches.flatMap((batch) => batch.records.map((r) => r.fields));

describe('readRecordBatches', () => {
  // RELIABILITY.md §0 finding 1, through the streaming path: papaparse's chunked reader gave 39 U+FFFD here.
  it('2,000 rows of CJK and umlauts in 1,000-byte chunks: exact values, no U+FFFD', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => [
      String(i),
      `顧客${i} Müller`,
      `東京都 ${i % 47} Straße`
    ]);
    const data = utf8('id,name,city\n' + rows.map((row) => row.join(',')).join('\n') + '\n');
    const { batches } = await readBatches(chunksOf(data, 1000));
    expect(fields(batches)).toEqual(rows);
    expect(JSON.stringify(fields(batches))).not.toContain('\uFFFD');
    expect(batches.at(-1)?.replacementChars).toBe(0);
  });

  // ... and 501 rows with 5,745 NULs for this one.
  it('500 rows of Excel "Unicode text" (UTF-16LE, BOM, tabs, CRLF) in 4 KiB chunks: 500 rows, no NUL', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => [String(i), `顧客${i} Müller`, `東京都 ${i % 47}`]);
    const text = 'id\tname\tcity\r\n' + rows.map((row) => row.join('\t')).join('\r\n') + '\r\n';
    const dialect: Dialect = { ...COMMA, delimiter: '\t', linebreak: '\r\n' };
    const { batches } = await readBatches(chunksOf(utf16(text, 'le', true), 4096), dialect, {}, 'utf-16le');
    expect(fields(batches)).toEqual(rows);
    expect(JSON.stringify(fields(batches))).not.toMatch(/\\u0000|\uFFFD/);
  });

  it('yields batches of the asked size with lines and growing byte counts, ending at the file size', async () => {
    const text = 'id,note\n' + Array.from({ length: 25 }, (_, i) => `${i},"a\nb"\n`).join('');
    const data = utf8(text);
    const { batches } = await readBatches(chunksOf(data, 7), COMMA, { batchSize: 10 });
    expect(batches.map((b) => b.records.length)).toEqual([10, 10, 5]);
    expect(batches.flatMap((b) => b.records.map((r) => r.line))).toEqual(
      Array.from({ length: 25 }, (_, i) => 2 + 2 * i)
    );
    const bytes = batches.map((b) => b.bytesRead);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect(bytes.at(-1)).toBe(data.length);
  });

  it.each([1, 2, 3, 5, 8])('reads CRLF and quoted newlines the same in chunks of %i bytes', async (size) => {
    const data = utf8('a,b\r\n1,"x\r\ny"\r\n\r\n2,"p\rq"\r\n3,z');
    const { batches } = await readBatches(chunksOf(data, size));
    expect(fields(batches)).toEqual([
      ['1', 'x\r\ny'],
      ['2', 'p\rq'],
      ['3', 'z']
    ]);
  });

  it('reads the first row as data when the file has no header', async () => {
    const { batches } = await readBatches([utf8('1,2\n3,4\n')], { ...COMMA, hasHeader: false });
    expect(batches.flatMap((b) => b.records)).toEqual([
      { fields: ['1', '2'], line: 1 },
      { fields: ['3', '4'], line: 2 }
    ]);
  });

  it('skips rows that carry no data', async () => {
    const { batches } = await readBatches([utf8('a,b\n\n,\n , \n"",""\n1,2\n')]);
    expect(fields(batches)).toEqual([['1', '2']]);
  });

  it('decompresses gzip and counts progress in compressed bytes', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [String(i), `name ${i}`]);
    const compressed = new Uint8Array(gzipSync('id,name\n' + rows.map((row) => row.join(',')).join('\n')));
    const { batches } = await readBatches(chunksOf(compressed, 1000), COMMA, { batchSize: 5000 });
    expect(fields(batches)).toEqual(rows);
    expect(batches.at(-1)?.bytesRead).toBe(compressed.length);
  });

  it('refuses ragged rows after reading the whole file, listing five lines and counting all', async () => {
    const good = Array.from({ length: 100 }, (_, i) => `${i},x\n`).join('');
    const text = 'a,b\n' + good + '1\n' + good + '2,2,2\n3\n4\n5\n6\n' + good;
    const { error, batches } = await readError(chunksOf(utf8(text), 100), COMMA, { batchSize: 30 });
    expect(error.code).toBe('ragged-rows');
    expect(error.details).toEqual({
      count: 6,
      lines: '102, 203, 204, 205, 206',
      line: 102,
      expected: 2,
      found: 1
    });
    expect(error.message).toMatch(
      /^6 rows have .* than the header \(2\).*line 102.*\.\.\..*Nothing was imported/
    );
    // Batches before the first ragged row came out (the caller rolls them back); none from it on.
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.every((b) => b.records.length === 30)).toBe(true);
    expect(Math.max(...batches.flatMap((b) => b.records.map((r) => r.line)))).toBeLessThan(102);
  });

  it('says "first row" when the file has no header', async () => {
    const { error } = await readError([utf8('1,2\n3\n')], { ...COMMA, hasHeader: false });
    expect(error.message).toMatch(/than the first row \(2\)/);
    expect(error.details).toMatchObject({ line: 2, expected: 2, found: 1 });
  });

  it.each([
    ['an empty file', '', 'empty-file'],
    ['blank lines only', '\n\r\n  \n', 'empty-file'],
    ['a header alone', 'a,b\n', 'no-data-rows'],
    ['a header and rows without data', 'a,b\n,\n', 'no-data-rows'],
    ['an unclosed quote', 'a,b\n1,"x\n', 'unterminated-quote'],
    ['text after a closing quote', 'a,b\n1,"x"y\n', 'malformed-quote'],
    ['2,001 columns', Array.from({ length: 2001 }, (_, i) => `c${i}`).join(',') + '\n', 'too-many-columns']
  ])('refuses %s: %s', async (_, text, code) => {
    const { error, batches } = await readError([utf8(text)]);
    expect(error.code).toBe(code);
    expect(batches).toEqual([]);
  });

  it('stops between chunks when aborted, with an AbortError, and cancels the read', async () => {
    const data = utf8('a,b\n' + '1,2\n'.repeat(10_000));
    const blob = new ChunkedBlob(chunksOf(data, 100));
    const controller = new AbortController();
    const seen: RowBatch[] = [];
    const reading = (async () => {
      const source = await openByteSource(blob, 'x.csv');
      for await (const batch of readRecordBatches(source, 'utf-8', COMMA, {
        batchSize: 50,
        signal: controller.signal
      })) {
        seen.push(batch);
        if (seen.length === 3) controller.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(3);
    expect(blob.cancelled).toBe(true);
    expect(blob.chunksRead).toBeLessThan(20);
  });

  it('stops with the signal’s own reason when it has one', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user closed the tab'));
    const source = await openByteSource(new Blob([utf8('a\n1\n')]), 'x.csv');
    const batches = readRecordBatches(source, 'utf-8', COMMA, { signal: controller.signal });
    await expect(batches.next()).rejects.toThrow('user closed the tab');
  });

  it('refuses bytes invalid in the encoding by default, with where they are', async () => {
    const data = new Uint8Array([...utf8('a\n' + 'x\n'.repeat(100)), 0xfc, 0x0a]);
    const { error } = await readError(chunksOf(data, 50));
    expect(error.code).toBe('invalid-encoding');
    expect(error.details).toEqual({ encoding: 'utf-8', byteOffset: 200 });
  });

  it('counts the replacements when the user forces an encoding (fatal: false)', async () => {
    const data = singleByte('name\nMüller\nWeiß\n', 'windows-1252');
    const { batches } = await readBatches([data], COMMA, { fatal: false });
    expect(fields(batches)).toEqual([['M\uFFFDller'], ['Wei\uFFFD']]);
    expect(batches.at(-1)?.replacementChars).toBe(2);
  });
});
