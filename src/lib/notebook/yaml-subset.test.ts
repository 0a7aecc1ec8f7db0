import { describe, expect, it } from 'vitest';
import { NotebookError } from './failure';
import { parseYamlSubset, serializeYamlSubset, toYamlString, yamlKeyLine, type YamlMap } from './yaml-subset';

const parse = (text: string) => parseYamlSubset(text.split('\n'), 1);

describe('toYamlString', () => {
  it.each([
    ['plain words', 'plain words'],
    ['sha256:abc', 'sha256:abc'],
    ["it's", "it's"],
    ['Ünïcode', 'Ünïcode'],
    ['a: b', "'a: b'"],
    ['5', "'5'"],
    ['2024-01-01', "'2024-01-01'"],
    ['-y', "'-y'"],
    ['yes', "'yes'"],
    ['Null', "'Null'"],
    ['', "''"],
    [' padded ', "' padded '"],
    ["'quoted'", `"'quoted'"`],
    ['say "hi"', 'say "hi"'],
    ["it's C:\\x", "it's C:\\x"],
    [' say "hi" ', `' say "hi" '`],
    ["5 o'clock", `"5 o'clock"`],
    [`-5 "x" 'y'`, `'-5 "x" ''y'''`],
    ['5\\x', "'5\\x'"],
    ['line\nbreak', '"line\\nbreak"'],
    ['tab\t"quote"\\', '"tab\\t\\"quote\\"\\\\"'],
    ['\u0000\u2028\ufeff', '"\\u0000\\u2028\\ufeff"']
  ])('%j is written %s', (value, written) => {
    expect(toYamlString(value)).toBe(written);
    expect(parse(`key: ${written}`).get('key')).toBe(value);
  });
});

describe('parseYamlSubset', () => {
  it('reads scalars, lists, maps and lists of maps', () => {
    const map = parse(
      [
        'text: hello world',
        'number: -12.5e3',
        'zero: -0',
        'yes: true',
        'nothing: null',
        'tilde: ~',
        'empty list: []',
        'empty map: {}',
        'list:',
        '  - a',
        '  - 2',
        'nested:',
        '  inner: x',
        'rows:',
        '  - name: orders',
        '    columns:',
        '      - id: TEXT',
        '  - name: other',
        "'quoted key': 1"
      ].join('\n')
    );
    expect(map).toEqual(
      new Map<string, unknown>([
        ['text', 'hello world'],
        ['number', -12500],
        ['zero', 0],
        ['yes', true],
        ['nothing', null],
        ['tilde', null],
        ['empty list', []],
        ['empty map', new Map()],
        ['list', ['a', 2]],
        ['nested', new Map([['inner', 'x']])],
        [
          'rows',
          [
            new Map<string, unknown>([
              ['name', 'orders'],
              ['columns', [new Map([['id', 'TEXT']])]]
            ]),
            new Map([['name', 'other']])
          ]
        ],
        ['quoted key', 1]
      ])
    );
    expect(Object.is(map.get('zero'), 0)).toBe(true);
    expect(yamlKeyLine(map, 'rows')).toBe(14);
  });

  it('writes what it reads, byte for byte', () => {
    const text = [
      'crossbook: 2',
      'title: Revenue',
      'tables:',
      '  - name: orders',
      '    rowCount: 600',
      '    columns:',
      '      - order_id: TEXT',
      "      - 'Order: ID': ''",
      'sort:',
      '  by: value',
      'options:',
      '  - DE',
      '  - 1.5'
    ].join('\n');
    expect(serializeYamlSubset(parse(text)).join('\n')).toBe(text);
  });

  it('keeps __proto__ as a plain key of a Map', () => {
    const map = parse('__proto__:\n  polluted: true\nconstructor: x');
    expect([...map.keys()]).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['key value', /Expected "key: value"/, 1],
    ['a: 1\n  b: 2', /indented more/, 2],
    ['a:\n   b: 1', /two spaces/, 2],
    ['a:', /"a" has no value/, 1],
    ['a:\n  - x\n  b: 1', /Expected a list item/, 3],
    ['a:\n  b: 1\n  - x', /A list item/, 3],
    ['a:\n  -  x', /Write a list item as "- value"/, 2],
    ['a:\n  - - x', /must be quoted/, 2],
    ['a: {b: 1}', /starting with "\{" must be quoted/, 1],
    ['a: *ref', /must be quoted/, 1],
    ['a: |', /must be quoted/, 1],
    ['a: b: c', /": " or " #" must be quoted/, 1],
    ['a: b #comment', /must be quoted/, 1],
    ['a: -x', /starting with "-" must be quoted/, 1],
    ['a: -1abc', /"-1abc" is not a number/, 1],
    ['a: 1e999', /out of range/, 1],
    ["a: 'open", /not closed/, 1],
    ['a: "x" y', /Unexpected text after a quoted value/, 1],
    ['a: "\\u12"', /four hex digits/, 1],
    ['a: "\\x41"', /Unknown escape/, 1],
    ['- a', /A list item/, 1],
    ['-bad: 1', /key "-bad" must be quoted/, 1],
    ['a: 1\na: 2', /appears twice/, 2],
    ['\ta: 1', /spaces only/, 1],
    ['a: 1\n# note', /Comments/, 2]
  ])('refuses %j', (text, message, line) => {
    let error: unknown;
    try {
      parse(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NotebookError);
    expect((error as NotebookError).reason).toBe('corrupt');
    expect((error as NotebookError).message).toMatch(message);
    expect((error as NotebookError).where?.line).toBe(line);
  });

  it('refuses nesting deeper than the cap before reading anything', () => {
    const lines = Array.from({ length: 10 }, (_, depth) => `${'  '.repeat(depth)}l${depth}:`);
    lines.push(`${'  '.repeat(10)}end: 1`);
    expect(() => parseYamlSubset(lines, 1)).toThrow(
      expect.objectContaining({ reason: 'too-deep', where: { line: 10 } })
    );
  });

  it('refuses to write a list inside a list, which it could not read back', () => {
    const map: YamlMap = new Map([['a', [['x']]]]);
    expect(() => serializeYamlSubset(map)).toThrow(TypeError);
  });
});
