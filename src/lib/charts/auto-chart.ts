import type { QueryResult, ResultColumn, SqlValue } from '../engine/types';
import type { ChartSpec } from './chart-spec';

const isoDate = /^\d{4}-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?$/;

const isNumeric = (column: ResultColumn) => column.type === 'integer' || column.type === 'real';

/**
 * Picks a sensible first chart for a query result, or `null` when none makes sense: dates and a number give a
 * line, a category and a number give bars, two numbers give a scatter plot.
 */
export function toAutoChart(result: Pick<QueryResult, 'columns' | 'rows'>): ChartSpec | null {
  const { columns, rows } = result;
  if (rows.length === 0) return null;
  const y = columns.findIndex(isNumeric);
  if (y === -1) return null;
  const x = columns.findIndex((column) => column.type === 'text');
  if (x !== -1) {
    const dates = rows.every(
      (row) => row[x] === null || (typeof row[x] === 'string' && isoDate.test(row[x]))
    );
    return dates
      ? { mark: 'line', x: columns[x].name, y: columns[y].name, xScale: 'time' }
      : { mark: 'barY', x: columns[x].name, y: columns[y].name, xScale: 'band' };
  }
  const second = columns.findIndex((column, i) => i > y && isNumeric(column));
  if (second === -1) return null;
  return { mark: 'dot', x: columns[y].name, y: columns[second].name, xScale: 'linear' };
}

/** Reads an ISO-8601 date or date-time as UTC (a bare `YYYY-MM` is the first of that month). */
export function parseIsoDate(value: SqlValue): Date | null {
  if (typeof value !== 'string' || !isoDate.test(value)) return null;
  const text = value.length === 7 ? `${value}-01` : value;
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text.replace(' ', 'T'));
  return Number.isNaN(time) ? null : new Date(time);
}
