import { describe, expect, it } from 'vitest';
import { ImportError } from '../engine/errors';
import { CsvStreamParser, MAX_FIELD_LENGTH, isBlankRecord, type CsvRecord } from './csv-stream';
import type { Dialect } from './plan';
import { seededRandom, toCsvLine } from '../../../tests/fixtures/csv/generate';

type ParserDialect = Pick<Dialect, 'delimiter' | 'quote' | 'escape'>;
const RFC: ParserDialect = { delimiter: ',', quote: '"', escape: '"' };

function parse(pieces: readonly string[], dialect: ParserDialect = RFC): CsvRecord[] {
  const parser = new CsvStreamParser(dialect);
  const records = pieces.flatMap((piece) => parser.push(piece));
  return [...records, ...parser.end()];
}

/** The text cut into two pieces at every position, and into pieces of every size from 1 to 7. */
function* cuts(text: string): Generator<[string, string[]]> {
  yield ['whole', [text]];
  for (let at = 0; at <= text.length; at++) yield [`cut at ${at}`, [text.slice(0, at), text.slice(at)]];
  for (let size = 1; size <= 7; size++) {
    const pieces: string[] = [];
    for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
    yield [`pieces of ${size}`, pieces];
  }
}

function parseError(pieces: readonly string[], dialect: ParserDialect = RFC): ImportError {
  try {
    parse(pieces, dialect);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error(`expected an ImportError for ${JSON.stringify(pieces.join(''))}`);
}

describe('CsvStreamParser', () => {
  // [case, text, records as [line, ...fields], dialect]
  const cases: [string, string, [number, ...string[]][], ParserDialect?][] = [
    [
      'LF',
      'a,b\n1,2\n',
      [
        [1, 'a', 'b'],
        [2, '1', '2']
      ]
    ],
    [
      'CRLF',
      'a,b\r\n1,2\r\n',
      [
        [1, 'a', 'b'],
        [2, '1', '2']
      ]
    ],
    [
      'CR (old Mac)',
      'a,b\r1,2\r',
      [
        [1, 'a', 'b'],
        [2, '1', '2']
      ]
    ],
    [
      'mixed line ends',
      'a\r\nb\nc\rd',
      [
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
        [4, 'd']
      ]
    ],
    [
      'no final line break',
      'a,b\n1,2',
      [
        [1, 'a', 'b'],
        [2, '1', '2']
      ]
    ],
    [
      'a trailing delimiter is an empty last field',
      'a,\n,b\n',
      [
        [1, 'a', ''],
        [2, '', 'b']
      ]
    ],
    ['empty fields, quoted and not', '"",x,\n', [[1, '', 'x', '']]],
    [
      'RFC 4180 quoting: delimiters, doubled quotes, every line break',
      '"x, y","say ""hi""","one\r\ntwo\nthree\rfour"\n5,6,7\n',
      [
        [1, 'x, y', 'say "hi"', 'one\r\ntwo\nthree\rfour'],
        [5, '5', '6', '7']
      ]
    ],
    ['a quoted field that is only a quote', '""""\n', [[1, '"']]],
    [
      'blank and whitespace-only lines give no record but count',
      '\n\na,b\n  \n\t\r\n1,2\r\n\r\n',
      [
        [3, 'a', 'b'],
        [6, '1', '2']
      ]
    ],
    [
      'a lone quoted empty value is a blank line',
      'a\n""\nb\n',
      [
        [1, 'a'],
        [3, 'b']
      ]
    ],
    [
      'rows of empty fields are records (the table decides)',
      'a,b\n,\n',
      [
        [1, 'a', 'b'],
        [2, '', '']
      ]
    ],
    [
      'quotes inside an unquoted field are text',
      '1,5" screen,say "hi"\n',
      [[1, '1', '5" screen', 'say "hi"']]
    ],
    ['a quote after leading spaces is text', ' "a",b\n', [[1, ' "a"', 'b']]],
    ['spaces after a closing quote are dropped', '"a"  ,"b"\t\n', [[1, 'a', 'b']]],
    [
      'multi-line records: the line where each starts',
      'h\n"a\nb"\n"c\r\n\r\nd"\nx\n',
      [
        [1, 'h'],
        [2, 'a\nb'],
        [4, 'c\r\n\r\nd'],
        [7, 'x']
      ]
    ],
    [
      'values kept exactly: spaces, formulas, markup, emoji',
      '  padded  ,=1+1,<b>x</b>,😎👩‍👩‍👧\n',
      [[1, '  padded  ', '=1+1', '<b>x</b>', '😎👩‍👩‍👧']]
    ],
    [
      'tab delimiter',
      'a\tb c\n"x\ty"\tz\n',
      [
        [1, 'a', 'b c'],
        [2, 'x\ty', 'z']
      ],
      { delimiter: '\t', quote: '"', escape: '"' }
    ],
    [
      'semicolon, decimal commas',
      'Name;Betrag\nMüller;1.234,50\n',
      [
        [1, 'Name', 'Betrag'],
        [2, 'Müller', '1.234,50']
      ],
      { delimiter: ';', quote: '"', escape: '"' }
    ],
    [
      'backslash escapes: only \\" and \\\\, other backslashes are text',
      '"a\\"b","c\\\\d","C:\\temp\\x"\n',
      [[1, 'a"b', 'c\\d', 'C:\\temp\\x']],
      { delimiter: ',', quote: '"', escape: '\\' }
    ],
    ['single quotes', "'a,b','it''s'\n", [[1, 'a,b', "it's"]], { delimiter: ',', quote: "'", escape: "'" }],
    ['no quoting at all', '"a,b"\n', [[1, '"a', 'b"']], { delimiter: ',', quote: '', escape: '' }]
  ];

  it.each(cases)('%s, cut anywhere', (_, text, expected, dialect = RFC) => {
    const want = expected.map(([line, ...fields]) => ({ line, fields }));
    for (const [how, pieces] of cuts(text)) expect(parse(pieces, dialect), how).toEqual(want);
  });

  it('splits CRLF across chunks without a phantom record or a stray \\r', () => {
    const parser = new CsvStreamParser(RFC);
    expect(parser.push('a,b\r')).toEqual([{ fields: ['a', 'b'], line: 1 }]);
    expect(parser.push('\n1,2\r')).toEqual([{ fields: ['1', '2'], line: 2 }]);
    expect(parser.push('\n3,4')).toEqual([]);
    expect(parser.end()).toEqual([{ fields: ['3', '4'], line: 3 }]);
    expect(parser.linebreak).toBe('\r\n');
  });

  it('keeps a quoted newline split across chunks inside its value', () => {
    const parser = new CsvStreamParser(RFC);
    expect(parser.push('id,note\n1,"first\r')).toEqual([{ fields: ['id', 'note'], line: 1 }]);
    expect(parser.push('\nsecond"')).toEqual([]);
    expect(parser.push('\n2,x\n')).toEqual([
      { fields: ['1', 'first\r\nsecond'], line: 2 },
      { fields: ['2', 'x'], line: 4 }
    ]);
  });

  it.each([
    ['LF', 'a\nb\r\n', '\n'],
    ['CRLF', 'a\r\nb\n', '\r\n'],
    ['CR', 'a\rb\n', '\r'],
    ['a CR at the very end', 'a\r', '\r'],
    ['the first one outside quotes', '"x\ny"\r\nz\n', '\r\n']
  ])('reports the first line break: %s', (_, text, linebreak) => {
    for (const [how, pieces] of cuts(text)) {
      const parser = new CsvStreamParser(RFC);
      for (const piece of pieces) parser.push(piece);
      parser.end();
      expect(parser.linebreak, how).toBe(linebreak);
    }
  });

  it('has no line break to report for a single line', () => {
    const parser = new CsvStreamParser(RFC);
    parser.push('a,b');
    parser.end();
    expect(parser.linebreak).toBeUndefined();
  });

  it.each([
    ['in a data row', 'a,b\n1,"open\n2,3\n', 2],
    ['after a quoted multi-line field', 'a,b\n1,"x\ny"\n2,"open\n3,4\n', 4],
    ['in the header', 'a,"b\n1,2\n', 1],
    ['right after a doubled quote', 'a\n"x""\n', 2],
    ['after a backslash escape', 'a\n"x\\"\n', 2, { delimiter: ',', quote: '"', escape: '\\' }]
  ] as [string, string, number, ParserDialect?][])(
    'an unterminated quote %s: unterminated-quote with its line',
    (_, text, line, dialect = RFC) => {
      for (const [how, pieces] of cuts(text)) {
        const error = parseError(pieces, dialect);
        expect({ how, code: error.code, details: error.details }).toEqual({
          how,
          code: 'unterminated-quote',
          details: { line }
        });
      }
    }
  );

  it.each([
    ['text after the closing quote', 'a,b\n1,2\n3,"Hey, I said " hi",4\n', 3],
    ['a quoted multi-line field followed by text', 'a\n"x\ny"z\n', 2],
    ['spaces then text', 'a\n"x"  y\n', 2]
  ])('%s: malformed-quote with the line where the quote opened', (_, text, line) => {
    for (const [how, pieces] of cuts(text)) {
      const error = parseError(pieces);
      expect({ how, code: error.code, details: error.details }).toEqual({
        how,
        code: 'malformed-quote',
        details: { line }
      });
    }
  });

  it.each([
    ['an empty delimiter', { delimiter: '', quote: '"', escape: '"' }],
    ['a two-character delimiter', { delimiter: ';;', quote: '"', escape: '"' }],
    ['a line break as delimiter', { delimiter: '\n', quote: '"', escape: '"' }],
    ['the quote as delimiter', { delimiter: '"', quote: '"', escape: '"' }],
    ['a two-character quote', { delimiter: ',', quote: '""', escape: '"' }]
  ])('refuses %s', (_, dialect) => {
    expect(() => new CsvStreamParser(dialect)).toThrow(expect.objectContaining({ code: 'invalid-dialect' }));
  });

  it('refuses a value longer than the limit before joining it, with the line', () => {
    const parser = new CsvStreamParser(RFC);
    parser.push('a\n"');
    const megabyte = 'x'.repeat(1 << 20);
    let error: unknown;
    try {
      for (let i = 0; i <= MAX_FIELD_LENGTH / megabyte.length; i++) parser.push(megabyte);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'field-too-large', details: { line: 2, limit: MAX_FIELD_LENGTH } });
  });

  it('reads seeded random tables exactly, whatever the chunk sizes', () => {
    const random = seededRandom(4180);
    const alphabet = ['a', 'Z', '1', ' ', ',', '"', '\n', '\r', '\r\n', 'ä', '€', '😎', '顧', '\t'];
    const linebreaks = ['\n', '\r\n', '\r'];
    for (let round = 0; round < 40; round++) {
      const width = 2 + Math.floor(random() * 4);
      const records: CsvRecord[] = [];
      let text = '';
      let line = 1;
      for (let r = 0; r < 30; r++) {
        const fields = Array.from({ length: width }, () =>
          Array.from(
            { length: Math.floor(random() * 6) },
            () => alphabet[Math.floor(random() * alphabet.length)]
          ).join('')
        );
        const serialized = toCsvLine(fields, ',', linebreaks[Math.floor(random() * 3)]);
        records.push({ fields, line });
        text += serialized;
        line += (serialized.match(/\r\n|\r|\n/g) ?? []).length;
      }
      const pieces: string[] = [];
      for (let i = 0; i < text.length;) {
        const size = 1 + Math.floor(random() * 40);
        pieces.push(text.slice(i, i + size));
        i += size;
      }
      expect(parse(pieces), `round ${round}`).toEqual(records);
    }
  });
});

describe('isBlankRecord', () => {
  it.each([
    [[''], true],
    [['', ' ', '\t'], true],
    [[' ', 'x'], false],
    [['0'], false]
  ])('%j: %s', (fields, blank) => {
    expect(isBlankRecord(fields)).toBe(blank);
  });
});
