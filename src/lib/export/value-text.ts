/**
 * How a SQLite value that is not text is written as text, the same way in every export (CSV cells, the
 * Utf8 columns that Arrow uses for mixed columns), independent of the user's locale.
 */

/**
 * A finite number in plain positional notation: shortest round-trip digits (what `String` gives), `.` as the
 * decimal separator, no grouping and no exponent, so `1e21` is `1000000000000000000000` and `1e-7` is
 * `0.0000001`; any spreadsheet or parser reads it back as the same double. `-0` is written `0`, the value
 * every spreadsheet shows for it. Not for NaN or ±Infinity, which have no plain form.
 */
export function toPlainNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} has no plain decimal form.`);
  if (value === 0) return '0';
  const shortest = String(value);
  const e = shortest.indexOf('e');
  if (e < 0) return shortest;
  // String() uses exponent form below 1e-6 and from 1e21: `d.ddde±x`, one digit before the point.
  const sign = value < 0 ? '-' : '';
  const mantissa = shortest.slice(sign.length, e);
  const exponent = Number(shortest.slice(e + 1));
  const digits = mantissa.replace('.', '');
  const point = 1 + exponent;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * A blob as `0x` followed by two lowercase hex digits per byte (`0x0aff`; the empty blob is `0x`, which
 * differs from NULL). Spreadsheets keep this as text (none reads `0x` literals as numbers), it starts with a
 * digit so it is never formula-like, and MySQL, SQL Server and most programming languages read it as hex.
 */
export function toHexBlob(bytes: Uint8Array): string {
  let hex = '0x';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
