/**
 * Discounted customer lifetime value from a purchase model and a spend model (ANALYTICS.md §4.4; lifetimes
 * `_customer_lifetime_value`, pymc-marketing `customer_lifetime_value`):
 *
 *   CLV = Σ_{i=1..H} E[M] · (E[X(i·f)] − E[X((i−1)·f)]) / (1 + d)^i
 *
 * with H the horizon in months, f the periods of the data's time unit in a month and d the monthly discount
 * rate: each month's expected purchases, valued at the expected spend and discounted to today.
 */

export type TimeUnit = 'day' | 'week' | 'month';

/** Periods per month, lifetimes' factors (a 30-day month, 4.345 weeks), so results match it. */
export const PERIODS_PER_MONTH: Readonly<Record<TimeUnit, number>> = { day: 30, week: 4.345, month: 1 };

/** Days per period when summarising dates: a month is the mean Gregorian month, 365.25 / 12 days. */
export const DAYS_PER_PERIOD: Readonly<Record<TimeUnit, number>> = { day: 1, week: 7, month: 365.25 / 12 };

const UNIT_NAMES: Readonly<Record<string, TimeUnit>> = {
  d: 'day',
  day: 'day',
  days: 'day',
  w: 'week',
  week: 'week',
  weeks: 'week',
  m: 'month',
  month: 'month',
  months: 'month'
};

/** The time unit a name stands for: lifetimes' 'D', 'W', 'M' or the word, in any case; null for others. */
export function toTimeUnit(name: string): TimeUnit | null {
  return Object.hasOwn(UNIT_NAMES, name.trim().toLowerCase()) ? UNIT_NAMES[name.trim().toLowerCase()] : null;
}

/** The monthly rate compounding to an annual one: (1 + annual)^(1/12) − 1; NaN at or below −100 %. */
export function toMonthlyDiscountRate(annualRate: number): number {
  return annualRate > -1 ? Math.expm1(Math.log1p(annualRate) / 12) : NaN;
}

export interface ClvHorizon {
  /** Whole months. */
  months: number;
  /** The monthly discount rate (0: none; lifetimes defaults to 0.01, pymc-marketing to 0). */
  monthlyDiscount: number;
  unit: TimeUnit;
}

/**
 * CLV over `months` whole months for a customer whose expected cumulative purchases after t periods are
 * `expectedPurchases(t)` and whose expected spend per purchase is `spend`. NaN for a horizon that is not a
 * whole number of months ≥ 0, a discount rate at or below −100 %, or a non-finite spend.
 */
export function discountedClv(
  expectedPurchases: (periods: number) => number,
  spend: number,
  { months, monthlyDiscount, unit }: ClvHorizon
): number {
  if (!Number.isInteger(months) || months < 0 || !(monthlyDiscount > -1) || !Number.isFinite(spend))
    return NaN;
  const factor = PERIODS_PER_MONTH[unit];
  let value = 0;
  let before = 0;
  for (let month = 1; month <= months; month += 1) {
    const cumulative = expectedPurchases(month * factor);
    value += (spend * (cumulative - before)) / (1 + monthlyDiscount) ** month;
    before = cumulative;
  }
  return value;
}
