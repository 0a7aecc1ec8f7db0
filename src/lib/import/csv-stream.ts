import { ImportError } from '../engine/errors';
import type { Dialect } from './plan';

export interface CsvRecord {
  fields: string[];
  /** 1-based physical line where the record starts; 0 when unknown (a record read from the middle of a file). */
  line: number;
}

/**
 * The longest field accepted, in UTF-16 code units. V8's longest string is 2^29 − 24 units and joining the
 * pieces of a field briefly needs twice its size, so a field in a file with no closing quote (or a 1 GB line)
 * ends with this message instead of "Invalid string length" or an out-of-memory worker
 * (RELIABILITY.md §3.1 item 18). 100 MB fields still fit.
 */
export const MAX_FIELD_LENGTH = 2 ** 27;

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const BACKSLASH = 0x5c;

/** Where the parser stands between two characters; the state is all that crosses a chunk boundary. */
const RECORD_START = 0;
/** After a delimiter. */
const FIELD_START = 1;
/** Inside an unquoted field that a chunk boundary cut. */
const UNQUOTED = 2;
const QUOTED = 3;
/** A quote ended the previous chunk inside a quoted field: closing, or the first half of a doubled quote. */
const QUOTED_QUOTE = 4;
/** A backslash ended the previous chunk inside a quoted field of a backslash-escaping file. */
const QUOTED_ESCAPE = 5;
/** After a closing quote: only spaces, then a delimiter or a line break may follow. */
const AFTER_QUOTED = 6;
/** A CR ended the previous chunk and a record: an LF at the start of this chunk belongs to it. */
const AFTER_CR = 7;

type State = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * An incremental RFC 4180 reader: text goes in as it is decoded, in pieces of any size, and only complete
 * records come out. Everything that depends on what comes next (a CR that may be half of a CRLF, a quote
 * that may be doubled, a field not yet ended) is kept as state, so the records never depend on where the
 * chunks were cut: papaparse's chunked reader left stray `\r` in values and phantom rows at such cuts
 * (RELIABILITY.md §3.1 item 13; papaparse #1132).
 *
 * - CR, LF and CRLF all end a record; a quoted field keeps its line breaks exactly.
 * - A line that is empty or holds only whitespace (one blank field) gives no record, as papaparse's
 *   `skipEmptyLines: 'greedy'` and Python's csv module do; its line is still counted.
 * - A quote opens a field only as the field's first character; elsewhere it is text (`5" screen`), which is
 *   unambiguous and how Excel and Python read it.
 * - Text after a closing quote (other than spaces) is an error, never a guess: `malformed-quote`.
 *
 * Speed: unquoted fields are found with `indexOf` for the delimiter, LF and CR, each remembered until passed,
 * so every character is looked at by native code about three times and never by a JS loop.
 */
export class CsvStreamParser {
  readonly #delimiter: string;
  readonly #delimiterCode: number;
  readonly #quote: string;
  /** -1 when the file uses no quoting. */
  readonly #quoteCode: number;
  readonly #backslash: boolean;

  #state: State = RECORD_START;
  #fields: string[] = [];
  /** The parts of a field cut by chunk boundaries or escapes, joined when the field ends. */
  #pieces: string[] = [];
  #piecesLength = 0;
  #line = 1;
  #recordLine = 1;
  #quoteLine = 1;
  #linebreak: Dialect['linebreak'] | undefined;

  constructor(dialect: Pick<Dialect, 'delimiter' | 'quote' | 'escape'>) {
    checkDialect(dialect);
    const { delimiter, quote, escape } = dialect;
    this.#delimiter = delimiter;
    this.#delimiterCode = delimiter.charCodeAt(0);
    this.#quote = quote;
    this.#quoteCode = quote === '' ? -1 : quote.charCodeAt(0);
    this.#backslash = quote !== '' && escape === '\\' && quote !== '\\';
  }

  /** The line break that ended the first record (outside quotes), once one has been seen. */
  get linebreak(): Dialect['linebreak'] | undefined {
    return this.#linebreak;
  }

  /** The records completed by `text`; a record still open at its end waits for the next call. */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    const n = text.length;
    const delimiter = this.#delimiter;
    const delimiterCode = this.#delimiterCode;
    const quote = this.#quote;
    const quoteCode = this.#quoteCode;
    let state = this.#state;
    let i = 0;
    // Positions of the next delimiter, LF and CR at or after `i` (n: none left), searched again once passed.
    let nextDelimiter = -1;
    let nextLf = -1;
    let nextCr = -1;

    while (i < n) {
      switch (state) {
        case AFTER_CR:
          if (text.charCodeAt(i) === LF) {
            i++;
            this.#linebreak ??= '\r\n';
          } else this.#linebreak ??= '\r';
          state = RECORD_START;
          break;

        case RECORD_START:
        case FIELD_START:
        case UNQUOTED: {
          if (state === RECORD_START) this.#recordLine = this.#line;
          if (state !== UNQUOTED && text.charCodeAt(i) === quoteCode) {
            state = QUOTED;
            this.#quoteLine = this.#line;
            i++;
            break;
          }
          if (nextDelimiter < i) {
            nextDelimiter = text.indexOf(delimiter, i);
            if (nextDelimiter === -1) nextDelimiter = n;
          }
          if (nextLf < i) {
            nextLf = text.indexOf('\n', i);
            if (nextLf === -1) nextLf = n;
          }
          if (nextCr < i) {
            nextCr = text.indexOf('\r', i);
            if (nextCr === -1) nextCr = n;
          }
          const end = Math.min(nextDelimiter, nextLf, nextCr);
          if (end === n) {
            this.#addPiece(text.slice(i));
            state = UNQUOTED;
            i = n;
            break;
          }
          const value = text.slice(i, end);
          this.#fields.push(state === UNQUOTED ? this.#joinPieces(value) : value);
          if (end === nextDelimiter) {
            state = FIELD_START;
            i = end + 1;
          } else {
            state = this.#endRecord(out, text, end);
            i = state === AFTER_CR ? n : end + (text.charCodeAt(end + 1) === LF && end === nextCr ? 2 : 1);
          }
          break;
        }

        case QUOTED: {
          let start = i;
          let nextEscape = -1;
          for (;;) {
            const q = text.indexOf(quote, i);
            if (this.#backslash && nextEscape < i) {
              nextEscape = text.indexOf('\\', i);
              if (nextEscape === -1) nextEscape = n;
            }
            if (this.#backslash && nextEscape < n && (q === -1 || nextEscape < q)) {
              // Only `\"` and `\\` are escapes; any other backslash (a Windows path) is text.
              if (nextEscape + 1 === n) {
                this.#addPiece(text.slice(start, nextEscape));
                state = QUOTED_ESCAPE;
                i = n;
                break;
              }
              const next = text.charCodeAt(nextEscape + 1);
              if (next === quoteCode || next === BACKSLASH) {
                this.#addPiece(text.slice(start, nextEscape));
                start = nextEscape + 1;
                i = nextEscape + 2;
              } else i = nextEscape + 1;
              continue;
            }
            if (q === -1) {
              this.#addPiece(text.slice(start));
              i = n;
              break;
            }
            if (q + 1 === n) {
              this.#addPiece(text.slice(start, q));
              state = QUOTED_QUOTE;
              i = n;
              break;
            }
            if (text.charCodeAt(q + 1) === quoteCode) {
              // A doubled quote: keep the first, skip the second.
              this.#addPiece(text.slice(start, q + 1));
              start = q + 2;
              i = q + 2;
              continue;
            }
            const value = text.slice(start, q);
            this.#endQuotedField(this.#pieces.length === 0 ? value : this.#joinPieces(value));
            state = AFTER_QUOTED;
            i = q + 1;
            break;
          }
          break;
        }

        case QUOTED_QUOTE:
          if (text.charCodeAt(i) === quoteCode) {
            this.#addPiece(quote);
            state = QUOTED;
            i++;
          } else {
            this.#endQuotedField(this.#joinPieces(''));
            state = AFTER_QUOTED;
          }
          break;

        case QUOTED_ESCAPE: {
          const next = text.charCodeAt(i);
          if (next === quoteCode || next === BACKSLASH) {
            this.#addPiece(text[i]);
            i++;
          } else this.#addPiece('\\');
          state = QUOTED;
          break;
        }

        case AFTER_QUOTED: {
          const code = text.charCodeAt(i);
          if (code === delimiterCode) {
            state = FIELD_START;
            i++;
          } else if (code === LF || code === CR) {
            state = this.#endRecord(out, text, i);
            i = state === AFTER_CR ? n : i + (code === CR && text.charCodeAt(i + 1) === LF ? 2 : 1);
          } else if (code === SPACE || code === TAB) {
            // Spaces between a closing quote and the delimiter are dropped, as papaparse and Excel do.
            i++;
          } else throw toMalformedQuoteError(this.#quoteLine);
          break;
        }
      }
    }
    this.#state = state;
    return out;
  }

  /**
   * The last record, at the end of the input. A quoted field still open is an error with the line where its
   * quote opened: a missing quote swallows every later line into one value, so guessing would lose rows.
   */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    switch (this.#state) {
      case AFTER_CR:
        this.#linebreak ??= '\r';
        break;
      case FIELD_START:
        this.#fields.push('');
        this.#endRecord(out, '', 0);
        break;
      case UNQUOTED:
        this.#fields.push(this.#joinPieces(''));
        this.#endRecord(out, '', 0);
        break;
      case QUOTED_QUOTE:
        this.#endQuotedField(this.#joinPieces(''));
        this.#endRecord(out, '', 0);
        break;
      case AFTER_QUOTED:
        this.#endRecord(out, '', 0);
        break;
      case QUOTED:
      case QUOTED_ESCAPE:
        throw toUnterminatedQuoteError(this.#quoteLine);
    }
    this.#state = RECORD_START;
    return out;
  }

  /**
   * Ends the record at the line break at `at` (or at the end of the input when `text` is empty) and counts
   * the line. Returns the next state: `AFTER_CR` when a CR is the last character, since an LF may follow.
   */
  #endRecord(out: CsvRecord[], text: string, at: number): State {
    const fields = this.#fields;
    this.#fields = [];
    if (fields.length > 1 || fields[0].trim() !== '') out.push({ fields, line: this.#recordLine });
    if (text === '') return RECORD_START;
    this.#line++;
    if (text.charCodeAt(at) === LF) {
      this.#linebreak ??= '\n';
      return RECORD_START;
    }
    if (at + 1 === text.length) return AFTER_CR;
    this.#linebreak ??= text.charCodeAt(at + 1) === LF ? '\r\n' : '\r';
    return RECORD_START;
  }

  #endQuotedField(value: string): void {
    this.#fields.push(value);
    this.#line += countLineBreaks(value);
  }

  #addPiece(piece: string): void {
    this.#piecesLength += piece.length;
    if (this.#piecesLength > MAX_FIELD_LENGTH) throw toFieldTooLargeError(this.#recordLine);
    this.#pieces.push(piece);
  }

  #joinPieces(last: string): string {
    if (last !== '') this.#addPiece(last);
    const value = this.#pieces.length === 1 ? this.#pieces[0] : this.#pieces.join('');
    this.#pieces = [];
    this.#piecesLength = 0;
    return value;
  }
}

/** Throws `invalid-dialect` for a delimiter or quote no reader can use. */
export function checkDialect({ delimiter, quote }: Pick<Dialect, 'delimiter' | 'quote'>): void {
  if (delimiter.length !== 1 || delimiter === '\r' || delimiter === '\n' || delimiter === quote) {
    throw new ImportError(
      'invalid-dialect',
      `The delimiter must be a single character other than a line break or the quote, not ${JSON.stringify(delimiter)}.`,
      { delimiter }
    );
  }
  if (quote.length > 1 || quote === '\r' || quote === '\n') {
    throw new ImportError(
      'invalid-dialect',
      `The quote must be a single character or none, not ${JSON.stringify(quote)}.`,
      { quote }
    );
  }
}

/** A record that carries no data: every field empty or whitespace, like the `,,,` rows Excel writes below a table. */
export function isBlankRecord(fields: readonly string[]): boolean {
  for (const field of fields) if (field.trim() !== '') return false;
  return true;
}

export function toUnterminatedQuoteError(line: number): ImportError {
  return new ImportError(
    'unterminated-quote',
    `A quoted field that starts at line ${line} is never closed: the file ends before its ` +
      'closing quote ("). Add the missing quote, or double any quote that belongs inside the value (""), ' +
      'and import it again.',
    { line }
  );
}

export function toFieldTooLargeError(line: number): ImportError {
  return new ImportError(
    'field-too-large',
    `A value that starts at line ${line} is longer than ${MAX_FIELD_LENGTH} characters, the most ` +
      'one value may hold here. If the file has an unclosed quote, fix it; otherwise split the value.',
    { line, limit: MAX_FIELD_LENGTH }
  );
}

export function toMalformedQuoteError(line: number): ImportError {
  return new ImportError(
    'malformed-quote',
    `A quoted field that starts at line ${line} has text after its closing quote (") before the next delimiter.` +
      ' Inside a quoted value a quote must be written twice (""). Fix that line and import it again.',
    { line }
  );
}

/** Line breaks inside a value, counted as text editors show them: CRLF once, a lone CR or LF once each. */
function countLineBreaks(value: string): number {
  let count = 0;
  for (let i = value.indexOf('\n'); i !== -1; i = value.indexOf('\n', i + 1)) count++;
  for (let i = value.indexOf('\r'); i !== -1; i = value.indexOf('\r', i + 1)) {
    if (value.charCodeAt(i + 1) !== LF) count++;
  }
  return count;
}
