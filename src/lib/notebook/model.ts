import type { SealedData } from './sealed-data';

/**
 * The notebook document. `...Spec` types are what an author (the UI, a test, a parsed file) writes, with every
 * field that has a default left optional; the plain types are the normalised form the rest of the app reads,
 * with nothing optional. `normalizeNotebook` is the only place defaults are applied.
 */

/** The file format version this code writes; older ones are migrated on load (`migrate.ts`). */
export const NOTEBOOK_VERSION = 2;

/** A value a select or multi-select offers and binds into SQL. */
export type OptionValue = string | number;

export const CELL_KINDS = ['sql', 'chart', 'markdown', 'input'] as const;
export type CellKind = (typeof CELL_KINDS)[number];

export const CHART_MARKS = ['bar', 'line', 'area', 'dot', 'cell', 'rule', 'text'] as const;
export type ChartMark = (typeof CHART_MARKS)[number];

/** How rows that share x (and colour and facet) are combined into one y; `none` plots every row. */
export const CHART_AGGREGATES = ['none', 'count', 'sum', 'mean', 'median', 'min', 'max'] as const;
export type ChartAggregate = (typeof CHART_AGGREGATES)[number];

export const INPUT_CONTROLS = ['select', 'multi-select', 'date-range', 'number', 'text'] as const;
export type InputControlKind = (typeof INPUT_CONTROLS)[number];

export interface NotebookSpec {
  /** Only the current version: older files go through `migrateDocument` first. */
  version?: typeof NOTEBOOK_VERSION;
  title?: string;
  description?: string;
  cells?: readonly CellSpec[];
  /** What the notebook's SQL expects of each data table it reads; no data. */
  tables?: readonly TableFingerprint[];
  privacy?: Partial<NotebookPrivacy>;
  /** The data itself, encrypted with a passphrase, when the author chose to include it. */
  data?: SealedData | null;
}

export interface Notebook {
  version: typeof NOTEBOOK_VERSION;
  title: string;
  description: string;
  cells: Cell[];
  tables: TableFingerprint[];
  privacy: NotebookPrivacy;
  data: SealedData | null;
}

/** How the notebook's results are protected when they are shared or exported. */
export interface NotebookPrivacy {
  /**
   * Small-cell suppression: a group of fewer customers than this is hidden (`src/lib/export/suppress.ts`).
   * A whole number from 1 (suppression off) to `MAX_MIN_GROUP_SIZE`.
   */
  minGroupSize: number;
}

/** A common threshold for small-cell suppression in published statistics, and the default. */
export const DEFAULT_MIN_GROUP_SIZE = 5;
/** Beyond any sensible threshold; a cap keeps a typo from hiding every result. */
export const MAX_MIN_GROUP_SIZE = 1_000;

export type CellSpec = SqlCellSpec | ChartCellSpec | MarkdownCellSpec | InputCellSpec;
export type Cell = SqlCell | ChartCell | MarkdownCell | InputCell;

/** Cell ids are generated (`c1`, `c2`, …) where missing. */
interface CellSpecBase {
  id?: string;
}

export interface SqlCellSpec extends CellSpecBase {
  kind: 'sql';
  /** Later SQL cells read the result as a table of this name; charts and inputs take it as data. */
  name?: string | null;
  sql?: string;
}

export interface SqlCell {
  kind: 'sql';
  id: string;
  name: string | null;
  /** Line breaks are `\n`. */
  sql: string;
}

export interface ChartCellSpec extends CellSpecBase {
  kind: 'chart';
  name?: string | null;
  /** The name of the SQL cell whose result is plotted. */
  data?: string | null;
  chart?: ChartFormSpec;
}

export interface ChartCell {
  kind: 'chart';
  id: string;
  name: string | null;
  data: string | null;
  chart: ChartForm;
}

export interface MarkdownCellSpec extends CellSpecBase {
  kind: 'markdown';
  /** May show single values: `{{name}}` or `{{name.column}}` (see `markdown-references.ts`). */
  text?: string;
}

export interface MarkdownCell {
  kind: 'markdown';
  id: string;
  /** Line breaks are `\n`. */
  text: string;
}

export interface InputCellSpec extends CellSpecBase {
  kind: 'input';
  /** The parameter the input sets, used in SQL as `:name` (a date range sets `:name_from` and `:name_to`). */
  name: string;
  label?: string | null;
  /** Defaults to a text box. */
  control?: InputControlSpec;
}

export interface InputCell {
  kind: 'input';
  id: string;
  name: string;
  label: string | null;
  control: InputControl;
}

export type InputControlSpec =
  | {
      kind: 'select';
      options?: readonly OptionValue[];
      /** A SQL cell whose first column lists the options (after the static `options`). */
      source?: string | null;
      default?: OptionValue | null;
    }
  | {
      kind: 'multi-select';
      options?: readonly OptionValue[];
      source?: string | null;
      default?: readonly OptionValue[];
    }
  | { kind: 'date-range'; default?: { from?: string | null; to?: string | null } }
  | {
      kind: 'number';
      min?: number | null;
      max?: number | null;
      step?: number | null;
      default?: number | null;
    }
  | { kind: 'text'; default?: string };

export type InputControl =
  | { kind: 'select'; options: OptionValue[]; source: string | null; default: OptionValue | null }
  | { kind: 'multi-select'; options: OptionValue[]; source: string | null; default: OptionValue[] }
  /** ISO dates (`YYYY-MM-DD`); `null` leaves that end open. */
  | { kind: 'date-range'; default: DateRange }
  | { kind: 'number'; min: number | null; max: number | null; step: number | null; default: number | null }
  | { kind: 'text'; default: string };

export interface DateRange {
  from: string | null;
  to: string | null;
}

/**
 * A chart as the user set it up in the chart form: data, never code. Channels name columns of the result;
 * `null` means unset. Turning this into Observable Plot options is the job of `src/lib/charts`.
 */
export interface ChartForm {
  mark: ChartMark;
  x: string | null;
  y: string | null;
  color: string | null;
  /** Small multiples: one panel per value of this column. */
  facet: string | null;
  /** The column written by `text` marks. */
  text: string | null;
  aggregate: ChartAggregate;
  /** `null` keeps the result's row order. */
  sort: ChartSort | null;
  labels: ChartLabels;
}

export interface ChartFormSpec {
  mark?: ChartMark;
  x?: string | null;
  y?: string | null;
  color?: string | null;
  facet?: string | null;
  text?: string | null;
  aggregate?: ChartAggregate;
  sort?: ChartSort | null;
  labels?: Partial<ChartLabels>;
}

/** Orders the categorical axis by the category itself or by its (aggregated) value. */
export interface ChartSort {
  by: 'category' | 'value';
  order: 'ascending' | 'descending';
}

/** Text shown instead of the column names; `null` shows the column name. */
export interface ChartLabels {
  title: string | null;
  x: string | null;
  y: string | null;
  color: string | null;
}

/**
 * What a notebook expects of one data table, so a mismatch is reported before cells fail (`fingerprint.ts`).
 * A saved notebook records the data it ran on (row count and content hash); a template records only the
 * columns it needs (both `null`), and then only missing columns count as a difference.
 */
export interface TableFingerprint {
  name: string;
  /** In table order; `type` is the declared SQLite type (`INTEGER`, `TEXT`, `DATE`, … or empty). */
  columns: TableColumn[];
  rowCount: number | null;
  /** `sha256:` and 64 hex digits over the rows (`createContentHasher`). */
  contentHash: string | null;
  /**
   * Headers of the file's columns the import left out as personal data; absent when none were. Optional (like
   * `TableColumn.privacy`) so that the fingerprints of every notebook written before keep their shape.
   */
  dropped?: string[];
}

export interface TableColumn {
  name: string;
  type: string;
  /** Set when the import replaced the column's values by keyed pseudonyms. */
  privacy?: 'pseudonymised';
}

/**
 * The one place defaults are applied. Also: ids are generated for cells without one, SQL and markdown get `\n`
 * line breaks and lose NUL characters (the file is line-based text, so neither could survive a save), strings
 * become well-formed UTF-16 (a lone surrogate cannot be written as UTF-8) and non-finite numbers become `null`.
 * Returns a new object that shares nothing with `spec`. Throws a `TypeError` on duplicate ids: files are
 * checked before this (`load.ts`), so a duplicate here is a programming error.
 */
export function normalizeNotebook(spec: NotebookSpec): Notebook {
  const specs = spec.cells ?? [];
  const ids = new Set<string>();
  for (const cell of specs) {
    if (cell.id === undefined) continue;
    if (ids.has(cell.id)) throw new TypeError(`Two cells have the id "${cell.id}".`);
    ids.add(cell.id);
  }
  const cells = specs.map((cell) => {
    let id = cell.id;
    if (id === undefined) {
      id = nextCellId(ids);
      ids.add(id);
    }
    return normalizeCell(cell, id);
  });
  return {
    version: NOTEBOOK_VERSION,
    title: text(spec.title ?? ''),
    description: text(spec.description ?? ''),
    cells,
    tables: (spec.tables ?? []).map(normalizeFingerprint),
    privacy: { minGroupSize: normalizeMinGroupSize(spec.privacy?.minGroupSize) },
    data: spec.data ? { ...spec.data, tables: [...spec.data.tables] } : null
  };
}

/** Whether `value` can be a notebook's `minGroupSize`. */
export function isMinGroupSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_MIN_GROUP_SIZE;
}

/** The first of `c1`, `c2`, … not in `taken`: deterministic, so tests and diffs are stable. */
export function nextCellId(taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) {
    const id = `c${n}`;
    if (!used.has(id)) return id;
  }
}

function normalizeFingerprint(table: TableFingerprint): TableFingerprint {
  const fingerprint: TableFingerprint = {
    name: text(table.name),
    columns: table.columns.map((column) => {
      const normalized: TableColumn = { name: text(column.name), type: text(column.type) };
      if (column.privacy === 'pseudonymised') normalized.privacy = 'pseudonymised';
      return normalized;
    }),
    rowCount: table.rowCount,
    contentHash: table.contentHash
  };
  // An empty list is written as no list, so it is read back as none.
  if (table.dropped !== undefined && table.dropped.length > 0) fingerprint.dropped = table.dropped.map(text);
  return fingerprint;
}

/** Rounded into range, so what is written is what a file may hold; not a number: the default. */
function normalizeMinGroupSize(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return DEFAULT_MIN_GROUP_SIZE;
  return Math.min(MAX_MIN_GROUP_SIZE, Math.max(1, Math.round(value)));
}

function normalizeCell(cell: CellSpec, id: string): Cell {
  switch (cell.kind) {
    case 'sql':
      return { kind: 'sql', id, name: cell.name ?? null, sql: lines(cell.sql ?? '') };
    case 'chart':
      return {
        kind: 'chart',
        id,
        name: cell.name ?? null,
        data: cell.data ?? null,
        chart: normalizeChartForm(cell.chart ?? {})
      };
    case 'markdown':
      return { kind: 'markdown', id, text: lines(cell.text ?? '') };
    case 'input':
      return {
        kind: 'input',
        id,
        name: cell.name,
        label: optionalText(cell.label),
        control: normalizeControl(cell.control ?? { kind: 'text' })
      };
  }
}

function normalizeChartForm(form: ChartFormSpec): ChartForm {
  return {
    mark: form.mark ?? 'bar',
    x: optionalText(form.x),
    y: optionalText(form.y),
    color: optionalText(form.color),
    facet: optionalText(form.facet),
    text: optionalText(form.text),
    aggregate: form.aggregate ?? 'none',
    sort: form.sort ? { by: form.sort.by, order: form.sort.order } : null,
    labels: {
      title: optionalText(form.labels?.title),
      x: optionalText(form.labels?.x),
      y: optionalText(form.labels?.y),
      color: optionalText(form.labels?.color)
    }
  };
}

function normalizeControl(control: InputControlSpec): InputControl {
  switch (control.kind) {
    case 'select':
      return {
        kind: 'select',
        options: options(control.options),
        source: control.source ?? null,
        default: option(control.default)
      };
    case 'multi-select':
      return {
        kind: 'multi-select',
        options: options(control.options),
        source: control.source ?? null,
        default: options(control.default)
      };
    case 'date-range':
      return {
        kind: 'date-range',
        default: { from: optionalText(control.default?.from), to: optionalText(control.default?.to) }
      };
    case 'number':
      return {
        kind: 'number',
        min: finite(control.min),
        max: finite(control.max),
        step: finite(control.step),
        default: finite(control.default)
      };
    case 'text':
      return { kind: 'text', default: text(control.default ?? '') };
  }
}

function options(values: readonly OptionValue[] | undefined): OptionValue[] {
  const result: OptionValue[] = [];
  for (const value of values ?? []) {
    const normalized = option(value);
    if (normalized !== null) result.push(normalized);
  }
  return result;
}

function option(value: OptionValue | null | undefined): OptionValue | null {
  if (typeof value === 'number') return finite(value);
  return typeof value === 'string' ? text(value) : null;
}

function finite(value: number | null | undefined): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  // -0 would be written as "0" and read back as 0: make it 0 now, so a round trip is exact.
  return value === 0 ? 0 : value;
}

function optionalText(value: string | null | undefined): string | null {
  return typeof value === 'string' ? text(value) : null;
}

function lines(value: string): string {
  // NUL is dropped too: a file holding one is refused as binary, and SQLite would end the SQL there anyway.
  return text(value.replace(/\r\n?/g, '\n').replaceAll('\0', ''));
}

/**
 * Lone surrogates become U+FFFD, as writing UTF-8 would make them anyway. By hand rather than with
 * `String.prototype.toWellFormed`, which Safari has only since 16.4.
 */
function text(value: string): string {
  if (!/[\ud800-\udfff]/.test(value)) return value;
  let result = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        result += value[i] + value[i + 1];
        i++;
        continue;
      }
    }
    result += code >= 0xd800 && code <= 0xdfff ? '\ufffd' : value[i];
  }
  return result;
}
