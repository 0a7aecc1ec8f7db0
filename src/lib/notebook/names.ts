import { NOTEBOOK_LIMITS } from './limits';

/**
 * Result and parameter names are written into SQL without quotes (`FROM revenue`, `:country`), so they are
 * plain ASCII identifiers. Non-ASCII letters are refused because SQLite folds case for ASCII only: `Ä` and `ä`
 * would be two names to SQLite but look like one to a reader (https://www.sqlite.org/lang_keywords.html).
 */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Cell ids appear in the file's fence lines and in the UI's element ids: short and plain. */
const CELL_ID = /^[A-Za-z0-9_-]+$/;

/** SQLite's keywords (https://www.sqlite.org/lang_keywords.html): as a bare name, `FROM order` is a syntax error. */
const SQL_KEYWORDS = new Set(
  (
    'ABORT ACTION ADD AFTER ALL ALTER ALWAYS ANALYZE AND AS ASC ATTACH AUTOINCREMENT BEFORE BEGIN BETWEEN BY ' +
    'CASCADE CASE CAST CHECK COLLATE COLUMN COMMIT CONFLICT CONSTRAINT CREATE CROSS CURRENT CURRENT_DATE ' +
    'CURRENT_TIME CURRENT_TIMESTAMP DATABASE DEFAULT DEFERRABLE DEFERRED DELETE DESC DETACH DISTINCT DO DROP ' +
    'EACH ELSE END ESCAPE EXCEPT EXCLUDE EXCLUSIVE EXISTS EXPLAIN FAIL FILTER FIRST FOLLOWING FOR FOREIGN FROM ' +
    'FULL GENERATED GLOB GROUP GROUPS HAVING IF IGNORE IMMEDIATE IN INDEX INDEXED INITIALLY INNER INSERT INSTEAD ' +
    'INTERSECT INTO IS ISNULL JOIN KEY LAST LEFT LIKE LIMIT MATCH MATERIALIZED NATURAL NO NOT NOTHING NOTNULL ' +
    'NULL NULLS OF OFFSET ON OR ORDER OTHERS OUTER OVER PARTITION PLAN PRAGMA PRECEDING PRIMARY QUERY RAISE ' +
    'RANGE RECURSIVE REFERENCES REGEXP REINDEX RELEASE RENAME REPLACE RESTRICT RETURNING RIGHT ROLLBACK ROW ROWS ' +
    'SAVEPOINT SELECT SET TABLE TEMP TEMPORARY THEN TIES TO TRANSACTION TRIGGER UNBOUNDED UNION UNIQUE UPDATE ' +
    'USING VACUUM VALUES VIEW VIRTUAL WHEN WHERE WINDOW WITH WITHOUT'
  ).split(' ')
);

/**
 * The key under which SQLite looks a name up: ASCII letters folded, everything else kept. SQLite does this for
 * every identifier, quoted or not (`"Revenue"` finds a table named `revenue`), so the notebook does too.
 * `toLowerCase()` is not used because it also folds non-ASCII letters, which SQLite does not.
 */
export function toNameKey(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => String.fromCharCode(letter.charCodeAt(0) + 32));
}

/** Why `name` cannot name a result or a parameter, or `null` when it can. */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'A name cannot be empty.';
  if (name.length > NOTEBOOK_LIMITS.maxNameChars) {
    return `A name has at most ${NOTEBOOK_LIMITS.maxNameChars} characters.`;
  }
  if (!NAME.test(name)) {
    return `"${name}" is not a plain name: use letters a–z, digits and _, not starting with a digit.`;
  }
  if (isSqlKeyword(name)) return `"${name}" is an SQL keyword and cannot be used as a name.`;
  // SQLite refuses to create objects whose names start with sqlite_ ("reserved for internal use").
  if (toNameKey(name).startsWith('sqlite_')) return `Names starting with "sqlite_" are reserved by SQLite.`;
  return null;
}

/** Why `id` cannot be a cell id, or `null` when it can. */
export function cellIdProblem(id: string): string | null {
  if (id.length === 0) return 'A cell id cannot be empty.';
  if (id.length > NOTEBOOK_LIMITS.maxNameChars) {
    return `A cell id has at most ${NOTEBOOK_LIMITS.maxNameChars} characters.`;
  }
  if (!CELL_ID.test(id)) return `"${id}" is not a valid cell id: use letters a–z, digits, - and _.`;
  return null;
}

/** ASCII-only, like SQLite's tokenizer: `toUpperCase()` would turn a Turkish `ıf` into the keyword `IF`. */
export function isSqlKeyword(word: string): boolean {
  return SQL_KEYWORDS.has(word.replace(/[a-z]/g, (letter) => String.fromCharCode(letter.charCodeAt(0) - 32)));
}
