// What is inside each composite node (ResidualBlock, InceptionBlock, …): its expansion (def.expand) analysed
// with the composite's own input shapes (analyzeSubgraph), walked in the order buildTfModel builds it, every
// inner node named by its path "<composite id>/<inner id>" (nested: "a/b/c"). The learn views, the worker
// and `cnn-studio explain` use these paths as node ids for inner maps, filters and Grad-CAM.
// The expanded graph (every composite replaced by its inside, edges rewired to its entry and exit nodes) is
// an ordinary graph, so analyzeGraph gives every inner node's receptive field along its real path.
import type { Graph, GraphEdge, GraphNode, Shape } from '../graph/schema';
import { analyzeGraph, analyzeSubgraph, incomingEdges, type GraphAnalysis, type NodeAnalysis } from '../analysis/analyzeGraph';
import { getLayer } from '../layers/registry';
import { expandContextOf } from '../layers/types';

export const PATH_SEPARATOR = '/';

/** One node of the graph or of a composite's inside, as buildTfModel meets it. */
export interface WalkedNode {
  /** The node id at the top level; "<composite>/<inner>" inside (nested "a/b/c"). */
  path: string;
  /** The id inside its own (sub)graph. */
  id: string;
  /** 0 at the top level, 1 inside a top-level composite, … */
  depth: number;
  /** The enclosing composite's path (absent at the top level). */
  parent?: string;
  node: GraphNode;
  /** The node's analysis: the graph's at the top level, its composite's analyzeSubgraph inside. */
  analysis: NodeAnalysis;
  /** Paths of the nodes feeding it, in input-slot order (an entry node is fed by its composite's inputs). */
  sources: string[];
  /** A composite: the path of its exit node inside (its output is that node's output). */
  exit?: string;
}

/** One inner node as the learn views list it. */
export interface InnerNode {
  path: string;
  /** The top-level composite it lies in (the path's first part). */
  block: string;
  parent: string;
  depth: number;
  type: string;
  /** Its name inside the composite (its inner id). */
  name: string;
  /** "block › inner" with the top-level composite's name: what the node pickers show. */
  label: string;
  outputShape?: Shape;
  params?: Record<string, unknown>;
  paramCount: number;
  composite: boolean;
}

interface Walk {
  /** Every node, pre-order: a composite before its inside, which comes before the next node (buildTfModel's naming order). */
  nodes: WalkedNode[];
  byPath: Map<string, WalkedNode>;
}

const walks = new WeakMap<Graph, { analysis: GraphAnalysis; walk: Walk }>();

function walkLevel(graph: Graph, analysis: GraphAnalysis, prefix: string, depth: number, entrySources: Map<string, string[]> | undefined, walk: Walk): void {
  const incoming = incomingEdges(graph.edges);
  const byId = new Map(graph.nodes.map((n) => [n.id, n] as const));
  for (const id of analysis.order) {
    const node = byId.get(id);
    const a = analysis.nodes[id];
    if (!node || !a) continue;
    const path = prefix ? `${prefix}${PATH_SEPARATOR}${id}` : id;
    const at = (s: string) => (prefix ? `${prefix}${PATH_SEPARATOR}${s}` : s);
    const sources = [...(entrySources?.get(id) ?? []), ...(incoming.get(id) ?? []).map((e) => at(e.source))];
    const w: WalkedNode = { path, id, depth, parent: prefix || undefined, node, analysis: a, sources };
    walk.nodes.push(w);
    walk.byPath.set(path, w);
    const def = getLayer(node.type);
    if (!def?.expand || !a.params || !a.inputShapes) continue;
    const exp = def.expand(a.params, a.inputShapes as Shape[], expandContextOf(graph));
    const sub = analyzeSubgraph(exp, a.inputShapes as Shape[]);
    w.exit = `${path}${PATH_SEPARATOR}${exp.exit}`;
    walkLevel(exp.graph, sub.analysis, path, depth + 1, new Map(exp.entry.map((e) => [e, sources] as const)), walk);
  }
}

function walkOf(graph: Graph, analysis?: GraphAnalysis): Walk {
  const hit = walks.get(graph);
  if (hit && (!analysis || hit.analysis === analysis)) return hit.walk;
  const a = analysis ?? analyzeGraph(graph);
  const walk: Walk = { nodes: [], byPath: new Map() };
  walkLevel(graph, a, '', 0, undefined, walk);
  walks.set(graph, { analysis: a, walk });
  return walk;
}

/** Every node in build order: top-level ones and, right after each composite, its inside (pre-order). */
export function walkNodes(graph: Graph, analysis?: GraphAnalysis): readonly WalkedNode[] {
  return walkOf(graph, analysis).nodes;
}

/** The node at a path (a top-level id or "<composite>/<inner>…"), with its analysis and its sources. */
export function nodeAt(graph: Graph, path: string, analysis?: GraphAnalysis): WalkedNode | undefined {
  return walkOf(graph, analysis).byPath.get(path);
}

export const isInnerPath = (id: string) => id.includes(PATH_SEPARATOR);

/** The top-level composite a path lies in (a top-level id: itself). */
export const blockOfPath = (path: string) => path.split(PATH_SEPARATOR)[0];

/** A composite's path → the path of the primitive node whose output is its output (a primitive: itself). */
export function outputPathOf(graph: Graph, path: string, analysis?: GraphAnalysis): string {
  let w = nodeAt(graph, path, analysis);
  while (w?.exit) w = nodeAt(graph, w.exit, analysis);
  return w?.path ?? path;
}

/**
 * The inside of each top-level composite node, in build order (a nested composite's inside right after it),
 * keyed by the composite's id. Nodes that are not composites have no entry.
 */
export function blockInsides(graph: Graph, analysis?: GraphAnalysis): Map<string, InnerNode[]> {
  const walk = walkOf(graph, analysis);
  const out = new Map<string, InnerNode[]>();
  const nameAt = (path: string) => {
    const w = walk.byPath.get(path);
    return w ? w.node.name || w.id : path;
  };
  for (const w of walk.nodes) {
    if (!w.parent) continue;
    const block = blockOfPath(w.path);
    const parts = w.path.split(PATH_SEPARATOR);
    const label = [nameAt(block), ...parts.slice(1).map((_, i) => nameAt(parts.slice(0, i + 2).join(PATH_SEPARATOR)))].join(' › ');
    const list = out.get(block) ?? [];
    list.push({
      path: w.path,
      block,
      parent: w.parent,
      depth: w.depth,
      type: w.node.type,
      name: w.node.name || w.id,
      label,
      outputShape: w.analysis.outputShape,
      params: w.analysis.params as Record<string, unknown> | undefined,
      paramCount: w.analysis.paramCount.trainable + w.analysis.paramCount.nonTrainable,
      composite: !!w.exit,
    });
    out.set(block, list);
  }
  return out;
}

/** Every inner node of the graph (all blocks), in build order. */
export function innerNodes(graph: Graph, analysis?: GraphAnalysis): InnerNode[] {
  return [...blockInsides(graph, analysis).values()].flat();
}

const expanded = new WeakMap<Graph, { graph: Graph; analysis: GraphAnalysis }>();

/**
 * The graph with every composite replaced by its inside: inner nodes keep their paths as ids, an entry node
 * takes the composite's inputs (before its inner inputs, as buildTfModel feeds it), a composite's consumers
 * read its exit node. Its analysis has each inner node's receptive field through the block (r_out = r_in +
 * (k − 1)·j_in along the largest input), which the composite's own summary step only approximates.
 */
export function expandedGraph(graph: Graph, analysis?: GraphAnalysis): { graph: Graph; analysis: GraphAnalysis } {
  const hit = expanded.get(graph);
  if (hit) return hit;
  const walk = walkOf(graph, analysis);
  const flat = (p: string) => outputPathOf(graph, p, analysis);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const w of walk.nodes) {
    if (w.exit) continue;
    nodes.push({ ...w.node, id: w.path, name: w.parent ? w.path : w.node.name });
    w.sources.forEach((s, i) => {
      const source = flat(s);
      edges.push({ id: `${source}->${w.path}#${i}`, source, target: w.path, targetSlot: i });
    });
  }
  const g: Graph = { nodes, edges };
  const result = { graph: g, analysis: analyzeGraph(g) };
  expanded.set(graph, result);
  return result;
}
