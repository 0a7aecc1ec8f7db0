import { describe, expect, it } from 'vitest';
import {
  HEADER_VALUE_SHARE,
  MIN_VALUES_WITHOUT_HEADER,
  PERSONAL_DATA_KINDS,
  VALUE_SHARE,
  detectPersonalData,
  isEmailAddress,
  isIban,
  isIpAddress,
  isPaymentCardNumber,
  isPhoneNumber,
  matchPersonalHeader,
  type PersonalDataFinding
} from './personal-data';
import { seededRandom } from '../persistence/seeded-random';

/** Columns given as header -> values; the column name is the header, as `toColumnNames` keeps most headers. */
function detect(table: Record<string, readonly string[]>): PersonalDataFinding[] {
  const headers = Object.keys(table);
  const length = Math.max(0, ...headers.map((header) => table[header].length));
  const rows = Array.from({ length }, (_, r) => headers.map((header) => table[header][r] ?? ''));
  return detectPersonalData(
    headers.map((header) => ({ name: header, label: header })),
    rows
  );
}

function only(header: string, values: readonly string[]): PersonalDataFinding | undefined {
  const findings = detect({ [header]: values });
  expect(findings.length).toBeLessThanOrEqual(1);
  return findings[0];
}

/** `prefix` followed by its Luhn check digit. */
function withLuhnDigit(prefix: string): string {
  for (let check = 0; check <= 9; check++) {
    const digits = prefix + check;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let digit = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    if (sum % 10 === 0) return digits;
  }
  throw new Error('unreachable');
}

const repeat = (values: readonly string[], times: number): string[] =>
  Array.from({ length: times }, () => values).flat();

describe('isEmailAddress', () => {
  it.each([
    'anna@example.com',
    'Anna.Mueller+orders@mail.example.co.uk',
    "o'brien@example.ie",
    'josé@exämple.de',
    'user@xn--bcher-kva.example',
    'Anna Müller <anna@example.com>',
    'a_b-c@sub-domain.example.org'
  ])('accepts %s', (text) => expect(isEmailAddress(text)).toBe(true));

  it.each([
    'anna@localhost',
    'anna@example',
    '@example.com',
    'anna@',
    'anna.@example.com',
    '.anna@example.com',
    'an..na@example.com',
    'anna@-example.com',
    'anna@example.c',
    'anna@1.2',
    'anna @example.com',
    'anna@example.com, bob@example.com',
    '@anna',
    'anna(at)example.com',
    `${'a'.repeat(65)}@example.com`,
    `anna@${'a'.repeat(250)}.com`,
    'not an email',
    '12.50'
  ])('rejects %s', (text) => expect(isEmailAddress(text)).toBe(false));
});

describe('isPhoneNumber', () => {
  it.each([
    '+49 30 1234567',
    '+49 (0)30 1234-567',
    '+1 (555) 123-4567',
    '+441632960961',
    '0049301234567',
    '(030) 1234567',
    '030 1234567',
    '0171-1234567',
    '030/1234567',
    '555-123-4567',
    '555.123.4567',
    '1-800-555-0199',
    '06 12 34 56 78',
    '020 7946 0958',
    '612 345 678',
    '+33 6 12 34 56 78',
    '555-123-4567 ext. 12',
    '+81 3-1234-5678'
  ])('accepts %s', (text) => expect(isPhoneNumber(text)).toBe(true));

  it.each([
    ['a plain integer (an id)', '4930123456'],
    ['a short number', '123-456'],
    ['too many digits', '+49 30 1234567890123'],
    ['a date', '2024-03-05'],
    ['a dotted date', '05.03.2024'],
    ['an amount in thousands', '1 234 567'],
    ['an amount with dots', '12.345.678'],
    ['an amount with commas', '123,456,789'],
    ['a decimal', '12345.678'],
    ['a decimal below one', '0.12345678'],
    ['a reference', '2024-0001'],
    ['a ZIP+4 code', '12345-6789'],
    ['an IP address', '192.168.100.200'],
    ['a version', '10.0.19041.1'],
    ['an ISBN', '978-3-16-148410-0'],
    ['a product code', '85123A'],
    ['a zero-padded id', '00012345678'],
    ['a time', '12:30:45'],
    ['words', 'call me'],
    ['a lone plus', '+']
  ])('rejects %s', (_, text) => expect(isPhoneNumber(text)).toBe(false));

  it('accepts plain digits only under a phone header', () => {
    expect(isPhoneNumber('4930123456', true)).toBe(true);
    expect(isPhoneNumber('123', true)).toBe(false);
    expect(isPhoneNumber('true', true)).toBe(false);
    expect(isPhoneNumber('2024-03-05', true)).toBe(false);
  });
});

describe('isIban', () => {
  it.each([
    'DE89 3704 0044 0532 0130 00',
    'DE89370400440532013000',
    'de89370400440532013000',
    'GB82 WEST 1234 5698 7654 32',
    'FR14 2004 1010 0505 0001 3M02 606',
    'NL91ABNA0417164300',
    'BE68539007547034',
    'CH9300762011623852957',
    'NO9386011117947',
    'ES9121000418450200051332',
    'IT60X0542811101000000123456',
    'PL61109010140000071219812874'
  ])('accepts %s', (text) => expect(isIban(text)).toBe(true));

  it('judges a country missing from the length table by mod-97 alone', () => {
    const bban = '12345678901234567890';
    const check = 98 - Number(BigInt(bban + '3535' + '00') % 97n);
    expect(isIban(`ZZ${String(check).padStart(2, '0')}${bban}`)).toBe(true);
    expect(isIban(`ZZ${String(check === 98 ? 2 : check + 1).padStart(2, '0')}${bban}`)).toBe(false);
  });

  it.each([
    ['a wrong check digit', 'DE88 3704 0044 0532 0130 00'],
    ['a swapped pair of digits', 'DE89 3704 0044 0532 0103 00'],
    ['a wrong length for the country', 'DE89 3704 0044 0532 0130 0'],
    ['check digits 00', 'DE00370400440532013000'],
    ['no country code', '89370400440532013000'],
    ['a product code', 'AB12CDEF'],
    ['dashes', 'DE89-3704-0044-0532-0130-00']
  ])('rejects %s', (_, text) => expect(isIban(text)).toBe(false));
});

describe('isPaymentCardNumber', () => {
  it.each([
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    '4012888888881881',
    '5555555555554444',
    '2223003122003222',
    '378282246310005',
    '3782 822463 10005',
    '6011111111111117',
    '3530111333300000',
    '30569309025904',
    '6200000000000005'
  ])('accepts %s', (text) => expect(isPaymentCardNumber(text)).toBe(true));

  it.each([
    ['a failing Luhn check', '4111111111111112'],
    ['an unknown issuer prefix', withLuhnDigit('111111111111111')],
    ['an issuer prefix of 7', withLuhnDigit('711111111111111')],
    ['too short', withLuhnDigit('41111111111')],
    ['too long', withLuhnDigit('41111111111111111111')],
    ['a masked number', '**** **** **** 1111'],
    ['letters', '4111 1111 1111 111A'],
    ['mixed separators at the ends', ' 4111111111111111-']
  ])('rejects %s', (_, text) => expect(isPaymentCardNumber(text)).toBe(false));
});

describe('isIpAddress', () => {
  it.each([
    '192.168.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '2001:db8::1',
    '2001:0DB8:85A3:0000:0000:8A2E:0370:7334',
    '::1',
    '::',
    'fe80::1%eth0',
    '::ffff:192.0.2.128',
    '64:ff9b::192.0.2.33',
    '1::'
  ])('accepts %s', (text) => expect(isIpAddress(text)).toBe(true));

  it.each([
    '256.1.1.1',
    '192.168.01.1',
    '192.168.1',
    '1.2.3.4.5',
    '2001:db8::1::2',
    '2001:db8:1:2:3:4:5:6:7',
    '2001:db8:1:2:3:4:5',
    '12345::1',
    'gggg::1',
    '12:30',
    '12:30:45',
    '00:1A:2B:3C:4D:5E',
    '::ffff:300.0.2.128',
    '3.14'
  ])('rejects %s', (text) => expect(isIpAddress(text)).toBe(false));
});

describe('matchPersonalHeader', () => {
  it.each([
    // English, written every way exports write it.
    ['customer_email', 'email'],
    ['EmailAddress', 'email'],
    ['emailaddress', 'email'],
    ['E-mail', 'email'],
    ['Contact Phone', 'phone'],
    ['phoneNumber', 'phone'],
    ['Tel.', 'phone'],
    ['Mobile', 'phone'],
    ['first_name', 'name'],
    ['LastName', 'name'],
    ['Customer Name', 'name'],
    ['Full name', 'name'],
    ['billing_address_line1', 'address'],
    ['Address 2', 'address'],
    ['Street', 'address'],
    ['shippingStreetAddress', 'address'],
    ['iban', 'iban'],
    ['Account Number', 'iban'],
    ['Card Number', 'card'],
    ['credit_card', 'card'],
    ['ip', 'ip'],
    ['IP Address', 'ip'],
    ['ip_address', 'ip'],
    ['IPv4', 'ip'],
    ['clientIp', 'ip'],
    ['remote_addr', 'ip'],
    // German
    ['E-Mail-Adresse', 'email'],
    ['Kundenemail', 'email'],
    ['Telefonnummer', 'phone'],
    ['Handy', 'phone'],
    ['Handynummer', 'phone'],
    ['Vorname', 'name'],
    ['Nachname', 'name'],
    ['Name des Kunden', 'name'],
    ['Straße', 'address'],
    ['Strasse', 'address'],
    ['Anschrift', 'address'],
    ['Lieferadresse', 'address'],
    ['Kontonummer', 'iban'],
    ['Kartennummer', 'card'],
    ['IP-Adresse', 'ip'],
    // French
    ['Courriel', 'email'],
    ['Adresse e-mail', 'email'],
    ['Téléphone', 'phone'],
    ['Prénom', 'name'],
    ['Nom du client', 'name'],
    ['Nom de famille', 'name'],
    ['Adresse', 'address'],
    ['Rue', 'address'],
    ['Numéro de carte', 'card'],
    ['Adresse IP', 'ip'],
    // Spanish
    ['Correo electrónico', 'email'],
    ['Teléfono', 'phone'],
    ['Móvil', 'phone'],
    ['Apellidos', 'name'],
    ['Nombre completo', 'name'],
    ['Dirección', 'address'],
    ['Calle', 'address'],
    ['Número de cuenta', 'iban'],
    ['Número de tarjeta', 'card'],
    // Italian
    ['Posta elettronica', 'email'],
    ['Telefono', 'phone'],
    ['Cellulare', 'phone'],
    ['Cognome', 'name'],
    ['Nome cliente', 'name'],
    ['Indirizzo', 'address'],
    ['Via', 'address'],
    ['Numero carta', 'card'],
    ['Indirizzo IP', 'ip'],
    // Portuguese
    ['Endereço de e-mail', 'email'],
    ['Telemóvel', 'phone'],
    ['Celular', 'phone'],
    ['Sobrenome', 'name'],
    ['Morada', 'address'],
    ['Endereço', 'address'],
    ['Número do cartão', 'card'],
    // Dutch
    ['E-mailadres', 'email'],
    ['Telefoonnummer', 'phone'],
    ['Voornaam', 'name'],
    ['Achternaam', 'name'],
    ['Adres', 'address'],
    ['Straat', 'address'],
    ['Bezorgadres', 'address'],
    ['Rekeningnummer', 'iban'],
    // Polish
    ['Adres e-mail', 'email'],
    ['Numer telefonu', 'phone'],
    ['Imię', 'name'],
    ['Nazwisko', 'name'],
    ['Ulica', 'address'],
    ['Numer konta', 'iban'],
    ['Numer karty', 'card'],
    // Swedish
    ['E-post', 'email'],
    ['Mobilnummer', 'phone'],
    ['Förnamn', 'name'],
    ['Efternamn', 'name'],
    ['Gatuadress', 'address'],
    ['Leveransadress', 'address'],
    ['Kortnummer', 'card'],
    // Japanese
    ['メール', 'email'],
    ['メールアドレス', 'email'],
    ['電話番号', 'phone'],
    ['携帯電話', 'phone'],
    ['氏名', 'name'],
    ['お名前', 'name'],
    ['住所', 'address'],
    ['口座番号', 'iban'],
    ['カード番号', 'card'],
    ['IPアドレス', 'ip'],
    // Chinese
    ['邮箱', 'email'],
    ['电子邮件', 'email'],
    ['电话', 'phone'],
    ['手机号码', 'phone'],
    ['姓名', 'name'],
    ['收货地址', 'address'],
    ['地址', 'address'],
    ['银行账号', 'iban'],
    ['卡号', 'card'],
    ['IP地址', 'ip'],
    // Full-width forms from Japanese spreadsheets.
    ['ＩＰアドレス', 'ip'],
    ['Ｅメール', 'email']
  ])('%s is %s', (header, kind) => expect(matchPersonalHeader(header)?.kind).toBe(kind));

  it.each([
    'customer_id',
    'order_id',
    'CustomerID',
    'product_name',
    'campaign_name',
    'channel_name',
    'country_name',
    'company_name',
    'file_name',
    'stock name',
    'Produktname',
    'Nom du produit',
    'nombre del producto',
    'username',
    'contact company name',
    'country',
    'city',
    'region',
    'postal_code',
    'zip',
    'Postleitzahl',
    'address_city',
    'shipping_address_country',
    'ip_country',
    'ip_city',
    'email_opt_in',
    'email_verified',
    'phone_verified',
    'email_count',
    'has_phone',
    'email_domain',
    'email_hash',
    'mobile_device',
    'is_mobile',
    'mac_address',
    'web address',
    'Webadresse',
    'wallet_address',
    'card_type',
    'card_last4',
    'card_brand',
    'bic',
    'zip_code',
    'Quantity',
    'UnitPrice',
    'InvoiceDate',
    'StockCode',
    'Description',
    'hotel',
    'vip',
    ''
  ])('%s is no personal data', (header) => expect(matchPersonalHeader(header)).toBeUndefined());

  it('marks a bare name word, which needs person-like values', () => {
    expect(matchPersonalHeader('Name')).toEqual({ kind: 'name', bare: true });
    expect(matchPersonalHeader('nombre')).toEqual({ kind: 'name', bare: true });
    expect(matchPersonalHeader('名前')).toEqual({ kind: 'name', bare: true });
    expect(matchPersonalHeader('customer name')).toEqual({ kind: 'name', bare: false });
  });

  it('names the more specific kind when a header fits two', () => {
    expect(matchPersonalHeader('email_address')?.kind).toBe('email');
    expect(matchPersonalHeader('Remote Address')?.kind).toBe('ip');
    expect(matchPersonalHeader('cardholder name')?.kind).toBe('name');
    expect(matchPersonalHeader('Bank account holder')?.kind).toBe('name');
    expect(matchPersonalHeader('Street name')?.kind).toBe('address');
  });
});

describe('detectPersonalData', () => {
  const emails = [
    'anna@example.com',
    'bob@example.org',
    'carla@example.de',
    'dan@example.fr',
    'eve@example.es'
  ];
  const phones = ['+49 30 1234567', '+44 20 7946 0958', '030 1234567', '+1 (555) 123-4567', '0171-1234567'];
  const ibans = ['DE89 3704 0044 0532 0130 00', 'GB82 WEST 1234 5698 7654 32', 'NL91ABNA0417164300'];
  const cards = ['4111 1111 1111 1111', '5555 5555 5555 4444', '3782 822463 10005'];
  const ips = ['192.168.0.1', '10.0.0.7', '2001:db8::1', '203.0.113.9', '::ffff:192.0.2.128'];

  it('returns one finding per flagged column, in column order, with the suggested treatment', () => {
    const findings = detect({
      order_id: ['1001', '1002', '1003', '1004', '1005'],
      email: emails,
      amount: ['12.50', '8.00', '99.99', '5.00', '1.00'],
      phone: phones,
      first_name: ['Anna', 'Bob', 'Carla', 'Dan', 'Eve'],
      street: ['Hauptstr. 1', '12 Main St', 'Rue de Rivoli 3', 'Calle Mayor 5', 'Via Roma 7'],
      iban: ibans,
      card: cards,
      ip: ips
    });
    expect(findings.map(({ column, kind, suggested }) => [column, kind, suggested])).toEqual([
      ['email', 'email', 'pseudonymise'],
      ['phone', 'phone', 'pseudonymise'],
      ['first_name', 'name', 'drop'],
      ['street', 'address', 'drop'],
      ['iban', 'iban', 'drop'],
      ['card', 'card', 'drop'],
      ['ip', 'ip', 'pseudonymise']
    ]);
    expect(new Set(findings.map((finding) => finding.kind))).toEqual(new Set(PERSONAL_DATA_KINDS));
  });

  it('reports the column by its safe name, matched on its label', () => {
    const findings = detectPersonalData(
      [
        { name: 'E_Mail_Adresse', label: 'E-Mail-Adresse' },
        { name: 'column_2', label: '' }
      ],
      emails.map((email) => [email, 'x'])
    );
    expect(findings).toEqual([
      {
        column: 'E_Mail_Adresse',
        kind: 'email',
        evidence: 'header-and-values',
        matchShare: 1,
        suggested: 'pseudonymise'
      }
    ]);
  });

  it('says what gave a column away', () => {
    expect(only('email', emails)).toMatchObject({ evidence: 'header-and-values', matchShare: 1 });
    expect(only('contact', emails)).toMatchObject({ kind: 'email', evidence: 'values', matchShare: 1 });
    expect(only('email', [])).toMatchObject({ kind: 'email', evidence: 'header', matchShare: null });
    expect(only('Nachname', ['Müller', 'Schmidt'])).toMatchObject({ evidence: 'header', matchShare: null });
    expect(only('Anschrift', [])).toMatchObject({ kind: 'address', evidence: 'header', matchShare: null });
  });

  it('flags on values alone from 60% of the non-empty values', () => {
    const atThreshold = [...emails, emails[0], ...repeat(['unknown'], 4)];
    expect(6 / 10).toBeGreaterThanOrEqual(VALUE_SHARE);
    expect(only('contact', atThreshold)).toMatchObject({ kind: 'email', matchShare: 0.6 });
    expect(only('contact', [...emails, ...repeat(['unknown'], 5)])).toBeUndefined();
    // Empty values and missing markers do not count against the share.
    expect(only('contact', [...emails, '', 'N/A', 'NULL', ' ', '-'])).toMatchObject({ matchShare: 1 });
  });

  it('lets a header be confirmed by a smaller share of the values', () => {
    const values = [...emails.slice(0, 3), ...repeat(['unknown'], 7)];
    expect(3 / 10).toBeGreaterThanOrEqual(HEADER_VALUE_SHARE);
    expect(only('email', values)).toMatchObject({ evidence: 'header-and-values', matchShare: 0.3 });
    expect(only('contact', values)).toBeUndefined();
  });

  it('needs a header for small samples, except checksummed IBANs and cards', () => {
    const few = emails.slice(0, MIN_VALUES_WITHOUT_HEADER - 1);
    expect(only('contact', few)).toBeUndefined();
    expect(only('email', few)).toMatchObject({ kind: 'email' });
    expect(only('notes', phones.slice(0, 2))).toBeUndefined();
    expect(only('reference', ['DE89 3704 0044 0532 0130 00'])).toMatchObject({
      kind: 'iban',
      evidence: 'values'
    });
    expect(only('reference', ['4111 1111 1111 1111'])).toMatchObject({ kind: 'card', evidence: 'values' });
    // A lone long integer passes Luhn one time in ten: in a small sample a card must be written in groups.
    expect(only('reference', ['4111111111111111'])).toBeUndefined();
    expect(only('card number', ['4111111111111111'])).toMatchObject({ kind: 'card' });
    // In a small sample every value must pass.
    expect(only('reference', ['DE89 3704 0044 0532 0130 00', 'abc'])).toBeUndefined();
  });

  it('lets the values of a flag or count column veto its header', () => {
    expect(only('email', ['yes', 'no', 'yes', 'yes', 'no', 'no'])).toBeUndefined();
    expect(only('phone', ['true', 'false', 'true', 'true', 'false'])).toBeUndefined();
    expect(only('mobile', ['1', '0', '1', '1', '0', '1'])).toBeUndefined();
    expect(only('Email Opt-In', ['yes', 'no', 'yes', 'yes', 'no'])).toBeUndefined();
    expect(only('email_opt_in', [])).toBeUndefined();
    expect(only('phone_verified', ['true', 'false', 'true', 'true', 'false'])).toBeUndefined();
    expect(only('email_count', ['0', '3', '12', '1', '5', '2'])).toBeUndefined();
    expect(only('has_phone', ['1', '0', '0', '1', '1', '1'])).toBeUndefined();
    expect(
      only('email_domain', ['gmail.com', 'web.de', 'example.org', 'gmx.net', 'yahoo.fr'])
    ).toBeUndefined();
    expect(only('ip_country', ['DE', 'FR', 'US', 'GB', 'ES'])).toBeUndefined();
  });

  it('still flags a flag-named column whose values are the real thing', () => {
    expect(only('verified_email', emails)).toMatchObject({ kind: 'email', evidence: 'values' });
  });

  it('accepts plain digits as phone numbers only under a phone header', () => {
    const digits = ['4930123456', '4420794609', '4915112345678', '3361234567', '4930765432'];
    expect(only('phone', digits)).toMatchObject({
      kind: 'phone',
      evidence: 'header-and-values',
      matchShare: 1
    });
    expect(only('customer_ref', digits)).toBeUndefined();
  });

  it('prefers what the values are over a misleading header', () => {
    expect(only('Address', emails)).toMatchObject({ kind: 'email', evidence: 'values' });
    expect(only('phone', emails)).toMatchObject({ kind: 'email', evidence: 'values' });
    expect(only('Adresse', ips)).toMatchObject({ kind: 'ip', evidence: 'values' });
  });

  it('does not flag a name or address header whose values are numbers, dates or booleans', () => {
    expect(only('street_number', ['12', '3', '145', '7', '22'])).toBeUndefined();
    expect(only('customer name', ['1001', '1002', '1003', '1004', '1005'])).toBeUndefined();
    expect(
      only('last name', ['2024-03-05', '2024-03-06', '2024-03-07', '2024-03-08', '2024-03-09'])
    ).toBeUndefined();
    expect(only('address', ['true', 'false', 'true', 'true', 'false'])).toBeUndefined();
    expect(only('Address Line 1', ['12 Main St', '3 Elm Rd', '7', '9', 'PO Box 5'])).toMatchObject({
      kind: 'address'
    });
  });

  it('flags a bare Name column only when its values look like people', () => {
    const people = ['Anna Müller', "Sean O'Brien", 'Jean-Luc Picard', 'Müller, Anna', '山田 太郎'];
    expect(only('Name', people)).toMatchObject({ kind: 'name', evidence: 'header' });
    const products = ['Mug 350ml', 'T-Shirt (L)', 'USB-C Cable 2m', 'Gift Card €50', 'Poster 50x70'];
    expect(only('Name', products)).toBeUndefined();
    expect(only('product_name', people)).toBeUndefined();
    expect(only('Name', [])).toMatchObject({ kind: 'name' });
    // Single letters are codes or placeholders.
    expect(only('Name', ['a', 'b', 'X', 'y', 'z'])).toBeUndefined();
    expect(only('Name', ['Li', 'Bo', 'Ann', 'Eve', 'Al'])).toMatchObject({ kind: 'name' });
  });

  it('never flags amounts, dates, integers, ids or product codes', () => {
    const rng = seededRandom(7);
    const size = 200;
    const integers = Array.from({ length: size }, () => String(Math.floor(rng() * 1e9)));
    const longIds = Array.from({ length: size }, () => String(Math.floor(1e15 + rng() * 9e15)));
    const table = {
      InvoiceNo: Array.from({ length: size }, (_, i) => String(536365 + i)),
      StockCode: repeat(['85123A', '71053', '84406B', '84029G', '22752'], size / 5),
      Description: repeat(['WHITE HANGING HEART T-LIGHT HOLDER', 'WHITE METAL LANTERN'], size / 2),
      Quantity: Array.from({ length: size }, () => String(Math.floor(rng() * 24) + 1)),
      InvoiceDate: Array.from({ length: size }, (_, i) => `12/${(i % 28) + 1}/2010 8:26`),
      UnitPrice: Array.from({ length: size }, () => (rng() * 100).toFixed(2)),
      CustomerID: Array.from({ length: size }, () => `${Math.floor(12000 + rng() * 6000)}.0`),
      Country: repeat(['United Kingdom', 'France', 'Germany', 'EIRE'], size / 4),
      amount_fr: Array.from(
        { length: size },
        () => `${Math.floor(rng() * 9) + 1} ${Math.floor(rng() * 900) + 100} 500,00`
      ),
      amount_de: Array.from(
        { length: size },
        () => `${Math.floor(rng() * 900) + 100}.${Math.floor(rng() * 900) + 100}.000`
      ),
      created: Array.from(
        { length: size },
        (_, i) => `2024-${String((i % 12) + 1).padStart(2, '0')}-15T10:00:00Z`
      ),
      big_integer: integers,
      transaction_id: longIds,
      version: repeat(['1.2.3.4', '10.0.19041.1', '2.0.1'], Math.ceil(size / 3)).slice(0, size),
      ratio: Array.from({ length: size }, () => rng().toFixed(8)),
      postal_code: repeat(['10115', '75001', 'SW1A 1AA', '12345-6789'], size / 4),
      city: repeat(['Berlin', 'Paris', 'London'], Math.ceil(size / 3)).slice(0, size),
      is_active: repeat(['true', 'false'], size / 2)
    };
    expect(detect(table)).toEqual([]);
  });

  it('does not mistake random 16-digit ids for cards', () => {
    const rng = seededRandom(11);
    for (let run = 0; run < 20; run++) {
      const ids = Array.from({ length: 30 }, () => String(Math.floor(1e15 + rng() * 9e15)));
      expect(only('reference', ids)).toBeUndefined();
    }
  });

  it('reads every row of a ragged sample without failing', () => {
    const findings = detectPersonalData(
      [
        { name: 'id', label: 'id' },
        { name: 'email', label: 'email' }
      ],
      [['1'], ['2', 'anna@example.com'], [], ['4', 'bob@example.com', 'extra']]
    );
    expect(findings).toEqual([
      {
        column: 'email',
        kind: 'email',
        evidence: 'header-and-values',
        matchShare: 1,
        suggested: 'pseudonymise'
      }
    ]);
  });

  it('judges a large sample quickly from an even subset', () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => [`user${i}@example.com`, String(i), `${i}.50`]);
    const started = performance.now();
    const findings = detectPersonalData(
      [
        { name: 'a', label: 'a' },
        { name: 'b', label: 'b' },
        { name: 'c', label: 'c' }
      ],
      rows
    );
    console.info(
      `detectPersonalData: 12,000 rows x 3 columns in ${(performance.now() - started).toFixed(1)} ms`
    );
    expect(findings).toEqual([
      { column: 'a', kind: 'email', evidence: 'values', matchShare: 1, suggested: 'pseudonymise' }
    ]);
  });
});
