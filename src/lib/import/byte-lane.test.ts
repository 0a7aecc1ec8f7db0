import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canReadBytes, isIsoDate, readPackedBatches, readPlainDecimal } from './byte-lane';
import { MAX_FIELD_LENGTH } from './csv-stream';
import { RowConverter, WidenColumn, type ImportValue, type WrittenColumn } from './convert-rows';
import { createConverter } from './infer';
import { unpackRows } from './packed-rows';
import type { ParseJob } from './parse-job';
import type { ColumnFormat } from './plan';
import { planImport } from './planner';
import { readRecordBatches } from './rows';
import { openByteSource } from './source';
import { sharedData } from '../../../tests/support/shared-data';
import {
  ChunkedBlob,
  chunksOf,
  csvFixtures,
  seededRandom,
  splitAt,
  toCsvLine,
  utf8
} from '../../../tests/fixtures/csv/generate';

/**
 * The byte lane must read every file exactly as the string reader does: the same rows (values and storage
 * kinds, -0 included), the same warnings, the same columns widened, the same error. Both run as the import
 * runs them: a `WidenColumn` starts over with that column as TEXT.
 */

interface Outcome {
  rows: ImportValue[][];
  warnings: unknown[];
  widened: string[];
  error?: { name: string; message: string; code?: string };
}

type Lane = (bytes: Uint8Array, job: ParseJob, chunks: Uint8Array[]) => AsyncGenerator<ImportValue[][]>;

const BATCH = 7;

const viaStrings: Lane = async function* (_bytes, job, chunks) {
  const source = await openByteSource(new ChunkedBlob(chunks), job.fileName);
  const converter = new RowConverter(job.columns);
  for await (const batch of readRecordBatches(source, job.encoding, job.dialect, { batchSize: BATCH })) {
    yield unpackRows(converter.convertPacked(batch.records));
  }
  return converter.warnings();
};

const viaBytes: Lane = async function* (_bytes, job, chunks) {
  const source = await openByteSource(new ChunkedBlob(chunks), job.fileName);
  const batches = readPackedBatches(source, job, { batchSize: BATCH });
  for (;;) {
    const next = await batches.next();
    if (next.done) return next.value.warnings;
    expect(next.value.packed.rows).toBeLessThanOrEqual(BATCH);
    yield unpackRows(next.value.packed);
  }
};

async function runLikeImport(
  lane: Lane,
  bytes: Uint8Array,
  job: ParseJob,
  chunks: Uint8Array[]
): Promise<Outcome> {
  const widened: string[] = [];
  let columns = job.columns;
  for (;;) {
    const rows: ImportValue[][] = [];
    const batches = lane(bytes, { ...job, columns }, chunks);
    try {
      for (;;) {
        const next = await batches.next();
        if (next.done) return { rows, warnings: next.value as unknown as unknown[], widened };
        rows.push(...next.value);
      }
    } catch (error) {
      if (error instanceof WidenColumn) {
        widened.push(`${error.column}@${error.line}`);
        columns = columns.map((column) =>
          column.name === error.column ? { ...column, type: 'TEXT', format: { kind: 'text' } } : column
        );
        continue;
      }
      const { name, message, code } = error as Error & { code?: string };
      return { rows: [], warnings: [], widened, error: { name, message, code } };
    }
  }
}

async function planned(bytes: Uint8Array, name: string): Promise<ParseJob | undefined> {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
  try {
    const plan = await planImport(await openByteSource(blob, name), {});
    return {
      file: blob,
      fileName: name,
      encoding: plan.encoding,
      dialect: plan.dialect,
      fatal: plan.encodingSource !== 'user',
      columns: plan.columns.map((column, source): WrittenColumn => ({ ...column, source }))
    };
  } catch {
    return undefined;
  }
}

/** Both lanes over the same bytes, cut into pieces several ways; returns the outcome. */
async function expectSameReading(bytes: Uint8Array, job: ParseJob, seed = 1): Promise<Outcome> {
  expect(canReadBytes(job)).toBe(true);
  const random = seededRandom(seed);
  const small = bytes.length <= 20_000;
  const cuts: Uint8Array[][] = [
    [bytes.slice()],
    ...(small ? [chunksOf(bytes, 1), chunksOf(bytes, 3)] : []),
    chunksOf(bytes, small ? 64 : 4096),
    splitAt(
      bytes,
      Array.from({ length: 12 }, () => Math.floor(random() * bytes.length)).sort((a, b) => a - b)
    )
  ];
  let outcome: Outcome | undefined;
  for (const chunks of cuts) {
    // The same pieces both ways: an encoding error names the piece it is in.
    const expected = await runLikeImport(viaStrings, bytes, job, chunks);
    expect(await runLikeImport(viaBytes, bytes, job, chunks)).toEqual(expected);
    outcome ??= expected;
  }
  return outcome as Outcome;
}

const TRICKY = [
  '',
  ' ',
  ' \t ',
  'abc',
  'Ünïcödé',
  '日本語',
  '👩‍💻',
  '\u3000',
  '\uFEFFbom',
  'a "quote" inside',
  'comma, inside',
  'line\nbreak',
  'cr\ronly',
  'crlf\r\nin',
  '"',
  '""',
  '0',
  '-0',
  '007',
  '1.5',
  '-12.250',
  '.5',
  '5.',
  '1e5',
  '123456789012345',
  '1234567890123456',
  '9007199254740993',
  '1,234.5',
  '12%',
  '€12',
  '(12)',
  'N/A',
  '-',
  '2024-02-29',
  '2023-02-29',
  '0999-01-01',
  '2024-13-01',
  '2024-1-01',
  '2024-03-05 08:26:00',
  '05/03/2024',
  'true',
  'FALSE',
  'yes'
];

/** Columns of one kind each, so inference gives every type, sprinkled with values that do not fit. */
const KINDS: ((random: () => number, row: number) => string)[] = [
  (_, row) => String(row + 1),
  (random) => (random() * 2000 - 1000).toFixed(Math.floor(random() * 4)),
  (random) =>
    `2024-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`,
  (random) => ['DE', 'FR', 'JP', 'Côte d’Ivoire', '中国'][Math.floor(random() * 5)],
  (random) => (random() < 0.5 ? 'true' : 'false'),
  (random) => String(Math.floor(random() * 100)).padStart(5, '0'),
  (random) => TRICKY[Math.floor(random() * TRICKY.length)]
];

function generatedCsv(seed: number): string {
  const random = seededRandom(seed);
  const width = 1 + Math.floor(random() * 6);
  const kinds = Array.from({ length: width }, () => KINDS[Math.floor(random() * KINDS.length)]);
  const linebreak = ['\n', '\r\n', '\r'][Math.floor(random() * 3)];
  const delimiter = [',', ';', '\t', '|'][Math.floor(random() * 4)];
  const lines = [
    toCsvLine(
      kinds.map((_, i) => `col ${i}`),
      delimiter,
      linebreak
    )
  ];
  const rows = 5 + Math.floor(random() * 60);
  for (let row = 0; row < rows; row++) {
    const roll = random();
    if (roll < 0.03) lines.push(linebreak);
    else if (roll < 0.05) lines.push(delimiter.repeat(width - 1) + linebreak);
    else {
      const fields = kinds.map((kind) =>
        random() < 0.05 ? TRICKY[Math.floor(random() * TRICKY.length)] : kind(random, row)
      );
      lines.push(toCsvLine(fields, delimiter, linebreak));
    }
  }
  let text = lines.join('');
  if (random() < 0.3) text = text.slice(0, -linebreak.length);
  if (random() < 0.2) text = '\uFEFF' + text;
  return text;
}

describe('the byte lane reads files as the string reader does', () => {
  it('on generated files of every column type, tricky values, delimiters and line breaks', async () => {
    let imported = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const bytes = utf8(generatedCsv(seed));
      const job = await planned(bytes, `generated-${seed}.csv`);
      if (!job || !canReadBytes(job)) continue;
      const outcome = await expectSameReading(bytes, job, seed);
      if (!outcome.error) imported++;
    }
    // Most of them import; the rest end in the same error both ways.
    expect(imported).toBeGreaterThan(100);
  });

  it('on every column format forced onto tricky values (widening, values kept as text, NULLs)', async () => {
    const formats: ColumnFormat[] = [
      { kind: 'text' },
      { kind: 'integer', number: { decimal: '.', group: '', percent: false, currency: '' } },
      { kind: 'integer', number: { decimal: '.', group: ',', percent: false, currency: '' } },
      { kind: 'real', number: { decimal: '.', group: '', percent: false, currency: '' } },
      { kind: 'real', number: { decimal: ',', group: '.', percent: false, currency: '' } },
      { kind: 'real', number: { decimal: '.', group: '', percent: true, currency: '' } },
      { kind: 'boolean', trueWords: ['true'], falseWords: ['false'] },
      { kind: 'date', order: 'YMD' },
      { kind: 'date', order: 'DMY' },
      { kind: 'datetime', order: 'YMD' }
    ];
    const values = TRICKY.filter((value) => value !== '');
    const text = toCsvLine(['value']) + values.map((value) => toCsvLine([value])).join('');
    const bytes = utf8(text);
    const job = (await planned(bytes, 'tricky.csv')) as ParseJob;
    for (const format of formats) {
      const type = {
        text: 'TEXT',
        integer: 'INTEGER',
        real: 'REAL',
        boolean: 'BOOLEAN',
        date: 'DATE',
        datetime: 'DATETIME'
      }[format.kind] as WrittenColumn['type'];
      const columns = [{ ...job.columns[0], type, format }];
      await expectSameReading(bytes, { ...job, columns });
    }
  });

  it('on the nasty fixture files it can read', async () => {
    let read = 0;
    for (const fixture of csvFixtures()) {
      const job = await planned(fixture.bytes, fixture.name);
      if (!job || !canReadBytes(job)) continue;
      await expectSameReading(fixture.bytes, job);
      read++;
    }
    expect(read).toBeGreaterThan(5);
  });

  it('on hostile structure: quote errors, ragged rows, a header only, blank lines, columns left out', async () => {
    const files = [
      'a,b\n1,"x"y\n',
      'a,b\n1,"open\n2,3\n',
      'a,b\n1,2\n3\n4,5,6\n7,8\n',
      'a,b\n',
      'a,b\n\n\n \n1,2\n\r\n,\n3,4',
      'a,b\r1,"multi\r\nline"\r2,"x"  \r3,"y"\t,4\r',
      'a;b\n"1";"2"\n"";" "\n',
      '\uFEFF"a","b"\n"x""y","z"\n'
    ];
    for (const text of files) {
      const bytes = utf8(text);
      const job = await planned(bytes, 'hostile.csv');
      if (!job) continue;
      await expectSameReading(bytes, job);
      // Only some columns written, in another order.
      if (job.columns.length > 1) {
        await expectSameReading(bytes, { ...job, columns: [job.columns[1], job.columns[0]] });
        await expectSameReading(bytes, { ...job, columns: [job.columns[1]] });
      }
    }
  });

  it('reports what the string reader reports first when a file has several problems', async () => {
    const integer: ColumnFormat = {
      kind: 'integer',
      number: { decimal: '.', group: '', percent: false, currency: '' }
    };
    const files = [
      // A value needing a wider column, then a row of the wrong width or a quote error: no widening first.
      'a,b\n1,007\n2\n',
      'a,b\n1,007\n2,"x"y\n',
      'a,b\n1,007\n2,3\n4,"open\n',
      // A quote error in a long record, then bytes that are not UTF-8.
      `a,b\n1,"${'x'.repeat(300)}"yz\xff\n`
    ];
    for (const text of files) {
      const bytes = new Uint8Array([...text].map((c) => (c === '\xff' ? 0xff : c.charCodeAt(0))));
      const job = (await planned(utf8('a,b\n1,2\n'), 'several.csv')) as ParseJob;
      const columns = job.columns.map((column) => ({ ...column, type: 'INTEGER' as const, format: integer }));
      const outcome = await expectSameReading(bytes, { ...job, columns });
      expect(outcome.error).toBeDefined();
    }
  });

  it("stops a field at the string reader's length limit while it grows, without reading the whole file", async () => {
    const size = MAX_FIELD_LENGTH + 200_000;
    const bytes = new Uint8Array(size + 3 + 2 * 65_536).fill(0x78);
    bytes.set(utf8('a\n"'));
    const chunks = chunksOf(bytes, 65_536);
    const job: ParseJob = {
      ...((await planned(utf8('a\nx\n'), 'huge.csv')) as ParseJob),
      fileName: 'huge.csv'
    };
    const expected = await runLikeImport(viaStrings, bytes, job, chunks);
    expect(expected.error?.code).toBe('field-too-large');
    const blob = new ChunkedBlob(chunks);
    const source = await openByteSource(blob, job.fileName);
    const error = await (async () => {
      for await (const batch of readPackedBatches(source, job, { batchSize: BATCH })) void batch;
    })().catch((e: unknown) => e as Error);
    expect({ name: error?.name, message: error?.message }).toEqual({
      name: expected.error?.name,
      message: expected.error?.message
    });
    // Stopped within a few pieces of the limit, not at the end of the file.
    expect(blob.chunksRead).toBeLessThan(MAX_FIELD_LENGTH / 65_536 + 4);
    expect(chunks.length).toBeGreaterThan(MAX_FIELD_LENGTH / 65_536 + 4);
  }, 120_000);

  it('refuses bytes that are not UTF-8 with the string reader error, wherever they are', async () => {
    const bytes = new Uint8Array([...utf8('name,city\nA,'), 0xc3, 0x28, ...utf8('\nB,C\n')]);
    const job = (await planned(utf8('name,city\nA,x\nB,C\n'), 'bad.csv')) as ParseJob;
    const outcome = await expectSameReading(bytes, job);
    expect(outcome.error?.code).toBe('invalid-encoding');
    // A character cut by the end of the file.
    const cut = new Uint8Array([...utf8('name,city\nA,'), 0xe6, 0x97]);
    expect((await expectSameReading(cut, job)).error?.code).toBe('invalid-encoding');
  });

  const retail = sharedData('online-retail/online_retail.csv.gz');
  it.skipIf(!retail)(
    'on the real UCI Online Retail file (541,909 rows, gzip)',
    async () => {
      const bytes = new Uint8Array(readFileSync(retail as string));
      const job = (await planned(bytes, 'online_retail.csv.gz')) as ParseJob;
      expect(canReadBytes(job)).toBe(true);
      const source = await openByteSource(new Blob([bytes]), job.fileName);
      const chunks: Uint8Array[] = [];
      const reader = source.stream().getReader();
      for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
      // The decompressed text, in the pieces the browser's stream would give.
      const text = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
      chunks.reduce((at, chunk) => (text.set(chunk, at), at + chunk.length), 0);
      const expected = await runLikeImport(
        viaStrings,
        text,
        { ...job, fileName: 'online_retail.csv' },
        chunks
      );
      const actual = await runLikeImport(viaBytes, text, { ...job, fileName: 'online_retail.csv' }, chunks);
      expect(actual.error).toBeUndefined();
      expect(actual.rows.length).toBe(541_909);
      expect(actual).toEqual(expected);
    },
    120_000
  );

  const corpus = sharedData('csv-conformance');
  it.skipIf(!corpus)('on every file of the CSV conformance corpora', async () => {
    let read = 0;
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? walk(path) : name.endsWith('.csv') ? [path] : [];
      });
    for (const path of walk(corpus as string)) {
      const bytes = new Uint8Array(readFileSync(path));
      const job = await planned(bytes, path);
      if (!job || !canReadBytes(job)) continue;
      await expectSameReading(bytes, job);
      read++;
    }
    expect(read).toBeGreaterThan(30);
  });
});

describe('readPlainDecimal and isIsoDate agree with the converters they stand in for', () => {
  const integer = createConverter({
    kind: 'integer',
    number: { decimal: '.', group: ',', percent: false, currency: '' }
  });
  const real = createConverter({
    kind: 'real',
    number: { decimal: '.', group: '', percent: false, currency: '' }
  });
  const date = createConverter({ kind: 'date', order: 'YMD' });

  it('on random and edge-case texts', () => {
    const random = seededRandom(7);
    const texts = [
      '0',
      '-0',
      '00',
      '0.0',
      '-0.0',
      '0.5',
      '10',
      '-10',
      '999999999999999',
      '9999999999999999',
      '1.000000000000001',
      '123.456',
      '.5',
      '5.',
      '-',
      '--1',
      '+1',
      '1.2.3',
      '1e3',
      ' 1',
      '1 ',
      '0.1',
      '0.30000000000000004',
      '2024-02-29',
      '2023-02-29',
      '1000-01-01',
      '0999-12-31',
      '9999-12-31',
      '2024-00-10',
      '2024-04-31',
      '2024-4-01',
      '2024/04/01'
    ];
    for (let i = 0; i < 3000; i++) {
      const digits = Array.from({ length: 1 + Math.floor(random() * 17) }, () =>
        Math.floor(random() * 10)
      ).join('');
      const point = Math.floor(random() * (digits.length + 1));
      texts.push(
        (random() < 0.3 ? '-' : '') +
          (random() < 0.6 ? digits.slice(0, point) + '.' + digits.slice(point) : digits)
      );
    }
    for (const text of texts) {
      const bytes = utf8(text);
      const asInteger = readPlainDecimal(bytes, 0, bytes.length, true);
      if (!Number.isNaN(asInteger)) expect([text, integer(text)]).toEqual([text, asInteger]);
      const asReal = readPlainDecimal(bytes, 0, bytes.length, false);
      if (!Number.isNaN(asReal)) expect([text, real(text)]).toEqual([text, asReal]);
      if (isIsoDate(bytes, 0, bytes.length)) expect([text, date(text)]).toEqual([text, text]);
    }
  });
});

describe('canReadBytes', () => {
  const dialect = { delimiter: ',', quote: '"', escape: '"', linebreak: '\n', hasHeader: true } as const;
  it('takes checked UTF-8 with RFC 4180 quoting, or no quoting', () => {
    expect(canReadBytes({ encoding: 'utf-8', fatal: true, dialect })).toBe(true);
    expect(
      canReadBytes({ encoding: 'utf-8', fatal: true, dialect: { ...dialect, quote: '', escape: '' } })
    ).toBe(true);
  });
  it('leaves other encodings, a forced encoding and backslash escapes to the string reader', () => {
    expect(canReadBytes({ encoding: 'windows-1252', fatal: true, dialect })).toBe(false);
    expect(canReadBytes({ encoding: 'utf-16le', fatal: true, dialect })).toBe(false);
    expect(canReadBytes({ encoding: 'utf-8', fatal: false, dialect })).toBe(false);
    expect(canReadBytes({ encoding: 'utf-8', fatal: true, dialect: { ...dialect, escape: '\\' } })).toBe(
      false
    );
    expect(canReadBytes({ encoding: 'utf-8', fatal: true, dialect: { ...dialect, delimiter: '§' } })).toBe(
      false
    );
  });
});
