import { COUNTRIES, REFERENCE_LANGUAGES, countryNamesIn } from './countries';
import { CURRENCIES } from './currencies';

export { REFERENCE_LANGUAGES };

export type ReferenceColumnType = 'TEXT' | 'INTEGER' | 'REAL';

/** A bundled table as data: the engine creates it with `createTableSql` and fills it with bound parameters. */
export interface ReferenceTable {
  name: string;
  /** The column that identifies a row: alpha2, code. */
  primaryKey: string;
  columns: { name: string; type: ReferenceColumnType }[];
  /** One value per column, in column order. */
  rows: (string | number | null)[][];
}

/**
 * The `countries` and `currencies` tables of ANALYTICS.md §1.7, with one `name_<lang>` column per language
 * (a tag such as `pt-BR` gives `name_pt_br`). Codes stay TEXT: numeric codes keep their leading zeros.
 */
/** The bundled reference tables' names: never a source of customer data. */
export const REFERENCE_TABLE_NAMES = ['countries', 'currencies'] as const;

export function isReferenceTable(name: string): boolean {
  return (REFERENCE_TABLE_NAMES as readonly string[]).includes(name.toLowerCase());
}

export function referenceTables(languages: readonly string[] = REFERENCE_LANGUAGES): ReferenceTable[] {
  return [countriesTable(languages), currenciesTable()];
}

function countriesTable(languages: readonly string[]): ReferenceTable {
  // getCanonicalLocales throws a RangeError for a malformed tag, before any column is named after it.
  const tags = languages.map((language) => Intl.getCanonicalLocales(language)[0]);
  const nameColumns = tags.map((tag) => `name_${tag.toLowerCase().replaceAll('-', '_')}`);
  if (new Set(nameColumns).size !== nameColumns.length) {
    throw new RangeError(`Each language may be listed once: ${languages.join(', ')}`);
  }
  const namers = tags.map(countryNamesIn);
  const columnNames = [
    ...['alpha2', 'alpha3', 'numeric', 'name', ...nameColumns],
    ...['m49_region', 'm49_subregion', 'm49_intermediate_region', 'business_region', 'kind']
  ];
  return {
    name: 'countries',
    primaryKey: 'alpha2',
    columns: columnNames.map((name) => ({ name, type: 'TEXT' })),
    rows: COUNTRIES.map((country) => [
      country.alpha2,
      country.alpha3,
      country.numeric,
      country.name,
      ...namers.map((nameOf) => nameOf(country)),
      country.m49Region,
      country.m49Subregion,
      country.m49IntermediateRegion,
      country.businessRegion,
      country.kind
    ])
  };
}

function currenciesTable(): ReferenceTable {
  return {
    name: 'currencies',
    primaryKey: 'code',
    columns: [
      { name: 'code', type: 'TEXT' },
      { name: 'numeric', type: 'TEXT' },
      { name: 'minor_unit', type: 'INTEGER' },
      { name: 'name', type: 'TEXT' }
    ],
    rows: CURRENCIES.map((currency) => [currency.code, currency.numeric, currency.minorUnit, currency.name])
  };
}
