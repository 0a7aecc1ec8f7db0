import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import type { ChartForm } from '../notebook/model';
import { renderChartForm } from './chart-form';
import { toSvgFile } from './export-chart';

const HOSTILE = '<img src=x onerror=alert(1)>';

function chartForm(labels: Partial<ChartForm['labels']>, color: string | null): ChartForm {
  return {
    mark: 'bar',
    x: 'country',
    y: 'revenue',
    color,
    facet: null,
    text: null,
    aggregate: 'none',
    sort: null,
    labels: { title: null, x: null, y: null, color: null, ...labels }
  };
}

const result = {
  columns: [
    { name: 'country', type: 'text' as const },
    { name: 'revenue', type: 'real' as const }
  ],
  rows: [
    ['DE', 120.5],
    ['FR', 80]
  ]
};

function render(form: ChartForm) {
  const dom = new JSDOM('<!doctype html><body></body>');
  const view = dom.window as unknown as typeof globalThis;
  const chart = renderChartForm(form, result, { document: dom.window.document, width: 400, locale: 'en-US' });
  dom.window.document.body.append(chart);
  // As the page's stylesheet would set it (jsdom does not inherit custom properties, so on the plot itself).
  const plot = chart.tagName === 'svg' ? chart : (chart.querySelector('svg:last-of-type') as SVGElement);
  plot.style.setProperty('--chart-fill', 'rgb(1, 2, 3)');
  return { svg: toSvgFile(chart, view), view };
}

describe('toSvgFile', () => {
  it('writes a standalone SVG with custom properties resolved to their current value', () => {
    const { svg, view } = render(chartForm({}, null));
    const parsed = new view.DOMParser().parseFromString(svg, 'image/svg+xml');
    const root = parsed.documentElement;
    expect(root.tagName).toBe('svg');
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(root.getAttribute('width')).toBe('400');
    expect(svg).not.toContain('var(--chart-fill');
    const bars = [...parsed.querySelectorAll('[aria-label="bar"] rect')];
    expect(bars).toHaveLength(2);
    expect(bars.every((bar) => bar.closest('[fill]')?.getAttribute('fill') === 'rgb(1, 2, 3)')).toBe(true);
  });

  it('turns the title and the colour legend into SVG text, as text', () => {
    const { svg, view } = render(chartForm({ title: HOSTILE }, 'country'));
    const parsed = new view.DOMParser().parseFromString(svg, 'image/svg+xml');
    const texts = [...parsed.querySelectorAll(':scope > text')].map((node) => node.textContent);
    expect(texts).toEqual([HOSTILE, 'DE', 'FR']);
    expect(parsed.querySelector('img')).toBeNull();
    // The plot sits below the title and the legend.
    expect(Number(parsed.documentElement.getAttribute('height'))).toBeGreaterThan(
      Number(parsed.querySelector(':scope > svg')?.getAttribute('height'))
    );
  });
});
