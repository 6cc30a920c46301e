// Open composites on the canvas as React Flow sub-flows: the block's node becomes a group frame sized to its
// inside (blockLayout.ts) and its inner layers become child nodes (`parentId`, `extent: 'parent'`), read-only.
// The nodes after an open block in its row move right, and the rows below move down, by how much the frame
// is larger than the node: in the view only, so the document's positions (and the layout) stay as saved.
import type { Node } from '@xyflow/react';
import type { Graph, Position } from '../../../src/graph/schema';
import type { GraphAnalysis } from '../../../src/analysis/analyzeGraph';
import { nodeAt, walkNodes, PATH_SEPARATOR, type WalkedNode } from '../../../src/learn/blockInsides';
import { getLayer } from '../../../src/layers/registry';
import { ROW_LAYOUT } from '../../../src/templates/chain';
import { nodeRects, type LayerFlowNode, type LayerNodeData } from '../toFlow';
import type { Rect } from '../edgeRoute';
import { BLOCK_GEOMETRY, BLOCK_INPUT, layoutBlock, type BlockLayout, type InnerSpec } from './blockLayout';

export interface BlockFrameData extends LayerNodeData {
  layout: BlockLayout;
}
export type BlockFlowNode = Node<BlockFrameData, 'block'>;

export interface InnerNodeData extends Record<string, unknown> {
  walked: WalkedNode;
}
export type InnerFlowNode = Node<InnerNodeData, 'inner'>;

export type CanvasNode = LayerFlowNode | BlockFlowNode | InnerFlowNode;

export interface BlockInside {
  /** The inner nodes directly inside the block (a nested block is one of them, closed), in build order. */
  inner: WalkedNode[];
  layout: BlockLayout;
}

/** The inside of top-level composite `id` and its layout; undefined for a plain layer or one not analysed. */
export function blockInside(graph: Graph, analysis: GraphAnalysis | undefined, id: string): BlockInside | undefined {
  const node = graph.nodes.find((n) => n.id === id);
  if (!node || !getLayer(node.type)?.expand) return undefined;
  const inner = walkNodes(graph, analysis).filter((w) => w.parent === id);
  if (!inner.length) return undefined;
  const prefix = `${id}${PATH_SEPARATOR}`;
  const specs: InnerSpec[] = inner.map((w) => ({
    id: w.id,
    // A source outside the block is the block's input (an entry node is fed by the block's own sources).
    sources: [...new Set(w.sources.map((s) => (s.startsWith(prefix) ? s.slice(prefix.length) : BLOCK_INPUT)))],
  }));
  const exit = nodeAt(graph, id, analysis)?.exit?.slice(prefix.length);
  return { inner, layout: layoutBlock(specs, exit) };
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
    const inside = blockInside(graph, analysis, id);
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
    out.push({ ...n, type: 'block', position, width, height, measured: { width, height }, style: { width, height }, data: { ...n.data, layout: inside.layout } });
    for (const w of inside.inner) {
      const box = inside.layout.nodes[w.id];
      out.push({
        id: w.path,
        type: 'inner',
        parentId: n.id,
        extent: 'parent',
        position: { x: box.x, y: box.y },
        width: box.width,
        height: box.height,
        draggable: false,
        connectable: false,
        deletable: false,
        selected: innerSelection === w.path,
        data: { walked: w },
      });
    }
  }
  return out;
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
