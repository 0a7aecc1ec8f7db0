import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { COUNTRIES, ENGLISH_VARIANT_NAMES, REFERENCE_LANGUAGES, toBusinessRegion } from './countries';
import { CURRENCIES } from './currencies';
import { InProcessEngine } from '../../engine/in-process-engine';
import { installReferenceTables } from './install';
import { isReferenceTable, referenceTables, type ReferenceTable } from './reference-tables';

const SPECIALS = ['XK', 'EU', 'XC', 'ZZ'];
const iso = COUNTRIES.filter((country) => !SPECIALS.includes(country.alpha2));
const byAlpha2 = new Map(COUNTRIES.map((country) => [country.alpha2, country]));

function duplicates(values: readonly unknown[]): unknown[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

describe('COUNTRIES', () => {
  it('holds the 249 ISO 3166-1 entries with well-formed, unique codes, then the four special rows', () => {
    expect(iso).toHaveLength(249);
    expect(COUNTRIES.slice(-4).map((country) => country.alpha2)).toEqual(SPECIALS);
    for (const country of iso) {
      expect(country.alpha2).toMatch(/^[A-Z]{2}$/);
      expect(country.alpha3).toMatch(/^[A-Z]{3}$/);
      expect(country.numeric).toMatch(/^\d{3}$/);
      expect(country.kind).toBe('country');
    }
    expect(duplicates(COUNTRIES.map((country) => country.alpha2))).toEqual([]);
    expect(duplicates(iso.map((country) => country.alpha3))).toEqual([]);
    expect(duplicates(iso.map((country) => country.numeric))).toEqual([]);
    expect(iso.map((country) => country.alpha2)).toEqual(iso.map((country) => country.alpha2).sort());
  });

  it('gives every row a name and an M49 region and sub-region, and no empty strings for missing values', () => {
    const regions = new Set(['Africa', 'Americas', 'Asia', 'Europe', 'Oceania', 'Antarctica', 'Unknown']);
    for (const country of COUNTRIES) {
      expect(country.name, country.alpha2).not.toBe('');
      expect(regions, country.alpha2).toContain(country.m49Region);
      expect(country.m49Subregion, country.alpha2).not.toBe('');
      expect(country.m49IntermediateRegion, country.alpha2).not.toBe('');
      expect(country.alpha3, country.alpha2).not.toBe('');
      expect(country.numeric, country.alpha2).not.toBe('');
    }
  });

  it.each([
    ['DE', 'DEU', '276', 'Germany', 'Europe', 'Western Europe', null, 'EMEA', 'country'],
    ['GB', 'GBR', '826', 'United Kingdom', 'Europe', 'Northern Europe', null, 'EMEA', 'country'],
    ['AU', 'AUS', '036', 'Australia', 'Oceania', 'Australia and New Zealand', null, 'APAC', 'country'],
    [
      'BR',
      'BRA',
      '076',
      'Brazil',
      'Americas',
      'Latin America and the Caribbean',
      'South America',
      'LATAM',
      'country'
    ],
    [
      'MX',
      'MEX',
      '484',
      'Mexico',
      'Americas',
      'Latin America and the Caribbean',
      'Central America',
      'LATAM',
      'country'
    ],
    ['US', 'USA', '840', 'United States', 'Americas', 'Northern America', null, 'NA', 'country'],
    ['NG', 'NGA', '566', 'Nigeria', 'Africa', 'Sub-Saharan Africa', 'Western Africa', 'EMEA', 'country'],
    ['AE', 'ARE', '784', 'United Arab Emirates', 'Asia', 'Western Asia', null, 'EMEA', 'country'],
    ['KZ', 'KAZ', '398', 'Kazakhstan', 'Asia', 'Central Asia', null, 'APAC', 'country'],
    ['AQ', 'ATA', '010', 'Antarctica', 'Antarctica', 'Antarctica', null, 'Other', 'country'],
    ['TW', 'TWN', '158', 'Taiwan', 'Asia', 'Eastern Asia', null, 'APAC', 'country'],
    ['GG', 'GGY', '831', 'Guernsey', 'Europe', 'Northern Europe', 'Channel Islands', 'EMEA', 'country'],
    ['JE', 'JEY', '832', 'Jersey', 'Europe', 'Northern Europe', 'Channel Islands', 'EMEA', 'country'],
    ['XK', 'XKK', '983', 'Kosovo', 'Europe', 'Southern Europe', null, 'EMEA', 'country'],
    ['EU', null, null, 'European Union', 'Europe', 'Europe (several countries)', null, 'EMEA', 'area'],
    ['XC', null, '830', 'Channel Islands', 'Europe', 'Northern Europe', 'Channel Islands', 'EMEA', 'area'],
    ['ZZ', null, null, 'Unknown', 'Unknown', 'Unknown', null, 'Unknown', 'unknown']
  ])(
    '%s is %s / %s / %s',
    (alpha2, alpha3, numeric, name, m49Region, m49Subregion, m49IntermediateRegion, businessRegion, kind) => {
      expect(byAlpha2.get(alpha2)).toEqual({
        alpha2,
        alpha3,
        numeric,
        name,
        m49Region,
        m49Subregion,
        m49IntermediateRegion,
        businessRegion,
        kind
      });
    }
  );

  it.each([
    ['Europe', 'Southern Europe', 'EMEA'],
    ['Africa', 'Northern Africa', 'EMEA'],
    ['Asia', 'Western Asia', 'EMEA'],
    ['Americas', 'Northern America', 'NA'],
    ['Americas', 'Latin America and the Caribbean', 'LATAM'],
    ['Asia', 'South-eastern Asia', 'APAC'],
    ['Oceania', 'Polynesia', 'APAC'],
    ['Antarctica', 'Antarctica', 'Other'],
    ['Unknown', 'Unknown', 'Unknown']
  ])('toBusinessRegion(%s, %s) is %s', (region, subregion, expected) => {
    expect(toBusinessRegion(region, subregion)).toBe(expected);
  });

  it('names only known countries in its English variant names, none of them the CLDR name itself', () => {
    for (const { alpha2, names } of ENGLISH_VARIANT_NAMES) {
      expect(byAlpha2.get(alpha2)?.kind, alpha2).toBe('country');
      expect(names, alpha2).not.toContain(byAlpha2.get(alpha2)?.name);
      expect(names.length, alpha2).toBeGreaterThan(0);
    }
  });
});

describe('CURRENCIES', () => {
  const byCode = new Map(CURRENCIES.map((currency) => [currency.code, currency]));

  it.each([
    ['JPY', 0],
    ['CLP', 0],
    ['KRW', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['JOD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['EUR', 2],
    ['USD', 2],
    ['GBP', 2],
    ['XCG', 2],
    ['CLF', 4],
    ['XAU', null],
    ['XDR', null],
    ['XXX', null]
  ])('%s has minor unit %s', (code, minorUnit) => {
    expect(byCode.get(code)?.minorUnit).toBe(minorUnit);
  });

  it('has unique, well-formed codes in code order, and trimmed names', () => {
    expect(CURRENCIES.length).toBeGreaterThan(170);
    expect(duplicates(CURRENCIES.map((currency) => currency.code))).toEqual([]);
    expect(CURRENCIES.map((currency) => currency.code)).toEqual(CURRENCIES.map((c) => c.code).sort());
    for (const currency of CURRENCIES) {
      expect(currency.code).toMatch(/^[A-Z]{3}$/);
      expect(currency.numeric).toMatch(/^\d{3}$/);
      expect(currency.name).toBe(currency.name.trim());
      expect(currency.name).not.toBe('');
      if (currency.minorUnit !== null) expect(Number.isInteger(currency.minorUnit)).toBe(true);
    }
    expect(byCode.get('EUR')).toEqual({ code: 'EUR', numeric: '978', minorUnit: 2, name: 'Euro' });
  });
});

describe('referenceTables', () => {
  const [countries, currencies] = referenceTables();
  const column = (table: ReferenceTable, name: string) =>
    table.rows.map((row) => row[table.columns.findIndex((c) => c.name === name)]);

  it('gives the countries table its columns, one name column per reference language', () => {
    expect(countries.name).toBe('countries');
    expect(countries.primaryKey).toBe('alpha2');
    expect(countries.columns.map((c) => c.name)).toEqual([
      'alpha2',
      'alpha3',
      'numeric',
      'name',
      'name_de',
      'name_fr',
      'name_es',
      'name_it',
      'name_pt',
      'name_nl',
      'name_pl',
      'name_sv',
      'name_ja',
      'name_zh',
      'name_ko',
      'name_ar',
      'name_hi',
      'm49_region',
      'm49_subregion',
      'm49_intermediate_region',
      'business_region',
      'kind'
    ]);
    expect(countries.columns.every((c) => c.type === 'TEXT')).toBe(true);
    expect(countries.rows).toHaveLength(253);
    expect(duplicates(column(countries, 'alpha2'))).toEqual([]);
    for (const row of countries.rows) expect(row).toHaveLength(countries.columns.length);
  });

  it('gives every row a non-empty name in every language, from Intl or else in English', () => {
    for (const language of REFERENCE_LANGUAGES) {
      for (const name of column(countries, `name_${language}`)) {
        expect(typeof name === 'string' && name.trim() !== '', `${language}: ${name}`).toBe(true);
      }
    }
    const row = (alpha2: string) => countries.rows.find((r) => r[0] === alpha2)!;
    const at = (alpha2: string, name: string) =>
      row(alpha2)[countries.columns.findIndex((c) => c.name === name)];
    expect(at('DE', 'name_de')).toBe('Deutschland');
    expect(at('DE', 'name_fr')).toBe('Allemagne');
    expect(at('DE', 'name_ja')).toBe('ドイツ');
    expect(at('DE', 'name_zh')).toBe('德国');
    expect(at('EU', 'name_de')).toBe('Europäische Union');
    // CLDR has no name for XC, a user-assigned code.
    expect(at('XC', 'name_de')).toBe('Channel Islands');
    expect(at('AQ', 'business_region')).toBe('Other');
    expect(at('ZZ', 'kind')).toBe('unknown');
    expect(at('ZZ', 'm49_intermediate_region')).toBeNull();
  });

  it('takes other languages, canonicalising tags into column names, and refuses bad or repeated ones', () => {
    const [custom] = referenceTables(['de', 'pt-br']);
    expect(custom.columns.map((c) => c.name).slice(4, 6)).toEqual(['name_de', 'name_pt_br']);
    expect(custom.rows.find((r) => r[0] === 'DE')?.[5]).toBe('Alemanha');
    expect(() => referenceTables(['not a language'])).toThrow(RangeError);
    expect(() => referenceTables(['de', 'DE'])).toThrow(RangeError);
    const [none] = referenceTables([]);
    expect(none.columns.map((c) => c.name).slice(3, 5)).toEqual(['name', 'm49_region']);
  });

  it('gives the currencies table code, numeric, minor_unit and name', () => {
    expect(currencies.name).toBe('currencies');
    expect(currencies.primaryKey).toBe('code');
    expect(currencies.columns).toEqual([
      { name: 'code', type: 'TEXT' },
      { name: 'numeric', type: 'TEXT' },
      { name: 'minor_unit', type: 'INTEGER' },
      { name: 'name', type: 'TEXT' }
    ]);
    expect(currencies.rows).toHaveLength(CURRENCIES.length);
    expect(currencies.rows.find((r) => r[0] === 'JPY')).toEqual(['JPY', '392', 0, 'Yen']);
    expect(currencies.rows.find((r) => r[0] === 'XAU')).toEqual(['XAU', '959', null, 'Gold']);
  });
});

describe('the reference tables in SQLite', () => {
  it('are installed with every row, and the §10.3 join works', async () => {
    const engine = new InProcessEngine(await initSqlJs());
    await installReferenceTables(engine);
    const count = async (sql: string) => (await engine.query(sql)).rows;
    expect(await count('SELECT count(*), count(DISTINCT alpha2), count(m49_region) FROM countries')).toEqual([
      [253, 253, 253]
    ]);
    expect(
      await count("SELECT minor_unit FROM currencies WHERE code IN ('JPY', 'KWD', 'XAU') ORDER BY code")
    ).toEqual([[0], [3], [null]]);
    await engine.exec(
      `CREATE TABLE orders (country TEXT); INSERT INTO orders VALUES ('DE'), ('US'), ('XC'), ('??');`
    );
    expect(
      await count(`SELECT COALESCE(cr.business_region, 'Unknown') AS r, count(*) FROM orders o
             LEFT JOIN countries cr ON cr.alpha2 = o.country GROUP BY r ORDER BY r`)
    ).toEqual([
      ['EMEA', 2],
      ['NA', 1],
      ['Unknown', 1]
    ]);
  });

  it('are told apart from data tables by name, in any case', () => {
    expect(['countries', 'Currencies', 'orders'].map(isReferenceTable)).toEqual([true, true, false]);
  });
});
