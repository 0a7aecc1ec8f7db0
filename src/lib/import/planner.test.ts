import { describe, expect, it } from 'vitest';
import { planImport } from './planner';
import { openByteSource } from './source';

const plan = async (text: string | Uint8Array, overrides = {}) =>
  planImport(await openByteSource(new Blob([text as BlobPart]), 'file.csv'), overrides);

describe('planImport', () => {
  it('decides encoding, dialect, names, types and the preview rows from the file', async () => {
    const result = await plan('id;Betrag;Datum\n1;1.234,50;05.03.2024\n2;12,00;13.03.2024\n');
    expect(result.encoding).toBe('utf-8');
    expect(result.dialect).toMatchObject({ delimiter: ';', hasHeader: true });
    expect(result.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'INTEGER'],
      ['Betrag', 'REAL'],
      ['Datum', 'DATE']
    ]);
    expect(result.previewRows).toEqual([
      [1, 1234.5, '2024-03-05'],
      [2, 12, '2024-03-13']
    ]);
    expect(result.sampledRows).toBe(2);
  });

  it('lets every override win over the guess', async () => {
    const text = "a|b\n'x|y'|2\n'z'|3\n";
    const guessed = await plan(text);
    expect(guessed.dialect.delimiter).toBe('|');
    const chosen = await plan(text, {
      quote: "'",
      hasHeader: false,
      encoding: 'iso-8859-1',
      columns: { column_2: { type: 'TEXT' } }
    });
    expect(chosen.encoding).toBe('iso-8859-1');
    expect(chosen.encodingSource).toBe('user');
    expect(chosen.dialect.hasHeader).toBe(false);
    expect(chosen.columns.map((c) => [c.name, c.type])).toEqual([
      ['column_1', 'TEXT'],
      ['column_2', 'TEXT']
    ]);
    expect(chosen.previewRows).toEqual([
      ['a', 'b'],
      ['x|y', '2'],
      ['z', '3']
    ]);
  });

  it('flags an ambiguous date order and re-reads the column with the order the user picks', async () => {
    const text = 'd\n03/04/2024\n05/06/2024\n';
    const guessed = await plan(text);
    expect(guessed.columns[0].ambiguity).toEqual({ kind: 'date-order', candidates: ['DMY', 'MDY'] });
    expect(guessed.warnings).toContainEqual({ code: 'ambiguous-date-order', column: 'd' });
    const chosen = await plan(text, { columns: { d: { dateOrder: 'MDY' } } });
    expect(chosen.previewRows).toEqual([['2024-03-04'], ['2024-05-06']]);
  });
});
