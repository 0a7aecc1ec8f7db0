import type { ModelValueKind } from '../model';
import type { Recognisers, SourceColumn } from './types';

type Sample = string | number | null;

/** The importer stores dates as ISO text: `YYYY-MM-DD`, timestamps as `YYYY-MM-DD HH:MM:SS` (or with a `T`). */
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const ISO_TIMESTAMP =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const FLAG_WORDS = new Set(['0', '1', 'true', 'false', 'yes', 'no', 'y', 'n', 't', 'f']);
/** snake_case, kebab-case, dotted or camelCase words: `page_view`, `add-to-cart`, `Order Completed`. */
const EVENT_NAME = /^[A-Za-z][A-Za-z0-9]*([ _.:-][A-Za-z0-9]+)*$/;

export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value);
}

export function isIsoTimestamp(value: string): boolean {
  return ISO_TIMESTAMP.test(value);
}

/** A number, or text SQLite reads as one in arithmetic (`'12.50'`); `'1,5'` and `'€3'` are not. */
export function toNumber(value: Sample): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === null) return null;
  const text = value.trim();
  return DECIMAL.test(text) ? Number(text) : null;
}

export function isJsonObject(value: string): boolean {
  const text = value.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) return false;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/**
 * What the sampled values of a column look like. Shares are over the non-NULL samples (0 when there are
 * none); whole-table counts (`distinctCount`, `nullCount`) win over samples where the column carries them.
 */
export interface ValueProfile {
  /** Non-NULL samples (empty text counts as NULL: exports write missing values so). */
  values: readonly (string | number)[];
  hasNulls: boolean;
  /** Some non-NULL value occurs on more than one row. */
  repeats: boolean;
  /** Distinct non-NULL values per non-NULL row, 0..1 (1: every value is unique). */
  distinctShare: number;
  distinctCount: number;
  numericShare: number;
  /** Share of the numeric values that are whole numbers (`17850.0` is). */
  integralShare: number;
  negatives: boolean;
  zeros: boolean;
  /** ISO dates or timestamps. */
  temporalShare: number;
  /** Of those, the share with a time of day. */
  timeShare: number;
  /** Short values without white space, as keys are. */
  keyShare: number;
  currencyShare: number;
  countryShare: number;
  jsonShare: number;
  flagShare: number;
  /** A small vocabulary of word-like values repeated over many rows, as event names and statuses are. */
  vocabulary: boolean;
  /** Values like `#1001`: how Shopify and WooCommerce exports name orders. */
  orderNumberShare: number;
  /** Some values are `C` followed by digits and others digits only: how UCI Online Retail marks cancellations. */
  cancellationPrefix: boolean;
}

export function profileColumn(
  column: SourceColumn,
  tableRowCount: number,
  recognisers: Recognisers
): ValueProfile {
  const values = column.samples.filter(
    (value): value is string | number => value !== null && !(typeof value === 'string' && value.trim() === '')
  );
  const share = (test: (value: string | number) => boolean) =>
    values.length === 0 ? 0 : values.filter(test).length / values.length;
  const texts = values.map((value) => String(value).trim());
  const distinctSamples = new Set(texts).size;

  const rows = column.rowCount ?? tableRowCount;
  const nonNullRows = rows - (column.nullCount ?? 0);
  const distinctCount = column.distinctCount ?? distinctSamples;
  const repeats =
    column.distinctCount !== undefined && nonNullRows > 0
      ? column.distinctCount < nonNullRows
      : distinctSamples < values.length;
  const distinctShare =
    column.distinctCount !== undefined && nonNullRows > 0
      ? Math.min(1, column.distinctCount / nonNullRows)
      : values.length === 0
        ? 0
        : distinctSamples / values.length;

  const numbers = values.map(toNumber).filter((value): value is number => value !== null);
  const temporal = texts.filter((text) => isIsoDate(text) || isIsoTimestamp(text));
  const distinctTexts = [...new Set(texts)];

  return {
    values,
    hasNulls: (column.nullCount ?? 0) > 0 || values.length < column.samples.length,
    repeats,
    distinctShare,
    distinctCount,
    numericShare: values.length === 0 ? 0 : numbers.length / values.length,
    integralShare: numbers.length === 0 ? 0 : numbers.filter(Number.isInteger).length / numbers.length,
    // Counts over the whole column, when the profile has them, see the rare zero a sample misses.
    negatives:
      column.negativeCount !== undefined ? column.negativeCount > 0 : numbers.some((value) => value < 0),
    zeros: column.zeroCount !== undefined ? column.zeroCount > 0 : numbers.some((value) => value === 0),
    temporalShare: values.length === 0 ? 0 : temporal.length / values.length,
    timeShare: temporal.length === 0 ? 0 : temporal.filter(isIsoTimestamp).length / temporal.length,
    keyShare: share((value) => {
      const text = String(value).trim();
      return text.length <= 64 && !/\s/.test(text);
    }),
    currencyShare: share((value) => {
      const code = String(value).trim().toUpperCase();
      return /^[A-Z]{3}$/.test(code) && recognisers.isCurrencyCode(code);
    }),
    countryShare: share((value) => typeof value === 'string' && recognisers.recogniseCountry(value.trim())),
    jsonShare: share((value) => typeof value === 'string' && isJsonObject(value)),
    flagShare: share((value) => FLAG_WORDS.has(String(value).trim().toLowerCase())),
    orderNumberShare: share((value) => typeof value === 'string' && /^#\d+$/.test(value.trim())),
    vocabulary: isVocabulary(distinctTexts, values.length, repeats),
    cancellationPrefix: hasCancellationPrefix(texts)
  };
}

/**
 * Event names, statuses and channels: at most 50 distinct word-like values, each used on several rows
 * (judged from the samples: fewer distinct values than half the samples).
 */
function isVocabulary(distinct: readonly string[], count: number, repeats: boolean): boolean {
  if (distinct.length === 0 || distinct.length > 50 || !repeats) return false;
  if (distinct.length * 2 > count) return false;
  return distinct.filter((value) => EVENT_NAME.test(value)).length >= distinct.length * 0.9;
}

export function hasCancellationPrefix(values: readonly string[]): boolean {
  return values.some((value) => /^C\d+$/.test(value)) && values.some((value) => /^\d+$/.test(value));
}

const TEXT_TYPES = new Set(['TEXT', '']);

/**
 * How well a column's values fit a kind of canonical column, 0..1, from its declared type and its samples.
 * The declared type is what the importer decided for the whole column, so it counts more than samples.
 */
export function kindFit(column: SourceColumn, profile: ValueProfile, kind: ModelValueKind): number {
  const type = column.type.trim().toUpperCase();
  if (profile.values.length === 0) return 0;
  switch (kind) {
    case 'id': {
      if (type === 'DATE' || type === 'DATETIME' || type === 'BOOLEAN') return 0.1;
      if (profile.temporalShare > 0.5) return 0.1;
      if (profile.numericShare > 0.9 && profile.integralShare < 0.9) return 0.15;
      const distinct = profile.distinctCount <= 2 ? 0.3 : 1;
      return profile.keyShare * distinct;
    }
    case 'timestamp':
    case 'date': {
      if (type === 'DATETIME') return kind === 'timestamp' ? 1 : 0.9;
      if (type === 'DATE') return kind === 'date' ? 1 : 0.9;
      return profile.temporalShare;
    }
    case 'money':
    case 'number': {
      if (type === 'REAL') return 1;
      if (type === 'INTEGER') return kind === 'money' ? 0.85 : 1;
      return profile.numericShare * 0.7;
    }
    case 'integer': {
      if (type === 'INTEGER') return 1;
      return profile.numericShare * profile.integralShare * (type === 'REAL' ? 0.9 : 0.7);
    }
    case 'country':
      return profile.countryShare;
    case 'currency':
      return profile.currencyShare;
    case 'flag':
      if (type === 'BOOLEAN') return 1;
      return profile.flagShare === 1 && profile.distinctCount <= 2 ? 1 : profile.flagShare * 0.5;
    case 'json':
      return profile.jsonShare;
    case 'text': {
      const textual = TEXT_TYPES.has(type) ? 1 : 0.5;
      return profile.vocabulary ? textual : textual * 0.8;
    }
  }
}
