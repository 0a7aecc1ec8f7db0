import { describe, expect, it } from 'vitest';
import type { NotebookFailureReason, NotebookLocation } from './failure';
import { serializeNotebook } from './format';
import { checkNotebookSize, NOTEBOOK_LIMITS } from './limits';
import { loadNotebook } from './load';

/** A version 2 file: header lines, then cells. Line 1 is `---`, the first header line is 2. */
function file(headerLines: string[], ...cells: string[]): string {
  return (
    ['---', 'crossbook: 2', ...headerLines, '---', ...cells.map((cell) => `\n${cell}`)].join('\n') + '\n'
  );
}

const HASH = `sha256:${'0'.repeat(64)}`;
const ORDERS = [
  'tables:',
  '  - name: orders',
  '    rowCount: 1',
  `    contentHash: ${HASH}`,
  '    columns:',
  '      - id: TEXT'
];

/** A structurally valid data block, one line per item; `change` replaces or (with `null`) drops lines. */
function dataBlock(
  change: Record<string, string | null> = {},
  payload = ['QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB']
): string {
  const fields: [string, string][] = [
    ['format', 'crossbook-sealed-1'],
    ['kdf', 'PBKDF2-SHA-256'],
    ['iterations', '600000'],
    ['salt', 'AAAAAAAAAAAAAAAAAAAAAA=='],
    ['cipher', 'AES-GCM-256'],
    ['iv', 'AAAAAAAAAAAAAAAA'],
    ['compression', 'gzip'],
    ['tables', '\n  - orders'],
    ['bytes', '4096']
  ];
  const lines = fields
    .map(([key, value]) => [key, key in change ? change[key] : value] as const)
    .filter((entry): entry is readonly [string, string] => entry[1] !== null)
    .map(([key, value]) => (value.startsWith('\n') ? `${key}:${value}` : `${key}: ${value}`));
  for (const [key, value] of Object.entries(change)) {
    if (!fields.some(([known]) => known === key) && value !== null) lines.push(`${key}: ${value}`);
  }
  return ['```data', ...lines, '', ...payload, '```'].join('\n');
}

/** A file with one SQL cell and `data` blocks, announced in the header unless `announce` is false. */
function withData(blocks: string[], announce = true): string {
  return file(
    announce ? ['cells: 1', 'data: sealed'] : ['cells: 1'],
    '```sql id=q\nSELECT 1\n```',
    ...blocks
  );
}

interface Refusal {
  name: string;
  text: string | (() => string);
  reason: NotebookFailureReason;
  message: RegExp;
  where?: NotebookLocation;
}

/** RELIABILITY.md §3.1 items 30 and 31, and the issue's "newer, corrupt, truncated or 50 MB file". */
const REFUSALS: Refusal[] = [
  { name: 'an empty file', text: '', reason: 'corrupt', message: /must start with a "---" header/ },
  { name: 'JSON', text: '{"cells": []}', reason: 'corrupt', message: /JSON file, not a Crossbook notebook/ },
  {
    name: 'a binary file',
    text: '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR',
    reason: 'corrupt',
    message: /NUL character: it is not a text file/,
    where: { line: 3 }
  },
  {
    name: 'a header cut off',
    text: '---\ncrossbook: 2\ntitle: Rev',
    reason: 'corrupt',
    message: /header that starts on line 1 is never closed.*truncated/
  },
  {
    name: 'a Markdown file that is not a notebook',
    text: '---\ntitle: My blog post\n---\n\nHello\n',
    reason: 'invalid',
    message: /no "crossbook:" version line/
  },
  {
    name: 'a version that is not a number',
    text: '---\ncrossbook: two\n---\n',
    reason: 'invalid',
    message: /whole number, not "two"/,
    where: { line: 2, field: 'crossbook' }
  },
  { name: 'version 0', text: '---\ncrossbook: 0\n---\n', reason: 'invalid', message: /whole number/ },
  {
    name: 'a newer version, even one whose syntax this version cannot read',
    text: '---\ncrossbook: 3\nlayout: {grid: [[1, 2]]}\n---\n\n%%% cells of the future %%%\n',
    reason: 'newer-version',
    message:
      /newer version of Crossbook \(file format 3\); this version reads formats up to 2.*Nothing was changed/
  },
  {
    name: 'a cell cut off',
    text: file(['cells: 1'], '```sql id=q1\nSELECT 1').slice(0, -1),
    reason: 'corrupt',
    message: /cell that starts on line 6 is never closed with ```: the file looks truncated/,
    where: { line: 6, cell: 'q1' }
  },
  {
    name: 'a file cut between two cells',
    text: file(['cells: 2'], '```sql id=q1\nSELECT 1\n```'),
    reason: 'corrupt',
    message: /header says the notebook has 2 cells but the file holds 1: it looks truncated/,
    where: { line: 3, field: 'cells' }
  },
  {
    name: 'text outside a cell',
    text: file(['cells: 0'], 'Some prose'),
    reason: 'corrupt',
    message: /Text outside a cell/,
    where: { line: 6 }
  },
  {
    name: 'an unknown cell kind',
    text: file(['cells: 1'], '```python id=p\nimport os\n```'),
    reason: 'invalid',
    message: /"python" is not a kind of cell this version knows/,
    where: { line: 6, cell: 'p' }
  },
  {
    name: 'a fence without a kind',
    text: file([], '```\nSELECT 1\n```'),
    reason: 'corrupt',
    message: /fence without a kind/
  },
  {
    name: 'a version 1 style name in a version 2 file',
    text: file([], '```sql revenue\nSELECT 1\n```'),
    reason: 'invalid',
    message: /attributes are written key=value \(e.g. name=revenue\)/
  },
  {
    name: 'duplicate cell ids',
    text: file([], '```sql id=a\nSELECT 1\n```', '```md id=a\nhi\n```'),
    reason: 'invalid',
    message: /cells on lines 5 and 9 have the same id/,
    where: { line: 9, cell: 'a', field: 'id' }
  },
  {
    name: 'an attribute with characters a fence line cannot hold',
    text: file([], '```sql id=a name="x y"\n```'),
    reason: 'corrupt',
    message: /cannot appear in a cell's fence line/
  },
  {
    name: 'a result name that is not a plain name',
    text: file([], '```sql id=a name=1st\n```'),
    reason: 'invalid',
    message: /"1st" is not a plain name/,
    where: { line: 5, cell: 'a', field: 'name' }
  },
  {
    name: 'a result named with an SQL keyword',
    text: file([], '```sql id=a name=Select\n```'),
    reason: 'invalid',
    message: /SQL keyword/
  },
  {
    name: 'a name reserved by SQLite',
    text: file([], '```sql id=a name=sqlite_master\n```'),
    reason: 'invalid',
    message: /reserved by SQLite/
  },
  {
    name: 'an input without a parameter name',
    text: file([], '```input id=i control=text\n```'),
    reason: 'invalid',
    message: /an input needs name=/,
    where: { line: 5, cell: 'i', field: 'name' }
  },
  {
    name: 'an unknown control',
    text: file([], '```input id=i name=x control=slider\n```'),
    reason: 'invalid',
    message: /must be one of select, multi-select, date-range, number, text; found "slider"/
  },
  {
    name: 'a chart mark that does not exist',
    text: file([], '```chart id=c\nx: a\nmark: pie\n```'),
    reason: 'invalid',
    message:
      /^Line 7, cell "c", field "mark": must be one of bar, line, area, dot, cell, rule, text; found "pie"\.$/,
    where: { line: 7, cell: 'c', field: 'mark' }
  },
  {
    name: 'a sort without its order',
    text: file([], '```chart id=c\nsort:\n  by: value\n```'),
    reason: 'invalid',
    message: /field "sort.order": is missing/
  },
  {
    name: 'a column channel that is a number',
    text: file([], '```chart id=c\ny: 2024\n```'),
    reason: 'invalid',
    message: /must be text, found the number 2024 \(quote it/
  },
  {
    name: 'a multi-select default that is not a list',
    text: file([], '```input id=i name=c control=multi-select\ndefault: DE\n```'),
    reason: 'invalid',
    message: /field "default": must be a list/
  },
  {
    name: 'a date that does not exist',
    text: file([], "```input id=i name=p control=date-range\ndefault:\n  from: '2023-02-29'\n```"),
    reason: 'invalid',
    message: /field "default.from": must be a date written YYYY-MM-DD, found "2023-02-29"/,
    where: { line: 7, cell: 'i', field: 'default.from' }
  },
  {
    name: 'a row count that is text',
    text: file(ORDERS.map((line) => line.replace('rowCount: 1', 'rowCount: lots'))),
    reason: 'invalid',
    message: /field "tables\[1\].rowCount": must be a whole number of at least 0, found "lots"/,
    where: { line: 5, field: 'tables[1].rowCount' }
  },
  {
    name: 'a negative row count',
    text: file(ORDERS.map((line) => line.replace('rowCount: 1', 'rowCount: -1'))),
    reason: 'invalid',
    message: /whole number of at least 0, found the number -1/
  },
  {
    name: 'a content hash that is not one',
    text: file(ORDERS.map((line) => line.replace(HASH, 'md5:abc'))),
    reason: 'invalid',
    message: /"sha256:" followed by 64 lowercase hex digits/
  },
  {
    name: 'a table without columns',
    text: file(ORDERS.slice(0, 4)),
    reason: 'invalid',
    message: /field "tables\[1\].columns": is missing/
  },
  {
    name: 'a column written as a pair',
    text: file([...ORDERS.slice(0, 5), '      - name: id', '        type: TEXT']),
    reason: 'invalid',
    message: /each column is written "- name: TYPE"/
  },
  {
    name: 'a table listed twice',
    text: file([...ORDERS, ...ORDERS.slice(1).map((line) => line.replace('orders', 'ORDERS'))]),
    reason: 'invalid',
    message: /the table "ORDERS" is listed twice/
  },
  {
    name: 'a negative minimum group size',
    text: file(['minGroupSize: -3']),
    reason: 'invalid',
    message:
      /^Line 3, field "minGroupSize": must be a whole number from 1 \(no suppression\) to 1000, found the number -3\.$/,
    where: { line: 3, field: 'minGroupSize' }
  },
  {
    name: 'a minimum group size that is text',
    text: file(['minGroupSize: abc']),
    reason: 'invalid',
    message: /field "minGroupSize": must be a whole number from 1 .* found "abc"/
  },
  {
    name: 'a minimum group size of 0',
    text: file(['minGroupSize: 0']),
    reason: 'invalid',
    message: /found the number 0/
  },
  {
    name: 'a fractional minimum group size',
    text: file(['minGroupSize: 2.5']),
    reason: 'invalid',
    message: /2\.5/
  },
  {
    name: 'a minimum group size above 1000',
    text: file(['minGroupSize: 1001']),
    reason: 'invalid',
    message: /1001/
  },
  {
    name: 'a pseudonymised column the table does not have',
    text: file([...ORDERS.slice(0, 4), '    pseudonymised:', '      - email', ...ORDERS.slice(4)]),
    reason: 'invalid',
    message: /field "tables\[1\].pseudonymised": "email" is not one of the table's columns/,
    where: { line: 7, field: 'tables[1].pseudonymised' }
  },
  {
    name: 'a pseudonymised column listed twice',
    text: file([...ORDERS.slice(0, 4), '    pseudonymised:', '      - id', '      - ID', ...ORDERS.slice(4)]),
    reason: 'invalid',
    message: /"ID" is listed twice/
  },
  {
    name: 'pseudonymised columns that are not a list',
    text: file([...ORDERS.slice(0, 4), '    pseudonymised: id', ...ORDERS.slice(4)]),
    reason: 'invalid',
    message: /field "tables\[1\].pseudonymised": must be a list/
  },
  {
    name: 'dropped headers that are not text',
    text: file([...ORDERS.slice(0, 4), '    dropped:', '      - 12', ...ORDERS.slice(4)]),
    reason: 'invalid',
    message: /field "tables\[1\].dropped": must list names .* found the number 12/
  },
  {
    name: 'a data block before the cells',
    text: file(['cells: 1', 'data: sealed'], dataBlock(), '```sql id=q\nSELECT 1\n```'),
    reason: 'corrupt',
    message: /cell after the data block that starts on line 7: the data block must come last/
  },
  {
    name: 'a second data block',
    text: withData([dataBlock(), dataBlock()]),
    reason: 'corrupt',
    message: /A second data block; the file holds one already, on line 11/
  },
  {
    name: 'text after the data block',
    text: `${withData([dataBlock()])}\nPS: hello\n`,
    reason: 'corrupt',
    message: /Text after the data block that starts on line 11/
  },
  {
    name: 'a data block with attributes',
    text: withData([dataBlock().replace('```data', '```data id=d')]),
    reason: 'corrupt',
    message: /data block takes nothing after ```data/
  },
  {
    name: 'a data block cut off',
    text: withData([dataBlock()]).slice(0, -5),
    reason: 'corrupt',
    message: /data block that starts on line 11 is never closed with ```: the file looks truncated/
  },
  {
    name: 'a file cut before its data block',
    text: withData([]),
    reason: 'corrupt',
    message: /header says the notebook includes data, but the file has no data block: it looks truncated/,
    where: { line: 4, field: 'data' }
  },
  {
    name: 'a data block the header does not announce',
    text: withData([dataBlock()], false),
    reason: 'invalid',
    message: /ends with a data block that its header does not announce/,
    where: { line: 10, field: 'data' }
  },
  {
    name: 'a header announcing something other than sealed data',
    text: file(['data: plain']),
    reason: 'invalid',
    message: /field "data": must be one of sealed; found "plain"/
  },
  {
    name: 'a data block without its payload',
    text: withData([dataBlock().replace('\n\n', '\n')]),
    reason: 'corrupt',
    message: /data block has no payload/
  },
  {
    name: 'a payload line that is not base64',
    text: withData([dataBlock({}, ['QUFB', '<script>alert(1)</script>'])]),
    reason: 'corrupt',
    message: /^Line 24, field "data.payload": The data block's payload holds a character that is not base64/
  },
  {
    name: 'a payload of broken base64',
    text: withData([dataBlock({}, ['QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB', 'QQ='])]),
    reason: 'invalid',
    message: /^Line 23, field "data.payload": must be base64/
  },
  {
    name: 'a data block missing its salt',
    text: withData([dataBlock({ salt: null })]),
    reason: 'invalid',
    message: /field "data.salt": must be base64 of 16 bytes, found nothing/,
    where: { line: 11, field: 'data.salt' }
  },
  {
    name: 'a data block asking for 2^31 iterations',
    text: withData([dataBlock({ iterations: '2147483648' })]),
    reason: 'invalid',
    message:
      /^Line 14, field "data.iterations": must be a whole number from 100,000 to 5,000,000, found the number 2147483648/
  },
  {
    name: 'a data block with a salt of the wrong length',
    text: withData([dataBlock({ salt: 'AAAA' })]),
    reason: 'invalid',
    message: /field "data.salt": must be base64 of 16 bytes, found "AAAA"/
  },
  {
    name: 'a data block with tables given as a map',
    text: withData([dataBlock({ tables: '\n  orders: 1' })]),
    reason: 'invalid',
    message: /field "data.tables": must be a list/
  },
  {
    name: 'a data block with a table listed twice',
    text: withData([dataBlock({ tables: '\n  - orders\n  - Orders' })]),
    reason: 'invalid',
    message: /field "data.tables": names the table "Orders" twice/
  },
  {
    name: 'a data block whose size is a map',
    text: withData([dataBlock({ bytes: '\n  value: 1' })]),
    reason: 'invalid',
    message: /field "data.bytes": must be a single value, found a map/
  },
  {
    name: 'data sealed by a newer version',
    text: withData([dataBlock({ format: 'crossbook-sealed-2', kdf: 'argon2id', iterations: null })]),
    reason: 'newer-version',
    message: /field "data.format": is crossbook-sealed-2: the data was sealed by a newer version of Crossbook/
  },
  {
    name: 'more than 10 MB of cells in a file with a data block',
    text: () =>
      file(
        ['cells: 11', 'data: sealed'],
        ...Array.from({ length: 11 }, (_, i) => `\`\`\`md id=m${i}\n${'x'.repeat(1_000_000)}\n\`\`\``),
        dataBlock()
      ),
    reason: 'too-large',
    message: /This file is 10.5 MB; a notebook can be at most 10 MB/
  },
  {
    name: 'a title that is a number',
    text: file(['title: 2024']),
    reason: 'invalid',
    message: /field "title": must be text, found the number 2024 \(quote it/
  },
  {
    name: 'a key given twice',
    text: file(['title: a', 'title: b']),
    reason: 'corrupt',
    message: /"title" appears twice/
  },
  {
    name: 'a YAML flow collection',
    text: file(['title: [a, b]']),
    reason: 'corrupt',
    message: /starting with "\[" must be quoted/,
    where: { line: 3 }
  },
  {
    name: '100,000 nested brackets (a JSON.parse stack bomb in other formats)',
    text: file([`title: ${'['.repeat(100_000)}${']'.repeat(100_000)}`]),
    reason: 'corrupt',
    message: /must be quoted/
  },
  {
    name: 'nesting deeper than the format needs',
    text: () => {
      const lines: string[] = [];
      for (let depth = 0; depth < 1_000; depth++) lines.push(`${'  '.repeat(depth)}level${depth}:`);
      lines.push(`${'  '.repeat(1_000)}end: true`);
      return file(lines);
    },
    reason: 'too-deep',
    message: /deeper than 8 levels/,
    where: { line: 12 }
  },
  {
    name: 'a tab in the indentation',
    text: file(['tables:', '\t- name: x']),
    reason: 'corrupt',
    message: /spaces only/
  },
  {
    name: 'a YAML comment',
    text: file(['# written by hand']),
    reason: 'corrupt',
    message: /Comments are not supported/
  },
  {
    name: 'an unclosed quote',
    text: file(["title: 'Revenue"]),
    reason: 'corrupt',
    message: /quoted value is not closed/
  },
  {
    name: 'an unknown escape',
    text: file(['title: "a\\qb"']),
    reason: 'corrupt',
    message: /Unknown escape "\\q"/
  },
  {
    name: 'a file over the size cap',
    text: () => `${file([])}${'x'.repeat(NOTEBOOK_LIMITS.maxChars)}`,
    reason: 'too-large',
    message: /at most 10 MB/
  },
  {
    name: 'a 50 MB markdown cell',
    text: () => file([], `\`\`\`md id=big\n${'# big\n'.repeat((50 * 1024 * 1024) / 6)}\`\`\``),
    reason: 'too-large',
    message: /This file is 50 MB; a notebook can be at most 10 MB/
  },
  {
    name: 'one cell over the cell cap',
    text: () => file([], `\`\`\`sql id=big\n${`${'x'.repeat(99)}\n`.repeat(11_000)}\`\`\``),
    reason: 'too-large',
    message: /cell that starts on line 5 is longer than 1,048,576 characters/
  },
  {
    name: 'more cells than the cap',
    text: () =>
      file(
        [],
        ...Array.from({ length: NOTEBOOK_LIMITS.maxCells + 1 }, (_, i) => `\`\`\`md id=m${i}\n\`\`\``)
      ),
    reason: 'too-large',
    message: /more than 1,000 cells/
  },
  {
    name: 'more options than the cap',
    text: () =>
      file(
        [],
        `\`\`\`input id=i name=x control=select\noptions:\n${'  - a\n'.repeat(NOTEBOOK_LIMITS.maxOptions + 1)}\`\`\``
      ),
    reason: 'too-large',
    message: /field "options": has more than 10000 items/
  }
];

describe('loadNotebook refuses', () => {
  it.each(REFUSALS.map((refusal) => [refusal.name, refusal]))('%s', (_, refusal) => {
    const text = typeof refusal.text === 'function' ? refusal.text() : refusal.text;
    const result = loadNotebook(text);
    if (result.ok) throw new Error('expected a refusal');
    expect(result.reason).toBe(refusal.reason);
    expect(result.message).toMatch(refusal.message);
    if (refusal.where) expect(result.where).toEqual(refusal.where);
  });

  it('a file by its size before it is read, leaving room for included data', () => {
    expect(checkNotebookSize(NOTEBOOK_LIMITS.maxChars)).toBeNull();
    expect(checkNotebookSize(NOTEBOOK_LIMITS.maxChars + NOTEBOOK_LIMITS.maxDataChars)).toBeNull();
    expect(checkNotebookSize(300 * 1024 * 1024)).toMatchObject({
      ok: false,
      reason: 'too-large',
      message: expect.stringMatching(
        /This file is 300 MB; a notebook can be at most 10 MB, or 210 MB with its data/
      )
    });
  });
});

describe('loadNotebook drops what it does not know, with a warning', () => {
  it('unknown fields in the header, tables, charts and inputs, and unknown attributes', () => {
    const result = loadNotebook(
      file(
        ['author: Ada', ...ORDERS.slice(0, 4), '    owner: finance', ...ORDERS.slice(4)],
        '```sql id=q name=q color=red\nSELECT 1\n```',
        '```chart id=c data=q\nmark: dot\nshape: star\nlabels:\n  subtitle: x\n```',
        '```input id=n name=max_rows control=number source=q\nmin: 1\noptions:\n  - 1\n```'
      )
    );
    if (!result.ok) throw new Error(result.message);
    expect(result.warnings.map((warning) => [warning.where?.field, warning.message])).toEqual([
      ['author', '"author" is not a field of the header and was ignored.'],
      ['tables[1].owner', '"owner" is not a field of table 1 and was ignored.'],
      ['color', 'The attribute "color" means nothing on sql cells and was ignored.'],
      ['shape', '"shape" is not a field of a chart and was ignored.'],
      ['labels.subtitle', '"subtitle" is not a field of labels and was ignored.'],
      ['source', 'A number input takes no source; the attribute was ignored.'],
      ['options', '"options" is not a field of a number input and was ignored.']
    ]);
    const written = serializeNotebook(result.notebook);
    for (const dropped of ['author', 'owner', 'color=red', 'shape', 'subtitle', 'source=q', 'options']) {
      expect(written).not.toContain(dropped);
    }
  });

  it('__proto__ and constructor keys, without touching any prototype', () => {
    const result = loadNotebook(
      file(
        [
          '__proto__: polluted',
          'constructor: polluted',
          ...ORDERS.slice(0, 4),
          '    __proto__:',
          '      polluted: true',
          ...ORDERS.slice(4)
        ],
        '```chart id=c\n__proto__:\n  polluted: true\nlabels:\n  __proto__: polluted\n```',
        '```input id=i name=p control=date-range\ndefault:\n  __proto__: polluted\n```'
      )
    );
    if (!result.ok) throw new Error(result.message);
    expect(result.warnings.map((warning) => warning.where?.field)).toEqual([
      '__proto__',
      'constructor',
      'tables[1].__proto__',
      '__proto__',
      'labels.__proto__',
      'default.__proto__'
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(result.notebook)).toBe(Object.prototype);
    expect(JSON.stringify(result.notebook)).not.toContain('polluted');
  });

  it('keeps a column named __proto__: it is data, stored as a value', () => {
    const result = loadNotebook(
      file([...ORDERS.slice(0, 5), '      - __proto__: TEXT', '      - constructor: INTEGER'])
    );
    if (!result.ok) throw new Error(result.message);
    expect(result.notebook.tables[0].columns).toEqual([
      { name: '__proto__', type: 'TEXT' },
      { name: 'constructor', type: 'INTEGER' }
    ]);
    expect(Object.getPrototypeOf(result.notebook.tables[0].columns[0])).toBe(Object.prototype);
  });

  it('unknown fields of the data block', () => {
    const text = withData([dataBlock({ comment: 'hello' })]);
    const result = loadNotebook(text);
    if (!result.ok) throw new Error(result.message);
    expect(result.warnings.map((warning) => [warning.where, warning.message])).toEqual([
      [{ line: 22, field: 'data.comment' }, '"comment" is not a field of the data block and was ignored.']
    ]);
    expect(serializeNotebook(result.notebook)).not.toContain('comment');
  });

  it('reads a data block with Windows line endings, a rewrapped payload and blank lines after it', () => {
    const payload = 'QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB';
    const text = withData([dataBlock({}, [payload.slice(0, 5), payload.slice(5), '', '  '])]);
    const result = loadNotebook(text.replaceAll('\n', '\r\n'));
    if (!result.ok) throw new Error(result.message);
    expect(result.notebook.data?.payload).toBe(payload);
    expect(serializeNotebook(result.notebook)).toBe(withData([dataBlock()]));
  });

  it('a cell count below the cells present (cells added by hand)', () => {
    const result = loadNotebook(file(['cells: 0'], '```sql id=q\nSELECT 1\n```'));
    if (!result.ok) throw new Error(result.message);
    expect(result.notebook.cells).toHaveLength(1);
    expect(result.warnings[0].message).toMatch(/said 0 cells but the file holds 1/);
  });

  it('cells without ids get generated ones, skipping ids in use', () => {
    const result = loadNotebook(file([], '```sql\nSELECT 1\n```', '```md id=c1\nhi\n```', '```md\nho\n```'));
    if (!result.ok) throw new Error(result.message);
    expect(result.notebook.cells.map((cell) => cell.id)).toEqual(['c2', 'c1', 'c3']);
  });
});

describe('messages about hostile files', () => {
  it('stay short however long the quoted part of the file is', () => {
    const word = `<img/src=x/onerror=alert(1)>${'x'.repeat(2_000_000)}`;
    const result = loadNotebook(`---\ncrossbook: 2\ncells: 1\n---\n\n\`\`\`${word} id=a\nSELECT 1\n\`\`\`\n`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message.length).toBeLessThanOrEqual(300);
    expect(result.message.endsWith('…')).toBe(true);
  });
});

describe('template table expectations', () => {
  const header = (fields: string) =>
    `---\ncrossbook: 2\ncells: 0\ntables:\n  - name: orders\n${fields}    columns:\n      - order_id: TEXT\n---\n`;

  it('load and round-trip without a row count and content hash', () => {
    const text = header('');
    const loaded = loadNotebook(text);
    if (!loaded.ok) throw new Error(loaded.message);
    expect(loaded.notebook.tables).toEqual([
      { name: 'orders', columns: [{ name: 'order_id', type: 'TEXT' }], rowCount: null, contentHash: null }
    ]);
    expect(serializeNotebook(loaded.notebook)).toBe(text);
  });

  it('refuse a row count without a content hash', () => {
    const loaded = loadNotebook(header('    rowCount: 3\n'));
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.message).toMatch(/rowCount and contentHash go together/);
  });
});
