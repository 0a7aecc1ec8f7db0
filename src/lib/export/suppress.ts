import type { ResultColumn, SqlValue } from '../engine/types';

export interface SuppressionOptions {
  /** k: groups with fewer customers than this are hidden. 1 (or less) turns suppression off. */
  minGroupSize: number;
  /** The result column holding each row's number of distinct customers (the first column of that name). */
  countColumn: string;
}

export interface SuppressedResult {
  /** The input's columns, copied; types still hold (the merged row only adds NULLs, a sum and a label). */
  columns: ResultColumn[];
  rows: SqlValue[][];
  /** Rows hidden: groups of 1..k-1 customers, and rows whose count is missing or not a count. */
  hiddenRows: number;
  /** Whether the small groups were merged into one "Other" row at the end (only when together they reach k). */
  merged: boolean;
  /** What was hidden, in plain words, to show beside the output; `null` when nothing was hidden. */
  note: string | null;
}

type Table = { columns: ResultColumn[]; rows: SqlValue[][] };

/**
 * Small-cell suppression for a grouped result that is shared or exported: a group of fewer than k customers
 * can identify people (GDPR), so its row is hidden. A count of 0 discloses no one and stays. A row whose count
 * is NULL, negative, fractional or not a number is hidden too: it cannot be shown to be safe.
 *
 * The small groups are merged into one row appended at the end when their counts sum to at least k: the count
 * column gets the sum, the first text column (else the first mixed one) a label such as
 * `Other (3 groups under 5 customers)`, and every other column NULL, because a sum or mix of rates, means or
 * medians would be wrong. When the sum is under k the rows are left out, since the merged row would itself be a
 * small group. Rows with no usable count are never merged: their customers cannot be added up.
 *
 * Known limits: this protects one result on its own. Complementary disclosure is not prevented (a total shown
 * elsewhere, or a total row in this result, minus the visible groups gives the hidden ones), and neither are
 * differencing attacks (two runs whose groups differ by a few customers). Other columns are not checked:
 * a maximum or a median of a group of k can still be one person's value.
 *
 * The input is not changed; the returned rows are copies.
 */
export function suppressSmallGroups(result: Table, options: SuppressionOptions): SuppressedResult {
  const { minGroupSize: k, countColumn } = options;
  if (!Number.isInteger(k)) {
    throw new RangeError(`The minimum group size must be a whole number, got ${k}.`);
  }
  const columns = result.columns.map((column) => ({ ...column }));
  if (k <= 1) {
    return { columns, rows: result.rows.map((row) => [...row]), hiddenRows: 0, merged: false, note: null };
  }
  const countIndex = result.columns.findIndex((column) => column.name === countColumn);
  if (countIndex < 0) throw new RangeError(`The result has no column "${countColumn}" to count customers.`);

  const rows: SqlValue[][] = [];
  let smallGroups = 0;
  let smallCustomers = 0;
  let uncounted = 0;
  for (const row of result.rows) {
    const count = toCount(row[countIndex]);
    if (count === null) uncounted++;
    else if (count > 0 && count < k) {
      smallGroups++;
      smallCustomers += count;
    } else rows.push([...row]);
  }

  const merged = smallGroups > 0 && smallCustomers >= k;
  const labelIndex = merged ? findLabelColumn(result.columns, countIndex) : -1;
  if (merged) {
    const other: SqlValue[] = result.columns.map(() => null);
    other[countIndex] = smallCustomers;
    if (labelIndex >= 0) other[labelIndex] = `Other (${smallGroups} groups under ${k} customers)`;
    rows.push(other);
  }

  const sentences: string[] = [];
  if (smallGroups > 0) {
    const hidden = `${plural(smallGroups, 'group')} with fewer than ${k} customers ${isAre(smallGroups)} hidden`;
    if (!merged) {
      const together = smallGroups === 1 ? '' : `together ${plural(smallCustomers, 'customer')}, `;
      sentences.push(`${hidden} (${together}too few to show as one row).`);
    } else if (labelIndex >= 0) {
      sentences.push(`${hidden} (merged into one row of ${smallCustomers} customers).`);
    } else {
      const unlabelled = 'left unlabelled: the result has no text column';
      sentences.push(`${hidden} (merged into the last row, of ${smallCustomers} customers, ${unlabelled}).`);
    }
  }
  if (uncounted > 0) {
    const subject = plural(uncounted, 'row');
    sentences.push(`${subject} without a customer count in "${countColumn}" ${isAre(uncounted)} hidden.`);
  }
  return {
    columns,
    rows,
    hiddenRows: smallGroups + uncounted,
    merged,
    note: sentences.length > 0 ? sentences.join(' ') : null
  };
}

/** The value as a number of customers, or `null` when it is not a whole number ≥ 0. */
function toCount(value: SqlValue): number | null {
  // Above 2^53 a bigint's Number loses digits, but it is then far above any k, which is all that is compared.
  if (typeof value === 'bigint') return value >= 0n ? Number(value) : null;
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : null;
  return null;
}

function findLabelColumn(columns: readonly ResultColumn[], countIndex: number): number {
  const isLabel = (type: ResultColumn['type']) => (column: ResultColumn, index: number) =>
    index !== countIndex && column.type === type;
  const text = columns.findIndex(isLabel('text'));
  return text >= 0 ? text : columns.findIndex(isLabel('mixed'));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function isAre(n: number): string {
  return n === 1 ? 'is' : 'are';
}

/** People, in the plural: a column named so holds how many there are. */
const PEOPLE = new Set([
  'customers',
  'buyers',
  'shoppers',
  'users',
  'clients',
  'members',
  'subscribers',
  'people',
  'persons',
  'respondents',
  'referrers',
  'visitors',
  'kunden', // German, also in compounds
  'kundenanzahl',
  'kundenzahl',
  'clientes', // Spanish, Portuguese
  'clienti', // Italian
  'klanten', // Dutch
  'klienci', // Polish, and the genitive of `liczba klientów`
  'klientów',
  'kunder' // Swedish, Danish, Norwegian
]);

/**
 * One person: a column named so is a count only beside a count word (`customer_count`); alone, or as
 * `customer_number`, it is likely an id.
 */
const PERSON = new Set(['customer', 'buyer', 'shopper', 'user', 'client', 'member', 'subscriber', 'person']);

/** Words that mark a count (`n_customers`, `anzahl_kunden`, `customer_count`). */
const COUNT_WORDS = new Set([
  ...['count', 'counts', 'cnt', 'ct', 'n', 'num', 'nb'],
  ...['anzahl', 'aantal', 'antal', 'liczba', 'numero', 'número']
]);

/**
 * Words that make a name something other than a number of people: identifiers, money, ratios, and counts of
 * things (orders are not people: hiding groups of fewer than k orders says nothing about how many customers).
 */
const NOT_PEOPLE = new Set([
  ...['id', 'ids', 'uuid', 'key', 'code', 'name', 'email', 'phone', 'zip'],
  ...[
    'revenue',
    'amount',
    'sales',
    'sale',
    'spend',
    'spent',
    'price',
    'value',
    'ltv',
    'clv',
    'cost',
    'profit'
  ],
  ...['avg', 'average', 'mean', 'median', 'sum', 'min', 'max', 'pct', 'percent', 'percentage', 'share'],
  ...['ratio', 'rate', 'age', 'days', 'months', 'years', 'since', 'tenure', 'rank', 'score', 'index'],
  ...['order', 'orders', 'item', 'items', 'product', 'products', 'sku', 'skus', 'line', 'lines', 'unit'],
  ...['units', 'quantity', 'qty', 'purchase', 'purchases', 'transaction', 'transactions', 'invoice'],
  ...['invoices', 'payment', 'payments', 'session', 'sessions', 'visit', 'visits', 'event', 'events'],
  ...['click', 'clicks', 'view', 'views', 'pageviews', 'row', 'rows']
]);

/** Words after which the rest of a name describes the people (`customers_with_orders`), so is not checked. */
const QUALIFIERS = new Set(['with', 'who', 'that', 'having', 'without', 'mit', 'con', 'avec', 'met', 'med']);

/** Japanese and Chinese names are not split into words: a word for customers or users, then 数 ("number"). */
const CJK_PEOPLE_COUNT = /(顧客|客户|客戶|会員|會員|用户|用戶|ユーザー?|利用者)(の)?(数|數|人数)/;

/**
 * The column most likely to hold each row's number of customers, or `null` when none looks like one (the UI
 * then asks). A candidate's values must all be whole numbers ≥ 0 (number or bigint; NULLs allowed). Names of
 * people win over generic counts (`count`, `n`, `cnt`, `count_*`, `count(*)`, `count(customer_id)`), and an earlier column wins a tie.
 * Counts of orders, items and the like, money, ratios and ids are never chosen, even when nothing else fits:
 * suppressing by them would look safe without being so.
 */
export function guessCustomerCountColumn(result: Table): string | null {
  let best: string | null = null;
  let bestRank = 0;
  result.columns.forEach(({ name }, index) => {
    const rank = rankName(name);
    if (rank <= bestRank) return;
    if (result.rows.every((row) => row[index] === null || toCount(row[index]) !== null)) {
      best = name;
      bestRank = rank;
    }
  });
  return best;
}

/** 2 for a number of people, 1 for a generic count, 0 for anything else. */
function rankName(name: string): number {
  const normalized = name.normalize('NFKC').trim();
  if (CJK_PEOPLE_COUNT.test(normalized)) return 2;
  // A column left unnamed in SQL is named after its expression, e.g. `COUNT(DISTINCT customer_id)`.
  const call = /^count\s*\(\s*(distinct\s+)?(.*?)\s*\)$/i.exec(normalized);
  if (call) {
    if (call[2] === '*' || call[2] === '1') return 1;
    const words = toWords(call[2]);
    const ofPeople =
      words.some((word) => PEOPLE.has(word) || PERSON.has(word) || word === 'email') &&
      !words.some((word) => NOT_PEOPLE.has(word) && word !== 'id' && word !== 'email');
    // Without DISTINCT, `count(customer_id)` over orders counts orders: as generic as `count(*)`.
    return ofPeople ? (call[1] ? 2 : 1) : 0;
  }
  const words = toWords(normalized);
  const qualifier = words.findIndex((word) => QUALIFIERS.has(word));
  const head = qualifier < 0 ? words : words.slice(0, qualifier);
  if (head.length === 0 || head.some((word) => NOT_PEOPLE.has(word))) return 0;
  if (head.some((word) => PEOPLE.has(word))) return 2;
  if (head.some((word) => PERSON.has(word))) return head.some((word) => COUNT_WORDS.has(word)) ? 2 : 0;
  // Generic: `count`, `n`, `cnt` alone, or a count word first (`count_star`, `n_distinct`).
  return COUNT_WORDS.has(head[0]) ? 1 : 0;
}

/** Lower-case words of a name: split at anything not a letter or digit, and at camelCase humps. */
function toWords(name: string): string[] {
  return name
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}
