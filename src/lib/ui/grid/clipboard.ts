import type { QueryResult, SqlValue } from '../../engine/types';
import { toHexBlob, toPlainNumber } from '../../export/value-text';
import type { CellRange } from './selection';

export interface TsvOptions {
  /** Starts with a line of the selected columns' names. */
  header: boolean;
}

/**
 * Cells as tab-separated text that spreadsheets (Excel, LibreOffice Calc, Google Sheets) paste into cells and
 * text editors show readably. `rowOrder[k]` is the result row shown at display position `k` (`null`: the
 * result's own order); `range` is in display positions, so what is copied is what is on screen.
 *
 * - Lines are separated by `\n`, with none after the last, so a single copied value pastes as just itself.
 * - Values are written in full, independent of the locale, as the CSV export writes them: numbers in plain
 *   notation with every significant digit (`0.1`, `1000000000000000000000`), bigints exactly, ±Infinity as
 *   `Infinity`/`-Infinity`, blobs as `0x` and hex (`0x0aff`). NULL is an empty field (so is the empty text:
 *   TSV cannot tell them apart).
 * - A field holding a tab, a line break or `"` is put in double quotes, quotes inside doubled: the convention
 *   Excel and Calc write when copying such cells and read back when pasting.
 * - Text is copied as it is: a value such as `=1+1` becomes a formula when pasted into a spreadsheet, exactly as
 *   if the user had typed it (unlike the CSV file export, which neutralises formulas).
 *
 * When the header is included is the caller's rule; the grid includes it for whole-column selections (Ctrl+A,
 * Ctrl+Space, the Copy button with nothing selected) and never for a block of cells.
 */
export function toTsv(
  result: Pick<QueryResult, 'columns' | 'rows'>,
  rowOrder: ArrayLike<number> | null,
  range: CellRange,
  options: TsvOptions
): string {
  const lines: string[] = [];
  if (options.header) {
    lines.push(
      result.columns
        .slice(range.left, range.right + 1)
        .map((column) => toTsvField(column.name))
        .join('\t')
    );
  }
  const fields: string[] = [];
  for (let k = range.top; k <= range.bottom; k++) {
    const row = result.rows[rowOrder === null ? k : rowOrder[k]];
    fields.length = 0;
    for (let c = range.left; c <= range.right; c++) fields.push(toTsvField(row[c] ?? null));
    lines.push(fields.join('\t'));
  }
  return lines.join('\n');
}

/** The range of every cell; for a result without rows, its header columns (and no row). */
export function toWholeRange(result: Pick<QueryResult, 'columns' | 'rows'>): CellRange {
  return { top: 0, left: 0, bottom: result.rows.length - 1, right: result.columns.length - 1 };
}

/** One value as a TSV field (see `toTsv`). */
export function toTsvField(value: SqlValue): string {
  return quoteIfNeeded(toPlainText(value));
}

function toPlainText(value: SqlValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return toPlainNumber(value);
  }
  return toHexBlob(value);
}

function quoteIfNeeded(field: string): string {
  return /[\t\n\r"]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export interface ClipboardTarget {
  /** `navigator.clipboard`, absent outside secure contexts. */
  clipboard?: Pick<Clipboard, 'writeText'>;
  document: Document;
}

/**
 * Puts text on the system clipboard. The async Clipboard API first; where it is missing or refuses (no secure
 * context, permission policy, a browser that wants a fresh user gesture), a hidden textarea is selected and
 * `execCommand('copy')` runs, which still works inside a key or click handler. Focus goes back to where it was,
 * so keyboard users stay in the grid. Throws when both ways fail.
 */
export async function writeClipboardText(text: string, target: ClipboardTarget): Promise<void> {
  if (target.clipboard) {
    try {
      await target.clipboard.writeText(text);
      return;
    } catch {
      // Fall through to the legacy path below.
    }
  }
  copyWithTextarea(text, target.document);
}

function copyWithTextarea(text: string, doc: Document): void {
  const previousFocus = doc.activeElement instanceof HTMLElement ? doc.activeElement : null;
  const textarea = doc.createElement('textarea');
  textarea.value = text;
  textarea.setAttribute('readonly', '');
  textarea.setAttribute('aria-hidden', 'true');
  // Off screen rather than `display: none`, which cannot be selected.
  textarea.style.cssText = 'position:fixed;top:0;left:-9999px;opacity:0;';
  doc.body.append(textarea);
  let copied = false;
  try {
    // `execCommand('copy')` copies the focused control's selection.
    textarea.focus({ preventScroll: true });
    textarea.select();
    copied = typeof doc.execCommand === 'function' && doc.execCommand('copy');
  } finally {
    textarea.remove();
    previousFocus?.focus({ preventScroll: true });
  }
  if (!copied) throw new Error('The browser refused to copy to the clipboard.');
}
