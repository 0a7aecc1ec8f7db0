import { quoteIdentifier } from '../../engine/identifiers';
import type { Cell, Notebook } from '../../notebook/model';
import { modelTable, type ModelTableName } from '../model';
import { toMappingSql } from './to-sql';
import type { TableMapping } from './types';
import { dataChecksSql } from './validation-sql';

/**
 * A mapping lives in the notebook as SQL cells named after the canonical tables (`orders`, `customers`, …):
 * the analysis cells read those names like tables, the SQL stays readable and editable, and the mapping is
 * saved with the notebook. A canonical table the data has nothing for becomes an empty cell with the right
 * columns, so every template still runs (and says there is nothing to show).
 */

export const MAPPING_INTRO_ID = 'mapping-intro';
export const DATA_CHECKS_ID = 'data-checks';

/** The id of the cell holding the mapping of `target`. */
export function mappingCellId(target: ModelTableName): string {
  return `map-${target.replaceAll('_', '-')}`;
}

/** The notebook with its mapping cells replaced by (or, the first time, put in front as) these. */
export function withMapping(
  notebook: Notebook,
  mappings: readonly TableMapping[],
  empty: readonly ModelTableName[] = []
): Notebook {
  const cells: Cell[] = [
    {
      kind: 'markdown',
      id: MAPPING_INTRO_ID,
      text:
        '## Data mapping\n\nThe cells below present your tables as the customer model the analyses read ' +
        '(`orders`, `customers`, …). Edit them to change what is taken from where.\n'
    },
    ...mappings.map((mapping): Cell => ({
      kind: 'sql',
      id: mappingCellId(mapping.target),
      name: mapping.target,
      sql: `${toMappingSql(mapping)}\n`
    })),
    ...empty.map((target): Cell => ({
      kind: 'sql',
      id: mappingCellId(target),
      name: target,
      sql: `${emptyTableSql(target)}\n`
    }))
  ];
  const replaced = new Set(cells.map((cell) => cell.id));
  return { ...notebook, cells: [...cells, ...notebook.cells.filter((cell) => !replaced.has(cell.id))] };
}

/** A query with the canonical table's columns and no rows. */
export function emptyTableSql(target: ModelTableName): string {
  const columns = modelTable(target).columns.map((column) => `NULL AS ${quoteIdentifier(column.name)}`);
  return `SELECT ${columns.join(', ')}\nWHERE 0`;
}

/**
 * The notebook with a cell of data checks over the canonical tables it can read (`tables`), right after its
 * mapping cells: duplicate ids, orphan keys, negative amounts, future dates, unrecognised countries, unknown
 * currencies and missing required values, a row per rule.
 */
export function withDataChecks(notebook: Notebook, tables: readonly ModelTableName[]): Notebook {
  const cells = notebook.cells.filter((cell) => cell.id !== DATA_CHECKS_ID);
  const checks: Cell = {
    kind: 'sql',
    id: DATA_CHECKS_ID,
    name: null,
    sql: `${dataChecksSql(tables, { asOf: 'today' })}\n`
  };
  let last = -1;
  cells.forEach((cell, index) => {
    if (cell.id === MAPPING_INTRO_ID || cell.id.startsWith('map-')) last = index;
  });
  return { ...notebook, cells: [...cells.slice(0, last + 1), checks, ...cells.slice(last + 1)] };
}
