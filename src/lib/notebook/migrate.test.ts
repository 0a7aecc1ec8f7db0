import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNotebook, serializeNotebook, type NotebookDocument } from './format';
import { loadNotebook } from './load';
import { migrateDocument, MIGRATIONS } from './migrate';
import { NOTEBOOK_VERSION } from './model';
import type { YamlValue } from './yaml-subset';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function parse(text: string): NotebookDocument {
  const parsed = parseNotebook(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.document;
}

/** A plain-data picture of a document (maps as entry lists), to see whether anything changed it. */
function snapshot(document: NotebookDocument): unknown {
  const plain = (value: YamlValue | Map<string, string>): unknown =>
    value instanceof Map
      ? [...value].map(([key, item]) => [key, plain(item)])
      : Array.isArray(value)
        ? value.map(plain)
        : value;
  return {
    version: document.version,
    header: plain(document.header),
    cells: document.cells.map((cell) => ({
      ...cell,
      attributes: plain(cell.attributes),
      args: [...cell.args],
      body: typeof cell.body === 'string' ? cell.body : plain(cell.body)
    }))
  };
}

const v1 = (cells: string) => `---\ncrossbook: 1\ntitle: Old\n---\n\n${cells}\n`;

describe('migrateDocument', () => {
  it('numbers its steps 2, 3, … up to the current version, one per version', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(
      Array.from({ length: NOTEBOOK_VERSION - 1 }, (_, i) => i + 2)
    );
  });

  it('turns the version 1 fixture into the expected version 2 file', () => {
    const result = loadNotebook(fixture('v1-weekly-revenue.md'));
    if (!result.ok) throw new Error(result.message);
    expect(result.migratedFrom).toBe(1);
    expect(result.warnings).toEqual([]);
    expect(serializeNotebook(result.notebook)).toBe(fixture('v1-weekly-revenue.migrated.md'));
  });

  it('maps each version 1 shape to its version 2 form', () => {
    const result = loadNotebook(fixture('v1-weekly-revenue.md'));
    if (!result.ok) throw new Error(result.message);
    const { cells, tables } = result.notebook;
    expect(cells.map((cell) => cell.id)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(cells[1]).toEqual({
      kind: 'input',
      id: 'c2',
      name: 'country',
      label: 'Country',
      control: { kind: 'select', options: ['DE', 'FR', 'NL'], source: null, default: 'DE' }
    });
    expect(cells[2]).toMatchObject({
      control: { kind: 'date-range', default: { from: '2024-01-01', to: '2024-03-31' } }
    });
    expect(cells[3]).toMatchObject({ kind: 'sql', name: 'weekly' });
    expect(cells[4]).toMatchObject({
      kind: 'chart',
      data: 'weekly',
      chart: { mark: 'bar', x: 'week', y: 'revenue' }
    });
    expect(tables[0]).toMatchObject({
      name: 'orders',
      rowCount: 600,
      columns: [{ name: 'order_id', type: 'TEXT' }, {}, {}, {}]
    });
  });

  it('never changes the document it is given', () => {
    const document = parse(fixture('v1-weekly-revenue.md'));
    const before = snapshot(document);
    const result = migrateDocument(document);
    expect(result.ok).toBe(true);
    expect(snapshot(document)).toEqual(before);
    if (result.ok) expect(result.document).not.toBe(document);
  });

  it('returns a current document as it is, with no steps applied', () => {
    const document = parse(fixture('v1-weekly-revenue.migrated.md'));
    expect(migrateDocument(document)).toEqual({ ok: true, document, applied: [] });
  });

  it.each([
    [3, 'newer-version', /newer version of Crossbook \(file format 3\)/],
    [NOTEBOOK_VERSION + 100, 'newer-version', /file format 102/],
    [0, 'invalid', /0 is not a file format version/],
    [1.5, 'invalid', /1.5 is not a file format version/]
  ])('refuses version %s', (version, reason, message) => {
    const result = migrateDocument({ version, header: new Map(), cells: [], data: null });
    expect(result).toMatchObject({ ok: false, reason, message: expect.stringMatching(message) });
  });

  it.each([
    [
      'an unknown version 1 control',
      '```input country\ncontrol: slider\n```',
      /control is one of dropdown, multi, dates, number, text, not "slider"/,
      { line: 7, cell: '#1', field: 'control' }
    ],
    [
      'an unknown version 1 mark',
      '```chart weekly\nmark: pie\n```',
      /chart mark is one of barY, line, dot, not "pie"/,
      { line: 7, cell: '#1', field: 'mark' }
    ],
    [
      'a version 1 cell with two names',
      '```sql weekly monthly\nSELECT 1\n```',
      /one name, not "weekly monthly"/,
      { line: 6, cell: '#1' }
    ]
  ])('refuses %s, naming the cell', (_, cells, message, where) => {
    const result = loadNotebook(v1(cells));
    expect(result).toMatchObject({
      ok: false,
      reason: 'invalid',
      message: expect.stringMatching(message),
      where
    });
  });

  it('hands version 1 mistakes it does not rewrite to the version 2 checks', () => {
    const result = loadNotebook(v1('```python script\nprint(1)\n```'));
    expect(result).toMatchObject({
      ok: false,
      reason: 'invalid',
      message: expect.stringMatching(/"python" is not a kind of cell/)
    });
  });
});
