// Fine-tuning flags of graph nodes (trainable, lrMultiplier) applied to a model built from the graph: each node's
// tfjs layers (a composite's inner ones, a fused activation's) found by walking the model back from the node's
// output to its inputs' outputs, frozen with layer.trainable = false (Keras semantics: no weight updates, and
// BatchNormalization normalises in inference mode, src/layers/batchNormalization.ts), and every trainable
// variable given its node's learning-rate multiplier.
import type * as tfjs from '@tensorflow/tfjs';
import type { Graph, GraphNode } from '../graph/schema';
import { builtNodesOf } from './buildTfModel';
import type { SavedWeights } from './weightsFiles';

/** Absent = trainable. */
export const isTrainable = (n: Pick<GraphNode, 'trainable'>): boolean => n.trainable !== false;
/** Absent = 1. */
export const lrMultiplierOf = (n: Pick<GraphNode, 'lrMultiplier'>): number => n.lrMultiplier ?? 1;

/** The tfjs layers that compute `id`'s output from its inputs' outputs (several for a composite). */
function layersOfNode(output: tfjs.SymbolicTensor, stopAt: ReadonlySet<tfjs.SymbolicTensor>): tfjs.layers.Layer[] {
  const seen = new Set<tfjs.layers.Layer>();
  const stack = [output];
  while (stack.length) {
    const t = stack.pop()!;
    if (stopAt.has(t) || !t.sourceLayer || seen.has(t.sourceLayer)) continue;
    seen.add(t.sourceLayer);
    stack.push(...(t.inputs ?? []));
  }
  return [...seen];
}

export interface FineTuneApplied {
  /** Display names (else ids) of the nodes frozen, in graph order. */
  frozenNodes: string[];
  /** Each trainable variable's learning-rate multiplier, by variable name (variables of ×1 nodes are left out). */
  multipliers: Map<string, number>;
  /** Sets every layer changed here back to what it was. */
  restore(): void;
}

/**
 * Sets `trainable` on the tfjs layers of every top-level node of `graph` (the one `model` was built from by
 * buildTfModel) from the node's flag, and collects the multipliers. A model not built by buildTfModel is left
 * as it is. Calling it again with other flags re-applies them (layers of trainable nodes are unfrozen).
 */
export function applyFineTune(model: tfjs.LayersModel, graph: Pick<Graph, 'nodes' | 'edges'>): FineTuneApplied {
  const changed: [tfjs.layers.Layer, boolean][] = [];
  const applied: FineTuneApplied = { frozenNodes: [], multipliers: new Map(), restore: () => changed.forEach(([l, was]) => (l.trainable = was)) };
  // Nothing to do on a graph without flags: keeps the trainer's start as it was (no walk).
  if (!graph.nodes.some((n) => n.trainable !== undefined || n.lrMultiplier !== undefined)) return applied;
  const layersOf = nodeLayers(model, graph);
  for (const node of graph.nodes) {
    const layers = layersOf.get(node.id);
    if (!layers) continue;
    const trainable = isTrainable(node);
    for (const layer of layers)
      if (layer.trainable !== trainable) {
        changed.push([layer, layer.trainable]);
        layer.trainable = trainable;
      }
    if (!trainable && layers.some((l) => l.weights.length > 0)) applied.frozenNodes.push(node.name || node.id);
    const m = lrMultiplierOf(node);
    if (trainable && m !== 1) for (const layer of layers) for (const w of layer.trainableWeights) applied.multipliers.set((w.read() as tfjs.Variable).name, m);
  }
  return applied;
}

/** Each top-level node's tfjs layers in a model built by buildTfModel from `graph` (empty map for another model). */
export function nodeLayers(model: tfjs.LayersModel, graph: Pick<Graph, 'nodes' | 'edges'>): Map<string, tfjs.layers.Layer[]> {
  const out = new Map<string, tfjs.layers.Layer[]>();
  const built = builtNodesOf(model);
  if (!built) return out;
  const sources = new Map<string, string[]>();
  for (const e of graph.edges) sources.set(e.target, [...(sources.get(e.target) ?? []), e.source]);
  for (const node of graph.nodes) {
    const t = built.nodeOutputs.get(node.id);
    if (!t) continue;
    const stopAt = new Set((sources.get(node.id) ?? []).map((s) => built.nodeOutputs.get(s)).filter((x): x is tfjs.SymbolicTensor => !!x));
    out.set(node.id, layersOfNode(t, stopAt));
  }
  return out;
}

/** One optimizer's share: the variables stepped at the run's learning rate × `multiplier`. */
export interface LrGroup {
  multiplier: number;
  vars: tfjs.Variable[];
}

/**
 * The trainable variables grouped by multiplier, in first-seen order (×1 first when present); ×0 variables are
 * left out altogether, so their gradients are never computed (the same as freezing their weights).
 */
export function lrGroups(vars: readonly tfjs.Variable[], multipliers: ReadonlyMap<string, number>): LrGroup[] {
  const byM = new Map<number, tfjs.Variable[]>();
  if (vars.some((v) => (multipliers.get(v.name) ?? 1) === 1)) byM.set(1, []);
  for (const v of vars) {
    const m = multipliers.get(v.name) ?? 1;
    if (m === 0) continue;
    const list = byM.get(m);
    if (list) list.push(v);
    else byM.set(m, [v]);
  }
  return [...byM].map(([multiplier, vs]) => ({ multiplier, vars: vs }));
}

/**
 * Starts `model` from saved weights (by name, as tfjs names them: "<layer>/kernel") except the layers in
 * `fresh`, which keep their new initial weights (a replaced classifier). Throws, naming the first tensor, when
 * any other weight is missing or of another shape.
 */
export function applyWeightsExcept(tf: typeof tfjs, model: tfjs.LayersModel, saved: Pick<SavedWeights, 'weightSpecs' | 'weightData'>, fresh: ReadonlySet<string>): { loaded: number; kept: number } {
  const data = saved.weightData;
  const named = tf.io.decodeWeights(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer, saved.weightSpecs);
  try {
    const layerOf = new Map(model.layers.flatMap((l) => l.weights.map((w) => [w, l.name] as const)));
    const targets = model.weights.filter((w) => !fresh.has(layerOf.get(w) ?? ''));
    const misfit = targets.find((w) => !named[w.originalName] || named[w.originalName].shape.join() !== w.shape.join());
    if (misfit) {
      const got = named[misfit.originalName];
      throw new Error(`The starting weights do not fit this network: ${misfit.originalName} is ${got ? `[${got.shape.join(', ')}] there but [${misfit.shape.join(', ')}] here` : 'missing there'} — start from weights of the same network (replace the classifier with --classes when only the class count differs).`);
    }
    for (const w of targets) w.write(named[w.originalName]);
    return { loaded: targets.length, kept: model.weights.length - targets.length };
  } finally {
    tf.dispose(Object.values(named));
  }
}
