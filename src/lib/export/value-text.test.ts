import { describe, expect, it } from 'vitest';
import { toHexBlob, toPlainNumber } from './value-text';

/** [number, its plain form] */
const numbers: [number, string][] = [
  [0, '0'],
  [-0, '0'],
  [-5, '-5'],
  [1e3, '1000'],
  [0.1, '0.1'],
  [-0.25, '-0.25'],
  [0.1 + 0.2, '0.30000000000000004'],
  [123456789.125, '123456789.125'],
  [2 ** 53, '9007199254740992'],
  [1e21, '1000000000000000000000'],
  [-1.5e22, '-15000000000000000000000'],
  [1.2345e25, '12345000000000000000000000'],
  [1e-7, '0.0000001'],
  [-1.5e-10, '-0.00000000015'],
  [1.234e-7, '0.0000001234'],
  [Number.MAX_SAFE_INTEGER, '9007199254740991'],
  [Number.MAX_VALUE, `17976931348623157${'0'.repeat(292)}`],
  [Number.MIN_VALUE, `0.${'0'.repeat(323)}5`]
];

describe('toPlainNumber', () => {
  it.each(numbers)('writes %s as %s', (value, text) => {
    expect(toPlainNumber(value)).toBe(text);
  });

  it.each(numbers)('reads %s back as the same double', (value) => {
    const text = toPlainNumber(value);
    expect(text).toMatch(/^-?\d+(\.\d+)?$/);
    expect(Number(text)).toBe(value === 0 ? 0 : value);
  });

  it.each([NaN, Infinity, -Infinity])('refuses %s', (value) => {
    expect(() => toPlainNumber(value)).toThrow(RangeError);
  });
});

describe('toHexBlob', () => {
  it.each([
    [[], '0x'],
    [[0x0a, 0xff], '0x0aff'],
    [[0, 1, 0x10, 0x7f, 0x80], '0x0001107f80']
  ])('writes %j as %s', (bytes, text) => {
    expect(toHexBlob(new Uint8Array(bytes))).toBe(text);
  });
});
