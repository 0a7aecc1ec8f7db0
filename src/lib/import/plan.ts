/**
 * The import plan: everything decided about a file before a single row is stored, shown to the user in the
 * preview (each decision with an override) and then followed exactly by the streaming import.
 */

import type { PersonalDataFinding } from './personal-data';

/** Encodings the import understands; `TextDecoder` labels. */
export type EncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'iso-8859-1' | 'iso-8859-15';

export interface Dialect {
  /** One of `,` `;` `\t` `|` (or any single character the user sets). */
  delimiter: string;
  /** Usually `"`; `''` when the file uses no quoting at all. */
  quote: string;
  /** `"` when quotes are doubled inside quoted fields (RFC 4180), `\\` for backslash-escaping exports. */
  escape: string;
  /** The line ending seen first: `\r\n`, `\n` or `\r`. Any of them ends a row when parsing. */
  linebreak: '\r\n' | '\n' | '\r';
  /** Whether the first row names the columns. */
  hasHeader: boolean;
}

/** How the texts of one column become SQLite values. */
export type ColumnFormat =
  | { kind: 'text' }
  | { kind: 'integer'; number: NumberFormat }
  | { kind: 'real'; number: NumberFormat }
  | { kind: 'boolean'; trueWords: string[]; falseWords: string[] }
  | { kind: 'date'; order: DateOrder }
  | { kind: 'datetime'; order: DateOrder };

/** The column types a CSV import creates; the SQLite declared type of the new table's column. */
export type ColumnType = 'INTEGER' | 'REAL' | 'TEXT' | 'BOOLEAN' | 'DATE' | 'DATETIME';

export interface NumberFormat {
  /** `.` or `,`. */
  decimal: '.' | ',';
  /** Thousands separator seen in the column, if any: `,` `.` ` ` (also U+00A0, U+202F) `'`. */
  group: ',' | '.' | ' ' | "'" | '';
  /** The column holds percentages (`12.5%` is stored as 0.125). */
  percent: boolean;
  /** A currency symbol or code seen in the column (`€`, `$`, `EUR`...), stripped from stored values. */
  currency: string;
}

/** Field order of dates written with `/`, `.` or `-` separators and a two-part ambiguity. */
export type DateOrder = 'YMD' | 'DMY' | 'MDY';

export interface ColumnPlan {
  /** Safe unique SQLite column name. */
  name: string;
  /** The header as written in the file (trimmed). */
  label: string;
  type: ColumnType;
  format: ColumnFormat;
  /**
   * Set when the sample cannot decide between readings, e.g. every date has both parts ≤ 12 so DMY and MDY
   * both fit: the preview must ask the user. The import uses `format` meanwhile.
   */
  ambiguity?:
    | { kind: 'date-order'; candidates: DateOrder[] }
    | { kind: 'decimal-separator'; candidates: ('.' | ',')[] };
}

export interface ImportWarning {
  /** A stable code for the message catalog, e.g. `ambiguous-date-order`, `values-kept-as-text`. */
  code: string;
  column?: string;
  /** How many values, rows... */
  count?: number;
  /** 1-based physical line numbers of the first few occurrences. */
  lines?: number[];
}

export interface ImportPlan {
  encoding: EncodingName;
  /** How the encoding was chosen: a byte-order mark, valid UTF-8, a guess, or the user's choice. */
  encodingSource: 'bom' | 'valid-utf-8' | 'guess' | 'user';
  dialect: Dialect;
  columns: ColumnPlan[];
  /** The first rows as they will be stored (converted values). */
  previewRows: (string | number | null)[][];
  /** Rows in the sample, and how the sample was drawn (so the preview can say "types from 12,000 rows"). */
  sampledRows: number;
  warnings: ImportWarning[];
  /** Columns that look like personal data (e-mail, phone, name, address, IBAN, card, IP), from headers and values. */
  personalData: PersonalDataFinding[];
  /** The file's size in bytes, for progress and for the memory estimate. */
  bytes: number;
}

/** What the user may change in the preview; everything else is re-derived from the file. */
export interface PlanOverrides {
  encoding?: EncodingName;
  delimiter?: string;
  quote?: string;
  hasHeader?: boolean;
  /** Per column name: a type (and for dates an order, for numbers a decimal separator). */
  columns?: Record<string, { type?: ColumnType; dateOrder?: DateOrder; decimal?: '.' | ',' }>;
}
