import { describe, expect, it } from 'vitest';
import type { DateOrder, NumberFormat } from './plan';
import {
  BOOLEAN_FAMILIES,
  booleanFamiliesOf,
  createBooleanParser,
  createDateParser,
  createDateTimeParts,
  createNumberParser,
  foldAscii,
  isCurrency,
  isMissingMarker,
  readNumberSyntax,
  scanDateTime,
  toFourDigitYear
} from './values';

/** Number formats by the locale that writes them. */
const EN: NumberFormat = { decimal: '.', group: ',', percent: false, currency: '' };
const DE: NumberFormat = { decimal: ',', group: '.', percent: false, currency: '' };
const FR: NumberFormat = { decimal: ',', group: ' ', percent: false, currency: '' };
const CH: NumberFormat = { decimal: '.', group: "'", percent: false, currency: '' };
const PLAIN: NumberFormat = { decimal: '.', group: '', percent: false, currency: '' };
const PLAIN_COMMA: NumberFormat = { decimal: ',', group: '', percent: false, currency: '' };

const NBSP = '\u00a0';
const NNBSP = '\u202f';

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

describe('createNumberParser', () => {
  const real = (format: NumberFormat) => createNumberParser(format, false);
  const integer = (format: NumberFormat) => createNumberParser(format, true);

  it.each<[string, NumberFormat, string, number | undefined]>([
    // Plain forms, as programs write them.
    ['integer', PLAIN, '1234', 1234],
    ['negative', PLAIN, '-5', -5],
    ['zero', PLAIN, '0', 0],
    ['decimal', PLAIN, '1234.56', 1234.56],
    ['0.1 is the double 0.1', PLAIN, '0.1', 0.1],
    ['leading point', PLAIN, '.5', 0.5],
    ['negative leading point', PLAIN, '-.5', -0.5],
    ['zero point five', PLAIN, '0.5', 0.5],
    ['exponent', PLAIN, '1e3', 1000],
    ['exponent with sign', PLAIN, '1E+3', 1000],
    ['negative exponent', PLAIN, '2.5e-7', 2.5e-7],
    ['exponent zero', PLAIN, '-6e0', -6],
    ['trailing zeros', PLAIN, '2.500', 2.5],
    ['many trailing zeros (slow path)', PLAIN, '1.50000000000000000000', 1.5],
    ['17 significant digits that print back', PLAIN, '0.30000000000000004', 0.30000000000000004],
    ['largest double', PLAIN, '1.7976931348623157e308', Number.MAX_VALUE],
    ['smallest subnormal', PLAIN, '5e-324', 5e-324],
    ['the largest safe integer', PLAIN, '9007199254740991', 9007199254740991],
    ['the smallest safe integer', PLAIN, '-9007199254740991', -9007199254740991],
    ['2^53 + 1 would change', PLAIN, '9007199254740993', undefined],
    ['a 20-digit ID', PLAIN, '12345678901234567890', undefined],
    ['1e21 written out is an ID, not a quantity', PLAIN, '1000000000000000000000', undefined],
    ['digits beyond a double are refused', PLAIN, '0.1000000000000000055511151231257827', undefined],
    ['overflow', PLAIN, '1e999', undefined],
    ['underflow', PLAIN, '1e-999', undefined],
    ['subnormal that rounds', PLAIN, '1.2345678901234567e-320', undefined],
    ['zero with a huge exponent', PLAIN, '0e-999', 0],
    ['negative zero is zero', PLAIN, '-0', 0],
    ['negative zero real is zero', PLAIN, '-0.0', 0],
    ['leading zeros (codes)', PLAIN, '007', undefined],
    ['postcode', PLAIN, '00123', undefined],
    ['leading zeros before the point', PLAIN, '00.5', undefined],
    ['leading zero then digits before a decimal comma', PLAIN_COMMA, '0123,5', undefined],
    ['leading plus (phone numbers)', PLAIN, '+4930123456', undefined],
    ['plus one', PLAIN, '+1', undefined],
    ['trailing point', PLAIN, '1.', undefined],
    ['double point', PLAIN, '1.2.3', undefined],
    ['bare point', PLAIN, '.', undefined],
    ['bare minus', PLAIN, '-', undefined],
    ['double minus', PLAIN, '--5', undefined],
    ['leading space', PLAIN, ' 5', undefined],
    ['trailing space', PLAIN, '5 ', undefined],
    ['tab', PLAIN, '5\t', undefined],
    ['NaN', PLAIN, 'NaN', undefined],
    ['Infinity', PLAIN, 'Infinity', undefined],
    ['hex', PLAIN, '0x1F', undefined],
    ['binary', PLAIN, '0b1', undefined],
    ['underscore', PLAIN, '1_000', undefined],
    ['fullwidth digits', PLAIN, '１２３', undefined],
    ['Arabic-Indic digits', PLAIN, '١٢٣', undefined],
    ['exponent without digits', PLAIN, '1e', undefined],
    ['exponent alone', PLAIN, 'e5', undefined],
    ['text after the number', PLAIN, '12abc', undefined],
    ['two numbers', PLAIN, '12 34', undefined],
    ['a comma where the point is the decimal', PLAIN, '1,5', undefined],
    ['a date', PLAIN, '2024-01-31', undefined],
    ['empty', PLAIN, '', undefined],

    // Negative forms.
    ['accounting parentheses', PLAIN, '(5)', -5],
    ['parentheses with decimals', EN, '(1,234.50)', -1234.5],
    ['trailing minus (SAP)', DE, '1.234,50-', -1234.5],
    ['Unicode minus sign', PLAIN, '\u22125', -5],
    ['parentheses and minus', PLAIN, '(-5)', undefined],
    ['parentheses and trailing minus', PLAIN, '(5-)', undefined],
    ['minus on both sides', PLAIN, '-5-', undefined],
    ['unclosed parenthesis', PLAIN, '(5', undefined],
    ['empty parentheses', PLAIN, '()', undefined],
    ['space before a trailing minus', PLAIN, '5 -', undefined],

    // Locale forms.
    ['en grouping', EN, '1,234.56', 1234.56],
    ['en grouping, millions', EN, '1,234,567', 1234567],
    ['en without grouping', EN, '1234.56', 1234.56],
    ['en group of two', EN, '1,23', undefined],
    ['en group of four', EN, '1,2345', undefined],
    ['en first group of four', EN, '1234,567', undefined],
    ['en empty group', EN, '1,,234', undefined],
    ['en group after the point', EN, '1.234,5', undefined],
    ['en trailing group', EN, '1,', undefined],
    ['en leading group', EN, ',234', undefined],
    ['en zero first group', EN, '0,123', undefined],
    ['en exponent with grouping', EN, '1,234e5', undefined],
    ['Indian lakh grouping is not supported', EN, '1,23,456.78', undefined],
    ['de', DE, '1.234,56', 1234.56],
    ['de millions', DE, '1.234.567', 1234567],
    ['de decimal only', DE, '0,5', 0.5],
    ['de point as decimal', DE, '1.5', undefined],
    ['de exponent', DE, '1,5E3', 1500],
    ['fr with spaces', FR, '1 234,56', 1234.56],
    ['fr with U+00A0', FR, `1${NBSP}234,56`, 1234.56],
    ['fr with U+202F', FR, `1${NNBSP}234${NNBSP}567,5`, 1234567.5],
    ['fr group of two', FR, '12 34', undefined],
    ['ch apostrophe', CH, "1'234.56", 1234.56],
    ['ch right single quote', CH, '1’234.56', 1234.56],
    ['plain decimal comma', PLAIN_COMMA, '1234,56', 1234.56],
    ['plain decimal comma leading', PLAIN_COMMA, ',5', 0.5]
  ])('%s: %j -> %j', (_, format, text, expected) => {
    expect(real(format)(text)).toBe(expected);
  });

  it.each<[string, NumberFormat, string, number | undefined]>([
    ['integer', PLAIN, '42', 42],
    ['grouped integer', EN, '1,234', 1234],
    ['a decimal does not fit', PLAIN, '1.5', undefined],
    ['1.0 is written as a real', PLAIN, '1.0', undefined],
    ['an exponent is written as a real', PLAIN, '1e3', undefined],
    ['negative zero', PLAIN, '-0', 0],
    ['unsafe', PLAIN, '9007199254740992', undefined],
    ['percent of a whole number', { ...PLAIN, percent: true }, '200%', 2],
    ['percent that is not whole', { ...PLAIN, percent: true }, '50%', undefined]
  ])('integer %s: %j -> %j', (_, format, text, expected) => {
    expect(integer(format)(text)).toBe(expected);
  });

  it('never returns negative zero', () => {
    for (const text of ['-0', '-0.0', '(0)', '0-', '-0e5', '-0%']) {
      const percent = text.endsWith('%');
      expect(Object.is(real({ ...PLAIN, percent })(text), 0)).toBe(true);
    }
    expect(Object.is(integer(PLAIN)('-0'), 0)).toBe(true);
  });

  it.each<[string, NumberFormat, string, number | undefined]>([
    ['euro after, with space', { ...DE, currency: '€' }, '12,50 €', 12.5],
    ['euro after, U+00A0', { ...DE, currency: '€' }, `1.234,50${NBSP}€`, 1234.5],
    ['euro before', { ...PLAIN_COMMA, currency: '€' }, '€12,50', 12.5],
    ['dollar', { ...EN, currency: '$' }, '$1,234.00', 1234],
    ['minus before the currency', { ...EN, currency: '$' }, '-$5', -5],
    ['minus after the currency', { ...EN, currency: '$' }, '$-5', -5],
    ['currency in parentheses', { ...EN, currency: '$' }, '($5.00)', -5],
    ['no currency on this value', { ...EN, currency: '$' }, '7', 7],
    ['another currency', { ...EN, currency: '$' }, '€7', undefined],
    ['currency twice', { ...EN, currency: '$' }, '$7$', undefined],
    ['ISO code before', { ...PLAIN, currency: 'USD' }, 'USD 12.00', 12],
    ['ISO code after', { ...PLAIN, currency: 'EUR' }, '12.00 EUR', 12],
    ['ISO code without a space', { ...PLAIN, currency: 'USD' }, 'USD12.00', undefined],
    ['ISO code after without a space', { ...PLAIN, currency: 'EUR' }, '12EUR', undefined],
    ['yen', { ...EN, currency: '¥' }, '¥1,200', 1200],
    ['pound', { ...EN, currency: '£' }, '£3.50', 3.5],
    ['krona', { ...FR, currency: 'kr' }, '1 234,50 kr', 1234.5],
    ['franc code', { ...CH, currency: 'CHF' }, "CHF 1'234.50", 1234.5],
    ['rupee with a point', { ...EN, currency: 'Rs.' }, 'Rs.500', 500],
    ['trailing minus after the currency', { ...DE, currency: '€' }, '12,50 €-', -12.5],
    ['currency where none is expected', PLAIN, '$5', undefined],
    ['percent', { ...PLAIN, percent: true }, '12.5%', 0.125],
    ['percent with a space', { ...PLAIN_COMMA, percent: true }, `12,5${NBSP}%`, 0.125],
    ['percent before (tr)', { ...PLAIN_COMMA, percent: true }, '%12,5', 0.125],
    ['percent is exact', { ...PLAIN, percent: true }, '14.3%', 0.143],
    ['negative percent', { ...PLAIN, percent: true }, '-3%', -0.03],
    ['percent missing in a percent column', { ...PLAIN, percent: true }, '12.5', undefined],
    ['percent in a plain column', PLAIN, '12.5%', undefined],
    ['percent twice', { ...PLAIN, percent: true }, '%12%', undefined],
    ['currency and percent', { ...PLAIN, currency: '$', percent: true }, '$12%', undefined]
  ])('%s: %j -> %j', (_, format, text, expected) => {
    expect(real(format)(text)).toBe(expected);
  });

  it('reads every plain double back exactly (String round trip)', () => {
    const next = random(1);
    const view = new DataView(new ArrayBuffer(8));
    const parse = real(PLAIN);
    const wrong: string[] = [];
    let checked = 0;
    for (let i = 0; i < 20_000; i++) {
      // Random bit patterns cover subnormals, huge and tiny exponents; magnitudes near 1 cover prices.
      let value: number;
      if (i % 2 === 0) {
        view.setUint32(0, (next() * 2 ** 32) >>> 0);
        view.setUint32(4, (next() * 2 ** 32) >>> 0);
        value = view.getFloat64(0);
        if (!Number.isFinite(value)) continue;
      } else {
        value = Number(((next() - 0.5) * 10 ** Math.floor(next() * 12)).toFixed(Math.floor(next() * 8)));
      }
      const text = String(value);
      const parsed = parse(text);
      // Integers written out beyond 2^53 are IDs, not quantities (tested above).
      const expected =
        !/[.e]/.test(text) && !Number.isSafeInteger(value) ? undefined : value === 0 ? 0 : value;
      if (!Object.is(parsed, expected) || (parsed !== undefined && String(parsed) !== String(expected))) {
        wrong.push(text);
      }
      checked++;
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(19_000);
  });

  it('agrees with Number() on plain decimals of up to 17 significant digits, or refuses them', () => {
    const next = random(2);
    const parse = real(PLAIN);
    const wrong: string[] = [];
    let refused = 0;
    for (let i = 0; i < 20_000; i++) {
      const digits = 1 + Math.floor(next() * 17);
      let text = String(1 + Math.floor(next() * 9));
      for (let d = 1; d < digits; d++) text += Math.floor(next() * 10);
      const point = Math.floor(next() * (digits + 3));
      if (point < digits) text = `${text.slice(0, point) || '0'}.${text.slice(point) || '0'}`;
      else text = `0.${'0'.repeat(point - digits)}${text}`;
      const parsed = parse(text);
      // Fits exactly when the double prints back with the same significant digits.
      const significant = text.replace(/^[0.]+|\./g, '').replace(/0+$/, '');
      const printed = String(Number(text))
        .replace(/e.*$/, '')
        .replace(/^[0.]+|\./g, '')
        .replace(/0+$/, '');
      const expected = printed === significant ? Number(text) : undefined;
      if (parsed !== expected || (significant.length <= 15 && parsed === undefined)) wrong.push(text);
      if (parsed === undefined) refused++;
    }
    expect(wrong).toEqual([]);
    // Both outcomes occur: 16- and 17-digit decimals often have no double of their own.
    expect(refused).toBeGreaterThan(100);
  });

  it('reads the same number in every locale form', () => {
    const next = random(3);
    const forms: [NumberFormat, (integer: string, fraction: string) => string][] = [
      [EN, (i, f) => group(i, ',') + (f && `.${f}`)],
      [DE, (i, f) => group(i, '.') + (f && `,${f}`)],
      [FR, (i, f) => group(i, NNBSP) + (f && `,${f}`)],
      [CH, (i, f) => group(i, "'") + (f && `.${f}`)],
      [PLAIN, (i, f) => i + (f && `.${f}`)],
      [PLAIN_COMMA, (i, f) => i + (f && `,${f}`)]
    ];
    const wrong: string[] = [];
    for (let n = 0; n < 5_000; n++) {
      const integerPart = String(Math.floor(next() * 10 ** (1 + Math.floor(next() * 12))));
      const fraction =
        next() < 0.3
          ? ''
          : String(Math.floor(next() * 1000))
              .padStart(3, '0')
              .slice(0, 1 + (n % 3));
      const expected = Number(integerPart + (fraction && `.${fraction}`));
      for (const [format, write] of forms) {
        const text = write(integerPart, fraction);
        if (real(format)(text) !== expected) wrong.push(text);
        if (real(format)(`-${text}`) !== (expected === 0 ? 0 : -expected)) wrong.push(`-${text}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

function group(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+$)/g, separator);
}

describe('readNumberSyntax', () => {
  it.each<[string, ReturnType<typeof readNumberSyntax>]>([
    ['1234', { currency: '', percent: false, separators: '' }],
    ['1,234.56', { currency: '', percent: false, separators: ',.' }],
    ['1.234,56', { currency: '', percent: false, separators: '.,' }],
    [`1${NNBSP}234,56`, { currency: '', percent: false, separators: ' ,' }],
    ['1’234.5', { currency: '', percent: false, separators: "'." }],
    ['€12,50', { currency: '€', percent: false, separators: ',' }],
    ['12,50 €', { currency: '€', percent: false, separators: ',' }],
    ['USD 12.00', { currency: 'USD', percent: false, separators: '.' }],
    ['12.00 EUR', { currency: 'EUR', percent: false, separators: '.' }],
    ['-$5', { currency: '$', percent: false, separators: '' }],
    ['US$5', { currency: 'US$', percent: false, separators: '' }],
    ['R$ 5,00', { currency: 'R$', percent: false, separators: ',' }],
    ['Rs.500', { currency: 'Rs.', percent: false, separators: '' }],
    ['(5)', { currency: '', percent: false, separators: '' }],
    ['12.5%', { currency: '', percent: true, separators: '.' }],
    ['1e3', { currency: '', percent: false, separators: '' }],
    ['1.5e-3', { currency: '', percent: false, separators: '.' }],
    ['00123', { currency: '', percent: false, separators: '' }],
    ['1,23', { currency: '', percent: false, separators: ',' }],
    ['', undefined],
    ['abc', undefined],
    ['-', undefined],
    ['.', undefined],
    ['$', undefined],
    ['+49 30 1234', undefined],
    ['USD12', undefined],
    ['ABC 12', undefined],
    ['XYZ12', undefined],
    ['12 apples', undefined],
    ['2024-03-05', undefined],
    ['05/03/2024', undefined],
    ['12:30', undefined],
    ['5 %%', undefined]
  ])('%j -> %j', (text, expected) => {
    expect(readNumberSyntax(text)).toEqual(expected);
  });
});

describe('isCurrency', () => {
  it.each([
    ['€', true],
    ['USD', true],
    ['CHF', true],
    ['kr', true],
    ['ABC', false],
    ['usd', false],
    ['', false]
  ])('%j -> %s', (text, expected) => {
    expect(isCurrency(text)).toBe(expected);
  });
});

describe('isMissingMarker', () => {
  it.each([
    ['NULL', true],
    ['null', true],
    ['Null', true],
    ['N/A', true],
    ['n/a', true],
    ['NA', true],
    ['#N/A', true],
    ['NaN', true],
    ['-', true],
    [' ', true],
    ['\t ', true],
    [NBSP, true],
    ['', false],
    ['0', false],
    ['none', false],
    ['--', false],
    ['NAN!', false],
    ['nullable', false]
  ])('%j -> %s', (text, expected) => {
    expect(isMissingMarker(text)).toBe(expected);
  });
});

describe('foldAscii', () => {
  it('folds A-Z only', () => {
    expect(foldAscii('YES')).toBe('yes');
    expect(foldAscii('SÍ')).toBe('sÍ');
    expect(foldAscii('İ')).toBe('İ');
    const text = 'already lower';
    expect(foldAscii(text)).toBe(text);
  });
});

describe('booleans', () => {
  const family = (trueWord: string) => BOOLEAN_FAMILIES.findIndex((f) => f.trueWords.includes(trueWord));

  it.each<[string, string[]]>([
    ['true', ['true']],
    ['FALSE', ['true']],
    ['Yes', ['yes']],
    ['no', ['yes', 'sí']],
    ['Y', ['y']],
    ['n', ['y']],
    ['T', ['t']],
    ['f', ['t']],
    ['JA', ['ja']],
    ['Nein', ['ja']],
    ['oui', ['oui']],
    ['NON', ['oui']],
    ['sí', ['sí']],
    ['Si', ['sí']],
    ['wahr', ['wahr']],
    ['FALSCH', ['wahr']],
    ['是', ['是']],
    ['否', ['是']],
    ['SÍ', []],
    ['1', []],
    ['0', []],
    ['yes ', []],
    ['x', []],
    ['', []]
  ])('%j belongs to %j', (text, families) => {
    const expected = families.reduce((bits, trueWord) => bits | (1 << family(trueWord)), 0);
    expect(booleanFamiliesOf(text)).toBe(expected);
  });

  it.each<[string, string, 1 | 0 | undefined]>([
    ['true', 'TRUE', 1],
    ['true', 'False', 0],
    ['true', 'yes', undefined],
    ['sí', 'SI', 1],
    ['sí', 'Sí', 1],
    ['sí', 'no', 0],
    ['是', '是', 1],
    ['是', '否', 0],
    ['y', 'yes', undefined],
    ['y', ' y', undefined]
  ])('family of %j reads %j as %j', (trueWord, text, expected) => {
    expect(createBooleanParser(BOOLEAN_FAMILIES[family(trueWord)])(text)).toBe(expected);
  });

  it('folds the words of a user-given format', () => {
    const parse = createBooleanParser({ trueWords: ['Active'], falseWords: ['INACTIVE'] });
    expect(parse('active')).toBe(1);
    expect(parse('Inactive')).toBe(0);
  });
});

describe('toFourDigitYear', () => {
  it.each([
    [0, 2000],
    [24, 2024],
    [68, 2068],
    [69, 1969],
    [85, 1985],
    [99, 1999]
  ])('%i -> %i', (year, expected) => {
    expect(toFourDigitYear(year)).toBe(expected);
  });
});

describe('scanDateTime', () => {
  it.each<[string, Partial<ReturnType<typeof createDateTimeParts>> | false]>([
    ['2024-03-05', { lead: 2024, middle: 3, last: 5, separator: '-', hasTime: false, canonical: true }],
    ['2024/3/5', { lead: 2024, middle: 3, last: 5, separator: '/', canonical: false }],
    ['05.03.2024', { lead: 5, middle: 3, last: 2024, separator: '.', leadLength: 2 }],
    ['5/3/24', { lead: 5, middle: 3, last: 24, lastLength: 2 }],
    ['2024-03-05 08:26:00', { hasTime: true, hours: 8, minutes: 26, seconds: 0, canonical: true }],
    ['2024-03-05T08:26', { hasTime: true, hours: 8, minutes: 26, canonical: false }],
    ['12/1/2010 8:26', { lead: 12, middle: 1, last: 2010, hours: 8, minutes: 26 }],
    ['2024-03-05 8:26:00', { canonical: false }],
    ['2024-03-05 12:00 AM', { hours: 0 }],
    ['2024-03-05 12:30 pm', { hours: 12, minutes: 30 }],
    ['2024-03-05 1:05:09PM', { hours: 13, minutes: 5, seconds: 9 }],
    ['2024-03-05T10:00:00Z', { offset: 0, canonical: false }],
    ['2024-03-05 10:00:00 UTC', { offset: 0 }],
    ['2024-03-05T10:00:00+02:00', { offset: 120 }],
    ['2024-03-05T10:00:00-0530', { offset: -330 }],
    ['2024-03-05T10:00:00\u221205', { offset: -300 }],
    ['2024-03-05 10:00:00 +0100', { offset: 60 }],
    ['2024-03-05 10:00:00.123456', { fractionStart: 20, fractionEnd: 26, canonical: true }],
    ['2024-03-05 10:00:00,5', { fractionStart: 20, fractionEnd: 21, canonical: false }],
    ['2024-03', false],
    ['2024', false],
    ['24-03-05x', false],
    ['2024-03/05', false],
    ['2024-003-05', false],
    ['2024-03-005', false],
    ['05/03/202', false],
    ['05/03/20245', false],
    ['123/03/2024', false],
    ['20240305', false],
    [' 2024-03-05', false],
    ['2024-03-05 ', false],
    ['2024-03-05 24:00', false],
    ['2024-03-05 10:60', false],
    ['2024-03-05 10:00:60', false],
    ['2024-03-05 13:00 PM', false],
    ['2024-03-05 0:30 AM', false],
    ['2024-03-05 10', false],
    ['2024-03-05 10:0', false],
    ['2024-03-05 10:00.5', false],
    ['2024-03-05 10:00:00+2', false],
    ['2024-03-05 10:00:00+24:00', false],
    ['2024-03-05 10:00:00+01:60', false],
    ['2024-03-05 10:00:00 CET', false],
    ['2024-03-05x10:00', false],
    ['3/5/2024, 1:05:09 PM', { hours: 13, canonical: false }],
    ['2024-03-05,10:00', false],
    ['2024-03-05, 10:00:00', { canonical: false }],
    ['12:30', false]
  ])('%j', (text, expected) => {
    const parts = createDateTimeParts();
    expect(scanDateTime(text, parts)).toBe(expected !== false);
    if (expected !== false) expect(parts).toMatchObject(expected);
  });
});

describe('createDateParser', () => {
  it.each<[string, DateOrder, boolean, string, string | undefined]>([
    ['ISO date', 'YMD', false, '2024-03-05', '2024-03-05'],
    ['ISO date in a DMY column', 'DMY', false, '2024-03-05', '2024-03-05'],
    ['ISO date in an MDY column', 'MDY', false, '2024-03-05', '2024-03-05'],
    ['slashes, year first', 'YMD', false, '2024/03/05', '2024-03-05'],
    ['dots, year first', 'YMD', false, '2024.3.5', '2024-03-05'],
    ['day first', 'DMY', false, '05/03/2024', '2024-03-05'],
    ['month first', 'MDY', false, '03/05/2024', '2024-03-05'],
    ['German dots', 'DMY', false, '05.03.2024', '2024-03-05'],
    ['dashes, day first', 'DMY', false, '05-03-2024', '2024-03-05'],
    ['short day and month', 'DMY', false, '5/3/2024', '2024-03-05'],
    ['two-digit year, 20xx', 'DMY', false, '5/3/24', '2024-03-05'],
    ['two-digit year, 19xx', 'MDY', false, '12/31/85', '1985-12-31'],
    ['pivot 68', 'DMY', false, '1/1/68', '2068-01-01'],
    ['pivot 69', 'DMY', false, '1/1/69', '1969-01-01'],
    ['day-month text in a YMD column', 'YMD', false, '05/03/2024', undefined],
    ['day 13 read as a month', 'MDY', false, '13/03/2024', undefined],
    ['February 30', 'YMD', false, '2024-02-30', undefined],
    ['February 29 in a leap year', 'YMD', false, '2024-02-29', '2024-02-29'],
    ['February 29 in 1900', 'YMD', false, '1900-02-29', undefined],
    ['February 29 in 2000', 'YMD', false, '2000-02-29', '2000-02-29'],
    ['April 31', 'DMY', false, '31/04/2024', undefined],
    ['month 0', 'YMD', false, '2024-00-10', undefined],
    ['day 0', 'YMD', false, '2024-01-00', undefined],
    ['MySQL zero date', 'YMD', false, '0000-00-00', undefined],
    ['year 0000', 'YMD', false, '0000-01-01', '0000-01-01'],
    ['a date-time does not fit a DATE', 'YMD', false, '2024-03-05 10:00', undefined],
    ['year-month', 'YMD', false, '2024-03', undefined],
    ['empty', 'YMD', false, '', undefined],

    ['canonical date-time', 'YMD', true, '2024-03-05 08:26:00', '2024-03-05 08:26:00'],
    ['a date in a DATETIME column', 'YMD', true, '2024-03-05', '2024-03-05 00:00:00'],
    ['a day-first date in a DATETIME column', 'DMY', true, '5.3.2024', '2024-03-05 00:00:00'],
    ['T and no seconds', 'YMD', true, '2024-03-05T08:26', '2024-03-05 08:26:00'],
    ['UCI Online Retail', 'MDY', true, '12/1/2010 8:26', '2010-12-01 08:26:00'],
    ['UCI Online Retail afternoon', 'MDY', true, '12/13/2010 14:05', '2010-12-13 14:05:00'],
    [
      'fraction kept digit for digit',
      'YMD',
      true,
      '2024-03-05 10:00:00.123456',
      '2024-03-05 10:00:00.123456'
    ],
    ['fraction with a comma', 'YMD', true, '2024-03-05T10:00:00,5', '2024-03-05 10:00:00.5'],
    ['12 AM is midnight', 'MDY', true, '3/5/2024 12:15 AM', '2024-03-05 00:15:00'],
    ['12 PM is noon', 'MDY', true, '3/5/2024 12:15 PM', '2024-03-05 12:15:00'],
    ['PM', 'MDY', true, '3/5/2024 1:05:09 pm', '2024-03-05 13:05:09'],
    ['Z', 'YMD', true, '2024-03-05T10:00:00Z', '2024-03-05 10:00:00'],
    ['UTC', 'YMD', true, '2024-03-05 10:00:00 UTC', '2024-03-05 10:00:00'],
    ['+00:00', 'YMD', true, '2024-03-05T10:00:00+00:00', '2024-03-05 10:00:00'],
    ['east of UTC', 'YMD', true, '2024-03-05T10:00:00+02:00', '2024-03-05 08:00:00'],
    ['west of UTC', 'YMD', true, '2024-03-05T10:00:00-05:00', '2024-03-05 15:00:00'],
    ['HHMM offset', 'YMD', true, '2024-03-05 10:00:00 +0530', '2024-03-05 04:30:00'],
    ['HH offset', 'YMD', true, '2024-03-05T10:00-03', '2024-03-05 13:00:00'],
    ['offset and fraction', 'YMD', true, '2024-03-05T10:00:00.25+01:00', '2024-03-05 09:00:00.25'],
    ['back across midnight', 'YMD', true, '2024-03-05T01:30:00+02:00', '2024-03-04 23:30:00'],
    ['back across a month', 'YMD', true, '2024-03-01T00:00:00+00:01', '2024-02-29 23:59:00'],
    ['back across a year', 'YMD', true, '2024-01-01T00:30:00+01:00', '2023-12-31 23:30:00'],
    ['forward across a year', 'YMD', true, '2023-12-31T23:30:00-01:00', '2024-01-01 00:30:00'],
    ['forward across February', 'YMD', true, '2023-02-28T23:00:00-01:00', '2023-03-01 00:00:00'],
    ['before year 0000', 'YMD', true, '0000-01-01T00:00:00+01:00', undefined],
    ['after year 9999', 'YMD', true, '9999-12-31T23:00:00-01:00', undefined],
    ['offset with an invalid date', 'YMD', true, '2024-02-30T10:00:00Z', undefined],
    ['time alone', 'YMD', true, '10:00:00', undefined]
  ])('%s: %j (%s, time %s) -> %j', (_, order, withTime, text, expected) => {
    expect(createDateParser(order, withTime)(text)).toBe(expected);
  });

  it('returns a canonical text itself, without building a new string', () => {
    const text = ['2024-03-05', ' 08:26:00'].join('');
    expect(createDateParser('YMD', true)(text)).toBe(text);
  });

  it('matches what Date computes for every day of 1999-2001 in every form and offset', () => {
    const parse = createDateParser('DMY', true);
    const parseMonthFirst = createDateParser('MDY', true);
    const next = random(4);
    for (let day = Date.UTC(1999, 0, 1); day < Date.UTC(2002, 0, 1); day += 86_400_000) {
      const date = new Date(day + Math.floor(next() * 1440) * 60_000);
      const [y, m, d, h, min] = [
        date.getUTCFullYear(),
        date.getUTCMonth() + 1,
        date.getUTCDate(),
        date.getUTCHours(),
        date.getUTCMinutes()
      ];
      const offset = Math.floor(next() * 29 - 14) * 60 + (next() < 0.2 ? 30 : 0);
      const sign = offset < 0 ? '-' : '+';
      const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
      const utc = new Date(date.getTime() - offset * 60_000);
      const expected = utc.toISOString().slice(0, 19).replace('T', ' ');
      const local = `${y}-${pad(m)}-${pad(d)}T${pad(h)}:${pad(min)}:00${zone}`;
      expect(parse(local), local).toBe(expected);
      const written = date.toISOString().slice(0, 19).replace('T', ' ');
      expect(parse(`${d}.${m}.${y} ${h}:${pad(min)}`)).toBe(written);
      expect(
        parseMonthFirst(`${m}/${d}/${String(y).slice(2)} ${h % 12 || 12}:${pad(min)} ${h < 12 ? 'AM' : 'PM'}`)
      ).toBe(written);
    }
  });
});

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
