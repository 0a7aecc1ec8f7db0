import { csv, type CsvTables } from '../../support/templates';

/**
 * A referral programme small enough to follow by hand (the expected values are derived in
 * `referral-fission.test.ts`). Rates: 1 EUR = 1.1 USD from 2024-01-01 and 1.25 USD from 2024-03-01; no GBP rate.
 * The as-of date is the last order, 2024-04-30; the period starts at the first order, 2024-01-05.
 *
 * | customer | country | signup     | completed orders (EUR unless said)                  | referred by       |
 * |----------|---------|------------|------------------------------------------------------|-------------------|
 * | C1       | DE      | 2024-01-01 | 01-05 100, 02-10 40                                  |                   |
 * | C2       | FR      | 2024-01-02 | 01-06 80                                             |                   |
 * | C3       | DE      | 2024-01-20 | 01-25 60, 04-30 40                                   | C1                |
 * | C4       | US      | 2024-02-01 | 02-05 110 USD (= 100 EUR), 04-10 125 USD (= 100 EUR) | C3 (C2 later)     |
 * | C5       | FR      | 2024-02-10 | 02-12 30, 03-15 20                                   | C2                |
 * | C6       | US      | 2024-03-05 | 03-10 125 USD (= 100 EUR)                            | C4                |
 * | C7       | DE      | 2024-01-03 | 01-05 50                                             | (already a buyer) |
 * | C8       | JP      | 2024-03-20 | 03-25 10                                             | C9 (a loop)       |
 * | C9       | JP      | 2024-03-21 | none (03-26 10 refunded)                             | C8 (a loop)       |
 * | C10      | US      | 2024-05-03 | none (after the as-of date)                          | (C5, too late)    |
 *
 * Referral rows, one per invite, with the outcome the template must give each:
 *
 * | #  | referrer → referee | invited    | converted  | reward    | outcome                                    |
 * |----|--------------------|------------|------------|-----------|--------------------------------------------|
 * | 1  | C1 → C3            | 2024-01-12 | 2024-01-20 | 10 EUR    | credited                                   |
 * | 2  | C1 → –             | 2024-01-15 |            |           | not converted                              |
 * | 3  | C1 → C7            | 2024-02-01 | 2024-02-02 | 10 EUR    | already a customer (C7 bought on 01-05)    |
 * | 4  | C3 → C4            | 2024-01-28 | 2024-02-01 | 11 USD    | credited (the earliest invite of C4)       |
 * | 5  | C2 → C4            | 2024-01-30 | 2024-02-01 |           | later referrer                             |
 * | 6  | C2 → C5            | 2024-02-03 | 2024-02-10 | 9 GBP     | credited (the reward has no rate)          |
 * | 7  | C2 → C2            | 2024-02-15 | 2024-02-15 | 10 EUR    | self-referral                              |
 * | 8  | C2 → –             | 2024-03-01 |            |           | not converted                              |
 * | 9  | C3 → –             | 2024-02-20 |            |           | not converted                              |
 * | 10 | C4 → C6            | 2024-02-25 | 2024-03-05 | 12.5 USD  | credited (1.25 at conversion, 1.1 at invite) |
 * | 11 | C8 → C9            | 2024-03-20 | 2024-03-21 |           | credited                                   |
 * | 12 | C9 → C8            | 2024-03-21 | 2024-03-22 |           | credited (closes the loop C8 → C9 → C8)     |
 * | 13 | C5 → C10           | 2024-04-25 | 2024-05-03 |           | not converted (converted after the as-of)  |
 * | 14 | C1 → –             | 2024-05-10 |            |           | after the as-of date                       |
 * | 15 | C3 → –             |            |            |           | undated                                    |
 */
export const REFERRAL_SHOP: CsvTables = {
  customers: csv(
    'customer_id,created_at,country',
    ['C1', '2024-01-01', 'DE'],
    ['C2', '2024-01-02', 'FR'],
    ['C3', '2024-01-20', 'DE'],
    ['C4', '2024-02-01', 'US'],
    ['C5', '2024-02-10', 'FR'],
    ['C6', '2024-03-05', 'US'],
    ['C7', '2024-01-03', 'DE'],
    ['C8', '2024-03-20', 'JP'],
    ['C9', '2024-03-21', 'JP'],
    ['C10', '2024-05-03', 'US']
  ),
  orders: csv(
    'order_id,customer_id,order_date,currency,amount,cogs,status',
    ['O01', 'C1', '2024-01-05', 'EUR', 100, 40, 'completed'],
    ['O02', 'C7', '2024-01-05', 'EUR', 50, 20, 'completed'],
    ['O03', 'C2', '2024-01-06', 'EUR', 80, 30, 'completed'],
    ['O04', 'C3', '2024-01-25', 'EUR', 60, 25, 'completed'],
    ['O05', 'C4', '2024-02-05', 'USD', 110, 44, 'completed'],
    ['O06', 'C1', '2024-02-10', 'EUR', 40, 15, 'completed'],
    ['O07', 'C5', '2024-02-12', 'EUR', 30, 12, 'completed'],
    ['O08', 'C6', '2024-03-10', 'USD', 125, 50, 'completed'],
    ['O09', 'C5', '2024-03-15', 'EUR', 20, 8, 'completed'],
    ['O10', 'C8', '2024-03-25', 'EUR', 10, 4, 'completed'],
    ['O11', 'C9', '2024-03-26', 'EUR', 10, 4, 'refunded'],
    ['O12', 'C4', '2024-04-10', 'USD', 125, 50, 'completed'],
    ['O13', 'C3', '2024-04-30', 'EUR', 40, 16, 'completed']
  ),
  referrals: csv(
    'referrer_id,referee_id,invited_at,converted_at,reward_amount,reward_currency',
    ['C1', 'C3', '2024-01-12', '2024-01-20', 10, 'EUR'],
    ['C1', null, '2024-01-15', null, null, null],
    ['C1', 'C7', '2024-02-01', '2024-02-02', 10, 'EUR'],
    ['C3', 'C4', '2024-01-28', '2024-02-01', 11, 'USD'],
    ['C2', 'C4', '2024-01-30', '2024-02-01', null, null],
    ['C2', 'C5', '2024-02-03', '2024-02-10', 9, 'GBP'],
    ['C2', 'C2', '2024-02-15', '2024-02-15', 10, 'EUR'],
    ['C2', null, '2024-03-01', null, null, null],
    ['C3', null, '2024-02-20', null, null, null],
    ['C4', 'C6', '2024-02-25', '2024-03-05', 12.5, 'USD'],
    ['C8', 'C9', '2024-03-20', '2024-03-21', null, null],
    ['C9', 'C8', '2024-03-21', '2024-03-22', null, null],
    ['C5', 'C10', '2024-04-25', '2024-05-03', null, null],
    ['C1', null, '2024-05-10', null, null, null],
    ['C3', null, null, null, null, null]
  ),
  fx_rates: csv(
    'date,base_currency,quote_currency,rate',
    ['2024-01-01', 'EUR', 'USD', 1.1],
    ['2024-03-01', 'EUR', 'USD', 1.25]
  )
};

/** The same programme as if only successful referrals had been logged: no row without a referee. */
export const REFERRAL_SHOP_SUCCESSES_ONLY: CsvTables = {
  ...REFERRAL_SHOP,
  referrals: REFERRAL_SHOP.referrals
    .split('\n')
    .filter((line) => !/^C\d+,,/.test(line))
    .join('\n')
};
