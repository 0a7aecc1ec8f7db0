import { csv, type CsvTables } from '../../support/templates';

/** A JSON `properties` value as a quoted CSV field. */
const json = (value: string) => `"${value.replace(/"/g, '""')}"`;
const score = (n: number | string) => json(JSON.stringify({ score: n }));

/**
 * Eleven customers with attributes, orders, first-order items, pre-purchase events and survey answers: small
 * enough to derive every figure of the loyalty and ideal-customer-profile templates by hand (the tests do).
 * One rate: 1 EUR = 1.25 USD from 2024-01-01. Every order is at 12:00; the as-of date is the last order's day,
 * 2024-06-30, and the period starts on the first order's day, 2024-01-02.
 *
 * | customer | signed up        | country (region) | channel     | born | lang, social    | consent | completed orders (EUR)                      |
 * |----------|------------------|------------------|-------------|------|-----------------|---------|---------------------------------------------|
 * | C01      | 2024-01-02 10:00 | DE (EMEA)        | paid_search | 1990 | de, instagram   | 1       | 01-02 100, 01-22 50, 03-01 50               |
 * | C02      | 2024-01-05 09:00 | DE (EMEA)        | organic     | 1985 | de, instagram   | 0       | 01-06 40                                    |
 * | C03      | 2024-01-10 09:00 | FR (EMEA)        | referral    | 1970 | fr, facebook    | 1       | 01-12 80, 03-12 80                          |
 * | C04      | 2024-02-01 09:00 | FR (EMEA)        | paid_social | 2000 | fr, tiktok      | 1       | 02-02 30 (and 02-10 30 refunded)            |
 * | C05      | 2024-02-15 09:00 | DE (EMEA)        | referral    | 1995 | en, tiktok      | 1       | 02-16 300, 05-16 200                        |
 * | C06      | 2024-03-01 09:00 | US (NA)          | paid_search | 1980 | en, tiktok      | 1       | 03-02 250 USD = 200, 03-09 125 USD = 100    |
 * | C07      | 2024-02-20 09:00 | US (NA)          | referral    | 1955 | en, instagram   | 0       | 03-15 50 USD = 40                           |
 * | C08      | 2024-04-01 09:00 | CA (NA)          | organic     | 1999 | en, instagram   | 1       | 04-02 60, 06-30 40                          |
 * | C09      | 2024-05-01 09:00 | DE (EMEA)        | paid_search | 1988 | de, instagram   | 0       | none                                        |
 * | C10      | 2024-06-01 09:00 | US (NA)          | organic     | 1975 | en, facebook    | 1       | 06-20 20                                    |
 * | C11      | 2024-06-25 09:00 | GB (EMEA)        | organic     | 1992 | en, tiktok      | 1       | none                                        |
 *
 * First orders' lines: C01 P01 60 + P02 2×20; C02 P02 2×20; C03 P03 30 + P04 50; C04 P02 30; C05 P01 300;
 * C06 P01 250 USD; C07 P03 2×25 USD; C08 P03 30 + P04 30; C10 has no items.
 *
 * Events before the first purchase (times on the signup day unless said): C01 2 page views, a product view, a
 * cart and a checkout start before its 12:00 order (a product view the next day); C02 a page view and a product
 * view; C03 7 page views before signing up; C04 4 carts; C05 2 checkout starts; C06 a product view; C07 3 page
 * views, and a cart 19 days after signup; C08 3 invites; C09 a page view; C10 2 product views on 06-02.
 *
 * Survey answers (`survey_response`, score in `properties`): C01 10 on 01-25 and 9 on 03-05; C02 3; C03 8;
 * C04 6; C05 10; C06 9; C07 "n/a" (not a number); C08 7 on 04-10 and a malformed `properties` on 04-11; C09 0
 * (never bought); C10 10 on 07-05 (after the as-of date).
 */
export const PROFILE_SHOP: CsvTables = {
  customers: csv(
    'customer_id,created_at,country,acquisition_channel,birth_year,language,preferred_social_platform,marketing_consent',
    ['C01', '2024-01-02 10:00:00', 'DE', 'paid_search', 1990, 'de', 'instagram', 1],
    ['C02', '2024-01-05 09:00:00', 'DE', 'organic', 1985, 'de', 'instagram', 0],
    ['C03', '2024-01-10 09:00:00', 'FR', 'referral', 1970, 'fr', 'facebook', 1],
    ['C04', '2024-02-01 09:00:00', 'FR', 'paid_social', 2000, 'fr', 'tiktok', 1],
    ['C05', '2024-02-15 09:00:00', 'DE', 'referral', 1995, 'en', 'tiktok', 1],
    ['C06', '2024-03-01 09:00:00', 'US', 'paid_search', 1980, 'en', 'tiktok', 1],
    ['C07', '2024-02-20 09:00:00', 'US', 'referral', 1955, 'en', 'instagram', 0],
    ['C08', '2024-04-01 09:00:00', 'CA', 'organic', 1999, 'en', 'instagram', 1],
    ['C09', '2024-05-01 09:00:00', 'DE', 'paid_search', 1988, 'de', 'instagram', 0],
    ['C10', '2024-06-01 09:00:00', 'US', 'organic', 1975, 'en', 'facebook', 1],
    ['C11', '2024-06-25 09:00:00', 'GB', 'organic', 1992, 'en', 'tiktok', 1]
  ),
  orders: csv(
    'order_id,customer_id,order_date,currency,amount,cogs,status',
    ['O01', 'C01', '2024-01-02 12:00:00', 'EUR', 100, 40, 'completed'],
    ['O02', 'C02', '2024-01-06 12:00:00', 'EUR', 40, 16, 'completed'],
    ['O03', 'C03', '2024-01-12 12:00:00', 'EUR', 80, 32, 'completed'],
    ['O04', 'C01', '2024-01-22 12:00:00', 'EUR', 50, 20, 'completed'],
    ['O05', 'C04', '2024-02-02 12:00:00', 'EUR', 30, 12, 'completed'],
    ['O06', 'C04', '2024-02-10 12:00:00', 'EUR', 30, 12, 'refunded'],
    ['O07', 'C05', '2024-02-16 12:00:00', 'EUR', 300, 120, 'completed'],
    ['O08', 'C01', '2024-03-01 12:00:00', 'EUR', 50, 20, 'completed'],
    ['O09', 'C06', '2024-03-02 12:00:00', 'USD', 250, 100, 'completed'],
    ['O10', 'C06', '2024-03-09 12:00:00', 'USD', 125, 50, 'completed'],
    ['O11', 'C03', '2024-03-12 12:00:00', 'EUR', 80, 32, 'completed'],
    ['O12', 'C07', '2024-03-15 12:00:00', 'USD', 50, 20, 'completed'],
    ['O13', 'C08', '2024-04-02 12:00:00', 'EUR', 60, 24, 'completed'],
    ['O14', 'C05', '2024-05-16 12:00:00', 'EUR', 200, 80, 'completed'],
    ['O15', 'C10', '2024-06-20 12:00:00', 'EUR', 20, 8, 'completed'],
    ['O16', 'C08', '2024-06-30 12:00:00', 'EUR', 40, 16, 'completed']
  ),
  order_items: csv(
    'order_id,product_id,category,quantity,unit_price',
    ['O01', 'P01', 'electronics', 1, 60],
    ['O01', 'P02', 'electronics', 2, 20],
    ['O02', 'P02', 'electronics', 2, 20],
    ['O03', 'P03', 'fashion', 1, 30],
    ['O03', 'P04', 'fashion', 1, 50],
    ['O05', 'P02', 'electronics', 1, 30],
    ['O07', 'P01', 'electronics', 1, 300],
    ['O09', 'P01', 'electronics', 1, 250],
    ['O12', 'P03', 'fashion', 2, 25],
    ['O13', 'P03', 'fashion', 1, 30],
    ['O13', 'P04', 'fashion', 1, 30]
  ),
  events: csv(
    'customer_id,event_time,event_name,properties',
    ['C01', '2024-01-02 09:58:00', 'page_view', null],
    ['C01', '2024-01-02 09:59:00', 'page_view', null],
    ['C01', '2024-01-02 10:00:00', 'signup', null],
    ['C01', '2024-01-02 11:50:00', 'product_view', null],
    ['C01', '2024-01-02 11:55:00', 'add_to_cart', null],
    ['C01', '2024-01-02 11:58:00', 'checkout_start', null],
    ['C01', '2024-01-02 12:00:00', 'purchase', null],
    ['C01', '2024-01-03 10:00:00', 'product_view', null],
    ['C02', '2024-01-05 08:59:00', 'page_view', null],
    ['C02', '2024-01-05 09:30:00', 'product_view', null],
    ['C03', '2024-01-10 08:00:00', 'page_view', null],
    ['C03', '2024-01-10 08:01:00', 'page_view', null],
    ['C03', '2024-01-10 08:02:00', 'page_view', null],
    ['C03', '2024-01-10 08:03:00', 'page_view', null],
    ['C03', '2024-01-10 08:04:00', 'page_view', null],
    ['C03', '2024-01-10 08:05:00', 'page_view', null],
    ['C03', '2024-01-10 08:06:00', 'page_view', null],
    ['C04', '2024-02-01 10:00:00', 'add_to_cart', null],
    ['C04', '2024-02-01 10:10:00', 'add_to_cart', null],
    ['C04', '2024-02-01 10:20:00', 'add_to_cart', null],
    ['C04', '2024-02-01 10:30:00', 'add_to_cart', null],
    ['C05', '2024-02-15 10:00:00', 'checkout_start', null],
    ['C05', '2024-02-15 10:05:00', 'checkout_start', null],
    ['C06', '2024-03-01 10:00:00', 'product_view', null],
    ['C07', '2024-02-20 08:50:00', 'page_view', null],
    ['C07', '2024-02-20 08:52:00', 'page_view', null],
    ['C07', '2024-02-20 08:54:00', 'page_view', null],
    ['C07', '2024-03-10 10:00:00', 'add_to_cart', null],
    ['C08', '2024-04-01 10:00:00', 'invite_sent', null],
    ['C08', '2024-04-01 10:01:00', 'invite_sent', null],
    ['C08', '2024-04-01 10:02:00', 'invite_sent', null],
    ['C09', '2024-05-01 08:59:00', 'page_view', null],
    ['C10', '2024-06-02 10:00:00', 'product_view', null],
    ['C10', '2024-06-02 10:05:00', 'product_view', null],
    ['C01', '2024-01-25 10:00:00', 'survey_response', score(10)],
    ['C01', '2024-03-05 10:00:00', 'survey_response', score(9)],
    ['C02', '2024-01-10 10:00:00', 'survey_response', score(3)],
    ['C03', '2024-03-15 10:00:00', 'survey_response', score(8)],
    ['C04', '2024-02-12 10:00:00', 'survey_response', score(6)],
    ['C05', '2024-05-20 10:00:00', 'survey_response', score(10)],
    ['C06', '2024-03-12 10:00:00', 'survey_response', score(9)],
    ['C07', '2024-03-20 10:00:00', 'survey_response', score('n/a')],
    ['C08', '2024-04-10 10:00:00', 'survey_response', score(7)],
    ['C08', '2024-04-11 10:00:00', 'survey_response', 'not json'],
    ['C09', '2024-05-05 10:00:00', 'survey_response', score(0)],
    ['C10', '2024-07-05 10:00:00', 'survey_response', score(10)]
  ),
  fx_rates: csv('date,base_currency,quote_currency,rate', ['2024-01-01', 'EUR', 'USD', 1.25])
};
