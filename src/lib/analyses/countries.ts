/**
 * Country normalisation (ANALYTICS.md §10.2): whatever a file writes in its country column, the ISO 3166-1
 * alpha-2 code that the `countries` reference table is keyed on, and how it was recognised. Codes, names in
 * English and in every reference language, and the aliases below are matched after folding case, accents,
 * punctuation and spacing; anything left over is reported with its value, never guessed.
 */
import {
  COUNTRIES,
  ENGLISH_VARIANT_NAMES,
  REFERENCE_LANGUAGES,
  countryNamesIn,
  type CountryRecord
} from './reference/countries';

export type CountryMatchVia = 'alpha2' | 'alpha3' | 'numeric' | 'name' | 'alias';

export type CountryMatch =
  | { kind: 'country'; alpha2: string; via: CountryMatchVia }
  // Not one country (EU, XC): a row of its own in `countries`, so that its orders are not lost.
  | { kind: 'area'; alpha2: string; label: string }
  // The value says there is no country: empty, a placeholder, ZZ.
  | { kind: 'unspecified' }
  | { kind: 'unrecognised'; value: string };

/**
 * Names that are neither codes nor in CLDR or the standards, as real files write them. An alias never overrides
 * a code or an English name of another country (a test checks that each one reaches its country).
 */
export const COUNTRY_ALIASES: Readonly<Record<string, readonly string[]>> = {
  AE: ['UAE'],
  BA: ['Bosnia'],
  CI: ['Ivory Coast'],
  CN: ['PRC', 'Mainland China'],
  // Ireland's customs and VAT documents say EIRE (UCI Online Retail does).
  IE: ['Eire', 'Republic of Ireland'],
  EU: ['European Community'],
  GB: [
    'UK',
    'Great Britain',
    'Britain',
    'England',
    'Scotland',
    'Wales',
    'Northern Ireland',
    'Great Britain and Northern Ireland'
  ],
  // EL is Greece's code in EU usage (VAT numbers, Eurostat); it is unassigned in ISO 3166-1.
  GR: ['EL', 'Hellas'],
  HK: ['Hong Kong SAR'],
  KG: ['Kyrgyz Republic'],
  KP: ['DPRK'],
  // "Korea" alone is read as South Korea, the one that appears in trade data (UCI Online Retail II has it).
  KR: ['Korea', 'ROK'],
  LA: ['Lao PDR'],
  MK: ['Macedonia', 'FYROM'],
  MM: ['Burma'],
  MO: ['Macau', 'Macao SAR'],
  NL: ['Holland'],
  SA: ['KSA'],
  SK: ['Slovak Republic'],
  SZ: ['Swaziland'],
  TL: ['East Timor'],
  US: ['USA', 'America', 'United States of America'],
  VA: ['Vatican', 'Vatican City State'],
  XK: ['XKX'],
  ZA: ['RSA']
};

/**
 * Values that say "no country". `NA` is not among them: it is Namibia's alpha-2 code. Only the spellings with a
 * slash or dots are placeholders; they are compared before folding, which would turn `N.A.` into `NA`.
 */
const UNSPECIFIED_RAW = new Set(['n/a', 'n.a.', 'n.a', '#n/a']);
const UNSPECIFIED_KEYS = new Set([
  // A value of only punctuation or spaces ('-', '--', '?', '***') folds to the empty key.
  '',
  'unspecified',
  'not specified',
  'unknown',
  'none',
  'null',
  'nil',
  'nan',
  'undefined',
  'xx',
  'zz'
]);

interface Entry {
  country: CountryRecord;
  via: CountryMatchVia;
}

let lookup: Map<string, Entry> | undefined;

/** Built on first use: the names in fourteen languages take a few milliseconds. */
function getLookup(): Map<string, Entry> {
  if (lookup) return lookup;
  const map = new Map<string, Entry>();
  const byAlpha2 = new Map(COUNTRIES.map((country) => [country.alpha2, country]));
  // The first source to claim a key wins, in this order: codes, English names, aliases, other languages.
  const add = (key: string, country: CountryRecord | undefined, via: CountryMatchVia) => {
    if (!country) throw new Error(`No country ${key} in the reference table.`);
    const folded = toLookupKey(key);
    if (!map.has(folded)) map.set(folded, { country, via });
  };
  for (const country of COUNTRIES) {
    add(country.alpha2, country, 'alpha2');
    if (country.alpha3) add(country.alpha3, country, 'alpha3');
    if (country.numeric) add(country.numeric, country, 'numeric');
  }
  for (const country of COUNTRIES) add(country.name, country, 'name');
  for (const { alpha2, names } of ENGLISH_VARIANT_NAMES) {
    for (const name of names) add(name, byAlpha2.get(alpha2), 'name');
  }
  for (const [alpha2, aliases] of Object.entries(COUNTRY_ALIASES)) {
    for (const alias of aliases) add(alias, byAlpha2.get(alpha2), 'alias');
  }
  // English again: the browser's CLDR may be newer than the committed names.
  for (const language of ['en', ...REFERENCE_LANGUAGES]) {
    const nameOf = countryNamesIn(language);
    for (const country of COUNTRIES) add(nameOf(country), country, 'name');
  }
  lookup = map;
  return lookup;
}

/**
 * The form in which names and codes are compared: lower case; accents removed (only the Latin combining marks,
 * so that Japanese and Devanagari keep theirs); `&` as "and"; apostrophes and the dots after letters dropped
 * ("U.S.A." is "usa", "Cote d’Ivoire" is "cote divoire"); other punctuation as spaces (so "35.6" is never
 * "356"); spaces collapsed.
 */
function toLookupKey(value: string): string {
  return value
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .replace(/['’‘`ʼ]|(?<=\p{L})\./gu, '')
    .replaceAll('&', ' and ')
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A numeric code written without its leading zeros (36) or by a float column (276.0). */
const NUMERIC_CODE = /^(\d{1,3})(?:\.0*)?$/;

/** "The Netherlands" and "Netherlands (the)" (ISO's style) are the Netherlands. */
function withoutArticle(key: string): string | null {
  if (key.startsWith('the ')) return key.slice(4);
  if (key.endsWith(' the')) return key.slice(0, -4);
  return null;
}

export function normaliseCountry(value: string | number | null | undefined): CountryMatch {
  if (value == null || (typeof value === 'number' && Number.isNaN(value))) return { kind: 'unspecified' };
  const trimmed = String(value).trim();
  if (UNSPECIFIED_RAW.has(trimmed.toLowerCase())) return { kind: 'unspecified' };
  const digits = NUMERIC_CODE.exec(trimmed);
  const key = digits ? digits[1].padStart(3, '0') : toLookupKey(trimmed);
  if (UNSPECIFIED_KEYS.has(key)) return { kind: 'unspecified' };
  const map = getLookup();
  const bare = withoutArticle(key);
  const entry = map.get(key) ?? (bare === null ? undefined : map.get(bare));
  if (!entry) return { kind: 'unrecognised', value: trimmed };
  const { country, via } = entry;
  switch (country.kind) {
    case 'country':
      return { kind: 'country', alpha2: country.alpha2, via };
    case 'area':
      return { kind: 'area', alpha2: country.alpha2, label: country.name };
    case 'unknown':
      return { kind: 'unspecified' };
  }
}

/**
 * The value of the SQL function `country_code(x)`: the alpha-2 code of a country or area, 'ZZ' (the unknown row of
 * `countries`) when the value says there is none, and null when it is not recognised, so that it stays visible.
 */
export function toCountryCode(value: string | number | null | undefined): string | null {
  const match = normaliseCountry(value);
  switch (match.kind) {
    case 'country':
    case 'area':
      return match.alpha2;
    case 'unspecified':
      return 'ZZ';
    case 'unrecognised':
      return null;
  }
}
