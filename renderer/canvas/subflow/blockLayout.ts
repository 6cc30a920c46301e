// The inside of an open composite, laid out in lanes: one lane per entry of the block (its branches side by
// side, top to bottom, in the order the block lists them), columns by longest path from the block input, the
// merge and what follows it centred across the lanes. An identity shortcut (an entry that is also the merge,
// ResidualBlock's Add) gets an empty lane of its own, so its edge runs beside the body instead of through it.
// An open composite inside is a box of its frame's size, so frames nest (a stage holding its ResidualBlocks).
// Pure geometry in flow units relative to the frame's top-left; the frame is sized to its content.
import type { Position } from '../../../src/graph/schema';
import { ROW_LAYOUT } from '../../../src/templates/chain';

/** The block's own input in an inner node's sources. */
export const BLOCK_INPUT = '';
/** The frame's side in an edge's ends: the stubs that continue the block's outer edges to the port and from the exit. */
export const BLOCK_EDGE = '⟂';

export interface InnerSpec {
  /** The inner id (unique inside the block). */
  id: string;
  /** Inner ids feeding it, BLOCK_INPUT for the block's input. */
  sources: string[];
  /** An open composite inside: its frame's size (absent: a closed node's). */
  size?: InnerSize;
  /** A caption goes above it (a repeat's number and its overrides). */
  caption?: boolean;
}

/** A node's box size and the height, from its top, where its edges meet its sides. */
export interface InnerSize {
  width: number;
  height: number;
  ioY: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Lane {
  /** The entry node that starts the lane (for an identity lane: the merge it runs to). */
  entry: string;
  /** An identity lane: no node of its own, only the block input's edge to the merge. */
  identity: boolean;
  /** The inner ids in the lane, left to right. */
  ids: string[];
  /** Where its name goes: above its first column. */
  label: Box;
}

export interface InnerEdgeRoute {
  source: string;
  target: string;
  /** Orthogonal polyline, frame-relative. */
  points: Position[];
}

export interface BlockLayout {
  width: number;
  height: number;
  nodes: Record<string, Box>;
  /** Above the nodes with a caption: where it goes. */
  captions: Record<string, Box>;
  /** The block-input port on the left, where the block's incoming edge arrives. */
  port: Box;
  /** The height where the block's outer edges meet the frame's sides (the middle of the part under the header). */
  ioY: number;
  lanes: Lane[];
  edges: InnerEdgeRoute[];
}

export const BLOCK_GEOMETRY = {
  /** Wider than a canvas node by the room its inner id takes beside its shape (e.g. "16×16×32 shortcut_bn"). */
  nodeWidth: ROW_LAYOUT.nodeWidth + 20,
  nodeHeight: ROW_LAYOUT.nodeHeight,
  columnGap: 28,
  portWidth: 70,
  portHeight: 24,
  pad: 10,
  /** The frame's own header: the block's type, name, shape, parameters and the close toggle. */
  header: 28,
  /** A lane's name (or a repeat's caption) above its nodes: one 12 px line. */
  laneLabel: 16,
  /** Kept small so an Inception module's four lanes fit a 1280×800 canvas at the readable zoom. */
  laneGap: 4,
} as const;

const G = BLOCK_GEOMETRY;

/** A closed inner node's size: its edges meet it half-way down. */
const CLOSED: InnerSize = { width: G.nodeWidth, height: G.nodeHeight, ioY: G.nodeHeight / 2 };

/**
 * `exit`: the node whose output is the block's output (default: the last one built). Inner nodes may be open
 * frames themselves (`size`): a column is as wide as its widest node, a row as tall as its tallest, and every
 * node in a row has its edge height on the row's middle line, so a chain through open frames stays straight.
 */
export function layoutBlock(inner: readonly InnerSpec[], exitId = inner[inner.length - 1]?.id): BlockLayout {
  const byId = new Map(inner.map((n) => [n.id, n] as const));
  const innerSources = (n: InnerSpec) => n.sources.filter((s) => s !== BLOCK_INPUT && byId.has(s));
  const entries = inner.filter((n) => n.sources.includes(BLOCK_INPUT));
  const size = (id: string) => byId.get(id)?.size ?? CLOSED;
  // Room above and below a node's edge height; a row is centred on its nodes' edge heights.
  const half = (id: string) => Math.max(size(id).ioY, size(id).height - size(id).ioY);

  // Columns: the longest path from the block input (the input port is column 0). `inner` is in build order,
  // a topological order, so every source has its column when a node is reached.
  const column = new Map<string, number>();
  for (const n of inner) column.set(n.id, 1 + Math.max(0, ...innerSources(n).map((s) => column.get(s) ?? 0)));
  const lastColumn = Math.max(1, ...column.values());
  const columnWidth: number[] = Array.from({ length: lastColumn + 1 }, (_, c) => (c === 0 ? G.portWidth : G.nodeWidth));
  for (const n of inner) columnWidth[column.get(n.id)!] = Math.max(columnWidth[column.get(n.id)!], size(n.id).width);
  const columnX: number[] = [G.pad];
  for (let c = 1; c <= lastColumn; c++) columnX.push(columnX[c - 1] + columnWidth[c - 1] + G.columnGap);

  // Lanes: the set of entry lanes each node is reached from; one lane → that lane, several → the centre.
  const reach = new Map<string, Set<number>>();
  const lanes: Omit<Lane, 'label'>[] = entries.map((e) => ({ entry: e.id, identity: innerSources(e).length > 0, ids: [] }));
  for (const n of inner) {
    const set = new Set<number>();
    const own = entries.indexOf(n);
    if (own >= 0) set.add(own);
    for (const s of innerSources(n)) for (const l of reach.get(s) ?? []) set.add(l);
    reach.set(n.id, set);
  }
  const laneRows = Math.max(1, lanes.length);
  // One lane needs no name, and without its label the nodes sit on the frame's middle line. A caption (a
  // repeat's number) takes a band of its own above the nodes.
  const laneLabelH = lanes.length > 1 ? G.laneLabel : 0;
  const captionH = inner.some((n) => n.caption) ? G.laneLabel : 0;
  const labelH = laneLabelH + captionH;
  const row = new Map<string, number | 'centre'>();
  for (const n of inner) {
    const set = reach.get(n.id)!;
    const only = set.size === 1 ? [...set][0] : undefined;
    row.set(n.id, only !== undefined && !lanes[only].identity ? only : lanes.length <= 1 ? 0 : 'centre');
  }

  // A centre node that shares its column with a lane node, or two nodes on one spot, go to an extra row below.
  let rows = laneRows;
  const taken = new Set<string>();
  const laneColumns = new Set<number>();
  for (const n of inner) if (row.get(n.id) !== 'centre') laneColumns.add(column.get(n.id)!);
  for (const n of inner) {
    const r = row.get(n.id)!;
    const key = `${column.get(n.id)}:${r}`;
    if ((r === 'centre' && laneColumns.has(column.get(n.id)!)) || taken.has(key)) {
      row.set(n.id, rows);
      taken.add(`${column.get(n.id)}:${rows}`);
      rows += 1;
    } else taken.add(key);
  }

  // Each row's half height (its tallest node's), and where the rows start.
  const rowHalf: number[] = Array.from({ length: rows }, () => G.nodeHeight / 2);
  let centreHalf = 0;
  for (const n of inner) {
    const r = row.get(n.id)!;
    if (r === 'centre') centreHalf = Math.max(centreHalf, half(n.id));
    else rowHalf[r] = Math.max(rowHalf[r], half(n.id));
  }
  const rowTops: number[] = [G.header + G.pad];
  for (let r = 1; r <= rows; r++) rowTops.push(rowTops[r - 1] + labelH + 2 * rowHalf[r - 1] + G.laneGap);
  const rowLine = (r: number) => rowTops[r] + labelH + rowHalf[r];

  // The frame holds its rows, and the centre nodes around its middle line.
  const height = Math.max(rowTops[rows] - G.laneGap + G.pad, centreHalf ? G.header + 2 * (G.pad + centreHalf) : 0);
  // The block input, the merge and what follows it sit on the middle line, where the outer edges arrive.
  const ioY = (G.header + height) / 2;
  const nodes: Record<string, Box> = {};
  const captions: Record<string, Box> = {};
  const io = new Map<string, number>();
  for (const n of inner) {
    const r = row.get(n.id)!;
    const { width, height: h, ioY: own } = size(n.id);
    const line = r === 'centre' ? ioY : rowLine(r);
    const box = { x: columnX[column.get(n.id)!], y: line - own, width, height: h };
    nodes[n.id] = box;
    io.set(n.id, line);
    if (n.caption) captions[n.id] = { x: box.x, y: box.y - captionH, width, height: captionH };
    if (typeof r === 'number' && r < lanes.length) lanes[r].ids.push(n.id);
  }
  const port: Box = { x: columnX[0], y: ioY - G.portHeight / 2, width: G.portWidth, height: G.portHeight };

  const width = columnX[lastColumn] + columnWidth[lastColumn] + G.pad;
  const laneOut: Lane[] = lanes.map((l, i) => {
    const first = l.identity ? 1 : Math.min(...l.ids.map((id) => column.get(id)!));
    const last = l.identity ? Math.max(1, column.get(l.entry)! - 1) : Math.max(...l.ids.map((id) => column.get(id)!));
    const x = columnX[first];
    return { ...l, label: { x, y: rowTops[i], width: columnX[last] + columnWidth[last] - x, height: laneLabelH } };
  });

  const rightMid = (id: string): Position => (id === BLOCK_INPUT ? { x: port.x + port.width, y: ioY } : { x: nodes[id].x + nodes[id].width, y: io.get(id)! });
  const leftMid = (id: string): Position => ({ x: nodes[id].x, y: io.get(id)! });
  const edges: InnerEdgeRoute[] = [];
  for (const n of inner) {
    const t = leftMid(n.id);
    const beforeTarget = t.x - G.columnGap / 2;
    for (const s of n.sources) {
      if (s !== BLOCK_INPUT && !byId.has(s)) continue;
      const from = rightMid(s);
      const afterSource = from.x + G.columnGap / 2;
      let points: Position[];
      if (s === BLOCK_INPUT && innerSources(n).length > 0) {
        // The identity shortcut: down into its own lane, along it, and up into the merge.
        const y = rowLine(lanes.findIndex((l) => l.entry === n.id));
        points = [from, { x: afterSource, y: from.y }, { x: afterSource, y }, { x: beforeTarget, y }, { x: beforeTarget, y: t.y }, t];
      } else if (Math.abs(from.y - t.y) < 0.5) points = [from, t];
      else if (s === BLOCK_INPUT) points = [from, { x: afterSource, y: from.y }, { x: afterSource, y: t.y }, t]; // fan out at the input
      else points = [from, { x: beforeTarget, y: from.y }, { x: beforeTarget, y: t.y }, t]; // run along the lane, turn at the merge
      edges.push({ source: s, target: n.id, points });
    }
  }
  // The stubs from the frame's sides: into the input port, and out of the exit node.
  edges.push({ source: BLOCK_EDGE, target: BLOCK_INPUT, points: [{ x: 0, y: ioY }, { x: port.x, y: ioY }] });
  if (exitId !== undefined && nodes[exitId]) {
    const from = rightMid(exitId);
    const turn = width - G.pad / 2;
    const points = Math.abs(from.y - ioY) < 0.5 ? [from, { x: width, y: ioY }] : [from, { x: turn, y: from.y }, { x: turn, y: ioY }, { x: width, y: ioY }];
    edges.push({ source: exitId, target: BLOCK_EDGE, points });
  }
  return { width, height, nodes, captions, port, ioY, lanes: laneOut, edges };
}
