import type { ModelTableName } from '../model';

/** A column of one of the user's tables, described for suggesting a mapping (no engine access needed). */
export interface SourceColumn {
  name: string;
  /** The original CSV header, when it differs from `name`. */
  label?: string;
  /** The declared SQLite type: TEXT, INTEGER, REAL, DATE, DATETIME, BOOLEAN (or empty). */
  type: string;
  /** Up to ~200 values spread over the table. */
  samples: readonly (string | number | null)[];
  /** Distinct non-NULL values in the whole table (`COUNT(DISTINCT column)`). */
  distinctCount?: number;
  rowCount?: number;
  nullCount?: number;
  /** Numbers below zero in the whole table. */
  negativeCount?: number;
  /** Numbers equal to zero in the whole table. */
  zeroCount?: number;
}

export interface SourceTable {
  name: string;
  rowCount: number;
  columns: readonly SourceColumn[];
}

/**
 * How one canonical table is read from one of the user's tables. `toMappingSql` turns it into the SQL of the
 * notebook cell named after `target`, so the notebook stores the mapping as that SQL.
 */
export interface TableMapping {
  target: ModelTableName;
  source: string;
  /** target column -> SQL expression over the source row (or an aggregate when groupBy is set). Missing or empty: the column is NULL. */
  columns: Record<string, string>;
  /** SQL condition keeping source rows, e.g. "Quantity" > 0; empty for none. */
  filter: string;
  /** When the source holds several rows per target row (order lines -> orders): the target column whose expression is the grouping key; every other mapped column must then be an aggregate expression. */
  groupBy: string | null;
}

export interface ColumnSuggestion {
  target: string;
  expression: string;
  /** 0..1 */
  confidence: number;
  /** For a tooltip: "header 'Kunde' means customer id" / "values look like ISO country codes". */
  reason: string;
}

export interface FilterSuggestion {
  sql: string;
  reason: string;
}

export interface MappingSuggestion {
  /** The suggested mapping, with every suggested filter already applied (joined by AND). */
  mapping: TableMapping;
  columns: ColumnSuggestion[];
  filters: FilterSuggestion[];
  /** Required canonical columns the suggestion could not fill; the caller must (e.g. a constant currency). */
  missingRequired: string[];
  /** 0..1: how well the chosen table fits the target table. */
  confidence: number;
}

/**
 * Value recognisers that belong to other modules (the ISO 4217 list, country-name normalisation); injected so
 * this module stays independent of them and tests pass simple stubs.
 */
export interface Recognisers {
  /** `code` is already trimmed and upper-cased. */
  isCurrencyCode(code: string): boolean;
  /** Whether the value names a country in any form the engine's `country_code()` understands. */
  recogniseCountry(value: string): boolean;
}
