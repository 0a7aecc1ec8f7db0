import { describe, expect, it } from 'vitest';
import type { ImportValue } from './convert-rows';
import { packRows, unpackRows } from './packed-rows';

describe('packRows', () => {
  it('round-trips numbers, texts (ASCII or not, empty) and NULLs in order', () => {
    const rows: ImportValue[][] = [
      [1, 'plain', null, 2.5],
      [-0.5, '', 'Grüße 日本 🎉', 9_007_199_254_740_991],
      [null, null, null, null]
    ];
    const packed = packRows(rows, 4);
    expect(packed.rows).toBe(3);
    expect(unpackRows(packed)).toEqual(rows);
    expect(new TextDecoder().decode(packed.text)).toBe('plainGrüße 日本 🎉');
  });

  it('notes byte lengths, not character lengths, once a text is not ASCII', () => {
    const packed = packRows([['é', 'ab']], 2);
    expect([...packed.lengths]).toEqual([2, 2]);
    expect(packed.text.length).toBe(4);
  });

  it('packs an empty batch', () => {
    const packed = packRows([], 3);
    expect(packed.rows).toBe(0);
    expect(unpackRows(packed)).toEqual([]);
  });
});
