import { describe, expect, it } from 'vitest';
import { toColumnEdges, toColumnWindow, toRevealOffset, toRowWindow } from './viewport';

const rows = (scrollTop: number, rowCount: number, viewportHeight = 280, overscan = 5) =>
  toRowWindow({ scrollTop, viewportHeight, rowHeight: 28, rowCount, overscan });

describe('toRowWindow', () => {
  it('renders the visible rows and the overscan below at the top', () => {
    // 280px / 28px = rows 0..9 visible; 5 more below.
    expect(rows(0, 1000)).toEqual({ start: 0, end: 15 });
  });

  it('adds overscan on both sides in the middle, counting partly visible rows', () => {
    // scrollTop 1000: row 35 (980..1008) is partly visible at the top; the bottom edge 1280 falls in row 45.
    expect(rows(1000, 1000)).toEqual({ start: 30, end: 51 });
  });

  it('clamps at the end', () => {
    // The last full scroll position: 1000 rows * 28 - 280 = 27720 shows rows 990..999.
    expect(rows(27_720, 1000)).toEqual({ start: 985, end: 1000 });
    // Overscrolled (elastic scrolling) past the end still renders the last rows.
    expect(rows(50_000, 1000)).toEqual({ start: 994, end: 1000 });
  });

  it('clamps a negative scroll (elastic scrolling above the top) to the top', () => {
    expect(rows(-120, 1000)).toEqual({ start: 0, end: 15 });
  });

  it('renders nothing for no rows, everything for fewer rows than fit', () => {
    expect(rows(0, 0)).toEqual({ start: 0, end: 0 });
    expect(rows(0, 3)).toEqual({ start: 0, end: 3 });
  });

  it('keeps the window small with 100,000 rows', () => {
    // scrollTop 1,400,000 = row 50,000 exactly at the top.
    expect(rows(1_400_000, 100_000)).toEqual({ start: 49_995, end: 50_015 });
    expect(rows(100_000 * 28 - 280, 100_000)).toEqual({ start: 99_985, end: 100_000 });
  });

  it('renders at least one row when the viewport has no height yet', () => {
    expect(rows(56, 10, 0, 0)).toEqual({ start: 2, end: 3 });
  });
});

describe('toColumnWindow', () => {
  const edges = toColumnEdges([100, 50, 200, 80, 120]); // 0 100 150 350 430 550

  it('computes the left edges and total width', () => {
    expect(Array.from(edges)).toEqual([0, 100, 150, 350, 430, 550]);
  });

  it('finds the columns crossing the viewport, then adds overscan', () => {
    expect(toColumnWindow(edges, 0, 120, 0)).toEqual({ start: 0, end: 2 });
    expect(toColumnWindow(edges, 120, 100, 0)).toEqual({ start: 1, end: 3 });
    expect(toColumnWindow(edges, 120, 100, 1)).toEqual({ start: 0, end: 4 });
  });

  it('treats an edge exactly at the viewport boundary as the next column', () => {
    // [100, 350): column 1 starts at 100, column 3 starts at 350 and is not visible.
    expect(toColumnWindow(edges, 100, 250, 0)).toEqual({ start: 1, end: 3 });
  });

  it('clamps at the right end and for no columns', () => {
    expect(toColumnWindow(edges, 500, 400, 2)).toEqual({ start: 2, end: 5 });
    expect(toColumnWindow(toColumnEdges([]), 0, 400, 2)).toEqual({ start: 0, end: 0 });
  });

  it('stays narrow with 500 columns', () => {
    const wide = toColumnEdges(Array.from({ length: 500 }, () => 100));
    expect(toColumnWindow(wide, 25_050, 1000, 2)).toEqual({ start: 248, end: 263 });
  });
});

describe('toRevealOffset', () => {
  it('keeps the offset when the item is in view', () => {
    expect(toRevealOffset(100, 200, 150, 178)).toBe(100);
  });

  it('scrolls up to an item above and down to an item below, by as little as possible', () => {
    expect(toRevealOffset(100, 200, 56, 84)).toBe(56);
    expect(toRevealOffset(100, 200, 290, 318)).toBe(118);
  });

  it('aligns an item larger than the viewport to its start', () => {
    expect(toRevealOffset(0, 100, 50, 400)).toBe(50);
  });
});
