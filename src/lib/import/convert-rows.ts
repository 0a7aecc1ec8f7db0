import type { CsvRecord } from './csv-stream';
import { createConverter, type Converter } from './infer';
import { PackedRowsBuilder, type PackedRows } from './packed-rows';
import type { ColumnPlan, ImportWarning } from './plan';

/** A column the import writes: its plan, and which field of each record it is read from. */
export type WrittenColumn = ColumnPlan & { source: number };

/** A value as the import stores it. */
export type ImportValue = string | number | null;

/** How many first lines of values kept as text are listed per column. */
const LISTED_LINES = 5;

/**
 * A value that cannot be stored in its column as the text it is: SQLite would turn `00123` or `+49` into a
 * number in a column with numeric affinity. The import starts over with the column as TEXT.
 */
export class WidenColumn extends Error {
  override readonly name = 'WidenColumn';

  constructor(
    readonly column: string,
    readonly line: number
  ) {
    super(`Column ${column} needs to be text (line ${line}).`);
  }
}

/**
 * Turns records into the values the table stores, column by column with each column's converter. A value
 * that does not fit its column's type is kept as its original text and counted (the first lines listed), never
 * dropped or altered; one that SQLite would alter throws `WidenColumn`.
 */
export class RowConverter {
  readonly #columns: readonly WrittenColumn[];
  readonly #converters: Converter[];
  readonly #misfits: { count: number; lines: number[] }[];

  constructor(columns: readonly WrittenColumn[]) {
    this.#columns = columns;
    this.#converters = columns.map((column) => createConverter(column.format));
    this.#misfits = columns.map(() => ({ count: 0, lines: [] }));
  }

  convert(records: readonly CsvRecord[]): ImportValue[][] {
    const width = this.#columns.length;
    return records.map((record) => {
      const row: ImportValue[] = new Array(width);
      for (let i = 0; i < width; i++) row[i] = this.#value(record, i);
      return row;
    });
  }

  /** The same values as `convert`, packed for the SQLite worker without building each row first. */
  convertPacked(records: readonly CsvRecord[]): PackedRows {
    const width = this.#columns.length;
    const builder = new PackedRowsBuilder(records.length, width);
    for (const record of records) {
      for (let i = 0; i < width; i++) builder.add(this.#value(record, i));
    }
    return builder.finish();
  }

  #value(record: CsvRecord, i: number): ImportValue {
    return this.convertField(i, record.fields[this.#columns[i].source] ?? '', record.line);
  }

  /** The value column `i` stores for `raw`, the text of its field in the record at `line`. */
  convertField(i: number, raw: string, line: number): ImportValue {
    const value = this.#converters[i](raw);
    if (value !== undefined) return value;
    const column = this.#columns[i];
    if (column.type !== 'TEXT' && looksNumeric(raw)) throw new WidenColumn(column.name, line);
    const misfit = this.#misfits[i];
    if (misfit.count++ < LISTED_LINES) misfit.lines.push(line);
    return raw;
  }

  /** `values-kept-as-text` for every column that had values not fitting its type. */
  warnings(): ImportWarning[] {
    return this.#misfits.flatMap((misfit, i) =>
      misfit.count === 0
        ? []
        : [
            {
              code: 'values-kept-as-text',
              column: this.#columns[i].name,
              count: misfit.count,
              lines: misfit.lines
            }
          ]
    );
  }
}

/** Text SQLite's numeric affinity would convert to a number (leading and trailing spaces allowed). */
function looksNumeric(text: string): boolean {
  return /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(text);
}
