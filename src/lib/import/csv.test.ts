import { describe, expect, it } from 'vitest';
import { ImportError } from '../engine/errors';
import { parseCsvText } from './csv';

function parseError(text: string): ImportError {
  try {
    parseCsvText(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error(`expected an ImportError for ${JSON.stringify(text.slice(0, 80))}`);
}

const names = (text: string) => parseCsvText(text).columns.map((c) => c.name);
const types = (text: string) => parseCsvText(text).columns.map((c) => c.type);
const rows = (text: string) => parseCsvText(text).rows;

describe('parseCsvText', () => {
  it('reads a header and typed rows', () => {
    expect(parseCsvText('id,name,score,zip\n1,Ana,9.5,00123\n2,Björn,7,10115\n')).toEqual({
      columns: [
        { name: 'id', label: 'id', type: 'INTEGER' },
        { name: 'name', label: 'name', type: 'TEXT' },
        { name: 'score', label: 'score', type: 'REAL' },
        { name: 'zip', label: 'zip', type: 'TEXT' }
      ],
      rows: [
        [1, 'Ana', 9.5, '00123'],
        [2, 'Björn', 7, '10115']
      ],
      delimiter: ',',
      linebreak: '\n'
    });
  });

  describe('dialect', () => {
    it.each([
      ['comma', 'a,b;c\n1,2;3\n', ',', [[1, '2;3']]],
      [
        'semicolon (German Excel, decimal commas)',
        'Name;Preis\nApfel;1,50\nBirne;2\nKiwi;0,99\n',
        ';',
        [
          ['Apfel', '1,50'],
          ['Birne', '2'],
          ['Kiwi', '0,99']
        ]
      ],
      [
        'the first candidate when both fit equally well',
        'a;b,c\n1;2,5\n3;4,5\n',
        ',',
        [
          ['1;2', 5],
          ['3;4', 5]
        ]
      ],
      ['tab', 'a\tb c\n1\tx y\n', '\t', [[1, 'x y']]],
      ['pipe', 'a|b\nx|y\n', '|', [['x', 'y']]],
      ['one column (no delimiter)', 'name\nAna\nBjörn\n', ',', [['Ana'], ['Björn']]]
    ])('guesses %s', (_, text, delimiter, expected) => {
      const parsed = parseCsvText(text);
      expect(parsed.delimiter).toBe(delimiter);
      expect(parsed.rows).toEqual(expected);
    });

    it('takes the delimiter that splits the header when a short row makes papaparse give up', () => {
      // papaparse finds no consistent delimiter in these 10 rows and would fall back to a comma: one column.
      const text = 'name;amount\n' + 'x;1\n'.repeat(8) + 'short\n' + 'y;2\n'.repeat(100);
      const error = parseError(text);
      expect(error.code).toBe('ragged-rows');
      expect(error.details).toMatchObject({ count: 1, line: 10, expected: 2, found: 1 });
      expect(error.message).toContain('(semicolon)');
    });

    it('guesses from the start of a large file and still reads all of it', () => {
      const row = 'Ä;"quoted;value";3\n';
      const text = 'a;b;c\n' + row.repeat(Math.ceil((1 << 21) / row.length));
      const parsed = parseCsvText(text);
      expect(parsed.delimiter).toBe(';');
      expect(parsed.rows).toHaveLength(Math.ceil((1 << 21) / row.length));
      expect(parsed.rows.at(-1)).toEqual(['Ä', 'quoted;value', 3]);
    });

    it.each([
      ['LF', 'a,b\n1,x\n2,y\n', '\n'],
      ['CRLF', 'a,b\r\n1,x\r\n2,y\r\n', '\r\n'],
      ['CR (old Mac)', 'a,b\r1,x\r2,y\r', '\r'],
      ['CRLF without a final line break', 'a,b\r\n1,x\r\n2,y', '\r\n']
    ])('reads %s line breaks and leaves no \\r in values', (_, text, linebreak) => {
      const parsed = parseCsvText(text);
      expect(parsed.linebreak).toBe(linebreak);
      expect(parsed.columns.map((c) => c.label)).toEqual(['a', 'b']);
      expect(parsed.rows).toEqual([
        [1, 'x'],
        [2, 'y']
      ]);
    });

    it('keeps RFC 4180 quoted fields exactly: delimiters, doubled quotes, and every kind of line break', () => {
      const text = 'a,b\r\n"x, y","say ""hi"""\r\n"one\r\ntwo","three\nfour\rfive"\r\n"",""""\r\n';
      expect(rows(text)).toEqual([
        ['x, y', 'say "hi"'],
        ['one\r\ntwo', 'three\nfour\rfive'],
        [null, '"']
      ]);
    });

    it('keeps values exactly as written: spaces, formulas, markup', () => {
      const values = [
        '  padded  ',
        '=HYPERLINK("http://x")',
        '<img src=x onerror=alert(1)>',
        '-2+3',
        '\tlead'
      ];
      const text = 'v\n' + values.map((v) => `"${v.replaceAll('"', '""')}"`).join('\n') + '\n';
      expect(rows(text)).toEqual(values.map((v) => [v]));
    });

    it('keeps Japanese, Chinese, Arabic, Korean and emoji values unchanged', () => {
      const values = ['東京都渋谷区', '顧客满意度', 'مرحبا بالعالم', '한국어', '😎 👩‍👩‍👧 🇩🇪', 'Cafe\u0301'];
      const parsed = parseCsvText('値,value\n' + values.map((v, i) => `${i},${v}`).join('\n'));
      expect(parsed.columns[0]).toEqual({ name: '値', label: '値', type: 'INTEGER' });
      expect(parsed.rows.map((r) => r[1])).toEqual(values);
    });

    it('strips a BOM from the first header', () => {
      expect(names('\uFEFFid,name\n1,x\n')).toEqual(['id', 'name']);
    });
  });

  describe('blank lines', () => {
    it.each([
      ['trailing line breaks', 'a,b\n1,2\n\n\n'],
      ['blank lines between rows', 'a,b\n\n1,2\n\n'],
      ['whitespace-only lines', 'a,b\n   \n1,2\n\t\n'],
      ['rows of empty fields (Excel writes these below a table)', 'a,b\n1,2\n,\n , \n"",""\n'],
      ['blank lines before the header', '\n\n  \na,b\n1,2\n'],
      ['CRLF blank lines', 'a,b\r\n\r\n1,2\r\n\r\n']
    ])('skips %s', (_, text) => {
      expect(parseCsvText(text).rows).toEqual([[1, 2]]);
    });

    it('keeps a header of empty names as the header and generates names', () => {
      const parsed = parseCsvText(',,\n1,2,3\n');
      expect(parsed.columns.map((c) => [c.name, c.label])).toEqual([
        ['column_1', ''],
        ['column_2', ''],
        ['column_3', '']
      ]);
      expect(parsed.rows).toEqual([[1, 2, 3]]);
    });

    it('keeps a row with at least one value and reads its empty cells as NULL', () => {
      expect(rows('a,b,c\n,x,\n')).toEqual([[null, 'x', null]]);
    });
  });

  describe('types', () => {
    it.each([
      ['00123 stays text', 'zip\n00123\n10115\n', ['TEXT'], [['00123'], ['10115']]],
      ['2^53 + 1 stays text', 'id\n9007199254740993\n1\n', ['TEXT'], [['9007199254740993'], ['1']]],
      ['-5 is an integer', 'n\n-5\n3\n', ['INTEGER'], [[-5], [3]]],
      ['1e3 is a real', 'x\n1e3\n2\n', ['REAL'], [[1000], [2]]],
      [
        'empty cells are NULL and do not vote',
        'x,y\n,a\n2,\n',
        ['INTEGER', 'TEXT'],
        [
          [null, 'a'],
          [2, null]
        ]
      ],
      [
        'an all-empty column is text',
        'x,y\n,1\n,2\n',
        ['TEXT', 'INTEGER'],
        [
          [null, 1],
          [null, 2]
        ]
      ],
      ['decimal commas stay text', 'x\n"1,5"\n"2,25"\n', ['TEXT'], [['1,5'], ['2,25']]]
    ])('%s', (_, text, expectedTypes, expectedRows) => {
      const parsed = parseCsvText(text);
      expect(parsed.columns.map((c) => c.type)).toEqual(expectedTypes);
      expect(parsed.rows).toEqual(expectedRows);
    });

    it('infers from every row, not the first ones', () => {
      const text =
        'id,code\n' + Array.from({ length: 5000 }, (_, i) => `${i},${i}`).join('\n') + '\n5000,A1\n';
      expect(types(text)).toEqual(['INTEGER', 'TEXT']);
      const parsed = parseCsvText(text);
      expect(parsed.rows[0]).toEqual([0, '0']);
      expect(parsed.rows).toHaveLength(5001);
    });
  });

  describe('headers', () => {
    it('turns hostile headers into safe unique names and keeps them as labels', () => {
      const text =
        '"a""; DROP TABLE x; --",`b`,[c],"first\nname",rowid,Email,email,select,\n1,2,3,4,5,6,7,8,9\n';
      expect(parseCsvText(text).columns.map((c) => [c.name, c.label])).toEqual([
        ['a"; DROP TABLE x; --', 'a"; DROP TABLE x; --'],
        ['`b`', '`b`'],
        ['[c]', '[c]'],
        ['first name', 'first\nname'],
        ['rowid_', 'rowid'],
        ['Email', 'Email'],
        ['email_2', 'email'],
        ['select', 'select'],
        ['column_9', '']
      ]);
    });

    it('accepts 2,000 columns, SQLite’s limit', () => {
      const header = Array.from({ length: 2000 }, (_, i) => `c${i}`).join(',');
      const parsed = parseCsvText(`${header}\n${'1,'.repeat(1999)}1\n`);
      expect(parsed.columns).toHaveLength(2000);
    });

    it('refuses 2,001 columns', () => {
      const header = Array.from({ length: 2001 }, (_, i) => `c${i}`).join(',');
      const error = parseError(`${header}\n${'1,'.repeat(2000)}1\n`);
      expect(error.code).toBe('too-many-columns');
      expect(error.details).toEqual({ count: 2001 });
      expect(error.message).toMatch(/2001 columns.*at most 2000/);
    });
  });

  describe('refused files', () => {
    it.each([
      ['an empty file', ''],
      ['only whitespace', '  \n\t\r\n  '],
      ['only a BOM', '\uFEFF'],
      ['a BOM and blank lines', '\uFEFF\n\n']
    ])('%s: empty-file', (_, text) => {
      const error = parseError(text);
      expect(error.code).toBe('empty-file');
      expect(error.message).toMatch(/empty/);
    });

    it.each([
      ['a header without a line break', 'a,b'],
      ['a header with a line break', 'a,b\r\n'],
      ['a header and blank lines', 'a,b\n\n  \n,\n']
    ])('%s: no-data-rows', (_, text) => {
      const error = parseError(text);
      expect(error.code).toBe('no-data-rows');
      expect(error.message).toMatch(/header row but no data rows/);
    });

    it.each([
      ['a short row', 'a,b\n1,2\n3\n', { count: 1, lines: '3', line: 3, expected: 2, found: 1 }],
      ['a long row', 'a,b\n1,2,3\n', { count: 1, lines: '2', line: 2, expected: 2, found: 3 }],
      [
        'after a quoted two-line field',
        'a,b\n1,"x\ny"\n3\n',
        { count: 1, lines: '4', line: 4, expected: 2, found: 1 }
      ],
      [
        // A lone CR inside a value counts as a line break, as text editors show it.
        'after quoted CRLF and CR line breaks',
        'a,b\r\n1,"x\r\ny\r\nz"\r\n2,"p\rq"\r\n4,5,6\r\n',
        { count: 1, lines: '7', line: 7, expected: 2, found: 3 }
      ],
      [
        'after skipped blank lines',
        'a,b\n\n\n1,2\n\n3\n',
        { count: 1, lines: '6', line: 6, expected: 2, found: 1 }
      ],
      [
        'after blank lines before the header',
        '\n\na,b\n1\n',
        { count: 1, lines: '4', line: 4, expected: 2, found: 1 }
      ],
      ['in an old-Mac CR file', 'a,b\r1,2\r3\r', { count: 1, lines: '3', line: 3, expected: 2, found: 1 }],
      [
        'a ragged row that itself spans lines',
        'a,b,c\n1,2,3\n"multi\nline",2\n4,5,6\n',
        { count: 1, lines: '3', line: 3, expected: 3, found: 2 }
      ],
      [
        'several rows: up to five lines listed, all counted',
        'a,b\n1\n2,2\n3\n4\n5\n6\n7,7,7\n',
        { count: 6, lines: '2, 4, 5, 6, 7', line: 2, expected: 2, found: 1 }
      ],
      [
        'a comma decimal in a comma file',
        'id,price\n1,2,50\n2,3\n',
        { count: 1, lines: '2', line: 2, expected: 2, found: 3 }
      ]
    ])('%s: ragged-rows with the line', (_, text, details) => {
      const error = parseError(text);
      expect(error.code).toBe('ragged-rows');
      expect(error.details).toEqual(details);
      expect(error.message).toContain(`at line ${details.line}`);
      expect(error.message).toMatch(/Nothing was imported/);
    });

    it('says that more rows are wrong than it lists', () => {
      const error = parseError('a,b\n1\n2,2\n3\n4\n5\n6\n7,7,7\n');
      expect(error.message).toMatch(/^6 rows have .*lines 2, 4, 5, 6, 7, \.\.\./);
    });

    it.each([
      ['in a data row', 'a,b\n1,"open\n2,3\n', 2],
      ['after a quoted multi-line field', 'a,b\n1,"x\ny"\n2,"open\n3,4\n', 4],
      ['in the header', 'a,"b\n1,2\n', 1],
      ['in the first row of many', 'a,b\n"x,1\n' + '2,3\n'.repeat(1000), 2]
    ])('an unterminated quote %s: unterminated-quote with the line', (_, text, line) => {
      const error = parseError(text);
      expect(error.code).toBe('unterminated-quote');
      expect(error.details).toEqual({ line });
      expect(error.message).toContain(`line ${line}`);
    });

    it('text after a closing quote: malformed-quote with the line', () => {
      const error = parseError('a,b\n1,2\n3,"Hey, I said " hi",4\n');
      expect(error.code).toBe('malformed-quote');
      expect(error.details).toEqual({ line: 3 });
    });

    it('keeps quotes inside an unquoted field as text (unambiguous, as Excel and Python read them)', () => {
      expect(rows('a,b\n1,5" screen\n2,say "hi"\n')).toEqual([
        [1, '5" screen'],
        [2, 'say "hi"']
      ]);
    });
  });
});

describe('parseCsvText on the streaming parser', () => {
  it.each([
    ['a quoted semicolon export', '"Name";"Betrag"\n"Müller";"1.234,50"\n', ';', [['Müller', '1.234,50']]],
    [
      'fields wrapped in single quotes',
      "'id','name'\n'1','O''Brien, Pat'\n'2','x'\n",
      ',',
      [
        [1, "O'Brien, Pat"],
        [2, 'x']
      ]
    ],
    [
      'backslash-escaped quotes (MySQL-style)',
      'id,note\n1,"say \\"hi\\", ok"\n2,"C:\\\\temp"\n',
      ',',
      [
        [1, 'say "hi", ok'],
        [2, 'C:\\temp']
      ]
    ],
    ['spaces between a closing quote and the delimiter', 'a,b\n"x" ,"y"  \n', ',', [['x', 'y']]]
  ])('reads %s', (_, text, delimiter, expected) => {
    const parsed = parseCsvText(text);
    expect(parsed.delimiter).toBe(delimiter);
    expect(parsed.rows).toEqual(expected);
  });

  it('reads a text longer than one parser piece (1 Mi characters) across the cuts', () => {
    const row = '1,"a\r\nb",😎\r\n';
    const text = 'n,text,e\r\n' + row.repeat(Math.ceil((1 << 21) / row.length));
    const parsed = parseCsvText(text);
    expect(parsed.rows).toHaveLength(Math.ceil((1 << 21) / row.length));
    expect(new Set(parsed.rows.map((r) => JSON.stringify(r)))).toEqual(
      new Set([JSON.stringify([1, 'a\r\nb', '😎'])])
    );
  });
});
