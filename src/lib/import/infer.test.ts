import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../tests/support/shared-data';
import {
  createConverter,
  formatForType,
  inferColumn,
  inferColumnType,
  toSqlValue,
  type ColumnInference,
  type ColumnType
} from './infer';
import type { ColumnFormat, NumberFormat } from './plan';
import { isMissingMarker } from './values';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

const PLAIN: NumberFormat = { decimal: '.', group: '', percent: false, currency: '' };
const PLAIN_COMMA: NumberFormat = { decimal: ',', group: '', percent: false, currency: '' };
const EN: NumberFormat = { decimal: '.', group: ',', percent: false, currency: '' };
const DE: NumberFormat = { decimal: ',', group: '.', percent: false, currency: '' };
const FR: NumberFormat = { decimal: ',', group: ' ', percent: false, currency: '' };
const CH: NumberFormat = { decimal: '.', group: "'", percent: false, currency: '' };

const TEXT: ColumnInference = { type: 'TEXT', format: { kind: 'text' } };
const integer = (number: NumberFormat): ColumnInference => ({
  type: 'INTEGER',
  format: { kind: 'integer', number }
});
const real = (number: NumberFormat): ColumnInference => ({ type: 'REAL', format: { kind: 'real', number } });
const boolean = (trueWords: string[], falseWords: string[]): ColumnInference => ({
  type: 'BOOLEAN',
  format: { kind: 'boolean', trueWords, falseWords }
});
const date = (order: 'YMD' | 'DMY' | 'MDY'): ColumnInference => ({
  type: 'DATE',
  format: { kind: 'date', order }
});
const datetime = (order: 'YMD' | 'DMY' | 'MDY'): ColumnInference => ({
  type: 'DATETIME',
  format: { kind: 'datetime', order }
});
const decimalAmbiguity: ColumnInference['ambiguity'] = { kind: 'decimal-separator', candidates: ['.', ','] };
const dateAmbiguity: ColumnInference['ambiguity'] = { kind: 'date-order', candidates: ['DMY', 'MDY'] };

/** A seeded generator (mulberry32), so that the property tests are the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

const INFERENCE_CASES: [string, string[], ColumnInference][] = [
  // Numbers
  ['integers', ['1', '-5', '0', '42'], integer(PLAIN)],
  ['negative zero is an integer', ['-0', '3'], integer(PLAIN)],
  ['integers with NULLs', ['', '7', ''], integer(PLAIN)],
  ['the largest safe integers', ['9007199254740991', '-9007199254740991'], integer(PLAIN)],
  ['2^53 + 1 would change as a number', ['1', '9007199254740993'], TEXT],
  ['a long ID', ['12345678901234567890'], TEXT],
  ['leading zeros (postcodes)', ['10115', '00123'], TEXT],
  ['007', ['007'], TEXT],
  ['a leading zero before a decimal comma', ['0123,5'], TEXT],
  ['a leading plus (phone numbers)', ['+4930123456'], TEXT],
  ['reals', ['1.5', '-0.25', '3'], real(PLAIN)],
  ['exponent', ['1e3'], real(PLAIN)],
  ['exponent forms', ['1E+3', '2.5e-7', '-6e0'], real(PLAIN)],
  ['leading point', ['.5', '-.5'], real(PLAIN)],
  ['written with cents is REAL even when whole', ['1.00', '2.00'], real(PLAIN)],
  ['integer first, real late in the file', [...Array(1000).fill('1'), '2.5'], real(PLAIN)],
  ['number first, text late in the file', [...Array(1000).fill('1.5'), 'abc'], TEXT],
  ['overflow to infinity', ['1e999'], TEXT],
  ['underflow to zero', ['1e-999'], TEXT],
  ['zero with a big exponent is still zero', ['0e-999', '0.0'], real(PLAIN)],
  ['an unsafe integer among reals', ['1.5', '9007199254740993'], TEXT],
  ['surrounding spaces', [' 5'], TEXT],
  ['NaN and Infinity', ['Infinity', '-Infinity'], TEXT],
  ['hex', ['0x1F'], TEXT],
  ['fullwidth digits', ['１２３'], TEXT],
  ['en', ['1,234.56', '12.50', '1,000,000'], real(EN)],
  ['de', ['1.234,56', '12,50'], real(DE)],
  ['fr with spaces', ['1 234,56', '12,5'], real(FR)],
  ['fr with U+00A0 and U+202F', [`1${NBSP}234,56`, `1${NNBSP}000`], real(FR)],
  ['ch', ["1'234.56", '12.5', '1’000'], real(CH)],
  ['plain decimal point', ['1234.56', '7'], real(PLAIN)],
  ['plain decimal comma', ['1234,56', '7'], real(PLAIN_COMMA)],
  ['zero comma five', ['0,5'], real(PLAIN_COMMA)],
  ['zero point five', ['0.5'], real(PLAIN)],
  ['1,234 alone is ambiguous', ['1,234', '5,678'], { ...integer(EN), ambiguity: decimalAmbiguity }],
  ['1.234 alone is ambiguous', ['1.234'], { ...real(PLAIN), ambiguity: decimalAmbiguity }],
  [
    'yen, whole amounts only, is ambiguous',
    ['¥1,200', '¥300'],
    {
      ...integer({ ...EN, currency: '¥' }),
      ambiguity: decimalAmbiguity
    }
  ],
  ['1,234 with a decimal comma elsewhere', ['1,234', '0,5'], real(PLAIN_COMMA)],
  ['1,234 with a decimal point elsewhere', ['1,234', '2.5'], real(EN)],
  ['1.234 with dots grouping elsewhere', ['1.234', '1.234.567'], integer(DE)],
  ['1,234 with spaces grouping elsewhere', ['1,234', '1 234,5'], real(FR)],
  ['spaces only: the comma is the default decimal', ['1 234', '5'], integer(FR)],
  ['decimal point and decimal comma mixed', ['1,5', '2.5'], TEXT],
  ['groups of two', ['1,23,456'], TEXT],
  ['euro before', ['€12,50', '€3'], real({ ...PLAIN_COMMA, currency: '€' })],
  ['euro after', ['12,50 €', `1.234,00${NBSP}€`], real({ ...DE, currency: '€' })],
  ['dollars, negative forms', ['$1,234.00', '-$5', '($3.50)'], real({ ...EN, currency: '$' })],
  ['ISO code', ['USD 12.00', 'USD 3.50'], real({ ...PLAIN, currency: 'USD' })],
  ['kronor', ['12,50 kr', '3 kr'], real({ ...PLAIN_COMMA, currency: 'kr' })],
  ['francs', ["CHF 1'234.50", 'CHF 3.00'], real({ ...CH, currency: 'CHF' })],
  ['pounds', ['£3.50', '£12.00'], real({ ...PLAIN, currency: '£' })],
  ['two currencies are never merged', ['$5', '€5'], TEXT],
  ['EUR and € are two spellings, not merged either', ['€5', '5 EUR'], TEXT],
  ['a currency on some values only', ['€5', '7'], integer({ ...PLAIN, currency: '€' })],
  ['percentages', ['12.5%', '3%'], real({ ...PLAIN, percent: true })],
  ['percent on some values only', ['12.5%', '3'], TEXT],
  ['whole percentages are still REAL', ['100%', '200%'], real({ ...PLAIN, percent: true })],
  ['accounting and SAP negatives', ['(5)', '5-', '-5', '\u22125'], integer(PLAIN)],
  ['SAP export', ['1.234,50-', '12,00'], real(DE)],

  // Missing-value markers
  [
    'markers do not vote',
    ['1', '2.5', 'N/A', 'NULL', 'null', 'n/a', 'NA', '#N/A', 'NaN', '-', ' '],
    real(PLAIN)
  ],
  ['only markers', ['N/A', 'NULL', '-'], TEXT],
  ['telco blanks', ['29.85', ' ', '1889.5'], real(PLAIN)],
  ['other words still vote', ['1', 'none'], TEXT],
  ['all empty', ['', '', ''], TEXT],
  ['no values', [], TEXT],

  // Booleans
  ['true/false', ['true', 'FALSE', 'True'], boolean(['true'], ['false'])],
  ['yes/no', ['Yes', 'No'], boolean(['yes'], ['no'])],
  ['one word of a pair', ['no', 'No'], boolean(['yes'], ['no'])],
  ['sí/no', ['Sí', 'no', 'si'], boolean(['sí', 'si'], ['no'])],
  ['y/n', ['Y', 'N', 'y'], boolean(['y'], ['n'])],
  ['t/f', ['t', 'f'], boolean(['t'], ['f'])],
  ['ja/nein', ['ja', 'NEIN'], boolean(['ja'], ['nein'])],
  ['oui/non', ['oui', 'non'], boolean(['oui'], ['non'])],
  ['wahr/falsch', ['Wahr', 'Falsch'], boolean(['wahr'], ['falsch'])],
  ['是/否', ['是', '否'], boolean(['是'], ['否'])],
  ['booleans with a marker', ['yes', 'no', 'N/A'], boolean(['yes'], ['no'])],
  ['0/1 stays INTEGER', ['0', '1', '1'], integer(PLAIN)],
  ['two families', ['yes', 'n'], TEXT],
  ['booleans and numbers', ['true', '1'], TEXT],
  ['a third word', ['yes', 'no', 'maybe'], TEXT],
  ['F and M are not booleans', ['F', 'M'], TEXT],
  ['non-ASCII capitals are not folded', ['SÍ', 'no'], TEXT],

  // Dates
  ['ISO dates', ['2024-03-05', '2024-12-31'], date('YMD')],
  ['year first with slashes', ['2024/03/05'], date('YMD')],
  ['German dots', ['05.03.2024', '31.12.2024'], date('DMY')],
  ['German dots, all days 12 or less: dots are day first', ['05.03.2024', '06.03.2024'], date('DMY')],
  ['day over 12: day first', ['05/03/2024', '13/04/2024'], date('DMY')],
  ['month second over 12: month first', ['03/04/2024', '04/13/2024'], date('MDY')],
  ['both orders in one column are never merged', ['03/04/2024', '13/04/2024', '04/13/2024'], TEXT],
  ['undecidable: ask', ['03/04/2024', '05/06/2024'], { ...date('DMY'), ambiguity: dateAmbiguity }],
  ['same day and month read the same both ways', ['05/05/2024', '2024-01-31'], date('DMY')],
  [
    'ISO values do not decide the order',
    ['2024-03-05', '05/03/2024'],
    { ...date('DMY'), ambiguity: dateAmbiguity }
  ],
  ['two-digit years', ['5/3/24', '17/3/24'], date('DMY')],
  ['dashes, day first', ['05-03-2024', '25-12-2024'], date('DMY')],
  ['year-month is not a date', ['2024-03'], TEXT],
  ['an invalid calendar date', ['2024-02-29', '2024-02-30'], TEXT],
  ['February 29 of a common year', ['2023-02-29'], TEXT],
  ['a date that fits no order', ['13/13/2024'], TEXT],
  ['dates and a marker', ['2024-03-05', 'N/A', ''], date('YMD')],
  ['a date among texts', ['2024-03-05', 'soon'], TEXT],
  ['compact dates are integers', ['20240305'], integer(PLAIN)],
  ['years are integers', ['2024', '1999'], integer(PLAIN)],

  // Date-times
  ['ISO date-times', ['2024-03-05 08:26:00', '2024-03-05T14:05'], datetime('YMD')],
  ['dates and date-times: DATETIME', ['2024-03-05', '2024-03-05 10:00'], datetime('YMD')],
  ['UCI Online Retail', ['12/1/2010 8:26', '12/13/2010 14:05'], datetime('MDY')],
  [
    'UCI Online Retail, first days only',
    ['12/1/2010 8:26', '12/2/2010 9:00'],
    {
      ...datetime('DMY'),
      ambiguity: dateAmbiguity
    }
  ],
  ['AM/PM', ['3/5/2024 1:05 PM', '3/15/2024 11:59 AM'], datetime('MDY')],
  ['as Intl writes them (en-US)', ['3/5/2024, 1:05:09 PM', '3/15/2024, 11:59:00 AM'], datetime('MDY')],
  ['as Intl writes them (en-GB)', ['05/03/2024, 13:05:09', '15/03/2024, 11:59:00'], datetime('DMY')],
  [
    'offsets',
    ['2024-03-05T10:00:00Z', '2024-03-05T11:00:00+01:00', '2024-03-05 10:00:00 UTC'],
    datetime('YMD')
  ],
  ['zoned and local times are never merged', ['2024-03-05T10:00:00Z', '2024-03-05 10:00:00'], TEXT],
  ['a date among zoned times', ['2024-03-05', '2024-03-05T10:00:00Z'], TEXT],
  ['an invalid time', ['2024-03-05 10:00', '2024-03-05 25:00'], TEXT],
  ['times alone are text', ['10:00', '11:30'], TEXT]
];

describe('inferColumn', () => {
  it.each(INFERENCE_CASES)('%s', (_, values, expected) => {
    expect(inferColumn(values)).toStrictEqual(expected);
  });

  it('converts every sampled value of an inferred column, except the markers', () => {
    for (const [name, values] of INFERENCE_CASES) {
      const convert = createConverter(inferColumn(values).format);
      const typed = inferColumn(values).type !== 'TEXT';
      for (const value of values) {
        const converted = convert(value);
        if (value === '') expect(converted, name).toBeNull();
        else if (typed && isMissingMarker(value)) expect(converted, `${name}: ${value}`).toBeUndefined();
        else expect(converted, `${name}: ${value}`).not.toBeUndefined();
      }
    }
  });

  it('does not depend on the order or repetition of the sample', () => {
    const next = random(7);
    for (const [name, values, expected] of INFERENCE_CASES) {
      for (let round = 0; round < 5; round++) {
        const sample = shuffled([...values, ...values.slice(0, round)], next);
        expect(inferColumn(sample), name).toStrictEqual(expected);
      }
    }
  });

  it('never returns a number for a text that has extra characters', () => {
    const next = random(8);
    const extras = [' ', 'x', '+', '#', '%%', '..', ',,', '0x', '$€', '(', ')', '--', 'e', '/', ':'];
    for (const [, values, expected] of INFERENCE_CASES) {
      if (expected.type !== 'INTEGER' && expected.type !== 'REAL') continue;
      const convert = createConverter(expected.format);
      for (const value of values) {
        if (value === '' || isMissingMarker(value)) continue;
        const extra = extras[Math.floor(next() * extras.length)];
        for (const altered of [extra + value, value + extra]) {
          // A few additions make another valid number (`(` + `5)`): those may convert, but not to this value.
          const converted = convert(altered);
          if (converted !== undefined) expect(converted, altered).not.toBe(convert(value));
        }
      }
    }
  });

  it.each<[string, string[], Parameters<typeof inferColumn>[1], ColumnInference]>([
    ['the user reads 1,234 as a decimal', ['1,234', '5,678'], { decimal: ',' }, real(PLAIN_COMMA)],
    ['the user reads 1,234 as grouped', ['1,234', '5,678'], { decimal: '.' }, integer(EN)],
    ['a choice that does not fit', ['1.5', '2.5'], { decimal: ',' }, TEXT],
    ['the user reads dates month first', ['03/04/2024', '05/06/2024'], { dateOrder: 'MDY' }, date('MDY')],
    ['a date order that does not fit', ['13/04/2024'], { dateOrder: 'MDY' }, TEXT],
    ['a choice for another type is ignored', ['yes', 'no'], { decimal: ',' }, boolean(['yes'], ['no'])]
  ])('%s', (_, values, choice, expected) => {
    expect(inferColumn(values, choice)).toStrictEqual(expected);
  });
});

describe('formatForType', () => {
  it.each<[string, ColumnType, string[], Parameters<typeof formatForType>[2], ColumnFormat]>([
    ['TEXT', 'TEXT', ['1', '2'], {}, { kind: 'text' }],
    ['INTEGER with a misfit', 'INTEGER', ['1', '2', 'x'], {}, { kind: 'integer', number: PLAIN }],
    ['REAL over a number column', 'REAL', ['1', '2'], {}, { kind: 'real', number: PLAIN }],
    ['REAL with decimal commas', 'REAL', ['1,5', '2,5', 'x'], {}, { kind: 'real', number: PLAIN_COMMA }],
    ['REAL, German, mostly', 'REAL', ['1.234,5', '2,5', '3.5'], {}, { kind: 'real', number: DE }],
    ['REAL, ambiguous: the default', 'REAL', ['1,234'], {}, { kind: 'real', number: EN }],
    [
      'REAL, the user picks the comma',
      'REAL',
      ['1,234'],
      { decimal: ',' },
      { kind: 'real', number: PLAIN_COMMA }
    ],
    [
      'INTEGER, the user picks the comma',
      'INTEGER',
      ['1.234'],
      { decimal: ',' },
      { kind: 'integer', number: DE }
    ],
    [
      'REAL, mostly percent',
      'REAL',
      ['12%', '13%', '5'],
      {},
      {
        kind: 'real',
        number: { ...PLAIN, percent: true }
      }
    ],
    [
      'REAL, the most common currency',
      'REAL',
      ['$5', '$6', '€7'],
      {},
      {
        kind: 'real',
        number: { ...PLAIN, currency: '$' }
      }
    ],
    ['REAL over text', 'REAL', ['abc'], {}, { kind: 'real', number: PLAIN }],
    [
      'BOOLEAN',
      'BOOLEAN',
      ['ja', 'nein', 'x', 'no'],
      {},
      {
        kind: 'boolean',
        trueWords: ['ja'],
        falseWords: ['nein']
      }
    ],
    [
      'BOOLEAN without words',
      'BOOLEAN',
      [],
      {},
      { kind: 'boolean', trueWords: ['true'], falseWords: ['false'] }
    ],
    ['BOOLEAN, one word', 'BOOLEAN', ['no'], {}, { kind: 'boolean', trueWords: ['yes'], falseWords: ['no'] }],
    ['DATE, year first', 'DATE', ['2024-03-05'], {}, { kind: 'date', order: 'YMD' }],
    ['DATE, day first by default', 'DATE', ['05/03/2024'], {}, { kind: 'date', order: 'DMY' }],
    [
      'DATE, mostly month first',
      'DATE',
      ['03/13/2024', '04/14/2024', '13/04/2024', 'x'],
      {},
      {
        kind: 'date',
        order: 'MDY'
      }
    ],
    [
      'DATETIME, the user picks month first',
      'DATETIME',
      ['03/04/2024'],
      { dateOrder: 'MDY' },
      {
        kind: 'datetime',
        order: 'MDY'
      }
    ],
    ['DATE over text', 'DATE', ['abc'], {}, { kind: 'date', order: 'DMY' }]
  ])('%s', (_, type, values, options, expected) => {
    expect(formatForType(type, values, options)).toStrictEqual(expected);
  });

  it('gives the inferred format for the inferred type', () => {
    for (const [name, values, expected] of INFERENCE_CASES) {
      if (
        expected.ambiguity !== undefined ||
        values.every((value) => value === '' || isMissingMarker(value))
      ) {
        continue;
      }
      expect(formatForType(expected.type, values), name).toStrictEqual(expected.format);
    }
  });
});

describe('createConverter', () => {
  it.each<[string, ColumnFormat, string, string | number | null | undefined]>([
    ['text', { kind: 'text' }, 'abc', 'abc'],
    ['text keeps spaces', { kind: 'text' }, '  padded  ', '  padded  '],
    ['text keeps line breaks', { kind: 'text' }, 'line\r\nbreak', 'line\r\nbreak'],
    ['text keeps formulas', { kind: 'text' }, '=1+1', '=1+1'],
    ['text keeps codes', { kind: 'text' }, '00123', '00123'],
    ['empty text is NULL', { kind: 'text' }, '', null],
    ['integer', { kind: 'integer', number: EN }, '1,234', 1234],
    ['empty integer is NULL', { kind: 'integer', number: EN }, '', null],
    ['a marker does not fit', { kind: 'integer', number: EN }, 'N/A', undefined],
    ['a blank does not fit', { kind: 'real', number: PLAIN }, ' ', undefined],
    ['a real in an integer column', { kind: 'integer', number: EN }, '1.5', undefined],
    ['real with currency', { kind: 'real', number: { ...DE, currency: '€' } }, '1.234,50 €', 1234.5],
    ['percent', { kind: 'real', number: { ...PLAIN, percent: true } }, '12.5%', 0.125],
    ['boolean true', { kind: 'boolean', trueWords: ['yes'], falseWords: ['no'] }, 'Yes', 1],
    ['boolean false', { kind: 'boolean', trueWords: ['yes'], falseWords: ['no'] }, 'NO', 0],
    ['boolean misfit', { kind: 'boolean', trueWords: ['yes'], falseWords: ['no'] }, 'maybe', undefined],
    ['empty boolean is NULL', { kind: 'boolean', trueWords: ['yes'], falseWords: ['no'] }, '', null],
    ['date', { kind: 'date', order: 'DMY' }, '05/03/2024', '2024-03-05'],
    ['ISO date in a DMY column', { kind: 'date', order: 'DMY' }, '2024-03-05', '2024-03-05'],
    ['invalid date', { kind: 'date', order: 'DMY' }, '31/02/2024', undefined],
    ['empty date is NULL', { kind: 'date', order: 'DMY' }, '', null],
    ['date-time', { kind: 'datetime', order: 'MDY' }, '12/1/2010 8:26', '2010-12-01 08:26:00'],
    [
      'date-time with offset',
      { kind: 'datetime', order: 'YMD' },
      '2024-03-05T10:00+02:00',
      '2024-03-05 08:00:00'
    ],
    ['date in a date-time column', { kind: 'datetime', order: 'YMD' }, '2024-03-05', '2024-03-05 00:00:00']
  ])('%s: %j -> %j', (_, format, raw, expected) => {
    expect(createConverter(format)(raw)).toBe(expected);
  });
});

describe('legacy inferColumnType', () => {
  it.each<[string, string[], ColumnType]>([
    ['integers', ['1', '-5', '0', '42'], 'INTEGER'],
    ['negative zero is an integer', ['-0', '3'], 'INTEGER'],
    ['integers with NULLs', ['', '7', ''], 'INTEGER'],
    ['the largest safe integers', ['9007199254740991', '-9007199254740991'], 'INTEGER'],
    ['2^53 + 1 would change as a number', ['1', '9007199254740993'], 'TEXT'],
    ['a long ID', ['12345678901234567890'], 'TEXT'],
    ['leading zeros (postcodes)', ['10115', '00123'], 'TEXT'],
    ['a leading plus (phone numbers)', ['+4930123456'], 'TEXT'],
    ['reals', ['1.5', '-0.25', '3'], 'REAL'],
    ['exponent', ['1e3'], 'REAL'],
    ['leading dot', ['.5', '-.5'], 'REAL'],
    ['integer first, real late in the file', [...Array(1000).fill('1'), '2.5'], 'REAL'],
    ['number first, text late in the file', [...Array(1000).fill('1.5'), 'n/a'], 'TEXT'],
    ['overflow to infinity', ['1e999'], 'TEXT'],
    ['underflow to zero', ['1e-999'], 'TEXT'],
    ['zero with a big exponent is still zero', ['0e-999', '0.0'], 'REAL'],
    ['surrounding spaces', [' 5'], 'TEXT'],
    ['decimal comma (locale numbers are for inferColumn)', ['1,5'], 'TEXT'],
    ['dates', ['2024-01-31'], 'TEXT'],
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

describe('legacy toSqlValue', () => {
  it.each<[string, ColumnType, unknown]>([
    ['', 'INTEGER', null],
    ['', 'TEXT', null],
    ['', 'DATE', null],
    ['-5', 'INTEGER', -5],
    ['9007199254740991', 'INTEGER', 9007199254740991],
    ['7', 'REAL', 7],
    ['1.5', 'REAL', 1.5],
    ['1e3', 'REAL', 1000],
    ['00123', 'TEXT', '00123'],
    ['9007199254740993', 'INTEGER', '9007199254740993'],
    ['1.5', 'INTEGER', '1.5'],
    ['n/a', 'REAL', 'n/a'],
    ['1,5', 'REAL', '1,5'],
    ['TRUE', 'BOOLEAN', 1],
    ['yes', 'BOOLEAN', 'yes'],
    ['05/03/2024', 'DATE', '2024-03-05'],
    ['2024-03-05T10:00:00Z', 'DATETIME', '2024-03-05 10:00:00'],
    ['soon', 'DATE', 'soon']
  ])('%j as %s -> %j', (raw, type, value) => {
    expect(toSqlValue(raw, type)).toBe(value);
  });

  it('stores -0 in an integer column as 0', () => {
    expect(Object.is(toSqlValue('-0', 'INTEGER'), 0)).toBe(true);
  });
});

/** Every `step`-th row, by column: what a sampler spread over the file would hand to inference. */
function sampleColumns(rows: readonly string[][], step: number): string[][] {
  return rows[0].map((_, column) => rows.filter((_, i) => i % step === 0).map((row) => row[column]));
}

function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const { data } = Papa.parse<string[]>(text, { skipEmptyLines: true });
  return { header: data[0], rows: data.slice(1) };
}

const retailPath = sharedData('online-retail/online_retail.csv.gz');

describe.runIf(retailPath)('UCI Online Retail (541,909 rows, shared data)', () => {
  let header: string[] = [];
  let rows: string[][] = [];
  beforeAll(() => {
    ({ header, rows } = parseCsv(gunzipSync(readFileSync(retailPath as string)).toString('utf8')));
  });

  it('infers every column from a sample spread over the file, and every row converts exactly', () => {
    const types = sampleColumns(rows, 50).map((values) => inferColumn(values));
    expect(Object.fromEntries(header.map((name, i) => [name, types[i]]))).toStrictEqual({
      InvoiceNo: TEXT,
      StockCode: TEXT,
      Description: TEXT,
      Quantity: integer(PLAIN),
      InvoiceDate: datetime('YMD'),
      UnitPrice: real(PLAIN),
      CustomerID: integer(PLAIN),
      Country: TEXT
    });
    const converters = types.map((type) => createConverter(type.format));
    const inexact: string[] = [];
    for (const row of rows) {
      for (let i = 0; i < row.length; i++) {
        const converted = converters[i](row[i]);
        // The stored value prints as the source text: nothing rounded, padded or cut (RELIABILITY.md 3.1/17).
        if (converted === undefined || (converted !== null && String(converted) !== row[i]))
          inexact.push(row[i]);
      }
    }
    expect(inexact).toEqual([]);
  });

  it('reads the InvoiceDate of the original UCI export (12/1/2010 8:26) month first', () => {
    const iso = rows.map((row) => row[4]);
    // The original spreadsheet export writes M/D/YYYY H:MM; the shared copy has it as ISO.
    const original = iso.map(
      (text) =>
        `${Number(text.slice(5, 7))}/${Number(text.slice(8, 10))}/${text.slice(0, 4)} ` +
        `${Number(text.slice(11, 13))}:${text.slice(14, 16)}`
    );
    expect(original[0]).toBe('12/1/2010 8:26');
    const inferred = inferColumn(original.filter((_, i) => i % 50 === 0));
    expect(inferred).toStrictEqual(datetime('MDY'));
    const convert = createConverter(inferred.format);
    const wrong = original.filter((text, i) => convert(text) !== iso[i]);
    expect(wrong).toEqual([]);
  });
});

const telcoPath = sharedData('telco-churn/Telco-Customer-Churn.csv');

describe.runIf(telcoPath)('IBM Telco customer churn (shared data)', () => {
  it('infers booleans, numbers and the blank TotalCharges', () => {
    const { header, rows } = parseCsv(readFileSync(telcoPath as string, 'utf8'));
    const types = Object.fromEntries(
      sampleColumns(rows, 1).map((values, i) => [header[i], inferColumn(values)])
    );
    const yesNo = boolean(['yes'], ['no']);
    expect(types).toMatchObject({
      customerID: TEXT,
      gender: TEXT,
      SeniorCitizen: integer(PLAIN),
      Partner: yesNo,
      Dependents: yesNo,
      tenure: integer(PLAIN),
      PhoneService: yesNo,
      MultipleLines: TEXT,
      PaperlessBilling: yesNo,
      MonthlyCharges: real(PLAIN),
      TotalCharges: real(PLAIN),
      Churn: yesNo
    });
    // The 11 blank charges (tenure 0) are kept as text and reported by the import, not turned into NULL.
    const convert = createConverter(types.TotalCharges.format);
    const misfits = rows
      .map((row) => row[header.indexOf('TotalCharges')])
      .filter((v) => convert(v) === undefined);
    expect(misfits).toEqual(Array(11).fill(' '));
  });
});
