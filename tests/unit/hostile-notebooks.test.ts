// @vitest-environment jsdom
import { readdirSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NotebookFailureReason } from '../../src/lib/notebook/failure';
import { loadNotebook } from '../../src/lib/notebook/load';
import type { Notebook } from '../../src/lib/notebook/model';
import { renderMarkdown, type ValueLookup } from '../../src/lib/ui/markdown/render-markdown';
import { CORPUS_DIR, corpusBytes, readCorpus, type CorpusEntry } from '../support/hostile-notebooks';
import { handlerGlobal, unsafeMarkup } from '../support/unsafe-markup';

const entries = readCorpus();

/** The file's text as the app gets it: `File.text()` decodes UTF-8, replacing invalid bytes. */
function textOf(entry: CorpusEntry): string {
  return new TextDecoder().decode(corpusBytes(entry));
}

const REASONS: readonly NotebookFailureReason[] = [
  'newer-version',
  'corrupt',
  'too-large',
  'too-deep',
  'invalid'
];

/** What a query result could hold: every `{{reference}}` gets one of these, or nothing. */
const HOSTILE_VALUES = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '**bold** [x](javascript:alert(1))',
  '\uE0000\uE001',
  '"><svg onload=alert(1)>'
];

function hostileLookup(): ValueLookup {
  let calls = 0;
  return () => {
    calls++;
    return calls % 6 === 0 ? null : HOSTILE_VALUES[calls % HOSTILE_VALUES.length];
  };
}

/** Values a component may be handed: strings, numbers, booleans, null, arrays and plain objects, nothing else. */
function nonPlainData(value: unknown, path: string): string[] {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => nonPlainData(item, `${path}[${index}]`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.entries(value).flatMap(([key, item]) => nonPlainData(item, `${path}.${key}`));
  }
  return [`${path}: ${typeof value}`];
}

describe('the hostile notebook manifest', () => {
  it('has at least 24 well-formed entries', () => {
    expect(entries.length).toBeGreaterThanOrEqual(24);
    for (const entry of entries) {
      expect(entry.file, JSON.stringify(entry)).toMatch(/^[a-z0-9-]+\.md$/);
      expect(entry.attack.trim(), entry.file).not.toBe('');
      expect(['opens', 'refused'], entry.file).toContain(entry.expect);
      if (entry.expect === 'refused') expect(REASONS, entry.file).toContain(entry.refusalReason);
      else expect(entry.refusalReason, entry.file).toBeUndefined();
      expect([null, 'destructive', 'runaway'], entry.file).toContain(entry.sql);
      if (entry.sql !== null) expect(entry.expect, entry.file).toBe('opens');
    }
    expect(new Set(entries.map((entry) => entry.file)).size).toBe(entries.length);
  });

  it('lists every file in the folder, and every listed file is there (or generated)', () => {
    const onDisk = readdirSync(CORPUS_DIR)
      .filter((name) => name.endsWith('.md'))
      .sort();
    const committed = entries.filter((entry) => entry.generate === undefined).map((entry) => entry.file);
    expect(onDisk).toEqual([...committed].sort());
  });

  it('covers every refusal reason and each attack the test plan names', () => {
    const reasons = new Set(entries.map((entry) => entry.refusalReason));
    for (const reason of REASONS) expect(reasons, reason).toContain(reason);
    const texts = entries.filter((entry) => !entry.generate).map(textOf);
    const required = [
      /DROP TABLE orders/,
      /^DELETE FROM orders$/m,
      /PRAGMA query_only=0;\nDELETE/,
      /ATTACH DATABASE [^\n]*;[\s\S]*DETACH/,
      /UPDATE orders SET/,
      /VACUUM INTO '\/x'/,
      /CREATE TRIGGER/,
      /WITH RECURSIVE r\(n\) AS \(SELECT 1 UNION ALL SELECT n\+1 FROM r\) SELECT count\(\*\) FROM r/,
      /^crossbook: 99$/m,
      /__proto__/,
      /^constructor:$/m,
      /\u202e/,
      /\u200b/,
      /<noscript><p title="<\/noscript><img src=x onerror=alert\(1\)>">/,
      /<svg><style><img src=x onerror=alert\(1\)>/,
      /<form id=x>/,
      /<img name=getElementById>/,
      /JAVASCRIPT&colon;/,
      /<math>/,
      /onload=/
    ];
    for (const pattern of required) {
      expect(
        texts.some((text) => pattern.test(text)),
        String(pattern)
      ).toBe(true);
    }
    const sqlKinds = entries.map((entry) => entry.sql);
    expect(sqlKinds.filter((kind) => kind === 'destructive').length).toBeGreaterThanOrEqual(7);
    expect(sqlKinds.filter((kind) => kind === 'runaway').length).toBeGreaterThanOrEqual(2);
    expect(entries.some((entry) => entry.generate && textOf(entry).length > 10 * 1024 * 1024)).toBe(true);
  });
});

describe.each(entries)('$file', (entry) => {
  const page = handlerGlobal();
  let alert: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    alert = vi.spyOn(page, 'alert').mockImplementation(() => {});
    return () => {
      alert.mockRestore();
      document.body.replaceChildren();
    };
  });

  if (entry.expect === 'refused') {
    it(`is refused as ${entry.refusalReason}, with a message`, () => {
      const result = loadNotebook(textOf(entry));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.reason).toBe(entry.refusalReason);
      expect(result.message.trim()).not.toBe('');
    });
    return;
  }

  it('opens, and every markdown cell renders without anything that could run', () => {
    const result = loadNotebook(textOf(entry));
    if (!result.ok) expect.fail(`refused as ${result.reason}: ${result.message.slice(0, 300)}`);
    const notebook: Notebook = result.notebook;
    if (entry.cells !== undefined) expect(notebook.cells).toHaveLength(entry.cells);
    // Titles, names and labels reach components as plain strings, to be rendered as text.
    expect(typeof notebook.title).toBe('string');
    expect(typeof notebook.description).toBe('string');
    expect(nonPlainData(notebook, 'notebook')).toEqual([]);
    if (entry.sql !== null) expect(notebook.cells.some((cell) => cell.kind === 'sql')).toBe(true);

    const lookup = hostileLookup();
    for (const cell of notebook.cells) {
      if (cell.kind !== 'markdown') continue;
      const fragment = renderMarkdown(cell.text, lookup);
      expect(unsafeMarkup(fragment), cell.id).toEqual([]);
      for (const value of fragment.querySelectorAll('span.md-value:not(.md-missing)')) {
        expect(HOSTILE_VALUES).toContain(value.textContent);
        expect(value.childElementCount).toBe(0);
      }
      const host = document.createElement('div');
      host.append(fragment);
      document.body.append(host);
      for (const element of host.querySelectorAll('*')) {
        for (const type of ['click', 'mouseover', 'focus', 'load', 'error', 'toggle', 'pointerenter']) {
          element.dispatchEvent(new Event(type));
        }
      }
    }
    expect(alert).not.toHaveBeenCalled();
  });
});

describe('what opening the corpus leaves behind', () => {
  afterAll(() => {
    // Guards the rest of the run even if the assertion below is what failed.
    for (const key of ['polluted', 'isAdmin']) Reflect.deleteProperty(Object.prototype, key);
  });

  it('pollutes no prototype', () => {
    for (const entry of entries.filter((each) => each.file.includes('prototype')))
      loadNotebook(textOf(entry));
    const plain: Record<string, unknown> = {};
    expect(plain.polluted).toBeUndefined();
    expect(plain.isAdmin).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });
});
