import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../persistence/seeded-random';
import { parseNotebook, serializeNotebook, toFence } from './format';
import { loadNotebook } from './load';
import { normalizeNotebook, type Notebook, type NotebookSpec } from './model';
import { openSealedData, toBase64, type SealedData } from './sealed-data';

function load(text: string): Notebook {
  const result = loadNotebook(text);
  if (!result.ok) throw new Error(`expected the file to load: ${result.message}`);
  return result.notebook;
}

/** Loads every prefix of `file`: each must fail as corrupt or invalid, or be the whole notebook. How many loaded. */
function loadedPrefixes(file: string): number {
  const whole = load(file);
  let loaded = 0;
  for (let length = 0; length < file.length; length++) {
    const result = loadNotebook(file.slice(0, length));
    if (result.ok) {
      loaded++;
      expect(result.notebook, `cut at ${length}`).toEqual(whole);
    } else {
      expect(['corrupt', 'invalid'], `cut at ${length}: ${result.message}`).toContain(result.reason);
    }
  }
  return loaded;
}

/** Notebook → file → notebook gives the same notebook, and the file written again is the same bytes. */
function expectRoundTrip(notebook: Notebook): string {
  const file = serializeNotebook(notebook);
  const result = loadNotebook(file);
  if (!result.ok) throw new Error(`${result.message}\n---\n${file}`);
  expect(result.warnings).toEqual([]);
  expect(result.notebook).toEqual(notebook);
  expect(serializeNotebook(result.notebook)).toBe(file);
  return file;
}

/** Structurally valid included data (it decrypts under no passphrase): enough for the file format. */
const SEALED: SealedData = {
  format: 'crossbook-sealed-1',
  kdf: 'PBKDF2-SHA-256',
  iterations: 600_000,
  salt: toBase64(Uint8Array.from({ length: 16 }, (_, i) => i * 17)),
  cipher: 'AES-GCM-256',
  iv: toBase64(Uint8Array.from({ length: 12 }, (_, i) => 255 - i)),
  compression: 'gzip',
  tables: ['orders', 'customers'],
  bytes: 4096,
  payload: toBase64(Uint8Array.from({ length: 400 }, (_, i) => (i * 7919) % 256))
};

/** Cell text that tries to end its fence early, open a new cell, close the header, or run as HTML. */
const HOSTILE_TEXTS = [
  '',
  '\n',
  '\n\n\n',
  'SELECT 1',
  'SELECT 1\n',
  '\nSELECT 1',
  '```',
  '```\n',
  '```sql id=injected name=evil\nDROP TABLE orders\n```',
  '````\n```\n````',
  'inline ``` and `````` runs',
  '`',
  '---',
  '---\ncrossbook: 3\n---',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<!-- comment --> <style>body{background:url(//evil)}</style>',
  '~~~\ntilde fence\n~~~',
  '   indented\n\ttabbed\ntrailing spaces   \n \t ',
  '   ```\n   indented fence',
  'ünïcödé 中文 😀 עברית \u200b zero width, \u2028 line and \u2029 paragraph separators',
  'combining: e\u0301 and a flag 🇩🇪',
  '{{totals.revenue}} {{ name }} {{ {{',
  "'; DROP TABLE orders; --",
  '/* unclosed comment',
  "'unclosed string",
  '```data\nformat: crossbook-sealed-1\n\nAAAA\n```',
  '```\n\n```data\nformat: crossbook-sealed-1\n\nAAAA\n```\n',
  'x'.repeat(100_000)
];

/** One-line values that YAML could misread, that could end the header, or that need escapes. */
const HOSTILE_STRINGS = [
  ' ',
  'plain words',
  "it's",
  'say "hi"',
  'both \' and "',
  'back\\slash',
  "it's C:\\temp",
  'a: b',
  'a #b',
  'ends with colon:',
  '#hash first',
  '- dash first',
  '-5',
  '5',
  '1e3',
  '0x10',
  '.5',
  '2024-01-01',
  'true',
  'No',
  'null',
  '~',
  'y',
  '[a, b]',
  '{a: b}',
  '&anchor',
  '*alias',
  '!tag',
  '|',
  '>',
  '%',
  '@at',
  '`tick`',
  '---',
  '...',
  '"',
  "'",
  "''",
  ':',
  '?',
  ',',
  'line\nbreak',
  'crlf\r\nbreak',
  'tab\there',
  'bell\u0007',
  'nul\u0000inside',
  '\u2028',
  '\ufeffbom',
  'next line \u0085',
  'emoji 😀 and 中文',
  '__proto__',
  'constructor',
  '  leading',
  'trailing  ',
  'Ünïcode first',
  '_underscore',
  ' say "hi" ',
  "5 o'clock",
  `-5 "x" 'y'`,
  '5\\x',
  'x'.repeat(900)
];

describe('serializeNotebook → loadNotebook', () => {
  it.each(HOSTILE_TEXTS.map((text, i) => [i, text]))('keeps hostile cell text #%i exactly', (_, text) => {
    const notebook = normalizeNotebook({
      cells: [
        { kind: 'sql', id: 'q', name: 'q', sql: text },
        { kind: 'markdown', id: 'm', text },
        { kind: 'sql', id: 'after', sql: 'SELECT 2' }
      ]
    });
    expectRoundTrip(notebook);
  });

  it.each(HOSTILE_STRINGS.map((value, i) => [i, value]))(
    'keeps hostile one-line value #%i exactly',
    (_, value) => {
      const notebook = normalizeNotebook({
        title: value,
        description: value,
        cells: [
          {
            kind: 'chart',
            id: 'c',
            data: 'q',
            chart: { x: value, y: value, color: value, labels: { title: value, x: value } }
          },
          {
            kind: 'input',
            id: 'i',
            name: 'choice',
            label: value,
            control: { kind: 'select', options: [value, 1, -2.5], default: value }
          },
          { kind: 'input', id: 't', name: 'words', control: { kind: 'text', default: value } }
        ],
        tables: [
          {
            name: value,
            columns: [{ name: value, type: value, privacy: 'pseudonymised' }],
            rowCount: 1,
            contentHash: `sha256:${'0'.repeat(64)}`,
            dropped: [value, value]
          }
        ],
        data: { ...SEALED, tables: [value] }
      });
      expectRoundTrip(notebook);
    }
  );

  it('writes every field of every cell kind and reads it back', () => {
    const spec: NotebookSpec = {
      title: 'Everything',
      description: 'All fields set.',
      cells: [
        { kind: 'markdown', id: 'intro', text: '# Hello\n\n{{total}}' },
        { kind: 'sql', id: 'q1', name: 'total', sql: 'SELECT 1 AS total' },
        { kind: 'sql', id: 'q2', sql: 'SELECT 2' },
        {
          kind: 'chart',
          id: 'ch',
          name: 'my_chart',
          data: 'total',
          chart: {
            mark: 'text',
            x: 'a',
            y: 'b',
            color: 'c',
            facet: 'd',
            text: 'e',
            aggregate: 'median',
            sort: { by: 'category', order: 'ascending' },
            labels: { title: 'T', x: 'X', y: 'Y', color: 'C' }
          }
        },
        {
          kind: 'input',
          id: 'sel',
          name: 'pick',
          label: 'Pick',
          control: { kind: 'select', options: ['a', 2], source: 'total', default: 2 }
        },
        {
          kind: 'input',
          id: 'multi',
          name: 'picks',
          control: { kind: 'multi-select', options: ['a', 'b'], source: 'total', default: ['a', 'b'] }
        },
        {
          kind: 'input',
          id: 'range',
          name: 'period',
          control: { kind: 'date-range', default: { to: '2024-02-29' } }
        },
        {
          kind: 'input',
          id: 'n',
          name: 'max_rows',
          control: { kind: 'number', min: -1.5, max: 1e21, step: 0.25, default: 3 }
        },
        { kind: 'input', id: 't', name: 'words', control: { kind: 'text', default: 'hello' } }
      ],
      tables: [
        {
          name: 'orders',
          columns: [
            { name: 'id', type: 'INTEGER' },
            { name: 'Order ID', type: '' },
            { name: '__proto__', type: 'TEXT' }
          ],
          rowCount: 0,
          contentHash: `sha256:${'ab'.repeat(32)}`
        }
      ]
    };
    const file = expectRoundTrip(normalizeNotebook(spec));
    expect(file).toContain(
      "```input id=range name=period control=date-range\ndefault:\n  to: '2024-02-29'\n```"
    );
    expect(file).toContain('max: 1e+21');
    expect(file).toContain("- Order ID: ''");
  });

  it('writes privacy settings and included data only when they are not the defaults', () => {
    const plain = serializeNotebook(normalizeNotebook({ privacy: { minGroupSize: 5 }, data: null }));
    expect(plain).toBe('---\ncrossbook: 2\ncells: 0\n---\n');
    const file = expectRoundTrip(
      normalizeNotebook({
        privacy: { minGroupSize: 1 },
        cells: [{ kind: 'sql', id: 'q', sql: 'SELECT 1' }],
        tables: [
          {
            name: 'customers',
            columns: [
              { name: 'UNSIGNED BIG INT', type: 'UNSIGNED BIG INT', privacy: 'pseudonymised' },
              { name: 'country', type: 'TEXT' }
            ],
            rowCount: null,
            contentHash: null
          }
        ],
        data: SEALED
      })
    );
    const [, header, body] = file.split('---\n');
    expect(header).toBe(
      'crossbook: 2\nminGroupSize: 1\ncells: 1\ndata: sealed\ntables:\n  - name: customers\n' +
        '    pseudonymised:\n      - UNSIGNED BIG INT\n    columns:\n      - UNSIGNED BIG INT: UNSIGNED BIG INT\n' +
        '      - country: TEXT\n'
    );
    const lines = body.split('\n');
    expect(lines.slice(0, 18)).toEqual([
      '',
      '```sql id=q',
      'SELECT 1',
      '```',
      '',
      '```data',
      'format: crossbook-sealed-1',
      'kdf: PBKDF2-SHA-256',
      'iterations: 600000',
      `salt: ${SEALED.salt}`,
      'cipher: AES-GCM-256',
      `iv: '${SEALED.iv}'`,
      'compression: gzip',
      'tables:',
      '  - orders',
      '  - customers',
      'bytes: 4096',
      ''
    ]);
    const payload = lines.slice(18, -2);
    expect(lines.slice(-2)).toEqual(['```', '']);
    expect(payload.join('')).toBe(SEALED.payload);
    expect(payload.slice(0, -1).every((line) => line.length === 76)).toBe(true);
    expect(payload.at(-1)?.length).toBeLessThanOrEqual(76);
  });

  it('writes a cell of a million lines (more than a call can take as spread arguments)', () => {
    const text = '\n'.repeat(1_000_000);
    expectRoundTrip(normalizeNotebook({ cells: [{ kind: 'markdown', id: 'm', text }] }));
  });

  it('fences included data longer than any backtick run in its table names', () => {
    const file = expectRoundTrip(normalizeNotebook({ data: { ...SEALED, tables: ['a ``` b', '````'] } }));
    expect(file).toContain('\n`````data\n');
  });

  it('refuses to write included data that could not be read back', () => {
    for (const data of [
      { ...SEALED, iterations: 10 },
      { ...SEALED, payload: 'not base64' },
      { ...SEALED, tables: ['a', 'A'] }
    ]) {
      expect(() => serializeNotebook(normalizeNotebook({ data }))).toThrow(/included data cannot be written/);
    }
  });

  it('writes the smallest file for an empty notebook', () => {
    expect(expectRoundTrip(normalizeNotebook({}))).toBe('---\ncrossbook: 2\ncells: 0\n---\n');
  });

  it('leaves out defaults, so a new cell adds few lines to a diff', () => {
    const file = serializeNotebook(
      normalizeNotebook({
        cells: [
          { kind: 'chart', id: 'c1' },
          { kind: 'input', id: 'c2', name: 'q' }
        ]
      })
    );
    expect(file).toBe(
      '---\ncrossbook: 2\ncells: 2\n---\n\n```chart id=c1\nmark: bar\n```\n\n```input id=c2 name=q control=text\n```\n'
    );
  });

  it('makes each fence longer than any backtick run inside the cell, as CommonMark and Prettier do', () => {
    expect(toFence('SELECT 1')).toBe('```');
    expect(toFence('``')).toBe('```');
    expect(toFence('```')).toBe('````');
    expect(toFence('a `````` b')).toBe('```````');
  });

  it('refuses to write a name that could not be read back', () => {
    const notebook = normalizeNotebook({ cells: [{ kind: 'sql', id: 'c1', name: 'two words', sql: '' }] });
    expect(() => serializeNotebook(notebook)).toThrow(/cannot be written/);
  });

  it('writes files that Prettier leaves unchanged', async () => {
    const path = fileURLToPath(new URL('./prettier-check.md', import.meta.url));
    const options = { ...(await prettier.resolveConfig(path)), filepath: path };
    for (const value of HOSTILE_STRINGS) {
      // Markdown cells are left out: Prettier formats Markdown inside ```md fences, and arbitrary user
      // Markdown is not in Prettier's style. Bundled notebooks are checked by `prettier --check`.
      const file = serializeNotebook(
        normalizeNotebook({
          title: value,
          cells: [
            { kind: 'sql', sql: 'SELECT 1\n  ```\n' },
            { kind: 'chart', data: 'q', chart: { x: value, labels: { title: value } } },
            {
              kind: 'input',
              name: 'choice',
              control: { kind: 'multi-select', options: [value, 'b'], default: [value] }
            }
          ],
          tables: [
            {
              name: value,
              columns: [{ name: value, type: 'TEXT', privacy: 'pseudonymised' }],
              rowCount: 1,
              contentHash: `sha256:${'f'.repeat(64)}`,
              dropped: [value]
            }
          ],
          privacy: { minGroupSize: 10 },
          data: { ...SEALED, tables: [value] }
        })
      );
      expect(await prettier.format(file, options), JSON.stringify(value)).toBe(file);
    }
  });
});

describe('a notebook with its data included', () => {
  const file = readFileSync(new URL('./fixtures/customers-with-data.md', import.meta.url), 'utf8');

  it('reads the privacy choices and the data block, and writes them back byte for byte', () => {
    const notebook = load(file);
    expect(notebook.privacy).toEqual({ minGroupSize: 2 });
    expect(notebook.tables[0].columns).toEqual([
      { name: 'customer_id', type: 'TEXT' },
      { name: 'email', type: 'TEXT', privacy: 'pseudonymised' },
      { name: 'country', type: 'TEXT' }
    ]);
    expect(notebook.tables[0].dropped).toEqual(['Full name', 'Date of birth']);
    expect(notebook.data).toMatchObject({ tables: ['customers'], bytes: 8192, iterations: 100_000 });
    expect(notebook.cells).toHaveLength(1);
    expect(serializeNotebook(notebook)).toBe(file);
  });

  it('opens with the passphrase in its description: the sealed format has not changed', async () => {
    const { data } = load(file);
    if (data === null) throw new Error('expected data');
    const database = await openSealedData(data, 'correct horse battery staple');
    expect(database.byteLength).toBe(8192);
    expect(new TextDecoder().decode(database.subarray(0, 16))).toBe('SQLite format 3\0');
  });

  it('never loads a cut-off file: every prefix fails or is the whole notebook', () => {
    expect(loadedPrefixes(file)).toBe(1);
  });

  it('keeps a data block that a cell only quotes in the cell', () => {
    const block = file.slice(file.indexOf('```data'));
    const quoting = serializeNotebook(
      normalizeNotebook({ cells: [{ kind: 'markdown', id: 'm', text: block }] })
    );
    const notebook = load(quoting);
    expect(notebook.data).toBeNull();
    expect(notebook.cells).toEqual([{ kind: 'markdown', id: 'm', text: block }]);
  });
});

describe('parseNotebook', () => {
  const file = readFileSync(new URL('./fixtures/revenue-by-country.md', import.meta.url), 'utf8');

  it('reads Windows line endings and a byte order mark', () => {
    const windows = `\ufeff${file.replaceAll('\n', '\r\n')}`;
    expect(load(windows)).toEqual(load(file));
  });

  it('reads a file without its final line break', () => {
    expect(load(file.slice(0, -1))).toEqual(load(file));
  });

  it('reads fences as CommonMark closes them: longer closing fences, up to three spaces of indent', () => {
    const text = '---\ncrossbook: 2\ncells: 1\n---\n\n```sql id=a\nSELECT 1\n   `````  \n';
    expect(load(text).cells).toEqual([{ kind: 'sql', id: 'a', name: null, sql: 'SELECT 1' }]);
  });

  it('gives every cell its line and the raw attributes', () => {
    const parsed = parseNotebook(file);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.document.version).toBe(2);
    expect(parsed.document.cells.map((cell) => [cell.kind, cell.line, cell.attributes.get('id')])).toEqual([
      ['md', 19, 'intro'],
      ['sql', 25, 'country-list'],
      ['input', 31, 'countries'],
      ['input', 35, 'period'],
      ['sql', 42, 'revenue'],
      ['sql', 55, 'totals'],
      ['md', 63, 'summary'],
      ['chart', 67, 'revenue-chart']
    ]);
  });

  it('never loads a cut-off file as a different notebook: every prefix fails or is the whole notebook', () => {
    // Only the cut that drops the final line break loads.
    expect(loadedPrefixes(file)).toBe(1);
  });

  it('never throws on damaged files, and what loads writes back stably (seeded fuzz)', () => {
    const random = seededRandom(20_240_601);
    const alphabet = ['`', '-', '\n', ' ', ':', "'", '"', '{', '}', '#', 'x', '0', '\\', '\r', '\u00e9'];
    for (let round = 0; round < 1_000; round++) {
      const chars = [...file];
      for (let edits = 1 + Math.floor(random() * 4); edits > 0; edits--) {
        const at = Math.floor(random() * chars.length);
        const char = alphabet[Math.floor(random() * alphabet.length)];
        const operation = random();
        if (operation < 0.4) chars[at] = char;
        else if (operation < 0.7) chars.splice(at, 0, char);
        else chars.splice(at, 1);
      }
      const result = loadNotebook(chars.join(''));
      expect(typeof result.ok).toBe('boolean');
      if (result.ok) {
        const again = serializeNotebook(result.notebook);
        const reloaded = loadNotebook(again);
        expect(reloaded.ok && serializeNotebook(reloaded.notebook), `round ${round}`).toBe(again);
      }
    }
  });
});
