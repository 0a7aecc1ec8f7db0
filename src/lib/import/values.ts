/**
 * Readers for the text of one CSV cell: numbers in the common locale forms, boolean words, dates and
 * date-times.
 *
 * Two layers. `read...`/`scan...` functions tell type inference what a text looks like before the column's
 * format is known. `create...Parser` functions return the reader for one known format; the streaming import
 * calls them for every cell of a file, so they walk each text once by char code, with no regular expression
 * (no backtracking) and, for the forms exports write most (`1234.56`, `2024-03-05 08:26:00`), without
 * allocating a string.
 *
 * Every parser is exact: a text either becomes the value it writes, or `undefined` (it does not fit, and the
 * caller keeps the text). It never drops characters, trims, or returns a nearby value.
 */
import type { DateOrder, NumberFormat } from './plan';

export type DecimalSeparator = NumberFormat['decimal'];
export type GroupSeparator = NumberFormat['group'];

const ZERO = 0x30;
const NINE = 0x39;
const SPACE = 0x20;
const NO_BREAK_SPACE = 0xa0;
const THIN_SPACE = 0x2009;
const NARROW_NO_BREAK_SPACE = 0x202f;
const APOSTROPHE = 0x27;
const RIGHT_SINGLE_QUOTE = 0x2019;
const COMMA = 0x2c;
const DOT = 0x2e;
const SLASH = 0x2f;
const COLON = 0x3a;
const HYPHEN_MINUS = 0x2d;
const MINUS_SIGN = 0x2212;
const PLUS = 0x2b;
const PERCENT = 0x25;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const UPPER_A = 0x41;
const UPPER_Z = 0x5a;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const UPPER_T = 0x54;

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

/** The spaces locales group digits with: U+0020, U+00A0 (Intl's sv, fi, nb), U+202F (Intl's fr), U+2009. */
function isSpace(code: number): boolean {
  return code === SPACE || code === NO_BREAK_SPACE || code === NARROW_NO_BREAK_SPACE || code === THIN_SPACE;
}

/** U+2212 is the minus Intl writes for sv, fi, nb and others. */
function isMinus(code: number): boolean {
  return code === HYPHEN_MINUS || code === MINUS_SIGN;
}

function foldAsciiCode(code: number): number {
  return code >= UPPER_A && code <= UPPER_Z ? code + 32 : code;
}

/**
 * Lower-cases A-Z only. `toLowerCase()` is locale-free but folds beyond ASCII (`İ` becomes `i̇`), and these
 * rules are documented as ASCII folding, like SQLite's own `lower()` and `LIKE`.
 */
export function foldAscii(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= UPPER_A && code <= UPPER_Z) return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  }
  return text;
}

const MISSING_MARKERS = new Set(['null', 'n/a', 'na', '#n/a', 'nan', '-']);

/**
 * Texts that stand for a missing value: whitespace only, `NULL`, `N/A`, `NA`, `#N/A` (Excel), `NaN` and `-`,
 * in any ASCII case. They do not vote in type inference (one `N/A` must not turn a column of prices into
 * TEXT), and no converter turns them into NULL: they are kept as text and reported, like any other value that
 * does not fit.
 */
export function isMissingMarker(text: string): boolean {
  if (text.length <= 4 && MISSING_MARKERS.has(foldAscii(text))) return true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isSpace(code) && code !== 0x09) return false;
  }
  return text.length > 0;
}

/**
 * ISO 4217 codes (the list `Intl.supportedValuesOf('currency')` gives in Node 20, fixed here so that
 * inference does not depend on the ICU version of the browser). A code must be separated from the number by a
 * space (`USD 12.00`, `12,00 EUR`): `CAD123` is more likely a product code than money.
 */
const CURRENCY_CODES = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD ' +
    'CAD CDF CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP ' +
    'GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD ' +
    'KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO ' +
    'NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL ' +
    'SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST ' +
    'XAF XCD XCG XDR XOF XPF XSU YER ZAR ZMW ZWG ZWL'
  ).split(' ')
);

/**
 * Currency symbols written before or after amounts, with or without a space. Case matters (`kr` and `Kr`).
 * None is three capital letters, so "three capitals" always means an ISO code (which needs a space).
 */
const CURRENCY_SYMBOLS = (
  '$ € £ ¥ ￥ ₹ ₽ ₩ ₺ ₪ ₫ ₴ ₦ ₱ ฿ ₲ ₡ ₵ ₸ ₼ ₾ ₭ ₮ ৳ ₨ ¢ 元 円 zł Kč Ft kr kr. Kr Kr. ' +
  'R$ US$ A$ AU$ C$ CA$ NZ$ HK$ S$ NT$ MX$ RM Rp Rs Rs. Fr. lei лв лв. руб руб. TL'
).split(' ');
/** Longest first, so that `Rs.500` reads as `Rs.` and 500, not `Rs` and `.500`. */
const CURRENCY_SYMBOLS_LONGEST_FIRST = [...CURRENCY_SYMBOLS].sort((a, b) => b.length - a.length);
const CURRENCY_SYMBOL_SET = new Set(CURRENCY_SYMBOLS);

/** Whether `text` is a currency symbol or ISO 4217 code that the number readers recognise. */
export function isCurrency(text: string): boolean {
  return CURRENCY_SYMBOL_SET.has(text) || CURRENCY_CODES.has(text);
}

function isLetterCode(text: string, start: number, end: number): boolean {
  if (end - start !== 3) return false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < UPPER_A || code > UPPER_Z) return false;
  }
  return true;
}

/**
 * Where the digits of a number-like text sit, once signs, parentheses, a currency and a percent sign are
 * peeled off. One module-level instance: JavaScript runs one scan at a time, and the hot path then allocates
 * nothing.
 */
interface NumberEnvelope {
  negative: boolean;
  percent: boolean;
  bodyStart: number;
  /** Index of the `e`/`E` of an exponent, or -1. */
  exponentAt: number;
  bodyEnd: number;
  /** -1 when the text has no currency. */
  currencyStart: number;
  currencyEnd: number;
}

const envelope: NumberEnvelope = {
  negative: false,
  percent: false,
  bodyStart: 0,
  exponentAt: -1,
  bodyEnd: 0,
  currencyStart: -1,
  currencyEnd: -1
};

/** `currency`: the one token allowed, `''` for none, `null` for any known currency (inference). */
function currencyPrefixLength(text: string, at: number, end: number, currency: string | null): number {
  if (currency !== null) {
    return at + currency.length <= end && text.startsWith(currency, at) ? currency.length : 0;
  }
  if (at + 3 <= end && isLetterCode(text, at, at + 3) && CURRENCY_CODES.has(text.slice(at, at + 3))) return 3;
  for (const symbol of CURRENCY_SYMBOLS_LONGEST_FIRST) {
    if (at + symbol.length <= end && text.startsWith(symbol, at)) return symbol.length;
  }
  return 0;
}

function isCurrencySuffix(text: string, start: number, end: number, currency: string | null): boolean {
  if (currency !== null) return end - start === currency.length && text.startsWith(currency, start);
  return isCurrency(text.slice(start, end));
}

/**
 * The grammar, in order: an optional `(` ... `)` (accounting negative); an optional minus (`-` or U+2212); an
 * optional `%` (Turkish `%12`) or currency, then an optional space, then an optional minus (`$-5`); the body
 * (digits and `.` `,` `'` `’`, spaces only between digits, an optional exponent); then an optional space and
 * `%` or currency; then an optional trailing minus (SAP writes `5.00-`). At most one negative marker in all.
 * No `+`: `+4930...` is a phone number. Nothing else, not even surrounding spaces, so no text with extra
 * characters is ever read as a number. Whether the body is a well-formed number is decided later, by {@link
 * toNumber}.
 */
function scanEnvelope(text: string, currency: string | null, out: NumberEnvelope): boolean {
  let end = text.length;
  let i = 0;
  let negative = false;
  let percent = false;
  let currencyStart = -1;
  let currencyEnd = -1;
  if (text.charCodeAt(0) === OPEN_PAREN) {
    if (end < 3 || text.charCodeAt(end - 1) !== CLOSE_PAREN) return false;
    negative = true;
    i = 1;
    end--;
  }
  if (isMinus(text.charCodeAt(i))) {
    if (negative) return false;
    negative = true;
    i++;
  }
  if (text.charCodeAt(i) === PERCENT) {
    percent = true;
    i++;
  } else if (currency !== '' && !isDigit(text.charCodeAt(i))) {
    const length = currencyPrefixLength(text, i, end, currency);
    if (length > 0) {
      currencyStart = i;
      currencyEnd = i + length;
      i = currencyEnd;
      if (isSpace(text.charCodeAt(i))) i++;
      else if (isLetterCode(text, currencyStart, currencyEnd)) return false;
      if (isMinus(text.charCodeAt(i))) {
        if (negative) return false;
        negative = true;
        i++;
      }
    }
  }

  const bodyStart = i;
  let exponentAt = -1;
  for (; i < end; i++) {
    const code = text.charCodeAt(i);
    if (
      isDigit(code) ||
      code === DOT ||
      code === COMMA ||
      code === APOSTROPHE ||
      code === RIGHT_SINGLE_QUOTE
    ) {
      continue;
    }
    if (isSpace(code) && i + 1 < end && isDigit(text.charCodeAt(i + 1))) continue;
    if ((code === LOWER_E || code === UPPER_E) && i > bodyStart) {
      let j = i + 1;
      const sign = text.charCodeAt(j);
      if (sign === PLUS || sign === HYPHEN_MINUS) j++;
      if (j < end && isDigit(text.charCodeAt(j))) {
        exponentAt = i;
        for (i = j + 1; i < end && isDigit(text.charCodeAt(i));) i++;
      }
    }
    break;
  }
  const bodyEnd = i;
  if (bodyEnd === bodyStart) return false;

  if (i < end && !percent && currencyStart < 0) {
    const j = isSpace(text.charCodeAt(i)) ? i + 1 : i;
    if (text.charCodeAt(j) === PERCENT) {
      percent = true;
      i = j + 1;
    } else if (currency !== '') {
      const tokenEnd = !negative && isMinus(text.charCodeAt(end - 1)) ? end - 1 : end;
      if (
        j < tokenEnd &&
        isCurrencySuffix(text, j, tokenEnd, currency) &&
        (j > i || !isLetterCode(text, j, tokenEnd))
      ) {
        currencyStart = j;
        currencyEnd = tokenEnd;
        i = tokenEnd;
      }
    }
  }
  if (i === end - 1 && !negative && isMinus(text.charCodeAt(i))) {
    negative = true;
    i++;
  }
  if (i !== end) return false;

  out.negative = negative;
  out.percent = percent;
  out.bodyStart = bodyStart;
  out.exponentAt = exponentAt;
  out.bodyEnd = bodyEnd;
  out.currencyStart = currencyStart;
  out.currencyEnd = currencyEnd;
  return true;
}

/** The group separator a character can stand for; `''` for anything else. */
function separatorOf(code: number): GroupSeparator {
  if (code === COMMA) return ',';
  if (code === DOT) return '.';
  if (isSpace(code)) return ' ';
  if (code === APOSTROPHE || code === RIGHT_SINGLE_QUOTE) return "'";
  return '';
}

/** What inference needs of a number-like text before the column's separators are known. */
export interface NumberSyntax {
  /** The currency symbol or code as written, `''` when none. */
  currency: string;
  percent: boolean;
  /** The separators among the digits, each once, normalised (all spaces are `' '`, `’` is `'`): `",."`. */
  separators: string;
}

/**
 * Whether a text has the shape of a number (signs, currency, percent and separators in allowed places) and
 * which separators it uses; `undefined` when it cannot be a number in any locale. Whether the separators are
 * grouped correctly depends on the column's format and is checked by {@link createNumberParser}.
 */
export function readNumberSyntax(text: string): NumberSyntax | undefined {
  if (!scanEnvelope(text, null, envelope)) return undefined;
  const { bodyStart, exponentAt, bodyEnd, percent, currencyStart, currencyEnd } = envelope;
  const mantissaEnd = exponentAt < 0 ? bodyEnd : exponentAt;
  let separators = '';
  let digits = false;
  for (let i = bodyStart; i < mantissaEnd; i++) {
    const code = text.charCodeAt(i);
    if (isDigit(code)) digits = true;
    else {
      const separator = separatorOf(code);
      if (!separators.includes(separator)) separators += separator;
    }
  }
  if (!digits) return undefined;
  const currency = currencyStart < 0 ? '' : text.slice(currencyStart, currencyEnd);
  return { currency, percent, separators };
}

/** 10^0 ... 10^22: every one is exactly representable as a double. */
export const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * The number a well-formed body writes, or `undefined`. Rules: the integer part is `0` or starts with 1-9 (so
 * `007` and `00123` stay codes); groups are 1-3 digits and then exactly 3, and only before the decimal
 * separator; a decimal separator needs at least one digit after it (`1.` is not a number) and may start the
 * body (`.5`); an exponent never follows grouped digits. A number written without a fraction or exponent must
 * be a safe integer (an ID beyond 2^53 would silently change), even in a REAL column.
 *
 * The value is exact in the sense that matters: the nearest double to the written decimal, and the written
 * decimal is what that double prints as (`String(n)`), so nothing is lost. With at most 15 significant digits
 * and a power of ten up to 22, one division or multiplication of two exact doubles is correctly rounded
 * (Clinger's fast path); other texts go through `Number()` and are refused unless the result prints with the
 * same digits.
 */
function toNumber(
  text: string,
  form: NumberEnvelope,
  decimal: number,
  group: GroupSeparator,
  integer: boolean
): number | undefined {
  const { bodyStart, exponentAt, bodyEnd, negative, percent } = form;
  const mantissaEnd = exponentAt < 0 ? bodyEnd : exponentAt;
  if (
    text.charCodeAt(bodyStart) === ZERO &&
    bodyStart + 1 < mantissaEnd &&
    text.charCodeAt(bodyStart + 1) !== decimal
  ) {
    return undefined;
  }

  let mantissa = 0;
  let significantDigits = 0;
  let fractionDigits = 0;
  let run = 0;
  let groups = 0;
  let sawDecimal = false;
  for (let i = bodyStart; i < mantissaEnd; i++) {
    const code = text.charCodeAt(i);
    if (isDigit(code)) {
      if (sawDecimal) fractionDigits++;
      else run++;
      if (significantDigits > 0 || code !== ZERO) {
        significantDigits++;
        mantissa = mantissa * 10 + (code - ZERO);
      }
    } else if (code === decimal && !sawDecimal) {
      if (groups > 0 && run !== 3) return undefined;
      sawDecimal = true;
    } else if (!sawDecimal && group !== '' && separatorOf(code) === group) {
      if (groups === 0 ? run === 0 || run > 3 : run !== 3) return undefined;
      groups++;
      run = 0;
    } else {
      return undefined;
    }
  }
  if (sawDecimal ? fractionDigits === 0 : run === 0 || (groups > 0 && run !== 3)) return undefined;

  let exponent = 0;
  if (exponentAt >= 0) {
    if (groups > 0) return undefined;
    let i = exponentAt + 1;
    const sign = text.charCodeAt(i);
    if (sign === PLUS || sign === HYPHEN_MINUS) i++;
    for (; i < bodyEnd; i++) exponent = Math.min(exponent * 10 + (text.charCodeAt(i) - ZERO), 1e6);
    if (sign === HYPHEN_MINUS) exponent = -exponent;
  }

  const writtenAsInteger = !sawDecimal && exponentAt < 0 && !percent;
  if (writtenAsInteger) {
    // Above 2^53 the accumulated mantissa is rounded, but it stays above the limit: the test still holds.
    if (mantissa > Number.MAX_SAFE_INTEGER) return undefined;
    return negative ? 0 - mantissa : mantissa;
  }
  if (integer && !percent) return undefined;

  const scale = exponent - fractionDigits - (percent ? 2 : 0);
  let value: number | undefined;
  if (significantDigits <= 15 && scale >= -22 && scale <= 22) {
    value = scale < 0 ? mantissa / POWERS_OF_TEN[-scale] : mantissa * POWERS_OF_TEN[scale];
  } else {
    value = toNumberExactly(text, bodyStart, mantissaEnd, scale);
    if (value === undefined) return undefined;
  }
  if (integer && !Number.isSafeInteger(value)) return undefined;
  if (value === 0) return 0;
  return negative ? -value : value;
}

/** The slow path of {@link toNumber}: `Number()` of the digits, kept if it prints back to the same digits. */
function toNumberExactly(text: string, start: number, end: number, scale: number): number | undefined {
  let digits = '';
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (isDigit(code)) digits += text[i];
  }
  const value = Number(`${digits}e${scale}`);
  if (!Number.isFinite(value)) return undefined; // 1e999
  // 1e-999 underflows to 0, 0.1000000000000000055511 rounds to 0.1: both would change the value.
  return significand(digits) === significand(String(value)) ? value : undefined;
}

/** The significant digits of a number text: no sign, point, exponent, leading or trailing zeros. */
function significand(numberText: string): string {
  const exponentAt = numberText.search(/e/i);
  const mantissa = (exponentAt < 0 ? numberText : numberText.slice(0, exponentAt)).replace(/[^0-9]/g, '');
  let start = 0;
  let end = mantissa.length;
  while (start < end && mantissa.charCodeAt(start) === ZERO) start++;
  while (end > start && mantissa.charCodeAt(end - 1) === ZERO) end--;
  return mantissa.slice(start, end);
}

/**
 * The reader of one column's numbers. `integer`: only integers fit (a percent column may still be INTEGER
 * when every value is a whole number after dividing by 100). A value without the column's currency fits (`0`
 * in a `€` column); a value with another currency, or without `%` in a percent column, does not. Negative
 * zero becomes 0.
 */
export function createNumberParser(
  format: NumberFormat,
  integer: boolean
): (text: string) => number | undefined {
  const decimal = format.decimal === ',' ? COMMA : DOT;
  const { group, percent, currency } = format;
  return (text) => {
    if (!scanEnvelope(text, currency, envelope) || envelope.percent !== percent) return undefined;
    return toNumber(text, envelope, decimal, group, integer);
  };
}

export interface BooleanWords {
  trueWords: string[];
  falseWords: string[];
}

/** The word pairs a BOOLEAN column may use; one family per column, matched with ASCII case folding only. */
export const BOOLEAN_FAMILIES: readonly Readonly<BooleanWords>[] = [
  { trueWords: ['true'], falseWords: ['false'] },
  { trueWords: ['yes'], falseWords: ['no'] },
  { trueWords: ['y'], falseWords: ['n'] },
  { trueWords: ['t'], falseWords: ['f'] },
  { trueWords: ['ja'], falseWords: ['nein'] },
  { trueWords: ['oui'], falseWords: ['non'] },
  // With and without the accent: one family, since both spellings mean the same and are often mixed.
  { trueWords: ['sí', 'si'], falseWords: ['no'] },
  { trueWords: ['wahr'], falseWords: ['falsch'] },
  { trueWords: ['是'], falseWords: ['否'] }
];

const FAMILIES_BY_WORD = new Map<string, number>();
BOOLEAN_FAMILIES.forEach(({ trueWords, falseWords }, index) => {
  for (const word of [...trueWords, ...falseWords]) {
    FAMILIES_BY_WORD.set(word, (FAMILIES_BY_WORD.get(word) ?? 0) | (1 << index));
  }
});

/** The {@link BOOLEAN_FAMILIES} that have this word, as bits (bit i for family i); 0 for no boolean word. */
export function booleanFamiliesOf(text: string): number {
  return text.length > 6 ? 0 : (FAMILIES_BY_WORD.get(foldAscii(text)) ?? 0);
}

function equalsFolded(text: string, foldedWord: string): boolean {
  if (text.length !== foldedWord.length) return false;
  for (let i = 0; i < text.length; i++) {
    if (foldAsciiCode(text.charCodeAt(i)) !== foldedWord.charCodeAt(i)) return false;
  }
  return true;
}

/** 1 for a true word, 0 for a false word (ASCII case folded), `undefined` for anything else. */
export function createBooleanParser(words: BooleanWords): (text: string) => 1 | 0 | undefined {
  const trueWords = words.trueWords.map(foldAscii);
  const falseWords = words.falseWords.map(foldAscii);
  return (text) => {
    for (const word of trueWords) if (equalsFolded(text, word)) return 1;
    for (const word of falseWords) if (equalsFolded(text, word)) return 0;
    return undefined;
  };
}

/** The fields of a date or date-time text as written; filled by {@link scanDateTime}, reused per text. */
export interface DateTimeParts {
  /** The three numbers of the date in written order, and how many digits each had. */
  lead: number;
  leadLength: number;
  middle: number;
  middleLength: number;
  last: number;
  lastLength: number;
  /** `-`, `/` or `.`: the same twice. */
  separator: '-' | '/' | '.';
  hasTime: boolean;
  /** 0-23, after applying AM/PM. */
  hours: number;
  minutes: number;
  seconds: number;
  /** The digits of a fraction of a second, as `text.slice(fractionStart, fractionEnd)`; empty when none. */
  fractionStart: number;
  fractionEnd: number;
  /** Minutes east of UTC (`+02:00` is 120, `Z` is 0); `NaN` when the text has no zone. */
  offset: number;
  /** The text is already `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS[.fff]` and can be stored as it is. */
  canonical: boolean;
  /** Set by the date resolution of a parser: the calendar date in a given order. */
  year: number;
  month: number;
  day: number;
}

export function createDateTimeParts(): DateTimeParts {
  return {
    lead: 0,
    leadLength: 0,
    middle: 0,
    middleLength: 0,
    last: 0,
    lastLength: 0,
    separator: '-',
    hasTime: false,
    hours: 0,
    minutes: 0,
    seconds: 0,
    fractionStart: 0,
    fractionEnd: 0,
    offset: Number.NaN,
    canonical: false,
    year: 0,
    month: 0,
    day: 0
  };
}

/** The longest text worth scanning: a date-time with a 9-digit fraction, AM/PM and a zone is about 40. */
const MAX_DATE_TIME_LENGTH = 48;

/**
 * Whether a text has the shape of a date or date-time, filling `parts`. Dates: `YYYY-MM-DD` (also with `/` or
 * `.`, one- or two-digit month and day), or day and month in either order before a 2- or 4-digit year
 * (`05/03/2024`, `5.3.24`, `03-05-2024`); `2024-03` is no date. Times follow a space, `T` or `, `: `H:MM`,
 * optional `:SS`, optional fraction (`.` or `,`, after seconds only), optional AM/PM (hour 1-12), then an
 * optional zone: `Z`, `UTC`, `GMT`, `±HH`, `±HHMM`, `±HH:MM`, with or without a space before it. Ranges of
 * the time and zone are checked here; the calendar date needs an order and is checked by {@link
 * createDateParser}.
 */
export function scanDateTime(text: string, parts: DateTimeParts): boolean {
  const end = text.length;
  if (end < 6 || end > MAX_DATE_TIME_LENGTH) return false;

  let i = 0;
  let lead = 0;
  for (; i < 4 && isDigit(text.charCodeAt(i)); i++) lead = lead * 10 + text.charCodeAt(i) - ZERO;
  const leadLength = i;
  if (leadLength === 0 || leadLength === 3) return false;
  const separator = text.charCodeAt(i);
  if (separator !== HYPHEN_MINUS && separator !== SLASH && separator !== DOT) return false;

  let start = ++i;
  let middle = 0;
  for (; i - start < 2 && isDigit(text.charCodeAt(i)); i++) middle = middle * 10 + text.charCodeAt(i) - ZERO;
  const middleLength = i - start;
  if (middleLength === 0 || text.charCodeAt(i) !== separator) return false;

  start = ++i;
  let last = 0;
  for (; i - start < 4 && isDigit(text.charCodeAt(i)); i++) last = last * 10 + text.charCodeAt(i) - ZERO;
  const lastLength = i - start;
  if (leadLength === 4 ? lastLength === 0 || lastLength > 2 : lastLength !== 2 && lastLength !== 4)
    return false;

  const canonicalDate =
    leadLength === 4 && middleLength === 2 && lastLength === 2 && separator === HYPHEN_MINUS;
  parts.lead = lead;
  parts.leadLength = leadLength;
  parts.middle = middle;
  parts.middleLength = middleLength;
  parts.last = last;
  parts.lastLength = lastLength;
  parts.separator = separator === HYPHEN_MINUS ? '-' : separator === SLASH ? '/' : '.';
  parts.hasTime = false;
  parts.hours = 0;
  parts.minutes = 0;
  parts.seconds = 0;
  parts.fractionStart = 0;
  parts.fractionEnd = 0;
  parts.offset = Number.NaN;
  parts.canonical = canonicalDate;
  if (i === end) return true;

  // `, ` is how Intl writes a date and a time (`3/5/2024, 1:05:09 PM` in en-US), and JS apps export that.
  const timeSeparator = text.charCodeAt(i);
  if (timeSeparator === COMMA && text.charCodeAt(i + 1) === SPACE) i++;
  else if (timeSeparator !== SPACE && timeSeparator !== UPPER_T) return false;

  start = ++i;
  let hours = 0;
  for (; i - start < 2 && isDigit(text.charCodeAt(i)); i++) hours = hours * 10 + text.charCodeAt(i) - ZERO;
  const hoursLength = i - start;
  if (hoursLength === 0 || text.charCodeAt(i) !== COLON) return false;
  i++;
  if (!isDigit(text.charCodeAt(i)) || !isDigit(text.charCodeAt(i + 1))) return false;
  const minutes = (text.charCodeAt(i) - ZERO) * 10 + text.charCodeAt(i + 1) - ZERO;
  i += 2;

  let seconds = 0;
  let hasSeconds = false;
  let fractionStart = 0;
  let fractionEnd = 0;
  let fractionSeparator = DOT;
  if (text.charCodeAt(i) === COLON) {
    if (!isDigit(text.charCodeAt(i + 1)) || !isDigit(text.charCodeAt(i + 2))) return false;
    seconds = (text.charCodeAt(i + 1) - ZERO) * 10 + text.charCodeAt(i + 2) - ZERO;
    hasSeconds = true;
    i += 3;
    const code = text.charCodeAt(i);
    if ((code === DOT || code === COMMA) && isDigit(text.charCodeAt(i + 1))) {
      fractionSeparator = code;
      fractionStart = ++i;
      while (isDigit(text.charCodeAt(i))) i++;
      fractionEnd = i;
    }
  }

  let meridiem = false;
  {
    const j = text.charCodeAt(i) === SPACE ? i + 1 : i;
    const first = foldAsciiCode(text.charCodeAt(j));
    if ((first === 0x61 || first === 0x70) && foldAsciiCode(text.charCodeAt(j + 1)) === 0x6d) {
      if (hours < 1 || hours > 12) return false;
      meridiem = true;
      hours = (hours % 12) + (first === 0x70 ? 12 : 0);
      i = j + 2;
    }
  }

  let offset = Number.NaN;
  if (i < end) {
    const j = text.charCodeAt(i) === SPACE ? i + 1 : i;
    const code = text.charCodeAt(j);
    if (code === 0x5a && j + 1 === end) {
      offset = 0;
      i = end;
    } else if (end - j === 3 && (text.startsWith('UTC', j) || text.startsWith('GMT', j))) {
      offset = 0;
      i = end;
    } else if (code === PLUS || isMinus(code)) {
      const zone = readZoneMinutes(text, j + 1, end);
      if (Number.isNaN(zone)) return false;
      offset = code === PLUS ? zone : -zone;
      i = end;
    }
  }
  if (i !== end || hours > 23 || minutes > 59 || seconds > 59) return false;

  parts.hasTime = true;
  parts.hours = hours;
  parts.minutes = minutes;
  parts.seconds = seconds;
  parts.fractionStart = fractionStart;
  parts.fractionEnd = fractionEnd;
  parts.offset = offset;
  parts.canonical =
    canonicalDate &&
    timeSeparator === SPACE &&
    hoursLength === 2 &&
    hasSeconds &&
    fractionSeparator === DOT &&
    !meridiem &&
    Number.isNaN(offset);
  return true;
}

/** `HH`, `HHMM` or `HH:MM` from `start` to `end`, in minutes; `NaN` when it is none of them. */
function readZoneMinutes(text: string, start: number, end: number): number {
  const length = end - start;
  const colon = length === 5 && text.charCodeAt(start + 2) === COLON;
  if (length !== 2 && length !== 4 && !colon) return Number.NaN;
  let hours = 0;
  let minutes = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (i === start + 2 && colon) continue;
    if (!isDigit(code)) return Number.NaN;
    if (i < start + 2) hours = hours * 10 + code - ZERO;
    else minutes = minutes * 10 + code - ZERO;
  }
  return hours > 23 || minutes > 59 ? Number.NaN : hours * 60 + minutes;
}

/**
 * Two-digit years, POSIX `strptime("%y")` style: 00-68 are 2000-2068, 69-99 are 1969-1999. A `5/3/24` of an
 * order export is 2024; a `12/31/85` birth date is 1985.
 */
export function toFourDigitYear(twoDigitYear: number): number {
  return twoDigitYear <= 68 ? 2000 + twoDigitYear : 1900 + twoDigitYear;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month];
}

/**
 * Sets `parts.year/month/day` for an order; false when the date is not on the (proleptic Gregorian) calendar.
 * A date with a four-digit year first is year-month-day in every order: ISO dates are never ambiguous.
 */
function resolveDate(parts: DateTimeParts, order: DateOrder): boolean {
  let year: number;
  let month: number;
  let day: number;
  if (parts.leadLength === 4) {
    year = parts.lead;
    month = parts.middle;
    day = parts.last;
  } else if (order === 'YMD') {
    return false;
  } else {
    day = order === 'DMY' ? parts.lead : parts.middle;
    month = order === 'DMY' ? parts.middle : parts.lead;
    year = parts.lastLength === 2 ? toFourDigitYear(parts.last) : parts.last;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  parts.year = year;
  parts.month = month;
  parts.day = day;
  return true;
}

/** `'00'` ... `'99'`: building `YYYY-MM-DD` from these allocates no intermediate strings for padding. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));

function formatDate(year: number, month: number, day: number): string {
  return (
    TWO_DIGITS[(year / 100) | 0] + TWO_DIGITS[year % 100] + '-' + TWO_DIGITS[month] + '-' + TWO_DIGITS[day]
  );
}

/**
 * Moves `parts` (date and time) to UTC. An offset is at most 23:59, so the date moves by one day at most.
 * False when that leaves the years SQLite's date functions handle (0000-9999).
 */
function shiftToUtc(parts: DateTimeParts): boolean {
  let minuteOfDay = parts.hours * 60 + parts.minutes - parts.offset;
  let { year, month, day } = parts;
  if (minuteOfDay < 0) {
    minuteOfDay += 1440;
    if (--day < 1) {
      if (--month < 1) {
        month = 12;
        year--;
      }
      day = daysInMonth(year, month);
    }
  } else if (minuteOfDay >= 1440) {
    minuteOfDay -= 1440;
    if (++day > daysInMonth(year, month)) {
      day = 1;
      if (++month > 12) {
        month = 1;
        year++;
      }
    }
  }
  if (year < 0 || year > 9999) return false;
  parts.year = year;
  parts.month = month;
  parts.day = day;
  parts.hours = (minuteOfDay / 60) | 0;
  parts.minutes = minuteOfDay % 60;
  return true;
}

/**
 * The reader of one column's dates (`withTime` false: `YYYY-MM-DD`; a text with a time does not fit) or
 * date-times (`YYYY-MM-DD HH:MM:SS[.fraction]`, SQLite's own form, so `datetime()`, `strftime()` and text
 * comparison work; a date alone gets `00:00:00`). A zoned time is converted to UTC, as SQLite itself
 * normalises offsets; the fraction is kept digit for digit (SQLite reads any number of digits). `order`
 * decides texts with day and month first; four-digit-year-first texts fit every order. Invalid calendar dates
 * (2024-02-30) do not fit.
 */
export function createDateParser(order: DateOrder, withTime: boolean): (text: string) => string | undefined {
  const parts = createDateTimeParts();
  return (text) => {
    if (!scanDateTime(text, parts) || (parts.hasTime && !withTime) || !resolveDate(parts, order)) {
      return undefined;
    }
    if (!parts.hasTime) {
      const date = parts.canonical ? text : formatDate(parts.year, parts.month, parts.day);
      return withTime ? date + ' 00:00:00' : date;
    }
    if (parts.canonical) return text;
    if (parts.offset !== 0 && !Number.isNaN(parts.offset) && !shiftToUtc(parts)) return undefined;
    const { fractionStart, fractionEnd } = parts;
    return (
      formatDate(parts.year, parts.month, parts.day) +
      ' ' +
      TWO_DIGITS[parts.hours] +
      ':' +
      TWO_DIGITS[parts.minutes] +
      ':' +
      TWO_DIGITS[parts.seconds] +
      (fractionEnd > fractionStart ? '.' + text.slice(fractionStart, fractionEnd) : '')
    );
  };
}
