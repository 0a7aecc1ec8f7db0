import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  compareTables,
  createContentHasher,
  toCanonicalRow,
  toTableFingerprint,
  type ActualTable
} from './fingerprint';
import type { TableFingerprint } from './model';

const HASH_A = `sha256:${'a'.repeat(64)}`;
const HASH_B = `sha256:${'b'.repeat(64)}`;

const orders: TableFingerprint = {
  name: 'orders',
  columns: [
    { name: 'order_id', type: 'TEXT' },
    { name: 'amount_eur', type: 'REAL' },
    { name: 'channel', type: 'TEXT' }
  ],
  rowCount: 600,
  contentHash: HASH_A
};

const actual = (changes: Partial<ActualTable> = {}): ActualTable => ({
  name: 'orders',
  columns: orders.columns,
  rowCount: 600,
  contentHash: HASH_A,
  ...changes
});

describe('compareTables', () => {
  it.each<[string, ActualTable[], unknown]>([
    ['the same table', [actual()], { kind: 'same', table: 'orders' }],
    [
      'the same table, names and types in another case and order',
      [
        actual({
          name: 'ORDERS',
          columns: [
            { name: 'Channel', type: 'text' },
            { name: 'order_id', type: ' TEXT ' },
            { name: 'amount_eur', type: 'real' }
          ]
        })
      ],
      { kind: 'same' }
    ],
    [
      'no such table',
      [actual({ name: 'customers' })],
      { kind: 'missing', message: expect.stringMatching(/not in the database/) }
    ],
    [
      'a missing column, an extra one, and a changed type',
      [
        actual({
          columns: [
            { name: 'order_id', type: 'INTEGER' },
            { name: 'amount_eur', type: 'REAL' },
            { name: 'coupon', type: 'TEXT' }
          ]
        })
      ],
      {
        kind: 'different',
        differences: [
          { kind: 'missing-columns', columns: ['channel'] },
          { kind: 'extra-columns', columns: ['coupon'] },
          { kind: 'column-types', columns: [{ name: 'order_id', expected: 'TEXT', actual: 'INTEGER' }] }
        ],
        message:
          '"orders" is not what the notebook expects: no column "channel"; extra column "coupon"; "order_id" is INTEGER, not TEXT.'
      }
    ],
    [
      'other rows',
      [actual({ rowCount: 580, contentHash: HASH_B })],
      {
        kind: 'different',
        differences: [
          { kind: 'row-count', expected: 600, actual: 580 },
          { kind: 'content-hash', expected: HASH_A, actual: HASH_B }
        ],
        message: '"orders" is not what the notebook expects: 580 rows, not 600; different contents.'
      }
    ],
    ['count and hash not measured', [actual({ rowCount: null, contentHash: null })], { kind: 'same' }],
    [
      'a column pseudonymised in the data but not in the notebook',
      [
        actual({
          columns: [
            { name: 'order_id', type: 'TEXT', privacy: 'pseudonymised' },
            { name: 'amount_eur', type: 'REAL' },
            { name: 'channel', type: 'TEXT' }
          ]
        })
      ],
      {
        kind: 'different',
        differences: [
          { kind: 'privacy', columns: [{ name: 'order_id', expected: 'raw', actual: 'pseudonymised' }] }
        ],
        message:
          '"orders" is not what the notebook expects: "order_id" holds pseudonyms, not the real values.'
      }
    ]
  ])('%s', (_, tables, expected) => {
    expect(compareTables([orders], tables)).toEqual([expect.objectContaining(expected as object)]);
  });

  it('holds a template (no recorded data) to its columns only', () => {
    const template: TableFingerprint = { ...orders, rowCount: null, contentHash: null };
    const other = actual({
      rowCount: 3,
      contentHash: HASH_B,
      columns: [
        { name: 'ORDER_ID', type: 'INTEGER' },
        { name: 'amount_eur', type: '' },
        { name: 'channel', type: 'TEXT' },
        { name: 'extra', type: 'TEXT' }
      ]
    });
    expect(compareTables([template], [other])).toEqual([expect.objectContaining({ kind: 'same' })]);
    const lacking = actual({ columns: [{ name: 'order_id', type: 'TEXT' }] });
    expect(compareTables([template], [lacking])).toEqual([
      expect.objectContaining({
        kind: 'different',
        differences: [{ kind: 'missing-columns', columns: ['amount_eur', 'channel'] }]
      })
    ]);
  });
});

describe('compareTables and the privacy of columns', () => {
  const customers: TableFingerprint = {
    name: 'customers',
    columns: [
      { name: 'email', type: 'TEXT', privacy: 'pseudonymised' },
      { name: 'phone', type: 'TEXT', privacy: 'pseudonymised' },
      { name: 'country', type: 'TEXT' }
    ],
    rowCount: 3,
    contentHash: HASH_A,
    dropped: ['Full name']
  };
  const raw = (table: TableFingerprint): ActualTable => ({
    ...table,
    columns: table.columns.map(({ name, type }) => ({ name, type }))
  });

  it('is the same when every column is as pseudonymised as the notebook says', () => {
    expect(compareTables([customers], [customers])).toEqual([expect.objectContaining({ kind: 'same' })]);
  });

  it('names pseudonymised columns that came in raw, after the type differences', () => {
    const actualTable = raw(customers);
    const [check] = compareTables([customers], [{ ...actualTable, columns: actualTable.columns.slice(1) }]);
    expect(check).toEqual({
      kind: 'different',
      table: 'customers',
      differences: [
        { kind: 'missing-columns', columns: ['email'] },
        { kind: 'privacy', columns: [{ name: 'phone', expected: 'pseudonymised', actual: 'raw' }] }
      ],
      message:
        '"customers" is not what the notebook expects: no column "email"; "phone" holds the real values, not pseudonyms.'
    });
  });

  it('holds a template only to the columns it wants pseudonymised', () => {
    const template: TableFingerprint = { ...customers, rowCount: null, contentHash: null };
    const pseudonymisedCountry: ActualTable = {
      ...customers,
      columns: [...customers.columns.slice(0, 2), { name: 'country', type: 'TEXT', privacy: 'pseudonymised' }]
    };
    expect(compareTables([template], [pseudonymisedCountry])).toEqual([
      expect.objectContaining({ kind: 'same' })
    ]);
    expect(compareTables([template], [raw(customers)])).toEqual([
      expect.objectContaining({
        differences: [
          {
            kind: 'privacy',
            columns: [
              { name: 'email', expected: 'pseudonymised', actual: 'raw' },
              { name: 'phone', expected: 'pseudonymised', actual: 'raw' }
            ]
          }
        ]
      })
    ]);
  });

  it('carries the choices made at import into the fingerprint', () => {
    const table = {
      name: 'customers',
      columns: [
        { name: 'email', type: 'TEXT', privacy: 'pseudonymised' as const },
        { name: 'country', type: 'TEXT' }
      ],
      rowCount: 3,
      dropped: ['Full name']
    };
    const fingerprint = toTableFingerprint(table, HASH_A);
    expect(fingerprint).toEqual({ ...table, contentHash: HASH_A });
    expect(fingerprint.dropped).not.toBe(table.dropped);
    expect('dropped' in toTableFingerprint({ ...table, dropped: [] }, HASH_A)).toBe(false);
    expect(Object.keys(fingerprint.columns[1])).toEqual(['name', 'type']);
  });
});

describe('content hash', () => {
  it.each<[unknown[], string]>([
    [[null, 1, -0, 2.5, 1e21, 9007199254740993n], 'n,d1,d0,d2.5,d1e+21,d9007199254740993\n'],
    [['a,b', 'line\nbreak', '"quoted"', ''], 's"a,b",s"line\\nbreak",s"\\"quoted\\"",s""\n'],
    [[new Uint8Array([0, 15, 255])], 'b000fff\n'],
    [[], '\n']
  ])('writes row %# canonically', (row, text) => {
    expect(toCanonicalRow(row as never)).toBe(text);
  });

  it('tells rows apart that only differ in where a separator falls', () => {
    expect(toCanonicalRow(['a,b', 'c'])).not.toBe(toCanonicalRow(['a', 'b,c']));
    expect(toCanonicalRow(['1'])).not.toBe(toCanonicalRow([1]));
  });

  it('is SHA-256 of the canonical rows, fed in batches', () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => [
      i,
      `row ${i} — ünïcode`,
      i % 3 === 0 ? null : i / 7
    ]);
    const hasher = createContentHasher();
    for (const row of rows) hasher.addRow(row);
    const expected = createHash('sha256')
      .update(rows.map((row) => toCanonicalRow(row)).join(''), 'utf8')
      .digest('hex');
    expect(hasher.digest()).toBe(`sha256:${expected}`);
  });

  it('builds a fingerprint, refusing a malformed hash or count', () => {
    const table = { name: 'orders', columns: [{ name: 'id', type: 'TEXT' }], rowCount: 3 };
    expect(toTableFingerprint(table, HASH_A)).toEqual({ ...table, contentHash: HASH_A });
    expect(() => toTableFingerprint(table, 'sha256:xyz')).toThrow(TypeError);
    expect(() => toTableFingerprint({ ...table, rowCount: -1 }, HASH_A)).toThrow(TypeError);
  });
});
