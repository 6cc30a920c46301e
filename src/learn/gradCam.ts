// Grad-CAM (Selvaraju et al. 2017): for a spatial node's maps A^k and a class c,
//   α_k = mean_{h,w} ∂y^c/∂A^k_{h,w},   cam = ReLU(Σ_k α_k A^k),   scaled to max 1,
// y^c being the class's pre-softmax score. The Output node is a Dense with a softmax activation
// (src/layers/output.ts), so y = x·W + b is computed from its input and its kernel and bias.
import type * as tfjs from '@tensorflow/tfjs';
import type { Graph } from '../graph/schema';
import type { GraphAnalysis } from '../analysis/analyzeGraph';
import { analysisOf, inputTensor } from './activations';
import { evaluator, nodeTensors, type Tf } from './nodeTensors';

export interface GradCam {
  nodeId: string;
  classIndex: number;
  height: number;
  width: number;
  /** H×W row-major at the node's own resolution, max 1 (all 0 when the ReLU leaves nothing). */
  cam: Float32Array;
}

/** The last node (topological order) with a map output [H, W, C], the Input excluded: Grad-CAM's usual layer. */
export function defaultCamNode(graph: Graph, analysis: GraphAnalysis): string | undefined {
  const byId = new Map(graph.nodes.map((n) => [n.id, n] as const));
  for (let i = analysis.order.length - 1; i >= 0; i--) {
    const id = analysis.order[i];
    if (byId.get(id)?.type === 'Input') continue;
    if (analysis.nodes[id]?.outputShape?.length === 3) return id;
  }
  return undefined;
}

/** The pre-softmax scores of an output tensor: a softmax Dense's x·W + b, a softmax Activation's input, else the tensor. */
export function logitsOf(tf: Tf, out: tfjs.SymbolicTensor, evalSym: (s: tfjs.SymbolicTensor) => tfjs.Tensor): tfjs.Tensor {
  const layer = out.sourceLayer;
  const config = layer.getConfig() as { activation?: unknown };
  if (config.activation === 'softmax' && out.inputs.length === 1) {
    const x = evalSym(out.inputs[0]);
    if (layer.getClassName() === 'Activation') return x;
    if (layer.getClassName() === 'Dense') {
      // getWeights() reads the variables themselves (no copies): [kernel [N, classes], bias [classes]].
      const [kernel, bias] = layer.getWeights();
      if (kernel) {
        const z = tf.matMul(x as tfjs.Tensor2D, kernel as tfjs.Tensor2D);
        return bias ? tf.add(z, bias) : z;
      }
    }
  }
  return evalSym(out);
}

/** Grad-CAM at a spatial node: a top-level id or an inner path "<composite>/<inner>" (default: defaultCamNode). */
export async function gradCam(tf: Tf, graph: Graph, model: tfjs.LayersModel, input: Float32Array, nodeId?: string, classIndex?: number): Promise<GradCam> {
  const analysis = analysisOf(graph);
  const id = nodeId ?? defaultCamNode(graph, analysis);
  if (!id) throw new Error('The network has no layer with feature maps for Grad-CAM.');
  // A node inside a composite block is named by its path ("residualblock1/conv1"): its tensor is in the same maps.
  const { outputs } = nodeTensors(graph, model, analysis.order);
  const aSym = outputs.get(id);
  const outSym = analysis.outputNodeId ? outputs.get(analysis.outputNodeId) : model.outputs[0];
  const label = analysis.nodes[id]?.name ?? id;
  if (!aSym || !outSym) throw new Error(`Layer "${label}" is not in the model.`);
  if (aSym.rank !== 4) throw new Error(`Layer "${label}" has no feature maps (its output is not H×W×C).`);
  const inSym = model.inputs[0];
  const [, H, W] = aSym.shape as number[];
  const x = inputTensor(tf, model, input);
  try {
    const { cam, c } = tf.tidy(() => {
      const feeds = new Map<number, tfjs.Tensor>([[inSym.id, x]]);
      const A = evaluator(feeds)(aSym);
      const scoresFrom = (a: tfjs.Tensor) => logitsOf(tf, outSym, evaluator(new Map([...feeds, [aSym.id, a]]))) as tfjs.Tensor2D;
      const scores = scoresFrom(A);
      const classes = scores.shape[1];
      const c = classIndex ?? (tf.argMax(scores, 1).dataSync()[0] as number);
      if (!Number.isInteger(c) || c < 0 || c >= classes) throw new Error(`Class ${c} is not one of the ${classes} classes.`);
      let grads: tfjs.Tensor;
      try {
        grads = tf.grad((a: tfjs.Tensor) => tf.sum(tf.slice(scoresFrom(a), [0, c], [1, 1])))(A);
      } catch (e) {
        // The score does not depend on this node (no path to the output): no gradient, an all-zero CAM.
        // Anything else is said as it is (a dilated conv has a gradient: src/kernels/dilatedConv.ts).
        if (!(e instanceof Error && /Cannot compute gradient/.test(e.message))) throw e;
        grads = tf.zerosLike(A);
      }
      const alpha = tf.mean(grads, [1, 2], true); // [1, 1, 1, C]
      const raw = tf.relu(tf.sum(tf.mul(A, alpha), 3)).reshape([H * W]);
      const max = tf.max(raw);
      const scaled = tf.where(tf.greater(max, 0), tf.div(raw, tf.maximum(max, 1e-30)), tf.zerosLike(raw));
      return { cam: scaled, c };
    });
    const data = (await cam.data()) as Float32Array;
    cam.dispose();
    return { nodeId: id, classIndex: c, height: H, width: W, cam: Float32Array.from(data) };
  } finally {
    x.dispose();
  }
}
