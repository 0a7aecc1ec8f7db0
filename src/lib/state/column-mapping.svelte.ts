import { normaliseCountry } from '../analyses/countries';
import { mappingCellId } from '../analyses/mapping/cells';
import { profileSourceTable } from '../analyses/mapping/profile';
import { suggestMapping } from '../analyses/mapping/suggest';
import { toMappingSql, validateMapping, type MappingProblem } from '../analyses/mapping/to-sql';
import type { MappingSuggestion, Recognisers, SourceTable, TableMapping } from '../analyses/mapping/types';
import { isModelTableName, modelTable, type ModelTable, type ModelTableName } from '../analyses/model';
import { CURRENCIES } from '../analyses/reference/currencies';
import { isReferenceTable } from '../analyses/reference/reference-tables';
import type { DataEngine, QueryResult, TableInfo } from '../engine/types';
import { describeError } from './describe-error';
import type { I18n } from './i18n.svelte';

const recognisers: Recognisers = {
  isCurrencyCode: (code) => CURRENCIES.some((currency) => currency.code === code),
  recogniseCountry: (value) => normaliseCountry(value).kind !== 'unrecognised'
};

/** Rows of the preview under the form. */
const PREVIEW_ROWS = 20;

/**
 * The mapping form of one canonical table (`orders`, `customers`, …): which of the user's tables it is read
 * from, the SQL expression of each column, the row filter and the grouping, starting from the suggestion for
 * the user's tables, with a live preview of the rows it gives. The result goes into the notebook as a cell.
 */
export class ColumnMappingDraft {
  readonly target: ModelTable;
  /** The user's tables that could be a source, profiled once when the form opens. */
  sources = $state.raw<SourceTable[]>([]);
  source = $state<string | null>(null);
  columns = $state.raw<Record<string, string>>({});
  filter = $state('');
  groupBy = $state<string | null>(null);
  suggestion = $state.raw<MappingSuggestion | null>(null);
  loading = $state(true);
  preview = $state.raw<QueryResult | null>(null);
  previewError = $state<string | null>(null);
  readonly mapping: TableMapping | null;
  readonly sql: string | null;
  readonly problems: MappingProblem[];

  readonly #engine: DataEngine;
  readonly #i18n: I18n;
  #previewRequest = 0;

  constructor(target: ModelTableName, engine: DataEngine, i18n: I18n) {
    this.target = modelTable(target);
    this.#engine = engine;
    this.#i18n = i18n;
    this.mapping = $derived(
      this.source === null
        ? null
        : { target, source: this.source, columns: this.columns, filter: this.filter, groupBy: this.groupBy }
    );
    this.sql = $derived(this.mapping === null ? null : safeSql(this.mapping));
    this.problems = $derived(this.mapping === null ? [] : validateMapping(this.mapping, this.target));
  }

  /** Profiles the candidate tables and fills the form with the best suggestion (if any). */
  async open(tables: readonly TableInfo[]): Promise<void> {
    this.loading = true;
    try {
      const candidates = tables.filter(
        (table) => table.kind === 'table' && !isReferenceTable(table.name) && !isModelTableName(table.name)
      );
      const sources: SourceTable[] = [];
      for (const table of candidates) sources.push(await profileSourceTable(this.#engine, table.name));
      this.sources = sources;
      const suggestion = suggestMapping(this.target.name, sources, recognisers);
      if (suggestion) this.#fill(suggestion);
      else this.source = sources[0]?.name ?? null;
    } finally {
      this.loading = false;
    }
    await this.refreshPreview();
  }

  /** Reads the form from another table, with that table's suggestion (or empty columns). */
  async chooseSource(name: string): Promise<void> {
    const table = this.sources.find((source) => source.name === name);
    if (!table) return;
    const suggestion = suggestMapping(this.target.name, [table], recognisers);
    if (suggestion) this.#fill(suggestion);
    else {
      this.suggestion = null;
      this.source = name;
      this.columns = {};
      this.filter = '';
      this.groupBy = null;
    }
    await this.refreshPreview();
  }

  setColumn(column: string, expression: string): void {
    this.columns = { ...this.columns, [column]: expression };
  }

  /** Why the suggestion chose a column's expression, for a hint beside it. */
  reasonFor(column: string): string | null {
    return this.suggestion?.columns.find((suggestion) => suggestion.target === column)?.reason ?? null;
  }

  /** The first rows the mapping gives, or the SQLite error that running it gives. */
  async refreshPreview(): Promise<void> {
    const request = ++this.#previewRequest;
    const sql = this.sql;
    if (sql === null || this.problems.length > 0) {
      this.preview = null;
      this.previewError = null;
      return;
    }
    try {
      const result = await this.#engine.query(`SELECT * FROM (${sql}) LIMIT ${PREVIEW_ROWS}`);
      if (request !== this.#previewRequest) return;
      this.preview = result;
      this.previewError = null;
    } catch (error) {
      if (request !== this.#previewRequest) return;
      this.preview = null;
      this.previewError = describeError(error, this.#i18n);
    }
  }

  /** The id of the notebook cell this mapping becomes. */
  get cellId(): string {
    return mappingCellId(this.target.name);
  }

  #fill(suggestion: MappingSuggestion): void {
    this.suggestion = suggestion;
    this.source = suggestion.mapping.source;
    this.columns = { ...suggestion.mapping.columns };
    this.filter = suggestion.mapping.filter;
    this.groupBy = suggestion.mapping.groupBy;
  }
}

function safeSql(mapping: TableMapping): string | null {
  try {
    return toMappingSql(mapping);
  } catch {
    return null;
  }
}
