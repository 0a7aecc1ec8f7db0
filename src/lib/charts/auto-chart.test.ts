import { describe, expect, it } from 'vitest';
import type { ResultColumn, SqlValue } from '../engine/types';
import { parseIsoDate, toAutoChart } from './auto-chart';

const col = (name: string, type: ResultColumn['type']): ResultColumn => ({ name, type });

describe('toAutoChart', () => {
  it.each<[string, ResultColumn[], SqlValue[][], ReturnType<typeof toAutoChart>]>([
    [
      'category + number → bars',
      [col('country', 'text'), col('revenue', 'real')],
      [
        ['DE', 10.5],
        ['FR', 3]
      ],
      { mark: 'barY', x: 'country', y: 'revenue', xScale: 'band' }
    ],
    [
      'ISO months + number → line over time',
      [col('month', 'text'), col('orders', 'integer')],
      [
        ['2024-01', 3],
        ['2024-02', 5],
        [null, 1]
      ],
      { mark: 'line', x: 'month', y: 'orders', xScale: 'time' }
    ],
    [
      'two numbers → scatter',
      [col('age', 'integer'), col('spend', 'real')],
      [
        [30, 10],
        [40, 12.5]
      ],
      { mark: 'dot', x: 'age', y: 'spend', xScale: 'linear' }
    ],
    ['only text → none', [col('a', 'text')], [['x']], null],
    ['one number → none', [col('n', 'integer')], [[1]], null],
    ['no rows → none', [col('a', 'text'), col('n', 'integer')], [], null],
    [
      'a mixed column is not a number',
      [col('a', 'text'), col('m', 'mixed')],
      [
        ['x', 1],
        ['y', 'z']
      ],
      null
    ]
  ])('%s', (_name, columns, rows, expected) => {
    expect(toAutoChart({ columns, rows })).toEqual(expected);
  });
});

describe('parseIsoDate', () => {
  it.each([
    ['2024-03', '2024-03-01T00:00:00.000Z'],
    ['2024-03-31', '2024-03-31T00:00:00.000Z'],
    ['2024-03-31 12:30:00', '2024-03-31T12:30:00.000Z'],
    ['2024-03-31T12:30:00+02:00', '2024-03-31T10:30:00.000Z']
  ])('%s → %s', (text, iso) => {
    expect(parseIsoDate(text)?.toISOString()).toBe(iso);
  });

  it.each([['31/03/2024'], ['2024-13-45'], [''], [42]])('%j is not a date', (value) => {
    expect(parseIsoDate(value as SqlValue)).toBeNull();
  });
});
