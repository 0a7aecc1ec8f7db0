const SVG_NS = 'http://www.w3.org/2000/svg';

/** The window whose DOM classes build the file: the page's, or a jsdom window in tests. */
type View = typeof globalThis;

/** Space above the plot for the title and the colour legend, in px. */
const TITLE_HEIGHT = 28;
const LEGEND_HEIGHT = 22;
/** Space below the plot for a note such as what small-cell suppression hid. */
const NOTE_HEIGHT = 22;

/**
 * A rendered chart as a standalone SVG file. Plot returns either an `<svg>` or, with a title or a colour
 * legend, a `<figure>` holding an `<h2>`, HTML swatches and the `<svg>`: those become SVG text and rectangles
 * above the plot, so the file shows what the page showed. CSS custom properties (`var(--chart-fill, …)`)
 * mean nothing outside the page and are replaced by their current value. A `note` is written below the plot.
 */
export function toSvgFile(chart: Element, view: View, { note }: { note?: string | null } = {}): string {
  const plot = chart instanceof view.SVGSVGElement ? chart : chart.querySelector('svg:last-of-type');
  if (!plot) throw new Error('The chart has no SVG to export.');
  const width = Number(plot.getAttribute('width')) || plot.getBoundingClientRect().width;
  const height = Number(plot.getAttribute('height')) || plot.getBoundingClientRect().height;
  const title = chart === plot ? null : (chart.querySelector('h2')?.textContent ?? null);
  const swatches = chart === plot ? [] : readSwatches(chart, view);

  const document = plot.ownerDocument;
  const top = (title ? TITLE_HEIGHT : 0) + (swatches.length > 0 ? LEGEND_HEIGHT : 0);
  const bottom = note ? NOTE_HEIGHT : 0;
  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height + top + bottom));
  root.setAttribute('viewBox', `0 0 ${width} ${height + top + bottom}`);
  root.setAttribute('font-family', 'system-ui, sans-serif');
  const background = document.createElementNS(SVG_NS, 'rect');
  for (const [name, value] of [
    ['width', '100%'],
    ['height', '100%'],
    ['fill', 'white']
  ]) {
    background.setAttribute(name, value);
  }
  root.append(background);
  if (title) root.append(text(document, title, 0, 20, { size: 16, weight: 'bold' }));
  let x = 0;
  const legendY = (title ? TITLE_HEIGHT : 0) + 15;
  for (const swatch of swatches) {
    const box = document.createElementNS(SVG_NS, 'rect');
    for (const [name, value] of [
      ['x', x],
      ['y', legendY - 10],
      ['width', 12],
      ['height', 12]
    ] as const) {
      box.setAttribute(name, String(value));
    }
    box.setAttribute('fill', swatch.color);
    root.append(box, text(document, swatch.label, x + 16, legendY, { size: 12 }));
    x += 16 + swatch.label.length * 7 + 14;
  }
  const body = plot.cloneNode(true) as SVGSVGElement;
  body.setAttribute('y', String(top));
  root.append(body);
  if (note) root.append(text(document, note, 0, top + height + 16, { size: 11 }));
  const resolve = view.getComputedStyle(plot);
  return new view.XMLSerializer()
    .serializeToString(root)
    .replace(/var\((--[\w-]+)\s*(?:,\s*([^)]+))?\)/g, (whole: string, name: string, fallback?: string) => {
      // Unresolvable without a fallback (Plot's own --plot-background): kept, the file's <style> defines it.
      return resolve.getPropertyValue(name).trim() || fallback?.trim() || whole;
    });
}

/** Draws an SVG file onto a canvas at `scale` × its size and encodes it as PNG. */
export async function toPngBlob(svg: string, view: View, scale = 2): Promise<Blob> {
  const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  const width = Number(size?.[1] ?? 640);
  const height = Number(size?.[2] ?? 400);
  // A blob: URL, allowed by the page's img-src; a data: URL of a large chart would be slower to build.
  const url = view.URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new view.Image();
    image.src = url;
    await image.decode();
    const canvas = view.document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw the chart as an image.');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('The image could not be encoded.'))),
        'image/png'
      )
    );
  } finally {
    view.URL.revokeObjectURL(url);
  }
}

/** Plot's categorical legend: one swatch per value, each an element whose class ends in `-swatch`. */
function readSwatches(chart: Element, view: View): { color: string; label: string }[] {
  return [...chart.querySelectorAll('[class$="-swatch"]')].map((swatch) => {
    const shape = swatch.querySelector('rect, circle, path');
    const color = shape ? view.getComputedStyle(shape).fill || shape.getAttribute('fill') || 'gray' : 'gray';
    return { color, label: (swatch.textContent ?? '').trim() };
  });
}

function text(
  document: Document,
  content: string,
  x: number,
  y: number,
  { size, weight = 'normal' }: { size: number; weight?: string }
): SVGTextElement {
  const node = document.createElementNS(SVG_NS, 'text');
  node.setAttribute('x', String(x));
  node.setAttribute('y', String(y));
  node.setAttribute('font-size', String(size));
  node.setAttribute('font-weight', weight);
  // textContent, never markup: a title from someone else's notebook stays text in the file.
  node.textContent = content;
  return node;
}
