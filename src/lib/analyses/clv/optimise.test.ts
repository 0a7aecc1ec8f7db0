import { describe, expect, it } from 'vitest';
import {
  derivatives,
  estimate,
  invertPositiveDefinite,
  minimise,
  nelderMead,
  polishNewton,
  standardErrors,
  withL2Penalty,
  type Objective
} from './optimise';

const rosenbrock: Objective = ([x, y]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;

/** Two valleys: a shallow one at x = −1 (value 0.5) and the deepest at x = 2 (value 0). */
const twoValleys: Objective = ([x]) => Math.min((x + 1) ** 2 + 0.5, (x - 2) ** 2);

describe('nelderMead', () => {
  it('finds the minimum of Rosenbrock’s valley and reports how it got there', () => {
    const result = nelderMead(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.value).toBeLessThan(1e-12);
    expect(result.spread).toBeLessThanOrEqual(1e-8);
    expect(result.evaluations).toBeGreaterThan(result.iterations);
  });

  it('says it did not converge when the iteration cap comes first', () => {
    const result = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 20 });
    expect(result).toMatchObject({ converged: false, iterations: 20 });
    expect(result.spread).toBeGreaterThan(1e-8);
  });

  it('treats NaN and infinite values as worse than any number, so it keeps away from them', () => {
    const walled: Objective = ([x]) => (x < 0 ? NaN : x > 3 ? -Infinity : (x - 1) ** 2);
    const result = nelderMead(walled, [2.5], { step: 1 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
  });
});

describe('minimise', () => {
  it('keeps the best of several starts and counts those that agree with it', () => {
    const result = minimise(twoValleys, [[-1.5], [3], [1.2]]);
    expect(result.x[0]).toBeCloseTo(2, 6);
    expect(result.starts).toBe(3);
    expect(result.agreeingStarts).toBe(2);
  });

  it('refuses to run without a start', () => {
    expect(() => minimise(rosenbrock, [])).toThrow(RangeError);
  });
});

describe('withL2Penalty', () => {
  it('adds penalizer · Σ (scale · e^x)², as lifetimes does on the natural parameters', () => {
    const flat: Objective = () => 1;
    expect(withL2Penalty(flat, 0)([5, 5])).toBe(1);
    expect(withL2Penalty(flat, 0.1)([0, Math.log(2)])).toBeCloseTo(1 + 0.1 * (1 + 4), 12);
    expect(withL2Penalty(flat, 0.1, [1, 3])([0, Math.log(2)])).toBeCloseTo(1 + 0.1 * (1 + 36), 12);
  });
});

describe('numerical derivatives', () => {
  it('match the analytic gradient and Hessian', () => {
    // f = x²y + e^y: ∇ = (2xy, x² + e^y), H = [[2y, 2x], [2x, e^y]].
    const { value, gradient, hessian } = derivatives(([x, y]) => x * x * y + Math.exp(y), [1.5, 0.5]);
    expect(value).toBeCloseTo(1.125 + Math.exp(0.5), 12);
    expect(gradient[0]).toBeCloseTo(1.5, 7);
    expect(gradient[1]).toBeCloseTo(2.25 + Math.exp(0.5), 7);
    expect(hessian[0][0]).toBeCloseTo(1, 5);
    expect(hessian[0][1]).toBeCloseTo(3, 5);
    expect(hessian[1][0]).toBe(hessian[0][1]);
    expect(hessian[1][1]).toBeCloseTo(Math.exp(0.5), 5);
  });

  it('invert a positive definite matrix and refuse any other', () => {
    const inverse = invertPositiveDefinite([
      [4, 2],
      [2, 3]
    ]);
    // The inverse of [[4, 2], [2, 3]] is [[3, −2], [−2, 4]] / 8.
    expect(inverse?.flat()).toEqual([0.375, -0.25, -0.25, 0.5].map((value) => expect.closeTo(value, 14)));
    expect(
      invertPositiveDefinite([
        [1, 2],
        [2, 1]
      ])
    ).toBeNull();
    expect(invertPositiveDefinite([[NaN]])).toBeNull();
  });
});

describe('standard errors', () => {
  it('are the delta-method errors of an exponential rate: θ̂/√n', () => {
    // n observations with sum S: NLL(θ) = −n ln θ + θS, θ̂ = n/S, Fisher information n/θ², SE = θ̂/√n.
    const [n, sum] = [50, 125];
    const negativeLogLikelihood: Objective = ([logRate]) => -n * logRate + Math.exp(logRate) * sum;
    const x = [Math.log(n / sum)];
    const errors = standardErrors(derivatives(negativeLogLikelihood, x).hessian, x);
    expect(errors?.[0]).toBeCloseTo(n / sum / Math.sqrt(n), 6);
  });

  it('are null when the Hessian is not positive definite', () => {
    expect(
      standardErrors(
        [
          [1, 0],
          [0, -1]
        ],
        [0, 0]
      )
    ).toBeNull();
  });
});

describe('polishNewton and estimate', () => {
  it('Newton finishes in a few steps what Nelder–Mead brought near', () => {
    const smooth: Objective = ([x, y]) => (x - 1) ** 4 + (x - 1) ** 2 + 3 * (y + 2) ** 2 + (x - 1) * (y + 2);
    const polished = polishNewton(smooth, [1.05, -1.97]);
    expect(polished.converged).toBe(true);
    expect(polished.steps).toBeLessThanOrEqual(4);
    expect(polished.x[0]).toBeCloseTo(1, 7);
    expect(polished.x[1]).toBeCloseTo(-2, 7);
    expect(polished.hessian).not.toBeNull();
  });

  it('Newton stops without a positive definite Hessian', () => {
    const saddle: Objective = ([x, y]) => x * x - y * y;
    expect(polishNewton(saddle, [0.1, 0.1])).toMatchObject({ converged: false, hessian: null });
  });

  it('estimate runs the stages and reports every evaluation', () => {
    let evaluations = 0;
    const counted: Objective = (x) => {
      evaluations += 1;
      return rosenbrock(x);
    };
    const result = estimate(counted, [
      [-1.2, 1],
      [2, 2]
    ]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 7);
    expect(result.x[1]).toBeCloseTo(1, 7);
    expect(result.evaluations).toBe(evaluations);
    expect(result.starts).toBe(2);
    expect(result.hessian).not.toBeNull();
  });

  it('estimate falls back on Nelder–Mead alone where Newton cannot help', () => {
    // |x| + |y| has no Hessian at its minimum; Nelder–Mead still gets there.
    const kinked: Objective = ([x, y]) => Math.abs(x - 0.3) + Math.abs(y + 0.2);
    const result = estimate(kinked, [[1, 1]]);
    expect(result.x[0]).toBeCloseTo(0.3, 6);
    expect(result.x[1]).toBeCloseTo(-0.2, 6);
  });
});
