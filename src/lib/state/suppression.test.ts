import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../engine/types';
import { suppressionOf, withNoteRow } from './suppression';

const byCountry: Pick<QueryResult, 'columns' | 'rows'> = {
  columns: [
    { name: 'country', type: 'text' },
    { name: 'customers', type: 'integer' },
    { name: 'revenue', type: 'real' }
  ],
  rows: [
    ['DE', 40, 1000.5],
    ['LU', 2, 80],
    ['MT', 3, 95],
    ['FR', 12, 400]
  ]
};

describe('suppressionOf', () => {
  it('hides groups under k customers, guessing the customers column, and says so', () => {
    const suppression = suppressionOf(byCountry, 5);
    expect(suppression.state).toBe('hidden');
    expect(suppression.countColumn).toBe('customers');
    expect(suppression.result.rows).toEqual([
      ['DE', 40, 1000.5],
      ['FR', 12, 400],
      ['Other (2 groups under 5 customers)', 5, null]
    ]);
    expect(suppression.note).toMatch(/2 groups with fewer than 5 customers/);
  });

  it('is off at k = 1, clean when every group is large enough', () => {
    expect(suppressionOf(byCountry, 1)).toMatchObject({ state: 'off', result: byCountry });
    expect(suppressionOf(byCountry, 2)).toMatchObject({ state: 'clean', note: null });
  });

  it('cannot apply without a customers column, unless the user names one', () => {
    const orders = {
      columns: [
        { name: 'country', type: 'text' as const },
        { name: 'n', type: 'integer' as const }
      ],
      rows: [['DE', 3]]
    };
    const noPeople = {
      ...orders,
      columns: [orders.columns[0], { name: 'orders', type: 'integer' as const }]
    };
    expect(suppressionOf(noPeople, 5).state).toBe('no-count');
    expect(suppressionOf(noPeople, 5, 'orders')).toMatchObject({ state: 'hidden', countColumn: 'orders' });
    expect(suppressionOf(noPeople, 5, 'gone').state).toBe('no-count');
  });
});

describe('withNoteRow', () => {
  it('adds the note as a last row only when something was hidden', () => {
    const hidden = withNoteRow(suppressionOf(byCountry, 5));
    expect(hidden.rows.at(-1)).toEqual([expect.stringMatching(/^Note: 2 groups/), null, null]);
    expect(withNoteRow(suppressionOf(byCountry, 2)).rows).toHaveLength(4);
  });
});
