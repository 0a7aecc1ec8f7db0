import { catchNotebookError, NotebookError, type NotebookFailure } from './failure';
import { checkNotebookSize, NOTEBOOK_LIMITS } from './limits';
import { NOTEBOOK_VERSION, type Cell, type ChartForm, type InputCell, type Notebook } from './model';
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
 * `parseNotebook` only reads the syntax into a `NotebookDocument` (any version); `migrate.ts` brings it to the
 * current version and `validate.ts` checks it. `loadNotebook` (`load.ts`) runs all of them.
 */
export interface NotebookDocument {
  /** From the header's `crossbook:` line. */
  version: number;
  header: YamlMap;
  cells: DocumentCell[];
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

/** Reads a notebook file's syntax. Never throws for any input; refuses with a reason and a message. */
export function parseNotebook(text: string): ParseResult {
  const tooLarge = checkNotebookSize(text.length);
  if (tooLarge) return tooLarge;
  return catchNotebookError(() => ({ ok: true, document: readDocument(text) }));
}

/** The file for `notebook`. `parseNotebook` → migrate → validate → normalise gives `notebook` back. */
export function serializeNotebook(notebook: Notebook): string {
  const header: YamlMap = new Map<string, YamlValue>([['crossbook', NOTEBOOK_VERSION]]);
  if (notebook.title !== '') header.set('title', notebook.title);
  if (notebook.description !== '') header.set('description', notebook.description);
  header.set('cells', notebook.cells.length);
  if (notebook.tables.length > 0) {
    header.set(
      'tables',
      notebook.tables.map(
        (table) =>
          new Map<string, YamlValue>([
            ['name', table.name],
            ...(table.contentHash === null
              ? []
              : ([
                  ['rowCount', table.rowCount],
                  ['contentHash', table.contentHash]
                ] as [string, YamlValue][])),
            ['columns', table.columns.map((column) => new Map([[column.name, column.type]]))]
          ])
      )
    );
  }
  const lines = ['---', ...serializeYamlSubset(header), '---'];
  for (const cell of notebook.cells) lines.push('', ...toCellLines(cell));
  return `${lines.join('\n')}\n`;
}

/** The fence for `body`: longer than any run of backticks inside it, and at least three. */
export function toFence(body: string): string {
  let longest = 0;
  for (const run of body.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

function readDocument(source: string): NotebookDocument {
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
  const cells = readCells(lines, headerEnd + 1);
  return { version, header, cells };
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

function readCells(lines: string[], start: number): DocumentCell[] {
  const cells: DocumentCell[] = [];
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
        'Text outside a cell. Every cell is a fenced block (```sql, ```md, ```chart, ```input); ' +
          'write prose inside a ```md cell.',
        { line: lineNo }
      );
    }
    if (cells.length === NOTEBOOK_LIMITS.maxCells) {
      throw new NotebookError(
        'too-large',
        `The notebook has more than ${NOTEBOOK_LIMITS.maxCells.toLocaleString('en')} cells.`,
        { line: lineNo }
      );
    }
    const fenceLength = opening[1].length;
    const info = readInfo(opening[2], lineNo);
    const body: string[] = [];
    let bodyChars = 0;
    index++;
    for (;;) {
      if (index >= lines.length) {
        throw new NotebookError(
          'corrupt',
          `The cell that starts on line ${lineNo} is never closed with ${'`'.repeat(fenceLength)}: ` +
            'the file looks truncated.',
          { line: lineNo, cell: info.attributes.get('id') ?? `#${cells.length + 1}` }
        );
      }
      const closing = CLOSING_FENCE.exec(lines[index]);
      if (closing !== null && closing[1].length >= fenceLength) break;
      bodyChars += lines[index].length + 1;
      if (bodyChars > NOTEBOOK_LIMITS.maxCellChars) {
        throw new NotebookError(
          'too-large',
          `The cell that starts on line ${lineNo} is longer than ${NOTEBOOK_LIMITS.maxCellChars.toLocaleString('en')} characters.`,
          { line: lineNo, cell: info.attributes.get('id') ?? `#${cells.length + 1}` }
        );
      }
      body.push(lines[index]);
      index++;
    }
    index++;
    cells.push({
      ...info,
      line: lineNo,
      body: DATA_CELL_KINDS.has(info.kind) ? parseYamlSubset(body, lineNo + 1) : body.join('\n')
    });
  }
  return cells;
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
