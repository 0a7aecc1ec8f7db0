import { csv, type CsvTables } from '../../support/templates';

/**
 * A five-customer shop small enough to compute every figure by hand (the expected values are derived in the
 * tests that use it). Rates: 1 EUR = 1.1 USD and 160 JPY from 2024-01-01, 1.2 USD and 150 JPY from 2024-03-01;
 * no GBP rate at all.
 *
 * | customer | country | orders (completed unless said)                                                   |
 * |----------|---------|-----------------------------------------------------------------------------------|
 * | C1       | DE      | 2024-01-05 100 EUR, 2024-02-10 50 EUR, 2024-04-01 30 EUR                          |
 * | C2       | FR      | 2024-01-20 80 EUR, 2024-01-25 20 EUR, 2024-03-02 40 EUR                           |
 * | C3       | US      | 2024-01-31 110 USD, 2024-02-01 55 USD                                             |
 * | C4       | DE      | 2024-02-15 60 EUR, 2024-02-20 10 EUR refunded, 2024-03-15 25 EUR, 2024-03-20 10 GBP |
 * | C5       | JP      | 2024-03-10 15000 JPY                                                              |
 */
export const SMALL_SHOP: CsvTables = {
  customers: csv(
    'customer_id,created_at,country,acquisition_channel',
    ['C1', '2024-01-01', 'DE', 'paid_search'],
    ['C2', '2024-01-02', 'FR', 'organic'],
    ['C3', '2024-01-30', 'US', 'referral'],
    ['C4', '2024-02-01', 'DE', 'paid_social'],
    ['C5', '2024-03-01', 'JP', 'organic']
  ),
  orders: csv(
    'order_id,customer_id,order_date,currency,amount,cogs,status',
    ['O01', 'C1', '2024-01-05', 'EUR', 100, 40, 'completed'],
    ['O02', 'C2', '2024-01-20', 'EUR', 80, 30, 'completed'],
    ['O03', 'C2', '2024-01-25', 'EUR', 20, 10, 'completed'],
    ['O04', 'C3', '2024-01-31', 'USD', 110, 44, 'completed'],
    ['O05', 'C3', '2024-02-01', 'USD', 55, 22, 'completed'],
    ['O06', 'C1', '2024-02-10', 'EUR', 50, 20, 'completed'],
    ['O07', 'C4', '2024-02-15', 'EUR', 60, 24, 'completed'],
    ['O08', 'C4', '2024-02-20', 'EUR', 10, 4, 'refunded'],
    ['O09', 'C2', '2024-03-02', 'EUR', 40, 16, 'completed'],
    ['O10', 'C5', '2024-03-10', 'JPY', 15000, 6000, 'completed'],
    ['O11', 'C4', '2024-03-15', 'EUR', 25, 10, 'completed'],
    ['O12', 'C4', '2024-03-20', 'GBP', 10, 4, 'completed'],
    ['O13', 'C1', '2024-04-01', 'EUR', 30, 12, 'completed']
  ),
  fx_rates: csv(
    'date,base_currency,quote_currency,rate',
    ['2024-01-01', 'EUR', 'USD', 1.1],
    ['2024-01-01', 'EUR', 'JPY', 160],
    ['2024-03-01', 'EUR', 'USD', 1.2],
    ['2024-03-01', 'EUR', 'JPY', 150]
  )
};
