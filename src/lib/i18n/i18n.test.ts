import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { createFormatters } from './format';
import { locales, matchLocale } from './locales';
import { en } from './messages/en';
import { createTranslator } from './translate';

/** The names of the `{placeholders}` of an ICU message, found by parsing it. */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: unknown[]) => {
    for (const element of elements as {
      type: number;
      value?: string;
      options?: Record<string, { value: unknown[] }>;
    }[]) {
      if (element.type !== 0 && element.type !== 7 && typeof element.value === 'string')
        names.add(element.value);
      for (const option of Object.values(element.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, 'en').getAst());
  return [...names].sort();
}

describe('message catalogs', () => {
  it.each(locales.map((l) => [l.code, l.catalog] as const))(
    '%s has only known keys, valid ICU syntax and the same placeholders as English',
    (_code, catalog) => {
      for (const [key, message] of Object.entries(catalog)) {
        expect(Object.keys(en), `unknown key ${key}`).toContain(key);
        expect(placeholders(message as string), key).toEqual(placeholders(en[key as keyof typeof en]));
      }
    }
  );

  it('formats plurals with the locale rules and falls back to English', () => {
    const t = createTranslator('en');
    expect(t('tables.rows', { count: 1 })).toBe('1 row');
    expect(t('tables.rows', { count: 1234 })).toBe('1,234 rows');
    const de = createTranslator('de');
    expect(de('tables.rows', { count: 1234 })).toBe('1.234 Zeilen');
    expect(de('query.placeholder')).toBe(en['query.placeholder']);
    const ja = createTranslator('ja');
    expect(ja('tables.rows', { count: 2 })).toBe('2 rows');
  });
});

describe('matchLocale', () => {
  it.each([
    [['de-AT', 'en'], 'de'],
    [['pt-BR', 'fr-CA'], 'fr'],
    [['no'], 'nb'],
    [['nn-NO'], 'nb'],
    [['zh-Hant-TW'], 'zh'],
    [['tr-TR'], 'en'],
    [[], 'en']
  ])('%j → %s', (preferred, expected) => {
    expect(matchLocale(preferred)).toBe(expected);
  });
});

describe('createFormatters', () => {
  it.each([
    ['en', 1234567.891, '1,234,567.89', '€1,234,567.89'],
    // Intl uses a no-break space (U+00A0) before the euro sign and a narrow one (U+202F) as French grouping.
    ['de', 1234567.891, '1.234.567,89', '1.234.567,89\u00a0€'],
    ['fr', 1234567.891, '1\u202f234\u202f567,89', '1\u202f234\u202f567,89\u00a0€'],
    ['ja', 1234567.891, '1,234,567.89', '€1,234,567.89']
  ])('%s formats numbers and money', (locale, value, number, money) => {
    const format = createFormatters(locale);
    expect(format.number(value)).toBe(number);
    expect(format.money(value, 'EUR')).toBe(money);
  });

  it('formats money with the currency’s minor units', () => {
    expect(createFormatters('en').money(1234.5, 'JPY')).toBe('¥1,235');
    expect(createFormatters('en').money(1.2345, 'KWD')).toBe('KWD\u00a01.235');
  });

  it('shows stored UTC dates as that calendar day, whatever the time zone', () => {
    const format = createFormatters('en');
    expect(format.date('2024-03-31')).toBe('Mar 31, 2024');
    expect(format.dateTime('2024-03-31T23:30:00Z')).toBe('Mar 31, 2024, 11:30 PM');
    expect(format.date('not a date')).toBe('not a date');
    expect(createFormatters('de').date('2024-03-31')).toBe('31.03.2024');
  });

  it('formats percentages, durations and sizes', () => {
    const format = createFormatters('en');
    expect(format.percent(0.36612)).toBe('36.6%');
    expect(format.duration(42.4)).toBe('42 ms');
    expect(format.duration(1500)).toBe('1.5 sec');
    expect(format.bytes(60_000_000)).toBe('60 MB');
    expect(format.bytes(512)).toBe('512 byte');
  });
});
