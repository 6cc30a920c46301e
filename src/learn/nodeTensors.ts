// A model's node → tensor link for the learn views: the maps buildTfModelWithAnalysis records (never guessed
// from layer names when they exist), and an eager evaluator of the model's symbolic graph that can substitute
// any node's value (Grad-CAM differentiates the class score with respect to one node's output this way).
import type * as tfjs from '@tensorflow/tfjs';
import type { Graph } from '../graph/schema';
import { builtNodesOf } from '../train/buildTfModel';
import { LayerNames } from '../train/layerNames';

export type Tf = typeof tfjs;
type Sym = tfjs.SymbolicTensor;

export interface NodeTensors {
  outputs: Map<string, Sym>;
  layerNames: Map<string, string>;
}

/**
 * The node maps of a model. Models built by buildTfModel carry them; for any other model (e.g. one loaded with
 * tf.loadLayersModel from our own export, whose layers keep the builder's names) the top-level names are
 * rebuilt with the same naming rule (node.name or id, deduplicated, in graph order) — exact for chains and
 * graphs without composites, and composites are looked up by their exit layer's output.
 */
export function nodeTensors(graph: Graph, model: tfjs.LayersModel, order: string[]): NodeTensors {
  const built = builtNodesOf(model);
  if (built) return { outputs: built.nodeOutputs, layerNames: built.nodeLayerNames };
  const names = new LayerNames();
  const byId = new Map(graph.nodes.map((n) => [n.id, n] as const));
  const outputs = new Map<string, Sym>();
  const layerNames = new Map<string, string>();
  for (const id of order) {
    const node = byId.get(id);
    if (!node) continue;
    const name = names.take(node.name || id);
    layerNames.set(id, name);
    const layer = [`${name}_act`, name].map((n) => tryLayer(model, n)).find((l) => l);
    if (layer) outputs.set(id, layer.output as Sym);
  }
  return { outputs, layerNames };
}

function tryLayer(model: tfjs.LayersModel, name: string): tfjs.layers.Layer | undefined {
  try {
    return model.getLayer(name);
  } catch {
    return undefined;
  }
}

/**
 * Evaluates symbolic tensors eagerly (inference mode: Dropout passes through, BatchNorm uses its moving
 * statistics), feeding `feeds` (by SymbolicTensor id) where given. Results are memoised per call; the caller
 * owns the returned tensors (run it inside tf.tidy or tf.grad).
 */
export function evaluator(feeds: Map<number, tfjs.Tensor>): (s: Sym) => tfjs.Tensor {
  const memo = new Map<number, tfjs.Tensor>(feeds);
  const evalSym = (s: Sym): tfjs.Tensor => {
    const hit = memo.get(s.id);
    if (hit) return hit;
    if (!s.sourceLayer || !s.inputs?.length) throw new Error(`No value fed for the model input "${s.name}".`);
    const ins = s.inputs.map(evalSym);
    const out = s.sourceLayer.apply(ins.length === 1 ? ins[0] : ins, { ...(s.callArgs ?? {}), training: false }) as tfjs.Tensor | tfjs.Tensor[];
    const value = Array.isArray(out) ? out[s.outputTensorIndex ?? 0] : out;
    memo.set(s.id, value);
    return value;
  };
  return evalSym;
}
