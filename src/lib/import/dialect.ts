import { ImportError } from '../engine/errors';
import { CsvStreamParser, isBlankRecord } from './csv-stream';
import type { Dialect } from './plan';

/** The delimiters guessed among, in the order that wins a tie. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

export const DELIMITER_NAMES: Record<string, string> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'pipe'
};

/** Whole lines from the first 64 KiB are plenty to see the dialect and cheap to parse eight times. */
const SNIFF_CHARS = 64 * 1024;

/** Records looked at by the header heuristic. */
const HEADER_SNIFF_RECORDS = 200;

/**
 * A delimiter whose rows are this much less consistent than the best one's still wins when it gives more
 * columns: a semicolon file with one ragged row against commas that only ever split decimal numbers.
 */
const CONSISTENCY_TOLERANCE = 0.05;

const DEFAULT_DIALECT: Dialect = {
  delimiter: ',',
  quote: '"',
  escape: '"',
  linebreak: '\n',
  hasHeader: true
};

interface Trial {
  delimiter: string;
  quote: string;
  escape: string;
  records: string[][];
  /** The field count most records have (the larger one on a tie). */
  width: number;
  /** Share of records with `width` fields; a quoting error counts as one more record that does not fit. */
  consistency: number;
  linebreak: Dialect['linebreak'] | undefined;
}

/**
 * The dialect of a CSV text, from its start: the delimiter that splits the records most consistently
 * (quote-aware, so a `;` inside `"1;2"` does not count), the quote character, how quotes are escaped, whether
 * the first record is a header, and the first line break. `fixed` holds the user's choices, which are kept
 * and only the rest is guessed around them.
 *
 * - Delimiter: among `,` `;` tab `|`, the one giving the highest share of records with the same field count
 *   (more than one field); within {@link CONSISTENCY_TOLERANCE} of the best, more fields win; then the order
 *   above. None fits (a single-column file): `,`.
 * - Quote: `"`, unless fields start with `'` more often than with `"` and reading `'` as the quote fits
 *   strictly better. No quoting at all (`''`) is never guessed, only chosen: a quote that opens a field
 *   further on would otherwise be read as text, silently.
 * - Escape: doubled quotes (RFC 4180), unless the text holds backslash-quote pairs and backslash escaping fits
 *   strictly better (MySQL-style exports).
 * - Header: see {@link guessHasHeader}.
 */
export function sniffDialect(
  sampleText: string,
  fixed: Partial<Pick<Dialect, 'delimiter' | 'quote' | 'hasHeader'>> = {}
): Dialect {
  let text = sampleText.charCodeAt(0) === 0xfeff ? sampleText.slice(1) : sampleText;
  if (text.length > SNIFF_CHARS) {
    const cut = Math.max(text.lastIndexOf('\n', SNIFF_CHARS), text.lastIndexOf('\r', SNIFF_CHARS));
    text = text.slice(0, cut > 0 ? cut + 1 : SNIFF_CHARS);
  }
  const delimiters = fixed.delimiter === undefined ? DELIMITERS : [fixed.delimiter];

  let best = bestTrial(text, delimiters, fixed.quote ?? '"', fixed.delimiter !== undefined);
  if (fixed.quote === undefined && prefersSingleQuotes(text)) {
    const single = bestTrial(text, delimiters, "'", fixed.delimiter !== undefined);
    if (single !== undefined && (best === undefined || single.consistency > best.consistency)) best = single;
  }
  if (best === undefined) {
    return {
      ...DEFAULT_DIALECT,
      delimiter: fixed.delimiter ?? DEFAULT_DIALECT.delimiter,
      quote: fixed.quote ?? DEFAULT_DIALECT.quote,
      escape: fixed.quote ?? DEFAULT_DIALECT.escape,
      linebreak: firstLinebreak(text),
      hasHeader: fixed.hasHeader ?? true
    };
  }
  if (best.quote !== '' && text.includes('\\' + best.quote)) {
    const backslash = trial(text, best.delimiter, best.quote, '\\');
    if (backslash.consistency > best.consistency) best = backslash;
  }
  return {
    delimiter: best.delimiter,
    quote: best.quote,
    escape: best.escape,
    linebreak: best.linebreak ?? firstLinebreak(text),
    hasHeader: fixed.hasHeader ?? guessHasHeader(best.records)
  };
}

/** The best delimiter for one quote character, or undefined when none splits the records. */
function bestTrial(
  text: string,
  delimiters: readonly string[],
  quote: string,
  delimiterFixed: boolean
): Trial | undefined {
  const trials = delimiters.map((delimiter) => trial(text, delimiter, quote, quote));
  if (delimiterFixed) return trials[0];
  const eligible = trials.filter((t) => t.width > 1);
  if (eligible.length === 0) return undefined;
  const bestConsistency = Math.max(...eligible.map((t) => t.consistency));
  let best: Trial | undefined;
  for (const t of eligible) {
    if (t.consistency < bestConsistency - CONSISTENCY_TOLERANCE) continue;
    if (best === undefined || t.width > best.width) best = t;
  }
  return best;
}

function trial(text: string, delimiter: string, quote: string, escape: string): Trial {
  const parser = new CsvStreamParser({ delimiter, quote, escape });
  const records: string[][] = [];
  let failed = false;
  try {
    // Line by line, so that the records before a quoting error still count.
    for (let at = 0; at < text.length;) {
      const next = text.indexOf('\n', at) + 1 || text.length;
      for (const record of parser.push(text.slice(at, next))) records.push(record.fields);
      at = next;
    }
    for (const record of parser.end()) records.push(record.fields);
  } catch (error) {
    // A quote still open at the end of the sample says nothing: the sample may end inside a quoted field.
    if (!(error instanceof ImportError)) throw error;
    failed = error.code !== 'unterminated-quote';
  }
  const counts = new Map<number, number>();
  let total = 0;
  for (const fields of records) {
    if (isBlankRecord(fields)) continue;
    counts.set(fields.length, (counts.get(fields.length) ?? 0) + 1);
    total++;
  }
  let width = 0;
  let most = 0;
  for (const [count, times] of counts) {
    if (times > most || (times === most && count > width)) [width, most] = [count, times];
  }
  const consistency = total === 0 ? 0 : most / (total + (failed ? 1 : 0));
  return { delimiter, quote, escape, records, width, consistency, linebreak: parser.linebreak };
}

/** Fields that open with `'` outnumber those that open with `"` (at least two): worth trying `'` as the quote. */
function prefersSingleQuotes(text: string): boolean {
  const opening = (quote: string) => text.match(new RegExp(`(?:^|[,;\\t|])${quote}`, 'gm'))?.length ?? 0;
  const single = opening("'");
  return single >= 2 && single > opening('"');
}

function firstLinebreak(text: string): Dialect['linebreak'] {
  const at = text.search(/[\r\n]/);
  if (at === -1 || text[at] === '\n') return '\n';
  return text[at + 1] === '\n' ? '\r\n' : '\r';
}

type ValueKind = 'empty' | 'number' | 'date' | 'boolean' | 'text';

/** Dates and date-times as spreadsheets and databases write them: `2024-03-01`, `01.03.2024`, `3/1/24 10:00`. */
const DATE_TEXT =
  /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}|[AaPp][Mm]))?)?$/;
/** Numbers in any common notation: signs, parentheses, currency, grouping, decimal comma, percent. */
const NUMBER_TEXT =
  /^[-+(]?\s*(?:[$€£¥]\s*)?[-+]?(?:\d[\d\s.,'\u00a0\u202f]*|[.,]\d+)(?:[eE][-+]?\d+)?\s*%?\)?\s*(?:[$€£¥]|[A-Z]{3})?$/;
const BOOLEAN_TEXT = /^(?:true|false)$/i;
const YEAR_TEXT = /^(?:1[89]|20)\d\d$/;

function kindOf(value: string): ValueKind {
  const text = value.trim();
  if (text === '') return 'empty';
  if (DATE_TEXT.test(text)) return 'date';
  if (NUMBER_TEXT.test(text)) return 'number';
  if (BOOLEAN_TEXT.test(text)) return 'boolean';
  return 'text';
}

/**
 * Whether the first record names the columns, by votes per column (in the spirit of Python's csv.Sniffer):
 *
 * - a text cell above a column of numbers, dates or booleans (80 % of its values): header, +1;
 * - a text cell above text: −1 if the same text occurs below (it is a value), +½ if every value below has one
 *   length and the cell another (codes `DE`, `FR` under `country`), else no vote;
 * - a number or date above values of the same kind: −1 (data), except a year above other numbers (a pivot
 *   table's `2023` column), no vote.
 *
 * A first record of only numbers and dates is data. Otherwise a header unless the votes say no: most files
 * have one, and a wrong "no header" turns the names into a data row, which the preview shows plainly.
 */
export function guessHasHeader(records: readonly string[][]): boolean {
  const rows = records.filter((fields) => !isBlankRecord(fields)).slice(0, HEADER_SNIFF_RECORDS + 1);
  if (rows.length < 2) return true;
  const [first, ...rest] = rows;
  const kinds = first.map(kindOf);
  if (kinds.every((kind) => kind !== 'text') && kinds.some((kind) => kind !== 'empty')) return false;

  let votes = 0;
  for (let column = 0; column < first.length; column++) {
    const cell = first[column].trim();
    const kind = kinds[column];
    const values = rest.map((fields) => (fields[column] ?? '').trim()).filter((value) => value !== '');
    if (kind === 'empty' || values.length === 0) continue;
    const valueKinds = values.map(kindOf);
    if (kind === 'text') {
      const typed = valueKinds.filter((k) => k !== 'text').length;
      if (typed >= 0.8 * values.length) votes += 1;
      else if (values.includes(cell)) votes -= 1;
      else if (values.length >= 2 && values.every((v) => v.length === values[0].length)) {
        if (cell.length !== values[0].length) votes += 0.5;
      }
    } else if (valueKinds.every((k) => k === kind)) {
      const pivotYear = YEAR_TEXT.test(cell) && !values.every((v) => YEAR_TEXT.test(v));
      if (!pivotYear) votes -= 1;
    }
  }
  return votes >= 0;
}
