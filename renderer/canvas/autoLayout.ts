// Auto layout in reading order: left to right, wrapped into rows that fit the canvas. A chain is placed on
// the row grid directly; a graph with real branches goes through ELK's layered algorithm (direction RIGHT,
// main path straight, branches beside it) and its layers are then wrapped into rows the same way.
import type { ELK as ElkApi } from 'elkjs/lib/elk-api';
import type { Graph, Position } from '../../src/graph/schema';
import { ROW_LAYOUT, rowPositions } from '../../src/templates/chain';
import { FIT_MAX_ZOOM, READABLE_ZOOM, usable, type Size } from './readableFit';

// ELK is 1.6 MB: loaded on the first layout of a branchy graph, not with the editor.
let elkPromise: Promise<ElkApi> | undefined;
const loadElk = () =>
  (elkPromise ??= import('elkjs/lib/elk.bundled.js').then((m) => {
    // CommonJS interop differs between bundlers: the constructor may sit one `default` deeper.
    const mod = m as unknown as { default: unknown };
    const Ctor = ((mod.default as { default?: unknown }).default ?? mod.default) as new () => ElkApi;
    return new Ctor();
  }));

export const DEFAULT_NODE_SIZE: Size = { width: ROW_LAYOUT.nodeWidth, height: ROW_LAYOUT.nodeHeight };

/** The widest row, in flow units, that `columns` default nodes make. */
export const rowWidth = (columns: number) => columns * ROW_LAYOUT.nodeWidth + (columns - 1) * ROW_LAYOUT.columnGap;

/**
 * The node ids in data-flow order when the graph is one simple chain (every node one input and one output
 * at most, all connected in one line); undefined otherwise.
 */
export function chainOrder(graph: Graph): string[] | undefined {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const edges = graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target);
  if (edges.length !== graph.nodes.length - 1) return undefined;
  const next = new Map<string, string>();
  const hasInput = new Set<string>();
  for (const e of edges) {
    if (next.has(e.source) || hasInput.has(e.target)) return undefined;
    next.set(e.source, e.target);
    hasInput.add(e.target);
  }
  const starts = graph.nodes.filter((n) => !hasInput.has(n.id));
  if (starts.length !== 1) return undefined;
  const order: string[] = [];
  for (let id: string | undefined = starts[0].id; id !== undefined && order.length <= graph.nodes.length; id = next.get(id)) order.push(id);
  return order.length === graph.nodes.length ? order : undefined;
}

/**
 * Columns for a chain of `count` nodes on a canvas of `pane` screen px: the count that shows the whole chain
 * at the largest zoom (up to FIT_MAX_ZOOM), the wider one on a tie, and never so wide that a row does not
 * fit at the readable zoom.
 */
export function chainColumns(count: number, pane: Size): number {
  const { nodeHeight, rowGap } = ROW_LAYOUT;
  const room = usable(pane);
  let best = 1;
  let bestZoom = 0;
  for (let c = 1; c <= Math.max(1, count); c++) {
    if (c > 1 && room.width / rowWidth(c) < READABLE_ZOOM) break;
    const rows = Math.ceil(count / c);
    const zoom = Math.min(FIT_MAX_ZOOM, room.width / rowWidth(c), room.height / (rows * nodeHeight + (rows - 1) * rowGap));
    if (zoom >= bestZoom - 1e-9) {
      best = c;
      bestZoom = zoom;
    }
  }
  return best;
}

interface Box extends Position, Size {
  id: string;
}

/**
 * Cuts a left-to-right layout into rows no wider than `maxWidth`: whole layers (nodes sharing a column)
 * move together, each row starts at x = 0 and sits below the one before with a row gap.
 */
export function wrapIntoRows(boxes: Box[], maxWidth: number): Record<string, Position> {
  const layers: Box[][] = [];
  for (const b of [...boxes].sort((a, b) => a.x - b.x)) {
    const last = layers[layers.length - 1];
    // ELK aligns a layer's nodes on their left edge; a node starting before the layer's right end joins it.
    if (last && b.x < Math.max(...last.map((l) => l.x + l.width)) - 1) last.push(b);
    else layers.push([b]);
  }
  const positions: Record<string, Position> = {};
  let rowStartX = 0;
  let rowTop = 0;
  let row: Box[] = [];
  const flush = () => {
    if (!row.length) return;
    const minY = Math.min(...row.map((b) => b.y));
    for (const b of row) positions[b.id] = { x: Math.round(b.x - rowStartX), y: Math.round(b.y - minY + rowTop) };
    rowTop += Math.max(...row.map((b) => b.y + b.height)) - minY + ROW_LAYOUT.rowGap;
    row = [];
  };
  for (const layer of layers) {
    const left = Math.min(...layer.map((b) => b.x));
    const right = Math.max(...layer.map((b) => b.x + b.width));
    if (row.length && right - rowStartX > maxWidth) flush();
    if (!row.length) rowStartX = left;
    row.push(...layer);
  }
  flush();
  return positions;
}

export interface LayoutOptions {
  /** The canvas size in screen px: rows wrap to what fits it at the readable zoom. */
  pane?: Size;
}

/** A 1280×800 window's canvas, for layouts made without one. */
export const DEFAULT_PANE: Size = { width: 780, height: 400 };

export async function layoutGraph(
  graph: Graph,
  sizes: (id: string) => Size = () => DEFAULT_NODE_SIZE,
  { pane = DEFAULT_PANE }: LayoutOptions = {},
): Promise<Record<string, Position>> {
  const order = chainOrder(graph);
  if (order) {
    const grid = rowPositions(order.length, chainColumns(order.length, pane));
    return Object.fromEntries(order.map((id, i) => [id, grid[i]]));
  }
  const ids = new Set(graph.nodes.map((n) => n.id));
  const elk = await loadElk();
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': String(ROW_LAYOUT.columnGap),
      'elk.spacing.nodeNode': '36',
      'elk.spacing.componentComponent': String(ROW_LAYOUT.rowGap),
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.separateConnectedComponents': 'false',
    },
    children: graph.nodes.map((n) => ({ id: n.id, ...sizes(n.id) })),
    edges: graph.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target)
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  const boxes = (result.children ?? []).map((c) => ({ id: c.id, x: c.x ?? 0, y: c.y ?? 0, ...sizes(c.id) }));
  return wrapIntoRows(boxes, Math.max(usable(pane).width / READABLE_ZOOM, rowWidth(1)));
}
