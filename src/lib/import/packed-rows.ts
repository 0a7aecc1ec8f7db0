import type { ImportValue } from './convert-rows';

/**
 * Rows of import values in four flat arrays, so that a batch crosses from the parser worker to the SQLite
 * worker without copying (their buffers are transferred) and SQLite binds texts straight from one UTF-8 buffer.
 * Value `i` of the batch (row-major) is `kinds[i]`: NULL, or `numbers[i]`, or the next `lengths[i]` bytes of
 * `text`, texts following each other in order.
 */
export interface PackedRows {
  rows: number;
  width: number;
  kinds: Uint8Array;
  numbers: Float64Array;
  lengths: Int32Array;
  text: Uint8Array;
}

export const NULL_VALUE = 0;
export const NUMBER_VALUE = 1;
export const TEXT_VALUE = 2;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function packRows(rows: readonly (readonly ImportValue[])[], width: number): PackedRows {
  const count = rows.length * width;
  const kinds = new Uint8Array(count);
  const numbers = new Float64Array(count);
  const lengths = new Int32Array(count);
  const texts: string[] = [];
  let i = 0;
  for (const row of rows) {
    for (let c = 0; c < width; c++, i++) {
      const value = row[c] ?? null;
      if (typeof value === 'number') {
        kinds[i] = NUMBER_VALUE;
        numbers[i] = value;
      } else if (typeof value === 'string') {
        kinds[i] = TEXT_VALUE;
        lengths[i] = value.length;
        texts.push(value);
      }
    }
  }
  const joined = texts.join('');
  let text = encoder.encode(joined);
  // One byte per character means every text is ASCII, and the lengths noted are byte lengths already.
  if (text.length !== joined.length) {
    text = new Uint8Array(joined.length * 3);
    let used = 0;
    let next = 0;
    for (let v = 0; v < count; v++) {
      if (kinds[v] !== TEXT_VALUE) continue;
      const { written } = encoder.encodeInto(texts[next++], text.subarray(used));
      lengths[v] = written;
      used += written;
    }
    text = text.slice(0, used);
  }
  return { rows: rows.length, width, kinds, numbers, lengths, text };
}

/** The rows back as values (for a writer that cannot bind packed rows, and for tests). */
export function unpackRows(packed: PackedRows): ImportValue[][] {
  const rows: ImportValue[][] = [];
  let offset = 0;
  let i = 0;
  for (let r = 0; r < packed.rows; r++) {
    const row: ImportValue[] = [];
    for (let c = 0; c < packed.width; c++, i++) {
      if (packed.kinds[i] === NUMBER_VALUE) row.push(packed.numbers[i]);
      else if (packed.kinds[i] === TEXT_VALUE) {
        row.push(decoder.decode(packed.text.subarray(offset, offset + packed.lengths[i])));
        offset += packed.lengths[i];
      } else row.push(null);
    }
    rows.push(row);
  }
  return rows;
}

/** The buffers to transfer with a batch. */
export function packedBuffers(packed: PackedRows): ArrayBuffer[] {
  return [packed.kinds, packed.numbers, packed.lengths, packed.text].map(
    (array) => array.buffer as ArrayBuffer
  );
}
