/**
 * The few distribution functions the analysis templates need (ANALYTICS.md §12), small enough to own rather
 * than pull a statistics library into the bundle. Like `Math.*`, they return NaN for a NaN argument; callers
 * that face user data (the A/B helpers, the SQL functions) turn that into an explicit "no value".
 */

/**
 * Complementary error function, Chebyshev fit from Numerical Recipes in C (2nd ed., §6.2, `erfcc`):
 * fractional error below 1.2e-7 everywhere, which is far finer than any p-value a report shows.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const tail =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    );
  return x >= 0 ? tail : 2 - tail;
}

/** Standard normal CDF, Φ(z) = erfc(−z/√2) / 2; |error| < 1.2e-7 (see `erfc`). */
export function normCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

const ACKLAM_A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239
];
const ACKLAM_B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1
];
const ACKLAM_C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783
];
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const ACKLAM_P_LOW = 0.02425;

function tailQuantile(q: number): number {
  const [c0, c1, c2, c3, c4, c5] = ACKLAM_C;
  const [d0, d1, d2, d3] = ACKLAM_D;
  return (
    (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
  );
}

/**
 * Standard normal quantile Φ⁻¹(p) by P. J. Acklam's rational approximation (relative error < 1.15e-9;
 * https://web.archive.org/web/20151030215612/http://home.online.no/~pjacklam/notes/invnorm/).
 * No Halley refinement step: refining against `normCdf`, whose error is 1.2e-7, would make it worse.
 */
export function normInv(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normInv needs 0 < p < 1, got ${p}.`);
  if (p < ACKLAM_P_LOW) return tailQuantile(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - ACKLAM_P_LOW) return -tailQuantile(Math.sqrt(-2 * Math.log1p(-p)));
  const [a0, a1, a2, a3, a4, a5] = ACKLAM_A;
  const [b0, b1, b2, b3, b4] = ACKLAM_B;
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}

const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln |Γ(x)| by the Lanczos approximation (g = 7, 9 coefficients; about 15 significant digits), with the
 * reflection formula Γ(x)Γ(1−x) = π / sin(πx) below 1/2. Poles (0, −1, −2, …) give +Infinity.
 */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x < 0.5) {
    const sine = Math.abs(Math.sin(Math.PI * x));
    if (Number.isInteger(x) || sine === 0) return Infinity;
    return Math.log(Math.PI / sine) - lgamma(1 - x);
  }
  const shifted = x - 1;
  let series = LANCZOS_COEFFICIENTS[0];
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i += 1) series += LANCZOS_COEFFICIENTS[i] / (shifted + i);
  const t = shifted + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (shifted + 0.5) * Math.log(t) - t + Math.log(series);
}

const GAMMA_EPSILON = 1e-15;
const GAMMA_TINY = 1e-300;
// The series needs about √s terms more than x for large s; this cap is reached only for s in the millions,
// where the partial result is still accurate to many digits.
const GAMMA_MAX_ITERATIONS = 100_000;

/** x^s e^(−x) / Γ(s), the common prefactor of both expansions, computed in logs to avoid overflow. */
function gammaPrefactor(s: number, x: number): number {
  return Math.exp(-x + s * Math.log(x) - lgamma(s));
}

/** P(s, x) by its power series (Numerical Recipes `gser`); converges fast for x < s + 1. */
function gammaPSeries(s: number, x: number): number {
  let term = 1 / s;
  let sum = term;
  for (let n = 1; n < GAMMA_MAX_ITERATIONS; n += 1) {
    term *= x / (s + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * GAMMA_EPSILON) break;
  }
  return sum * gammaPrefactor(s, x);
}

/** Q(s, x) by its continued fraction, modified Lentz (Numerical Recipes `gcf`); converges fast for x ≥ s + 1. */
function gammaQContinuedFraction(s: number, x: number): number {
  let b = x + 1 - s;
  let c = 1 / GAMMA_TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < GAMMA_MAX_ITERATIONS; i += 1) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < GAMMA_TINY) d = GAMMA_TINY;
    c = b + an / c;
    if (Math.abs(c) < GAMMA_TINY) c = GAMMA_TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < GAMMA_EPSILON) break;
  }
  return gammaPrefactor(s, x) * h;
}

/** Regularised lower incomplete gamma P(s, x) = γ(s, x) / Γ(s), for s > 0 and x ≥ 0 (NaN otherwise). */
export function gammaP(s: number, x: number): number {
  if (!(s > 0) || !(x >= 0) || s === Infinity) return NaN;
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  return x < s + 1 ? gammaPSeries(s, x) : 1 - gammaQContinuedFraction(s, x);
}

/**
 * Regularised upper incomplete gamma Q(s, x) = 1 − P(s, x). Computed directly in the upper tail so that
 * small p-values keep their relative precision instead of being lost in 1 − P.
 */
export function gammaQ(s: number, x: number): number {
  if (!(s > 0) || !(x >= 0) || s === Infinity) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < s + 1 ? 1 - gammaPSeries(s, x) : gammaQContinuedFraction(s, x);
}

/** Survival function of the chi-square distribution, P(X > x) = Q(df/2, x/2); 1 for x ≤ 0, NaN for df ≤ 0. */
export function chiSquareSf(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0)) return NaN;
  if (x <= 0) return 1;
  return gammaQ(df / 2, x / 2);
}
