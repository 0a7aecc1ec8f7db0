import * as Plot from '@observablehq/plot';
import type { QueryResult, SqlValue } from '../engine/types';
import { parseIsoDate } from './auto-chart';
import type { ChartSpec } from './chart-spec';

export interface RenderOptions {
  /** The document to build the SVG in (a real one in the browser, any DOM implementation in tests). */
  document: Document;
  width: number;
  /** Values on axes and tips follow the user's locale. */
  locale: string;
}

/** Turns a chart spec and a result into Plot options; pure apart from Plot's own mark constructors. */
export function toPlotOptions(
  spec: ChartSpec,
  result: Pick<QueryResult, 'columns' | 'rows'>,
  options: RenderOptions
) {
  const xi = result.columns.findIndex((c) => c.name === spec.x);
  const yi = result.columns.findIndex((c) => c.name === spec.y);
  if (xi === -1 || yi === -1) throw new Error(`The chart needs columns "${spec.x}" and "${spec.y}".`);
  const toNumber = (value: SqlValue) =>
    typeof value === 'bigint' ? Number(value) : (value as number | null);
  const x =
    spec.xScale === 'time'
      ? (row: SqlValue[]) => parseIsoDate(row[xi])
      : spec.xScale === 'linear'
        ? (row: SqlValue[]) => toNumber(row[xi])
        : (row: SqlValue[]) => (row[xi] === null ? '(null)' : String(row[xi]));
  const y = (row: SqlValue[]) => toNumber(row[yi]);
  const channels = { x, y, tip: true };
  const data = spec.xScale === 'time' ? [...result.rows].sort((a, b) => compare(x(a), x(b))) : result.rows;
  const mark =
    spec.mark === 'barY'
      ? Plot.barY(data, { ...channels, fill: 'var(--chart-fill, #1f4e79)' })
      : spec.mark === 'line'
        ? Plot.line(data, { ...channels, stroke: 'var(--chart-fill, #1f4e79)' })
        : Plot.dot(data, { ...channels, stroke: 'var(--chart-fill, #1f4e79)' });
  const numberFormat = new Intl.NumberFormat(options.locale, { notation: 'compact' });
  return {
    document: options.document,
    width: options.width,
    height: 320,
    marginLeft: 60,
    marginBottom: spec.xScale === 'band' ? 60 : 40,
    x: { label: spec.x, ...(spec.xScale === 'band' ? { tickRotate: -30 } : {}) },
    y: { label: spec.y, grid: true, tickFormat: (d: number) => numberFormat.format(d) },
    marks: [mark, Plot.ruleY([0])]
  } satisfies Plot.PlotOptions;
}

export function renderChart(
  spec: ChartSpec,
  result: Pick<QueryResult, 'columns' | 'rows'>,
  options: RenderOptions
): SVGSVGElement | HTMLElement {
  return Plot.plot(toPlotOptions(spec, result, options));
}

function compare(a: Date | null | number | string, b: Date | null | number | string): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  return +a - +b;
}
