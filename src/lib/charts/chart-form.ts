import * as Plot from '@observablehq/plot';
import type { QueryResult, SqlValue } from '../engine/types';
import type { ChartAggregate, ChartForm, ChartMark, ChartSort } from '../notebook/model';
import { parseIsoDate } from './auto-chart';

export interface RenderOptions {
  /** The document to build the SVG in (a real one in the browser, any DOM implementation in tests). */
  document: Document;
  width: number;
  /** Values on axes and tips follow the user's locale. */
  locale: string;
}

type Row = readonly SqlValue[];
type Value = number | string | Date | null;

/** How a column's values are read: numbers, ISO dates as UTC `Date`s (time scales), or categories. */
export type ColumnKind = 'number' | 'time' | 'category';

/**
 * One column picked by the form. Data stay row arrays and every channel is an accessor by column index, so a
 * column name is only ever compared and shown as text: Plot reads a string channel as a field name, and a name
 * never becomes code or markup.
 */
export interface FormColumn {
  name: string;
  kind: ColumnKind;
  value: (row: Row) => Value;
  /** The value read as a number whatever the kind, for aggregation. */
  number: (row: Row) => number | null;
  /** The value as the category it shows, for axes that take categories whatever the kind (a heatmap's). */
  category: (row: Row) => Value;
}

/** The resolved form: what each mark function reads. */
export interface FormChannels {
  x: FormColumn | null;
  y: FormColumn | null;
  color: FormColumn | null;
  facet: FormColumn | null;
  text: FormColumn | null;
  aggregate: ChartAggregate;
  sort: ChartSort | null;
  /** Formats numbers written by `text` marks, in the user's locale. */
  format: (value: number) => string;
}

/** A mark kind's Plot marks and how its axes read. */
export interface FormMarks {
  marks: Plot.Markish[];
  /** The axis holding categories, the one `sort` orders. */
  categorical: 'x' | 'y' | null;
  /** The axis an aggregate writes numbers on, whatever the column held. */
  aggregated: 'x' | 'y' | null;
}

/** One mark kind: rows and resolved channels in, Plot marks out. */
export type MarkBuilder = (rows: readonly Row[], channels: FormChannels) => FormMarks;

const FILL = 'var(--chart-fill, #1f4e79)';

/**
 * Turns a chart cell's form and its data into Plot options. Pure apart from Plot's own mark constructors.
 * A column the form names but the result lacks throws an `Error` naming it; the cell shows the message.
 */
export function toPlotOptionsFromForm(
  form: ChartForm,
  result: Pick<QueryResult, 'columns' | 'rows'>,
  options: RenderOptions
): Plot.PlotOptions {
  // `hasOwn`: a mark read from someone else's file must not reach `Object.prototype` ("constructor").
  if (!Object.hasOwn(MARK_BUILDERS, form.mark)) throw new Error(`Unknown chart mark "${String(form.mark)}".`);
  const build = MARK_BUILDERS[form.mark];
  const numberFormat = new Intl.NumberFormat(options.locale, { notation: 'compact' });
  const textFormat = new Intl.NumberFormat(options.locale);
  const channels: FormChannels = {
    x: toFormColumn(result, form.x, 'x'),
    y: toFormColumn(result, form.y, 'y'),
    color: toFormColumn(result, form.color, 'colour'),
    facet: toFormColumn(result, form.facet, 'facet'),
    text: toFormColumn(result, form.text, 'text'),
    aggregate: form.aggregate,
    sort: form.sort,
    format: (value) => textFormat.format(value)
  };
  const { marks, categorical, aggregated } = build(result.rows, channels);
  const domain = toCategoryDomain(result.rows, channels, categorical, options.locale);
  const tickFormat = (d: number) => numberFormat.format(d);
  const isQuantitative = (axis: 'x' | 'y') => {
    if (categorical === axis) return false;
    if (channels.aggregate !== 'none' && aggregated === axis) return true;
    const column = channels[axis];
    return column !== null && column.kind === 'number';
  };
  const facets = channels.facet === null ? 0 : countDistinct(result.rows, channels.facet);
  // Facet names are written to the right of each panel: leave room for the longest (cut at 24 characters).
  const facetLabel =
    channels.facet === null
      ? 0
      : Math.min(
          24,
          Math.max(0, ...result.rows.map((row) => String(channels.facet?.value(row) ?? '').length))
        );
  return {
    document: options.document,
    width: options.width,
    height: facets > 1 ? Math.max(320, 40 + facets * 140) : 320,
    marginLeft: 60,
    ...(channels.facet === null ? {} : { marginRight: 30 + 7 * facetLabel }),
    marginBottom: categorical === 'x' ? 60 : 40,
    ...(form.labels.title === null ? {} : { title: form.labels.title }),
    x: {
      ...label(form.labels.x, channels.x),
      ...(categorical === 'x' ? { tickRotate: -30, ...domain } : {}),
      ...(isQuantitative('x') ? { tickFormat } : {})
    },
    y: {
      ...label(form.labels.y, channels.y),
      grid: true,
      ...(categorical === 'y' ? domain : {}),
      ...(isQuantitative('y') ? { tickFormat } : {})
    },
    ...(channels.color === null
      ? {}
      : { color: { ...label(form.labels.color, channels.color), legend: true } }),
    ...(channels.facet === null ? {} : { fy: { label: channels.facet.name } }),
    marks
  };
}

/** Renders a chart cell; throws like `toPlotOptionsFromForm`. */
export function renderChartForm(
  form: ChartForm,
  result: Pick<QueryResult, 'columns' | 'rows'>,
  options: RenderOptions
): SVGSVGElement | HTMLElement {
  return Plot.plot(toPlotOptionsFromForm(form, result, options));
}

/** Reads one form column; `null` when the form leaves it empty, an error naming it when the result lacks it. */
export function toFormColumn(
  result: Pick<QueryResult, 'columns' | 'rows'>,
  name: string | null,
  role: string
): FormColumn | null {
  if (name === null) return null;
  const index = result.columns.findIndex((column) => column.name === name);
  if (index === -1) throw new Error(`The chart's ${role} column "${name}" is not in the result.`);
  const type = result.columns[index].type;
  const number = (row: Row) => toNumber(row[index]);
  const category = (row: Row) => toCategory(row[index]);
  if (type === 'integer' || type === 'real') return { name, kind: 'number', value: number, number, category };
  const isDate = (value: SqlValue) => value === null || parseIsoDate(value) !== null;
  if (
    type === 'text' &&
    result.rows.some((row) => row[index] !== null) &&
    result.rows.every((row) => isDate(row[index]))
  )
    return { name, kind: 'time', value: (row) => parseIsoDate(row[index]), number, category };
  return { name, kind: 'category', value: category, number, category };
}

function toNumber(value: SqlValue): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const number = Number(value);
    return Number.isFinite(number) ? number : null;
  }
  return null;
}

/** Categories are text; NULL and blobs get a visible name rather than vanishing from the axis. */
function toCategory(value: SqlValue): string {
  if (value === null) return '(null)';
  if (value instanceof Uint8Array) return `(blob, ${value.length} bytes)`;
  return String(value);
}

function required(column: FormColumn | null, mark: ChartMark, axis: 'x' | 'y'): FormColumn {
  if (column === null) throw new Error(`A ${mark} chart needs ${axis === 'x' ? 'an x' : 'a y'} column.`);
  return column;
}

/**
 * Options every mark shares: the facet as an `fy` channel (so the group transform groups within each panel)
 * and, when sorting by value, Plot's domain sort of the categorical axis by the mark's value channel.
 */
function common(
  channels: FormChannels,
  categorical: 'x' | 'y' | null,
  valueChannel: 'x' | 'y' | 'fill'
): Record<string, unknown> {
  const facet = channels.facet === null ? {} : { fy: channels.facet.value };
  if (channels.sort?.by !== 'value' || categorical === null) return facet;
  // A category's largest value orders it: for stacked bars and areas that is the top of the stack, its total.
  const sort = {
    [categorical]: valueChannel,
    reverse: channels.sort.order === 'descending',
    reduce: 'max'
  };
  return { ...facet, sort };
}

const categoryAxis = (column: FormColumn | null): 'x' | null =>
  column !== null && column.kind === 'category' ? 'x' : null;

/**
 * Channels of a mark with x along the bottom and y up: rows as they are, or grouped by x (and by colour and
 * facet, which the group transform does itself) with y reduced by the form's aggregate.
 */
function vertical(
  channels: FormChannels,
  mark: ChartMark,
  colour: 'fill' | 'stroke'
): Record<string, unknown> {
  const x = required(channels.x, mark, 'x');
  const base: Record<string, unknown> = {
    ...common(channels, categoryAxis(x), 'y'),
    x: x.value,
    [colour]: channels.color === null ? FILL : channels.color.value
  };
  if (channels.aggregate === 'none') return { ...base, y: required(channels.y, mark, 'y').value };
  if (channels.aggregate === 'count') return Plot.groupX({ y: 'count' }, base);
  const y = required(channels.y, mark, 'y');
  return Plot.groupX({ y: channels.aggregate }, { ...base, y: y.number });
}

/** Lines and areas join points in data order, so rows are put in x order first for numbers and dates. */
function inXOrder(rows: readonly Row[], x: FormColumn | null): readonly Row[] {
  if (x === null || x.kind === 'category') return rows;
  const at = (row: Row) => {
    const value = x.value(row);
    return value === null ? Infinity : +value;
  };
  return [...rows].sort((a, b) => at(a) - at(b));
}

/** Bars up from each x; categories on y with numbers on x read best as bars across. */
export const barMarks: MarkBuilder = (rows, channels) => {
  const { x, y } = channels;
  if (y !== null && y.kind === 'category' && (x === null || x.kind !== 'category')) {
    const base: Record<string, unknown> = {
      ...common(channels, 'y', 'x'),
      y: y.value,
      fill: channels.color === null ? FILL : channels.color.value,
      tip: true
    };
    const options =
      channels.aggregate === 'none'
        ? { ...base, x: required(x, 'bar', 'x').value }
        : channels.aggregate === 'count'
          ? Plot.groupY({ x: 'count' }, base)
          : Plot.groupY({ x: channels.aggregate }, { ...base, x: required(x, 'bar', 'x').number });
    return { marks: [Plot.barX(rows, options), Plot.ruleX([0])], categorical: 'y', aggregated: 'x' };
  }
  return {
    marks: [Plot.barY(rows, { ...vertical(channels, 'bar', 'fill'), tip: true }), Plot.ruleY([0])],
    categorical: 'x',
    aggregated: 'y'
  };
};

export const lineMarks: MarkBuilder = (rows, channels) => ({
  marks: [Plot.lineY(inXOrder(rows, channels.x), { ...vertical(channels, 'line', 'stroke'), tip: true })],
  categorical: categoryAxis(channels.x),
  aggregated: 'y'
});

/** Areas stack when coloured (Plot's default for `areaY`). */
export const areaMarks: MarkBuilder = (rows, channels) => ({
  marks: [
    Plot.areaY(inXOrder(rows, channels.x), { ...vertical(channels, 'area', 'fill'), tip: true }),
    Plot.ruleY([0])
  ],
  categorical: categoryAxis(channels.x),
  aggregated: 'y'
});

export const dotMarks: MarkBuilder = (rows, channels) => ({
  marks: [Plot.dot(rows, { ...vertical(channels, 'dot', 'stroke'), tip: true })],
  categorical: categoryAxis(channels.x),
  aggregated: 'y'
});

/** A heatmap: categories on both axes, filled by the colour column, its aggregate, or the row count. */
export const cellMarks: MarkBuilder = (rows, channels) => {
  const x = required(channels.x, 'cell', 'x');
  const y = required(channels.y, 'cell', 'y');
  const base: Record<string, unknown> = {
    ...common(channels, 'x', 'fill'),
    // Cells sit in bands: dates there are categories (a cohort month), which Plot would warn about as times.
    x: x.kind === 'time' ? x.category : x.value,
    y: y.kind === 'time' ? y.category : y.value,
    tip: true
  };
  const { color, aggregate } = channels;
  if (aggregate !== 'none' && aggregate !== 'count' && color === null) {
    throw new Error(`A cell chart with "${aggregate}" needs a colour column to aggregate.`);
  }
  const options =
    aggregate === 'count'
      ? Plot.group({ fill: 'count' }, base)
      : color === null
        ? { ...base, fill: FILL }
        : aggregate === 'none'
          ? { ...base, fill: color.value }
          : Plot.group({ fill: aggregate }, { ...base, fill: color.number });
  return { marks: [Plot.cell(rows, options)], categorical: 'x', aggregated: null };
};

/** Rules up to y at each x; with only x, full-height rules at each x; with only y, rules across at each y. */
export const ruleMarks: MarkBuilder = (rows, channels) => {
  const stroke = channels.color === null ? FILL : channels.color.value;
  const facet = channels.facet === null ? {} : { fy: channels.facet.value };
  if (channels.x === null) {
    const y = required(channels.y, 'rule', 'y');
    return {
      marks: [Plot.ruleY(rows, { ...facet, stroke, y: y.value })],
      categorical: null,
      aggregated: null
    };
  }
  if (channels.y === null && channels.aggregate !== 'count') {
    return {
      marks: [Plot.ruleX(rows, { ...facet, stroke, x: channels.x.value })],
      categorical: null,
      aggregated: null
    };
  }
  return {
    marks: [Plot.ruleX(rows, vertical(channels, 'rule', 'stroke')), Plot.ruleY([0])],
    categorical: categoryAxis(channels.x),
    aggregated: 'y'
  };
};

/**
 * Text at (x, y): the text column, or y when none is given. Aggregated, each group is labelled with its
 * aggregated y (or count), formatted for the user's locale.
 */
export const textMarks: MarkBuilder = (rows, channels) => {
  const x = required(channels.x, 'text', 'x');
  const base: Record<string, unknown> = {
    ...common(channels, categoryAxis(x), 'y'),
    x: x.value,
    fill: channels.color === null ? FILL : channels.color.value
  };
  const { aggregate, format } = channels;
  let options: Record<string, unknown>;
  if (aggregate === 'none') {
    const y = required(channels.y, 'text', 'y');
    const text = channels.text ?? y;
    options = { ...base, y: y.value, text: (row: Row) => toText(text.value(row), format) };
  } else if (aggregate === 'count') {
    const label = { reduceIndex: (index: number[]) => format(index.length) };
    options = Plot.groupX({ y: 'count', text: label }, base);
  } else {
    const y = required(channels.y, 'text', 'y');
    const reduce = toReduce(aggregate);
    const label = {
      reduceIndex: (index: number[], values: ArrayLike<unknown>) => {
        const value = reduce(index.map((i) => values[i]).filter(isFiniteNumber));
        return value === undefined ? '' : format(value);
      }
    };
    options = Plot.groupX({ y: aggregate, text: label }, { ...base, y: y.number, text: y.number });
  }
  return { marks: [Plot.text(rows, options)], categorical: categoryAxis(x), aggregated: 'y' };
};

const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** The same reductions as Plot's named reducers, for labels Plot cannot format in our locale. */
function toReduce(
  aggregate: 'sum' | 'mean' | 'median' | 'min' | 'max'
): (values: number[]) => number | undefined {
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  switch (aggregate) {
    case 'sum':
      return sum;
    case 'mean':
      return (values) => (values.length === 0 ? undefined : sum(values) / values.length);
    case 'median':
      return (values) => {
        if (values.length === 0) return undefined;
        const sorted = [...values].sort((a, b) => a - b);
        const middle = sorted.length >> 1;
        return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
      };
    case 'min':
      return (values) => (values.length === 0 ? undefined : Math.min(...values));
    case 'max':
      return (values) => (values.length === 0 ? undefined : Math.max(...values));
  }
}

function toText(value: Value, format: (value: number) => string): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'number' ? format(value) : value;
}

/** One pure function per mark kind, as Plot's own marks are. */
export const MARK_BUILDERS: Readonly<Record<ChartMark, MarkBuilder>> = {
  bar: barMarks,
  line: lineMarks,
  area: areaMarks,
  dot: dotMarks,
  cell: cellMarks,
  rule: ruleMarks,
  text: textMarks
};

function label(text: string | null, column: FormColumn | null): { label?: string } {
  if (text !== null) return { label: text };
  return column === null ? {} : { label: column.name };
}

function countDistinct(rows: readonly Row[], column: FormColumn): number {
  return new Set(rows.map((row) => String(column.value(row)))).size;
}

/** Sorting by category is a domain in natural order ("2" before "10"), in the user's locale. */
function toCategoryDomain(
  rows: readonly Row[],
  channels: FormChannels,
  categorical: 'x' | 'y' | null,
  locale: string
): { domain?: Value[] } {
  if (channels.sort?.by !== 'category' || categorical === null) return {};
  const column = channels[categorical];
  if (column === null) return {};
  const collator = new Intl.Collator(locale, { numeric: true });
  const values = [...new Set(rows.map((row) => column.value(row)))];
  values.sort((a, b) =>
    typeof a === 'string' && typeof b === 'string'
      ? collator.compare(a, b)
      : +(a ?? Infinity) - +(b ?? Infinity)
  );
  return { domain: channels.sort.order === 'descending' ? values.reverse() : values };
}
