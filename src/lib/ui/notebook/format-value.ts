import type { SqlValue } from '$lib/engine/types';
import type { Formatters } from '$lib/i18n/format';

/** One value as a reader sees it in prose: numbers in the user's locale, NULL as an empty mark, blobs by size. */
export function formatValue(value: SqlValue, { format }: { format: Formatters }): string {
  if (value === null) return '—';
  if (value instanceof Uint8Array) return `BLOB (${format.bytes(value.length)})`;
  if (typeof value === 'bigint') return format.integer(value);
  if (typeof value === 'number')
    return Number.isInteger(value) ? format.integer(value) : format.number(value, 2);
  return value;
}
