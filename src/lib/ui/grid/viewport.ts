/**
 * Which rows and columns of a large grid are in the DOM. Rows have one fixed height, so the window is plain
 * arithmetic on the scroll offset; columns have precomputed widths, so the window is a binary search over
 * their left edges. Overscan keeps a few rows and columns beyond each edge rendered, so a fast scroll does not
 * show blank space before the next frame draws.
 */

/** A half-open range `[start, end)` of rows or columns. */
export interface Span {
  start: number;
  end: number;
}

export interface RowWindowInput {
  /**
   * Pixels of rows scrolled out above the viewport. With a sticky header inside the scroll container this is
   * the container's `scrollTop` itself: the header takes the same height at the top of the content and of the
   * viewport.
   */
  scrollTop: number;
  /** Height in which rows are visible: the container's client height less the sticky header. */
  viewportHeight: number;
  rowHeight: number;
  rowCount: number;
  /** Extra rows rendered above and below the visible ones. */
  overscan: number;
}

/** The rows to render for a scroll position, with overscan, clamped to the rows there are. */
export function toRowWindow({
  scrollTop,
  viewportHeight,
  rowHeight,
  rowCount,
  overscan
}: RowWindowInput): Span {
  if (rowCount <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop);
  const firstVisible = Math.min(rowCount - 1, Math.floor(top / rowHeight));
  const lastVisible = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight);
  return {
    start: Math.max(0, firstVisible - overscan),
    end: Math.min(rowCount, Math.max(firstVisible + 1, lastVisible) + overscan)
  };
}

/** Left edge of every column and, last, the total width: `edges[c]` to `edges[c + 1]` is column `c`. */
export function toColumnEdges(widths: readonly number[]): Float64Array {
  const edges = new Float64Array(widths.length + 1);
  for (let c = 0; c < widths.length; c++) edges[c + 1] = edges[c] + widths[c];
  return edges;
}

/** The columns to render for a horizontal scroll position, with overscan. */
export function toColumnWindow(
  edges: Float64Array,
  scrollLeft: number,
  viewportWidth: number,
  overscan: number
): Span {
  const count = edges.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  const left = Math.max(0, scrollLeft);
  const firstVisible = Math.min(count - 1, lastEdgeAtOrBefore(edges, left));
  let lastVisible = firstVisible;
  const right = left + Math.max(0, viewportWidth);
  while (lastVisible < count - 1 && edges[lastVisible + 1] < right) lastVisible++;
  return { start: Math.max(0, firstVisible - overscan), end: Math.min(count, lastVisible + 1 + overscan) };
}

/** The largest `c` with `edges[c] <= x` (edges ascend from 0). */
function lastEdgeAtOrBefore(edges: Float64Array, x: number): number {
  let low = 0;
  let high = edges.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (edges[middle] <= x) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * The scroll offset that brings `[itemStart, itemEnd)` fully into `[scrollStart, scrollStart + size)`, moving as
 * little as possible; the current offset when it is already in view. Used for rows (vertical) and columns
 * (horizontal) when the active cell moves by keyboard. An item larger than the viewport is aligned to its start.
 */
export function toRevealOffset(
  scrollStart: number,
  size: number,
  itemStart: number,
  itemEnd: number
): number {
  if (itemStart < scrollStart || itemEnd - itemStart > size) return itemStart;
  if (itemEnd > scrollStart + size) return itemEnd - size;
  return scrollStart;
}
