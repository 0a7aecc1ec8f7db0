/**
 * The Gauss hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1, as the BG/NBD conditional expectation needs
 * it (ANALYTICS.md §4.4). The power series Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ converges for |z| < 1, but its terms grow
 * before they shrink when a and b are large next to c (heavy buyers), and it converges slowly as z → 1 (long
 * horizons, young customers). Then Euler's transformation
 *
 *   ₂F₁(a, b; c; z) = (1 − z)^(c − a − b) · ₂F₁(c − a, c − b; c; z)
 *
 * usually rescues it: for the BG/NBD arguments its series has small parameters and decays fast. lifetimes does
 * the same when scipy's value overflows (`BetaGeoFitter.conditional_expected_number_of_purchases_up_to_time`).
 */

/** Terms summed before a series is declared not to converge: enough for z up to about 1 − 3·10⁻⁴. */
export const HYP2F1_MAX_TERMS = 100_000;

const EPSILON = 1e-16;

export interface SeriesResult {
  value: number;
  /** Terms added, including the leading 1. */
  terms: number;
  /** False when the cap was reached or the sum overflowed: `value` is then not to be trusted. */
  converged: boolean;
}

/**
 * The power series alone, summed until the rest is below 10⁻¹⁶ of the sum (a geometric bound on the tail,
 * from the current term ratio) or a term is exactly 0 (a or b a non-positive integer: a polynomial).
 */
export function hyp2f1Series(
  a: number,
  b: number,
  c: number,
  z: number,
  maxTerms = HYP2F1_MAX_TERMS
): SeriesResult {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < maxTerms; n += 1) {
    const ratio = (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    term *= ratio;
    sum += term;
    if (!Number.isFinite(sum)) return { value: sum, terms: n + 2, converged: false };
    if (term === 0) return { value: sum, terms: n + 2, converged: true };
    const shrink = Math.max(Math.abs(ratio), z);
    if (shrink < 1 && Math.abs(term) * (shrink / (1 - shrink)) <= EPSILON * Math.abs(sum)) {
      return { value: sum, terms: n + 2, converged: true };
    }
  }
  return { value: sum, terms: maxTerms + 1, converged: false };
}

/**
 * ₂F₁(a, b; c; z) for 0 ≤ z < 1 and c not a non-positive integer: the power series, or Euler's transformation
 * of it when the series overflows or does not converge within `maxTerms`. NaN when neither converges or the
 * arguments are outside that domain.
 */
export function hyp2f1(a: number, b: number, c: number, z: number, maxTerms = HYP2F1_MAX_TERMS): number {
  if (![a, b, c, z].every(Number.isFinite) || z < 0 || z >= 1) return NaN;
  if (c <= 0 && Number.isInteger(c)) return NaN;
  const direct = hyp2f1Series(a, b, c, z, maxTerms);
  if (direct.converged) return direct.value;
  const euler = hyp2f1Series(c - a, c - b, c, z, maxTerms);
  if (!euler.converged) return NaN;
  // The prefactor in logs: (1 − z)^(c − a − b) alone may overflow where the product does not.
  const logPrefactor = (c - a - b) * Math.log1p(-z);
  const value = Math.sign(euler.value) * Math.exp(logPrefactor + Math.log(Math.abs(euler.value)));
  return euler.value === 0 ? 0 : value;
}
