import { MAX_NAME_LENGTH, capCodePoints, foldAsciiCase, toSuffixedName } from './sql-name';

const DATA_FILE_EXTENSION = /\.(?:csv|tsv|txt)(?:\.gz)?$/i;

/**
 * A table name from a file name that can be typed in SQL without thinking: Unicode letters, digits and `_`
 * only, never starting with a digit, never in SQLite's reserved `sqlite_` namespace (SQLite refuses to create
 * such tables: "object name reserved for internal use"), and unique among `existing` the way SQLite compares
 * names (ASCII case-insensitively).
 */
export function toTableName(fileName: string, existing: Iterable<string>): string {
  const baseName = fileName.split(/[/\\]/).pop() ?? '';
  let name = baseName
    .normalize('NFC')
    .replace(DATA_FILE_EXTENSION, '')
    .replace(/[^\p{L}\p{M}\p{N}_]+/gu, '_')
    .replace(/^_+|_+$/g, '');
  if (name === '') name = 'table';
  if (/^\p{N}/u.test(name) || foldAsciiCase(name).startsWith('sqlite_')) name = `t_${name}`;
  name = capCodePoints(name, MAX_NAME_LENGTH).replace(/_+$/, '');

  const taken = new Set(Array.from(existing, foldAsciiCase));
  return taken.has(foldAsciiCase(name)) ? toSuffixedName(name, taken) : name;
}
