import { CompletionContext, type CompletionResult, type CompletionSource } from '@codemirror/autocomplete';
import { EditorSelection, EditorState, type Transaction } from '@codemirror/state';
import { keymap, type KeyBinding } from '@codemirror/view';
import { describe, expect, it, vi } from 'vitest';
import {
  createSqlEditorCompartments,
  createSqlExtensions,
  externalChange,
  isSameSchema,
  reconfigureLabel,
  reconfigureReadOnly,
  reconfigureSchema,
  replaceDocument,
  setErrorRange,
  sqlErrorField,
  type SqlEditorOptions,
  type SqlSchema
} from './sql-editor-setup';
import { EditorView } from '@codemirror/view';

const SCHEMA: SqlSchema = {
  orders: ['id', 'amount', 'country'],
  customers: ['id', 'name', 'signup_date']
};

function options(overrides: Partial<SqlEditorOptions> = {}): SqlEditorOptions {
  return {
    onRun: () => {},
    onChange: () => {},
    label: 'SQL of cell revenue',
    readOnly: false,
    schema: SCHEMA,
    ...overrides
  };
}

function createState(doc: string, overrides: Partial<SqlEditorOptions> = {}, cursor = doc.length) {
  const compartments = createSqlEditorCompartments();
  const state = EditorState.create({
    doc,
    selection: EditorSelection.cursor(cursor),
    extensions: createSqlExtensions(options(overrides), compartments)
  });
  return { state, compartments };
}

/** Every completion offered at the cursor, from every source the SQL language registers, as labels. */
async function completionLabels(state: EditorState): Promise<string[]> {
  const pos = state.selection.main.head;
  const sources = state.languageDataAt<CompletionSource>('autocomplete', pos);
  expect(sources.length).toBeGreaterThan(0);
  const context = new CompletionContext(state, pos, true);
  const results = await Promise.all(sources.map((source) => source(context)));
  return results
    .filter((result): result is CompletionResult => result !== null)
    .flatMap((result) => result.options.map((option) => option.label));
}

async function completionFor(state: EditorState, label: string) {
  const pos = state.selection.main.head;
  const context = new CompletionContext(state, pos, true);
  for (const source of state.languageDataAt<CompletionSource>('autocomplete', pos)) {
    const option = (await source(context))?.options.find((candidate) => candidate.label === label);
    if (option) return option;
  }
  return undefined;
}

function errorRanges(state: EditorState): { from: number; to: number; className: string }[] {
  const ranges: { from: number; to: number; className: string }[] = [];
  state.field(sqlErrorField).between(0, state.doc.length, (from, to, decoration) => {
    const spec = decoration.spec as { class?: string; widget?: unknown };
    ranges.push({ from, to, className: spec.class ?? (spec.widget ? 'widget' : '') });
  });
  return ranges;
}

function bindings(state: EditorState): KeyBinding[] {
  return state.facet(keymap).flat();
}

describe('schema completion', () => {
  it('offers table names at the top level', async () => {
    const { state } = createState('select * from ');
    const labels = await completionLabels(state);
    expect(labels).toContain('orders');
    expect(labels).toContain('customers');
    // Columns only after their table's name and a dot.
    expect(labels).not.toContain('signup_date');
  });

  it('offers the columns of orders after "orders."', async () => {
    const { state } = createState('select orders. from orders', {}, 'select orders.'.length);
    const labels = await completionLabels(state);
    expect(labels.sort()).toEqual(['amount', 'country', 'id']);
  });

  it('offers lower-case keywords', async () => {
    const { state } = createState('sel');
    const labels = await completionLabels(state);
    expect(labels).toContain('select');
    expect(labels).not.toContain('SELECT');
  });

  it('quotes names that are keywords or not plain identifiers when inserting them', async () => {
    const { state } = createState('select * from ', {
      schema: { order: ['x'], 'Monthly "net" revenue': ['y'], orders: ['z'] }
    });
    expect((await completionFor(state, 'order'))?.apply).toBe('"order"');
    expect((await completionFor(state, 'Monthly "net" revenue'))?.apply).toBe('"Monthly ""net"" revenue"');
    expect((await completionFor(state, 'orders'))?.apply).toBeUndefined();
  });

  it('keeps a dotted result name as one table', async () => {
    const { state } = createState('select * from ', { schema: { 'fx.rates': ['rate'] } });
    expect(await completionLabels(state)).toContain('fx.rates');
  });

  it('reconfigures the schema without a new state', async () => {
    const { state, compartments } = createState('select * from ');
    const next = state.update({
      effects: reconfigureSchema(compartments, { refunds: ['order_id'] })
    }).state;
    const labels = await completionLabels(next);
    expect(labels).toContain('refunds');
    expect(labels).not.toContain('orders');
    expect(next.doc.toString()).toBe('select * from ');
  });
});

describe('isSameSchema', () => {
  it('compares tables and columns in order', () => {
    expect(
      isSameSchema(SCHEMA, { orders: ['id', 'amount', 'country'], customers: ['id', 'name', 'signup_date'] })
    ).toBe(true);
    expect(isSameSchema(SCHEMA, { orders: ['id', 'amount', 'country'] })).toBe(false);
    expect(isSameSchema({ a: ['x', 'y'] }, { a: ['y', 'x'] })).toBe(false);
    expect(isSameSchema({ a: ['x'] }, { b: ['x'] })).toBe(false);
  });
});

describe('the error highlight', () => {
  const doc = 'select foo\nfrom orders';

  it('decorates the given span with the error class', () => {
    const { state } = createState(doc);
    const next = state.update({ effects: setErrorRange.of({ from: 7, to: 10 }) }).state;
    expect(errorRanges(next)).toEqual([{ from: 7, to: 10, className: 'cm-sql-error' }]);
  });

  it('clamps a span that runs past the end of the document', () => {
    const { state } = createState(doc);
    const next = state.update({ effects: setErrorRange.of({ from: 16, to: 400 }) }).state;
    expect(errorRanges(next)).toEqual([{ from: 16, to: 22, className: 'cm-sql-error' }]);
  });

  it('shows a point (incomplete input) as a marker widget', () => {
    const { state } = createState(doc);
    const next = state.update({ effects: setErrorRange.of({ from: 999, to: 999 }) }).state;
    expect(errorRanges(next)).toEqual([{ from: 22, to: 22, className: 'widget' }]);
  });

  it('is cleared by null', () => {
    const { state } = createState(doc);
    const marked = state.update({ effects: setErrorRange.of({ from: 7, to: 10 }) }).state;
    expect(errorRanges(marked.update({ effects: setErrorRange.of(null) }).state)).toEqual([]);
  });

  it('is cleared by any change to the document, but not by moving the cursor', () => {
    const { state } = createState(doc);
    const marked = state.update({ effects: setErrorRange.of({ from: 7, to: 10 }) }).state;
    expect(errorRanges(marked.update({ selection: EditorSelection.cursor(2) }).state)).toHaveLength(1);
    expect(errorRanges(marked.update({ changes: { from: 22, insert: ' o' } }).state)).toEqual([]);
  });

  it('takes the new range when a transaction both edits and sets it', () => {
    const { state } = createState(doc);
    const next = state.update({
      changes: { from: 0, insert: '-- x\n' },
      effects: setErrorRange.of({ from: 12, to: 15 })
    }).state;
    expect(errorRanges(next)).toEqual([{ from: 12, to: 15, className: 'cm-sql-error' }]);
  });

  it('sets aria-invalid on the content only while an error shows', () => {
    const { state } = createState(doc);
    const marked = state.update({ effects: setErrorRange.of({ from: 7, to: 10 }) }).state;
    expect(contentAttributes(marked)['aria-invalid']).toBe('true');
    expect(contentAttributes(state)['aria-invalid']).toBeUndefined();
  });
});

/** The content attributes as the view would merge them (later values win, as in EditorView). */
function contentAttributes(state: EditorState): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const attrs of state.facet(EditorView.contentAttributes)) {
    if (typeof attrs !== 'function') Object.assign(merged, attrs);
  }
  return merged;
}

describe('keys', () => {
  it('runs the cell on Shift-Enter and Mod-Enter, consuming the key', () => {
    const onRun = vi.fn();
    const { state } = createState('select 1', { onRun });
    for (const key of ['Shift-Enter', 'Mod-Enter']) {
      // The first binding of the key in precedence order is the one CodeMirror runs.
      const binding = bindings(state).find((candidate) => candidate.key === key);
      expect(binding?.run?.(undefined as unknown as EditorView)).toBe(true);
    }
    expect(onRun).toHaveBeenCalledTimes(2);
  });

  it('binds no Tab, so keyboard users can leave the editor', () => {
    const { state } = createState('select 1');
    const keys = bindings(state).map((binding) => binding.key);
    expect(keys).toContain('Mod-z');
    expect(keys).not.toContain('Tab');
    expect(keys).not.toContain('Shift-Tab');
  });
});

describe('accessibility and read-only', () => {
  it('labels the content and reconfigures the label', () => {
    const { state, compartments } = createState('select 1');
    expect(contentAttributes(state)['aria-label']).toBe('SQL of cell revenue');
    const next = state.update({ effects: reconfigureLabel(compartments, 'SQL of cell churn') }).state;
    expect(contentAttributes(next)['aria-label']).toBe('SQL of cell churn');
  });

  it('switches read-only on and off', () => {
    const { state, compartments } = createState('select 1');
    expect(state.readOnly).toBe(false);
    const locked = state.update({ effects: reconfigureReadOnly(compartments, true) }).state;
    expect(locked.readOnly).toBe(true);
    expect(contentAttributes(locked)['aria-readonly']).toBe('true');
    expect(locked.update({ effects: reconfigureReadOnly(compartments, false) }).state.readOnly).toBe(false);
  });
});

describe('replaceDocument', () => {
  function apply(
    doc: string,
    text: string,
    cursor: number
  ): { doc: string; cursor: number; tr: Transaction } {
    const { state } = createState(doc, {}, cursor);
    const spec = replaceDocument(state.doc, text);
    expect(spec).not.toBeNull();
    const tr = state.update(spec ?? {});
    return { doc: tr.state.doc.toString(), cursor: tr.state.selection.main.head, tr };
  }

  it('does nothing when the text is the same', () => {
    const { state } = createState('select 1');
    expect(replaceDocument(state.doc, 'select 1')).toBeNull();
  });

  it('replaces only the middle, so a cursor before or after it stays on its text', () => {
    // "select a from t" -> "select abc from t": 2 characters inserted at 8.
    expect(apply('select a from t', 'select abc from t', 3)).toMatchObject({
      doc: 'select abc from t',
      cursor: 3
    });
    expect(apply('select a from t', 'select abc from t', 13)).toMatchObject({
      doc: 'select abc from t',
      cursor: 15
    });
  });

  it('marks the change as external and keeps surrogate pairs whole', () => {
    const result = apply('select 😀', 'select 😁', 9);
    expect(result.doc).toBe('select 😁');
    expect(result.tr.annotation(externalChange)).toBe(true);
    // 😀 is \ud83d\ude00 and 😁 is \ud83d\ude01: the shared high surrogate is replaced too.
    const changed: [number, number][] = [];
    result.tr.changes.iterChangedRanges((from, to) => changed.push([from, to]));
    expect(changed).toEqual([[7, 9]]);
  });
});
