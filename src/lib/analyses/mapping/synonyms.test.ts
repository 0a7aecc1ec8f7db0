import { describe, expect, it } from 'vitest';
import { MODEL } from '../model';
import {
  COLUMN_SYNONYMS,
  RELATED_COLUMNS,
  SYNONYMS_BY_LANGUAGE,
  foldHeader,
  matchHeader,
  matchTableName
} from './synonyms';

describe('foldHeader', () => {
  it.each([
    ['InvoiceNo', 'invoice no'],
    ['CustomerID', 'customer id'],
    ['customerId', 'customer id'],
    ['IDNumber', 'id number'],
    ['customer_id', 'customer id'],
    ['Unit-Price', 'unit price'],
    ['order.date', 'order date'],
    ['  Order   Date ', 'order date'],
    ['Währung', 'wahrung'],
    ['N° de commande', 'n de commande'],
    ["Date d'inscription", 'date d inscription'],
    ['Straße', 'strasse'],
    ['Müşteri', 'musteri'],
    ['Ilość', 'ilosc'],
    ['Beløb', 'belob'],
    ['ＣｕｓｔｏｍｅｒＩＤ', 'customer id'],
    ['顧客ID', '顧客id'],
    ['データ', 'データ'],
    ['고객 번호', '고객 번호']
  ])('%j -> %j', (header, folded) => {
    expect(foldHeader(header)).toBe(folded);
  });
});

describe('matchHeader', () => {
  it.each([
    ['InvoiceNo', 'order_id'],
    ['Invoice No.', 'order_id'],
    ['InvoiceDate', 'order_date'],
    ['CustomerID', 'customer_id'],
    ['Customer_ID', 'customer_id'],
    ['StockCode', 'product_id'],
    ['UnitPrice', 'unit_price'],
    ['Qty', 'quantity'],
    ['Kunde', 'customer_id'],
    ['Kunden-ID', 'customer_id'],
    ['Kundennummer', 'customer_id'],
    ['Bestellnummer', 'order_id'],
    ['Bestelldatum', 'order_date'],
    ['Betrag', 'amount'],
    ['Umsatz', 'amount'],
    ['Währung', 'currency'],
    ['Land', 'country'],
    ['Einzelpreis', 'unit_price'],
    ['Menge', 'quantity'],
    ['N° de commande', 'order_id'],
    ['Date de commande', 'order_date'],
    ['Montant HT', 'amount'],
    ['Devise', 'currency'],
    ['Pays', 'country'],
    ['Quantité', 'quantity'],
    ['Prix unitaire', 'unit_price'],
    ['id_cliente', 'customer_id'],
    ['Importe', 'amount'],
    ['Cantidad', 'quantity'],
    ['País', 'country'],
    ['注文番号', 'order_id'],
    ['顧客ID', 'customer_id'],
    ['注文日', 'order_date'],
    ['金額', 'amount'],
    ['通貨', 'currency'],
    ['国', 'country'],
    ['单价', 'unit_price'],
    ['订单号', 'order_id'],
    ['고객', 'customer_id'],
    ['Signup Date', 'created_at'],
    ['utm_source', 'acquisition_channel'],
    ['event_name', 'event_name'],
    ['Wechselkurs', 'rate']
  ])('%j means %s', (header, column) => {
    expect(matchHeader(header, column)).toMatchObject({ score: 1, exact: true, via: column });
  });

  it.each([
    // A synonym inside a longer header counts, less the more the header says besides it.
    ['Rechnungsdatum des Auftrags', 'order_date', 0.4, 0.85],
    ['Country (billing)', 'country', 0.4, 0.85],
    ['顧客ID番号', 'customer_id', 0.4, 0.85],
    // German compounds contain the synonym as a prefix or suffix.
    ['Kundenummerierung', 'customer_id', 0.3, 0.85],
    // Related columns: a plain country in an orders export is where it shipped; a customer's first order.
    ['Land', 'ship_country', 0.7, 0.7],
    ['InvoiceDate', 'created_at', 0.65, 0.65]
  ])('%j partly means %s', (header, column, min, max) => {
    const match = matchHeader(header, column);
    expect(match?.score).toBeGreaterThanOrEqual(min);
    expect(match?.score).toBeLessThanOrEqual(max);
  });

  it.each([
    ['Customer Name', 'customer_id'],
    ['Customer Email', 'customer_id'],
    ['Order Date', 'order_id']
  ])('%j is not a key, though it contains the word: %s scores low', (header, column) => {
    expect(matchHeader(header, column)?.score ?? 0).toBeLessThan(0.4);
  });

  it.each([
    ['Temperature', 'amount'],
    ['Description', 'product_id'],
    ['Notes', 'customer_id'],
    // Short synonyms (`no`, `to`, `id`) only ever match a whole header.
    ['Notes to self', 'quote_currency'],
    ['Idea', 'customer_id']
  ])('%j does not mean %s', (header, column) => {
    expect(matchHeader(header, column)).toBeNull();
  });
});

describe('the synonym lists', () => {
  const columns = [...new Set(MODEL.flatMap((table) => table.columns.map((column) => column.name)))];

  it.each(columns)(
    '%s has synonyms in English and many other languages (or borrows a related column)',
    (name) => {
      const languages = Object.keys(SYNONYMS_BY_LANGUAGE[name] ?? {});
      expect(languages).toContain('en');
      if (RELATED_COLUMNS[name] === undefined) {
        expect(languages.length).toBeGreaterThanOrEqual(12);
        expect(languages).toEqual(expect.arrayContaining(['de', 'fr', 'es', 'ja', 'zh', 'ko']));
      }
    }
  );

  it.each(MODEL.map((table) => [table.name, table]))(
    'never gives one header to two columns of %s',
    (_name, table) => {
      const owner = new Map<string, string>();
      for (const column of table.columns) {
        for (const synonym of [column.name, ...COLUMN_SYNONYMS[column.name]]) {
          const key = foldHeader(synonym).replaceAll(' ', '');
          expect(owner.get(key) ?? column.name, `${synonym} of ${column.name}`).toBe(column.name);
          owner.set(key, column.name);
        }
      }
    }
  );

  it('holds no empty entries', () => {
    for (const synonyms of Object.values(COLUMN_SYNONYMS)) {
      for (const synonym of synonyms) expect(foldHeader(synonym)).not.toBe('');
    }
  });
});

describe('matchTableName', () => {
  it.each([
    ['orders', 'orders', true],
    ['Bestellungen', 'orders', true],
    ['shop_sales_2024', 'orders', true],
    ['customer_list', 'customers', true],
    ['online_retail', 'orders', false],
    ['weather', 'customers', false]
  ] as const)('%s names %s: %s', (name, target, expected) => {
    expect(matchTableName(name, target)).toBe(expected);
  });
});
