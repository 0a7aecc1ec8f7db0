/**
 * Kaplan–Meier curves, their median and the log-rank test as SQL aggregates (ANALYTICS.md §5.5), so that the
 * SQL builds each subject's duration and event and TypeScript does the product-limit and the test
 * (`stats/kaplan-meier.ts`, `stats/log-rank.ts`). A curve or a test is a JSON value: expand it to rows with
 * `json_each` (`SELECT j.value ->> 't' … FROM (SELECT km_curve(t, event) AS curve FROM …), json_each(curve) AS j`).
 *
 * Like every function in `sql-functions.ts`, none of these throws: a row whose time is NULL, not a number or
 * negative is left out; an event is a number or numeric text other than 0, much as SQLite's truthiness reads
 * it, and anything else (0, NULL, other text) marks the subject as censored.
 *
 * The curve with and without a group are two names, not one name with two arities: SQLite could overload by
 * arity, but the registration contract (`sql-functions.test.ts`) keeps one name per function and one arity
 * per name, so that calling a function with the wrong number of arguments is an error.
 */
import type { SqlAggregateFunction, SqlArgument, SqlResult } from './sql-functions';
import { toSqlNumber } from './sql-arguments';
import { kaplanMeier, type KaplanMeierPoint, type LifeTableRow } from './stats/kaplan-meier';
import { logRankTest, type SurvivalSubject } from './stats/log-rank';

/** A group as JSON can hold it: blobs and non-finite numbers are not groups (their rows are left out). */
type GroupValue = string | number | null;

interface GroupLifeTable {
  group: GroupValue;
  /** Events and censorings by time. */
  times: Map<number, { events: number; censored: number }>;
}

/** One life table per group, keyed by the group's type and value so that 1 and '1' stay apart. */
type SurvivalState = Map<string, GroupLifeTable>;

function toGroup(value: SqlArgument): GroupValue | undefined {
  if (value === null || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return undefined;
}

function groupKey(group: GroupValue): string {
  return group === null ? 'null' : `${typeof group}:${group}`;
}

/** NULL first, then numbers in order, then text in code-unit order: close to SQLite's ORDER BY. */
function compareGroups(a: GroupValue, b: GroupValue): number {
  const rank = (value: GroupValue) => (value === null ? 0 : typeof value === 'number' ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
}

function addSubject(state: SurvivalState, t: SqlArgument, event: SqlArgument, groupArgument: SqlArgument) {
  const time = toSqlNumber(t);
  const group = toGroup(groupArgument);
  if (time === null || time < 0 || group === undefined) return state;
  const key = groupKey(group);
  let table = state.get(key);
  if (table === undefined) {
    table = { group, times: new Map() };
    state.set(key, table);
  }
  const counts = table.times.get(time) ?? { events: 0, censored: 0 };
  const isEvent = (toSqlNumber(event) ?? 0) !== 0;
  if (isEvent) counts.events += 1;
  else counts.censored += 1;
  table.times.set(time, counts);
  return state;
}

function sortedTables(state: SurvivalState): GroupLifeTable[] {
  return [...state.values()].sort((a, b) => compareGroups(a.group, b.group));
}

function toLifeTable(table: GroupLifeTable): LifeTableRow[] {
  return [...table.times].map(([t, counts]) => ({ t, ...counts }));
}

function toSubjects(table: GroupLifeTable): SurvivalSubject[] {
  const subjects: SurvivalSubject[] = [];
  for (const [time, { events, censored }] of table.times) {
    for (let i = 0; i < events; i += 1) subjects.push({ time, event: true });
    for (let i = 0; i < censored; i += 1) subjects.push({ time, event: false });
  }
  return subjects;
}

/** One row of `km_curve`'s JSON array. */
export interface KaplanMeierRow {
  group: GroupValue;
  t: number;
  at_risk: number;
  events: number;
  censored: number;
  survival: number;
  ci_low: number;
  ci_high: number;
  se: number;
}

function toCurveRows(state: SurvivalState): KaplanMeierRow[] {
  return sortedTables(state).flatMap((table) =>
    kaplanMeier(toLifeTable(table)).map((point: KaplanMeierPoint) => ({
      group: table.group,
      t: point.t,
      at_risk: point.atRisk,
      events: point.events,
      censored: point.censored,
      survival: point.survival,
      ci_low: point.ciLow,
      ci_high: point.ciHigh,
      se: point.standardError
    }))
  );
}

/** The JSON object `log_rank` returns; every key is always there, `null` where nothing was computed. */
export interface LogRankJson {
  ok: boolean;
  /** Why there is no test, in words for a report; `null` when `ok`. */
  reason: string | null;
  /** The groups found, sorted; `a` and `b` below are the first and the second. */
  groups: GroupValue[];
  chi_square: number | null;
  p_value: number | null;
  observed_a: number | null;
  expected_a: number | null;
  observed_b: number | null;
  expected_b: number | null;
}

function toLogRank(state: SurvivalState): LogRankJson {
  const tables = sortedTables(state);
  const groups = tables.map((table) => table.group);
  const untested = {
    ok: false,
    groups,
    chi_square: null,
    p_value: null,
    observed_a: null,
    expected_a: null,
    observed_b: null,
    expected_b: null
  };
  if (tables.length !== 2) return { ...untested, reason: wrongGroupCount(groups) };
  const result = logRankTest(toSubjects(tables[0]), toSubjects(tables[1]));
  const counts = {
    observed_a: result.observedA,
    expected_a: result.expectedA,
    observed_b: result.observedB,
    expected_b: result.expectedB
  };
  if (result.kind === 'degenerate') {
    const reason =
      result.reason === 'no-events'
        ? 'Neither group has an event, so there is nothing to compare.'
        : 'The two groups never had subjects at risk at the same event time, so they cannot be compared.';
    return { ...untested, ...counts, reason };
  }
  return { ok: true, reason: null, groups, chi_square: result.chiSquare, p_value: result.pValue, ...counts };
}

function wrongGroupCount(groups: readonly GroupValue[]): string {
  const quoted = groups.map((group) => (group === null ? 'NULL' : `"${group}"`));
  if (groups.length === 0) return 'There are no subjects with a time, so there is nothing to test.';
  if (groups.length === 1) return `There is only one group (${quoted[0]}); the log-rank test compares two.`;
  const shown = quoted.length > 5 ? `${quoted.slice(0, 5).join(', ')}, …` : quoted.join(', ');
  return `There are ${groups.length} groups (${shown}); this log-rank test compares exactly two, so keep the rows of two groups only.`;
}

/** The median survival time: the first time at which Ŝ(t) ≤ 0.5, or null when the curve never gets there. */
function toMedian(state: SurvivalState): number | null {
  const table = state.get(groupKey(null));
  if (table === undefined) return null;
  return kaplanMeier(toLifeTable(table)).find((point) => point.survival <= 0.5)?.t ?? null;
}

function survivalAggregate(
  name: string,
  arity: 2 | 3,
  description: string,
  finalize: (state: SurvivalState) => SqlResult
): SqlAggregateFunction<SurvivalState> {
  return {
    name,
    arity,
    description,
    init: () => new Map(),
    step: (state, t, event, group) => addSubject(state, t, event, arity === 3 ? group : null),
    finalize
  };
}

export const SURVIVAL_AGGREGATE_FUNCTIONS: readonly SqlAggregateFunction<SurvivalState>[] = [
  survivalAggregate(
    'km_curve',
    2,
    'Kaplan–Meier curve of km_curve(t, event) as a JSON array of {group, t, at_risk, events, censored, ' +
      'survival, ci_low, ci_high, se} (Greenwood SE, 95 % log-log interval); event ≠ 0 is an event, else censored.',
    (state) => JSON.stringify(toCurveRows(state))
  ),
  survivalAggregate(
    'km_curve_by',
    3,
    'Kaplan–Meier curves per group, km_curve_by(t, event, group): the rows of km_curve for each group, ' +
      'sorted by group then t.',
    (state) => JSON.stringify(toCurveRows(state))
  ),
  survivalAggregate(
    'km_median',
    2,
    'Median survival time of km_median(t, event): the first t where the Kaplan–Meier Ŝ(t) ≤ 0.5; NULL if never.',
    toMedian
  ),
  survivalAggregate(
    'log_rank',
    3,
    'Log-rank test of log_rank(t, event, group) between exactly two groups, as JSON {ok, reason, groups, ' +
      'chi_square, p_value, observed_a, expected_a, observed_b, expected_b}.',
    (state) => JSON.stringify(toLogRank(state))
  )
];
