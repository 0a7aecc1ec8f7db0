/**
 * Column types from a sample of raw texts, and the per-column converters the streaming import calls for every
 * cell. The readers of single values (number forms, boolean words, dates) are in values.ts.
 */
import type { SqlValue } from '../engine/types';
import type { ColumnFormat, ColumnPlan, ColumnType, DateOrder, NumberFormat } from './plan';
import {
  BOOLEAN_FAMILIES,
  booleanFamiliesOf,
  createBooleanParser,
  createDateParser,
  createDateTimeParts,
  createNumberParser,
  isMissingMarker,
  readNumberSyntax,
  scanDateTime,
  type BooleanWords,
  type DecimalSeparator,
  type GroupSeparator
} from './values';

export type { ColumnType } from './plan';

export type ColumnInference = Pick<ColumnPlan, 'type' | 'format' | 'ambiguity'>;

/** A reading the user chose in the preview; inference then considers only that reading. */
export interface FormatChoice {
  dateOrder?: DateOrder;
  decimal?: DecimalSeparator;
}

/**
 * The SQLite value of one cell: `null` for `''`, else the converted value, or `undefined` when the text does
 * not fit the column's format (the caller stores the text unchanged and reports it).
 */
export type Converter = (raw: string) => string | number | null | undefined;

const DECIMALS: readonly DecimalSeparator[] = ['.', ','];
const DATE_ORDERS: readonly DateOrder[] = ['DMY', 'MDY'];

/**
 * The type, format and ambiguity of one column, from a sample of its raw texts (spread over the file by the
 * caller; never the first rows only).
 *
 * Voting: `''` and the missing-value markers of {@link isMissingMarker} (`NULL`, `N/A`, `-`, blanks...) do
 * not vote. Every other sampled value must fit the chosen type and format: a single value that fits no common
 * reading makes the column TEXT, because a type must never hide data. The families are disjoint (no text is
 * both a boolean word, a number and a date), so the first that every value fits wins:
 * - BOOLEAN: every value is a word of one family of `BOOLEAN_FAMILIES` (`yes`/`no`...); `0`/`1` stay INTEGER.
 * - INTEGER or REAL: every value reads under one decimal separator, one group separator, at most one currency
 *   and with `%` on all or none; INTEGER when every value is written as a safe integer (`1.00` is REAL: a
 *   price written with cents has cents elsewhere in the file).
 * - DATE or DATETIME: every value reads under one day/month order; DATETIME when any has a time.
 *
 * `ambiguity` is set when two readings fit every value but give different values; `format` then holds the
 * default reading (decimal `.`; order DMY), and the preview asks. `choice` fixes a reading the user picked.
 */
export function inferColumn(values: readonly string[], choice: FormatChoice = {}): ColumnInference {
  const voters = toVoters(values);
  if (voters.length === 0) return textColumn();
  return (
    inferBoolean(voters) ??
    inferNumber(voters, choice.decimal) ??
    inferDate(voters, choice.dateOrder) ??
    textColumn()
  );
}

/**
 * The format for a type the user picked in the preview, read from the sample: the reading that fits most
 * values (the rest will be kept as text and reported). `options` fixes the decimal separator or date order.
 */
export function formatForType(
  type: ColumnType,
  values: readonly string[],
  options: FormatChoice = {}
): ColumnFormat {
  const voters = toVoters(values);
  switch (type) {
    case 'TEXT':
      return { kind: 'text' };
    case 'BOOLEAN':
      return toBooleanFormat(mostCommonFamily(voters));
    case 'INTEGER':
    case 'REAL': {
      const integer = type === 'INTEGER';
      return {
        kind: integer ? 'integer' : 'real',
        number: bestNumberFormat(voters, integer, options.decimal)
      };
    }
    case 'DATE':
    case 'DATETIME': {
      const withTime = type === 'DATETIME';
      const order = options.dateOrder ?? bestDateOrder(voters, withTime);
      return withTime ? { kind: 'datetime', order } : { kind: 'date', order };
    }
  }
}

/**
 * The converter of one column, built once and then called for every cell: `''` is NULL; a text that does not
 * fit the format gives `undefined`, never an altered value; a fitting text gives exactly what it writes (see
 * values.ts for the number, boolean and date rules). In a typed column, missing-value markers (`N/A`, blanks)
 * give `undefined` too: they are kept as text and reported, never turned into NULL.
 */
export function createConverter(format: ColumnFormat): Converter {
  switch (format.kind) {
    case 'text':
      return toText;
    case 'integer':
    case 'real':
      return orNull(createNumberParser(format.number, format.kind === 'integer'));
    case 'boolean':
      return orNull(createBooleanParser(format));
    case 'date':
      return orNull(createDateParser(format.order, false));
    case 'datetime':
      return orNull(createDateParser(format.order, true));
  }
}

function toText(raw: string): string | null {
  return raw === '' ? null : raw;
}

function orNull(parse: (text: string) => string | number | undefined): Converter {
  return (raw) => (raw === '' ? null : parse(raw));
}

function textColumn(): ColumnInference {
  return { type: 'TEXT', format: { kind: 'text' } };
}

/**
 * The distinct values that vote. Distinct, because every rule is about single values and samples repeat a few
 * values many times (countries, statuses), so each is read once.
 */
function toVoters(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const voters: string[] = [];
  for (const value of values) {
    if (value === '' || seen.has(value)) continue;
    seen.add(value);
    if (!isMissingMarker(value)) voters.push(value);
  }
  return voters;
}

function inferBoolean(voters: readonly string[]): ColumnInference | undefined {
  let families = -1;
  for (const value of voters) {
    families &= booleanFamiliesOf(value);
    if (families === 0) return undefined;
  }
  // The lowest family that has every word: `no` alone is yes/no rather than sí/no.
  const family = BOOLEAN_FAMILIES[31 - Math.clz32(families & -families)];
  return { type: 'BOOLEAN', format: toBooleanFormat(family) };
}

function toBooleanFormat(family: Readonly<BooleanWords>): ColumnFormat {
  return { kind: 'boolean', trueWords: [...family.trueWords], falseWords: [...family.falseWords] };
}

function mostCommonFamily(voters: readonly string[]): Readonly<BooleanWords> {
  const counts = BOOLEAN_FAMILIES.map(() => 0);
  for (const value of voters) {
    const families = booleanFamiliesOf(value);
    for (let i = 0; i < counts.length; i++) if (families & (1 << i)) counts[i]++;
  }
  return BOOLEAN_FAMILIES[counts.indexOf(Math.max(...counts))];
}

/** What the sample says about a number column before its separators are decided. */
interface NumberEvidence {
  /** Values that have the shape of a number. */
  count: number;
  /** Of those, how many end (or start) with `%`. */
  percent: number;
  /** How many values use each currency; each separator; in order of first appearance. */
  currencies: Map<string, number>;
  separators: Map<string, number>;
}

/** `all`: every value must have the shape of a number, else `undefined`; otherwise others are skipped. */
function collectNumberEvidence(voters: readonly string[], all: boolean): NumberEvidence | undefined {
  const evidence: NumberEvidence = { count: 0, percent: 0, currencies: new Map(), separators: new Map() };
  for (const value of voters) {
    const syntax = readNumberSyntax(value);
    if (syntax === undefined) {
      if (all) return undefined;
      continue;
    }
    evidence.count++;
    if (syntax.percent) evidence.percent++;
    if (syntax.currency !== '') increment(evidence.currencies, syntax.currency);
    for (const separator of syntax.separators) increment(evidence.separators, separator);
  }
  return evidence;
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** The key with the highest count; the first seen on a tie; `''` when there is none. */
function mostCommon(counts: ReadonlyMap<string, number>, except = ''): string {
  let best = '';
  let bestCount = 0;
  for (const [key, count] of counts) {
    if (key !== except && count > bestCount) [best, bestCount] = [key, count];
  }
  return best;
}

/**
 * The column format that reading the sample with this decimal separator implies: the most common other
 * separator groups digits, the most common currency is the column's, `%` when most values have it. Values
 * that disagree (a second currency, a missing `%`, a second group separator) then do not fit it.
 */
function toNumberFormat(evidence: NumberEvidence, decimal: DecimalSeparator): NumberFormat {
  return {
    decimal,
    group: mostCommon(evidence.separators, decimal) as GroupSeparator,
    percent: evidence.percent * 2 > evidence.count,
    currency: mostCommon(evidence.currencies)
  };
}

/**
 * Without any value that tells (`1 234` reads the same with either), a column grouped with spaces is taken to
 * use the decimal comma (fr, de-AT, pl, ru, sv...), any other the point.
 */
function defaultDecimal(evidence: NumberEvidence): DecimalSeparator {
  return evidence.separators.has(' ') ? ',' : '.';
}

interface NumberReading {
  number: NumberFormat;
  integer: boolean;
  values: number[];
}

/**
 * The values of every voter under a format, as INTEGER if they all are, else REAL; `undefined` if one
 * misfits. Percentages are always REAL: `100%` and `200%` are 1 and 2, but the next value may well be
 * `12.5%`.
 */
function readNumbers(voters: readonly string[], number: NumberFormat): NumberReading | undefined {
  for (const integer of number.percent ? [false] : [true, false]) {
    const parse = createNumberParser(number, integer);
    const values: number[] = [];
    for (const value of voters) {
      const parsed = parse(value);
      if (parsed === undefined) break;
      values.push(parsed);
    }
    if (values.length === voters.length) return { number, integer, values };
  }
  return undefined;
}

function inferNumber(
  voters: readonly string[],
  decimal: DecimalSeparator | undefined
): ColumnInference | undefined {
  const evidence = collectNumberEvidence(voters, true);
  if (evidence === undefined) return undefined;
  const readings: NumberReading[] = [];
  for (const candidate of decimal === undefined ? DECIMALS : [decimal]) {
    const reading = readNumbers(voters, toNumberFormat(evidence, candidate));
    if (reading !== undefined) readings.push(reading);
  }
  if (readings.length < 2) return readings.length === 0 ? undefined : toNumberColumn(readings[0]);

  const [point, comma] = readings;
  if (point.values.every((value, i) => value === comma.values[i])) {
    return toNumberColumn(defaultDecimal(evidence) === ',' ? comma : point);
  }
  // Only values like `1,234` or `1.234` (three digits after one separator) read both ways.
  return { ...toNumberColumn(point), ambiguity: { kind: 'decimal-separator', candidates: ['.', ','] } };
}

function toNumberColumn({ number, integer }: NumberReading): ColumnInference {
  return integer
    ? { type: 'INTEGER', format: { kind: 'integer', number } }
    : { type: 'REAL', format: { kind: 'real', number } };
}

function bestNumberFormat(
  voters: readonly string[],
  integer: boolean,
  decimal: DecimalSeparator | undefined
): NumberFormat {
  const evidence = collectNumberEvidence(voters, false) as NumberEvidence;
  const fallback = decimal ?? defaultDecimal(evidence);
  let best = toNumberFormat(evidence, fallback);
  let bestFits = countFits(voters, createNumberParser(best, integer));
  for (const candidate of decimal === undefined ? DECIMALS : []) {
    if (candidate === fallback) continue;
    const number = toNumberFormat(evidence, candidate);
    const fits = countFits(voters, createNumberParser(number, integer));
    if (fits > bestFits) [best, bestFits] = [number, fits];
  }
  return best;
}

function countFits(voters: readonly string[], parse: (text: string) => unknown): number {
  let fits = 0;
  for (const value of voters) if (parse(value) !== undefined) fits++;
  return fits;
}

function inferDate(voters: readonly string[], order: DateOrder | undefined): ColumnInference | undefined {
  const parts = createDateTimeParts();
  let dayMonth = false;
  let onlyDotted = true;
  let withTime = false;
  let zoned = false;
  let unzoned = false;
  for (const value of voters) {
    if (!scanDateTime(value, parts)) return undefined;
    if (parts.leadLength !== 4) {
      dayMonth = true;
      if (parts.separator !== '.') onlyDotted = false;
    }
    if (parts.hasTime) withTime = true;
    if (Number.isNaN(parts.offset)) unzoned = true;
    else zoned = true;
  }
  // Times with an offset are stored in UTC, times without one in an unknown local time: never merged.
  if (zoned && unzoned) return undefined;

  const orders: readonly DateOrder[] = order !== undefined ? [order] : dayMonth ? DATE_ORDERS : ['YMD'];
  const readings: { order: DateOrder; values: string[] }[] = [];
  for (const candidate of orders) {
    const values = readDates(voters, candidate, withTime);
    if (values !== undefined) readings.push({ order: candidate, values });
  }
  if (readings.length === 0) return undefined;

  const column: ColumnInference = withTime
    ? { type: 'DATETIME', format: { kind: 'datetime', order: readings[0].order } }
    : { type: 'DATE', format: { kind: 'date', order: readings[0].order } };
  if (readings.length === 1) return column;
  const [dayFirst, monthFirst] = readings;
  // Day and month both 12 or less everywhere. `05.03.2024` with dots is day first wherever it is written.
  if (onlyDotted || dayFirst.values.every((value, i) => value === monthFirst.values[i])) return column;
  return { ...column, ambiguity: { kind: 'date-order', candidates: [...DATE_ORDERS] } };
}

function readDates(voters: readonly string[], order: DateOrder, withTime: boolean): string[] | undefined {
  const parse = createDateParser(order, withTime);
  const values: string[] = [];
  for (const value of voters) {
    const parsed = parse(value);
    if (parsed === undefined) return undefined;
    values.push(parsed);
  }
  return values;
}

function bestDateOrder(voters: readonly string[], withTime: boolean): DateOrder {
  const parts = createDateTimeParts();
  let dayMonth = false;
  let yearFirst = false;
  for (const value of voters) {
    if (!scanDateTime(value, parts)) continue;
    if (parts.leadLength === 4) yearFirst = true;
    else dayMonth = true;
  }
  if (!dayMonth) return yearFirst ? 'YMD' : 'DMY';
  const dayFirst = countFits(voters, createDateParser('DMY', withTime));
  const monthFirst = countFits(voters, createDateParser('MDY', withTime));
  return monthFirst > dayFirst ? 'MDY' : 'DMY';
}

/*
 * The first import's API, still called by csv.ts and its conformance tests. It reads only plain numbers
 * written by programs (no locale forms, no currency), so it needs no format; it goes once the streaming
 * import uses inferColumn and createConverter.
 */

/**
 * No leading `+` and no leading zeros: `007`, `01234` (postcodes) and `+4930…` (phone numbers) are codes, not
 * quantities, and storing them as numbers would drop characters (RELIABILITY.md §3.1 item 17).
 */
const INTEGER_TEXT = /^-?(?:0|[1-9]\d*)$/;

/** Plain decimal notation with `.` and an optional exponent. `NaN`, `Infinity` and hex are TEXT. */
const DECIMAL_TEXT = /^-?(?:(?:0|[1-9]\d*)(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Legacy: the type of a column of plain numbers, decided from all of its values, never from the first rows.
 * Empty strings are NULLs and do not vote. Use {@link inferColumn}.
 */
export function inferColumnType(values: Iterable<string>): 'INTEGER' | 'REAL' | 'TEXT' {
  let type: 'INTEGER' | 'REAL' | undefined;
  for (const value of values) {
    if (value === '') continue;
    if (type !== 'REAL' && isIntegerText(value)) type = 'INTEGER';
    else if (isRealText(value)) type = 'REAL';
    else return 'TEXT';
  }
  return type ?? 'TEXT';
}

const legacyConverters = new Map<ColumnType, Converter>();

/**
 * Legacy: the value to bind for one cell of a column of the given type; a cell that does not fit stays text.
 * BOOLEAN, DATE and DATETIME use the default format of {@link formatForType} (true/false, day first). Use
 * {@link createConverter}.
 */
export function toSqlValue(raw: string, type: ColumnType): SqlValue {
  if (raw === '') return null;
  // `+ 0` turns `-0` into `0`: an integer column has no negative zero.
  if (type === 'INTEGER') return isIntegerText(raw) ? Number(raw) + 0 : raw;
  if (type === 'REAL') return isRealText(raw) ? Number(raw) : raw;
  if (type === 'TEXT') return raw;
  let convert = legacyConverters.get(type);
  if (convert === undefined) {
    convert = createConverter(formatForType(type, []));
    legacyConverters.set(type, convert);
  }
  return convert(raw) ?? raw;
}

/** Integers beyond ±(2^53 − 1) would silently change in a JS number (9007199254740993 → …992), so they stay text. */
function isIntegerText(value: string): boolean {
  return value.length <= 17 && INTEGER_TEXT.test(value) && Number.isSafeInteger(Number(value));
}

function isRealText(value: string): boolean {
  if (INTEGER_TEXT.test(value)) return isIntegerText(value);
  if (!DECIMAL_TEXT.test(value)) return false;
  const number = Number(value);
  if (!Number.isFinite(number)) return false; // 1e999
  // 1e-999 underflows to 0: a non-zero value must not be stored as zero.
  return number !== 0 || !/[1-9]/.test(value.replace(/[eE].*$/, ''));
}
