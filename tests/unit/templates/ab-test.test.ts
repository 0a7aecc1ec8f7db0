import { beforeAll, describe, expect, it } from 'vitest';
import type { InProcessEngine } from '../../../src/lib/engine/in-process-engine';
import { engineWith, loadTemplate, problems, runTemplate } from '../../support/templates';
import { AB_SHOP, abExperiment } from './events.fixtures';

const template = loadTemplate('ab-test.md');

describe('A/B test template, on an experiment followed by hand', () => {
  let engine: InProcessEngine;
  beforeAll(async () => {
    engine = await engineWith(AB_SHOP);
  });

  it('analyses users first exposed in the period, and drops and counts the others', async () => {
    const run = await runTemplate(engine, template);
    expect(problems(run)).toEqual([]);
    // First exposed to checkout_v2 in March: U1-U7 and V1 (U9 in February, U10 after the as-of date, U8 in
    // another experiment). U6 saw both variants; U7's 14 days run past 03-31.
    expect(await run.row('ab_exclusions')).toEqual({
      exposed_users: 8,
      several_variants: 1,
      window_not_over: 1,
      analysed_users: 6
    });
    // A: U1 converts (purchase at the very second of exposure), U2 does not (its purchase is before exposure),
    // U3 does not (14 days and 1 s). B: U4 and V1 convert, U5 does not (window from its first exposure).
    // Wilson 95 %: 1 of 3 [0.0615, 0.7923], 2 of 3 [0.2077, 0.9385].
    expect(await run.rows('ab_variants')).toEqual([
      {
        variant: 'A',
        is_control: 1,
        users: 3,
        conversions: 1,
        rate: 0.3333,
        rate_low: 0.0615,
        rate_high: 0.7923,
        expected_share: 0.5
      },
      {
        variant: 'B',
        is_control: 0,
        users: 3,
        conversions: 2,
        rate: 0.6667,
        rate_low: 0.2077,
        rate_high: 0.9385,
        expected_share: 0.5
      }
    ]);
  });

  it('compares each variant with the alphabetically first one: difference, Wald interval, pooled z and lift', async () => {
    const run = await runTemplate(engine, template);
    // 2/3 − 1/3 = 0.3333; Wald margin 1.96 × √(2 × (1/3 × 2/3) / 3) = 0.7544 → [−0.4211, 1.0877].
    // Pooled p̂ = 1/2: z = 0.3333 / √(0.25 × 2/3) = 0.8165, two-sided p = 0.4142. Lift 0.3333 / 0.3333 = 1.
    expect(await run.rows('ab_comparison')).toEqual([
      {
        variant: 'B',
        control: 'A',
        control_users: 3,
        control_conversions: 1,
        variant_users: 3,
        variant_conversions: 2,
        control_rate: 0.3333,
        variant_rate: 0.6667,
        difference: 0.3333,
        difference_low: -0.4211,
        difference_high: 1.0877,
        relative_lift: 1,
        z: 0.8165,
        p_value: 0.4142,
        p_value_holm: 0.4142,
        tests: 1
      }
    ]);
    expect((await run.row('ab_verdict')).verdict).toBe(
      'B converted 66.67 % of 3 users, A (the control) 33.33 % of 3: +33.33 points (95 % interval -42.11 to ' +
        '+108.77), a relative lift of +100.0 %. This is not significant at the 5 % level (p = 0.4142): the data ' +
        'are consistent with no difference, and the interval shows how large a real one could be.'
    );
  });

  it('checks the split against the expected one, equal unless weights are given', async () => {
    const equal = await runTemplate(engine, template);
    // 3 and 3 against 3 and 3: χ² = 0, p = 1.
    expect(await equal.row('srm')).toEqual({
      users: 6,
      variants: 2,
      split: 'A 3 (expected 3.0), B 3 (expected 3.0)',
      chi_square: 0,
      df: 1,
      p_value: 1,
      largest_deviation: 0,
      verdict: 'Passed (p = 1.0000): the split is as expected.'
    });

    const weighted = await runTemplate(engine, template, { expected_split: '1, 2' });
    // Expected 2 and 4: χ² = 1²/2 + 1²/4 = 0.75, p = 0.3865; A's share 1/2 against 1/3.
    expect(await weighted.row('srm')).toMatchObject({
      split: 'A 3 (expected 2.0), B 3 (expected 4.0)',
      chi_square: 0.75,
      p_value: 0.3865,
      largest_deviation: 0.1667
    });

    // Weights that are not numbers, or not one per variant, fall back to an equal split.
    for (const expected_split of ['1, x', '1, 1, 1', '0, 1']) {
      const fallback = await runTemplate(engine, template, { expected_split });
      expect((await fallback.row('srm')).p_value, expected_split).toBe(1);
    }
  });

  it('gives the same per country, with the users of every variant', async () => {
    const run = await runTemplate(engine, template);
    // DE: A = U1 (converted), U3; B = U4 (converted). FR: A = U2; B = U5, V1 (converted; FR from its exposure
    // event's property). DE: 1/2 vs 1/1, pooled p̂ 2/3, z = 0.5 / √(2/9 × 3/2) = 0.866, p = 0.3865; FR: 0/1
    // vs 1/2, the same z. SRM: 2 and 1 against 1.5 each, χ² = 1/3, p = 0.5637, in both.
    expect(
      (await run.rows('ab_by_country')).map((row) => [
        row.country,
        row.variant,
        row.users,
        row.conversions,
        row.rate,
        row.difference,
        row.p_value,
        row.srm_p_value
      ])
    ).toEqual([
      ['DE', 'A', 2, 1, 0.5, null, null, 0.5637],
      ['DE', 'B', 1, 1, 1, 0.5, 0.3865, 0.5637],
      ['FR', 'A', 1, 0, 0, null, null, 0.5637],
      ['FR', 'B', 2, 1, 0.5, 0.5, 0.3865, 0.5637]
    ]);
  });

  it('measures the window in 24-hour units from the first exposure', async () => {
    const run = await runTemplate(engine, template, { conversion_window_days: 15 });
    // U3's purchase (14 d + 1 s) and U5's (14.5 d) now count; U7 (03-25) still has not had 15 days.
    expect((await run.rows('ab_variants')).map((row) => [row.variant, row.users, row.conversions])).toEqual([
      ['A', 3, 2],
      ['B', 3, 3]
    ]);
  });

  it('takes any event as the conversion, and any experiment', async () => {
    const addToCart = await runTemplate(engine, template, { conversion_event: 'add_to_cart' });
    // Only U2 adds to cart (03-03, after its exposure on 03-02).
    expect(
      (await addToCart.rows('ab_variants')).map((row) => [row.variant, row.users, row.conversions])
    ).toEqual([
      ['A', 3, 1],
      ['B', 3, 0]
    ]);

    const other = await runTemplate(engine, template, { experiment_id: 'other_test' });
    expect(problems(other)).toEqual([]);
    // One variant (U8, converted): nothing to compare, no split to check.
    expect((await other.rows('ab_variants')).map((row) => [row.variant, row.users, row.conversions])).toEqual(
      [['A', 1, 1]]
    );
    expect(await other.rows('ab_comparison')).toEqual([]);
    expect((await other.row('srm')).verdict).toBe('Fewer than two variants: there is no split to check.');
    expect((await other.row('ab_verdict')).verdict).toBe(
      'Fewer than two variants have analysed users: there is nothing to compare.'
    );
  });
});

describe('A/B test template, on the reference numbers of ANALYTICS.md §11.2', () => {
  let engine: InProcessEngine;
  beforeAll(async () => {
    engine = await engineWith(
      abExperiment([
        { variant: 'A', users: 294, conversions: 99 },
        { variant: 'B', users: 306, conversions: 126 }
      ])
    );
  });

  it('gives z = 1.8977, p = 0.0577, the interval [−0.0022, 0.1522] and SRM p = 0.624', async () => {
    const run = await runTemplate(engine, template);
    expect(problems(run)).toEqual([]);
    expect(await run.row('ab_comparison')).toMatchObject({
      control_rate: 0.3367,
      variant_rate: 0.4118,
      difference: 0.075,
      difference_low: -0.0022,
      difference_high: 0.1522,
      z: 1.8977,
      p_value: 0.0577,
      relative_lift: 0.2228
    });
    // (294 − 300)² / 300 + (306 − 300)² / 300 = 0.24.
    expect(await run.row('srm')).toMatchObject({ chi_square: 0.24, df: 1, p_value: 0.6242 });
    expect((await run.row('srm')).p_value).toBeCloseTo(0.624, 3);
  });

  it('sizes a test: 31,234 users per arm for 5 % → 5.5 % at α = 0.05 and power 0.8', async () => {
    const run = await runTemplate(engine, template, { baseline_rate: 0.05 });
    // ANALYTICS.md §12 (and scipy): 31,233.4 rounded up. MDE with 294 and 306 users at p = 0.05:
    // (1.96 + 0.8416) × √(0.05 × 0.95 × (1/294 + 1/306)) = 0.0499, relative 0.9973.
    expect(await run.row('planning')).toEqual({
      baseline_rate: 0.05,
      target_rate: 0.055,
      relative_lift: 0.1,
      alpha: 0.05,
      power: 0.8,
      users_per_arm: 31234,
      control_users: 294,
      variant_users: 306,
      mde_absolute: 0.0499,
      mde_relative: 0.9973
    });
    // Without a baseline, the control's rate 99/294 = 0.3367: 3,163 users per arm for +10 %.
    const observed = await runTemplate(engine, template);
    expect(await observed.row('planning')).toMatchObject({
      baseline_rate: 0.3367,
      target_rate: 0.3704,
      users_per_arm: 3163,
      mde_absolute: 0.1081
    });
  });
});

describe('A/B test template, with three variants', () => {
  it('adjusts the p-values for the two comparisons (Holm), and the verdict follows', async () => {
    const engine = await engineWith(
      abExperiment([
        { variant: 'A', users: 100, conversions: 20 },
        { variant: 'B', users: 100, conversions: 33 },
        { variant: 'C', users: 100, conversions: 21 }
      ])
    );
    const run = await runTemplate(engine, template);
    expect(problems(run)).toEqual([]);
    // Pooled z (checked with scipy): B vs A 13 points, p̂ = 0.265, z = 2.083, p = 0.0373; C vs A p = 0.8610.
    // Holm: the smaller p × 2 = 0.0745, the larger × 1 (never below the one before) = 0.8610. B is no longer
    // significant at 5 %.
    expect(
      (await run.rows('ab_comparison')).map((row) => [row.variant, row.p_value, row.p_value_holm, row.tests])
    ).toEqual([
      ['B', 0.0373, 0.0745, 2],
      ['C', 0.861, 0.861, 2]
    ]);
    expect((await run.row('ab_verdict')).verdict).toContain(
      'This is not significant at the 5 % level (p = 0.0745, Holm-adjusted)'
    );
  });
});
