import { describe, expect, it } from 'vitest';
import { bgnbdExpectedPurchases } from './bgnbd';
import { discountedClv, toMonthlyDiscountRate, toTimeUnit } from './clv';
import { gammaGammaExpectedSpend } from './gamma-gamma';

/** The maximum-likelihood fits on lifetimes' CDNOW summary (scipy 1.17, full precision). */
const BG = { r: 0.24259291180678397, alpha: 4.413531809447087, a: 0.79288616244579, b: 2.425753716010661 };
const GG = { p: 6.248802624868081, q: 3.744588534779013, gamma: 15.447748240815406 };

describe('discountedClv', () => {
  // scipy 1.17, lifetimes' `_customer_lifetime_value` loop. With the day factor (30) these are the values in
  // lifetimes' documentation (140.096, 18.943, 38.181), which leaves `freq` at its default 'D' on weekly data.
  it.each([
    ['day', 12, 0.01, 2, 30.43, 38.86, 22.35, 140.09621804096847],
    ['day', 12, 0.01, 1, 1.71, 38.86, 11.77, 18.943470204514497],
    ['day', 12, 0.01, 0, 0, 38.86, 0, 38.18057488095911],
    ['week', 12, 0.01, 2, 30.43, 38.86, 22.35, 36.278497365884164],
    ['week', 12, 0.01, 1, 1.71, 38.86, 11.77, 4.637467333179374],
    ['week', 12, 0.01, 0, 0, 38.86, 0, 8.344092905392774],
    ['month', 6, 0, 2, 30.43, 38.86, 22.35, 5.390978258304373]
  ] as const)(
    'in %ss over %d months at %d a month, for x = %d, t_x = %d, T = %d, m̄ = %d, is %d',
    (unit, months, monthlyDiscount, x, tx, T, m, expected) => {
      const value = discountedClv(
        (t) => bgnbdExpectedPurchases(BG, t, x, tx, T),
        gammaGammaExpectedSpend(GG, x, m),
        { months, monthlyDiscount, unit }
      );
      expect(value).toBeCloseTo(expected, 6);
    }
  );

  it('is spend × purchases when nothing is discounted, and less when it is', () => {
    const purchases = (t: number) => t / 4.345;
    expect(discountedClv(purchases, 10, { months: 12, monthlyDiscount: 0, unit: 'week' })).toBeCloseTo(
      120,
      10
    );
    // Σ 10 / 1.01^i for i = 1..12.
    const discounted = Array.from({ length: 12 }, (_, i) => 10 / 1.01 ** (i + 1)).reduce((a, b) => a + b);
    expect(discountedClv(purchases, 10, { months: 12, monthlyDiscount: 0.01, unit: 'week' })).toBeCloseTo(
      discounted,
      10
    );
    expect(discountedClv(purchases, 10, { months: 0, monthlyDiscount: 0.01, unit: 'week' })).toBe(0);
  });

  it('is NaN for a horizon or rate that makes no sense', () => {
    const purchases = (t: number) => t;
    expect(discountedClv(purchases, 10, { months: 1.5, monthlyDiscount: 0, unit: 'day' })).toBeNaN();
    expect(discountedClv(purchases, 10, { months: -1, monthlyDiscount: 0, unit: 'day' })).toBeNaN();
    expect(discountedClv(purchases, 10, { months: 12, monthlyDiscount: -1, unit: 'day' })).toBeNaN();
    expect(discountedClv(purchases, NaN, { months: 12, monthlyDiscount: 0, unit: 'day' })).toBeNaN();
  });
});

describe('time units and rates', () => {
  it.each([
    ['D', 'day'],
    ['days', 'day'],
    [' Week ', 'week'],
    ['W', 'week'],
    ['m', 'month'],
    ['MONTHS', 'month'],
    ['hour', null],
    ['constructor', null]
  ])('reads %s as %s', (name, unit) => {
    expect(toTimeUnit(name)).toBe(unit);
  });

  it('turns an annual discount rate into the monthly one that compounds to it', () => {
    expect(toMonthlyDiscountRate(0.1)).toBeCloseTo(1.1 ** (1 / 12) - 1, 15);
    expect((1 + toMonthlyDiscountRate(0.1268250301319698)) ** 12).toBeCloseTo(1.1268250301319698, 12);
    expect(toMonthlyDiscountRate(0)).toBe(0);
    expect(toMonthlyDiscountRate(-1)).toBeNaN();
  });
});
