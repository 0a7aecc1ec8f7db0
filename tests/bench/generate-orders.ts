import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

export interface OrdersFile {
  path: string;
  rows: number;
  seed: number;
  bytes: number;
  /** True when an earlier run had already written this exact file. */
  reused: boolean;
}

export const ordersHeader = 'order_id,customer_id,country,order_date,amount,currency,channel,product';

/** Bump when the generated content changes, so cached files of the old shape are not reused. */
const formatVersion = 1;

/** Where generated files are cached between runs, keyed by row count, seed and format version. */
export const benchDataDir = join(tmpdir(), 'crossbook-bench');

interface Country {
  code: string;
  currency: string;
  /** Units of the currency per euro, rounded: amounts look like real prices in that currency. */
  perEuro: number;
  weight: number;
}

const countries: Country[] = [
  { code: 'DE', currency: 'EUR', perEuro: 1, weight: 14 },
  { code: 'FR', currency: 'EUR', perEuro: 1, weight: 10 },
  { code: 'NL', currency: 'EUR', perEuro: 1, weight: 6 },
  { code: 'ES', currency: 'EUR', perEuro: 1, weight: 6 },
  { code: 'IT', currency: 'EUR', perEuro: 1, weight: 6 },
  { code: 'IE', currency: 'EUR', perEuro: 1, weight: 2 },
  { code: 'LV', currency: 'EUR', perEuro: 1, weight: 1 },
  { code: 'GB', currency: 'GBP', perEuro: 0.85, weight: 10 },
  { code: 'SE', currency: 'SEK', perEuro: 11.5, weight: 4 },
  { code: 'NO', currency: 'NOK', perEuro: 11.7, weight: 3 },
  { code: 'DK', currency: 'DKK', perEuro: 7.46, weight: 2 },
  { code: 'PL', currency: 'PLN', perEuro: 4.3, weight: 3 },
  { code: 'CH', currency: 'CHF', perEuro: 0.95, weight: 3 },
  { code: 'US', currency: 'USD', perEuro: 1.08, weight: 12 },
  { code: 'CA', currency: 'CAD', perEuro: 1.47, weight: 4 },
  { code: 'MX', currency: 'MXN', perEuro: 18.6, weight: 2 },
  { code: 'BR', currency: 'BRL', perEuro: 5.9, weight: 2 },
  { code: 'CL', currency: 'CLP', perEuro: 1010, weight: 1 },
  { code: 'JP', currency: 'JPY', perEuro: 163, weight: 5 },
  { code: 'KR', currency: 'KRW', perEuro: 1470, weight: 2 },
  { code: 'CN', currency: 'CNY', perEuro: 7.8, weight: 2 },
  { code: 'IN', currency: 'INR', perEuro: 90, weight: 2 },
  { code: 'SG', currency: 'SGD', perEuro: 1.45, weight: 1 },
  { code: 'AU', currency: 'AUD', perEuro: 1.65, weight: 3 },
  { code: 'NZ', currency: 'NZD', perEuro: 1.8, weight: 1 },
  { code: 'ZA', currency: 'ZAR', perEuro: 20, weight: 1 }
];

const channels = [
  { name: 'web', weight: 45 },
  { name: 'mobile_app', weight: 25 },
  { name: 'marketplace', weight: 15 },
  { name: 'retail_store', weight: 10 },
  { name: 'phone', weight: 5 }
];

/** Product names as they come out of shop systems, two needing CSV quoting (a comma, a quote). */
const products = [
  { name: 'Merino Wool Scarf', weight: 6 },
  { name: 'Linen Shirt', weight: 8 },
  { name: 'Rain Jacket', weight: 5 },
  { name: 'Trail Runners', weight: 6 },
  { name: 'Canvas Tote', weight: 9 },
  { name: 'Leather Wallet', weight: 5 },
  { name: 'Ceramic Mug', weight: 10 },
  { name: 'Espresso Cups (set of 4)', weight: 4 },
  { name: 'Cast Iron Pan', weight: 3 },
  { name: 'Chef Knife', weight: 3 },
  { name: 'Desk Lamp', weight: 4 },
  { name: 'Notebook A5', weight: 10 },
  { name: 'Fountain Pen', weight: 3 },
  { name: 'Yoga Mat', weight: 4 },
  { name: 'Water Bottle', weight: 8 },
  { name: 'Wool Socks', weight: 9 },
  { name: 'Sunglasses', weight: 4 },
  { name: 'Backpack 20L', weight: 3 },
  { name: '"Gift Card, 50"', weight: 4 },
  { name: '"Travel Adapter ""Universal"""', weight: 2 }
];

/** Mulberry32: a tiny, fast, seedable PRNG; good enough for test data, not for anything secret. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weightedPicker<T extends { weight: number }>(items: T[]): (r: number) => T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  const bounds: number[] = [];
  let running = 0;
  for (const item of items) bounds.push((running += item.weight / total));
  return (r) => {
    const i = bounds.findIndex((bound) => r < bound);
    return items[i === -1 ? items.length - 1 : i];
  };
}

/** Every day of 2023 and 2024 as an ISO date; orders are spread over them in order-id order. */
function isoDays(): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2025, 0, 1); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** The orders file as text chunks: the header, then `rows` lines in chunks of 10,000. */
function* orderLines(rows: number, seed: number): Generator<string> {
  const random = mulberry32(seed);
  const pickCountry = weightedPicker(countries);
  const pickChannel = weightedPicker(channels);
  const pickProduct = weightedPicker(products);
  const days = isoDays();
  const customers = Math.max(1, Math.floor(rows / 4));
  const chunk: string[] = [];
  yield `${ordersHeader}\n`;
  for (let i = 0; i < rows; i++) {
    // Squaring skews towards low ids: a few customers order often, as in real shops.
    const customer = 1 + Math.floor(customers * random() ** 2);
    // A customer always orders from the same country (a hash of the id, not a draw from the stream).
    const country = pickCountry(mulberry32(customer ^ seed)());
    const day = days[Math.floor((i * days.length) / rows)];
    // Log-normal basket value around 45 EUR (Box-Muller), in the customer's currency.
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const amount = (Math.exp(Math.log(45) + 0.8 * normal) * country.perEuro).toFixed(2);
    const customerId = `C${String(customer).padStart(7, '0')}`;
    chunk.push(
      `${1_000_001 + i},${customerId},${country.code},${day},${amount},${country.currency},` +
        `${pickChannel(random()).name},${pickProduct(random()).name}\n`
    );
    if (chunk.length === 10_000) {
      yield chunk.join('');
      chunk.length = 0;
    }
  }
  if (chunk.length > 0) yield chunk.join('');
}

/**
 * The seeded orders CSV with `rows` data rows (about 62 bytes a row), written as a stream to a temporary
 * file and renamed into place, so an interrupted run never leaves a truncated file to be reused.
 */
export async function generateOrders({ rows, seed }: { rows: number; seed: number }): Promise<OrdersFile> {
  const path = join(benchDataDir, `bench_orders_${rows}_seed${seed}_v${formatVersion}.csv`);
  if (existsSync(path)) return { path, rows, seed, bytes: (await stat(path)).size, reused: true };

  await mkdir(benchDataDir, { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  const out = createWriteStream(partial);
  try {
    for (const text of orderLines(rows, seed)) {
      if (!out.write(text)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    await rename(partial, path);
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  return { path, rows, seed, bytes: (await stat(path)).size, reused: false };
}
