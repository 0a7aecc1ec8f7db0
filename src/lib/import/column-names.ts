import { MAX_NAME_LENGTH, capCodePoints, foldAsciiCase, toSuffixedName } from './sql-name';

export interface ColumnName {
  /** A unique SQLite column name, readable (Unicode kept); it is quoted wherever it enters SQL. */
  name: string;
  /** The header as written in the file, trimmed, for display. */
  label: string;
}

/**
 * Whitespace controls (tab, newline, ...) become spaces; every other control character, lone surrogate, BOM,
 * zero-width space and bidirectional override is removed. SQLite refuses a NUL inside a name ("unrecognized
 * token", RELIABILITY.md §2.2), and bidi overrides would let a header display as a different name than it is.
 */
const WHITESPACE_CONTROL = /[\t\n\v\f\r]/g;
const INVISIBLE = /[\p{Cc}\p{Cs}\u061C\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/gu;

/**
 * Names that would shadow SQLite's implicit rowid: a column called `rowid` makes `SELECT rowid` return the
 * column instead of the row id, which code that deletes or updates by rowid relies on (RELIABILITY.md §2.2).
 */
const IMPLICIT_ROWID_NAMES = new Set(['rowid', '_rowid_', 'oid']);

/**
 * Turns CSV headers into column names SQLite accepts (RELIABILITY.md §3.1 items 19-21): nothing is rejected,
 * every header gets a name, and the original survives as the label.
 */
export function toColumnNames(headers: readonly string[]): ColumnName[] {
  const names = headers.map((header, i) => toReadableName(header) || `column_${i + 1}`);

  // Every name's first occurrence keeps it, even when a later header of the same name comes first in line for
  // a suffix: `a, a, a_2` gives `a, a_3, a_2`, not `a, a_2, a_2_2`.
  const taken = new Set(names.map(foldAsciiCase));
  const kept = new Set<string>();
  const unique = names.map((name) => {
    const key = foldAsciiCase(name);
    if (kept.has(key)) return toSuffixedName(name, taken);
    kept.add(key);
    return name;
  });

  return unique.map((name, i) => ({ name, label: headers[i].trim() }));
}

/** NFC, because a user types `Müller` precomposed while some exports (and macOS file names) decompose it. */
function toReadableName(header: string): string {
  const name = header
    .normalize('NFC')
    .replace(WHITESPACE_CONTROL, ' ')
    .replace(INVISIBLE, '')
    .replace(/\s+/gu, ' ')
    .trim();
  const capped = capCodePoints(name, MAX_NAME_LENGTH).trimEnd();
  return IMPLICIT_ROWID_NAMES.has(foldAsciiCase(capped)) ? `${capped}_` : capped;
}
