import Papa from 'papaparse';
import { ImportError } from '../engine/errors';
import type { SqlValue } from '../engine/types';
import { toColumnNames } from './column-names';
import { inferColumnType, toSqlValue, type ColumnType } from './infer';

export interface ImportColumn {
  name: string;
  label: string;
  type: ColumnType;
}

export interface ParsedCsv {
  columns: ImportColumn[];
  rows: SqlValue[][];
  delimiter: string;
  linebreak: string;
}

/** SQLite's default SQLITE_MAX_COLUMN; `CREATE TABLE` with more fails with "too many columns". */
const MAX_COLUMNS = 2000;

const DELIMITERS_TO_GUESS = [',', ';', '\t', '|'];
const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

const GUESS_SAMPLE_LENGTH = 1 << 20;

/** How many line numbers of mismatched rows an error lists. */
const MAX_LISTED_LINES = 5;

type QuoteErrorCode = 'MissingQuotes' | 'InvalidQuotes';

/** What one pass of papaparse over the text found, before any decision about it. */
interface RawTable {
  /** `undefined` when the text has nothing but blank lines. */
  header: string[] | undefined;
  /** Rows with as many fields as the header; no longer collected once a mismatched row is seen. */
  rows: string[][];
  mismatchCount: number;
  /** The first few mismatched rows: where each starts (a character offset) and how many fields it has. */
  mismatched: { start: number; fields: number }[];
  /** The first quoting error and the offset of its opening quote. */
  quoteError: { code: QuoteErrorCode; quoteAt: number } | undefined;
}

/**
 * The rows of a CSV text as a typed table. The first row is the header. A file with a structural problem is
 * refused as a whole with an `ImportError` that says where: rows are never shifted, padded or cut to fit
 * (RELIABILITY.md §3.1 items 11, 12, 15), because a silently misaligned column is worse than no import.
 */
export function parseCsvText(text: string): ParsedCsv {
  // papaparse strips a BOM only in header mode; decodeBlob removes it already, this covers other callers.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!/\S/.test(text)) {
    throw new ImportError('empty-file', 'The file is empty: it has no header row and no data.');
  }

  const { delimiter, linebreak } = guessDialect(text);
  const { header, rows, mismatchCount, mismatched, quoteError } = readRawTable(text, delimiter, linebreak);

  // A broken quote misaligns everything after it, so it is reported before the mismatched rows it causes.
  if (quoteError !== undefined) throw toQuoteError(quoteError.code, lineAt(text, quoteError.quoteAt));
  if (header === undefined) {
    throw new ImportError(
      'empty-file',
      'The file is empty: it has only blank lines, no header row and no data.'
    );
  }
  if (mismatchCount > 0) throw toRaggedRowsError(text, delimiter, header.length, mismatchCount, mismatched);
  if (rows.length === 0) {
    throw new ImportError(
      'no-data-rows',
      'The file has a header row but no data rows below it. Add at least one row of data and import it again.'
    );
  }

  const columns = toColumnNames(header).map(({ name, label }, i): ImportColumn => ({
    name,
    label,
    type: inferColumnType(columnValues(rows, i))
  }));
  // Converted in place, so the strings and the typed values of the whole file are never held at once.
  const typed: SqlValue[][] = rows;
  for (const row of typed) {
    for (let i = 0; i < row.length; i++) row[i] = toSqlValue(row[i] as string, columns[i].type);
  }
  return { columns, rows: typed, delimiter, linebreak };
}

/**
 * papaparse's guess (the candidate giving the most consistent field counts over the first 10 rows) runs once,
 * here, with the 'greedy' setting so blank lines do not count against a delimiter; `preview: 1` keeps the rest
 * of the call cheap, and the real parse then skips guessing. When no candidate fits (papaparse then falls back
 * to a comma) because a row in the sample is short, a semicolon file without commas would silently become one
 * column; the candidate that splits the header most is taken instead, so the short row is reported.
 */
function guessDialect(text: string): { delimiter: string; linebreak: string } {
  const sample = toGuessSample(text);
  const guess = Papa.parse<string[]>(sample, {
    preview: 1,
    skipEmptyLines: 'greedy',
    delimitersToGuess: DELIMITERS_TO_GUESS
  });
  const { linebreak } = guess.meta;
  let { delimiter } = guess.meta;
  if (guess.errors.some((error) => error.code === 'UndetectableDelimiter')) {
    let mostFields = 1;
    for (const candidate of DELIMITERS_TO_GUESS) {
      const fields = headerFieldCount(sample, candidate, linebreak);
      if (fields > mostFields) [delimiter, mostFields] = [candidate, fields];
    }
  }
  return { delimiter, linebreak };
}

/**
 * papaparse guesses from the first 10 rows and the first 1 MiB, but on a text without quotes it splits the
 * whole text into lines once per candidate delimiter to get those rows: seconds and hundreds of MB for a large
 * file. Whole lines from the first 1 MiB are enough.
 */
function toGuessSample(text: string): string {
  if (text.length <= GUESS_SAMPLE_LENGTH) return text;
  const sample = text.slice(0, GUESS_SAMPLE_LENGTH);
  const lastLineEnd = sample.lastIndexOf('\n');
  return lastLineEnd > 0 ? sample.slice(0, lastLineEnd + 1) : sample;
}

function headerFieldCount(text: string, delimiter: string, linebreak: string): number {
  const { data } = Papa.parse<string[]>(text, {
    delimiter,
    newline: linebreak as Papa.ParseConfig['newline'],
    preview: 1,
    skipEmptyLines: 'greedy'
  });
  return data[0]?.length ?? 0;
}

/**
 * Blank rows are skipped here rather than by papaparse's skipEmptyLines so that every row's offset is seen:
 * papaparse reports where a row ends and the next row starts there, which is how line numbers stay right
 * after skipped lines and quoted multi-line fields.
 */
function readRawTable(text: string, delimiter: string, linebreak: string): RawTable {
  const table: RawTable = {
    header: undefined,
    rows: [],
    mismatchCount: 0,
    mismatched: [],
    quoteError: undefined
  };
  let rowStart = 0;
  Papa.parse<string[]>(text, {
    delimiter,
    newline: linebreak as Papa.ParseConfig['newline'],
    skipEmptyLines: false,
    step({ data: fields, errors, meta }) {
      const start = rowStart;
      rowStart = meta.cursor;
      for (const error of errors) {
        if (
          table.quoteError === undefined &&
          (error.code === 'MissingQuotes' || error.code === 'InvalidQuotes')
        ) {
          // papaparse's index points just past the opening quote.
          table.quoteError = {
            code: error.code,
            quoteAt: error.index === undefined ? start : error.index - 1
          };
        }
      }

      if (table.header === undefined) {
        // A blank line before the header is skipped, but a header of empty names (`,,`) is still the header:
        // its columns get generated names (RELIABILITY.md §3.1 item 20).
        if (fields.length === 1 && fields[0].trim() === '') return;
        if (fields.length > MAX_COLUMNS) throw toTooManyColumnsError(fields.length);
        table.header = fields;
        return;
      }

      // The same test as papaparse's skipEmptyLines: 'greedy': lines of only spaces and delimiters, such as the
      // `,,,` rows Excel writes below a table, carry no data.
      if (fields.join('').trim() === '') return;
      if (fields.length !== table.header.length) {
        table.mismatchCount++;
        if (table.mismatched.length < MAX_LISTED_LINES)
          table.mismatched.push({ start, fields: fields.length });
        return;
      }
      // Once the file is known to be refused, its rows are no longer worth the memory.
      if (table.mismatchCount === 0) table.rows.push(fields);
    }
  });
  return table;
}

function* columnValues(rows: readonly string[][], column: number): Generator<string> {
  for (const row of rows) yield row[column];
}

function toTooManyColumnsError(count: number): ImportError {
  return new ImportError(
    'too-many-columns',
    `The header has ${count} columns; SQLite allows at most ${MAX_COLUMNS}. ` +
      'Remove columns you do not need, or reshape the file into fewer columns and more rows.',
    { count }
  );
}

function toQuoteError(code: QuoteErrorCode, line: number): ImportError {
  if (code === 'MissingQuotes') {
    return new ImportError(
      'unterminated-quote',
      `A quoted field that starts at line ${line} is never closed: the file ends before its closing quote (").` +
        ' Add the missing quote, or double any quote that belongs inside the value (""), and import it again.',
      { line }
    );
  }
  return new ImportError(
    'malformed-quote',
    `A quoted field that starts at line ${line} has text after its closing quote (") before the next delimiter.` +
      ' Inside a quoted value a quote must be written twice (""). Fix that line and import it again.',
    { line }
  );
}

function toRaggedRowsError(
  text: string,
  delimiter: string,
  expected: number,
  count: number,
  mismatched: readonly { start: number; fields: number }[]
): ImportError {
  const lines = linesAt(
    text,
    mismatched.map((row) => row.start)
  );
  const found = mismatched[0].fields;
  const listed = lines.join(', ') + (count > lines.length ? ', ...' : '');
  return new ImportError(
    'ragged-rows',
    `${count === 1 ? '1 row has' : `${count} rows have`} a different number of fields than the header ` +
      `(${expected}): the first, at line ${lines[0]}, has ${found} (lines ${listed}). Nothing was imported. ` +
      `A value that contains the delimiter (${DELIMITER_NAMES[delimiter] ?? delimiter}) must be in quotes; ` +
      'fix these lines and import the file again.',
    { count, lines: lines.join(', '), line: lines[0], expected, found }
  );
}

/** The 1-based line of a character offset; `\r\n`, `\n` and a lone `\r` each end a line. */
function lineAt(text: string, offset: number): number {
  return linesAt(text, [offset])[0];
}

/** 1-based lines of ascending character offsets, in one pass over the text. */
function linesAt(text: string, offsets: readonly number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let position = 0;
  for (const offset of offsets) {
    for (; position < offset; position++) {
      const code = text.charCodeAt(position);
      if (code === 0x0a) line++;
      else if (code === 0x0d && text.charCodeAt(position + 1) !== 0x0a) line++;
    }
    lines.push(line);
  }
  return lines;
}
