// Grad-CAM at many nodes from one backward pass (`cnn-studio explain` writes one for every spatial node,
// ~80 on ResNet-20 with its blocks' insides: one pass each took a minute). Each node's tensor A_i gets a zero
// tensor ε_i added where it is computed (A_i + ε_i feeds everything downstream), so ∂y^c/∂ε_i = ∂y^c/∂A_i,
// the total derivative through every path, for all nodes from one tf.grads. Then per node, as gradCam:
// α_k = mean_{h,w} ∂y^c/∂A^k, cam = ReLU(Σ_k α_k A^k) scaled to max 1 (Selvaraju et al. 2017).
import type * as tfjs from '@tensorflow/tfjs';
import type { Graph } from '../graph/schema';
import { analysisOf, inputTensor } from './activations';
import { logitsOf, type GradCam } from './gradCam';
import { evaluator, nodeTensors, type Tf } from './nodeTensors';

/** Grad-CAM at each of these spatial nodes (top-level ids or inner paths) for one class (default: the predicted one). */
export async function gradCams(tf: Tf, graph: Graph, model: tfjs.LayersModel, input: Float32Array, nodeIds: readonly string[], classIndex?: number): Promise<GradCam[]> {
  const analysis = analysisOf(graph);
  const { outputs } = nodeTensors(graph, model, analysis.order);
  const outSym = analysis.outputNodeId ? outputs.get(analysis.outputNodeId) : model.outputs[0];
  if (!outSym) throw new Error('The Output node is not in the model.');
  const inSym = model.inputs[0];
  // One ε per distinct tensor (a block and its exit node share one).
  const syms: tfjs.SymbolicTensor[] = [];
  const slot = new Map<number, number>();
  const slots = nodeIds.map((id) => {
    const s = outputs.get(id);
    const label = analysis.nodes[id]?.name ?? id;
    if (!s) throw new Error(`Layer "${label}" is not in the model.`);
    if (s.rank !== 4) throw new Error(`Layer "${label}" has no feature maps (its output is not H×W×C).`);
    if (s.id === inSym.id) throw new Error('Grad-CAM is for layers after the Input.');
    let i = slot.get(s.id);
    if (i === undefined) slot.set(s.id, (i = syms.push(s) - 1));
    return i;
  });
  if (!syms.length) return [];
  const x = inputTensor(tf, model, input);
  try {
    const { cams, c } = tf.tidy(() => {
      const feeds = new Map<number, tfjs.Tensor>([[inSym.id, x]]);
      const plain = evaluator(feeds);
      const A = syms.map(plain);
      const scores = logitsOf(tf, outSym, plain) as tfjs.Tensor2D;
      const classes = scores.shape[1];
      const c = classIndex ?? (tf.argMax(scores, 1).dataSync()[0] as number);
      if (!Number.isInteger(c) || c < 0 || c >= classes) throw new Error(`Class ${c} is not one of the ${classes} classes.`);
      const score = (...eps: tfjs.Tensor[]) => {
        const evalSym = evaluator(feeds, (s, v) => {
          const i = slot.get(s.id);
          return i === undefined ? v : tf.add(v, eps[i]);
        });
        return tf.sum(tf.slice(logitsOf(tf, outSym, evalSym), [0, c], [1, 1]));
      };
      let grads: (tfjs.Tensor | undefined)[];
      try {
        grads = tf.grads(score)(A.map((a) => tf.zerosLike(a)));
      } catch (e) {
        // No node has a path to the score: all-zero CAMs (as gradCam); anything else is said as it is.
        if (!(e instanceof Error && /Cannot compute gradient/.test(e.message))) throw e;
        grads = A.map(() => undefined);
      }
      const cams = A.map((a, i) => {
        const [, H, W] = a.shape;
        const g = grads[i] ?? tf.zerosLike(a);
        const alpha = tf.mean(g, [1, 2], true); // [1, 1, 1, C]
        const raw = tf.relu(tf.sum(tf.mul(a, alpha), 3)).reshape([H * W]);
        const max = tf.max(raw);
        return tf.where(tf.greater(max, 0), tf.div(raw, tf.maximum(max, 1e-30)), tf.zerosLike(raw));
      });
      return { cams, c };
    });
    const datas = await Promise.all(cams.map((t) => t.data() as Promise<Float32Array>));
    cams.forEach((t) => t.dispose());
    return nodeIds.map((nodeId, n) => {
      const i = slots[n];
      const [, H, W] = syms[i].shape as number[];
      return { nodeId, classIndex: c, height: H, width: W, cam: Float32Array.from(datas[i]) };
    });
  } finally {
    x.dispose();
  }
}
