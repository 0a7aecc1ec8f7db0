/**
 * Markdown cells show single values with `{{name}}` or `{{name.field}}`:
 *
 * - `{{revenue}}` is the first column of the first row of the result `revenue`; `{{revenue.total}}` is its
 *   column `total`;
 * - `{{country}}` is the current value of the parameter `country`; `{{period.from}}` and `{{period.to}}` are
 *   the ends of a date range.
 *
 * Anything else in braces is plain text (there is no escape: `{{` not followed by a name and `}}` is kept as
 * it is). References count everywhere in the text, code spans included.
 *
 * Values are text, not Markdown: the UI must render each `value` segment as escaped text (never splice it into
 * the Markdown source or HTML), so a value like `<img onerror=…>` or `**x**` shows literally.
 */
export type MarkdownSegment =
  { kind: 'text'; text: string } | { kind: 'value'; name: string; field: string | null; source: string };

const REFERENCE = /\{\{[ \t]*([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?[ \t]*\}\}/g;

/** `text` cut into literal text and value references, in order; joining every `text`/`source` gives `text`. */
export function toMarkdownSegments(text: string): MarkdownSegment[] {
  const segments: MarkdownSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(REFERENCE)) {
    if (match.index > last) segments.push({ kind: 'text', text: text.slice(last, match.index) });
    segments.push({ kind: 'value', name: match[1], field: match[2] ?? null, source: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}

/** The names a markdown cell reads, each once, in order of first use. */
export function findMarkdownReferences(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(REFERENCE)) names.add(match[1]);
  return [...names];
}
