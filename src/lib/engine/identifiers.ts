/**
 * The one way a table or column name enters SQL text. Values never do: they are bound as parameters.
 *
 * SQLite's standard identifier quoting is `"…"` with every `"` inside doubled
 * (https://www.sqlite.org/lang_keywords.html). Inside such a quote nothing else is special: `;`, `--`, `]`,
 * backticks, newlines and keywords are plain characters, so `a"; DROP TABLE x; --` becomes one harmless name.
 * A NUL cannot be part of a name at all (SQLite ends the token there and fails with "unrecognized token"),
 * so it is refused here rather than silently truncated into a different name.
 */
export function quoteIdentifier(name: string): string {
  if (name.includes('\0')) throw new TypeError('An SQL identifier cannot contain a NUL character.');
  return `"${name.replaceAll('"', '""')}"`;
}
