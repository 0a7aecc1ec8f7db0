// @vitest-environment jsdom
import { JSDOM } from 'jsdom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handlerGlobal, unsafeMarkup } from '../../../../tests/support/unsafe-markup';
import { renderMarkdown, type ValueLookup } from './render-markdown';

const nothing: ValueLookup = () => null;

function toHtml(fragment: DocumentFragment): string {
  const container = document.createElement('div');
  container.append(fragment);
  return container.innerHTML;
}

function render(markdown: string, lookup: ValueLookup = nothing): string {
  return toHtml(renderMarkdown(markdown, lookup));
}

describe('renderMarkdown: Markdown', () => {
  it('renders headings, lists, quotes, rules, breaks, emphasis and code', () => {
    const markdown = [
      '# One',
      '## Two',
      '',
      '- a',
      '- b',
      '',
      '3. three',
      '4. four',
      '',
      '> quoted',
      '',
      '---',
      '',
      'line  ',
      'break *em* **strong** ~~gone~~ `x < 1`',
      '',
      '```sql',
      'SELECT 1',
      '```'
    ].join('\n');
    expect(render(markdown)).toBe(
      '<h1>One</h1>\n<h2>Two</h2>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol start="3">\n<li>three</li>\n' +
        '<li>four</li>\n</ol>\n<blockquote>\n<p>quoted</p>\n</blockquote>\n<hr>\n<p>line<br>\nbreak ' +
        '<em>em</em> <strong>strong</strong> <s>gone</s> <code>x &lt; 1</code></p>\n' +
        // No class="language-sql": the info string is the author's text, and only our classes pass.
        '<pre><code>SELECT 1\n</code></pre>\n'
    );
  });

  it('renders tables with alignment as the align attribute, never a style', () => {
    const html = render('| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |');
    expect(html).toBe(
      '<table>\n<thead>\n<tr>\n<th align="left">a</th>\n<th align="center">b</th>\n<th align="right">c</th>\n' +
        '</tr>\n</thead>\n<tbody>\n<tr>\n<td align="left">1</td>\n<td align="center">2</td>\n' +
        '<td align="right">3</td>\n</tr>\n</tbody>\n</table>\n'
    );
  });

  it('renders into the document it is given', () => {
    const other = new JSDOM('<!DOCTYPE html><p>other</p>').window;
    const fragment = renderMarkdown('*hi*', nothing, other.document);
    expect(fragment).toBeInstanceOf(other.DocumentFragment);
    expect(fragment.ownerDocument).toBe(other.document);
    expect(fragment.querySelector('em')?.textContent).toBe('hi');
  });
});

/** Raw HTML in the source: shown as text (every character of it), never as an element. */
const RAW_HTML: [string, string][] = [
  ['script', '<script>window.__xss = 1; alert(1)</script>'],
  ['img onerror', '<img src=x onerror="window.__xss=1;alert(1)">'],
  ['svg onload', '<svg onload=alert(1)><circle r=10 /></svg>'],
  ['svg animate', '<svg><animate onbegin=alert(1) attributeName=x dur=1s>'],
  ['math', '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>'],
  ['iframe', '<iframe src="https://evil.example" srcdoc="<script>alert(1)</script>"></iframe>'],
  ['style', '<style>@import url(https://evil.example/x.css); body { display: none }</style>'],
  [
    'form',
    '<form action="https://evil.example"><input name=q><button formaction=javascript:alert(1)>go</button></form>'
  ],
  ['a javascript', '<a href="javascript:alert(1)">click</a>'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
  ['base', '<base href="https://evil.example/">'],
  ['noscript mXSS', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
  ['svg style mXSS', '<svg><style><img src=x onerror=alert(1)></style></svg>'],
  ['Caja select mXSS', '<select><iframe></select><img src=x: onerror=alert(1)>'],
  ['MathML form mXSS', '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>'],
  ['clobber form id', '<form id=x><output id=y>clobbered</output></form>'],
  ['clobber img name', '<img name=getElementById>'],
  [
    'css injection',
    '<div style="background:url(https://evil.example/t.png);position:fixed;inset:0">pay</div>'
  ],
  ['data attribute', '<button data-commandlinker-command="terminal:create-new">run</button>']
];

/** Markdown links whose targets are scripts or documents: none may keep an href. */
const HOSTILE_LINKS: [string, string][] = [
  ['javascript', '[x](javascript:alert(1))'],
  ['upper case', '[x](JAVASCRIPT:alert(1))'],
  ['named entity colon', '[x](JAVASCRIPT&colon;alert(1))'],
  ['decimal entities', '[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))'],
  ['hex entities', '[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))'],
  ['tab inside', '[x](<java\tscript:alert(1)>)'],
  ['space inside', '[x](<java script:alert(1)>)'],
  ['newline entity', '[x](java&#10;script:alert(1))'],
  ['percent newline', '[x](java%0ascript:alert(1))'],
  ['control character', '[x](\u0001javascript:alert(1))'],
  ['leading space', '[x]( javascript:alert(1))'],
  ['vbscript', '[x](vbscript:msgbox(1))'],
  ['data html', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['data html upper', '[x](DATA:text/html,hi)'],
  ['reference definition', '[x][evil]\n\n[evil]: javascript:alert(1)'],
  ['autolink', '<javascript:alert(1)>'],
  ['image link', '[![x](data:image/png;base64,iVBORw0KGgo=)](javascript:alert(1))']
];

describe('renderMarkdown: hostile input', () => {
  const page = handlerGlobal();
  let alert: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    alert = vi.spyOn(page, 'alert').mockImplementation(() => {});
    Reflect.deleteProperty(page, '__xss');
  });
  afterEach(() => {
    alert.mockRestore();
    document.body.replaceChildren();
  });

  /**
   * Puts the output into the live page and fires the events inline handlers listen for. Vitest's jsdom runs
   * inline handlers (`runScripts: 'dangerously'`; the control test below proves it), so a surviving `on*`
   * attribute would call `alert` or set `window.__xss`.
   */
  function mountAndPoke(fragment: DocumentFragment): void {
    const host = document.createElement('div');
    host.append(fragment);
    document.body.append(host);
    for (const element of host.querySelectorAll('*')) {
      for (const type of ['click', 'mouseover', 'focus', 'load', 'error', 'toggle', 'pointerenter']) {
        element.dispatchEvent(new Event(type));
      }
    }
  }

  it('detects a handler that fires (control: this harness can fail)', () => {
    const element = document.createElement('p');
    element.setAttribute('onclick', 'window.__xss = 1; alert(1)');
    const fragment = document.createDocumentFragment();
    fragment.append(element);
    expect(unsafeMarkup(fragment)).toEqual(['p[onclick]']);
    mountAndPoke(fragment);
    expect(alert).toHaveBeenCalledTimes(1);
    expect(Reflect.get(page, '__xss')).toBe(1);
  });

  it.each(RAW_HTML)('shows raw HTML as text: %s', (_, payload) => {
    const fragment = renderMarkdown(payload, nothing);
    expect(unsafeMarkup(fragment)).toEqual([]);
    expect(fragment.querySelectorAll('*')).toHaveLength(1);
    expect(fragment.firstElementChild?.localName).toBe('p');
    expect(fragment.textContent?.trim()).toBe(payload);
    mountAndPoke(fragment);
    expect(alert).not.toHaveBeenCalled();
    expect(Reflect.get(page, '__xss')).toBeUndefined();
  });

  it.each(HOSTILE_LINKS)('keeps no script or document link: %s', (_, markdown) => {
    const fragment = renderMarkdown(markdown, nothing);
    expect(unsafeMarkup(fragment)).toEqual([]);
    expect(fragment.querySelectorAll('[href]')).toHaveLength(0);
    expect(fragment.querySelectorAll('[title]')).toHaveLength(0);
    mountAndPoke(fragment);
    expect(alert).not.toHaveBeenCalled();
  });

  it('keeps #fragment links and turns every other link into text with its address as the title', () => {
    expect(render('[next](#part-2 "Part 2")')).toBe('<p><a href="#part-2" title="Part 2">next</a></p>\n');
    expect(render('[docs](https://evil.example/a?b=1 "trust me")')).toBe(
      '<p><a title="https://evil.example/a?b=1">docs</a></p>\n'
    );
    expect(render('<https://evil.example>')).toBe(
      '<p><a title="https://evil.example">https://evil.example</a></p>\n'
    );
    expect(render('[mail](mailto:a@b.example)')).toBe('<p><a title="mailto:a@b.example">mail</a></p>\n');
    // Same-site addresses would still leave the page; they get no title since they are not full addresses.
    expect(render('[up](../secret) [root](/x) [proto](//evil.example/x)')).toBe(
      '<p><a>up</a> <a>root</a> <a>proto</a></p>\n'
    );
    // A look-alike host and a right-to-left override show as what they are.
    expect(render('[bank](https://b\u0430nk.example/\u202egpj.exe)')).toBe(
      '<p><a title="https://xn--bnk-6cd.example/%E2%80%AEgpj.exe">bank</a></p>\n'
    );
  });

  it('keeps only inline base64 raster images', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(render(`![chart](${png})`)).toBe(`<p><img src="${png}" alt="chart"></p>\n`);
    const dropped = [
      '![t](https://evil.example/t.png)',
      '![t](//evil.example/t.png)',
      '![t](t.png)',
      '![t][pixel]\n\n[pixel]: https://evil.example/p.gif',
      '![t](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+PC9zdmc+)',
      '![t](data:image/png,hello)',
      '![t](data:image/png;base64,iVBOR w0KGgo=)'
    ];
    for (const markdown of dropped) {
      const fragment = renderMarkdown(markdown, nothing);
      expect(fragment.querySelector('img'), markdown).toBeNull();
      expect(unsafeMarkup(fragment)).toEqual([]);
    }
  });
});

describe('renderMarkdown: value references', () => {
  const values: Record<string, string> = {
    'revenue.total': '<img src=x onerror=alert(1)>',
    'notes.text': '**bold** [x](javascript:alert(1))',
    country: 'DE'
  };
  function recordingLookup(calls: [string, string | null][]): ValueLookup {
    return (name, field) => {
      calls.push([name, field]);
      return values[field === null ? name : `${name}.${field}`] ?? null;
    };
  }

  it('inserts values as text, whatever they hold', () => {
    const calls: [string, string | null][] = [];
    const fragment = renderMarkdown(
      'Total: {{revenue.total}}, notes: {{ notes.text }}, in {{country}}.',
      recordingLookup(calls)
    );
    expect(calls).toEqual([
      ['revenue', 'total'],
      ['notes', 'text'],
      ['country', null]
    ]);
    expect(toHtml(fragment)).toBe(
      '<p>Total: <span class="md-value">&lt;img src=x onerror=alert(1)&gt;</span>, notes: ' +
        '<span class="md-value">**bold** [x](javascript:alert(1))</span>, in <span class="md-value">DE</span>.</p>\n'
    );
  });

  it('shows a missing value as its reference, marked missing', () => {
    expect(render('# {{revenue.missing}} and {{nothing}}', recordingLookup([]))).toBe(
      '<h1><span class="md-value md-missing">{{revenue.missing}}</span> and ' +
        '<span class="md-value md-missing">{{nothing}}</span></h1>\n'
    );
  });

  it('fills references in code, link text and tables, but never in an address or title', () => {
    const calls: [string, string | null][] = [];
    const lookup = recordingLookup(calls);
    expect(render('`{{country}}`\n\n```\nWHERE c = {{country}}\n```', lookup)).toBe(
      '<p><code><span class="md-value">DE</span></code></p>\n' +
        '<pre><code>WHERE c = <span class="md-value">DE</span>\n</code></pre>\n'
    );
    expect(render('| c |\n|---|\n| {{country}} |', lookup)).toContain(
      '<td><span class="md-value">DE</span></td>'
    );
    calls.length = 0;
    expect(
      render('[{{country}}](#{{country}} "{{country}}") ![{{country}}](data:image/gif;base64,R0lG)', lookup)
    ).toBe(
      '<p><a href="#%7B%7Bcountry%7D%7D" title="{{country}}"><span class="md-value">DE</span></a> ' +
        '<img src="data:image/gif;base64,R0lG" alt="{{country}}"></p>\n'
    );
    // Only the link text asked for a value.
    expect(calls).toEqual([['country', null]]);
  });

  it('does not take placeholders typed by the author for references', () => {
    const calls: [string, string | null][] = [];
    const lookup = recordingLookup(calls);
    expect(render('typed \uE0000\uE001 here', lookup)).toBe('<p>typed 0 here</p>\n');
    expect(render('entities &#xE000;0&#xE001; and &#57344;0&#57345; then {{country}}', lookup)).toBe(
      '<p>entities 0 and 0 then <span class="md-value">DE</span></p>\n'
    );
    expect(calls).toEqual([['country', null]]);
  });

  it('does not read placeholders inside a value', () => {
    const calls: string[] = [];
    const lookup: ValueLookup = (name) => {
      calls.push(name);
      return name === 'a' ? '\uE0001\uE001 <b>' : 'second';
    };
    const fragment = renderMarkdown('{{a}} {{b}}', lookup);
    expect(calls).toEqual(['a', 'b']);
    const spans = [...fragment.querySelectorAll('span')].map((span) => span.textContent);
    expect(spans).toEqual(['\uE0001\uE001 <b>', 'second']);
  });
});
