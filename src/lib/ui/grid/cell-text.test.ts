import { describe, expect, it } from 'vitest';
import { MAX_CELL_CHARS, isNumericType, toCellFormatter, toOneLine } from './cell-text';

const bytes = (count: number) => `${count} B`;

describe('toCellFormatter', () => {
  it('writes integer columns plainly, without grouping', () => {
    const format = toCellFormatter('integer', 'en', bytes);
    expect(format(1234567)).toBe('1234567');
    expect(format(9007199254740993n)).toBe('9007199254740993');
  });

  it('writes real and mixed columns in the locale, up to 6 decimals', () => {
    expect(toCellFormatter('real', 'en', bytes)(1234.5678901)).toBe('1,234.56789');
    expect(toCellFormatter('real', 'de', bytes)(1234.5)).toBe('1.234,5');
    expect(toCellFormatter('mixed', 'en', bytes)(9007199254740993n)).toBe('9,007,199,254,740,993');
  });

  it('writes NULL, text and blobs', () => {
    const format = toCellFormatter('mixed', 'en', bytes);
    expect(format(null)).toBe('NULL');
    expect(format('NULL')).toBe('NULL');
    expect(format(new Uint8Array(3))).toBe('BLOB (3 B)');
  });
});

describe('toOneLine', () => {
  it('shows line breaks and tabs as symbols', () => {
    expect(toOneLine('a\r\nb\nc\rd\te')).toBe('a↵b↵c↵d→e');
  });

  it('cuts long text', () => {
    const shown = toOneLine('x'.repeat(MAX_CELL_CHARS + 10));
    expect(shown).toBe(`${'x'.repeat(MAX_CELL_CHARS)}…`);
  });
});

describe('isNumericType', () => {
  it('right-aligns integer and real columns only', () => {
    const types = ['integer', 'real', 'text', 'mixed', 'null', 'blob'] as const;
    expect(types.filter(isNumericType)).toEqual(['integer', 'real']);
  });
});
