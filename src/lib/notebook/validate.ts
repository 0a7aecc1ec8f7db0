import { NotebookError, type NotebookLocation, type NotebookWarning } from './failure';
import type { DocumentCell, DocumentData, NotebookDocument } from './format';
import { NOTEBOOK_LIMITS } from './limits';
import {
  CHART_AGGREGATES,
  CHART_MARKS,
  INPUT_CONTROLS,
  isMinGroupSize,
  MAX_MIN_GROUP_SIZE,
  NOTEBOOK_VERSION,
  type CellSpec,
  type ChartFormSpec,
  type ChartLabels,
  type ChartSort,
  type InputControlSpec,
  type NotebookSpec,
  type OptionValue,
  type TableColumn,
  type TableFingerprint
} from './model';
import { cellIdProblem, nameProblem, toNameKey } from './names';
import { sealedDataProblem, type SealedData } from './sealed-data';
import { yamlKeyLine, type YamlMap, type YamlValue } from './yaml-subset';

export interface ValidatedNotebook {
  spec: NotebookSpec;
  /** Unknown fields that were dropped, counts that were corrected. */
  warnings: NotebookWarning[];
}

/**
 * Checks a current-version document and turns it into a `NotebookSpec`. Strict: a value of the wrong type, an
 * unknown cell kind, a duplicate id or a bad name refuses the file with the cell and field named; a field this
 * version does not know is dropped with a warning (it may come from a hand edit or a tool, and nothing reads
 * it). Only known keys are ever copied out of the document's maps, so no key from the file reaches an object.
 */
export function validateDocument(document: NotebookDocument): ValidatedNotebook {
  if (document.version !== NOTEBOOK_VERSION) {
    throw new TypeError(`validateDocument expects version ${NOTEBOOK_VERSION}; migrate the document first.`);
  }
  const warnings: NotebookWarning[] = [];
  const header = new Fields(document.header, { line: 2 }, warnings);
  header.warnUnknown(
    ['crossbook', 'title', 'description', 'minGroupSize', 'cells', 'data', 'tables'],
    'the header'
  );

  const spec: NotebookSpec = { version: NOTEBOOK_VERSION };
  const title = header.string('title', NOTEBOOK_LIMITS.maxLabelChars);
  if (title !== undefined) spec.title = title;
  const description = header.string('description', NOTEBOOK_LIMITS.maxDescriptionChars);
  if (description !== undefined) spec.description = description;
  spec.tables = readTables(header);
  const minGroupSize = header.get('minGroupSize');
  if (minGroupSize !== undefined) {
    if (!isMinGroupSize(minGroupSize)) {
      throw header.invalid(
        'minGroupSize',
        `must be a whole number from 1 (no suppression) to ${MAX_MIN_GROUP_SIZE}, found ${describe(minGroupSize)}.`
      );
    }
    spec.privacy = { minGroupSize };
  }

  // Checked before the cells, so a cut-off file is reported as cut off rather than by its last broken cell.
  const declared = header.count('cells');
  const actual = document.cells.length;
  if (declared !== undefined && declared > actual) {
    throw new NotebookError(
      'corrupt',
      `the header says the notebook has ${declared} cells but the file holds ${actual}: it looks truncated.`,
      header.where('cells')
    );
  }
  if (declared !== undefined && declared < actual) {
    warnings.push({
      message: `The header said ${declared} cells but the file holds ${actual} (cells added by hand?).`,
      where: header.where('cells')
    });
  }
  // Like `cells:`, the header's `data:` line is how a file cut off before its data block is noticed.
  const announced = header.oneOf('data', ['sealed'] as const) !== undefined;
  if (announced && document.data === null) {
    throw new NotebookError(
      'corrupt',
      'the header says the notebook includes data, but the file has no data block: it looks truncated.',
      header.where('data')
    );
  }
  spec.cells = readCells(document.cells, warnings);
  if (document.data !== null) {
    if (!announced) {
      throw new NotebookError(
        'invalid',
        'the file ends with a data block that its header does not announce (with "data: sealed").',
        { line: document.data.line, field: 'data' }
      );
    }
    spec.data = readSealedData(document.data, warnings);
  }
  return { spec, warnings };
}

/** The data block's fields, checked for shape here; whether they decrypt is `openSealedData`'s business. */
function readSealedData(data: DocumentData, warnings: NotebookWarning[]): SealedData {
  const fields = new Fields(data.fields, { line: data.line, field: 'data' }, warnings);
  const keys = [
    'format',
    'kdf',
    'iterations',
    'salt',
    'cipher',
    'iv',
    'compression',
    'tables',
    'bytes'
  ] as const;
  fields.warnUnknown(keys, 'the data block');
  const read: Record<string, unknown> = {};
  for (const key of keys) {
    // A missing field is left to `sealedDataProblem`, which looks at `format` first: a newer format may
    // have other fields.
    const value = fields.get(key);
    if (value === undefined) continue;
    if (key === 'tables') {
      const tables = fields.list(key, NOTEBOOK_LIMITS.maxTables) ?? [];
      if (tables.some((table) => typeof table !== 'string')) {
        throw fields.invalid(key, 'must list table names, one "- name" line each.');
      }
      read[key] = tables;
    } else if (value instanceof Map || Array.isArray(value)) {
      throw fields.invalid(key, `must be a single value, found ${describe(value)}.`);
    } else {
      read[key] = value;
    }
  }
  const sealed = { ...read, payload: data.payload } as unknown as SealedData;
  const problem = sealedDataProblem(sealed);
  if (problem !== null) {
    if (problem.newer) throw new NotebookError('newer-version', problem.message, fields.where('format'));
    if (problem.field === 'payload') {
      throw new NotebookError('invalid', problem.message, { line: data.payloadLine, field: 'data.payload' });
    }
    throw fields.invalid(problem.field, problem.message);
  }
  return sealed;
}

function readTables(header: Fields): TableFingerprint[] {
  const items = header.list('tables', NOTEBOOK_LIMITS.maxTables) ?? [];
  const seen = new Map<string, string>();
  return items.map((item, index) => {
    const table = header.item('tables', index, item);
    table.warnUnknown(
      ['name', 'rowCount', 'contentHash', 'pseudonymised', 'dropped', 'columns'],
      `table ${index + 1}`
    );
    const name = table.required(table.string('name', NOTEBOOK_LIMITS.maxLabelChars), 'name');
    const key = toNameKey(name);
    const other = seen.get(key);
    if (other !== undefined) {
      throw table.invalid('name', `the table "${name}" is listed twice (as "${other}" before).`);
    }
    seen.set(key, name);
    // Both or neither: a template names only the columns it needs, a saved notebook the data it ran on.
    const rowCount = table.count('rowCount') ?? null;
    const contentHash = table.string('contentHash', 71) ?? null;
    if ((rowCount === null) !== (contentHash === null)) {
      throw table.invalid(
        rowCount === null ? 'rowCount' : 'contentHash',
        'rowCount and contentHash go together.'
      );
    }
    if (contentHash !== null && !/^sha256:[0-9a-f]{64}$/.test(contentHash)) {
      throw table.invalid('contentHash', 'must be "sha256:" followed by 64 lowercase hex digits.');
    }
    const columnItems = table.required(table.list('columns', NOTEBOOK_LIMITS.maxColumns), 'columns');
    const columnKeys = new Set<string>();
    const columns = columnItems.map((columnItem, columnIndex): TableColumn => {
      const place = `columns[${columnIndex + 1}]`;
      if (!(columnItem instanceof Map) || columnItem.size !== 1) {
        throw table.invalid(place, 'each column is written "- name: TYPE".');
      }
      const [[columnName, type]] = columnItem;
      if (typeof type !== 'string') {
        throw table.invalid(
          place,
          `the type of "${columnName}" must be text (e.g. TEXT), found ${describe(type)}.`
        );
      }
      if (columnKeys.has(toNameKey(columnName))) {
        throw table.invalid(place, `the column "${columnName}" is listed twice.`);
      }
      columnKeys.add(toNameKey(columnName));
      return { name: columnName, type };
    });
    const pseudonymised = table.names('pseudonymised', NOTEBOOK_LIMITS.maxColumns) ?? [];
    const columnByKey = new Map(columns.map((column) => [toNameKey(column.name), column]));
    const marked = new Set<string>();
    for (const columnName of pseudonymised) {
      const key = toNameKey(columnName);
      const column = columnByKey.get(key);
      if (column === undefined) {
        throw table.invalid('pseudonymised', `"${clip(columnName)}" is not one of the table's columns.`);
      }
      if (marked.has(key)) throw table.invalid('pseudonymised', `"${clip(columnName)}" is listed twice.`);
      marked.add(key);
      column.privacy = 'pseudonymised';
    }
    const fingerprint: TableFingerprint = { name, columns, rowCount, contentHash };
    const dropped = table.names('dropped', NOTEBOOK_LIMITS.maxColumns);
    if (dropped !== undefined && dropped.length > 0) fingerprint.dropped = dropped;
    return fingerprint;
  });
}

const CELL_KIND_BY_WORD: ReadonlyMap<string, CellSpec['kind']> = new Map([
  ['sql', 'sql'],
  ['md', 'markdown'],
  ['chart', 'chart'],
  ['input', 'input']
] as const);

const CELL_ATTRIBUTES: Record<CellSpec['kind'], readonly string[]> = {
  sql: ['id', 'name'],
  markdown: ['id'],
  chart: ['id', 'name', 'data'],
  input: ['id', 'name', 'control', 'source']
};

function readCells(cells: readonly DocumentCell[], warnings: NotebookWarning[]): CellSpec[] {
  const lineById = new Map<string, number>();
  return cells.map((cell, index) => {
    const cellLabel = cell.attributes.get('id') ?? `#${index + 1}`;
    const where = (field?: string): NotebookLocation =>
      field === undefined
        ? { line: cell.line, cell: cellLabel }
        : { line: cell.line, cell: cellLabel, field };
    const kind = CELL_KIND_BY_WORD.get(cell.kind);
    if (kind === undefined) {
      throw new NotebookError(
        'invalid',
        `"${cell.kind}" is not a kind of cell this version knows (sql, md, chart, input).`,
        where()
      );
    }
    if (cell.args.length > 0) {
      throw new NotebookError(
        'invalid',
        `unexpected "${cell.args[0]}" in the fence line; attributes are written key=value (e.g. name=${cell.args[0]}).`,
        where()
      );
    }
    for (const attribute of cell.attributes.keys()) {
      if (!CELL_ATTRIBUTES[kind].includes(attribute)) {
        warnings.push({
          message: `The attribute "${attribute}" means nothing on ${cell.kind} cells and was ignored.`,
          where: where(attribute)
        });
      }
    }

    const id = cell.attributes.get('id');
    if (id !== undefined) {
      const problem = cellIdProblem(id);
      if (problem !== null) throw new NotebookError('invalid', problem, where('id'));
      const other = lineById.get(id);
      if (other !== undefined) {
        throw new NotebookError(
          'invalid',
          `the cells on lines ${other} and ${cell.line} have the same id; each cell needs its own.`,
          where('id')
        );
      }
      lineById.set(id, cell.line);
    }
    const name = (attribute: string): string | undefined => {
      const value = cell.attributes.get(attribute);
      if (value === undefined) return undefined;
      const problem = nameProblem(value);
      if (problem !== null) throw new NotebookError('invalid', problem, where(attribute));
      return value;
    };
    const base = id === undefined ? {} : { id };

    if (kind === 'sql' || kind === 'markdown') {
      if (typeof cell.body !== 'string')
        throw new NotebookError('invalid', 'the cell must hold text.', where());
      if (kind === 'markdown') return { kind, ...base, text: cell.body };
      const resultName = name('name');
      return { kind, ...base, ...(resultName === undefined ? {} : { name: resultName }), sql: cell.body };
    }
    if (typeof cell.body === 'string') {
      throw new NotebookError('invalid', 'the cell must hold "key: value" lines.', where());
    }
    const fields = new Fields(cell.body, { line: cell.line, cell: cellLabel }, warnings);
    if (kind === 'chart') {
      const chartName = name('name');
      const data = name('data');
      return {
        kind,
        ...base,
        ...(chartName === undefined ? {} : { name: chartName }),
        ...(data === undefined ? {} : { data }),
        chart: readChartForm(fields)
      };
    }
    const parameter = name('name');
    if (parameter === undefined) {
      throw new NotebookError('invalid', 'an input needs name=… (the parameter it sets).', where('name'));
    }
    const controlWord = cell.attributes.get('control') ?? 'text';
    if (!(INPUT_CONTROLS as readonly string[]).includes(controlWord)) {
      throw new NotebookError(
        'invalid',
        `must be one of ${INPUT_CONTROLS.join(', ')}; found "${controlWord}".`,
        where('control')
      );
    }
    const control = controlWord as InputControlSpec['kind'];
    let source: string | undefined;
    if (control === 'select' || control === 'multi-select') source = name('source');
    else if (cell.attributes.has('source')) {
      warnings.push({
        message: `A ${control} input takes no source; the attribute was ignored.`,
        where: where('source')
      });
    }
    const label = fields.nullableString('label', NOTEBOOK_LIMITS.maxLabelChars);
    return {
      kind,
      ...base,
      name: parameter,
      ...(label === undefined ? {} : { label }),
      control: readControl(control, source, fields)
    };
  });
}

function readChartForm(fields: Fields): ChartFormSpec {
  fields.warnUnknown(['mark', 'x', 'y', 'color', 'facet', 'text', 'aggregate', 'sort', 'labels'], 'a chart');
  const form: ChartFormSpec = {};
  const mark = fields.oneOf('mark', CHART_MARKS);
  if (mark !== undefined) form.mark = mark;
  for (const channel of ['x', 'y', 'color', 'facet', 'text'] as const) {
    const column = fields.nullableString(channel, NOTEBOOK_LIMITS.maxLabelChars);
    if (column !== undefined) form[channel] = column;
  }
  const aggregate = fields.oneOf('aggregate', CHART_AGGREGATES);
  if (aggregate !== undefined) form.aggregate = aggregate;
  const sort = fields.nullableMap('sort');
  if (sort === null) form.sort = null;
  else if (sort !== undefined) {
    sort.warnUnknown(['by', 'order'], 'sort');
    const sortSpec: ChartSort = {
      by: sort.required(sort.oneOf('by', ['category', 'value'] as const), 'by'),
      order: sort.required(sort.oneOf('order', ['ascending', 'descending'] as const), 'order')
    };
    form.sort = sortSpec;
  }
  const labels = fields.nullableMap('labels');
  if (labels) {
    labels.warnUnknown(['title', 'x', 'y', 'color'], 'labels');
    const labelSpec: Partial<ChartLabels> = {};
    for (const key of ['title', 'x', 'y', 'color'] as const) {
      const text = labels.nullableString(key, NOTEBOOK_LIMITS.maxLabelChars);
      if (text !== undefined) labelSpec[key] = text;
    }
    form.labels = labelSpec;
  }
  return form;
}

function readControl(
  kind: InputControlSpec['kind'],
  source: string | undefined,
  fields: Fields
): InputControlSpec {
  const sourceSpec = source === undefined ? {} : { source };
  switch (kind) {
    case 'select': {
      fields.warnUnknown(['label', 'options', 'default'], 'a select input');
      const value = fields.option('default');
      return {
        kind,
        ...sourceSpec,
        ...optionList(fields),
        ...(value === undefined ? {} : { default: value })
      };
    }
    case 'multi-select': {
      fields.warnUnknown(['label', 'options', 'default'], 'a multi-select input');
      const values = fields.options('default');
      return {
        kind,
        ...sourceSpec,
        ...optionList(fields),
        ...(values === undefined ? {} : { default: values })
      };
    }
    case 'date-range': {
      fields.warnUnknown(['label', 'default'], 'a date-range input');
      const range = fields.nullableMap('default');
      if (!range) return { kind };
      range.warnUnknown(['from', 'to'], 'the date range');
      return { kind, default: { from: range.isoDate('from') ?? null, to: range.isoDate('to') ?? null } };
    }
    case 'number': {
      fields.warnUnknown(['label', 'min', 'max', 'step', 'default'], 'a number input');
      const spec: InputControlSpec & { kind: 'number' } = { kind };
      for (const key of ['min', 'max', 'step', 'default'] as const) {
        const value = fields.nullableNumber(key);
        if (value !== undefined) spec[key] = value;
      }
      return spec;
    }
    case 'text': {
      fields.warnUnknown(['label', 'default'], 'a text input');
      const value = fields.string('default', NOTEBOOK_LIMITS.maxLabelChars);
      return value === undefined ? { kind } : { kind, default: value };
    }
  }
}

function optionList(fields: Fields): { options?: OptionValue[] } {
  const options = fields.options('options');
  return options === undefined ? {} : { options };
}

/** Typed reads of one map's fields, each failure naming the cell, the field and the line. */
class Fields {
  readonly #map: YamlMap;
  readonly #place: NotebookLocation;
  readonly #warnings: NotebookWarning[];

  constructor(map: YamlMap, place: NotebookLocation, warnings: NotebookWarning[]) {
    this.#map = map;
    this.#place = place;
    this.#warnings = warnings;
  }

  where(key: string): NotebookLocation {
    const line = yamlKeyLine(this.#map, key) ?? this.#place.line;
    const field = this.#place.field === undefined ? key : `${this.#place.field}.${key}`;
    const where: NotebookLocation = { field };
    if (line !== undefined) where.line = line;
    if (this.#place.cell !== undefined) where.cell = this.#place.cell;
    return where;
  }

  invalid(key: string, message: string): NotebookError {
    return new NotebookError('invalid', message, this.where(key));
  }

  warnUnknown(known: readonly string[], what: string): void {
    for (const key of this.#map.keys()) {
      if (!known.includes(key)) {
        this.#warnings.push({
          message: `"${key}" is not a field of ${what} and was ignored.`,
          where: this.where(key)
        });
      }
    }
  }

  get(key: string): YamlValue | undefined {
    return this.#map.get(key);
  }

  /** A list of one-line texts (column names, headers). */
  names(key: string, maxItems: number): string[] | undefined {
    const values = this.list(key, maxItems);
    return values?.map((value) => {
      if (typeof value !== 'string' || value.length > NOTEBOOK_LIMITS.maxLabelChars) {
        throw this.invalid(
          key,
          `must list names of up to ${NOTEBOOK_LIMITS.maxLabelChars} characters, found ${describe(value)}.`
        );
      }
      return value;
    });
  }

  required<T>(value: T | undefined, key: string): T {
    if (value === undefined) throw this.invalid(key, 'is missing.');
    return value;
  }

  /** Item `index` of the list under `key`, a map, read with the same place and warnings. */
  item(key: string, index: number, value: YamlValue): Fields {
    const where = { ...this.where(key), field: `${this.where(key).field}[${index + 1}]` };
    if (!(value instanceof Map)) {
      throw new NotebookError(
        'invalid',
        `must be indented "key: value" lines, found ${describe(value)}.`,
        where
      );
    }
    const [firstKey] = value.keys();
    const line = (firstKey === undefined ? undefined : yamlKeyLine(value, firstKey)) ?? where.line;
    return new Fields(value, { ...where, line }, this.#warnings);
  }

  string(key: string, maxLength: number): string | undefined {
    const value = this.#map.get(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string')
      throw this.invalid(key, `must be text, found ${describe(value)}${quoteHint(value)}.`);
    if (value.length > maxLength) throw this.invalid(key, `is longer than ${maxLength} characters.`);
    return value;
  }

  nullableString(key: string, maxLength: number): string | null | undefined {
    return this.#map.get(key) === null ? null : this.string(key, maxLength);
  }

  oneOf<const T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.#map.get(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw this.invalid(key, `must be one of ${allowed.join(', ')}; found ${describe(value)}.`);
    }
    return value as T;
  }

  /** A whole number from 0 to 2^53 − 1. */
  count(key: string): number | undefined {
    const value = this.#map.get(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw this.invalid(key, `must be a whole number of at least 0, found ${describe(value)}.`);
    }
    return value;
  }

  nullableNumber(key: string): number | null | undefined {
    const value = this.#map.get(key);
    if (value === undefined || value === null) return value;
    if (typeof value !== 'number') throw this.invalid(key, `must be a number, found ${describe(value)}.`);
    return value;
  }

  list(key: string, maxItems: number): YamlValue[] | undefined {
    const value = this.#map.get(key);
    if (value === undefined) return undefined;
    if (!Array.isArray(value))
      throw this.invalid(key, `must be a list ("- " lines), found ${describe(value)}.`);
    if (value.length > maxItems) {
      throw new NotebookError('too-large', `has more than ${maxItems} items.`, this.where(key));
    }
    return value;
  }

  nullableMap(key: string): Fields | null | undefined {
    const value = this.#map.get(key);
    if (value === undefined || value === null) return value;
    if (!(value instanceof Map)) {
      throw this.invalid(key, `must be indented "key: value" lines, found ${describe(value)}.`);
    }
    return new Fields(value, this.where(key), this.#warnings);
  }

  option(key: string): OptionValue | null | undefined {
    const value = this.#map.get(key);
    if (value === undefined || value === null) return value;
    return this.#toOption(key, value);
  }

  options(key: string): OptionValue[] | undefined {
    const values = this.list(key, NOTEBOOK_LIMITS.maxOptions);
    return values?.map((value) => this.#toOption(key, value));
  }

  isoDate(key: string): string | null | undefined {
    const value = this.nullableString(key, 10);
    if (value === null || value === undefined) return value;
    if (!isIsoDate(value)) throw this.invalid(key, `must be a date written YYYY-MM-DD, found "${value}".`);
    return value;
  }

  #toOption(key: string, value: YamlValue): OptionValue {
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && value.length <= NOTEBOOK_LIMITS.maxLabelChars) return value;
    throw this.invalid(key, `each option must be text or a number, found ${describe(value)}.`);
  }
}

function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** How a wrong value is named in a message: short, and never the whole of a hostile value. */
function describe(value: YamlValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return Array.isArray(value) ? 'a list' : 'a map';
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function quoteHint(value: YamlValue): string {
  return typeof value === 'number' || typeof value === 'boolean' || value === null ? " (quote it: '…')" : '';
}
