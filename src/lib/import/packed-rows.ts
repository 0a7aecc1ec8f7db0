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
  const builder = new PackedRowsBuilder(rows.length, width);
  for (const row of rows) {
    for (let c = 0; c < width; c++) builder.add(row[c] ?? null);
  }
  return builder.finish();
}

/**
 * Packs one batch value by value, in row-major order, without first building the rows as arrays: the parser
 * worker converts each field straight into the batch. `finish` once every value was added.
 */
export class PackedRowsBuilder {
  readonly #rows: number;
  readonly #width: number;
  readonly #kinds: Uint8Array;
  readonly #numbers: Float64Array;
  readonly #lengths: Int32Array;
  readonly #texts: string[] = [];
  #next = 0;

  constructor(rows: number, width: number) {
    this.#rows = rows;
    this.#width = width;
    this.#kinds = new Uint8Array(rows * width);
    this.#numbers = new Float64Array(rows * width);
    this.#lengths = new Int32Array(rows * width);
  }

  add(value: ImportValue): void {
    const i = this.#next++;
    if (typeof value === 'number') {
      this.#kinds[i] = NUMBER_VALUE;
      this.#numbers[i] = value;
    } else if (typeof value === 'string') {
      this.#kinds[i] = TEXT_VALUE;
      this.#lengths[i] = value.length;
      this.#texts.push(value);
    }
  }

  finish(): PackedRows {
    const kinds = this.#kinds;
    const lengths = this.#lengths;
    const texts = this.#texts;
    const joined = texts.join('');
    let text = encoder.encode(joined);
    // One byte per character means every text is ASCII, and the lengths noted are byte lengths already.
    if (text.length !== joined.length) {
      text = new Uint8Array(joined.length * 3);
      let used = 0;
      let next = 0;
      for (let v = 0; v < kinds.length; v++) {
        if (kinds[v] !== TEXT_VALUE) continue;
        const { written } = encoder.encodeInto(texts[next++], text.subarray(used));
        lengths[v] = written;
        used += written;
      }
      text = text.slice(0, used);
    }
    return { rows: this.#rows, width: this.#width, kinds, numbers: this.#numbers, lengths, text };
  }
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
