import { describe, expect, it } from 'vitest';
import {
  applyMovement,
  isInRange,
  moveCell,
  selectAll,
  selectCell,
  selectColumns,
  toMovement,
  toRange,
  type GridBounds,
  type Movement
} from './selection';

const bounds: GridBounds = { rowCount: 100, columnCount: 5, pageRows: 10 };

describe('moveCell', () => {
  it.each<[Movement, { row: number; column: number }]>([
    ['up', { row: 49, column: 2 }],
    ['down', { row: 51, column: 2 }],
    ['left', { row: 50, column: 1 }],
    ['right', { row: 50, column: 3 }],
    ['pageUp', { row: 40, column: 2 }],
    ['pageDown', { row: 60, column: 2 }],
    ['rowStart', { row: 50, column: 0 }],
    ['rowEnd', { row: 50, column: 4 }],
    ['firstRow', { row: 0, column: 2 }],
    ['lastRow', { row: 99, column: 2 }],
    ['gridStart', { row: 0, column: 0 }],
    ['gridEnd', { row: 99, column: 4 }]
  ])('%s from row 50, column 2', (movement, expected) => {
    expect(moveCell({ row: 50, column: 2 }, movement, bounds)).toEqual(expected);
  });

  it('stops at the edges', () => {
    expect(moveCell({ row: 0, column: 0 }, 'up', bounds)).toEqual({ row: 0, column: 0 });
    expect(moveCell({ row: 0, column: 0 }, 'left', bounds)).toEqual({ row: 0, column: 0 });
    expect(moveCell({ row: 95, column: 4 }, 'pageDown', bounds)).toEqual({ row: 99, column: 4 });
    expect(moveCell({ row: 99, column: 4 }, 'right', bounds)).toEqual({ row: 99, column: 4 });
  });
});

describe('toMovement', () => {
  it('maps keys with the spreadsheet conventions', () => {
    const key = (k: string, ctrlKey = false, metaKey = false) => toMovement({ key: k, ctrlKey, metaKey });
    expect(key('ArrowDown')).toBe('down');
    expect(key('ArrowDown', true)).toBe('lastRow');
    expect(key('ArrowLeft', false, true)).toBe('rowStart');
    expect(key('Home')).toBe('rowStart');
    expect(key('Home', true)).toBe('gridStart');
    expect(key('End', true)).toBe('gridEnd');
    expect(key('PageDown')).toBe('pageDown');
    expect(key('a')).toBeNull();
  });
});

describe('selection', () => {
  it('starts at the first cell on the first arrow, moves from there on other keys, not at all without cells', () => {
    expect(applyMovement(null, 'down', false, bounds)).toEqual({
      anchor: { row: 0, column: 0 },
      focus: { row: 0, column: 0 },
      wholeColumns: false
    });
    expect(applyMovement(null, 'down', false, { ...bounds, rowCount: 0 })).toBeNull();
    expect(applyMovement(null, 'gridEnd', false, bounds)).toEqual({
      anchor: { row: 99, column: 4 },
      focus: { row: 99, column: 4 },
      wholeColumns: false
    });
    expect(toRange(applyMovement(null, 'pageDown', true, bounds)!)).toEqual({
      top: 0,
      left: 0,
      bottom: 10,
      right: 0
    });
  });

  it('extends from the anchor with Shift and collapses without it', () => {
    let selection = selectCell(null, { row: 5, column: 3 }, false);
    selection = applyMovement(selection, 'up', true, bounds)!;
    selection = applyMovement(selection, 'left', true, bounds)!;
    selection = applyMovement(selection, 'left', true, bounds)!;
    expect(toRange(selection)).toEqual({ top: 4, left: 1, bottom: 5, right: 3 });
    expect(isInRange(toRange(selection), 4, 1)).toBe(true);
    expect(isInRange(toRange(selection), 6, 1)).toBe(false);
    selection = applyMovement(selection, 'down', false, bounds)!;
    expect(toRange(selection)).toEqual({ top: 5, left: 1, bottom: 5, right: 1 });
  });

  it('extends to a Shift-clicked cell from the anchor', () => {
    const start = selectCell(null, { row: 10, column: 4 }, false);
    expect(toRange(selectCell(start, { row: 2, column: 1 }, true))).toEqual({
      top: 2,
      left: 1,
      bottom: 10,
      right: 4
    });
    expect(toRange(selectCell(null, { row: 2, column: 1 }, true))).toEqual({
      top: 2,
      left: 1,
      bottom: 2,
      right: 1
    });
  });

  it('selects everything as whole columns with Ctrl+A', () => {
    const all = selectAll(bounds)!;
    expect(toRange(all)).toEqual({ top: 0, left: 0, bottom: 99, right: 4 });
    expect(all.wholeColumns).toBe(true);
    expect(selectAll({ ...bounds, rowCount: 0 })).toBeNull();
  });

  it('widens a selection to its whole columns with Ctrl+Space, keeping the active column', () => {
    const block = selectCell(selectCell(null, { row: 3, column: 1 }, false), { row: 7, column: 3 }, true);
    const columns = selectColumns(block, bounds);
    expect(toRange(columns)).toEqual({ top: 0, left: 1, bottom: 99, right: 3 });
    expect(columns.focus.column).toBe(3);
    expect(columns.wholeColumns).toBe(true);
  });
});
