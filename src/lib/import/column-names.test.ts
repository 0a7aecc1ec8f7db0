import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { quoteIdentifier } from '../engine/identifiers';
import { toColumnNames } from './column-names';
import { foldAsciiCase } from './sql-name';

const LONG = 'x'.repeat(10_000);
const LONG_EMOJI = '😎'.repeat(10_000);

/** RELIABILITY.md §3.1 items 19-21 and §2.2. */
const HOSTILE_HEADERS = [
  'a"; DROP TABLE x; --',
  '`backticks`',
  '[x]',
  'first\nname',
  'tab\there',
  LONG,
  LONG_EMOJI,
  'nul\0inside',
  '\0',
  'rowid',
  '_ROWID_',
  'Oid',
  'select',
  'order',
  'Email',
  'email',
  'Straße',
  'STRASSE',
  'Ä',
  'ä',
  'I',
  'ı',
  'i',
  'İ',
  '',
  '   ',
  'column_25',
  '"',
  "'",
  '--',
  ';',
  'abc\u202Edef',
  'lone \uD83D surrogate',
  '顧客',
  'اسم العميل'
];

describe('toColumnNames', () => {
  it.each([
    [
      'injection-shaped text is kept: quoting makes it harmless',
      ['a"; DROP TABLE x; --'],
      ['a"; DROP TABLE x; --']
    ],
    ['backticks and brackets are kept', ['`x`', '[x]'], ['`x`', '[x]']],
    ['newline and tab become spaces', ['first\nname', 'a\tb', 'c\r\nd'], ['first name', 'a b', 'c d']],
    [
      'whitespace is collapsed and trimmed',
      ['  spaced \u00A0  out  ', '\u3000全角\u3000'],
      ['spaced out', '全角']
    ],
    ['NUL and other controls are removed', ['a\0b', 'x\u0007y\u007F', 'z\u0085'], ['ab', 'xy', 'z']],
    [
      'bidi overrides and zero-width characters are removed',
      ['abc\u202Edef', 'a\u200Bb\uFEFF'],
      ['abcdef', 'ab']
    ],
    ['a lone surrogate is removed', ['lone \uD83D surrogate'], ['lone surrogate']],
    ['decomposed letters are composed (NFC)', ['Mu\u0308ller'], ['Müller']],
    [
      'empty and blank headers get generated names',
      ['', '  ', 'x', '\0', '\n'],
      ['column_1', 'column_2', 'x', 'column_4', 'column_5']
    ],
    [
      'implicit rowid names get a suffix',
      ['rowid', 'ROWID_x', '_rowid_', 'OID', 'oids'],
      ['rowid_', 'ROWID_x', '_rowid__', 'OID_', 'oids']
    ],
    ['SQL keywords are fine as quoted names', ['select', 'order', 'from'], ['select', 'order', 'from']],
    ['exact duplicates are numbered', ['id', 'id', 'id'], ['id', 'id_2', 'id_3']],
    ['ASCII case duplicates are numbered', ['Email', 'email', 'EMAIL'], ['Email', 'email_2', 'EMAIL_3']],
    [
      'non-ASCII case differences are distinct in SQLite',
      ['Straße', 'STRASSE', 'Ä', 'ä', 'É', 'é'],
      ['Straße', 'STRASSE', 'Ä', 'ä', 'É', 'é']
    ],
    [
      'Turkish dotless and dotted i fold only where SQLite folds',
      ['I', 'ı', 'i', 'İ'],
      ['I', 'ı', 'i_2', 'İ']
    ],
    ['a suffix never takes a name a later header has', ['a', 'a', 'a_2'], ['a', 'a_3', 'a_2']],
    ['a generated name never takes a real header', ['column_2', ''], ['column_2', 'column_2_2']],
    [
      'names that only differ in whitespace are duplicates',
      ['a b', 'a  b', ' a b'],
      ['a b', 'a b_2', 'a b_3']
    ],
    [
      'rowid_ from a header and from a renamed rowid are told apart',
      ['rowid_', 'rowid'],
      ['rowid_', 'rowid__2']
    ],
    ['Unicode names stay readable', ['顧客', 'Straße', 'اسم', '😎'], ['顧客', 'Straße', 'اسم', '😎']]
  ])('%s', (_, headers, names) => {
    expect(toColumnNames(headers).map((c) => c.name)).toEqual(names);
  });

  it('caps names at 64 code points without splitting a surrogate pair', () => {
    const [long, emoji] = toColumnNames([LONG, LONG_EMOJI]);
    expect(long.name).toBe('x'.repeat(64));
    expect(Array.from(emoji.name)).toEqual(Array(64).fill('😎'));
    expect(emoji.name).toHaveLength(128);
  });

  it('numbers duplicates of capped names within the cap', () => {
    const names = toColumnNames([LONG, LONG, LONG_EMOJI, LONG_EMOJI]).map((c) => c.name);
    expect(names).toEqual(['x'.repeat(64), 'x'.repeat(62) + '_2', '😎'.repeat(64), '😎'.repeat(62) + '_2']);
  });

  it('keeps the trimmed original header as the label', () => {
    expect(toColumnNames(['  Name ', 'first\nname', 'a\0b', '', 'rowid'])).toEqual([
      { name: 'Name', label: 'Name' },
      { name: 'first name', label: 'first\nname' },
      { name: 'ab', label: 'a\0b' },
      { name: 'column_4', label: '' },
      { name: 'rowid_', label: 'rowid' }
    ]);
  });

  it('gives every hostile header a name that is non-empty, short, clean and unique', () => {
    const names = toColumnNames(HOSTILE_HEADERS).map((c) => c.name);
    expect(names).toHaveLength(HOSTILE_HEADERS.length);
    for (const name of names) {
      expect(name).not.toBe('');
      expect(Array.from(name).length).toBeLessThanOrEqual(64);
      expect(name).not.toMatch(/[\p{Cc}\p{Cs}]/u);
      expect(name).toBe(name.trim());
      expect(['rowid', '_rowid_', 'oid']).not.toContain(foldAsciiCase(name));
    }
    expect(new Set(names.map(foldAsciiCase)).size).toBe(names.length);
  });

  it('gives names SQLite accepts in one table, exactly as generated', async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    try {
      const names = toColumnNames(HOSTILE_HEADERS).map((c) => c.name);
      db.run(`CREATE TABLE t (${names.map(quoteIdentifier).join(', ')})`);
      const stored = db
        .exec("SELECT name FROM pragma_table_info('t') ORDER BY cid")[0]
        .values.map(([n]) => n);
      expect(stored).toEqual(names);
      expect(db.exec("SELECT count(*) FROM sqlite_schema WHERE type = 'table'")[0].values).toEqual([[1]]);
      // rowid still means the implicit row id, not a column of the file.
      db.run(`INSERT INTO t (${quoteIdentifier(names[9])}) VALUES ('from the file')`);
      expect(db.exec('SELECT rowid, typeof(rowid) FROM t')[0].values).toEqual([[1, 'integer']]);
    } finally {
      db.close();
    }
  });
});
