// What every node outputs for one image: the model's own intermediate tensors, read in one predict of a probe
// model whose outputs are every top-level node's output tensor, or also every node inside composite blocks
// (cached per model; the weights are shared).
import type * as tfjs from '@tensorflow/tfjs';
import type { Graph } from '../graph/schema';
import { analyzeGraph, type GraphAnalysis } from '../analysis/analyzeGraph';
import { nodeTensors, type Tf } from './nodeTensors';
import { walkNodes } from './blockInsides';

export interface NodeActivation {
  nodeId: string;
  /** [H, W, C] for maps, [units] for vectors (the batch dimension dropped). */
  shape: number[];
  /** HWC (maps) or flat (vectors), row-major as tfjs holds it. */
  data: Float32Array;
  min: number;
  max: number;
}

const analyses = new WeakMap<Graph, GraphAnalysis>();
/** analyzeGraph, once per graph object (the learn views call it per image). */
export function analysisOf(graph: Graph): GraphAnalysis {
  let a = analyses.get(graph);
  if (!a) analyses.set(graph, (a = analyzeGraph(graph)));
  return a;
}

interface Probe {
  model: tfjs.LayersModel;
  /** For each node in order: the probe output index, or -1 for the model input itself. */
  nodes: { nodeId: string; index: number }[];
}
const probes = new WeakMap<tfjs.LayersModel, WeakMap<Graph, { top?: Probe; inside?: Probe }>>();

/** The node ids a probe reads, in order: the top-level ones, or with `inside` each composite's inner paths right after it. */
function probeIds(graph: Graph, inside: boolean): string[] {
  const analysis = analysisOf(graph);
  return inside ? walkNodes(graph, analysis).map((w) => w.path) : analysis.order;
}

function probeOf(tf: Tf, graph: Graph, model: tfjs.LayersModel, inside: boolean): Probe {
  let byGraph = probes.get(model);
  if (!byGraph) probes.set(model, (byGraph = new WeakMap()));
  let cached = byGraph.get(graph);
  if (!cached) byGraph.set(graph, (cached = {}));
  const key = inside ? 'inside' : 'top';
  const hit = cached[key];
  if (hit) return hit;
  const { outputs } = nodeTensors(graph, model);
  const input = model.inputs[0];
  const syms: tfjs.SymbolicTensor[] = [];
  const indexOf = new Map<number, number>();
  const nodes: Probe['nodes'] = [];
  for (const nodeId of probeIds(graph, inside)) {
    const s = outputs.get(nodeId);
    if (!s) continue;
    if (s.id === input.id) {
      nodes.push({ nodeId, index: -1 });
      continue;
    }
    let index = indexOf.get(s.id);
    if (index === undefined) indexOf.set(s.id, (index = syms.push(s) - 1));
    nodes.push({ nodeId, index });
  }
  const probe: Probe = { model: tf.model({ inputs: model.inputs, outputs: syms.length ? syms : model.outputs, name: 'cnn_studio_probe' }), nodes };
  cached[key] = probe;
  return probe;
}

export function activationOf(nodeId: string, shape: number[], data: Float32Array): NodeActivation {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { nodeId, shape, data, min: data.length ? min : 0, max: data.length ? max : 0 };
}

/** The model's input shape without the batch dimension, e.g. [28, 28, 1]. */
export function inputShapeOf(model: tfjs.LayersModel): number[] {
  return model.inputs[0].shape.slice(1).map((d) => d ?? 1);
}

/** One HWC image as a batch of one; throws if its size is not the model's input size. */
export function inputTensor(tf: Tf, model: tfjs.LayersModel, input: Float32Array): tfjs.Tensor4D {
  const shape = inputShapeOf(model);
  const n = shape.reduce((a, b) => a * b, 1);
  if (input.length !== n) throw new Error(`The image has ${input.length} values; the model's input ${shape.join('×')} needs ${n}.`);
  return tf.tensor4d(input, [1, ...shape] as [number, number, number, number]);
}

export interface ActivationOptions {
  /**
   * Also every node inside composite blocks, nodeId its path "<composite>/<inner>" (nested "a/b/c"), listed
   * right after its composite (whose own map is its exit node's).
   */
  inside?: boolean;
}

/** Every top-level node's output for one image, in topological order (the Input node included); `inside`: the blocks' inner nodes too. */
export async function layerActivations(tf: Tf, graph: Graph, model: tfjs.LayersModel, input: Float32Array, options: ActivationOptions = {}): Promise<NodeActivation[]> {
  const probe = probeOf(tf, graph, model, !!options.inside);
  const x = inputTensor(tf, model, input);
  try {
    const raw = probe.model.predict(x);
    const outs = Array.isArray(raw) ? raw : [raw];
    try {
      const datas = await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>));
      return probe.nodes.map(({ nodeId, index }) => {
        if (index < 0) return activationOf(nodeId, inputShapeOf(model), Float32Array.from(input));
        return activationOf(nodeId, outs[index].shape.slice(1), datas[index]);
      });
    } finally {
      for (const t of outs) t.dispose();
    }
  } finally {
    x.dispose();
  }
}
