import { describe, expect, it } from 'vitest';
import { buildGraph, downstreamOf, readersOf, tablesRead, type GraphOptions } from './graph';
import { normalizeNotebook, type CellSpec } from './model';

const sql = (id: string, name: string | null, text: string): CellSpec => ({
  kind: 'sql',
  id,
  name,
  sql: text
});
const chart = (id: string, data: string): CellSpec => ({ kind: 'chart', id, data });
const md = (id: string, text: string): CellSpec => ({ kind: 'markdown', id, text });

function graphOf(cells: CellSpec[], options?: GraphOptions) {
  return buildGraph(normalizeNotebook({ cells }), options);
}

/** Each node as `id: upstream | issue kinds | blocked by`, for compact expectations. */
function summary(cells: CellSpec[], options?: GraphOptions): string[] {
  const graph = graphOf(cells, options);
  return graph.order.map((id) => {
    const node = graph.nodes.get(id);
    if (!node) throw new Error(id);
    const issues = node.issues.map((issue) => `${issue.kind}${'name' in issue ? `(${issue.name})` : ''}`);
    return `${id}: ${node.upstream.join(',')} | ${issues.join(',')} | ${node.blockedBy.join(',')}`;
  });
}

const ORDERS = { tables: ['orders', 'customers'] };

describe('buildGraph', () => {
  it.each<[string, CellSpec[], GraphOptions | undefined, string[]]>([
    [
      'a chain: table → result → result → chart and markdown',
      [
        md('intro', 'Total: {{totals.revenue}} for {{ country }}'),
        sql(
          'a',
          'by_country',
          'SELECT country, SUM(amount_eur) AS revenue FROM orders WHERE channel = :channel GROUP BY 1'
        ),
        sql('b', 'totals', 'SELECT SUM(revenue) AS revenue FROM by_country'),
        chart('c', 'by_country'),
        { kind: 'input', id: 'in', name: 'channel', control: { kind: 'select', source: 'channels' } },
        sql('ch', 'channels', 'SELECT DISTINCT channel FROM orders'),
        { kind: 'input', id: 'co', name: 'country' }
      ],
      ORDERS,
      [
        'ch:  |  | ',
        'in: ch |  | ',
        'a: in |  | ',
        'b: a |  | ',
        'c: a |  | ',
        'co:  |  | ',
        'intro: b,co |  | '
      ]
    ],
    [
      'a CTE named like a cell is local, not a dependency (the documented rule)',
      [
        sql('a', 'revenue', 'SELECT 1 AS x'),
        sql('b', 'other', 'WITH revenue AS (SELECT 2) SELECT * FROM revenue')
      ],
      undefined,
      ['a:  |  | ', 'b:  |  | ']
    ],
    [
      'an alias or column named like a result is not a dependency',
      [
        sql('a', 'revenue', 'SELECT SUM(amount_eur) AS revenue FROM orders'),
        sql('b', 'r2', 'SELECT o.revenue AS revenue FROM orders AS revenue_alias, orders o')
      ],
      ORDERS,
      ['a:  |  | ', 'b:  |  | ']
    ],
    [
      'names match as SQLite matches them: ASCII case folded, quotes removed',
      [sql('a', 'Revenue', 'SELECT 1'), sql('b', null, 'SELECT * FROM "REVENUE" JOIN [revenue]')],
      undefined,
      ['a:  |  | ', 'b: a |  | ']
    ],
    [
      'order follows dependencies, not position; ties keep notebook order',
      [
        sql('late', null, 'SELECT * FROM base'),
        sql('other', null, 'SELECT 2'),
        sql('early', 'base', 'SELECT 1')
      ],
      undefined,
      ['other:  |  | ', 'early:  |  | ', 'late: early |  | ']
    ],
    [
      'a cycle is reported on each of its cells, and blocks what reads it',
      [
        sql('a', 'x', 'SELECT * FROM y'),
        sql('b', 'y', 'SELECT * FROM z'),
        sql('c', 'z', 'SELECT * FROM x'),
        chart('d', 'z'),
        sql('e', null, 'SELECT 1')
      ],
      undefined,
      ['a: b | cycle | b,c', 'b: c | cycle | a,c', 'c: a | cycle | a,b', 'd: c |  | a,b,c', 'e:  |  | ']
    ],
    [
      'a cell that reads its own name is a cycle of one',
      [sql('a', 'me', 'SELECT * FROM me')],
      undefined,
      ['a: a | cycle | ']
    ],
    [
      'missing names are reported on the cell that uses them; the rest still runs',
      [
        sql('a', 'r', 'SELECT * FROM nowhere WHERE x = :missing_param'),
        chart('b', 'no_such_result'),
        md('c', '{{ghost}}'),
        { kind: 'input', id: 'd', name: 'pick', control: { kind: 'multi-select', source: 'absent' } },
        sql('e', null, 'SELECT * FROM r'),
        sql('f', null, 'SELECT * FROM orders')
      ],
      ORDERS,
      [
        'a:  | missing-name(nowhere),missing-name(missing_param) | ',
        'b:  | missing-name(no_such_result) | ',
        'c:  | missing-name(ghost) | ',
        'd:  | missing-name(absent) | ',
        'e: a |  | a',
        'f:  |  | '
      ]
    ],
    [
      'without a list of tables, unknown names are taken as tables',
      [sql('a', null, 'SELECT * FROM anything')],
      undefined,
      ['a:  |  | ']
    ],
    [
      "SQLite's own tables are never missing",
      [sql('a', null, 'SELECT name FROM sqlite_schema')],
      ORDERS,
      ['a:  |  | ']
    ],
    [
      'a name defined twice: the first cell owns it, the second is told',
      [sql('a', 'r', 'SELECT 1'), sql('b', 'R', 'SELECT 2'), sql('c', null, 'SELECT * FROM r')],
      undefined,
      ['a:  |  | ', 'b:  | duplicate-name(R) | ', 'c: a |  | ']
    ],
    [
      'a result named like a table would hide the table',
      [sql('a', 'orders', 'SELECT 1')],
      ORDERS,
      ['a:  | shadows-table(orders) | ']
    ],
    [
      'names used as the wrong kind of thing',
      [
        sql('a', 'r', 'SELECT 1'),
        { kind: 'input', id: 'p', name: 'country' },
        { kind: 'chart', id: 'ch', name: 'pic', data: 'r' },
        sql('b', null, 'SELECT * FROM country WHERE x = :r'),
        chart('c', 'pic'),
        { kind: 'input', id: 'range', name: 'period', control: { kind: 'date-range' } },
        sql('d', null, 'SELECT :period, :period_from, :period_to'),
        md('e', '{{period.from}} {{period_to}} {{pic}}')
      ],
      undefined,
      [
        'a:  |  | ',
        'p:  |  | ',
        'ch: a |  | ',
        'b:  | wrong-kind(country),wrong-kind(r) | ',
        'c:  | wrong-kind(pic) | ',
        'range:  |  | ',
        'd: range | wrong-kind(period) | ',
        'e: range | wrong-kind(pic) | '
      ]
    ]
  ])('%s', (_, cells, options, expected) => {
    expect(summary(cells, options)).toEqual(expected);
  });

  it('explains each issue in a sentence', () => {
    const graph = graphOf([
      sql('a', 'x', 'SELECT * FROM y'),
      sql('b', 'y', 'SELECT * FROM x WHERE d = :period'),
      { kind: 'input', id: 'p', name: 'period', control: { kind: 'date-range' } }
    ]);
    expect(graph.nodes.get('a')?.issues.map((issue) => issue.message)).toEqual([
      'These cells read each other in a circle: x → y → x. Break the circle to run them.'
    ]);
    expect(graph.nodes.get('b')?.issues.map((issue) => issue.message)).toEqual([
      '"period" is a date range: use :period_from and :period_to.',
      'These cells read each other in a circle: x → y → x. Break the circle to run them.'
    ]);
  });

  it('lists parameters and tables per cell, and the tables the notebook reads', () => {
    const graph = graphOf(
      [
        sql('a', 'r', 'SELECT * FROM Orders WHERE c = :country AND d > @since'),
        sql('b', null, 'SELECT * FROM r JOIN customers USING (id) JOIN orders')
      ],
      ORDERS
    );
    expect(graph.nodes.get('a')).toMatchObject({ parameters: ['country', 'since'], tables: ['orders'] });
    expect(graph.nodes.get('b')).toMatchObject({ parameters: [], tables: ['customers', 'orders'] });
    expect(tablesRead(graph)).toEqual(['orders', 'customers']);
  });

  it('handles a long chain without deep recursion', () => {
    const cells = Array.from({ length: 1_000 }, (_, i) =>
      sql(`c${i}`, `r${i}`, i === 0 ? 'SELECT 1' : `SELECT * FROM r${i - 1}`)
    );
    const graph = graphOf(cells.reverse());
    expect(graph.order[0]).toBe('c0');
    expect(graph.order.at(-1)).toBe('c999');
    expect(downstreamOf(graph, ['c998'])).toEqual(['c998', 'c999']);
  });
});

describe('downstreamOf and readersOf', () => {
  const graph = graphOf(
    [
      { kind: 'input', id: 'in', name: 'country' },
      sql('a', 'base', 'SELECT * FROM orders WHERE country = :country'),
      sql('b', 'derived', 'SELECT * FROM base'),
      chart('c', 'derived'),
      sql('d', 'other', 'SELECT * FROM customers'),
      md('e', '{{other}}')
    ],
    ORDERS
  );

  it('re-runs a changed cell and everything after it, in run order', () => {
    expect(downstreamOf(graph, ['b'])).toEqual(['b', 'c']);
    expect(downstreamOf(graph, ['c', 'a'])).toEqual(['a', 'b', 'c']);
    expect(downstreamOf(graph, ['in'])).toEqual(['in', 'a', 'b', 'c']);
    expect(downstreamOf(graph, ['unknown'])).toEqual([]);
  });

  it('finds the cells to re-run when data or a parameter changes', () => {
    expect(readersOf(graph, { tables: ['ORDERS'] })).toEqual(['a']);
    expect(downstreamOf(graph, readersOf(graph, { tables: ['customers'] }))).toEqual(['d', 'e']);
    expect(readersOf(graph, { parameters: ['country'] })).toEqual(['a']);
    expect(readersOf(graph, {})).toEqual([]);
  });
});
