/**
 * Kaplan–Meier survival from a life table (ANALYTICS.md §5.5). The SQL groups subjects by time; the product
 * is taken here because `exp(sum(log(1 − d/n)))` in SQL breaks when d = n and `log` differs between SQLite
 * builds.
 */
import { normInv } from './distributions';

/** One distinct time of a life table. */
export interface LifeTableRow {
  t: number;
  /**
   * Subjects at risk just before t, including those censored at t. Computed from the counts at t and later
   * when omitted, which is right when every subject enters at time 0.
   */
  atRisk?: number;
  events: number;
  censored: number;
}

export interface KaplanMeierPoint {
  t: number;
  atRisk: number;
  events: number;
  censored: number;
  /** Ŝ(t), the estimate just after t. */
  survival: number;
  /** Greenwood's Var Ŝ(t). */
  variance: number;
  standardError: number;
  ciLow: number;
  ciHigh: number;
}

/**
 * Ŝ(t) = Π_{t_j ≤ t} (1 − d_j/n_j) with Greenwood's variance Var Ŝ(t) = Ŝ(t)² Σ_{t_j ≤ t} d_j / (n_j(n_j − d_j)).
 * Rows are sorted by t (the input is not changed); a time listed twice is an error.
 *
 * The interval is the log-log one (Kalbfleisch & Prentice 1980; R `survfit(conf.type = "log-log")`): with
 * σ = √Σ d_j/(n_j(n_j − d_j)) / |ln Ŝ|, it is [Ŝ^exp(z·σ), Ŝ^exp(−z·σ)]. It is the delta-method interval for
 * ln(−ln S) mapped back, so it never leaves [0, 1], unlike the plain Ŝ ± z·SE.
 * Where Ŝ = 1 (no event yet) and where Ŝ = 0 (an event removed every subject at risk, d = n) nothing is
 * uncertain under this model: the variance is 0 and the interval collapses onto Ŝ.
 */
export function kaplanMeier(rows: readonly LifeTableRow[], confidence = 0.95): KaplanMeierPoint[] {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must lie strictly between 0 and 1, got ${confidence}.`);
  }
  const z = normInv(1 - (1 - confidence) / 2);
  const sorted = [...rows].sort((a, b) => a.t - b.t);
  sorted.forEach(checkRow);
  const atRisk = toAtRisk(sorted);

  let survival = 1;
  let greenwoodSum = 0;
  return sorted.map((row, index) => {
    const n = atRisk[index];
    const { events } = row;
    if (events > 0 && survival > 0) {
      survival *= 1 - events / n;
      // At d = n the Greenwood term is infinite, but Ŝ is exactly 0 and stays there; the sum is not used again.
      if (events < n) greenwoodSum += events / (n * (n - events));
    }
    const point = { t: row.t, atRisk: n, events, censored: row.censored, survival };
    if (survival === 0 || greenwoodSum === 0) {
      return { ...point, variance: 0, standardError: 0, ciLow: survival, ciHigh: survival };
    }
    const spread = Math.exp((z * Math.sqrt(greenwoodSum)) / -Math.log(survival));
    return {
      ...point,
      variance: survival * survival * greenwoodSum,
      standardError: survival * Math.sqrt(greenwoodSum),
      ciLow: survival ** spread,
      ciHigh: survival ** (1 / spread)
    };
  });
}

function checkRow(row: LifeTableRow, index: number, sorted: readonly LifeTableRow[]): void {
  if (!Number.isFinite(row.t)) throw new RangeError(`Life table time must be a finite number, got ${row.t}.`);
  if (index > 0 && sorted[index - 1].t === row.t) throw new RangeError(`Time ${row.t} appears twice.`);
  for (const [name, value] of [
    ['events', row.events],
    ['censored', row.censored],
    ['atRisk', row.atRisk ?? 0]
  ] as const) {
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`${name} at time ${row.t} must be a count ≥ 0, got ${value}.`);
    }
  }
  if (row.atRisk !== undefined && row.events + row.censored > row.atRisk) {
    throw new RangeError(
      `At time ${row.t}, ${row.events} events and ${row.censored} censored exceed ${row.atRisk} at risk.`
    );
  }
}

/** n_j as given, or else d_j + c_j + n_{j+1}: everyone still observed at t_j is at risk just before it. */
function toAtRisk(sorted: readonly LifeTableRow[]): number[] {
  const atRisk = new Array<number>(sorted.length);
  let later = 0;
  for (let index = sorted.length - 1; index >= 0; index -= 1) {
    const row = sorted[index];
    atRisk[index] = row.atRisk ?? row.events + row.censored + later;
    later = atRisk[index];
  }
  return atRisk;
}
