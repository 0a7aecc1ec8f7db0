import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serializeNotebook } from './format';
import { galleryEntries } from './gallery';
import { buildGraph, tablesRead } from './graph';
import { loadNotebook } from './load';

const folder = new URL('../../../notebooks/', import.meta.url);
const files = readdirSync(folder)
  .filter((file) => file.endsWith('.md'))
  .sort();

describe('the bundled notebooks', () => {
  it('are there', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s loads without warnings and round-trips byte for byte', (file) => {
    const text = readFileSync(new URL(file, folder), 'utf8');
    const result = loadNotebook(text);
    if (!result.ok) throw new Error(result.message);
    expect(result.warnings).toEqual([]);
    expect(result.migratedFrom).toBeNull();
    expect(serializeNotebook(result.notebook)).toBe(text);
  });

  it.each(files)('%s has no dependency issues and fingerprints every table it reads', (file) => {
    const result = loadNotebook(readFileSync(new URL(file, folder), 'utf8'));
    if (!result.ok) throw new Error(result.message);
    const tables = result.notebook.tables.map((table) => table.name);
    const graph = buildGraph(result.notebook, { tables });
    for (const node of graph.nodes.values()) expect(node.issues, node.id).toEqual([]);
    expect(tablesRead(graph).sort()).toEqual(tables.sort());
  });

  it('are all in the gallery, with their titles', () => {
    const entries = galleryEntries();
    expect(entries.map((entry) => entry.file)).toEqual(files);
    for (const entry of entries) expect(entry.title).not.toBe('');
  });
});
