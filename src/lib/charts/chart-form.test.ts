import * as Plot from '@observablehq/plot';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import type { ResultColumn, SqlValue } from '../engine/types';
import type { ChartForm } from '../notebook/model';
import { toPlotOptionsFromForm } from './chart-form';

/**
 * SVG snapshots in the manner of observablehq/plot `test/plot-snapshot.js`: each case renders with jsdom,
 * is normalised (numbers in attributes rounded to 2 decimals, Plot's generated class names and ids renumbered,
 * a line per element for readable diffs) and compared with `tests/snapshots/charts/<name>.svg`. On a mismatch
 * `<name>-changed.svg` is written beside it for a person to look at (copy it over the expected file to accept).
 * A missing expected file is written locally and fails in CI (`process.env.CI`), where it would hide a change.
 * Determinism: no clock, no randomness, `TZ=UTC` (vite.config.ts), a fixed locale and width.
 */
const SNAPSHOTS = fileURLToPath(new URL('../../../tests/snapshots/charts/', import.meta.url));

const HOSTILE = '<img src=x onerror=alert(1)>';

const col = (name: string, type: ResultColumn['type']): ResultColumn => ({ name, type });

function form(spec: Partial<ChartForm>): ChartForm {
  return {
    mark: 'bar',
    x: null,
    y: null,
    color: null,
    facet: null,
    text: null,
    aggregate: 'none',
    sort: null,
    ...spec,
    labels: { title: null, x: null, y: null, color: null, ...spec.labels }
  };
}

interface Result {
  columns: ResultColumn[];
  rows: SqlValue[][];
}

const sales: Result = {
  columns: [col('country', 'text'), col('channel', 'text'), col('revenue', 'real'), col('orders', 'integer')],
  rows: [
    ['DE', 'web', 120.5, 4],
    ['FR', 'web', 80, 3],
    ['DE', 'shop', 40.25, 2],
    ['IT', 'shop', 200, 7],
    ['FR', 'shop', 15, 1]
  ]
};

const monthly: Result = {
  columns: [col('month', 'text'), col('channel', 'text'), col('revenue', 'real')],
  rows: [
    ['2024-03', 'web', 30],
    ['2024-01', 'web', 10],
    ['2024-02', 'web', 25],
    ['2024-01', 'shop', 5],
    ['2024-02', 'shop', 8],
    ['2024-03', 'shop', 12]
  ]
};

const daily: Result = {
  columns: [col('day', 'text'), col('amount', 'integer')],
  rows: [
    ['2024-01-01', 10],
    ['2024-01-01', 20],
    ['2024-01-02', 5],
    ['2024-01-03T12:00:00Z', 7],
    ['2024-01-03T12:00:00Z', 9],
    ['2024-01-03T12:00:00Z', 30]
  ]
};

const points: Result = {
  columns: [col('age', 'integer'), col('spend', 'real'), col('segment', 'text'), col('name', 'text')],
  rows: [
    [25, 10.125, 'new', 'Ana'],
    [31, 42.5, 'loyal', 'Bo'],
    [47, 18, 'new', 'Chen'],
    [52, 77.75, 'loyal', 'Dalia']
  ]
};

const UNICODE = 'naïve ⟨ø⟩ "数据" \'q\'';
const hostile: Result = {
  columns: [col(HOSTILE, 'text'), col(UNICODE, 'integer'), col("'); alert(1); //", 'text')],
  rows: [
    ['<b>bold</b>', 3, '<script>alert(2)</script>'],
    ['a & b', 5n, 'x'],
    [null, 2, 'x']
  ]
};

const cases: [name: string, form: ChartForm, result: Result][] = [
  ['bar', form({ mark: 'bar', x: 'country', y: 'revenue' }), sales],
  ['bar-across', form({ mark: 'bar', x: 'revenue', y: 'country', aggregate: 'sum' }), sales],
  [
    'bar-sum-colour-sorted-by-value',
    form({
      mark: 'bar',
      x: 'country',
      y: 'revenue',
      color: 'channel',
      aggregate: 'sum',
      sort: { by: 'value', order: 'descending' },
      labels: { title: 'Revenue by country', x: 'Country', y: 'Revenue (EUR)', color: 'Channel' }
    }),
    sales
  ],
  ['bar-count', form({ mark: 'bar', x: 'country', aggregate: 'count' }), sales],
  ['line-dates-colour', form({ mark: 'line', x: 'month', y: 'revenue', color: 'channel' }), monthly],
  ['line-median-by-day', form({ mark: 'line', x: 'day', y: 'amount', aggregate: 'median' }), daily],
  ['area-stacked', form({ mark: 'area', x: 'month', y: 'revenue', color: 'channel' }), monthly],
  ['dot', form({ mark: 'dot', x: 'age', y: 'spend', color: 'segment' }), points],
  ['cell-count', form({ mark: 'cell', x: 'country', y: 'channel', aggregate: 'count' }), sales],
  [
    'cell-mean',
    form({ mark: 'cell', x: 'country', y: 'channel', color: 'revenue', aggregate: 'mean' }),
    sales
  ],
  ['rule', form({ mark: 'rule', x: 'country', y: 'orders', aggregate: 'max' }), sales],
  ['text', form({ mark: 'text', x: 'age', y: 'spend', text: 'name' }), points],
  ['text-sum', form({ mark: 'text', x: 'country', y: 'revenue', aggregate: 'sum' }), sales],
  ['facet', form({ mark: 'bar', x: 'country', y: 'revenue', facet: 'channel' }), sales],
  [
    'hostile-names',
    form({
      mark: 'bar',
      x: HOSTILE,
      y: UNICODE,
      color: "'); alert(1); //",
      labels: { title: '<script>alert(1)</script>', x: null, y: null, color: null }
    }),
    hostile
  ]
];

function render(chart: ChartForm, result: Result, locale = 'en-GB') {
  const { window } = new JSDOM('');
  // jsdom has no canvas; Plot paints continuous colour legends on one. A flat stand-in keeps them renderable
  // and the snapshot stable (the ramp's pixels are Plot's business, not ours).
  const canvas = window.HTMLCanvasElement.prototype;
  canvas.getContext = (() => ({ fillStyle: '', fillRect() {} })) as unknown as typeof canvas.getContext;
  canvas.toDataURL = () => 'data:image/png;base64,';
  const document = window.document;
  const element = Plot.plot(toPlotOptionsFromForm(chart, result, { document, width: 480, locale }));
  return { document, element };
}

/** Makes the SVG text stable and diffable; see the comment on `SNAPSHOTS`. */
function normalizeSvg(element: Element): string {
  const ids = new Map<string, string>();
  const renumber = (text: string) =>
    text.replace(/\bplot-[0-9a-f]{6}\b|\bplot-clip-\d+\b/g, (id) => {
      if (!ids.has(id)) ids.set(id, `plot-${ids.size + 1}`);
      return ids.get(id) as string;
    });
  const round = (text: string) =>
    text.replace(/-?\d+\.\d+(e[-+]?\d+)?/gi, (number) => String(+(+number).toFixed(2)));
  for (const node of [element, ...element.querySelectorAll('*')]) {
    for (const attribute of [...node.attributes]) {
      node.setAttribute(attribute.name, renumber(round(attribute.value)));
    }
    if (node.tagName.toLowerCase() === 'style') node.textContent = renumber(node.textContent ?? '');
  }
  // A line per opening tag, and per closing tag that ends a run of children: readable diffs, same markup.
  const lines = element.outerHTML.replace(/><(?!\/)/g, '>\n<').replace(/(<\/[^>]+>)(?=<\/)/g, '$1\n');
  return `${lines}\n`;
}

function expectSnapshot(name: string, actual: string) {
  const expectedPath = `${SNAPSHOTS}${name}.svg`;
  const changedPath = `${SNAPSHOTS}${name}-changed.svg`;
  if (!existsSync(expectedPath)) {
    if (process.env.CI) throw new Error(`Missing snapshot ${name}.svg: run the tests locally and commit it.`);
    mkdirSync(SNAPSHOTS, { recursive: true });
    writeFileSync(expectedPath, actual);
    console.warn(`Wrote missing snapshot ${name}.svg`);
    return;
  }
  const expected = readFileSync(expectedPath, 'utf8');
  if (actual === expected) {
    rmSync(changedPath, { force: true });
    return;
  }
  writeFileSync(changedPath, actual);
  expect.fail(`${name}.svg changed: compare it with ${name}-changed.svg`);
}

describe('toPlotOptionsFromForm snapshots', () => {
  it.each(cases)('%s', (name, chart, result) => {
    expectSnapshot(name, normalizeSvg(render(chart, result).element));
  });
});

describe('toPlotOptionsFromForm', () => {
  it('keeps hostile column names and labels as text: no element is created from them', () => {
    const [, chart, result] = cases.find(([name]) => name === 'hostile-names')!;
    const { element } = render(chart, result);
    expect(element.querySelectorAll('img, script, b')).toHaveLength(0);
    const html = element.outerHTML;
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(element.querySelector('h2')?.textContent).toBe('<script>alert(1)</script>');
    const axisLabels = [...element.querySelectorAll('g[aria-label$="axis label"] text')];
    expect(axisLabels.map((text) => text.textContent)).toEqual(
      expect.arrayContaining([expect.stringContaining(HOSTILE), expect.stringContaining(UNICODE)])
    );
    const swatches = [...element.querySelectorAll('span')].map((span) => span.textContent);
    expect(swatches).toEqual(['<script>alert(2)</script>', 'x']);
  });

  it('reads ISO dates and date-times as UTC dates on a time scale', () => {
    const plot = render(form({ mark: 'line', x: 'month', y: 'revenue' }), monthly).element as Plot.Plot &
      Element;
    expect(plot.scale('x')?.type).toBe('utc');
    expect(plot.scale('x')?.domain).toEqual([
      new Date('2024-01-01T00:00:00Z'),
      new Date('2024-03-01T00:00:00Z')
    ]);
  });

  it.each([
    ['sum', [30, 5, 46]],
    ['mean', [15, 5, 46 / 3]],
    ['median', [15, 5, 9]],
    ['min', [10, 5, 7]],
    ['max', [20, 5, 30]],
    ['count', [2, 1, 3]]
  ] as const)('aggregates y with %s per x', (aggregate, expected) => {
    const { element } = render(form({ mark: 'text', x: 'day', y: 'amount', aggregate }), daily);
    const labels = [...element.querySelectorAll('g[aria-label="text"] text')].map((text) => text.textContent);
    expect(labels).toEqual(expected.map((value) => value.toLocaleString('en-GB')));
  });

  it.each([
    [{ by: 'category', order: 'ascending' }, ['DE', 'FR', 'IT']],
    [{ by: 'category', order: 'descending' }, ['IT', 'FR', 'DE']],
    [{ by: 'value', order: 'ascending' }, ['FR', 'DE', 'IT']],
    [{ by: 'value', order: 'descending' }, ['IT', 'DE', 'FR']]
  ] as const)('sorts the categorical axis %o', (sort, domain) => {
    const chart = form({ mark: 'bar', x: 'country', y: 'revenue', color: 'channel', aggregate: 'sum', sort });
    const plot = render(chart, sales).element as Plot.Plot & Element;
    expect(plot.scale('x')?.domain).toEqual(domain);
  });

  it('sorts categories in natural order, bars across on their y axis', () => {
    const result: Result = {
      columns: [col('size', 'text'), col('n', 'integer')],
      rows: [
        ['10', 1],
        ['2', 2],
        ['1', 3]
      ]
    };
    const chart = form({ mark: 'bar', x: 'n', y: 'size', sort: { by: 'category', order: 'ascending' } });
    const plot = render(chart, result).element as Plot.Plot & Element;
    expect(plot.scale('y')?.domain).toEqual(['1', '2', '10']);
  });

  it('formats number ticks in the user locale', () => {
    const result: Result = {
      columns: [col('k', 'text'), col('v', 'real')],
      rows: [
        ['a', 1500.5],
        ['b', 2500]
      ]
    };
    const { element } = render(form({ mark: 'text', x: 'k', y: 'v' }), result, 'de-DE');
    const labels = [...element.querySelectorAll('g[aria-label="text"] text')].map((text) => text.textContent);
    expect(labels).toEqual(['1.500,5', '2.500']);
  });

  it.each<[string, Partial<ChartForm>, string]>([
    ['a missing x column', { x: 'nope', y: 'revenue' }, 'The chart\'s x column "nope" is not in the result.'],
    ['a missing colour column', { x: 'country', y: 'revenue', color: 'Country' }, '"Country"'],
    ['a missing facet column', { x: 'country', y: 'revenue', facet: HOSTILE }, HOSTILE],
    ['no x', { y: 'revenue' }, 'A bar chart needs an x column.'],
    ['no y without count', { x: 'country' }, 'A bar chart needs a y column.'],
    ['a cell mean without colour', { mark: 'cell', x: 'country', y: 'channel', aggregate: 'mean' }, 'colour'],
    ['a mark from Object.prototype', { mark: 'constructor' as ChartForm['mark'] }, 'Unknown chart mark'],
    ['an unknown mark', { mark: 'script' as ChartForm['mark'] }, 'Unknown chart mark "script"']
  ])('throws for %s', (_, spec, message) => {
    const { document } = new JSDOM('').window;
    expect(() => toPlotOptionsFromForm(form(spec), sales, { document, width: 480, locale: 'en-GB' })).toThrow(
      message
    );
  });
});
