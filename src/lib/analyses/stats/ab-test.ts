/**
 * A/B test statistics for conversion rates (ANALYTICS.md §11.1). A is the control, B the variant; every
 * difference is B − A. Invalid input (negative counts, more conversions than units, a confidence outside
 * (0, 1)) throws a RangeError. A test that is merely uninformative, such as an empty arm or no variance, is
 * not an error: its result says so by its `kind`.
 */
import { chiSquareSf, normCdf, normInv } from './distributions';

export interface TwoProportionInput {
  conversionsA: number;
  nA: number;
  conversionsB: number;
  nB: number;
  /** Of the interval for the difference; 0.95 when omitted. */
  confidence?: number;
}

export type TwoProportionResult =
  | {
      kind: 'tested';
      rateA: number;
      rateB: number;
      /** rateB − rateA. */
      difference: number;
      z: number;
      /** Two-sided. */
      pValue: number;
      ciLow: number;
      ciHigh: number;
    }
  | {
      kind: 'degenerate';
      /**
       * `empty-arm`: an arm has no units, so its rate does not exist. `no-variance`: both arms converted
       * nobody, or everybody, so the pooled rate is 0 or 1 and there is nothing to test.
       */
      reason: 'empty-arm' | 'no-variance';
      rateA: number | null;
      rateB: number | null;
      difference: number | null;
      z: null;
      pValue: null;
      ciLow: null;
      ciHigh: null;
    };

function checkCount(value: number, name: string): void {
  if (!(Number.isFinite(value) && value >= 0))
    throw new RangeError(`${name} must be a count ≥ 0, got ${value}.`);
}

function checkSuccesses(successes: number, n: number, names: string): void {
  checkCount(successes, names);
  checkCount(n, names);
  if (successes > n) throw new RangeError(`${names}: ${successes} successes out of only ${n}.`);
}

function checkProbability(value: number, name: string): void {
  if (!(value > 0 && value < 1))
    throw new RangeError(`${name} must lie strictly between 0 and 1, got ${value}.`);
}

/** z_{1−α/2}: the two-sided critical value for a confidence level. */
function twoSidedCritical(confidence: number): number {
  checkProbability(confidence, 'confidence');
  return normInv(1 - (1 - confidence) / 2);
}

/**
 * Two-proportion z-test with the pooled null variance, as statsmodels `proportions_ztest` with two samples
 * (the sign is flipped: here z > 0 means B converts better):
 *   p̂ = (x_A + x_B) / (n_A + n_B),  z = (p̂_B − p̂_A) / √(p̂(1 − p̂)(1/n_A + 1/n_B)),  p = 2Φ(−|z|).
 * The interval for the difference is the unpooled Wald one, (p̂_B − p̂_A) ± z_{1−α/2}·√(p̂_A q̂_A/n_A + p̂_B q̂_B/n_B):
 * the pooled variance is right under H0 only, so it is the wrong width for an estimate.
 */
export function twoProportionZTest(input: TwoProportionInput): TwoProportionResult {
  const { conversionsA, nA, conversionsB, nB, confidence = 0.95 } = input;
  checkSuccesses(conversionsA, nA, 'arm A');
  checkSuccesses(conversionsB, nB, 'arm B');
  const critical = twoSidedCritical(confidence);

  const rateA = nA > 0 ? conversionsA / nA : null;
  const rateB = nB > 0 ? conversionsB / nB : null;
  if (rateA === null || rateB === null) {
    const empty = { z: null, pValue: null, ciLow: null, ciHigh: null } as const;
    return { kind: 'degenerate', reason: 'empty-arm', rateA, rateB, difference: null, ...empty };
  }
  const difference = rateB - rateA;
  const pooled = (conversionsA + conversionsB) / (nA + nB);
  if (pooled === 0 || pooled === 1) {
    const empty = { z: null, pValue: null, ciLow: null, ciHigh: null } as const;
    return { kind: 'degenerate', reason: 'no-variance', rateA, rateB, difference, ...empty };
  }

  const z = difference / Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  const pValue = Math.min(1, 2 * normCdf(-Math.abs(z)));
  const halfWidth = critical * Math.sqrt((rateA * (1 - rateA)) / nA + (rateB * (1 - rateB)) / nB);
  return {
    kind: 'tested',
    rateA,
    rateB,
    difference,
    z,
    pValue,
    ciLow: difference - halfWidth,
    ciHigh: difference + halfWidth
  };
}

export interface ProportionInterval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for one proportion (Wilson 1927; statsmodels `proportion_confint(method='wilson')`):
 *   (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n).
 * Unlike Wald it stays inside [0, 1] and keeps its coverage at small n. Null when n = 0: there is no rate.
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): ProportionInterval | null {
  checkSuccesses(successes, n, 'wilsonInterval');
  const z = twoSidedCritical(confidence);
  if (n === 0) return null;
  const rate = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (rate + z2 / (2 * n)) / denominator;
  const halfWidth = (z * Math.sqrt((rate * (1 - rate)) / n + z2 / (4 * n * n))) / denominator;
  // At 0 (or n) successes the interval touches 0 (or 1) exactly; the subtraction leaves a rounding residue.
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - halfWidth),
    high: successes === n ? 1 : Math.min(1, centre + halfWidth)
  };
}

export interface SampleSizeInput {
  /** Conversion rate of the control, in (0, 1). */
  baseline: number;
  /** Effect to detect as a fraction of the baseline (0.1 = +10 %); give this or `absoluteLift`. */
  relativeLift?: number;
  /** Effect to detect in rate points (0.005 = +0.5 points); give this or `relativeLift`. */
  absoluteLift?: number;
  /** Two-sided significance level; 0.05 when omitted. */
  alpha?: number;
  /** 1 − β; 0.8 when omitted. */
  power?: number;
}

/**
 * Units per arm for a two-sided two-proportion test with equal arms (Chow, Shao & Wang, "Sample Size
 * Calculations in Clinical Research", §4.2; the formula of ANALYTICS.md §11.1):
 *   n = [z_{1−α/2}·√(2p̄(1 − p̄)) + z_{1−β}·√(p_A q_A + p_B q_B)]² / (p_B − p_A)²,  p̄ = (p_A + p_B)/2,
 * rounded up.
 */
export function sampleSizePerArm(input: SampleSizeInput): number {
  const { baseline, relativeLift, absoluteLift, alpha = 0.05, power = 0.8 } = input;
  checkProbability(baseline, 'baseline');
  checkProbability(alpha, 'alpha');
  checkProbability(power, 'power');
  if ((relativeLift === undefined) === (absoluteLift === undefined)) {
    throw new RangeError('Give exactly one of relativeLift and absoluteLift.');
  }
  const target =
    relativeLift !== undefined ? baseline * (1 + relativeLift) : baseline + (absoluteLift as number);
  checkProbability(target, 'baseline plus lift');
  if (target === baseline) throw new RangeError('A lift of zero needs infinitely many units.');

  const mean = (baseline + target) / 2;
  const numerator =
    normInv(1 - alpha / 2) * Math.sqrt(2 * mean * (1 - mean)) +
    normInv(power) * Math.sqrt(baseline * (1 - baseline) + target * (1 - target));
  return Math.ceil((numerator * numerator) / ((target - baseline) * (target - baseline)));
}

export interface MinimumDetectableEffectInput {
  baseline: number;
  nA: number;
  nB: number;
  alpha?: number;
  power?: number;
}

export interface MinimumDetectableEffect {
  /** In rate points. */
  absolute: number;
  /** As a fraction of the baseline. */
  relative: number;
}

/**
 * The smallest true difference the test detects with the given power, using the baseline variance for both
 * arms (ANALYTICS.md §11.1): MDE ≈ (z_{1−α/2} + z_{1−β})·√(p(1 − p)(1/n_A + 1/n_B)).
 */
export function minimumDetectableEffect(input: MinimumDetectableEffectInput): MinimumDetectableEffect {
  const { baseline, nA, nB, alpha = 0.05, power = 0.8 } = input;
  checkProbability(baseline, 'baseline');
  checkProbability(alpha, 'alpha');
  checkProbability(power, 'power');
  if (!(nA > 0 && nB > 0 && Number.isFinite(nA) && Number.isFinite(nB))) {
    throw new RangeError(`Both arms need units, got ${nA} and ${nB}.`);
  }
  const absolute =
    (normInv(1 - alpha / 2) + normInv(power)) * Math.sqrt(baseline * (1 - baseline) * (1 / nA + 1 / nB));
  return { absolute, relative: absolute / baseline };
}

export type SampleRatioVerdict = 'ok' | 'warning' | 'low-impact' | 'alert';

export interface SampleRatioMismatch {
  chiSquare: number;
  df: number;
  pValue: number;
  /** Largest |observed share − expected share| over the arms (0.001 = 0.1 %). */
  maxShareDeviation: number;
  verdict: SampleRatioVerdict;
}

/**
 * Sample ratio mismatch: Pearson's chi-square goodness of fit of the units per arm against the configured
 * split, df = arms − 1. The verdict follows Statsig's health check (https://docs.statsig.com/experiments/monitor):
 * p ≥ 0.01 ok; p < 0.01 with every arm's share within 0.1 % of its target is a low-impact warning; otherwise
 * p < 0.001 is an alert and 0.001 ≤ p < 0.01 a warning. Statsig does not define "absolute deviation"; here it
 * is the largest difference between an arm's observed and expected share.
 *
 * `expectedShares` are weights (50/50 and 0.5/0.5 mean the same); equal when omitted. No units at all is no
 * evidence of a mismatch: χ² = 0, p = 1.
 */
export function sampleRatioMismatch(
  observed: readonly number[],
  expectedShares?: readonly number[]
): SampleRatioMismatch {
  if (observed.length < 2) throw new RangeError('A sample ratio check needs at least two arms.');
  const weights = expectedShares ?? observed.map(() => 1);
  if (weights.length !== observed.length) {
    throw new RangeError(`${observed.length} arms but ${weights.length} expected shares.`);
  }
  observed.forEach((count, arm) => checkCount(count, `units in arm ${arm + 1}`));
  for (const weight of weights) {
    if (!(weight > 0 && Number.isFinite(weight)))
      throw new RangeError(`Expected shares must be > 0, got ${weight}.`);
  }

  const df = observed.length - 1;
  const total = observed.reduce((sum, count) => sum + count, 0);
  if (total === 0) return { chiSquare: 0, df, pValue: 1, maxShareDeviation: 0, verdict: 'ok' };
  const weightTotal = weights.reduce((sum, weight) => sum + weight, 0);

  let chiSquare = 0;
  let maxShareDeviation = 0;
  observed.forEach((count, arm) => {
    const share = weights[arm] / weightTotal;
    const expected = total * share;
    chiSquare += ((count - expected) * (count - expected)) / expected;
    maxShareDeviation = Math.max(maxShareDeviation, Math.abs(count / total - share));
  });
  const pValue = chiSquareSf(chiSquare, df);
  return {
    chiSquare,
    df,
    pValue,
    maxShareDeviation,
    verdict: toSampleRatioVerdict(pValue, maxShareDeviation)
  };
}

function toSampleRatioVerdict(pValue: number, maxShareDeviation: number): SampleRatioVerdict {
  if (pValue >= 0.01) return 'ok';
  if (maxShareDeviation < 0.001) return 'low-impact';
  return pValue < 0.001 ? 'alert' : 'warning';
}
