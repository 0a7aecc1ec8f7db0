import { csv, type CsvTables } from '../../support/templates';

/**
 * Eight baskets small enough to count every pair by hand (the expected values are derived in
 * `cross-sell.test.ts`). Products: P1 and P2 in `home`, P3 in `toys`, P4 in `books`. 1 EUR = 1.1 USD.
 * Customers: K1 DE and K2 FR (EMEA), K3 US (NA), K4 JP (APAC), K5 GB (EMEA).
 *
 * | order | customer | date       | amount  | items (product × quantity @ unit price)     | distinct products |
 * |-------|----------|------------|---------|---------------------------------------------|-------------------|
 * | O01   | K1       | 2024-01-10 | 70 EUR  | P1 × 1 @ 50, P3 × 1 @ 20                    | P1 P3             |
 * | O02   | K2       | 2024-01-15 | 80 EUR  | P1 × 1 @ 50, P2 × 1 @ 10, P3 × 1 @ 20       | P1 P2 P3          |
 * | O03   | K3       | 2024-01-20 | 77 USD  | P1 × 1 @ 55, P3 × 1 @ 22                    | P1 P3             |
 * | O04   | K4       | 2024-02-01 | 10 EUR  | P4 × 1 @ 10                                 | P4                |
 * | O05   | K4       | 2024-02-05 | 70 EUR  | P1, P3: **refunded**, in no basket          |                   |
 * | O06   | K1       | 2024-02-10 | 40 EUR  | P3 × 2 @ 20                                 | P3                |
 * | O07   | K3       | 2024-02-20 | 121 USD | P1 × 1 @ 55 on two lines, P2 × 1 @ 11       | P1 P2             |
 * | O08   | K2       | 2024-03-01 | 30 EUR  | P4 × 1 @ 30                                 | P4                |
 * | O09   | K1       | 2024-03-15 | 60 EUR  | P1 × 1 @ 30, P4 × 1 @ 30 (a tie of values)  | P1 P4             |
 * | O10   | K4       | 2024-03-20 | 25 EUR  | no items                                    |                   |
 * | O11   | K5       | 2024-03-18 | 100 EUR | no items                                    |                   |
 */
export const BASKET_SHOP: CsvTables = {
  customers: csv('customer_id,country', ['K1', 'DE'], ['K2', 'FR'], ['K3', 'US'], ['K4', 'JP'], ['K5', 'GB']),
  orders: csv(
    'order_id,customer_id,order_date,currency,amount,cogs,status',
    ['O01', 'K1', '2024-01-10', 'EUR', 70, 30, 'completed'],
    ['O02', 'K2', '2024-01-15', 'EUR', 80, 35, 'completed'],
    ['O03', 'K3', '2024-01-20', 'USD', 77, 33, 'completed'],
    ['O04', 'K4', '2024-02-01', 'EUR', 10, 4, 'completed'],
    ['O05', 'K4', '2024-02-05', 'EUR', 70, 30, 'refunded'],
    ['O06', 'K1', '2024-02-10', 'EUR', 40, 16, 'completed'],
    ['O07', 'K3', '2024-02-20', 'USD', 121, 50, 'completed'],
    ['O08', 'K2', '2024-03-01', 'EUR', 30, 12, 'completed'],
    ['O09', 'K1', '2024-03-15', 'EUR', 60, 25, 'completed'],
    ['O10', 'K4', '2024-03-20', 'EUR', 25, 10, 'completed'],
    ['O11', 'K5', '2024-03-18', 'EUR', 100, 40, 'completed']
  ),
  order_items: csv(
    'order_id,product_id,category,quantity,unit_price',
    ['O01', 'P1', 'home', 1, 50],
    ['O01', 'P3', 'toys', 1, 20],
    ['O02', 'P1', 'home', 1, 50],
    ['O02', 'P2', 'home', 1, 10],
    ['O02', 'P3', 'toys', 1, 20],
    ['O03', 'P1', 'home', 1, 55],
    ['O03', 'P3', 'toys', 1, 22],
    ['O04', 'P4', 'books', 1, 10],
    ['O05', 'P1', 'home', 1, 50],
    ['O05', 'P3', 'toys', 1, 20],
    ['O06', 'P3', 'toys', 2, 20],
    ['O07', 'P1', 'home', 1, 55],
    ['O07', 'P1', 'home', 1, 55],
    ['O07', 'P2', 'home', 1, 11],
    ['O08', 'P4', 'books', 1, 30],
    ['O09', 'P1', 'home', 1, 30],
    ['O09', 'P4', 'books', 1, 30]
  ),
  fx_rates: csv('date,base_currency,quote_currency,rate', ['2024-01-01', 'EUR', 'USD', 1.1])
};
