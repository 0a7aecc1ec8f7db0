import { describe, expect, it } from 'vitest';
import type { SqlValue } from '../../engine/types';
import { seededRandom as random } from '../../persistence/seeded-random';
import { compareNumbers, compareSqlValues, compareText, nextSort, sortPermutation } from './sort';

const column = (values: SqlValue[]): SqlValue[][] => values.map((value) => [value]);

describe('sortPermutation', () => {
  // Index: value. Ties: rows 2 and 16 (3), rows 3 and 8 (2^60 as bigint and as double), rows 1 and 7 (NULL).
  const mixed: SqlValue[] = [
    'b', // 0
    null, // 1
    3, // 2
    2n ** 60n, // 3
    1.5, // 4
    new Uint8Array([1, 2]), // 5
    'B', // 6
    null, // 7
    2 ** 60, // 8
    2n ** 60n + 1n, // 9: rounds to the same double as 2^60, yet is larger
    'a', // 10
    new Uint8Array([1]), // 11
    -Infinity, // 12
    'é', // 13: U+00E9
    '\u{1F600}', // 14: beyond U+FFFF, a surrogate pair in UTF-16
    '\uFF5E', // 15: below U+1F600 by code point, above its surrogates by code unit
    3, // 16
    new Uint8Array([0, 255]), // 17
    '' // 18
  ];

  it('orders ascending as SQLite does: NULL, numbers exactly, text by code point, blobs bytewise; stable', () => {
    expect(Array.from(sortPermutation(column(mixed), 0, 'ascending'))).toEqual([
      1, 7, 12, 4, 2, 16, 3, 8, 9, 18, 6, 10, 0, 13, 15, 14, 17, 11, 5
    ]);
  });

  it('orders descending as ascending reversed, ties still in result order, NULLs last', () => {
    expect(Array.from(sortPermutation(column(mixed), 0, 'descending'))).toEqual([
      5, 11, 17, 14, 15, 13, 0, 10, 6, 18, 9, 3, 8, 2, 16, 4, 12, 1, 7
    ]);
  });

  it('sorts by the requested column and returns indices, leaving the rows untouched', () => {
    const rows: SqlValue[][] = [
      ['x', 2],
      ['y', 1],
      ['z', 2]
    ];
    const before = structuredClone(rows);
    const order = sortPermutation(rows, 1, 'ascending');
    expect(order).toBeInstanceOf(Int32Array);
    expect(Array.from(order)).toEqual([1, 0, 2]);
    expect(rows).toEqual(before);
  });

  it('handles no rows and a single row', () => {
    expect(Array.from(sortPermutation([], 0, 'ascending'))).toEqual([]);
    expect(Array.from(sortPermutation([[null]], 0, 'descending'))).toEqual([0]);
  });

  it('sorts 100,000 mixed values into a stable, SQLite-ordered permutation', () => {
    const next = random(42);
    const values: SqlValue[] = Array.from({ length: 100_000 }, () => {
      const pick = next();
      if (pick < 0.05) return null;
      if (pick < 0.45) return Math.floor(next() * 1000) / 4; // many ties
      if (pick < 0.5) return BigInt(Math.floor(next() * 50)) + 2n ** 60n;
      if (pick < 0.9) return `k${Math.floor(next() * 5000)}`;
      if (pick < 0.95) return `\u{1F600}${Math.floor(next() * 10)}`;
      return new Uint8Array([Math.floor(next() * 4), Math.floor(next() * 4)]);
    });
    for (const direction of ['ascending', 'descending'] as const) {
      const order = sortPermutation(column(values), 0, direction);
      expect(new Set(order).size).toBe(values.length);
      const sign = direction === 'ascending' ? 1 : -1;
      for (let k = 1; k < order.length; k++) {
        const step = sign * compareSqlValues(values[order[k - 1]], values[order[k]]);
        if (step > 0 || (step === 0 && order[k - 1] > order[k])) {
          throw new Error(`${direction}: positions ${k - 1} and ${k} are out of order`);
        }
      }
    }
  });
});

describe('compareNumbers', () => {
  it.each([
    [2n ** 60n, 1.5, 1],
    [1.5, 2n, -1],
    [-1.5, -1n, -1],
    [-0.5, -1n, 1],
    [2 ** 53, 2n ** 53n + 1n, -1],
    [2n ** 53n, 2 ** 53, 0],
    [Infinity, 2n ** 900n, 1],
    [-Infinity, -(2n ** 900n), -1],
    [1e300, 10n ** 300n, 1], // the double 1e300 is slightly above 10^300
    [3, 3, 0],
    [-(2n ** 63n), -(2n ** 63n) + 1n, -1]
  ] as const)('compares %s with %s exactly', (a, b, expected) => {
    expect(Math.sign(compareNumbers(a, b))).toBe(expected);
    expect(Math.sign(compareNumbers(b, a))).toBe(-expected || 0);
  });
});

describe('compareText', () => {
  it('follows code points (UTF-8 byte order), not UTF-16 code units', () => {
    expect('\u{1F600}' < '\uFF5E').toBe(true); // what `<` alone would say
    expect(Math.sign(compareText('\u{1F600}', '\uFF5E'))).toBe(1);
    expect(Math.sign(compareText('ab', 'abc'))).toBe(-1);
    expect(Math.sign(compareText('Z', 'a'))).toBe(-1);
    expect(compareText('same', 'same')).toBe(0);
  });
});

describe('nextSort', () => {
  it('cycles ascending, descending, none, and restarts on another column', () => {
    const ascending = nextSort(null, 2);
    expect(ascending).toEqual({ column: 2, direction: 'ascending' });
    const descending = nextSort(ascending, 2);
    expect(descending).toEqual({ column: 2, direction: 'descending' });
    expect(nextSort(descending, 2)).toBeNull();
    expect(nextSort(descending, 0)).toEqual({ column: 0, direction: 'ascending' });
  });
});
