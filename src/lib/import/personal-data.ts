/**
 * Which columns of a file hold personal data (GDPR Art. 4(1)), so that the import preview can offer to drop
 * or pseudonymise them before a single row is stored. Judged from the header (in many languages) and from a
 * sample of the values, with strict value tests: a wrong flag on an amount or an id annoys an analyst into
 * ignoring every flag, so each rule below leans towards "not personal" unless the evidence is clear.
 */
import { foldLetters } from './fold';
import {
  booleanFamiliesOf,
  createDateTimeParts,
  isMissingMarker,
  readNumberSyntax,
  scanDateTime
} from './values';

export const PERSONAL_DATA_KINDS = ['email', 'phone', 'name', 'address', 'iban', 'card', 'ip'] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];
export type PersonalDataTreatment = 'keep' | 'drop' | 'pseudonymise';

export interface PersonalDataFinding {
  /** The column's safe SQLite name (ColumnPlan.name). */
  column: string;
  kind: PersonalDataKind;
  /** What gave it away. */
  evidence: 'header' | 'values' | 'header-and-values';
  /** Share (0..1) of the sampled non-empty values that pass the kind's value test; null for kinds judged by header only. */
  matchShare: number | null;
  /** What the import preview pre-selects. */
  suggested: PersonalDataTreatment;
}

/**
 * Share of a column's values that must pass a kind's test to flag it on values alone. Real contact columns
 * hold typos, placeholders (`none`, `unknown`, `test`) and half-filled rows, so asking for 90% would miss
 * them; below about half, the values that pass are incidental (a notes column where someone typed a phone
 * number) and do not say what the column is.
 */
export const VALUE_SHARE = 0.6;

/**
 * With a header that names the kind, the values only have to confirm it, not prove it: a third is plenty.
 * They still can veto it: `email_opt_in` holds `yes`/`no`, `phone_count` small integers, so none pass.
 */
export const HEADER_VALUE_SHARE = 0.3;

/**
 * Fewer non-empty values than this are too few to judge a column on values alone (two strings that happen
 * to look like phone numbers prove little), unless a checksum backs them (IBAN, card).
 */
export const MIN_VALUES_WITHOUT_HEADER = 5;

/**
 * A name or address column (judged by header) whose values are at least this often numbers, dates or
 * booleans is something else: `street_number`, `name_verified`, an id under a misleading header.
 */
export const NOT_TEXT_SHARE = 0.5;

/** Values read per column: enough for the shares above to be stable, cheap on a 30-column, 12,000-row sample. */
const MAX_VALUES_PER_COLUMN = 2000;

type ValueKind = 'iban' | 'card' | 'email' | 'ip' | 'phone';

/** Checksum kinds first: when two tests pass equally (a 15-digit Amex number also has a phone's shape), the checksum wins. */
const VALUE_KINDS: readonly ValueKind[] = ['iban', 'card', 'email', 'ip', 'phone'];

/**
 * E-mail, phone and IP are often the key that joins two files (orders by e-mail, sessions by IP), so a keyed
 * pseudonym keeps the analysis working; names, addresses and bank or card numbers are never needed to join
 * or count, so the safest default is not to store them at all.
 */
const SUGGESTED: Readonly<Record<PersonalDataKind, PersonalDataTreatment>> = {
  email: 'pseudonymise',
  phone: 'pseudonymise',
  ip: 'pseudonymise',
  name: 'drop',
  address: 'drop',
  iban: 'drop',
  card: 'drop'
};

/**
 * Columns of a sample that hold personal data, at most one finding per column, in column order. `rows` are
 * the raw field texts of the sample (`rows[r][c]`), as read before type conversion.
 */
export function detectPersonalData(
  columns: readonly { name: string; label: string }[],
  rows: readonly (readonly string[])[]
): PersonalDataFinding[] {
  const findings: PersonalDataFinding[] = [];
  columns.forEach((column, index) => {
    const finding = judgeColumn(column, sampleColumn(rows, index));
    if (finding !== undefined)
      findings.push({ column: column.name, ...finding, suggested: SUGGESTED[finding.kind] });
  });
  return findings;
}

type Judgement = Omit<PersonalDataFinding, 'column' | 'suggested'>;

function judgeColumn(
  column: { name: string; label: string },
  values: readonly string[]
): Judgement | undefined {
  const header = matchPersonalHeader(column.label.trim() === '' ? column.name : column.label);

  // A header of a kind with a value test, confirmed (or vetoed) by the values.
  if (header !== undefined && isValueKind(header.kind)) {
    if (values.length === 0) return { kind: header.kind, evidence: 'header', matchShare: null };
    const kind = header.kind;
    const share = shareOf(values, (text) => passesValueTest(kind, text, true));
    if (share >= HEADER_VALUE_SHARE) return { kind, evidence: 'header-and-values', matchShare: share };
  }

  // Values alone: an `Address` column full of e-mail addresses is an e-mail column whatever its header says.
  const byValues = strongestValueKind(values);
  if (byValues !== undefined) return { kind: byValues.kind, evidence: 'values', matchShare: byValues.share };

  // Names and street addresses are too varied to recognise by value: the header decides, the values may veto.
  if (header !== undefined && !isValueKind(header.kind)) {
    if (values.length > 0 && shareOf(values, isNotText) >= NOT_TEXT_SHARE) return undefined;
    // A bare `Name` is a product's as often as a person's: it counts only when the values look like people.
    if (header.bare && values.length > 0 && shareOf(values, looksLikePersonName) < VALUE_SHARE)
      return undefined;
    return { kind: header.kind, evidence: 'header', matchShare: null };
  }
  return undefined;
}

function strongestValueKind(values: readonly string[]): { kind: ValueKind; share: number } | undefined {
  let best: { kind: ValueKind; share: number } | undefined;
  for (const kind of VALUE_KINDS) {
    const small = values.length < MIN_VALUES_WITHOUT_HEADER;
    if (values.length === 0 || (small && kind !== 'iban' && kind !== 'card')) continue;
    // A small sample has no room for misfits; and a lone 16-digit id passes Luhn one time in ten, so a card
    // number in a small sample must also be written the way cards are printed, in groups.
    const test =
      small && kind === 'card'
        ? (text: string) => /[ -]/.test(text) && passesValueTest(kind, text, false)
        : (text: string) => passesValueTest(kind, text, false);
    const share = shareOf(values, test);
    if ((small ? share === 1 : share >= VALUE_SHARE) && share > (best?.share ?? 0)) best = { kind, share };
  }
  return best;
}

function isValueKind(kind: PersonalDataKind): kind is ValueKind {
  return (VALUE_KINDS as readonly string[]).includes(kind);
}

function passesValueTest(kind: ValueKind, text: string, headerSaysSo: boolean): boolean {
  switch (kind) {
    case 'email':
      return isEmailAddress(text);
    case 'phone':
      return isPhoneNumber(text, headerSaysSo);
    case 'iban':
      return isIban(text);
    case 'card':
      return isPaymentCardNumber(text);
    case 'ip':
      return isIpAddress(text);
  }
}

/**
 * The column's non-empty values, trimmed; missing markers (`NULL`, `N/A`, `-`) left out since they say
 * nothing about the kind. Long samples are thinned evenly, keeping the spread of the sample over the file.
 */
function sampleColumn(rows: readonly (readonly string[])[], index: number): string[] {
  // Rows are visited at an even stride when there are far more than needed, so a 50,000-row sample costs
  // what a few thousand would, and the values still spread over the whole sample.
  const stride = Math.max(1, Math.floor(rows.length / (MAX_VALUES_PER_COLUMN * 2)));
  const values: string[] = [];
  for (let r = 0; r < rows.length; r += stride) {
    const text = (rows[r][index] ?? '').trim();
    if (text !== '' && !isMissingMarker(text)) values.push(text);
  }
  if (values.length <= MAX_VALUES_PER_COLUMN) return values;
  const step = values.length / MAX_VALUES_PER_COLUMN;
  return Array.from({ length: MAX_VALUES_PER_COLUMN }, (_, i) => values[Math.floor(i * step)]);
}

function shareOf(values: readonly string[], test: (text: string) => boolean): number {
  let passed = 0;
  for (const text of values) if (test(text)) passed++;
  return values.length === 0 ? 0 : passed / values.length;
}

const dateParts = createDateTimeParts();

function isNotText(text: string): boolean {
  return (
    readNumberSyntax(text) !== undefined || scanDateTime(text, dateParts) || booleanFamiliesOf(text) !== 0
  );
}

/**
 * One to five words of letters (`Anna`, `Jean-Luc O'Brien`, `Müller, Anna`, `山田 太郎`), no digits or
 * symbols: product names often have them (`Mug 350ml`, `T-Shirt (L)`), people's names do not. A single
 * character (`a`, `X`) is a code or a placeholder, not a name.
 */
const PERSON_NAME = /^\p{L}[\p{L}\p{M}'’.-]*(?:,?\s+\p{L}[\p{L}\p{M}'’.-]*){0,4}$/u;

function looksLikePersonName(text: string): boolean {
  return text.length >= 2 && text.length <= 80 && PERSON_NAME.test(text);
}

// Value tests

/**
 * A pragmatic subset of RFC 5322 (the dot-atom form, which is what people and shops actually use; quoted
 * local parts and IP-literal domains are left out), with internationalised letters (RFC 6531) allowed. The
 * domain must have a dot and end in a letter TLD or an IDN (`xn--`) label, so `user@localhost`, `a@1.2` and
 * twitter handles do not pass. Limits from RFC 5321 §4.5.3.1: 64 for the local part, 254 overall.
 */
const EMAIL =
  /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/iu;
/** `Anna Müller <anna@example.com>`, as mail clients and CRM exports write it. */
const EMAIL_WITH_DISPLAY_NAME = /^[^<>@]*<([^<>\s]+)>$/;

export function isEmailAddress(text: string): boolean {
  const address = EMAIL_WITH_DISPLAY_NAME.exec(text)?.[1] ?? text;
  if (address.length > 254) return false;
  const at = address.lastIndexOf('@');
  return at > 0 && at <= 64 && EMAIL.test(address);
}

/** `ext. 12`, `x12`, `#12` after a number: an office extension, not part of the number's length. */
const PHONE_EXTENSION = /\s*(?:ext\.?|x|#)\s*\d{1,6}$/i;
const PHONE_SEPARATORS = /[ \u00a0\-./]+/;
/** A number grouped in thousands (`1 234 567`, `12.345.678`, `123,456,789`): an amount, not a phone. */
const GROUPED_THOUSANDS =
  /^[1-9]\d{0,1}(?:([ \u00a0])\d{3})(?:\1\d{3})*$|^[1-9]\d{0,2}(?:([.,'])\d{3})(?:\2\d{3})*$/;
/** US ZIP+4 (`12345-6789`). */
const ZIP_PLUS_FOUR = /^\d{5}-\d{4}$/;

interface PhoneShape {
  international: boolean;
  parentheses: boolean;
  /** The runs of digits, with any `(0)` trunk prefix after a country code left out. */
  groups: string[];
  separators: string;
}

function readPhoneShape(text: string): PhoneShape | undefined {
  let body = text.replace(PHONE_EXTENSION, '');
  let international = false;
  if (body.startsWith('+')) {
    international = true;
    body = body.slice(1);
  } else if (/^00[1-9]/.test(body)) {
    // The international call prefix of most of the world (ITU-T E.164 Annex A); a country code never starts with 0.
    international = true;
    body = body.slice(2);
  }
  // `+49 (0)30 1234567`: the national trunk 0 is written in brackets and never dialled from abroad.
  if (international) body = body.replace(/\(0\)/, ' ');
  let parentheses = false;
  const areaCode = /\((\d{1,5})\)/.exec(body);
  if (areaCode !== null) {
    parentheses = true;
    body = body.replace(areaCode[0], ` ${areaCode[1]} `);
  }
  if (!/^[\d \u00a0\-./]+$/.test(body)) return undefined;
  const groups = body.split(PHONE_SEPARATORS).filter((group) => group !== '');
  if (groups.length === 0) return undefined;
  const separators = [...new Set(body.replace(/\d/g, '').replace(/\u00a0/g, ' '))].join('');
  return { international, parentheses, groups, separators };
}

/**
 * A phone number in E.164 or a national format: 7-15 digits (E.164 allows 15 with the country code; 7 is
 * a short local number). A plain run of digits is an id or an amount as often as a phone, so without a
 * phone header the text must carry a phone's marks: a `+` or `00` prefix, an area code in brackets, or
 * digits in groups that are neither a date, an IP, a thousands-grouped amount nor a decimal.
 */
export function isPhoneNumber(text: string, headerSaysPhone = false): boolean {
  const shape = readPhoneShape(text);
  if (shape === undefined) return false;
  const digits = shape.groups.join('').length;
  if (digits < 7 || digits > 15 || scanDateTime(text, dateParts)) return false;
  if (shape.international || shape.parentheses || headerSaysPhone) return true;
  const { groups, separators } = shape;
  if (groups.length < 2 || GROUPED_THOUSANDS.test(text) || ZIP_PLUS_FOUR.test(text) || isIpv4(text))
    return false;
  if (groups.length === 2) {
    // One separator: `030 1234567`, `0171-1234567` (a trunk 0 starts national numbers in most of Europe);
    // `12345.678` is a decimal, `2024-0001` a reference.
    return separators !== '.' && groups[0].length >= 2 && groups[0].startsWith('0');
  }
  // `555-123-4567`, `06 12 34 56 78`: groups of two or more digits after the first (`1-800-...`). Versions
  // (`10.0.19041.1`) and ISBNs (`978-3-16-148410-0`) have single digits inside.
  return groups.slice(1).every((group) => group.length >= 2);
}

/**
 * IBAN lengths by country (SWIFT IBAN Registry), including the French overseas territories that use the
 * French format. A country not listed is judged by the generic 15-34 and mod-97 alone: countries join the
 * registry every year, and a stale length here would hide personal data.
 */
const IBAN_LENGTHS: Readonly<Record<string, number>> = Object.fromEntries(
  (
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 ' +
    'EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 ' +
    'IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 ' +
    'NL18 NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 ST25 ' +
    'SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 ' +
    'BL27 GF27 GP27 MF27 MQ27 NC27 PF27 PM27 RE27 TF27 WF27 YT27'
  )
    .split(' ')
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))])
);

/**
 * An IBAN (ISO 13616): country code, two check digits, then the account (BBAN), printed with or without
 * spaces in groups of four. The mod-97 check (ISO 7064) leaves one random text in 97 through, the shape
 * and the country's length almost all the rest.
 */
export function isIban(text: string): boolean {
  const iban = text.replace(/[ \u00a0]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected !== undefined ? iban.length !== expected : iban.length > 34) return false;
  const check = Number(iban.slice(2, 4));
  if (check < 2 || check > 98) return false;
  // The country code and check digits move to the end, letters become 10-35; the number is reduced digit by
  // digit so that it never leaves the safe-integer range.
  let remainder = 0;
  for (const char of iban.slice(4) + iban.slice(0, 4)) {
    const value = Number.parseInt(char, 36);
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/**
 * Issuer prefixes (ISO/IEC 7812 IINs) of card networks with millions of cards, as inclusive ranges of the
 * first digits: Visa 4; Mastercard 51-55 and 2221-2720; Mir 2200-2204; Amex 34, 37; Diners 300-305, 36, 38,
 * 39; JCB 3528-3589; Discover 6011, 644-649, 65; UnionPay 62; RuPay 60, 65; Maestro 50, 56-58, 6304, 67.
 */
const CARD_PREFIXES: readonly (readonly [string, string])[] = [
  ['4', '4'],
  ['51', '55'],
  ['2221', '2720'],
  ['2200', '2204'],
  ['34', '34'],
  ['37', '37'],
  ['300', '305'],
  ['36', '36'],
  ['38', '39'],
  ['3528', '3589'],
  ['6011', '6011'],
  ['644', '649'],
  ['65', '65'],
  ['62', '62'],
  ['60', '60'],
  ['50', '50'],
  ['56', '58'],
  ['6304', '6304'],
  ['67', '67']
];

/**
 * A payment card number (PAN): 13-19 digits, in groups separated by spaces or dashes or not at all, with a
 * known issuer prefix and a valid Luhn check digit. Masked numbers (`**** 1234`) are not PANs and do not pass.
 */
export function isPaymentCardNumber(text: string): boolean {
  if (!/^\d+(?:[ -]\d+)*$/.test(text)) return false;
  const digits = text.replace(/[ -]/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  const known = CARD_PREFIXES.some(([low, high]) => {
    const prefix = digits.slice(0, low.length);
    return prefix >= low && prefix <= high;
  });
  return known && passesLuhn(digits);
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Dotted quad, each octet 0-255 without leading zeros (which some parsers read as octal). */
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

/**
 * An IPv6 address in any RFC 4291 §2.2 form: eight groups of 1-4 hex digits, one `::` standing for one or
 * more zero groups, an IPv4 tail (`::ffff:192.0.2.1`), and an optional zone (`fe80::1%eth0`, RFC 4007).
 */
function isIpv6(text: string): boolean {
  const address = text.replace(/%[\w.-]+$/, '');
  if (!/^[0-9a-f:.]+$/i.test(address) || !address.includes(':')) return false;
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  let count = groups.length;
  const last = groups[groups.length - 1];
  if (last?.includes('.')) {
    if (!isIpv4(last)) return false;
    groups.pop();
    count += 1;
  }
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

export function isIpAddress(text: string): boolean {
  return isIpv4(text) || isIpv6(text);
}

// Headers

/**
 * Header words of each kind, one line per language (en, de, fr, es, it, pt, nl, pl, sv, da/no, fi, tr, ru,
 * ja, zh, ko), written as people write headers; `toHeaderWords` folds case, accents, camelCase and
 * punctuation, so `E-Mail-Adresse`, `EmailAddress` and `customer_email` all meet `email`. A word matches as
 * a whole word (or a run of words) anywhere in the header, and CJK words anywhere in the text, since CJK
 * headers are written without spaces.
 */
interface HeaderRuleSpec {
  words: string;
  /** Words that also match inside a longer word: German, Dutch and Nordic compounds (`Telefonnummer`, `Lieferadresse`). */
  stems?: string;
  /** Words that name the kind only as the whole header: `Mobile` is a phone number, `mobile_device` is not. */
  whole?: string;
  /** Words that turn the header into something else: a flag, a count, a place, a product. */
  unless: string;
}

/**
 * Qualifiers that make a header a flag, a count or a property of the value rather than the value itself:
 * `email_opt_in`, `phone_verified`, `email_count`, `has_phone`, `email_domain`, `email_hash`.
 */
const FLAG_WORDS =
  'opt, optin, opted, optout, consent, verified, verification, valid, validated, confirmed, count, cnt, has, is, ' +
  'flag, status, type, hash, hashed, md5, sha, domain, provider, format, length, score, rate, date, time, changed, ' +
  'updated, anzahl, einwilligung, bestatigt, zustimmung, gultig, consentement, verifie, valide, consentimiento, ' +
  'verificado, valido, consenso, verificato, consentimento, toestemming, geverifieerd, zgoda, samtycke, ' +
  'verifierad, 同意, 件数, 認証, 验证, 状态, ステータス';

/** Street-address headers that name a coarser place (not personal on its own) or another kind of address. */
const NOT_STREET_WORDS =
  'city, town, country, zip, zipcode, postal code, postcode, post code, plz, postleitzahl, region, state, ' +
  'province, county, land, bundesland, stadt, ort, pays, ville, code postal, cp, departement, pais, ciudad, ' +
  'provincia, codigo postal, municipio, paese, citta, cap, comune, cidade, estado, cep, concelho, distrito, stad, ' +
  'woonplaats, plaats, provincie, kraj, miasto, wojewodztwo, kod pocztowy, postnummer, postort, lan, kommun, ' +
  'postnr, kaupunki, postinumero, sehir, ilce, posta kodu, город, индекс, 都道府県, 市区町村, 郵便番号, 省, 城市, ' +
  '国家, 邮编, 邮政编码, 우편번호, 국가, 도시, lat, latitude, lon, lng, longitude, coordinates, geocode, ' +
  'email, e mail, mail, ip, ipv, mac, web, website, url, wallet, internet, server, host, bitcoin, btc, eth, ' +
  'sahkoposti, epost, e post, メール, 邮箱, 网址, id, type, status, verified, valid, validated, count, hash';

/**
 * Things that have names but are not people: `product_name`, `campaign_name`, `company_name`, `file_name`.
 * Only needed where a person word is present too (`contact_company_name`), since `name` alone needs a person
 * qualifier or person-like values.
 */
const NOT_PERSON_WORDS =
  'product, products, item, article, sku, campaign, adset, ad group, adgroup, creative, keyword, ' +
  'channel, country, company, business, organisation, organization, org, firm, file, stock, brand, category, ' +
  'store, shop, merchant, vendor, supplier, seller, city, town, region, state, province, street, event, page, ' +
  'site, website, domain, host, list, segment, source, medium, department, team, plan, tier, variant, ' +
  'collection, tag, app, device, browser, column, table, field, sheet, project, task, bank, group, role, title, ' +
  'course, model, game, location, place, carrier, service, package, feature, metric, experiment, currency, ' +
  'language, locale, timezone, color, colour, size, publisher, network, platform, referrer, audience, ' +
  'database, server, warehouse, branch, office, unit, catalog, menu, level, status, type, id, count, length, ' +
  'hash, verified, produkt, artikel, firma, unternehmen, kampagne, kanal, land, stadt, datei, marke, kategorie, ' +
  'geschaft, hersteller, lieferant, filiale, produit, entreprise, societe, pays, ville, fichier, marque, ' +
  'categorie, campagne, canal, magasin, fournisseur, banque, producto, articulo, empresa, pais, ciudad, archivo, ' +
  'marca, categoria, campana, tienda, proveedor, banco, prodotto, articolo, azienda, societa, paese, citta, ' +
  'negozio, fornitore, campagna, banca, produto, cidade, arquivo, loja, fornecedor, campanha, bedrijf, stad, ' +
  'bestand, merk, winkel, leverancier, miasto, kraj, plik, marka, sklep, dostawca, kampania, foretag, fil, ' +
  'varumarke, butik, leverantor, kampanj, 商品, 製品, 会社, 企業, 店舗, ファイル, ブランド, キャンペーン, ' +
  'カテゴリ, 产品, 公司, 企业, 店铺, 文件, 品牌, 活动, 类别, 渠道, 銀行, 银行, 상품, 제품, 회사, 매장';

const HEADER_RULES: Readonly<Record<Exclude<PersonalDataKind, 'name'>, HeaderRuleSpec>> = {
  email: {
    words: `
      en: email, e mail, mail, email address, e mail address, mail address
      de: E-Mail, E-Mail-Adresse, Mailadresse, Emailadresse
      fr: courriel, adresse mail, adresse e-mail, adresse électronique, mél
      es: correo, correo electrónico, dirección de correo, email
      it: posta elettronica, indirizzo email, indirizzo e-mail
      pt: endereço de email, endereço de e-mail, correio eletrónico, correio eletrônico
      nl: e-mailadres, mailadres, emailadres
      pl: adres email, adres e-mail, poczta e-mail, poczta elektroniczna
      sv: e-post, epost, e-postadress, epostadress, mejl, mejladress
      da: e-mailadresse
      fi: sähköposti, sähköpostiosoite
      tr: e-posta, eposta, e-posta adresi
      ru: электронная почта, эл почта, имейл
      ja: メール, メールアドレス, 電子メール
      zh: 邮箱, 电子邮件, 邮件, 电子邮箱, 郵箱, 電子郵件, 電郵, 郵件
      ko: 이메일, 메일
    `,
    stems: 'email, epost, sahkoposti',
    unless: `${FLAG_WORDS}, sent, opened, opens, clicked, clicks, bounce, bounced, bounces, unsubscribed, unsubscribe, subscribed, subscription, campaign, template, subject, body, frequency, preference, preferences, permission, allowed, marketing`
  },
  phone: {
    words: `
      en: phone, telephone, tel, tel no, phone number, phone no, mobile number, mobile no, mobile phone, cell phone, cellphone, cell number, fax, landline
      de: Telefon, Telefonnummer, Tel.-Nr., Telnr, Mobilnummer, Mobiltelefon, Mobilfunknummer, Handynummer, Rufnummer, Festnetz
      fr: téléphone, numéro de téléphone, tél, portable, numéro de portable, numéro de mobile
      es: teléfono, número de teléfono, celular, teléfono móvil, número de móvil
      it: telefono, numero di telefono, cellulare, numero di cellulare
      pt: telefone, número de telefone, telemóvel, celular
      nl: telefoon, telefoonnummer, mobiel nummer, mobiele telefoon
      pl: telefon, numer telefonu, nr telefonu, telefon komórkowy
      sv: telefonnummer, mobilnummer, mobiltelefon
      da: telefonnummer, mobilnummer
      fi: puhelin, puhelinnumero, matkapuhelin
      tr: telefon numarası, cep telefonu
      ru: телефон, номер телефона, мобильный телефон
      ja: 電話, 電話番号, 携帯, 携帯電話, 携帯番号
      zh: 电话, 电话号码, 手机, 手机号, 手机号码, 联系电话, 電話號碼, 手機
      ko: 전화, 전화번호, 휴대폰, 핸드폰
    `,
    stems: 'telefon, telephone, phone, telefoon, handy, puhelin',
    whole: 'mobile, cell, handy, mobil, mobiel, móvil, gsm, komórka, portable, мобильный',
    unless: `${FLAG_WORDS}, country, country code, area, area code, prefix, code, device, app, os, browser, platform, model, brand, make, carrier, operator, web, desktop, tablet, share, traffic, visits, sessions, users, version, iphone, smartphone, headphone, headphones, microphone`
  },
  ip: {
    words: `
      en: ip, ip address, ipaddress, ip addr, ipaddr, ipv4, ipv6, client ip, clientip, remote ip, remoteip, remote addr, remote address, user ip, userip, source ip, src ip, dest ip, dst ip, visitor ip
      de: IP-Adresse, IPAdresse
      fr: adresse IP
      es: dirección IP
      it: indirizzo IP
      pt: endereço IP
      nl: IP-adres, ipadres
      pl: adres IP
      sv: IP-adress, ipadress
      fi: IP-osoite
      tr: IP adresi
      ru: IP-адрес
      ja: IPアドレス
      zh: IP地址
      ko: IP 주소
    `,
    unless: `${FLAG_WORDS}, country, city, region, geo, location, lat, lon, latitude, longitude, version, range, block, subnet, isp, asn, org, organization, reputation, blacklist`
  },
  card: {
    words: `
      en: card number, card no, card nr, card num, credit card, credit card number, debit card, payment card, cc number, cc no, cc num, ccnumber, ccnum, cardnumber, creditcard
      de: Kartennummer, Kreditkarte, Kreditkartennummer
      fr: numéro de carte, carte bancaire, carte de crédit
      es: número de tarjeta, tarjeta de crédito
      it: numero carta, numero di carta, carta di credito
      pt: número do cartão, cartão de crédito
      nl: kaartnummer, creditcardnummer
      pl: numer karty, nr karty, karta kredytowa
      sv: kortnummer, kreditkort, kreditkortsnummer
      fi: kortin numero, luottokortti
      tr: kart numarası, kredi kartı
      ru: номер карты
      ja: カード番号, クレジットカード
      zh: 卡号, 信用卡, 银行卡号, 信用卡号
      ko: 카드번호, 신용카드
    `,
    stems: 'kartennummer, creditcard, kaartnummer, kortnummer, kreditkarte, kreditkort',
    whole: 'card, karte, carte, tarjeta, cartão, carta, pan',
    unless: `${FLAG_WORDS}, brand, scheme, network, issuer, bank, country, expiry, exp, expiration, expires, month, year, last 4, last four, last digits, cvv, cvc, security code, holder, name, owner, token, fingerprint, bin, iin, gift, loyalty, id, fee, masked, 持卡人`
  },
  iban: {
    words: `
      en: iban, iban number, bank account, bank account number, bank account no, account number, account no, acct no
      de: Kontonummer, Bankverbindung, Konto-Nr, Kontonr
      fr: numéro de compte, compte bancaire, RIB
      es: número de cuenta, cuenta bancaria
      it: numero di conto, numero conto, conto corrente
      pt: número da conta, conta bancária, NIB
      nl: rekeningnummer, bankrekening, bankrekeningnummer
      pl: numer konta, numer rachunku, nr konta, nr rachunku, rachunek bankowy
      sv: kontonummer, bankkonto, bankkontonummer
      fi: tilinumero
      tr: hesap numarası
      ru: номер счета, расчетный счет
      ja: 口座番号, 銀行口座
      zh: 银行账号, 银行账户, 銀行帳號
      ko: 계좌번호
    `,
    stems: 'iban, kontonummer, rekeningnummer',
    unless: `${FLAG_WORDS}, bic, swift, bank code, blz, sort code, routing, holder, owner, name, inhaber, titulaire, titular, intestatario, country, currency, 名義`
  },
  address: {
    words: `
      en: address, street, street address, address line, addr, mailing address, postal address, billing address, shipping address, delivery address, home address, street name
      de: Adresse, Anschrift, Straße, Strasse, Straße und Hausnummer, Adresszeile
      fr: adresse, rue, adresse postale, ligne d'adresse, adresse de livraison, adresse de facturation
      es: dirección, calle, domicilio, dirección postal, dirección de envío, dirección de facturación
      it: indirizzo, via e numero civico, indirizzo di spedizione, indirizzo di fatturazione
      pt: endereço, morada, rua, logradouro, endereço de entrega
      nl: adres, straat, straatnaam, adresregel, straat en huisnummer
      pl: adres, ulica, adres zamieszkania, adres dostawy
      sv: adress, gatuadress, gata, utdelningsadress
      da: gadenavn, vejnavn, gateadresse
      fi: osoite, katuosoite, lähiosoite
      tr: adres, sokak, cadde, açık adres
      ru: адрес, улица
      ja: 住所, 番地
      zh: 地址, 住址, 街道地址, 详细地址
      ko: 주소, 도로명
    `,
    stems: 'address, adresse, adress, adres, anschrift, strasse, straat, osoite',
    whole: 'via',
    unless: NOT_STREET_WORDS
  }
};

/**
 * Person names. A name word with a person qualifier (`customer name`, `nom du client`) or a word that only
 * ever names people (`surname`, `Vorname`) is a name; a bare `Name` is one only when its values look like
 * people's (see `judgeColumn`).
 */
const NAME_WORDS = `
  en: surname, forename, firstname, lastname, fullname, givenname, familyname, middlename, cardholder, account holder, card holder, name on card, contact person
  de: Vorname, Nachname, Familienname, Zuname, Rufname, Geburtsname, Kundenname, Ansprechpartner, Kontoinhaber, Karteninhaber
  fr: prénom, nom de famille, nom complet, titulaire du compte
  es: apellido, apellidos, nombre y apellidos
  it: cognome, nominativo, nome e cognome, intestatario
  pt: sobrenome, apelido
  nl: voornaam, achternaam, tussenvoegsel, roepnaam, familienaam, klantnaam
  pl: imię, nazwisko, imię i nazwisko
  sv: förnamn, efternamn, tilltalsnamn, kundnamn
  da: fornavn, efternavn, etternavn, mellemnavn
  fi: etunimi, sukunimi
  tr: soyad, soyadı, ad soyad, adı soyadı
  ru: фамилия, отчество, фио
  ja: 氏名, フリガナ, ふりがな, お名前, 苗字, 名字, 宛名, 顧客名, 担当者名
  zh: 姓名, 姓氏, 联系人, 收货人, 收件人, 聯絡人
  ko: 성명, 고객명
`;
const NAME_BARE_WORDS = 'name, nom, nombre, nome, naam, namn, navn, nimi, isim, имя, 名前, 이름';
const PERSON_QUALIFIERS =
  'first, last, full, given, family, middle, maiden, legal, customer, client, contact, buyer, purchaser, ' +
  'recipient, billing, bill to, ship to, shipping, holder, employee, person, patient, member, guest, passenger, ' +
  'sender, receiver, subscriber, applicant, student, owner, agent, representative, manager, author, kunde, ' +
  'kunden, kontakt, kaufer, empfanger, mitarbeiter, inhaber, vollstandiger, acheteur, destinataire, famille, ' +
  'complet, cliente, comprador, destinatario, titular, completo, contacto, contatto, primeiro, ultimo, klant, ' +
  'koper, ontvanger, volledige, klienta, odbiorcy, kund, kopare, mottagare, fullstandigt';

interface Phrase {
  tokens: readonly string[];
  compact: string;
  cjk: boolean;
}

interface HeaderRule {
  words: readonly Phrase[];
  stems: readonly string[];
  whole: readonly Phrase[];
  unless: readonly Phrase[];
}

interface FoldedHeader {
  tokens: readonly string[];
  compact: string;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * A header as words: camelCase and letter-digit boundaries split (`billingAddressLine1` -> `billing address
 * line 1`), as are Latin-CJK ones (`IP地址`); case, accents and full-width forms folded; every run of
 * punctuation a word break. The same folding as the mapping's header synonyms, plus the digit split, so that
 * `address1` and `line_1` meet.
 */
function toHeaderWords(header: string): string[] {
  const words = header
    .replace(/([\p{Ll}\p{Nd}])(\p{Lu})/gu, '$1 $2')
    // `EMailAddress` -> `E Mail Address`, but `IPv4` stays one word.
    .replace(/(\p{Lu})(\p{Lu}\p{Ll}{2})/gu, '$1 $2');
  const text = foldLetters(words)
    .replace(/(\p{L})(\p{Nd})/gu, '$1 $2')
    .replace(/(\p{Nd})(\p{L})/gu, '$1 $2')
    .replace(
      /(\p{Script=Latin})(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])/gu,
      '$1 '
    )
    .replace(
      /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])(?=\p{Script=Latin})/gu,
      '$1 '
    )
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return text === '' ? [] : text.split(' ');
}

function toPhrase(word: string): Phrase {
  const tokens = toHeaderWords(word);
  const compact = tokens.join('');
  return { tokens, compact, cjk: CJK.test(compact) };
}

function toPhrases(list: string): Phrase[] {
  return list
    .split(',')
    .map((word) => toPhrase(word.trim()))
    .filter((phrase) => phrase.compact !== '');
}

/** The words of a language-tagged list (`en: a, b` lines), all languages together. */
function toTaggedPhrases(lines: string): Phrase[] {
  return lines
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .flatMap((line) => toPhrases(line.replace(/^[a-z]{2}: /, '')));
}

function toHeaderRule(spec: HeaderRuleSpec): HeaderRule {
  return {
    words: toTaggedPhrases(spec.words),
    stems: toPhrases(spec.stems ?? '').map((phrase) => phrase.compact),
    whole: toPhrases(spec.whole ?? ''),
    unless: toPhrases(spec.unless)
  };
}

/** Value kinds first: `E-Mail-Adresse` and `IP address` are no street addresses, `card holder` is a name. */
const HEADER_KIND_ORDER = ['email', 'ip', 'phone', 'card', 'iban', 'address'] as const;

const RULES = HEADER_KIND_ORDER.map((kind) => ({ kind, rule: toHeaderRule(HEADER_RULES[kind]) }));
const NAME_RULE = {
  words: toTaggedPhrases(NAME_WORDS),
  bare: toPhrases(NAME_BARE_WORDS),
  qualifiers: toPhrases(PERSON_QUALIFIERS),
  unless: toPhrases(NOT_PERSON_WORDS)
};

export interface PersonalHeaderMatch {
  kind: PersonalDataKind;
  /** The header is a bare `Name` (or `Nom`, `名前`...): a person's only if the values look like one. */
  bare: boolean;
}

/** What kind of personal data a header names, if any. */
export function matchPersonalHeader(header: string): PersonalHeaderMatch | undefined {
  const tokens = toHeaderWords(header);
  if (tokens.length === 0) return undefined;
  const folded: FoldedHeader = { tokens, compact: tokens.join('') };
  for (const { kind, rule } of RULES) {
    if (matchesRule(folded, rule)) return { kind, bare: false };
  }
  // Words that only ever name people win over the things that have names (`bank account holder`); a name
  // word needs a person qualifier that no thing overrides (`customer name`, not `customer company name`).
  if (NAME_RULE.words.some((phrase) => hasPhrase(folded, phrase))) return { kind: 'name', bare: false };
  if (NAME_RULE.unless.some((phrase) => hasPhrase(folded, phrase))) return undefined;
  if (!NAME_RULE.bare.some((phrase) => hasPhrase(folded, phrase))) return undefined;
  if (NAME_RULE.qualifiers.some((phrase) => hasPhrase(folded, phrase))) return { kind: 'name', bare: false };
  const bare = NAME_RULE.bare.some((phrase) => phrase.compact === folded.compact);
  return bare ? { kind: 'name', bare: true } : undefined;
}

function matchesRule(header: FoldedHeader, rule: HeaderRule): boolean {
  if (rule.unless.some((phrase) => hasPhrase(header, phrase))) return false;
  if (rule.words.some((phrase) => hasPhrase(header, phrase))) return true;
  if (rule.whole.some((phrase) => phrase.compact === header.compact)) return true;
  return rule.stems.some((stem) =>
    header.tokens.some((token) => {
      if (token.length <= stem.length) return false;
      const rest = token.startsWith(stem)
        ? token.slice(stem.length)
        : token.endsWith(stem)
          ? token.slice(0, -stem.length)
          : '';
      // `Emailadresse` and `Webadresse` end with an address stem but are no street address.
      return rest !== '' && !rule.unless.some((phrase) => phrase.compact === rest);
    })
  );
}

/**
 * A phrase is in a header as a run of whole words (`contact phone` has `phone`, `telephone` does not have
 * `tel`), as one word written together (`ipaddress`, `lastname`), or, for CJK, anywhere in the text.
 */
function hasPhrase(header: FoldedHeader, phrase: Phrase): boolean {
  if (phrase.cjk) return header.compact.includes(phrase.compact);
  return containsRun(header.tokens, phrase.tokens) || header.tokens.includes(phrase.compact);
}

function containsRun(tokens: readonly string[], run: readonly string[]): boolean {
  for (let start = 0; start + run.length <= tokens.length; start++) {
    if (run.every((token, i) => tokens[start + i] === token)) return true;
  }
  return false;
}
