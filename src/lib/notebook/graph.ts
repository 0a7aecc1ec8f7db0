import { findMarkdownReferences } from './markdown-references';
import type { Cell, Notebook } from './model';
import { toNameKey } from './names';
import { findSqlReferences } from './sql-references';

/**
 * Why a cell cannot run. Every issue blocks the cell, and cells downstream of it (`GraphNode.blockedBy`); the
 * rest of the notebook runs (RELIABILITY.md §3.1 item 33).
 */
export type CellIssue =
  | { kind: 'cycle'; cells: string[]; message: string }
  | {
      kind: 'missing-name';
      name: string;
      /** Where the name was used: as a table in SQL, a `:parameter`, chart data, input options, markdown. */
      usage: NameUsage;
      message: string;
    }
  | { kind: 'wrong-kind'; name: string; usage: NameUsage; definedBy: string; message: string }
  | { kind: 'duplicate-name'; name: string; definedBy: string; message: string }
  | { kind: 'shadows-table'; name: string; message: string };

export type NameUsage = 'table' | 'parameter' | 'data' | 'source' | 'markdown';

export interface GraphNode {
  id: string;
  kind: Cell['kind'];
  /** What the cell defines: its result's, chart's or parameter's name. */
  name: string | null;
  /** Cells this one reads, directly (results and inputs), in notebook order. */
  upstream: string[];
  /** Cells that read this one, directly, in notebook order. */
  downstream: string[];
  /** Parameter names the SQL uses (without prefix), as written. */
  parameters: string[];
  /** Data tables the SQL reads (not cell results, not CTEs), as written or as listed in `options.tables`. */
  tables: string[];
  issues: CellIssue[];
  /** Cells upstream (at any distance) that have issues: this one cannot run until they are fixed. */
  blockedBy: string[];
}

export interface NotebookGraph {
  nodes: ReadonlyMap<string, GraphNode>;
  /** Every cell, each after the cells it reads; ties (and cycles) keep notebook order. */
  order: readonly string[];
}

export interface GraphOptions {
  /**
   * The tables and views in the database. When given, a table name the SQL uses that is neither a result nor
   * one of these is a `missing-name` issue, and a result named like a table is a `shadows-table` issue
   * (results are reachable by name, so one named `orders` would hide the table `orders` from every cell).
   */
  tables?: Iterable<string>;
}

interface Definition {
  cell: Cell;
  /** `result` for SQL cells; `parameter` also covers a date range's `_from`/`_to` names. */
  role: 'result' | 'chart' | 'parameter' | 'date-range';
}

/**
 * Builds the dependency graph: which names each cell reads (`findSqlReferences`, chart data, input sources,
 * `findMarkdownReferences`), resolved against the names cells define. Names share one namespace and are
 * compared as SQLite compares identifiers (ASCII case folded); the first cell to define a name owns it.
 */
export function buildGraph(notebook: Notebook, options: GraphOptions = {}): NotebookGraph {
  const knownTables = options.tables === undefined ? null : new Map<string, string>();
  for (const table of options.tables ?? []) knownTables?.set(toNameKey(table), table);

  const nodes = new Map<string, GraphNode>();
  const definitions = new Map<string, Definition>();
  const index = new Map<string, number>();
  notebook.cells.forEach((cell, position) => {
    index.set(cell.id, position);
    const name = cell.kind === 'markdown' ? null : cell.name;
    const node: GraphNode = {
      id: cell.id,
      kind: cell.kind,
      name,
      upstream: [],
      downstream: [],
      parameters: [],
      tables: [],
      issues: [],
      blockedBy: []
    };
    nodes.set(cell.id, node);
    if (name === null) return;
    const names: [string, Definition['role']][] =
      cell.kind === 'sql'
        ? [[name, 'result']]
        : cell.kind === 'chart'
          ? [[name, 'chart']]
          : cell.kind === 'input' && cell.control.kind === 'date-range'
            ? [
                [name, 'date-range'],
                [`${name}_from`, 'parameter'],
                [`${name}_to`, 'parameter']
              ]
            : [[name, 'parameter']];
    for (const [defined, role] of names) {
      const key = toNameKey(defined);
      const owner = definitions.get(key);
      if (owner !== undefined) {
        node.issues.push({
          kind: 'duplicate-name',
          name: defined,
          definedBy: owner.cell.id,
          message: `"${defined}" is already defined by cell ${owner.cell.id}; give this one another name.`
        });
        continue;
      }
      definitions.set(key, { cell, role });
      if (role === 'result' && knownTables?.has(key)) {
        node.issues.push({
          kind: 'shadows-table',
          name: defined,
          message: `"${defined}" is the name of a table in the database; name this result differently.`
        });
      }
    }
  });

  const edges = new Map<string, Set<string>>();
  for (const cell of notebook.cells) {
    const node = nodes.get(cell.id) as GraphNode;
    const upstream = new Set<string>();
    edges.set(cell.id, upstream);
    const use = (name: string, usage: NameUsage) => {
      const issue = resolve(name, usage, definitions, knownTables, node);
      if (issue !== null) node.issues.push(issue);
    };
    if (cell.kind === 'sql') {
      const references = findSqlReferences(cell.sql);
      for (const table of references.tables) use(table.name, 'table');
      for (const parameter of references.parameters) use(parameter.name, 'parameter');
    } else if (cell.kind === 'chart') {
      if (cell.data !== null) use(cell.data, 'data');
    } else if (cell.kind === 'input') {
      if ((cell.control.kind === 'select' || cell.control.kind === 'multi-select') && cell.control.source) {
        use(cell.control.source, 'source');
      }
    } else {
      for (const name of findMarkdownReferences(cell.text)) use(name, 'markdown');
    }
    for (const id of node.upstream) upstream.add(id);
  }
  for (const node of nodes.values()) {
    node.upstream = [...new Set(node.upstream)].sort((a, b) => (index.get(a) ?? 0) - (index.get(b) ?? 0));
    for (const id of node.upstream) nodes.get(id)?.downstream.push(node.id);
  }

  const components = stronglyConnected(
    notebook.cells.map((cell) => cell.id),
    edges
  );
  for (const component of components) {
    const selfLoop = component.length === 1 && edges.get(component[0])?.has(component[0]);
    if (component.length < 2 && !selfLoop) continue;
    const cells = [...component].sort((a, b) => (index.get(a) ?? 0) - (index.get(b) ?? 0));
    const path = [...cells, cells[0]].map((id) => describeCell(nodes.get(id) as GraphNode)).join(' → ');
    for (const id of cells) {
      (nodes.get(id) as GraphNode).issues.push({
        kind: 'cycle',
        cells,
        message:
          cells.length === 1
            ? 'This cell reads its own result.'
            : `These cells read each other in a circle: ${path}. Break the circle to run them.`
      });
    }
  }

  const order = topologicalOrder(components, edges, index);
  // Blockers are worked out per component, in run order: the members of a cycle block each other, and
  // share whatever blocks any one of them from outside.
  const componentOf = new Map<string, string[]>();
  for (const component of components) for (const id of component) componentOf.set(id, component);
  const done = new Set<string[]>();
  for (const id of order) {
    const component = componentOf.get(id) as string[];
    if (done.has(component)) continue;
    done.add(component);
    const outside = new Set<string>();
    for (const member of component) {
      for (const upstreamId of (nodes.get(member) as GraphNode).upstream) {
        if (component.includes(upstreamId)) continue;
        const upstream = nodes.get(upstreamId) as GraphNode;
        if (upstream.issues.length > 0) outside.add(upstreamId);
        for (const blocker of upstream.blockedBy) outside.add(blocker);
      }
    }
    for (const member of component) {
      const blockers = new Set(outside);
      if (component.length > 1) for (const other of component) if (other !== member) blockers.add(other);
      (nodes.get(member) as GraphNode).blockedBy = [...blockers].sort(
        (a, b) => (index.get(a) ?? 0) - (index.get(b) ?? 0)
      );
    }
  }
  return { nodes, order };
}

/** The cells to re-run when `cellIds` changed: those cells and everything downstream, in run order. */
export function downstreamOf(graph: NotebookGraph, cellIds: Iterable<string>): string[] {
  const reached = new Set<string>();
  const pending = [...cellIds].filter((id) => graph.nodes.has(id));
  while (pending.length > 0) {
    const id = pending.pop() as string;
    if (reached.has(id)) continue;
    reached.add(id);
    pending.push(...(graph.nodes.get(id)?.downstream ?? []));
  }
  return graph.order.filter((id) => reached.has(id));
}

/**
 * The cells that read any of these parameters or tables directly; pass them to `downstreamOf` for everything
 * to re-run after the data or a parameter changed.
 */
export function readersOf(
  graph: NotebookGraph,
  changed: { parameters?: Iterable<string>; tables?: Iterable<string> }
): string[] {
  const parameters = new Set([...(changed.parameters ?? [])].map(toNameKey));
  const tables = new Set([...(changed.tables ?? [])].map(toNameKey));
  return graph.order.filter((id) => {
    const node = graph.nodes.get(id) as GraphNode;
    return (
      node.parameters.some((name) => parameters.has(toNameKey(name))) ||
      node.tables.some((name) => tables.has(toNameKey(name)))
    );
  });
}

/** Every data table some cell reads: the ones the notebook's fingerprints should describe. */
export function tablesRead(graph: NotebookGraph): string[] {
  const tables = new Map<string, string>();
  for (const id of graph.order) {
    for (const table of (graph.nodes.get(id) as GraphNode).tables) {
      if (!tables.has(toNameKey(table))) tables.set(toNameKey(table), table);
    }
  }
  return [...tables.values()];
}

function resolve(
  name: string,
  usage: NameUsage,
  definitions: ReadonlyMap<string, Definition>,
  knownTables: ReadonlyMap<string, string> | null,
  node: GraphNode
): CellIssue | null {
  const key = toNameKey(name);
  const definition = definitions.get(key);
  if (usage === 'parameter' && !node.parameters.some((known) => toNameKey(known) === key)) {
    node.parameters.push(name);
  }
  if (definition === undefined) {
    // SQLite's own schema tables (sqlite_schema, sqlite_master, …) always exist and are not data.
    if (usage === 'table' && key.startsWith('sqlite_')) return null;
    if (usage === 'table') {
      if (knownTables === null) {
        addOnce(node.tables, name);
        return null;
      }
      const table = knownTables.get(key);
      if (table !== undefined) {
        addOnce(node.tables, table);
        return null;
      }
    }
    return { kind: 'missing-name', name, usage, message: missingMessage(name, usage) };
  }
  const wanted: Record<NameUsage, readonly Definition['role'][]> = {
    table: ['result'],
    data: ['result'],
    source: ['result'],
    parameter: ['parameter'],
    markdown: ['result', 'parameter', 'date-range']
  };
  if (!wanted[usage].includes(definition.role)) {
    return {
      kind: 'wrong-kind',
      name,
      usage,
      definedBy: definition.cell.id,
      message: wrongKindMessage(name, usage, definition)
    };
  }
  node.upstream.push(definition.cell.id);
  return null;
}

function addOnce(names: string[], name: string): void {
  if (!names.some((known) => toNameKey(known) === toNameKey(name))) names.push(name);
}

function missingMessage(name: string, usage: NameUsage): string {
  switch (usage) {
    case 'table':
      return `No cell result or table is named "${name}".`;
    case 'parameter':
      return `No input sets the parameter "${name}".`;
    case 'data':
      return `The chart's data "${name}" is not the name of any SQL cell.`;
    case 'source':
      return `The options' source "${name}" is not the name of any SQL cell.`;
    case 'markdown':
      return `{{${name}}} names no result or parameter.`;
  }
}

function wrongKindMessage(name: string, usage: NameUsage, definition: Definition): string {
  const by = `cell ${definition.cell.id}`;
  if (definition.role === 'date-range' && usage === 'parameter') {
    return `"${name}" is a date range: use :${name}_from and :${name}_to.`;
  }
  if (definition.role === 'parameter' || definition.role === 'date-range') {
    return `"${name}" is a parameter (set by ${by}), not a result: write :${name} in SQL.`;
  }
  if (definition.role === 'chart') return `"${name}" is a chart (${by}); only SQL cells have results.`;
  return `"${name}" is a result (${by}), not a parameter: read it with FROM ${name}.`;
}

function describeCell(node: GraphNode): string {
  return node.name === null ? node.id : node.name;
}

/** Tarjan's algorithm without recursion (a long chain of cells must not overflow the stack). */
function stronglyConnected(ids: readonly string[], edges: ReadonlyMap<string, Set<string>>): string[][] {
  const indexOf = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of ids) {
    if (indexOf.has(root)) continue;
    const work: { id: string; neighbours: string[]; next: number }[] = [];
    const visit = (id: string) => {
      indexOf.set(id, counter);
      lowLink.set(id, counter);
      counter++;
      stack.push(id);
      onStack.add(id);
      work.push({ id, neighbours: [...(edges.get(id) ?? [])], next: 0 });
    };
    visit(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.next < frame.neighbours.length) {
        const neighbour = frame.neighbours[frame.next++];
        if (!indexOf.has(neighbour)) visit(neighbour);
        else if (onStack.has(neighbour)) {
          lowLink.set(frame.id, Math.min(lowLink.get(frame.id) as number, indexOf.get(neighbour) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) {
        lowLink.set(parent.id, Math.min(lowLink.get(parent.id) as number, lowLink.get(frame.id) as number));
      }
      if (lowLink.get(frame.id) === indexOf.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        components.push(component);
      }
    }
  }
  return components;
}

/**
 * Components (a cycle is one) in an order where each comes after those it reads; among the ones ready to go,
 * the one holding the earliest cell goes first, so the order is as close to the notebook's as it can be.
 */
function topologicalOrder(
  components: readonly string[][],
  edges: ReadonlyMap<string, Set<string>>,
  index: ReadonlyMap<string, number>
): string[] {
  const componentOf = new Map<string, number>();
  components.forEach((component, i) => component.forEach((id) => componentOf.set(id, i)));
  const waitingOn = components.map(() => new Set<number>());
  const readers = components.map(() => new Set<number>());
  for (const [id, upstream] of edges) {
    const to = componentOf.get(id) as number;
    for (const upstreamId of upstream) {
      const from = componentOf.get(upstreamId) as number;
      if (from === to) continue;
      waitingOn[to].add(from);
      readers[from].add(to);
    }
  }
  const first = components.map((component) => Math.min(...component.map((id) => index.get(id) ?? 0)));
  const ready = components.map((_, i) => i).filter((i) => waitingOn[i].size === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => first[b] - first[a]);
    const next = ready.pop() as number;
    order.push(...[...components[next]].sort((a, b) => (index.get(a) ?? 0) - (index.get(b) ?? 0)));
    for (const reader of readers[next]) {
      waitingOn[reader].delete(next);
      if (waitingOn[reader].size === 0) ready.push(reader);
    }
  }
  return order;
}
