// Pure edits of the graph document: each takes a Graph and returns a new one (never mutates), so the
// store can keep every version for undo/redo and tests can check edits without a UI.
import type { Graph, GraphEdge, GraphNode, Position } from '../../src/graph/schema';
import type { ValidationIssue } from '../../src/graph/issue';
import { getLayer } from '../../src/layers/registry';
import { belowAll, coincide, NODE_BOX, downstream, freeSpotNear, inferFlow, makeRoom, MIN_STEP, notOnTop, occupied, positionOf, reflowRows } from './placement';

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
    ...graph, // keeps the block definitions
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

/**
 * How far a paste or duplicate lands from its originals (each repeat one more step further): a node's height
 * and a gap down, so the copy is clear of its original and its name stays readable (tldraw/Figma offset too).
 */
export const PASTE_OFFSET: Position = { x: 40, y: NODE_BOX.height + 24 };

/**
 * Pastes a clip with fresh ids, shifted by `offset` (and by further offsets while a pasted node would land
 * exactly on an existing one); returns the new node ids (to select them).
 */
export function pasteClip(graph: Graph, clip: Clip, offset: Position = PASTE_OFFSET): { graph: Graph; ids: string[] } {
  const landsOnTop = (k: number) =>
    clip.nodes.some((n) => {
      const p = { x: (n.position?.x ?? 0) + offset.x * k, y: (n.position?.y ?? 0) + offset.y * k };
      return graph.nodes.some((o) => coincide(positionOf(graph, o.id)!, p));
    });
  let k = 1;
  while (k < 50 && landsOnTop(k)) k++;
  offset = { x: offset.x * k, y: offset.y * k };
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
  return { graph: { ...graph, nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] }, ids: [...newIds.values()] };
}

/** Where a node is inserted: into an edge (a→b becomes a→new→b), after a node (its outputs leave from the new node), or loose. */
export type InsertWhere = { edgeId: string } | { afterNodeId: string } | undefined;

const takesInput = (type: string) => (getLayer(type)?.arity.max ?? 1) > 0;
/** Output is the graph's end: it has no output handle. */
const givesOutput = (type: string) => type !== 'Output';
const typeOf = (graph: Graph, id: string) => graph.nodes.find((n) => n.id === id)?.type;

/**
 * Inserts a node of `type` and rewires the chain around it. `{ edgeId }` splits the edge; `{ afterNodeId }`
 * moves that node's outgoing edges onto the new node and feeds it from the node (after Output, which has no
 * outputs, means before it). Without `position` the node goes one step after its input along the flow the
 * neighbours' positions show, and the downstream nodes make room: in a row-wrapped grid they move one slot
 * on, like text; otherwise, when the spot is taken, one step along the flow. With `position` it goes there.
 * Either way never exactly on top of another node.
 * Undefined when the type is unknown or `where` names nothing in the graph.
 */
export function insertNode(graph: Graph, type: string, where: InsertWhere, position?: Position): { graph: Graph; id: string } | undefined {
  if (!getLayer(type)) return undefined;
  let prev: string | undefined;
  let outs: GraphEdge[] = [];
  if (where && 'edgeId' in where) {
    const edge = graph.edges.find((e) => e.id === where.edgeId);
    if (!edge) return undefined;
    prev = edge.source;
    outs = [edge];
  } else if (where) {
    if (!typeOf(graph, where.afterNodeId)) return undefined;
    const resolved = resolveWhere(graph, where);
    if (resolved !== where) return insertNode(graph, type, resolved, position ?? (resolved ? undefined : positionOf(graph, where.afterNodeId)));
    prev = where.afterNodeId;
    outs = graph.edges.filter((e) => e.source === prev);
  }
  const linkIn = prev !== undefined && takesInput(type);
  // A node that cannot pass data on (Output) or take it (Input) leaves the existing edges as they are.
  const relink = linkIn && givesOutput(type) ? outs : [];

  let g = graph;
  let at: Position;
  if (position) at = notOnTop(g, position, PASTE_OFFSET);
  else if (prev === undefined) at = belowAll(g);
  else {
    const next = outs[0]?.target;
    const pp = graph.edges.find((e) => e.target === prev)?.source;
    const nn = next === undefined ? undefined : graph.edges.find((e) => e.source === next)?.target;
    const flow = inferFlow(g, [
      [prev, next],
      [pp, prev],
      [next, nn],
    ]);
    const from = positionOf(g, prev)!;
    const to = next === undefined ? undefined : positionOf(g, next);
    const gap = to ? Math.abs(to[flow.axis] - from[flow.axis]) : 0;
    const across = flow.axis === 'x' ? 'y' : 'x';
    // Room for a node between the two already (two steps apart, in one row): halfway, nothing moves.
    if (to && gap >= 2 * MIN_STEP[flow.axis] && Math.abs(to[across] - from[across]) < 1) at = { ...from, [flow.axis]: Math.round((from[flow.axis] + to[flow.axis]) / 2) };
    else {
      const moving = downstream(g, outs.map((e) => e.target), new Set([prev]));
      // A row-wrapped layout (the templates', the canvas's auto layout) reflows like text; others shift along the flow.
      const reflowed = flow.axis === 'x' && flow.step > 0 ? reflowRows(g, prev, moving) : undefined;
      if (reflowed) ({ graph: g, at } = reflowed);
      else {
        at = { ...from, [flow.axis]: from[flow.axis] + flow.step };
        if (occupied(g, at)) g = makeRoom(g, at, flow, moving);
      }
    }
    at = freeSpotNear(g, at, flow);
  }

  const added = addNode(g, type, at);
  const id = added.id;
  g = added.graph;
  if (relink.length) {
    const moved = new Set(relink.map((e) => e.id));
    const taken = new Set<string>();
    const rewired = relink.map((e) => {
      const eid = newEdgeId(g, id, e.target, taken);
      taken.add(eid);
      return { ...e, id: eid, source: id };
    });
    g = { ...g, edges: [...g.edges.filter((e) => !moved.has(e.id)), ...rewired] };
  }
  if (linkIn) g = connect(g, prev!, id);
  return { graph: g, id };
}

/** `where` as insertNode reads it: after a node with no outputs (Output) means into its input edge (loose if none). */
export function resolveWhere(graph: Graph, where: InsertWhere): InsertWhere {
  if (!where || !('afterNodeId' in where)) return where;
  const nodeType = typeOf(graph, where.afterNodeId);
  if (!nodeType || givesOutput(nodeType)) return where;
  const feed = graph.edges.find((e) => e.target === where.afterNodeId);
  return feed ? { edgeId: feed.id } : undefined;
}

/**
 * Where a node added from the palette goes, given the selection: after the one selected node, or into the
 * one selected edge; otherwise (nothing, or several things, selected) at the end of the main chain.
 */
export function insertTarget(graph: Graph, selection: { nodes: readonly string[]; edges: readonly string[] }): InsertWhere {
  const { nodes, edges } = selection;
  if (nodes.length === 1 && graph.nodes.some((n) => n.id === nodes[0])) return { afterNodeId: nodes[0] };
  if (nodes.length === 0 && edges.length === 1 && graph.edges.some((e) => e.id === edges[0])) return { edgeId: edges[0] };
  return appendTarget(graph);
}

/**
 * The end of the main chain, where an appended layer goes. When the chain ends in Output the layer goes
 * before it (into its input edge): a network is built up in front of its output, and the graph stays valid.
 */
export function appendTarget(graph: Graph): InsertWhere {
  const last = mainChain(graph).at(-1);
  if (last === undefined) return undefined;
  if (givesOutput(typeOf(graph, last)!)) return { afterNodeId: last };
  const feed = graph.edges.find((e) => e.target === last);
  return feed ? { edgeId: feed.id } : undefined;
}

/** The longest path through the graph (the main chain), in flow order; ties go to the later node in the document. */
export function mainChain(graph: Graph): string[] {
  const ids = graph.nodes.map((n) => n.id);
  const inDeg = new Map(ids.map((id) => [id, 0]));
  for (const e of graph.edges) if (inDeg.has(e.source) && inDeg.has(e.target)) inDeg.set(e.target, inDeg.get(e.target)! + 1);
  const order = ids.filter((id) => inDeg.get(id) === 0);
  for (let i = 0; i < order.length; i++)
    for (const e of graph.edges)
      if (e.source === order[i] && inDeg.has(e.target)) {
        inDeg.set(e.target, inDeg.get(e.target)! - 1);
        if (inDeg.get(e.target) === 0) order.push(e.target);
      }
  const depth = new Map<string, number>();
  const from = new Map<string, string>();
  for (const id of order) {
    if (!depth.has(id)) depth.set(id, 0);
    for (const e of graph.edges)
      if (e.source === id && inDeg.has(e.target) && (depth.get(e.target) ?? -1) < depth.get(id)! + 1) {
        depth.set(e.target, depth.get(id)! + 1);
        from.set(e.target, id);
      }
  }
  let end: string | undefined;
  for (const id of ids) if (depth.has(id) && (end === undefined || depth.get(id)! >= depth.get(end)!)) end = id;
  const chain: string[] = [];
  for (let id = end; id !== undefined; id = from.get(id)) chain.unshift(id);
  return chain;
}

/** What deleting some nodes cut: the one edge into them and the edges out of them, to join again. */
export interface ReconnectOffer {
  /** The deleted nodes: the offer holds only while they stay deleted (an undo brings them back). */
  deleted: string[];
  source: string;
  targets: { target: string; targetSlot?: number }[];
}

/**
 * The reconnection that deleting `nodeIds` from `graph` would call for: the deleted nodes were fed by exactly
 * one edge from outside and fed at least one node outside (a chain link, or a run of them).
 */
export function reconnectOffer(graph: Graph, nodeIds: readonly string[]): ReconnectOffer | undefined {
  const gone = new Set(nodeIds.filter((id) => graph.nodes.some((n) => n.id === id)));
  if (!gone.size) return undefined;
  const into = graph.edges.filter((e) => gone.has(e.target) && !gone.has(e.source));
  const out = graph.edges.filter((e) => gone.has(e.source) && !gone.has(e.target));
  if (into.length !== 1 || !out.length) return undefined;
  const targets = out.map((e) => (e.targetSlot === undefined ? { target: e.target } : { target: e.target, targetSlot: e.targetSlot }));
  return { deleted: [...gone], source: into[0].source, targets };
}

/** Joins the neighbours a delete cut apart (source → each target, in the slot the deleted node fed). */
export function reconnect(graph: Graph, offer: ReconnectOffer): Graph {
  const has = (id: string) => graph.nodes.some((n) => n.id === id);
  if (offer.deleted.some(has) || !has(offer.source)) return graph;
  let edges = graph.edges;
  for (const { target, targetSlot } of offer.targets) {
    if (!has(target) || edges.some((e) => e.source === offer.source && e.target === target)) continue;
    // The slot must still be free: the user may have wired something else into it meanwhile.
    const slotTaken = edges.some((e) => e.target === target && (e.targetSlot ?? 0) === (targetSlot ?? 0));
    if (slotTaken) continue;
    const edge: GraphEdge = { id: newEdgeId({ ...graph, edges }, offer.source, target), source: offer.source, target };
    if (targetSlot !== undefined) edge.targetSlot = targetSlot;
    edges = [...edges, edge];
  }
  return edges === graph.edges ? graph : { ...graph, edges };
}

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
  if (incoming.length === 1) {
    // One input (the usual case, e.g. Flatten before Dense): an insert into that edge, placed like any other.
    const r = insertNode(graph, action.nodeType, { edgeId: incoming[0].id });
    if (r) return { graph: action.params ? setParams(r.graph, r.id, action.params) : r.graph, id: r.id };
  }
  const src = graph.nodes.find((n) => n.id === incoming[0]?.source);
  const at = node.position ?? { x: 0, y: 0 };
  const pos = src?.position ? { x: (src.position.x + at.x) / 2, y: (src.position.y + at.y) / 2 } : { x: at.x, y: at.y - ROW_GAP / 2 };
  const added = addNode(graph, action.nodeType, pos, { ...defaultParams(action.nodeType), ...(action.params ?? {}) });
  let g = added.graph;
  g = { ...g, edges: g.edges.map((e) => (e.target === node.id ? { ...e, target: added.id, id: newEdgeId(g, e.source, added.id) } : e)) };
  g = { ...g, edges: [...g.edges, { id: newEdgeId(g, added.id, node.id), source: added.id, target: node.id }] };
  return { graph: g, id: added.id };
}
