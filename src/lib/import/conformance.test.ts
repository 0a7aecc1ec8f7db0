import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../engine/errors';
import { toColumnNames } from './column-names';
import { parseCsvText, type ParsedCsv } from './csv';
import { decodeBlob } from './decode';
import { toSqlValue } from './infer';
import { readRecordBatches } from './rows';
import { detectSourceEncoding, readSample, type CsvSample, type SampleOverrides } from './sample';
import { openByteSource } from './source';
import { sharedData } from '../../../tests/support/shared-data';
import { ChunkedBlob, chunksOf, csvFixtures } from '../../../tests/fixtures/csv/generate';

/**
 * Public CSV test suites, run through the whole import path (bytes -> decodeBlob -> parseCsvText), and again
 * through the streaming path (openByteSource -> detectSourceEncoding -> readSample -> readRecordBatches) in
 * 5-byte chunks, which must read every file the same way.
 * Layout and caveats: /work/shared/data/csv-conformance/*\/PROVENANCE.md.
 */
const corpusDir = sharedData('csv-conformance');
const CORPUS = `${corpusDir ?? '(missing)'}/`;

type Row = Record<string, string>;

async function importFile(path: string): Promise<ParsedCsv> {
  return parseCsvText(await decodeBlob(new Blob([readFileSync(path)])));
}

async function importError(path: string): Promise<ImportError> {
  const error = await importFile(path).then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

interface Streamed {
  encoding: string;
  sample: CsvSample;
  rows: string[][];
}

/** The streaming import path, up to the strings it would convert and insert. */
async function importStreaming(
  bytes: Uint8Array,
  name: string,
  overrides?: SampleOverrides,
  chunkSize = 5
): Promise<Streamed> {
  const source = await openByteSource(new ChunkedBlob(chunksOf(bytes, chunkSize)), name);
  const { encoding } = await detectSourceEncoding(source);
  const sample = await readSample(source, encoding, overrides);
  const rows: string[][] = [];
  for await (const batch of readRecordBatches(source, encoding, sample.dialect, { batchSize: 3 })) {
    for (const record of batch.records) rows.push(record.fields);
  }
  return { encoding, sample, rows };
}

async function streamingError(bytes: Uint8Array, name: string): Promise<ImportError> {
  const error = await importStreaming(bytes, name).then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

/** The streaming path reads `path` as the suite expects: the header found (no override) and string values. */
async function expectStreamed(path: string, header: string[], rows: string[][]): Promise<void> {
  const streamed = await importStreaming(readFileSync(path), path);
  expect(streamed.sample.header).toEqual(header);
  expect(streamed.rows).toEqual(rows);
}

function listCases(folder: string, extension: string): string[] {
  return readdirSync(folder)
    .filter((file) => file.endsWith(extension))
    .map((file) => file.slice(0, -extension.length))
    .sort();
}

/**
 * Compares the parsed table with expected records keyed by header. The expected strings go through the same
 * typing as the parsed column (`"1"` -> 1 in an INTEGER column), so a wrongly split field or a wrong type both
 * fail. `omitsEmpty`: CSVW leaves empty cells out of its records.
 */
function expectRecords(parsed: ParsedCsv, records: Row[], omitsEmpty = false): void {
  const labels = parsed.columns.map((c) => c.label);
  for (const record of records) {
    if (omitsEmpty) expect(labels).toEqual(expect.arrayContaining(Object.keys(record)));
    else expect(Object.keys(record)).toEqual(labels);
  }
  const expected = records.map((record) =>
    parsed.columns.map((c) => toSqlValue(record[c.label] ?? '', c.type))
  );
  expect(parsed.rows).toEqual(expected);
}

describe.runIf(corpusDir)('csv-spectrum (expected JSON, first row is the header)', () => {
  const folder = `${CORPUS}csv-spectrum/`;
  const cases = listCases(folder + 'csvs', '.csv');
  const KNOWN_BAD = new Set(['location_coordinates']);

  it('has the 12 cases of csv-spectrum 2.0.0', () => {
    expect(cases).toEqual([
      'comma_in_quotes',
      'empty',
      'empty_crlf',
      'escaped_quotes',
      'json',
      'location_coordinates',
      'newlines',
      'newlines_crlf',
      'quotes_and_newlines',
      'simple',
      'simple_crlf',
      'utf8'
    ]);
  });

  it.each(cases.filter((name) => !KNOWN_BAD.has(name)))('%s', async (name) => {
    const parsed = await importFile(`${folder}csvs/${name}.csv`);
    const records = readJson(`${folder}json/${name}.json`) as Row[];
    expectRecords(parsed, records);
    const header = Object.keys(records[0]);
    await expectStreamed(
      `${folder}csvs/${name}.csv`,
      header,
      records.map((record) => header.map((label) => record[label]))
    );
  });

  // Listed exception: the expected JSON of this case does not describe its CSV (PROVENANCE.md): it is an object,
  // not an array, and has another phone number. The CSV itself is valid, so it is checked against its own bytes,
  // including the U+FFFD characters that are literally in the file (EF BF BD), kept as they are.
  it('location_coordinates (expected JSON known to be wrong; checked against the CSV itself)', async () => {
    const parsed = await importFile(`${folder}csvs/location_coordinates.csv`);
    expect(parsed.columns.map((c) => [c.label, c.type])).toEqual([
      ['Contact Phone Number', 'INTEGER'],
      ['Location Coordinates', 'TEXT'],
      ['Cities', 'TEXT'],
      ['Counties', 'TEXT']
    ]);
    expect(parsed.rows).toEqual([
      [2095257564, '37\uFFFD36\'37.8"N 121\uFFFD2\'17.9"W', 'Modesto', 'Stanislaus']
    ]);
    await expectStreamed(
      `${folder}csvs/location_coordinates.csv`,
      parsed.columns.map((c) => c.label),
      [['2095257564', '37\uFFFD36\'37.8"N 121\uFFFD2\'17.9"W', 'Modesto', 'Stanislaus']]
    );
  });
});

describe.runIf(corpusDir)('sineemore/csv-test-data (RFC 4180)', () => {
  const folder = `${CORPUS}csv-test-data/`;
  const cases = listCases(folder + 'csv', '.csv');

  /** Files whose expected JSON is an array of rows, header row included. */
  const ROW_ARRAYS = [
    'empty-field',
    'leading-space',
    'one-column',
    'quotes-empty',
    'quotes-with-comma',
    'quotes-with-escaped-quote',
    'quotes-with-newline',
    'quotes-with-space',
    'simple-crlf',
    'simple-lf',
    'trailing-newline',
    'trailing-newline-one-field',
    'trailing-space',
    'utf8'
  ];
  /** Files whose expected JSON is records under the header `foo,bar,baz`, which is in the file. */
  const RECORDS = ['header-simple'];

  /** Invalid files, and valid files we refuse on purpose: the code and details of the error each gives. */
  const REFUSED: Record<string, { code: string; details: Record<string, string | number>; why: string }> = {
    'bad-header-less-fields': {
      code: 'ragged-rows',
      details: { count: 1, lines: '2', line: 2, expected: 3, found: 2 },
      why: 'a row with fewer fields than the header'
    },
    'bad-header-more-fields': {
      code: 'ragged-rows',
      details: { count: 1, lines: '2', line: 2, expected: 3, found: 4 },
      why: 'a row with more fields than the header'
    },
    'bad-header-no-header': { code: 'empty-file', details: {}, why: 'a 0-byte file' },
    'bad-header-wrong-header': {
      code: 'no-data-rows',
      details: {},
      why: 'only a header; its names are "wrong" only for a reader that expects foo,bar,baz, which we never do'
    },
    'bad-missing-quote': { code: 'unterminated-quote', details: { line: 2 }, why: 'a quote never closed' },
    'bad-quotes-with-unescaped-quote': {
      code: 'malformed-quote',
      details: { line: 2 },
      why: 'text after a closing quote: where the field ends is a guess, so it is not guessed'
    },
    // Listed exception: the suite expects [] (a header and no records). We refuse a table with no rows on purpose
    // (RELIABILITY.md §3.1 item 15: "no data rows" message, no empty table left behind).
    'header-no-rows': {
      code: 'no-data-rows',
      details: {},
      why: 'valid, but a header alone is refused by design'
    },
    // Listed exception: the suite reads "\n\n" as two rows of one empty field. We skip blank lines (papaparse's
    // skipEmptyLines: 'greedy', as Python's csv module does), which leaves nothing: empty file.
    'all-empty': { code: 'empty-file', details: {}, why: 'valid, but blank lines are skipped by design' },
    // Listed exception: the suite reads "foo\n\n" as a header and one empty value. In a one-column file a blank line
    // and an empty value look the same; we skip blank lines, so only the header is left.
    'empty-one-column': {
      code: 'no-data-rows',
      details: {},
      why: 'valid, but blank lines are skipped by design'
    }
  };

  /**
   * Listed exception: RFC 4180 forbids a quote inside an unquoted field, but the reading is unambiguous and
   * Excel, LibreOffice and Python's csv module all keep the quotes as text; so do we (papaparse does).
   */
  const ACCEPTED_INVALID: Record<string, string[][]> = {
    'bad-unescaped-quote': [['1', 'This "quotes" must be escaped', '3']]
  };

  it('covers every file of the suite exactly once', () => {
    const covered = [...ROW_ARRAYS, ...RECORDS, ...Object.keys(REFUSED), ...Object.keys(ACCEPTED_INVALID)];
    expect([...covered].sort()).toEqual(cases);
    expect(new Set(covered).size).toBe(covered.length);
  });

  it.each(ROW_ARRAYS)('%s', async (name) => {
    const parsed = await importFile(`${folder}csv/${name}.csv`);
    const [header, ...rows] = readJson(`${folder}json/${name}.json`) as string[][];
    expectRecords(
      parsed,
      rows.map((row) => Object.fromEntries(header.map((label, i) => [label, row[i]])))
    );
    await expectStreamed(`${folder}csv/${name}.csv`, header, rows);
  });

  it.each(RECORDS)('%s', async (name) => {
    const parsed = await importFile(`${folder}csv/${name}.csv`);
    const records = readJson(`${folder}json/${name}.json`) as Row[];
    expectRecords(parsed, records);
    const header = Object.keys(records[0]);
    await expectStreamed(
      `${folder}csv/${name}.csv`,
      header,
      records.map((record) => header.map((label) => record[label]))
    );
  });

  it.each(Object.entries(REFUSED))('%s is refused: %o', async (name, { code, details }) => {
    const error = await importError(`${folder}csv/${name}.csv`);
    expect({ code: error.code, details: error.details }).toEqual({ code, details });
    expect(error.message.length).toBeGreaterThan(20);
    const streamed = await streamingError(readFileSync(`${folder}csv/${name}.csv`), name);
    expect({ code: streamed.code, details: streamed.details }).toEqual({ code, details });
  });

  it.each(Object.entries(ACCEPTED_INVALID))('%s is read leniently', async (name, expected) => {
    const parsed = await importFile(`${folder}csv/${name}.csv`);
    expect(parsed.columns.map((c) => c.label)).toEqual(['foo', 'bar', 'baz']);
    expect(parsed.rows).toEqual(
      expected.map((row) => row.map((v, i) => toSqlValue(v, parsed.columns[i].type)))
    );
    await expectStreamed(`${folder}csv/${name}.csv`, ['foo', 'bar', 'baz'], expected);
  });
});

describe.runIf(corpusDir)('W3C CSVW csv2json tests without metadata', () => {
  const folder = `${CORPUS}csvw/`;
  interface Entry {
    id: string;
    type: string;
    action: string;
    result: string;
    option?: { minimal?: boolean };
  }
  interface StandardJson {
    tables: { row: { describes: Row[] }[] }[];
  }
  const manifest = readJson(`${folder}manifest-json.jsonld`) as { entries: Entry[] };
  const entries = manifest.entries.filter(
    (e) => e.type === 'csvt:ToJsonTest' && e.action.endsWith('.csv') && existsSync(folder + e.result)
  );

  it('has the 9 tests kept from the suite', () => {
    expect(entries.map((e) => e.id.split('#')[1])).toEqual([
      'test001',
      'test005',
      'test006',
      'test007',
      'test008',
      'test009',
      'test010',
      'test028',
      'test029'
    ]);
  });

  it.each(entries.map((e) => [e.id.split('#')[1], e] as const))('%s', async (_, entry) => {
    const parsed = await importFile(folder + entry.action);
    const json = readJson(folder + entry.result);
    // Minimal mode is a plain array of records; standard mode wraps each record in table/row/describes.
    const records = entry.option?.minimal
      ? (json as Row[])
      : (json as StandardJson).tables[0].row.map((row) => row.describes[0]);
    expectRecords(parsed, records, true);
    const header = parsed.columns.map((c) => c.label);
    await expectStreamed(
      folder + entry.action,
      header,
      records.map((record) => header.map((label) => record[label] ?? ''))
    );
  });
});

/** Generated fixtures: tests/fixtures/csv/generate.ts, each with the outcome the streaming path must reach. */
describe('everyday and hostile files (tests/fixtures/csv)', () => {
  it.each(csvFixtures().map((fixture) => [fixture.name, fixture.about, fixture] as const))(
    '%s: %s',
    async (_, __, { name, bytes, expect: outcome }) => {
      if (outcome.kind === 'table') {
        // 997-byte chunks: an odd size, so chunk boundaries fall inside characters, CRLFs and quoted fields.
        const streamed = await importStreaming(bytes, name, undefined, 997);
        expect(streamed.encoding).toBe(outcome.encoding);
        expect(streamed.sample.dialect).toMatchObject({
          delimiter: outcome.delimiter,
          hasHeader: outcome.hasHeader
        });
        expect(streamed.sample.header).toEqual(outcome.header);
        expect(streamed.rows).toEqual(outcome.rows);
        expect(JSON.stringify(streamed.rows)).not.toMatch(/\\u0000|\uFFFD/);
      } else {
        const error = await importStreaming(bytes, name, undefined, 997).then(
          () => undefined,
          (e: unknown) => e
        );
        expect(error).toBeInstanceOf(ImportError);
        expect(error).toMatchObject({ code: outcome.code, details: outcome.details ?? {} });
        expect((error as ImportError).message.length).toBeGreaterThan(20);
      }
    }
  );

  it('turns duplicate, empty and hostile headers into unique names, keeping them as labels', async () => {
    const fixture = csvFixtures().find((f) => f.name === 'headers-duplicate-empty.csv')!;
    const { sample } = await importStreaming(fixture.bytes, fixture.name, undefined, 997);
    expect(toColumnNames(sample.header!)).toEqual([
      { name: 'id', label: 'id' },
      { name: 'id_2', label: 'id' },
      { name: 'column_3', label: '' },
      { name: 'Email', label: 'Email' },
      { name: 'email_2', label: 'email' },
      { name: 'a"; DROP TABLE x; --', label: 'a"; DROP TABLE x; --' },
      { name: 'column_7', label: '' }
    ]);
  });
});
