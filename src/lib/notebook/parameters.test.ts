import { describe, expect, it } from 'vitest';
import { normalizeNotebook } from './model';
import { defaultParameterValues, fitsControl, parametersOf, toSqlParams } from './parameters';

const notebook = normalizeNotebook({
  cells: [
    {
      kind: 'input',
      id: 'a',
      name: 'country',
      control: { kind: 'select', options: ['DE', 'FR'], default: 'DE' }
    },
    { kind: 'input', id: 'b', name: 'channels', control: { kind: 'multi-select', default: ['email'] } },
    {
      kind: 'input',
      id: 'c',
      name: 'period',
      control: { kind: 'date-range', default: { from: '2024-01-01' } }
    },
    { kind: 'input', id: 'd', name: 'min_amount', control: { kind: 'number', default: 10 } },
    { kind: 'input', id: 'e', name: 'search', control: { kind: 'text', default: 'x' } },
    { kind: 'input', id: 'f', name: 'Country', control: { kind: 'text', default: 'ignored: defined twice' } },
    { kind: 'input', id: 'g', name: 'constructor', control: { kind: 'text', default: 'kept as a key' } },
    { kind: 'sql', id: 'q', sql: 'SELECT 1' }
  ]
});

describe('parameters', () => {
  it('lists one parameter per input name, with the names SQL uses', () => {
    expect(
      parametersOf(notebook).map((parameter) => [parameter.name, parameter.cellId, parameter.sqlNames])
    ).toEqual([
      ['country', 'a', ['country']],
      ['channels', 'b', ['channels']],
      ['period', 'c', ['period_from', 'period_to']],
      ['min_amount', 'd', ['min_amount']],
      ['search', 'e', ['search']],
      ['constructor', 'g', ['constructor']]
    ]);
  });

  it('binds defaults, JSON lists and date-range ends', () => {
    const params = toSqlParams(notebook, defaultParameterValues(notebook));
    expect(Object.getPrototypeOf(params)).toBeNull();
    expect({ ...params }).toEqual({
      country: 'DE',
      channels: '["email"]',
      period_from: '2024-01-01',
      period_to: null,
      min_amount: 10,
      search: 'x',
      constructor: 'kept as a key'
    });
  });

  it('binds current values, and falls back to the default for a value that does not fit', () => {
    const params = toSqlParams(
      notebook,
      new Map<string, unknown>([
        ['country', null],
        ['channels', ['email', 'social', 3]],
        ['period', { from: null, to: '2024-06-30' }],
        ['min_amount', 'ten'],
        ['search', ['not', 'text']]
      ]) as Map<string, never>
    );
    expect(params).toMatchObject({
      country: null,
      channels: '["email","social",3]',
      period_from: null,
      period_to: '2024-06-30',
      min_amount: 10,
      search: 'x'
    });
  });

  it.each([
    ['select', 'DE', true],
    ['select', ['DE'], false],
    ['multi-select', [], true],
    ['multi-select', [Number.NaN], false],
    ['date-range', { from: null, to: null }, true],
    ['date-range', ['2024-01-01'], false],
    ['number', Number.POSITIVE_INFINITY, false],
    ['number', null, true],
    ['text', null, false]
  ] as const)('%s holds %j: %s', (control, value, fits) => {
    expect(fitsControl(control, value)).toBe(fits);
  });
});
