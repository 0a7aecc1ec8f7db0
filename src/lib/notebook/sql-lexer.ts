/**
 * SQL split into tokens as SQLite does it, for the code that reads cells' SQL without running it: which names
 * and parameters it uses (`sql-references.ts`) and where an error message points (`sql-error-position.ts`).
 */

export type SqlTokenKind = 'word' | 'quoted' | 'string' | 'blob' | 'number' | 'parameter' | 'operator';

export interface SqlToken {
  kind: SqlTokenKind;
  /** Where the token is in the text, quotes included: `sql.slice(from, to)` is the token as written. */
  from: number;
  to: number;
  /** For `word` and `quoted`: the identifier as SQLite reads it (quotes removed, doubled quotes undone). */
  name: string;
}

/** SQLite's identifier characters: ASCII letters, digits, `_`, `$`, and every non-ASCII code unit. */
export const IDENTIFIER_START = /[A-Za-z_\u0080-\uffff]/;
export const IDENTIFIER_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

/** Operators SQLite reads as one token (`tokenize.c`); longest first. */
const OPERATORS = ['->>', '->', '||', '==', '!=', '<>', '<=', '>=', '<<', '>>'];

/**
 * SQLite's tokenizer (`tokenize.c`), closely enough that a string, comment or quoted name is never split and
 * every token keeps its place in the text. Comments and white space make no tokens.
 */
export function lexSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  const length = sql.length;
  let i = 0;
  const push = (kind: SqlTokenKind, from: number, to: number, name = sql.slice(from, to)) => {
    tokens.push({ kind, from, to, name });
    i = to;
  };
  while (i < length) {
    const char = sql[i];
    const next = sql[i + 1] ?? '';
    if (/\s/.test(char)) {
      i++;
    } else if (char === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? length : end + 1;
    } else if (char === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? length : end + 2;
    } else if (char === "'") {
      push('string', i, skipQuoted(sql, i, "'"));
    } else if (char === '"' || char === '`') {
      const end = skipQuoted(sql, i, char);
      const closed = end - i >= 2 && sql[end - 1] === char;
      push('quoted', i, end, sql.slice(i + 1, closed ? end - 1 : end).replaceAll(char + char, char));
    } else if (char === '[') {
      const close = sql.indexOf(']', i + 1);
      const end = close === -1 ? length : close + 1;
      push('quoted', i, end, sql.slice(i + 1, close === -1 ? length : close));
    } else if ((char === 'x' || char === 'X') && next === "'") {
      push('blob', i, skipQuoted(sql, i + 1, "'"));
    } else if (char === '?') {
      let end = i + 1;
      while (end < length && /[0-9]/.test(sql[end])) end++;
      push('parameter', i, end);
    } else if ((char === ':' || char === '@' || char === '$') && IDENTIFIER_PART.test(next)) {
      let end = i + 1;
      while (end < length && IDENTIFIER_PART.test(sql[end])) end++;
      // Tcl-style `$name::part(suffix)`, which SQLite accepts for `$` parameters.
      if (char === '$') {
        while (sql.startsWith('::', end) && end + 2 < length && IDENTIFIER_PART.test(sql[end + 2])) {
          end += 2;
          while (end < length && IDENTIFIER_PART.test(sql[end])) end++;
        }
        if (sql[end] === '(') {
          const close = sql.indexOf(')', end);
          end = close === -1 ? length : close + 1;
        }
      }
      push('parameter', i, end);
    } else if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(next))) {
      push('number', i, numberEnd(sql, i));
    } else if (IDENTIFIER_START.test(char)) {
      let end = i + 1;
      while (end < length && IDENTIFIER_PART.test(sql[end])) end++;
      push('word', i, end);
    } else {
      const operator = OPERATORS.find((candidate) => sql.startsWith(candidate, i)) ?? char;
      push('operator', i, i + operator.length);
    }
  }
  return tokens;
}

/**
 * The end of a number starting at `start`. Like SQLite, letters glued to a number belong to it (`3a` is one
 * token, reported as `unrecognized token: "3a"`), and an exponent may carry a sign (`1e-5`).
 */
function numberEnd(sql: string, start: number): number {
  let i = start + 1;
  while (i < sql.length) {
    if (/[0-9A-Za-z_.]/.test(sql[i])) i++;
    else if (
      (sql[i] === '+' || sql[i] === '-') &&
      /[eE]/.test(sql[i - 1]) &&
      !/^0[xX]/.test(sql.slice(start, i))
    )
      i++;
    else break;
  }
  return i;
}

/** The index after a quoted run starting at `start`, where a doubled quote is part of the run. */
function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  for (;;) {
    const end = sql.indexOf(quote, i);
    if (end === -1) return sql.length;
    if (sql[end + 1] !== quote) return end + 1;
    i = end + 2;
  }
}
