// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueryResult, SqlValue } from '$lib/engine/types';
import { createFormatters } from '$lib/i18n/format';
import { ViolationLog } from '$lib/security/violations';
import type { AppServices } from '$lib/state/app-context';
import type { I18n } from '$lib/state/i18n.svelte';
import Fixture from './grid/DataGridFixture.svelte';

/**
 * Vitest loads `svelte` from node_modules with Node's own conditions, which pick the server build (where
 * `mount` throws), while the components themselves are compiled for the client. Pointing `svelte` at its client
 * entry makes `mount` and `createContext` share the runtime the compiled components use.
 */
vi.mock('svelte', async () => {
  const { pathToFileURL } = await import('node:url');
  const client = pathToFileURL(`${process.cwd()}/node_modules/svelte/src/index-client.js`);
  return await import(/* @vite-ignore */ client.href);
});

/** Messages as `key {"value":…}`, so the tests see which message and values the grid asked for. */
function fakeI18n(): I18n {
  const t = (key: string, values?: Record<string, unknown>) =>
    values ? `${key} ${JSON.stringify(values)}` : key;
  return { locale: 'en', format: createFormatters('en'), t } as unknown as I18n;
}

function services(): AppServices {
  return {
    i18n: fakeI18n(),
    violations: new ViolationLog(),
    workspace: () => null,
    bootError: () => null,
    createEngine: () => Promise.reject(new Error('Not in this test.'))
  };
}

let target: HTMLElement;
let app: ReturnType<typeof mount> | undefined;
let writeText: ReturnType<typeof vi.fn<(text: string) => Promise<void>>>;

beforeEach(() => {
  // jsdom has no layout: no ResizeObserver (used by bind:clientHeight), sizes are 0 and the grid falls back to
  // its maximum height.
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
  writeText = vi.fn((_text: string) => Promise.resolve());
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  target = document.createElement('div');
  document.body.append(target);
});

afterEach(() => {
  if (app) void unmount(app);
  app = undefined;
  target.remove();
});

function render(result: QueryResult): HTMLElement {
  app = mount(Fixture, { target, props: { services: services(), result, label: 'Orders by month' } });
  flushSync();
  return grid();
}

const grid = () => target.querySelector<HTMLElement>('[data-testid="data-grid"]')!;
const renderedRows = () => [...target.querySelectorAll<HTMLElement>('[data-testid="grid-row"]')];
const texts = (row: HTMLElement) =>
  [...row.querySelectorAll('[role="gridcell"]')].map((cell) => cell.textContent?.trim());
const header = (column: number) => target.querySelector<HTMLElement>(`[data-testid="grid-sort-${column}"]`)!;

function press(key: string, modifiers: KeyboardEventInit = {}): void {
  grid().dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...modifiers }));
  flushSync();
}

function numbered(count: number): QueryResult {
  const rows: SqlValue[][] = Array.from({ length: count }, (_, i) => [i, `name ${i}`]);
  return {
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'name', type: 'text' }
    ],
    rows,
    elapsedMs: 3
  };
}

describe('DataGrid', () => {
  it('puts only a window of 100,000 rows in the DOM and announces the real size', () => {
    const element = render(numbered(100_000));
    expect(element.getAttribute('role')).toBe('grid');
    expect(element.getAttribute('aria-label')).toBe('Orders by month');
    expect(element.getAttribute('aria-rowcount')).toBe('100001');
    expect(element.getAttribute('aria-colcount')).toBe('2');
    const rows = renderedRows();
    // 440px less the 44px header holds 15 rows of 28px; 8 more are rendered below.
    expect(rows.length).toBe(23);
    expect(rows[0].getAttribute('aria-rowindex')).toBe('2');
    expect(texts(rows[0])).toEqual(['0', 'name 0']);
    expect(target.querySelector('[role="columnheader"]')?.textContent).toContain('integer');
  });

  it('cycles a column through ascending, descending and result order', () => {
    render({
      columns: [{ name: 'v', type: 'mixed' }],
      rows: [['b'], [2], [null], ['a'], [10]],
      elapsedMs: 1
    });
    const firstColumn = () => renderedRows().map((row) => texts(row)[0]);
    const columnHeader = header(0).parentElement!;

    header(0).click();
    flushSync();
    expect(firstColumn()).toEqual(['NULL', '2', '10', 'a', 'b']);
    expect(columnHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(header(0).textContent).toContain('▲');

    header(0).click();
    flushSync();
    expect(firstColumn()).toEqual(['b', 'a', '10', '2', 'NULL']);
    expect(columnHeader.getAttribute('aria-sort')).toBe('descending');
    expect(header(0).textContent).toContain('▼');

    header(0).click();
    flushSync();
    expect(firstColumn()).toEqual(['b', '2', 'NULL', 'a', '10']);
    expect(columnHeader.hasAttribute('aria-sort')).toBe(false);
  });

  it('moves the active cell by keyboard and renders the window around it', () => {
    const element = render(numbered(100_000));
    press('ArrowDown');
    expect(element.getAttribute('aria-activedescendant')).toMatch(/-0-0$/);
    press('End', { ctrlKey: true });
    const active = document.getElementById(element.getAttribute('aria-activedescendant')!)!;
    expect(active.getAttribute('aria-selected')).toBe('true');
    expect(active.getAttribute('aria-colindex')).toBe('2');
    expect(active.parentElement?.getAttribute('aria-rowindex')).toBe('100001');
    expect(active.textContent?.trim()).toBe('name 99999');
    expect(renderedRows().length).toBeLessThan(40);
  });

  it('extends a selection with Shift+arrows and copies it as TSV without a header', async () => {
    render(numbered(10));
    press('ArrowDown'); // (0, 0)
    press('ArrowDown'); // (1, 0)
    press('ArrowDown', { shiftKey: true });
    press('ArrowRight', { shiftKey: true });
    expect(target.querySelectorAll('[role="gridcell"][aria-selected="true"]').length).toBe(4);
    press('c', { ctrlKey: true });
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledWith('1\tname 1\n2\tname 2'));
    await vi.waitFor(() =>
      expect(target.querySelector('[role="status"]')?.textContent).toBe('grid.copied {"rows":2}')
    );
  });

  it('copies whole columns with their header after Ctrl+A, in the sorted order', async () => {
    render(numbered(3));
    header(0).click(); // ascending
    header(0).click(); // descending
    flushSync();
    grid().focus();
    press('a', { ctrlKey: true });
    expect(target.querySelectorAll('[role="gridcell"][aria-selected="true"]').length).toBe(6);
    press('c', { metaKey: true });
    await vi.waitFor(() =>
      expect(writeText).toHaveBeenCalledWith('id\tname\n2\tname 2\n1\tname 1\n0\tname 0')
    );
  });

  it('selects by click and Shift+click', () => {
    render(numbered(10));
    const cell = (row: number, column: number) =>
      renderedRows()[row].querySelectorAll<HTMLElement>('[role="gridcell"]')[column];
    cell(2, 1).dispatchEvent(new MouseEvent('pointerdown', { bubbles: true, button: 0 }));
    flushSync();
    cell(4, 0).dispatchEvent(new MouseEvent('pointerdown', { bubbles: true, button: 0, shiftKey: true }));
    flushSync();
    const selected = [...target.querySelectorAll('[role="gridcell"][aria-selected="true"]')];
    expect(selected.map((c) => c.textContent?.trim())).toEqual(['2', 'name 2', '3', 'name 3', '4', 'name 4']);
  });

  it('copies everything with the header from the Copy button when nothing is selected', async () => {
    render({ columns: [{ name: 'note', type: 'text' }], rows: [['tab\there'], [null]], elapsedMs: 1 });
    target.querySelector<HTMLButtonElement>('[data-testid="grid-copy"]')!.click();
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledWith('note\n"tab\there"\n'));
  });

  it('shows the header and a "no rows" line for an empty result', () => {
    const element = render({ columns: [{ name: 'a', type: 'null' }], rows: [], elapsedMs: 1 });
    expect(renderedRows()).toEqual([]);
    expect(header(0).textContent).toContain('a');
    expect(element.textContent).toContain('grid.empty');
    expect(element.getAttribute('aria-rowcount')).toBe('1');
  });

  it('renders only the columns in view of a 500-column result', () => {
    const columns = Array.from({ length: 500 }, (_, c) => ({ name: `c${c}`, type: 'integer' as const }));
    const rows: SqlValue[][] = Array.from({ length: 50 }, (_, r) => columns.map((_, c) => r * 1000 + c));
    const element = render({ columns, rows, elapsedMs: 1 });
    expect(element.getAttribute('aria-colcount')).toBe('500');
    const cells = renderedRows()[0].querySelectorAll('[role="gridcell"]');
    expect(cells.length).toBeGreaterThan(5);
    expect(cells.length).toBeLessThan(40);
    press('ArrowDown');
    press('End');
    const active = document.getElementById(element.getAttribute('aria-activedescendant')!)!;
    expect(active.getAttribute('aria-colindex')).toBe('500');
    expect(active.textContent?.trim()).toBe('499');
  });
});
