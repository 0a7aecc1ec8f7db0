/**
 * Maximum likelihood for the CLV models (ANALYTICS.md §4.4 and §12): Nelder–Mead on the logarithms of positive
 * parameters, so no step can leave the domain and the simplex is scale-free, restarted from its own answer
 * until that stops improving (a simplex can collapse before the minimum, Lagarias et al. 1998), from several
 * starting points; then a few Newton steps on numerical derivatives, whose Hessian also gives the standard
 * errors (delta method). `estimate` strings the stages together; the rest are its parts, tested one by one.
 */

/** A function of the log-parameters to minimise; NaN or ±Infinity counts as worse than any finite value. */
export type Objective = (x: readonly number[]) => number;

export interface NelderMeadOptions {
  /** Edge of the initial simplex along each coordinate (0.5 in logs: parameters ×1.65). */
  step?: number;
  maxIterations?: number;
  /** Converged when every vertex is within this (max norm) of the best one… */
  xTolerance?: number;
  /** …and every vertex's value within this of the best value. */
  fTolerance?: number;
}

export interface NelderMeadResult {
  x: number[];
  value: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** The final simplex's largest distance (max norm) from its best vertex: how settled the answer is. */
  spread: number;
}

const DEFAULTS: Required<NelderMeadOptions> = {
  step: 0.5,
  maxIterations: 5000,
  xTolerance: 1e-8,
  fTolerance: 1e-12
};

// The standard coefficients (Nelder & Mead 1965; scipy's `fmin` without `adaptive`).
const REFLECT = 1;
const EXPAND = 2;
const CONTRACT = 0.5;
const SHRINK = 0.5;

/** The objective with every non-finite value made +Infinity, so comparisons order it last. */
function finiteOrWorst(f: Objective): Objective {
  return (x) => {
    const value = f(x);
    return Number.isNaN(value) || value === -Infinity ? Infinity : value;
  };
}

/** One Nelder–Mead run from `x0`. */
export function nelderMead(
  objective: Objective,
  x0: readonly number[],
  options: NelderMeadOptions = {}
): NelderMeadResult {
  const { step, maxIterations, xTolerance, fTolerance } = { ...DEFAULTS, ...options };
  const f = finiteOrWorst(objective);
  const n = x0.length;
  let evaluations = 0;
  const evaluate = (x: number[]) => {
    evaluations += 1;
    return f(x);
  };
  const vertices: number[][] = [x0.slice()];
  for (let i = 0; i < n; i += 1) {
    const vertex = x0.slice();
    vertex[i] += step;
    vertices.push(vertex);
  }
  const values = vertices.map(evaluate);
  const order = vertices.map((_, i) => i);

  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations += 1) {
    order.sort((i, j) => values[i] - values[j]);
    const best = order[0];
    const worst = order[n];
    if (spreadOf(vertices, order) <= xTolerance && values[worst] - values[best] <= fTolerance) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (const i of order.slice(0, n)) for (let k = 0; k < n; k += 1) centroid[k] += vertices[i][k] / n;
    const toward = (coefficient: number) =>
      centroid.map((c, k) => c + coefficient * (c - vertices[worst][k]));

    const reflected = toward(REFLECT);
    const reflectedValue = evaluate(reflected);
    const secondWorst = values[order[n - 1]];
    if (reflectedValue < values[best]) {
      const expanded = toward(REFLECT * EXPAND);
      const expandedValue = evaluate(expanded);
      if (expandedValue < reflectedValue) replace(worst, expanded, expandedValue);
      else replace(worst, reflected, reflectedValue);
      continue;
    }
    if (reflectedValue < secondWorst) {
      replace(worst, reflected, reflectedValue);
      continue;
    }
    if (reflectedValue < values[worst]) {
      const outside = toward(REFLECT * CONTRACT);
      const outsideValue = evaluate(outside);
      if (outsideValue <= reflectedValue) {
        replace(worst, outside, outsideValue);
        continue;
      }
    } else {
      const inside = toward(-CONTRACT);
      const insideValue = evaluate(inside);
      if (insideValue < values[worst]) {
        replace(worst, inside, insideValue);
        continue;
      }
    }
    for (const i of order.slice(1)) {
      vertices[i] = vertices[i].map((value, k) => vertices[best][k] + SHRINK * (value - vertices[best][k]));
      values[i] = evaluate(vertices[i]);
    }
  }
  order.sort((i, j) => values[i] - values[j]);
  return {
    x: vertices[order[0]].slice(),
    value: values[order[0]],
    iterations,
    evaluations,
    converged,
    spread: spreadOf(vertices, order)
  };

  function replace(index: number, vertex: number[], value: number): void {
    vertices[index] = vertex;
    values[index] = value;
  }
}

function spreadOf(vertices: number[][], order: number[]): number {
  const best = vertices[order[0]];
  let spread = 0;
  for (const i of order.slice(1)) {
    for (let k = 0; k < best.length; k += 1) spread = Math.max(spread, Math.abs(vertices[i][k] - best[k]));
  }
  return spread;
}

export interface MinimiseOptions extends NelderMeadOptions {
  /** Runs restarted from a run's answer, at most, per start. */
  restarts?: number;
  /** Edge of the simplex a restart begins with: small, as it starts at an answer. */
  restartStep?: number;
}

export interface Minimum extends NelderMeadResult {
  /** Starting points tried. */
  starts: number;
  /** Starts that ended within `AGREEMENT` of the best value: 1 means the others found worse optima. */
  agreeingStarts: number;
}

/** Two runs' values closer than this (relative to the value, at least 1) count as the same optimum. */
const AGREEMENT = 1e-6;

/**
 * The best of Nelder–Mead runs from each of `starts`, each restarted from its answer until the value stops
 * improving by more than `fTolerance` (Nelder–Mead can stall on a ridge; a fresh simplex moves on). The answer
 * is `converged` when its own last run converged; `iterations` and `evaluations` count every run.
 */
export function minimise(
  objective: Objective,
  starts: readonly (readonly number[])[],
  options: MinimiseOptions = {}
): Minimum {
  if (starts.length === 0) throw new RangeError('minimise needs at least one starting point.');
  const { restarts = 3, restartStep = 1e-3, fTolerance = DEFAULTS.fTolerance } = options;
  let iterations = 0;
  let evaluations = 0;
  const ends: NelderMeadResult[] = [];
  for (const start of starts) {
    let run = nelderMead(objective, start, options);
    iterations += run.iterations;
    evaluations += run.evaluations;
    for (let restart = 0; restart < restarts && run.converged; restart += 1) {
      const next = nelderMead(objective, run.x, { ...options, step: restartStep });
      iterations += next.iterations;
      evaluations += next.evaluations;
      const improvement = run.value - next.value;
      if (next.value <= run.value) run = next;
      if (!(improvement > fTolerance)) break;
    }
    ends.push(run);
  }
  const best = ends.reduce((a, b) => (b.value < a.value ? b : a));
  const agreeingStarts = ends.filter(
    (end) => end.value - best.value <= AGREEMENT * Math.max(1, Math.abs(best.value))
  ).length;
  return { ...best, iterations, evaluations, starts: starts.length, agreeingStarts };
}

/**
 * The objective plus lifetimes' L2 penalty, `penalizer · Σ θᵢ²` on the natural parameters θ = exp(x), which
 * pulls them towards 0 when a small sample would let them run off (lifetimes suggests 0.001 to 0.1).
 * `scale` multiplies each θᵢ before squaring (lifetimes penalises its time-rescaled α, see `bgnbd.ts`).
 */
export function withL2Penalty(objective: Objective, penalizer: number, scale?: readonly number[]): Objective {
  if (penalizer === 0) return objective;
  return (x) => {
    let penalty = 0;
    for (let i = 0; i < x.length; i += 1) penalty += (Math.exp(x[i]) * (scale?.[i] ?? 1)) ** 2;
    return objective(x) + penalizer * penalty;
  };
}

export interface Derivatives {
  value: number;
  gradient: number[];
  hessian: number[][];
}

/**
 * The gradient and Hessian of `f` at `x` by central differences (1 + 4n + n(n − 1) evaluations). The Hessian's
 * step is 10⁻⁴ · max(1, |xᵢ|), near the fourth root of the double epsilon, which balances truncation and
 * rounding for a second derivative; each mixed derivative reuses the points of the two diagonal ones,
 * Hᵢⱼ = [f(x + hᵢ + hⱼ) + f(x − hᵢ − hⱼ) − f(x ± hᵢ) − f(x ± hⱼ) + 2f(x)] / 2hᵢhⱼ (second order, like the usual
 * four-point formula, with half its evaluations). The gradient's step is 10⁻⁶ · max(1, |xᵢ|), near the cube
 * root, because Newton's method stops where the gradient's own error puts it.
 */
export function derivatives(f: Objective, x: readonly number[]): Derivatives {
  const n = x.length;
  const scale = x.map((value) => Math.max(1, Math.abs(value)));
  const h = scale.map((s) => 1e-4 * s);
  const at = (i: number, di: number, j = i, dj = 0) => {
    const point = x.slice();
    point[i] += di;
    point[j] += dj;
    return f(point);
  };
  const value = f(x);
  const gradient = scale.map((s, i) => (at(i, 1e-6 * s) - at(i, -1e-6 * s)) / (2e-6 * s));
  const forward = h.map((step, i) => at(i, step));
  const backward = h.map((step, i) => at(i, -step));
  const hessian = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i += 1) {
    hessian[i][i] = (forward[i] - 2 * value + backward[i]) / (h[i] * h[i]);
    for (let j = 0; j < i; j += 1) {
      const mixed =
        (at(i, h[i], j, h[j]) +
          at(i, -h[i], j, -h[j]) -
          forward[i] -
          backward[i] -
          forward[j] -
          backward[j] +
          2 * value) /
        (2 * h[i] * h[j]);
      hessian[i][j] = mixed;
      hessian[j][i] = mixed;
    }
  }
  return { value, gradient, hessian };
}

/**
 * The objective inside the box |xᵢ − centreᵢ| ≤ radius and +Infinity outside, so that a search cannot run off
 * along a ridge to where the parameters are absurd and the likelihood's lnΓ differences lose every digit (a
 * BG/NBD with a, b ~ 10²⁹ once scored −10¹⁶ that way). An optimum against the wall means "no finite optimum".
 */
export function withinBox(objective: Objective, radius: number, centre?: readonly number[]): Objective {
  return (x) => {
    for (let i = 0; i < x.length; i += 1) if (Math.abs(x[i] - (centre?.[i] ?? 0)) > radius) return Infinity;
    return objective(x);
  };
}

/** The Hessian of `f` at `x` by central differences (see `derivatives`). */
export function hessian(f: Objective, x: readonly number[]): number[][] {
  return derivatives(f, x).hessian;
}

export interface Polished {
  x: number[];
  value: number;
  steps: number;
  evaluations: number;
  /** The last Newton step was below the tolerance: `x` is the stationary point to that precision. */
  converged: boolean;
  /** The Hessian at `x`, or null when it is not positive definite (then `x` is what came in). */
  hessian: number[][] | null;
}

/**
 * Newton's method from a point Nelder–Mead has brought near the minimum, with the numerical derivatives above
 * and step halving. Nelder–Mead converges linearly, so its last digits cost most of its evaluations (about 450
 * from 10⁻² to 10⁻⁸ for four parameters); Newton converges quadratically there and needs the Hessian anyway for
 * the standard errors. It stops after a full step no longer than `tolerance` (max norm): quadratic convergence
 * leaves an error of about its square, below what the numerical gradient resolves on a sum of 10⁵ terms (whose
 * noise can keep steps near 10⁻⁵ for ever: after `maxSteps` such steps it counts as converged too). It also
 * stops, unconverged, on a Hessian that is not positive definite, and when no step along the Newton direction
 * lowers `f` (converged if that direction was already within 10⁻³, the noise of the derivatives). `hessian`
 * is the last one computed, at most `tolerance` from `x`.
 */
export function polishNewton(
  objective: Objective,
  x0: readonly number[],
  { maxSteps = 8, tolerance = 1e-5 }: { maxSteps?: number; tolerance?: number } = {}
): Polished {
  const f = finiteOrWorst(objective);
  let x = x0.slice();
  let evaluations = 0;
  const counted: Objective = (point) => {
    evaluations += 1;
    return f(point);
  };
  let size = Infinity;
  for (let steps = 0; steps < maxSteps; steps += 1) {
    const { value, gradient, hessian } = derivatives(counted, x);
    const inverse = invertPositiveDefinite(hessian);
    if (inverse === null) return { x, value, steps, evaluations, converged: false, hessian: null };
    const direction = inverse.map((row) => -row.reduce((sum, entry, k) => sum + entry * gradient[k], 0));
    size = Math.max(...direction.map(Math.abs));
    for (let fraction = 1; fraction >= 1 / 16; fraction /= 2) {
      const candidate = x.map((coordinate, k) => coordinate + fraction * direction[k]);
      const candidateValue = counted(candidate);
      if (candidateValue < value) {
        if (fraction === 1 && size <= tolerance) {
          return {
            x: candidate,
            value: candidateValue,
            steps: steps + 1,
            evaluations,
            converged: true,
            hessian
          };
        }
        x = candidate;
        break;
      }
      if (fraction === 1 / 16) {
        return { x, value, steps, evaluations, converged: size <= NOISE, hessian };
      }
    }
  }
  // Steps that stay this short are the derivatives' noise moving x around the minimum, not a search.
  const { value, hessian } = derivatives(counted, x);
  return { x, value, steps: maxSteps, evaluations, converged: size <= 10 * tolerance, hessian };
}

/** A Newton step this short that lowers nothing is lost in the numerical derivatives' noise. */
const NOISE = 1e-3;

/**
 * The inverse of a symmetric matrix through its Cholesky factor, or null when it is not positive definite
 * (or not finite): at a true minimum the Hessian is, so null says the optimum is flat or a saddle.
 */
export function invertPositiveDefinite(matrix: readonly (readonly number[])[]): number[][] | null {
  const n = matrix.length;
  const lower = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = matrix[i][j];
      for (let k = 0; k < j; k += 1) sum -= lower[i][k] * lower[j][k];
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return null;
        lower[i][i] = Math.sqrt(sum);
      } else {
        lower[i][j] = sum / lower[j][j];
      }
    }
  }
  // L⁻¹ by forward substitution, then A⁻¹ = L⁻ᵀ L⁻¹.
  const inverseLower = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i += 1) {
    inverseLower[i][i] = 1 / lower[i][i];
    for (let j = 0; j < i; j += 1) {
      let sum = 0;
      for (let k = j; k < i; k += 1) sum -= lower[i][k] * inverseLower[k][j];
      inverseLower[i][j] = sum / lower[i][i];
    }
  }
  const inverse = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = 0;
      for (let k = i; k < n; k += 1) sum += inverseLower[k][i] * inverseLower[k][j];
      inverse[i][j] = sum;
      inverse[j][i] = sum;
    }
  }
  return inverse;
}

/**
 * Standard errors of θ = exp(x) from the Hessian, at the minimum `x`, of a negative log-likelihood that is a sum
 * over observations (not a mean): its inverse is the covariance of the log-parameters, and the delta method
 * carries that to the natural scale, SE(θᵢ) = θᵢ · √Var(xᵢ). Null when the Hessian is not positive definite.
 */
export function standardErrors(
  hessianOfSum: readonly (readonly number[])[],
  x: readonly number[]
): number[] | null {
  const covariance = invertPositiveDefinite(hessianOfSum);
  if (covariance === null) return null;
  const errors = x.map((value, i) => Math.exp(value) * Math.sqrt(covariance[i][i]));
  return errors.every(Number.isFinite) ? errors : null;
}

/** A model that could not be fitted, and why, in plain words for the notebook to show. */
export interface FitFailure {
  ok: false;
  reason: string;
  /** Customers given to the fit. */
  customers: number;
}

export interface Estimate {
  /** The minimising log-parameters. */
  x: number[];
  value: number;
  /** Nelder–Mead iterations, over every run. */
  iterations: number;
  /** Objective evaluations, over every stage (the exploration's count too, though it may be cheaper). */
  evaluations: number;
  converged: boolean;
  /** The final simplex spread of the last Nelder–Mead run (the best start's, or the fallback's). */
  spread: number;
  newtonSteps: number;
  starts: number;
  agreeingStarts: number;
  /** The objective's Hessian at `x`; null when it is not positive definite. */
  hessian: number[][] | null;
}

export interface EstimateOptions {
  /**
   * A cheaper stand-in for the objective (a thinned sample) on which the starts look for the right basin;
   * defaults to the objective itself.
   */
  explore?: Objective;
}

const EXPLORATION: MinimiseOptions = { xTolerance: 1e-3, fTolerance: 1e-7, restarts: 1 };
// Where Newton fails the optimum is usually on a flat ridge (BG/NBD with everyone equally likely to drop out:
// a and b large, only a/(a + b) determined), along which the simplex would crawl for thousands of steps. There
// the value settling is what counts; the parameters along the ridge are arbitrary, and `hessian` says so.
const FALLBACK: MinimiseOptions = { step: 0.01, maxIterations: 2000, xTolerance: Infinity, fTolerance: 1e-9 };

/**
 * The minimum of a likelihood objective in log-parameters, in two stages: Nelder–Mead with a restart from every
 * start to a loose tolerance (finding the basin, on `explore` if given), then Newton's method from the best of
 * them on the objective. Nelder–Mead converges linearly, so its last digits cost most of its evaluations (about
 * 450 from 10⁻² to 10⁻⁸ for four parameters), while Newton converges quadratically there, in two or three
 * steps, and the standard errors need its Hessian anyway. Should Newton fail (a Hessian that is not positive
 * definite, as on a flat ridge or at the edge of the parameter space), Nelder–Mead with restarts runs on from
 * the best start until the value settles instead.
 */
export function estimate(
  objective: Objective,
  starts: readonly (readonly number[])[],
  options: EstimateOptions = {}
): Estimate {
  const exploration = minimise(options.explore ?? objective, starts, EXPLORATION);
  const polished = polishNewton(objective, exploration.x);
  const common = {
    newtonSteps: polished.steps,
    starts: exploration.starts,
    agreeingStarts: exploration.agreeingStarts
  };
  if (polished.converged) {
    return {
      ...common,
      x: polished.x,
      value: polished.value,
      iterations: exploration.iterations,
      evaluations: exploration.evaluations + polished.evaluations,
      converged: true,
      spread: exploration.spread,
      hessian: polished.hessian
    };
  }
  const fallback = minimise(objective, [exploration.x], FALLBACK);
  const final = derivatives(objective, fallback.x);
  return {
    ...common,
    x: fallback.x,
    value: fallback.value,
    iterations: exploration.iterations + fallback.iterations,
    evaluations:
      exploration.evaluations +
      polished.evaluations +
      fallback.evaluations +
      (1 + 4 * fallback.x.length + fallback.x.length * (fallback.x.length - 1)),
    converged: fallback.converged,
    spread: fallback.spread,
    hessian: invertPositiveDefinite(final.hessian) === null ? null : final.hessian
  };
}

/** How a successful fit's search went: what both models report next to their parameters. */
export interface FitSearch {
  iterations: number;
  evaluations: number;
  converged: true;
  /** The final simplex's spread in log-parameters. */
  spread: number;
  newtonSteps: number;
  starts: number;
  agreeingStarts: number;
}

/**
 * What a converged `estimate` of a mean log-likelihood over `observations` customers gives to report: its
 * search, the standard errors of the natural parameters (the Hessian of the mean scaled to the sum), and the
 * warning when there are none because the likelihood is flat at the optimum.
 */
export function summariseFit(
  minimum: Estimate,
  observations: number
): { search: FitSearch; errors: number[] | null; warnings: string[] } {
  const errors =
    minimum.hessian &&
    standardErrors(
      minimum.hessian.map((row) => row.map((h) => h * observations)),
      minimum.x
    );
  return {
    search: {
      iterations: minimum.iterations,
      evaluations: minimum.evaluations,
      converged: true,
      spread: minimum.spread,
      newtonSteps: minimum.newtonSteps,
      starts: minimum.starts,
      agreeingStarts: minimum.agreeingStarts
    },
    errors,
    warnings:
      errors === null
        ? ['The likelihood is flat around the optimum, so the parameters have no standard errors.']
        : []
  };
}
