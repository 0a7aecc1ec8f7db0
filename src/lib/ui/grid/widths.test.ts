import { describe, expect, it } from 'vitest';
import type { ResultColumn, SqlValue } from '../../engine/types';
import { toCellFormatter, type CellFormatter } from './cell-text';
import { toColumnWidths, toDisplayWidth, toSampleIndices } from './widths';

const plain: CellFormatter = (value) => (value === null ? 'NULL' : String(value));

describe('toColumnWidths', () => {
  it('takes the wider of header (+2 for the sort indicator) and values (+1), clamped to 6..40', () => {
    const columns: ResultColumn[] = [
      { name: 'id', type: 'integer' }, // values up to 4 digits: 4 + 1 = 5, below the minimum 6
      { name: 'customer_name', type: 'text' }, // header 13 + 2 = 15 > values 8 + 1
      { name: 'note', type: 'text' }, // one value of 17 chars: 18
      { name: 'long', type: 'text' } // 100 chars: clamped to 40
    ];
    const rows: SqlValue[][] = [
      [1, 'Ada', 'short', 'x'.repeat(100)],
      [1234, 'Grace H.', 'a bit longer text', null]
    ];
    expect(toColumnWidths({ columns, rows }, [plain, plain, plain, plain])).toEqual([6, 15, 18, 40]);
  });

  it('measures values as the grid shows them', () => {
    const columns: ResultColumn[] = [{ name: 'v', type: 'real' }];
    const rows: SqlValue[][] = [[1234567.5]];
    const format = toCellFormatter('real', 'en', String);
    // "1,234,567.5" is 11 characters.
    expect(toColumnWidths({ columns, rows }, [format])).toEqual([12]);
  });

  it('samples rows spread over the whole result, so a long value near the end counts', () => {
    const rows: SqlValue[][] = Array.from({ length: 10_000 }, () => ['abc']);
    rows[9_999] = ['a value that is twenty-nine!'];
    const widths = toColumnWidths({ columns: [{ name: 'v', type: 'text' }], rows }, [plain], {
      sampleRows: 50
    });
    expect(widths).toEqual([29]);
  });

  it('gives a result without rows header widths', () => {
    expect(
      toColumnWidths({ columns: [{ name: 'a_long_column_name', type: 'null' }], rows: [] }, [plain])
    ).toEqual([20]);
  });
});

describe('toSampleIndices', () => {
  it('returns every row when there are few', () => {
    expect(toSampleIndices(3, 5)).toEqual([0, 1, 2]);
    expect(toSampleIndices(0, 5)).toEqual([]);
  });

  it('spreads the sample from the first row to the last', () => {
    expect(toSampleIndices(101, 5)).toEqual([0, 25, 50, 75, 100]);
    expect(toSampleIndices(100_000, 3)).toEqual([0, 50_000, 99_999]);
    expect(toSampleIndices(10, 1)).toEqual([0]);
  });
});

describe('toDisplayWidth', () => {
  it('counts wide East Asian characters twice and a surrogate pair once', () => {
    expect(toDisplayWidth('abc')).toBe(3);
    expect(toDisplayWidth('東京')).toBe(4);
    expect(toDisplayWidth('한국어')).toBe(6);
    expect(toDisplayWidth('𝔸b')).toBe(2);
  });

  it('stops counting past the limit', () => {
    expect(toDisplayWidth('x'.repeat(1_000_000), 40)).toBe(41);
  });
});
