// Graph → tf.LayersModel through the tfjs functional API: one pass in analyzeGraph's topological order,
// each node's layer building itself from its inputs' SymbolicTensors. Composites (ResidualBlock, …) are
// expanded recursively into their subgraphs, their layers named "<composite>_<inner id>"; every inner node's
// output is also recorded by its path "<composite id>/<inner id>" (innerOutputs), for the learn views.
import type * as tfjs from '@tensorflow/tfjs';
import type { Graph, Shape } from '../graph/schema';
import { analyzeGraph, analyzeSubgraph, incomingEdges, type GraphAnalysis } from '../analysis/analyzeGraph';
import { getLayer } from '../layers/registry';
import { expandContextOf } from '../layers/types';
import { LayerNames } from './layerNames';
import { trainabilityProblems } from './trainability';

type Tf = typeof tfjs;
type Sym = tfjs.SymbolicTensor;

export class ModelBuildError extends Error {
  constructor(
    message: string,
    readonly nodeId?: string,
  ) {
    super(message);
    this.name = 'ModelBuildError';
  }
}

/** Where the nodes inside composites are recorded: by path "<composite id>/<inner id>" (nested: "a/b/c"). */
interface InnerRecord {
  /** This level's path ('' at the top level, whose nodes are not recorded here). */
  path: string;
  outputs: Map<string, Sym>;
  layerNames: Map<string, string>;
}

/**
 * Builds every node of an analysed graph; `entryInputs` feeds the entry nodes of a composite's expansion.
 * Returns the SymbolicTensor of each node.
 */
function buildNodes(tf: Tf, graph: Graph, analysis: GraphAnalysis, prefix: string, names: LayerNames, entryInputs?: Map<string, Sym[]>, layerNames?: Map<string, string>, inner?: InnerRecord): Map<string, Sym> {
  const out = new Map<string, Sym>();
  const incoming = incomingEdges(graph.edges);
  // A map, not graph.nodes.find per node (that walk was O(N²) on a long chain).
  const byId = new Map(graph.nodes.map((n) => [n.id, n] as const));
  for (const id of analysis.order) {
    const node = byId.get(id)!;
    const a = analysis.nodes[id];
    const def = getLayer(node.type);
    if (!def || !a?.params) throw new ModelBuildError(`Layer "${a?.name ?? id}" (${node.type}) is not valid — fix the problems shown on it first.`, id);
    const ins = [...(entryInputs?.get(id) ?? []), ...(incoming.get(id) ?? []).map((e) => out.get(e.source))];
    if (ins.some((s) => !s)) continue; // fed by a node that is not built (unreachable); analysis reported it
    const name = names.take(prefix ? `${prefix}_${node.name || id}` : node.name || id);
    layerNames?.set(id, name);
    const path = inner?.path ? `${inner.path}/${id}` : id;
    if (inner?.path) inner.layerNames.set(path, name);
    if (def.expand) {
      const exp = def.expand(a.params, a.inputShapes as Shape[], expandContextOf(graph));
      const sub = analyzeSubgraph(exp, a.inputShapes as Shape[]);
      const insideRecord = inner && { ...inner, path };
      const built = buildNodes(tf, exp.graph, sub.analysis, name, names, new Map(exp.entry.map((e) => [e, ins as Sym[]] as const)), undefined, insideRecord);
      const exit = built.get(exp.exit);
      if (!exit) throw new ModelBuildError(`Composite "${a.name}" has no output node "${exp.exit}" inside.`, id);
      out.set(id, exit);
      if (inner?.path) inner.outputs.set(path, exit);
      continue;
    }
    if (!def.buildTf) throw new ModelBuildError(`Layer type ${node.type} cannot be trained yet (it has no tfjs builder).`, id);
    const y = def.buildTf({ tf, name }, a.params, ins as Sym[]);
    out.set(id, y);
    if (inner?.path) inner.outputs.set(path, y);
  }
  return out;
}

export interface BuiltModel {
  model: tfjs.LayersModel;
  analysis: GraphAnalysis;
  /** Each top-level node's output SymbolicTensor in the model (a composite's: its exit node's). */
  nodeOutputs: Map<string, Sym>;
  /** Each top-level node's tfjs layer name (a fused activation / explicit padding adds "<name>_act" / "<name>_pad"; a composite's inner layers are "<name>_<inner>"). */
  nodeLayerNames: Map<string, string>;
  /** Each node inside a composite, by path "<composite id>/<inner id>" (nested: "a/b/c"): its output SymbolicTensor (a nested composite's: its exit's). */
  innerOutputs: Map<string, Sym>;
  /** The same paths' tfjs layer names ("<composite layer name>_<inner id>", deduplicated as every name). */
  innerLayerNames: Map<string, string>;
}

export type BuiltNodes = Pick<BuiltModel, 'nodeOutputs' | 'nodeLayerNames' | 'innerOutputs' | 'innerLayerNames'>;

// The node maps of every model built here, so code given only the model (src/learn) finds each node's tensor
// without guessing layer names.
const builtNodes = new WeakMap<tfjs.LayersModel, BuiltNodes>();

/** The node → output tensor and node → layer name maps (top-level and inside composites) of a model built by buildTfModel(WithAnalysis). */
export function builtNodesOf(model: tfjs.LayersModel): BuiltNodes | undefined {
  return builtNodes.get(model);
}

/** Builds the graph's model; throws ModelBuildError naming the first error when the graph is not valid. */
export function buildTfModel(graph: Graph, tf: Tf, analysis: GraphAnalysis = analyzeGraph(graph)): tfjs.LayersModel {
  return buildTfModelWithAnalysis(graph, tf, analysis).model;
}

export function buildTfModelWithAnalysis(graph: Graph, tf: Tf, analysis: GraphAnalysis = analyzeGraph(graph)): BuiltModel {
  const firstError = analysis.issues.find((i) => i.severity === 'error');
  if (firstError) throw new ModelBuildError(`The network has problems — ${firstError.message}`, firstError.nodeId);
  if (!analysis.inputNodeId || !analysis.outputNodeId) throw new ModelBuildError('The network needs one Input and one Output node.');
  // What tfjs cannot build at all, whatever the batch and memory: said here in words, not as the stack
  // overflow or typed-array error tfjs would throw. (Callers that know the batch and memory check first.)
  const cannot = trainabilityProblems(graph, analysis, { batch: 1 })[0];
  if (cannot) throw new ModelBuildError(cannot.message, cannot.nodeId);
  const names = new LayerNames();
  const nodeLayerNames = new Map<string, string>();
  const inner: InnerRecord = { path: '', outputs: new Map(), layerNames: new Map() };
  const built = buildNodes(tf, graph, analysis, '', names, undefined, nodeLayerNames, inner);
  const input = built.get(analysis.inputNodeId);
  const output = built.get(analysis.outputNodeId);
  if (!input || !output) throw new ModelBuildError('The Output node is not connected to the Input node.', analysis.outputNodeId);
  const model = tf.model({ inputs: input, outputs: output, name: 'cnn_studio' });
  const maps: BuiltNodes = { nodeOutputs: built, nodeLayerNames, innerOutputs: inner.outputs, innerLayerNames: inner.layerNames };
  builtNodes.set(model, maps);
  return { model, analysis, ...maps };
}
