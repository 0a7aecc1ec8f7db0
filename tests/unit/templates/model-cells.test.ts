import { describe, expect, it } from 'vitest';
import { galleryEntries } from '../../../src/lib/notebook/gallery';
import { loadNotebook } from '../../../src/lib/notebook/load';

/**
 * The analysis templates share one data model (reporting currency, as-of date, forward-filled FX, orders in
 * the reporting currency). Each carries its own copy so that it stands alone; this keeps the copies identical.
 */
const MODEL_CELLS = [
  'model-intro',
  'currency-options',
  'reporting-currency',
  'period',
  'as-of',
  'fx-daily',
  'orders-rc',
  'model-check',
  'model-summary'
];

describe('the shared data model of the templates', () => {
  const templates = galleryEntries()
    .map((entry) => ({ file: entry.file, loaded: loadNotebook(entry.text) }))
    .filter(({ loaded }) => loaded.ok && loaded.notebook.cells.some((cell) => cell.id === 'orders-rc'));

  it('is in every analysis template', () => {
    expect(templates.map((template) => template.file)).toEqual(
      expect.arrayContaining(['cohort-retention.md', 'customer-overview.md', 'rfm-segments.md'])
    );
  });

  it('is the same, cell for cell, in every template', () => {
    const copies = templates.map(({ file, loaded }) => {
      if (!loaded.ok) throw new Error(file);
      return MODEL_CELLS.map((id) => {
        const cell = loaded.notebook.cells.find((candidate) => candidate.id === id);
        if (cell === undefined) throw new Error(`${file} has no cell ${id}`);
        return JSON.stringify(cell);
      });
    });
    for (const copy of copies.slice(1)) expect(copy).toEqual(copies[0]);
  });
});
