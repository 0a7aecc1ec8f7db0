import { beforeAll, describe, expect, it } from 'vitest';
import type { InProcessEngine } from '../../../src/lib/engine/in-process-engine';
import { csv, engineWith, loadTemplate, problems, runTemplate } from '../../support/templates';
import { REFERRAL_SHOP, REFERRAL_SHOP_SUCCESSES_ONLY } from './referral.fixtures';

const template = loadTemplate('referral-fission.md');

describe('referral template, on a programme computed by hand', () => {
  let engine: InProcessEngine;
  beforeAll(async () => {
    engine = await engineWith(REFERRAL_SHOP);
  });

  it('gives every referral row one outcome and credits each referee once', async () => {
    const run = await runTemplate(engine, template);
    expect(problems(run)).toEqual([]);
    // Rows 1, 4, 6, 10, 11, 12 credited; 2, 8, 9, 13 not converted; one each of the rest (15 rows).
    expect(await run.rows('referral_outcomes')).toEqual([
      { outcome: 'credited', referral_rows: 6, share_of_rows: 0.4 },
      { outcome: 'not converted', referral_rows: 4, share_of_rows: 0.2667 },
      { outcome: 'after the as-of date', referral_rows: 1, share_of_rows: 0.0667 },
      { outcome: 'already a customer', referral_rows: 1, share_of_rows: 0.0667 },
      { outcome: 'later referrer', referral_rows: 1, share_of_rows: 0.0667 },
      { outcome: 'self-referral', referral_rows: 1, share_of_rows: 0.0667 },
      { outcome: 'undated', referral_rows: 1, share_of_rows: 0.0667 }
    ]);
    const edges = (await run.rows('referral_edges')).map((row) => [
      row.referrer_id,
      row.referee_id,
      row.referrer_country,
      row.referee_country
    ]);
    // In order of conversion: C3 01-20, C4 02-01 (C3's invite of 01-28 beats C2's of 01-30), C5, C6, C9, C8.
    expect(edges).toEqual([
      ['C1', 'C3', 'DE', 'DE'],
      ['C3', 'C4', 'DE', 'US'],
      ['C2', 'C5', 'FR', 'FR'],
      ['C4', 'C6', 'US', 'US'],
      ['C8', 'C9', 'JP', 'JP'],
      ['C9', 'C8', 'JP', 'JP']
    ]);
  });

  it('measures i, c and K to date and within the window, pooled over complete windows', async () => {
    const run = await runTemplate(engine, template);
    // Members (first completed order in the period): C1, C7, C2, C3, C4, C5, C6, C8 = 8 (C9 never bought).
    // Invites (credited, not converted, later referrer, already a customer): C1 rows 1, 2, 3 = 3; C2 rows 5, 6,
    // 8 = 3 (7 is a self-referral); C3 rows 4, 9 = 2 (15 undated); C4 row 10; C5 row 13; C8 row 11 → 11.
    // Credited: C1, C2, C3, C4, C8 one each → 5. i = 11/8 = 1.375, c = 5/11 = 0.4545, K = 5/8 = 0.625.
    // Participation: C1, C2, C3, C4, C5, C8 = 6/8. Acquired by referral: C3, C4, C5, C6, C8 = 5/8.
    // W = 90 days; as of 2024-04-30 the members have had C1 116, C7 116, C2 115, C3 96, C4 85, C5 78, C6 51,
    // C8 36 days: 4 complete windows, in which C1, C2, C3 each referred one within 90 days → 3/4.
    expect(await run.row('programme')).toEqual({
      members: 8,
      referrers: 6,
      participation_rate: 0.75,
      invites: 11,
      referred: 5,
      invites_per_member: 1.375,
      invite_conversion: 0.4545,
      k: 0.625,
      window_members: 4,
      k_within_window: 0.75,
      acquired_by_referral: 5,
      share_acquired_by_referral: 0.625,
      invites_logged: 1,
      invite_note:
        'Invites are logged (rows without a referee), so K splits into invites per member (i) × invite conversion (c).'
    });
  });

  it('gives K per acquisition cohort within W days and flags cohorts younger than W', async () => {
    const cohorts = async (windowDays: number) =>
      (await (await runTemplate(engine, template, { window_days: windowDays })).rows('k_by_cohort')).map(
        (row) => [
          row.cohort,
          row.members,
          row.invites,
          row.referred,
          row.invites_per_member,
          row.invite_conversion,
          row.k_within_window,
          row.share_acquired_by_referral,
          row.window
        ]
      );
    // W = 90: every invite and conversion falls within 90 days of the referrer's first order.
    // 2024-01 (C1, C7, C2, C3): invites 3 + 0 + 3 + 2 = 8, credited 3; C3 was referred → 1/4.
    // 2024-02 (C4, C5): invites 1 + 1, credited 1 (C6); both referred; C4 85 and C5 78 days < 90: incomplete.
    // 2024-03 (C6, C8): invites 0 + 1 (row 11, 5 days before C8's first order, counts), credited 1.
    expect(await cohorts(90)).toEqual([
      ['2024-01', 4, 8, 3, 2, 0.375, 0.75, 0.25, 'complete'],
      ['2024-02', 2, 2, 1, 1, 0.5, 0.5, 1, 'incomplete'],
      ['2024-03', 2, 1, 1, 0.5, 1, 0.5, 1, 'incomplete']
    ]);
    // W = 45: C2's invite of 03-01 (55 days after 01-06) and C5's of 04-25 (73 days after 02-12) fall out.
    // 2024-01: invites 3 + 0 + 2 + 2 = 7, credited 3 (C5 converted 35 days after C2's first order).
    // 2024-02 is complete now (85, 78 ≥ 45); 2024-03 is not (C8: 36 days).
    expect(await cohorts(45)).toEqual([
      ['2024-01', 4, 7, 3, 1.75, 0.4286, 0.75, 0.25, 'complete'],
      ['2024-02', 2, 1, 1, 0.5, 1, 0.5, 1, 'complete'],
      ['2024-03', 2, 1, 1, 0.5, 1, 0.5, 1, 'incomplete']
    ]);
    // Pooled over the 7 members with 45 days behind them: C1, C2, C3, C4 referred one each → 4/7.
    const pooled = await runTemplate(engine, template, { window_days: 45 });
    expect(await pooled.row('programme')).toMatchObject({ window_members: 7, k_within_window: 0.5714 });
  });

  it('says K cannot be split into i × c when only successful referrals are logged', async () => {
    const successes = await engineWith(REFERRAL_SHOP_SUCCESSES_ONLY);
    const run = await runTemplate(successes, template);
    expect(problems(run)).toEqual([]);
    // Rows 2, 8, 9, 14, 15 are gone: the credits and K = 5/8 stay; i and c are left empty.
    expect(await run.row('programme')).toMatchObject({
      members: 8,
      invites: 8,
      referred: 5,
      invites_per_member: null,
      invite_conversion: null,
      k: 0.625,
      invites_logged: 0,
      invite_note:
        'Only successful referrals are logged (no row without a referee): K is measured, but it cannot be split into invites per member (i) × invite conversion (c), which are left empty.'
    });
    expect(
      (await run.rows('k_by_cohort')).map((row) => [row.invites_per_member, row.k_within_window])
    ).toEqual([
      [null, 0.75],
      [null, 0.5],
      [null, 0.5]
    ]);
  });

  it('times the loop from the referrer’s signup to the referee’s conversion', async () => {
    const run = await runTemplate(engine, template);
    // Signup → conversion: C1→C3 19, C3→C4 12, C2→C5 39, C4→C6 33 (02-01 → 03-05), C8→C9 1, C9→C8 1 days.
    // Mean 105/6 = 17.5; median of 1, 1, 12, 19, 33, 39 = (12 + 19)/2 = 15.5.
    // Invite → conversion: 8, 4, 7, 9, 1, 1: mean 30/6 = 5; median (4 + 7)/2 = 5.5.
    expect(await run.row('cycle_time')).toEqual({
      referrals: 6,
      mean_cycle_days: 17.5,
      median_cycle_days: 15.5,
      mean_invite_to_conversion_days: 5,
      median_invite_to_conversion_days: 5.5
    });
  });

  it('builds generations from the roots, never loops, and counts looped referees apart', async () => {
    const run = await runTemplate(engine, template);
    // Roots (nobody credited them): C1, C2, C7; C7 referred no one, so only two cascades:
    // C1 → C3 → C4 → C6 and C2 → C5. C8 ⇄ C9 have no root: two referees in a loop, left out.
    expect(
      (await run.rows('referral_tree')).map((row) => [row.customer_id, row.root_id, row.generation, row.path])
    ).toEqual([
      ['C1', 'C1', 0, '>C1>'],
      ['C3', 'C1', 1, '>C1>C3>'],
      ['C4', 'C1', 2, '>C1>C3>C4>'],
      ['C6', 'C1', 3, '>C1>C3>C4>C6>'],
      ['C2', 'C2', 0, '>C2>'],
      ['C5', 'C2', 1, '>C2>C5>']
    ]);
    expect(await run.row('tree_summary')).toEqual({
      cascades: 2,
      referred_in_cascades: 4,
      deepest_generation: 3,
      average_referred_per_cascade: 2,
      referees_left_out: 2
    });
    // Generation 0: C1, C2 (both refer: 2 referrers), next generation 2 → branching 1.
    // Generation 1: C3, C5; only C3 refers → 0.5; next 1 → 0.5. Generation 2: C4 → C6. Generation 3: C6.
    expect(await run.rows('generations')).toEqual([
      { generation: 0, customers: 2, referrers: 2, share_referring: 1, branching_factor: 1 },
      { generation: 1, customers: 2, referrers: 1, share_referring: 0.5, branching_factor: 0.5 },
      { generation: 2, customers: 1, referrers: 1, share_referring: 1, branching_factor: 1 },
      { generation: 3, customers: 1, referrers: 0, share_referring: 0, branching_factor: 0 }
    ]);
    // C1's cascade: 3 referred, 1 direct, depth 3, countries DE (C1, C3) and US (C4, C6).
    expect(await run.rows('largest_cascades')).toEqual([
      {
        root_id: 'C1',
        root_country: 'DE',
        referred_customers: 3,
        direct_referrals: 1,
        depth: 3,
        countries: 2
      },
      {
        root_id: 'C2',
        root_country: 'FR',
        referred_customers: 1,
        direct_referrals: 1,
        depth: 1,
        countries: 1
      }
    ]);
  });

  it('matches whole ids on the path and stops a chain at the depth cap', async () => {
    // One chain L55 → L54 → … → L0. Generation g holds L(55 − g); the cap stops at generation 50 (L5), so L4..L0
    // are left out. L5 is a substring of its ancestors L55 and L54 … L50: only an exact-token check lets it in.
    const ids = Array.from({ length: 56 }, (_, i) => `L${55 - i}`);
    const chain = await engineWith({
      customers: csv('customer_id,created_at,country', ...ids.map((id) => [id, '2024-01-01', 'DE'])),
      orders: csv(
        'order_id,customer_id,order_date,currency,amount,cogs,status',
        ['O1', 'L55', '2024-01-01', 'EUR', 10, 4, 'completed'],
        ['O2', 'L55', '2024-06-30', 'EUR', 10, 4, 'completed']
      ),
      referrals: csv(
        'referrer_id,referee_id,invited_at,converted_at,reward_amount,reward_currency',
        ...ids.slice(1).map((id, i) => [ids[i], id, '2024-01-02', '2024-01-03', null, null])
      ),
      fx_rates: csv('date,base_currency,quote_currency,rate', ['2024-01-01', 'EUR', 'USD', 1.1])
    });
    const run = await runTemplate(chain, template);
    expect(problems(run)).toEqual([]);
    expect(await run.row('tree_summary')).toEqual({
      cascades: 1,
      referred_in_cascades: 50,
      deepest_generation: 50,
      average_referred_per_cascade: 50,
      referees_left_out: 5
    });
  });

  it('finds cross-border referrals and the flows between countries and regions', async () => {
    const run = await runTemplate(engine, template);
    // Six credited referrals, all countries known; only C3 (DE) → C4 (US) crosses a border, and a region.
    expect(await run.row('cross_border')).toEqual({
      referrals: 6,
      with_both_countries: 6,
      cross_border: 1,
      cross_border_share: 0.1667,
      cross_region: 1,
      cross_region_share: 0.1667
    });
    expect(await run.rows('country_flows')).toEqual([
      { referrer_country: 'JP', referee_country: 'JP', referrals: 2, share_of_referrer_country: 1 },
      { referrer_country: 'DE', referee_country: 'DE', referrals: 1, share_of_referrer_country: 0.5 },
      { referrer_country: 'DE', referee_country: 'US', referrals: 1, share_of_referrer_country: 0.5 },
      { referrer_country: 'FR', referee_country: 'FR', referrals: 1, share_of_referrer_country: 1 },
      { referrer_country: 'US', referee_country: 'US', referrals: 1, share_of_referrer_country: 1 }
    ]);
    expect(await run.rows('top_cross_border_flows')).toEqual([
      {
        referrer_country: 'DE',
        referrer_country_name: 'Germany',
        referee_country: 'US',
        referee_country_name: 'United States',
        referrals: 1,
        share_of_referrer_country: 0.5
      }
    ]);
    // EMEA sent three: DE → DE and FR → FR stay (2/3), DE → US goes to NA (1/3).
    expect(await run.rows('region_flows')).toEqual([
      { referrer_region: 'APAC', referee_region: 'APAC', referrals: 2, share_of_referrer_region: 1 },
      { referrer_region: 'EMEA', referee_region: 'EMEA', referrals: 2, share_of_referrer_region: 0.6667 },
      { referrer_region: 'EMEA', referee_region: 'NA', referrals: 1, share_of_referrer_region: 0.3333 },
      { referrer_region: 'NA', referee_region: 'NA', referrals: 1, share_of_referrer_region: 1 }
    ]);
  });

  it('costs rewards at the conversion date’s rate per referred customer', async () => {
    // Rewards dated in the period: rows 1, 3, 7 (10 EUR each, paid even where not credited), 4 (11 USD at
    // 1.1 = 10 EUR), 6 (9 GBP: no rate, left out) and 10 (12.5 USD at 03-05's 1.25 = 10 EUR; the invite
    // day's 1.1 would give 11.36) → 50 EUR. Referred: 6 credited, 5 of them bought (not C9).
    const eur = await runTemplate(engine, template);
    expect(await eur.row('referral_cac')).toEqual({
      rewarded_referrals: 6,
      rewards_without_rate: 1,
      rewards: 50,
      referred_customers: 6,
      referred_buyers: 5,
      cac_per_referred_customer: 8.33,
      cac_per_referred_buyer: 10
    });
    // In USD: 11 + 11 + 11 (row 7 on 02-15 at 1.1) + 11 + 12.5 = 56.5; 56.5/6 = 9.42, 56.5/5 = 11.3.
    const usd = await runTemplate(engine, template, { reporting_currency: 'USD' });
    expect(await usd.row('referral_cac')).toMatchObject({
      rewards: 56.5,
      cac_per_referred_customer: 9.42,
      cac_per_referred_buyer: 11.3
    });
  });

  it('compares the value to date of referred and other customers', async () => {
    const run = await runTemplate(engine, template);
    // Referred members C3 100 (2 orders), C4 200 (2: 110 USD/1.1 and 125 USD/1.25), C5 50 (2), C6 100 (1),
    // C8 10 (1): 460 EUR over 5 customers and 8 orders; repeat C3, C4, C5; tenure 96 + 85 + 78 + 51 + 36 = 346.
    // Others C1 140 (2), C7 50 (1), C2 80 (1): 270 EUR over 3 customers and 4 orders; tenure 116 + 116 + 115.
    // Shares of the 730 EUR: 460/730 = 0.6301 and 270/730 = 0.3699.
    expect(await run.rows('referred_value')).toEqual([
      {
        acquisition: 'referred',
        customers: 5,
        revenue_per_customer: 92,
        share_of_revenue: 0.6301,
        orders_per_customer: 1.6,
        repeat_rate: 0.6,
        average_order_value: 57.5,
        average_tenure_days: 69.2
      },
      {
        acquisition: 'not referred',
        customers: 3,
        revenue_per_customer: 90,
        share_of_revenue: 0.3699,
        orders_per_customer: 1.33,
        repeat_rate: 0.3333,
        average_order_value: 67.5,
        average_tenure_days: 115.7
      }
    ]);
  });

  it('follows the period: members acquired in it, referrals converted in it', async () => {
    const run = await runTemplate(engine, template, { period: { from: '2024-02-01', to: null } });
    // Members C4, C5, C6, C8: invites 1 + 1 + 0 + 1 = 3, credited C6 and C9 → K = 2/4, i = 3/4, c = 2/3;
    // all four were referred; none has had 90 days, so there is no pooled K within the window.
    expect(await run.row('programme')).toMatchObject({
      members: 4,
      referrers: 3,
      invites: 3,
      referred: 2,
      invites_per_member: 0.75,
      invite_conversion: 0.6667,
      k: 0.5,
      window_members: 0,
      k_within_window: null,
      share_acquired_by_referral: 1
    });
    // C3's conversion (01-20) is before the period: five referrals, still one across a border.
    expect(await run.row('cross_border')).toMatchObject({
      referrals: 5,
      cross_border: 1,
      cross_border_share: 0.2
    });
  });
});
