/**
 * Exact percentiles over a column of values, for the templates and the `pct_cont` / `pct_disc` SQL aggregates.
 * SQLite in sql.js has no PERCENTILE (ANALYTICS.md §0). Both functions skip null, undefined and NaN (SQL NULL),
 * return null when nothing is left, and throw a RangeError for p outside [0, 1].
 */

export type PercentileInput = readonly (number | null | undefined)[];

function toSortedValues(values: PercentileInput, p: number): Float64Array {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`A percentile needs 0 ≤ p ≤ 1, got ${p}.`);
  const kept: number[] = [];
  for (const value of values) if (value != null && !Number.isNaN(value)) kept.push(value);
  // A typed array sorts numerically, unlike Array#sort's default string order.
  return Float64Array.from(kept).sort();
}

/**
 * Linear interpolation between closest ranks: h = (n − 1)·p, x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋). This is Hyndman
 * & Fan type 7, numpy's default `percentile`, and SQL `percentile_cont`.
 */
export function percentileCont(values: PercentileInput, p: number): number | null {
  const sorted = toSortedValues(values, p);
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const below = Math.floor(h);
  const fraction = h - below;
  const low = sorted[below];
  if (fraction === 0 || low === sorted[below + 1]) return low;
  const result = low + fraction * (sorted[below + 1] - low);
  // Only −∞ and +∞ as neighbours give NaN: there is no point between them.
  return Number.isNaN(result) ? null : result;
}

/**
 * Nearest rank: the value at rank ⌈p·n⌉ (at least 1) in ascending order, as the SQL of ANALYTICS.md §5.4 and
 * SQL `percentile_disc` ("the first value whose cumulative share reaches p"). Always one of the inputs.
 */
export function percentileDisc(values: PercentileInput, p: number): number | null {
  const sorted = toSortedValues(values, p);
  if (sorted.length === 0) return null;
  return sorted[nearestRank(p, sorted.length) - 1];
}

/**
 * ⌈p·n⌉, clamped to [1, n]. A product that should be an integer is snapped to it first: in binary floating
 * point 0.07 × 100 = 7.000000000000001, and a bare ceil would pick rank 8.
 */
function nearestRank(p: number, n: number): number {
  const product = p * n;
  const nearest = Math.round(product);
  const rank = Math.abs(product - nearest) <= 1e-9 * Math.max(1, product) ? nearest : Math.ceil(product);
  return Math.min(n, Math.max(1, rank));
}
