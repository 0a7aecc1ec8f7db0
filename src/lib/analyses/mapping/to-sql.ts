import { quoteIdentifier } from '../../engine/identifiers';
import { isSqlKeyword } from '../../notebook/names';
import { lexSql, type SqlToken } from '../../notebook/sql-lexer';
import { modelTable, type ModelTable } from '../model';
import type { TableMapping } from './types';

/**
 * SQLite's aggregate functions, and the aggregates sql.js registers from extension-functions.c
 * (ANALYTICS.md §0). `min(a, b)` with two arguments is SQLite's scalar min; it is rare enough in a mapping
 * to be read as an aggregate here.
 */
const AGGREGATES = new Set([
  'sum',
  'min',
  'max',
  'count',
  'avg',
  'total',
  'group_concat',
  'string_agg',
  'median',
  'mode',
  'stdev',
  'variance',
  'lower_quartile',
  'upper_quartile'
]);

/** Words that are values, not column names, when they stand alone in an expression. */
const LITERAL_WORDS = new Set(['true', 'false']);

/**
 * The SQL of the notebook cell that produces `mapping.target` from the user's table: every column of the
 * canonical table in model order, one per line (NULL where nothing is mapped, so templates can rely on every
 * name), then any extra mapped columns. Expressions are the user's SQL and are inserted as written; names go
 * through `quoteIdentifier`.
 */
export function toMappingSql(mapping: TableMapping): string {
  if (mapping.source.trim() === '')
    throw new TypeError(`The mapping of ${mapping.target} has no source table.`);
  const table = modelTable(mapping.target);
  const names = [
    ...table.columns.map((column) => column.name),
    ...Object.keys(mapping.columns).filter((name) => !table.columns.some((column) => column.name === name))
  ];
  const lines = names.map((name, i) => {
    const expression = expressionOf(mapping, name) ?? 'NULL';
    const comma = i < names.length - 1 ? ',' : '';
    // A `--` comment would swallow the alias and the comma written after it on the same line.
    const separator = hasLineComment(expression) ? '\n' : ' ';
    return `  ${indentContinuation(expression)}${separator}AS ${toAlias(name)}${comma}`;
  });

  const sql = ['SELECT', ...lines, `FROM ${quoteIdentifier(mapping.source)}`];
  const conditions = splitConjunction(mapping.filter.trim());
  conditions.forEach((condition, i) =>
    sql.push(`${i === 0 ? 'WHERE' : '  AND'} ${indentContinuation(condition)}`)
  );
  if (mapping.groupBy !== null) {
    const key = expressionOf(mapping, mapping.groupBy);
    if (key === null) {
      throw new RangeError(`${mapping.target} is grouped by ${mapping.groupBy}, which has no expression.`);
    }
    sql.push(`GROUP BY ${indentContinuation(key)}`);
  }
  return sql.join('\n');
}

/** Suggested filters as one condition, each kept whole: `a AND b`. */
export function joinFilters(conditions: readonly string[]): string {
  return conditions
    .map((condition) => condition.trim())
    .filter((condition) => condition !== '')
    .map((condition) => (hasTopLevelOr(condition) ? `(${condition})` : condition))
    .join(' AND ');
}

export type MappingProblemKind =
  | 'no-source'
  | 'missing-required'
  | 'unknown-column'
  | 'unknown-group-column'
  | 'aggregated-group-key'
  | 'not-aggregated';

export interface MappingProblem {
  kind: MappingProblemKind;
  /** The canonical column concerned; `null` for the whole mapping. */
  column: string | null;
  message: string;
}

/**
 * What stops a mapping from giving a usable canonical table, without running it: no source, a required
 * column left NULL, a grouped mapping whose non-key column reads a source column outside an aggregate
 * (SQLite would silently take it from an arbitrary row of the group). Constants need no aggregate.
 */
export function validateMapping(
  mapping: TableMapping,
  table: ModelTable = modelTable(mapping.target)
): MappingProblem[] {
  const problems: MappingProblem[] = [];
  if (mapping.source.trim() === '') {
    problems.push({
      kind: 'no-source',
      column: null,
      message: `Choose the table ${table.name} is read from.`
    });
  }
  for (const column of table.columns) {
    const expression = expressionOf(mapping, column.name);
    if (column.required && (expression === null || /^null$/i.test(expression))) {
      problems.push({
        kind: 'missing-required',
        column: column.name,
        message: `${column.name} is required: ${column.description}`
      });
    }
  }
  for (const name of Object.keys(mapping.columns)) {
    if (!table.columns.some((column) => column.name === name)) {
      problems.push({
        kind: 'unknown-column',
        column: name,
        message: `${name} is not a column of ${table.name}; analyses will not read it.`
      });
    }
  }
  if (mapping.groupBy !== null) {
    const key = expressionOf(mapping, mapping.groupBy);
    if (key === null) {
      problems.push({
        kind: 'unknown-group-column',
        column: mapping.groupBy,
        message: `Rows are grouped by ${mapping.groupBy}, but ${mapping.groupBy} has no expression.`
      });
    } else if (containsAggregate(key)) {
      problems.push({
        kind: 'aggregated-group-key',
        column: mapping.groupBy,
        message: `${mapping.groupBy} is the grouping key, so it must be a plain expression, not an aggregate.`
      });
    }
    for (const name of Object.keys(mapping.columns)) {
      const expression = expressionOf(mapping, name);
      if (name === mapping.groupBy || expression === null) continue;
      if (readsColumnOutsideAggregate(expression)) {
        problems.push({
          kind: 'not-aggregated',
          column: name,
          message: `Rows are grouped by ${mapping.groupBy}: ${name} needs an aggregate such as MIN(…) or SUM(…).`
        });
      }
    }
  }
  return problems;
}

/** Whether the expression calls an aggregate function (SUM, MIN, MAX, COUNT, AVG, TOTAL, GROUP_CONCAT …). */
export function containsAggregate(expression: string): boolean {
  const tokens = lexSql(expression);
  return tokens.some((_, i) => isAggregateCall(tokens, i));
}

/**
 * Whether the expression names a column anywhere outside an aggregate call: `SUM("Quantity" * "UnitPrice")`
 * and `'GBP'` do not, `"Country"` and `MIN("a") || "b"` do. Names are quoted identifiers and bare words that
 * are neither keywords nor function names nor the type after `AS`.
 */
export function readsColumnOutsideAggregate(expression: string): boolean {
  const tokens = lexSql(expression);
  let depth = 0;
  let aggregateDepth: number | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'operator' && token.name === '(') {
      depth++;
      continue;
    }
    if (token.kind === 'operator' && token.name === ')') {
      depth--;
      if (aggregateDepth !== null && depth < aggregateDepth) aggregateDepth = null;
      continue;
    }
    if (aggregateDepth !== null) continue;
    if (isAggregateCall(tokens, i)) {
      aggregateDepth = depth + 1;
      continue;
    }
    if (token.kind === 'quoted') return true;
    if (token.kind === 'word' && isColumnWord(tokens, i)) return true;
  }
  return false;
}

function isAggregateCall(tokens: readonly SqlToken[], i: number): boolean {
  const next = tokens[i + 1];
  return (
    tokens[i].kind === 'word' &&
    AGGREGATES.has(tokens[i].name.toLowerCase()) &&
    next?.kind === 'operator' &&
    next.name === '('
  );
}

function isColumnWord(tokens: readonly SqlToken[], i: number): boolean {
  const word = tokens[i].name;
  const next = tokens[i + 1];
  const previous = tokens[i - 1];
  if (next?.kind === 'operator' && next.name === '(') return false;
  if (previous?.kind === 'word' && previous.name.toUpperCase() === 'AS') return false;
  return !isSqlKeyword(word) && !LITERAL_WORDS.has(word.toLowerCase());
}

/** The column's expression, or `null` when it is missing or blank (the column is then NULL). */
function expressionOf(mapping: TableMapping, name: string): string | null {
  const expression = Object.hasOwn(mapping.columns, name) ? mapping.columns[name].trim() : '';
  return expression === '' ? null : expression;
}

/** Canonical names are plain lower-case words; anything else (an extra column, a keyword) is quoted. */
function toAlias(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !isSqlKeyword(name) ? name : quoteIdentifier(name);
}

function indentContinuation(text: string): string {
  return text.replaceAll('\n', '\n    ');
}

/** Whether a `--` comment runs to the end of the text (comments are what the lexer skips between tokens). */
function hasLineComment(expression: string): boolean {
  let from = 0;
  for (const token of [...lexSql(expression), { from: expression.length, to: expression.length }]) {
    if (expression.slice(from, token.from).includes('--')) return true;
    from = token.to;
  }
  return false;
}

/**
 * A condition split at its top-level ANDs, for one condition per line. Left whole when it has a top-level
 * OR (splitting would change nothing, but the lines would read as if it did) or a BETWEEN, whose AND is not a
 * conjunction.
 */
function splitConjunction(condition: string): string[] {
  if (condition === '') return [];
  const tokens = lexSql(condition);
  if (tokens.some((token) => token.kind === 'word' && token.name.toUpperCase() === 'BETWEEN'))
    return [condition];
  if (hasTopLevelOr(condition)) return [condition];
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (const token of tokens) {
    if (token.kind === 'operator' && token.name === '(') depth++;
    else if (token.kind === 'operator' && token.name === ')') depth--;
    else if (depth === 0 && token.kind === 'word' && token.name.toUpperCase() === 'AND') {
      parts.push(condition.slice(start, token.from).trim());
      start = token.to;
    }
  }
  parts.push(condition.slice(start).trim());
  return parts.some((part) => part === '') ? [condition] : parts;
}

function hasTopLevelOr(condition: string): boolean {
  let depth = 0;
  for (const token of lexSql(condition)) {
    if (token.kind === 'operator' && token.name === '(') depth++;
    else if (token.kind === 'operator' && token.name === ')') depth--;
    else if (depth === 0 && token.kind === 'word' && token.name.toUpperCase() === 'OR') return true;
  }
  return false;
}
