import { catchNotebookError, NotebookError, type NotebookFailure } from './failure';
import { newerVersion, type DocumentCell, type NotebookDocument } from './format';
import { NOTEBOOK_VERSION } from './model';
import { yamlKeyLine, type YamlMap, type YamlValue } from './yaml-subset';

/**
 * One step of the file format: turns a document of version `version - 1` into one of `version`. Steps work on
 * the parsed document (`NotebookDocument`), not on text, and build new maps and lists: they never change their
 * input, so a failed load leaves what the caller holds untouched. A step checks only the shapes it rewrites;
 * everything else is checked once, by `validateDocument`, after the last step.
 */
export interface Migration {
  /** The version this step produces. */
  version: number;
  description: string;
  up(document: NotebookDocument): NotebookDocument;
}

export type MigrateResult =
  | {
      ok: true;
      document: NotebookDocument;
      /** The versions stepped through, e.g. `[2]` for a version 1 file; empty when it was current. */
      applied: number[];
    }
  | NotebookFailure;

/**
 * Version 1 (the prototype's files) differed from version 2 in these ways:
 *
 * - cells had no ids, and names were bare words: ```` ```sql revenue ````, ```` ```input country ````, and a
 *   chart named its data the same way: ```` ```chart revenue ````;
 * - an input's control was a body line `control: dropdown|multi|dates|number|text`, and a date range's default
 *   was `start`/`end`;
 * - charts used the prototype's marks (`barY`, `line`, `dot`) and stored `xScale` (version 2 reads the x type
 *   from the result);
 * - the header listed tables under `sources:` as `table`, `rows`, `hash` and columns as `- name: …` / `type: …`
 *   pairs, and had no `cells:` count.
 */
const v1ToV2: Migration = {
  version: 2,
  description: 'Cell ids and key=value attributes; the chart form; tables with typed one-line columns.',
  up(document) {
    const cells = document.cells.map((cell, index) => migrateCellV1(cell, index));
    const header: YamlMap = new Map();
    for (const [key, value] of document.header) {
      if (key === 'crossbook') header.set(key, 2);
      else if (key === 'sources') header.set('tables', migrateSourcesV1(value));
      else header.set(key, value);
    }
    header.set('cells', cells.length);
    // Version 1 had no data blocks; one in a version 1 file is checked as in any other.
    return { version: 2, header, cells, data: document.data };
  }
};

/** Every step, in order; a new format version appends one here and never edits an old one. */
export const MIGRATIONS: readonly Migration[] = [v1ToV2];

/** Brings `document` to `NOTEBOOK_VERSION`, or says why it cannot. Never changes `document`. */
export function migrateDocument(document: NotebookDocument): MigrateResult {
  return catchNotebookError(() => {
    const { version } = document;
    if (!Number.isSafeInteger(version) || version < 1) {
      throw new NotebookError('invalid', `${version} is not a file format version.`, { field: 'crossbook' });
    }
    if (version > NOTEBOOK_VERSION) throw newerVersion(version);
    let current = document;
    const applied: number[] = [];
    while (current.version < NOTEBOOK_VERSION) {
      const step = MIGRATIONS.find((migration) => migration.version === current.version + 1);
      if (step === undefined) throw new TypeError(`No migration to version ${current.version + 1}.`);
      const next = step.up(current);
      if (next.version !== step.version) {
        throw new TypeError(`The migration to version ${step.version} produced version ${next.version}.`);
      }
      current = next;
      applied.push(step.version);
    }
    return { ok: true as const, document: current, applied };
  });
}

const V1_CONTROLS: ReadonlyMap<string, string> = new Map([
  ['dropdown', 'select'],
  ['multi', 'multi-select'],
  ['dates', 'date-range'],
  ['number', 'number'],
  ['text', 'text']
]);

const V1_MARKS: ReadonlyMap<string, string> = new Map([
  ['barY', 'bar'],
  ['line', 'line'],
  ['dot', 'dot']
]);

function migrateCellV1(cell: DocumentCell, index: number): DocumentCell {
  const where = { line: cell.line, cell: `#${index + 1}` };
  if (cell.args.length > 1) {
    throw new NotebookError('invalid', `a version 1 cell has one name, not "${cell.args.join(' ')}".`, where);
  }
  const [word] = cell.args;
  const attributes = new Map([['id', `c${index + 1}`], ...cell.attributes]);
  const migrated: DocumentCell = { kind: cell.kind, line: cell.line, attributes, args: [], body: cell.body };
  if (cell.kind === 'sql' || cell.kind === 'input') {
    if (word !== undefined) attributes.set('name', word);
  } else if (cell.kind === 'chart') {
    if (word !== undefined) attributes.set('data', word);
  } else if (word !== undefined) {
    migrated.args = [word];
  }
  if (typeof cell.body === 'string') return migrated;

  const body: YamlMap = new Map();
  for (const [key, value] of cell.body) {
    if (cell.kind === 'input' && key === 'control') {
      const control = typeof value === 'string' ? V1_CONTROLS.get(value) : undefined;
      if (control === undefined) {
        throw new NotebookError(
          'invalid',
          `a version 1 control is one of ${[...V1_CONTROLS.keys()].join(', ')}, not ${JSON.stringify(value)}.`,
          { ...where, line: yamlKeyLine(cell.body, key) ?? cell.line, field: 'control' }
        );
      }
      attributes.set('control', control);
    } else if (
      cell.kind === 'input' &&
      key === 'default' &&
      value instanceof Map &&
      cell.body.get('control') === 'dates'
    ) {
      body.set(key, renameKeys(value, { start: 'from', end: 'to' }));
    } else if (cell.kind === 'chart' && key === 'mark') {
      const mark = typeof value === 'string' ? V1_MARKS.get(value) : undefined;
      if (mark === undefined) {
        throw new NotebookError(
          'invalid',
          `a version 1 chart mark is one of ${[...V1_MARKS.keys()].join(', ')}, not ${JSON.stringify(value)}.`,
          { ...where, line: yamlKeyLine(cell.body, key) ?? cell.line, field: 'mark' }
        );
      }
      body.set(key, mark);
    } else if (!(cell.kind === 'chart' && key === 'xScale')) {
      body.set(key, value);
    }
  }
  migrated.body = body;
  return migrated;
}

function migrateSourcesV1(sources: YamlValue): YamlValue {
  if (!Array.isArray(sources)) return sources;
  return sources.map((source) => {
    if (!(source instanceof Map)) return source;
    const table = renameKeys(source, { table: 'name', rows: 'rowCount', hash: 'contentHash' });
    const columns = table.get('columns');
    if (Array.isArray(columns)) {
      // Version 2 wants the columns last, after the fields a reader scans for.
      table.delete('columns');
      table.set(
        'columns',
        columns.map((column) => {
          if (!(column instanceof Map)) return column;
          const name = column.get('name');
          const type = column.get('type');
          if (typeof name !== 'string') {
            throw new NotebookError('invalid', 'a version 1 column needs a name.', {
              field: 'sources.columns'
            });
          }
          return new Map([[name, type ?? '']]);
        })
      );
    }
    return table;
  });
}

/** A copy of `map` with some keys renamed, in the same order. */
function renameKeys(map: YamlMap, names: Readonly<Record<string, string>>): YamlMap {
  const renamed: YamlMap = new Map();
  for (const [key, value] of map) renamed.set(Object.hasOwn(names, key) ? names[key] : key, value);
  return renamed;
}
