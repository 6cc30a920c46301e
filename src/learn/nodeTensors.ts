// A model's node → tensor link for the learn views: the maps buildTfModelWithAnalysis records (never guessed
// from layer names when they exist), and an eager evaluator of the model's symbolic graph that can substitute
// any node's value (Grad-CAM differentiates the class score with respect to one node's output this way).
import type * as tfjs from '@tensorflow/tfjs';
import type { Graph } from '../graph/schema';
import { builtNodesOf } from '../train/buildTfModel';
import { LayerNames } from '../train/layerNames';
import { walkNodes } from './blockInsides';

export type Tf = typeof tfjs;
type Sym = tfjs.SymbolicTensor;

export interface NodeTensors {
  /** Each node's output tensor: top-level ids, and paths "<composite>/<inner>" for the nodes inside composites. */
  outputs: Map<string, Sym>;
  /** The same keys' tfjs layer names. */
  layerNames: Map<string, string>;
}

const merged = new WeakMap<tfjs.LayersModel, NodeTensors>();

/**
 * The node maps of a model, the nodes inside composites included (by path). Models built by buildTfModel
 * carry them; for any other model (e.g. one loaded with tf.loadLayersModel from our own export, whose layers
 * keep the builder's names) the names are rebuilt with the builder's rule — node.name or id, inner layers
 * "<composite layer name>_<inner id>", deduplicated in build order (blockInsides' walk is that order) — and a
 * composite's output is its exit node's.
 */
export function nodeTensors(graph: Graph, model: tfjs.LayersModel, _order?: string[]): NodeTensors {
  const built = builtNodesOf(model);
  if (built) {
    let m = merged.get(model);
    if (!m) merged.set(model, (m = { outputs: new Map([...built.nodeOutputs, ...built.innerOutputs]), layerNames: new Map([...built.nodeLayerNames, ...built.innerLayerNames]) }));
    return m;
  }
  const names = new LayerNames();
  const outputs = new Map<string, Sym>();
  const layerNames = new Map<string, string>();
  const walked = walkNodes(graph);
  for (const w of walked) {
    const prefix = w.parent ? layerNames.get(w.parent) : undefined;
    const name = names.take(prefix ? `${prefix}_${w.node.name || w.id}` : w.node.name || w.id);
    layerNames.set(w.path, name);
    if (w.exit) continue;
    const layer = [`${name}_act`, name].map((n) => tryLayer(model, n)).find((l) => l);
    if (layer) outputs.set(w.path, layer.output as Sym);
  }
  // Composites last, innermost first: a composite's output is its exit's (itself perhaps a composite).
  for (let i = walked.length - 1; i >= 0; i--) {
    const w = walked[i];
    const out = w.exit ? outputs.get(w.exit) : undefined;
    if (out) outputs.set(w.path, out);
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
 * owns the returned tensors (run it inside tf.tidy or tf.grad). `after` may replace each computed value
 * before anything downstream reads it (gradCams adds a zero perturbation there to differentiate by it).
 */
export function evaluator(feeds: Map<number, tfjs.Tensor>, after?: (s: Sym, value: tfjs.Tensor) => tfjs.Tensor): (s: Sym) => tfjs.Tensor {
  const memo = new Map<number, tfjs.Tensor>(feeds);
  const evalSym = (s: Sym): tfjs.Tensor => {
    const hit = memo.get(s.id);
    if (hit) return hit;
    if (!s.sourceLayer || !s.inputs?.length) throw new Error(`No value fed for the model input "${s.name}".`);
    const ins = s.inputs.map(evalSym);
    const out = s.sourceLayer.apply(ins.length === 1 ? ins[0] : ins, { ...(s.callArgs ?? {}), training: false }) as tfjs.Tensor | tfjs.Tensor[];
    const computed = Array.isArray(out) ? out[s.outputTensorIndex ?? 0] : out;
    const value = after ? after(s, computed) : computed;
    memo.set(s.id, value);
    return value;
  };
  return evalSym;
}
