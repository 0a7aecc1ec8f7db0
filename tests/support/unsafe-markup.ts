/**
 * What rendered Markdown may contain, written out here rather than imported from the renderer, so that
 * widening the renderer's allow-list fails the tests that use this.
 */
const ALLOWED_TAGS = new Set(
  'p h1 h2 h3 h4 h5 h6 ul ol li blockquote pre code em strong s del a img table thead tbody tr th td hr br span'.split(
    ' '
  )
);
const ALLOWED_ATTRIBUTES = new Set(['href', 'title', 'alt', 'src', 'start', 'colspan', 'rowspan', 'align']);
const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

/** Every way `root` breaks the renderer's promise; empty when it keeps it. */
export function unsafeMarkup(root: ParentNode): string[] {
  const problems: string[] = [];
  for (const element of root.querySelectorAll('*')) {
    const tag = element.localName;
    if (!ALLOWED_TAGS.has(tag) || element.namespaceURI !== HTML_NAMESPACE) problems.push(`<${tag}>`);
    for (const { name, value } of element.attributes) {
      if (name === 'class') {
        if (tag !== 'span' || !/^md-value( md-missing)?$/.test(value))
          problems.push(`${tag}[class=${value}]`);
        continue;
      }
      if (!ALLOWED_ATTRIBUTES.has(name)) problems.push(`${tag}[${name}]`);
      if (name === 'href' && !value.startsWith('#')) problems.push(`${tag}[href=${value}]`);
      if (name === 'src' && !/^data:image\/(png|jpeg|gif|webp);base64,/.test(value)) {
        problems.push(`${tag}[src=${value}]`);
      }
      // Browsers ignore whitespace and control characters inside a scheme.
      const squashed = value.replace(/[\s\p{Cc}]/gu, '').toLowerCase();
      if (/^(javascript:|vbscript:|data:text)/.test(squashed)) problems.push(`${tag}[${name}=${value}]`);
    }
  }
  return problems;
}

/**
 * The global object inline handlers run against: jsdom's window inside its own script context, which is not
 * the global object vitest's tests see (there `window === globalThis`). A handler hands it over.
 */
export function handlerGlobal(): Window {
  const probe = document.createElement('p');
  probe.setAttribute('onclick', 'this.ownerDocument.handlerGlobal = window');
  probe.dispatchEvent(new Event('click'));
  const global: unknown = Reflect.get(document, 'handlerGlobal');
  if (global === undefined)
    throw new Error('This jsdom does not run inline handlers: the canary would prove nothing.');
  return global as Window;
}
