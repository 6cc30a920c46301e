// Pure edits of the graph document: each takes a Graph and returns a new one (never mutates), so the
// store can keep every version for undo/redo and tests can check edits without a UI.
import type { Graph, GraphEdge, GraphNode, Position } from '../../src/graph/schema';
import type { ValidationIssue } from '../../src/graph/issue';
import { getLayer } from '../../src/layers/registry';

/** Vertical distance between a node and one added below it. */
export const ROW_GAP = 110;

/** The id for a new node of `type`: lower-case type + the first free number (conv2d_3). */
export function newNodeId(graph: Graph, type: string, taken: Set<string> = new Set()): string {
  const base = type.toLowerCase();
  const used = new Set([...graph.nodes.map((n) => n.id), ...taken]);
  for (let i = 1; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

export function newEdgeId(graph: Graph, source: string, target: string, taken: Set<string> = new Set()): string {
  const used = new Set([...graph.edges.map((e) => e.id), ...taken]);
  const base = `e_${source}_${target}`;
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** The layer's defaults written out, so the inspector shows every value the analysis uses. */
export function defaultParams(type: string): Record<string, unknown> {
  const def = getLayer(type);
  const r = def?.schema.safeParse({});
  return r?.success ? { ...(r.data as Record<string, unknown>) } : {};
}

export function addNode(graph: Graph, type: string, position: Position, params?: Record<string, unknown>): { graph: Graph; id: string } {
  const id = newNodeId(graph, type);
  const node: GraphNode = { id, type, params: params ?? defaultParams(type), position };
  return { graph: { ...graph, nodes: [...graph.nodes, node] }, id };
}

/**
 * Connects source → target. Self-loops and duplicates are refused (graph returned unchanged).
 * A single-input target that already has an input gets its old edge replaced: dropping a new wire on a
 * Conv2D means "feed it from here instead". Multi-input targets get the next slot.
 */
export function connect(graph: Graph, source: string, target: string): Graph {
  if (source === target) return graph;
  if (!graph.nodes.some((n) => n.id === source) || !graph.nodes.some((n) => n.id === target)) return graph;
  if (graph.edges.some((e) => e.source === source && e.target === target)) return graph;
  const maxInputs = getLayer(graph.nodes.find((n) => n.id === target)!.type)?.arity.max ?? 1;
  let edges = graph.edges;
  const incoming = edges.filter((e) => e.target === target);
  if (maxInputs <= 1 && incoming.length > 0) edges = edges.filter((e) => e.target !== target);
  const edge: GraphEdge = { id: newEdgeId(graph, source, target), source, target };
  if (maxInputs > 1) edge.targetSlot = incoming.length;
  return { ...graph, edges: [...edges, edge] };
}

/** Removes nodes (and every edge touching them) and edges. */
export function removeItems(graph: Graph, nodeIds: readonly string[], edgeIds: readonly string[] = []): Graph {
  const dropN = new Set(nodeIds);
  const dropE = new Set(edgeIds);
  if (!dropN.size && !dropE.size) return graph;
  return {
    nodes: graph.nodes.filter((n) => !dropN.has(n.id)),
    edges: graph.edges.filter((e) => !dropE.has(e.id) && !dropN.has(e.source) && !dropN.has(e.target)),
  };
}

export function updateNode(graph: Graph, id: string, patch: Partial<Pick<GraphNode, 'name' | 'params' | 'expanded'>>): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? { ...n, ...patch } : n)) };
}

export function setParams(graph: Graph, id: string, params: Record<string, unknown>): Graph {
  const node = graph.nodes.find((n) => n.id === id);
  if (!node) return graph;
  const merged = { ...node.params, ...params };
  for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
  return updateNode(graph, id, { params: merged });
}

export function moveNodes(graph: Graph, positions: Record<string, Position>): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => (positions[n.id] ? { ...n, position: positions[n.id] } : n)) };
}

/** A copied piece of graph: the chosen nodes and the edges among them. */
export interface Clip {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function copyItems(graph: Graph, nodeIds: readonly string[]): Clip {
  const ids = new Set(nodeIds);
  return {
    nodes: graph.nodes.filter((n) => ids.has(n.id)).map((n) => structuredClone(n)),
    edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => ({ ...e })),
  };
}

/** Pastes a clip with fresh ids, shifted by `offset`; returns the new node ids (to select them). */
export function pasteClip(graph: Graph, clip: Clip, offset: Position = { x: 40, y: 40 }): { graph: Graph; ids: string[] } {
  const newIds = new Map<string, string>();
  const takenN = new Set<string>();
  for (const n of clip.nodes) {
    const id = newNodeId(graph, n.type, takenN);
    takenN.add(id);
    newIds.set(n.id, id);
  }
  const nodes = clip.nodes.map((n) => ({
    ...structuredClone(n),
    id: newIds.get(n.id)!,
    position: { x: (n.position?.x ?? 0) + offset.x, y: (n.position?.y ?? 0) + offset.y },
  }));
  const takenE = new Set<string>();
  const edges = clip.edges.map((e) => {
    const source = newIds.get(e.source)!;
    const target = newIds.get(e.target)!;
    const id = newEdgeId(graph, source, target, takenE);
    takenE.add(id);
    return { ...e, id, source, target };
  });
  return { graph: { nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] }, ids: [...newIds.values()] };
}

/** Adds a node of `type` below `belowId` and feeds it from that node (quick-add). */
export function addBelow(graph: Graph, type: string, belowId: string | undefined): { graph: Graph; id: string } {
  const anchor = graph.nodes.find((n) => n.id === belowId);
  const pos = anchor?.position ? { x: anchor.position.x, y: anchor.position.y + ROW_GAP } : { x: 0, y: maxY(graph) + ROW_GAP };
  const added = addNode(graph, type, pos);
  return { graph: anchor ? connect(added.graph, anchor.id, added.id) : added.graph, id: added.id };
}

const maxY = (g: Graph) => g.nodes.reduce((m, n) => Math.max(m, n.position?.y ?? 0), -ROW_GAP);

/**
 * Applies an issue's one-click fix. setParams merges params into the issue's node; insertBefore puts a
 * new node between the node and each of its inputs (e.g. Flatten before a Dense fed a feature map).
 */
export function applyFix(graph: Graph, issue: Pick<ValidationIssue, 'nodeId' | 'fix'>): { graph: Graph; id?: string } {
  const action = issue.fix?.action;
  const nodeId = issue.nodeId;
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (!action || !node) return { graph };
  if (action.kind === 'setParams') return { graph: setParams(graph, node.id, action.params) };
  const incoming = graph.edges.filter((e) => e.target === node.id);
  const src = graph.nodes.find((n) => n.id === incoming[0]?.source);
  const at = node.position ?? { x: 0, y: 0 };
  const pos = src?.position ? { x: (src.position.x + at.x) / 2, y: (src.position.y + at.y) / 2 } : { x: at.x, y: at.y - ROW_GAP / 2 };
  const added = addNode(graph, action.nodeType, pos, { ...defaultParams(action.nodeType), ...(action.params ?? {}) });
  let g = added.graph;
  g = { ...g, edges: g.edges.map((e) => (e.target === node.id ? { ...e, target: added.id, id: newEdgeId(g, e.source, added.id) } : e)) };
  g = { ...g, edges: [...g.edges, { id: newEdgeId(g, added.id, node.id), source: added.id, target: node.id }] };
  return { graph: g, id: added.id };
}
