import { IDENTIFIER_PART, lexSql, type SqlToken } from './sql-lexer';

import { toNameKey } from './names';

/** A span of the SQL text in UTF-16 offsets (what JavaScript strings and CodeMirror count). */
export interface SqlErrorRange {
  from: number;
  /** Equal to `from` for a point (the end of an incomplete statement). */
  to: number;
}

/**
 * Where in `sql` SQLite's error `message` points, or `null` when the message names nothing that can be found.
 *
 * SQLite reports no offsets through sql.js, only messages that quote a token or a name (`near "FROM": syntax
 * error`, `no such column: t.foo`). So the SQL is tokenized the way SQLite does (strings, quoted identifiers,
 * comments) and the quoted text is looked for among the tokens: a name inside a string literal or a comment is
 * never taken, `id` never matches inside `paid`, `"foo"`, `[foo]` and `` `foo` `` match the name `foo`, and names
 * match with ASCII case folding as SQLite compares them (a form spelled exactly as in the message wins over one
 * that differs in case, because SQLite quotes the text as it was written).
 *
 * When a token occurs several times the first fitting occurrence is taken: without SQLite's parser there is no
 * telling which `)` a syntax error meant, and the first one is where reading usually goes wrong.
 */
export function locateSqlError(sql: string, message: string): SqlErrorRange | null {
  const text = message.trim();
  for (const locator of LOCATORS) {
    const match = locator.pattern.exec(text);
    if (match) return locator.locate(match, new Scan(sql));
  }
  return null;
}

interface Locator {
  /** Matched against the whole message; SQLite's wording (`sqlite3ErrorMsg` calls in its sources). */
  pattern: RegExp;
  locate(match: RegExpExecArray, scan: Scan): SqlErrorRange | null;
}

const LOCATORS: readonly Locator[] = [
  { pattern: /^near "(.*)": syntax error$/s, locate: ([, token], scan) => scan.tokenText(token) },
  { pattern: /^unrecognized token: "(.*)"$/s, locate: ([, token], scan) => scan.tokenText(token) },
  { pattern: /^incomplete input$/, locate: (_, scan) => scan.end() },
  { pattern: /^no such function: (.+)$/, locate: ([, name], scan) => scan.functionName(name) },
  {
    pattern: /^wrong number of arguments to function (.+)\(\)$/,
    locate: ([, name], scan) => scan.functionName(name)
  },
  {
    pattern: /^misuse of (?:aggregate:|aggregate function|window function) (.+)\(\)$/,
    locate: ([, name], scan) => scan.functionName(name)
  },
  { pattern: /^no such [a-z ]+: (.+)$/, locate: ([, name], scan) => scan.name(name) },
  { pattern: /^ambiguous column name: (.+)$/, locate: ([, name], scan) => scan.name(name) },
  { pattern: /^table .+ has no column named (.+)$/, locate: ([, name], scan) => scan.name(name) },
  {
    pattern: /^table (.+) has \d+ columns but \d+ values were supplied$/,
    locate: ([, name], scan) => scan.name(name)
  },
  { pattern: /^\d+ values for \d+ columns$/, locate: (_, scan) => scan.keyword(['VALUES']) },
  {
    pattern: /^cannot join using column (.+) - column not present in both tables$/,
    locate: ([, name], scan) => scan.name(name)
  },
  {
    pattern: /^(?:table|view|index|trigger) (.+) already exists$/,
    locate: ([, name], scan) => scan.name(name)
  },
  { pattern: /^duplicate column name: (.+)$/, locate: ([, name], scan) => scan.name(name, 1) },
  {
    pattern: /^(\d+)(?:st|nd|rd|th) (ORDER|GROUP) BY term (out of range)?/,
    locate: ([, ordinal, clause, outOfRange], scan) =>
      scan.byTerm(clause, Number(ordinal), outOfRange !== undefined)
  },
  {
    pattern: /^sub-select returns (\d+) columns - expected \d+$/,
    locate: ([, count], scan) => scan.subSelect(Number(count))
  },
  {
    pattern: /^SELECTs to the left and right of (UNION ALL|UNION|INTERSECT|EXCEPT) /,
    locate: ([, operator], scan) => scan.keyword(operator.split(' '))
  },
  {
    pattern: /^(?:a GROUP BY clause is required before HAVING|HAVING clause on a non-aggregate query)$/,
    locate: (_, scan) => scan.keyword(['HAVING'])
  }
];

type Token = SqlToken;

/** An occurrence of a (possibly dotted) name: the token indexes it spans and whether it is spelled as asked. */
interface NameOccurrence {
  first: number;
  last: number;
  exactCase: boolean;
}

/** SQL text, tokenized once, with the searches the locators need. */
class Scan {
  private readonly tokens: Token[];

  constructor(private readonly sql: string) {
    this.tokens = lexSql(sql);
  }

  /**
   * A token as SQLite quotes it in `near "…"` and `unrecognized token: "…"`: its exact source text. Where no
   * token is exactly that text (our tokenizer splits a few oddities differently), a token that starts with it.
   */
  tokenText(text: string): SqlErrorRange | null {
    if (text.length === 0) return null;
    const exact = this.tokens.find((token) => this.sql.slice(token.from, token.to) === text);
    if (exact) return { from: exact.from, to: exact.to };
    const key = toNameKey(text);
    const ranked = [
      (token: Token) => this.sql.startsWith(text, token.from),
      (token: Token) => toNameKey(this.sql.slice(token.from, token.from + text.length)) === key
    ];
    for (const fits of ranked) {
      const found = this.tokens.find((token) => fits(token) && this.endsAtBoundary(token.from + text.length));
      if (found) return { from: found.from, to: found.from + text.length };
    }
    return null;
  }

  /** Just after the last token: where SQLite ran out of input (trailing blanks and comments left out). */
  end(): SqlErrorRange {
    const last = this.tokens.at(-1);
    const at = last === undefined ? this.sql.length : last.to;
    return { from: at, to: at };
  }

  /**
   * A table, column or other name, perhaps dotted (`t.foo`, `main.bar`). A name that stands alone is preferred
   * to one that is part of a longer dotted name: `no such column: foo` is about `foo`, not `foo.x` (that one
   * would be reported as `foo.x`). `skip` passes over fitting occurrences (the second of a duplicate).
   */
  name(name: string, skip = 0): SqlErrorRange | null {
    if (name.length === 0) return null;
    const occurrences = this.nameOccurrences(name);
    if (occurrences.length === 0 && name.includes('.')) {
      return this.name(name.slice(name.lastIndexOf('.') + 1), skip);
    }
    const standalone = occurrences.filter((occurrence) => this.isStandalone(occurrence));
    const chosen = pick(standalone, skip) ?? pick(occurrences, skip) ?? pick(occurrences, 0);
    return chosen ? this.rangeOf(chosen) : null;
  }

  /** A function's name, preferably where it is called (followed by `(`). */
  functionName(name: string): SqlErrorRange | null {
    const occurrences = this.nameOccurrences(name);
    const calls = occurrences.filter((occurrence) => this.isPunctuation(occurrence.last + 1, '('));
    const chosen = pick(calls, 0) ?? pick(occurrences, 0);
    return chosen ? this.rangeOf(chosen) : null;
  }

  /** The first run of these keywords (case-insensitive, in order), e.g. `UNION ALL`. */
  keyword(words: readonly string[]): SqlErrorRange | null {
    for (let i = 0; i + words.length <= this.tokens.length; i++) {
      if (words.every((word, k) => this.isWord(i + k, word))) {
        return { from: this.tokens[i].from, to: this.tokens[i + words.length - 1].to };
      }
    }
    return null;
  }

  /**
   * The `ordinal`-th term (1-based) of an ORDER BY or GROUP BY clause, without its ASC/DESC/COLLATE/NULLS tail.
   * For "out of range" the term is an integer, so a clause whose term is one is preferred.
   */
  byTerm(clause: string, ordinal: number, expectInteger: boolean): SqlErrorRange | null {
    const candidates: { term: [number, number]; integer: boolean }[] = [];
    for (let i = 0; i + 1 < this.tokens.length; i++) {
      if (!this.isWord(i, clause) || !this.isWord(i + 1, 'BY')) continue;
      const term = this.listItems(i + 2, BY_CLAUSE_END)[ordinal - 1];
      if (term === undefined) continue;
      const [first, last] = this.withoutOrderingTail(term);
      candidates.push({
        term: [first, last],
        integer: first === last && this.tokens[first].kind === 'number'
      });
    }
    const chosen = (expectInteger ? candidates.find((c) => c.integer) : undefined) ?? candidates[0];
    return chosen ? { from: this.tokens[chosen.term[0]].from, to: this.tokens[chosen.term[1]].to } : null;
  }

  /**
   * A parenthesized `(SELECT …)` whose result has `count` columns; failing that, one whose count cannot be told
   * (a `*` among its columns). The whole parenthesis is the range.
   */
  subSelect(count: number): SqlErrorRange | null {
    let unknown: SqlErrorRange | null = null;
    for (let i = 0; i + 1 < this.tokens.length; i++) {
      if (!this.isPunctuation(i, '(') || !this.isWord(i + 1, 'SELECT')) continue;
      const columns = this.listItems(i + 2, SELECT_LIST_END);
      const close = this.closingParenthesis(i);
      const range = { from: this.tokens[i].from, to: close === -1 ? this.sql.length : this.tokens[close].to };
      const hasStar = columns.some(([, last]) => this.isPunctuation(last, '*'));
      if (!hasStar && columns.length === count) return range;
      if (hasStar && unknown === null) unknown = range;
    }
    return unknown;
  }

  private nameOccurrences(name: string): NameOccurrence[] {
    const key = toNameKey(name);
    const parts = name.split('.');
    const occurrences: NameOccurrence[] = [];
    for (let i = 0; i < this.tokens.length; i++) {
      if (this.isIdentifier(i) && toNameKey(this.tokens[i].name) === key) {
        occurrences.push({ first: i, last: i, exactCase: this.tokens[i].name === name });
      } else if (parts.length > 1 && this.isDottedName(i, parts)) {
        const last = i + 2 * (parts.length - 1);
        const spelled = parts.every((part, k) => this.tokens[i + 2 * k].name === part);
        occurrences.push({ first: i, last, exactCase: spelled });
      }
    }
    return occurrences;
  }

  private isDottedName(start: number, parts: readonly string[]): boolean {
    return parts.every(
      (part, k) =>
        this.isIdentifier(start + 2 * k) &&
        toNameKey(this.tokens[start + 2 * k].name) === toNameKey(part) &&
        (k === parts.length - 1 || this.isPunctuation(start + 2 * k + 1, '.'))
    );
  }

  private isStandalone(occurrence: NameOccurrence): boolean {
    return !this.isPunctuation(occurrence.first - 1, '.') && !this.isPunctuation(occurrence.last + 1, '.');
  }

  /**
   * The items of a comma-separated list starting at token `start`, as [first, last] token indexes, up to a
   * closing parenthesis, `;`, or a word in `end` at the list's own nesting level.
   */
  private listItems(start: number, end: ReadonlySet<string>): [number, number][] {
    const items: [number, number][] = [];
    let depth = 0;
    let itemStart = start;
    let i = start;
    for (; i < this.tokens.length; i++) {
      const token = this.tokens[i];
      if (this.isPunctuation(i, '(')) depth++;
      else if (this.isPunctuation(i, ')')) {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0) {
        if (this.isPunctuation(i, ';')) break;
        if (token.kind === 'word' && end.has(toNameKey(token.name))) break;
        if (this.isPunctuation(i, ',')) {
          if (i > itemStart) items.push([itemStart, i - 1]);
          itemStart = i + 1;
        }
      }
    }
    if (i > itemStart) items.push([itemStart, i - 1]);
    return items;
  }

  private withoutOrderingTail([first, last]: [number, number]): [number, number] {
    for (let i = first + 1; i <= last; i++) {
      if (ORDERING_TAIL.some((word) => this.isWord(i, word))) return [first, i - 1];
    }
    return [first, last];
  }

  private closingParenthesis(open: number): number {
    let depth = 0;
    for (let i = open; i < this.tokens.length; i++) {
      if (this.isPunctuation(i, '(')) depth++;
      else if (this.isPunctuation(i, ')') && --depth === 0) return i;
    }
    return -1;
  }

  private rangeOf(occurrence: NameOccurrence): SqlErrorRange {
    return { from: this.tokens[occurrence.first].from, to: this.tokens[occurrence.last].to };
  }

  /** True when no identifier character continues at `offset`, so `id` is not taken for the start of `idx`. */
  private endsAtBoundary(offset: number): boolean {
    const before = this.sql[offset - 1] ?? '';
    const after = this.sql[offset] ?? '';
    return !(IDENTIFIER_PART.test(before) && IDENTIFIER_PART.test(after));
  }

  private isIdentifier(index: number): boolean {
    const kind = this.tokens[index]?.kind;
    return kind === 'word' || kind === 'quoted';
  }

  private isWord(index: number, upper: string): boolean {
    const token = this.tokens[index];
    return token?.kind === 'word' && toNameKey(token.name) === toNameKey(upper);
  }

  private isPunctuation(index: number, text: string): boolean {
    const token = this.tokens[index];
    return token?.kind === 'operator' && token.name === text;
  }
}

/** The `skip`-th occurrence among those spelled exactly as asked, else among all; `undefined` when too few. */
function pick(occurrences: readonly NameOccurrence[], skip: number): NameOccurrence | undefined {
  const exact = occurrences.filter((occurrence) => occurrence.exactCase);
  return exact[skip] ?? occurrences[skip];
}

/** Words that end an ORDER BY / GROUP BY list at its own level (lower case, as `toNameKey` folds). */
const BY_CLAUSE_END = new Set([
  'limit',
  'offset',
  'having',
  'window',
  'order',
  'union',
  'intersect',
  'except',
  'returning',
  'on',
  'do'
]);

/** Words that end a SELECT's result column list at its own level (lower case). */
const SELECT_LIST_END = new Set([
  'from',
  'where',
  'group',
  'having',
  'window',
  'order',
  'limit',
  'union',
  'intersect',
  'except'
]);

/** What may follow an ordering term's expression: `x DESC`, `x COLLATE nocase`, `x NULLS LAST`. */
const ORDERING_TAIL = ['ASC', 'DESC', 'COLLATE', 'NULLS'];
