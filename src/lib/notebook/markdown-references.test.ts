import { describe, expect, it } from 'vitest';
import { findMarkdownReferences, toMarkdownSegments } from './markdown-references';

describe('markdown references', () => {
  it.each([
    ['', [], []],
    ['plain', [{ kind: 'text', text: 'plain' }], []],
    [
      'Total: **{{totals.revenue}}** in {{ country }}.',
      [
        { kind: 'text', text: 'Total: **' },
        { kind: 'value', name: 'totals', field: 'revenue', source: '{{totals.revenue}}' },
        { kind: 'text', text: '** in ' },
        { kind: 'value', name: 'country', field: null, source: '{{ country }}' },
        { kind: 'text', text: '.' }
      ],
      ['totals', 'country']
    ],
    [
      '{{a}}{{a.b}}',
      [
        { kind: 'value', name: 'a', field: null, source: '{{a}}' },
        { kind: 'value', name: 'a', field: 'b', source: '{{a.b}}' }
      ],
      ['a']
    ],
    [
      '{{ 1x }} {{a b}} {{a.b.c}} {{}} {x} {{ a',
      [{ kind: 'text', text: '{{ 1x }} {{a b}} {{a.b.c}} {{}} {x} {{ a' }],
      []
    ],
    [
      '<img src=x onerror="{{x}}">',
      [
        { kind: 'text', text: '<img src=x onerror="' },
        { kind: 'value', name: 'x', field: null, source: '{{x}}' },
        { kind: 'text', text: '">' }
      ],
      ['x']
    ]
  ])('%j', (text, segments, names) => {
    expect(toMarkdownSegments(text)).toEqual(segments);
    expect(findMarkdownReferences(text)).toEqual(names);
    expect(
      toMarkdownSegments(text)
        .map((segment) => (segment.kind === 'text' ? segment.text : segment.source))
        .join('')
    ).toBe(text);
  });
});
