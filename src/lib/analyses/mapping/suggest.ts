import { quoteIdentifier } from '../../engine/identifiers';
import {
  modelTable,
  type ModelColumn,
  type ModelTable,
  type ModelTableName,
  type ModelValueKind
} from '../model';
import { kindFit, profileColumn, type ValueProfile } from './detect';
import { matchHeader, matchTableName, type HeaderMatch } from './synonyms';
import { joinFilters } from './to-sql';
import type {
  ColumnSuggestion,
  FilterSuggestion,
  MappingSuggestion,
  Recognisers,
  SourceColumn,
  SourceTable,
  TableMapping
} from './types';

/** Below this a source column is not suggested at all: a guess the user would have to undo. */
const MIN_COLUMN_SCORE = 0.4;
/** Below this no table is suggested for the target (the mean confidence of its required columns). */
const MIN_TABLE_CONFIDENCE = 0.5;

/**
 * Columns without which a table is not the target table at all, whatever else it has: a table with a
 * customer id and a date is not an events table unless something names the events.
 */
const DEFINING_COLUMNS: Readonly<Record<ModelTableName, readonly string[]>> = {
  customers: ['customer_id'],
  orders: ['order_id', 'amount'],
  order_items: ['order_id', 'product_id'],
  marketing_spend: ['date', 'spend'],
  referrals: ['referrer_id'],
  events: ['event_name', 'event_time'],
  fx_rates: ['rate', 'quote_currency']
};

/** A measure computed from two source columns when no column holds it: amount = quantity × unit price. */
const DERIVED_MEASURES: Readonly<Record<string, readonly [string, string]>> = {
  amount: ['quantity', 'unit_price']
};

/**
 * Headers that show a table holds several rows per target row (a finer grain), so a repeated key means
 * "group" rather than "duplicates": order numbers or events in a table read as customers, products or
 * quantities in a table read as orders.
 */
const FINER_GRAIN_COLUMNS: Partial<Record<ModelTableName, readonly string[]>> = {
  customers: ['order_id', 'order_date', 'event_name', 'product_id', 'quantity'],
  orders: ['product_id', 'quantity', 'unit_price']
};

/**
 * When a key repeats in a table without a finer-grain header, it is still grouped if it repeats on more than
 * this share of rows; a few repeats are more likely duplicates, which the data checks report (merging them
 * silently would hide them).
 */
const GROUP_WHEN_DISTINCT_BELOW = 0.9;

/** Kinds recognisable from values alone, without a header that names the column. */
const VALUE_KINDS: ReadonlySet<ModelValueKind> = new Set([
  'country',
  'currency',
  'timestamp',
  'date',
  'json'
]);

interface Candidate {
  target: ModelColumn;
  source: SourceColumn;
  profile: ValueProfile;
  score: number;
  fit: number;
  /** The header (name or CSV label) that matched, and how. */
  header: { text: string; match: HeaderMatch } | null;
}

/**
 * The best way to read the canonical table `target` from one of `tables`: the table that fits best, and per
 * canonical column the source column whose header and values fit best (a source column feeds at most one
 * canonical column, except as a factor of a derived measure). `null` when no table fits.
 *
 * Tables with several rows per target row are grouped (`groupBy`): order lines become orders with
 * `SUM(quantity * price)`, orders become customers. Other columns of a grouped table take the first
 * (minimum) value of the group: `MIN(date)` is the first order, and for columns that are the same on every
 * row of the group (an order's customer) any row would do.
 */
export function suggestMapping(
  target: ModelTableName,
  tables: readonly SourceTable[],
  recognisers: Recognisers
): MappingSuggestion | null {
  const model = modelTable(target);
  let best: MappingSuggestion | null = null;
  for (const table of tables) {
    const suggestion = suggestFromTable(model, table, recognisers);
    if (suggestion !== null && (best === null || suggestion.confidence > best.confidence)) best = suggestion;
  }
  return best;
}

function suggestFromTable(
  model: ModelTable,
  table: SourceTable,
  recognisers: Recognisers
): MappingSuggestion | null {
  const profiles = new Map(
    table.columns.map((column) => [column.name, profileColumn(column, table.rowCount, recognisers)])
  );
  const candidatesFor = (target: ModelColumn) =>
    table.columns
      .map((source) => scoreCandidate(model, target, source, profiles.get(source.name)!))
      .filter((candidate): candidate is Candidate => candidate !== null);

  const chosen = assignColumns(model.columns.flatMap(candidatesFor), model);

  const derived = new Map<string, Candidate[]>();
  for (const [measure, factors] of Object.entries(DERIVED_MEASURES)) {
    if (chosen.has(measure) || !model.columns.some((column) => column.name === measure)) continue;
    const sources = factors.map((factor) => bestCandidate(candidatesFor(factorColumn(factor))));
    if (sources.every((source) => source !== null)) derived.set(measure, sources as Candidate[]);
  }

  for (const name of DEFINING_COLUMNS[model.name]) {
    if (!chosen.has(name) && !derived.has(name)) return null;
  }

  const key = model.key === null ? undefined : chosen.get(model.key);
  const grouped =
    key !== undefined &&
    key.profile.repeats &&
    (hasFinerGrain(model.name, table, key.source) || key.profile.distinctShare < GROUP_WHEN_DISTINCT_BELOW);
  const groupBy = grouped ? model.key : null;

  const columns: ColumnSuggestion[] = [];
  const mapped: Record<string, string> = {};
  const missingRequired: string[] = [];
  const confidences: number[] = [];
  for (const target of model.columns) {
    const candidate = chosen.get(target.name);
    const factors = derived.get(target.name);
    let suggestion: ColumnSuggestion | null = null;
    if (candidate !== undefined) {
      suggestion = toColumnSuggestion(candidate, groupBy);
    } else if (factors !== undefined) {
      suggestion = toDerivedSuggestion(target, factors, groupBy !== null);
    } else if (target.required) {
      missingRequired.push(target.name);
      columns.push({ target: target.name, expression: 'NULL', confidence: 0, reason: missingReason(target) });
    }
    if (suggestion !== null) {
      columns.push(suggestion);
      mapped[target.name] = suggestion.expression;
    }
    if (target.required) confidences.push(suggestion?.confidence ?? 0);
  }

  const mean = confidences.reduce((sum, value) => sum + value, 0) / Math.max(1, confidences.length);
  const confidence = round(Math.min(1, mean + (matchTableName(table.name, model.name) ? 0.05 : 0)));
  if (confidence < MIN_TABLE_CONFIDENCE) return null;

  const filters = suggestFilters(model, chosen, derived);
  if (grouped && model.name !== 'orders') {
    // Read from order lines (customers of UCI Online Retail): keep the lines the orders are built from, so
    // that both tables agree on who is a customer.
    const lines = suggestFromTable(modelTable('orders'), table, recognisers);
    for (const filter of lines?.mapping.groupBy === 'order_id' ? lines.filters : []) {
      if (!filters.some((known) => known.sql === filter.sql)) {
        filters.push({
          sql: filter.sql,
          reason: `as for the orders read from these lines: ${filter.reason}`
        });
      }
    }
  }
  const mapping: TableMapping = {
    target: model.name,
    source: table.name,
    columns: mapped,
    filter: joinFilters(filters.map((filter) => filter.sql)),
    groupBy
  };
  return { mapping, columns, filters, missingRequired, confidence };
}

function scoreCandidate(
  model: ModelTable,
  target: ModelColumn,
  source: SourceColumn,
  profile: ValueProfile
): Candidate | null {
  const header = bestHeaderMatch(source, target.name);
  const fit = kindFit(source, profile, target.kind);
  let score = 0;
  if (header !== null) {
    score = header.match.score * (0.55 + 0.45 * fit);
  } else if (VALUE_KINDS.has(target.kind) && fit >= 0.8) {
    score = 0.5 * fit;
  } else if (target.name === 'order_id' && profile.orderNumberShare >= 0.9) {
    score = 0.5;
  } else if (
    model.name === 'events' &&
    target.name === 'event_name' &&
    profile.vocabulary &&
    profile.countryShare < 0.5 &&
    profile.currencyShare < 0.5
  ) {
    score = 0.45;
  }
  if (score < MIN_COLUMN_SCORE) return null;
  return { target, source, profile, score, fit, header };
}

function bestHeaderMatch(source: SourceColumn, target: string): Candidate['header'] {
  let best: Candidate['header'] = null;
  for (const text of new Set([source.label ?? source.name, source.name])) {
    const match = matchHeader(text, target);
    if (match !== null && match.score > (best?.match.score ?? 0)) best = { text, match };
  }
  return best;
}

/**
 * Greedy, best score first: each canonical column gets its best source column that no better-scoring
 * canonical column took. Ties go to the column listed first in the model (required columns come first), then
 * to the header whose synonym comes first in its list ("Created at" before "Paid at" for an order date).
 */
function assignColumns(candidates: Candidate[], model: ModelTable): Map<string, Candidate> {
  const order = (candidate: Candidate) => model.columns.indexOf(candidate.target);
  const rank = (candidate: Candidate) => candidate.header?.match.rank ?? Infinity;
  const sorted = [...candidates].sort(
    (a, b) => b.score - a.score || order(a) - order(b) || rank(a) - rank(b)
  );
  const chosen = new Map<string, Candidate>();
  const used = new Set<string>();
  for (const candidate of sorted) {
    if (chosen.has(candidate.target.name) || used.has(candidate.source.name)) continue;
    chosen.set(candidate.target.name, candidate);
    used.add(candidate.source.name);
  }
  return chosen;
}

function bestCandidate(candidates: readonly Candidate[]): Candidate | null {
  return candidates.reduce<Candidate | null>(
    (best, c) => (best === null || c.score > best.score ? c : best),
    null
  );
}

/** The model column a factor of a derived measure stands for (quantity and unit_price live in order_items). */
function factorColumn(name: string): ModelColumn {
  const column = modelTable('order_items').columns.find((candidate) => candidate.name === name);
  if (column === undefined) throw new RangeError(`${name} is not a column of order_items.`);
  return column;
}

function hasFinerGrain(target: ModelTableName, table: SourceTable, key: SourceColumn): boolean {
  const finer = FINER_GRAIN_COLUMNS[target] ?? [];
  return table.columns.some(
    (column) =>
      column !== key && finer.some((name) => (bestHeaderMatch(column, name)?.match.score ?? 0) >= 0.8)
  );
}

/**
 * A source column as a value of the canonical kind: ids as text (`17850.0` -> `'17850'` when every value is
 * whole), timestamps and dates in SQLite's ISO form, countries through the engine's `country_code()` (ISO
 * alpha-2, `ZZ` for unspecified, NULL for unrecognised), currency codes upper-cased.
 */
function toValueExpression(source: SourceColumn, profile: ValueProfile, kind: ModelValueKind) {
  const ref = quoteIdentifier(source.name);
  const type = source.type.trim().toUpperCase();
  const textual = type === 'TEXT' || type === '' || type === 'DATE' || type === 'DATETIME';
  switch (kind) {
    case 'id':
      if (type === 'INTEGER') return { sql: `CAST(${ref} AS TEXT)`, note: 'cast to text' };
      if (type === 'REAL') {
        return profile.integralShare === 1
          ? {
              sql: `CAST(CAST(${ref} AS INTEGER) AS TEXT)`,
              note: 'whole numbers cast to text (17850.0 -> 17850)'
            }
          : { sql: `CAST(${ref} AS TEXT)`, note: 'cast to text' };
      }
      return { sql: ref, note: null };
    case 'timestamp':
      return textual
        ? { sql: `datetime(${ref})`, note: 'read as an ISO timestamp' }
        : { sql: ref, note: null };
    case 'date':
      return textual ? { sql: `date(${ref})`, note: 'read as an ISO date' } : { sql: ref, note: null };
    case 'country':
      return { sql: `country_code(${ref})`, note: 'normalised to ISO alpha-2 by country_code()' };
    case 'currency':
      return { sql: `upper(trim(${ref}))`, note: 'trimmed and upper-cased' };
    default:
      return { sql: ref, note: null };
  }
}

/** What values of each kind look like, for the reasons shown to the user. */
const KIND_NOUNS: Readonly<Record<ModelValueKind, string>> = {
  id: 'ids',
  text: 'text',
  timestamp: 'dates and times',
  date: 'dates',
  money: 'amounts',
  number: 'numbers',
  integer: 'whole numbers',
  country: 'countries',
  currency: 'ISO 4217 currency codes',
  flag: '0/1 flags',
  json: 'JSON objects'
};

function toColumnSuggestion(candidate: Candidate, groupBy: string | null): ColumnSuggestion {
  const { target, source, profile, header, fit } = candidate;
  const value = toValueExpression(source, profile, target.kind);
  const reasons: string[] = [];
  if (header === null) {
    const noun = target.name === 'order_id' ? 'order numbers (#1001)' : KIND_NOUNS[target.kind];
    reasons.push(`values look like ${noun} (no header names it)`);
  } else {
    const { via, synonym, exact } = header.match;
    const said = exact
      ? `header '${header.text}' means ${words(via)}`
      : `header '${header.text}' contains '${synonym}' (${words(via)})`;
    reasons.push(via === target.name ? said : `${said}, used as ${words(target.name)}`);
    if (fit >= 0.8) reasons.push(`values look like ${KIND_NOUNS[target.kind]}`);
    else if (fit < 0.5) reasons.push(`but its values do not look like ${KIND_NOUNS[target.kind]}`);
  }
  if (value.note !== null) reasons.push(value.note);

  let expression = value.sql;
  if (groupBy !== null && target.name !== groupBy) {
    const per = words(groupBy).replace(/ id$/, '');
    if (target.kind === 'money') {
      expression = `SUM(${value.sql})`;
      reasons.push(`summed per ${per}`);
    } else {
      expression = `MIN(${value.sql})`;
      reasons.push(`first (minimum) value per ${per}`);
    }
  } else if (groupBy !== null) {
    reasons.push(`values repeat over several rows: rows are grouped into one per ${words(groupBy)}`);
  }
  return { target: target.name, expression, confidence: round(candidate.score), reason: reasons.join('; ') };
}

function toDerivedSuggestion(
  target: ModelColumn,
  [quantity, price]: readonly Candidate[],
  grouped: boolean
): ColumnSuggestion {
  const product = `${quoteIdentifier(quantity.source.name)} * ${quoteIdentifier(price.source.name)}`;
  const headers = `'${quantity.header?.text ?? quantity.source.name}' × '${price.header?.text ?? price.source.name}'`;
  return {
    target: target.name,
    expression: grouped ? `SUM(${product})` : product,
    confidence: round(0.9 * Math.min(quantity.score, price.score)),
    reason: `no ${words(target.name)} column: derived as quantity × unit price (${headers})${grouped ? ', summed per order' : ''}`
  };
}

function missingReason(target: ModelColumn): string {
  if (target.kind === 'currency') return 'no currency column: choose the currency of the amounts';
  return `no column found for ${words(target.name)}: ${target.description}`;
}

/**
 * Conditions that keep rows the canonical table should not have: rows without a required id, UCI-style
 * cancellations (`C536379`), and non-positive quantities or prices (returns, adjustments, free samples) that
 * would make an order's amount wrong. Each names the source column, so the user can judge it.
 */
function suggestFilters(
  model: ModelTable,
  chosen: ReadonlyMap<string, Candidate>,
  derived: ReadonlyMap<string, Candidate[]>
): FilterSuggestion[] {
  const filters: FilterSuggestion[] = [];
  for (const target of model.columns) {
    const candidate = chosen.get(target.name);
    if (target.required && target.kind === 'id' && candidate?.profile.hasNulls) {
      filters.push({
        sql: `${quoteIdentifier(candidate.source.name)} IS NOT NULL`,
        reason: `'${headerOf(candidate)}' is empty on some rows, and every ${words(model.name).replace(/s$/, '')} needs a ${words(target.name)}`
      });
    }
  }
  const order = chosen.get('order_id');
  if (order?.profile.cancellationPrefix) {
    filters.push({
      sql: `${quoteIdentifier(order.source.name)} NOT LIKE 'C%'`,
      reason: `some '${headerOf(order)}' values are C followed by digits: cancellations (as UCI Online Retail marks them)`
    });
  }
  const measures = [chosen.get('quantity'), chosen.get('unit_price'), ...(derived.get('amount') ?? [])];
  const seen = new Set<string>();
  for (const measure of measures) {
    if (measure === undefined || seen.has(measure.source.name)) continue;
    seen.add(measure.source.name);
    if (measure.profile.negatives || measure.profile.zeros) {
      filters.push({
        sql: `${quoteIdentifier(measure.source.name)} > 0`,
        reason: `'${headerOf(measure)}' has ${describeNonPositive(measure.profile)}`
      });
    }
  }
  return filters;
}

function describeNonPositive(profile: ValueProfile): string {
  const negatives = 'negative values (returns, adjustments)';
  const zeros = 'zeros (free items)';
  if (profile.negatives && profile.zeros) return `${negatives} and ${zeros}`;
  return profile.negatives ? negatives : zeros;
}

function headerOf(candidate: Candidate): string {
  return candidate.header?.text ?? candidate.source.label ?? candidate.source.name;
}

function words(name: string): string {
  return name.replaceAll('_', ' ');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
