import { describe, expect, it } from 'vitest';
import { inferColumnType, toSqlValue, type ColumnType } from './infer';

describe('inferColumnType', () => {
  it.each<[string, string[], ColumnType]>([
    ['integers', ['1', '-5', '0', '42'], 'INTEGER'],
    ['negative zero is an integer', ['-0', '3'], 'INTEGER'],
    ['integers with NULLs', ['', '7', ''], 'INTEGER'],
    ['the largest safe integers', ['9007199254740991', '-9007199254740991'], 'INTEGER'],
    ['2^53 + 1 would change as a number', ['1', '9007199254740993'], 'TEXT'],
    ['a long ID', ['12345678901234567890'], 'TEXT'],
    ['leading zeros (postcodes)', ['10115', '00123'], 'TEXT'],
    ['007', ['007'], 'TEXT'],
    ['a leading plus (phone numbers)', ['+4930123456'], 'TEXT'],
    ['+1', ['+1'], 'TEXT'],
    ['reals', ['1.5', '-0.25', '3'], 'REAL'],
    ['exponent', ['1e3'], 'REAL'],
    ['exponent forms', ['1E+3', '2.5e-7', '-6e0'], 'REAL'],
    ['leading dot', ['.5', '-.5'], 'REAL'],
    ['zero point something', ['0.5', '-0.0'], 'REAL'],
    ['integer first, real late in the file', [...Array(1000).fill('1'), '2.5'], 'REAL'],
    ['number first, text late in the file', [...Array(1000).fill('1.5'), 'n/a'], 'TEXT'],
    ['leading zeros before a point', ['00.5'], 'TEXT'],
    ['a trailing point', ['1.'], 'TEXT'],
    ['a double point', ['1.2.3'], 'TEXT'],
    ['NaN', ['NaN'], 'TEXT'],
    ['Infinity', ['Infinity', '-Infinity'], 'TEXT'],
    ['hex', ['0x1F'], 'TEXT'],
    ['binary and octal literals', ['0b1', '0o7'], 'TEXT'],
    ['overflow to infinity', ['1e999'], 'TEXT'],
    ['underflow to zero', ['1e-999'], 'TEXT'],
    ['zero with a big exponent is still zero', ['0e-999', '0.0'], 'REAL'],
    ['an unsafe integer among reals', ['1.5', '9007199254740993'], 'TEXT'],
    ['surrounding spaces', [' 5'], 'TEXT'],
    ['trailing space', ['5 '], 'TEXT'],
    ['decimal comma (locale numbers stay text for now)', ['1,5'], 'TEXT'],
    ['German thousands and decimals', ['1.234,56'], 'TEXT'],
    ['thousands separators', ['1,234'], 'TEXT'],
    ['fullwidth digits', ['１２３'], 'TEXT'],
    ['Arabic-Indic digits', ['١٢٣'], 'TEXT'],
    ['underscore separators', ['1_000'], 'TEXT'],
    ['a bare sign', ['-'], 'TEXT'],
    ['dates', ['2024-01-31'], 'TEXT'],
    ['all empty', ['', '', ''], 'TEXT'],
    ['no values', [], 'TEXT']
  ])('%s -> %s', (_, values, type) => {
    expect(inferColumnType(values)).toBe(type);
  });

  it('reads the values from any iterable, all of them', () => {
    let read = 0;
    function* values() {
      for (let i = 0; i < 50_000; i++) {
        read++;
        yield i === 49_999 ? 'x' : String(i);
      }
    }
    expect(inferColumnType(values())).toBe('TEXT');
    expect(read).toBe(50_000);
  });
});

describe('toSqlValue', () => {
  it.each<[string, ColumnType, unknown]>([
    ['', 'INTEGER', null],
    ['', 'REAL', null],
    ['', 'TEXT', null],
    ['-5', 'INTEGER', -5],
    ['9007199254740991', 'INTEGER', 9007199254740991],
    ['7', 'REAL', 7],
    ['1.5', 'REAL', 1.5],
    ['1e3', 'REAL', 1000],
    ['.5', 'REAL', 0.5],
    ['00123', 'TEXT', '00123'],
    ['  padded  ', 'TEXT', '  padded  '],
    ['line\r\nbreak', 'TEXT', 'line\r\nbreak'],
    ['=1+1', 'TEXT', '=1+1'],
    ['顧客 😎', 'TEXT', '顧客 😎'],
    ['9007199254740993', 'TEXT', '9007199254740993'],
    ['abc', 'INTEGER', 'abc'],
    ['9007199254740993', 'INTEGER', '9007199254740993'],
    ['1.5', 'INTEGER', '1.5'],
    ['n/a', 'REAL', 'n/a']
  ])('%j as %s -> %j', (raw, type, value) => {
    expect(toSqlValue(raw, type)).toBe(value);
  });

  it('stores -0 in an integer column as 0', () => {
    expect(Object.is(toSqlValue('-0', 'INTEGER'), 0)).toBe(true);
  });
});
