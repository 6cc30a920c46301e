// Open composites on the canvas as React Flow sub-flows: the block's node becomes a group frame sized to its
// inside (blockLayout.ts) and its inner layers become child nodes (`parentId`, `extent: 'parent'`), read-only.
// An open composite inside an open block is a frame in its parent's frame (parentId chains), to any depth;
// the open set holds paths ("stage2", "stage2/repeat_1"), and a path shows open only while its parents do.
// The nodes after an open block in its row move right, and the rows below move down, by how much the frame
// is larger than the node: in the view only, so the document's positions (and the layout) stay as saved.
import type { Node } from '@xyflow/react';
import type { Graph, Position } from '../../../src/graph/schema';
import type { GraphAnalysis } from '../../../src/analysis/analyzeGraph';
import { isInnerPath, nodeAt, walkNodes, PATH_SEPARATOR, type WalkedNode } from '../../../src/learn/blockInsides';
import { repeatNodeId, UserBlockParams, USER_BLOCK_TYPE } from '../../../src/layers/userBlock';
import { getLayer } from '../../../src/layers/registry';
import { ROW_LAYOUT } from '../../../src/templates/chain';
import { nodeRects, type LayerFlowNode, type LayerNodeData } from '../toFlow';
import type { Rect } from '../edgeRoute';
import { BLOCK_GEOMETRY, BLOCK_INPUT, layoutBlock, type BlockLayout, type InnerSpec } from './blockLayout';

export interface BlockFrameData extends LayerNodeData {
  layout: BlockLayout;
  /** A repeated instance's repeats, by inner id (repeat_1 …): captioned above each. */
  repeats?: Record<string, RepeatCaption>;
}
export type BlockFlowNode = Node<BlockFrameData, 'block'>;

export interface InnerNodeData extends Record<string, unknown> {
  walked: WalkedNode;
}
export type InnerFlowNode = Node<InnerNodeData, 'inner'>;

export type CanvasNode = LayerFlowNode | BlockFlowNode | InnerFlowNode;

/** One repeat of a repeated instance: its number (1-based) and the overrides it has over the definition. */
export interface RepeatCaption {
  index: number;
  /** `node` is the definition's inner id; for a one-layer definition the repeat is that layer itself. */
  overrides: { node: string; params: Record<string, unknown> }[];
  oneLayer: boolean;
}

export interface BlockInside {
  /** The inner nodes directly inside the block, in build order. */
  inner: WalkedNode[];
  layout: BlockLayout;
  /** The open composites among them, by inner id, each drawn as a frame with its own inside. */
  open: Map<string, BlockInside>;
  repeats?: Record<string, RepeatCaption>;
}

/** The repeats of a 'Block' node with Repeat ×N > 1, by the inner id of each (repeat_1 … repeat_N). */
export function repeatCaptions(w: WalkedNode, inner: readonly WalkedNode[]): Record<string, RepeatCaption> | undefined {
  if (w.node.type !== USER_BLOCK_TYPE) return undefined;
  const parsed = UserBlockParams.safeParse(w.analysis.params ?? w.node.params);
  if (!parsed.success || parsed.data.repeat <= 1) return undefined;
  const p = parsed.data;
  const out: Record<string, RepeatCaption> = {};
  for (let i = 0; i < p.repeat; i++) {
    const id = repeatNodeId(i);
    const node = inner.find((n) => n.id === id);
    if (!node) continue;
    const overrides = p.overrides.filter((o) => o.repeat === i).map(({ node: n, params }) => ({ node: n, params }));
    out[id] = { index: i + 1, overrides, oneLayer: node.node.type !== USER_BLOCK_TYPE };
  }
  return out;
}

/**
 * The inside of composite `path` (a top-level id or an inner path) and its layout, with the composites inside
 * it that `open` holds laid out open too, recursively (a ResNet stage → its ResidualBlocks → their layers):
 * an open one is a box of its frame's size in its parent's layout. Undefined for a plain layer or one not analysed.
 */
export function blockInside(graph: Graph, analysis: GraphAnalysis | undefined, path: string, open: Record<string, true> = {}): BlockInside | undefined {
  const w = nodeAt(graph, path, analysis);
  if (!w || !getLayer(w.node.type)?.expand) return undefined;
  const inner = walkNodes(graph, analysis).filter((n) => n.parent === path);
  if (!inner.length) return undefined;
  const children = new Map<string, BlockInside>();
  for (const n of inner) {
    const child = open[n.path] ? blockInside(graph, analysis, n.path, open) : undefined;
    if (child) children.set(n.id, child);
  }
  const repeats = repeatCaptions(w, inner);
  const prefix = `${path}${PATH_SEPARATOR}`;
  const specs: InnerSpec[] = inner.map((n) => {
    const child = children.get(n.id)?.layout;
    return {
      id: n.id,
      // A source outside the block is the block's input (an entry node is fed by the block's own sources).
      sources: [...new Set(n.sources.map((s) => (s.startsWith(prefix) ? s.slice(prefix.length) : BLOCK_INPUT)))],
      ...(child ? { size: { width: child.width, height: child.height, ioY: child.ioY } } : {}),
      ...(repeats?.[n.id] ? { caption: true } : {}),
    };
  });
  const exit = w.exit?.slice(prefix.length);
  return { inner, layout: layoutBlock(specs, exit), open: children, ...(repeats ? { repeats } : {}) };
}

export interface Offset {
  dx: number;
  dy: number;
}

/**
 * How far each node moves to make room for the open blocks (`sizes`: the frames), from the document's
 * positions: a node right of an open block whose box reaches into the block's row moves right by the frame's
 * extra width; a node in a row below moves down by its extra height.
 */
export function roomForOpenBlocks(positions: Record<string, Position>, sizes: Record<string, { width: number; height: number }>): Record<string, Offset> {
  const half = ROW_LAYOUT.nodeHeight / 2;
  const offsets: Record<string, Offset> = {};
  for (const id of Object.keys(positions)) offsets[id] = { dx: 0, dy: 0 };
  for (const [block, size] of Object.entries(sizes)) {
    const b = positions[block];
    if (!b) continue;
    const extraW = Math.max(0, size.width - ROW_LAYOUT.nodeWidth);
    const extraH = Math.max(0, size.height - ROW_LAYOUT.nodeHeight);
    for (const [id, p] of Object.entries(positions)) {
      if (id === block) continue;
      if (p.y > b.y + half) offsets[id].dy += extraH;
      // Right of the block with its box reaching into the block's row (an ELK row's upper branch too).
      else if (p.x > b.x && p.y + ROW_LAYOUT.nodeHeight > b.y) offsets[id].dx += extraW;
    }
  }
  return offsets;
}

/**
 * The canvas's nodes with every open block drawn as a frame holding its inner nodes (parents before their
 * children, as React Flow wants), the others moved to make room. `offsets` receives each top-level node's
 * move, so a drag can be written back in document coordinates.
 */
export function withOpenBlocks(
  nodes: LayerFlowNode[],
  graph: Graph,
  analysis: GraphAnalysis | undefined,
  open: Record<string, true>,
  innerSelection: string | undefined,
  offsets: Record<string, Offset>,
): CanvasNode[] {
  const insides = new Map<string, BlockInside>();
  for (const id of Object.keys(open)) {
    const inside = isInnerPath(id) ? undefined : blockInside(graph, analysis, id, open);
    if (inside) insides.set(id, inside);
  }
  const positions = Object.fromEntries(nodes.map((n) => [n.id, n.position] as const));
  const sizes = Object.fromEntries([...insides].map(([id, b]) => [id, { width: b.layout.width, height: b.layout.height }] as const));
  const room = roomForOpenBlocks(positions, sizes);
  for (const key of Object.keys(offsets)) delete offsets[key];
  Object.assign(offsets, room);
  const out: CanvasNode[] = [];
  for (const n of nodes) {
    const o = room[n.id] ?? { dx: 0, dy: 0 };
    const position = { x: n.position.x + o.dx, y: n.position.y + o.dy };
    const inside = insides.get(n.id);
    if (!inside) {
      out.push(o.dx || o.dy ? { ...n, position } : n);
      continue;
    }
    const { width, height } = inside.layout;
    out.push({ ...n, type: 'block', position, width, height, measured: { width, height }, style: { width, height }, data: { ...n.data, ...frameData(inside) } });
    pushInside(out, n.id, inside, innerSelection);
  }
  return out;
}

const frameData = (inside: BlockInside) => ({ layout: inside.layout, ...(inside.repeats ? { repeats: inside.repeats } : {}) });

/** A frame's inner nodes after it (pre-order: an open one's own inside right after it), positioned in it. */
function pushInside(out: CanvasNode[], parentId: string, inside: BlockInside, innerSelection: string | undefined) {
  for (const w of inside.inner) {
    const box = inside.layout.nodes[w.id];
    const child = inside.open.get(w.id);
    const common = {
      id: w.path,
      parentId,
      extent: 'parent' as const,
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      draggable: false,
      connectable: false,
      deletable: false,
      selected: innerSelection === w.path,
    };
    if (!child) {
      out.push({ ...common, type: 'inner', data: { walked: w } });
      continue;
    }
    const size = { width: box.width, height: box.height };
    out.push({ ...common, type: 'block', measured: size, style: size, data: { node: w.node, analysis: w.analysis, issues: [], ...frameData(child) } });
    pushInside(out, w.path, child, innerSelection);
  }
}

/**
 * The boxes the outer edges are routed around: top-level nodes only, an open frame without its header, so an
 * edge meets the frame on the middle line of its inside (blockLayout's ioY), where the input port and exit are.
 */
export function outerRects(nodes: readonly CanvasNode[], fallback: { width: number; height: number }): Record<string, Rect> {
  const rects = nodeRects(nodes.filter((n) => !n.parentId), fallback);
  for (const n of nodes) {
    const r = rects[n.id];
    if (n.type === 'block' && r) rects[n.id] = { ...r, y: r.y + BLOCK_GEOMETRY.header, height: r.height - BLOCK_GEOMETRY.header };
  }
  return rects;
}
