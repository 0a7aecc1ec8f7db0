import type { DateRange, InputCell, InputControl, Notebook, OptionValue } from './model';
import { toNameKey } from './names';

/**
 * The notebook's parameters are its input cells: each sets one named value that SQL reads as a bound
 * parameter (`:country`, `@country` or `$country`), never spliced into the SQL text. Current values are state
 * of the open page, not part of the file; the file keeps each input's default.
 */
export type ParameterValue = OptionValue | null | readonly OptionValue[] | DateRange;

/** What a value becomes in SQL: SQLite has no lists or ranges, so those are spread or encoded (see below). */
export type SqlParameterValue = string | number | null;

export interface Parameter {
  name: string;
  cellId: string;
  control: InputControl['kind'];
  /** The names the SQL uses: `name`, or `name_from` and `name_to` for a date range. */
  sqlNames: string[];
  default: ParameterValue;
}

/** One per input cell, in notebook order; a name defined twice is kept only the first time (the graph reports it). */
export function parametersOf(notebook: Notebook): Parameter[] {
  const seen = new Set<string>();
  const parameters: Parameter[] = [];
  for (const cell of notebook.cells) {
    if (cell.kind !== 'input' || seen.has(toNameKey(cell.name))) continue;
    seen.add(toNameKey(cell.name));
    parameters.push({
      name: cell.name,
      cellId: cell.id,
      control: cell.control.kind,
      sqlNames: parameterSqlNames(cell),
      default: cell.control.default
    });
  }
  return parameters;
}

export function parameterSqlNames(cell: InputCell): string[] {
  return cell.control.kind === 'date-range' ? [`${cell.name}_from`, `${cell.name}_to`] : [cell.name];
}

/** Every parameter at its default: the values a freshly opened notebook runs with. */
export function defaultParameterValues(notebook: Notebook): Map<string, ParameterValue> {
  return new Map(parametersOf(notebook).map((parameter) => [parameter.name, parameter.default]));
}

/**
 * The bound parameters for running the notebook's SQL, keyed without prefix (the engine binds each key under
 * `:`, `@` and `$`). A value that does not fit its control (e.g. left over after the control changed) falls
 * back to the default.
 *
 * - select, number, text: the value itself;
 * - multi-select: a JSON array as text; read it with `country IN (SELECT value FROM json_each(:countries))`,
 *   and `json_array_length(:countries) = 0` tests for "nothing selected";
 * - date range: `name_from` and `name_to`, ISO dates or NULL for an open end.
 *
 * The object has no prototype, so a parameter named like an `Object.prototype` member is just a key.
 */
export function toSqlParams(
  notebook: Notebook,
  values: ReadonlyMap<string, ParameterValue>
): Record<string, SqlParameterValue> {
  const params: Record<string, SqlParameterValue> = Object.create(null);
  for (const parameter of parametersOf(notebook)) {
    const given = values.get(parameter.name);
    const value = given !== undefined && fitsControl(parameter.control, given) ? given : parameter.default;
    if (parameter.control === 'date-range') {
      const range = value as DateRange;
      params[`${parameter.name}_from`] = range.from;
      params[`${parameter.name}_to`] = range.to;
    } else if (parameter.control === 'multi-select') {
      params[parameter.name] = JSON.stringify(value);
    } else {
      params[parameter.name] = value as SqlParameterValue;
    }
  }
  return params;
}

/** Whether `value` is something the control `control` can hold. */
export function fitsControl(control: InputControl['kind'], value: ParameterValue): boolean {
  const isOption = (item: unknown) =>
    typeof item === 'string' || (typeof item === 'number' && Number.isFinite(item));
  switch (control) {
    case 'select':
      return value === null || isOption(value);
    case 'multi-select':
      return Array.isArray(value) && value.every(isOption);
    case 'date-range': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
      const range = value as DateRange;
      return [range.from, range.to].every((end) => end === null || typeof end === 'string');
    }
    case 'number':
      return value === null || (typeof value === 'number' && Number.isFinite(value));
    case 'text':
      return typeof value === 'string';
  }
}
