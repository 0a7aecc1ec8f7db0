/**
 * The grid's active cell and rectangular selection, as pure data. Rows are display positions (after sorting),
 * so a selection is always a rectangle on screen; `clipboard.ts` maps them back to result rows.
 */

export interface CellPosition {
  /** Display position of the row, 0 = first row under the header. */
  row: number;
  column: number;
}

/** An inclusive rectangle of cells. */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * `anchor` is where the selection started (click, or the cell before Shift was held), `focus` the active cell
 * that moves. `wholeColumns` is set by Ctrl+A and Ctrl+Space: such a selection is copied with its header row.
 */
export interface Selection {
  anchor: CellPosition;
  focus: CellPosition;
  wholeColumns: boolean;
}

export interface GridBounds {
  rowCount: number;
  columnCount: number;
  /** Rows moved by PageUp/PageDown: about one viewport. */
  pageRows: number;
}

export type Movement =
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'pageUp'
  | 'pageDown'
  | 'rowStart'
  | 'rowEnd'
  | 'firstRow'
  | 'lastRow'
  | 'gridStart'
  | 'gridEnd';

export function toRange({ anchor, focus }: Selection): CellRange {
  return {
    top: Math.min(anchor.row, focus.row),
    left: Math.min(anchor.column, focus.column),
    bottom: Math.max(anchor.row, focus.row),
    right: Math.max(anchor.column, focus.column)
  };
}

export function isInRange(range: CellRange | null, row: number, column: number): boolean {
  return (
    range !== null && row >= range.top && row <= range.bottom && column >= range.left && column <= range.right
  );
}

/** A single active cell, or the rectangle from the current anchor to it when `extend` (Shift) is held. */
export function selectCell(current: Selection | null, cell: CellPosition, extend: boolean): Selection {
  if (extend && current !== null) return { anchor: current.anchor, focus: cell, wholeColumns: false };
  return { anchor: cell, focus: cell, wholeColumns: false };
}

/** Every cell, copied with the header; `null` when there are no cells (no rows or no columns). */
export function selectAll({ rowCount, columnCount }: GridBounds): Selection | null {
  if (rowCount === 0 || columnCount === 0) return null;
  return {
    anchor: { row: 0, column: 0 },
    focus: { row: rowCount - 1, column: columnCount - 1 },
    wholeColumns: true
  };
}

/** The columns the selection touches, top to bottom (Ctrl+Space, as in spreadsheets); the active cell stays. */
export function selectColumns(current: Selection, { rowCount }: GridBounds): Selection {
  const { left, right } = toRange(current);
  const focusIsLeft = current.focus.column === left;
  return {
    anchor: { row: 0, column: focusIsLeft ? right : left },
    focus: { row: rowCount - 1, column: current.focus.column },
    wholeColumns: true
  };
}

/**
 * The movement a key asks for, or `null` for other keys. Spreadsheet conventions: Home/End go to the row's
 * first/last cell, Ctrl+Home/End to the grid's first/last cell, Ctrl+arrows (Cmd+arrows on macOS) to the edge
 * in that direction.
 */
export function toMovement(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey'>): Movement | null {
  const jump = event.ctrlKey || event.metaKey;
  switch (event.key) {
    case 'ArrowUp':
      return jump ? 'firstRow' : 'up';
    case 'ArrowDown':
      return jump ? 'lastRow' : 'down';
    case 'ArrowLeft':
      return jump ? 'rowStart' : 'left';
    case 'ArrowRight':
      return jump ? 'rowEnd' : 'right';
    case 'PageUp':
      return 'pageUp';
    case 'PageDown':
      return 'pageDown';
    case 'Home':
      return jump ? 'gridStart' : 'rowStart';
    case 'End':
      return jump ? 'gridEnd' : 'rowEnd';
    default:
      return null;
  }
}

/** Where a movement takes a cell, kept inside the grid. */
export function moveCell(cell: CellPosition, movement: Movement, bounds: GridBounds): CellPosition {
  const lastRow = bounds.rowCount - 1;
  const lastColumn = bounds.columnCount - 1;
  const page = Math.max(1, bounds.pageRows);
  const clampRow = (row: number) => Math.max(0, Math.min(lastRow, row));
  const clampColumn = (column: number) => Math.max(0, Math.min(lastColumn, column));
  const { row, column } = cell;
  switch (movement) {
    case 'up':
      return { row: clampRow(row - 1), column };
    case 'down':
      return { row: clampRow(row + 1), column };
    case 'left':
      return { row, column: clampColumn(column - 1) };
    case 'right':
      return { row, column: clampColumn(column + 1) };
    case 'pageUp':
      return { row: clampRow(row - page), column };
    case 'pageDown':
      return { row: clampRow(row + page), column };
    case 'rowStart':
      return { row, column: 0 };
    case 'rowEnd':
      return { row, column: lastColumn };
    case 'firstRow':
      return { row: 0, column };
    case 'lastRow':
      return { row: lastRow, column };
    case 'gridStart':
      return { row: 0, column: 0 };
    case 'gridEnd':
      return { row: lastRow, column: lastColumn };
  }
}

/** Single steps that, with no active cell yet, only make the first cell active instead of skipping it. */
const steps: ReadonlySet<Movement> = new Set(['up', 'down', 'left', 'right']);

/**
 * The selection after a movement key: the active cell moves; with Shift the anchor stays and the rectangle
 * grows or shrinks. With no active cell yet, an arrow key activates the first cell and the other keys move from
 * there (Ctrl+End goes to the last cell). `null` when the grid has no cells.
 */
export function applyMovement(
  current: Selection | null,
  movement: Movement,
  extend: boolean,
  bounds: GridBounds
): Selection | null {
  if (bounds.rowCount === 0 || bounds.columnCount === 0) return null;
  const first = { row: 0, column: 0 };
  if (current === null) {
    const anchor = selectCell(null, first, false);
    return steps.has(movement) ? anchor : selectCell(anchor, moveCell(first, movement, bounds), extend);
  }
  return selectCell(current, moveCell(current.focus, movement, bounds), extend);
}
