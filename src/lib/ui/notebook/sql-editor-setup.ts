import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
  type Completion
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { sql, SQLite, type SQLNamespace } from '@codemirror/lang-sql';
import {
  bracketMatching,
  defaultHighlightStyle,
  indentOnInput,
  syntaxHighlighting
} from '@codemirror/language';
import {
  Annotation,
  Compartment,
  EditorState,
  Prec,
  StateEffect,
  StateField,
  type Extension,
  type Text,
  type TransactionSpec
} from '@codemirror/state';
import {
  Decoration,
  drawSelection,
  EditorView,
  highlightActiveLine,
  keymap,
  lineNumbers,
  WidgetType,
  type DecorationSet,
  type KeyBinding
} from '@codemirror/view';
import { quoteIdentifier } from '$lib/engine/identifiers';
import { isSqlKeyword } from '$lib/notebook/names';
import type { SqlErrorRange } from '$lib/notebook/sql-error-position';

/** What completion knows: each table or cell result name, with its column names. */
export type SqlSchema = Record<string, readonly string[]>;

export interface SqlEditorOptions {
  /** Shift-Enter / Mod-Enter. */
  onRun: () => void;
  /** The whole text after each edit by the user (never after `replaceDocument`). */
  onChange: (text: string) => void;
  /** The accessible name of the editable element. */
  label: string;
  readOnly: boolean;
  schema: SqlSchema;
}

/** The parts of the configuration that change while the editor lives, each swapped without a new view. */
export interface SqlEditorCompartments {
  readonly schema: Compartment;
  readonly readOnly: Compartment;
  readonly label: Compartment;
}

export function createSqlEditorCompartments(): SqlEditorCompartments {
  return { schema: new Compartment(), readOnly: new Compartment(), label: new Compartment() };
}

/**
 * Everything an SQL cell's editor needs. Tab is deliberately left unbound (no `indentWithTab`): a keyboard user
 * must be able to Tab out of the editor to the next control (WCAG 2.1.2, no keyboard trap), and SQL is easily
 * indented with spaces or Mod-] / Mod-[ from the default keymap.
 */
export function createSqlExtensions(
  options: SqlEditorOptions,
  compartments: SqlEditorCompartments
): Extension {
  return [
    // Above the default keymap, which binds Mod-Enter to "insert blank line".
    Prec.highest(keymap.of(runKeymap(options.onRun))),
    lineNumbers(),
    history(),
    drawSelection(),
    indentOnInput(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    bracketMatching(),
    closeBrackets(),
    autocompletion(),
    highlightActiveLine(),
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap]),
    compartments.schema.of(sqlLanguage(options.schema)),
    compartments.readOnly.of(readOnlyExtension(options.readOnly)),
    compartments.label.of(labelExtension(options.label)),
    sqlErrorHighlight,
    EditorView.contentAttributes.of({ spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off' }),
    EditorView.updateListener.of((update) => {
      if (update.transactions.some((tr) => tr.docChanged && tr.annotation(externalChange) !== true)) {
        options.onChange(update.state.doc.toString());
      }
    })
  ];
}

/** Shift-Enter and Mod-Enter run the cell; returning true keeps them from also inserting a line break. */
export function runKeymap(onRun: () => void): readonly KeyBinding[] {
  const run = () => {
    onRun();
    return true;
  };
  return [
    { key: 'Shift-Enter', run },
    { key: 'Mod-Enter', run }
  ];
}

/** SQLite highlighting with keyword completion, plus tables and columns from `schema`. */
export function sqlLanguage(schema: SqlSchema): Extension {
  return sql({ dialect: SQLite, schema: toSqlNamespace(schema), upperCaseKeywords: false });
}

export function reconfigureSchema(
  compartments: SqlEditorCompartments,
  schema: SqlSchema
): StateEffect<unknown> {
  return compartments.schema.reconfigure(sqlLanguage(schema));
}

export function reconfigureReadOnly(
  compartments: SqlEditorCompartments,
  readOnly: boolean
): StateEffect<unknown> {
  return compartments.readOnly.reconfigure(readOnlyExtension(readOnly));
}

export function reconfigureLabel(compartments: SqlEditorCompartments, label: string): StateEffect<unknown> {
  return compartments.label.reconfigure(labelExtension(label));
}

/** Same tables with the same columns in the same order: no need to rebuild completion. */
export function isSameSchema(a: SqlSchema, b: SqlSchema): boolean {
  if (a === b) return true;
  const tables = Object.keys(a);
  if (tables.length !== Object.keys(b).length) return false;
  return tables.every((table) => {
    const other = Object.hasOwn(b, table) ? b[table] : undefined;
    return (
      other !== undefined && other.length === a[table].length && other.every((c, i) => c === a[table][i])
    );
  });
}

/**
 * The schema in lang-sql's shape, with completions that insert valid SQLite. lang-sql quotes a name only when it
 * is not a plain identifier, but it does not know SQLite's keywords (a table called `order` would be inserted
 * bare and fail) nor double an embedded `"`; so every option carries its own `apply`, through the app's one
 * quoting helper. A `.` in a key would make lang-sql read `schema.table`, hence the escape.
 */
export function toSqlNamespace(schema: SqlSchema): SQLNamespace {
  // No prototype: a table named `__proto__` must stay a table.
  const namespace: Record<string, SQLNamespace> = Object.create(null);
  for (const [table, columns] of Object.entries(schema)) {
    namespace[table.replaceAll('.', '\\.')] = {
      self: toNameCompletion(table, 'type'),
      children: columns.map((column) => toNameCompletion(column, 'property'))
    };
  }
  return namespace;
}

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function toNameCompletion(name: string, type: 'type' | 'property'): Completion {
  const bare = PLAIN_NAME.test(name) && !isSqlKeyword(name);
  return bare ? { label: name, type } : { label: name, type, apply: quoteIdentifier(name) };
}

function readOnlyExtension(readOnly: boolean): Extension {
  return [
    EditorState.readOnly.of(readOnly),
    EditorView.contentAttributes.of({ 'aria-readonly': String(readOnly) })
  ];
}

function labelExtension(label: string): Extension {
  return EditorView.contentAttributes.of({ 'aria-label': label });
}

/**
 * Marks the text inside a transaction that replaces the document from outside (the cell's value changed
 * elsewhere), so the change is not reported back through `onChange`.
 */
export const externalChange = Annotation.define<boolean>();

/**
 * The transaction that makes `doc` read `text`, or null when it already does. Only the differing middle is
 * replaced, so a cursor or selection in the unchanged start or end stays where it was.
 */
export function replaceDocument(doc: Text, text: string): TransactionSpec | null {
  const current = doc.toString();
  if (current === text) return null;
  let start = 0;
  const shorter = Math.min(current.length, text.length);
  while (start < shorter && current.charCodeAt(start) === text.charCodeAt(start)) start++;
  // Never split a surrogate pair: the cursor could land between its halves.
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--;
  let end = 0;
  while (
    end < shorter - start &&
    current.charCodeAt(current.length - 1 - end) === text.charCodeAt(text.length - 1 - end)
  ) {
    end++;
  }
  if (end > 0 && isLowSurrogate(current.charCodeAt(current.length - end))) end--;
  return {
    changes: { from: start, to: current.length - end, insert: text.slice(start, text.length - end) },
    annotations: externalChange.of(true)
  };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Shows where the last run's error is (`null` clears it). Positions refer to the document after the transaction. */
export const setErrorRange = StateEffect.define<SqlErrorRange | null>();

/** The class on the error's span (and on the point marker of an error at a position, like "incomplete input"). */
export const SQL_ERROR_CLASS = 'cm-sql-error';

/**
 * The error's decoration. Any edit clears it: the positions came from the text that was run, and after an edit
 * the user is fixing it anyway, so a stale underline would only mislead.
 */
export const sqlErrorField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setErrorRange)) return toErrorDecorations(effect.value, tr.state.doc.length);
    }
    return tr.docChanged ? Decoration.none : decorations;
  },
  provide: (field) => EditorView.decorations.from(field)
});

/** An empty span would show nothing, so an error at a position gets a small underlined marker instead. */
class ErrorPointWidget extends WidgetType {
  override eq(): boolean {
    return true;
  }

  toDOM(view: EditorView): HTMLElement {
    const marker = view.dom.ownerDocument.createElement('span');
    marker.className = `${SQL_ERROR_CLASS} cm-sql-error-point`;
    marker.setAttribute('aria-hidden', 'true');
    marker.textContent = '\u00a0';
    return marker;
  }
}

const errorMark = Decoration.mark({ class: SQL_ERROR_CLASS });
const errorPoint = Decoration.widget({ widget: new ErrorPointWidget(), side: 1 });

function toErrorDecorations(range: SqlErrorRange | null, length: number): DecorationSet {
  if (range === null) return Decoration.none;
  const clamp = (offset: number) => Math.max(0, Math.min(length, offset));
  const from = clamp(Math.min(range.from, range.to));
  const to = clamp(Math.max(range.from, range.to));
  return Decoration.set([from === to ? errorPoint.range(from) : errorMark.range(from, to)]);
}

/** The field, and `aria-invalid` on the content while it shows an error, so a screen reader hears it too. */
const sqlErrorHighlight: Extension = [
  sqlErrorField,
  EditorView.contentAttributes.compute([sqlErrorField], (state): Record<string, string> =>
    state.field(sqlErrorField).size > 0 ? { 'aria-invalid': 'true' } : {}
  )
];
