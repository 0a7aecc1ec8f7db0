// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ResultColumn, SqlValue } from '../../engine/types';
import { toTsv, toTsvField, toWholeRange, writeClipboardText } from './clipboard';

const columns: ResultColumn[] = [
  { name: 'id', type: 'integer' },
  { name: 'name', type: 'text' },
  { name: 'amount', type: 'real' },
  { name: 'raw', type: 'blob' }
];
const rows: SqlValue[][] = [
  [1, 'Ada', 0.1, new Uint8Array([0x0a, 0xff])],
  [9007199254740993n, 'tab\there', null, null],
  [3, 'say "hi"\nbye', 1e21, new Uint8Array()]
];
const result = { columns, rows };

describe('toTsvField', () => {
  it.each([
    [null, ''],
    ['', ''],
    ['plain text', 'plain text'],
    [0.1, '0.1'],
    [1 / 3, '0.3333333333333333'],
    [1e21, '1000000000000000000000'],
    [-0, '0'],
    [Infinity, 'Infinity'],
    [new Uint8Array([0x00, 0xab]), '0x00ab'],
    ['a\tb', '"a\tb"'],
    ['line\r\nbreak', '"line\r\nbreak"'],
    ['5" screen', '"5"" screen"'],
    ['=1+1', '=1+1']
  ] as const)('writes case %# as %j', (value, expected) => {
    expect(toTsvField(value)).toBe(expected);
  });

  it('writes a bigint exactly', () => {
    expect(toTsvField(9007199254740993n)).toBe('9007199254740993');
  });
});

describe('toTsv', () => {
  it('copies a block of cells in display order, without a header', () => {
    const range = { top: 0, left: 1, bottom: 1, right: 2 };
    // Display order: result row 2 first, then row 0.
    expect(toTsv(result, [2, 0, 1], range, { header: false })).toBe(
      '"say ""hi""\nbye"\t1000000000000000000000\nAda\t0.1'
    );
  });

  it('copies everything with the header, NULL as empty fields and blobs as hex', () => {
    expect(toTsv(result, null, toWholeRange(result), { header: true })).toBe(
      [
        'id\tname\tamount\traw',
        '1\tAda\t0.1\t0x0aff',
        '9007199254740993\t"tab\there"\t\t',
        '3\t"say ""hi""\nbye"\t1000000000000000000000\t0x'
      ].join('\n')
    );
  });

  it('copies one cell as just its value', () => {
    expect(toTsv(result, null, { top: 1, left: 0, bottom: 1, right: 0 }, { header: false })).toBe(
      '9007199254740993'
    );
  });

  it('writes only the selected columns in the header', () => {
    const range = { top: 0, left: 2, bottom: 2, right: 3 };
    expect(toTsv(result, null, range, { header: true }).split('\n')[0]).toBe('amount\traw');
  });

  it('quotes header names that need it, and gives only the header for a result without rows', () => {
    const empty = {
      columns: [
        { name: 'a\tb', type: 'null' as const },
        { name: 'c', type: 'null' as const }
      ],
      rows: []
    };
    expect(toTsv(empty, null, toWholeRange(empty), { header: true })).toBe('"a\tb"\tc');
  });
});

describe('writeClipboardText', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.innerHTML = '';
  });

  it('uses the Clipboard API when it works', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    await writeClipboardText('a\tb', { clipboard: { writeText }, document });
    expect(writeText).toHaveBeenCalledWith('a\tb');
  });

  it('falls back to a selected textarea and execCommand, then gives focus back', async () => {
    const grid = Object.assign(document.createElement('div'), { tabIndex: 0 });
    document.body.append(grid);
    grid.focus();
    let copied = '';
    document.execCommand = vi.fn((command: string) => {
      const active = document.activeElement;
      copied = command === 'copy' && active instanceof HTMLTextAreaElement ? active.value : '';
      return true;
    });
    const writeText = vi.fn(() => Promise.reject(new DOMException('Denied', 'NotAllowedError')));
    await writeClipboardText('x\ty', { clipboard: { writeText }, document });
    expect(copied).toBe('x\ty');
    expect(document.querySelector('textarea')).toBeNull();
    expect(document.activeElement).toBe(grid);
  });

  it('throws when both ways fail', async () => {
    document.execCommand = vi.fn(() => false);
    await expect(writeClipboardText('x', { document })).rejects.toThrow(/refused/);
  });
});
