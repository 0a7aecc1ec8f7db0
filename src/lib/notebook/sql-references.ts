import { toNameKey } from './names';
import { lexSql } from './sql-lexer';

/** A name the SQL reads as a table: a data table, or another cell's result. */
export interface TableReference {
  /** As SQLite sees it: quotes removed, `""` undone, a `main.`/`temp.` schema dropped. */
  name: string;
  /** Offset of the name's first character in the SQL text (for highlighting). */
  offset: number;
}

/** A named parameter: `:country`, `@country` and `$country` all read the parameter `country`. */
export interface ParameterReference {
  name: string;
  prefix: ':' | '@' | '$';
  offset: number;
}

export interface SqlReferences {
  /** Each name once (first occurrence), CTE names left out. */
  tables: TableReference[];
  /** Each name once (first occurrence). */
  parameters: ParameterReference[];
  /** Names the cell defines for itself with WITH. */
  ctes: string[];
}

type Token =
  | { kind: 'word'; text: string; upper: string; offset: number }
  | { kind: 'quoted'; text: string; offset: number }
  | { kind: 'parameter'; text: string; prefix: ':' | '@' | '$'; offset: number }
  | { kind: 'punct'; text: string; offset: number }
  | { kind: 'other'; offset: number };

/** Clause words that end a FROM list. `ON`/`USING` do not end it: `FROM a JOIN b ON … , c` goes on. */
const FROM_LIST_END = new Set([
  'WHERE',
  'GROUP',
  'HAVING',
  'ORDER',
  'LIMIT',
  'WINDOW',
  'UNION',
  'INTERSECT',
  'EXCEPT',
  'RETURNING',
  'SELECT',
  'VALUES',
  'SET',
  'DO'
]);

/** Words that can stand where a table name might otherwise be expected but are not names. */
const NOT_A_TABLE = new Set(['SELECT', 'VALUES', 'WITH', 'LATERAL']);

const SCHEMAS = new Set(['main', 'temp']);

/**
 * The names an SQL cell reads, found without a full SQL parser: a tokenizer that understands SQLite's string
 * literals, quoted identifiers (`"…"`, `[…]`, `` `…` ``), blob literals, comments and parameters, and a scanner
 * that takes a name as a table only where SQLite expects one:
 *
 * - right after `FROM` or `JOIN`, or after a comma in a FROM list, unless followed by `(` (a table-valued
 *   function like `json_each(…)`); `IS [NOT] DISTINCT FROM x` is a comparison, not a table;
 * - after `IN` when not followed by `(` (SQLite's `x IN table`).
 *
 * So column names, aliases (`AS revenue`), function names and text inside strings and comments never count.
 *
 * Rule for WITH: a name defined by a WITH clause anywhere in the cell is local to the cell and never a
 * reference, even where SQLite's scoping would let an outer name through (e.g. inside a sibling subquery).
 * Shadowing a cell's name with a CTE is confusing anyway; this errs on the side of fewer dependencies.
 *
 * Names are compared with ASCII case folding, as SQLite does for every identifier, quoted or not.
 */
export function findSqlReferences(sql: string): SqlReferences {
  const tokens = tokenize(sql);
  const tables: TableReference[] = [];
  const parameters: ParameterReference[] = [];
  const ctes = new Map<string, string>();
  /** Tables and views the cell's own script creates: what it then reads from them is not a dependency. */
  const created = new Set<string>();

  interface Frame {
    fromList: boolean;
    expectTable: boolean;
    cte: 'none' | 'expect-name' | 'after-name' | 'in-columns' | 'after-as' | 'in-body' | 'after-body';
  }
  const fresh = (): Frame => ({ fromList: false, expectTable: false, cte: 'none' });
  let stack: Frame[] = [fresh()];

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const frame = stack[stack.length - 1];

    if (token.kind === 'parameter') {
      parameters.push({ name: token.text, prefix: token.prefix, offset: token.offset });
      continue;
    }
    if (token.kind === 'punct' && token.text === '(') {
      if (frame.cte === 'after-name') frame.cte = 'in-columns';
      else if (frame.cte === 'after-as') frame.cte = 'in-body';
      frame.expectTable = false;
      stack.push(fresh());
      continue;
    }
    if (token.kind === 'punct' && token.text === ')') {
      if (stack.length > 1) stack.pop();
      const outer = stack[stack.length - 1];
      if (outer.cte === 'in-columns') outer.cte = 'after-name';
      else if (outer.cte === 'in-body') outer.cte = 'after-body';
      continue;
    }
    if (token.kind === 'punct' && token.text === ';') {
      stack = [fresh()];
      continue;
    }

    if (frame.cte === 'after-body') {
      if (token.kind === 'punct' && token.text === ',') {
        frame.cte = 'expect-name';
        continue;
      }
      frame.cte = 'none';
    } else if (frame.cte === 'expect-name') {
      if (token.kind === 'word' && token.upper === 'RECURSIVE') continue;
      if (token.kind === 'word' || token.kind === 'quoted') {
        const key = toNameKey(token.text);
        if (!ctes.has(key)) ctes.set(key, token.text);
        frame.cte = 'after-name';
        continue;
      }
      frame.cte = 'none';
    } else if (frame.cte === 'after-name') {
      if (token.kind === 'word' && token.upper === 'AS') {
        frame.cte = 'after-as';
        continue;
      }
      frame.cte = 'none';
    } else if (frame.cte === 'after-as') {
      if (token.kind === 'word' && (token.upper === 'NOT' || token.upper === 'MATERIALIZED')) continue;
      frame.cte = 'none';
    }

    if (token.kind === 'word') {
      const previous = tokens[i - 1];
      if (token.upper === 'WITH') {
        frame.cte = 'expect-name';
        continue;
      }
      if (token.upper === 'CREATE') {
        const made = readCreatedName(tokens, i + 1);
        if (made !== null) created.add(toNameKey(made));
        continue;
      }
      if (token.upper === 'FROM') {
        if (previous?.kind === 'word' && previous.upper === 'DISTINCT') continue;
        frame.fromList = true;
        frame.expectTable = true;
        continue;
      }
      if (token.upper === 'JOIN') {
        frame.fromList = true;
        frame.expectTable = true;
        continue;
      }
      if (token.upper === 'IN') {
        const next = tokens[i + 1];
        if (next !== undefined && (next.kind === 'word' || next.kind === 'quoted')) {
          const read = readTableName(tokens, i + 1);
          if (read.reference) tables.push(read.reference);
          i = read.next - 1;
        }
        continue;
      }
      if (frame.fromList && FROM_LIST_END.has(token.upper)) {
        frame.fromList = false;
        frame.expectTable = false;
        continue;
      }
      if (frame.fromList && (token.upper === 'ON' || token.upper === 'USING')) {
        frame.expectTable = false;
        continue;
      }
    }
    if (frame.fromList && token.kind === 'punct' && token.text === ',') {
      frame.expectTable = true;
      continue;
    }
    if (frame.expectTable && (token.kind === 'word' || token.kind === 'quoted')) {
      frame.expectTable = false;
      if (token.kind === 'word' && NOT_A_TABLE.has(token.upper)) continue;
      const read = readTableName(tokens, i);
      if (read.reference) tables.push(read.reference);
      i = read.next - 1;
      continue;
    }
    frame.expectTable = false;
  }

  return {
    tables: unique(
      tables.filter((table) => !ctes.has(toNameKey(table.name)) && !created.has(toNameKey(table.name)))
    ),
    parameters: unique(parameters),
    ctes: [...ctes.values()]
  };
}

/** The name in `CREATE [TEMP] TABLE|VIEW [IF NOT EXISTS] [schema.]name` starting at `start`, if it is one. */
function readCreatedName(tokens: readonly Token[], start: number): string | null {
  let i = start;
  const word = (index: number, ...words: string[]) =>
    tokens[index]?.kind === 'word' && words.includes(tokens[index].upper);
  if (word(i, 'TEMP', 'TEMPORARY')) i++;
  if (!word(i, 'TABLE', 'VIEW')) return null;
  i++;
  if (word(i, 'IF') && word(i + 1, 'NOT') && word(i + 2, 'EXISTS')) i += 3;
  const nameAt = (index: number): string | null => {
    const token = tokens[index];
    return token?.kind === 'word' || token?.kind === 'quoted' ? token.text : null;
  };
  const first = nameAt(i);
  if (first === null) return null;
  const dot = tokens[i + 1];
  return (dot?.kind === 'punct' && dot.text === '.' && nameAt(i + 2)) || first;
}

/**
 * How a cell's SQL is run: `read` is one SELECT or VALUES (possibly behind WITH), which can be wrapped as a
 * subquery and stored as the cell's named result; `statement` is one statement of any other kind (PRAGMA,
 * EXPLAIN, INSERT …), run as it is; `script` is several statements; `empty` has nothing but comments.
 */
export type StatementKind = 'read' | 'statement' | 'script' | 'empty';

export function statementKind(sql: string): StatementKind {
  const statements: Token[][] = [[]];
  for (const token of tokenize(sql)) {
    if (token.kind === 'punct' && token.text === ';') statements.push([]);
    else statements[statements.length - 1].push(token);
  }
  const nonEmpty = statements.filter((tokens) => tokens.length > 0);
  if (nonEmpty.length === 0) return 'empty';
  if (nonEmpty.length > 1) return 'script';
  return isRead(nonEmpty[0]) ? 'read' : 'statement';
}

/** `sql` without the semicolons that end it (outside strings and comments), so it can be wrapped in `( … )`. */
export function withoutFinalSemicolons(sql: string): string {
  const tokens = tokenize(sql);
  const chars = sql.split('');
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i];
    if (token.kind !== 'punct' || token.text !== ';') break;
    chars[token.offset] = ' ';
  }
  return chars.join('');
}

/** Whether the statement's main verb, the first word outside parentheses after any WITH clause, reads. */
function isRead(tokens: Token[]): boolean {
  const first = tokens[0];
  if (first.kind !== 'word') return false;
  if (first.upper === 'SELECT' || first.upper === 'VALUES') return true;
  if (first.upper !== 'WITH') return false;
  let depth = 0;
  for (const token of tokens.slice(1)) {
    if (token.kind === 'punct' && token.text === '(') depth++;
    else if (token.kind === 'punct' && token.text === ')') depth--;
    else if (depth === 0 && token.kind === 'word' && VERBS.has(token.upper)) {
      return token.upper === 'SELECT' || token.upper === 'VALUES';
    }
  }
  return false;
}

const VERBS = new Set(['SELECT', 'VALUES', 'INSERT', 'UPDATE', 'DELETE', 'REPLACE']);

/** `name`, `schema.name` or `name(` at `start`; the reference (if a table) and the index after it. */
function readTableName(tokens: Token[], start: number): { reference: TableReference | null; next: number } {
  const first = tokens[start];
  if (first.kind !== 'word' && first.kind !== 'quoted') return { reference: null, next: start + 1 };
  let name = first;
  let next = start + 1;
  const dot = tokens[next];
  const second = tokens[next + 1];
  if (dot?.kind === 'punct' && dot.text === '.' && (second?.kind === 'word' || second?.kind === 'quoted')) {
    // An attached database's tables are not ours to track.
    if (!SCHEMAS.has(toNameKey(first.text))) return { reference: null, next: next + 2 };
    name = second;
    next += 2;
  }
  const after = tokens[next];
  if (after?.kind === 'punct' && after.text === '(') return { reference: null, next };
  return { reference: { name: name.text, offset: name.offset }, next };
}

function unique<T extends { name: string }>(references: T[]): T[] {
  const seen = new Set<string>();
  return references.filter((reference) => {
    const key = toNameKey(reference.name);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The tokens this scanner looks at, from the shared SQLite lexer: names (with their ASCII upper case),
 * parameters (split into prefix and name), the punctuation that shapes a statement, and everything else.
 */
function tokenize(sql: string): Token[] {
  return lexSql(sql).map((token): Token => {
    const text = sql.slice(token.from, token.to);
    switch (token.kind) {
      case 'word':
        return { kind: 'word', text, upper: toAsciiUpper(text), offset: token.from };
      case 'quoted':
        return { kind: 'quoted', text: token.name, offset: token.from + 1 };
      case 'parameter':
        return text[0] === '?'
          ? { kind: 'other', offset: token.from }
          : {
              kind: 'parameter',
              text: text.slice(1),
              prefix: text[0] as ':' | '@' | '$',
              offset: token.from
            };
      case 'operator':
        return '(),;.'.includes(text)
          ? { kind: 'punct', text, offset: token.from }
          : { kind: 'other', offset: token.from };
      default:
        return { kind: 'other', offset: token.from };
    }
  });
}

function toAsciiUpper(text: string): string {
  return text.replace(/[a-z]/g, (letter) => String.fromCharCode(letter.charCodeAt(0) - 32));
}
