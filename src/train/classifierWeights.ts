// Saved weights after "Replace the classifier for N classes": every tensor as it was but the Output node's FC
// (kernel [fanIn, classes] and bias [classes]), drawn anew as a fresh build draws them — Glorot uniform kernel,
// U(−√(6/(fanIn+classes)), +√(6/(fanIn+classes))) (Glorot & Bengio 2010), zero bias — so training continues
// from the rest. The Output layer is the model's last (its output), so its two tensors end the weight list.
import type { SavedWeights, WeightSpec } from './weightsFiles';
import { mulberry32 } from './random';

const count = (s: WeightSpec) => s.shape.reduce((a, d) => a * d, 1);

/** `saved` with the classifier re-initialised for `classes`; undefined when its last two tensors are not a [·, previous] kernel and a [previous] bias. */
export function reinitClassifierWeights(saved: SavedWeights & { modelTopology?: unknown }, previousClasses: number, classes: number, seed = 1): SavedWeights | undefined {
  const specs = saved.weightSpecs;
  const [kernel, bias] = specs.slice(-2);
  if (!kernel || !bias || specs.some((s) => s.dtype !== 'float32')) return undefined;
  if (kernel.shape.length !== 2 || kernel.shape[1] !== previousClasses || bias.shape.join() !== String(previousClasses)) return undefined;
  if (!kernel.name.endsWith('/kernel') || bias.name !== kernel.name.replace(/kernel$/, 'bias')) return undefined;
  const fanIn = kernel.shape[0];
  const keptFloats = specs.slice(0, -2).reduce((a, s) => a + count(s), 0);
  const floats = new Float32Array(keptFloats + fanIn * classes + classes);
  const data = saved.weightData;
  floats.set(new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + keptFloats * 4)));
  const limit = Math.sqrt(6 / (fanIn + classes));
  const rand = mulberry32(seed);
  for (let i = 0; i < fanIn * classes; i++) floats[keptFloats + i] = (rand() * 2 - 1) * limit;
  const { modelTopology: _stale, classNames: _old, ...rest } = saved; // both describe the old head
  return {
    ...rest,
    weightSpecs: [...specs.slice(0, -2), { ...kernel, shape: [fanIn, classes] }, { ...bias, shape: [classes] }],
    weightData: new Uint8Array(floats.buffer),
  };
}
