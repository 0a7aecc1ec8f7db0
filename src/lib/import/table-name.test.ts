import { describe, expect, it } from 'vitest';
import { toTableName } from './table-name';

describe('toTableName', () => {
  it.each([
    ['people.csv', 'people'],
    ['Orders 2024.CSV', 'Orders_2024'],
    ['/home/me/exports/customers.tsv', 'customers'],
    ['C:\\Users\\me\\Desktop\\notes.txt', 'notes'],
    ['archive/data.csv.gz', 'data'],
    ['report.2024-01.csv', 'report_2024_01'],
    ['no-extension', 'no_extension'],
    ['book.xlsx', 'book_xlsx'],
    ['2024-sales.csv', 't_2024_sales'],
    ['٣_arabic_digit.csv', 't_٣_arabic_digit'],
    ['sqlite_master.csv', 't_sqlite_master'],
    ['SQLite_Stat1.csv', 't_SQLite_Stat1'],
    ['sqlitefoo.csv', 'sqlitefoo'],
    ['.csv', 'table'],
    ['---.csv', 'table'],
    ['', 'table'],
    ['__a__.csv', 'a'],
    ['顧客リスト.csv', '顧客リスト'],
    ['Straße.csv', 'Straße'],
    ['naïve (copy).csv', 'naïve_copy'],
    ['Mu\u0308ller.csv', 'Müller'],
    ['📈 sales 📈.csv', 'sales'],
    ['a"; DROP TABLE x; --.csv', 'a_DROP_TABLE_x'],
    ['tab\tnew\nline\0nul.csv', 'tab_new_line_nul'],
    ['select.csv', 'select'],
    ['x'.repeat(100) + '.csv', 'x'.repeat(64)],
    ['😎'.repeat(3) + 'é'.repeat(100) + '.csv', 'é'.repeat(64)],
    ['a'.repeat(63) + ' b.csv', 'a'.repeat(63)]
  ])('%j -> %j', (fileName, table) => {
    expect(toTableName(fileName, [])).toBe(table);
  });

  it.each([
    ['orders.csv', ['Orders'], 'orders_2'],
    ['orders.csv', ['orders', 'ORDERS_2'], 'orders_3'],
    ['orders.csv', ['orders_2'], 'orders'],
    ['straße.csv', ['STRASSE'], 'straße'],
    ['ä.csv', ['Ä'], 'ä'],
    ['i.csv', ['I'], 'i_2'],
    ['i.csv', ['İ'], 'i'],
    ['x'.repeat(80) + '.csv', ['x'.repeat(64)], 'x'.repeat(62) + '_2']
  ])('%j with existing %j -> %j', (fileName, existing, table) => {
    expect(toTableName(fileName, existing)).toBe(table);
  });

  it('accepts any iterable of existing names, read once', () => {
    function* existing() {
      yield 'people';
      yield 'people_2';
    }
    expect(toTableName('people.csv', existing())).toBe('people_3');
    expect(toTableName('people.csv', new Set(['PEOPLE']))).toBe('people_2');
  });
});
