import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';
import MarkdownIt, { type StateCore, type Token } from 'markdown-it';
import { toMarkdownSegments, type MarkdownSegment } from '$lib/notebook/markdown-references';

/**
 * The text to show for `{{name}}` (`field` null) or `{{name.field}}`, or `null` when there is none (the result
 * has not run, the column does not exist). The returned string is shown as text, whatever it holds.
 */
export type ValueLookup = (name: string, field: string | null) => string | null;

type ValueReference = Extract<MarkdownSegment, { kind: 'value' }>;

/**
 * A notebook file comes from someone else, so its Markdown is untrusted input (RELIABILITY.md §3.1 items 24 and
 * 27; the Jupyter CVEs of finding 7). Layers, each enough on its own for the common payloads:
 *
 * 1. markdown-it with `html: false`: raw HTML in the source is shown as text, never parsed as markup; its
 *    `validateLink` already refuses `javascript:`, `vbscript:`, `file:` and non-image `data:` URLs.
 * 2. DOMPurify with an allow-list of the elements and attributes markdown-it itself emits, returning a DOM
 *    fragment (never re-serialised HTML, which is where mutation XSS lives). No `id`, `name` (DOM clobbering,
 *    CVE-2024-43805), `class`, `style`, `data-*` (CVE-2026-42557) or `aria-*`.
 * 3. Our own pass over links and images: the page may contact nothing but its own origin (README "Zero
 *    network"), so only `#fragment` links and inline `data:image/…;base64` images survive.
 *
 * Values from `{{name}}` references never pass through Markdown or the sanitiser: each reference becomes a
 * placeholder of private-use characters, which Markdown leaves alone, and after sanitising each placeholder
 * is replaced by a `<span class="md-value">` holding a text node (`markdown-references.ts`).
 */
export function renderMarkdown(
  text: string,
  lookup: ValueLookup,
  document: Document = globalThis.document
): DocumentFragment {
  const { source, references } = toPlaceholderSource(text);
  const html = markdown.render(source);
  const fragment = sanitize(html, document);
  restrictLinks(fragment);
  restrictImages(fragment);
  restoreAttributeSources(fragment, references);
  insertValues(fragment, references, lookup);
  // Adopted only now: an <img> adopted into a live document starts loading, so every image that may not be
  // fetched is gone before that (the sanitiser parses into an inert document of its own).
  return document.adoptNode(fragment);
}

const PLACEHOLDER_OPEN = '\uE000';
const PLACEHOLDER_CLOSE = '\uE001';
const PLACEHOLDER = /\uE000(\d+)\uE001/g;
/** A placeholder inside a link or image URL, as markdown-it's `normalizeLink` percent-encodes it. */
const ENCODED_PLACEHOLDER = /%EE%80%80(\d+)%EE%80%81/gi;
const PLACEHOLDER_CHARS = /[\uE000\uE001]/g;

/**
 * The source with each reference replaced by `\uE000<index>\uE001`. The two delimiters are removed from the
 * author's own text first, so nothing typed in the file can pose as a reference; the other way to type them,
 * an entity such as `&#xE000;`, is cleaned inside markdown-it (`stripTypedPlaceholders`).
 */
function toPlaceholderSource(text: string): { source: string; references: ValueReference[] } {
  const references: ValueReference[] = [];
  let source = '';
  for (const segment of toMarkdownSegments(text)) {
    if (segment.kind === 'text') {
      source += segment.text.replace(PLACEHOLDER_CHARS, '');
    } else {
      source += `${PLACEHOLDER_OPEN}${references.length}${PLACEHOLDER_CLOSE}`;
      references.push(segment);
    }
  }
  return { source, references };
}

const markdown = createMarkdown();

/** The `default` preset (CommonMark plus tables and strikethrough), without raw HTML, bare-URL linking or typography. */
function createMarkdown() {
  const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false });
  // Entities and backslash escapes are decoded into `text_special` tokens, which `text_join` then merges into
  // the text; cleaning them just before keeps `&#xE000;0&#xE001;` from forging a placeholder.
  md.core.ruler.before('text_join', 'strip_typed_placeholders', stripTypedPlaceholders);
  md.core.ruler.push('table_align_attribute', toAlignAttributes);
  return md;
}

function stripTypedPlaceholders(state: StateCore): void {
  const clean = (tokens: Token[] | null): void => {
    for (const token of tokens ?? []) {
      if (token.type === 'text_special') token.content = token.content.replace(PLACEHOLDER_CHARS, '');
      clean(token.children);
    }
  };
  clean(state.tokens);
}

/**
 * markdown-it aligns table cells with `style="text-align:…"`; styles are never allowed through (CSS injection,
 * and a style attribute is a sanitiser's hardest case), so the alignment becomes the plain `align` attribute.
 */
function toAlignAttributes(state: StateCore): void {
  for (const token of state.tokens) {
    if (token.type !== 'th_open' && token.type !== 'td_open') continue;
    const style = token.attrGet('style');
    const align = typeof style === 'string' ? /^text-align:(left|center|right)$/.exec(style)?.[1] : undefined;
    token.attrs = align ? [['align', align]] : null;
  }
}

const SANITIZE_CONFIG = {
  ALLOWED_TAGS: [
    'p',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'ul',
    'ol',
    'li',
    'blockquote',
    'pre',
    'code',
    'em',
    'strong',
    's',
    'del',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'hr',
    'br',
    'span'
  ],
  // `class` is deliberately absent: the only classes in the output are the ones `insertValues` sets after
  // sanitising, so a fence's `language-…` class (author-chosen text) cannot pose as ours.
  ALLOWED_ATTR: ['href', 'title', 'alt', 'src', 'start', 'colspan', 'rowspan', 'align'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  FORBID_ATTR: ['style', 'id', 'name', 'class'],
  RETURN_DOM_FRAGMENT: true
} satisfies Config;

/** One DOMPurify per window: its config and hooks are per instance, and jsdom tests bring their own window. */
const purifiers = new WeakMap<Window, Purifier>();

function sanitize(html: string, document: Document): DocumentFragment {
  const window = document.defaultView;
  if (window === null) throw new TypeError('renderMarkdown needs a document that belongs to a window.');
  let purifier = purifiers.get(window);
  if (purifier === undefined) {
    purifier = DOMPurify(window);
    purifiers.set(window, purifier);
  }
  // Never fall back to unsanitised HTML: DOMPurify reports whether it can work in this window.
  if (!purifier.isSupported) throw new TypeError('DOMPurify cannot sanitise in this window.');
  return purifier.sanitize(html, SANITIZE_CONFIG);
}

/**
 * Links: only `#fragment` links keep their `href`. Any other link would take the analyst's page elsewhere on a
 * click (CSP cannot stop a navigation, RELIABILITY.md finding 4), and a notebook's author is a stranger. Rather
 * than a link that asks first, the link becomes plain text with the address in its `title`, so the reader can
 * still see it (and copy it by hand). The address is shown as markdown-it normalised it: percent-encoded, with
 * host names in punycode, so a look-alike host or a right-to-left override cannot disguise it. Addresses of
 * other schemes than web and mail are not shown at all (markdown-it and DOMPurify have dropped the dangerous
 * ones already; this keeps the rule independent of them).
 */
function restrictLinks(root: DocumentFragment): void {
  for (const link of root.querySelectorAll('a')) {
    const href = link.getAttribute('href');
    if (href !== null && href.startsWith('#')) continue;
    link.removeAttribute('href');
    if (href !== null && isShowableAddress(href)) link.setAttribute('title', href);
    else link.removeAttribute('title');
  }
}

function isShowableAddress(href: string): boolean {
  return /^(https?:\/\/|mailto:)[^\s]*$/i.test(href);
}

/**
 * Images: only pictures carried inside the file. An external image is a tracking beacon (it tells a server the
 * notebook was opened, and by whom); CSP would block it, but the page does not even try.
 */
const INLINE_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;

function restrictImages(root: DocumentFragment): void {
  for (const image of root.querySelectorAll('img')) {
    if (!INLINE_IMAGE.test(image.getAttribute('src') ?? '')) image.remove();
  }
}

/**
 * A reference inside an attribute (a link's address or title, an image's alt text) is never given its value,
 * which would let a query result choose a URL; it shows its own source text, like a missing value.
 */
function restoreAttributeSources(root: DocumentFragment, references: readonly ValueReference[]): void {
  const sourceOf = (_: string, index: string) => references[Number(index)]?.source ?? '';
  for (const element of root.querySelectorAll('*')) {
    for (const attribute of [...element.attributes]) {
      const value = attribute.value
        .replace(ENCODED_PLACEHOLDER, (match, index: string) => encodeURI(sourceOf(match, index)))
        .replace(PLACEHOLDER, sourceOf)
        .replace(PLACEHOLDER_CHARS, '');
      if (value !== attribute.value) element.setAttribute(attribute.name, value);
    }
  }
}

/** `NodeFilter.SHOW_TEXT`, spelled out because Node has no `NodeFilter` global. */
const SHOW_TEXT = 0x4;

/** Replaces each placeholder in the text by its value: a `<span>` holding a text node, never parsed. */
function insertValues(
  root: DocumentFragment,
  references: readonly ValueReference[],
  lookup: ValueLookup
): void {
  const document = root.ownerDocument;
  const walker = document.createTreeWalker(root, SHOW_TEXT);
  // Collected first: the walk must not visit the value nodes it inserts (a value may hold `\uE000…`).
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    if ((node.nodeValue ?? '').includes(PLACEHOLDER_OPEN)) texts.push(node as Text);
  }
  for (const node of texts) {
    const parts = document.createDocumentFragment();
    let last = 0;
    const content = node.data;
    const appendText = (text: string) => {
      const clean = text.replace(PLACEHOLDER_CHARS, '');
      if (clean !== '') parts.append(clean);
    };
    for (const match of content.matchAll(PLACEHOLDER)) {
      appendText(content.slice(last, match.index));
      const reference = references[Number(match[1])];
      if (reference !== undefined) parts.append(toValueElement(document, reference, lookup));
      last = match.index + match[0].length;
    }
    appendText(content.slice(last));
    node.replaceWith(parts);
  }
}

function toValueElement(document: Document, reference: ValueReference, lookup: ValueLookup): HTMLElement {
  const value = lookup(reference.name, reference.field);
  const span = document.createElement('span');
  span.className = value === null ? 'md-value md-missing' : 'md-value';
  span.textContent = value ?? reference.source;
  return span;
}
