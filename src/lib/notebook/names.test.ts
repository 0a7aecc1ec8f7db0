import { describe, expect, it } from 'vitest';
import { cellIdProblem, isSqlKeyword, nameProblem, toNameKey } from './names';

describe('names', () => {
  it.each([
    ['revenue', null],
    ['_x1', null],
    ['Revenue_2024', null],
    ['', /empty/],
    ['1st', /not a plain name/],
    ['two words', /not a plain name/],
    ['umsätze', /not a plain name/],
    ['order', /SQL keyword/],
    ['SELECT', /SQL keyword/],
    ['sqlite_stat1', /reserved by SQLite/],
    ['SQLITE_x', /reserved by SQLite/],
    ['x'.repeat(65), /at most 64/]
  ])('name %j', (name, problem) => {
    const found = nameProblem(name);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });

  it.each([
    ['c1', null],
    ['revenue-chart', null],
    ['', /empty/],
    ['a b', /not a valid cell id/],
    ['x'.repeat(65), /at most 64/]
  ])('cell id %j', (id, problem) => {
    const found = cellIdProblem(id);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });

  it('folds ASCII case only, as SQLite does', () => {
    expect(toNameKey('Revenue_ÄÖ')).toBe('revenue_ÄÖ');
    expect(toNameKey('İI')).toBe('İi');
  });

  it('knows keywords without locale surprises', () => {
    expect(isSqlKeyword('where')).toBe(true);
    // Turkish dotless ı upper-cases to I with toUpperCase(): "ıf" is not the keyword IF to SQLite.
    expect(isSqlKeyword('ıf')).toBe(false);
  });
});
