import { describe, expect, it } from 'vitest';
import { guessHasHeader, sniffDialect } from './dialect';

describe('sniffDialect', () => {
  it.each([
    ['comma', 'id,name,city\n1,Ana,Berlin\n2,Björn,Hamburg\n', ','],
    ['semicolon with decimal commas (German Excel)', 'Name;Betrag\nMüller;1.234,50\nSchmidt;99,00\n', ';'],
    [
      'semicolon with decimal commas in every column but the header',
      'Artikel;Preis;Rabatt\nA;1,50;0,1\nB;2,50;0,2\nC;3,50;0,3\n',
      ';'
    ],
    ['tab', 'a\tb c\n1\tx, y\n2\tz; w\n', '\t'],
    ['pipe', 'sku|qty|note\nA|1|x, y\nB|2|z; w\n', '|'],
    ['a delimiter only inside quotes does not count', 'a;b\n"1,5";2\n"2,5";3\n', ';'],
    ['the first candidate on a tie', 'a;b,c\n1;2,5\n3;4,5\n', ','],
    ['a single column: comma', 'name\nAna\nBjörn\n', ','],
    ['a single column of quoted decimal commas', 'x\n"1,5"\n"2,25"\n', ','],
    [
      'the delimiter that splits the header when a short row breaks consistency',
      'name;amount\n' + 'x;1\n'.repeat(8) + 'short\n' + 'y;2\n'.repeat(100),
      ';'
    ],
    [
      'more columns win over commas that only split decimals (within 5 %)',
      'x;1,5;2\n'.repeat(30) + 'ragged;1,5\n',
      ';'
    ],
    ['quoted semicolon export', '"Name";"Betrag"\n"Müller";"1.234,50"\n', ';'],
    ['a header only', 'a|b|c\n', '|']
  ])('%s', (_, text, delimiter) => {
    expect(sniffDialect(text).delimiter).toBe(delimiter);
  });

  it.each([
    ['double quotes by default', 'a,b\n1,2\n', '"', '"'],
    ['single quotes when fields are wrapped in them', "'a','b'\n'x, y','z'\n'p','q'\n", "'", "'"],
    ['double quotes when apostrophes are only text', "name,note\nO'Brien,it's\n'Tis,ok\n", '"', '"'],
    ['backslash escapes when they fit better', 'a,b\n"say \\"hi\\", ok",2\n"x",3\n', '"', '\\'],
    ['doubled quotes when backslashes are only text', 'a,b\n"C:\\temp\\",2\n"x",3\n', '"', '"']
  ])('quote and escape: %s', (_, text, quote, escape) => {
    const dialect = sniffDialect(text);
    expect([dialect.quote, dialect.escape]).toEqual([quote, escape]);
  });

  it.each([
    ['LF', 'a,b\n1,2\r\n', '\n'],
    ['CRLF', 'a,b\r\n1,2\n', '\r\n'],
    ['CR', 'a,b\r1,2\r', '\r'],
    ['the first one outside quotes', 'a,"x\ny"\r\n1,2\r\n', '\r\n'],
    ['none: LF', 'a,b', '\n']
  ])('line break: %s', (_, text, linebreak) => {
    expect(sniffDialect(text).linebreak).toBe(linebreak);
  });

  it('ignores a BOM and looks at whole lines of the first 64 KiB only', () => {
    const text = '\uFEFFa;b\n' + 'x;y\n'.repeat(20_000) + 'p,q,r,s\n'.repeat(20_000);
    expect(sniffDialect(text)).toEqual({
      delimiter: ';',
      quote: '"',
      escape: '"',
      linebreak: '\n',
      hasHeader: true
    });
  });

  it('keeps what the user chose and guesses the rest around it', () => {
    const text = 'a;b,c\n1;2,3\n';
    expect(sniffDialect(text, { delimiter: ';' }).delimiter).toBe(';');
    expect(sniffDialect(text, { hasHeader: false }).hasHeader).toBe(false);
    expect(sniffDialect('"a","b"\n"1","2"\n', { quote: '' })).toMatchObject({ quote: '', delimiter: ',' });
    expect(sniffDialect('x\n1\n', { delimiter: '|' }).delimiter).toBe('|');
  });

  it('gives the default dialect for an empty text', () => {
    expect(sniffDialect('')).toEqual({
      delimiter: ',',
      quote: '"',
      escape: '"',
      linebreak: '\n',
      hasHeader: true
    });
  });
});

describe('guessHasHeader', () => {
  const rows = (text: string) => text.split('\n').map((line) => line.split(','));

  it.each([
    ['names over numbers', 'name,age\nAna,31\nBob,40', true],
    ['names over dates and booleans', 'day,active\n2024-01-02,true\n03.01.2024,false', true],
    ['names over currencies and percentages', 'item,price,share\nA,1.50 €,12%\nB,$2.00,(3.5%)', true],
    ['text over codes of one length', 'country,name\nDE,Germany\nFR,France', true],
    ['all text, nothing to tell: a header', 'first,last\nAna,Lopez\nBob,Smith', true],
    ['a single record', 'a,b', true],
    ['numbers only: data', '1,20.5\n2,21.0\n3,19.8', false],
    ['dates and numbers only: data', '2024-01-01,5\n2024-01-02,6', false],
    ['a text row whose numbers continue below: data', 'Ana,31\nBob,40\nCy,22', false],
    ['a value that repeats below: data', 'DE,x\nFR,y\nDE,z', false],
    ['years over amounts (a pivot table): a header', 'region,2023,2024\nEU,100,200\nUS,150,250', true],
    ['a year column without header: data', '2023,EU\n2024,US\n2025,EU', false],
    ['empty header cells do not vote', ',amount\n,12\n,13', true]
  ])('%s', (_, text, expected) => {
    expect(guessHasHeader(rows(text))).toBe(expected);
  });

  it('is what sniffDialect reports', () => {
    expect(sniffDialect('1,2\n3,4\n').hasHeader).toBe(false);
    expect(sniffDialect('a,b\n3,4\n').hasHeader).toBe(true);
  });
});
