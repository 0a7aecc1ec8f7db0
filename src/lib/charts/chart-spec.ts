/**
 * A chart described as data, never as code: the notebook stores and shares these, and a spec from someone
 * else's file can only ever pick among these marks and columns.
 */
export interface ChartSpec {
  mark: 'barY' | 'line' | 'dot';
  /** Result column names. */
  x: string;
  y: string;
  /** How x is read: categories, ISO dates, or numbers. */
  xScale: 'band' | 'time' | 'linear';
}
