import { describe, expect, it } from 'vitest';
import { nextCellId, normalizeNotebook } from './model';

describe('normalizeNotebook', () => {
  it('applies every default', () => {
    expect(
      normalizeNotebook({
        cells: [
          { kind: 'sql' },
          { kind: 'markdown' },
          { kind: 'chart' },
          { kind: 'input', name: 'a' },
          { kind: 'input', name: 'b', control: { kind: 'select' } },
          { kind: 'input', name: 'c', control: { kind: 'multi-select' } },
          { kind: 'input', name: 'd', control: { kind: 'date-range' } },
          { kind: 'input', name: 'e', control: { kind: 'number' } }
        ]
      })
    ).toEqual({
      version: 2,
      title: '',
      description: '',
      tables: [],
      privacy: { minGroupSize: 5 },
      data: null,
      cells: [
        { kind: 'sql', id: 'c1', name: null, sql: '' },
        { kind: 'markdown', id: 'c2', text: '' },
        {
          kind: 'chart',
          id: 'c3',
          name: null,
          data: null,
          chart: {
            mark: 'bar',
            x: null,
            y: null,
            color: null,
            facet: null,
            text: null,
            aggregate: 'none',
            sort: null,
            labels: { title: null, x: null, y: null, color: null }
          }
        },
        { kind: 'input', id: 'c4', name: 'a', label: null, control: { kind: 'text', default: '' } },
        {
          kind: 'input',
          id: 'c5',
          name: 'b',
          label: null,
          control: { kind: 'select', options: [], source: null, default: null }
        },
        {
          kind: 'input',
          id: 'c6',
          name: 'c',
          label: null,
          control: { kind: 'multi-select', options: [], source: null, default: [] }
        },
        {
          kind: 'input',
          id: 'c7',
          name: 'd',
          label: null,
          control: { kind: 'date-range', default: { from: null, to: null } }
        },
        {
          kind: 'input',
          id: 'c8',
          name: 'e',
          label: null,
          control: { kind: 'number', min: null, max: null, step: null, default: null }
        }
      ]
    });
  });

  it('makes text storable: \\n line breaks in cells, well-formed strings, finite numbers', () => {
    const notebook = normalizeNotebook({
      title: 'lone \ud800 surrogate, \udc00 reversed \udc00\ud800, a pair 😀 and one at the end \ud83d',
      cells: [
        { kind: 'sql', id: 'q', sql: 'SELECT 1\r\nFROM t\rWHERE x\0' },
        { kind: 'markdown', id: 'm', text: 'a\r\nb' },
        {
          kind: 'input',
          id: 'n',
          name: 'n',
          control: { kind: 'number', min: -0, max: Infinity, default: Number.NaN }
        },
        {
          kind: 'input',
          id: 's',
          name: 's',
          control: { kind: 'select', options: ['a', Number.NaN, 2], default: Number.NaN }
        }
      ]
    });
    expect(notebook.title).toBe(
      'lone \ufffd surrogate, \ufffd reversed \ufffd\ufffd, a pair 😀 and one at the end \ufffd'
    );
    expect(notebook.cells[0]).toMatchObject({ sql: 'SELECT 1\nFROM t\nWHERE x' });
    expect(notebook.cells[1]).toMatchObject({ text: 'a\nb' });
    expect(notebook.cells[2]).toMatchObject({ control: { min: 0, max: null, default: null } });
    expect(Object.is((notebook.cells[2] as { control: { min: number } }).control.min, 0)).toBe(true);
    expect(notebook.cells[3]).toMatchObject({ control: { options: ['a', 2], default: null } });
  });

  it('copies: changing the result leaves the spec alone', () => {
    const options = ['a'];
    const spec = {
      cells: [{ kind: 'input' as const, id: 'i', name: 'x', control: { kind: 'select' as const, options } }]
    };
    const notebook = normalizeNotebook(spec);
    (notebook.cells[0] as { control: { options: string[] } }).control.options.push('b');
    expect(options).toEqual(['a']);
  });

  it.each<[number | undefined, number]>([
    [undefined, 5],
    [10, 10],
    [1, 1],
    [0, 1],
    [-3, 1],
    [7.6, 8],
    [1e9, 1000],
    [Number.NaN, 5],
    [Infinity, 5]
  ])('keeps a minimum group size of %s as %s, which a file can hold', (minGroupSize, expected) => {
    expect(normalizeNotebook({ privacy: { minGroupSize } }).privacy).toEqual({ minGroupSize: expected });
  });

  it('keeps the privacy choices of a table only where there are some', () => {
    const notebook = normalizeNotebook({
      tables: [
        {
          name: 'customers',
          columns: [
            { name: 'email', type: 'TEXT', privacy: 'pseudonymised' },
            { name: 'country', type: 'TEXT' }
          ],
          rowCount: null,
          contentHash: null,
          dropped: ['Date of birth']
        },
        {
          name: 'orders',
          columns: [{ name: 'id', type: 'TEXT' }],
          rowCount: null,
          contentHash: null,
          dropped: []
        }
      ]
    });
    expect(notebook.tables[0].columns).toEqual([
      { name: 'email', type: 'TEXT', privacy: 'pseudonymised' },
      { name: 'country', type: 'TEXT' }
    ]);
    expect(Object.keys(notebook.tables[0].columns[1])).toEqual(['name', 'type']);
    expect(notebook.tables[0].dropped).toEqual(['Date of birth']);
    expect('dropped' in notebook.tables[1]).toBe(false);
  });

  it('copies included data, sharing nothing with the spec', () => {
    const data = {
      format: 'crossbook-sealed-1',
      kdf: 'PBKDF2-SHA-256',
      iterations: 600_000,
      salt: 'AAAAAAAAAAAAAAAAAAAAAA==',
      cipher: 'AES-GCM-256',
      iv: 'AAAAAAAAAAAAAAAA',
      compression: 'gzip',
      tables: ['orders'],
      bytes: 4096,
      payload: 'A'.repeat(64)
    } as const;
    const spec = { data: { ...data, tables: [...data.tables] } };
    const notebook = normalizeNotebook(spec);
    expect(notebook.data).toEqual(spec.data);
    notebook.data?.tables.push('customers');
    expect(spec.data.tables).toEqual(['orders']);
  });

  it('throws on duplicate ids, which files never get past', () => {
    expect(() =>
      normalizeNotebook({
        cells: [
          { kind: 'sql', id: 'a' },
          { kind: 'markdown', id: 'a' }
        ]
      })
    ).toThrow(/Two cells have the id "a"/);
  });
});

describe('nextCellId', () => {
  it.each([
    [[], 'c1'],
    [['c1', 'c2'], 'c3'],
    [['c2', 'x'], 'c1'],
    [['c1', 'c3'], 'c2']
  ])('after %j is %s', (taken, id) => {
    expect(nextCellId(taken)).toBe(id);
  });
});
