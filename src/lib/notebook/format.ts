import { catchNotebookError, NotebookError, type NotebookFailure, type NotebookLocation } from './failure';
import { checkNotebookSize, checkNotebookTextSize, NOTEBOOK_LIMITS } from './limits';
import {
  DEFAULT_MIN_GROUP_SIZE,
  NOTEBOOK_VERSION,
  type Cell,
  type ChartForm,
  type InputCell,
  type Notebook,
  type TableFingerprint
} from './model';
import { PAYLOAD_LINE_CHARS, sealedDataProblem, type SealedData } from './sealed-data';
import { parseYamlSubset, serializeYamlSubset, type YamlMap, type YamlValue } from './yaml-subset';

/**
 * The notebook file: Markdown that any editor, diff and Markdown viewer can show. A header of `key: value`
 * lines between `---` lines (a strict YAML subset, `yaml-subset.ts`), then every cell as a fenced block whose
 * info string carries the cell's kind and attributes:
 *
 *     ---
 *     crossbook: 2
 *     title: Revenue by country
 *     cells: 2
 *     tables:
 *       - name: orders
 *         rowCount: 600
 *         contentHash: sha256:…
 *         columns:
 *           - order_id: TEXT
 *     ---
 *
 *     ```sql id=c1 name=revenue
 *     SELECT country, SUM(amount_eur) AS revenue FROM orders GROUP BY country
 *     ```
 *
 *     ```chart id=c2 data=revenue
 *     mark: bar
 *     x: country
 *     y: revenue
 *     ```
 *
 * Why it cannot be confused by its own content: a fence is one backtick longer than the longest run of
 * backticks in the cell (CommonMark: a fence closes only on a line of at least as many backticks, and Prettier
 * picks the same length), and the header holds only one-line scalars, so no cell text or title can end a
 * block early or open a new one. `cells:` counts the cells, so a file cut between two cells is noticed too.
 *
 * Optional header lines, written only when they differ from the default, so files without them are unchanged:
 *
 *     minGroupSize: 10                 small-cell suppression threshold (default 5; 1 turns it off)
 *     data: sealed                     the file ends with a data block (below)
 *
 * and in a table, the choices made for personal data at import, before `columns:`:
 *
 *       - name: customers
 *         pseudonymised:               columns whose values are keyed pseudonyms
 *           - email
 *         dropped:                     headers of the file's columns left out
 *           - Date of birth
 *         columns:
 *           - email: TEXT
 *
 * (Lists of names rather than a word after the type: a declared type may itself be several words, such as
 * `UNSIGNED BIG INT`, so `- email: TEXT pseudonymised` could not be read without guessing.)
 *
 * Included data (`sealed-data.ts`) is one `data` block after the last cell, not counted in `cells:`: its fields
 * as `key: value` lines, an empty line, then the encrypted payload as base64 wrapped at 76 characters, so
 * editors and diffs cope with it:
 *
 *     ```data
 *     format: crossbook-sealed-1
 *     kdf: PBKDF2-SHA-256
 *     iterations: 600000
 *     salt: …
 *     cipher: AES-GCM-256
 *     iv: …
 *     compression: gzip
 *     tables:
 *       - orders
 *     bytes: 40960
 *
 *     H4sIAAAAAAAAA…
 *     ```
 *
 * A data block anywhere but last, a second one, or one the header does not announce is refused, and so is a
 * header announcing one the file lacks (it was cut off). Cell text cannot fake one: it sits inside its cell's
 * fence. The data block has its own size cap (`NOTEBOOK_LIMITS.maxDataChars`); the rest of the file is held
 * to `maxChars` as before.
 *
 * `parseNotebook` only reads the syntax into a `NotebookDocument` (any version); `migrate.ts` brings it to the
 * current version and `validate.ts` checks it. `loadNotebook` (`load.ts`) runs all of them.
 */
export interface NotebookDocument {
  /** From the header's `crossbook:` line. */
  version: number;
  header: YamlMap;
  cells: DocumentCell[];
  /** The `data` block after the cells, if any. */
  data: DocumentData | null;
}

export interface DocumentData {
  /** 1-based line of the opening fence. */
  line: number;
  /** The `key: value` lines before the empty line. */
  fields: YamlMap;
  /** The base64 lines after the empty line, joined. */
  payload: string;
  /** 1-based line of the payload's first line. */
  payloadLine: number;
}

export interface DocumentCell {
  /** The info string's first word: `sql`, `md`, `chart`, `input` in version 2. */
  kind: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** `key=value` words of the info string. */
  attributes: Map<string, string>;
  /** Other words of the info string (version 1 wrote names this way). */
  args: string[];
  /** Text for most kinds; the `key: value` data of `chart` and `input` cells. */
  body: string | YamlMap;
}

export type ParseResult = { ok: true; document: NotebookDocument } | NotebookFailure;

/** Cells whose body is `key: value` data rather than text, in every version of the format. */
const DATA_CELL_KINDS = new Set(['chart', 'input']);
const OPENING_FENCE = /^(`{3,})([^`]*)$/;
const CLOSING_FENCE = /^ {0,3}(`{3,})[ \t]*$/;
const KIND_WORD = /^[a-z][a-z0-9-]*$/;
const ATTRIBUTE = /^([a-z][a-zA-Z0-9-]*)=([A-Za-z0-9_.:-]+)$/;
const BARE_WORD = /^[A-Za-z0-9_.:-]+$/;
const VERSION_LINE = /^crossbook:(.*)$/;
const DATA_KIND = 'data';
/** Any line that could open a data block, found without parsing (CR: before line endings are normalised). */
const DATA_FENCE_ANYWHERE = /^`{3,}[ \t]*data(?:[ \t\r]|$)/m;
const PAYLOAD_LINE = /^[A-Za-z0-9+/=]+$/;

/** Reads a notebook file's syntax. Never throws for any input; refuses with a reason and a message. */
export function parseNotebook(text: string): ParseResult {
  let tooLarge = checkNotebookSize(text.length);
  // Without a data block, the whole file is held to the smaller cap, before any of it is parsed.
  if (!tooLarge && text.length > NOTEBOOK_LIMITS.maxChars && !DATA_FENCE_ANYWHERE.test(text)) {
    tooLarge = checkNotebookTextSize(text.length);
  }
  if (tooLarge) return tooLarge;
  return catchNotebookError(() => {
    const { document, textChars } = readDocument(text);
    const textTooLarge = checkNotebookTextSize(textChars);
    return textTooLarge ?? { ok: true as const, document };
  });
}

/** The file for `notebook`. `parseNotebook` → migrate → validate → normalise gives `notebook` back. */
export function serializeNotebook(notebook: Notebook): string {
  const header: YamlMap = new Map<string, YamlValue>([['crossbook', NOTEBOOK_VERSION]]);
  if (notebook.title !== '') header.set('title', notebook.title);
  if (notebook.description !== '') header.set('description', notebook.description);
  if (notebook.privacy.minGroupSize !== DEFAULT_MIN_GROUP_SIZE) {
    header.set('minGroupSize', notebook.privacy.minGroupSize);
  }
  header.set('cells', notebook.cells.length);
  if (notebook.data !== null) header.set('data', 'sealed');
  if (notebook.tables.length > 0) header.set('tables', notebook.tables.map(toTableData));
  const blocks = [['---', ...serializeYamlSubset(header), '---']];
  for (const cell of notebook.cells) blocks.push([''], toCellLines(cell));
  if (notebook.data !== null) blocks.push([''], toDataLines(notebook.data));
  // Concatenated, not pushed with spread arguments: a data block has millions of lines, over the stack's limit.
  return `${blocks.flat().join('\n')}\n`;
}

/** The fence for `body`: longer than any run of backticks inside it, and at least three. */
export function toFence(body: string): string {
  let longest = 0;
  for (const run of body.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/** The document, and the characters of the file outside its data block (line breaks as `\n`). */
function readDocument(source: string): { document: NotebookDocument; textChars: number } {
  let text = source.startsWith('\ufeff') ? source.slice(1) : source;
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    const line = text.slice(0, nul).split('\n').length;
    throw new NotebookError('corrupt', 'The file contains a NUL character: it is not a text file.', { line });
  }
  // Files edited on Windows have CRLF; cell text is stored with \n (see normalizeNotebook).
  text = text.replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();

  if (lines[0]?.trimEnd() !== '---') {
    const start = text.trimStart()[0];
    throw new NotebookError(
      'corrupt',
      start === '{' || start === '['
        ? 'This is a JSON file, not a Crossbook notebook (a Markdown file that starts with a "---" header).'
        : 'This is not a Crossbook notebook: the file must start with a "---" header line.',
      { line: 1 }
    );
  }
  const headerEnd = lines.findIndex((line, index) => index > 0 && line.trimEnd() === '---');
  if (headerEnd === -1) {
    throw new NotebookError(
      'corrupt',
      'The header that starts on line 1 is never closed with "---": the file looks truncated.',
      { line: 1 }
    );
  }
  const headerLines = lines.slice(1, headerEnd);
  // The version is read before anything else, so a newer file whose syntax this version cannot read is
  // reported as newer, not as broken.
  const version = readVersion(headerLines);
  if (version > NOTEBOOK_VERSION) throw newerVersion(version);
  const header = parseYamlSubset(headerLines, 2);
  const { cells, data, dataChars } = readBlocks(lines, headerEnd + 1);
  return { document: { version, header, cells, data }, textChars: text.length - dataChars };
}

function readVersion(headerLines: string[]): number {
  const index = headerLines.findIndex((line) => VERSION_LINE.test(line));
  if (index === -1) {
    throw new NotebookError(
      'invalid',
      'This is not a Crossbook notebook: its header has no "crossbook:" version line.',
      { line: 2 }
    );
  }
  const value = VERSION_LINE.exec(headerLines[index])?.[1].trim() ?? '';
  if (!/^[0-9]{1,6}$/.test(value) || Number(value) < 1) {
    throw new NotebookError('invalid', `The format version must be a whole number, not "${value}".`, {
      line: index + 2,
      field: 'crossbook'
    });
  }
  return Number(value);
}

export function newerVersion(version: number): NotebookError {
  return new NotebookError(
    'newer-version',
    `This notebook was saved by a newer version of Crossbook (file format ${version}); this version reads ` +
      `formats up to ${NOTEBOOK_VERSION}. Update Crossbook to open it. Nothing was changed.`,
    { field: 'crossbook' }
  );
}

function readBlocks(
  lines: string[],
  start: number
): { cells: DocumentCell[]; data: DocumentData | null; dataChars: number } {
  const cells: DocumentCell[] = [];
  let data: DocumentData | null = null;
  let dataChars = 0;
  let index = start;
  while (index < lines.length) {
    const line = lines[index];
    if (line.trim() === '') {
      index++;
      continue;
    }
    const lineNo = index + 1;
    const opening = OPENING_FENCE.exec(line);
    if (opening === null) {
      throw new NotebookError(
        'corrupt',
        data === null
          ? 'Text outside a cell. Every cell is a fenced block (```sql, ```md, ```chart, ```input); ' +
              'write prose inside a ```md cell.'
          : `Text after the data block that starts on line ${data.line}: it must be the last thing in the file.`,
        { line: lineNo }
      );
    }
    const fenceLength = opening[1].length;
    const info = readInfo(opening[2], lineNo);
    if (data !== null) {
      throw new NotebookError(
        'corrupt',
        info.kind === DATA_KIND
          ? `A second data block; the file holds one already, on line ${data.line}.`
          : `A cell after the data block that starts on line ${data.line}: the data block must come last.`,
        { line: lineNo }
      );
    }
    if (info.kind === DATA_KIND) {
      if (info.attributes.size > 0 || info.args.length > 0) {
        throw new NotebookError('corrupt', 'A data block takes nothing after ```data on its fence line.', {
          line: lineNo
        });
      }
      const block = readFencedBody(lines, index + 1, fenceLength, NOTEBOOK_LIMITS.maxDataChars, {
        line: lineNo,
        what: 'data block',
        field: 'data'
      });
      data = toDocumentData(block.body, lineNo);
      dataChars = line.length + 1 + block.chars + lines[block.end].length + 1;
      index = block.end + 1;
      continue;
    }
    if (cells.length === NOTEBOOK_LIMITS.maxCells) {
      throw new NotebookError(
        'too-large',
        `The notebook has more than ${NOTEBOOK_LIMITS.maxCells.toLocaleString('en')} cells.`,
        { line: lineNo }
      );
    }
    const block = readFencedBody(lines, index + 1, fenceLength, NOTEBOOK_LIMITS.maxCellChars, {
      line: lineNo,
      what: 'cell',
      cell: info.attributes.get('id') ?? `#${cells.length + 1}`
    });
    index = block.end + 1;
    cells.push({
      ...info,
      line: lineNo,
      body: DATA_CELL_KINDS.has(info.kind) ? parseYamlSubset(block.body, lineNo + 1) : block.body.join('\n')
    });
  }
  return { cells, data, dataChars };
}

/**
 * The lines from `start` up to the fence that closes a block opened with `fenceLength` backticks, the index
 * of that fence, and the characters of the body (line breaks included), which may not exceed `maxChars`.
 */
function readFencedBody(
  lines: string[],
  start: number,
  fenceLength: number,
  maxChars: number,
  block: { line: number; what: string; cell?: string; field?: string }
): { body: string[]; end: number; chars: number } {
  const where: NotebookLocation = { line: block.line };
  if (block.cell !== undefined) where.cell = block.cell;
  if (block.field !== undefined) where.field = block.field;
  const body: string[] = [];
  let chars = 0;
  for (let index = start; ; index++) {
    if (index >= lines.length) {
      throw new NotebookError(
        'corrupt',
        `The ${block.what} that starts on line ${block.line} is never closed with ${'`'.repeat(fenceLength)}: ` +
          'the file looks truncated.',
        where
      );
    }
    const closing = CLOSING_FENCE.exec(lines[index]);
    if (closing !== null && closing[1].length >= fenceLength) return { body, end: index, chars };
    chars += lines[index].length + 1;
    if (chars > maxChars) {
      throw new NotebookError(
        'too-large',
        `The ${block.what} that starts on line ${block.line} is longer than ${maxChars.toLocaleString('en')} characters.`,
        where
      );
    }
    body.push(lines[index]);
  }
}

/** The data block's fields (up to the first empty line) and its base64 payload (every line after it). */
function toDocumentData(body: string[], line: number): DocumentData {
  const gap = body.findIndex((text) => text.trim() === '');
  if (gap === -1) {
    throw new NotebookError(
      'corrupt',
      'The data block has no payload: after its "key: value" lines comes an empty line, then the base64 lines.',
      { line, field: 'data' }
    );
  }
  let fieldChars = 0;
  for (const text of body.slice(0, gap)) fieldChars += text.length + 1;
  if (fieldChars > NOTEBOOK_LIMITS.maxCellChars) {
    throw new NotebookError(
      'too-large',
      `The data block's fields are longer than ${NOTEBOOK_LIMITS.maxCellChars.toLocaleString('en')} characters.`,
      { line, field: 'data' }
    );
  }
  const fields = parseYamlSubset(body.slice(0, gap), line + 1);
  const payload: string[] = [];
  for (let index = gap + 1; index < body.length; index++) {
    const text = body[index].trimEnd();
    if (text === '') continue;
    if (!PAYLOAD_LINE.test(text)) {
      throw new NotebookError(
        'corrupt',
        "The data block's payload holds a character that is not base64 (letters, digits, + / and =).",
        { line: line + 1 + index, field: 'data.payload' }
      );
    }
    payload.push(text);
  }
  return { line, fields, payload: payload.join(''), payloadLine: line + 2 + gap };
}

function readInfo(info: string, line: number): Pick<DocumentCell, 'kind' | 'attributes' | 'args'> {
  const [kind, ...words] = info.trim().split(/[ \t]+/);
  if (kind === '' || !KIND_WORD.test(kind)) {
    throw new NotebookError(
      'corrupt',
      kind === ''
        ? 'A cell fence without a kind: write ```sql, ```md, ```chart or ```input.'
        : `"${kind}" is not a cell kind.`,
      { line }
    );
  }
  const attributes = new Map<string, string>();
  const args: string[] = [];
  for (const word of words) {
    const attribute = ATTRIBUTE.exec(word);
    if (attribute !== null) {
      if (attributes.has(attribute[1])) {
        throw new NotebookError('corrupt', `The attribute "${attribute[1]}" appears twice.`, { line });
      }
      attributes.set(attribute[1], attribute[2]);
    } else if (BARE_WORD.test(word)) {
      args.push(word);
    } else {
      throw new NotebookError(
        'corrupt',
        `"${word}" cannot appear in a cell's fence line: attributes are written key=value with ` +
          'letters, digits and _ . : - only.',
        { line }
      );
    }
  }
  return { kind, attributes, args };
}

function toCellLines(cell: Cell): string[] {
  const words: string[] = [cell.kind === 'markdown' ? 'md' : cell.kind, `id=${cell.id}`];
  let body: string;
  switch (cell.kind) {
    case 'sql':
      if (cell.name !== null) words.push(`name=${cell.name}`);
      body = cell.sql;
      break;
    case 'markdown':
      body = cell.text;
      break;
    case 'chart':
      if (cell.name !== null) words.push(`name=${cell.name}`);
      if (cell.data !== null) words.push(`data=${cell.data}`);
      body = serializeYamlSubset(toChartData(cell.chart)).join('\n');
      break;
    case 'input':
      words.push(`name=${cell.name}`, `control=${cell.control.kind}`);
      if ((cell.control.kind === 'select' || cell.control.kind === 'multi-select') && cell.control.source) {
        words.push(`source=${cell.control.source}`);
      }
      body = serializeYamlSubset(toInputData(cell)).join('\n');
      break;
  }
  for (const word of words.slice(1)) {
    // The UI checks names as they are typed (`nameProblem`); this keeps a bad one from producing a file
    // that would not read back.
    if (!ATTRIBUTE.test(word))
      throw new TypeError(`Cell "${cell.id}": "${word}" cannot be written to a file.`);
  }
  const fence = toFence(body);
  return body === ''
    ? [fence + words.join(' '), fence]
    : [fence + words.join(' '), ...body.split('\n'), fence];
}

function toTableData(table: TableFingerprint): YamlMap {
  const data: YamlMap = new Map<string, YamlValue>([['name', table.name]]);
  if (table.contentHash !== null) {
    data.set('rowCount', table.rowCount);
    data.set('contentHash', table.contentHash);
  }
  const pseudonymised = table.columns.filter((column) => column.privacy === 'pseudonymised');
  if (pseudonymised.length > 0) {
    data.set(
      'pseudonymised',
      pseudonymised.map((column) => column.name)
    );
  }
  if (table.dropped !== undefined && table.dropped.length > 0) data.set('dropped', [...table.dropped]);
  data.set(
    'columns',
    table.columns.map((column) => new Map([[column.name, column.type]]))
  );
  return data;
}

function toDataLines(data: SealedData): string[] {
  // Writing what would not read back would lose the data for good: refuse here, like a bad cell name.
  const problem = sealedDataProblem(data);
  if (problem !== null) {
    throw new TypeError(`The included data cannot be written: "${problem.field}" ${problem.message}`);
  }
  const fields: YamlMap = new Map<string, YamlValue>([
    ['format', data.format],
    ['kdf', data.kdf],
    ['iterations', data.iterations],
    ['salt', data.salt],
    ['cipher', data.cipher],
    ['iv', data.iv],
    ['compression', data.compression],
    ['tables', [...data.tables]],
    ['bytes', data.bytes]
  ]);
  const fieldLines = serializeYamlSubset(fields);
  // Base64 has no backticks, but a table name may.
  const fence = toFence(fieldLines.join('\n'));
  const lines = [`${fence}${DATA_KIND}`, ...fieldLines, ''];
  for (let start = 0; start < data.payload.length; start += PAYLOAD_LINE_CHARS) {
    lines.push(data.payload.slice(start, start + PAYLOAD_LINE_CHARS));
  }
  lines.push(fence);
  return lines;
}

/** Only what differs from the defaults, in a fixed order, so files stay short and diffs small. */
function toChartData(chart: ChartForm): YamlMap {
  const data: YamlMap = new Map([['mark', chart.mark]]);
  for (const channel of ['x', 'y', 'color', 'facet', 'text'] as const) {
    if (chart[channel] !== null) data.set(channel, chart[channel]);
  }
  if (chart.aggregate !== 'none') data.set('aggregate', chart.aggregate);
  if (chart.sort !== null) {
    data.set(
      'sort',
      new Map([
        ['by', chart.sort.by],
        ['order', chart.sort.order]
      ])
    );
  }
  const labels: YamlMap = new Map();
  for (const key of ['title', 'x', 'y', 'color'] as const) {
    if (chart.labels[key] !== null) labels.set(key, chart.labels[key]);
  }
  if (labels.size > 0) data.set('labels', labels);
  return data;
}

function toInputData(cell: InputCell): YamlMap {
  const data: YamlMap = new Map();
  if (cell.label !== null) data.set('label', cell.label);
  const control = cell.control;
  switch (control.kind) {
    case 'select':
      if (control.options.length > 0) data.set('options', [...control.options]);
      if (control.default !== null) data.set('default', control.default);
      break;
    case 'multi-select':
      if (control.options.length > 0) data.set('options', [...control.options]);
      if (control.default.length > 0) data.set('default', [...control.default]);
      break;
    case 'date-range': {
      const range: YamlMap = new Map();
      if (control.default.from !== null) range.set('from', control.default.from);
      if (control.default.to !== null) range.set('to', control.default.to);
      if (range.size > 0) data.set('default', range);
      break;
    }
    case 'number':
      for (const key of ['min', 'max', 'step', 'default'] as const) {
        if (control[key] !== null) data.set(key, control[key]);
      }
      break;
    case 'text':
      if (control.default !== '') data.set('default', control.default);
      break;
  }
  return data;
}
