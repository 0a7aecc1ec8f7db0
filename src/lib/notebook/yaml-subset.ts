import { NotebookError } from './failure';
import { NOTEBOOK_LIMITS } from './limits';

/**
 * The small, strict part of YAML the notebook header and the chart and input cells are written in:
 *
 *     title: Revenue by country        a key and a scalar on one line
 *     tables:                          a key whose value is indented by two spaces below it:
 *       - name: orders                   a list ("- " items; an item may be a map, first key on the dash line)
 *         columns:
 *           - order_id: TEXT
 *     sort:
 *       by: value                        or a map
 *
 * Scalars are plain (`Revenue`), single-quoted (`'it''s'`), double-quoted with JSON escapes (`"a\nb"`),
 * numbers in JSON syntax, `true`, `false`, `null`, and the empty `[]` and `{}`. Nothing else: no flow
 * collections, anchors, tags, block scalars, comments or multi-line scalars, so a file cannot nest without
 * indenting (depth is checked on the raw lines before anything is built) and cannot make the reader guess.
 *
 * Why not a YAML library: we need a tenth of YAML, a YAML parser is a large attack surface for untrusted files,
 * and we must also control the output byte for byte. What `serializeYamlSubset` writes is what Prettier's YAML
 * printer (with this repo's `singleQuote: true`) leaves unchanged, so bundled notebooks pass `prettier --check`.
 *
 * Maps are `Map`s, so a key such as `__proto__` is only ever a string (RELIABILITY.md §3.1 item 31).
 */
export type YamlValue = string | number | boolean | null | YamlValue[] | YamlMap;
export type YamlMap = Map<string, YamlValue>;

/** The line each key of a parsed map was on, for messages that point at the line. */
const keyLines = new WeakMap<YamlMap, Map<string, number>>();

interface Line {
  /** 1-based line in the file. */
  no: number;
  indent: number;
  /** Without the indentation and trailing spaces. */
  text: string;
}

/** Starting a plain scalar with one of these means something else in YAML. */
const INDICATORS = new Set([...'-?:,[]{}#&*!|>\'"%@`']);
const JSON_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;
/**
 * YAML 1.1 readers (still common) take these as booleans or null even though YAML 1.2 does not. YAML 1.1's
 * `y` and `n` are left plain: `x:` and `y:` are on every chart, and no common reader takes them for booleans.
 */
const RESERVED_PLAIN = /^(true|false|yes|no|on|off|null|~)$/i;
/** The escapes written inside double quotes (others as `\uXXXX`), and JSON's escapes, which are read. */
const ESCAPES = new Map([
  ['\\', '\\\\'],
  ['"', '\\"'],
  ['\n', '\\n'],
  ['\t', '\\t'],
  ['\r', '\\r']
]);
const UNESCAPES = new Map([
  ['"', '"'],
  ['\\', '\\'],
  ['/', '/'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t']
]);

/** Reads `lines` (the file's lines `firstLine`, `firstLine + 1`, …) as one map. Throws `NotebookError`. */
export function parseYamlSubset(lines: readonly string[], firstLine: number): YamlMap {
  const reader = new LineReader(toLines(lines, firstLine));
  const map = readMap(reader, 0);
  const rest = reader.peek();
  if (rest !== undefined) throw corrupt(rest, 'This line is indented less than the list or map it follows.');
  return map;
}

/** The lines (without line breaks) that `parseYamlSubset` reads back as `map`. */
export function serializeYamlSubset(map: YamlMap): string[] {
  const out: string[] = [];
  writeMap(map, 0, out);
  return out;
}

/** The line `key` of `map` was read from, if `map` came from `parseYamlSubset`. */
export function yamlKeyLine(map: YamlMap, key: string): number | undefined {
  return keyLines.get(map)?.get(key);
}

/** How a string is written as a scalar or a key: plain when unambiguous, else quoted as Prettier would. */
export function toYamlString(value: string): string {
  if ([...value].some((char) => needsEscape(char.charCodeAt(0)))) return doubleQuoted(value);
  if (isPlainSafe(value)) return value;
  if (value.includes("'") && !value.includes('"') && !value.includes('\\')) return `"${value}"`;
  return `'${value.replaceAll("'", "''")}'`;
}

function toLines(raw: readonly string[], firstLine: number): Line[] {
  const lines: Line[] = [];
  // Depth is decided here, on the raw text, before any structure is built.
  const maxIndent = 2 * NOTEBOOK_LIMITS.maxDepth;
  raw.forEach((text, index) => {
    const no = firstLine + index;
    if (/^[ \t]*$/.test(text)) return;
    const indent = text.search(/[^ ]/);
    if (indent > maxIndent) {
      throw new NotebookError(
        'too-deep',
        `The file nests deeper than ${NOTEBOOK_LIMITS.maxDepth} levels; a notebook never needs that.`,
        { line: no }
      );
    }
    const content = text.slice(indent).trimEnd();
    const line = { no, indent, text: content };
    if (/^\s/.test(content)) throw corrupt(line, 'Indent with spaces only, not tabs.');
    if (indent % 2 !== 0) throw corrupt(line, 'Indent by two spaces per level.');
    if (content.startsWith('#')) throw corrupt(line, 'Comments are not supported here.');
    lines.push(line);
  });
  return lines;
}

class LineReader {
  readonly #lines: Line[];
  #index = 0;

  constructor(lines: Line[]) {
    this.#lines = lines;
  }

  peek(): Line | undefined {
    return this.#lines[this.#index];
  }

  next(): void {
    this.#index++;
  }

  /** Lets a list item that is a map be read as if its first key started a line of its own. */
  replace(line: Line): void {
    this.#lines[this.#index] = line;
  }
}

function isListItem(line: Line): boolean {
  return line.text === '-' || line.text.startsWith('- ');
}

function readMap(reader: LineReader, indent: number): YamlMap {
  const map: YamlMap = new Map();
  const lines = new Map<string, number>();
  keyLines.set(map, lines);
  for (let line = reader.peek(); line !== undefined && line.indent >= indent; line = reader.peek()) {
    if (line.indent > indent) throw corrupt(line, 'This line is indented more than the lines before it.');
    if (isListItem(line)) throw corrupt(line, 'A list item ("- ") where a "key: value" line was expected.');
    reader.next();
    const entry = splitKey(line);
    if (entry === null) throw corrupt(line, 'Expected "key: value".');
    if (map.has(entry.key)) throw corrupt(line, `The key "${entry.key}" appears twice.`);
    lines.set(entry.key, line.no);
    map.set(
      entry.key,
      entry.rest === '' ? readBlock(reader, indent + 2, line, entry.key) : readScalar(entry.rest, line)
    );
  }
  return map;
}

function readBlock(reader: LineReader, indent: number, parent: Line, key: string): YamlValue {
  const next = reader.peek();
  if (next === undefined || next.indent < indent) {
    throw corrupt(parent, `"${key}" has no value (write [] for an empty list).`);
  }
  if (next.indent > indent) throw corrupt(next, 'Indent by two spaces per level.');
  return isListItem(next) ? readList(reader, indent) : readMap(reader, indent);
}

function readList(reader: LineReader, indent: number): YamlValue[] {
  const items: YamlValue[] = [];
  for (let line = reader.peek(); line !== undefined && line.indent >= indent; line = reader.peek()) {
    if (line.indent > indent) throw corrupt(line, 'This line is indented more than the list item before it.');
    if (!isListItem(line)) throw corrupt(line, 'Expected a list item ("- ").');
    const item = line.text.slice(2);
    if (item === '' || item.startsWith(' ')) throw corrupt(line, 'Write a list item as "- value".');
    if (splitKey({ ...line, text: item }) !== null) {
      reader.replace({ no: line.no, indent: indent + 2, text: item });
      items.push(readMap(reader, indent + 2));
    } else {
      reader.next();
      items.push(readScalar(item, line));
    }
  }
  return items;
}

/** `key: rest` (rest may be empty), or `null` when the line is not a key. */
function splitKey(line: Line): { key: string; rest: string } | null {
  const { text } = line;
  if (text[0] === "'" || text[0] === '"') {
    const { value, end } = readQuoted(text, line);
    if (text[end] !== ':' || (end + 1 < text.length && text[end + 1] !== ' ')) return null;
    return { key: value, rest: text.slice(end + 1).trimStart() };
  }
  const colon = text.search(/:( |$)/);
  if (colon === -1) return null;
  const key = text.slice(0, colon);
  if (key === '' || key !== key.trim() || INDICATORS.has(key[0]) || key.includes(' #')) {
    throw corrupt(line, `The key "${key}" must be quoted.`);
  }
  return { key, rest: text.slice(colon + 1).trimStart() };
}

function readScalar(text: string, line: Line): YamlValue {
  if (text === '[]') return [];
  if (text === '{}') return new Map();
  if (text[0] === "'" || text[0] === '"') {
    const { value, end } = readQuoted(text, line);
    if (end !== text.length) throw corrupt(line, 'Unexpected text after a quoted value.');
    return value;
  }
  const negativeNumber = text[0] === '-' && /^-[0-9]/.test(text);
  if (INDICATORS.has(text[0]) && !negativeNumber) {
    throw corrupt(line, `A value starting with "${text[0]}" must be quoted.`);
  }
  if (text.includes(' #') || text.includes(': ') || text.endsWith(':')) {
    throw corrupt(line, 'A value containing ": " or " #" must be quoted.');
  }
  if (text === 'null' || text === '~') return null;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (JSON_NUMBER.test(text)) {
    const number = Number(text);
    if (!Number.isFinite(number)) throw corrupt(line, `The number ${text} is out of range.`);
    return number === 0 ? 0 : number;
  }
  if (negativeNumber) throw corrupt(line, `"${text}" is not a number; quote it if it is text.`);
  return text;
}

/** A quoted scalar at the start of `text` and the index just after its closing quote. */
function readQuoted(text: string, line: Line): { value: string; end: number } {
  const quote = text[0];
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const char = text[i];
    if (char === quote) {
      if (quote === "'" && text[i + 1] === "'") {
        value += "'";
        i++;
        continue;
      }
      return { value, end: i + 1 };
    }
    if (quote === '"' && char === '\\') {
      const escape = text[i + 1];
      if (escape === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw corrupt(line, 'A \\u escape needs four hex digits.');
        value += String.fromCharCode(parseInt(hex, 16));
        i += 5;
        continue;
      }
      const unescaped = escape === undefined ? undefined : UNESCAPES.get(escape);
      if (unescaped === undefined) throw corrupt(line, `Unknown escape "\\${escape ?? ''}".`);
      value += unescaped;
      i++;
      continue;
    }
    value += char;
  }
  throw corrupt(line, 'A quoted value is not closed on its line.');
}

function writeMap(map: YamlMap, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  for (const [key, value] of map) {
    const head = `${pad}${toYamlString(key)}:`;
    if (Array.isArray(value) && value.length > 0) {
      out.push(head);
      writeList(value, indent + 2, out);
    } else if (value instanceof Map && value.size > 0) {
      out.push(head);
      writeMap(value, indent + 2, out);
    } else {
      out.push(`${head} ${toScalar(value)}`);
    }
  }
}

function writeList(items: YamlValue[], indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  for (const item of items) {
    if (Array.isArray(item) && item.length > 0) throw new TypeError('A list cannot hold a list directly.');
    if (item instanceof Map && item.size > 0) {
      const first = out.length;
      writeMap(item, indent + 2, out);
      out[first] = `${pad}- ${out[first].slice(indent + 2)}`;
    } else {
      out.push(`${pad}- ${toScalar(item)}`);
    }
  }
}

function toScalar(value: YamlValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be written to a notebook.`);
    return String(value === 0 ? 0 : value);
  }
  if (typeof value === 'string') return toYamlString(value);
  return Array.isArray(value) ? '[]' : '{}';
}

/**
 * Plain only when no reader could take it for anything but this string: starts with a letter or `_` (so never
 * a number, date or indicator), no `: ` or ` #`, no edge spaces, not a YAML 1.1 boolean or null.
 */
function isPlainSafe(value: string): boolean {
  return (
    /^[\p{L}_]/u.test(value) &&
    value === value.trim() &&
    !value.includes(': ') &&
    !value.includes(' #') &&
    !value.endsWith(':') &&
    !RESERVED_PLAIN.test(value)
  );
}

/** Characters only double quotes can hold, as escapes: controls, line and paragraph separators, the BOM. */
function needsEscape(code: number): boolean {
  return (
    code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff
  );
}

function doubleQuoted(value: string): string {
  let escaped = '';
  for (const char of value) {
    const code = char.charCodeAt(0);
    escaped += ESCAPES.get(char) ?? (needsEscape(code) ? `\\u${code.toString(16).padStart(4, '0')}` : char);
  }
  return `"${escaped}"`;
}

function corrupt(line: Line, message: string): NotebookError {
  return new NotebookError('corrupt', message, { line: line.no });
}
