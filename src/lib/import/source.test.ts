import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../engine/errors';
import { openByteSource, type ByteSource } from './source';
import { ChunkedBlob, chunksOf, utf8 } from '../../../tests/fixtures/csv/generate';

async function readAll(source: ByteSource, onSourceBytes?: (n: number) => void): Promise<Uint8Array> {
  return new Uint8Array(await new Response(source.stream(onSourceBytes)).arrayBuffer());
}

async function openError(blob: Blob, name: string): Promise<ImportError> {
  const error = await openByteSource(blob, name).then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

const csv = utf8('id,name\n' + Array.from({ length: 5000 }, (_, i) => `${i},Kunde ${i} Müller\n`).join(''));

describe('openByteSource', () => {
  it('opens a plain file with random access and its head', async () => {
    const source = await openByteSource(new Blob([csv]), 'kunden.csv');
    expect(source).toMatchObject({ size: csv.length, gzip: false, fileName: 'kunden.csv' });
    expect(source.head).toEqual(csv.subarray(0, 64 * 1024));
    expect(new Uint8Array(await source.slice!(8, 12).arrayBuffer())).toEqual(csv.subarray(8, 12));
    expect(await readAll(source)).toEqual(csv);
  });

  it('reports the bytes read from a plain file', async () => {
    const source = await openByteSource(new ChunkedBlob(chunksOf(csv, 1000)), 'kunden.csv');
    const seen: number[] = [];
    await readAll(source, (n) => seen.push(n));
    expect(seen).toHaveLength(Math.ceil(csv.length / 1000));
    expect(seen.at(-1)).toBe(csv.length);
  });

  it.each([
    ['named .csv.gz', 'kunden.csv.gz'],
    ['named .csv (recognised by its magic bytes)', 'kunden.csv']
  ])('decompresses gzip %s, read in small chunks', async (_, name) => {
    const compressed = new Uint8Array(gzipSync(csv));
    const source = await openByteSource(new ChunkedBlob(chunksOf(compressed, 1000)), name);
    expect(source).toMatchObject({ size: compressed.length, gzip: true });
    expect(source.slice).toBeUndefined();
    expect(source.head).toEqual(csv.subarray(0, 64 * 1024));
    const seen: number[] = [];
    expect(await readAll(source, (n) => seen.push(n))).toEqual(csv);
    expect(seen.at(-1)).toBe(compressed.length);
  });

  it('reads a file named .gz that is not compressed as it is', async () => {
    const source = await openByteSource(new Blob([csv]), 'already-unpacked.csv.gz');
    expect(source.gzip).toBe(false);
    expect(await readAll(source)).toEqual(csv);
  });

  it('opens an empty file (the sample then says it is empty)', async () => {
    const source = await openByteSource(new Blob([]), 'empty.csv');
    expect(source).toMatchObject({ size: 0, gzip: false, head: new Uint8Array(0) });
  });

  it.each([
    ['xlsx/zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), /Excel workbook/],
    ['pdf', utf8('%PDF-1.7\n'), /PDF document/],
    ['png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /PNG image/],
    ['sqlite', utf8('SQLite format 3\0\x10\x00'), /SQLite database/]
  ])('refuses a %s file renamed .csv', async (kind, bytes, message) => {
    const error = await openError(new Blob([bytes]), 'data.csv');
    expect(error.code).toBe('binary-file');
    expect(error.details).toEqual({ kind });
    expect(error.message).toMatch(message);
  });

  it.each([
    [
      'a compressed PNG',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      'png'
    ],
    [
      'a tar archive (.tar.gz)',
      new Uint8Array([...utf8('data.csv'), ...new Uint8Array(249), ...utf8('ustar\0')]),
      'tar'
    ]
  ])('refuses %s inside gzip', async (_, bytes, kind) => {
    const error = await openError(new Blob([gzipSync(bytes)]), 'data.csv.gz');
    expect({ code: error.code, details: error.details }).toEqual({ code: 'binary-file', details: { kind } });
  });

  it('refuses a damaged gzip file when it is opened', async () => {
    const error = await openError(
      new Blob([new Uint8Array([0x1f, 0x8b, 0x08, 0, 1, 2, 3, 4, 5, 6, 7])]),
      'x.gz'
    );
    expect(error.code).toBe('invalid-gzip');
  });

  it('reports a gzip file cut short while it is read', async () => {
    const compressed = new Uint8Array(gzipSync(csv));
    const source = await openByteSource(
      new Blob([compressed.subarray(0, compressed.length - 100)]),
      'x.csv.gz'
    );
    await expect(readAll(source)).rejects.toMatchObject({ code: 'invalid-gzip' });
  });
});
