// The graph as exporters see it: composites expanded into ordinary layers, each carrying the tfjs layer
// name buildTfModel gives it (same walk, same naming rule), so weights can be looked up by name.
import type { Graph, Shape } from '../graph/schema';
import { analyzeGraph, analyzeSubgraph, incomingEdges, type GraphAnalysis } from '../analysis/analyzeGraph';
import { getLayer } from '../layers/registry';
import { expandContextOf } from '../layers/types';
import { LayerNames } from '../train/layerNames';

export interface FlatNode {
  /** Unique id in the flat graph: the tfjs layer name. */
  name: string;
  type: string;
  /** Params after the layer schema filled its defaults. */
  params: Record<string, any>;
  /** Names of the flat nodes feeding it, in input-slot order. */
  inputs: string[];
  inputShapes: Shape[];
  outputShape: Shape;
  /** The id of the node in the user's graph it came from (the composite's id for expanded layers). */
  sourceNodeId: string;
  /** Its name inside the expansion it came from (node.name || id, before prefixing): the same in every instance. */
  localName: string;
  /** The innermost composite instance it was expanded from (undefined at the top level). */
  block?: FlatBlock;
}

/** One composite instance in the flat graph; its layers are contiguous in FlatGraph.nodes (the walk is depth-first). */
export interface FlatBlock {
  /** The tfjs name prefix of its layers (`residualblock4` → `residualblock4_conv1`). */
  name: string;
  localName: string;
  type: string;
  /** What the block is called (def.title: a user block's definition name), else undefined. */
  title?: string;
  params: Record<string, any>;
  /** The flat values feeding it, in input-slot order. */
  inputs: string[];
  inputShapes: Shape[];
  outputShape: Shape;
  /** The flat node whose output is the block's. */
  output: string;
  /** The instance it sits in (undefined at the top level). */
  parent?: FlatBlock;
}

export interface FlatGraph {
  nodes: FlatNode[];
  input: string;
  output: string;
  analysis: GraphAnalysis;
  /** Each top-level node id → the flat node whose output is that node's (a composite's: its exit layer). */
  nodeOutputs: Map<string, string>;
}

export class ExportError extends Error {
  constructor(
    message: string,
    readonly nodeId?: string,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

function walk(graph: Graph, analysis: GraphAnalysis, prefix: string, names: LayerNames, out: FlatNode[], rootId: string | undefined, entry?: Map<string, string[]>, block?: FlatBlock): Map<string, string> {
  const built = new Map<string, string>();
  const incoming = incomingEdges(graph.edges);
  // A map, not graph.nodes.find per node (that walk was O(N²) on a long chain).
  const byId = new Map(graph.nodes.map((n) => [n.id, n] as const));
  for (const id of analysis.order) {
    const node = byId.get(id)!;
    const a = analysis.nodes[id];
    const def = getLayer(node.type);
    if (!def || !a?.params || !a.outputShape) throw new ExportError(`Layer "${a?.name ?? id}" (${node.type}) is not valid — fix the problems shown on it first.`, rootId ?? id);
    const ins = [...(entry?.get(id) ?? []), ...(incoming.get(id) ?? []).map((e) => built.get(e.source))];
    if (ins.some((s) => !s)) continue;
    const name = names.take(prefix ? `${prefix}_${node.name || id}` : node.name || id);
    if (def.expand) {
      const exp = def.expand(a.params, a.inputShapes as Shape[], expandContextOf(graph));
      const sub = analyzeSubgraph(exp, a.inputShapes as Shape[]);
      const instance: FlatBlock = { name, localName: node.name || id, type: node.type, title: def.title?.(a.params, expandContextOf(graph)), params: a.params, inputs: ins as string[], inputShapes: a.inputShapes as Shape[], outputShape: a.outputShape, output: '', parent: block };
      const inner = walk(exp.graph, sub.analysis, name, names, out, rootId ?? id, new Map(exp.entry.map((e) => [e, ins as string[]] as const)), instance);
      instance.output = inner.get(exp.exit)!;
      built.set(id, instance.output);
      continue;
    }
    out.push({ name, type: node.type, params: a.params, inputs: ins as string[], inputShapes: a.inputShapes as Shape[], outputShape: a.outputShape, sourceNodeId: rootId ?? id, localName: node.name || id, block });
    built.set(id, name);
  }
  return built;
}

/** Expands the graph; throws ExportError naming the first problem when the graph is not valid. */
/** The Output layer says the model returns logits (an imported PyTorch head): exports leave softmax out. */
export const returnsLogits = (flat: FlatGraph): boolean => {
  const out = flat.nodes.find((n) => n.name === flat.output);
  return out?.type === 'Output' && out.params.returns === 'logits';
};

export function flattenGraph(graph: Graph, analysis: GraphAnalysis = analyzeGraph(graph)): FlatGraph {
  const err = analysis.issues.find((i) => i.severity === 'error');
  if (err) throw new ExportError(`The network has problems — ${err.message}`, err.nodeId);
  if (!analysis.inputNodeId || !analysis.outputNodeId) throw new ExportError('The network needs one Input and one Output node.');
  const nodes: FlatNode[] = [];
  const built = walk(graph, analysis, '', new LayerNames(), nodes, undefined);
  const input = built.get(analysis.inputNodeId);
  const output = built.get(analysis.outputNodeId);
  if (!input || !output) throw new ExportError('The Output node is not connected to the Input node.', analysis.outputNodeId);
  return { nodes, input, output, analysis, nodeOutputs: built };
}
