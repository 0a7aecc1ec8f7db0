import { describe, expect, it } from 'vitest';
import type { ModelValueKind } from '../model';
import {
  hasCancellationPrefix,
  isIsoDate,
  isIsoTimestamp,
  isJsonObject,
  kindFit,
  profileColumn,
  toNumber
} from './detect';
import type { Recognisers, SourceColumn } from './types';

const recognisers: Recognisers = {
  isCurrencyCode: (code) => ['EUR', 'GBP', 'USD', 'JPY'].includes(code),
  recogniseCountry: (value) =>
    ['united kingdom', 'france', 'eire', 'de', 'gb', 'fr'].includes(value.toLowerCase())
};

function column(
  type: string,
  samples: SourceColumn['samples'],
  extra: Partial<SourceColumn> = {}
): SourceColumn {
  return { name: 'c', type, samples, ...extra };
}

describe('value predicates', () => {
  it.each([
    ['2024-03-15', true, false],
    ['2010-12-01 08:26:00', false, true],
    ['2010-12-01T08:26:00Z', false, true],
    ['2010-12-01 08:26', false, true],
    ['2024-13-01', false, false],
    ['15/03/2024', false, false],
    ['20240315', false, false]
  ])('%j: date %s, timestamp %s', (value, date, timestamp) => {
    expect(isIsoDate(value)).toBe(date);
    expect(isIsoTimestamp(value)).toBe(timestamp);
  });

  it.each([
    [12, 12],
    ['12.50', 12.5],
    [' -3 ', -3],
    ['1e3', 1000],
    ['1,5', null],
    ['€3', null],
    ['', null],
    [null, null],
    [Number.NaN, null]
  ])('toNumber(%j) = %j', (value, expected) => {
    expect(toNumber(value)).toBe(expected);
  });

  it.each([
    ['{"utm_source":"google"}', true],
    [' {} ', true],
    ['[1,2]', false],
    ['{not json}', false],
    ['plain', false]
  ])('isJsonObject(%j) = %s', (value, expected) => {
    expect(isJsonObject(value)).toBe(expected);
  });

  it.each([
    [['536365', 'C536379', '536366'], true],
    [['536365', '536366'], false],
    [['C536379', 'C536380'], false],
    [['CUST-1', '123'], false]
  ])('cancellation prefix in %j: %s', (values, expected) => {
    expect(hasCancellationPrefix(values)).toBe(expected);
  });
});

describe('profileColumn', () => {
  it('reads UCI CustomerID: whole REAL numbers, some missing, repeating', () => {
    const profile = profileColumn(
      column('REAL', [17850.0, 17850.0, 13047.0, null, 12583.0, null], { distinctCount: 3, nullCount: 2 }),
      6,
      recognisers
    );
    expect(profile).toMatchObject({
      hasNulls: true,
      repeats: true,
      numericShare: 1,
      integralShare: 1,
      negatives: false,
      keyShare: 1
    });
    expect(profile.values).toHaveLength(4);
  });

  it('prefers whole-table counts to samples for repetition', () => {
    // Samples spread over a big table rarely hit two lines of one invoice.
    const lines = column('TEXT', ['536365', '536400', '536500'], { distinctCount: 25_900 });
    expect(profileColumn(lines, 541_909, recognisers).repeats).toBe(true);
    expect(profileColumn(lines, 541_909, recognisers).distinctShare).toBeCloseTo(0.048, 3);
    const unique = column('TEXT', ['a', 'b', 'c'], { distinctCount: 3 });
    expect(profileColumn(unique, 3, recognisers).repeats).toBe(false);
    expect(profileColumn(column('TEXT', ['a', 'a', 'b']), 3, recognisers).repeats).toBe(true);
  });

  it('treats empty text as missing', () => {
    expect(profileColumn(column('TEXT', ['a', '', '  ']), 3, recognisers)).toMatchObject({ hasNulls: true });
  });

  it('sees negatives and zeros', () => {
    expect(profileColumn(column('INTEGER', [6, -1, 12]), 3, recognisers)).toMatchObject({
      negatives: true,
      zeros: false
    });
    expect(profileColumn(column('REAL', [2.55, 0]), 2, recognisers)).toMatchObject({
      negatives: false,
      zeros: true
    });
  });

  it('recognises currencies and countries through the injected recognisers', () => {
    expect(profileColumn(column('TEXT', ['eur', ' GBP', 'EUR', 'XXX']), 4, recognisers).currencyShare).toBe(
      0.75
    );
    expect(
      profileColumn(column('TEXT', ['United Kingdom', 'EIRE', 'Atlantis']), 3, recognisers).countryShare
    ).toBeCloseTo(2 / 3);
  });

  it('spots an event-name vocabulary, not free text or unique values', () => {
    const events = [
      'page_view',
      'add_to_cart',
      'page_view',
      'purchase',
      'page_view',
      'add_to_cart',
      'purchase'
    ];
    expect(profileColumn(column('TEXT', events), 7, recognisers).vocabulary).toBe(true);
    const descriptions = ['WHITE HANGING HEART T-LIGHT HOLDER', 'WHITE METAL LANTERN', 'WHITE METAL LANTERN'];
    expect(profileColumn(column('TEXT', descriptions), 3, recognisers).vocabulary).toBe(false);
    expect(profileColumn(column('TEXT', ['a1', 'b2', 'c3', 'd4']), 4, recognisers).vocabulary).toBe(false);
  });
});

describe('kindFit', () => {
  const fit = (kind: ModelValueKind, source: SourceColumn) =>
    kindFit(source, profileColumn(source, source.samples.length, recognisers), kind);

  it.each<[string, ModelValueKind, SourceColumn, number, number]>([
    ['invoice numbers as ids', 'id', column('TEXT', ['536365', 'C536379', '536366']), 1, 1],
    ['whole REAL customer ids', 'id', column('REAL', [17850.0, 13047.0, 12583.0]), 1, 1],
    ['prices are no ids', 'id', column('REAL', [2.55, 3.39, 1.85]), 0, 0.2],
    ['descriptions are no ids', 'id', column('TEXT', ['WHITE METAL LANTERN', 'HAND WARMER']), 0, 0.2],
    ['0/1 are poor ids', 'id', column('INTEGER', [0, 1, 1, 0]), 0, 0.4],
    ['DATETIME as a timestamp', 'timestamp', column('DATETIME', ['2010-12-01 08:26:00']), 1, 1],
    ['ISO text as a timestamp', 'timestamp', column('TEXT', ['2010-12-01 08:26:00', '2010-12-02']), 1, 1],
    ['DATE as a date', 'date', column('DATE', ['2024-01-01']), 1, 1],
    ['other text is no timestamp', 'timestamp', column('TEXT', ['yesterday', '15/03/2024']), 0, 0],
    ['REAL money', 'money', column('REAL', [2.55, 3.39]), 1, 1],
    ['INTEGER money (JPY)', 'money', column('INTEGER', [1200, 3400]), 0.8, 0.9],
    ['text is no money', 'money', column('TEXT', ['a', 'b']), 0, 0],
    ['birth years', 'integer', column('INTEGER', [1980, 1975]), 1, 1],
    ['countries', 'country', column('TEXT', ['United Kingdom', 'France']), 1, 1],
    ['currency codes', 'currency', column('TEXT', ['EUR', 'GBP']), 1, 1],
    ['0/1 flags', 'flag', column('INTEGER', [0, 1, 1]), 1, 1],
    ['yes/no flags', 'flag', column('BOOLEAN', [1, 0]), 1, 1],
    ['JSON properties', 'json', column('TEXT', ['{"a":1}', '{"b":2}']), 1, 1],
    ['an empty column fits nothing', 'text', column('TEXT', [null, null]), 0, 0]
  ])('%s', (_label, kind, source, min, max) => {
    const value = fit(kind, source);
    expect(value).toBeGreaterThanOrEqual(min);
    expect(value).toBeLessThanOrEqual(max);
  });
});
