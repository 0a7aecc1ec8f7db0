import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../persistence/seeded-random';
import { parseNotebook, serializeNotebook, toFence } from './format';
import { loadNotebook } from './load';
import { normalizeNotebook, type Notebook, type NotebookSpec } from './model';

function load(text: string): Notebook {
  const result = loadNotebook(text);
  if (!result.ok) throw new Error(`expected the file to load: ${result.message}`);
  return result.notebook;
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
            columns: [{ name: value, type: value }],
            rowCount: 1,
            contentHash: `sha256:${'0'.repeat(64)}`
          }
        ]
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
              columns: [{ name: value, type: 'TEXT' }],
              rowCount: 1,
              contentHash: `sha256:${'f'.repeat(64)}`
            }
          ]
        })
      );
      expect(await prettier.format(file, options), JSON.stringify(value)).toBe(file);
    }
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
    // Only the cut that drops the final line break loads.
    expect(loaded).toBe(1);
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
