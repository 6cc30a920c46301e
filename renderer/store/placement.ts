// Where a new node goes: geometry over the document's positions only (measured sizes live in the canvas),
// with every node taken as the canvas's default box. Pure, like graphOps.
import type { Graph, Position } from '../../src/graph/schema';
import { ROW_LAYOUT } from '../../src/templates/chain';

/** A node's box as the canvas lays it out (the row layout's grid, shared with the templates). */
export const NODE_BOX = { width: ROW_LAYOUT.nodeWidth, height: ROW_LAYOUT.nodeHeight };
/** The smallest step from one node to the next along the flow, per axis: one cell of the row layout. */
export const MIN_STEP = { x: ROW_LAYOUT.nodeWidth + ROW_LAYOUT.columnGap, y: ROW_LAYOUT.nodeHeight + ROW_LAYOUT.rowGap };

export type Axis = 'x' | 'y';
/** The direction data flows in, where it can be read off the positions: an axis and a signed step along it. */
export interface Flow {
  axis: Axis;
  /** Signed distance from one node to the next along `axis` (|step| ≥ MIN_STEP[axis]). */
  step: number;
}

/** Flow used when no pair of connected nodes shows one: down, like the node handles (top in, bottom out). */
export const DEFAULT_FLOW: Flow = { axis: 'y', step: MIN_STEP.y };

/** A node's position; one saved without any is stacked in document order, as the canvas shows it. */
export function positionOf(graph: Graph, id: string): Position | undefined {
  const i = graph.nodes.findIndex((n) => n.id === id);
  if (i < 0) return undefined;
  return graph.nodes[i].position ?? { x: 0, y: i * 110 };
}

/** Two boxes at these top-left corners overlap. */
export const overlaps = (a: Position, b: Position) => Math.abs(a.x - b.x) < NODE_BOX.width && Math.abs(a.y - b.y) < NODE_BOX.height;

/** The second node would sit (nearly) exactly on the first one and hide it. */
export const coincide = (a: Position, b: Position) => Math.abs(a.x - b.x) < 10 && Math.abs(a.y - b.y) < 10;

const other = (axis: Axis): Axis => (axis === 'x' ? 'y' : 'x');
const extent = (axis: Axis) => (axis === 'x' ? NODE_BOX.width : NODE_BOX.height);

/**
 * The flow from `from` to `to`, when the two sit in one row (or one column): the row-wrapped and the
 * top-down layouts both show it that way. A pair across a row break (end of one row → start of the next)
 * shows none. The step is the pair's spacing, kept between one and two minimal steps.
 */
export function flowBetween(from: Position, to: Position): Flow | undefined {
  for (const axis of ['x', 'y'] as const) {
    const d = to[axis] - from[axis];
    const off = Math.abs(to[other(axis)] - from[other(axis)]);
    if (Math.abs(d) >= extent(axis) && off < extent(other(axis)) && Math.abs(d) >= Math.abs(to[other(axis)] - from[other(axis)])) {
      const size = Math.min(Math.max(Math.abs(d), MIN_STEP[axis]), 2 * MIN_STEP[axis]);
      return { axis, step: Math.sign(d) * size };
    }
  }
  return undefined;
}

/** The first flow the given (from, to) pairs show, else the one most of the graph's edges show, else down. */
export function inferFlow(graph: Graph, pairs: readonly [string | undefined, string | undefined][]): Flow {
  const at = (id: string | undefined) => (id === undefined ? undefined : positionOf(graph, id));
  for (const [a, b] of pairs) {
    const pa = at(a);
    const pb = at(b);
    const f = pa && pb ? flowBetween(pa, pb) : undefined;
    if (f) return f;
  }
  const votes = new Map<string, { flow: Flow; n: number }>();
  for (const e of graph.edges) {
    const pa = at(e.source);
    const pb = at(e.target);
    const f = pa && pb ? flowBetween(pa, pb) : undefined;
    if (!f) continue;
    const key = `${f.axis}${Math.sign(f.step)}`;
    votes.set(key, { flow: votes.get(key)?.flow ?? f, n: (votes.get(key)?.n ?? 0) + 1 });
  }
  const best = [...votes.values()].sort((p, q) => q.n - p.n)[0];
  return best?.flow ?? DEFAULT_FLOW;
}

/** Every node reachable from `starts` along edges (the starts included), never entering `stop`. */
export function downstream(graph: Graph, starts: readonly string[], stop: ReadonlySet<string>): Set<string> {
  const seen = new Set<string>();
  const todo = starts.filter((s) => !stop.has(s));
  while (todo.length) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of graph.edges) if (e.source === id && !stop.has(e.target) && !seen.has(e.target)) todo.push(e.target);
  }
  return seen;
}

const shifted = (graph: Graph, ids: ReadonlySet<string>, flow: Flow): Graph => ({
  ...graph,
  nodes: graph.nodes.map((n) => {
    if (!ids.has(n.id)) return n;
    const p = positionOf(graph, n.id)!;
    return { ...n, position: { ...p, [flow.axis]: p[flow.axis] + flow.step } };
  }),
});

/** Some moved node now overlaps one that stayed. */
const collides = (graph: Graph, moved: ReadonlySet<string>) =>
  graph.nodes.some((a) => moved.has(a.id) && graph.nodes.some((b) => !moved.has(b.id) && overlaps(positionOf(graph, a.id)!, positionOf(graph, b.id)!)));

/**
 * Frees the spot `at` for a new node by moving `downstreamIds` one step along the flow: first only those in
 * the spot's own row (or column) ahead of it, so a row-wrapped layout keeps its other rows; all of them when
 * that would push one onto another node.
 */
export function makeRoom(graph: Graph, at: Position, flow: Flow, downstreamIds: ReadonlySet<string>): Graph {
  const across = other(flow.axis);
  const ahead = (p: Position) => Math.sign(p[flow.axis] - at[flow.axis]) !== -Math.sign(flow.step);
  const inBand = new Set(
    [...downstreamIds].filter((id) => {
      const p = positionOf(graph, id)!;
      return Math.abs(p[across] - at[across]) < extent(across) && ahead(p);
    }),
  );
  const inRow = shifted(graph, inBand, flow);
  if (!collides(inRow, inBand)) return inRow;
  return shifted(graph, downstreamIds, flow);
}

/** Whether a box at `p` overlaps any node of `graph` (other than `except`). */
export function occupied(graph: Graph, p: Position, except?: string): boolean {
  return graph.nodes.some((n) => n.id !== except && overlaps(positionOf(graph, n.id)!, p));
}

/** `p` if it is free, else the nearest free spot beside it across the flow (alternating sides), else further along. */
export function freeSpotNear(graph: Graph, p: Position, flow: Flow): Position {
  if (!occupied(graph, p)) return p;
  const across = other(flow.axis);
  for (let k = 1; k <= 12; k++)
    for (const side of [1, -1]) {
      const q = { ...p, [across]: p[across] + side * k * MIN_STEP[across] };
      if (!occupied(graph, q)) return q;
    }
  for (let k = 1; ; k++) {
    const q = { ...p, [flow.axis]: p[flow.axis] + k * flow.step };
    if (!occupied(graph, q)) return q;
  }
}

/** `p` unless a node sits exactly there; then the first spot a paste offset further on that holds none. */
export function notOnTop(graph: Graph, p: Position, offset: Position): Position {
  let q = p;
  for (let k = 0; k < 200 && graph.nodes.some((n) => coincide(positionOf(graph, n.id)!, q)); k++) q = { x: q.x + offset.x, y: q.y + offset.y };
  return q;
}

/** Below everything there is (a node added with nothing to attach to). */
export function belowAll(graph: Graph): Position {
  if (!graph.nodes.length) return { x: 0, y: 0 };
  const ps = graph.nodes.map((n) => positionOf(graph, n.id)!);
  return { x: Math.min(...ps.map((p) => p.x)), y: Math.max(...ps.map((p) => p.y)) + MIN_STEP.y };
}

/** A row-wrapped layout: nodes on a regular grid of `cols` columns, read like text (left to right, then down). */
interface RowGrid {
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  cols: number;
}

/** Distinct values, sorted, if they are evenly spaced (at least two of them). */
function evenSteps(values: number[]): number[] | undefined {
  const v = [...new Set(values.map(Math.round))].sort((a, b) => a - b);
  if (v.length < 2) return undefined;
  const d = v[1] - v[0];
  return v.every((x, i) => i === 0 || Math.abs(x - v[i - 1] - d) < 1) ? v : undefined;
}

/** The graph's row grid, when every node sits on one slot of it (two rows at least: a single row needs no wrapping). */
export function rowGrid(graph: Graph): RowGrid | undefined {
  const ps = graph.nodes.map((n) => positionOf(graph, n.id)!);
  const xs = evenSteps(ps.map((p) => p.x));
  const ys = evenSteps(ps.map((p) => p.y));
  if (!xs || !ys || xs[1] - xs[0] < NODE_BOX.width || ys[1] - ys[0] < NODE_BOX.height) return undefined;
  const grid = { x0: xs[0], y0: ys[0], dx: xs[1] - xs[0], dy: ys[1] - ys[0], cols: xs.length };
  const slots = new Set(ps.map((p) => slotOf(grid, p)));
  return slots.size === ps.length ? grid : undefined;
}

const slotOf = (g: RowGrid, p: Position) => Math.round((p.y - g.y0) / g.dy) * g.cols + Math.round((p.x - g.x0) / g.dx);
const slotAt = (g: RowGrid, s: number): Position => ({ x: g.x0 + (s % g.cols) * g.dx, y: g.y0 + Math.floor(s / g.cols) * g.dy });

/**
 * Makes room in a row-wrapped layout as text does: the new node takes the slot after `prev`, and every
 * downstream node moves one slot on (a row's last node wraps to the start of the next row). Undefined when
 * the graph is no such grid, or a node that does not move is in the way.
 */
export function reflowRows(graph: Graph, prev: string, downstreamIds: ReadonlySet<string>): { graph: Graph; at: Position } | undefined {
  const grid = rowGrid(graph);
  if (!grid) return undefined;
  const slot = (id: string) => slotOf(grid, positionOf(graph, id)!);
  const from = slot(prev) + 1;
  if ([...downstreamIds].some((id) => slot(id) < from)) return undefined;
  const staying = new Set(graph.nodes.filter((n) => !downstreamIds.has(n.id)).map((n) => slot(n.id)));
  const wanted = [from, ...[...downstreamIds].map((id) => slot(id) + 1)];
  if (wanted.some((s) => staying.has(s))) return undefined;
  return {
    graph: { ...graph, nodes: graph.nodes.map((n) => (downstreamIds.has(n.id) ? { ...n, position: slotAt(grid, slot(n.id) + 1) } : n)) },
    at: slotAt(grid, from),
  };
}

/** The nodes `ids` in edge order when they form one chain (each feeds at most one of them, one has none in). */
function chainOrder(graph: Graph, ids: readonly string[]): string[] | undefined {
  const set = new Set(ids);
  const inner = graph.edges.filter((e) => set.has(e.source) && set.has(e.target));
  const next = new Map<string, string>();
  const hasIn = new Set<string>();
  for (const e of inner) {
    if (next.has(e.source) || hasIn.has(e.target)) return undefined;
    next.set(e.source, e.target);
    hasIn.add(e.target);
  }
  const starts = ids.filter((id) => !hasIn.has(id));
  if (starts.length !== 1) return undefined;
  const order = [starts[0]];
  for (let id = next.get(starts[0]); id !== undefined; id = next.get(id)) order.push(id);
  return order.length === ids.length ? order : undefined;
}

/**
 * Where an unpacked block's layers go in a row-wrapped layout: a chain takes the instance's slot and the
 * ones after it, and everything downstream moves on by as many slots, as text reflows when a word grows.
 * Any other layout (or a branching inside) keeps the definition's own positions.
 */
export function placeUnpacked(before: Graph, after: Graph, instanceId: string, ids: readonly string[]): Graph {
  const grid = rowGrid(before);
  const order = grid && ids.length > 1 ? chainOrder(after, ids) : undefined;
  const start = positionOf(before, instanceId);
  if (!grid || !order || !start) return after;
  const fresh = new Set(ids);
  const last = order[order.length - 1];
  const moving = downstream(after, after.edges.filter((e) => e.source === last).map((e) => e.target), fresh);
  const slot = (p: Position) => slotOf(grid, p);
  const from = slot(start);
  const extra = order.length - 1;
  if ([...moving].some((id) => slot(positionOf(after, id)!) <= from)) return after;
  const staying = new Set(after.nodes.filter((n) => !fresh.has(n.id) && !moving.has(n.id)).map((n) => slot(positionOf(after, n.id)!)));
  const wanted = [...order.map((_, i) => from + i), ...[...moving].map((id) => slot(positionOf(after, id)!) + extra)];
  if (wanted.some((s) => staying.has(s))) return after;
  const target = new Map<string, Position>([
    ...order.map((id, i): [string, Position] => [id, slotAt(grid, from + i)]),
    ...[...moving].map((id): [string, Position] => [id, slotAt(grid, slot(positionOf(after, id)!) + extra)]),
  ]);
  return { ...after, nodes: after.nodes.map((n) => (target.has(n.id) ? { ...n, position: target.get(n.id)! } : n)) };
}
